package staffing

import (
	"cmp"
	"slices"
)

// Move is one transfer of a person in post from one unit to another.
type Move struct {
	Staff string `json:"staff"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// mover is a person who may move, with their cumulative points by month.
type mover struct {
	id   string
	unit int // current unit, model order
	prof [][3]float64
	done bool
}

// movers returns the staff the transfers may move, in unit then ID order.
func (md *model) movers(p *Problem) []mover {
	allow := map[string]bool{}
	for _, id := range p.Transfers.Staff {
		allow[id] = true
	}
	var out []mover
	for i := range md.units {
		u := &p.Units[md.units[i].src]
		for _, st := range u.Staff {
			if len(allow) > 0 && !allow[st.ID] {
				continue
			}
			prof := make([][3]float64, len(st.Months))
			nonzero := false
			for m, v := range st.Months {
				prof[m] = v.cumulative()
				nonzero = nonzero || prof[m][2] > 0
			}
			if nonzero {
				out = append(out, mover{id: st.ID, unit: i, prof: prof})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b mover) int {
		if c := cmp.Compare(a.unit, b.unit); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	return out
}

// transfer moves up to k people, one at a time, each time making the move
// that lowers the whole objective most (highest %, then the tails), and
// stops when no move lowers it: a best-improvement local search, so the
// plan with transfers is never worse than the plan without. Each person
// moves at most once, within the scope. Ties go to the earlier person in
// unit then ID order, then the earlier destination in key order.
// O(k × movers × units × months).
func (md *model) transfer(p *Problem, k int) []Move {
	if k <= 0 {
		return nil
	}
	ms := md.movers(p)
	scores := make([]score, len(md.units))
	for i := range md.units {
		scores[i] = md.units[i].score(nil, 0)
	}
	var out []Move
	for range k {
		top := top3(scores)
		curHigh := top[0].h
		best, bestTo := -1, -1
		var bestHigh float64
		var bestDelta tail
		var bestFrom, bestDest score
		for mi := range ms {
			mv := &ms[mi]
			if mv.done {
				continue
			}
			a := &md.units[mv.unit]
			from := a.score(mv.prof, -1)
			for b := range md.units {
				if b == mv.unit || md.units[b].scope != a.scope {
					continue
				}
				to := md.units[b].score(mv.prof, 1)
				h := max(othersHighest(top, mv.unit, b), from.highest, to.highest)
				old := scores[mv.unit].tail.plus(scores[b].tail)
				nw := from.tail.plus(to.tail)
				d := tail{nw.over110 - old.over110, nw.over100 - old.over100, nw.sq - old.sq}
				better := h < curHigh || (h == curHigh && cmpTail(d, tail{}) < 0)
				if !better {
					continue
				}
				if best < 0 || h < bestHigh || (h == bestHigh && cmpTail(d, bestDelta) < 0) {
					best, bestTo, bestHigh, bestDelta, bestFrom, bestDest = mi, b, h, d, from, to
				}
			}
		}
		if best < 0 {
			break
		}
		mv := &ms[best]
		md.units[mv.unit].shift(mv.prof, -1)
		md.units[bestTo].shift(mv.prof, 1)
		scores[mv.unit], scores[bestTo] = bestFrom, bestDest
		out = append(out, Move{Staff: mv.id, From: md.units[mv.unit].key, To: md.units[bestTo].key})
		mv.unit, mv.done = bestTo, true
	}
	return out
}

type ranked struct {
	h float64
	i int
}

// top3 returns the three highest unit %s with their units (i = −1 pads).
func top3(scores []score) [3]ranked {
	t := [3]ranked{{-1, -1}, {-1, -1}, {-1, -1}}
	for i, s := range scores {
		r := ranked{s.highest, i}
		for k := range 3 {
			if r.h > t[k].h {
				r, t[k] = t[k], r
			}
		}
	}
	return t
}

// othersHighest returns the highest % among the units other than a and b.
func othersHighest(t [3]ranked, a, b int) float64 {
	for _, r := range t {
		if r.i != a && r.i != b {
			return max(r.h, 0)
		}
	}
	return 0
}

// shift adds w times the profile to the unit's capacity.
func (u *munit) shift(prof [][3]float64, w float64) {
	for m := range u.c {
		for k := range 3 {
			u.c[m][k] += w * prof[m][k]
		}
	}
}
