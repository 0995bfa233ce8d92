package allocation

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// crafted draws a small problem with uneven loads, mixed grades and
// weights, hard caps and new-case limits, and builds its model.
func crafted(t *rapid.T) *model {
	return craftedModel(t, Anywhere, craftedProblem(t, []string{"A", "B"}, 2, 6, 2, 24, []int{13, 29, 51, 79, 110, 146}))
}

// craftedModel builds p's model under scope, with a drawn hard cap or
// none.
func craftedModel(t *rapid.T, scope Scope, p *Problem) *model {
	s := &Settings{Scope: scope}
	if rapid.Bool().Draw(t, "capped") {
		s.HardCap = rapid.SampledFrom([]int{110, 130}).Draw(t, "cap")
	}
	return testModel(t, p, s)
}

// testModel builds p's model under s and the national policy, failing t
// on an error.
func testModel(t rapid.TB, p *Problem, s *Settings) *model {
	t.Helper()
	prm, err := resolve(s)
	if err != nil {
		t.Fatal(err)
	}
	m, err := build(p, prm, grades.National())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// craftedProblem draws a problem of np (npMin to npMax) POs and PSOs in
// the teams given, with random capacities, loads and new-case limits, and
// nc (ncMin to ncMax) cases of the points given, random tiers, RoSH and
// teams, a quarter held by a practitioner.
func craftedProblem(t *rapid.T, teams []string, npMin, npMax, ncMin, ncMax int, points []int) *Problem {
	np := rapid.IntRange(npMin, npMax).Draw(t, "practitioners")
	nc := rapid.IntRange(ncMin, ncMax).Draw(t, "cases")
	p := &Problem{}
	for i := range np {
		p.Practitioners = append(p.Practitioners, Practitioner{
			ID:        fmt.Sprintf("p%d", i),
			Grade:     rapid.SampledFrom([]grades.Grade{grades.PO, grades.PSO}).Draw(t, "grade"),
			Team:      rapid.SampledFrom(teams).Draw(t, "team"),
			Available: rapid.IntRange(100, 600).Draw(t, "available"),
			Load:      rapid.IntRange(0, 500).Draw(t, "load"),
			MaxNew:    rapid.SampledFrom([]int{0, 0, 0, 2}).Draw(t, "maxnew"),
			Location:  craftedLocation(t),
		})
	}
	for j := range nc {
		tier := tiering.Tier(rapid.IntRange(1, 16).Draw(t, "tier"))
		c := Case{
			ID:       fmt.Sprintf("c%02d", j),
			Points:   rapid.SampledFrom(points).Draw(t, "points"),
			Tier:     tier,
			Team:     rapid.SampledFrom(teams).Draw(t, "cteam"),
			Risk:     grades.Profile{Tier: tier, RoSH: rapid.SampledFrom([]tiering.RoSH{tiering.RoSHLow, tiering.RoSHMedium, tiering.RoSHHigh}).Draw(t, "rosh")},
			Location: craftedLocation(t),
		}
		if rapid.IntRange(0, 3).Draw(t, "history") == 0 {
			c.Current = fmt.Sprintf("p%d", rapid.IntRange(0, np-1).Draw(t, "current"))
		}
		p.Cases = append(p.Cases, c)
	}
	return p
}

// craftedLocation draws a location within 40 km of the origin, or none.
func craftedLocation(t *rapid.T) caseload.Location {
	if rapid.IntRange(0, 3).Draw(t, "located") == 0 {
		return caseload.Location{}
	}
	return caseload.Location{X: rapid.Float64Range(1, 40).Draw(t, "x"), Y: rapid.Float64Range(1, 40).Draw(t, "y")}
}

// startSearch places the cases with a seeded random strategy (within the
// hard limits) and returns a searcher with the relaxation's prices.
func startSearch(t *rapid.T, m *model) *searcher {
	st := random(m, rapid.Uint64().Draw(t, "seed"), nil)
	x := newSearcher(context.Background(), st, nil)
	rel, err := m.relax(context.Background(), flowCost, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	x.prices = newPrices(m, rel)
	return x
}

// checkSearcher checks the searcher's bookkeeping against the allocation
// and the hard limits that held at the start.
func checkSearcher(t *rapid.T, x *searcher, capOK []bool) {
	m := x.m
	if got := x.total(); got != x.obj {
		t.Fatalf("kept objective %d, recomputed %d", x.obj, got)
	}
	load := append([]int64(nil), m.load0...)
	nnew := make([]int32, m.np())
	for j, a := range x.arc {
		if a < 0 {
			continue
		}
		if a < m.start[j] || a >= m.start[j+1] {
			t.Fatalf("case %d on pair %d, not one of its own", j, a)
		}
		i := int(m.arcP[a])
		load[i] += m.w[j]
		if m.isNew(j, i) {
			nnew[i]++
		}
		if x.mem[i][x.pos[j]] != int32(j) {
			t.Fatalf("member list of %d out of step for case %d", i, j)
		}
	}
	for i := range load {
		if load[i] != x.load[i] || nnew[i] != x.nnew[i] {
			t.Fatalf("practitioner %d: load %d/%d, new %d/%d", i, x.load[i], load[i], x.nnew[i], nnew[i])
		}
		if capOK[i] && load[i] > m.hcap[i] {
			t.Fatalf("practitioner %d passed the hard cap: %d > %d", i, load[i], m.hcap[i])
		}
		if m.maxNew[i] > 0 && nnew[i] > max(m.maxNew[i], 0) && capOK[i] {
			t.Fatalf("practitioner %d received %d new cases, limit %d", i, nnew[i], m.maxNew[i])
		}
		if x.pen[i] != m.penalty(i, load[i]) {
			t.Fatalf("practitioner %d: cached penalty %d, true %d", i, x.pen[i], m.penalty(i, load[i]))
		}
	}
}

// TestNeighbourhoods runs each neighbourhood's pass on random allocations
// that keep the hard limits: a pass never breaks a hard rule or a limit
// and never makes the objective worse, and the core's bookkeeping stays
// exact. The perturbation is checked as a whole (a kick alone may
// worsen; perturb keeps a kick only when it does not).
func TestNeighbourhoods(t *testing.T) {
	kinds := []nbKind{nbMove, nbFill, nbChain, nbPair}
	for _, k := range kinds {
		t.Run(fmt.Sprintf("nb%d", k), func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				m := crafted(t)
				x := startSearch(t, m)
				capOK := make([]bool, m.np())
				for i := range capOK {
					capOK[i] = x.load[i] <= m.hcap[i] && (m.maxNew[i] == 0 || x.nnew[i] <= m.maxNew[i])
				}
				for range 3 {
					before := x.total()
					x.neighbourhood(k).pass(x)
					checkSearcher(t, x, capOK)
					if x.obj > before {
						t.Fatalf("a pass raised the objective from %d to %d", before, x.obj)
					}
				}
			})
		})
	}
	t.Run("perturb", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			m := crafted(t)
			x := startSearch(t, m)
			// held: the descent of mostly held cases (heldKickDescent).
			x.held = rapid.Bool().Draw(t, "held")
			capOK := make([]bool, m.np())
			for i := range capOK {
				capOK[i] = x.load[i] <= m.hcap[i] && (m.maxNew[i] == 0 || x.nnew[i] <= m.maxNew[i])
			}
			before := x.total()
			x.perturb(int64(rapid.IntRange(1, 20000).Draw(t, "budget")))
			checkSearcher(t, x, capOK)
			if x.obj > before {
				t.Fatalf("perturb raised the objective from %d to %d", before, x.obj)
			}
		})
	})
}

