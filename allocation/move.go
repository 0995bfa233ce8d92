package allocation

// moveNB is the single-move neighbourhood: a case to its best other
// eligible practitioner with room.
type moveNB struct {
	clock int32 // the searcher's clock at the start of the last pass
}

// pass tries, for every case whose practitioner or one of whose
// candidates changed since the last pass, its best single move.
func (nb *moveNB) pass(x *searcher) int {
	m := x.m
	n := 0
	last := nb.clock
	mark := x.collect(last)
	nb.clock = x.clock
	for j := range m.nc() {
		lo, hi := m.start[j], m.start[j+1]
		if hi-lo < 1 || x.due[j] != mark {
			continue
		}
		if x.stopped() {
			return n
		}
		a := x.arc[j]
		w := m.w[j]
		var rem int64
		// Unless j's practitioner changed, a move that did not pay at
		// the last pass still does not: only the practitioners that
		// changed since need a look.
		all := true
		if a >= 0 {
			if hi-lo == 1 {
				continue
			}
			i := int(m.arcP[a])
			rem = m.penaltyIn(&x.band[i], x.load[i]-w) - x.pen[i] - w*m.arcC[a]
			all = x.changed[i] > last
		} else {
			rem = -m.unplacedCharge(j)
		}
		best, bestD := int32(-1), int64(0)
		for b := lo; b < hi; b++ {
			if b == a {
				continue
			}
			i := int(m.arcP[b])
			if (!all && x.changed[i] <= last) || !x.fits(j, i) {
				continue
			}
			x.work++
			bi, l := &x.band[i], x.load[i]+w
			if !bi.holds(l) {
				m.setBand(bi, l)
			}
			d := rem + bi.at(l) - x.pen[i] + w*m.arcC[b]
			if d < bestD {
				best, bestD = b, d
			}
		}
		if best >= 0 {
			x.assign(j, best)
			n++
			if x.applied() {
				return n
			}
		}
	}
	return n
}
