package allocation

import (
	"errors"

	"github.com/probationkit/probation/internal/mcf"
)

// minMax is the Optimal strategy with the MinMax objective. It bisects on
// a workload ceiling λ (in tenths of a percent) with the flow as
// feasibility oracle: every practitioner's load is capped at ⌊λ·Available⌋
// and the cases, split if need be, must all fit [optimizer.md §1.5]. At
// the least feasible λ* it runs the MinCost pipeline under the hard
// ceiling ⌊λ*·Available⌋ plus the heaviest case's points, the slack that
// rounding needs [LST90, ST93], then bisects on a tighter ceiling
// (λ*+δ)·Available, keeping the tightest under which the pipeline still
// places as many cases. With whole cases the problem is NP-hard, so the
// result's top workload is λ* plus at most one case, and usually much
// less. Stats.Bound is the MinCost relaxation's optimum under the ceiling
// kept. Each step is a full MinCost run, so MinMax costs about
// log₂(1000·U) + log₂(1000·w_max/C_min) of them.
func (r *run) minMax() (*state, Status, error) {
	m := r.m
	var wmax int64
	for _, w := range m.w {
		wmax = max(wmax, w)
	}
	feasible := func(lambda int64) (bool, bool, error) {
		caps := make([]int64, m.np())
		for i := range caps {
			caps[i] = m.avail[i] * lambda / 1000
		}
		rel, err := m.relax(r.ctx, flowFeasible, caps, nil)
		if err != nil {
			return false, false, err
		}
		r.stats.Iterations += rel.iters
		if rel.status == mcf.Canceled {
			return false, true, nil
		}
		if rel.status != mcf.Optimal {
			return false, false, errors.New("allocation: min-max oracle ended " + rel.status.String())
		}
		return rel.cost == 0, false, nil
	}
	// Find a feasible ceiling by doubling, then bisect.
	lo, hi := int64(0), int64(1000)
	const top = 1000 * 1000
	for {
		ok, stop, err := feasible(hi)
		if err != nil {
			return nil, 0, err
		}
		if stop {
			st, status, err := r.optimal()
			return st, max(status, StatusTimeLimit), err
		}
		if ok || hi >= top {
			break
		}
		lo, hi = hi, hi*2
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		ok, stop, err := feasible(mid)
		if err != nil {
			return nil, 0, err
		}
		if stop {
			break
		}
		if ok {
			hi = mid
		} else {
			lo = mid
		}
	}
	// Whole cases cannot meet λ* exactly. Solve under the ceiling
	// λ*+δ (per mille of Available) for the least δ, found by bisection,
	// that places as many cases as the widest ceiling (λ* plus the
	// heaviest case) does.
	total := r.stats.Iterations
	// The bisection's probes only round and repair (quick): the local
	// search moves cases between practitioners but does not change how
	// many fit under a ceiling. The full pipeline then runs once, under
	// the ceiling kept.
	under := func(delta int64, quick bool) (*state, Status, Stats, error) {
		cm := *m
		cm.hcap = make([]int64, m.np())
		for i := range cm.hcap {
			c := m.avail[i] * (hi + delta) / 1000
			if delta < 0 {
				c = m.avail[i]*hi/1000 + wmax
			}
			cm.hcap[i] = min(m.hcap[i], max(c, m.before[i]))
		}
		cm.hard = true
		cm.setUnplacedCharge()
		sub := &run{m: &cm, ctx: r.ctx, progress: r.progress, quick: quick}
		st, status, err := sub.optimal()
		total += sub.stats.Iterations
		return st, status, sub.stats, err
	}
	best, bestStatus, _, err := under(-1, true)
	if err != nil {
		return nil, 0, err
	}
	placed, kept := best.placed(), int64(-1)
	var wide int64
	for i := range m.np() {
		if m.avail[i] > 0 {
			wide = max(wide, (wmax*1000+m.avail[i]-1)/m.avail[i])
		}
	}
	for dlo, dhi := int64(-1), wide; dhi-dlo > 1 && bestStatus != StatusTimeLimit && r.ctx.Err() == nil; {
		mid := (dlo + dhi) / 2
		st, status, _, err := under(mid, true)
		if err != nil {
			return nil, 0, err
		}
		if status != StatusTimeLimit && st.placed() >= placed {
			dhi, kept = mid, mid
			best, bestStatus = st, status
		} else {
			dlo = mid
		}
	}
	full, fullStatus, bestStats, err := under(kept, false)
	if err != nil {
		return nil, 0, err
	}
	if fullStatus != StatusTimeLimit || full.total() <= best.total() {
		best, bestStatus = full, fullStatus
	}
	r.stats = bestStats
	r.stats.Iterations = total
	return best, bestStatus, nil
}
