package mcf

import (
	"bytes"
	"fmt"
	"math/rand/v2"
)

// checkOptimal verifies an Optimal solution from first principles: flow
// within bounds, conservation at every node, Cost = Σ cost×flow, and the
// potentials certify optimality (complementary slackness). It returns a
// description of the first violation, or "".
func checkOptimal(g *Graph, sol *Solution) string {
	n, m := g.NumNodes(), g.NumArcs()
	if sol.Status != Optimal {
		return fmt.Sprintf("status %v, want Optimal", sol.Status)
	}
	if len(sol.Flow) != m || len(sol.Potential) != n {
		return fmt.Sprintf("len(Flow)=%d len(Potential)=%d, want %d, %d", len(sol.Flow), len(sol.Potential), m, n)
	}
	bal := make([]int64, n)
	var cost int64
	for a := range m {
		u, v, c, w := g.Arc(a)
		f := sol.Flow[a]
		if f < 0 || f > c {
			return fmt.Sprintf("arc %d: flow %d outside [0, %d]", a, f, c)
		}
		bal[u] += f
		bal[v] -= f
		cost += f * w
		rc := w + sol.Potential[u] - sol.Potential[v]
		if f < c && rc < 0 {
			return fmt.Sprintf("arc %d (%d→%d): flow %d < cap %d but reduced cost %d < 0", a, u, v, f, c, rc)
		}
		if f > 0 && rc > 0 {
			return fmt.Sprintf("arc %d (%d→%d): flow %d > 0 but reduced cost %d > 0", a, u, v, f, rc)
		}
	}
	for v := range n {
		if bal[v] != g.Supply(v) {
			return fmt.Sprintf("node %d: net outflow %d, supply %d", v, bal[v], g.Supply(v))
		}
	}
	if cost != sol.Cost {
		return fmt.Sprintf("Cost %d, but Σ cost×flow = %d", sol.Cost, cost)
	}
	return ""
}

// randomGraph builds a small random graph: n nodes, about density·n² arcs
// (parallel arcs and loops allowed), costs in [-negCost, 20], capacities in
// [0, 10] or Inf, and balanced random supplies. With infNeg false, Inf
// capacities go only to arcs of non-negative cost.
func randomGraph(r *rand.Rand, n int, density float64, negCost int64, infNeg bool) *Graph {
	g := NewGraph(n)
	m := int(density * float64(n*n))
	for range m {
		u, v := r.IntN(n), r.IntN(n)
		c := r.Int64N(11)
		w := r.Int64N(21+negCost) - negCost
		if r.IntN(6) == 0 && (infNeg || w >= 0) {
			c = Inf
		}
		g.AddArc(u, v, c, w)
	}
	var sum int64
	for v := range n - 1 {
		b := r.Int64N(13) - 6
		g.SetSupply(v, b)
		sum += b
	}
	g.SetSupply(n-1, -sum)
	return g
}

// dimacsString renders g for failure messages.
func dimacsString(g *Graph) string {
	var b bytes.Buffer
	if err := g.WriteDIMACS(&b, ""); err != nil {
		return err.Error()
	}
	return b.String()
}
