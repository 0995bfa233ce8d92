package synth

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// The change-level distributions that calibrate mixes, for change levels
// 3, 2, 1, 0 (our choice): θ = 0 gives lowNeed, θ = 1 highNeed. highNeed
// puts more weight on every level above any given one, so a case's level
// never falls as θ rises and the points total is monotone in θ.
var (
	lowNeed  = [4]float64{0.05, 0.15, 0.40, 0.40}
	highNeed = [4]float64{0.40, 0.35, 0.20, 0.05}
)

// cuts holds the cumulative thresholds of the change-level distribution
// at one θ: a case whose variate u is below cut[0] gets level 3, below
// cut[1] level 2, below cut[2] level 1, and 0 otherwise. noZero is the
// same distribution without level 0, for licence and custody cases.
type cuts struct {
	all, noZero [3]float64
}

func cutsAt(theta float64) cuts {
	var w [4]float64
	for k := range w {
		w[k] = (1-theta)*lowNeed[k] + theta*highNeed[k]
	}
	var c cuts
	sum, sumNZ := 0.0, w[0]+w[1]+w[2]
	for k := range 3 {
		sum += w[k]
		c.all[k] = sum
		c.noZero[k] = sum / sumNZ
	}
	c.noZero[2] = 2 // level 0 is never drawn
	return c
}

// change returns the change level of a case of type t with variate u.
func (c *cuts) change(t caseload.CaseType, u float64) int {
	cut := &c.all
	if t != caseload.Community {
		cut = &c.noZero
	}
	for k, x := range cut {
		if u < x {
			return 3 - k
		}
	}
	return 0
}

// withChange returns tier t (drawn with change level 0) at change level d.
func withChange(t tiering.Tier, d int) tiering.Tier { return t - tiering.Tier(d) }

// calibrate fixes the change level of every case (see Generate, step 4)
// and records each case's points.
func (g *generator) calibrate() {
	cases := g.in.Cases
	g.points = make([]int, len(cases))
	var table [caseload.NumCaseTypes][tiering.NumTiers]int
	for t := caseload.Community; int(t) < caseload.NumCaseTypes; t++ {
		for tier := tiering.Tier(1); tier < tiering.NumTiers; tier++ {
			table[t][tier] = g.weights.Points(caseload.Case{Type: t, Tier: tier})
		}
	}
	total := func(theta float64) int {
		c := cutsAt(theta)
		sum := 0
		for k := range cases {
			sum += table[cases[k].Type][withChange(cases[k].Tier, c.change(cases[k].Type, g.digitU[k]))]
		}
		return sum
	}
	target := int((g.size.utilisation() - baseShare) * float64(g.totalAvailable))
	lo, hi := 0.0, 1.0
	if total(hi) <= target {
		lo = hi
	} else {
		for range 40 {
			mid := (lo + hi) / 2
			if total(mid) <= target {
				lo = mid
			} else {
				hi = mid
			}
		}
	}
	c := cutsAt(lo)
	for k := range cases {
		cs := &cases[k]
		cs.Tier = withChange(cs.Tier, c.change(cs.Type, g.digitU[k]))
		cs.Risk.Tier = cs.Tier
		g.points[k] = table[cs.Type][cs.Tier]
	}
}

// load assigns the held cases and sets the base loads (see Generate, step
// 5).
func (g *generator) load(r *rand.Rand) {
	in := g.in
	n := len(in.Practitioners)
	in.Load = make([]int, n)
	sum := 0
	for _, p := range g.points {
		sum += p
	}
	pool := max(0, int(math.Round(g.size.utilisation()*float64(g.totalAvailable)))-sum)

	share := make([]float64, n)
	if g.held() == 0 {
		for i, a := range g.available {
			share[i] = float64(a) * 2 * r.Float64()
		}
	} else {
		// Target current load (held cases plus base) of each practitioner.
		target := make([]float64, n)
		sumTarget := 0.0
		for i, a := range g.available {
			u := g.size.utilisation() + g.size.spread()*r.NormFloat64()
			target[i] = float64(a) * min(max(u, 0.3), 2.5)
			sumTarget += target[i]
		}
		heldPoints := 0
		for k := range g.held() {
			heldPoints += g.points[k]
		}
		// Scale the targets to the current load the instance should have,
		// and split each into its held-case part and its base part.
		current := float64(heldPoints + pool)
		heldTarget := make([]float64, n)
		for i := range target {
			target[i] *= current / max(sumTarget, 1)
			heldTarget[i] = target[i] * float64(heldPoints) / max(current, 1)
		}
		heldLoad, count := g.hold(heldTarget)
		for i := range share {
			share[i] = max(0, target[i]-float64(heldLoad[i]))
		}
		if g.size.Departing {
			in.Departing = g.pickDeparting(r, count)
		}
	}
	shareOut(in.Load, pool, share)
}

