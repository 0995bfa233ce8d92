package allocation

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"

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
// slices, nor on GOMAXPROCS (see Determinism and concurrency in the
// package documentation). It does not read the clock:
// Settings.TimeLimit is applied with context.WithTimeout.
//
// Errors. Solve returns a *probation.ValidationError listing every bad
// field of p's records (empty, padded or duplicate IDs, points or
// capacities out of range, an unknown Current practitioner, a problem
// larger than the bounds of Problem, …) or of s. For every input it
// accepts it returns a whole allocation, except in the two cases of
// PhaseError:
//
//   - When ctx ends, or Settings.TimeLimit passes, before the run has any
//     whole allocation (ctx already done, or the model still being built,
//     or the first naive allocation not finished), Solve returns a nil
//     Result and a *PhaseError with errors.Is(err, ErrStopped). Later, a
//     stop is not an error: the Result holds the best whole allocation
//     found, with StatusStopped. Either way Solve returns within
//     milliseconds of the end of ctx, at any size.
//   - When an internal step fails, Solve returns the best whole
//     allocation found before the failure, with StatusFailed, and a
//     *PhaseError naming the phase, with errors.Is(err, ErrFailed).
//
// Running out of room under the hard limits is not an error: see
// StatusInfeasible.
//
// Complexity: building the eligible pairs is O(Σ candidates in scope).
// The naive strategies then take O(E) for E eligible pairs. FlowSearch
// solves one min-cost flow on n + m + 1 nodes and about E + 6m arcs with
// a primal network simplex (internal/mcf), then a local search of O(E)
// per pass of moves; MinMax adds about log₂(1000·U) feasibility flows for
// a top workload of U×100%.
func Solve(ctx context.Context, p *Problem, s *Settings) (*Result, error) {
	return solve(ctx, p, s, nil)
}

// solve is Solve with a fault hook for tests: when fault is not nil, it
// is called as each phase starts (from the goroutine running the phase),
// and an error it returns, or a panic, fails that phase.
func solve(ctx context.Context, p *Problem, s *Settings, fault func(Phase) error) (*Result, error) {
	if p == nil {
		return nil, errors.New("allocation: nil Problem")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, &PhaseError{Phase: PhaseModel, Err: err}
	}
	prm, err := resolve(s)
	if err != nil {
		return nil, err
	}
	var pol eligibility = p.Policy
	if p.Policy == nil {
		pol = grades.National()
	}
	if prm.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, prm.TimeLimit)
		defer cancel()
	}
	r := &run{ctx: ctx, progress: prm.Progress, fault: fault}
	return r.solve(p, prm, pol)
}

// solve runs r on problem p under the resolved settings prm and policy
// pol: the body of Solve, which the Engine's batches and proposals share
// (with r.warm and r.plan set for a batch).
func (r *run) solve(p *Problem, prm params, pol eligibility) (*Result, error) {
	ctx := r.ctx
	r.report(PhaseModel, 0, 0)
	var err error
	var m *model
	if err := r.guard(PhaseModel, func() (err error) {
		m, err = buildFrom(newWatch(ctx), p, prm, pol, r.roster, r.load0)
		return err
	}); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, r.stopped()
	}
	r.m = m
	r.drafting = m.nc() >= prm.draftFrom
	var st *state
	var status Status
	switch {
	case prm.Strategy != FlowSearch:
		st, err = r.naive(prm.Strategy)
		status = StatusFeasible
	case prm.Objective == MinMax:
		st, status, err = r.minMax()
	default:
		st, status, err = r.flowSearch(false, true)
	}
	if st == nil {
		if err == nil {
			err = r.stopped()
		}
		return nil, err
	}
	if err != nil {
		status = StatusFailed
	}
	r.stats.Moved = r.m.enforceBudget(st)
	if status == StatusFeasible && st.hasUnplaced() {
		status = StatusInfeasible
	}
	res := r.finish(st, prm.Strategy, status)
	r.report(PhaseDone, 0, res.Stats.Objective)
	return res, err
}

