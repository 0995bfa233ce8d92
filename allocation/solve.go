package allocation

import (
	"context"
	"errors"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/mcf"
)

// Solve allocates the cases of p with the strategy and costs of s (nil
// means the defaults) and returns the whole allocation: every case placed
// on one practitioner or left unplaced with a reason.
//
// Solve reads p and never modifies it: a "what-if" run is a Solve of an
// edited copy. Cases and practitioners are taken in ID order, so the result
// does not depend on the order of p's slices; it does not depend on
// GOMAXPROCS either (Solve is single-threaded). It does not read the
// clock: Settings.TimeLimit is applied with context.WithTimeout.
//
// Solve returns a *ProblemError when records are invalid (empty or
// duplicate IDs, negative points, an unknown Current practitioner, …) and a
// *SettingsError for bad settings. Hitting the time limit or the end of
// ctx is not an error: the Result holds the best allocation found, with
// StatusTimeLimit. Running out of room under the hard limits is not an
// error either: see StatusInfeasible.
//
// Complexity: building the eligible pairs is O(Σ candidates in scope).
// The naive strategies then take O(E) for E eligible pairs (Greedy
// O(E + n log n)). Optimal solves one min-cost flow on n + m + 1 nodes and
// about E + 6m arcs with a primal network simplex (internal/mcf), then a
// local search of O(E) per pass of moves; MinMax adds about log₂(1000·U)
// feasibility flows for a top workload of U×100%.
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
	return solve(ctx, p, prm, pol)
}

func solve(ctx context.Context, p *Problem, prm params, pol eligibility) (*Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if prm.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, prm.TimeLimit)
		defer cancel()
	}
	m, err := build(p, prm, pol)
	if err != nil {
		return nil, err
	}
	m.setUnplacedCharge()
	run := &run{m: m, ctx: ctx, progress: prm.Progress, perturb: true}
	var st *state
	status := StatusFeasible
	switch prm.Strategy {
	case Optimal:
		if prm.Objective == MinMax {
			st, status, err = run.minMax()
		} else {
			st, status, err = run.optimal()
		}
		if err != nil {
			return nil, err
		}
		m = st.m
	case Greedy:
		st = greedy(m)
	case LeastLoaded:
		st = leastLoaded(m)
	case RoundRobin:
		st = roundRobin(m)
	case Random:
		st = random(m, prm.Seed)
	}
	run.stats.Moved = m.enforceBudget(st)
	if status == StatusFeasible && st.hasUnplaced() {
		status = StatusInfeasible
	}
	res := m.result(st, prm.Strategy, status, run.stats)
	run.report(PhaseDone, 0, res.Stats.Objective)
	return res, nil
}

// run carries the state of one Optimal solve.
type run struct {
	m        *model
	ctx      context.Context
	progress func(Progress)
	stats    Stats
	perturb  bool // run the iterated local search (not in MinMax's inner runs)
	quick    bool // stop after rounding and repair (MinMax's bisection probes)
}

func (r *run) report(ph Phase, it int, obj int64) {
	if r.progress != nil {
		r.progress(Progress{Phase: ph, Iterations: it, Objective: obj, Bound: r.stats.Bound})
	}
}

// baseline returns the best naive allocation: the safety net that makes
// Optimal never worse than a naive strategy, and the answer when the run
// is stopped before the flow is solved.
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

// optimal is the Optimal strategy with the MinCost objective: relaxation,
// rounding, repair, local search; the best naive allocation is kept if
// it is better.
func (r *run) optimal() (*state, Status, error) {
	m := r.m
	base := r.baseline()
	rel, err := m.relax(r.ctx, flowCost, nil, func(it int) { r.report(PhaseFlow, it, 0) })
	if err != nil {
		return nil, 0, err
	}
	r.stats.Iterations += rel.iters
	if rel.status != mcf.Optimal {
		if rel.status == mcf.Canceled {
			return base, StatusTimeLimit, nil
		}
		return nil, 0, errors.New("allocation: flow relaxation ended " + rel.status.String())
	}
	r.stats.Bound, r.stats.HasBound = rel.bound, true
	st, nsplit := m.round(rel)
	r.stats.Split = nsplit
	m.placeZero(st)
	r.report(PhaseRound, 0, st.total())
	x := newSearcher(r.ctx, st, func(it int) { r.report(PhaseSearch, it, 0) })
	x.pairBudget = pairBudget
	x.repair()
	if r.quick {
		if base.total() < st.total() {
			st = base
		}
		return st, r.status(st, x.stop), nil
	}
	if !m.prm.legacySearch {
		x.reducedCosts(rel)
		x.fill()
	}
	stopped := x.improve()
	if !stopped && !m.prm.legacySearch {
		x.fill()
		if r.perturb {
			x.perturb(m.perturbBudget())
		}
		stopped = x.stop
	}
	r.stats.Searches = x.moves
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
		return StatusTimeLimit
	case r.stats.HasBound && st.total() <= r.stats.Bound:
		return StatusOptimal
	}
	return StatusFeasible
}
