package mcf

import (
	"context"
	"reflect"
	"slices"
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
		h := reordered(g, perm)
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

// reordered returns g with its arcs added in the given order of g's arc
// indices.
func reordered(g *Graph, order []int) *Graph {
	h := NewGraph(g.NumNodes())
	for v := range g.NumNodes() {
		h.SetSupply(v, g.Supply(v))
	}
	for _, a := range order {
		u, v, c, w := g.Arc(a)
		h.AddArc(u, v, c, w)
	}
	return h
}

func identity(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

// TestPropertyInPlace: a graph whose arcs are added in the order of
// NewSpread, solved in place, gives the flow and potentials of the same
// graph solved with Solve's own interleaved copy; Spread.Pos is a
// permutation.
func TestPropertyInPlace(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := genGraph(t)
		m := g.NumArcs()
		sp := NewSpread(m)
		order := make([]int, m)
		seen := make([]bool, m)
		for a := range m {
			p := sp.Pos(a)
			if p < 0 || p >= m || seen[p] {
				t.Fatalf("Pos(%d) = %d: not a permutation of %d", a, p, m)
			}
			seen[p] = true
			order[p] = a
		}
		h := reordered(g, order)
		s1, err1 := g.Solve(context.Background(), nil)
		s2, err2 := h.Solve(context.Background(), &Options{InPlace: true})
		if err1 != nil || err2 != nil {
			t.Fatalf("Solve: %v, %v", err1, err2)
		}
		if s1.Status != s2.Status || s1.Iterations != s2.Iterations || s1.Cost != s2.Cost {
			t.Fatalf("copy: %v after %d pivots, cost %d; in place: %v after %d pivots, cost %d", s1.Status, s1.Iterations, s1.Cost, s2.Status, s2.Iterations, s2.Cost)
		}
		if s1.Status != Optimal {
			return
		}
		for p, a := range order {
			if s1.Flow[a] != s2.Flow[p] {
				t.Fatalf("arc %d: flow %d, in place %d", a, s1.Flow[a], s2.Flow[p])
			}
		}
		if !slices.Equal(s1.Potential, s2.Potential) {
			t.Fatalf("potentials differ")
		}
		if msg := checkOptimal(h, s2); msg != "" {
			t.Fatal(msg)
		}
	})
}
