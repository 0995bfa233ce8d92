package allocation

import (
	"context"
	"math/rand/v2"
)

// searcher improves a whole allocation by local search: single moves (a
// case to another eligible practitioner), ejection chains of length two
// and swaps [YIG04], exact re-splits of the cases two practitioners share
// (pairs.go, fill.go), and an iterated local search (perturb.go). Every
// step is applied only when its exact change of the objective is negative
// (or, in the perturbation, not positive) and no hard limit breaks.
type searcher struct {
	*state
	mem [][]int32 // cases held, per practitioner
	// memW and memCost run alongside mem: each held case's points and
	// its pair cost w_j·c_ij there, so that scans of a practitioner's
	// cases read them in order instead of from scattered arrays.
	memW    [][]int64
	memCost [][]int64
	pos     []int32 // position of each case in its practitioner's list
	moves   int
	// Dirty tracking: clock counts applied changes and changed[i] is the
	// clock of practitioner i's last change. moveClock and chainClock are
	// the clocks at the start of the last movePass and chainPass: a pass
	// examines only the cases whose practitioner or one of whose
	// candidates changed since its last start, marked due[j] = dueMark.
	clock      int32
	changed    []int32
	moveClock  int32
	chainClock int32
	due        []int32
	dueMark    int32
	// Cached best insertion of each case elsewhere (chainPass).
	ins []insertionRec
	// pen[i] is practitioner i's penalty at its load and band[i] a
	// piece of that penalty near it (the last one used), kept by assign.
	pen       []int64
	band      []band
	anyMaxNew bool    // some practitioner has a MaxNew limit
	rstart    []int32 // transposed pairs: the cases eligible at practitioner i
	rcase     []int32 // are rcase[rstart[i]:rstart[i+1]]
	// arcAt[i*nc+j] is the pair of case j with practitioner i, -1 if
	// none: a dense table, built when it is small (arcAtMax), that
	// replaces arcIndex's binary search in the hot loops.
	arcAt      []int32
	pairBudget int64
	ctx        context.Context
	prog       func(int)
	stop       bool
	// obj is the objective of the allocation, kept up to date by assign.
	obj int64
	// work counts the candidates examined, dynamic-programming cells and
	// bit-set words visited: the unit of the perturbation's budget.
	work int64

	// Pair re-optimisation (pairs.go): pairSeen[a<<32|b] is the clock at
	// which the pair (a, b) was last found optimal, pairClock the clock
	// of the last pass; mark and keys are scratch for pairsToVisit.
	pairSeen  map[uint64]int32
	pairClock int32
	pd        pairDP
	mark      []int32
	keys      []uint64

	// Fills at equal reduced cost (fill.go): the relaxation, the reduced
	// cost of each pair, and the pass's clocks as for pairPass.
	rel       *relaxation
	rc        []int64
	lpLoad    []int64 // each practitioner's load in the relaxation
	fd        fillDP
	fillSeen  map[uint64]int32
	fillClock int32

	// Perturbation (perturb.go): while logging, undo records each
	// assignment's previous pair and chLog each practitioner's change
	// clock before its first change, so that a kick that does not pay
	// can be taken back whole. chainFilter limits chainPass to chains
	// through practitioners that changed.
	undo        []undoRec
	chLog       []undoRec
	logging     bool
	logClock    int32
	rng         *rand.Rand
	chainFilter bool
	offs        []int32 // scratch: practitioners off their relaxed load
}

// undoRec is one logged assignment: case j was on pair a (-1: unplaced).
type undoRec struct {
	j int32
	a int32
}

func newSearcher(ctx context.Context, s *state, prog func(int)) *searcher {
	m := s.m
	x := &searcher{state: s, mem: make([][]int32, m.np()), memW: make([][]int64, m.np()), memCost: make([][]int64, m.np()),
		pos: make([]int32, m.nc()), ctx: ctx, prog: prog}
	x.clock = 1
	x.changed = make([]int32, m.np())
	for i := range x.changed {
		x.changed[i] = 1
	}
	x.due = make([]int32, m.nc())
	for j := range m.nc() {
		if i := s.holder(j); i >= 0 {
			x.push(i, j, s.arc[j])
		}
	}
	x.obj = s.total()
	x.pen = make([]int64, m.np())
	x.band = make([]band, m.np())
	for i := range x.pen {
		x.band[i] = m.bandOf(i, s.load[i])
		x.pen[i] = m.penaltyIn(&x.band[i], s.load[i])
	}
	x.transpose()
	for _, n := range m.maxNew {
		x.anyMaxNew = x.anyMaxNew || n > 0
	}
	return x
}

