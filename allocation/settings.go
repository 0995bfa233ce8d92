package allocation

import (
	"fmt"
	"strings"
	"time"
)

// Settings tunes [Solve]. The zero value (and a nil *Settings) means the
// documented defaults: the Optimal strategy, the MinCost objective, the
// same-PDU scope, the cost model of the package documentation and no hard
// capacity cap.
//
// Cost fields are per workload point of the case (a cost c on a 100-point
// case adds 100·c to the objective). For each of them 0 means the default
// and a negative value switches the term off.
type Settings struct {
	// Strategy chooses the algorithm; the zero value is Optimal.
	Strategy Strategy

	// Objective chooses what Optimal minimises: MinCost (the zero value)
	// or MinMax. The naive strategies ignore it.
	Objective Objective

	// Scope limits the practitioners a case may go to; the zero value is
	// SamePDU.
	Scope Scope

	// Seed seeds the Random strategy (and only it). Equal seeds give equal
	// results.
	Seed uint64

	// TimeLimit, if positive, bounds the run: Solve derives a deadline
	// with context.WithTimeout and returns the best allocation found when
	// it passes, with Status TimeLimit. 0 means no limit beyond ctx.
	TimeLimit time.Duration

	// Progress, if not nil, is called from the solving goroutine at each
	// phase and every few thousand simplex pivots or search moves. It must
	// return quickly and must not retain the Progress value's slices.
	Progress func(Progress)

	// HardCap, if positive, is a hard ceiling on every practitioner's
	// workload %: no allocation takes a practitioner's load above
	// ⌊HardCap·Available/100⌋ points. A practitioner already above it keeps
	// what they hold but receives nothing new. 0 means no hard cap (the
	// overload penalty alone limits workloads; this is how HMPPS tools
	// behave, allocation.md §2.5: "There is no capacity block").
	HardCap int

	// Distance is the cost per kilometre between the case's and the
	// practitioner's locations (rounded to a whole number per point). 0
	// means 1; unknown locations cost nothing.
	Distance int64

	// Continuity is charged when the case has a current or previous
	// practitioner and goes to someone else. 0 means 15.
	Continuity int64

	// CrossTeam is charged when the practitioner's team differs from the
	// case's team. 0 means 10.
	CrossTeam int64

	// OverSkill is charged when a qualified officer (PO, NQO or SPO) takes
	// a tier C or D case that the policy lets a PSO hold. 0 means 5.
	OverSkill int64

	// SoftRule is charged when a soft eligibility rule of the policy fires
	// for the practitioner's grade (the grade is allowed with a recorded
	// reason). 0 means 25.
	SoftRule int64

	// MoveCost is charged, in a rebalance, when a case leaves its current
	// practitioner (on top of Continuity). 0 means 10.
	MoveCost int64

	// MoveBudget, if positive, caps the number of cases a rebalance moves
	// away from a current practitioner who may keep them. Moves forced by
	// an Unavailable or no longer eligible holder are not counted, and a
	// move is kept when its return would pass a hard limit (HardCap, or
	// the MinMax ceiling). 0 means no cap; a negative value allows no
	// voluntary move.
	MoveBudget int

	// Bands replaces the overload penalty. Nil means DefaultBands.
	Bands []Band

	// Explain, if set, makes Solve precompute every assignment's
	// explanation into Result.Explanations. Otherwise Result.Explain
	// computes one on demand.
	Explain bool
}

// Band is one piece of the overload penalty: each point of load in the band
// costs Cost. Bands stack above 100% of a practitioner's available points
// in order; Width is the band's width in percentage points of Available.
// The last band is always unbounded (its Width is ignored).
type Band struct {
	Width int   // percentage points of Available, > 0
	Cost  int64 // per point, strictly more than the previous band's
}

