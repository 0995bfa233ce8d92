package allocation

import (
	"slices"

	"github.com/probationkit/probation/grades"
)

// scopeIndex maps a scope key (team, PDU or region) to the practitioners
// in it, available or not, ascending.
type scopeIndex struct {
	m     *instance
	lists map[string][]int32
	merge map[string][]int32 // SameTeam: team plus neighbours
	all   []int32
}

func (m *instance) newScopeIndex() *scopeIndex {
	s := &scopeIndex{m: m, lists: map[string][]int32{}, merge: map[string][]int32{}}
	for i := range m.np() {
		p := &m.practitioners[i]
		var key string
		switch m.prm.Scope {
		case SameTeam:
			key = p.Team
		case SamePDU:
			key = p.PDU
		case SameRegion:
			key = p.Region
		}
		s.lists[key] = append(s.lists[key], int32(i))
		s.all = append(s.all, int32(i))
	}
	return s
}

func (s *scopeIndex) candidates(c *Case) []int32 {
	switch s.m.prm.Scope {
	case SamePDU:
		return s.lists[c.PDU]
	case SameRegion:
		return s.lists[c.Region]
	case Anywhere:
		return s.all
	}
	if l, ok := s.merge[c.Team]; ok {
		return l
	}
	l := slices.Clone(s.lists[c.Team])
	for _, t := range s.m.neighbours[c.Team] {
		if t != c.Team {
			l = append(l, s.lists[t]...)
		}
	}
	slices.Sort(l)
	l = slices.Compact(l)
	s.merge[c.Team] = l
	return l
}

// pairs returns the candidate pairs of m: Σ over cases of the
// practitioners in the case's scope, plus its current practitioner when
// out of scope. It bounds the eligible pairs (maxPairs).
func (s *scopeIndex) pairs(m *instance) int64 {
	var n int64
	for j := range m.cases {
		n += int64(len(s.candidates(&m.cases[j])))
		if c := m.cur[j]; c >= 0 && s.m.prm.Scope != Anywhere {
			n++ // at most one more: the current practitioner
		}
	}
	return n
}

type profileSets struct{ ok, warn grades.Set }

// buildArcs lists every eligible pair: the practitioner is available, in
// scope (or holds the case now), of a grade the policy allows, allowed by
// the case's restricted-access lists, and could take the case without
// passing their hard cap.
func (m *model) buildArcs(sx *scopeIndex) {
	nc := m.nc()
	sets := map[grades.Profile]profileSets{}
	m.start = make([]int32, nc+1)
	m.arcP = make([]int32, 0, nc*8)
	m.arcC = make([]int64, 0, nc*8)
	for j := range nc {
		c := &m.cases[j]
		ps, ok := sets[c.Risk]
		if !ok {
			ps.ok, ps.warn = m.pol.Eligible(c.Risk)
			sets[c.Risk] = ps
		}
		cands := sx.candidates(c)
		cur := m.cur[j]
		if cur >= 0 && !m.practitioners[cur].Unavailable {
			if _, in := slices.BinarySearch(cands, cur); !in {
				cands = slices.Insert(slices.Clone(cands), sortedPos(cands, cur), cur)
			}
		}
		restricted := len(c.RestrictedTo) > 0 || len(c.ExcludedFrom) > 0
		nAvail, nGrade, nLAO := 0, 0, 0
		for _, i := range cands {
			p := &m.practitioners[i]
			if p.Unavailable {
				continue
			}
			nAvail++
			if !ps.ok.Has(p.Grade) {
				continue
			}
			nGrade++
			if restricted && !laoAllows(c, p.ID) {
				continue
			}
			nLAO++
			if cur != i && m.load0[i]+m.w[j] > m.hcap[i] {
				continue
			}
			m.arcP = append(m.arcP, i)
			m.arcC = append(m.arcC, m.pairCost(j, int(i), ps).Total())
		}
		m.start[j+1] = int32(len(m.arcP))
		if m.start[j+1] == m.start[j] {
			switch {
			case len(cands) == 0:
				m.block[j] = OutOfScope
			case nAvail == 0:
				m.block[j] = Unavailable
			case nGrade == 0:
				m.block[j] = Ineligible
			case nLAO == 0:
				m.block[j] = Restricted
			default:
				m.block[j] = AtLimit
			}
		}
	}
}

func sortedPos(l []int32, v int32) int {
	k, _ := slices.BinarySearch(l, v)
	return k
}

// laoAllows reports whether a restricted-access case's lists allow
// practitioner id: on RestrictedTo (when it is not empty) and not on
// ExcludedFrom (hmpps-allocations LaoService, allocation.md §2.5).
func laoAllows(c *Case, id string) bool {
	if len(c.RestrictedTo) > 0 && !slices.Contains(c.RestrictedTo, id) {
		return false
	}
	return !slices.Contains(c.ExcludedFrom, id)
}
