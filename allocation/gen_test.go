package allocation_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// shape describes a synthetic instance in the manner of optimizer.md §6.2:
// teams of ten on a square map of side 40·√teams km, 35% PSOs, 20%
// part-time, capacities scaled so the cases fill `fill` of the total;
// cases with tiers A 10%, B 25%, C 35%, D 30% and community points from
// the WMT seed table (workload.md §1.2), located around their team's
// office; eligibility is the team plus the nearest other team (Scope
// SameTeam with Problem.Neighbours), A and B cases need a PO (high RoSH),
// 1% of pairs are excluded (conflict of interest) and 30% of cases have a
// previous practitioner.
type shape struct {
	cases, practitioners int
	fill                 float64
	held                 float64 // if > 0: no case is held; practitioners carry Load ≈ held × Available
	seed                 uint64
}

var seedPoints = [4][4]int{
	{110, 146, 158, 206}, // A0..A3
	{72, 102, 115, 146},  // B0..B3
	{35, 50, 63, 79},     // C0..C3
	{29, 29, 41, 51},     // D0..D3
}

func generate(sh shape) *allocation.Problem {
	rng := rand.New(rand.NewPCG(sh.seed, 0x5eed))
	nt := (sh.practitioners + 9) / 10
	side := 40 * math.Sqrt(float64(nt))
	type team struct {
		id   string
		x, y float64
	}
	teams := make([]team, nt)
	for t := range teams {
		teams[t] = team{fmt.Sprintf("T%04d", t), rng.Float64() * side, rng.Float64() * side}
	}
	p := &allocation.Problem{Neighbours: map[string][]string{}}
	for t := range teams {
		best, bd := -1, math.Inf(1)
		for u := range teams {
			if u == t {
				continue
			}
			if d := math.Hypot(teams[t].x-teams[u].x, teams[t].y-teams[u].y); d < bd {
				best, bd = u, d
			}
		}
		if best >= 0 {
			p.Neighbours[teams[t].id] = []string{teams[best].id}
		}
	}
	members := make([][]int, nt)
	fte := make([]float64, sh.practitioners)
	var totalFTE float64
	for k := range sh.practitioners {
		t := k / 10
		g := grades.PO
		if rng.Float64() < 0.35 {
			g = grades.PSO
		}
		fte[k] = 1
		if rng.Float64() < 0.2 {
			fte[k] = 0.5 + 0.3*rng.Float64()
		}
		totalFTE += fte[k]
		p.Practitioners = append(p.Practitioners, allocation.Practitioner{
			ID: fmt.Sprintf("P%05d", k), Grade: g, Team: teams[t].id, PDU: "PDU", Region: "R",
			Location: caseload.Location{X: teams[t].x, Y: teams[t].y},
		})
		members[t] = append(members[t], k)
	}
	var totalPoints int
	for n := range sh.cases {
		t := rng.IntN(nt)
		r := rng.Float64()
		prot := 3
		switch {
		case r < 0.10:
			prot = 0
		case r < 0.35:
			prot = 1
		case r < 0.70:
			prot = 2
		}
		change := rng.IntN(4)
		c := allocation.Case{
			ID:     fmt.Sprintf("C%06d", n),
			Points: seedPoints[prot][change],
			Tier:   tiering.MakeTier(tiering.Protect(prot+1), change, false),
			Team:   teams[t].id, PDU: "PDU", Region: "R",
			Location: caseload.Location{X: teams[t].x + 8*rng.NormFloat64(), Y: teams[t].y + 8*rng.NormFloat64()},
		}
		c.Risk = grades.Profile{Tier: c.Tier, RoSH: tiering.RoSHLow}
		if prot < 2 {
			c.Risk.RoSH = tiering.RoSHHigh
		} else if rng.Float64() < 0.5 {
			c.Risk.RoSH = tiering.RoSHMedium
		}
		if rng.Float64() < 0.3 {
			c.Previous = p.Practitioners[members[t][rng.IntN(len(members[t]))]].ID
		}
		cand := append([]int(nil), members[t]...)
		if nb := p.Neighbours[teams[t].id]; len(nb) > 0 {
			var u int
			fmt.Sscanf(nb[0], "T%d", &u)
			cand = append(cand, members[u]...)
		}
		for _, k := range cand {
			if rng.Float64() < 0.01 {
				c.ExcludedFrom = append(c.ExcludedFrom, p.Practitioners[k].ID)
			}
		}
		if len(c.ExcludedFrom) >= len(cand)/2 {
			c.ExcludedFrom = nil
		}
		totalPoints += c.Points
		p.Cases = append(p.Cases, c)
	}
	perFTE := float64(totalPoints) / sh.fill / totalFTE
	if sh.held > 0 {
		perFTE = 2176
	}
	for k := range p.Practitioners {
		p.Practitioners[k].Available = int(perFTE * fte[k])
		if sh.held > 0 {
			p.Practitioners[k].Load = int(float64(p.Practitioners[k].Available) * (sh.held - 0.05 + 0.1*rng.Float64()))
		}
	}
	return p
}

// teamScope is the scope the generator's eligibility assumes.
var teamScope = &allocation.Settings{Scope: allocation.SameTeam}
