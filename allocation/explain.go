package allocation

import (
	"fmt"
	"strings"
)

// Explanation says why a case went to its practitioner: what it costs
// there, term by term, and why the best alternatives lost.
type Explanation struct {
	CaseID         string
	PractitionerID string
	// Percent is the practitioner's workload % after the allocation.
	Percent float64
	Cost    Cost
	// Alternatives holds the best other eligible practitioner (the one
	// whose total would be least if this case alone moved there), then
	// the case's current or previous practitioner when neither chosen nor
	// already listed. It is empty when no one else could take the case.
	Alternatives []Alternative
}

// Alternative is a practitioner the case did not go to, and why.
type Alternative struct {
	PractitionerID string
	// Eligible reports whether the practitioner may hold the case; Cost,
	// Extra and Percent are set only then.
	Eligible bool
	// Cost is what the case would cost with this practitioner if it alone
	// moved there (Overload is the rise of their penalty).
	Cost Cost
	// Extra is Cost.Total() minus the chosen practitioner's Cost.Total().
	Extra int64
	// Percent is the workload % the practitioner would reach with the
	// case.
	Percent float64
	Why     Why
	Detail  string
}

// Why is the main reason an alternative lost: for an ineligible
// practitioner the rule that excludes them, otherwise the cost term that
// grew most.
type Why uint8

// The reasons.
const (
	WhyIneligible  Why = iota + 1 // a hard rule of the policy blocks the grade (Detail: rule IDs)
	WhyRestricted                 // the case's restricted-access lists exclude them
	WhyUnavailable                // Unavailable
	WhyOutOfScope                 // not in the case's team, PDU or region (per Settings.Scope)
	WhyAtLimit                    // at their hard cap or new-case limit
	WhyOverload                   // would reach a higher workload % (Detail: the %)
	WhyFurther                    // further away
	WhyContinuity                 // breaks continuity with the current or previous practitioner
	WhyCrossTeam                  // another team
	WhyOverSkill                  // a qualified officer where a PSO could hold the case
	WhySoftRule                   // a soft rule of the policy fires for their grade
	WhyMove                       // moving the case costs more than keeping it
	WhyTie                        // same total; the lower practitioner ID won
	WhyBalance                    // cheaper alone, but the whole allocation is better without the move (move budget, or a time limit)
)

var whyNames = [...]string{"", "ineligible", "restricted", "unavailable", "out-of-scope", "at-limit", "overload", "further", "continuity", "cross-team", "over-skill", "soft-rule", "move", "tie", "balance"}

// String returns the reason's name, such as "overload".
func (w Why) String() string {
	if w >= WhyIneligible && w <= WhyBalance {
		return whyNames[w]
	}
	return fmt.Sprintf("Why(%d)", uint8(w))
}

// Explain returns the explanation of the assignment of the case with the
// given ID, computed from the final allocation in O(eligible
// practitioners of the case). ok is false if the case is unknown or
// unplaced (see Unassigned for those).
func (r *Result) Explain(caseID string) (e Explanation, ok bool) {
	if r.m == nil {
		return e, false
	}
	j, found := r.m.caseIndex(caseID)
	if !found || r.asg[j] < 0 {
		return e, false
	}
	return r.explain(j), true
}

