package allocation

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// The naive strategies place cases one at a time, as people do today
// (optimizer.md §6.1). Each respects eligibility and the hard limits and
// leaves a case unplaced (AtCap) when no eligible practitioner has room.
// Each runs in O(Σ eligible pairs) time (Greedy adds a sort).

// roundRobin deals the cases of each team in ID order to its eligible
// practitioners in ID order, as a manager taking turns round the team
// would (optimizer.md §6.1, "round-robin within team"): each case goes to
// the first eligible practitioner with room at or after the one following
// the team's previous choice, wrapping around. Teams keep separate turns,
// so one team's cases do not move another team's turn.
func roundRobin(m *model) *state {
	s := newState(m)
	next := make(map[string]int32)
	for j := range m.nc() {
		lo, hi := int(m.start[j]), int(m.start[j+1])
		if lo == hi {
			continue
		}
		team := m.cases[j].Team
		k := lo + sortedPos(m.arcP[lo:hi], next[team])
		for n := 0; n < hi-lo; n++ {
			a := lo + (k-lo+n)%(hi-lo)
			if i := int(m.arcP[a]); s.fits(j, i) {
				s.set(j, int32(a))
				next[team] = int32(i) + 1
				break
			}
		}
	}
	return s
}

// random gives each case, in ID order, a uniformly random eligible
// practitioner with room, from a PCG stream seeded by seed.
func random(m *model, seed uint64) *state {
	s := newState(m)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var room []int32
	for j := range m.nc() {
		room = room[:0]
		for a := m.start[j]; a < m.start[j+1]; a++ {
			if s.fits(j, int(m.arcP[a])) {
				room = append(room, a)
			}
		}
		if len(room) > 0 {
			s.set(j, room[rng.IntN(len(room))])
		}
	}
	return s
}

// leastLoaded is the HMPPS default sort (allocation.md §2.2, ui
// sortPractitionersByGrade): each case, in ID order, goes to the eligible
// practitioner with room of the highest grade rank (PO, PSO, PQiP,
// others), then the lowest workload %, then the lowest ID.
func leastLoaded(m *model) *state {
	s := newState(m)
	for j := range m.nc() {
		best := int32(-1)
		for a := m.start[j]; a < m.start[j+1]; a++ {
			i := int(m.arcP[a])
			if !s.fits(j, i) {
				continue
			}
			if best < 0 || lessLoaded(m, s, i, int(m.arcP[best])) {
				best = a
			}
		}
		if best >= 0 {
			s.set(j, best)
		}
	}
	return s
}

// lessLoaded reports whether practitioner x comes before y in the HMPPS
// sort: higher grade rank, then lower workload % (load/available, with
// available 0 last).
func lessLoaded(m *model, s *state, x, y int) bool {
	if m.rank[x] != m.rank[y] {
		return m.rank[x] > m.rank[y]
	}
	ax, ay := m.avail[x], m.avail[y]
	switch {
	case ax == 0 || ay == 0:
		return ax > 0 && ay == 0
	}
	return s.load[x]*ay < s.load[y]*ax
}

// greedy places cases heaviest first (ties by ID), each on the eligible
// practitioner with room whose marginal objective (w·c plus the rise of the
// overload penalty) is least, ties to the lowest practitioner ID.
func greedy(m *model) *state {
	s := newState(m)
	order := make([]int, m.nc())
	for j := range order {
		order[j] = j
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(m.w[b], m.w[a]) })
	for _, j := range order {
		best, bestD := int32(-1), int64(0)
		for a := m.start[j]; a < m.start[j+1]; a++ {
			i := int(m.arcP[a])
			if !s.fits(j, i) {
				continue
			}
			l := s.load[i]
			d := m.w[j]*m.arcC[a] + m.penalty(i, l+m.w[j]) - m.penalty(i, l)
			if best < 0 || d < bestD {
				best, bestD = a, d
			}
		}
		if best >= 0 {
			s.set(j, best)
		}
	}
	return s
}
