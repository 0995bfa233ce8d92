package staffing

import "math"

// sameShared reports whether a PO post and a PSO post bring the same
// points to the pools they share (levels 1 and 2) in every month, as
// they do under the national capacity (both 2,176 points at 37 hours,
// domain/workload.md §2.2). Then the units' needs couple only through
// the two budgets, and the dual search is exact.
func (md *model) sameShared() bool {
	po, pso := md.post[kindPO], md.post[kindPSO]
	for m := range po {
		if po[m][1] != pso[m][1] || po[m][2] != pso[m][2] {
			return false
		}
	}
	return true
}

// dual distributes up to bPO PO posts and bPSO PSO posts (sameShared must
// hold). It returns the PO and PSO posts per unit and the stage.
//
// Level 1 is exact: unit u is at or below T with p PO and s PSO posts iff
// p ≥ r0_u(T) (the PO-only work, which only PO capacity meets) and
// p + s ≥ r1_u(T) (the rest, which either grade meets), so T is reachable
// iff, with n_u = max(r0_u, r1_u, min posts),
//
//	Σ r0_u ≤ bPO   and   Σ n_u ≤ bPO + bPSO
//
// (Hall's condition for the flow of PO posts to PO-only need and of both
// grades to the rest; PO posts absorb PSO work). Levels 2–4 are exact by
// dynamic programming over (PO posts, all posts) when the programme fits
// in dpLimit steps, and greedy otherwise.
func (md *model) dual(bPO, bPSO int) (po, pso []int, st stage) {
	us := md.units
	ppo, ppso := md.post[kindPO], md.post[kindPSO]
	b := bPO + bPSO
	hi := func(u *munit) int { return min(u.hi, b) }
	lo := func(u *munit) int { return u.lo }
	if sum := 0; true {
		for i := range us {
			sum += us[i].lo
		}
		if sum > b {
			lo = func(*munit) int { return 0 }
		}
	}
	r0 := make([]int, len(us))
	nmin := make([]int, len(us))
	feasible := func(t float64) bool {
		s0, sn := 0, 0
		for i := range us {
			u := &us[i]
			h := hi(u)
			p := fewest(0, h, func(x int) bool {
				for m := range u.a {
					if ratio(u.a[m][0], u.c[m][0]+float64(x)*ppo[m][0]) > t {
						return false
					}
				}
				return true
			})
			n := fewest(0, h, func(x int) bool {
				for m := range u.a {
					for k := 1; k < 3; k++ {
						if ratio(u.a[m][k], u.c[m][k]+float64(x)*ppso[m][k]) > t {
							return false
						}
					}
				}
				return true
			})
			if p < 0 || n < 0 {
				return false
			}
			n = max(n, p, lo(u))
			if n > h {
				return false
			}
			r0[i], nmin[i] = p, n
			s0 += p
			sn += n
			if s0 > bPO || sn > b {
				return false
			}
		}
		return true
	}
	st.ceiling = bisect(feasible)
	feasible(st.ceiling)
	st.need = append([]int(nil), nmin...)
	sPO, sN := bPO, b
	for i := range us {
		sPO -= r0[i]
		sN -= nmin[i]
	}
	// Options of unit i: p = r0+dp, n = nmin+dn with p ≤ n ≤ hi.
	states := (sPO + 1) * (sN + 1)
	work := 0
	for i := range us {
		work += states * (min(sPO, hi(&us[i])-r0[i]) + 1) * (min(sN, hi(&us[i])-nmin[i]) + 1)
		if work > md.limit {
			break
		}
	}
	po, pso = make([]int, len(us)), make([]int, len(us))
	if work <= md.limit || states == 1 {
		st.exact = true
		dp, dn := md.dualDP(r0, nmin, sPO, sN, bPSO, hi)
		for i := range us {
			po[i] = r0[i] + dp[i]
			pso[i] = nmin[i] + dn[i] - po[i]
		}
	} else {
		po, pso = md.dualGreedy(r0, nmin, bPO, bPSO, hi)
	}
	st.x = make([]int, len(us))
	for i := range us {
		st.x[i] = po[i] + pso[i]
	}
	return po, pso, st
}

