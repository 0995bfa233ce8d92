package synth

import (
	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
)

// Problem returns the allocation of the instance's new cases: every case
// with no practitioner becomes an allocation.Case, and every held case
// adds its points to its practitioner's Load, on top of the base load.
// The departing practitioner, if any, is Unavailable. See Rebalance for
// the problem that may move held cases too.
//
// Points come from caseload.NationalWeights at AsOf, available points
// from caseload.NationalCapacity at AsOf. Neighbours names, for each
// team, the team whose office is nearest to its own (the "nearest other
// team" of optimizer.md §6.2). Policy is nil, which Solve reads as
// grades.National(). The problem shares the cases' RestrictedTo and
// ExcludedFrom slices with the instance. O(cases + teams²).
func (in *Instance) Problem() *allocation.Problem { return in.problem(false) }

// Rebalance returns the problem that reconsiders every case of the
// instance: held cases carry their practitioner as Current and may move,
// new cases are placed, and the departing practitioner is Unavailable and
// must give up their cases. Loads are the base loads alone. Otherwise as
// Problem.
func (in *Instance) Rebalance() *allocation.Problem { return in.problem(true) }

func (in *Instance) problem(rebalance bool) *allocation.Problem {
	weights := caseload.NationalWeights().At(in.AsOf)
	capacity := caseload.NationalCapacity()
	teams := make(map[string]*Team, len(in.Teams))
	for i := range in.Teams {
		teams[in.Teams[i].ID] = &in.Teams[i]
	}
	index := make(map[string]int, len(in.Practitioners))
	p := &allocation.Problem{Practitioners: make([]allocation.Practitioner, len(in.Practitioners))}
	for i, pr := range in.Practitioners {
		index[pr.ID] = i
		p.Practitioners[i] = allocation.Practitioner{
			ID:          pr.ID,
			Grade:       pr.Grade,
			Team:        pr.Team,
			PDU:         pr.PDU,
			Region:      pr.Region,
			Available:   capacity.Available(pr, in.AsOf),
			Load:        in.Load[i],
			Unavailable: pr.ID == in.Departing,
			Location:    pr.Location,
		}
	}
	n := len(in.Cases)
	if !rebalance {
		n = 0
		for _, c := range in.Cases {
			if c.Practitioner == "" {
				n++
			}
		}
	}
	p.Cases = make([]allocation.Case, 0, n)
	for _, c := range in.Cases {
		points := weights.Points(c)
		if c.Practitioner != "" && !rebalance {
			p.Practitioners[index[c.Practitioner]].Load += points
			continue
		}
		var pdu, region string
		if t := teams[c.Team]; t != nil {
			pdu, region = t.PDU, t.Region
		}
		p.Cases = append(p.Cases, allocation.Case{
			ID:           c.ID,
			Points:       points,
			Risk:         c.Risk,
			Tier:         c.Tier,
			Team:         c.Team,
			PDU:          pdu,
			Region:       region,
			Current:      c.Practitioner,
			Previous:     c.Previous,
			RestrictedTo: c.RestrictedTo,
			ExcludedFrom: c.ExcludedFrom,
			Location:     c.Location,
		})
	}
	p.Neighbours = nearestTeams(in.Teams)
	return p
}

// nearestTeams maps each team ID to a one-element list holding the team
// whose office is nearest (ties to the first listed); a lone team maps to
// nothing. O(teams²).
func nearestTeams(teams []Team) map[string][]string {
	if len(teams) < 2 {
		return nil
	}
	m := make(map[string][]string, len(teams))
	for i, a := range teams {
		best, bestD := -1, 0.0
		for j, b := range teams {
			if i == j {
				continue
			}
			dx, dy := a.Office.X-b.Office.X, a.Office.Y-b.Office.Y
			if d := dx*dx + dy*dy; best < 0 || d < bestD {
				best, bestD = j, d
			}
		}
		m[a.ID] = []string{teams[best].ID}
	}
	return m
}

// Caseload builds the instance's caseload: its practitioners and every
// case, held or waiting, at AsOf under the national weights and capacity.
// The base loads (Load) are not part of it: a caseload holds only the
// cases it lists.
func (in *Instance) Caseload() (*caseload.Caseload, error) {
	return caseload.Build(in.Cases, in.Practitioners, in.AsOf, nil)
}
