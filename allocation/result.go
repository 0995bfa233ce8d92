package allocation

import (
	"math"

	"github.com/probationkit/probation/internal/enum"
)

// Result is the outcome of [Solve]. Every case of the problem appears
// exactly once, in Assignments or in Unassigned. A Result owns what it
// reports: it keeps its own copy of the records it was solved from, so
// editing the Problem afterwards changes none of its answers. It is
// immutable and safe for concurrent use; its slices must not be modified.
type Result struct {
	Strategy Strategy `json:"strategy"`
	Status   Status   `json:"status"`

	// Assignments lists the placed cases in case ID order.
	Assignments []Assignment `json:"assignments"`
	// Unassigned lists the cases left unplaced, in case ID order, each
	// with its reason.
	Unassigned []Unassigned `json:"unassigned"`
	// Workloads lists every practitioner in ID order, before and after.
	Workloads []Workload `json:"workloads"`

	Stats Stats `json:"stats"`

	m   *model
	asg []int32 // per case in model order: practitioner, or -1
}

// Assignment is one placed case.
type Assignment struct {
	CaseID         string `json:"case_id"`
	PractitionerID string `json:"practitioner_id"`
	// Moved is set when the case had a Current practitioner and now goes
	// to someone else.
	Moved bool `json:"moved,omitempty"`
	// Cost is what the case adds to the objective, term by term.
	Cost Cost `json:"cost"`
}

// Unassigned is a case left unplaced.
type Unassigned struct {
	CaseID string `json:"case_id"`
	// Reason is OutOfScope, Unavailable, Ineligible, Restricted or
	// AtLimit.
	Reason Reason `json:"reason"`
	// Detail says more, for a person: the rules that blocked each grade
	// in scope, or the practitioners at their limits.
	Detail string `json:"detail"`
}

// Workload is one practitioner's load before and after, in points and as
// workload % (100 × load / Available to one decimal place, 0 when
// Available is 0, as WMT shows it: workload.md §2.4).
type Workload struct {
	PractitionerID  string  `json:"practitioner_id"`
	AvailablePoints int     `json:"available_points"`
	BeforePoints    int     `json:"before_points"`
	AfterPoints     int     `json:"after_points"`
	BeforePercent   float64 `json:"before_percent"`
	AfterPercent    float64 `json:"after_percent"`
	// Received counts the problem's cases they get and did not hold;
	// Released the cases they held and lose.
	Received int `json:"received"`
	Released int `json:"released"`
}

// Stats describes a run. Solve does not read the clock: time a run around
// the call.
type Stats struct {
	// Objective is the whole allocation's objective (see the package
	// documentation), computed by the same evaluator for every strategy:
	// Cost + Penalty + UnplacedCharge.
	Objective      int64 `json:"objective"`
	Cost           int64 `json:"cost"`            // Σ assignment costs but overload (distance, continuity, …)
	Penalty        int64 `json:"penalty"`         // Σ overload penalties over all practitioners
	UnplacedCharge int64 `json:"unplaced_charge"` // charge for placeable cases left unplaced
	// UnplacedPerPoint is U of the objective: the charge per point, and
	// once per case, for a placeable case left unplaced.
	UnplacedPerPoint int64 `json:"unplaced_per_point"`

	// Bound is the relaxation's optimum, a lower bound on the objective of
	// every whole allocation; HasBound says whether it was computed (only
	// by FlowSearch). GapPercent is 100 × (Objective − Bound) / Bound, 0
	// when there is no bound or it is 0.
	Bound      int64   `json:"bound"`
	HasBound   bool    `json:"has_bound"`
	GapPercent float64 `json:"gap_percent"`

	Pivots       int `json:"pivots"`       // simplex pivots of the flow solves
	Improvements int `json:"improvements"` // improving steps applied by the local search
	Split        int `json:"split"`        // cases the relaxation split between practitioners
	Moved        int `json:"moved"`        // cases moved away from their Current practitioner
	// MaxPercent is the highest workload % after the allocation.
	MaxPercent float64 `json:"max_percent"`
}

// Status says how a run ended.
type Status uint8

