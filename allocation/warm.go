package allocation

import (
	"context"
	"math"

	"github.com/probationkit/probation/internal/mcf"
)

// A warm start of the relaxation from earlier prices. The last flow's
// potentials give each practitioner a marginal price per point of load
// (mu/g). A case's cheapest practitioners under those prices are, when
// loads have not moved much since, the only ones an optimal flow uses. So
// relaxWarm first solves the flow of a restricted model (restricted),
// on each case's warmArcs cheapest pairs under the earlier prices (and
// its current practitioner's), then prices every pair it left out with
// the new duals (a practitioner with no pair kept at the marginal penalty
// of their first unit: priceIdle) and adds those of negative reduced
// cost, and solves again, until none is left. The last flow is then
// optimal for the whole relaxation, since its potentials price every
// pair at or above zero (the LP optimality conditions), so the bound is
// exact; the earlier prices only make the networks small.

// warmArcs is how many of each case's pairs the first warm flow keeps:
// enough that the cheapest under yesterday's prices almost always include
// today's optimum, few enough to shrink a daily batch's network about
// tenfold.
const warmArcs = 6

// maxWarmRounds bounds the rounds of pricing; past it the flow is solved
// on every pair, as without a warm start.
const maxWarmRounds = 4

// relaxWarm solves the MinCost relaxation from prices, the marginal
// price per point of each practitioner's load (NaN where unknown, priced
// as 0). It returns the relaxation over every pair and the number of flows
// it solved. Without hard limits only: with them it solves cold.
func (m *model) relaxWarm(ctx context.Context, prices []float64, progress func(int)) (*relaxation, int, error) {
	if m.hard || prices == nil {
		r, err := m.relax(ctx, flowCost, nil, progress)
		return r, 1, err
	}
	keep := make([]bool, len(m.arcP))
	type cand struct {
		a int32
		v float64
	}
	var cs []cand
	pr := make([]float64, len(prices)) // the prices, unknown ones 0
	for i, p := range prices {
		if !math.IsNaN(p) {
			pr[i] = p
		}
	}
	for j := range m.nc() {
		lo, hi := m.start[j], m.start[j+1]
		if int(hi-lo) <= warmArcs {
			for a := lo; a < hi; a++ {
				keep[a] = true
			}
			continue
		}
		// The warmArcs cheapest under the prices (ties by pair), by
		// insertion into a short sorted list: O(pairs × warmArcs).
		cs = cs[:0]
		for a := lo; a < hi; a++ {
			if m.cur[j] == m.arcP[a] {
				keep[a] = true
			}
			c := cand{a, float64(m.arcC[a]) + pr[m.arcP[a]]}
			if len(cs) == warmArcs && c.v >= cs[warmArcs-1].v {
				continue
			}
			k := len(cs)
			if k < warmArcs {
				cs = append(cs, c)
			} else {
				k--
			}
			for k > 0 && cs[k-1].v > c.v {
				cs[k] = cs[k-1]
				k--
			}
			cs[k] = c
		}
		for _, c := range cs {
			keep[c.a] = true
		}
	}
	var pivots int
	for round := 1; ; round++ {
		sub, orig := m.restricted(keep)
		rs, err := sub.relax(ctx, flowCost, nil, progress)
		if err != nil {
			return nil, round, err
		}
		pivots += rs.iters
		r := rs.widen(m, orig)
		r.iters = pivots
		if r.status != mcf.Optimal || r.mu == nil {
			return r, round, nil
		}
		m.priceIdle(r, sub)
		added := m.priceOut(r, keep)
		if added == 0 {
			return r, round, nil
		}
		if round == maxWarmRounds {
			r, err := m.relax(ctx, flowCost, nil, progress)
			if r != nil {
				r.iters += pivots
			}
			return r, round + 1, err
		}
	}
}

