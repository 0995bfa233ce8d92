package allocation

import (
	"maps"
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
	cands int64 // the candidate pairs, once pairs has counted them
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
	s.mergeNeighbours()
	return s
}

// candidates returns the practitioners in c's scope, ascending; the
// index only reads its maps, so goroutines may share it.
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
	return s.lists[c.Team]
}

// mergeNeighbours lists, for SameTeam, the practitioners of each team
// with neighbours and of its neighbours.
func (s *scopeIndex) mergeNeighbours() {
	if s.m.prm.Scope != SameTeam {
		return
	}
	for _, team := range slices.Sorted(maps.Keys(s.m.neighbours)) {
		l := slices.Clone(s.lists[team])
		for _, t := range s.m.neighbours[team] {
			if t != team {
				l = append(l, s.lists[t]...)
			}
		}
		slices.Sort(l)
		s.merge[team] = slices.Compact(l)
	}
}

// pairs returns the candidate pairs of m: Σ over cases of the
// practitioners in the case's scope, plus its current practitioner when
// out of scope. It bounds the eligible pairs (maxPairs).
func (s *scopeIndex) pairs(m *instance) int64 {
	var n int64
	for j := range m.cases {
		n += int64(s.caseCands(j))
	}
	s.cands = n
	return n
}

// caseCands bounds case j's eligible pairs: the practitioners in its
// scope, plus its current practitioner when out of scope.
func (s *scopeIndex) caseCands(j int) int {
	n := len(s.candidates(&s.m.cases[j]))
	if c := s.m.cur[j]; c >= 0 && s.m.prm.Scope != Anywhere {
		n++ // at most one more: the current practitioner
	}
	return n
}

type profileSets struct{ ok, warn grades.Set }

// buildArcs lists every eligible pair: the practitioner is available, in
// scope (or holds the case now), of a grade the policy allows, allowed by
// the case's restricted-access lists, and could take the case without
// passing their hard cap. It makes two passes over the cases, each split
// into chunks run in parallel (parallel): the first counts each case's
// pairs, the second, once the counts are summed into m.start, writes the
// pairs and their costs in place, so the lists do not depend on how the
// cases are split or on GOMAXPROCS, and nothing is copied. A problem of
// at most arcOnePass candidate pairs takes one pass (buildArcsOnce). It
// reports false when w stops it.
func (m *model) buildArcs(sx *scopeIndex, w *watch) bool {
	nc := m.nc()
	m.start = make([]int32, nc+1)
	m.sets = make([]profileSets, nc)
	if sx.cands > 0 && sx.cands <= arcOnePass {
		return m.buildArcsOnce(sx, w)
	}
	if parallel(w, nc, arcChunk, func(lo, hi int, w *watch) { m.listArcs(sx, lo, hi, w, nil, m.start) }) {
		return false
	}
	for j := range nc {
		m.start[j+1] += m.start[j]
	}
	m.arcP = make([]int32, m.start[nc])
	m.arcC = make([]int64, m.start[nc])
	m.arcBits = make([]uint8, m.start[nc])
	grain := arcChunk
	if e := int(m.start[nc]); e > 0 {
		grain = max(1, min(arcChunk, arcChunkPairs*nc/e))
	}
	return !parallel(w, nc, grain, func(lo, hi int, w *watch) { m.listArcs(sx, lo, hi, w, m.start, nil) })
}

// buildArcsOnce is buildArcs in one pass, for a small problem: each case
// counts its pairs and writes them, with their costs, at the offset of its
// candidates (sx.caseCands), the cases split into chunks run in parallel;
// then the gaps are closed in case order. The lists keep the slack of
// the candidates that were not eligible.
func (m *model) buildArcsOnce(sx *scopeIndex, w *watch) bool {
	nc := m.nc()
	off := make([]int32, nc+1)
	for j := range nc {
		off[j+1] = off[j] + int32(sx.caseCands(j))
	}
	m.arcP = make([]int32, off[nc])
	m.arcC = make([]int64, off[nc])
	m.arcBits = make([]uint8, off[nc])
	grain := max(1, min(arcChunk, int(arcChunkPairs*int64(nc)/sx.cands)))
	if parallel(w, nc, grain, func(lo, hi int, w *watch) { m.listArcs(sx, lo, hi, w, off, m.start) }) {
		return false
	}
	e := int32(0)
	for j := range nc {
		n, a := m.start[j+1], off[j]
		copy(m.arcP[e:e+n], m.arcP[a:a+n])
		copy(m.arcC[e:e+n], m.arcC[a:a+n])
		copy(m.arcBits[e:e+n], m.arcBits[a:a+n])
		e += n
		m.start[j+1] = e
	}
	m.arcP, m.arcC, m.arcBits = m.arcP[:e:e], m.arcC[:e:e], m.arcBits[:e:e]
	return true
}

// arcOnePass is the most candidate pairs buildArcs lists in one pass:
// the pass it saves counts the candidates again (about 4 ns each, 0.12
// ms of a region's daily batch of 30,000), and the slack it leaves is at
// most 3.4 MB.
const arcOnePass = 1 << 18

// arcChunk is the fewest cases buildArcs gives a goroutine in the pass
// that only counts, and the most it asks for in the others: enough that
// starting a goroutine costs nothing measurable.
const arcChunk = 4096

// arcChunkPairs is the fewest eligible pairs (candidates, in one pass)
// buildArcs gives a goroutine in the pass that prices each pair (costOf,
// 30–50 ns): about 0.3 ms of work, far above the cost of starting a
// goroutine, so that the 18,000 pairs of a daily batch of 300 cases are
// priced on two cores, where a chunk of arcChunk cases left them on one.
const arcChunkPairs = 8192

// listArcs makes a pass of buildArcs over cases lo..hi-1: with at, it
// writes each case's pairs and their costs at at[j]; with count, it sets
// each case's pair count in count[j+1] (not summed) and its block reason
// when it has none. It stops early when w stops it.
func (m *model) listArcs(sx *scopeIndex, lo, hi int, w *watch, at, count []int32) {
	write := at != nil
	sets := map[grades.Profile]profileSets{}
	f := &pairFacts{} // one for the whole pass, refilled per pair
	var cands []int32
	for j := lo; j < hi; j++ {
		c := &m.cases[j]
		ps, ok := sets[c.Risk]
		if !ok {
			ps.ok, ps.warn = m.pol.Eligible(c.Risk)
			sets[c.Risk] = ps
		}
		m.sets[j] = ps
		cands = sx.candidates(c)
		if w.tick(int64(len(cands)) + 1) {
			return
		}
		cur := m.cur[j]
		if cur >= 0 && !m.practitioners[cur].Unavailable {
			if _, in := slices.BinarySearch(cands, cur); !in {
				cands = slices.Insert(slices.Clone(cands), sortedPos(cands, cur), cur)
			}
		}
		restricted := len(c.RestrictedTo) > 0 || len(c.ExcludedFrom) > 0
		nAvail, nGrade, nLAO := 0, 0, 0
		a := 0
		if write {
			a = int(at[j])
		}
		n := 0
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
			if write {
				*f = m.facts(j, int(i), ps)
				k := costOf(f, &m.weights)
				m.arcP[a+n] = i
				m.arcC[a+n], m.arcBits[a+n] = totalBits(&k)
			}
			n++
		}
		if count == nil {
			continue
		}
		count[j+1] = int32(n)
		if n == 0 {
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
