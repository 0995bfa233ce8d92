package allocation

import (
	"fmt"
	"strconv"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
	"github.com/probationkit/probation/internal/enum"
)

// Settings tunes [Solve]. The zero value (and a nil *Settings) means the
// documented defaults: the FlowSearch strategy, the MinCost objective, the
// same-PDU scope, the default weights and bands, and no hard capacity cap.
type Settings struct {
	// Strategy chooses the algorithm; the zero value is FlowSearch.
	Strategy Strategy

	// Objective chooses what FlowSearch minimises: MinCost (the zero
	// value) or MinMax. The naive strategies have no objective of their
	// own, so Solve refuses MinMax with any other strategy.
	Objective Objective

	// Scope limits the practitioners a case may go to; the zero value is
	// SamePDU.
	Scope Scope

	// Seed seeds the Random strategy (and only it). Equal seeds give equal
	// results.
	Seed uint64

	// TimeLimit, if positive, bounds the run: Solve derives a deadline
	// with context.WithTimeout and returns the best allocation found when
	// it passes, with StatusStopped, or, when it passes before any whole
	// allocation exists (the model still being built), no Result and a
	// *PhaseError (see Solve). 0 means no limit beyond ctx.
	TimeLimit time.Duration

	// Progress, if not nil, is called from the goroutine that called
	// Solve as each phase starts and every few thousand simplex pivots or
	// search steps. It must return quickly.
	Progress func(Progress)

	// HardCap, if positive (at most 10,000), is a hard ceiling on every
	// practitioner's workload %: no allocation takes a practitioner's load above
	// ⌊HardCap·Available/100⌋ points. A practitioner already above it keeps
	// what they hold but receives nothing new. 0 means no hard cap (the
	// overload penalty alone limits workloads; this is how HMPPS tools
	// behave, allocation.md §2.5: "There is no capacity block").
	HardCap int

	// Weights prices the terms of the objective; nil means
	// DefaultWeights().
	Weights *Weights

	// MoveBudget, if positive, caps the number of cases a rebalance moves
	// away from a current practitioner who may keep them. Moves forced by
	// an Unavailable or no longer eligible holder are not counted, and a
	// move is kept when its return would pass a hard limit (HardCap, or
	// the MinMax ceiling). 0 means no cap; a negative value allows no
	// voluntary move.
	MoveBudget int

	// Bands replaces the overload penalty: 1 to 32 bands. Nil means
	// DefaultBands.
	Bands []Band

	// Effort, if positive (at most 1,000), multiplies FlowSearch's
	// search budget: Effort 4 lets its iterated local search do four
	// times the default work. The budget counts steps of work, not time,
	// so a result still depends on the problem and the Settings alone,
	// whatever the machine or its load (use TimeLimit to bound the time).
	// 0 means 1, the default. The naive strategies ignore it, and a
	// problem with fewer than two cases per practitioner (a daily batch)
	// has no iterated search to lengthen.
	//
	// A search with more effort takes the same steps first and keeps its
	// best, so it ends no worse but for its last pass (exact re-splits
	// of the pairs its kicks changed), and in practice it gains slowly.
	// Measured on the rebalance shape (30,000 held cases, team scope; go
	// test -bench RebalanceEffort ./allocation, two cores, and the same
	// benchmark once by hand at 27 and 81): Effort 1 0.3291% above the
	// bound in 0.41 s, 3 0.3191% in 0.86 s, 9 0.3007% in 2.2 s, 27
	// 0.2795% in 6.4 s, 81 0.2699% in 18.9 s.
	Effort int
}

// Band is one piece of the overload penalty: each point of load in the band
// costs Cost. Bands stack above 100% of a practitioner's available points
// in order; Width is the band's width in percentage points of Available.
// The last band is always unbounded (its Width is ignored).
type Band struct {
	Width int   `json:"width_percent"`  // percentage points of Available, 1 to 10,000
	Cost  int64 `json:"cost_per_point"` // strictly more than the previous band's; times the Overload weight at most 50,000
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
	Phase Phase
	// Steps counts the simplex pivots or search steps of this phase so far.
	Steps     int
	Objective int64 // best whole allocation so far; 0 if none yet
	Bound     int64 // the relaxation's optimum once known; 0 before
}

// Phase is a step of a run.
type Phase uint8

