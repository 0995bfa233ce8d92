package allocation

import (
	"slices"
)

// pairBudget is the number of dynamic-programming cells the pair
// neighbourhood may visit in one search: about 0.2 s of work, enough for
// several passes over a PDU and, pruned by the relaxation's prices, over
// every pair of a region.
const pairBudget = 40_000_000

// pairNB is the neighbourhood of exact two-practitioner re-splits: for
// pairs of practitioners who could exchange cases, the split of the cases
// they share is re-optimised exactly, as a 0/1 knapsack by dynamic
// programming over the points one of them receives, with the exact
// penalties of both loads. It subsumes every move, swap and multi-swap
// between the two. Pairs where either has a MaxNew limit are skipped.
// With the relaxation's prices, the cases that no improving re-split
// can flip are left out of the program first (pairDP.prune): on the
// region shape that is most of them, and the descents' pair passes,
// which had spent the budget on a part of the pairs, take 18,000,000
// cells instead of 277,000,000 for the same gains (region 0.1047% →
// 0.0986%, rebalance 0.390% → 0.355%).
type pairNB struct {
	clock  int32            // the searcher's clock at the start of the last pass
	seen   map[uint64]int32 // seen[a<<32|b]: the clock at which the pair was last found optimal
	dp     pairDP
	budget int64 // dynamic-programming cells left for the whole search
}

// pass re-optimises the pairs of which one practitioner changed since
// the last pass, within the cells budget left; it returns the number of
// pairs improved (0 once the budget is spent).
func (nb *pairNB) pass(x *searcher) int {
	m := x.m
	if nb.budget <= 0 {
		return 0
	}
	pairs := x.pairsToVisit(&nb.clock, nil)
	if nb.seen == nil {
		nb.seen = make(map[uint64]int32, len(pairs))
	}
	n := 0
	for _, key := range pairs {
		if x.stopped() {
			break
		}
		a, b := int(key>>32), int(uint32(key))
		if m.maxNew[a] > 0 || m.maxNew[b] > 0 {
			continue
		}
		if seen, ok := nb.seen[key]; ok && seen >= x.changed[a] && seen >= x.changed[b] {
			continue
		}
		var ok bool
		if ok, nb.budget = nb.dp.solve(x, a, b, nb.budget); !ok {
			continue
		}
		if s, v := nb.dp.best(x, a, b); v < 0 {
			nb.dp.apply(x, a, b, s)
			n++
			x.applied()
		}
		nb.seen[key] = x.clock
	}
	return n
}

// pairDP is the dynamic program of one pair of practitioners a and b,
// with its buffers kept between pairs.
type pairDP struct {
	items  []int    // the cases that may change sides, ascending
	rcs    []int64  // scratch of prune: each item's change of reduced cost
	dp     []int64  // dp[δ+D]: least change of Σ w_j·c_ij for a net shift δ of points to a
	choice []uint64 // per item, the bit set of states reached by flipping it
	D      int      // window half-width: twice the heaviest item
	words  int      // words per row of choice
	flip   []bool
}

const dpInf = int64(1) << 62

