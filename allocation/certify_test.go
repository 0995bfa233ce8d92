package allocation_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/internal/synth"
)

// TestExhaustiveCertificate: for every strategy, the certificate's bound
// lies between the flow's bound and the exhaustive optimum (for MinMax,
// its objective), and its fields agree with each other and with the
// Result.
func TestExhaustiveCertificate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := smallProblem(t, 8, 4, false)
		s := tinySettings(t)
		s.Strategy = rapid.SampledFrom(allocation.Strategies()).Draw(t, "strategy")
		minMax := s.Strategy == allocation.FlowSearch && rapid.Bool().Draw(t, "minmax")
		if minMax {
			s.Objective = allocation.MinMax
		}
		res := solveOrFatal(t, p, s)
		rounds := rapid.IntRange(0, 60).Draw(t, "rounds")
		c, err := res.Certify(context.Background(), rounds)
		if err != nil {
			t.Fatalf("Certify: %v", err)
		}
		// MinMax's certificate bounds the allocations under its final
		// ceilings, which the reference does not know: only its own
		// objective is sure to be one of them.
		want := c.Objective
		if !minMax {
			want = newReference(p, s).best()
		}
		if c.Bound > want || want > c.Objective {
			t.Fatalf("want bound %d ≤ exhaustive optimum %d ≤ objective %d", c.Bound, want, c.Objective)
		}
		if c.Bound < c.FlowBound {
			t.Fatalf("bound %d below the flow's %d", c.Bound, c.FlowBound)
		}
		if res.Stats.HasBound && c.FlowBound != res.Stats.Bound {
			t.Fatalf("flow bound %d, the Result's %d", c.FlowBound, res.Stats.Bound)
		}
		if c.Objective != res.Stats.Objective {
			t.Fatalf("objective %d, the Result's %d", c.Objective, res.Stats.Objective)
		}
		if (c.Status == allocation.StatusOptimal) != (c.Bound == c.Objective) || c.Status == allocation.StatusStopped {
			t.Fatalf("status %v with bound %d and objective %d", c.Status, c.Bound, c.Objective)
		}
		if rounds == 0 {
			rounds = allocation.DefaultRounds
		}
		if c.Rounds > rounds*c.Parts || c.Proved > c.Parts {
			t.Fatalf("%d rounds and %d proved over %d parts of at most %d rounds", c.Rounds, c.Proved, c.Parts, rounds)
		}
		var gap float64
		if c.Bound > 0 {
			gap = 100 * float64(c.Objective-c.Bound) / float64(c.Bound)
		}
		if c.GapPercent != gap {
			t.Fatalf("gap %v%%, want %v%%", c.GapPercent, gap)
		}
	})
}

