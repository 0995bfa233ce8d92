package allocation

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Explanation says why a case went to its practitioner: what it costs
// there, term by term, and why the best alternatives lost.
type Explanation struct {
	CaseID         string `json:"case_id"`
	PractitionerID string `json:"practitioner_id"`
	// AfterPercent is the practitioner's workload % after the allocation.
	AfterPercent float64 `json:"after_percent"`
	Cost         Cost    `json:"cost"`
	// Alternatives holds the best other eligible practitioner (the one
	// whose total would be least if this case alone moved there), then
	// the case's current or previous practitioner when neither chosen nor
	// already listed. It is empty when no one else could take the case.
	Alternatives []Candidate `json:"alternatives"`
}

// Candidate is a practitioner considered for a case, and how they compare
// with the practitioner chosen.
type Candidate struct {
	PractitionerID string `json:"practitioner_id"`
	// Eligible reports whether the practitioner may hold the case:
	// available, in scope, of an allowed grade, allowed by the
	// restricted-access lists, and able to take it under the hard cap.
	Eligible bool `json:"eligible"`
	// Cost is what the case would cost with this practitioner if it alone
	// moved there (Cost[Overload] is the rise of their penalty); zero
	// unless Eligible.
	Cost Cost `json:"cost"`
	// Extra is Cost.Total() minus the chosen practitioner's; 0 for the
	// chosen practitioner and unless Eligible.
	Extra int64 `json:"extra"`
	// AfterPercent is the workload % the practitioner would reach with
	// the case (their workload % now when not Eligible).
	AfterPercent float64 `json:"after_percent"`
	// Reason is why they did not get the case; zero for the practitioner
	// chosen.
	Reason Reason `json:"reason,omitempty"`
	// Term, with Reason Costlier, is the term that grew most.
	Term Term `json:"term,omitempty"`
	// Detail says the same for a person: "would reach 111.0% (+1900)",
	// "PSO ineligible under rosh-high-to-po".
	Detail string `json:"detail,omitempty"`
}

// loads is what a candidate is judged against: every practitioner's load
// and the new cases they have received.
type loads interface {
	load(i int) int64
	received(i int) int32
}

// Explain returns the explanation of the assignment of the case with the
// given ID, worked out from the final allocation in O(eligible
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
	return r.m.explain(j, int(r.asg[j]), r), true
}

// Candidates returns every practitioner in the case's scope, and its
// current practitioner, with how each compares with the practitioner the
// case went to: the chosen one first, then the eligible ones by rising
// total (ties by ID), then the others by ID, each with the reason they
// did not get the case. For an unplaced case nobody is chosen and Extra
// is 0. ok is false for an unknown case. O(practitioners in scope).
func (r *Result) Candidates(caseID string) (cs []Candidate, ok bool) {
	if r.m == nil {
		return nil, false
	}
	j, found := r.m.caseIndex(caseID)
	if !found {
		return nil, false
	}
	return r.m.candidates(j, int(r.asg[j]), r), true
}

// Explanations returns the explanation of every assignment, in the
// order of Assignments (nil when nothing is placed), worked out on demand
// from the final allocation as Explain does: Solve never spends time on
// them, so a run stopped by its context returns as quickly with or
// without them. Each call works them out afresh on every core, in
// chunks each written at its own index, so they do not depend on
// GOMAXPROCS (TestGOMAXPROCS). One scans its case's eligible pairs:
// measured on two cores, 7 ms for a region's 30,000 at team scope and
// 0.42–0.48 s for a million cases at PDU scope.
func (r *Result) Explanations() []Explanation {
	return explainAll(r, func(e Explanation, _ []byte) Explanation { return e })
}

// explanationTexts returns the text of every assignment's explanation
// (Explanation.String), in the order of Assignments: what an Engine's
// batch journals with each decision.
func (r *Result) explanationTexts() []string {
	return explainAll(r, func(e Explanation, b []byte) string { return string(e.appendText(b[:0])) })
}

// explainAll returns f of every assignment's explanation, in the order
// of Assignments, worked out in parallel chunks; f may use the buffer it
// is given, one per goroutine, for scratch.
func explainAll[T any](r *Result, f func(Explanation, []byte) T) []T {
	if r.m == nil || len(r.Assignments) == 0 {
		return nil
	}
	js := make([]int32, 0, len(r.Assignments)) // the placed cases
	for j, i := range r.asg {
		if i >= 0 {
			js = append(js, int32(j))
		}
	}
	out := make([]T, len(js))
	parallel(nil, len(js), explainChunk, func(lo, hi int, _ *watch) {
		b := make([]byte, 0, explanationBytes)
		for k := lo; k < hi; k++ {
			j := int(js[k])
			out[k] = f(r.m.explain(j, int(r.asg[j]), r), b)
		}
	})
	return out
}