// TestDescendEnds: the driver ends on every schedule and leaves no
// improving single move behind.
func TestDescendEnds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := crafted(t)
		x := startSearch(t, m)
		x.descend(kickDescent)
		if n := x.moves.pass(x); n != 0 {
			t.Fatalf("descend left %d improving moves", n)
		}
	})
}

// TestPairPrune checks the bound by which the pair neighbourhood drops
// cases (pairDP.prune): every re-split of two practitioners without a
// MaxNew limit (the pairs the neighbourhood visits) that flips a dropped
// case, with any other flips, and keeps both within their hard caps, does
// not lower the objective.
func TestPairPrune(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := crafted(t)
		x := startSearch(t, m)
		if x.prices == nil {
			t.Skip("no prices")
		}
		var pd pairDP
		for a := range m.np() {
			for b := a + 1; b < m.np(); b++ {
				if m.maxNew[a] > 0 || m.maxNew[b] > 0 {
					continue
				}
				var items []int
				for _, i := range [2]int{a, b} {
					other := a + b - i
					for _, j := range x.mem[i] {
						if _, ok := m.arcIndex(int(j), other); ok && m.w[j] > 0 {
							items = append(items, int(j))
						}
					}
				}
				all := slices.Clone(items)
				kept := pd.prune(x, a, b, x.arcRow(a), x.arcRow(b), items)
				for _, j := range all {
					if slices.Contains(kept, j) {
						continue
					}
					// j is dropped: flip it with random others.
					for range 4 {
						x.startLog()
						before := x.obj
						for _, k := range all {
							if k != j && !rapid.Bool().Draw(t, "flip") {
								continue
							}
							dst := a + b - x.holder(k)
							c, _ := m.arcIndex(k, dst)
							x.assign(k, c)
						}
						if x.obj < before && x.load[a] <= m.hcap[a] && x.load[b] <= m.hcap[b] {
							t.Fatalf("pair (%d, %d): a re-split flipping dropped case %d lowers the objective from %d to %d", a, b, j, before, x.obj)
						}
						x.revert()
					}
				}
			}
		}
	})
}

