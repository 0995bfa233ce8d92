package allocation

// chainNB is the ejection-chain neighbourhood [YIG04]: a case moves to a
// cheaper practitioner who lacks room for it, and one of theirs moves on,
// to its best other practitioner or back to the first case's (a swap).
type chainNB struct {
	clock int32 // the searcher's clock at the start of the last pass
	// changedOnly limits a pass to chains through practitioners that
	// changed since the last pass (the kick's descents set it).
	changedOnly bool
	// ins caches each case's best insertion elsewhere; a change of
	// practitioner i invalidates the entries of the cases eligible at i.
	ins []insertionRec
	// The bound of the relaxation's prices (see pass), kept only with
	// prices: rcMin[k] is g times the least reduced cost per point of
	// case k over its pairs (less nu_k, which cancels); rcMax[i], valid
	// while rcOK[i] (a change of i clears it), the most rc_k over the
	// cases k that i holds, rc_k being w_k times k's reduced cost per
	// point at i above its least, times g; devMax is at least g·dev_i of
	// every practitioner during a pass.
	rcMin  []int64
	rcMax  []int64
	rcOK   []bool
	devMax int64
}

// startBound readies the bound of the prices for a pass: rcMin, once,
// and devMax.
func (cn *chainNB) startBound(x *searcher) {
	m := x.m
	g, mu := x.prices.rel.g, x.prices.rel.mu
	if cn.rcMin == nil {
		cn.rcMin = make([]int64, m.nc())
		for k := range m.nc() {
			best := int64(0)
			for c := m.start[k]; c < m.start[k+1]; c++ {
				if r := g*m.arcC[c] + mu[m.arcP[c]]; c == m.start[k] || r < best {
					best = r
				}
			}
			cn.rcMin[k] = best
		}
		cn.rcMax = make([]int64, m.np())
		cn.rcOK = make([]bool, m.np())
	}
	cn.devMax = 0
	for i := range m.np() {
		cn.devMax = max(cn.devMax, x.devG(i))
	}
}

// maxRC returns rcMax[i], worked out again if i changed.
func (cn *chainNB) maxRC(x *searcher, i int) int64 {
	if cn.rcOK[i] {
		return cn.rcMax[i]
	}
	g, mu := x.prices.rel.g, x.prices.rel.mu[i]
	var r int64
	ws, cs := x.memW[i], x.memCost[i]
	for p, k := range x.mem[i] {
		r = max(r, g*cs[p]+ws[p]*(mu-cn.rcMin[k]))
	}
	cn.rcMax[i], cn.rcOK[i] = r, true
	return r
}

// insertionRec is a cached insertion of a case: its cheapest other pair
// with room (-1 if none), the objective's rise there, and whether the
// record is still valid.
type insertionRec struct {
	d   int64
	arc int32
	ok  bool
}

// reset forgets every cached insertion.
func (nb *chainNB) reset(nc int) {
	if nb.ins == nil {
		nb.ins = make([]insertionRec, nc)
	}
	clear(nb.ins)
}

