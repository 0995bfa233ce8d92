package bench

import (
	"fmt"
	"math"
)

// Band is a figure over the seeds of a SimLine: the mean of the seeds'
// values and the lowest and highest of them. N counts the seeds with a
// value; a Band with N = 0 has none.
type Band struct {
	Mean, Lo, Hi float64
	N            int
}

// bandOf returns the band of the values that are not NaN.
func bandOf(xs []float64) Band {
	b := Band{Lo: math.Inf(1), Hi: math.Inf(-1)}
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		b.N++
		b.Mean += x
		b.Lo, b.Hi = min(b.Lo, x), max(b.Hi, x)
	}
	if b.N == 0 {
		return Band{}
	}
	b.Mean /= float64(b.N)
	return b
}

// Format writes the band as "mean (lo–hi)" with the given decimals, just
// "mean" when lo = hi, and "–" when it has no value.
func (b Band) Format(decimals int) string {
	if b.N == 0 {
		return "–"
	}
	f := func(x float64) string { return fmt.Sprintf("%.*f", decimals, x) }
	if f(b.Lo) == f(b.Hi) {
		return f(b.Mean)
	}
	return fmt.Sprintf("%s (%s–%s)", f(b.Mean), f(b.Lo), f(b.Hi))
}

// SimMetric is one figure the simulation report shows: a value per week,
// for the charts, and a value per run, for the tables. Either may be
// missing (NaN): a week with no placement has no continuity rate.
type SimMetric struct {
	// Key names the metric in code and tests; Name heads its column and
	// chart panel; Unit labels the panel's axis.
	Key, Name, Unit string
	// Decimals is how many decimals the tables show.
	Decimals int
	// Week is the value of a week, or nil if the metric has no weekly
	// series; Run the value of a whole run.
	Week func(w *Week) float64
	Run  func(r *SimRun) float64
	// Log asks for a logarithmic axis.
	Log bool
}

// Series returns the metric's weekly series over the line's runs: for
// each week, the band over the seeds. Weeks past a run's end are missing
// from it.
func (m SimMetric) Series(l *SimLine) []Band {
	n := 0
	for _, r := range l.Runs {
		n = max(n, len(r.Weeks))
	}
	out := make([]Band, n)
	xs := make([]float64, 0, len(l.Runs))
	for k := range out {
		xs = xs[:0]
		for _, r := range l.Runs {
			if k < len(r.Weeks) {
				xs = append(xs, m.Week(&r.Weeks[k]))
			}
		}
		out[k] = bandOf(xs)
	}
	return out
}

// Summary returns the band of the metric's run values over the line's
// runs.
func (m SimMetric) Summary(l *SimLine) Band {
	xs := make([]float64, 0, len(l.Runs))
	for _, r := range l.Runs {
		xs = append(xs, m.Run(r))
	}
	return bandOf(xs)
}

// ratio returns a/b, NaN when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// meanOver returns the mean of f over the run's weeks (NaN for none).
func meanOver(r *SimRun, f func(w *Week) float64) float64 {
	var s float64
	n := 0
	for k := range r.Weeks {
		if x := f(&r.Weeks[k]); !math.IsNaN(x) {
			s += x
			n++
		}
	}
	return ratio(s, float64(n))
}

// sumOver returns the sum of f over the run's weeks.
func sumOver(r *SimRun, f func(w *Week) float64) float64 {
	var s float64
	for k := range r.Weeks {
		s += f(&r.Weeks[k])
	}
	return s
}

// last returns f of the run's last week (NaN for none).
func last(r *SimRun, f func(w *Week) float64) float64 {
	if len(r.Weeks) == 0 {
		return math.NaN()
	}
	return f(&r.Weeks[len(r.Weeks)-1])
}

// snapshotMetric is a metric read from the weekly snapshot: its run value
// is the mean over the weeks.
func snapshotMetric(key, name, unit string, decimals int, f func(w *Week) float64) SimMetric {
	return SimMetric{Key: key, Name: name, Unit: unit, Decimals: decimals, Week: f,
		Run: func(r *SimRun) float64 { return meanOver(r, f) }}
}

