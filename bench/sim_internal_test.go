package bench

import (
	"math"
	"testing"
	"time"
)

func TestEveryDue(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		reason string
		every  Every
		date   time.Time
		want   bool
	}{
		{"weekly on a Friday", "weekly rebalances every Friday", Weekly, day(time.November, 27), true},
		{"weekly on a Thursday", "only Fridays", Weekly, day(time.November, 26), false},
		{"monthly on the first Friday", "4 December 2026 is December's first Friday", Monthly, day(time.December, 4), true},
		{"monthly on a later Friday", "27 November is November's last Friday", Monthly, day(time.November, 27), false},
		{"monthly on the 7th", "a Friday on the 7th is the month's first", Monthly, day(time.August, 7), true},
		{"never", "no rebalance, even on a first Friday", Never, day(time.December, 4), false},
	}
	for _, tc := range tests {
		if got := tc.every.due(tc.date); got != tc.want {
			t.Errorf("%s: %v.due(%s %v) = %v, want %v (%s)", tc.name, tc.every, tc.date.Weekday(), tc.date.Format(time.DateOnly), got, tc.want, tc.reason)
		}
	}
}

func TestSpread(t *testing.T) {
	tests := []struct {
		name         string
		reason       string
		xs           []float64
		top, p95, sd float64
	}{
		{"none", "all zero for no practitioner", nil, 0, 0, 0},
		{"one", "the value itself, no spread", []float64{104}, 104, 104, 0},
		{"twenty", "nearest rank: the 19th of 20", []float64{20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 20, 19, math.Sqrt(399.0 / 12)},
		{"twenty-one", "⌈0.95·21⌉ = 20th", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21}, 21, 20, math.Sqrt(440.0 / 12)},
		{"population SD", "SD of 100 and 120 is 10, not 14.1", []float64{120, 100}, 120, 120, 10},
	}
	for _, tc := range tests {
		top, p95, sd := spread(tc.xs)
		if top != tc.top || p95 != tc.p95 || math.Abs(sd-tc.sd) > 1e-9 {
			t.Errorf("%s: spread = %v, %v, %v; want %v, %v, %v (%s)", tc.name, top, p95, sd, tc.top, tc.p95, tc.sd, tc.reason)
		}
	}
}
