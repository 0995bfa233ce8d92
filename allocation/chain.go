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
func (cn *chainNB) pass(x *searcher) int {
	m := x.m
	cn.reset(m.nc())
	last := cn.clock
	mark := x.collect(last)
	cn.clock = x.clock
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
			x.assign(bk, bc)
			x.assign(j, bb)
			n++
			if x.applied() {
				return n
			}
		}
	}
	return n
}

// stale invalidates the cached insertions of the cases eligible at i.
func (nb *chainNB) stale(x *searcher, i int) {
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
