package caseload_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

func TestStaffing(t *testing.T) {
	cs, ps := team()
	cl, err := caseload.Build(cs, ps, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	poOnlyA3 := func(p grades.Profile) grades.Set {
		switch p.Tier.String() {
		case "A3":
			return grades.SetOf(grades.PO)
		case "C1":
			return grades.SetOf(grades.SPO) // no post may hold it
		}
		return grades.SetOf(grades.PO, grades.PSO)
	}
	type demand struct {
		Team  string
		PO    float64
		PSO   float64
		NoCap bool
	}
	tests := []struct {
		name     string
		reason   string
		settings *caseload.StaffingSettings
		want     []demand // teams in the order Staffing returns them
		unplaced int
	}{
		{"no eligibility", "shared by team capacity; T3 has none so shares nationally (4352:1088)", nil, []demand{
			{Team: "T3", PO: 163 * 0.8, PSO: 163 * 0.2, NoCap: true},
			{Team: "T2", PO: 197}, // 9.1% against 14.8% nationally
			{Team: "T1", PO: 447 * 2.0 / 3, PSO: 447 / 3.0},
		}, 0},
		{"PO only and unplaced", "an A3 case falls to PO alone; a case no post may hold is unplaced", &caseload.StaffingSettings{Eligible: poOnlyA3}, []demand{
			{Team: "T3", PO: 163 * 0.8, PSO: 163 * 0.2, NoCap: true},
			{Team: "T2", PO: 197},
			{Team: "T1", PO: 219 + 178*2.0/3, PSO: 178 / 3.0},
		}, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cl.Staffing(tt.settings)
			var got []demand
			total := float64(s.Unplaced)
			for _, ts := range s.Teams {
				got = append(got, demand{Team: ts.Team, PO: ts.Posts[0].Demand, PSO: ts.Posts[1].Demand, NoCap: ts.NoCapacity})
			}
			for _, p := range s.Posts {
				total += p.Demand
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("Staffing demand mismatch (-want +got) (%s):\n%s", tt.reason, diff)
			}
			if s.Unplaced != tt.unplaced {
				t.Errorf("Unplaced = %d, want %d", s.Unplaced, tt.unplaced)
			}
			if want := 757.0 + 50; total-want > 1e-9 || want-total > 1e-9 {
				t.Errorf("Σ demand + unplaced = %v, want every point (%v)", total, want)
			}
		})
	}

	s := cl.Staffing(&caseload.StaffingSettings{Target: 50})
	po := s.Posts[0]
	want := caseload.PostStaffing{Post: grades.PO, Demand: po.Demand, InPost: 2, Effective: 2,
		Required: po.Demand / (2176 * 0.5), Shortfall: po.Demand/(2176*0.5) - 2}
	if diff := cmp.Diff(want, po, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("national PO staffing at 50%% mismatch (-want +got):\n%s", diff)
	}
	if s.Percent != 14.8 { // 807 / 5440
		t.Errorf("national Percent = %v, want 14.8", s.Percent)
	}
}
