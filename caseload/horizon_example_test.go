package caseload_test

import (
	"fmt"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// ExampleCaseload_Demand projects a team's demand, split by who may hold
// it, with a flow of new cases.
func ExampleCaseload_Demand() {
	asOf := time.Date(2024, time.June, 30, 0, 0, 0, 0, time.UTC)
	cases := []caseload.Case{
		{ID: "C1", Tier: tiering.MustParseTier("A3"), Type: caseload.Licence, Team: "T1", Risk: grades.Profile{RoSH: tiering.RoSHHigh}},
		{ID: "C2", Tier: tiering.MustParseTier("B2"), Type: caseload.Community, Team: "T1", Risk: grades.Profile{RoSH: tiering.RoSHMedium}},
	}
	cl, _ := caseload.Build(cases, nil, asOf, nil)
	flows := &caseload.Flows{Teams: []caseload.TeamFlow{{Team: "T1", Flow: caseload.Flow{Arrivals: 0.5, Termination: 0.1}}}}
	d, _ := cl.Demand(&caseload.DemandSettings{Months: 3, Flows: flows})
	for _, m := range d.Teams[0].Months {
		fmt.Printf("%s: %.2f cases, PO-only %.1f, PSO %.1f points\n", m.Date.Format("Jan 2006"), m.Cases, m.POOnlyPoints, m.PSOPoints)
	}
	// Output:
	// Jun 2024: 2.00 cases, PO-only 219.0, PSO 115.0 points
	// Jul 2024: 2.30 cases, PO-only 251.8, PSO 132.2 points
	// Aug 2024: 2.57 cases, PO-only 281.4, PSO 147.8 points
}

// ExampleCaseload_Supply follows a trainee through the protected stages.
func ExampleCaseload_Supply() {
	asOf := time.Date(2024, time.June, 30, 0, 0, 0, 0, time.UTC)
	cl, _ := caseload.Build(nil, []caseload.Practitioner{{ID: "T", Grade: grades.PQiP1, Team: "T1"}}, asOf, nil)
	s, _ := cl.Supply(&caseload.SupplySettings{Months: 28})
	for _, m := range []int{0, 6, 12, 18, 27} {
		sm := s.Staff[0].Months[m]
		fmt.Printf("month %2d: %-5v %-5v %4.0f points\n", m, sm.Grade, sm.Pool, sm.Points)
	}
	// Output:
	// month  0: PQiP1 pqip1  435 points
	// month  6: PQiP2 pso    870 points
	// month 12: PQiP3 pso   1305 points
	// month 18: NQO   po    1740 points
	// month 27: PO    po    2176 points
}
