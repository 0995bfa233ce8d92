package allocation

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/probationkit/probation/grades"
)

// result turns a final state into the public Result. The Result keeps m,
// whose instance is its own copy of the problem. It is what Solve spends
// after a stop, so it works on every core: the cases are counted, then
// their assignments (and explanations, when asked for) are worked out, in
// blocks of resultBlock cases, each block writing at indices fixed by the
// counts of the blocks before it, so the Result does not depend on
// GOMAXPROCS. The objective is summed in the same pass, as objective sums
// it (exact sums, so the split changes nothing). The assignments go in
// space when it has room (startSpace), in a new slice otherwise. A million
// cases take about 60 ms of CPU.
func (m *model) result(st *state, strat Strategy, status Status, stats Stats, space []Assignment) *Result {
	nc := m.nc()
	res := &Result{Strategy: strat, Status: status, m: m, asg: make([]int32, nc)}
	// placedBefore[b] is the index of block b's first Assignment; its
	// first Unassigned is b·resultBlock − placedBefore[b].
	nb := (nc + resultBlock - 1) / resultBlock
	placedBefore := make([]int32, nb+1)
	sums := make([][2]int64, nb) // each block's cost and unplaced charge
	parallel(nil, nb, 1, func(lo, hi int, _ *watch) {
		for b := lo; b < hi; b++ {
			n := int32(0)
			for _, a := range st.arc[b*resultBlock : min((b+1)*resultBlock, nc)] {
				if a >= 0 {
					n++
				}
			}
			placedBefore[b+1] = n
		}
	})
	for b := range nb {
		placedBefore[b+1] += placedBefore[b]
	}
	placed := int(placedBefore[nb])
	switch {
	case placed > 0 && cap(space) >= placed:
		res.Assignments = space[:placed:placed]
	case placed > 0:
		res.Assignments = make([]Assignment, placed)
	}
	var sx *scopeIndex
	if placed < nc {
		res.Unassigned = make([]Unassigned, nc-placed)
		sx = m.newScopeIndex()
	}
	bands := make([]band, m.np()) // each practitioner's penalty around their load
	for i := range bands {
		bands[i] = m.bandOf(i, st.load[i])
	}
	kept := m.termsKept()
	parallel(nil, nb, 1, func(lo, hi int, _ *watch) {
		// A batch's pairs are read first, in a loop that does nothing
		// else: they lie far apart in memory, and the reads go several
		// times faster when many are in flight at once.
		var pr [resultBatch]int32
		var pc [resultBatch]int64
		var pbits [resultBatch]uint8
		for b := lo; b < hi; b++ {
			at, un := int(placedBefore[b]), b*resultBlock-int(placedBefore[b])
			var cost, unpl int64
			for j0 := b * resultBlock; j0 < min((b+1)*resultBlock, nc); j0 += resultBatch {
				batch := st.arc[j0:min(j0+resultBatch, (b+1)*resultBlock, nc)]
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
	})
	for _, v := range sums {
		stats.Cost += v[0]
		stats.UnplacedCharge += v[1]
	}
	stats.Penalty = st.penalty()
	stats.Objective = stats.Cost + stats.Penalty + stats.UnplacedCharge
	stats.UnplacedPerPoint = m.unplaced
	if stats.HasBound && stats.Bound > 0 {
		stats.GapPercent = 100 * float64(stats.Objective-stats.Bound) / float64(stats.Bound)
	}
	res.Workloads = make([]Workload, m.np())
	for i := range m.np() {
		res.Workloads[i] = Workload{
			PractitionerID:  m.practitioners[i].ID,
			AvailablePoints: int(m.avail[i]),
			BeforePoints:    int(m.before[i]),
			AfterPoints:     int(st.load[i]),
			BeforePercent:   percent(m.before[i], m.avail[i]),
			AfterPercent:    percent(st.load[i], m.avail[i]),
		}
		stats.MaxPercent = max(stats.MaxPercent, res.Workloads[i].AfterPercent)
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
	res.Stats = stats
	if m.prm.Explanations {
		res.Explanations = make([]Explanation, placed)
		parallel(nil, nb, 1, func(lo, hi int, _ *watch) {
			for b := lo; b < hi; b++ {
				at := int(placedBefore[b])
				for j := b * resultBlock; j < min((b+1)*resultBlock, nc); j++ {
					if i := res.asg[j]; i >= 0 {
						res.Explanations[at] = m.explain(j, int(i), res)
						at++
					}
				}
			}
		})
	}
	return res
}

// startSpace starts making, on another goroutine, room for the
// assignments of a Result of m, writing once to every page of it; the
// function it returns waits for that and returns the room. So the Result
// built after a stop does not wait on the OS for fresh pages: at a
// million cases they are 100 MB and a third of the time of result. The
// room is made early, as the run begins, and holds the same memory the
// Result would; a watch on ctx stops the writing, the room still usable.
func (m *model) startSpace(ctx context.Context) (wait func() []Assignment) {
	var space []Assignment
	var wg sync.WaitGroup
	wg.Go(func() {
		w := newWatch(ctx)
		space = make([]Assignment, m.nc())
		for k := 0; k < len(space); k += touchStride {
			if w.tick(touchUnits) {
				return
			}
			space[k] = Assignment{}
		}
	})
	return func() []Assignment {
		wg.Wait()
		return space
	}
}

// touchStride is the stride at which startSpace writes its room: an
// Assignment takes 96 bytes, so writing every 32nd, 3 KiB apart, writes
// every 4 KiB page.
const touchStride = 32

// touchUnits is the work the first write to a page counts on a watch: it
// costs about a microsecond (the OS finds and clears the page), some 64
// units of 2–50 ns (checkEvery), so the context is read every millisecond
// or two.
const touchUnits = 64

// resultBlock is the cases of one block of result's work: the unit of its
// split among goroutines, large enough that a goroutine's start is
// nothing beside its work (a block takes about a millisecond), small
// enough that a million cases make sixty blocks to share among the cores.
const resultBlock = 16384

// resultBatch is the cases whose pairs result reads in one go: enough
// reads in flight to hide the memory's latency, on the stack.
const resultBatch = 256

// unassigned explains why case j is unplaced.
func (m *model) unassigned(j int, sx *scopeIndex) Unassigned {
	c := &m.cases[j]
	u := Unassigned{CaseID: c.ID, Reason: m.block[j]}
	if u.Reason == 0 {
		u.Reason = AtLimit
	}
	switch u.Reason {
	case OutOfScope:
		u.Detail = fmt.Sprintf("no practitioner in the case's %s", m.prm.Scope)
	case Unavailable:
		u.Detail = fmt.Sprintf("every practitioner in the case's %s is unavailable", m.prm.Scope)
	case Ineligible:
		var present grades.Set
		for _, i := range sx.candidates(c) {
			if p := &m.practitioners[i]; !p.Unavailable {
				present = present.With(p.Grade)
			}
		}
		var parts []string
		for _, g := range present.Grades() {
			parts = append(parts, fmt.Sprintf("%v: %s", g, m.firedRules(c, g)))
		}
		u.Detail = "every grade in scope is blocked: " + strings.Join(parts, "; ")
	case Restricted:
		u.Detail = "the restricted-access lists exclude every eligible practitioner"
	case AtLimit:
		n := m.start[j+1] - m.start[j]
		if n == 0 {
			u.Detail = "every eligible practitioner is at the hard cap"
		} else {
			u.Detail = fmt.Sprintf("all %d eligible practitioners are at the hard cap or their new-case limit", n)
		}
	}
	return u
}

// firedRules names the hard rules of the policy that block grade g for
// case c, joined by ", ".
func (m *model) firedRules(c *Case, g grades.Grade) string {
	d := m.pol.Decide(c.Risk, g)
	ids := make([]string, 0, len(d.Fired))
	for _, r := range d.Fired {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ", ")
}