// TestChainBound: with the relaxation's prices, whose bound leaves out
// chains that cannot gain, the ejection chains apply the same steps as
// without them.
func TestChainBound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := crafted(t)
		st := random(m, rapid.Uint64().Draw(t, "seed"), nil)
		plain := newSearcher(context.Background(), m.stateOf(slices.Clone(st.arc)), nil)
		priced := newSearcher(context.Background(), st, nil)
		rel, err := m.relax(context.Background(), flowCost, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		priced.prices = newPrices(m, rel)
		for pass := range 3 {
			n1, n2 := plain.chains.pass(plain), priced.chains.pass(priced)
			if n1 != n2 || !slices.Equal(plain.arc, priced.arc) {
				t.Fatalf("pass %d: %d chains without prices, %d with, allocations differ: %v", pass, n1, n2, !slices.Equal(plain.arc, priced.arc))
			}
		}
	})
}

// TestEffortBudget: Settings.Effort multiplies the perturbation budget,
// 0 meaning 1, and a daily batch (fewer than two cases per practitioner)
// gets none at any effort.
func TestEffortBudget(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := craftedProblem(t, []string{"A"}, 2, 6, 1, 24, []int{13, 29, 51})
		effort := rapid.IntRange(0, maxEffort).Draw(t, "effort")
		budget := func(effort int) int64 { return testModel(t, p, &Settings{Effort: effort}).perturbBudget() }
		base := budget(1)
		if got, want := budget(effort), base*int64(max(effort, 1)); got != want {
			t.Fatalf("Effort %d: budget %d, want %d (Effort 1's %d times the effort)", effort, got, want, base)
		}
		if len(p.Cases) < 2*len(p.Practitioners) && base != 0 {
			t.Fatalf("%d cases for %d practitioners: budget %d, want none", len(p.Cases), len(p.Practitioners), base)
		}
	})
}