// dualDP returns the extra PO posts dp_i and extra posts dn_i of each unit
// over (r0_i, nmin_i), with Σdp ≤ sPO, Σdn ≤ sN and the PSO posts
// Σ(nmin+dn) − Σ(r0+dp) ≤ bPSO, minimising the units' summed tails.
func (md *model) dualDP(r0, nmin []int, sPO, sN, bPSO int, hi func(*munit) int) (dp, dn []int) {
	us := md.units
	ppo, ppso := md.post[kindPO], md.post[kindPSO]
	w := sN + 1
	inf := tail{over110: math.MaxInt32}
	f := make([]tail, (sPO+1)*w)
	for j := range f {
		f[j] = inf
	}
	f[0] = tail{}
	type pick struct{ p, n int32 }
	choice := make([][]pick, len(us))
	for i := range us {
		u := &us[i]
		maxP, maxN := min(sPO, hi(u)-r0[i]), min(sN, hi(u)-nmin[i])
		// tails of the unit's options
		opt := make([]tail, (maxP+1)*(maxN+1))
		ok := make([]bool, len(opt))
		for a := 0; a <= maxP; a++ {
			for c := 0; c <= maxN; c++ {
				p, n := r0[i]+a, nmin[i]+c
				if p > n {
					continue
				}
				opt[a*(maxN+1)+c] = u.score2(ppo, p, ppso, n-p).tail
				ok[a*(maxN+1)+c] = true
			}
		}
		g := make([]tail, len(f))
		ch := make([]pick, len(f))
		for j := range g {
			g[j] = inf
		}
		for P := 0; P <= sPO; P++ {
			for N := 0; N <= sN; N++ {
				for a := 0; a <= min(maxP, P); a++ {
					for c := 0; c <= min(maxN, N); c++ {
						k := a*(maxN+1) + c
						prev := f[(P-a)*w+N-c]
						if !ok[k] || prev == inf {
							continue
						}
						if v := prev.plus(opt[k]); cmpTail(v, g[P*w+N]) < 0 {
							g[P*w+N], ch[P*w+N] = v, pick{int32(a), int32(c)}
						}
					}
				}
			}
		}
		f, choice[i] = g, ch
	}
	sumR0, sumN := 0, 0
	for i := range us {
		sumR0 += r0[i]
		sumN += nmin[i]
	}
	best := -1
	for P := 0; P <= sPO; P++ {
		for N := 0; N <= sN; N++ {
			if f[P*w+N] == inf || (sumN+N)-(sumR0+P) > bPSO {
				continue
			}
			if best < 0 || cmpTail(f[P*w+N], f[best]) < 0 {
				best = P*w + N
			}
		}
	}
	dp, dn = make([]int, len(us)), make([]int, len(us))
	P, N := best/w, best%w
	for i := len(us) - 1; i >= 0; i-- {
		c := choice[i][P*w+N]
		dp[i], dn[i] = int(c.p), int(c.n)
		P -= dp[i]
		N -= dn[i]
	}
	return dp, dn
}

// dualGreedy starts from the fewest posts that meet the ceiling, with PSO
// posts where the PSO budget allows and PO posts for the rest, then adds
// one post at a time (PO or PSO, while each budget lasts) where it lowers
// the units' summed tail most.
func (md *model) dualGreedy(r0, nmin []int, bPO, bPSO int, hi func(*munit) int) (po, pso []int) {
	us := md.units
	ppo, ppso := md.post[kindPO], md.post[kindPSO]
	po, pso = make([]int, len(us)), make([]int, len(us))
	leftPO, leftPSO := bPO, bPSO
	for i := range us {
		po[i] = r0[i]
		leftPO -= r0[i]
	}
	for i := range us {
		rest := nmin[i] - r0[i]
		s := min(rest, leftPSO)
		pso[i], leftPSO = s, leftPSO-s
		po[i] += rest - s
		leftPO -= rest - s
	}
	cur := make([]tail, len(us))
	for i := range us {
		cur[i] = us[i].score2(ppo, po[i], ppso, pso[i]).tail
	}
	for leftPO+leftPSO > 0 {
		best, bestPO, bestT := -1, false, tail{}
		var bestD tail
		for i := range us {
			u := &us[i]
			if po[i]+pso[i] >= hi(u) {
				continue
			}
			for _, asPO := range []bool{true, false} {
				if (asPO && leftPO == 0) || (!asPO && leftPSO == 0) {
					continue
				}
				p, s := po[i], pso[i]
				if asPO {
					p++
				} else {
					s++
				}
				t := u.score2(ppo, p, ppso, s).tail
				d := tail{t.over110 - cur[i].over110, t.over100 - cur[i].over100, t.sq - cur[i].sq}
				if cmpTail(d, bestD) < 0 {
					best, bestPO, bestT, bestD = i, asPO, t, d
				}
			}
		}
		if best < 0 {
			break
		}
		if bestPO {
			po[best]++
			leftPO--
		} else {
			pso[best]++
			leftPSO--
		}
		cur[best] = bestT
	}
	return po, pso
}

// split returns, for a unit given n posts of either grade, the fewest PO
// posts that leave its score as it is with n PO posts: PSO posts go
// wherever PO-only work does not need a PO (a PO post holds everything a
// PSO post holds, so the unit can only lose by the swap).
func (u *munit) split(ppo, ppso [][3]float64, n int) int {
	want := u.score(ppo, n)
	return fewest(0, n, func(p int) bool { return cmpScore(u.score2(ppo, p, ppso, n-p), want) == 0 })
}
