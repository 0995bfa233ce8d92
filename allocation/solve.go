package allocation

import (
	"context"
	"errors"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/mcf"
)

// Solve allocates the cases of p with the strategy and weights of s (nil
// means the defaults) and returns the whole allocation: every case placed
// on one practitioner or left unplaced with a reason.
//
// Solve reads p and never modifies it, and the Result keeps its own copy
// of what it reports: a "what-if" run is a Solve of an edited copy, and
// editing p afterwards changes no Result. Cases and practitioners are
// taken in ID order, so the result does not depend on the order of p's
// slices; it does not depend on GOMAXPROCS either (Solve is
// single-threaded). It does not read the clock: Settings.TimeLimit is
// applied with context.WithTimeout.
//
// Solve returns a *probation.ValidationError listing every bad field of
// p's records (empty, padded or duplicate IDs, points or capacities out of
// range, an unknown Current practitioner, …) or of s. Hitting the time
// limit or the end of ctx is not an error: the Result holds the best
// allocation found, with StatusStopped. Running out of room under the
// hard limits is not an error either: see StatusInfeasible.
//
// Complexity: building the eligible pairs is O(Σ candidates in scope).
// The naive strategies then take O(E) for E eligible pairs (Greedy
// O(E + n log n)). FlowSearch solves one min-cost flow on n + m + 1 nodes
// and about E + 6m arcs with a primal network simplex (internal/mcf), then
// a local search of O(E) per pass of moves; MinMax adds about
// log₂(1000·U) feasibility flows for a top workload of U×100%.
func Solve(ctx context.Context, p *Problem, s *Settings) (*Result, error) {
	if p == nil {
		return nil, errors.New("allocation: nil Problem")
	}
	prm, err := resolve(s)
	if err != nil {
		return nil, err
	}
	var pol eligibility = p.Policy
	if p.Policy == nil {
		pol = grades.National()
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if prm.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, prm.TimeLimit)
		defer cancel()
	}
	_, res, err := solveWith(ctx, p, prm, pol, nil, nil)
	return res, err
}

// solveWith is Solve on a built problem with resolved settings, starting
// FlowSearch's flow warm from prices when they are given; it returns the
// run too, for its prices.
func solveWith(ctx context.Context, p *Problem, prm params, pol eligibility, warm []float64, plan []schedule) (*run, *Result, error) {
	m, err := build(p, prm, pol)
	if err != nil {
		return nil, nil, err
	}
	r := &run{m: m, ctx: ctx, progress: prm.Progress, plan: plan}
	st, status := (*state)(nil), StatusFeasible
	switch prm.Strategy {
	case FlowSearch:
		if prm.Objective == MinMax {
			st, status, err = r.minMax()
		} else {
			r.warm = warm
			if warm != nil {
				r.warm = make([]float64, m.np())
				for i := range r.warm {
					r.warm[i] = warm[i]
				}
			}
			st, status, err = r.flowSearch(false, true)
		}
		if err != nil {
			return nil, nil, err
		}
	case Greedy:
		st = greedy(m)
	case LeastLoaded:
		st = leastLoaded(m)
	case RoundRobin:
		st = roundRobin(m)
	case Random:
		st = random(m, prm.Seed)
	}
	r.stats.Moved = r.m.enforceBudget(st)
	if status == StatusFeasible && st.hasUnplaced() {
		status = StatusInfeasible
	}
	res := r.m.result(st, prm.Strategy, status, r.stats)
	r.report(PhaseDone, 0, res.Stats.Objective)
	return r, res, nil
}

// run carries the state of one FlowSearch solve: the model it works on
// (MinMax replaces it by the model under the ceiling it keeps), the
// context, the progress callback and the statistics so far.
type run struct {
	m        *model
	ctx      context.Context
	progress func(Progress)
	stats    Stats
	// warm, if not nil, starts the relaxation from these marginal prices
	// per point (the Engine's batch; relaxWarm); prices are those of the
	// last relaxation solved, and flows the number of flows it took.
	warm   []float64
	prices []float64
	flows  int
	// plan is the search's plan of descents; nil means searchPlan.
	plan []schedule
}

func (r *run) report(ph Phase, steps int, obj int64) {
	if r.progress != nil {
		r.progress(Progress{Phase: ph, Steps: steps, Objective: obj, Bound: r.stats.Bound})
	}
}

// baseline returns the best naive allocation: the safety net that makes
// FlowSearch never worse than a naive strategy, and the answer when the
// run is stopped before the flow is solved.
func (r *run) baseline() *state {
	m := r.m
	var best *state
	var bestT int64
	for _, st := range []*state{greedy(m), leastLoaded(m), roundRobin(m), random(m, m.prm.Seed)} {
		if t := st.total(); best == nil || t < bestT {
			best, bestT = st, t
		}
	}
	r.report(PhaseBaseline, 0, bestT)
	return best
}

// flowSearch is the FlowSearch strategy with the MinCost objective on r.m:
// relaxation, rounding, then the local search (search: with quick, only
// the repair of hard limits; with perturb, the iterated local search
// too). The best naive allocation is kept if it is better.
func (r *run) flowSearch(quick, perturb bool) (*state, Status, error) {
	m := r.m
	base := r.baseline()
	progress := func(it int) { r.report(PhaseFlow, it, 0) }
	var rel *relaxation
	var err error
	if r.warm != nil {
		rel, r.flows, err = m.relaxWarm(r.ctx, r.warm, progress)
	} else {
		rel, err = m.relax(r.ctx, flowCost, nil, progress)
		r.flows = 1
	}
	if err != nil {
		return nil, 0, err
	}
	r.prices = rel.marginalPrices()
	r.stats.Pivots += rel.iters
	if rel.status != mcf.Optimal {
		if rel.status == mcf.Canceled {
			return base, StatusStopped, nil
		}
		return nil, 0, errors.New("allocation: flow relaxation ended " + rel.status.String())
	}
	r.stats.Bound, r.stats.HasBound = rel.bound, true
	st, nsplit := m.round(rel)
	r.stats.Split = nsplit
	m.placeZero(st)
	r.report(PhaseRound, 0, st.total())
	x := newSearcher(r.ctx, st, func(it int) { r.report(PhaseSearch, it, 0) })
	x.prices = newPrices(m, rel)
	var budget int64
	if perturb {
		budget = m.perturbBudget()
	}
	plan := r.plan
	if plan == nil {
		plan = searchPlan
	}
	stopped := x.search(quick, budget, plan)
	r.stats.Improvements = x.steps
	if base.total() < st.total() {
		st = base
	}
	return st, r.status(st, stopped), nil
}

// status classifies a final allocation.
func (r *run) status(st *state, stopped bool) Status {
	switch {
	case st.hasUnplaced():
		return StatusInfeasible
	case stopped:
		return StatusStopped
	case r.stats.HasBound && st.total() <= r.stats.Bound:
		return StatusOptimal
	}
	return StatusFeasible
}
