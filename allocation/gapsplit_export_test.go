package allocation

import (
	"context"
	"fmt"
	"slices"

	"github.com/probationkit/probation/grades"
)

// GapSplit is the split of a result's gap to the relaxation's bound
// (SplitGap).
type GapSplit struct {
	Objective, Bound int64
	// ReducedCost is Σ_j rc_j over the Cases held at a positive reduced
	// cost; Deviation is Σ_i dev_i over the Practitioners off their
	// relaxed load at a cost. Objective − Bound = ReducedCost + Deviation.
	ReducedCost, Deviation int64
	Cases, Practitioners   int
	// Whole is what whole cases add to the bound: the Lagrangian bound
	// at the relaxation's duals, each practitioner's subproblem solved
	// over whole cases, less the relaxation's bound. No allocation of
	// whole cases is less than Bound + Whole.
	Whole int64
}

// SplitGap splits the gap of res, Solve's result for p under s (a
// problem of new cases or a rebalance, policy p.Policy ignored: the
// national one), with the duals of the relaxation, mu and nu:
//
//	objective − bound = Σ_j rc_j + Σ_i dev_i
//
// rc_j ≥ 0 is case j's reduced cost at its practitioner, w_j·(g·c_ij +
// mu_i − nu_j)/g, and dev_i ≥ 0 practitioner i's deviation (searcher's
// deviation). Whole is the gain of the Lagrangian bound at the same
// duals with each practitioner's subproblem, min over sets S of the
// cases eligible there of Σ_{j∈S} rc_ij + dev_i(load0 + w(S)), solved
// over whole cases by a knapsack over points (hard caps kept, MaxNew
// limits left out, which only lowers it): gap that no allocation of whole
// cases closes. Seconds at a region's size.
func SplitGap(ctx context.Context, p *Problem, s *Settings, res *Result) (GapSplit, error) {
	prm, err := resolve(s)
	if err != nil {
		return GapSplit{}, err
	}
	m, err := build(p, prm, grades.National())
	if err != nil {
		return GapSplit{}, err
	}
	rel, err := m.relaxWhole(ctx, flowCost, nil, nil)
	if err != nil || rel.nu == nil {
		return GapSplit{}, fmt.Errorf("no duals: %v", err)
	}
	arc, err := resultArcs(m, p, res)
	if err != nil {
		return GapSplit{}, err
	}
	st := m.stateOf(arc)
	g := rel.g
	rc := func(j int, a int32) int64 { return m.w[j] * (g*m.arcC[a] + rel.mu[m.arcP[a]] - rel.nu[j]) }
	dev := func(i int, l int64) int64 {
		lp := rel.load[i]
		return m.penalty(i, l) - m.penalty(i, lp) - rel.mu[i]*(l-lp)/g
	}
	// heldRC[i], heldW[i]: Σ rc of i's cases (times g) and their points.
	heldRC, heldW := make([]int64, m.np()), make([]int64, m.np())
	var rcSum, devSum int64
	nrc := 0
	for j, a := range st.arc {
		if a < 0 {
			continue
		}
		i := m.arcP[a]
		v := rc(j, a)
		if v < 0 {
			return GapSplit{}, fmt.Errorf("negative reduced cost %d", v)
		}
		if v > 0 {
			nrc++
		}
		rcSum += v
		heldRC[i] += v
		heldW[i] += m.w[j]
	}
	ndev := 0
	var lagr int64
	eligible := make([][]int32, m.np())
	for j := range m.nc() {
		for a := m.start[j]; a < m.start[j+1]; a++ {
			eligible[m.arcP[a]] = append(eligible[m.arcP[a]], a)
		}
	}
	for i := range m.np() {
		d := dev(i, st.load[i])
		if d > 0 {
			ndev++
		}
		devSum += d
		ub := heldRC[i] + g*d // the allocation's own set, in units of g
		l0 := st.load[i] - heldW[i]
		// Sets heavier than D need not be tried when dev_i, convex, 0 at
		// i's relaxed load and so rising past it, already costs more at
		// l0+D than the best set found (checked below).
		D := min(m.hcap[i]-l0, max(4*m.avail[i], rel.load[i]-l0)+4000)
		best := ub
		if D >= 0 {
			const inf = int64(1) << 60
			dp := make([]int64, D+1)
			for k := range dp {
				dp[k] = inf
			}
			dp[0] = 0
			hi := int64(0)
			for _, a := range eligible[i] {
				j := caseOfArc(m, a)
				c, w := rc(j, a), m.w[j]
				if c >= ub || w == 0 {
					continue
				}
				for s := min(hi, D-w); s >= 0; s-- {
					if dp[s] < inf && dp[s]+c < dp[s+w] {
						dp[s+w] = dp[s] + c
					}
				}
				hi = min(hi+w, D)
			}
			for s := range D + 1 {
				if dp[s] < inf {
					best = min(best, dp[s]+g*dev(i, l0+s))
				}
			}
		}
		if D < m.hcap[i]-l0 && g*dev(i, l0+D) < best {
			return GapSplit{}, fmt.Errorf("practitioner %d: the knapsack's window of %d points is too narrow", i, D)
		}
		lagr += best
	}
	rcSum /= g
	lagr /= g
	return GapSplit{Objective: st.total(), Bound: rel.bound, ReducedCost: rcSum, Cases: nrc, Deviation: devSum, Practitioners: ndev, Whole: lagr}, nil
}

// caseOfArc returns the case of eligible pair a.
func caseOfArc(m *model, a int32) int {
	j, _ := slices.BinarySearch(m.start, a+1)
	return j - 1
}

// resultArcs returns the pair of m that each case of p holds in res, in
// m's case order (-1 for a case left unplaced).
func resultArcs(m *model, p *Problem, res *Result) ([]int32, error) {
	ids := make([]string, len(p.Cases))
	for j := range p.Cases {
		ids[j] = p.Cases[j].ID
	}
	slices.Sort(ids)
	arc := make([]int32, m.nc())
	for j := range arc {
		arc[j] = -1
	}
	for _, as := range res.Assignments {
		j, _ := slices.BinarySearch(ids, as.CaseID)
		a, ok := m.arcIndex(j, int(m.pidx[as.PractitionerID]))
		if !ok {
			return nil, fmt.Errorf("%s to %s is not an eligible pair", as.CaseID, as.PractitionerID)
		}
		arc[j] = a
	}
	return arc, nil
}
