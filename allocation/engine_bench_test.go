package allocation_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/internal/synth"
)

// engineSizes are the engine benchmarks' instances: region is the
// issue's region-size engine (30,000 cases held, 1,000 practitioners,
// 300 waiting: synth size "daily"); national (240,000 × 10,000) runs
// only with PROBATION_BENCH_NATIONAL set.
var engineSizes = []struct {
	name     string
	size     string
	national bool
}{{"region", "daily", false}, {"national", "national", true}}

var engineFixtures sync.Map // name → *synth.Instance

func engineInstance(b *testing.B, size string) *synth.Instance {
	if in, ok := engineFixtures.Load(size); ok {
		return in.(*synth.Instance)
	}
	s, ok := synth.SizeNamed(size)
	if !ok {
		b.Fatalf("no synth size %q", size)
	}
	if s.New == s.Cases { // national: hold all but 300 cases
		s.New = 300
	}
	in := synth.Generate(s, 1)
	engineFixtures.Store(size, in)
	return in
}

func benchEngine(b *testing.B, in *synth.Instance) (*allocation.Engine, *caseload.Caseload) {
	cl, err := in.Caseload()
	if err != nil {
		b.Fatal(err)
	}
	e, err := allocation.NewEngine(cl, allocation.EngineConfig{})
	if err != nil {
		b.Fatal(err)
	}
	return e, cl
}

func skipNational(b *testing.B, national bool) {
	if national && (testing.Short() || os.Getenv("PROBATION_BENCH_NATIONAL") == "") {
		b.Skip("set PROBATION_BENCH_NATIONAL=1 to run the national engine benchmarks")
	}
}

// quantile returns the q-quantile of ds (sorted in place).
func quantile(ds []time.Duration, q float64) time.Duration {
	slices.Sort(ds)
	return ds[min(len(ds)-1, int(q*float64(len(ds))))]
}

// BenchmarkEngineRecommend times Recommend(case, 5) over random cases,
// held and waiting, and reports the p50 and p99 of single calls.
func BenchmarkEngineRecommend(b *testing.B) {
	for _, sz := range engineSizes {
		b.Run(sz.name, func(b *testing.B) {
			skipNational(b, sz.national)
			e, _ := benchEngine(b, engineInstance(b, sz.size))
			ids := make([]string, 0, 4096)
			for _, pl := range e.Allocation() {
				ids = append(ids, pl.CaseID)
			}
			rng := rand.New(rand.NewPCG(1, 1))
			var ds []time.Duration
			b.ReportAllocs()
			for b.Loop() {
				id := ids[rng.IntN(len(ids))]
				t0 := time.Now()
				if _, err := e.Recommend(id, 5); err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(t0))
			}
			b.ReportMetric(float64(quantile(ds, 0.5).Microseconds()), "p50-µs")
			b.ReportMetric(float64(quantile(ds, 0.99).Microseconds()), "p99-µs")
		})
	}
}

