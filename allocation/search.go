package allocation

import "context"

// The local search improves a whole allocation. It is a small core, the
// searcher below (the allocation with each practitioner's cases, change
// clocks, cached penalties, an undo log and a budget clock), and
// neighbourhoods that each look for one kind of improving step, with a
// pass and state of their own:
//
//	move    moves one case to another eligible practitioner (move.go)
//	chain   ejection chains of length two and swaps [YIG04] (chain.go)
//	pair    exact re-split of the cases two practitioners share (pairs.go)
//	fill    exact re-split at equal reduced cost of the flow (fill.go)
//	kick    a random equal-cost re-split, the perturbation of the
//	        iterated local search (kick.go)
//
// One driver (descent.go) runs them in orders written down as data.
// Every step is applied only when its exact change of the objective is
// negative (a kick's descent is kept only when not positive) and no hard
// limit breaks; every limit is a count, never the clock, so runs are
// repeatable.

// searcher is the local search's core.
type searcher struct {
	*state
	// mem[i] lists the cases practitioner i holds; memW and memCost run
	// alongside with each case's points and pair cost w_j·c_ij there, so
	// that scans of a practitioner's cases read them in order. pos[j] is
	// case j's position in its practitioner's list.
	mem     [][]int32
	memW    [][]int64
	memCost [][]int64
	pos     []int32

	// Change clocks: clock counts applied changes and changed[i] is the
	// clock of practitioner i's last change, so that a pass can examine
	// only what changed since its last start.
	clock   int32
	changed []int32

	// pen[i] is practitioner i's penalty at its load and band[i] a window
	// of that penalty near it (the last one used); obj is the objective.
	pen  []int64
	band []band
	obj  int64

	// rcase[rstart[i]:rstart[i+1]] lists the cases eligible at
	// practitioner i; arcAt[i*nc+j] is the pair of case j with i (-1 if
	// none), a dense table built only when small (arcAtMax).
	rstart, rcase, arcAt []int32
	anyMaxNew            bool // some practitioner has a MaxNew limit

	// Scratch shared by passes: the due marks of collect and the pair
	// lists of pairsToVisit.
	due     []int32
	dueMark int32
	mark    []int32
	keys    []uint64

	// The undo log: while logging, undo records each assignment's
	// previous pair and chLog each practitioner's change clock before its
	// first change, so that a step that does not pay is taken back whole.
	undo     []undoRec
	chLog    []undoRec
	logging  bool
	logClock int32

	// The budget clock: the watch's work counts the candidates examined,
	// dynamic-programming cells and bit-set words visited (the unit of
	// every budget); the context is read every checkEvery units and the
	// search stops when it ends. steps counts applied improving steps.
	watch
	prog  func(int)
	steps int

	// The relaxation's prices, for fill and kick and the bounds of the
	// pair and chain neighbourhoods: nil without a flow. devBase[i] is g·P_i(λ_i) − mu_i·λ_i, λ_i the relaxed load, for
	// devG; built at its first use.
	prices  *prices
	devBase []int64
	// plan is the descents search runs, in order; nil means searchPlan.
	plan []schedule
	// held: the cases are mostly held (mostlyHeld), set by search; the
	// kicks' descents then re-split pairs too (kickSchedule).
	held bool

	// The neighbourhoods.
	moves  moveNB
	chains chainNB
	pairs  pairNB
	fills  fillNB
	kicks  kickNB
}

// undoRec is one logged change: case (or practitioner) j had pair (or
// change clock) a.
type undoRec struct {
	j int32
	a int32
}

// progressEvery is how many applied steps pass between two progress
// reports.
const progressEvery = 1024

// newSearcher returns the search's core on allocation s, reading ctx
// every checkEvery units of work and reporting progress to prog (which may
// be nil). Building it takes O(cases + eligible pairs), counted on its
// watch: when ctx ends first, it returns a searcher that is stopped and
// must not be used.
func newSearcher(ctx context.Context, s *state, prog func(int)) *searcher {
	m := s.m
	x := &searcher{state: s, mem: make([][]int32, m.np()), memW: make([][]int64, m.np()), memCost: make([][]int64, m.np()),
		pos: make([]int32, m.nc()), watch: *newWatch(ctx), prog: prog}
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
		if x.tick(1) {
			return x
		}
	}
	x.obj = s.total()
	x.pen = make([]int64, m.np())
	x.band = make([]band, m.np())
	for i := range x.pen {
		x.band[i] = m.bandOf(i, s.load[i])
		x.pen[i] = m.penaltyIn(&x.band[i], s.load[i])
	}
	if !x.transpose() {
		return x
	}
	for _, n := range m.maxNew {
		x.anyMaxNew = x.anyMaxNew || n > 0
	}
	x.pairs.budget = pairBudget
	return x
}