// explainChunk is the fewest explanations explainAll gives a
// goroutine: one takes 0.5–1 µs of CPU (measured as above), so a chunk
// takes tens of microseconds, well above the cost of starting it.
const explainChunk = 64

func (r *Result) load(i int) int64     { return int64(r.Workloads[i].AfterPoints) }
func (r *Result) received(i int) int32 { return int32(r.Workloads[i].Received) }

func (m *model) caseIndex(id string) (int, bool) {
	return slices.BinarySearchFunc(m.cases, id, func(c Case, id string) int { return strings.Compare(c.ID, id) })
}

// explain explains case j held by practitioner i at the loads of ls.
func (m *model) explain(j, i int, ls loads) Explanation {
	a, _ := m.arcIndex(j, i) // a case is placed on one of its eligible pairs
	e := Explanation{
		CaseID:         m.cases[j].ID,
		PractitionerID: m.practitioners[i].ID,
		AfterPercent:   percent(ls.load(i), m.avail[i]),
		Cost:           m.pairCaseCost(j, a, ls.load(i)),
	}
	w := m.w[j]
	best, bestT := -1, int64(0)
	for a := m.start[j]; a < m.start[j+1]; a++ {
		b := int(m.arcP[a])
		if b == i {
			continue
		}
		// The total without the breakdown: the pair's cost per point is
		// arcC, and only the winner's terms are worked out below. The
		// penalty only adds, so a pair that costs the best total already
		// cannot win.
		t := w * m.arcC[a]
		if best >= 0 && t >= bestT {
			continue
		}
		t += m.rise(b, ls.load(b)+w, w)
		if best < 0 || t < bestT {
			best, bestT = b, t
		}
	}
	if best >= 0 {
		e.Alternatives = append(e.Alternatives, m.candidate(j, best, i, ls, e.Cost))
	}
	for _, k := range []int32{m.cur[j], m.prev[j]} {
		if k >= 0 && int(k) != i && int(k) != best {
			e.Alternatives = append(e.Alternatives, m.candidate(j, int(k), i, ls, e.Cost))
			break
		}
	}
	return e
}

