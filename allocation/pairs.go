package allocation

import (
	"cmp"
	"slices"
)

// pairBudget is the number of dynamic-programming cells pairPass may
// visit in one solve: about 0.2 s of work, enough for several passes over
// a PDU and a prioritised part of a region.
const pairBudget = 40_000_000

// pairPass re-optimises, for pairs of practitioners who could exchange
// cases, the split of their shared cases exactly: a 0/1 knapsack by
// dynamic programming over the points one of them receives, with the
// exact penalties of both loads. It subsumes every move, swap and
// multi-swap between the two. Pairs where either has a MaxNew limit are
// skipped. budget bounds the dynamic-programming cells visited; the pass
// returns the number of improved pairs and the budget left.
func (x *searcher) pairPass(budget int64) (int, int64) {
	m := x.m
	// The pairs: a holds a case eligible at b, or b one eligible at a.
	// nbr[i] lists, ascending, the practitioners i's cases could go to.
	np := m.np()
	nbr := make([][]int32, np)
	stamp := make([]int32, np)
	for i := range stamp {
		stamp[i] = -1
	}
	for i := range np {
		for _, j := range x.mem[i] {
			for c := m.start[j]; c < m.start[j+1]; c++ {
				if b := m.arcP[c]; int(b) != i && stamp[b] != int32(i) && m.w[j] > 0 {
					stamp[b] = int32(i)
					nbr[i] = append(nbr[i], b)
				}
			}
		}
		slices.Sort(nbr[i])
	}
	type pair struct{ a, b int32 }
	var pairs []pair
	for i := range np {
		for _, b := range nbr[i] {
			if int(b) > i {
				pairs = append(pairs, pair{int32(i), b})
			} else if _, found := slices.BinarySearch(nbr[b], int32(i)); !found {
				pairs = append(pairs, pair{b, int32(i)})
			}
		}
	}
	slices.SortFunc(pairs, func(p, q pair) int {
		if c := cmp.Compare(p.a, q.a); c != 0 {
			return c
		}
		return cmp.Compare(p.b, q.b)
	})
	n := 0
	var items []int
	var dp, next []int64
	var choice []uint64
	for _, pr := range pairs {
		a, b := int(pr.a), int(pr.b)
		if m.maxNew[a] > 0 || m.maxNew[b] > 0 {
			continue
		}
		items = items[:0]
		for _, j32 := range x.mem[a] {
			if j := int(j32); m.w[j] > 0 {
				if _, ok := m.arcIndex(j, b); ok {
					items = append(items, j)
				}
			}
		}
		for _, j32 := range x.mem[b] {
			if j := int(j32); m.w[j] > 0 {
				if _, ok := m.arcIndex(j, a); ok {
					items = append(items, j)
				}
			}
		}
		if len(items) < 2 {
			continue
		}
		slices.Sort(items)
		// dp over the net points δ that move to a, in a window of ±D
		// around the current split (D: twice the heaviest item): flipping
		// item t moves ±w_t points. dp[δ+D] is the least change of
		// Σ w_j·c_ij for a net shift δ.
		var wmax int64
		for _, j := range items {
			wmax = max(wmax, m.w[j])
		}
		D := int(2 * wmax)
		size := 2*D + 1
		cells := int64(len(items)) * int64(size)
		if cells > budget {
			continue
		}
		budget -= cells
		const inf = int64(1) << 62
		dp = slices.Grow(dp[:0], size)[:size]
		next = slices.Grow(next[:0], size)[:size]
		for s := range dp {
			dp[s] = inf
		}
		dp[D] = 0
		words := (size + 63) / 64
		choice = slices.Grow(choice[:0], len(items)*words)[:len(items)*words]
		clear(choice)
		for t, j := range items {
			ca, _ := m.arcCost(j, a)
			cb, _ := m.arcCost(j, b)
			w := int(m.w[j])
			// Flipping j: from b to a gains +w at a and costs w·(ca−cb);
			// from a to b the opposite.
			step, r := w, m.w[j]*(ca-cb)
			if x.holder(j) == a {
				step, r = -w, -r
			}
			copy(next, dp)
			row := choice[t*words : (t+1)*words]
			for s := max(0, -step); s < size && s+step < size; s++ {
				if v := dp[s]; v < inf && v+r < next[s+step] {
					next[s+step] = v + r
					row[(s+step)/64] |= 1 << ((s + step) % 64)
				}
			}
			dp, next = next, dp
		}
		la, lb := x.load[a], x.load[b]
		pa, pb := m.penalty(a, la), m.penalty(b, lb)
		bestS, bestV := D, int64(0)
		for s, v := range dp {
			if v >= inf {
				continue
			}
			d := int64(s - D)
			na, nb := la+d, lb-d
			if na > m.hcap[a] || nb > m.hcap[b] {
				continue
			}
			if t := v + m.penalty(a, na) - pa + m.penalty(b, nb) - pb; t < bestV {
				bestS, bestV = s, t
			}
		}
		if bestS == D || bestV >= 0 {
			continue
		}
		// Recover the flips and apply them.
		s := bestS
		flip := make([]bool, len(items))
		for t := len(items) - 1; t >= 0; t-- {
			row := choice[t*words : (t+1)*words]
			if row[s/64]&(1<<(s%64)) != 0 {
				flip[t] = true
				w := int(m.w[items[t]])
				if x.holder(items[t]) == a {
					s += w
				} else {
					s -= w
				}
			}
		}
		for t, j := range items {
			if !flip[t] {
				continue
			}
			dst := a
			if x.holder(j) == a {
				dst = b
			}
			c, _ := m.arcIndex(j, dst)
			x.assign(j, c)
		}
		n++
	}
	return n, budget
}