// The statuses. The zero Status is StatusNone: a Result that no run made.
const (
	// StatusNone: no run; the zero value.
	StatusNone Status = iota
	// StatusOptimal: the allocation's objective equals the relaxation's
	// bound, which proves that no whole allocation is better.
	StatusOptimal
	// StatusFeasible: every case that can be placed is placed; the
	// objective may be above the bound (see Stats.GapPercent), and the
	// naive strategies prove nothing.
	StatusFeasible
	// StatusInfeasible: the hard limits (HardCap, MaxNew, the MinMax
	// ceiling) leave cases unplaced with reason AtLimit; everything else
	// is placed.
	StatusInfeasible
	// StatusStopped: the context or Settings.TimeLimit stopped the run;
	// the Result holds the best whole allocation found.
	StatusStopped
	// StatusFailed: an internal step failed; the Result holds the best
	// whole allocation found before it, and Solve's error, a *PhaseError,
	// says which step failed and why.
	StatusFailed
)

var statusText = enum.New[Status]("allocation", "status", "Status", 0, "none", "optimal", "feasible", "infeasible", "stopped", "failed")

// IsValid reports whether s is one of the statuses.
func (s Status) IsValid() bool { return statusText.Valid(s) }

// String returns "none", "optimal", "feasible", "infeasible", "stopped" or
// "failed".
func (s Status) String() string { return statusText.String(s) }

// MarshalText returns the String form.
func (s Status) MarshalText() ([]byte, error) { return statusText.Marshal(s) }

// UnmarshalText parses the String form, ignoring case.
func (s *Status) UnmarshalText(text []byte) error { return statusText.Unmarshal(text, s) }

// Err returns nil for StatusOptimal and StatusFeasible, ErrStopped,
// ErrInfeasible, ErrFailed and ErrNoRun for the others.
func (s Status) Err() error {
	switch s {
	case StatusOptimal, StatusFeasible:
		return nil
	case StatusStopped:
		return ErrStopped
	case StatusInfeasible:
		return ErrInfeasible
	case StatusFailed:
		return ErrFailed
	}
	return ErrNoRun
}

// Reason says why a case is unplaced or why a practitioner did not get a
// case. The zero Reason is none.
type Reason uint8

// The reasons.
const (
	// OutOfScope: not in the case's team, PDU or region (Settings.Scope);
	// for an unplaced case, no practitioner is in its scope.
	OutOfScope Reason = iota + 1
	// Ineligible: a hard rule of the policy blocks the grade; for an
	// unplaced case, every grade in scope is blocked.
	Ineligible
	// Restricted: the case's restricted-access lists exclude the
	// practitioner; for an unplaced case, every one of an allowed grade.
	Restricted
	// Unavailable: the practitioner may receive no case; for an
	// unplaced case, every practitioner in its scope is.
	Unavailable
	// AtLimit: at the hard cap or the new-case limit; for an unplaced
	// case, every eligible practitioner is.
	AtLimit
	// Costlier: eligible, but the case costs more there; Candidate.Term
	// names the term that grew most.
	Costlier
	// Tie: the same total as the chosen practitioner; the lower
	// practitioner ID won.
	Tie
	// Kept: cheaper for this case alone, but the whole allocation is
	// better without the move (the other cases, the move budget or a
	// stopped run).
	Kept
)

var reasonText = enum.New[Reason]("allocation", "reason", "Reason", 1, "out_of_scope", "ineligible", "restricted", "unavailable", "at_limit", "costlier", "tie", "kept")

// IsValid reports whether r is one of the reasons.
func (r Reason) IsValid() bool { return reasonText.Valid(r) }

// String returns the reason's name, such as "at_limit".
func (r Reason) String() string { return reasonText.String(r) }

// MarshalText returns the String form; the zero Reason marshals as empty
// text.
func (r Reason) MarshalText() ([]byte, error) { return reasonText.Marshal(r) }

// UnmarshalText parses the String form, ignoring case; empty text is the
// zero Reason.
func (r *Reason) UnmarshalText(text []byte) error { return reasonText.Unmarshal(text, r) }

func percent(load, avail int64) float64 {
	if avail <= 0 || load <= 0 {
		return 0
	}
	return math.Round(1000*float64(load)/float64(avail)) / 10
}
