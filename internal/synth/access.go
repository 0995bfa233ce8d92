package synth

import (
	"math/rand/v2"
	"slices"

	"github.com/probationkit/probation/grades"
)

// eligibility works out, for every case, the grades that the national
// default policy (grades.National) lets hold it without a warning: the
// grades the generator gives held cases and previous practitioners. POs
// are among them for every case.
func (g *generator) eligibility() {
	policy := grades.National()
	g.clean = make([]grades.Set, len(g.in.Cases))
	for k := range g.in.Cases {
		ok, warn := policy.Eligible(g.in.Cases[k].Risk)
		g.clean[k] = ok &^ warn
	}
}

// mayHold reports whether practitioner i may hold case k: the national
// policy lets their grade hold it without a warning, they are on the
// case's restricted list if it has one, and the case does not exclude
// them.
func (g *generator) mayHold(k, i int) bool {
	c, p := &g.in.Cases[k], &g.in.Practitioners[i]
	if !g.clean[k].Has(p.Grade) {
		return false
	}
	if len(c.RestrictedTo) > 0 && !slices.Contains(c.RestrictedTo, p.ID) {
		return false
	}
	return !slices.Contains(c.ExcludedFrom, p.ID)
}

// limitAccess makes some cases limited access (LAO, the RestrictedAccess
// flag): about 0.2% are restricted to 2–4 members of their team, two of
// them POs (one if the team has one), and about 1% exclude one member of
// their team (only in teams of 2 or more). Every team of 3 or more has at
// least 3 POs, so a PO of the team may still hold the case even when
// another PO of the team is leaving.
func (g *generator) limitAccess(r *rand.Rand) {
	ps := g.in.Practitioners
	var pool []int
	for k := range g.in.Cases {
		c := &g.in.Cases[k]
		t := g.teamOf[k]
		lo, hi := g.starts[t], g.starts[t+1]
		switch u := r.Float64(); {
		case u < restrictedShare:
			pool = pool[:0]
			for i := lo; i < hi; i++ {
				if ps[i].Grade == grades.PO {
					pool = append(pool, i)
				}
			}
			if len(pool) == 0 {
				continue // unreachable: every team has a PO
			}
			// Two POs (if the team has two), so that one may leave.
			list := []int{pool[r.IntN(len(pool))]}
			if len(pool) >= 2 {
				for len(list) < 2 {
					if i := pool[r.IntN(len(pool))]; i != list[0] {
						list = append(list, i)
					}
				}
			}
			want := max(min(2+r.IntN(3), hi-lo), len(list))
			for len(list) < want {
				if i := lo + r.IntN(hi-lo); !slices.Contains(list, i) {
					list = append(list, i)
				}
			}
			slices.Sort(list)
			c.RestrictedTo = make([]string, len(list))
			for j, i := range list {
				c.RestrictedTo[j] = ps[i].ID
			}
			c.Risk.Flags |= grades.RestrictedAccess
		case u < restrictedShare+excludedShare && hi-lo >= 2:
			c.ExcludedFrom = []string{ps[lo+r.IntN(hi-lo)].ID}
			c.Risk.Flags |= grades.RestrictedAccess
		}
	}
}

// history gives about 30% of cases a previous practitioner: a member of
// the case's team, other than the one holding it, who may hold it. A case
// with no such member keeps none.
func (g *generator) history(r *rand.Rand) {
	var pool []int
	for k := range g.in.Cases {
		if !chance(r, previousShare) {
			continue
		}
		c := &g.in.Cases[k]
		t := g.teamOf[k]
		pool = pool[:0]
		for i := g.starts[t]; i < g.starts[t+1]; i++ {
			if g.in.Practitioners[i].ID != c.Practitioner && g.mayHold(k, i) {
				pool = append(pool, i)
			}
		}
		if len(pool) > 0 {
			c.Previous = g.in.Practitioners[pool[r.IntN(len(pool))]].ID
		}
	}
}
