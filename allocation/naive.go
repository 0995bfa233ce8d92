package allocation

import "math/rand/v2"

// The naive strategies place cases one at a time, as people do today
// (optimizer.md §6.1). Each respects eligibility and the hard limits and
// leaves a case unplaced (AtCap) when no eligible practitioner has room.
// Each runs in O(Σ eligible pairs) time (Greedy adds a sort), counting
// its pairs on the watch w; each returns nil when w stops it.

// roundRobin deals the cases of each team in ID order to its eligible
// practitioners in ID order, as a manager taking turns round the team
// would (optimizer.md §6.1, "round-robin within team"): each case goes to
// the first eligible practitioner with room at or after the one following
// the team's previous choice, wrapping around. Teams keep separate turns,
// so one team's cases do not move another team's turn.
func roundRobin(m *model, w *watch) *state {
	s := newState(m)
	next := make(map[string]int32)
	for j := range m.nc() {
		lo, hi := int(m.start[j]), int(m.start[j+1])
		if w.tick(int64(hi-lo) + 1) {
			return nil
		}
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
func random(m *model, seed uint64, w *watch) *state {
	s := newState(m)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var room []int32
	for j := range m.nc() {
		if w.tick(int64(m.start[j+1]-m.start[j]) + 1) {
			return nil
		}
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
func leastLoaded(m *model, w *watch) *state {
	s := newState(m)
	for j := range m.nc() {
		if w.tick(int64(m.start[j+1]-m.start[j]) + 1) {
			return nil
		}
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
func greedy(m *model, w *watch) *state {
	s := newState(m)
	order := make([]int32, m.nc())
	for j := range order {
		order[j] = int32(j)
	}
	// Heaviest first, ties by ID: a counting sort by points, which are
	// bounded (maxPoints), keeps it linear and stable.
	order = sortByPoints(m, order)
	if w.tick(int64(len(order))) {
		return nil
	}
	for _, j32 := range order {
		j := int(j32)
		if w.tick(int64(m.start[j+1]-m.start[j]) + 1) {
			return nil
		}
		best, bestD := int32(-1), int64(0)
		for a := m.start[j]; a < m.start[j+1]; a++ {
			i := int(m.arcP[a])
			if !s.fits(j, i) {
				continue
			}
			l := s.load[i]
			d := m.w[j]*m.arcC[a] + m.rise(i, l+m.w[j], m.w[j])
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

// sortByPoints returns the cases of order sorted by points, heaviest
// first, keeping the order of equal ones (a counting sort: points are at
// most maxPoints).
func sortByPoints(m *model, order []int32) []int32 {
	var top int64
	for _, j := range order {
		top = max(top, m.w[j])
	}
	count := make([]int32, top+2)
	for _, j := range order {
		count[top-m.w[j]+1]++
	}
	for k := 1; k < len(count); k++ {
		count[k] += count[k-1]
	}
	out := make([]int32, len(order))
	for _, j := range order {
		k := top - m.w[j]
		out[count[k]] = j
		count[k]++
	}
	return out
}
