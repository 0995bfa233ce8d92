package allocation

import (
	"slices"
	"sync/atomic"
)

// A draft is a Result built ahead for an allocation that the run may
// still change: the baseline's, beside the flow, and the search's start,
// once rounded and repaired. When the run ends, or stops, finishing the
// draft of the allocation it returns costs only the cases whose pair, or
// whose practitioner's load, changed since: the search changes about one
// case in ten. A whole Result takes 40 ms at a million cases on two
// idle cores, 110 ms on one, more than Solve may spend after a stop.
// No stop waits for a draft: a naive allocation counts as finished only
// once its draft is (baseline), and the search's start is drafted under
// the run's watch.
type draft struct {
	m   *model
	st  *state  // the allocation drafted, which may have changed since
	res *Result // Assignments, Unassigned, Workloads and asg, as of arc and load
	arc []int32 // st's pairs when drafted
	// load is st's loads when drafted.
	load []int64
	// placedBefore[b] is the index of block b's first Assignment; its
	// first Unassigned is b·resultBlock − placedBefore[b].
	placedBefore []int32
	cost, unpl   int64 // the objective's cost and unplaced charge, as of arc
}

// draft drafts the Result of allocation st on every core: the cases are
// counted, then their assignments are worked out, in blocks of
// resultBlock cases, each block writing at indices fixed by the counts of
// the blocks before it, so the Result does not depend on GOMAXPROCS; the
// objective's sums over cases are taken in the same pass, as objective
// takes them (exact sums, so the split changes nothing). It returns nil
// when w stops it.
func (m *model) draft(st *state, w *watch) *draft {
	nc := m.nc()
	res := &Result{m: m, asg: make([]int32, nc)}
	d := &draft{m: m, st: st, res: res, arc: make([]int32, nc), load: slices.Clone(st.load)}
	nb := (nc + resultBlock - 1) / resultBlock
	d.placedBefore = make([]int32, nb+1)
	sums := make([][2]int64, nb) // each block's cost and unplaced charge
	parallel(nil, nb, 1, func(lo, hi int, _ *watch) {
		for b := lo; b < hi; b++ {
			j0, j1 := b*resultBlock, min((b+1)*resultBlock, nc)
			copy(d.arc[j0:j1], st.arc[j0:j1])
			n := int32(0)
			for _, a := range st.arc[j0:j1] {
				if a >= 0 {
					n++
				}
			}
			d.placedBefore[b+1] = n
		}
	})
	for b := range nb {
		d.placedBefore[b+1] += d.placedBefore[b]
	}
	placed := int(d.placedBefore[nb])
	if placed > 0 {
		res.Assignments = make([]Assignment, placed)
	}
	var sx *scopeIndex
	if placed < nc {
		res.Unassigned = make([]Unassigned, nc-placed)
		sx = m.newScopeIndex()
	}
	bands := m.bands(st)
	kept := m.termsKept()
	if parallel(w, nb, 1, func(lo, hi int, w *watch) {
		// A batch's pairs are read first, in a loop that does nothing
		// else: they lie far apart in memory, and the reads go several
		// times faster when many are in flight at once.
		var pr [resultBatch]int32
		var pc [resultBatch]int64
		var pbits [resultBatch]uint8
		for b := lo; b < hi; b++ {
			at, un := int(d.placedBefore[b]), b*resultBlock-int(d.placedBefore[b])
			var cost, unpl int64
			for j0 := b * resultBlock; j0 < min((b+1)*resultBlock, nc); j0 += resultBatch {
				batch := st.arc[j0:min(j0+resultBatch, (b+1)*resultBlock, nc)]
				if w.tick(resultUnits * int64(len(batch))) {
					return
				}
				for q, a := range batch {
					pr[q] = -1
					if a >= 0 {
						pr[q], pc[q] = m.arcP[a], m.arcC[a]
						if kept {
							pbits[q] = m.arcBits[a]
						}
					}
				}
				for q, a := range batch {
					j, i := j0+q, pr[q]
					res.asg[j] = i
					if i < 0 {
						res.Unassigned[un] = m.unassigned(j, sx)
						un++
						if m.block[j] == 0 {
							unpl += m.unplacedCharge(j)
						}
						continue
					}
					cost += m.w[j] * pc[q]
					var k Cost
					if kept {
						k = m.termsOf(pbits[q], pc[q])
					} else {
						k = m.pairTerms(j, a)
					}
					res.Assignments[at] = Assignment{
						CaseID:         m.cases[j].ID,
						PractitionerID: m.practitioners[i].ID,
						Moved:          m.cur[j] >= 0 && m.cur[j] != i,
						Cost:           m.caseCostAt(j, k, st.load[i], &bands[i]),
					}
					at++
				}
			}
			sums[b] = [2]int64{cost, unpl}
		}
	}) {
		return nil
	}
	for _, v := range sums {
		d.cost += v[0]
		d.unpl += v[1]
	}
	res.Workloads = make([]Workload, m.np())
	for i := range m.np() {
		res.Workloads[i] = Workload{
			PractitionerID:  m.practitioners[i].ID,
			AvailablePoints: int(m.avail[i]),
			BeforePoints:    int(m.before[i]),
			BeforePercent:   percent(m.before[i], m.avail[i]),
		}
	}
	for j := range nc {
		i, c := res.asg[j], m.cur[j]
		if i >= 0 && i != c {
			res.Workloads[i].Received++
		}
		if c >= 0 && i != c {
			res.Workloads[c].Released++
		}
	}
	return d
}

// bands returns each practitioner's window of penalty around their load
// in st.
func (m *model) bands(st *state) []band {
	bands := make([]band, m.np())
	for i := range bands {
		bands[i] = m.bandOf(i, st.load[i])
	}
	return bands
}

