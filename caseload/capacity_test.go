package caseload_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

func TestAvailable(t *testing.T) {
	national := caseload.NationalCapacity()
	disabled := caseload.NationalCapacity()
	for i := range disabled.Reasons {
		if disabled.Reasons[i].Code == "COURT_DUTY" {
			disabled.Reasons[i].Disabled = true
		}
	}
	start := date(2024, 1, 1)
	red := func(h float64) []caseload.Reduction {
		return []caseload.Reduction{{Reason: "COURT_DUTY", Hours: h, Start: start}}
	}
	tests := []struct {
		name   string
		reason string
		c      *caseload.Capacity
		p      caseload.Practitioner
		at     time.Time
		want   int
	}{
		{"worked 37h", "CapacityCalculatorTest: 37 h − 1.8 h → 2070", national, caseload.Practitioner{Grade: grades.PO, Hours: new(37.0), Reductions: red(1.8)}, asOf, 2070},
		{"worked 30h", "CapacityCalculatorTest: 30 h − 1.8 h → 1658", national, caseload.Practitioner{Grade: grades.PO, Hours: new(30.0), Reductions: red(1.8)}, asOf, 1658},
		{"full-time PO", "the nominal target", national, caseload.Practitioner{Grade: grades.PO, Hours: new(37.0)}, asOf, 2176},
		{"default hours", "0 hours means the grade default", national, caseload.Practitioner{Grade: grades.PSO}, asOf, 2176},
		{"37.5 hours", "above default hours gives more than the target", national, caseload.Practitioner{Grade: grades.PSO, Hours: new(37.5)}, asOf, 2205},
		{"half-time", "exact halves stay exact", national, caseload.Practitioner{Grade: grades.PO, Hours: new(18.5)}, asOf, 1088},
		{"PQiP", "trainees use the PO target and hours", national, caseload.Practitioner{Grade: grades.PQiP2, Hours: new(37.0)}, asOf, 2176},
		{"NQO", "newly qualified use the PO values", national, caseload.Practitioner{Grade: grades.NQO}, asOf, 2176},
		{"SPO", "SPO default hours are 0: no capacity, no division by zero", national, caseload.Practitioner{Grade: grades.SPO, Hours: new(37.0)}, asOf, 0},
		{"DMY", "no grade: no capacity", national, caseload.Practitioner{Grade: grades.DMY, Hours: new(37.0)}, asOf, 0},
		{"invalid grade", "never panics", national, caseload.Practitioner{Grade: 0, Hours: new(37.0)}, asOf, 0},
		{"scheduled", "a reduction that has not started is not counted", national, caseload.Practitioner{Grade: grades.PO, Reductions: red(10)}, date(2023, 12, 31), 2176},
		{"archived", "a reduction past its end is not counted", national, caseload.Practitioner{Grade: grades.PO, Reductions: []caseload.Reduction{{Reason: "COURT_DUTY", Hours: 10, Start: start, End: date(2024, 2, 1)}}}, date(2024, 2, 1), 2176},
		{"last day", "a reduction is in force the day before its end", national, caseload.Practitioner{Grade: grades.PO, Reductions: []caseload.Reduction{{Reason: "COURT_DUTY", Hours: 18.5, Start: start, End: date(2024, 2, 1)}}}, date(2024, 1, 31), 1088},
		{"deleted", "a deleted reduction never counts", national, caseload.Practitioner{Grade: grades.PO, Reductions: []caseload.Reduction{{Reason: "COURT_DUTY", Hours: 10, Start: start, Status: caseload.Deleted}}}, asOf, 2176},
		{"disabled reason", "reductions of disabled reasons are not summed (WFP-951)", disabled, caseload.Practitioner{Grade: grades.PO, Reductions: red(10)}, asOf, 2176},
		{"unknown reason", "an unknown reason still counts: less capacity, not more", national, caseload.Practitioner{Grade: grades.PO, Reductions: []caseload.Reduction{{Reason: "??", Hours: 18.5, Start: start}}}, asOf, 1088},
		{"two reductions", "active reductions add up", national, caseload.Practitioner{Grade: grades.PO, Reductions: append(red(10), caseload.Reduction{Reason: "SPLIT_ROLE", Hours: 8.5, Start: start})}, asOf, 1088},
		{"over-reduced", "more reduction than hours gives 0, never negative", national, caseload.Practitioner{Grade: grades.PO, Hours: new(10.0), Reductions: red(20)}, asOf, 0},
		{"NaN hours", "bad data gives 0, never panics", national, caseload.Practitioner{Grade: grades.PO, Hours: new(math.NaN())}, asOf, 0},
		{"huge hours", "hours are clamped to a week", national, caseload.Practitioner{Grade: grades.PO, Hours: new(1e300)}, asOf, 9880},
		{"negative hours", "negative hours give 0", national, caseload.Practitioner{Grade: grades.PO, Hours: new(-5.0)}, asOf, 0},
		{"no hours recorded", "issue 16: absent hours mean the grade default", national, caseload.Practitioner{Grade: grades.PSO}, asOf, 2176},
		{"zero hours", "issue 16: an explicit 0 means no capacity, as in WMT", national, caseload.Practitioner{Grade: grades.PO, Hours: new(0.0)}, asOf, 0},
		{"zero hours, reduced", "a reduction takes nothing off 0 hours", national, caseload.Practitioner{Grade: grades.PO, Hours: new(0.0), Reductions: red(10)}, asOf, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Available(tt.p, tt.at); got != tt.want {
				t.Errorf("Available(%+v, %v) = %d, want %d (%s)", tt.p, tt.at.Format(time.DateOnly), got, tt.want, tt.reason)
			}
		})
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		name              string
		reason            string
		points, available int
		want              float64
		status            caseload.Status
	}{
		{"impact test", "500 + 59 of 1000", 559, 1000, 55.9, caseload.WithinCapacity},
		{"zero available", "no divide by zero", 500, 0, 0, caseload.NoCapacity},
		{"nothing at all", "no points, no capacity is not flagged", 0, 0, 0, caseload.WithinCapacity},
		{"negative available", "treated as none", 5, -3, 0, caseload.NoCapacity},
		{"half up", "1/8 = 0.125 rounds up to 12.5%", 1, 8, 12.5, caseload.WithinCapacity},
		{"third", "1/3 → 0.333 → 33.3%", 1, 3, 33.3, caseload.WithinCapacity},
		{"two thirds", "2/3 → 0.667 → 66.7%", 2, 3, 66.7, caseload.WithinCapacity},
		{"exactly 100", "100% is not over", 2176, 2176, 100, caseload.WithinCapacity},
		{"just over 100", "100.04% shows as 100.0: not over", 20004, 20000, 100, caseload.WithinCapacity},
		{"over 100", "100.1% is over 100", 2179, 2176, 100.1, caseload.Over100},
		{"exactly 110", "110.0% is over 100 but not over 110", 2200, 2000, 110, caseload.Over100},
		{"over 110", "110.1% is red", 2202, 2000, 110.1, caseload.Over110},
		{"negative points", "CMS can make points negative; rounding is symmetric", -559, 1000, -55.9, caseload.WithinCapacity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := caseload.Percent(tt.points, tt.available); got != tt.want {
				t.Errorf("Percent(%d, %d) = %v, want %v (%s)", tt.points, tt.available, got, tt.want, tt.reason)
			}
			if got := caseload.StatusOf(tt.points, tt.available); got != tt.status {
				t.Errorf("StatusOf(%d, %d) = %v, want %v (%s)", tt.points, tt.available, got, tt.status, tt.reason)
			}
		})
	}
}

