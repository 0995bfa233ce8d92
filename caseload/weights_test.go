package caseload_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

func tier(s string) tiering.Tier { return tiering.MustParseTier(s) }

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestPoints(t *testing.T) {
	national := caseload.NationalWeights().At(asOf)
	halfWarrant := *national
	halfWarrant.T2AInactive = caseload.Inactive{Warrant: 50, UnpaidWork: 100, Overdue: 33}
	tests := []struct {
		name   string
		reason string
		w      *caseload.Weights
		c      caseload.Case
		want   int
	}{
		{"community A3", "seed §1.2", national, caseload.Case{Tier: tier("A3"), Type: caseload.Community}, 206},
		{"licence A3", "seed §1.2", national, caseload.Case{Tier: tier("A3"), Type: caseload.Licence}, 219},
		{"custody B3", "seed §1.2, the impact test's 59", national, caseload.Case{Tier: tier("B3"), Type: caseload.Custody}, 59},
		{"community D0", "community X0 tiers score", national, caseload.Case{Tier: tier("D0"), Type: caseload.Community}, 29},
		{"licence A0", "custody and licence X0 tiers score 0 in the seed", national, caseload.Case{Tier: tier("A0"), Type: caseload.Licence}, 0},
		{"custody D1", "lowest non-zero custody", national, caseload.Case{Tier: tier("D1"), Type: caseload.Custody}, 13},
		{"untiered", "untiered cases are never weighted", national, caseload.Case{Type: caseload.Community}, 0},
		{"S tier", "S columns default to 0 (V1_64, V1_65)", national, caseload.Case{Tier: tier("A3S"), Type: caseload.Community}, 0},
		{"T2A community B2", "T2A row equals the custody column", national, caseload.Case{Tier: tier("B2"), Type: caseload.Community, T2A: true}, 48},
		{"T2A licence A3", "T2A row for licence", national, caseload.Case{Tier: tier("A3"), Type: caseload.Licence, T2A: true}, 75},
		{"warrant", "non-T2A inactive rows are filtered upstream", national, caseload.Case{Tier: tier("B2"), Type: caseload.Community, Row: caseload.ActiveWarrant}, 0},
		{"UPW only", "non-T2A inactive rows are filtered upstream, whatever weighting_u says", national, caseload.Case{Tier: tier("B2"), Type: caseload.Community, Row: caseload.UnpaidWorkOnly}, 0},
		{"overdue", "non-T2A inactive rows are filtered upstream", national, caseload.Case{Tier: tier("B2"), Type: caseload.Community, Row: caseload.OverdueTermination}, 0},
		{"suspended", "suspended cases count per tier with no weighting", national, caseload.Case{Tier: tier("B2"), Type: caseload.Community, Row: caseload.SuspendedSentence}, 115},
		{"IOM", "integrated offender management scores normally", national, caseload.Case{Tier: tier("C1"), Type: caseload.Licence, Row: caseload.IntegratedOffender}, 52},
		{"T2A warrant seed", "seed T2A weighting_w is 0", national, caseload.Case{Tier: tier("B2"), Type: caseload.Custody, T2A: true, Row: caseload.ActiveWarrant}, 0},
		{"T2A warrant 50%", "points × w/100, rounded half up: 48 × 0.5", &halfWarrant, caseload.Case{Tier: tier("B2"), Type: caseload.Custody, T2A: true, Row: caseload.ActiveWarrant}, 24},
		{"T2A overdue 33%", "47 × 0.33 = 15.51 rounds to 16", &halfWarrant, caseload.Case{Tier: tier("B1"), Type: caseload.Custody, T2A: true, Row: caseload.OverdueTermination}, 16},
		{"T2A UPW 100%", "a weighting of 100 keeps every point", &halfWarrant, caseload.Case{Tier: tier("A3"), Type: caseload.Custody, T2A: true, Row: caseload.UnpaidWorkOnly}, 75},
		{"invalid type", "an invalid case scores 0, never panics", national, caseload.Case{Tier: tier("A3"), Type: 9}, 0},
		{"invalid tier", "an invalid tier scores 0, never panics", national, caseload.Case{Tier: 200, Type: caseload.Community}, 0},
		{"invalid row", "an invalid row scores 0", national, caseload.Case{Tier: tier("A3"), Type: caseload.Community, Row: 42}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.w.Points(tt.c); got != tt.want {
				t.Errorf("Points(%+v) = %d, want %d (%s)", tt.c, got, tt.want, tt.reason)
			}
		})
	}
}