// candidates lists the candidates of case j held by chosen (-1: none) at
// the loads of ls, in the order Result.Candidates documents.
func (m *model) candidates(j, chosen int, ls loads) []Candidate {
	var first Cost
	if chosen >= 0 {
		first = m.caseCost(j, chosen, ls.load(chosen))
	}
	ids := m.inScope(j)
	cs := make([]Candidate, 0, len(ids))
	for _, i := range ids {
		cs = append(cs, m.candidate(j, int(i), chosen, ls, first))
	}
	rank := func(c *Candidate) int {
		switch {
		case c.Reason == 0:
			return 0
		case c.Eligible:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(cs, func(a, b Candidate) int {
		if c := cmp.Compare(rank(&a), rank(&b)); c != 0 {
			return c
		}
		if a.Eligible && b.Eligible {
			if c := cmp.Compare(a.Cost.Total(), b.Cost.Total()); c != 0 {
				return c
			}
		}
		return strings.Compare(a.PractitionerID, b.PractitionerID)
	})
	return cs
}

// inScope returns the practitioners of case j's scope, available or not,
// and its current practitioner, ascending.
func (m *model) inScope(j int) []int32 {
	var out []int32
	c := &m.cases[j]
	for i := range m.practitioners {
		if m.scopeHas(c, i) || m.cur[j] == int32(i) {
			out = append(out, int32(i))
		}
	}
	return out
}

// scopeHas reports whether practitioner i is in case c's scope.
func (m *model) scopeHas(c *Case, i int) bool {
	p := &m.practitioners[i]
	switch m.prm.Scope {
	case SamePDU:
		return p.PDU == c.PDU
	case SameRegion:
		return p.Region == c.Region
	case SameTeam:
		return p.Team == c.Team || (p.Team != "" && slices.Contains(m.neighbours[c.Team], p.Team))
	}
	return true
}

// candidate compares practitioner b for case j with chosen (-1: none),
// whose cost for the case is first, at the loads of ls.
func (m *model) candidate(j, b, chosen int, ls loads, first Cost) Candidate {
	p := &m.practitioners[b]
	w := m.w[j]
	cd := Candidate{PractitionerID: p.ID, AfterPercent: percent(ls.load(b), m.avail[b])}
	a, ok := m.arcIndex(j, b)
	if !ok {
		cd.Reason, cd.Detail = m.ineligible(j, b)
		return cd
	}
	l := ls.load(b)
	if b != chosen {
		l += w
	}
	cd.Eligible = true
	cd.Cost = m.pairCaseCost(j, a, l)
	cd.AfterPercent = percent(l, m.avail[b])
	if b == chosen {
		return cd
	}
	if chosen >= 0 {
		cd.Extra = cd.Cost.Total() - first.Total()
	}
	switch {
	case l > m.hcap[b]:
		cd.Reason, cd.Detail = AtLimit, fmt.Sprintf("would pass the hard cap (%.1f%%)", cd.AfterPercent)
	case m.maxNew[b] > 0 && m.isNew(j, b) && ls.received(b) >= m.maxNew[b]:
		cd.Reason, cd.Detail = AtLimit, fmt.Sprintf("has already received %d new cases (limit %d)", ls.received(b), m.maxNew[b])
	case chosen < 0:
		cd.Reason, cd.Detail = AtLimit, "the hard limits leave the case unplaced"
	case cd.Extra < 0:
		cd.Reason, cd.Detail = Kept, "cheaper for this case alone; kept for the whole allocation"
	default:
		cd.compare(first)
	}
	return cd
}

// compare sets the reason an eligible candidate whose Extra is not
// negative is not the first choice, whose cost is first: Tie when Extra
// is 0, else Costlier and the term that grew most, with a Detail in
// words.
func (cd *Candidate) compare(first Cost) {
	if cd.Extra == 0 {
		cd.Reason, cd.Detail = Tie, "same total; the lower practitioner ID won"
		return
	}
	k := Term(0)
	for t := range cd.Cost {
		if cd.Cost[t]-first[t] > cd.Cost[k]-first[k] {
			k = Term(t)
		}
	}
	cd.Reason, cd.Term = Costlier, k
	d := cd.Cost[k] - first[k]
	b := make([]byte, 0, 32)
	if k == Overload {
		b = appendPercent(append(b, "would reach "...), cd.AfterPercent)
	} else {
		b = append(b, terms[k].word...)
	}
	b = strconv.AppendInt(append(b, " (+"...), d, 10)
	cd.Detail = string(append(b, ')'))
}

// ineligible says why practitioner k may not hold case j at all.
func (m *model) ineligible(j, k int) (Reason, string) {
	c, p := &m.cases[j], &m.practitioners[k]
	ok, _ := m.pol.Eligible(c.Risk)
	switch {
	case p.Unavailable:
		return Unavailable, "unavailable"
	case !ok.Has(p.Grade):
		return Ineligible, fmt.Sprintf("%v ineligible under %s", p.Grade, m.firedRules(c, p.Grade))
	case (len(c.RestrictedTo) > 0 || len(c.ExcludedFrom) > 0) && !laoAllows(c, p.ID):
		return Restricted, "excluded by the restricted-access lists"
	case m.cur[j] != int32(k) && m.load0[k]+m.w[j] > m.cap0[k]:
		return AtLimit, "the case alone would pass the hard cap"
	}
	return OutOfScope, fmt.Sprintf("outside the case's %s", m.prm.Scope)
}

// caseCostAt is caseCost for a pair of case j whose cost per point is k,
// term by term (pairTerms), with b the window of the practitioner's
// penalty at their load l (no record read: the Result's costs, for every
// case at once).
func (m *model) caseCostAt(j int, k Cost, l int64, b *band) Cost {
	k = k.times(m.w[j])
	k[Overload] = m.overloadAt(j, l, b)
	return k
}

// overloadAt is case j's marginal overload penalty with its practitioner
// at load l (which includes the case), b the window of their penalty
// there.
func (m *model) overloadAt(j int, l int64, b *band) int64 {
	below := l - m.w[j]
	pb := int64(0)
	if b.holds(below) {
		pb = b.at(below)
	} else {
		pb = m.penalty(b.i, below)
	}
	return b.at(l) - pb
}

// pairCaseCost is caseCost for case j's eligible pair a, from pairTerms
// (no record read) at its practitioner's load l.
func (m *model) pairCaseCost(j int, a int32, l int64) Cost {
	k := m.pairTerms(j, a).times(m.w[j])
	i := int(m.arcP[a])
	k[Overload] = m.penalty(i, l) - m.penalty(i, l-m.w[j])
	return k
}

// caseCost is case j's part of the objective with practitioner i at load
// l (which includes the case): the pair's terms times the points, and the
// marginal overload penalty.
func (m *model) caseCost(j, i int, l int64) Cost {
	k := m.pairCost(j, i, m.caseSets(j)).times(m.w[j])
	k[Overload] = m.penalty(i, l) - m.penalty(i, l-m.w[j])
	return k
}
