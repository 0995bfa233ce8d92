package allocation

import (
	"math/bits"
	"slices"
)

// fillNB is the neighbourhood of re-splits at equal reduced cost: for a
// pair of practitioners, the cases they may exchange without changing the
// reduced cost of the flow are re-split at the exactly best net shift of
// points (fillDP). Whole cases rarely fill a practitioner to the
// breakpoint the relaxation fills, and that is most of the gap; this
// neighbourhood closes it. It needs the relaxation's prices.
type fillNB struct {
	clock int32            // the searcher's clock at the start of the last pass
	seen  map[uint64]int32 // seen[a<<32|b]: the clock at which the pair was last found best
	dp    fillDP
}

// fillDP is a reachability program over the cases two practitioners a and
// b may exchange at no change of reduced cost: rc[dst] = rc[src], with rc
// the flow's reduced cost per unit of each pair. For such an exchange the
// change of Σ w_j·c_ij depends only on the net points δ moved to a: it is
// −δ·(mu_a − mu_b)/g, with mu the flow's marginal penalties. So a bit set
// of the reachable δ, 64 states a word, prices every exchange exactly, and
// the pair is re-split at the best δ for the exact penalties.
type fillDP struct {
	items []int    // the cases that may change sides
	steps []int    // the change of δ if each flips
	reach []uint64 // row t+1: the states reachable by flipping items 0..t; row 0: none flipped
	D     int      // state s is δ = s − D
	words int      // words per row of reach
	flip  []bool
}

// solve fills the program of pair (a, b) over net shifts within twice the
// heaviest case that may move, as pairDP; it reports false when no case
// could move.
func (fd *fillDP) solve(x *searcher, a, b int) bool {
	m := x.m
	g, mu := x.prices.rel.g, x.prices.rel.mu
	items := fd.items[:0]
	steps := fd.steps[:0]
	var wsum, wmax int64
	for _, pair := range [2][2]int{{a, b}, {b, a}} {
		src, dst := pair[0], pair[1]
		row := x.arcRow(dst)
		for _, j32 := range x.mem[src] {
			j := int(j32)
			if m.w[j] == 0 {
				continue
			}
			c := int32(-1)
			if row != nil {
				c = row[j]
			} else if cc, ok := m.arcIndex(j, dst); ok {
				c = cc
			}
			// Equal reduced costs g·c + mu − nu of j's two pairs (nu_j
			// cancels).
			if c < 0 || g*m.arcC[c]+mu[dst] != g*m.arcC[x.arc[j]]+mu[src] {
				continue
			}
			items = append(items, j)
			if src == a {
				steps = append(steps, -int(m.w[j]))
			} else {
				steps = append(steps, int(m.w[j]))
			}
			wsum += m.w[j]
			wmax = max(wmax, m.w[j])
		}
	}
	fd.items, fd.steps = items, steps
	if len(items) == 0 {
		return false
	}
	D := int(min(wsum, 2*wmax))
	size := 2*D + 1
	words := (size + 63) / 64
	fd.D, fd.words = D, words
	fd.reach = slices.Grow(fd.reach[:0], (len(items)+1)*words)[:(len(items)+1)*words]
	clear(fd.reach[:words])
	fd.reach[D/64] |= 1 << (D % 64)
	for t, st := range steps {
		prev := fd.reach[t*words : (t+1)*words]
		cur := fd.reach[(t+1)*words : (t+2)*words]
		copy(cur, prev)
		if st > 0 {
			orShiftUp(cur, prev, st)
		} else {
			orShiftDown(cur, prev, -st)
		}
		// Drop the bits past the window.
		if r := size % 64; r != 0 {
			cur[words-1] &= 1<<r - 1
		}
	}
	x.work += int64(len(items) * words)
	return true
}