// DefaultBands returns the default overload penalty: 50 per point from
// 100% to 110%, 150 to 120%, 400 to 130%, 1,000 to 140% (the bands of
// optimizer.md §6.2), then 2,500 to 150%, 6,000 to 175% and 15,000 per
// point above 175%. The marginal cost rises at every breakpoint, steeply
// above WMT's red line of 110% (workload.md §2.4). optimizer.md §6.2 ends
// with a flat 2,500 above 140%; we add the last two bands because a flat
// last band leaves the optimiser indifferent to where overflow goes, and
// it piles it on a few practitioners (optimizer.md §1 item 4 measured
// 495%; our region instance reached 438%, and 175% with these bands).
func DefaultBands() []Band {
	return []Band{{10, 50}, {10, 150}, {10, 400}, {10, 1000}, {10, 2500}, {25, 6000}, {0, 15000}}
}

// Progress reports how far a run has got.
type Progress struct {
	Phase      Phase
	Iterations int   // simplex pivots or search moves in this phase so far
	Objective  int64 // best whole allocation so far; 0 if none yet
	Bound      int64 // the relaxation's optimum once known; 0 before
}

// Phase is a step of a run.
type Phase uint8

// The phases, in order.
const (
	PhaseBaseline Phase = iota // naive allocations used as a safety net
	PhaseFlow                  // the min-cost flow relaxation
	PhaseRound                 // rounding split cases
	PhaseSearch                // local search of moves and swaps
	PhaseDone
)

var phaseNames = [...]string{"baseline", "flow", "round", "search", "done"}

// String returns the phase's name, such as "flow".
func (p Phase) String() string {
	if int(p) < len(phaseNames) {
		return phaseNames[p]
	}
	return fmt.Sprintf("Phase(%d)", uint8(p))
}

// Strategy is an allocation algorithm. All strategies use the same
// eligibility, hard limits and objective evaluator, so their results
// compare fairly.
type Strategy uint8

// The strategies.
const (
	// Optimal solves the min-cost flow relaxation exactly, rounds the
	// split cases and improves the whole allocation by local search; it
	// reports the relaxation's optimum as a lower bound.
	Optimal Strategy = iota
	// Greedy places cases heaviest first, each on the eligible
	// practitioner with the least marginal cost (same cost model).
	Greedy
	// LeastLoaded is the HMPPS default sort (allocation.md §2.2): the
	// eligible practitioner of the highest grade rank (PO, then PSO, then
	// PQiP, then others), least workload % first.
	LeastLoaded
	// RoundRobin deals cases in ID order to eligible practitioners in ID
	// order, cycling.
	RoundRobin
	// Random gives each case a uniformly random eligible practitioner,
	// seeded by Settings.Seed.
	Random
	numStrategies
)

var strategyNames = [...]string{"optimal", "greedy", "least-loaded", "round-robin", "random"}

// Strategies returns every strategy, Optimal first.
func Strategies() []Strategy {
	return []Strategy{Optimal, Greedy, LeastLoaded, RoundRobin, Random}
}

// IsValid reports whether s is one of the strategy constants.
func (s Strategy) IsValid() bool { return s < numStrategies }

// String returns the strategy's name, such as "least-loaded".
func (s Strategy) String() string {
	if !s.IsValid() {
		return fmt.Sprintf("Strategy(%d)", uint8(s))
	}
	return strategyNames[s]
}

// ParseStrategy parses the String form, ignoring case.
func ParseStrategy(s string) (Strategy, error) {
	for i, n := range strategyNames {
		if strings.EqualFold(n, strings.TrimSpace(s)) {
			return Strategy(i), nil
		}
	}
	return 0, fmt.Errorf("allocation: unknown strategy %q: want one of %s", s, strings.Join(strategyNames[:], ", "))
}

// MarshalText returns the String form.
func (s Strategy) MarshalText() ([]byte, error) {
	if !s.IsValid() {
		return nil, fmt.Errorf("allocation: cannot marshal invalid %v", s)
	}
	return []byte(s.String()), nil
}