// pass tries, for every case j, ejection chains of length two
// [YIG04]: j moves to a cheaper practitioner b that lacks room for it, and
// a case k leaves b, either for its best other practitioner or for j's
// (a swap). Only chains whose first move gains before b's penalty are
// explored, and only ejections that still gain before k is placed. Each
// case's best insertion elsewhere is cached and recomputed only when the
// load of one of its candidates changes, so a pass costs about
// O(E·cases per practitioner / candidates per case).
//
// With the relaxation's prices it also leaves out the chains that cannot
// gain by the bound of pairDP.prune: a chain j: ia → ib, k: ib → ic
// changes the objective by Δrc_j + Δrc_k + Δdev_ia + Δdev_ib + Δdev_ic,
// each Δdev_i is at least −dev_i, and Δrc_k at least −rc_k, k's reduced
// cost at ib above its least. So b is skipped when Δrc_j is at least
// dev_ia + dev_ib + devMax + rcMax[ib], and k when Δrc_j − rc_k is at
// least dev_ia + dev_ib + devMax. The chains left out do not gain, so
// the pass applies the same chains as without the bound. Its work is
// counted as without the bound too (a b skipped counts the ejections it
// would have scanned, and the bound's upkeep counts nothing), so the
// budgets, and the search's path, are the same: the bound only saves
// time. On the region shape it skips about half of the (j, b) whose
// ejections it would scan, on rebalance 70%.
func (cn *chainNB) pass(x *searcher) int {
	m := x.m
	cn.reset(m.nc())
	last := cn.clock
	mark := x.collect(last)
	cn.clock = x.clock
	pr := x.prices
	var g int64
	var mu []int64
	if pr != nil {
		cn.startBound(x)
		g, mu = pr.rel.g, pr.rel.mu
	}
	n := 0
	for j := range m.nc() {
		a := x.arc[j]
		if a < 0 || m.w[j] == 0 || x.due[j] != mark {
			continue
		}
		if x.stopped() {
			return n
		}
		ia := int(m.arcP[a])
		// Unless j's practitioner changed, only the practitioners that
		// changed offer new chains.
		all := x.changed[ia] > last || !cn.changedOnly
		wj := m.w[j]
		la := x.load[ia]
		bandA := m.bandOf(ia, la-wj)
		paj := m.penaltyIn(&bandA, la-wj)
		remA := paj - x.pen[ia] - wj*m.arcC[a]
		// P_ia(la−wj+wk) − paj ≥ sa·wk by convexity, and pair costs are
		// never negative: a lower bound on a swap's change.
		sa := bandA.slope // P_ia's left derivative at la−wj
		rowA := x.arcRow(ia)
		var devA int64
		if pr != nil {
			devA = max(x.devG(ia), 0)
		}
		bestD := int64(0)
		var bb, bc int32 = -1, -1
		bk := -1
		for b := m.start[j]; b < m.start[j+1]; b++ {
			ib := int(m.arcP[b])
			if ib == ia || (!all && x.changed[ib] <= last) {
				continue
			}
			base := remA + wj*m.arcC[b]
			if base >= 0 || len(x.mem[ib]) == 0 { // nothing to eject
				continue
			}
			// The bound of the prices, times g: drc is Δrc_j, room the
			// most the three deviations can fall.
			var drc, room int64
			if pr != nil {
				drc = wj * (g*(m.arcC[b]-m.arcC[a]) + mu[ib] - mu[ia])
				room = devA + max(x.devG(ib), 0) + cn.devMax
				if drc >= room+cn.maxRC(x, ib) {
					x.work += int64(len(x.mem[ib]))
					continue
				}
			}
			lb := x.load[ib]
			bandB := m.bandOf(ib, lb)
			pb0 := x.pen[ib]
			sb := bandB.slope // P_ib's left derivative at lb
			ws, cs := x.memW[ib], x.memCost[ib]
			for p, k32 := range x.mem[ib] {
				k := int(k32)
				wk := ws[p]
				nb := lb + wj - wk
				x.work++
				if nb > m.hcap[ib] {
					continue
				}
				if pr != nil && drc-(g*cs[p]+wk*(mu[ib]-cn.rcMin[k])) >= room {
					continue
				}
				// P_ib(nb) − P_ib(lb) ≥ sb·(nb − lb) by convexity: skip k
				// when even that bound cannot beat the best chain.
				rest := base - cs[p]
				if rest+sb*(wj-wk) >= bestD {
					continue
				}
				if !bandB.holds(nb) {
					m.setBand(&bandB, nb)
				}
				partial := rest + bandB.at(nb) - pb0
				if partial >= bestD {
					continue
				}
				// k to its best other practitioner, unless that is j's.
				var c int32
				var d int64
				if e := &cn.ins[k]; e.ok {
					c, d = e.arc, e.d
				} else {
					c, d = cn.insertion(x, k)
				}
				if c >= 0 && int(m.arcP[c]) != ia && partial+d < bestD && (!x.anyMaxNew || x.chainFitsNew(j, ia, ib, k, int(m.arcP[c]))) {
					bestD, bb, bc, bk = partial+d, b, c, k
				}
				// k to j's practitioner: a swap.
				if partial+sa*wk >= bestD {
					continue
				}
				c = -1
				if rowA != nil {
					c = rowA[k]
				} else if cc, ok := m.arcIndex(k, ia); ok {
					c = cc
				}
				if c >= 0 && la-wj+wk <= m.hcap[ia] {
					na := la - wj + wk
					if !bandA.holds(na) {
						m.setBand(&bandA, na)
					}
					d = partial + bandA.at(na) - paj + wk*m.arcC[c]
					if d < bestD && (!x.anyMaxNew || x.chainFitsNew(j, ia, ib, k, ia)) {
						bestD, bb, bc, bk = d, b, c, k
					}
				}
			}
		}
		if bb >= 0 {
			ic := int(m.arcP[bc])
			x.assign(bk, bc)
			x.assign(j, bb)
			if pr != nil {
				cn.devMax = max(cn.devMax, x.devG(ia), x.devG(int(m.arcP[bb])), x.devG(ic))
			}
			n++
			if x.applied() {
				return n
			}
		}
	}
	return n
}

// stale invalidates the cached insertions of the cases eligible at i,
// and i's rcMax.
func (nb *chainNB) stale(x *searcher, i int) {
	if nb.rcOK != nil {
		nb.rcOK[i] = false
	}
	if nb.ins == nil {
		return
	}
	for _, k := range x.rcase[x.rstart[i]:x.rstart[i+1]] {
		nb.ins[k].ok = false
	}
}

// insertion returns case k's cheapest other eligible practitioner with
// room (as a pair index, -1 if none) and the objective's rise if k went
// there alone, from the cache unless a candidate's load changed.
func (nb *chainNB) insertion(x *searcher, k int) (int32, int64) {
	m := x.m
	if e := &nb.ins[k]; e.ok {
		return e.arc, e.d
	}
	wk := m.w[k]
	h := x.holder(k)
	best, bestD := int32(-1), int64(0)
	for c := m.start[k]; c < m.start[k+1]; c++ {
		ic := int(m.arcP[c])
		if ic == h || !x.fits(k, ic) {
			continue
		}
		bc, l := &x.band[ic], x.load[ic]+wk
		if !bc.holds(l) {
			m.setBand(bc, l)
		}
		d := bc.at(l) - x.pen[ic] + wk*m.arcC[c]
		if best < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	nb.ins[k] = insertionRec{d: bestD, arc: best, ok: true}
	return best, bestD
}

// chainFitsNew checks MaxNew for j moving ia→ib and k moving ib→ic.
func (x *searcher) chainFitsNew(j, ia, ib, k, ic int) bool {
	m := x.m
	var dn [3]int32
	idx := [3]int{ia, ib, ic}
	dn[0] -= b2i(m.isNew(j, ia))
	dn[1] += b2i(m.isNew(j, ib)) - b2i(m.isNew(k, ib))
	dn[2] += b2i(m.isNew(k, ic))
	for t, i := range idx {
		d := dn[t]
		for u := t + 1; u < 3; u++ {
			if idx[u] == i {
				d += dn[u]
				dn[u] = 0
			}
		}
		if m.maxNew[i] > 0 && d > 0 && x.nnew[i]+d > m.maxNew[i] {
			return false
		}
	}
	return true
}
