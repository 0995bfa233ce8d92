package tiering_test

import (
	"strconv"
	"sync"
	"testing"

	"github.com/probationkit/probation/tiering"
)

var (
	benchOnce   sync.Once
	benchInputs []tiering.Input

	sinkResult  tiering.Result
	sinkResults []tiering.Result
)

// fixtures returns 240,000 seeded inputs, built once.
func fixtures() []tiering.Input {
	benchOnce.Do(func() { benchInputs = randomInputs(240_000, 1) })
	return benchInputs
}

// TestClassifyAllocs: classifying a valid case allocates at most once
// (the explanation slice).
func TestClassifyAllocs(t *testing.T) {
	ins := randomInputs(200, 3)
	s := &tiering.Settings{AsOf: asOf}
	for i, in := range ins {
		allocs := testing.AllocsPerRun(5, func() {
			sinkResult, _ = tiering.Classify(in, s)
		})
		if allocs > 1 {
			t.Fatalf("Classify(inputs[%d]) allocates %v times, want at most 1", i, allocs)
		}
	}
}

func BenchmarkClassify(b *testing.B) {
	ins := fixtures()[:4096]
	s := &tiering.Settings{AsOf: asOf}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sinkResult, _ = tiering.Classify(ins[i%len(ins)], s)
		i++
	}
}

func BenchmarkClassifyAll(b *testing.B) {
	s := &tiering.Settings{AsOf: asOf}
	for _, n := range []int{1_000, 240_000} {
		b.Run("cases="+strconv.Itoa(n), func(b *testing.B) {
			ins := fixtures()[:n]
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if sinkResults, err = tiering.ClassifyAll(ins, s); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/case")
		})
	}
}

var sinkFactors []tiering.Factor

// BenchmarkExplanation measures the on-demand explanation, which Classify
// does not build.
func BenchmarkExplanation(b *testing.B) {
	rs, err := tiering.ClassifyAll(fixtures()[:4096], &tiering.Settings{AsOf: asOf})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sinkFactors = rs[i%len(rs)].Explanation()
		i++
	}
}
