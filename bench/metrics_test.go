package bench_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/bench"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// handProblem is a four-practitioner, four-case problem small enough to
// score by hand.
func handProblem() *allocation.Problem {
	low := grades.Profile{RoSH: tiering.RoSHLow, Tier: tiering.MustParseTier("C2")}
	high := grades.Profile{RoSH: tiering.RoSHHigh, Tier: tiering.MustParseTier("B2")}
	return &allocation.Problem{
		Practitioners: []allocation.Practitioner{
			{ID: "p1", Grade: grades.PO, Team: "T1", PDU: "D1", Region: "R", Available: 100},
			{ID: "p2", Grade: grades.PSO, Team: "T1", PDU: "D1", Region: "R", Available: 100},
			{ID: "p3", Grade: grades.PO, Team: "T2", PDU: "D2", Region: "R", Available: 200},
			{ID: "p4", Grade: grades.PO, Team: "T1", PDU: "D1", Region: "R", Available: 100, Unavailable: true},
		},
		Cases: []allocation.Case{
			{ID: "c1", Points: 60, Risk: high, Team: "T1", PDU: "D1", Region: "R", Previous: "p1"},
			{ID: "c2", Points: 30, Risk: low, Team: "T1", PDU: "D1", Region: "R", Current: "p2"},
			{ID: "c3", Points: 40, Risk: low, Team: "T1", PDU: "D1", Region: "R", RestrictedTo: []string{"p1"}},
			{ID: "c4", Points: 10, Risk: low, Team: "T1", PDU: "D1", Region: "R", ExcludedFrom: []string{"p2"}},
		},
	}
}

// handResult places c1, c3 and c4 on p1 (110%: 10 points in the 50 band)
// and keeps c2 with p2 (30%).
func handResult() *allocation.Result {
	return &allocation.Result{
		Assignments: []allocation.Assignment{
			{CaseID: "c1", PractitionerID: "p1", Cost: allocation.Cost{allocation.Distance: 120, allocation.Overload: 999}},
			{CaseID: "c2", PractitionerID: "p2"},
			{CaseID: "c3", PractitionerID: "p1", Cost: allocation.Cost{allocation.CrossTeam: 7}},
			{CaseID: "c4", PractitionerID: "p1"},
		},
		Stats: allocation.Stats{Cost: 127, Penalty: 500},
	}
}

func TestEvaluate(t *testing.T) {
	p := handProblem()
	want := bench.Metrics{
		Cost: 127, Penalty: 500,
		Percents:   []float64{110, 30, 0, 0},
		MaxPercent: 110, SDPercent: 45,
		Over100: 1, Over110: 0,
		WithHistory: 2, Kept: 2,
	}
	got, err := bench.Evaluate(p, nil, handResult())
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Evaluate() mismatch (-want +got):\n%s", diff)
	}
}

func TestEvaluateViolations(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		edit   func(r *allocation.Result)
		scope  allocation.Scope
		want   []string // one substring per violation, in order
	}{
		{"ineligible grade", "a PSO may not hold a high-RoSH case under the national policy",
			func(r *allocation.Result) { r.Assignments[0].PractitionerID = "p2" }, 0, []string{"c1: p2 is a PSO"}},
		{"restricted", "c3 is restricted to p1",
			func(r *allocation.Result) { r.Assignments[2].PractitionerID = "p2" }, 0, []string{"c3: p2 is not on its restricted list"}},
		{"excluded", "c4 excludes p2",
			func(r *allocation.Result) { r.Assignments[3].PractitionerID = "p2" }, 0, []string{"c4: p2 is excluded"}},
		{"unavailable", "p4 takes no case",
			func(r *allocation.Result) { r.Assignments[1].PractitionerID = "p4" }, 0, []string{"c2: p4 is unavailable"}},
		{"out of scope", "p3 is in another PDU",
			func(r *allocation.Result) { r.Assignments[3].PractitionerID = "p3" }, allocation.SamePDU, []string{"c4: p3 is outside the pdu scope"}},
		{"region scope", "the same move is in scope when the scope is the region",
			func(r *allocation.Result) { r.Assignments[3].PractitionerID = "p3" }, allocation.SameRegion, nil},
		{"current holder always in scope", "c2 staying with p2 is fine in any scope",
			func(r *allocation.Result) {}, allocation.SameTeam, nil},
		{"unknown practitioner", "an ID not in the problem",
			func(r *allocation.Result) { r.Assignments[3].PractitionerID = "p9" }, 0, []string{"c4: unknown practitioner p9"}},
		{"twice", "c4 both assigned and unassigned",
			func(r *allocation.Result) {
				r.Unassigned = []allocation.Unassigned{{CaseID: "c4", Reason: allocation.AtLimit}}
			}, 0, []string{"c4: listed 2 times"}},
		{"missing", "c4 nowhere",
			func(r *allocation.Result) { r.Assignments = r.Assignments[:3] }, 0, []string{"c4: listed 0 times"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := handResult()
			tc.edit(r)
			m, _ := bench.Evaluate(handProblem(), &allocation.Settings{Scope: tc.scope}, r)
			if len(m.Violations) != len(tc.want) {
				t.Fatalf("Evaluate() violations = %q, want %d (%s)", m.Violations, len(tc.want), tc.reason)
			}
			for k, w := range tc.want {
				if !strings.Contains(m.Violations[k], w) {
					t.Errorf("violation %d = %q, want it to contain %q (%s)", k, m.Violations[k], w, tc.reason)
				}
			}
		})
	}
}

