// Command loadtest is the service's bounded load test: it starts the
// service in-process on the demo dataset (a new database in a temporary
// directory) on a loopback port, or uses -url, and runs load.Run:
// recommend at -rate requests/s alone for -duration, then beside -cases
// new cases allocated at -alloc-rate cases/s, each submitted three times
// at once. It prints p50 and p99 latencies and the allocation check, and
// exits 1 if an allocation was lost or made twice or recommend's p99 is
// over 20 ms.
//
//	cd examples/service && go run ./cmd/loadtest
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/probationkit/probation/examples/service/internal/load"
)

func main() {
	var cfg load.Config
	flag.StringVar(&cfg.BaseURL, "url", "", "a running service on the loopback address (default: start one in-process)")
	flag.IntVar(&cfg.Rate, "rate", 100, "recommend requests per second")
	flag.DurationVar(&cfg.Duration, "duration", 10*time.Second, "length of each phase")
	flag.IntVar(&cfg.Clients, "clients", 8, "concurrent clients")
	flag.IntVar(&cfg.Cases, "cases", 200, "new cases to allocate")
	flag.IntVar(&cfg.AllocRate, "alloc-rate", 20, "cases allocated per second (each submitted three times)")
	flag.Parse()
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(cfg load.Config) error {
	ctx := context.Background()
	if cfg.BaseURL == "" {
		dir, err := os.MkdirTemp("", "loadtest-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		url, stop, err := load.Serve(ctx, dir)
		if err != nil {
			return err
		}
		defer stop()
		cfg.BaseURL = url
	}
	rep, err := load.Run(ctx, cfg)
	if err != nil {
		return err
	}
	c := rep.Config
	fmt.Printf("load test on %s (GOMAXPROCS %d): recommend at %d/s for %v, %d clients; %d cases at %d/s, 3 submits each\n\n",
		c.BaseURL, runtime.GOMAXPROCS(0), c.Rate, c.Duration, c.Clients, c.Cases, c.AllocRate)
	fmt.Printf("| phase | requests | errors | p50 | p99 | max |\n|---|---|---|---|---|---|\n")
	for _, r := range []struct {
		name string
		s    load.Stats
	}{{"recommend, alone", rep.RecommendAlone}, {"recommend, beside allocations", rep.RecommendMixed}, {"allocate", rep.Allocate}} {
		fmt.Printf("| %s | %d | %d | %.2f ms | %.2f ms | %.2f ms |\n", r.name, r.s.N, r.s.Errors,
			float64(r.s.P50.Microseconds())/1000, float64(r.s.P99.Microseconds())/1000, float64(r.s.Max.Microseconds())/1000)
	}
	fmt.Printf("\nallocated %d of %d, lost %d, double %d; double submits replayed %d, second officers refused %d\n",
		rep.Allocated, c.Cases, rep.Lost, rep.Double, rep.Replayed, rep.Refused)
	if rep.FirstError != "" {
		fmt.Printf("first error: %s\n", rep.FirstError)
	}
	if rep.Lost > 0 || rep.Double > 0 || rep.RecommendAlone.P99 > 20*time.Millisecond || rep.RecommendMixed.P99 > 20*time.Millisecond {
		return fmt.Errorf("targets not met")
	}
	return nil
}
