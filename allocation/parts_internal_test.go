package allocation

import (
	"context"
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// TestPartsRelaxation: a problem of several parts (teams in team scope,
// some cases held by a practitioner of another team, hard limits) is
// relaxed part by part to exactly the whole flow's optimum, for costs and
// for MinMax's feasibility oracle, with every case's points shipped; and
// each part lists every pair of its cases once.
func TestPartsRelaxation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		np := rapid.IntRange(2, 9).Draw(t, "practitioners")
		nc := rapid.IntRange(1, 30).Draw(t, "cases")
		teams := []string{"A", "B", "C", "D"}
		p := &Problem{}
		for i := range np {
			p.Practitioners = append(p.Practitioners, Practitioner{
				ID: fmt.Sprintf("p%d", i), Grade: rapid.SampledFrom([]grades.Grade{grades.PO, grades.PSO}).Draw(t, "grade"),
				Team: rapid.SampledFrom(teams).Draw(t, "team"), Available: rapid.IntRange(0, 600).Draw(t, "available"),
				Load: rapid.IntRange(0, 500).Draw(t, "load"), MaxNew: rapid.SampledFrom([]int{0, 0, 0, 2}).Draw(t, "maxnew"),
			})
		}
		for j := range nc {
			tier := tiering.Tier(rapid.IntRange(1, 16).Draw(t, "tier"))
			c := Case{ID: fmt.Sprintf("c%02d", j), Points: rapid.SampledFrom([]int{0, 13, 29, 51, 79}).Draw(t, "points"), Tier: tier,
				Team: rapid.SampledFrom(teams).Draw(t, "cteam"), Risk: grades.Profile{Tier: tier, RoSH: tiering.RoSHLow}}
			if rapid.IntRange(0, 3).Draw(t, "held") == 0 {
				c.Current = fmt.Sprintf("p%d", rapid.IntRange(0, np-1).Draw(t, "current"))
			}
			p.Cases = append(p.Cases, c)
		}
		s := &Settings{Scope: SameTeam}
		if rapid.Bool().Draw(t, "capped") {
			s.HardCap = rapid.SampledFrom([]int{110, 130}).Draw(t, "cap")
		}
		prm, err := resolve(s)
		if err != nil {
			t.Fatal(err)
		}
		m, err := build(p, prm, grades.National())
		if err != nil {
			t.Fatal(err)
		}
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
