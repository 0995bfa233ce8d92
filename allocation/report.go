package allocation

import (
	"fmt"
	"strings"

	"github.com/probationkit/probation/grades"
)

// result turns a final state into the public Result.
func (m *model) result(st *state, strat Strategy, status Status, stats Stats) *Result {
	res := &Result{Strategy: strat, Status: status, m: m, asg: make([]int32, m.nc())}
	stats.Cost, stats.Penalty, stats.Unplaced = st.objective()
	stats.Objective = stats.Cost + stats.Penalty + stats.Unplaced
	if stats.HasBound && stats.Bound > 0 {
		stats.Gap = float64(stats.Objective-stats.Bound) / float64(stats.Bound)
	}
	sets := map[grades.Profile]profileSets{}
	var unassigned []int
	for j := range m.nc() {
		i := st.holder(j)
		res.asg[j] = int32(i)
		c := m.caseOf(j)
		if i < 0 {
			unassigned = append(unassigned, j)
			continue
		}
		res.Assignments = append(res.Assignments, Assignment{
			CaseID:         c.ID,
			PractitionerID: m.practitionerOf(i).ID,
			Moved:          m.cur[j] >= 0 && m.cur[j] != int32(i),
			Cost:           m.caseCost(j, i, st.load[i], sets),
		})
	}
	if len(unassigned) > 0 {
		sx := m.newScopeIndex()
		for _, j := range unassigned {
			res.Unassigned = append(res.Unassigned, m.unassigned(j, sx))
		}
	}
	res.Workloads = make([]Workload, m.np())
	for i := range m.np() {
		p := m.practitionerOf(i)
		res.Workloads[i] = Workload{
			PractitionerID: p.ID,
			Available:      p.Available,
			Before:         int(m.before[i]),
			After:          int(st.load[i]),
			PercentBefore:  percent(m.before[i], m.avail[i]),
			PercentAfter:   percent(st.load[i], m.avail[i]),
		}
		stats.MaxPercent = max(stats.MaxPercent, res.Workloads[i].PercentAfter)
	}
	for j := range m.nc() {
		i, c := res.asg[j], m.cur[j]
		if i >= 0 && i != c {
			res.Workloads[i].Received++
		}
		if c >= 0 && i != c {
			res.Workloads[c].Released++
		}
	}
	res.Stats = stats
	if m.prm.Explain {
		res.Explanations = make([]Explanation, 0, len(res.Assignments))
		for j := range m.nc() {
			if res.asg[j] >= 0 {
				res.Explanations = append(res.Explanations, res.explain(j))
			}
		}
	}
	return res
}

func (m *model) sets(j int, cache map[grades.Profile]profileSets) profileSets {
	c := m.caseOf(j)
	ps, ok := cache[c.Risk]
	if !ok {
		ps.ok, ps.warn = m.pol.Eligible(c.Risk)
		if cache != nil {
			cache[c.Risk] = ps
		}
	}
	return ps
}

// caseCost is case j's part of the objective with practitioner i at load
// l (which includes the case): the pair's terms times the points, and the
// marginal overload penalty.
func (m *model) caseCost(j, i int, l int64, cache map[grades.Profile]profileSets) Cost {
	ps := m.sets(j, cache)
	k := m.costParts(j, i, ps.ok, ps.warn).times(m.w[j])
	k.Overload = m.penalty(i, l) - m.penalty(i, l-m.w[j])
	return k
}

// unassigned explains why case j is unplaced.
func (m *model) unassigned(j int, sx *scopeIndex) Unassigned {
	c := m.caseOf(j)
	u := Unassigned{CaseID: c.ID, Reason: m.block[j]}
	if u.Reason == 0 {
		u.Reason = AtCap
	}
	switch u.Reason {
	case NoEligible:
		cands := sx.candidates(c)
		if len(cands) == 0 {
			u.Detail = fmt.Sprintf("no available practitioner in scope (%s)", m.prm.Scope)
			break
		}
		var present grades.Set
		for _, i := range cands {
			present = present.With(m.practitionerOf(int(i)).Grade)
		}
		var parts []string
		for _, g := range present.Grades() {
			d := m.pol.Decide(c.Risk, g)
			ids := make([]string, 0, len(d.Fired))
			for _, r := range d.Fired {
				ids = append(ids, r.ID)
			}
			parts = append(parts, fmt.Sprintf("%v: %s", g, strings.Join(ids, ", ")))
		}
		u.Detail = "every grade in scope is blocked: " + strings.Join(parts, "; ")
	case Restricted:
		u.Detail = "the restricted-access lists exclude every eligible practitioner"
	case AtCap:
		n := m.start[j+1] - m.start[j]
		if n == 0 {
			u.Detail = "every eligible practitioner is at the hard cap"
		} else {
			u.Detail = fmt.Sprintf("all %d eligible practitioners are at the hard cap or their new-case limit", n)
		}
	}
	return u
}
