package allocation_test

import (
	"context"
	"testing"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

func TestDailyAndRebalance(t *testing.T) {
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	b2 := tiering.MustParseTier("B2")
	d1 := tiering.MustParseTier("D1")
	cases := []caseload.Case{
		{ID: "held", Tier: b2, Type: caseload.Community, Team: "T1", Practitioner: "P1", Risk: grades.Profile{Tier: b2, RoSH: tiering.RoSHHigh}},
		{ID: "new-b", Tier: b2, Type: caseload.Community, Team: "T1", Previous: "P2", Risk: grades.Profile{Tier: b2, RoSH: tiering.RoSHHigh}},
		{ID: "new-d", Tier: d1, Type: caseload.Community, Team: "T1", Risk: grades.Profile{Tier: d1, RoSH: tiering.RoSHLow}},
	}
	pracs := []caseload.Practitioner{
		{ID: "P2", Grade: grades.PSO, Team: "T1", PDU: "PDU1", Region: "R1"},
		{ID: "P1", Grade: grades.PO, Team: "T1", PDU: "PDU1", Region: "R1"},
	}
	cl, err := caseload.Build(cases, pracs, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := allocation.DailyProblem(cl)
	if len(p.Cases) != 2 || len(p.Practitioners) != 2 {
		t.Fatalf("got %d cases and %d practitioners, want 2 and 2", len(p.Cases), len(p.Practitioners))
	}
	for _, c := range p.Cases {
		if c.Points <= 0 || c.PDU != "PDU1" || c.Region != "R1" {
			t.Errorf("case %+v: want positive points in PDU1/R1", c)
		}
	}
	var p1 allocation.Practitioner
	for _, x := range p.Practitioners {
		if x.ID == "P1" {
			p1 = x
		}
	}
	if p1.Load != 115 || p1.Available <= 0 {
		t.Errorf("P1 load %d available %d: want the held B2 community case's 115 points and positive capacity", p1.Load, p1.Available)
	}
	r, err := allocation.Solve(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Assignments) != 2 || r.Assignments[0].CaseID != "new-b" || r.Assignments[0].PractitionerID != "P1" {
		t.Errorf("assignments %+v: want both placed, new-b with the PO", r.Assignments)
	}

	// P1 leaves: the held case must move, but only a PO may hold it, so it
	// is unassigned; the D case goes to the PSO.
	q, err := allocation.RebalanceProblem(cl, "P1")
	if err != nil {
		t.Fatal(err)
	}
	r, err = allocation.Solve(context.Background(), q, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Unassigned) != 2 || r.Unassigned[0].CaseID != "held" || len(r.Assignments) != 1 || r.Assignments[0].PractitionerID != "P2" {
		t.Errorf("rebalance without P1: assignments %+v, unassigned %+v", r.Assignments, r.Unassigned)
	}
	if _, err := allocation.RebalanceProblem(cl, "nobody"); err == nil {
		t.Error("Rebalance accepted an unknown departing practitioner")
	}
}