// The phases, in order.
const (
	PhaseModel    Phase = iota // validating the problem and listing the eligible pairs
	PhaseBaseline              // naive allocations: FlowSearch's safety net (beside the flow), or a naive strategy's run
	PhaseFlow                  // the min-cost flow relaxation
	PhaseRound                 // rounding split cases and repairing hard limits
	PhaseSearch                // local search
	PhaseDone
)

var phaseText = enum.New[Phase]("allocation", "phase", "Phase", 0, "model", "baseline", "flow", "round", "search", "done")

// String returns the phase's name, such as "flow".
func (p Phase) String() string { return phaseText.String(p) }

// MarshalText returns the phase's name.
func (p Phase) MarshalText() ([]byte, error) { return phaseText.Marshal(p) }

// UnmarshalText parses a phase's name, ignoring case.
func (p *Phase) UnmarshalText(text []byte) error { return phaseText.Unmarshal(text, p) }

// Strategy is an allocation algorithm. All strategies use the same
// eligibility, hard limits and objective evaluator, so their results
// compare fairly.
type Strategy uint8

// The strategies.
const (
	// FlowSearch solves the min-cost flow relaxation exactly, rounds the
	// split cases and improves the whole allocation by local search; it
	// reports the relaxation's optimum as a lower bound and proves
	// optimality (StatusOptimal) only when it reaches it.
	FlowSearch Strategy = iota
	// Greedy places cases heaviest first, each on the eligible
	// practitioner with the least marginal cost (same cost model).
	Greedy
	// LeastLoaded is the HMPPS default sort (allocation.md §2.2): the
	// eligible practitioner of the highest grade rank (PO, then PSO, then
	// PQiP, then others), least workload % first.
	LeastLoaded
	// RoundRobin deals each team's cases in ID order to its eligible
	// practitioners in ID order, cycling.
	RoundRobin
	// Random gives each case a uniformly random eligible practitioner,
	// seeded by Settings.Seed.
	Random
)

var strategyText = enum.New[Strategy]("allocation", "strategy", "Strategy", 0, "flow_search", "greedy", "least_loaded", "round_robin", "random")

// Strategies returns every strategy, FlowSearch first.
func Strategies() []Strategy { return strategyText.Values() }

// IsValid reports whether s is one of the strategy constants.
func (s Strategy) IsValid() bool { return strategyText.Valid(s) }

// String returns the strategy's name, such as "least_loaded".
func (s Strategy) String() string { return strategyText.String(s) }

// ParseStrategy parses the String form, ignoring case.
func ParseStrategy(s string) (Strategy, error) { return strategyText.Parse(s) }

// MarshalText returns the String form.
func (s Strategy) MarshalText() ([]byte, error) { return strategyText.Marshal(s) }

// UnmarshalText parses text with ParseStrategy.
func (s *Strategy) UnmarshalText(text []byte) error { return strategyText.Unmarshal(text, s) }

// Objective is what the FlowSearch strategy minimises.
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

var objectiveText = enum.New[Objective]("allocation", "objective", "Objective", 0, "min_cost", "min_max")

// IsValid reports whether o is MinCost or MinMax.
func (o Objective) IsValid() bool { return objectiveText.Valid(o) }

// String returns "min_cost" or "min_max".
func (o Objective) String() string { return objectiveText.String(o) }

// ParseObjective parses the String form, ignoring case.
func ParseObjective(s string) (Objective, error) { return objectiveText.Parse(s) }

// MarshalText returns the String form.
func (o Objective) MarshalText() ([]byte, error) { return objectiveText.Marshal(o) }

// UnmarshalText parses text with ParseObjective.
func (o *Objective) UnmarshalText(text []byte) error { return objectiveText.Unmarshal(text, o) }

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

var scopeText = enum.New[Scope]("allocation", "scope", "Scope", 0, "pdu", "team", "region", "anywhere")

// IsValid reports whether s is one of the scopes.
func (s Scope) IsValid() bool { return scopeText.Valid(s) }

// String returns "pdu", "team", "region" or "anywhere".
func (s Scope) String() string { return scopeText.String(s) }

// ParseScope parses the String form, ignoring case.
func ParseScope(s string) (Scope, error) { return scopeText.Parse(s) }

// MarshalText returns the String form.
func (s Scope) MarshalText() ([]byte, error) { return scopeText.Marshal(s) }