// solve fills the dynamic program of the pair (a, b) (a knapsack over the
// net points δ moved to a, in a window of ±D around the current split,
// D twice the heaviest item; flipping an item moves ±w_j points) if it
// fits in budget cells; it reports whether it did and returns the budget
// left.
func (pd *pairDP) solve(x *searcher, a, b int, budget int64) (bool, int64) {
	m := x.m
	items := pd.items[:0]
	rowA, rowB := x.arcRow(a), x.arcRow(b)
	for _, j32 := range x.mem[a] {
		if j := int(j32); m.w[j] > 0 {
			if x.pairAt(rowB, j, b) >= 0 {
				items = append(items, j)
			}
		}
	}
	for _, j32 := range x.mem[b] {
		if j := int(j32); m.w[j] > 0 {
			if x.pairAt(rowA, j, a) >= 0 {
				items = append(items, j)
			}
		}
	}
	if len(items) < 2 {
		pd.items = items
		return false, budget
	}
	if x.prices != nil {
		// Pruned, one case may be left: it is then the only flip that
		// could pay.
		if items = pd.prune(x, a, b, rowA, rowB, items); len(items) == 0 {
			pd.items = items
			return false, budget
		}
	}
	pd.items = items
	slices.Sort(items)
	var wmax int64
	for _, j := range items {
		wmax = max(wmax, m.w[j])
	}
	D := int(2 * wmax)
	size := 2*D + 1
	cells := int64(len(items)) * int64(size)
	if cells > budget {
		return false, budget
	}
	budget -= cells
	x.work += cells
	pd.D = D
	pd.dp = slices.Grow(pd.dp[:0], size)[:size]
	dp := pd.dp
	for s := range dp {
		dp[s] = dpInf
	}
	dp[D] = 0
	lo, hi := D, D // the states reached so far lie in dp[lo..hi]
	words := (size + 63) / 64
	pd.words = words
	pd.choice = slices.Grow(pd.choice[:0], len(items)*words)[:len(items)*words]
	clear(pd.choice)
	for t, j := range items {
		ca, cb := m.arcC[x.pairAt(rowA, j, a)], m.arcC[x.pairAt(rowB, j, b)]
		w := int(m.w[j])
		// Flipping j: from b to a gains +w at a and costs w·(ca−cb);
		// from a to b the opposite. The update runs in place, away from
		// the direction of the step, as in a 0/1 knapsack.
		step, r := w, m.w[j]*(ca-cb)
		if x.holder(j) == a {
			step, r = -w, -r
		}
		row := pd.choice[t*words : (t+1)*words]
		if step > 0 {
			for s := min(hi, size-1-step); s >= lo; s-- {
				if v := dp[s] + r; dp[s] < dpInf && v < dp[s+step] {
					dp[s+step] = v
					row[(s+step)/64] |= 1 << ((s + step) % 64)
				}
			}
			hi = min(hi+step, size-1)
		} else {
			for s := max(lo, -step); s <= hi; s++ {
				if v := dp[s] + r; dp[s] < dpInf && v < dp[s+step] {
					dp[s+step] = v
					row[(s+step)/64] |= 1 << ((s + step) % 64)
				}
			}
			lo = max(lo+step, 0)
		}
	}
	return true, budget
}

// prune drops from items the cases whose flip alone raises the reduced
// cost by at least the most the pair could gain, and returns the rest.
//
// With the relaxation's prices (mu, and rc the reduced cost), the change
// of the objective of any re-split of a and b is, exactly,
//
//	Σ_{j flipped} Δrc_j + Δdev_a + Δdev_b
//
// where Δrc_j = w_j·(rc of j's other pair − rc of its pair now)/g and
// dev_i(l) = P_i(l) − P_i(λ_i) − mu_i·(l − λ_i)/g, λ_i the relaxed load:
// the terms mu_i·δ/g of the two loads cancel against the pair costs.
// dev_i is at least 0 at every load within i's hard cap that the search
// can reach (mu_i is a subgradient of P_i, on the lattice of g points, at
// λ_i; past the cap the flow has no arc), and the program keeps both
// loads within their caps, so no re-split gains more than
//
//	UB = dev_a + dev_b + Σ_j max(0, −Δrc_j)
//
// and a case with Δrc_j ≥ UB is in no improving re-split. Where the
// prices are not those of an optimal flow the bound may be wrong; then
// prune only misses re-splits, since the program prices every kept flip
// exactly (and a deviation below 0, which only such prices give, counts
// as 0). Everything is computed times g, in integers.
func (pd *pairDP) prune(x *searcher, a, b int, rowA, rowB []int32, items []int) []int {
	m := x.m
	g, mu := x.prices.rel.g, x.prices.rel.mu
	rcs := pd.rcs[:0]
	ub := max(x.devG(a), 0) + max(x.devG(b), 0)
	for _, j := range items {
		src, dst, row := a, b, rowB
		if x.holder(j) == b {
			src, dst, row = b, a, rowA
		}
		d := m.w[j] * (g*(m.arcC[x.pairAt(row, j, dst)]-m.arcC[x.arc[j]]) + mu[dst] - mu[src])
		rcs = append(rcs, d)
		if d < 0 {
			ub -= d
		}
	}
	pd.rcs = rcs
	kept := items[:0]
	for t, j := range items {
		if rcs[t] < ub {
			kept = append(kept, j)
		}
	}
	x.work += int64(len(items))
	return kept
}

// devG is g times practitioner i's deviation at its load (deviation),
// exactly: g·P_i(l) − mu_i·l − devBase[i], from the cached penalty.
func (x *searcher) devG(i int) int64 {
	if x.devBase == nil {
		m, r := x.m, x.prices.rel
		x.devBase = make([]int64, m.np())
		for q := range x.devBase {
			lp := x.prices.lpLoad[q]
			x.devBase[q] = r.g*m.penalty(q, lp) - r.mu[q]*lp
		}
	}
	r := x.prices.rel
	return r.g*x.pen[i] - r.mu[i]*x.load[i] - x.devBase[i]
}

