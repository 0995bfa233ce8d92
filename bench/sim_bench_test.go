package bench_test

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/bench"
	"github.com/probationkit/probation/internal/synth"
)

// regionYear is the region instance of seed 1 and its stream of 52
// weeks, made once.
var regionYear = sync.OnceValues(func() (*synth.Instance, *synth.Stream) {
	size, _ := bench.SimSize("region")
	in := synth.Generate(size, 1)
	return in, synth.GenerateEvents(in, 7*52, 1, nil)
})

// BenchmarkSimDay times one simulated day of the region-year, for each
// strategy: the date moving, the day's events and the batch (a stream
// about 190 events a day; a new simulation starts, off the clock, when
// the year runs out).
func BenchmarkSimDay(b *testing.B) {
	in, stream := regionYear()
	for _, st := range allocation.Strategies() {
		b.Run(st.String(), func(b *testing.B) {
			opt := bench.SimOptions{Settings: allocation.Settings{Strategy: st, Scope: allocation.SameTeam}}
			s, err := bench.NewSim(in, stream, opt)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if s.Done() {
					b.StopTimer()
					if s, err = bench.NewSim(in, stream, opt); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				if err := s.Step(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSimRegionYear runs what `go run ./cmd/simulate` runs by
// default: a region-year of every strategy, without and with a monthly
// rebalance of 100 moves, over 5 seeds. It takes minutes, so it runs only
// with PROBATION_BENCH_SIM set.
func BenchmarkSimRegionYear(b *testing.B) {
	if testing.Short() || os.Getenv("PROBATION_BENCH_SIM") == "" {
		b.Skip("set PROBATION_BENCH_SIM=1 to run a region-year of every strategy over 5 seeds")
	}
	size, _ := bench.SimSize("region")
	cfg := bench.SimConfig{
		Size: size, Seeds: []uint64{1, 2, 3, 4, 5}, Weeks: 52,
		Plans:    []bench.Plan{{}, {Every: bench.Monthly, Budget: 100}},
		Settings: allocation.Settings{Scope: allocation.SameTeam},
	}
	for b.Loop() {
		if _, err := bench.Simulate(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}
