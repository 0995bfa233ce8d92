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