// applied counts an applied improving step, reports progress now and then
// and returns whether the search must stop.
func (x *searcher) applied() bool {
	x.steps++
	if x.steps%progressEvery == 0 && x.prog != nil {
		x.prog(x.steps)
	}
	return x.stopped()
}

// assign moves case j to arc b (or unplaces it), keeping the member
// lists, change clocks, penalties and the objective.
func (x *searcher) assign(j int, b int32) {
	m := x.m
	x.clock++
	x.obj += x.moveDelta(j, b)
	if x.logging {
		x.undo = append(x.undo, undoRec{int32(j), x.arc[j]})
	}
	old := x.holder(j)
	if i := old; i >= 0 {
		x.touch(i)
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
		x.touch(i)
		x.push(i, j, b)
		x.pen[i] = m.penaltyIn(&x.band[i], x.load[i])
	}
}

// touch records a change of practitioner i: its clock (logged the first
// time while logging) and the insertions it invalidates.
func (x *searcher) touch(i int) {
	if x.logging && x.changed[i] <= x.logClock {
		x.chLog = append(x.chLog, undoRec{int32(i), x.changed[i]})
	}
	x.changed[i] = x.clock
	x.chains.stale(x, i)
}

// push adds case j, on pair a, to practitioner i's member lists.
func (x *searcher) push(i, j int, a int32) {
	m := x.m
	x.pos[j] = int32(len(x.mem[i]))
	x.mem[i] = append(x.mem[i], int32(j))
	x.memW[i] = append(x.memW[i], m.w[j])
	x.memCost[i] = append(x.memCost[i], m.w[j]*m.arcC[a])
}

// startLog starts recording changes for revert.
func (x *searcher) startLog() {
	x.undo, x.chLog = x.undo[:0], x.chLog[:0]
	x.logClock = x.clock
	x.logging = true
}

// revert takes back the logged assignments and, since the allocation is
// then the one the search had before, restores the change clocks of the
// practitioners involved so that nothing is examined again.
func (x *searcher) revert() {
	x.logging = false
	for t := len(x.undo) - 1; t >= 0; t-- {
		x.assign(int(x.undo[t].j), x.undo[t].a)
	}
	for t := len(x.chLog) - 1; t >= 0; t-- {
		x.changed[x.chLog[t].j] = x.chLog[t].a
	}
}

// collect marks due the cases eligible at a practitioner that changed
// after clock since (a case's practitioner is one of its eligible ones)
// and returns the mark.
//
// It stops early when the watch stops (the caller then checks stopped).
func (x *searcher) collect(since int32) int32 {
	x.dueMark++
	x.work += int64(len(x.changed) + len(x.due)/16)
	for i, c := range x.changed {
		if c > since {
			cases := x.rcase[x.rstart[i]:x.rstart[i+1]]
			for _, j := range cases {
				x.due[j] = x.dueMark
			}
			if x.tick(int64(len(cases)) / 8) {
				break
			}
		}
	}
	return x.dueMark
}

// transpose lists, per practitioner, the cases eligible there, and builds
// the dense pair table when it is small; it reports false when the watch
// stopped it.
func (x *searcher) transpose() bool {
	m := x.m
	x.rstart = make([]int32, m.np()+1)
	for lo := 0; lo < len(m.arcP); lo += checkEvery {
		for _, i := range m.arcP[lo:min(lo+checkEvery, len(m.arcP))] {
			x.rstart[i+1]++
		}
		if x.tick(checkEvery / 4) {
			return false
		}
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
		if x.tick(int64(m.start[j+1]-m.start[j]) + 1) {
			return false
		}
	}
	if nc, np := m.nc(), m.np(); nc*np <= arcAtMax && nc*np <= arcAtSparse*len(m.arcP) {
		x.arcAt = make([]int32, nc*np)
		if nc*np > 0 {
			x.arcAt[0] = -1 // then doubled by copies, at the speed of memmove
			for n := 1; n < len(x.arcAt); n *= 2 {
				copy(x.arcAt[n:], x.arcAt[:n])
			}
		}
		for j := range nc {
			for a := m.start[j]; a < m.start[j+1]; a++ {
				x.arcAt[int(m.arcP[a])*nc+j] = a
			}
		}
	}
	return true
}

// arcAtMax bounds the dense pair table: 4 MiB, about the size of a PDU
// times 15; a region's lookups fall back to the binary search.
const arcAtMax = 1 << 20

// arcAtSparse is the most cells per eligible pair of a dense pair table:
// sparser, the table costs more to build than the binary searches it
// saves. A PDU, and each part of a region, has a pair in about one cell
// in four; a region engine's daily batch (300 cases, 1,000 practitioners,
// 18,000 pairs) in one in seventeen, and its table (1.2 MB) took about
// a quarter of the batch's allocation and 0.2 ms of its CPU for a search
// that makes a few thousand lookups.
const arcAtSparse = 8

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

// arcIndex returns the eligible pair of case j with practitioner i.
func (m *instance) arcIndex(j, i int) (int32, bool) {
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

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}
