package caseload_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// asOf is the date the tests and benchmarks measure at.
var asOf = time.Date(2024, time.June, 30, 0, 0, 0, 0, time.UTC)

// generate returns a seeded synthetic caseload of nCases cases and
// nPract practitioners in teams of about 10, 10 teams to a PDU, PDUs
// spread over 12 regions. Shapes (not national statistics): grades about
// 40% PO, 45% PSO, 10% PQiP, 5% SPO; case types 55/25/20 community,
// licence, custody; 3% T2A; 3% inactive rows; 2% unallocated.
func generate(seed uint64, nCases, nPract int) ([]caseload.Case, []caseload.Practitioner) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	ps := make([]caseload.Practitioner, nPract)
	holders := make([]int, 0, nPract)
	for i := range ps {
		team := i / 10
		pdu := team / 10
		p := caseload.Practitioner{
			ID:     fmt.Sprintf("P%05d", i),
			Team:   fmt.Sprintf("T%04d", team),
			PDU:    fmt.Sprintf("PDU%03d", pdu),
			Region: fmt.Sprintf("R%02d", pdu%12),
		}
		switch r := rng.IntN(100); {
		case r < 40:
			p.Grade = grades.PO
		case r < 85:
			p.Grade = grades.PSO
		case r < 95:
			p.Grade = grades.PQiPAt(rng.IntN(24))
		default:
			p.Grade = grades.SPO
		}
		switch r := rng.IntN(10); {
		case r < 7:
			p.Hours = new(37.0)
		case r < 9:
			p.Hours = new(30.0)
		default:
			p.Hours = new(22.5)
		}
		if rng.IntN(5) == 0 {
			p.Reductions = []caseload.Reduction{{Reason: "COURT_DUTY", Hours: float64(rng.IntN(8)), Start: asOf.AddDate(0, -rng.IntN(6), 0)}}
		}
		if p.Grade != grades.SPO {
			holders = append(holders, i)
		}
		ps[i] = p
	}
	if len(holders) == 0 {
		holders = append(holders, 0)
	}
	cs := make([]caseload.Case, nCases)
	for i := range cs {
		c := caseload.Case{
			ID:   fmt.Sprintf("C%07d", i),
			Tier: tiering.MakeTier(tiering.Protect(1+rng.IntN(4)), rng.IntN(4), rng.IntN(10) == 0),
		}
		if rng.IntN(50) == 0 {
			c.Tier = tiering.Untiered
		}
		switch r := rng.IntN(100); {
		case r < 55:
			c.Type = caseload.Community
		case r < 80:
			c.Type = caseload.Licence
		default:
			c.Type = caseload.Custody
		}
		c.T2A = rng.IntN(33) == 0
		if rng.IntN(33) == 0 {
			c.Row = caseload.RowType(1 + rng.IntN(7))
		}
		c.Risk = grades.Profile{RoSH: tiering.RoSH(1 + rng.IntN(4)), Tier: c.Tier}
		h := ps[holders[rng.IntN(len(holders))]]
		c.Team = h.Team
		if rng.IntN(50) != 0 {
			c.Practitioner = h.ID
		}
		cs[i] = c
	}
	return cs, ps
}