// WorkloadMetrics are the figures of the weekly workload snapshots. The
// run value of each of the first six is its mean over the weeks.
func WorkloadMetrics() []SimMetric {
	over110 := func(w *Week) float64 { return float64(w.Over110) }
	excessive := func(w *Week) float64 { return float64(w.Excessive) }
	return []SimMetric{
		snapshotMetric("max", "Highest %", "workload %", 1, func(w *Week) float64 { return w.Max }),
		snapshotMetric("p95", "95th pct %", "workload %", 1, func(w *Week) float64 { return w.P95 }),
		snapshotMetric("sd", "SD %", "SD of workload %", 1, func(w *Week) float64 { return w.SD }),
		snapshotMetric("over100", ">100%", "practitioners", 0, func(w *Week) float64 { return float64(w.Over100) }),
		snapshotMetric("over110", ">110%", "practitioners", 0, over110),
		snapshotMetric("excessive", "Excessive", "practitioners", 0, excessive),
		{Key: "over110-end", Name: ">110% at end", Decimals: 0, Run: func(r *SimRun) float64 { return last(r, over110) }},
		{Key: "excessive-end", Name: "Excessive at end", Decimals: 0, Run: func(r *SimRun) float64 { return last(r, excessive) }},
		{Key: "ever", Name: "Ever excessive", Decimals: 0, Run: func(r *SimRun) float64 { return float64(r.Ever) }},
	}
}

// CaseMetrics are the figures of what happened to cases, and the solve
// times. A weekly value is the week's; a run value is over the whole run
// (a total, or a rate over all its weeks), but for "absent", the mean
// over the snapshots, and "waiting", the last snapshot's.
func CaseMetrics() []SimMetric {
	sum := func(f func(w *Week) float64) func(r *SimRun) float64 {
		return func(r *SimRun) float64 { return sumOver(r, f) }
	}
	rate := func(num, den func(w *Week) float64, scale float64) (func(w *Week) float64, func(r *SimRun) float64) {
		return func(w *Week) float64 { return scale * ratio(num(w), den(w)) },
			func(r *SimRun) float64 { return scale * ratio(sumOver(r, num), sumOver(r, den)) }
	}
	keptW, keptR := rate(func(w *Week) float64 { return float64(w.Kept) }, func(w *Week) float64 { return float64(w.WithPrevious) }, 100)
	waitW, waitR := rate(func(w *Week) float64 { return float64(w.WaitDays) }, func(w *Week) float64 { return float64(w.PlacedArrivals) }, 1)
	batchW, batchR := rate(func(w *Week) float64 { return w.BatchSeconds }, func(w *Week) float64 { return float64(w.Batches) }, 1000)
	rebalW, rebalR := rate(func(w *Week) float64 { return w.RebalanceSeconds }, func(w *Week) float64 { return float64(w.Rebalances) }, 1)
	moved := func(w *Week) float64 { return float64(w.Moved) }
	realloc := func(w *Week) float64 { return float64(w.Reallocated) }
	waiting := func(w *Week) float64 { return float64(w.Waiting) }
	absent := func(w *Week) float64 { return float64(w.Absent) }
	return []SimMetric{
		{Key: "kept", Name: "Continuity kept %", Unit: "% of placements with a previous practitioner in post", Decimals: 1, Week: keptW, Run: keptR},
		{Key: "moved", Name: "Moved by rebalance", Unit: "held cases a week", Decimals: 0, Week: moved, Run: sum(moved)},
		{Key: "reallocated", Name: "Reallocated", Unit: "held cases a week", Decimals: 0, Week: realloc, Run: sum(realloc)},
		{Key: "absent", Name: "Held by absent", Unit: "cases held by practitioners away in full", Decimals: 0, Week: absent, Run: func(r *SimRun) float64 { return meanOver(r, absent) }},
		{Key: "wait", Name: "Days to allocation", Unit: "days from arrival (mean)", Decimals: 2, Week: waitW, Run: waitR},
		{Key: "waiting", Name: "Waiting at end", Unit: "cases waiting at the snapshot", Decimals: 0, Week: waiting, Run: func(r *SimRun) float64 { return last(r, waiting) }},
		{Key: "batch", Name: "Batch ms/day", Unit: "ms per daily batch (mean)", Decimals: 1, Week: batchW, Run: batchR, Log: true},
		{Key: "batch-max", Name: "Batch ms max", Decimals: 1, Run: func(r *SimRun) float64 {
			m := 0.0
			for _, w := range r.Weeks {
				m = max(m, w.BatchMax)
			}
			return 1000 * m
		}},
		{Key: "rebalance", Name: "Rebalance s", Unit: "seconds per rebalance", Decimals: 2, Week: rebalW, Run: rebalR},
	}
}