// finish returns the Result of the final allocation st: the draft of it
// finished, when the run made one and it is still whole (draft.finish),
// else a Result built afresh.
func (r *run) finish(st *state, strat Strategy, status Status) *Result {
	for _, d := range r.drafts {
		if d.st == st && d.m == r.m {
			if res := d.finish(st, strat, status, r.stats); res != nil {
				return res
			}
		}
	}
	return r.m.result(st, strat, status, r.stats)
}

// run carries the state of one solve: the model it works on (MinMax
// replaces it by the model under the ceiling it keeps), the context, the
// progress callback, the statistics so far, the phase last reported and
// the tests' fault hook.
type run struct {
	m        *model
	ctx      context.Context
	progress func(Progress)
	stats    Stats
	phase    Phase
	best     int64 // objective of the best whole allocation so far, for Progress
	fault    func(Phase) error
	// warm, if not nil, starts the relaxation from these marginal prices
	// per point of each practitioner's load (the Engine's batch;
	// relaxWarm); prices are those of the last relaxation solved, flows
	// the number of flows it took, and plan the search's plan of descents
	// (nil: searchPlan).
	warm   []float64
	prices []float64
	flows  int
	plan   []schedule
	// roster, if not nil, gives the problem's practitioners at the loads
	// load0, in place of its Practitioners (an Engine's batch; buildFrom).
	roster *roster
	load0  []int64
	// drafting, set by solve from draftCases (and by MinMax for its inner
	// runs), has the run draft its Result ahead: drafts holds the drafts
	// made, of the baseline and of the search's start.
	drafting bool
	drafts   []*draft
	// netless runs FlowSearch without the naive baseline beside the flow:
	// MinMax's final run, whose safety net is the bisection's best.
	netless bool
}

// draftCases is the fewest cases for which a run drafts its Result ahead.
// A Result built afresh after a stop costs about 0.1 µs a case on one core
// (110 ms at a million cases), so below 300,000 cases it takes at most
// about 33 ms, inside the 50 ms promised after a cancel, and drafts would
// only cost time and memory: on the national shape (240,000 cases) they
// raised the peak RSS from 939 MB to 1,029 MB for a cancel latency of
// 1.2 ms median and 8.4 ms at most instead of 12.3 ms and 19.8 ms
// (BenchmarkCancel/national), and on a region's daily batch of 300 cases
// they cost 0.3 ms of about 3.
const draftCases = 300_000

// report calls the progress callback, and records the phase; Solve
// reports each phase as it starts and every few thousand pivots or
// search steps.
func (r *run) report(ph Phase, steps int, obj int64) {
	r.phase = ph
	if obj > 0 {
		r.best = obj
	}
	if r.progress != nil {
		r.progress(Progress{Phase: ph, Steps: steps, Objective: r.best, Bound: r.stats.Bound})
	}
}

// stopped is the error of a run stopped before it had a whole
// allocation.
func (r *run) stopped() error {
	err := r.ctx.Err()
	if err == nil {
		err = context.Canceled
	}
	return &PhaseError{Phase: r.phase, Err: err}
}

// guard runs f as (part of) phase ph and returns its error; a panic in f,
// or an error from the tests' fault hook, becomes a *PhaseError of ph. It
// may be called from several goroutines at once.
func (r *run) guard(ph Phase, f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PhaseError{Phase: ph, Err: fmt.Errorf("panic: %v\n%s", v, debug.Stack())}
		}
	}()
	if r.fault != nil {
		if err := r.fault(ph); err != nil {
			return &PhaseError{Phase: ph, Err: err}
		}
	}
	return f()
}

// naive runs a naive strategy; it returns nil when stopped first.
func (r *run) naive(s Strategy) (*state, error) {
	r.report(PhaseBaseline, 0, 0)
	var st *state
	err := r.guard(PhaseBaseline, func() error {
		w := newWatch(r.ctx)
		switch s {
		case Greedy:
			st = greedy(r.m, w)
		case LeastLoaded:
			st = leastLoaded(r.m, w)
		case RoundRobin:
			st = roundRobin(r.m, w)
		case Random:
			st = random(r.m, r.m.prm.Seed, w)
		}
		return nil
	})
	return st, err
}

