package bench_test

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/bench"
	"github.com/probationkit/probation/caseload"
)

func TestEveryText(t *testing.T) {
	for _, e := range []bench.Every{bench.Never, bench.Weekly, bench.Monthly} {
		got, err := bench.ParseEvery(e.String())
		if err != nil || got != e {
			t.Errorf("ParseEvery(%q) = %v, %v; want %v", e.String(), got, err, e)
		}
	}
	if _, err := bench.ParseEvery("daily"); err == nil {
		t.Error(`ParseEvery("daily") succeeded; want an error`)
	}
	tests := []struct {
		name, reason string
		plan         bench.Plan
		want         string
	}{
		{"none", "no schedule, no budget shown", bench.Plan{}, "none"},
		{"monthly", "schedule and budget", bench.Plan{Every: bench.Monthly, Budget: 100}, "monthly/100"},
		{"weekly", "schedule and budget", bench.Plan{Every: bench.Weekly, Budget: 5}, "weekly/5"},
	}
	for _, tc := range tests {
		if got := tc.plan.String(); got != tc.want {
			t.Errorf("%s: %+v.String() = %q, want %q (%s)", tc.name, tc.plan, got, tc.want, tc.reason)
		}
	}
}

func TestBandFormat(t *testing.T) {
	tests := []struct {
		name, reason string
		band         bench.Band
		decimals     int
		want         string
	}{
		{"range", "mean, then the lowest and highest seed", bench.Band{Mean: 112.34, Lo: 110.04, Hi: 115.96, N: 5}, 1, "112.3 (110.0–116.0)"},
		{"equal", "no range when every seed agrees to the decimals shown", bench.Band{Mean: 3.01, Lo: 2.96, Hi: 3.04, N: 5}, 1, "3.0"},
		{"integers", "no decimals", bench.Band{Mean: 481.4, Lo: 459, Hi: 503, N: 5}, 0, "481 (459–503)"},
		{"none", "a dash when no seed has a value", bench.Band{}, 1, "–"},
	}
	for _, tc := range tests {
		if got := tc.band.Format(tc.decimals); got != tc.want {
			t.Errorf("%s: Format = %q, want %q (%s)", tc.name, got, tc.want, tc.reason)
		}
	}
}

// TestSimMetrics checks the metrics' definitions on two hand-made runs of
// two weeks each.
func TestSimMetrics(t *testing.T) {
	line := &bench.SimLine{Strategy: allocation.Greedy, Runs: []*bench.SimRun{
		{Seed: 1, Ever: 3, Weeks: []bench.Week{
			{Max: 150, Over110: 10, Excessive: 0, WithPrevious: 10, Kept: 9, PlacedArrivals: 4, WaitDays: 2, Batches: 5, BatchSeconds: 0.05, BatchMax: 0.02, Waiting: 1},
			{Max: 130, Over110: 6, Excessive: 4, WithPrevious: 0, Kept: 0, PlacedArrivals: 0, Batches: 5, BatchSeconds: 0.10, BatchMax: 0.04, Moved: 7, Reallocated: 2, Waiting: 3},
		}},
		{Seed: 2, Ever: 5, Weeks: []bench.Week{
			{Max: 170, Over110: 20, Excessive: 0, WithPrevious: 30, Kept: 3, PlacedArrivals: 6, WaitDays: 0, Batches: 7, BatchSeconds: 0.07, BatchMax: 0.01},
			{Max: 110, Over110: 8, Excessive: 2, WithPrevious: 10, Kept: 1, PlacedArrivals: 6, WaitDays: 6, Batches: 7, BatchSeconds: 0.07, BatchMax: 0.03, Reallocated: 1},
		}},
	}}
	metrics := map[string]bench.SimMetric{}
	for _, m := range append(bench.WorkloadMetrics(), bench.CaseMetrics()...) {
		metrics[m.Key] = m
	}
	band := func(a, b float64) bench.Band {
		return bench.Band{Mean: (a + b) / 2, Lo: min(a, b), Hi: max(a, b), N: 2}
	}
	tests := []struct {
		key, reason string
		want        bench.Band
	}{
		{"max", "the mean over the weeks of the weekly highest, then over the seeds", band(140, 140)},
		{"over110", "mean of the weekly counts", band(8, 14)},
		{"over110-end", "the last week's count", band(6, 8)},
		{"excessive-end", "the last week's count", band(4, 2)},
		{"ever", "practitioners ever excessive", band(3, 5)},
		{"kept", "kept over placements with a previous practitioner, summed over the weeks (9/10, 4/40)", band(90, 10)},
		{"wait", "days over arrivals placed, summed (2/4, 6/12)", band(0.5, 0.5)},
		{"moved", "total moves", band(7, 0)},
		{"reallocated", "total reallocations", band(2, 1)},
		{"waiting", "the last snapshot's", band(3, 0)},
		{"batch", "ms per batch over the run (150/10, 140/14)", band(15, 10)},
		{"batch-max", "the longest batch, in ms", band(40, 30)},
	}
	approx := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })
	for _, tc := range tests {
		m, ok := metrics[tc.key]
		if !ok {
			t.Errorf("no metric %q", tc.key)
			continue
		}
		if diff := cmp.Diff(tc.want, m.Summary(line), approx); diff != "" {
			t.Errorf("%s: Summary mismatch (-want +got), %s:\n%s", tc.key, tc.reason, diff)
		}
	}
	kept := metrics["kept"]
	want := []bench.Band{band(90, 10), {Mean: 10, Lo: 10, Hi: 10, N: 1}}
	if diff := cmp.Diff(want, kept.Series(line), approx); diff != "" {
		t.Errorf("kept: Series mismatch (-want +got): a week without placements has no rate and counts for no seed:\n%s", diff)
	}
	if _, ok := metrics["rebalance"]; !ok || metrics["rebalance"].Summary(line).N != 0 {
		t.Errorf("rebalance: %+v, want no value for a run without rebalances", metrics["rebalance"].Summary(line))
	}
}