// insertionRec is a cached insertion of a case: its cheapest other pair
// with room (-1 if none), the objective's rise there, and whether the
// record is still valid.
type insertionRec struct {
	d   int64
	arc int32
	ok  bool
}

// assign moves case j to arc b (or unplaces it), keeping the member lists.
func (x *searcher) assign(j int, b int32) {
	m := x.m
	x.clock++
	x.obj += x.moveDelta(j, b)
	if x.logging {
		x.undo = append(x.undo, undoRec{int32(j), x.arc[j]})
	}
	old := x.holder(j)
	if i := old; i >= 0 {
		x.logChange(i)
		x.changed[i] = x.clock
		x.stale(i)
		l, lw, lc := x.mem[i], x.memW[i], x.memCost[i]
		p, n := x.pos[j], len(l)-1
		last := l[n]
		l[p], lw[p], lc[p] = last, lw[n], lc[n]
		x.pos[last] = p
		x.mem[i], x.memW[i], x.memCost[i] = l[:n], lw[:n], lc[:n]
	}
	x.set(j, b)
	if old >= 0 {
		x.pen[old] = m.penaltyIn(&x.band[old], x.load[old])
	}
	if b >= 0 {
		i := int(m.arcP[b])
		x.logChange(i)
		x.changed[i] = x.clock
		x.stale(i)
		x.push(i, j, b)
		x.pen[i] = m.penaltyIn(&x.band[i], x.load[i])
	}
}

// push adds case j, on pair a, to practitioner i's member lists.
func (x *searcher) push(i, j int, a int32) {
	m := x.m
	x.pos[j] = int32(len(x.mem[i]))
	x.mem[i] = append(x.mem[i], int32(j))
	x.memW[i] = append(x.memW[i], m.w[j])
	x.memCost[i] = append(x.memCost[i], m.w[j]*m.arcC[a])
}

// logChange records practitioner i's change clock the first time i
// changes during a logged perturbation.
func (x *searcher) logChange(i int) {
	if x.logging && x.changed[i] <= x.logClock {
		x.chLog = append(x.chLog, undoRec{int32(i), x.changed[i]})
	}
}

func (x *searcher) tick() bool {
	x.moves++
	if x.moves&1023 == 0 {
		if x.prog != nil {
			x.prog(x.moves)
		}
		if x.ctx.Err() != nil {
			x.stop = true
		}
	}
	return x.stop
}

// repair removes cases from practitioners past a hard limit (HardCap or
// MaxNew), each time the case whose best move elsewhere costs least; a
// case with nowhere to go is unplaced.
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
			if bj < 0 {
				break
			}
			x.assign(bj, bb)
		}
	}
}

// collect marks due the cases eligible at a practitioner that changed
// after clock since (a case's practitioner is one of its eligible ones)
// and returns the mark.
func (x *searcher) collect(since int32) int32 {
	x.dueMark++
	x.work += int64(len(x.changed) + len(x.due)/16)
	for i, c := range x.changed {
		if c > since {
			for _, j := range x.rcase[x.rstart[i]:x.rstart[i+1]] {
				x.due[j] = x.dueMark
			}
		}
	}
	return x.dueMark
}

// improve runs the local search and returns whether the context stopped
// it. Phase one repeats passes of single moves until none improves, then
// one pass of ejection chains and swaps, while a round gains at least
// 1/100,000 of the objective. Phase two re-optimises pairs of
// practitioners exactly (pairPass) within a fixed budget of
// dynamic-programming cells, each improving pass followed by phase one
// again. Every limit is a count, never the clock, so runs are repeatable.
func (x *searcher) improve() bool {
	budget := x.pairBudget
	for phase := 0; phase < 4; phase++ {
		for round := 0; round < 50; round++ {
			before := x.obj
			for {
				n := x.movePass()
				if x.stop {
					return true
				}
				if n == 0 {
					break
				}
			}
			nc := x.chainPass()
			if x.stop {
				return true
			}
			if nc == 0 || (before-x.obj)*100_000 < before {
				break
			}
		}
		if budget <= 0 {
			break
		}
		var np int
		np, budget = x.pairPass(budget)
		if x.stop {
			return true
		}
		if np == 0 {
			break
		}
	}
	return x.stop
}

