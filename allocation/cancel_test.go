package allocation_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/internal/synth"
)

// cancelSample is one cancel: the phase the run was in when ctx was
// cancelled and the time from the cancel to Solve's return.
type cancelSample struct {
	phase   allocation.Phase
	latency time.Duration
}

// cancelLatencies solves p once per (phase, delay): ctx is cancelled delay
// after the run reports that phase, from another goroutine, and the time
// from the cancel to Solve's return is sampled (cancelRun).
func cancelLatencies(tb testing.TB, p *allocation.Problem, s allocation.Settings, phases []allocation.Phase, delays []time.Duration) []cancelSample {
	tb.Helper()
	var out []cancelSample
	for _, target := range phases {
		for _, delay := range delays {
			var started atomic.Bool
			if c, ok := cancelRun(tb, p, s, fmt.Sprintf("in %v after %v", target, delay), func(pr allocation.Progress, fire func()) {
				if pr.Phase == target && started.CompareAndSwap(false, true) {
					time.AfterFunc(delay, fire)
				}
			}); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

// cancelSpread times one whole run of p, then solves p again once per
// point, cancelled at that point of the run: fifteen spread evenly over
// it and four in its last twentieth, where MinMax's final run searches.
// MinMax's bisection enters the same phases again and again, which
// cancelLatencies, cancelling at a phase's first start, does not reach.
func cancelSpread(tb testing.TB, p *allocation.Problem, s allocation.Settings) []cancelSample {
	tb.Helper()
	t0 := time.Now()
	if _, err := allocation.Solve(context.Background(), p, &s); err != nil {
		tb.Fatal(err)
	}
	whole := time.Since(t0)
	var fractions []float64
	for q := 1; q <= 15; q++ {
		fractions = append(fractions, float64(q)/16)
	}
	fractions = append(fractions, 0.95, 0.965, 0.98, 0.995)
	var out []cancelSample
	for _, f := range fractions {
		at := time.Duration(f * float64(whole))
		var started atomic.Bool
		if c, ok := cancelRun(tb, p, s, fmt.Sprintf("%v into a run of %v", at, whole), func(_ allocation.Progress, fire func()) {
			if started.CompareAndSwap(false, true) {
				time.AfterFunc(at, fire)
			}
		}); ok {
			out = append(out, c)
		}
	}
	return out
}

// cancelRun solves p under s with arm called on each Progress report,
// given fire, which cancels the run from the goroutine that calls it. It
// checks that the run returns a whole Result or ErrStopped, and returns
// the sample (the phase at the cancel and the time from the cancel to
// Solve's return), or false when the run ended before the cancel. what
// names the cancel in failures.
func cancelRun(tb testing.TB, p *allocation.Problem, s allocation.Settings, what string, arm func(pr allocation.Progress, fire func())) (cancelSample, bool) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var at atomic.Int64 // UnixNano of the cancel
	var phase atomic.Int32
	var cancelled atomic.Int32 // phase when cancelled, +1
	fire := func() {
		cancelled.Store(phase.Load() + 1)
		at.Store(time.Now().UnixNano())
		cancel()
	}
	s.Progress = func(pr allocation.Progress) {
		phase.Store(int32(pr.Phase))
		arm(pr, fire)
	}
	r, err := allocation.Solve(ctx, p, &s)
	end := time.Now()
	if r == nil && !errors.Is(err, allocation.ErrStopped) {
		tb.Fatalf("cancel %s: no Result and error %v", what, err)
	}
	if r != nil && err != nil {
		tb.Fatalf("cancel %s: error %v", what, err)
	}
	if r != nil && len(r.Assignments)+len(r.Unassigned) != len(p.Cases) {
		tb.Fatalf("cancel %s: %d cases in the result, want %d", what, len(r.Assignments)+len(r.Unassigned), len(p.Cases))
	}
	if c := at.Load(); c != 0 && cancelled.Load() > 0 && c <= end.UnixNano() {
		return cancelSample{allocation.Phase(cancelled.Load() - 1), end.Sub(time.Unix(0, c))}, true
	}
	return cancelSample{}, false
}

// summary returns the count, median, 90th percentile and maximum of the
// latencies, overall and per phase, as text.
func summary(samples []cancelSample) (median, p90, worst time.Duration, text string) {
	q := func(ls []time.Duration) (time.Duration, time.Duration, time.Duration) {
		slices.Sort(ls)
		if len(ls) == 0 {
			return 0, 0, 0
		}
		return ls[len(ls)/2], ls[len(ls)*9/10], ls[len(ls)-1]
	}
	var b strings.Builder
	byPhase := map[allocation.Phase][]time.Duration{}
	var all []time.Duration
	for _, s := range samples {
		byPhase[s.phase] = append(byPhase[s.phase], s.latency)
		all = append(all, s.latency)
	}
	for ph := allocation.PhaseModel; ph <= allocation.PhaseDone; ph++ {
		if ls := byPhase[ph]; len(ls) > 0 {
			m, p, w := q(ls)
			fmt.Fprintf(&b, "%s: n=%d median %v p90 %v max %v; ", ph, len(ls), m.Round(10*time.Microsecond), p.Round(10*time.Microsecond), w.Round(10*time.Microsecond))
		}
	}
	median, p90, worst = q(all)
	fmt.Fprintf(&b, "all: n=%d median %v p90 %v max %v", len(all), median.Round(10*time.Microsecond), p90.Round(10*time.Microsecond), worst.Round(10*time.Microsecond))
	return median, p90, worst, b.String()
}

var cancelPhases = []allocation.Phase{allocation.PhaseModel, allocation.PhaseBaseline, allocation.PhaseFlow, allocation.PhaseRound, allocation.PhaseSearch}

// TestCancelLatency cancels runs in every phase, at several delays after
// each phase starts, for MinCost on a region (a pdu with -short) and
// MinMax on a pdu (and, for MinMax, at points spread over a whole run:
// cancelSpread), and measures the time from the cancel to Solve's
// return. Solve is designed to return within 50 ms of a cancel at any
// size; on a shared machine a goroutine can wait for a core much longer
// than that, so the test asserts the median (50 ms) and a generous
// maximum (1 s) and logs the distribution per phase.
func TestCancelLatency(t *testing.T) {
	var samples []cancelSample
	runs := []struct {
		size string
		obj  allocation.Objective
	}{{"region", allocation.MinCost}, {"pdu", allocation.MinMax}}
	if testing.Short() {
		runs[0].size = "pdu"
	}
	for _, run := range runs {
		size, ok := synth.SizeNamed(run.size)
		if !ok {
			t.Fatalf("no synth size %s", run.size)
		}
		p := synth.Generate(size, 1).Problem()
		delays := []time.Duration{0, 500 * time.Microsecond, 3 * time.Millisecond, 15 * time.Millisecond}
		s := allocation.Settings{Scope: allocation.SameTeam, Objective: run.obj}
		got := cancelLatencies(t, p, s, cancelPhases, delays)
		if run.obj == allocation.MinMax {
			got = append(got, cancelSpread(t, p, s)...)
		}
		_, _, _, text := summary(got)
		t.Logf("%s %v, cancel to return: %s", run.size, run.obj, text)
		samples = append(samples, got...)
	}
	median, _, worst, _ := summary(samples)
	if len(samples) < 20 {
		t.Fatalf("only %d cancels landed before Solve returned", len(samples))
	}
	if median > 50*time.Millisecond || worst > time.Second {
		t.Errorf("cancel to return: median %v (want ≤ 50ms), max %v (want ≤ 1s)", median, worst)
	}
}

// TestMinMaxStoppedSearch: MinMax's final run starts from the
// bisection's best allocation and its search only improves on it, which
// is why a stop there returns the final run's allocation without
// pricing the two (minMax). So a run stopped in the final run's flow
// (which returns the bisection's best) and one stopped as the final
// search starts return the same allocation, and that, one stopped later
// in the search and the run left to finish are each no worse than the
// one before.
func TestMinMaxStoppedSearch(t *testing.T) {
	size, _ := synth.SizeNamed("pdu")
	p := synth.Generate(size, 2).Problem()
	// solve runs MinMax, calling at(phase, n) as the run enters a phase
	// for the n-th time (from 1).
	solve := func(ctx context.Context, at func(allocation.Phase, int)) *allocation.Result {
		t.Helper()
		last, seen := allocation.Phase(255), map[allocation.Phase]int{}
		s := allocation.Settings{Scope: allocation.SameTeam, Objective: allocation.MinMax, Progress: func(pr allocation.Progress) {
			if pr.Phase != last {
				last = pr.Phase
				seen[pr.Phase]++
				at(pr.Phase, seen[pr.Phase])
			}
		}}
		r, err := allocation.Solve(ctx, p, &s)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	flows := 0
	whole := solve(context.Background(), func(ph allocation.Phase, n int) {
		if ph == allocation.PhaseFlow {
			flows = n
		}
	})
	stopAt := func(phase allocation.Phase, n int, after time.Duration) *allocation.Result {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		return solve(ctx, func(ph allocation.Phase, k int) {
			if ph == phase && k == n {
				if after == 0 {
					cancel()
				} else {
					time.AfterFunc(after, cancel)
				}
			}
		})
	}
	inFlow := stopAt(allocation.PhaseFlow, flows, 0)
	start := stopAt(allocation.PhaseSearch, 1, 0)
	later := stopAt(allocation.PhaseSearch, 1, 20*time.Millisecond)
	for _, r := range []*allocation.Result{inFlow, start} {
		if r.Status != allocation.StatusStopped {
			t.Errorf("stopped in the final run: status %v, want stopped", r.Status)
		}
	}
	if diff := gocmp.Diff(inFlow.Assignments, start.Assignments); diff != "" {
		t.Errorf("the final search starts elsewhere than the bisection's best (-best +start):\n%s", diff)
	}
	objs := []int64{inFlow.Stats.Objective, start.Stats.Objective, later.Stats.Objective, whole.Stats.Objective}
	if !slices.IsSortedFunc(objs, func(a, b int64) int { return cmp.Compare(b, a) }) {
		t.Errorf("objectives stopped in the final flow, at the final search's start, 20 ms into it, and finished: %v; want each no worse than the one before", objs)
	}
}
