package caseload_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// planning is a two-team caseload whose cases fall in each demand class
// under the national policy.
func planning(t *testing.T) *caseload.Caseload {
	t.Helper()
	high := grades.Profile{RoSH: tiering.RoSHHigh}
	medium := grades.Profile{RoSH: tiering.RoSHMedium}
	low := grades.Profile{RoSH: tiering.RoSHLow}
	ps := []caseload.Practitioner{
		{ID: "P1", Grade: grades.PO, Team: "T1", PDU: "D1", Region: "R1", Reports: caseload.Reports{Standard: 1}},
		{ID: "P2", Grade: grades.PSO, Team: "T1", PDU: "D1", Region: "R1"},
		{ID: "P3", Grade: grades.PQiP1, Team: "T2", PDU: "D1", Region: "R1"},
		{ID: "P4", Grade: grades.SPO, Team: "T2", PDU: "D1", Region: "R1"},
	}
	cs := []caseload.Case{
		{ID: "C1", Tier: tier("A3"), Type: caseload.Licence, Team: "T1", Practitioner: "P1", Risk: high},     // 219 PO only
		{ID: "C2", Tier: tier("B2"), Type: caseload.Community, Team: "T1", Practitioner: "P2", Risk: medium}, // 115 PSO
		{ID: "C3", Tier: tier("C2"), Type: caseload.Community, Team: "T1", Practitioner: "P2", Risk: low},    // 63 PQiP1
		{ID: "C4", Tier: tier("D1"), Type: caseload.Community, Team: "T2", Risk: low},                        // 29 PQiP1, unallocated
		{ID: "C5", Tier: tier("B1"), Type: caseload.Community, Team: "T2", Practitioner: "P3"},               // 102 no RoSH: PO only without overrides
	}
	cl, err := caseload.Build(cs, ps, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func TestDemandNow(t *testing.T) {
	cl := planning(t)
	tests := []struct {
		name   string
		reason string
		set    *caseload.DemandSettings
		want   map[string]caseload.DemandMonth
	}{
		{"national policy", "high RoSH and no RoSH are PO only; medium is PSO; low is PQiP1; the SDR is activity", nil,
			map[string]caseload.DemandMonth{
				"T1": {Cases: 3, POOnlyPoints: 219, PSOPoints: 115, PQiP1Points: 63, ReportPoints: 138},
				"T2": {Cases: 2, POOnlyPoints: 102, PQiP1Points: 29},
			}},
		{"with overrides", "a soft rule no longer bars a PSO or PQiP1 from the case with no RoSH", &caseload.DemandSettings{WithOverrides: true},
			map[string]caseload.DemandMonth{
				"T1": {Cases: 3, POOnlyPoints: 219, PSOPoints: 115, PQiP1Points: 63, ReportPoints: 138},
				"T2": {Cases: 2, PQiP1Points: 29 + 102},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := cl.Demand(tt.set)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]caseload.DemandMonth{}
			for _, u := range d.Teams {
				if len(u.Months) != caseload.DefaultMonths {
					t.Fatalf("%s: %d months, want %d", u.Key, len(u.Months), caseload.DefaultMonths)
				}
				m := u.Months[0]
				m.Date = time.Time{}
				got[u.Key] = m
				if diff := cmp.Diff(u.Months[0].Points(), u.Months[len(u.Months)-1].Points()); diff != "" {
					t.Errorf("%s (%s): with no flow the demand should stay flat (-first +last):\n%s", u.Key, tt.reason, diff)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Demand month 0 (%s) mismatch (-want +got):\n%s", tt.reason, diff)
			}
			nat := d.At(caseload.National)
			if len(nat) != 1 || nat[0].Months[0].Points() != got["T1"].Points()+got["T2"].Points() {
				t.Errorf("national total %+v is not the sum of the teams", nat)
			}
			if pdu := d.At(caseload.PDU); len(pdu) != 1 || pdu[0].Key != "D1" || pdu[0].Place != (caseload.Place{PDU: "D1", Region: "R1"}) {
				t.Errorf("PDU totals %+v, want one unit D1 in R1", pdu)
			}
		})
	}
}

func TestDemandProjection(t *testing.T) {
	cl := planning(t)
	flows := &caseload.Flows{
		National: caseload.TeamFlow{Flow: caseload.Flow{Arrivals: 1, Termination: 0.1}},
		Teams:    []caseload.TeamFlow{{Team: "T1", Flow: caseload.Flow{Arrivals: 0.3, Termination: 0.1}}},
	}
	d, err := cl.Demand(&caseload.DemandSettings{Months: 3, Flows: flows})
	if err != nil {
		t.Fatal(err)
	}
	// T1 by the recurrence x(m+1) = 0.9 x(m) + 0.3 × points per case.
	cases, po := 3.0, 219.0
	for m := range 3 {
		got := d.Teams[0].Months[m]
		if math.Abs(got.Cases-cases) > 1e-9 || math.Abs(got.POOnlyPoints-po) > 1e-9 {
			t.Errorf("T1 month %d: cases %v PO-only %v, want %v and %v", m, got.Cases, got.POOnlyPoints, cases, po)
		}
		cases = 0.9*cases + 0.3
		po = 0.9*po + 0.3*219/3
	}
	// T2 is not listed: national termination, arrivals 1 × 2 of 5 cases.
	if got, want := d.Teams[1].Months[1].Cases, 2*0.9+0.4; math.Abs(got-want) > 1e-9 {
		t.Errorf("T2 month 1 cases %v, want %v (a share of the national arrivals)", got, want)
	}
}

func TestDemandSettingsErrors(t *testing.T) {
	cl := planning(t)
	_, err := cl.Demand(&caseload.DemandSettings{Months: 121, Flows: &caseload.Flows{National: caseload.TeamFlow{Flow: caseload.Flow{Arrivals: -1, Termination: 2}}}})
	var ve *probation.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Demand error %v, want a *probation.ValidationError", err)
	}
	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	want := []string{"months", "flows.national.arrivals_per_month", "flows.national.termination_per_month"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("fields mismatch (-want +got):\n%s", diff)
	}
}

func TestEstimateFlows(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	asOf := d(2024, time.July, 1)
	spells := []caseload.Spell{
		{Case: "A", Team: "T1", Start: d(2022, time.January, 1)},                              // open all window: 12 months
		{Case: "B", Team: "T1", Start: d(2024, time.January, 1), End: d(2024, time.April, 1)}, // starts and ends in the window
		{Case: "C", Team: "T1", Start: d(2023, time.January, 1), End: d(2023, time.March, 1)}, // ends before the window
		{Case: "D", Team: "T2", Start: d(2024, time.June, 1)},                                 // one month: pooled
		{Case: "E", Team: "T2", Start: d(2024, time.August, 1)},                               // after asOf: ignored
	}
	f, err := caseload.EstimateFlows(spells, asOf, 12)
	if err != nil {
		t.Fatal(err)
	}
	month := 365.25 / 12
	expA := float64(asOf.Sub(d(2023, time.July, 1)).Hours()/24) / month
	expB := float64(d(2024, time.April, 1).Sub(d(2024, time.January, 1)).Hours()/24) / month
	expD := float64(asOf.Sub(d(2024, time.June, 1)).Hours()/24) / month
	nat := 1 - math.Exp(-1/(expA+expB+expD))
	want := &caseload.Flows{
		WindowMonths: 12,
		National:     caseload.TeamFlow{Flow: caseload.Flow{Arrivals: 2.0 / 12, Termination: nat}, Starts: 2, Ends: 1, ExposureMonths: expA + expB + expD},
		Teams: []caseload.TeamFlow{
			{Team: "T1", Flow: caseload.Flow{Arrivals: 1.0 / 12, Termination: 1 - math.Exp(-1/(expA+expB))}, Starts: 1, Ends: 1, ExposureMonths: expA + expB},
			{Team: "T2", Flow: caseload.Flow{Arrivals: 1.0 / 12, Termination: nat}, Starts: 1, ExposureMonths: expD, Pooled: true},
		},
	}
	if diff := cmp.Diff(want, f, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("EstimateFlows mismatch (-want +got):\n%s", diff)
	}

	_, err = caseload.EstimateFlows([]caseload.Spell{{Case: "X", Start: d(2024, 2, 1), End: d(2024, 1, 1)}, {}}, asOf, 0)
	var ve *probation.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 5 {
		t.Errorf("EstimateFlows error %v, want 5 field errors (team, end; case, team, start)", err)
	}
}

// TestFlowSteadyState checks that the projection tends to arrivals /
// termination, the steady state of the recurrence.
func TestFlowSteadyState(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.Float64Range(0, 100).Draw(t, "arrivals")
		h := rapid.Float64Range(0.2, 1).Draw(t, "termination")
		cl := planningRapid(t)
		d, err := cl.Demand(&caseload.DemandSettings{Months: caseload.MaxMonths, Flows: &caseload.Flows{Teams: []caseload.TeamFlow{{Team: "T1", Flow: caseload.Flow{Arrivals: a, Termination: h}}}}})
		if err != nil {
			t.Fatal(err)
		}
		last := d.Teams[0].Months[caseload.MaxMonths-1].Cases
		if math.Abs(last-a/h) > 1e-6*(1+a/h) {
			t.Fatalf("cases after %d months %v, want the steady state %v", caseload.MaxMonths, last, a/h)
		}
	})
}

func planningRapid(t *rapid.T) *caseload.Caseload {
	cl, err := caseload.Build([]caseload.Case{{ID: "C", Tier: tier("B2"), Type: caseload.Community, Team: "T1"}}, nil, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}
