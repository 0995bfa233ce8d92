package synth

import (
	"math/rand/v2"
	"slices"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

// arrivals draws day d's arriving cases (see GenerateEvents).
func (g *eventGen) arrivals(d int) {
	r := g.rArrive
	total := g.rates.Total() * 7 / 5
	if total <= 0 || len(g.teamCum) == 0 || g.teamCum[len(g.teamCum)-1] == 0 {
		return
	}
	shares := make([]float64, 0, 3)
	for t := caseload.Community; t <= caseload.Custody; t++ {
		shares = append(shares, g.rates.Arrivals[t]/g.rates.Total())
	}
	for range poisson(r, total) {
		typ := caseload.CaseType(pick(r, shares) + 1)
		tpls := g.templates[typ]
		if len(tpls) == 0 {
			continue // unreachable: a type with no stock has no arrivals
		}
		tpl := &g.in.Cases[tpls[r.IntN(len(tpls))]]
		cum := g.teamCum
		t, _ := slices.BinarySearch(cum, r.Float64()*cum[len(cum)-1])
		t = min(t, len(cum)-1)
		tm := &g.teams[t]
		c := &caseload.Case{
			ID:   newID(g.caseIDs, &g.nextCase, "C%06d"),
			Tier: tpl.Tier.Supervised(),
			Type: typ,
			Team: tm.id,
			Risk: tpl.Risk,
			Location: caseload.Location{
				X: tm.office.X + r.NormFloat64()*caseSpreadKm,
				Y: tm.office.Y + r.NormFloat64()*caseSpreadKm,
			},
		}
		c.Risk.Tier = c.Tier
		c.Risk.Flags &^= grades.RestrictedAccess
		g.arrivalAccess(c, tm)
		g.arrivalPrevious(c, tm)

		k := len(g.cases)
		g.cases = append(g.cases, caseRec{id: c.ID, team: int32(t), tier: c.Tier, typ: typ, risk: c.Risk, open: true})
		e := g.emitCase(d, Arrival, &g.cases[k])
		e.NewCase = c
		g.arrivalLife(k, d)
		g.scheduleReviews(d, k)
	}
}

// arrivalAccess limits access to an arriving case as limitAccess does
// for the instance's, among the team's practitioners in post.
func (g *eventGen) arrivalAccess(c *caseload.Case, tm *teamRec) {
	r := g.rArrive
	members := tm.members
	switch u := r.Float64(); {
	case u < g.dyn.Restricted:
		var pos []int32
		for _, i := range members {
			if g.staff[i].grade == grades.PO {
				pos = append(pos, i)
			}
		}
		if len(pos) == 0 {
			return // no PO in post: the case stays unrestricted
		}
		r.Shuffle(len(pos), func(i, j int) { pos[i], pos[j] = pos[j], pos[i] })
		list := pos[:min(2, len(pos))]
		want := max(min(2+r.IntN(3), len(members)), len(list))
		for len(list) < want {
			if i := members[r.IntN(len(members))]; !slices.Contains(list, i) {
				list = append(list, i)
			}
		}
		slices.Sort(list)
		for _, i := range list {
			c.RestrictedTo = append(c.RestrictedTo, g.staff[i].id)
		}
		c.Risk.Flags |= grades.RestrictedAccess
	case u < g.dyn.Restricted+g.dyn.Excluded && len(members) >= 2:
		c.ExcludedFrom = []string{g.staff[members[r.IntN(len(members))]].id}
		c.Risk.Flags |= grades.RestrictedAccess
	}
}

// arrivalPrevious gives an arriving case, with probability
// Dynamics.Previous, a previous practitioner: a team member in post
// whom the national policy lets hold it without a warning and whom its
// access lists allow.
func (g *eventGen) arrivalPrevious(c *caseload.Case, tm *teamRec) {
	r := g.rArrive
	if !chance(r, g.dyn.Previous) {
		return
	}
	ok, warn := g.policy.Eligible(c.Risk)
	var pool []int32
	for _, i := range tm.members {
		p := &g.staff[i]
		if ok.Has(p.grade) && !warn.Has(p.grade) && !slices.Contains(c.ExcludedFrom, p.id) &&
			(len(c.RestrictedTo) == 0 || slices.Contains(c.RestrictedTo, p.id)) {
			pool = append(pool, i)
		}
	}
	if len(pool) > 0 {
		c.Previous = g.staff[pool[r.IntN(len(pool))]].id
	}
}

// poisson returns a Poisson variate of the given mean, by counting
// exponential gaps (O(mean)).
func poisson(r *rand.Rand, mean float64) int {
	n := 0
	for t := r.ExpFloat64(); t < mean; t += r.ExpFloat64() {
		n++
	}
	return n
}