// synthResult solves synth's instance of the named size (seed 1) at team
// scope.
func synthResult(tb testing.TB, size string) *allocation.Result {
	tb.Helper()
	sz, ok := synth.SizeNamed(size)
	if !ok {
		tb.Fatalf("no synth size %s", size)
	}
	res, err := allocation.Solve(context.Background(), synth.Generate(sz, 1).Problem(), teamScope)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// rebalanceTeams solves the first teams of synth's rebalance (seed 1),
// all their practitioners and cases, at team scope: the shape whose
// FlowSearch gap is mostly whole cases against band breakpoints.
func rebalanceTeams(tb testing.TB, teams int) *allocation.Result {
	tb.Helper()
	sz, _ := synth.SizeNamed("rebalance")
	full := synth.Generate(sz, 1).Rebalance()
	keep := map[string]bool{}
	p := &allocation.Problem{}
	for _, x := range full.Practitioners {
		if len(keep) < teams {
			keep[x.Team] = true
		}
		if keep[x.Team] {
			p.Practitioners = append(p.Practitioners, x)
		}
	}
	for _, c := range full.Cases {
		if keep[c.Team] {
			p.Cases = append(p.Cases, c)
		}
	}
	res, err := allocation.Solve(context.Background(), p, teamScope)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// TestCertifyRaisesBound: on teams of the rebalance shape the certificate
// proves more than the flow, more with more rounds, the same whatever
// GOMAXPROCS, and the same twice, and it leaves the Result as it was.
func TestCertifyRaisesBound(t *testing.T) {
	res := rebalanceTeams(t, 6)
	before := *res
	before.Assignments = slices.Clone(res.Assignments)
	before.Workloads = slices.Clone(res.Workloads)
	before.Unassigned = slices.Clone(res.Unassigned)
	defer func() {
		if diff := cmp.Diff(&before, res, resultOpts); diff != "" {
			t.Errorf("Certify changed the Result (-before +after):\n%s", diff)
		}
	}()
	c, err := res.Certify(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	if c.Bound <= c.FlowBound || c.Bound > c.Objective {
		t.Fatalf("want flow bound %d < bound %d ≤ objective %d", c.FlowBound, c.Bound, c.Objective)
	}
	if c.Status != allocation.StatusFeasible && c.Status != allocation.StatusOptimal {
		t.Fatalf("status %v", c.Status)
	}
	t.Logf("rebalance teams: objective %d, flow bound %d (gap %.4f%%), certified %d (gap %.4f%%), %d rounds, %d of %d parts proved",
		c.Objective, c.FlowBound, res.Stats.GapPercent, c.Bound, c.GapPercent, c.Rounds, c.Proved, c.Parts)
	prev := runtime.GOMAXPROCS(1)
	one, err := res.Certify(context.Background(), 100)
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, one); diff != "" {
		t.Errorf("GOMAXPROCS 1 gives another certificate (-all cores +one):\n%s", diff)
	}
	again, _ := res.Certify(context.Background(), 100)
	if diff := cmp.Diff(c, again); diff != "" {
		t.Errorf("a second call gives another certificate (-first +second):\n%s", diff)
	}
	fewer, _ := res.Certify(context.Background(), 20)
	if fewer.Bound > c.Bound || fewer.Bound < c.FlowBound {
		t.Errorf("20 rounds prove %d, 100 rounds %d, the flow %d: want flow ≤ 20 ≤ 100", fewer.Bound, c.Bound, c.FlowBound)
	}
}

// TestCertifyStopped: a context ended before the call gives the
// Result's own bound at once, with status stopped; one that ends during
// it (0, 1 and 20 ms in, of a pdu Certify that takes 0.2–0.3 s) gives a
// bound between the flow's and the objective, soon.
func TestCertifyStopped(t *testing.T) {
	res := synthResult(t, "pdu")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, err := res.Certify(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := allocation.Certificate{Status: allocation.StatusStopped, Bound: res.Stats.Bound, FlowBound: res.Stats.Bound,
		Objective: res.Stats.Objective, GapPercent: res.Stats.GapPercent, Parts: c.Parts}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("cancelled before the call (-want +got):\n%s", diff)
	}
	var lags []time.Duration
	for _, after := range []time.Duration{0, time.Millisecond, 20 * time.Millisecond} {
		c, lag, landed := certifyCancel(t, res, after)
		if !landed {
			continue // Certify ended first: nothing to time
		}
		if c.Status != allocation.StatusStopped || c.Bound < res.Stats.Bound || c.Bound > c.Objective {
			t.Fatalf("stopped after %v: status %v, bound %d, flow bound %d, objective %d", after, c.Status, c.Bound, res.Stats.Bound, c.Objective)
		}
		lags = append(lags, lag)
	}
	if len(lags) < 2 {
		t.Fatalf("only %d of 3 cancels landed before Certify returned", len(lags))
	}
	slices.Sort(lags)
	if lags[len(lags)/2] > 50*time.Millisecond || lags[len(lags)-1] > time.Second {
		t.Errorf("cancel to return: %v, want a median within 50ms", lags)
	}
}

// certifyCancel runs res.Certify at its default rounds with a cancel
// after the given delay, and returns the certificate, the time from the
// cancel to Certify's return, and whether the cancel came before Certify
// returned.
func certifyCancel(tb testing.TB, res *allocation.Result, after time.Duration) (allocation.Certificate, time.Duration, bool) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var at atomic.Int64 // UnixNano of the cancel
	timer := time.AfterFunc(after, func() { at.Store(time.Now().UnixNano()); cancel() })
	c, err := res.Certify(ctx, 0)
	end := time.Now()
	timer.Stop()
	if err != nil {
		tb.Fatal(err)
	}
	a := at.Load()
	if a == 0 || a > end.UnixNano() {
		return c, 0, false
	}
	return c, end.Sub(time.Unix(0, a)), true
}

// TestCertifyErrors: a Result no run made, and rounds out of range.
func TestCertifyErrors(t *testing.T) {
	res, err := allocation.Solve(context.Background(), team(), nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		r      *allocation.Result
		rounds int
		want   error  // errors.Is, or nil for a ValidationError
		field  string // the ValidationError's field
	}{
		{"nil result", nil, 0, allocation.ErrNoRun, ""},
		{"zero result", &allocation.Result{}, 0, allocation.ErrNoRun, ""},
		{"negative rounds", res, -1, nil, "rounds"},
		{"too many rounds", res, 100_001, nil, "rounds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.r.Certify(context.Background(), tt.rounds)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("error %v, want %v", err, tt.want)
				}
				return
			}
			var ve *probation.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != tt.field {
				t.Fatalf("error %v, want a ValidationError on %s", err, tt.field)
			}
		})
	}
}

