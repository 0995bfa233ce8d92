package synth_test

import (
	"os"
	"testing"

	"github.com/probationkit/probation/internal/synth"
)

var sinkInstance *synth.Instance

// BenchmarkGenerate measures generating each named size. The national
// size (240,000 cases) runs only when PROBATION_BENCH_NATIONAL is set, so
// that CI's run of every benchmark once stays quick:
//
//	PROBATION_BENCH_NATIONAL=1 go test -run '^$' -bench Generate ./internal/synth
func BenchmarkGenerate(b *testing.B) {
	for _, size := range synth.Sizes() {
		b.Run(size.Name, func(b *testing.B) {
			if size.Name == "national" && os.Getenv("PROBATION_BENCH_NATIONAL") == "" {
				b.Skip("set PROBATION_BENCH_NATIONAL=1 to generate the national size")
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				sinkInstance = synth.Generate(size, uint64(i))
			}
		})
	}
}

var sinkStream *synth.Stream

// BenchmarkEvents measures a year of events (GenerateEvents over 365
// days) from the daily size of each family, and from the national size
// when PROBATION_BENCH_NATIONAL is set:
//
//	PROBATION_BENCH_NATIONAL=1 go test -run '^$' -bench Events ./internal/synth
func BenchmarkEvents(b *testing.B) {
	for _, name := range []string{"daily", "uneven-daily", "national"} {
		b.Run(name, func(b *testing.B) {
			if name == "national" && os.Getenv("PROBATION_BENCH_NATIONAL") == "" {
				b.Skip("set PROBATION_BENCH_NATIONAL=1 to generate the national size")
			}
			size, _ := synth.SizeNamed(name)
			in := synth.Generate(size, 1)
			b.ReportAllocs()
			events := 0
			for i := 0; b.Loop(); i++ {
				sinkStream = synth.GenerateEvents(in, 365, uint64(i), nil)
				events = len(sinkStream.Events)
			}
			b.ReportMetric(float64(events), "events")
		})
	}
}
