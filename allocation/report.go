package allocation

import (
	"fmt"
	"strings"

	"github.com/probationkit/probation/grades"
)

// result turns a final state into the public Result: a draft of it
// (m.draft) finished at once. The Result keeps m, whose instance is its
// own copy of the problem.
func (m *model) result(st *state, strat Strategy, status Status, stats Stats) *Result {
	return m.draft(st, nil).finish(st, strat, status, stats)
}

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
