package caseload_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

// TestZeroHours checks issue 16 §2 through the caseload: a practitioner
// contracted for 0 hours who still holds cases has no capacity, a
// defined workload % of 0 and the status NO_CAPACITY, before and after
// a new case, while one with no hours recorded gets the grade default.
func TestZeroHours(t *testing.T) {
	ps := []caseload.Practitioner{
		{ID: "Z", Grade: grades.PO, Team: "T", Hours: new(0.0)},
		{ID: "D", Grade: grades.PO, Team: "T"},
	}
	cs := []caseload.Case{
		{ID: "C1", Tier: tier("B2"), Type: caseload.Community, Team: "T", Practitioner: "Z"},
		{ID: "C2", Tier: tier("B2"), Type: caseload.Community, Team: "T", Practitioner: "D"},
	}
	cl, err := caseload.Build(cs, ps, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []caseload.Workload{
		{Practitioner: "Z", Grade: grades.PO, Team: "T", Cases: 1, CasePoints: 115, Points: 115, Hours: 0, Available: 0, Remaining: -115,
			Percent: 0, Status: caseload.NoCapacity},
		{Practitioner: "D", Grade: grades.PO, Team: "T", Cases: 1, CasePoints: 115, Points: 115, Hours: 37, Available: 2176, Remaining: 2061,
			Percent: 5.3},
	}
	if diff := cmp.Diff(want, cl.Workloads()); diff != "" {
		t.Errorf("workloads (-want +got):\n%s", diff)
	}
	im, err := cl.Impact(caseload.Case{ID: "NEW", Tier: tier("A3"), Type: caseload.Community}, []string{"Z"})
	if err != nil {
		t.Fatal(err)
	}
	if a := im[0].After; a.Points != 321 || a.Available != 0 || a.Percent != 0 || a.Status != caseload.NoCapacity {
		t.Errorf("impact on a 0-hour practitioner: %+v; want 321 points, 0 available, 0%%, NO_CAPACITY", a)
	}
	if tot := cl.Totals(caseload.Team)[0]; tot.Available != 2176 || tot.Percent != 10.6 {
		t.Errorf("team total %+v: want 2,176 available (the 0-hour practitioner adds none) and 230/2176 = 10.6%%", tot)
	}
}

// TestHoursCodecs checks that both codecs keep the difference between
// no hours recorded (an empty CSV cell, an absent JSON field) and 0.
func TestHoursCodecs(t *testing.T) {
	ps := []caseload.Practitioner{
		{ID: "N", Grade: grades.PO},
		{ID: "Z", Grade: grades.PO, Hours: new(0.0)},
		{ID: "H", Grade: grades.PO, Hours: new(22.5)},
	}
	var pc, pj bytes.Buffer
	if err := caseload.WritePractitionersCSV(&pc, nil, ps); err != nil {
		t.Fatal(err)
	}
	if err := caseload.WritePractitionersJSON(&pj, ps); err != nil {
		t.Fatal(err)
	}
	if got := pc.String(); !strings.Contains(got, "\nN,,PO,,,,,") || !strings.Contains(got, "\nZ,,PO,,,,0,") {
		t.Errorf("CSV: want an empty hours cell for N and 0 for Z:\n%s", got)
	}
	if got := pj.String(); strings.Count(got, `"hours"`) != 2 || !strings.Contains(got, `"hours": 0`) {
		t.Errorf("JSON: want hours left out for N and 0 for Z:\n%s", got)
	}
	for name, read := range map[string]func() ([]caseload.Practitioner, error){
		"CSV":  func() ([]caseload.Practitioner, error) { return caseload.ReadPractitionersCSV(&pc, nil) },
		"JSON": func() ([]caseload.Practitioner, error) { return caseload.ReadPractitionersJSON(&pj) },
	} {
		got, err := read()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ps, got, equateEmpty); diff != "" {
			t.Errorf("%s round trip (-want +got):\n%s", name, diff)
		}
	}
	// A null hours field reads as none recorded.
	got, err := caseload.ReadPractitionersJSON(strings.NewReader(`[{"id": "N", "grade": "PO", "hours": null}]`))
	if err != nil || got[0].Hours != nil {
		t.Errorf(`"hours": null read as %v, %v; want none recorded`, got[0].Hours, err)
	}
}

