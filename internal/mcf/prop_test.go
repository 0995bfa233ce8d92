package mcf

import (
	"context"
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

// genGraph draws a random graph of up to 10 nodes and 30 arcs with balanced
// supplies. Inf capacities go only to non-negative-cost arcs, so the
// problem is never unbounded.
func genGraph(t *rapid.T) *Graph {
	n := rapid.IntRange(1, 10).Draw(t, "n")
	m := rapid.IntRange(0, 30).Draw(t, "m")
	g := NewGraph(n)
	for range m {
		u := rapid.IntRange(0, n-1).Draw(t, "u")
		v := rapid.IntRange(0, n-1).Draw(t, "v")
		w := rapid.Int64Range(-10, 30).Draw(t, "cost")
		c := rapid.Int64Range(0, 12).Draw(t, "cap")
		if w >= 0 && rapid.IntRange(0, 5).Draw(t, "inf") == 0 {
			c = Inf
		}
		g.AddArc(u, v, c, w)
	}
	var sum int64
	for v := range n - 1 {
		b := rapid.Int64Range(-8, 8).Draw(t, "supply")
		g.SetSupply(v, b)
		sum += b
	}
	g.SetSupply(n-1, -sum)
	return g
}

// TestPropertyCertificate: an Optimal answer is feasible, conserving,
// certified by its potentials, has Cost = Σ cost×flow, and matches the
// reference; other answers match the reference status.
func TestPropertyCertificate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := genGraph(t)
		sol, err := g.Solve(context.Background(), nil)
		if err != nil {
			t.Fatalf("Solve: %v", err)
		}
		st, cost, _ := refSolve(g)
		if sol.Status != st {
			t.Fatalf("status %v, reference %v", sol.Status, st)
		}
		if st != Optimal {
			return
		}
		if msg := checkOptimal(g, sol); msg != "" {
			t.Fatal(msg)
		}
		if sol.Cost != cost {
			t.Fatalf("cost %d, reference %d", sol.Cost, cost)
		}
	})
}

// TestPropertyDeterministic: solving the same graph twice gives identical
// solutions.
func TestPropertyDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := genGraph(t)
		bs := rapid.IntRange(0, 5).Draw(t, "block")
		a, err1 := g.Solve(context.Background(), &Options{BlockSize: bs})
		b, err2 := g.Solve(context.Background(), &Options{BlockSize: bs})
		if err1 != nil || err2 != nil {
			t.Fatalf("Solve: %v, %v", err1, err2)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("two solves differ:\n%+v\n%+v", a, b)
		}
	})
}

// TestPropertyPermutation: the optimal cost does not depend on the order in
// which arcs are added, and the flow reported for each arc follows the arc.
func TestPropertyPermutation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := genGraph(t)
		m := g.NumArcs()
		perm := rapid.Permutation(identity(m)).Draw(t, "perm")
		h := NewGraph(g.NumNodes())
		for v := range g.NumNodes() {
			h.SetSupply(v, g.Supply(v))
		}
		for _, a := range perm {
			u, v, c, w := g.Arc(a)
			h.AddArc(u, v, c, w)
		}
		s1, err1 := g.Solve(context.Background(), nil)
		s2, err2 := h.Solve(context.Background(), nil)
		if err1 != nil || err2 != nil {
			t.Fatalf("Solve: %v, %v", err1, err2)
		}
		if s1.Status != s2.Status {
			t.Fatalf("status %v vs %v after permuting arcs", s1.Status, s2.Status)
		}
		if s1.Status != Optimal {
			return
		}
		if s1.Cost != s2.Cost {
			t.Fatalf("cost %d vs %d after permuting arcs", s1.Cost, s2.Cost)
		}
		if msg := checkOptimal(h, s2); msg != "" {
			t.Fatal(msg)
		}
	})
}

func identity(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}
