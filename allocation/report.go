package allocation

import (
	"fmt"
	"strings"

	"github.com/probationkit/probation/grades"
)

// result turns a final state into the public Result. The Result keeps m,
// whose instance is its own copy of the problem. The assignments (and
// explanations, when asked for) are worked out in parallel chunks, each
// written at its own index, so the Result does not depend on GOMAXPROCS;
// a Result at the largest sizes takes a few tens of milliseconds, which is
// what Solve spends after a stop.
func (m *model) result(st *state, strat Strategy, status Status, stats Stats) *Result {
	nc := m.nc()
	res := &Result{Strategy: strat, Status: status, m: m, asg: make([]int32, nc)}
	stats.Cost, stats.Penalty, stats.UnplacedCharge = st.objective()
	stats.Objective = stats.Cost + stats.Penalty + stats.UnplacedCharge
	stats.UnplacedPerPoint = m.unplaced
	if stats.HasBound && stats.Bound > 0 {
		stats.GapPercent = 100 * float64(stats.Objective-stats.Bound) / float64(stats.Bound)
	}
	// at[j] is the index of case j's Assignment, or of its Unassigned.
	at := make([]int32, nc)
	var placed, unplaced int32
	for j := range nc {
		i := st.holder(j)
		res.asg[j] = int32(i)
		if i >= 0 {
			at[j] = placed
			placed++
		} else {
			at[j] = unplaced
			unplaced++
		}
	}
	if placed > 0 {
		res.Assignments = make([]Assignment, placed)
	}
	bands := make([]band, m.np()) // each practitioner's penalty around their load
	for i := range bands {
		bands[i] = m.bandOf(i, st.load[i])
	}
	parallel(nil, nc, resultChunk, func(lo, hi int, _ *watch) {
		for j := lo; j < hi; j++ {
			if i := int(res.asg[j]); i >= 0 {
				res.Assignments[at[j]] = Assignment{
					CaseID:         m.cases[j].ID,
					PractitionerID: m.practitioners[i].ID,
					Moved:          m.cur[j] >= 0 && m.cur[j] != int32(i),
					Cost:           m.caseCostAt(j, st.arc[j], st.load[i], &bands[i]),
				}
			}
		}
	})
	if unplaced > 0 {
		res.Unassigned = make([]Unassigned, unplaced)
		sx := m.newScopeIndex()
		for j := range nc {
			if res.asg[j] < 0 {
				res.Unassigned[at[j]] = m.unassigned(j, sx)
			}
		}
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
		parallel(nil, nc, resultChunk, func(lo, hi int, _ *watch) {
			for j := lo; j < hi; j++ {
				if i := res.asg[j]; i >= 0 {
					res.Explanations[at[j]] = m.explain(j, int(i), res)
				}
			}
		})
	}
	return res
}

// resultChunk is the fewest cases result gives a goroutine.
const resultChunk = 16384

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