// TestReductionRule checks issue 16 §3: the two readings of a reduction's
// status, hmpps-workload's by dates (the default) and the WMT worker's by
// recorded status, on the same records.
func TestReductionRule(t *testing.T) {
	start, end := date(2024, 1, 1), date(2024, 6, 1)
	red := func(status caseload.ReductionStatus, s, e time.Time) caseload.Reduction {
		return caseload.Reduction{Reason: "COURT_DUTY", Hours: 18.5, Start: s, End: e, Status: status}
	}
	tests := []struct {
		name             string
		reason           string
		r                caseload.Reduction
		byDates, byState caseload.ReductionStatus
	}{
		{"active past its end", "the worker counts a recorded ACTIVE until a job archives it; hmpps-workload stops at the end date",
			red(caseload.Active, start, end), caseload.Archived, caseload.Active},
		{"scheduled past its start", "the worker waits for the status to change; hmpps-workload goes by the start date",
			red(caseload.Scheduled, start, time.Time{}), caseload.Active, caseload.Scheduled},
		{"active before its start", "a recorded ACTIVE counts for the worker even before the start date",
			red(caseload.Active, date(2024, 7, 1), time.Time{}), caseload.Scheduled, caseload.Active},
		{"not recorded", "with no recorded status both readings go by the dates",
			red(caseload.StatusFromDates, start, time.Time{}), caseload.Active, caseload.Active},
		{"deleted", "DELETED never counts, in either reading",
			red(caseload.Deleted, start, time.Time{}), caseload.Deleted, caseload.Deleted},
		{"archived", "ARCHIVED never counts, in either reading",
			red(caseload.Archived, start, time.Time{}), caseload.Archived, caseload.Archived},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := caseload.ByDates.StatusAt(tt.r, asOf); got != tt.byDates {
				t.Errorf("ByDates: %v, want %v (%s)", got, tt.byDates, tt.reason)
			}
			if got := tt.r.StatusAt(asOf); got != tt.byDates {
				t.Errorf("Reduction.StatusAt: %v, want ByDates' %v", got, tt.byDates)
			}
			if got := caseload.ByStatus.StatusAt(tt.r, asOf); got != tt.byState {
				t.Errorf("ByStatus: %v, want %v (%s)", got, tt.byState, tt.reason)
			}
			// Through a caseload: 18.5 of 37 hours off halves the capacity.
			for rule, status := range map[caseload.ReductionRule]caseload.ReductionStatus{caseload.ByDates: tt.byDates, caseload.ByStatus: tt.byState} {
				want := 2176
				if status == caseload.Active {
					want = 1088
				}
				ps := []caseload.Practitioner{{ID: "P", Grade: grades.PO, Team: "T", Reductions: []caseload.Reduction{tt.r}}}
				cl, err := caseload.Build(nil, ps, asOf, &caseload.Settings{Reductions: rule})
				if err != nil {
					t.Fatal(err)
				}
				if w, _ := cl.Workload("P"); w.Available != want {
					t.Errorf("Settings.Reductions %v: available %d, want %d", rule, w.Available, want)
				}
			}
		})
	}
	if _, err := caseload.Build(nil, nil, asOf, &caseload.Settings{Reductions: 7}); err == nil {
		t.Error("Build accepted an unknown reduction rule")
	}
}

// TestCapacityValidate checks the ranges of a capacity table, which
// Build checks too.
func TestCapacityValidate(t *testing.T) {
	if err := caseload.NationalCapacity().Validate(); err != nil {
		t.Fatalf("national capacity: %v", err)
	}
	c := caseload.NationalCapacity()
	c.Targets[grades.PO] = -1
	c.DefaultHours[grades.PSO] = 40
	c.Reasons = append(c.Reasons, caseload.ReductionReason{Code: "NQO", Max: 120}, caseload.ReductionReason{Code: " X", ExpiryMonths: -1})
	n := len(c.Reasons)
	want := []at{
		{"capacity", "", 0, 0, "targets[PO]"},
		{"capacity", "", 0, 0, "default_hours[PSO]"},
		{"capacity", "", 0, 0, "reasons[" + itoa(n-2) + "].code"},
		{"capacity", "", 0, 0, "reasons[" + itoa(n-2) + "].max_percent"},
		{"capacity", "", 0, 0, "reasons[" + itoa(n-1) + "].code"},
		{"capacity", "", 0, 0, "reasons[" + itoa(n-1) + "].expiry_months"},
	}
	if diff := cmp.Diff(want, locations(t, c.Validate(), "caseload.Capacity.Validate")); diff != "" {
		t.Errorf("Validate field errors mismatch (-want +got):\n%s", diff)
	}
	if _, err := caseload.Build(nil, nil, asOf, &caseload.Settings{Capacity: c}); len(locations(t, err, "caseload.Build")) != len(want) {
		t.Errorf("Build(bad capacity) = %v; want the same field errors", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
