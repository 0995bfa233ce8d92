package caseload_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// team is a small fixture: two teams in one PDU, one in another.
func team() ([]caseload.Case, []caseload.Practitioner) {
	ps := []caseload.Practitioner{
		{ID: "P1", Grade: grades.PO, Team: "T1", PDU: "D1", Region: "R1", Hours: new(37.0)},
		{ID: "P2", Grade: grades.PSO, Team: "T1", PDU: "D1", Region: "R1", Hours: new(18.5)},
		{ID: "P3", Grade: grades.PO, Team: "T2", PDU: "D1", Region: "R1", Reports: caseload.Reports{Standard: 1}},
		{ID: "P4", Grade: grades.SPO, Team: "T3", PDU: "D2", Region: "R1"},
	}
	cs := []caseload.Case{
		{ID: "C1", Tier: tier("A3"), Type: caseload.Licence, Team: "T1", Practitioner: "P1"},                                // 219
		{ID: "C2", Tier: tier("B2"), Type: caseload.Community, Team: "T1", Practitioner: "P1"},                              // 115
		{ID: "C3", Tier: tier("C2"), Type: caseload.Community, Team: "T1", Practitioner: "P2"},                              // 63
		{ID: "C4", Tier: tier("D1S"), Type: caseload.Custody, Team: "T1", Practitioner: "P2"},                               // 0 (S)
		{ID: "C5", Tier: tier("B3"), Type: caseload.Custody, Team: "T2", Practitioner: "P3"},                                // 59
		{ID: "C6", Type: caseload.Community, Team: "T2", Practitioner: "P3"},                                                // untiered 0
		{ID: "C7", Tier: tier("C1"), Type: caseload.Community, Team: "T1"},                                                  // unallocated 50
		{ID: "C8", Tier: tier("A1"), Type: caseload.Licence, Team: "T3", Practitioner: "P4"},                                // 163, SPO
		{ID: "C9", Tier: tier("B1"), Type: caseload.Community, Team: "T2", Practitioner: "P3", Row: caseload.ActiveWarrant}, // 0
	}
	return cs, ps
}