func TestExcessive(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		weekly []float64
		run    int
		want   bool
	}{
		{"empty", "no series, no finding", nil, 0, false},
		{"three weeks", "three is not four", []float64{111, 112, 113}, 3, false},
		{"four weeks", "the policy's four consecutive weeks", []float64{111, 112, 113, 114}, 4, true},
		{"broken run", "a week at 110 resets the run", []float64{111, 112, 110, 114, 115, 116}, 3, false},
		{"old run", "an excessive spell that ended is not excessive now", []float64{111, 112, 113, 114, 90}, 0, false},
		{"exactly 110", "over means strictly above", []float64{110, 110, 110, 110}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := caseload.ExcessiveRun(tt.weekly); got != tt.run {
				t.Errorf("ExcessiveRun(%v) = %d, want %d (%s)", tt.weekly, got, tt.run, tt.reason)
			}
			if got := caseload.Excessive(tt.weekly); got != tt.want {
				t.Errorf("Excessive(%v) = %v, want %v (%s)", tt.weekly, got, tt.want, tt.reason)
			}
		})
	}
}

func TestReductionStatusAt(t *testing.T) {
	r := caseload.Reduction{Reason: "NQO", Hours: 7.4, Start: date(2024, 1, 1), End: date(2024, 10, 1)}
	deleted, archived := r, r
	deleted.Status = caseload.Deleted
	archived.Status = caseload.Archived
	open := r
	open.End = time.Time{}
	tests := []struct {
		name   string
		reason string
		r      caseload.Reduction
		at     time.Time
		want   caseload.ReductionStatus
	}{
		{"before", "starts in the future", r, date(2023, 12, 31), caseload.Scheduled},
		{"start day", "in force from its start", r, date(2024, 1, 1), caseload.Active},
		{"end day", "End is the first day no longer in force", r, date(2024, 10, 1), caseload.Archived},
		{"open-ended", "a zero End never expires", open, date(2099, 1, 1), caseload.Active},
		{"deleted", "a recorded Deleted stands", deleted, date(2024, 5, 1), caseload.Deleted},
		{"archived early", "a recorded Archived stands", archived, date(2024, 5, 1), caseload.Archived},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.StatusAt(tt.at); got != tt.want {
				t.Errorf("StatusAt(%v) = %v, want %v (%s)", tt.at.Format(time.DateOnly), got, tt.want, tt.reason)
			}
		})
	}
}

