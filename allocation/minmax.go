package allocation

import (
	"cmp"
	"errors"

	"github.com/probationkit/probation/internal/mcf"
)

// minMax is the FlowSearch strategy with the MinMax objective. It bisects
// on a workload ceiling λ (in tenths of a percent) with the flow as
// feasibility oracle: every practitioner's load is capped at ⌊λ·Available⌋
// and the cases, split if need be, must all fit [optimizer.md §1.5]. At
// the least feasible λ* it runs the MinCost pipeline on a model derived
// under the ceiling ⌊λ*·Available⌋ plus the heaviest case's points, the
// slack that rounding needs [LST90, ST93], then bisects on a tighter
// ceiling (λ*+δ)·Available, keeping the tightest under which the pipeline
// still places as many cases. With whole cases the problem is NP-hard, so
// the result's top workload is λ* plus at most one case, and usually much
// less. Stats.Bound is the MinCost relaxation's optimum under the ceiling
// kept, and r.m becomes the model under that ceiling, so that the Result
// explains its hard limits. A stopped run returns the best allocation
// found so far: the baseline before any derived model has been solved.
func (r *run) minMax() (*state, Status, error) {
	m := r.m
	// The naive baseline of the problem runs beside the bisection on λ*:
	// it is the answer when the run stops before any derived model is
	// solved.
	wait := r.startBaseline()
	r.report(PhaseFlow, 0, 0)
	var lambda int64
	var stopped bool
	err := r.guard(PhaseFlow, func() (err error) {
		lambda, stopped, err = r.leastCeiling()
		return err
	})
	base, _, baseErr := wait()
	if err != nil || baseErr != nil && stopped {
		return base, StatusFailed, cmp.Or(err, baseErr)
	}
	if stopped {
		return base, StatusStopped, nil
	}
	var wmax int64
	for _, w := range m.w {
		wmax = max(wmax, w)
	}
	// The ceilings of the derived models: λ*+δ per mille of Available,
	// and the widest, λ* plus the heaviest case's points.
	ceilingAt := func(l int64) func(i int) int64 {
		return func(i int) int64 { return ceilingLoad(m.avail[i], l) }
	}
	widest := func(i int) int64 { return min(ceilingLoad(m.avail[i], lambda)+wmax, noCap) }
	pivots := r.stats.Pivots
	// solveUnder runs the MinCost pipeline on model d. The bisection's
	// probes only round and repair (quick): the local search moves cases
	// between practitioners but does not change how many fit under a
	// ceiling. The full pipeline then runs once, under the ceiling kept.
	// None runs a naive baseline: the bisection's best is the safety net
	// of the final run (at a million cases, a baseline's greedy and draft
	// took 1.5 s and held a stop for 55 ms).
	// When the run drafts, so do its inner runs, and each outcome keeps
	// its drafts: a stop then finishes the draft of the best outcome
	// instead of building its Result afresh.
	type outcome struct {
		m      *model
		st     *state
		status Status
		stats  Stats
		drafts []*draft
	}
	solveUnder := func(d *model, quick bool) (outcome, error) {
		sub := &run{m: d, ctx: r.ctx, progress: r.progress, fault: r.fault, phase: r.phase, best: r.best, drafting: r.drafting, netless: true}
		st, status, err := sub.flowSearch(quick, false)
		pivots += sub.stats.Pivots
		r.phase = sub.phase
		return outcome{d, st, status, sub.stats, sub.drafts}, err
	}
	best, err := solveUnder(m.withCeiling(widest), true)
	if err != nil || best.st == nil {
		// Failed, or stopped, before any derived model was solved.
		r.stats.Pivots = pivots
		if err = cmp.Or(err, baseErr); err != nil {
			return base, StatusFailed, err
		}
		return base, StatusStopped, nil
	}
	placed := best.st.placed()
	var wide int64
	for i := range m.np() {
		if m.avail[i] > 0 {
			wide = max(wide, (wmax*1000+m.avail[i]-1)/m.avail[i])
		}
	}
	// δ in (dlo, dhi]: dhi places as many cases as the widest ceiling.
	keep := widest
	for dlo, dhi := int64(-1), wide; dhi-dlo > 1 && r.ctx.Err() == nil && err == nil; {
		mid := (dlo + dhi) / 2
		var o outcome
		if o, err = solveUnder(m.withCeiling(ceilingAt(lambda+mid)), true); err != nil {
			break
		}
		if o.st != nil && o.status != StatusStopped && o.st.placed() >= placed {
			dhi, keep, best = mid, ceilingAt(lambda+mid), o
		} else {
			dlo = mid
		}
	}
	if err == nil && r.ctx.Err() == nil {
		// The final run solves best's model again (the same ceilings,
		// flow, rounding and repair), and its search only improves on
		// that start, so its allocation, stopped or not, is no worse than
		// best's: a stop need not price the two (about 20 ms at a million
		// cases, which held a cancel in the search for 52 ms).
		var full outcome
		if full, err = solveUnder(m.withCeiling(keep), false); full.st != nil {
			best = full
		} else {
			best.status = StatusStopped
		}
	} else if err == nil {
		best.status = StatusStopped
	}
	r.m = best.m
	r.stats = best.stats
	r.drafts = append(r.drafts, best.drafts...)
	r.stats.Pivots = pivots
	if err = cmp.Or(err, baseErr); err != nil {
		return best.st, StatusFailed, err
	}
	return best.st, best.status, nil
}

// leastCeiling returns the least ceiling λ*, in tenths of a percent of
// every practitioner's Available, under which the split relaxation places
// every case (found by doubling from 100%, then bisection), or stopped
// when the context ended first.
func (r *run) leastCeiling() (lambda int64, stopped bool, err error) {
	m := r.m
	caps := make([]int64, m.np())
	feasible := func(l int64) (ok, stopped bool, err error) {
		for i := range caps {
			caps[i] = ceilingLoad(m.avail[i], l)
		}
		rel, err := m.relax(r.ctx, flowFeasible, caps, nil)
		if err != nil {
			return false, false, err
		}
		r.stats.Pivots += rel.iters
		switch rel.status {
		case mcf.Optimal:
			return rel.cost == 0, false, nil
		case mcf.Canceled:
			return false, true, nil
		}
		return false, false, errors.New("allocation: min-max oracle ended " + rel.status.String())
	}
	// maxCeiling bounds the doubling: at that ceiling every practitioner
	// with available points could take every case on top of the largest
	// load outside the problem, so the relaxation is feasible unless some
	// case can go only to practitioners with no available points.
	var maxCeiling int64
	for i := range m.np() {
		maxCeiling = max(maxCeiling, m.load0[i])
	}
	for _, w := range m.w {
		maxCeiling += w
	}
	maxCeiling = perMille * (maxCeiling + 1)
	lo, hi := int64(0), int64(perMille) // from 100%
	for {
		ok, stop, err := feasible(hi)
		if err != nil || stop {
			return 0, stop, err
		}
		if ok || hi >= maxCeiling {
			break
		}
		lo, hi = hi, min(hi*2, maxCeiling)
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		ok, stop, err := feasible(mid)
		if err != nil || stop {
			return 0, stop, err
		}
		if ok {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, false, nil
}
