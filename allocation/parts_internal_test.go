package allocation

import (
	"context"
	"testing"

	"pgregory.net/rapid"
)

// TestPartsRelaxation: a problem of several parts (teams in team scope,
// some cases held by a practitioner of another team, hard limits) is
// relaxed part by part to exactly the whole flow's optimum, for costs and
// for MinMax's feasibility oracle, with every case's points shipped; and
// each part lists every pair of its cases once.
func TestPartsRelaxation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := craftedModel(t, SameTeam, craftedProblem(t, []string{"A", "B", "C", "D"}, 2, 9, 1, 30, []int{0, 13, 29, 51, 79}))
		seen := make([]int, len(m.arcP))
		for _, pt := range m.parts {
			in := map[int32]bool{}
			for _, i := range pt.pracs {
				in[i] = true
			}
			for _, j := range pt.cases {
				for a := m.start[j]; a < m.start[j+1]; a++ {
					seen[a]++
					if !in[m.arcP[a]] {
						t.Fatalf("case %d's pair with %d outside its part", j, m.arcP[a])
					}
				}
			}
		}
		for a, n := range seen {
			if n != 1 {
				t.Fatalf("pair %d in %d parts", a, n)
			}
		}
		caps := make([]int64, m.np())
		for i := range caps {
			caps[i] = m.avail[i] * int64(rapid.IntRange(900, 1300).Draw(t, "ceiling")) / 1000
		}
		for _, mode := range []flowMode{flowCost, flowFeasible} {
			var c []int64
			if mode == flowFeasible {
				c = caps
			}
			whole, err1 := m.relaxWhole(context.Background(), mode, c, nil)
			parts, err2 := m.relaxParts(context.Background(), mode, c, nil)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if whole.status != parts.status || whole.cost != parts.cost || whole.bound != parts.bound {
				t.Fatalf("mode %d: whole %v cost %d bound %d; parts %v cost %d bound %d", mode, whole.status, whole.cost, whole.bound, parts.status, parts.cost, parts.bound)
			}
			for j := range m.nc() {
				shipped := parts.dummy[j]
				for a := m.start[j]; a < m.start[j+1]; a++ {
					shipped += parts.frac[a]
				}
				if m.start[j+1] > m.start[j] && m.w[j] > 0 && shipped*parts.g != m.w[j] {
					t.Fatalf("case %d ships %d units of %d points, unit %d", j, shipped, m.w[j], parts.g)
				}
			}
		}
	})
}