// UnmarshalText parses text with ParseScope.
func (s *Scope) UnmarshalText(text []byte) error { return scopeText.Unmarshal(text, s) }

// params is a Settings with every default resolved.
type params struct {
	Settings
	weights Weights
	bands   []Band // with the Overload weight applied
	// draftFrom is the fewest cases for which a run drafts its Result
	// ahead: draftCases (tests lower it to reach the drafts on small
	// problems).
	draftFrom int
}

// resolve applies the defaults of s and validates it, returning a
// *probation.ValidationError (Record "settings") listing every bad field.
func resolve(s *Settings) (params, error) {
	var p params
	if s != nil {
		p.Settings = *s
	}
	p.weights = DefaultWeights()
	p.draftFrom = draftCases
	if p.Weights != nil {
		p.weights = *p.Weights
	}
	bands := p.Bands
	if bands == nil {
		bands = DefaultBands()
	}
	errs := check.List{Op: "allocation.Solve"}
	bad := func(field, value, msg string) {
		errs.Add(probation.FieldError{Record: "settings", Index: -1, Field: field, Value: value, Message: msg})
	}
	if !p.Strategy.IsValid() {
		bad("strategy", p.Strategy.String(), (&enum.Error{Want: strategyText.Names()}).Message())
	}
	if !p.Objective.IsValid() {
		bad("objective", p.Objective.String(), (&enum.Error{Want: objectiveText.Names()}).Message())
	}
	if p.Objective == MinMax && p.Strategy != FlowSearch {
		bad("objective", p.Objective.String(), "min_max needs the flow_search strategy; the naive strategies have no objective of their own")
	}
	if !p.Scope.IsValid() {
		bad("scope", p.Scope.String(), (&enum.Error{Want: scopeText.Names()}).Message())
	}
	if p.HardCap < 0 || p.HardCap > maxHardCap {
		bad("hard_cap", strconv.Itoa(p.HardCap), fmt.Sprintf("want a workload %% from 1 to %d, or 0 for none", maxHardCap))
	}
	if p.Effort < 0 || p.Effort > maxEffort {
		bad("effort", strconv.Itoa(p.Effort), fmt.Sprintf("want 1 to %d times the default search, or 0 for the default", maxEffort))
	}
	if p.TimeLimit < 0 {
		bad("time_limit", p.TimeLimit.String(), "want a positive duration, or 0 for none")
	}
	for t, w := range p.weights {
		limit := int64(maxUnitCost)
		switch Term(t) {
		case Overload:
			limit = maxOverloadFactor
		case Distance:
			limit = maxDistanceWeight
		}
		if w < 0 || w > limit {
			bad(fmt.Sprintf("weights.%s", Term(t)), strconv.FormatInt(w, 10), fmt.Sprintf("want 0 to %d", limit))
		}
	}
	if len(bands) == 0 || len(bands) > maxBands {
		bad("bands", fmt.Sprintf("%d bands", len(bands)), fmt.Sprintf("want 1 to %d bands (nil means the default)", maxBands))
	}
	for k, b := range bands {
		if k < len(bands)-1 && (b.Width <= 0 || b.Width > maxBandWidth) {
			bad(fmt.Sprintf("bands[%d].width", k), strconv.Itoa(b.Width), fmt.Sprintf("want 1 to %d percentage points", maxBandWidth))
		}
		if b.Cost <= 0 || b.Cost > maxBandCost || (k > 0 && b.Cost <= bands[k-1].Cost) {
			bad(fmt.Sprintf("bands[%d].cost", k), strconv.FormatInt(b.Cost, 10), fmt.Sprintf("want 1 to %d, more than the band before", maxBandCost))
		}
		if f := p.weights[Overload]; f > 0 && b.Cost > 0 && b.Cost <= maxBandCost && b.Cost*f > maxBandCost {
			bad(fmt.Sprintf("bands[%d].cost", k), strconv.FormatInt(b.Cost, 10), fmt.Sprintf("times the overload weight %d passes %d", f, maxBandCost))
		}
	}
	if err := errs.Err(); err != nil {
		return p, err
	}
	p.bands = make([]Band, len(bands))
	for k, b := range bands {
		p.bands[k] = Band{Width: b.Width, Cost: b.Cost * p.weights[Overload]}
	}
	return p, nil
}