// shareOut shares total out over dst in proportion to share, in whole
// points by largest remainder (ties to the lower index), so that dst sums
// to total. With all shares 0 it shares equally.
func shareOut(dst []int, total int, share []float64) {
	if len(dst) == 0 || total <= 0 {
		return
	}
	sum := 0.0
	for _, s := range share {
		sum += s
	}
	if !(sum > 0) {
		for i := range share {
			share[i] = 1
		}
		sum = float64(len(share))
	}
	rem := make([]float64, len(dst))
	given := 0
	for i, s := range share {
		x := float64(total) * s / sum
		dst[i] = int(x)
		rem[i] = x - float64(dst[i])
		given += dst[i]
	}
	order := make([]int, len(dst))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rem[b], rem[a]) })
	for _, i := range order[:min(total-given, len(order))] {
		dst[i]++
	}
}

// hold gives every held case to a practitioner: team by team, heaviest
// case first (ties by ID), to the member who may hold it and is furthest
// below their heldTarget relative to their available points (ties to the
// lower index). It returns the points and the number of cases each
// practitioner then holds.
func (g *generator) hold(heldTarget []float64) (load, count []int) {
	cases := g.in.Cases[:g.held()]
	byTeam := make([][]int, len(g.in.Teams))
	for k := range cases {
		byTeam[g.teamOf[k]] = append(byTeam[g.teamOf[k]], k)
	}
	load = make([]int, len(g.in.Practitioners))
	count = make([]int, len(g.in.Practitioners))
	// room is how far below their held-case target practitioner i is, as
	// a share of their available points, so that a team short of capacity
	// overloads its members in proportion.
	room := func(i int) float64 { return (heldTarget[i] - float64(load[i])) / float64(max(g.available[i], 1)) }
	for t, ks := range byTeam {
		slices.SortStableFunc(ks, func(a, b int) int { return cmp.Compare(g.points[b], g.points[a]) })
		for _, k := range ks {
			best := -1
			for i := g.starts[t]; i < g.starts[t+1]; i++ {
				if !g.mayHold(k, i) {
					continue
				}
				if best < 0 || room(i) > room(best) {
					best = i
				}
			}
			if best < 0 {
				// Unreachable: every team has a PO, who may hold any case
				// not excluding them, and a case excluding one PO leaves
				// another; a restricted list holds a PO.
				panic("synth: no practitioner may hold case " + cases[k].ID)
			}
			cases[k].Practitioner = g.in.Practitioners[best].ID
			load[best] += g.points[k]
			count[best]++
		}
	}
	return load, count
}

// pickDeparting returns the ID of a random PO who holds cases, or of any
// practitioner who does if no PO does, or "" if nobody holds a case.
// count is the number of cases each practitioner holds.
func (g *generator) pickDeparting(r *rand.Rand, count []int) string {
	var pos, holders []int
	for i, p := range g.in.Practitioners {
		if count[i] == 0 {
			continue
		}
		holders = append(holders, i)
		if p.Grade == grades.PO {
			pos = append(pos, i)
		}
	}
	switch {
	case len(pos) > 0:
		return g.in.Practitioners[pos[r.IntN(len(pos))]].ID
	case len(holders) > 0:
		return g.in.Practitioners[holders[r.IntN(len(holders))]].ID
	}
	return ""
}