// best returns the state of the solved program with the least change of
// the objective (placement costs plus the exact penalties of a and b,
// within the hard caps) and that change; ties keep the current split.
func (pd *pairDP) best(x *searcher, a, b int) (int, int64) {
	m := x.m
	D := pd.D
	la, lb := x.load[a], x.load[b]
	pa, pb := m.penalty(a, la), m.penalty(b, lb)
	bandA, bandB := m.bandOf(a, la), m.bandOf(b, lb)
	bestS, bestV := D, int64(0)
	for s, v := range pd.dp {
		if v >= dpInf {
			continue
		}
		d := int64(s - D)
		na, nb := la+d, lb-d
		if na > m.hcap[a] || nb > m.hcap[b] {
			continue
		}
		if t := v + m.penaltyIn(&bandA, na) - pa + m.penaltyIn(&bandB, nb) - pb; t < bestV {
			bestS, bestV = s, t
		}
	}
	return bestS, bestV
}

// apply recovers the flips that reach state s and applies them.
func (pd *pairDP) apply(x *searcher, a, b, s int) {
	m := x.m
	items := pd.items
	pd.flip = slices.Grow(pd.flip[:0], len(items))[:len(items)]
	clear(pd.flip)
	words := pd.words
	for t := len(items) - 1; t >= 0; t-- {
		row := pd.choice[t*words : (t+1)*words]
		if row[s/64]&(1<<(s%64)) != 0 {
			pd.flip[t] = true
			w := int(m.w[items[t]])
			if x.holder(items[t]) == a {
				s += w
			} else {
				s -= w
			}
		}
	}
	for t, j := range items {
		if !pd.flip[t] {
			continue
		}
		dst := a
		if x.holder(j) == a {
			dst = b
		}
		c, _ := m.arcIndex(j, dst)
		x.assign(j, c)
	}
}

// pairsToVisit lists, as a<<32|b with a < b in ascending order, the pairs
// of practitioners that could exchange a case (a holds a case eligible at
// b, or b one eligible at a) and of which one changed after clock *last,
// and sets *last to the clock now. With pr (the fills), it lists only the
// pairs that could exchange a case at equal reduced cost under pr: the
// only ones where fillDP finds a case to move.
func (x *searcher) pairsToVisit(last *int32, pr *prices) []uint64 {
	m := x.m
	since := *last
	*last = x.clock
	if x.mark == nil {
		x.mark = make([]int32, m.np())
		for i := range x.mark {
			x.mark[i] = -1
		}
	}
	var g int64
	var mu []int64
	if pr != nil {
		g, mu = pr.rel.g, pr.rel.mu
	}
	keys := x.keys[:0]
	x.work += int64(m.np())
	for i := range m.np() {
		if x.changed[i] <= since {
			continue
		}
		add := func(b int) {
			if b == i || x.mark[b] == int32(i) {
				return
			}
			x.mark[b] = int32(i)
			if i < b {
				keys = append(keys, uint64(i)<<32|uint64(b))
			} else {
				keys = append(keys, uint64(b)<<32|uint64(i))
			}
		}
		for _, j := range x.mem[i] {
			if m.w[j] == 0 {
				continue
			}
			lo, hi := m.start[j], m.start[j+1]
			x.work += int64(hi - lo)
			if mu == nil {
				for c := lo; c < hi; c++ {
					add(int(m.arcP[c]))
				}
				continue
			}
			// Reduced cost g·c + mu − nu_j of j's pair here, less nu_j,
			// which cancels.
			rc := g*m.arcC[x.arc[j]] + mu[i]
			for c := lo; c < hi; c++ {
				if b := m.arcP[c]; g*m.arcC[c]+mu[b] == rc {
					add(int(b))
				}
			}
		}
		// The pairs with the holders of the cases eligible here; a
		// holder that changed lists its own (the relation is symmetric).
		row := x.arcRow(i)
		for _, j := range x.rcase[x.rstart[i]:x.rstart[i+1]] {
			h := x.holder(int(j))
			if h < 0 || h == i || m.w[j] == 0 || x.changed[h] > since {
				continue
			}
			if mu != nil && g*m.arcC[x.pairAt(row, int(j), i)]+mu[i] != g*m.arcC[x.arc[j]]+mu[h] {
				continue
			}
			add(h)
		}
		x.mark[i] = -1
		if x.tick(int64(x.rstart[i+1]-x.rstart[i]) + 1) {
			break
		}
	}
	for _, k := range keys {
		x.mark[k>>32], x.mark[uint32(k)] = -1, -1
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	x.keys = keys
	return keys
}
