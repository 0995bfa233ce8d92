package allocation

import (
	"cmp"
	"slices"
)

// A rebalance is a Problem whose cases have a Current practitioner:
// staying costs nothing, leaving costs MoveCost + Continuity per point (on
// top of the other terms), and an Unavailable practitioner (for example an
// officer who has left, reallocation reason OFFICER_LEFT in
// allocation.md §2.4) must give up every case. Daily batches and
// rebalances mix freely: cases without a Current are new.

// enforceBudget applies Settings.MoveBudget: while more voluntary moves
// are made than the budget allows, it sends back to their current
// practitioner the moved case whose return costs least, priced once
// before any return (a greedy repair; a move whose return would break a
// hard limit stays). A voluntary move is one whose current
// practitioner could have kept the case (available, still eligible).
// It returns the number of cases moved away from a current practitioner.
func (m *model) enforceBudget(s *state) int {
	type mv struct {
		j    int
		back int32
		d    int64
	}
	var vol []mv
	moved := 0
	for j, a := range s.arc {
		c := m.cur[j]
		if c < 0 || (a >= 0 && m.arcP[a] == c) {
			continue
		}
		moved++
		if back, ok := m.arcIndex(j, int(c)); ok {
			vol = append(vol, mv{j, back, s.moveDelta(j, back)})
		}
	}
	budget := m.prm.MoveBudget
	if budget == 0 || len(vol) <= max(budget, 0) {
		return moved
	}
	budget = max(budget, 0)
	slices.SortStableFunc(vol, func(a, b mv) int { return cmp.Compare(a.d, b.d) })
	excess := len(vol) - budget
	for _, v := range vol {
		if excess == 0 {
			break
		}
		if s.fits(v.j, int(m.arcP[v.back])) {
			s.set(v.j, v.back)
			excess--
			moved--
		}
	}
	return moved
}