func (m *model) caseIndex(id string) (int, bool) {
	lo, hi := 0, m.nc()
	for lo < hi {
		mid := (lo + hi) / 2
		switch c := m.caseOf(mid).ID; {
		case c == id:
			return mid, true
		case c < id:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, false
}

// load returns practitioner i's load in the final allocation.
func (r *Result) load(i int) int64 { return int64(r.Workloads[i].After) }

func (r *Result) explain(j int) Explanation {
	m := r.m
	i := int(r.asg[j])
	e := Explanation{
		CaseID:         m.caseOf(j).ID,
		PractitionerID: m.practitionerOf(i).ID,
		Percent:        percent(r.load(i), m.avail[i]),
		Cost:           m.caseCost(j, i, r.load(i), nil),
	}
	chosen := e.Cost.Total()
	w := m.w[j]
	best, bestT := -1, int64(0)
	var bestC Cost
	for a := m.start[j]; a < m.start[j+1]; a++ {
		b := int(m.arcP[a])
		if b == i {
			continue
		}
		c := m.caseCost(j, b, r.load(b)+w, nil)
		if t := c.Total(); best < 0 || t < bestT {
			best, bestT, bestC = b, t, c
		}
	}
	listed := -1
	if best >= 0 {
		e.Alternatives = append(e.Alternatives, r.alternative(j, best, bestC, chosen, e.Cost))
		listed = best
	}
	for _, k := range []int32{m.cur[j], m.prev[j]} {
		if k < 0 || int(k) == i || int(k) == listed {
			continue
		}
		if _, ok := m.arcIndex(j, int(k)); ok {
			c := m.caseCost(j, int(k), r.load(int(k))+w, nil)
			e.Alternatives = append(e.Alternatives, r.alternative(j, int(k), c, chosen, e.Cost))
		} else {
			e.Alternatives = append(e.Alternatives, m.ineligible(j, int(k)))
		}
		break
	}
	return e
}

// alternative explains why eligible practitioner b lost to the chosen one.
func (r *Result) alternative(j, b int, c Cost, chosen int64, cc Cost) Alternative {
	m := r.m
	a := Alternative{
		PractitionerID: m.practitionerOf(b).ID,
		Eligible:       true,
		Cost:           c,
		Extra:          c.Total() - chosen,
		Percent:        percent(r.load(b)+m.w[j], m.avail[b]),
	}
	switch {
	case a.Extra == 0:
		a.Why, a.Detail = WhyTie, "same total; the lower practitioner ID won"
	case a.Extra < 0:
		a.Why = WhyBalance
		if r.load(b)+m.w[j] > m.hcap[b] {
			a.Why = WhyAtLimit
			a.Detail = "at the hard cap"
		} else if m.maxNew[b] > 0 && m.isNew(j, b) && int32(r.Workloads[b].Received) >= m.maxNew[b] {
			a.Why = WhyAtLimit
			a.Detail = fmt.Sprintf("has already received %d new cases (limit %d)", r.Workloads[b].Received, m.maxNew[b])
		} else {
			a.Detail = "cheaper for this case alone; kept for the whole allocation (move budget or time limit)"
		}
	default:
		terms := []struct {
			why  Why
			d    int64
			text string
		}{
			{WhyOverload, c.Overload - cc.Overload, fmt.Sprintf("would reach %.1f%%", a.Percent)},
			{WhyFurther, c.Distance - cc.Distance, "further away"},
			{WhyContinuity, c.Continuity - cc.Continuity, "breaks continuity"},
			{WhyCrossTeam, c.CrossTeam - cc.CrossTeam, "another team"},
			{WhyOverSkill, c.OverSkill - cc.OverSkill, "over-skilled for the case"},
			{WhySoftRule, c.SoftRule - cc.SoftRule, "a soft rule fires for the grade"},
			{WhyMove, c.Move - cc.Move, "moving the case costs more"},
		}
		k := 0
		for t := range terms {
			if terms[t].d > terms[k].d {
				k = t
			}
		}
		a.Why = terms[k].why
		a.Detail = fmt.Sprintf("%s (+%d)", terms[k].text, terms[k].d)
	}
	return a
}

// ineligible explains why practitioner k may not hold case j.
func (m *model) ineligible(j, k int) Alternative {
	c, p := m.caseOf(j), m.practitionerOf(k)
	a := Alternative{PractitionerID: p.ID}
	ok, _ := m.pol.Eligible(c.Risk)
	switch {
	case p.Unavailable:
		a.Why, a.Detail = WhyUnavailable, "unavailable"
	case !ok.Has(p.Grade):
		d := m.pol.Decide(c.Risk, p.Grade)
		ids := make([]string, 0, len(d.Fired))
		for _, r := range d.Fired {
			ids = append(ids, r.ID)
		}
		a.Why, a.Detail = WhyIneligible, fmt.Sprintf("%v ineligible under %s", p.Grade, strings.Join(ids, ", "))
	case (len(c.RestrictedTo) > 0 || len(c.ExcludedFrom) > 0) && !laoAllows(c, p.ID):
		a.Why, a.Detail = WhyRestricted, "excluded by the restricted-access lists"
	case m.cur[j] != int32(k) && m.load0[k]+m.w[j] > m.hcap[k]:
		a.Why, a.Detail = WhyAtLimit, "the case alone would pass the hard cap"
	default:
		a.Why, a.Detail = WhyOutOfScope, fmt.Sprintf("outside the case's %s", m.prm.Scope)
	}
	return a
}