// UnmarshalText parses text with ParseStrategy.
func (s *Strategy) UnmarshalText(text []byte) error {
	v, err := ParseStrategy(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Objective is what the Optimal strategy minimises.
type Objective uint8

// The objectives.
const (
	// MinCost minimises the total cost plus the overload penalty.
	MinCost Objective = iota
	// MinMax first minimises the highest workload % of any practitioner
	// who can receive a case, then the MinCost objective under that
	// ceiling.
	MinMax
)

// String returns "min-cost" or "min-max".
func (o Objective) String() string {
	switch o {
	case MinCost:
		return "min-cost"
	case MinMax:
		return "min-max"
	}
	return fmt.Sprintf("Objective(%d)", uint8(o))
}

// Scope limits which practitioners may take a case. Delius accepts an
// allocation only within the case's region (allocation.md §2.5), and the
// allocating manager picks practitioners from the teams of a PDU they
// select (§2.2); the practitioner who holds a case now is always in scope.
type Scope uint8

// The scopes.
const (
	// SamePDU: practitioners of the case's PDU (the zero value).
	SamePDU Scope = iota
	// SameTeam: practitioners of the case's team and of the teams listed
	// for it in Problem.Neighbours.
	SameTeam
	// SameRegion: practitioners of the case's region.
	SameRegion
	// Anywhere: every practitioner of the problem.
	Anywhere
)

var scopeNames = [...]string{"pdu", "team", "region", "anywhere"}

// String returns "pdu", "team", "region" or "anywhere".
func (s Scope) String() string {
	if int(s) < len(scopeNames) {
		return scopeNames[s]
	}
	return fmt.Sprintf("Scope(%d)", uint8(s))
}

// params is a Settings with every default resolved.
type params struct {
	Settings
	bands []Band
	// legacySearch selects the local search without fills and
	// perturbation, for before/after benchmarks; only tests set it
	// (export_test.go).
	legacySearch bool
}

func resolve(s *Settings) (params, error) {
	var p params
	if s != nil {
		p.Settings = *s
	}
	def := func(v *int64, d int64) {
		switch {
		case *v == 0:
			*v = d
		case *v < 0:
			*v = 0
		}
	}
	def(&p.Distance, 1)
	def(&p.Continuity, 15)
	def(&p.CrossTeam, 10)
	def(&p.OverSkill, 5)
	def(&p.SoftRule, 25)
	def(&p.MoveCost, 10)
	p.bands = p.Bands
	if p.bands == nil {
		p.bands = DefaultBands()
	}
	var errs []string
	if !p.Strategy.IsValid() {
		errs = append(errs, fmt.Sprintf("Strategy: invalid %v", p.Strategy))
	}
	if p.Objective > MinMax {
		errs = append(errs, fmt.Sprintf("Objective: invalid %v", p.Objective))
	}
	if p.Scope > Anywhere {
		errs = append(errs, fmt.Sprintf("Scope: invalid %v", p.Scope))
	}
	if p.HardCap < 0 {
		errs = append(errs, fmt.Sprintf("HardCap: %d is negative", p.HardCap))
	}
	if len(p.bands) == 0 {
		errs = append(errs, "Bands: empty (nil means the default)")
	}
	for k, b := range p.bands {
		if k < len(p.bands)-1 && (b.Width <= 0 || b.Width > 10000) {
			errs = append(errs, fmt.Sprintf("Bands[%d].Width: %d not in 1..10000", k, b.Width))
		}
		if b.Cost <= 0 || b.Cost > maxBandCost || (k > 0 && b.Cost <= p.bands[k-1].Cost) {
			errs = append(errs, fmt.Sprintf("Bands[%d].Cost: %d must be in 1..%d and rise strictly", k, b.Cost, maxBandCost))
		}
	}
	for _, c := range []struct {
		name string
		v    int64
	}{{"Distance", p.Distance}, {"Continuity", p.Continuity}, {"CrossTeam", p.CrossTeam}, {"OverSkill", p.OverSkill}, {"SoftRule", p.SoftRule}, {"MoveCost", p.MoveCost}} {
		if c.v > maxUnitCost {
			errs = append(errs, fmt.Sprintf("%s: %d above %d", c.name, c.v, maxUnitCost))
		}
	}
	if len(errs) > 0 {
		return p, &SettingsError{Problems: errs}
	}
	return p, nil
}

// Limits on cost settings that keep every sum inside int64 and inside the
// flow engine's overflow bounds.
const (
	maxBandCost = 50_000
	maxUnitCost = 10_000
)