// movePass tries, for every case, its best single move.
func (x *searcher) movePass() int {
	m := x.m
	n := 0
	last := x.moveClock
	mark := x.collect(last)
	x.moveClock = x.clock
	for j := range m.nc() {
		lo, hi := m.start[j], m.start[j+1]
		if hi-lo < 1 || x.due[j] != mark {
			continue
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
			if x.tick() {
				return n
			}
		}
	}
	return n
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// arcIndex returns the eligible pair of case j with practitioner i.
func (m *model) arcIndex(j, i int) (int32, bool) {
	lo, n := m.start[j], m.start[j+1]-m.start[j]
	if n == 0 {
		return -1, false
	}
	t := int32(i)
	// Branch-free binary search (the halving step compiles to a
	// conditional move): the lists are short and the branch of a
	// classic search mispredicts half the time.
	for n > 1 {
		half := n / 2
		if m.arcP[lo+half] <= t {
			lo += half
		}
		n -= half
	}
	if m.arcP[lo] == t {
		return lo, true
	}
	return -1, false
}

// chainPass tries, for every case j, ejection chains of length two
// [YIG04]: j moves to a cheaper practitioner b that lacks room for it, and
// a case k leaves b, either for its best other practitioner or for j's
// (a swap). Only chains whose first move gains before b's penalty are
// explored, and only ejections that still gain before k is placed. Each
// case's best insertion elsewhere is cached and recomputed only when the
// load of one of its candidates changes, so a pass costs about
// O(E·cases per practitioner / candidates per case).
func (x *searcher) chainPass() int {
	m := x.m
	x.resetInsertions()
	last := x.chainClock
	mark := x.collect(last)
	x.chainClock = x.clock
	n := 0
	for j := range m.nc() {
		a := x.arc[j]
		if a < 0 || m.w[j] == 0 || x.due[j] != mark {
			continue
		}
		ia := int(m.arcP[a])
		// Unless j's practitioner changed, only the practitioners that
		// changed offer new chains.
		all := x.changed[ia] > last || !x.chainFilter
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
			if base >= 0 {
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
				if e := &x.ins[k]; e.ok {
					c, d = e.arc, e.d
				} else {
					c, d = x.insertion(k)
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
			if x.tick() {
				return n
			}
		}
	}
	return n
}

// resetInsertions forgets every cached insertion.
func (x *searcher) resetInsertions() {
	m := x.m
	if x.ins == nil {
		x.ins = make([]insertionRec, m.nc())
	}
	clear(x.ins)
}

// transpose lists, per practitioner, the cases eligible there.
func (x *searcher) transpose() {
	m := x.m
	x.rstart = make([]int32, m.np()+1)
	for _, i := range m.arcP {
		x.rstart[i+1]++
	}
	for i := range m.np() {
		x.rstart[i+1] += x.rstart[i]
	}
	x.rcase = make([]int32, len(m.arcP))
	fill := append([]int32(nil), x.rstart[:m.np()]...)
	for j := range m.nc() {
		for a := m.start[j]; a < m.start[j+1]; a++ {
			i := m.arcP[a]
			x.rcase[fill[i]] = int32(j)
			fill[i]++
		}
	}
	if nc, np := m.nc(), m.np(); nc*np <= arcAtMax {
		x.arcAt = make([]int32, nc*np)
		for t := range x.arcAt {
			x.arcAt[t] = -1
		}
		for j := range nc {
			for a := m.start[j]; a < m.start[j+1]; a++ {
				x.arcAt[int(m.arcP[a])*nc+j] = a
			}
		}
	}
}

// arcAtMax bounds the dense pair table: 4 MiB, about the size of a PDU
// times 15; a region's lookups fall back to the binary search.
const arcAtMax = 1 << 20

// arcRow returns practitioner i's row of the dense pair table, indexed by
// case, or nil when there is no table.
func (x *searcher) arcRow(i int) []int32 {
	if x.arcAt == nil {
		return nil
	}
	nc := len(x.pos)
	return x.arcAt[i*nc : (i+1)*nc : (i+1)*nc]
}

// pairAt returns the eligible pair of case j with practitioner i, -1 if
// none: from row, practitioner i's row of the dense table, when it is not
// nil (the hot loops read row[j] directly, as a call would not inline).
func (x *searcher) pairAt(row []int32, j, i int) int32 {
	if row != nil {
		return row[j]
	}
	if c, ok := x.m.arcIndex(j, i); ok {
		return c
	}
	return -1
}

// stale invalidates the cached insertions of the cases eligible at i.
func (x *searcher) stale(i int) {
	if x.ins == nil {
		return
	}
	for _, k := range x.rcase[x.rstart[i]:x.rstart[i+1]] {
		x.ins[k].ok = false
	}
}

// insertion returns case k's cheapest other eligible practitioner with
// room (as a pair index, -1 if none) and the objective's rise if k went
// there alone, from the cache unless a candidate's load changed.
func (x *searcher) insertion(k int) (int32, int64) {
	m := x.m
	if e := &x.ins[k]; e.ok {
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
	x.ins[k] = insertionRec{d: bestD, arc: best, ok: true}
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