// baseline returns the best naive allocation: the safety net that makes
// FlowSearch never worse than a naive strategy, and the answer when the
// run is stopped before the flow is solved, with its objective. Stopped
// by w, it returns the best of those finished, nil if none. When drafting
// it returns the draft of the best too, made as each best is found (most
// often only the first, Greedy's), and an allocation counts as finished
// only once its draft is: a stop during a draft keeps the best drafted
// before, so that no stop waits for a draft (at a million cases one takes
// 46–75 ms of two cores; a Result built afresh, longer).
func baseline(m *model, w *watch, drafting bool) (*state, int64, *draft) {
	var best *state
	var bestT int64
	var d *draft
	for k := range 4 {
		var st *state
		switch k {
		case 0:
			st = greedy(m, w)
		case 1:
			st = leastLoaded(m, w)
		case 2:
			st = roundRobin(m, w)
		case 3:
			st = random(m, m.prm.Seed, w)
		}
		if st == nil {
			break
		}
		if t := st.total(); best == nil || t < bestT {
			if drafting {
				nd := m.draft(st, w)
				if nd == nil {
					break
				}
				d = nd
			}
			best, bestT = st, t
		}
	}
	return best, bestT, d
}

// startBaseline reports the baseline phase and starts computing the best
// naive allocation of r.m on another goroutine, with its draft when the
// run drafts (the Result of a run stopped before the search); wait
// returns it (nil when stopped before any was finished) with its
// objective, and the step's failure, if any.
func (r *run) startBaseline() (wait func() (*state, int64, error)) {
	r.report(PhaseBaseline, 0, 0)
	m, w := r.m, newWatch(r.ctx)
	var base *state
	var total int64
	var d *draft
	var err error
	var wg sync.WaitGroup
	drafting := r.drafting
	wg.Go(func() {
		err = r.guard(PhaseBaseline, func() error {
			base, total, d = baseline(m, w, drafting)
			return nil
		})
	})
	return func() (*state, int64, error) {
		wg.Wait()
		if d != nil {
			r.drafts = append(r.drafts, d)
		}
		return base, total, err
	}
}