// restricted returns the model of m restricted to the eligible pairs a
// with keep[a], and for each of its pairs the pair of m it is. It is a
// new instance that shares m's records and per-case and per-practitioner
// arrays, which no one changes once built, and has its own pair lists
// and parts; its hard limits are m's. Every case keeps a pair (relaxWarm
// keeps at least one), so the flowing cases, and the flow's unit, are
// m's.
func (m *model) restricted(keep []bool) (*model, []int32) {
	in := *m.instance
	in.start = make([]int32, m.nc()+1)
	n := 0
	for _, k := range keep {
		if k {
			n++
		}
	}
	in.arcP, in.arcC, in.arcBits = make([]int32, 0, n), make([]int64, 0, n), nil
	orig := make([]int32, 0, n)
	for j := range m.nc() {
		for a := m.start[j]; a < m.start[j+1]; a++ {
			if keep[a] {
				in.arcP = append(in.arcP, m.arcP[a])
				in.arcC = append(in.arcC, m.arcC[a])
				orig = append(orig, a)
			}
		}
		in.start[j+1] = int32(len(in.arcP))
	}
	d := &model{instance: &in, hcap: m.hcap, hard: m.hard, unplaced: m.unplaced, unit: m.unit}
	d.parts = d.findParts(nil)
	return d, orig
}

// widen returns relaxation r of a restricted model in the pairs of m:
// the pairs left out carry no flow; everything per case and per
// practitioner is the same.
func (r *relaxation) widen(m *model, orig []int32) *relaxation {
	if r.frac == nil {
		return r
	}
	w := *r
	w.frac = make([]int64, len(m.arcP))
	for k, f := range r.frac {
		w.frac[orig[k]] = f
	}
	return &w
}

// priceIdle sets the dual mu of every practitioner with no pair in the
// restricted model sub to the marginal penalty of their first unit of
// flow, P_i(L_i + g) − P_i(L_i): the highest their empty arcs to the sink
// allow (the reduced cost c − mu of each must stay ≥ 0, and the first is
// the cheapest, as P_i is convex), so still a dual of the relaxation. The
// flow of sub leaves such a practitioner's dual free below it
// (relaxParts gives a practitioner in no part 0), and the lower it is the
// more of their pairs priceOut adds that the flow does not use: on a
// region's daily batch about 1,600 pairs, and a second flow, every time.
func (m *model) priceIdle(r *relaxation, sub *model) {
	has := make([]bool, m.np())
	for _, i := range sub.arcP {
		has[i] = true
	}
	for i, h := range has {
		if !h {
			r.mu[i] = m.penalty(i, m.load0[i]+r.g) - m.penalty(i, m.load0[i])
		}
	}
}

// priceOut adds to keep every pair left out that the flow r would use:
// one whose reduced cost is negative under r's duals. A case's dual is
// the least one the flow allows, the greatest g·c + mu over its pairs
// that carry flow (rc = 0 on a pair strictly between its bounds, ≤ 0 on
// a pair that carries the whole case); a pair left out with g·c + mu
// below it would carry flow at a lower cost. It returns how many pairs
// it added.
func (m *model) priceOut(r *relaxation, keep []bool) int {
	added := 0
	for j := range m.nc() {
		lo, hi := m.start[j], m.start[j+1]
		nu, flows := int64(math.MinInt64), false
		for a := lo; a < hi; a++ {
			if r.frac[a] > 0 {
				nu, flows = max(nu, m.arcC[a]*r.g+r.mu[m.arcP[a]]), true
			}
		}
		if !flows {
			continue
		}
		for a := lo; a < hi; a++ {
			if !keep[a] && m.arcC[a]*r.g+r.mu[m.arcP[a]] < nu {
				keep[a] = true
				added++
			}
		}
	}
	return added
}

// marginalPrices returns the relaxation's marginal price per point of
// each practitioner's load (mu/g), or nil without potentials.
func (r *relaxation) marginalPrices() []float64 {
	if r == nil || r.mu == nil || r.g == 0 {
		return nil
	}
	out := make([]float64, len(r.mu))
	for i, mu := range r.mu {
		out[i] = float64(mu) / float64(r.g)
	}
	return out
}
