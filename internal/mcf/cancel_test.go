package mcf_test

import (
	"context"
	"testing"
	"time"

	"github.com/probationkit/probation/internal/mcf"
	"github.com/probationkit/probation/internal/mcf/mcftest"
)

func TestCancelBeforeStart(t *testing.T) {
	g := mcftest.Generate(3, 500, 20)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sol, err := g.Solve(ctx, nil)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if sol.Status != mcf.Canceled || sol.Iterations != 0 {
		t.Errorf("status %v after %d pivots, want Canceled after 0", sol.Status, sol.Iterations)
	}
	if sol.Flow != nil || sol.Potential != nil {
		t.Errorf("canceled solution has %d flows and %d potentials, want none", len(sol.Flow), len(sol.Potential))
	}
}

// TestCancelDuringSolve cancels a region-size solve after a few
// milliseconds. It asserts only that Solve returns Canceled, not how fast.
func TestCancelDuringSolve(t *testing.T) {
	cases, practitioners := 30000, 1000
	if testing.Short() {
		cases, practitioners = 8000, 270
	}
	g := mcftest.Generate(1, cases, practitioners)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	sol, err := g.Solve(ctx, nil)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if sol.Status != mcf.Canceled {
		t.Fatalf("status %v after %d pivots, want Canceled", sol.Status, sol.Iterations)
	}
	t.Logf("canceled after %d pivots", sol.Iterations)
}

// TestCancelFromProgress cancels from inside the Progress callback, which
// pins down when the context is checked: every CheckEvery pivots, right
// after Progress.
func TestCancelFromProgress(t *testing.T) {
	g := mcftest.Generate(2, 2000, 70)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls []int
	sol, err := g.Solve(ctx, &mcf.Options{CheckEvery: 64, Progress: func(it int) {
		calls = append(calls, it)
		if len(calls) == 3 {
			cancel()
		}
	}})
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if sol.Status != mcf.Canceled || sol.Iterations != 3*64 {
		t.Errorf("status %v after %d pivots, want Canceled after %d", sol.Status, sol.Iterations, 3*64)
	}
	if len(calls) != 3 || calls[0] != 64 || calls[1] != 128 || calls[2] != 192 {
		t.Errorf("Progress calls %v, want [64 128 192]", calls)
	}
}

// TestGeneratedInstance solves a PDU-size generated instance and checks
// the structure that the allocation model relies on.
func TestGeneratedInstance(t *testing.T) {
	inst := mcftest.GenerateInstance(7, 2000, 70, 0.95)
	g := inst.Graph
	if g.NumNodes() != 2071 || g.NumArcs() != inst.CaseArcs+6*70 {
		t.Fatalf("%d nodes, %d arcs", g.NumNodes(), g.NumArcs())
	}
	sol, err := g.Solve(context.Background(), nil)
	if err != nil || sol.Status != mcf.Optimal {
		t.Fatalf("Solve: %v, %v", sol.Status, err)
	}
	// Each case ships exactly its points.
	out := make([]int64, inst.Cases)
	for a := range inst.CaseArcs {
		u, _, _, _ := g.Arc(a)
		out[u] += sol.Flow[a]
	}
	for j, p := range inst.Points {
		if out[j] != p {
			t.Fatalf("case %d ships %d of %d points", j, out[j], p)
		}
	}
	// The potentials certify optimality.
	for a := range g.NumArcs() {
		u, v, c, w := g.Arc(a)
		rc := w + sol.Potential[u] - sol.Potential[v]
		if f := sol.Flow[a]; (f < c && rc < 0) || (f > 0 && rc > 0) {
			t.Fatalf("arc %d: flow %d of %d with reduced cost %d", a, f, c, rc)
		}
	}
	// Same seed, same instance, same optimum.
	again, _ := mcftest.Generate(7, 2000, 70).Solve(context.Background(), nil)
	if again.Cost != sol.Cost {
		t.Errorf("regenerated instance has cost %d, first %d", again.Cost, sol.Cost)
	}
}