// orShiftUp sets dst |= src << k (bit i of src to bit i+k).
func orShiftUp(dst, src []uint64, k int) {
	wq, r := k/64, uint(k%64)
	for i := len(dst) - 1; i >= wq; i-- {
		v := src[i-wq] << r
		if r != 0 && i-wq-1 >= 0 {
			v |= src[i-wq-1] >> (64 - r)
		}
		dst[i] |= v
	}
}

// orShiftDown sets dst |= src >> k.
func orShiftDown(dst, src []uint64, k int) {
	wq, r := k/64, uint(k%64)
	n := len(dst)
	for i := 0; i+wq < n; i++ {
		v := src[i+wq] >> r
		if r != 0 && i+wq+1 < n {
			v |= src[i+wq+1] << (64 - r)
		}
		dst[i] |= v
	}
}

// best returns the reachable state with the least change of the
// objective and that change (0 and the current state if none gains).
func (fd *fillDP) best(x *searcher, a, b int) (int, int64) {
	m := x.m
	D := fd.D
	last := fd.reach[len(fd.items)*fd.words : (len(fd.items)+1)*fd.words]
	la, lb := x.load[a], x.load[b]
	pa, pb := m.penalty(a, la), m.penalty(b, lb)
	bandA, bandB := m.bandOf(a, la), m.bandOf(b, lb)
	dmu := x.prices.rel.mu[a] - x.prices.rel.mu[b]
	g := x.prices.rel.g
	bestS, bestV := D, int64(0)
	for wi, word := range last {
		for word != 0 {
			s := wi*64 + bits.TrailingZeros64(word)
			word &= word - 1
			d := int64(s - D)
			na, nb := la+d, lb-d
			if s == D || na > m.hcap[a] || nb > m.hcap[b] {
				continue
			}
			if !bandA.holds(na) {
				m.setBand(&bandA, na)
			}
			if !bandB.holds(nb) {
				m.setBand(&bandB, nb)
			}
			if t := -d/g*dmu + bandA.at(na) - pa + bandB.at(nb) - pb; t < bestV {
				bestS, bestV = s, t
			}
		}
	}
	return bestS, bestV
}

// apply recovers flips reaching state s and applies them.
func (fd *fillDP) apply(x *searcher, a, b, s int) {
	m := x.m
	words := fd.words
	n := len(fd.items)
	fd.flip = slices.Grow(fd.flip[:0], n)[:n]
	clear(fd.flip)
	for t := n - 1; t >= 0; t-- {
		prev := fd.reach[t*words : (t+1)*words]
		if prev[s/64]&(1<<(s%64)) != 0 {
			continue
		}
		fd.flip[t] = true
		s -= fd.steps[t]
	}
	for t, j := range fd.items {
		if !fd.flip[t] {
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

// pass re-splits, for each pair of practitioners of which one changed
// since the last pass, the cases they may exchange at equal reduced cost,
// at the exactly best net shift. It returns the number of pairs improved.
func (nb *fillNB) pass(x *searcher) int {
	m := x.m
	if x.prices == nil {
		return 0
	}
	pairs := x.pairsToVisit(&nb.clock, x.prices)
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
		if nb.dp.solve(x, a, b) {
			if s, v := nb.dp.best(x, a, b); v < 0 {
				nb.dp.apply(x, a, b, s)
				n++
				x.applied()
			}
		}
		nb.seen[key] = x.clock
	}
	return n
}

// prices are what the solved relaxation says about every pair and
// practitioner, for the fill and kick neighbourhoods: the flow's marginal
// penalties mu and case values nu (the reduced cost of pair (i, j) per
// unit is g·c_ij + mu_i − nu_j, computed where needed), and each
// practitioner's relaxed load.
type prices struct {
	rel    *relaxation
	lpLoad []int64 // each practitioner's load in the relaxation
}

// newPrices returns the prices of relaxation r, or nil when r has no
// potentials.
func newPrices(m *model, r *relaxation) *prices {
	if r == nil || r.mu == nil {
		return nil
	}
	return &prices{rel: r, lpLoad: r.load}
}