// BenchmarkEngineEvent times Apply for the common events, one kind at a
// time: a case arriving, a case moving to another practitioner, a case's
// record changing and a reduction being added.
func BenchmarkEngineEvent(b *testing.B) {
	for _, sz := range engineSizes {
		b.Run(sz.name, func(b *testing.B) {
			skipNational(b, sz.national)
			in := engineInstance(b, sz.size)
			e, _ := benchEngine(b, in)
			held := in.Cases[0]
			ps := in.Practitioners
			n := 0 // across -count repetitions, which share the engine: every ID new
			b.Run("arrives", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					c := held
					c.ID, c.Practitioner = fmt.Sprintf("N%08d", n), ""
					n++
					if _, err := e.Apply(allocation.CaseArrives(day, c)); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("transfers", func(b *testing.B) {
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					n++
					if _, err := e.Apply(allocation.CaseTransfers(day, held.ID, ps[n%len(ps)].ID)); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("changes", func(b *testing.B) {
				b.ReportAllocs()
				c := held
				for b.Loop() {
					c.Risk.RoSH = 3 - c.Risk.RoSH
					if _, err := e.Apply(allocation.CaseChanges(day, c)); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("reduction", func(b *testing.B) {
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					n++
					p := ps[n%len(ps)].ID
					if _, err := e.Apply(allocation.ReductionAdded(day, p, caseload.Reduction{Reason: caseload.ReasonPQiP3, Hours: 0.1, Start: day.AddDate(0, 0, 1)})); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkEngineBatch times a batch of 300 new cases placed warm: each
// iteration first (untimed) closes the cases the batch before placed and
// adds 300 arrivals like the instance's waiting cases, so that loads stay
// those of the instance, then runs Batch, which starts from the prices of
// the batch before. It reports the worst gap to the bound and the most
// flows a batch solved.
func BenchmarkEngineBatch(b *testing.B) {
	for _, sz := range engineSizes {
		b.Run(sz.name, func(b *testing.B) {
			skipNational(b, sz.national)
			in := engineInstance(b, sz.size)
			e, _ := benchEngine(b, in)
			var waiting []caseload.Case
			for _, c := range in.Cases {
				if c.Practitioner == "" {
					waiting = append(waiting, c)
				}
			}
			b.ReportAllocs()
			n := 0
			res, err := e.Batch(context.Background(), allocation.BatchOptions{At: day}) // cold: sets the prices
			if err != nil {
				b.Fatal(err)
			}
			var gap float64
			var flows, warm int
			for b.Loop() {
				b.StopTimer()
				if res != nil {
					for _, d := range res.Decisions {
						if _, err := e.Apply(allocation.CaseCloses(day, d.CaseID)); err != nil {
							b.Fatal(err)
						}
					}
				}
				for _, c := range waiting {
					c.ID = fmt.Sprintf("B%08d", n)
					n++
					if _, err := e.Apply(allocation.CaseArrives(day, c)); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				if res, err = e.Batch(context.Background(), allocation.BatchOptions{At: day}); err != nil {
					b.Fatal(err)
				}
				gap = max(gap, res.Result.Stats.GapPercent)
				flows = max(flows, res.Flows)
				if res.Warm {
					warm++
				}
			}
			b.ReportMetric(gap, "gap%")
			b.ReportMetric(float64(flows), "flows")
			b.ReportMetric(float64(len(res.Decisions)), "placed")
		})
	}
}

// BenchmarkEngineBatchCold is BenchmarkEngineBatch's problem solved cold:
// Solve of the waiting cases against the same loads (DailyProblem of the
// engine's caseload), for the ratio of the warm batch to it in one run.
func BenchmarkEngineBatchCold(b *testing.B) {
	for _, sz := range engineSizes {
		b.Run(sz.name, func(b *testing.B) {
			skipNational(b, sz.national)
			e, _ := benchEngine(b, engineInstance(b, sz.size))
			p := allocation.DailyProblem(e.Caseload())
			b.ReportAllocs()
			var r *allocation.Result
			for b.Loop() {
				var err error
				if r, err = allocation.Solve(context.Background(), p, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(r.Stats.GapPercent, "gap%")
		})
	}
}

// BenchmarkEngineMemory reports the heap an engine adds over the
// caseload it was built from, as a ratio of the caseload's own heap
// (the target is ≤ 2).
func BenchmarkEngineMemory(b *testing.B) {
	for _, sz := range engineSizes {
		b.Run(sz.name, func(b *testing.B) {
			skipNational(b, sz.national)
			in := engineInstance(b, sz.size)
			heap := func() uint64 {
				runtime.GC()
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				return ms.HeapAlloc
			}
			var ratio float64
			for b.Loop() {
				h0 := heap()
				cl, err := in.Caseload()
				if err != nil {
					b.Fatal(err)
				}
				h1 := heap()
				e, err := allocation.NewEngine(cl, allocation.EngineConfig{})
				if err != nil {
					b.Fatal(err)
				}
				cl = nil
				h2 := heap()
				ratio = float64(h2-h0) / float64(h1-h0)
				runtime.KeepAlive(e)
			}
			b.ReportMetric(ratio, "engine/caseload")
		})
	}
}
