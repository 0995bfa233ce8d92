package allocation

import (
	"fmt"
	"math"
)

// Result is the outcome of [Solve]. Every case of the problem appears
// exactly once, in Assignments or in Unassigned. A Result is immutable and
// safe for concurrent use; its slices must not be modified.
type Result struct {
	Strategy Strategy
	Status   Status

	// Assignments lists the placed cases in case ID order.
	Assignments []Assignment
	// Unassigned lists the cases left unplaced, in case ID order, each
	// with its reason.
	Unassigned []Unassigned
	// Workloads lists every practitioner in ID order, before and after.
	Workloads []Workload

	Stats Stats

	// Explanations holds one explanation per assignment, in the order of
	// Assignments, when Settings.Explain was set; nil otherwise (use
	// Explain).
	Explanations []Explanation

	m   *model
	asg []int32 // per case in model order: practitioner, or -1
}

// Assignment is one placed case.
type Assignment struct {
	CaseID         string
	PractitionerID string
	// Moved is set when the case had a Current practitioner and now goes
	// to someone else.
	Moved bool
	// Cost is what the case adds to the objective, term by term.
	Cost Cost
}

// Cost is a case's part of the objective, term by term, each already
// multiplied by the case's points. Overload is the marginal overload
// penalty: how much the practitioner's penalty would fall if the case
// left them.
type Cost struct {
	Distance   int64
	Continuity int64
	CrossTeam  int64
	OverSkill  int64
	SoftRule   int64
	Move       int64
	Overload   int64
}

// Total returns the sum of the terms.
func (c Cost) Total() int64 {
	return c.Distance + c.Continuity + c.CrossTeam + c.OverSkill + c.SoftRule + c.Move + c.Overload
}

func (c Cost) perPoint() int64 {
	return c.Distance + c.Continuity + c.CrossTeam + c.OverSkill + c.SoftRule + c.Move
}

func (c Cost) times(w int64) Cost {
	return Cost{c.Distance * w, c.Continuity * w, c.CrossTeam * w, c.OverSkill * w, c.SoftRule * w, c.Move * w, c.Overload}
}

// Unassigned is a case left unplaced.
type Unassigned struct {
	CaseID string
	Reason Reason
	// Detail says more: the rules that blocked each grade in scope, or
	// the practitioners at their limits.
	Detail string
}

// Reason is why a case is unplaced.
type Reason uint8

// The reasons.
const (
	// NoEligible: no available practitioner in scope holds a grade the
	// policy allows for the case.
	NoEligible Reason = iota + 1
	// Restricted: practitioners of an allowed grade exist, but the case's
	// restricted-access lists exclude all of them.
	Restricted
	// AtCap: every eligible practitioner is at their hard cap or their
	// MaxNew limit.
	AtCap
)

var reasonNames = [...]string{"", "no-eligible", "restricted", "at-cap"}

// String returns "no-eligible", "restricted" or "at-cap".
func (r Reason) String() string {
	if r >= NoEligible && r <= AtCap {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// Workload is one practitioner's load before and after, in points and as
// workload % (100 × load / Available, 0 when Available is 0, as WMT shows
// it: workload.md §2.4).
type Workload struct {
	PractitionerID string
	Available      int
	Before, After  int
	PercentBefore  float64
	PercentAfter   float64
	// Received counts the problem's cases they get and did not hold;
	// Released the cases they held and lose.
	Received, Released int
}

// Stats describes a run. Solve does not read the clock: time a run around
// the call.
type Stats struct {
	// Objective is the whole allocation's objective (see the package
	// documentation), computed by the same evaluator for every strategy:
	// Cost + Penalty + Unplaced.
	Objective int64
	Cost      int64 // Σ assignment costs (distance, continuity, …)
	Penalty   int64 // Σ overload penalties over all practitioners
	Unplaced  int64 // charge for placeable cases left unplaced

	// Bound is the relaxation's optimum, a lower bound on the objective of
	// every whole allocation; HasBound says whether it was computed (only
	// by Optimal). Gap is (Objective − Bound) / Bound, 0 when Bound is 0.
	Bound    int64
	HasBound bool
	Gap      float64

	Iterations int // simplex pivots of the flow solves
	Searches   int // improving moves and swaps applied by the local search
	Split      int // cases the relaxation split between practitioners
	Moved      int // cases moved away from their Current practitioner
	MaxPercent float64
}

// Status says how a run ended.
type Status uint8

// The statuses.
const (
	// StatusOptimal: the allocation's objective equals the relaxation's
	// bound, so no whole allocation is better.
	StatusOptimal Status = iota
	// StatusFeasible: every case that can be placed is placed; the
	// objective may be above the bound (see Stats.Gap), and naive
	// strategies prove nothing.
	StatusFeasible
	// StatusTimeLimit: the context or Settings.TimeLimit stopped the run;
	// the Result holds the best allocation found.
	StatusTimeLimit
	// StatusInfeasible: the hard limits (HardCap, MaxNew) leave cases
	// unplaced with reason AtCap; everything else is placed.
	StatusInfeasible
)

var statusNames = [...]string{"optimal", "feasible", "time-limit", "infeasible"}

// String returns "optimal", "feasible", "time-limit" or "infeasible".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// Err returns nil for StatusOptimal and StatusFeasible, ErrTimeLimit and
// ErrInfeasible for the others.
func (s Status) Err() error {
	switch s {
	case StatusTimeLimit:
		return ErrTimeLimit
	case StatusInfeasible:
		return ErrInfeasible
	}
	return nil
}

func percent(load, avail int64) float64 {
	if avail <= 0 || load <= 0 {
		return 0
	}
	return math.Round(1000*float64(load)/float64(avail)) / 10
}
