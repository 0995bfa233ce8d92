package allocation

// repair removes cases from practitioners past a hard limit (their load
// ceiling or MaxNew), each time the case whose best move elsewhere costs
// least; a case with nowhere to go is unplaced. It is not a neighbourhood:
// it may make the objective worse, to make the allocation keep the hard
// limits that rounding can break.
func (x *searcher) repair() {
	m := x.m
	for i := range m.np() {
		for x.load[i] > m.hcap[i] || (m.maxNew[i] > 0 && x.nnew[i] > m.maxNew[i]) {
			overNew := m.maxNew[i] > 0 && x.nnew[i] > m.maxNew[i]
			bj, bb, bd := -1, int32(-1), int64(0)
			for _, j32 := range x.mem[i] {
				j := int(j32)
				if overNew && !m.isNew(j, i) {
					continue
				}
				// Cases with nowhere to go compete on their unplaced charge.
				cand, cd := int32(-1), x.moveDelta(j, -1)
				for b := m.start[j]; b < m.start[j+1]; b++ {
					x.work++
					if k := int(m.arcP[b]); k != i && x.fits(j, k) {
						if d := x.moveDelta(j, b); d < cd {
							cand, cd = b, d
						}
					}
				}
				if bj < 0 || cd < bd {
					bj, bb, bd = j, cand, cd
				}
			}
			if bj < 0 || x.stopped() {
				break
			}
			x.assign(bj, bb)
		}
	}
}