func TestSimSize(t *testing.T) {
	tests := []struct {
		name, reason               string
		cases, practitioners, wait int
		utilisation                float64
	}{
		{"region", "synth's daily size", 30300, 1000, 300, 1.15},
		{"uneven-region", "the Uneven daily size", 30300, 1000, 300, 1.15},
		{"national", "the national size held at the daily size's utilisation, 1% waiting", 240000, 10000, 2400, 1.15},
		{"pdu", "any other synth size by its name", 2000, 70, 2000, 0.95},
	}
	for _, tc := range tests {
		s, ok := bench.SimSize(tc.name)
		if !ok || s.Name != tc.name || s.Cases != tc.cases || s.Practitioners != tc.practitioners || s.New != tc.wait || s.Utilisation != tc.utilisation {
			t.Errorf("SimSize(%q) = %+v, %v; want %d cases, %d practitioners, %d waiting at %v (%s)", tc.name, s, ok, tc.cases, tc.practitioners, tc.wait, tc.utilisation, tc.reason)
		}
	}
	if _, ok := bench.SimSize("continent"); ok {
		t.Error(`SimSize("continent") found a size`)
	}
}

func TestBaseReports(t *testing.T) {
	national := caseload.ReportPoints{Standard: 138, Fast: 65}
	tests := []struct {
		name, reason string
		points       int
		want         caseload.Reports
	}{
		{"none", "no base load, no reports", 0, caseload.Reports{}},
		{"negative", "a negative load carries nothing", -5, caseload.Reports{}},
		{"one standard", "138 points is one standard report exactly", 138, caseload.Reports{Standard: 1}},
		{"fast only", "no standard report fits 108: two fast reports (130, 22 over)", 108, caseload.Reports{Fast: 2}},
		{"round down", "a remainder under half a fast report is dropped (170 = 138 + 32)", 170, caseload.Reports{Standard: 1}},
		{"round up", "a remainder of half a fast report or more is one (171 = 138 + 33)", 171, caseload.Reports{Standard: 1, Fast: 1}},
		{"mixed", "494 = 3 × 138 + 80: three standard and one fast (479, 15 short)", 494, caseload.Reports{Standard: 3, Fast: 1}},
	}
	for _, tc := range tests {
		if got := bench.BaseReports(tc.points, national); got != tc.want {
			t.Errorf("%s: BaseReports(%d) = %+v, want %+v (%s)", tc.name, tc.points, got, tc.want, tc.reason)
		}
	}
	if got := bench.BaseReports(500, caseload.ReportPoints{}); got != (caseload.Reports{}) {
		t.Errorf("BaseReports with no weights = %+v, want none", got)
	}
}
