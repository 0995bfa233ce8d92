package mcf

import (
	"context"
	"math/rand/v2"
	"testing"
)

// TestDifferential compares Solve with the reference solver on seeded
// random small graphs: same status, same optimal cost, and a certified,
// feasible flow.
func TestDifferential(t *testing.T) {
	count := 3000
	if testing.Short() {
		count = 400
	}
	r := rand.New(rand.NewPCG(1, 2))
	stats := map[Status]int{}
	for i := range count {
		n := 2 + r.IntN(7)
		density := 0.3 + r.Float64()*1.5
		if i%10 == 0 {
			// Some larger, sparser graphs give deeper trees and longer
			// stems in the tree update.
			n = 10 + r.IntN(30)
			density = (1.5 + r.Float64()*3) / float64(n)
		}
		negCost := []int64{0, 5, 20}[r.IntN(3)]
		g := randomGraph(r, n, density, negCost, r.IntN(3) == 0)
		wantStatus, wantCost, _ := refSolve(g)
		for _, bs := range []int{0, 1, 3} {
			sol, err := g.Solve(context.Background(), &Options{BlockSize: bs})
			if err != nil {
				t.Fatalf("graph %d: Solve: %v", i, err)
			}
			if sol.Status != wantStatus {
				t.Fatalf("graph %d (block %d): status %v, reference %v\n%s", i, bs, sol.Status, wantStatus, dimacsString(g))
			}
			if wantStatus != Optimal {
				continue
			}
			if msg := checkOptimal(g, sol); msg != "" {
				t.Fatalf("graph %d (block %d): %s\n%s", i, bs, msg, dimacsString(g))
			}
			if sol.Cost != wantCost {
				t.Fatalf("graph %d (block %d): cost %d, reference %d\n%s", i, bs, sol.Cost, wantCost, dimacsString(g))
			}
		}
		stats[wantStatus]++
	}
	// The generator must exercise every outcome, or the test proves little.
	for _, st := range []Status{Optimal, Infeasible, Unbounded} {
		if stats[st] < count/20 {
			t.Errorf("only %d of %d graphs were %v; generator needs tuning", stats[st], count, st)
		}
	}
	t.Logf("outcomes: %v", stats)
}