// BenchmarkCertify certifies FlowSearch's allocation of each shape (team
// scope, seed 1, solved once, untimed) at 100 and 300 rounds, and reports
// its gap to the flow's bound (gap%), to the certificate's (cert-gap%),
// and how far the certificate raised the bound (raise%).
func BenchmarkCertify(b *testing.B) {
	for _, name := range []string{"pdu", "region", "daily", "rebalance", "uneven-rebalance"} {
		for _, rounds := range []int{100, 300} {
			b.Run(fmt.Sprintf("%s/rounds-%d", name, rounds), func(b *testing.B) {
				res, err := allocation.Solve(context.Background(), fixture(name), teamScope)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				var c allocation.Certificate
				for b.Loop() {
					if c, err = res.Certify(context.Background(), rounds); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(res.Stats.GapPercent, "gap%")
				b.ReportMetric(c.GapPercent, "cert-gap%")
				b.ReportMetric(100*float64(c.Bound-c.FlowBound)/float64(c.FlowBound), "raise%")
			})
		}
	}
}

// BenchmarkCertifyCancel measures the time from cancelling the context to
// Certify's return, cancels falling at offsets spread over a default
// Certify of FlowSearch's result (solved once, untimed): pdu and
// rebalance at team scope, national (PROBATION_BENCH_NATIONAL) and a
// million new cases (PROBATION_BENCH_MILLION) at the default scope. It
// reports the median and the largest as cancel-ms and max-cancel-ms.
func BenchmarkCertifyCancel(b *testing.B) {
	runs := []struct {
		size    string
		scope   *allocation.Settings
		offsets []time.Duration
	}{
		{"pdu", teamScope, []time.Duration{0, time.Millisecond, 10 * time.Millisecond, 100 * time.Millisecond}},
		{"rebalance", teamScope, []time.Duration{time.Millisecond, 30 * time.Millisecond, 300 * time.Millisecond, 3 * time.Second}},
		{"national", nil, []time.Duration{100 * time.Millisecond, time.Second, 10 * time.Second, 30 * time.Second}},
		{"million", nil, []time.Duration{time.Second, 10 * time.Second, 60 * time.Second, 150 * time.Second}},
	}
	for _, run := range runs {
		b.Run(run.size, func(b *testing.B) {
			res, err := allocation.Solve(context.Background(), largeFixture(b, run.size), run.scope)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var lags []time.Duration
			for b.Loop() {
				for _, after := range run.offsets {
					c, lag, landed := certifyCancel(b, res, after)
					if !landed {
						continue
					}
					if c.Status != allocation.StatusStopped {
						b.Fatalf("cancelled after %v: status %v", after, c.Status)
					}
					lags = append(lags, lag)
				}
			}
			slices.Sort(lags)
			if len(lags) == 0 {
				b.Fatal("every Certify ended before its cancel")
			}
			b.Logf("%s: cancel to return %v", run.size, lags)
			b.ReportMetric(float64(lags[len(lags)/2].Microseconds())/1000, "cancel-ms")
			b.ReportMetric(float64(lags[len(lags)-1].Microseconds())/1000, "max-cancel-ms")
		})
	}
}