func TestEvaluateDisagreement(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		edit   func(r *allocation.Result)
	}{
		{"cost", "the assignment costs must add up to Stats.Cost", func(r *allocation.Result) { r.Stats.Cost++ }},
		{"penalty", "the recomputed penalty must equal Stats.Penalty", func(r *allocation.Result) { r.Stats.Penalty = 0 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := handResult()
			tc.edit(r)
			if _, err := bench.Evaluate(handProblem(), nil, r); err == nil {
				t.Errorf("Evaluate() = nil error, want one (%s)", tc.reason)
			}
		})
	}
}

func TestEvaluateMoved(t *testing.T) {
	r := handResult()
	r.Assignments[1].PractitionerID = "p1" // c2 leaves p2
	r.Stats.Penalty = 16000                // 10×50 + 10×150 + 10×400 + 10×1000 at 140%
	m, err := bench.Evaluate(handProblem(), &allocation.Settings{Bands: fiveBands}, r)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	got := []int{m.Moved, m.Kept, m.WithHistory, m.Over110}
	if diff := cmp.Diff([]int{1, 1, 2, 1}, got); diff != "" {
		t.Errorf("Evaluate() Moved, Kept, WithHistory, Over110 mismatch (-want +got):\n%s", diff)
	}
}

// fiveBands is the overload penalty of optimizer.md §6.2, fixed here so
// that the expectations do not follow changes of allocation.DefaultBands.
var fiveBands = []allocation.Band{{Width: 10, Cost: 50}, {Width: 10, Cost: 150}, {Width: 10, Cost: 400}, {Width: 10, Cost: 1000}, {Width: 0, Cost: 2500}}

func TestPenalty(t *testing.T) {
	def := fiveBands
	tests := []struct {
		name   string
		reason string
		bands  []allocation.Band
		avail  int64
		load   int64
		want   int64
	}{
		{"under", "no penalty at or below 100%", def, 2176, 2176, 0},
		{"first band", "50 per point from 100% to 110%", def, 100, 105, 250},
		{"two bands", "10×50 + 5×150", def, 100, 115, 1250},
		{"top band", "10×50 + 10×150 + 10×400 + 10×1000 + 60×2500", def, 100, 200, 166000},
		{"rounding", "breakpoints are ⌊avail·(100+W)/100⌋: 2176 → 2393 at 110%", def, 2176, 2394, 217*50 + 1*150},
		{"no capacity", "all load is in the last band", def, 0, 10, 25000},
		{"one band", "a single band is unbounded", []allocation.Band{{Width: 5, Cost: 3}}, 10, 30, 60},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := bench.Penalty(tc.bands, tc.avail, tc.load); got != tc.want {
				t.Errorf("Penalty(%d, %d) = %d, want %d (%s)", tc.avail, tc.load, got, tc.want, tc.reason)
			}
		})
	}
}

// TestEvaluateAgreesWithSolve checks the evaluator against allocation's
// own numbers on every strategy: no disagreement and no violation.
func TestEvaluateAgreesWithSolve(t *testing.T) {
	p := tinyProblem(t)
	for _, st := range allocation.Strategies() {
		s := &allocation.Settings{Strategy: st, Scope: allocation.SameTeam}
		r := solve(t, p, s)
		m, err := bench.Evaluate(p, s, r)
		if err != nil {
			t.Errorf("%v: Evaluate: %v", st, err)
		}
		if len(m.Violations) > 0 {
			t.Errorf("%v: violations %q", st, m.Violations)
		}
		if got, want := slices.Max(m.Percents), r.Stats.MaxPercent; got < want-0.05 || got > want+0.05 {
			t.Errorf("%v: max workload %% %.2f, Stats.MaxPercent %.1f", st, got, want)
		}
	}
}
