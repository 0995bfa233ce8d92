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
		{"not JSON", "syntax errors are one problem, with the line", "{\n", []at{{"file", "", -1, 2, ""}}},
		{"no table", "an empty set is useless", `{"tables": []}`, []at{{"file", "", -1, 0, "tables"}}},
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
			[]at{{"file", "", -1, 0, "schema"}}},
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

// TestWMTRoundsOnce reproduces WMT's figures for weighted inactive T2A
// cases (issue 16): WMT subtracts count × points × (100 − w)/100 per tier
// (wmt-worker calculate-points-for-tier.js) and rounds the practitioner's
// total once (Math.round in calculate-workload-points.js), so the
// weighted points are summed exactly and rounded once, never per case.
func TestWMTRoundsOnce(t *testing.T) {
	b1 := func(row caseload.RowType) caseload.Case { // T2A custody B1: 47 points
		return caseload.Case{Tier: tier("B1"), Type: caseload.Custody, T2A: true, Row: row}
	}
	b2 := func(row caseload.RowType) caseload.Case { // T2A custody B2: 48 points
		return caseload.Case{Tier: tier("B2"), Type: caseload.Custody, T2A: true, Row: row}
	}
	a3 := caseload.Case{Tier: tier("A3"), Type: caseload.Community} // 206 points
	u, w, o := caseload.UnpaidWorkOnly, caseload.ActiveWarrant, caseload.OverdueTermination
	tests := []struct {
		name, reason string
		weights      caseload.Inactive
		cases        []caseload.Case
		want         int
	}{
		{"issue 16", "two B1 cases with only unpaid work outstanding at 50: 2 × 47 × 0.5 = 47 in WMT, not 24 + 24 = 48",
			caseload.Inactive{UnpaidWork: 50}, []caseload.Case{b1(u), b1(u)}, 47},
		{"one case", "23.5 rounds half up to 24, as Math.round does", caseload.Inactive{UnpaidWork: 50}, []caseload.Case{b1(u)}, 24},
		{"three warrants", "3 × 47 × 0.3333 = 46.9953 → 47, not 3 × 16 = 48", caseload.Inactive{Warrant: 33.33}, []caseload.Case{b1(w), b1(w), b1(w)}, 47},
		{"exact", "48 × 12.5% = 6 exactly, plus a normal case", caseload.Inactive{Overdue: 12.5}, []caseload.Case{b2(o), a3}, 212},
		{"mixed rows", "23.5 + 15.6651 + 6 = 45.1651 → 45, not 24 + 16 + 6 = 46",
			caseload.Inactive{UnpaidWork: 50, Warrant: 33.33, Overdue: 12.5}, []caseload.Case{b1(u), b1(w), b2(o)}, 45},
		{"weighting 0", "0 removes every point (the seed)", caseload.Inactive{}, []caseload.Case{b1(u), b1(w), b1(o)}, 0},
		{"weighting 100", "100 keeps every point", caseload.Inactive{UnpaidWork: 100}, []caseload.Case{b1(u), b1(u)}, 94},
		{"not T2A", "non-T2A inactive rows score 0 whatever the weighting", caseload.Inactive{UnpaidWork: 50},
			[]caseload.Case{{Tier: tier("B1"), Type: caseload.Custody, Row: u}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wt := *caseload.NationalWeights().At(asOf)
			wt.T2AInactive = tt.weights
			set, err := caseload.NewWeightsSet(&wt)
			if err != nil {
				t.Fatal(err)
			}
			cs := make([]caseload.Case, len(tt.cases))
			for i, c := range tt.cases {
				c.ID, c.Team, c.Practitioner = "C"+strconv.Itoa(i), "T", "P"
				cs[i] = c
			}
			ps := []caseload.Practitioner{{ID: "P", Grade: grades.PO, Team: "T"}}
			cl, err := caseload.Build(cs, ps, asOf, &caseload.Settings{Weights: set})
			if err != nil {
				t.Fatal(err)
			}
			if w, _ := cl.Workload("P"); w.CasePoints != tt.want || w.Points != tt.want {
				t.Errorf("case points %d, points %d; want %d (%s)", w.CasePoints, w.Points, tt.want, tt.reason)
			}
		})
	}
}

// TestWeightedImpactAndTransfer checks that impact and transfers keep the
// exact sum: a third UPW case takes a holder of two from 47 to 70.5 → 71
// (per-case rounding would say 72), and moving one away leaves 23.5 → 24.
func TestWeightedImpactAndTransfer(t *testing.T) {
	w := *caseload.NationalWeights().At(asOf)
	w.T2AInactive = caseload.Inactive{UnpaidWork: 50}
	set, err := caseload.NewWeightsSet(&w)
	if err != nil {
		t.Fatal(err)
	}
	upw := func(id, holder string) caseload.Case {
		return caseload.Case{ID: id, Tier: tier("B1"), Type: caseload.Custody, T2A: true, Row: caseload.UnpaidWorkOnly, Team: "T", Practitioner: holder}
	}
	ps := []caseload.Practitioner{{ID: "P1", Grade: grades.PO, Team: "T"}, {ID: "P2", Grade: grades.PO, Team: "T"}}
	cs := []caseload.Case{upw("C1", "P1"), upw("C2", "P1"), upw("C3", ""), upw("C4", "")}
	cl, err := caseload.Build(cs, ps, asOf, &caseload.Settings{Weights: set})
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := cl.CasePoints("C1"); p != 24 || w.Points(cs[0]) != 24 || w.ExactPoints(cs[0]) != 23.5*caseload.PointUnits {
		t.Errorf("one weighted case: CasePoints %d, Points %d, ExactPoints %d; want 24, 24 and 23.5 points exactly", p, w.Points(cs[0]), w.ExactPoints(cs[0]))
	}
	im, err := cl.Impact(upw("C9", ""), []string{"P1"})
	if err != nil {
		t.Fatal(err)
	}
	if im[0].After.CasePoints != 71 || im[0].Points != 24 {
		t.Errorf("Impact: after %d points, case %d; want 71 and 24", im[0].After.CasePoints, im[0].Points)
	}
	if err := cl.Transfer("C2", "P2"); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]int{"P1": 24, "P2": 24} {
		if got, _ := cl.Workload(id); got.CasePoints != want {
			t.Errorf("after a transfer %s has %d points, want %d", id, got.CasePoints, want)
		}
	}
	if tot := cl.Totals(caseload.Team)[0]; tot.UnallocatedPoints != 47 {
		t.Errorf("unallocated points %d, want 47 (two cases of 23.5, rounded once)", tot.UnallocatedPoints)
	}
}
