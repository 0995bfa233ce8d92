package staffing

import "math"

// dpLimit bounds the work of the exact search of the later levels
// (unit × state × option steps); above it the greedy search runs and the
// plan's status says so. At this limit the search takes about a second.
const dpLimit = 40_000_000

// bisect returns the smallest non-negative float64 T for which feasible
// holds, searching the ordered bit patterns of [0, +Inf] (for
// non-negative floats the order of the bits is the order of the values),
// so that the result is exact: the first value at which the plan's
// highest % can be reached. feasible(+Inf) must hold. At most 64 calls.
func bisect(feasible func(float64) bool) float64 {
	lo, hi := uint64(0), math.Float64bits(math.Inf(1))
	for lo < hi {
		mid := lo + (hi-lo)/2
		if feasible(math.Float64frombits(mid)) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return math.Float64frombits(hi)
}

// fewest returns the smallest x in [lo, hi] for which ok holds, where ok
// is monotone (false then true), or -1 when ok(hi) is false.
func fewest(lo, hi int, ok func(int) bool) int {
	if lo > hi || !ok(hi) {
		return -1
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if ok(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// stage is the outcome of one stage: posts per unit (in model order), the
// fewest posts per unit that meet the stage's ceiling, the ceiling (the
// stage's highest %), and whether the later levels were searched exactly.
type stage struct {
	x, need []int
	ceiling float64
	exact   bool
}

// single distributes up to b posts of one profile among the units.
//
// Level 1 (the highest %) is exact: bisection on the target T, where T is
// reachable when every unit's fewest posts n_u(T) with all months at or
// below T add up to at most b (each unit's % falls as posts are added, so
// n_u(T) is found by binary search). Levels 2–4 are exact by dynamic
// programming over the units and the posts left, S = b − Σ n_u(T*): unit
// u takes n_u(T*) + e_u posts, Σ e_u ≤ S, minimising the sum of the
// units' (months over 110%, over 100%, Σ %²) lexicographically. When the
// programme would take more than dpLimit steps, posts are added one at a
// time where they lower that sum most (greedy marginal allocation, exact
// for the Σ %² level alone since each unit's Σ %² is convex in its posts).
func (md *model) single(prof [][3]float64, b int) stage {
	us := md.units
	hi := func(u *munit) int { return min(u.hi, b) }
	lo := func(u *munit) int { return u.lo }
	if sum := 0; true {
		for i := range us {
			sum += us[i].lo
		}
		if sum > b { // the minimums wait for a later stage
			lo = func(*munit) int { return 0 }
		}
	}
	need := make([]int, len(us))
	feasible := func(t float64) bool {
		sum := 0
		for i := range us {
			u := &us[i]
			n := fewest(lo(u), hi(u), func(x int) bool { return u.highest(prof, x) <= t })
			if n < 0 {
				return false
			}
			need[i] = n
			sum += n
			if sum > b {
				return false
			}
		}
		return true
	}
	ceiling := bisect(feasible)
	feasible(ceiling)
	st := stage{x: make([]int, len(us)), need: append([]int(nil), need...), ceiling: ceiling, exact: true}
	slack := b
	for _, n := range need {
		slack -= n
	}
	// tails[i][e] is unit i's tail with need[i] + e posts.
	tails := make([][]tail, len(us))
	work := 0
	for i := range us {
		u := &us[i]
		r := min(hi(u)-need[i], slack)
		tails[i] = make([]tail, 0, r+1)
		work += (slack + 1) * (r + 1)
		for e := 0; e <= r; e++ {
			tails[i] = append(tails[i], u.score(prof, need[i]+e).tail)
		}
	}
	var extra []int
	if work <= md.limit || slack == 0 {
		extra = knapsack(tails, slack)
	} else {
		extra = greedy(tails, slack)
		st.exact = false
	}
	for i := range us {
		st.x[i] = need[i] + extra[i]
	}
	return st
}

// knapsack returns e_i ≤ len(tails[i])−1 with Σ e_i ≤ s minimising
// Σ tails[i][e_i] lexicographically; ties keep fewer posts, then fewer
// posts in earlier units. O(Σ_i (s+1) len(tails[i])).
func knapsack(tails [][]tail, s int) []int {
	n := len(tails)
	inf := tail{over110: math.MaxInt32}
	f := make([]tail, s+1)
	for j := 1; j <= s; j++ {
		f[j] = inf
	}
	choice := make([][]int32, n)
	for i, ts := range tails {
		g := make([]tail, s+1)
		ch := make([]int32, s+1)
		for j := range g {
			g[j] = inf
			for e := 0; e < len(ts) && e <= j; e++ {
				if f[j-e] == inf {
					continue
				}
				if v := f[j-e].plus(ts[e]); cmpTail(v, g[j]) < 0 {
					g[j], ch[j] = v, int32(e)
				}
			}
		}
		f, choice[i] = g, ch
	}
	best := 0
	for j := 1; j <= s; j++ {
		if cmpTail(f[j], f[best]) < 0 {
			best = j
		}
	}
	out := make([]int, n)
	for i := n - 1; i >= 0; i-- {
		out[i] = int(choice[i][best])
		best -= out[i]
	}
	return out
}

// greedy adds up to s posts one at a time to the unit whose tail falls
// most, stopping when no post lowers any tail.
func greedy(tails [][]tail, s int) []int {
	out := make([]int, len(tails))
	for range s {
		best, bestDelta := -1, tail{}
		for i, ts := range tails {
			e := out[i]
			if e+1 >= len(ts) {
				continue
			}
			d := tail{ts[e+1].over110 - ts[e].over110, ts[e+1].over100 - ts[e].over100, ts[e+1].sq - ts[e].sq}
			if cmpTail(d, bestDelta) < 0 {
				best, bestDelta = i, d
			}
		}
		if best < 0 {
			break
		}
		out[best]++
	}
	return out
}