func TestReportAndCMSPoints(t *testing.T) {
	w := caseload.NationalWeights().At(asOf)
	got := []int{
		w.ReportPoints(caseload.Reports{Standard: 1}),
		w.ReportPoints(caseload.Reports{Fast: 1}),
		w.ReportPoints(caseload.Reports{Oral: 5}),
		w.ReportPoints(caseload.Reports{Standard: 2, Fast: 3}),
		w.CMSPoints("CMS01"), w.CMSPoints("CMS05"), w.CMSPoints("CMS22"), w.CMSPoints("CMS30"),
		w.CMSPoints("CMS36"), w.CMSPoints("CMS40"), w.CMSPoints("NGS001"), w.CMSPoints("nonsense"),
	}
	want := []int{138, 65, 0, 471, 9, 18, 5, 18, 18, 0, 0, 0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("report and CMS points mismatch (-want +got):\n%s", diff)
	}
}

func TestWeightsSetAt(t *testing.T) {
	old := *caseload.NationalWeights().At(asOf)
	old.Effective = date(2021, 4, 1)
	old.Reports.Standard = 132
	newer := old
	newer.Effective = date(2024, 4, 1)
	newer.Reports.Standard = 138
	set, err := caseload.NewWeightsSet(&newer, &old) // out of order on purpose
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		reason string
		at     time.Time
		want   int
	}{
		{"before all", "the earliest table stands in for older dates", date(2019, 1, 1), 132},
		{"first day", "a table is in force from its effective instant", date(2021, 4, 1), 132},
		{"between", "the latest table not after the date", date(2023, 1, 1), 132},
		{"second day", "the newer table takes over on its date", date(2024, 4, 1), 138},
		{"day before", "not yet in force the instant before", date(2024, 4, 1).Add(-time.Nanosecond), 132},
		{"after", "the newest table stays in force", date(2030, 1, 1), 138},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := set.At(tt.at).Reports.Standard; got != tt.want {
				t.Errorf("At(%v).Reports.Standard = %d, want %d (%s)", tt.at, got, tt.want, tt.reason)
			}
		})
	}
	var empty caseload.WeightsSet
	if got := empty.At(asOf); got != nil {
		t.Errorf("empty set At = %v, want nil", got)
	}
}

func TestNewWeightsSetErrors(t *testing.T) {
	a := *caseload.NationalWeights().At(asOf)
	a.Tiers[caseload.Community][tier("A3")] = 1000
	a.Tiers[caseload.Licence][tiering.Untiered] = 5
	a.T2AInactive.Warrant = 101
	a.Reports.Fast = -1
	a.CMS = map[string]int{"CMS01": -2}
	b := *caseload.NationalWeights().At(asOf)
	_, err := caseload.NewWeightsSet(&a, &b, nil)
	want := []at{
		{"weights", "2021-04-01", 0, 0, "case_points.community.A3"},
		{"weights", "2021-04-01", 0, 0, "case_points.licence.untiered"},
		{"weights", "2021-04-01", 0, 0, "t2a_inactive_percent.warrant"},
		{"weights", "2021-04-01", 0, 0, "report_points.fast"},
		{"weights", "2021-04-01", 0, 0, "cms_points.CMS01"},
		{"weights", "", 2, 0, ""},
		{"weights", "2021-04-01", 1, 0, "effective"},
	}
	if diff := cmp.Diff(want, locations(t, err, "caseload.NewWeightsSet")); diff != "" {
		t.Errorf("NewWeightsSet field errors mismatch (-want +got):\n%s", diff)
	}
}

func TestWeightsJSONRoundTrip(t *testing.T) {
	set := caseload.NationalWeights()
	var b bytes.Buffer
	if err := set.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	got, err := caseload.ReadWeightsJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(set.Tables(), got.Tables()); diff != "" {
		t.Errorf("ReadWeightsJSON(WriteJSON) mismatch (-want +got):\n%s", diff)
	}
}

func TestReadWeightsJSONErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		in     string
		want   []at
	}{
		{"not JSON", "syntax errors are one problem, with the line", "{\n", []at{{"file", "", 0, 2, ""}}},
		{"no table", "an empty set is useless", `{"tables": []}`, []at{{"file", "", 0, 0, "tables"}}},
		{"unknown field", "typos must not pass silently, and version 1 names are unknown",
			"{\"tables\": [\n  {\"effective\": \"2021-04-01\", \"comunity\": {}}]}", []at{{"weights", "2021-04-01", 0, 2, "comunity"}}},
		{"repeated field", "issue 9: duplicate keys are rejected",
			`{"tables": [{"effective": "2021-04-01", "report_points": {"standard": 1, "standard": 2}}]}`, []at{{"weights", "2021-04-01", 0, 1, "report_points.standard"}}},
		{"bad tier and date", "every bad value is listed",
			`{"tables": [{"effective": "April", "case_points": {"community": {"Z9": 3}}, "t2a_case_points": {"custody": {"E1": 1}}}]}`,
			[]at{{"weights", "April", 0, 1, "effective"}, {"weights", "April", 0, 1, "case_points.community"}, {"weights", "April", 0, 1, "t2a_case_points.custody"}}},
		{"out of range", "values are checked as NewWeightsSet does",
			"{\"tables\": [{\"effective\": \"2020-04-01\"},\n{\"effective\": \"2021-04-01\", \"case_points\": {\"community\": {\"A3\": 1200}}}]}",
			[]at{{"weights", "2021-04-01", 1, 2, "case_points.community.A3"}}},
		{"foreign schema", "a schema marker names the version", `{"schema": "other/v1", "tables": [{"effective": "2021-04-01"}]}`,
			[]at{{"file", "", 0, 0, "schema"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := caseload.ReadWeightsJSON(strings.NewReader(tt.in))
			if diff := cmp.Diff(tt.want, locations(t, err, "caseload.ReadWeightsJSON")); diff != "" {
				t.Errorf("ReadWeightsJSON field errors mismatch (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestWMTRoundsOnce reproduces WMT's figure for weighted inactive T2A
// cases (issue 16): with a T2A unpaid-work weighting of 50, two T2A
// custody B1 cases of 47 points each, with only unpaid work outstanding,
// score 2 × 47 × 50/100 = 47 in WMT (count × points × weighting, summed
// and rounded once by Math.round in wmt-worker
// calculate-workload-points.js), not 2 × round(23.5) = 48.
func TestWMTRoundsOnce(t *testing.T) {
	w := *caseload.NationalWeights().At(asOf)
	w.T2AInactive = caseload.Inactive{UnpaidWork: 50, Warrant: 33.33, Overdue: 12.5}
	set, err := caseload.NewWeightsSet(&w)
	if err != nil {
		t.Fatal(err)
	}
	ps := []caseload.Practitioner{{ID: "P1", Grade: grades.PO, Team: "T"}, {ID: "P2", Grade: grades.PO, Team: "T"}, {ID: "P3", Grade: grades.PO, Team: "T"}}
	upw := func(id, holder string) caseload.Case {
		return caseload.Case{ID: id, Tier: tier("B1"), Type: caseload.Custody, T2A: true, Row: caseload.UnpaidWorkOnly, Team: "T", Practitioner: holder}
	}
	cs := []caseload.Case{upw("C1", "P1"), upw("C2", "P1"),
		// P2: three warrants at 33.33% of 47 = 15.6651 each: 46.9953 → 47, not 3 × 16 = 48.
		{ID: "C3", Tier: tier("B1"), Type: caseload.Custody, T2A: true, Row: caseload.ActiveWarrant, Team: "T", Practitioner: "P2"},
		{ID: "C4", Tier: tier("B1"), Type: caseload.Custody, T2A: true, Row: caseload.ActiveWarrant, Team: "T", Practitioner: "P2"},
		{ID: "C5", Tier: tier("B1"), Type: caseload.Custody, T2A: true, Row: caseload.ActiveWarrant, Team: "T", Practitioner: "P2"},
		// P3: one overdue at 12.5% of 48 = 6 exactly, and a normal A3 community case: 6 + 206.
		{ID: "C6", Tier: tier("B2"), Type: caseload.Custody, T2A: true, Row: caseload.OverdueTermination, Team: "T", Practitioner: "P3"},
		{ID: "C7", Tier: tier("A3"), Type: caseload.Community, Team: "T", Practitioner: "P3"},
		upw("C8", ""), // unallocated: 23.5 → 24 on its own
	}
	cl, err := caseload.Build(cs, ps, asOf, &caseload.Settings{Weights: set})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, w := range cl.Workloads() {
		got = append(got, w.CasePoints)
	}
	if diff := cmp.Diff([]int{47, 47, 212}, got); diff != "" {
		t.Errorf("case points (-want +got):\n%s", diff)
	}
	if p, _ := cl.CasePoints("C1"); p != 24 || w.Points(cs[0]) != 24 || w.ExactPoints(cs[0]) != 235_000 {
		t.Errorf("one weighted case: CasePoints %d, Points %d, ExactPoints %d; want 24, 24 and 23.5 points exactly", p, w.Points(cs[0]), w.ExactPoints(cs[0]))
	}
	// Impact rounds the candidate's new total once: P1 with a third UPW
	// case holds 70.5 → 71 points (per-case rounding would say 72).
	im, err := cl.Impact(upw("C9", ""), []string{"P1"})
	if err != nil {
		t.Fatal(err)
	}
	if im[0].After.CasePoints != 71 || im[0].Points != 24 {
		t.Errorf("Impact: after %d points, case %d; want 71 and 24", im[0].After.CasePoints, im[0].Points)
	}
	// Moving cases keeps the exact sum: after a transfer P1 holds one case.
	if err := cl.Transfer("C2", "P3"); err != nil {
		t.Fatal(err)
	}
	if w1, _ := cl.Workload("P1"); w1.CasePoints != 24 {
		t.Errorf("after a transfer P1 has %d points, want 24 (23.5 rounded once)", w1.CasePoints)
	}
	if w3, _ := cl.Workload("P3"); w3.CasePoints != 236 {
		t.Errorf("after a transfer P3 has %d points, want 236 (6 + 206 + 23.5 = 235.5 rounded once)", w3.CasePoints)
	}
}