// objective is st.objective, from the draft's sums and the cases whose
// pair changed since; it reports false, and st.objective is needed, when
// a case was placed or unplaced since, or d is nil.
func (d *draft) objective(st *state) (cost, pen, unpl int64, ok bool) {
	if d == nil {
		return 0, 0, 0, false
	}
	m := d.m
	nb := len(d.placedBefore) - 1
	deltas := make([]int64, nb)
	var moved atomic.Bool // a case placed or unplaced since
	parallel(nil, nb, 1, func(lo, hi int, _ *watch) {
		for b := lo; b < hi; b++ {
			j0, j1 := b*resultBlock, min((b+1)*resultBlock, m.nc())
			var delta int64
			for q, a := range st.arc[j0:j1] {
				if a0 := d.arc[j0+q]; a != a0 {
					if a < 0 || a0 < 0 {
						moved.Store(true)
						return
					}
					delta += m.w[j0+q] * (m.arcC[a] - m.arcC[a0])
				}
			}
			deltas[b] = delta
		}
	})
	if moved.Load() {
		return 0, 0, 0, false
	}
	cost = d.cost
	for _, v := range deltas {
		cost += v
	}
	return cost, st.penalty(), d.unpl, true
}

// finish returns the Result of st, which must be the allocation drafted
// (d.st), as it is now: the cases whose pair changed since the draft are
// worked out again, the overload of those whose practitioner's load
// changed, and the workloads and Stats (the run's stats, completed) are
// filled in, all in one pass over the cases. A draft is finished once. It
// returns nil, and the Result must be built afresh, when a case was placed
// or unplaced since.
func (d *draft) finish(st *state, strat Strategy, status Status, stats Stats) *Result {
	m, res := d.m, d.res
	res.Strategy, res.Status = strat, status
	nc, np := m.nc(), m.np()
	// loaded[i]: practitioner i's load changed and so may the overload of
	// their cases. It did not if P_i is 0 at both loads: P is at least 0
	// and never falls, so every case's marginal overload was 0 and is.
	loaded := make([]bool, np)
	for i := range np {
		loaded[i] = st.load[i] != d.load[i] && (m.penalty(i, st.load[i]) > 0 || m.penalty(i, d.load[i]) > 0)
	}
	bands := m.bands(st)
	nb := len(d.placedBefore) - 1
	changed := make([][]int32, nb) // per block, the cases whose pair changed
	deltas := make([]int64, nb)    // per block, the change of the objective's cost
	var moved atomic.Bool          // a case placed or unplaced since
	parallel(nil, nb, 1, func(lo, hi int, _ *watch) {
		for b := lo; b < hi; b++ {
			at := int(d.placedBefore[b])
			var delta int64
			for j := b * resultBlock; j < min((b+1)*resultBlock, nc); j++ {
				a, a0 := st.arc[j], d.arc[j]
				if (a < 0) != (a0 < 0) {
					moved.Store(true)
					return
				}
				if a < 0 {
					continue
				}
				switch i, as := res.asg[j], &res.Assignments[at]; {
				case a != a0:
					changed[b] = append(changed[b], int32(j))
					delta += m.w[j]*m.arcC[a] - (as.Cost.Total() - as.Cost[Overload])
					i = m.arcP[a]
					res.asg[j] = i
					as.PractitionerID = m.practitioners[i].ID
					as.Moved = m.cur[j] >= 0 && m.cur[j] != i
					as.Cost = m.caseCostAt(j, m.pairTerms(j, a), st.load[i], &bands[i])
				case loaded[i]:
					as.Cost[Overload] = m.overloadAt(j, st.load[i], &bands[i])
				}
				at++
			}
			deltas[b] = delta
		}
	})
	if moved.Load() {
		return nil
	}
	stats.Cost, stats.Penalty, stats.UnplacedCharge = d.cost, st.penalty(), d.unpl
	for _, v := range deltas {
		stats.Cost += v
	}
	for b := range nb {
		for _, j := range changed[b] {
			i0, i1, c := m.arcP[d.arc[j]], m.arcP[st.arc[j]], m.cur[j]
			if i0 != c {
				res.Workloads[i0].Received--
			}
			if i1 != c {
				res.Workloads[i1].Received++
			}
			if c >= 0 && (i0 != c) != (i1 != c) {
				if i1 != c {
					res.Workloads[c].Released++
				} else {
					res.Workloads[c].Released--
				}
			}
		}
	}
	for i := range np {
		res.Workloads[i].AfterPoints = int(st.load[i])
		res.Workloads[i].AfterPercent = percent(st.load[i], m.avail[i])
		stats.MaxPercent = max(stats.MaxPercent, res.Workloads[i].AfterPercent)
	}
	stats.Objective = stats.Cost + stats.Penalty + stats.UnplacedCharge
	stats.UnplacedPerPoint = m.unplaced
	if stats.HasBound && stats.Bound > 0 {
		stats.GapPercent = 100 * float64(stats.Objective-stats.Bound) / float64(stats.Bound)
	}
	res.Stats = stats
	return res
}

// resultBlock is the cases of one block of a draft's work: the unit of
// its split among goroutines, large enough that a goroutine's start is
// nothing beside its work (a block takes about a millisecond), small
// enough that a million cases make sixty blocks to share among the cores.
const resultBlock = 16384

// resultBatch is the cases whose pairs a draft reads in one go: enough
// reads in flight to hide the memory's latency, on the stack.
const resultBatch = 256

// resultUnits is the work a case of a draft counts on a watch: it costs
// 50–100 ns, some four units of checkEvery's 2–50 ns.
const resultUnits = 4