// flowSearch is the FlowSearch strategy with the MinCost objective on r.m:
// relaxation, rounding, then the local search (search: with quick, only
// the repair of hard limits; with perturb, the iterated local search
// too). Unless quick or r.netless, the best naive allocation is computed
// beside the flow, on another goroutine, and kept if it is better.
//
// It returns the best whole allocation found and its status. A nil state
// means the run stopped before any whole allocation existed (with a nil
// error) or a step failed first. A non-nil error is a *PhaseError of a
// failed step; the state is then the best found before it.
func (r *run) flowSearch(quick, perturb bool) (*state, Status, error) {
	m := r.m
	wait := func() (*state, int64, error) { return nil, 0, nil }
	if !quick && !r.netless {
		wait = r.startBaseline()
	}
	r.report(PhaseFlow, 0, 0)
	var rel *relaxation
	flowErr := r.guard(PhaseFlow, func() (err error) {
		progress := func(it int) { r.report(PhaseFlow, it, 0) }
		if r.warm != nil {
			rel, r.flows, err = m.relaxWarm(r.ctx, r.warm, progress)
		} else {
			rel, err = m.relax(r.ctx, flowCost, nil, progress)
			r.flows = 1
		}
		if err != nil {
			return &PhaseError{Phase: PhaseFlow, Err: err}
		}
		if rel.status != mcf.Optimal && rel.status != mcf.Canceled {
			return &PhaseError{Phase: PhaseFlow, Err: fmt.Errorf("the flow relaxation ended %v", rel.status)}
		}
		return nil
	})
	base, baseT, baseErr := wait()
	// failed: the best found so far and the first failure.
	failed := func(st *state, err error) (*state, Status, error) {
		if baseErr != nil {
			err = baseErr
		}
		return better(st, base), StatusFailed, err
	}
	// stop: the best found when the run stopped.
	stop := func() (*state, Status, error) {
		if baseErr != nil {
			return failed(nil, nil)
		}
		return base, StatusStopped, nil
	}
	if flowErr != nil {
		return failed(nil, flowErr)
	}
	if base != nil {
		r.report(PhaseFlow, 0, baseT)
	}
	r.stats.Pivots += rel.iters
	if rel.status == mcf.Canceled {
		return stop()
	}
	r.stats.Bound, r.stats.HasBound = rel.bound, true
	r.prices = rel.marginalPrices()

	// Round and repair: the allocation is whole, and keeps the hard
	// limits, only once repair has finished.
	r.report(PhaseRound, 0, 0)
	var x *searcher
	var xd *draft // x's draft
	if err := r.guard(PhaseRound, func() error {
		st, nsplit := m.roundWatched(rel, newWatch(r.ctx))
		if st == nil {
			return nil
		}
		r.stats.Split = nsplit
		m.placeZero(st)
		x = newSearcher(r.ctx, st, func(it int) { r.report(PhaseSearch, it, 0) })
		if x.stopped() {
			return nil
		}
		x.plan = r.plan
		x.prices = newPrices(m, rel)
		x.repair()
		if r.drafting && !x.stopped() {
			// The search changes about one case in ten: its start's
			// draft makes the Result after a stop quick.
			if xd = m.draft(x.state, newWatch(r.ctx)); xd == nil {
				x.stop = true
			}
		}
		return nil
	}); err != nil {
		return failed(nil, err)
	}
	if x == nil || x.stopped() {
		return stop()
	}
	// baseBehind: the baseline is no better than the search's start, so
	// not than its end either (the search only improves on its start),
	// and neither it nor its draft will be needed.
	baseBehind := base == nil
	if xd != nil {
		r.drafts = append(r.drafts, xd)
		if base != nil && xd.cost+xd.unpl+x.state.penalty() <= baseT {
			baseBehind = true
			r.drafts = slices.DeleteFunc(r.drafts, func(d *draft) bool { return d.st == base })
		}
	}
	if quick {
		return x.state, r.status(x.state, x.total(), false), nil
	}
	r.report(PhaseSearch, 0, x.obj)
	repaired := slices.Clone(x.arc)
	var stopped bool
	if err := r.guard(PhaseSearch, func() error {
		var budget int64
		if perturb {
			budget = m.perturbBudget()
		}
		if len(m.parts) > 1 && !r.searchWhole() {
			stopped, r.stats.Improvements = x.searchParts(rel, perturb)
			return nil
		}
		stopped = x.search(false, budget)
		r.stats.Improvements = x.steps
		return nil
	}); err != nil {
		return failed(m.stateOf(repaired), err)
	}
	// The better of the search's allocation and the baseline (the
	// search's on a tie). The search's objective is needed to compare
	// them unless the baseline is behind, and to tell an optimal end
	// unless the run stopped; each evaluation takes milliseconds at a
	// million cases, which a stopped run does not spend.
	st, t := x.state, int64(0)
	if !baseBehind || !stopped {
		if c, p, u, ok := xd.objective(x.state); ok {
			t = c + p + u
		} else {
			t = x.total()
		}
		if base != nil && baseT < t {
			st, t = base, baseT
		}
	}
	if baseErr != nil {
		return failed(st, nil)
	}
	return st, r.status(st, t, stopped), nil
}

// searchWhole reports whether the search of a problem of several parts
// runs on the whole model, with the searcher repair has built, rather
// than part by part (searchParts): for an Engine's batch (r.plan set) of
// at most batchWholeSearch cases, whose descents cost less than a model
// and searcher per part. The choice depends on the problem alone.
func (r *run) searchWhole() bool {
	return r.plan != nil && r.m.nc() <= batchWholeSearch
}

// batchWholeSearch is the most cases of a batch searched whole. Measured
// on the region engine's problem solved cold with batchPlan (the engine's
// 1,000 practitioners, about 14 parts), whole against part by part: 300
// cases 6.4 against 7.2 ms, 1,000 cases 17.9 against 17.4 ms.
const batchWholeSearch = 500

// better returns the one of a and b with the lower objective (a on a
// tie), either of them when the other is nil.
func better(a, b *state) *state {
	switch {
	case a == nil:
		return b
	case b == nil || a.total() <= b.total():
		return a
	}
	return b
}

// status classifies a final allocation, whose objective is total.
func (r *run) status(st *state, total int64, stopped bool) Status {
	switch {
	case st.hasUnplaced():
		return StatusInfeasible
	case stopped:
		return StatusStopped
	case r.stats.HasBound && total <= r.stats.Bound:
		return StatusOptimal
	}
	return StatusFeasible
}