func TestBuildWorkloads(t *testing.T) {
	cs, ps := team()
	cl, err := caseload.Build(cs, ps, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []caseload.Workload{
		{Practitioner: "P1", Grade: grades.PO, Team: "T1", Cases: 2, CasePoints: 334, Points: 334, Hours: 37, Available: 2176, Remaining: 1842, Percent: 15.3},
		{Practitioner: "P2", Grade: grades.PSO, Team: "T1", Cases: 2, CasePoints: 63, Points: 63, Hours: 18.5, Available: 1088, Remaining: 1025, Percent: 5.8},
		{Practitioner: "P3", Grade: grades.PO, Team: "T2", Cases: 3, CasePoints: 59, ReportPoints: 138, Points: 197, Hours: 37, Available: 2176, Remaining: 1979, Percent: 9.1},
		{Practitioner: "P4", Grade: grades.SPO, Team: "T3", Cases: 1, CasePoints: 163, Points: 163, Available: 0, Remaining: -163, Percent: 0, Status: caseload.NoCapacity},
	}
	if diff := cmp.Diff(want, cl.Workloads()); diff != "" {
		t.Errorf("Build(...).Workloads() mismatch (-want +got):\n%s", diff)
	}
	if got, ok := cl.Holder("C7"); !ok || got != "" {
		t.Errorf("Holder(C7) = %q, %v; want unallocated", got, ok)
	}
	if got, ok := cl.CasePoints("C1"); !ok || got != 219 {
		t.Errorf("CasePoints(C1) = %d, %v; want 219", got, ok)
	}
}

func TestValidate(t *testing.T) {
	start := date(2024, 1, 1)
	ps := []caseload.Practitioner{
		{ID: "P1", Grade: grades.PO, Team: "T1"},
		{ID: "P1", Grade: grades.PSO, Team: "T1"},
		{ID: "", Grade: 0, Team: "T1", Hours: new(38.0)},
		{ID: "P4", Grade: grades.PO, Team: "T1", Hours: new(-1.0), Reports: caseload.Reports{Fast: -1}},
		{ID: "P5", Grade: grades.PO, Team: "T1", Hours: new(37.0), Reductions: []caseload.Reduction{
			{Reason: "TRADE_UNION", Hours: 20, Start: start},                          // over the 50% maximum (18.5)
			{Reason: "NQO", Hours: 7.4, Start: start, End: start},                     // ends as it starts
			{Reason: "HOLIDAY", Hours: 40, Start: start.AddDate(0, 0, 1)},             // unknown reason, more than contracted
			{Reason: "NQO", Hours: math.NaN()},                                        // no start, NaN hours
			{Reason: "SPOC_LEAD", Hours: 1.85, Start: start, Status: caseload.Active}, // exactly the 5% maximum: fine
		}},
	}
	cs := []caseload.Case{
		{ID: "C1", Tier: tier("A3"), Type: caseload.Community, Practitioner: "P1"},
		{ID: "C1", Tier: tier("A3"), Type: caseload.Community},
		{ID: "C3", Tier: 99, Type: 0, Row: 12},
		{ID: "C4", Tier: tier("B1"), Type: caseload.Custody, Practitioner: "GHOST"},
		{ID: "", Tier: tier("B1"), Type: caseload.Custody, Risk: grades.Profile{RoSH: 9}},
		{ID: "C6", Tier: tier("D0"), Type: caseload.Licence, Practitioner: "P5", Previous: "LEAVER", RestrictedTo: []string{"ELSEWHERE"}},
	}
	want := []at{
		{Record: "practitioner", ID: "P1", Index: 1, Field: "id"},
		{Record: "practitioner", ID: "", Index: 2, Field: "id"},
		{Record: "practitioner", ID: "", Index: 2, Field: "grade"},
		{Record: "practitioner", ID: "", Index: 2, Field: "hours"},
		{Record: "practitioner", ID: "P4", Index: 3, Field: "hours"},
		{Record: "practitioner", ID: "P4", Index: 3, Field: "reports.fast"},
		{Record: "practitioner", ID: "P5", Index: 4, Field: "reductions[0].hours"},
		{Record: "practitioner", ID: "P5", Index: 4, Field: "reductions[1].end"},
		{Record: "practitioner", ID: "P5", Index: 4, Field: "reductions[2].hours"},
		{Record: "practitioner", ID: "P5", Index: 4, Field: "reductions[2].reason"},
		{Record: "practitioner", ID: "P5", Index: 4, Field: "reductions[3].start"},
		{Record: "practitioner", ID: "P5", Index: 4, Field: "reductions[3].hours"},
		{Record: "case", ID: "C1", Index: 1, Field: "id"},
		{Record: "case", ID: "C3", Index: 2, Field: "tier"},
		{Record: "case", ID: "C3", Index: 2, Field: "type"},
		{Record: "case", ID: "C3", Index: 2, Field: "row"},
		{Record: "case", ID: "C4", Index: 3, Field: "practitioner"},
		{Record: "case", ID: "", Index: 4, Field: "id"},
		{Record: "case", ID: "", Index: 4, Field: "risk.rosh"},
	}
	for _, run := range []struct {
		name, op string
		err      error
	}{
		{"Validate", "caseload.Validate", caseload.Validate(cs, ps, nil)},
		{"Build", "caseload.Build", func() error { _, err := caseload.Build(cs, ps, asOf, nil); return err }()},
	} {
		if diff := cmp.Diff(want, locations(t, run.err, run.op)); diff != "" {
			t.Errorf("%s field errors mismatch (-want +got):\n%s", run.name, diff)
		}
	}
	good, gps := team()
	if err := caseload.Validate(good, gps, nil); err != nil {
		t.Errorf("Validate(fixture) = %v, want nil", err)
	}
}

func TestTotals(t *testing.T) {
	cs, ps := team()
	cl, err := caseload.Build(cs, ps, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[caseload.Level][]caseload.Total{}
	for _, l := range []caseload.Level{caseload.National, caseload.Region, caseload.PDU, caseload.Team} {
		got[l] = cl.Totals(l)
	}
	t1 := caseload.Total{Level: caseload.Team, Key: "T1", Practitioners: 2, Cases: 4, Points: 397, Available: 3264, Remaining: 2867, Percent: 12.2,
		Tiers: caseload.TierMix{A: 1, B: 1, C: 1, DS: 1}, Types: caseload.TypeMix{Community: 2, Licence: 1, Custody: 1}, Unallocated: 1, UnallocatedPoints: 50}
	t2 := caseload.Total{Level: caseload.Team, Key: "T2", Practitioners: 1, Cases: 3, Points: 197, Available: 2176, Remaining: 1979, Percent: 9.1,
		Tiers: caseload.TierMix{B: 2, Untiered: 1}, Types: caseload.TypeMix{Community: 2, Custody: 1}}
	t3 := caseload.Total{Level: caseload.Team, Key: "T3", Practitioners: 1, Cases: 1, Points: 163, Available: 0, Remaining: -163,
		Tiers: caseload.TierMix{A: 1}, Types: caseload.TypeMix{Licence: 1}}
	nat := caseload.Total{Level: caseload.National, Practitioners: 4, Cases: 8, Points: 757, Available: 5440, Remaining: 4683, Percent: 13.9,
		Tiers: caseload.TierMix{A: 2, B: 3, C: 1, DS: 1, Untiered: 1}, Types: caseload.TypeMix{Community: 4, Licence: 2, Custody: 2}, Unallocated: 1, UnallocatedPoints: 50}
	d1 := caseload.Total{Level: caseload.PDU, Key: "D1", Practitioners: 3, Cases: 7, Points: 594, Available: 5440, Remaining: 4846, Percent: 10.9,
		Tiers: caseload.TierMix{A: 1, B: 3, C: 1, DS: 1, Untiered: 1}, Types: caseload.TypeMix{Community: 4, Licence: 1, Custody: 2}, Unallocated: 1, UnallocatedPoints: 50}
	d2 := t3
	d2.Level, d2.Key = caseload.PDU, "D2"
	r1 := nat
	r1.Level, r1.Key = caseload.Region, "R1"
	want := map[caseload.Level][]caseload.Total{
		caseload.National: {nat},
		caseload.Region:   {r1},
		caseload.PDU:      {d1, d2},
		caseload.Team:     {t1, t2, t3},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Totals mismatch (-want +got):\n%s", diff)
	}
}

func TestAddContacts(t *testing.T) {
	cs, ps := team()
	cl, err := caseload.Build(cs, ps, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	contacts := []caseload.Contact{
		{Case: "C1", Code: "CMS05", By: "P2", Date: asOf},                   // P2 +18 on P1's case, P1 −18
		{Case: "C5", Code: "CMS22", By: "P3", Date: asOf},                   // own case: nets to 0
		{Case: "C3", Code: "CMS01", By: "ELSEWHERE", Date: asOf},            // holder P2 loses 9
		{Case: "C7", Code: "CMS01", By: "P1", Date: asOf},                   // unallocated: P1 gains 9, no one loses
		{Case: "C2", Code: "NGS001", By: "P3", Date: asOf},                  // GS: 0
		{Case: "C2", Code: "CMS10", By: "P3", Date: asOf.AddDate(0, 0, -8)}, // out of force already
	}
	if err := cl.AddContacts(contacts); err != nil {
		t.Fatal(err)
	}
	cms := func() []int {
		var out []int
		for _, w := range cl.Workloads() {
			out = append(out, w.CMSPoints)
		}
		return out
	}
	if diff := cmp.Diff([]int{-18 + 9, 18 - 9, 0, 0}, cms()); diff != "" {
		t.Errorf("CMS points on the day mismatch (-want +got):\n%s", diff)
	}
	cl.SetAsOf(asOf.AddDate(0, 0, 6))
	if diff := cmp.Diff([]int{-9, 9, 0, 0}, cms()); diff != "" {
		t.Errorf("CMS points on day 6 mismatch (-want +got):\n%s", diff)
	}
	cl.SetAsOf(asOf.AddDate(0, 0, 7))
	if diff := cmp.Diff([]int{0, 0, 0, 0}, cms()); diff != "" {
		t.Errorf("CMS points on day 7 mismatch (-want +got):\n%s", diff)
	}
	err = cl.AddContacts([]caseload.Contact{{Case: "NOPE", Code: "CMS01", By: "P1", Date: asOf}, {Case: "C1", Code: "CMS01"}})
	want := []at{{Record: "contact", ID: "NOPE", Field: "case"}, {Record: "contact", ID: "C1", Index: 1, Field: "by"}, {Record: "contact", ID: "C1", Index: 1, Field: "date"}}
	if diff := cmp.Diff(want, locations(t, err, "caseload.Caseload.AddContacts")); diff != "" {
		t.Errorf("AddContacts(bad) field errors mismatch (-want +got):\n%s", diff)
	}
}

func TestMutations(t *testing.T) {
	cs, ps := team()
	cl, err := caseload.Build(cs, ps, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	points := func(id string) int { w, _ := cl.Workload(id); return w.Points }
	if err := cl.Transfer("C1", "P3"); err != nil {
		t.Fatal(err)
	}
	if err := cl.Add(caseload.Case{ID: "C10", Tier: tier("A2"), Type: caseload.Community, Practitioner: "P2"}); err != nil {
		t.Fatal(err)
	}
	if err := cl.Close("C3"); err != nil {
		t.Fatal(err)
	}
	if err := cl.Transfer("C7", "P1"); err != nil {
		t.Fatal(err)
	}
	if err := cl.Transfer("C2", ""); err != nil {
		t.Fatal(err)
	}
	got := []int{points("P1"), points("P2"), points("P3"), cl.Len()}
	want := []int{50, 158, 197 + 219, 9}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("points after mutations mismatch (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		name string
		err  error
	}{
		{"close unknown", cl.Close("C3")},
		{"transfer unknown case", cl.Transfer("NOPE", "P1")},
		{"transfer to unknown", cl.Transfer("C1", "NOPE")},
		{"reduction for unknown", cl.AddReduction("NOPE", caseload.Reduction{Reason: "NQO", Start: asOf})},
	} {
		if !errors.Is(tt.err, caseload.ErrUnknown) {
			t.Errorf("%s: error = %v, want ErrUnknown", tt.name, tt.err)
		}
	}
	var ve *probation.ValidationError
	if err := cl.Add(caseload.Case{ID: "C1", Tier: tier("A2"), Type: caseload.Community}); !errors.As(err, &ve) || ve.Op != "caseload.Caseload.Add" {
		t.Errorf("Add(duplicate) error = %v, want a *probation.ValidationError", err)
	}
	if err := cl.Add(caseload.Case{ID: "C11", Type: caseload.Community, Practitioner: "GHOST"}); !errors.As(err, &ve) {
		t.Errorf("Add(unknown practitioner) error = %v, want a *probation.ValidationError", err)
	}
	if err := cl.AddReduction("P1", caseload.Reduction{Reason: "NQO", Hours: 7.4, Start: asOf, End: asOf.AddDate(0, 9, 0)}); err != nil {
		t.Fatal(err)
	}
	if w, _ := cl.Workload("P1"); w.Available != 1740 || w.ReductionHours != 7.4 {
		t.Errorf("after NQO reduction: available %d, reduction hours %v; want 1740, 7.4", w.Available, w.ReductionHours)
	}
	cl.SetAsOf(asOf.AddDate(0, 9, 0))
	if w, _ := cl.Workload("P1"); w.Available != 2176 {
		t.Errorf("after the NQO reduction expires: available %d, want 2176", w.Available)
	}
	if err := cl.AddReduction("P1", caseload.Reduction{Reason: "NQO", Hours: -1, Start: asOf}); !errors.As(err, &ve) || ve.Op != "caseload.Caseload.AddReduction" {
		t.Errorf("AddReduction(negative) error = %v, want a *probation.ValidationError", err)
	}
	if p, _ := cl.Practitioner("P1"); len(p.Reductions) != 1 || len(ps[0].Reductions) != 0 {
		t.Errorf("reductions: caseload has %d, caller's record %d; want 1 and 0", len(p.Reductions), len(ps[0].Reductions))
	}
}

func TestImpactErrors(t *testing.T) {
	cs, ps := team()
	cl, err := caseload.Build(cs, ps, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Impact(cs[0], []string{"P1", "X", "Y"}); !errors.Is(err, caseload.ErrUnknown) {
		t.Errorf("Impact(unknown candidates) error = %v, want ErrUnknown", err)
	}
	// A held case whose tier has changed: after = before − old points + new points.
	c := cs[0]
	c.Tier = tiering.MustParseTier("C3")
	im, err := cl.Impact(c, []string{"P1"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := im[0].After.Points-im[0].Before.Points, 77-219; !im[0].Holds || got != want || im[0].After.Cases != im[0].Before.Cases {
		t.Errorf("Impact(retiered held case) = %+v, want holds and a change of %d points", im[0], want)
	}
}

func TestOverloaded(t *testing.T) {
	ps := []caseload.Practitioner{
		{ID: "A", Grade: grades.PO, Team: "T", Hours: new(3.7)},   // 217 points available
		{ID: "B", Grade: grades.PO, Team: "T", Hours: new(3.7)},   // same
		{ID: "C", Grade: grades.PSO, Team: "T", Hours: new(37.0)}, // plenty
	}
	cs := []caseload.Case{
		{ID: "1", Tier: tier("A3"), Type: caseload.Licence, Practitioner: "A"},   // 219 → 100.9%
		{ID: "2", Tier: tier("A3"), Type: caseload.Community, Practitioner: "B"}, // 206
		{ID: "3", Tier: tier("D1"), Type: caseload.Community, Practitioner: "B"}, // +29 = 235 → 108.3%
		{ID: "4", Tier: tier("D1"), Type: caseload.Community, Practitioner: "C"},
	}
	cl, err := caseload.Build(cs, ps, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range cl.Overloaded(100) {
		got = append(got, w.Practitioner)
	}
	if diff := cmp.Diff([]string{"B", "A"}, got); diff != "" {
		t.Errorf("Overloaded(100) mismatch (-want +got):\n%s", diff)
	}
	if n := len(cl.Overloaded(110)); n != 0 {
		t.Errorf("Overloaded(110) has %d, want 0", n)
	}
	if tot := cl.Totals(caseload.Team)[0]; tot.Over100 != 2 || tot.Over110 != 0 {
		t.Errorf("team total counts %d over 100%% and %d over 110%%, want 2 and 0", tot.Over100, tot.Over110)
	}
	if err := cl.Add(caseload.Case{ID: "5", Tier: tier("D2"), Type: caseload.Community, Practitioner: "B"}); err != nil { // +41 = 276 → 127.2%
		t.Fatal(err)
	}
	if tot := cl.Totals(caseload.National)[0]; tot.Over100 != 2 || tot.Over110 != 1 {
		t.Errorf("national total counts %d over 100%% and %d over 110%%, want 2 and 1", tot.Over100, tot.Over110)
	}
}

func TestCaseKeepsTheRecord(t *testing.T) {
	cs, ps := team()
	lao := caseload.Case{ID: "C0", Tier: tier("B1"), Type: caseload.Licence, Team: "T1", Practitioner: "P1", Previous: "P3",
		RestrictedTo: []string{"P1", "P3"}, ExcludedFrom: []string{"P2"}, Location: caseload.Location{X: 530.1, Y: 180.2}}
	in := lao
	in.RestrictedTo = slices.Clone(lao.RestrictedTo)
	cs = append(cs, in)
	cl, err := caseload.Build(cs, ps, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs[len(cs)-1].RestrictedTo[0] = "edited" // Build copies what it keeps
	got, ok := cl.Case("C0")
	if !ok {
		t.Fatal("C0 not found")
	}
	if diff := cmp.Diff(lao, got); diff != "" {
		t.Errorf("Case(C0) mismatch (-want +got):\n%s", diff)
	}
	got.ExcludedFrom[0] = "edited" // the result is a copy
	if again, _ := cl.Case("C0"); again.ExcludedFrom[0] != "P2" {
		t.Error("editing Case's result changed the caseload")
	}
	if err := cl.Transfer("C0", ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := cl.Case("C0"); got.Practitioner != "" || got.Previous != "P3" {
		t.Errorf("after transfer to nobody: practitioner %q, previous %q", got.Practitioner, got.Previous)
	}
	all := cl.Cases()
	if len(all) != len(cs) || all[0].ID != "C0" {
		t.Errorf("Cases: %d cases starting %q, want %d sorted by ID", len(all), all[0].ID, len(cs))
	}
}