func TestNewReduction(t *testing.T) {
	c := caseload.NationalCapacity()
	start := date(2024, 3, 15)
	tests := []struct {
		name       string
		reason     string
		code       string
		contracted float64
		want       caseload.Reduction
	}{
		{"maternity", "100% for 6 months", "MATERNITY", 37, caseload.Reduction{Reason: "MATERNITY", Hours: 37, Start: start, End: date(2024, 9, 15)}},
		{"VQ3 part-time", "5% of 22.5 h = 1.125, rounded to 2 dp", "VQ3", 22.5, caseload.Reduction{Reason: "VQ3", Hours: 1.13, Start: start, End: date(2024, 9, 15)}},
		{"no allowance", "a null allowance pre-fills the full contracted hours, open-ended", "DISABILITY", 30, caseload.Reduction{Reason: "DISABILITY", Hours: 30, Start: start}},
		{"trade union", "no allowance; the 50% cap is checked by Validate", "TRADE_UNION", 37, caseload.Reduction{Reason: "TRADE_UNION", Hours: 37, Start: start}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.NewReduction(tt.code, tt.contracted, start)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NewReduction(%q) mismatch (-want +got) (%s):\n%s", tt.code, tt.reason, diff)
			}
		})
	}
	if _, err := c.NewReduction("NOPE", 37, start); !errors.Is(err, caseload.ErrUnknown) {
		t.Errorf("NewReduction(unknown) error = %v, want ErrUnknown", err)
	}
	rr, _ := c.Reason("TRADE_UNION")
	if got := rr.MaxHours(37); got != 18.5 {
		t.Errorf("TRADE_UNION MaxHours(37) = %v, want 18.5", got)
	}
}
