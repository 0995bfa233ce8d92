package bench_test

import (
	"context"
	"io"
	"sync"
	"testing"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/bench"
	"github.com/probationkit/probation/internal/synth"
)

var (
	fixtures    sync.Map // size name → *allocation.Problem
	resultSink  *allocation.Result
	metricsSink bench.Metrics
)

// fixture returns the problem of the named synth size, seed 1, built once.
func fixture(b *testing.B, name string) *allocation.Problem {
	if p, ok := fixtures.Load(name); ok {
		return p.(*allocation.Problem)
	}
	size, ok := synth.SizeNamed(name)
	if !ok {
		b.Fatalf("no size %q", name)
	}
	in := synth.Generate(size, 1)
	p := in.Problem()
	if size.New == 0 {
		p = in.Rebalance()
	}
	fixtures.Store(name, p)
	return p
}

// BenchmarkSolve times every strategy on the pdu and daily instances with
// the harness's settings (scope team).
func BenchmarkSolve(b *testing.B) {
	for _, name := range []string{"pdu", "daily"} {
		for _, st := range allocation.Strategies() {
			b.Run(name+"/"+st.String(), func(b *testing.B) {
				p := fixture(b, name)
				s := &allocation.Settings{Strategy: st, Scope: allocation.SameTeam}
				b.ReportAllocs()
				for b.Loop() {
					r, err := allocation.Solve(context.Background(), p, s)
					if err != nil {
						b.Fatal(err)
					}
					resultSink = r
				}
			})
		}
	}
}

// BenchmarkEvaluate times the independent evaluator on the pdu instance.
func BenchmarkEvaluate(b *testing.B) {
	p := fixture(b, "pdu")
	s := &allocation.Settings{Scope: allocation.SameTeam}
	r, err := allocation.Solve(context.Background(), p, s)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m, err := bench.Evaluate(p, s, r)
		if err != nil {
			b.Fatal(err)
		}
		metricsSink = m
	}
}

// BenchmarkExport times building the relaxation and writing it as DIMACS
// and as the three LP files, for the pdu instance.
func BenchmarkExport(b *testing.B) {
	p := fixture(b, "pdu")
	s := &allocation.Settings{Scope: allocation.SameTeam}
	b.ReportAllocs()
	for b.Loop() {
		nw, err := bench.Relaxation(p, s)
		if err != nil {
			b.Fatal(err)
		}
		if err := bench.WriteDIMACS(io.Discard, nw, "bench"); err != nil {
			b.Fatal(err)
		}
		for _, k := range []bench.LPKind{bench.LPRelax, bench.LPGAP, bench.LPMinMax} {
			if err := bench.WriteLP(io.Discard, p, nw, k, "bench"); err != nil {
				b.Fatal(err)
			}
		}
	}
}
