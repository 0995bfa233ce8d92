package mcf

import "math"

// refSolve is an independent, deliberately simple reference solver for
// small graphs, used as a differential oracle. It never shares code with the
// network simplex.
//
//  1. Unbounded: Bellman–Ford on the subgraph of uncapacitated arcs finds a
//     negative cycle there (which makes the LP unbounded whenever it is
//     feasible, and which the simplex reports as Unbounded regardless).
//  2. Feasibility: a max flow (BFS augmenting paths) from a super source to
//     a super sink must saturate all supplies.
//  3. Optimality: cancel negative-cost residual cycles (Bellman–Ford) until
//     none is left; a flow with no negative residual cycle is optimal.
//
// Uncapacitated arcs get capacity Σ|supply| + Σ finite capacities + 1 in
// steps 2–3: with no negative uncapacitated cycle, some optimal flow stays
// below that.
func refSolve(g *Graph) (Status, int64, []int64) {
	n, m := g.NumNodes(), g.NumArcs()
	// 1. Negative cycle of Inf arcs.
	{
		dist := make([]int64, n)
		changed := true
		for it := 0; it <= n && changed; it++ {
			changed = false
			for a := range m {
				u, v, c, w := g.Arc(a)
				if c < Inf {
					continue
				}
				if dist[u]+w < dist[v] {
					dist[v] = dist[u] + w
					changed = true
				}
			}
		}
		if changed {
			return Unbounded, 0, nil
		}
	}
	var big int64 = 1
	for v := range n {
		big += abs64(g.Supply(v))
	}
	for a := range m {
		if _, _, c, _ := g.Arc(a); c < Inf {
			big += c
		}
	}
	// Residual graph: arc 2a forward, 2a+1 backward; nodes n (S), n+1 (T).
	type edge struct {
		to   int
		capa int64
		cost int64
	}
	N := n + 2
	S, T := n, n+1
	var edges []edge
	adj := make([][]int, N)
	addEdge := func(u, v int, c, w int64) {
		adj[u] = append(adj[u], len(edges))
		edges = append(edges, edge{v, c, w})
		adj[v] = append(adj[v], len(edges))
		edges = append(edges, edge{u, 0, -w})
	}
	for a := range m {
		u, v, c, w := g.Arc(a)
		if c >= Inf {
			c = big
		}
		addEdge(u, v, c, w)
	}
	var need int64
	for v := range n {
		if b := g.Supply(v); b > 0 {
			addEdge(S, v, b, 0)
			need += b
		} else if b < 0 {
			addEdge(v, T, -b, 0)
		}
	}
	// 2. Max flow by BFS augmenting paths.
	from := make([]int, N)
	for {
		for i := range from {
			from[i] = -1
		}
		from[S] = -2
		queue := []int{S}
		for len(queue) > 0 && from[T] == -1 {
			u := queue[0]
			queue = queue[1:]
			for _, e := range adj[u] {
				if edges[e].capa > 0 && from[edges[e].to] == -1 {
					from[edges[e].to] = e
					queue = append(queue, edges[e].to)
				}
			}
		}
		if from[T] == -1 {
			break
		}
		d := int64(math.MaxInt64)
		for v := T; v != S; v = edges[from[v]^1].to {
			d = min(d, edges[from[v]].capa)
		}
		for v := T; v != S; v = edges[from[v]^1].to {
			edges[from[v]].capa -= d
			edges[from[v]^1].capa += d
		}
		need -= d
	}
	if need != 0 {
		return Infeasible, 0, nil
	}
	// 3. Cycle cancelling.
	dist := make([]int64, N)
	pe := make([]int, N)
	for {
		for i := range dist {
			dist[i] = 0
			pe[i] = -1
		}
		x := -1
		for it := 0; it < N; it++ {
			x = -1
			for u := range N {
				for _, e := range adj[u] {
					if edges[e].capa > 0 && dist[u]+edges[e].cost < dist[edges[e].to] {
						dist[edges[e].to] = dist[u] + edges[e].cost
						pe[edges[e].to] = e
						x = edges[e].to
					}
				}
			}
			if x < 0 {
				break
			}
		}
		if x < 0 {
			break
		}
		for range N {
			x = edges[pe[x]^1].to
		}
		d := int64(math.MaxInt64)
		for v := x; ; {
			e := pe[v]
			d = min(d, edges[e].capa)
			v = edges[e^1].to
			if v == x {
				break
			}
		}
		for v := x; ; {
			e := pe[v]
			edges[e].capa -= d
			edges[e^1].capa += d
			v = edges[e^1].to
			if v == x {
				break
			}
		}
	}
	flow := make([]int64, m)
	var cost int64
	for a := range m {
		flow[a] = edges[2*a+1].capa
		_, _, _, w := g.Arc(a)
		cost += flow[a] * w
	}
	return Optimal, cost, flow
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
