// Command simulate replays a seeded year of events (arrivals,
// terminations, releases, reassessments, leavers, joiners, trainees
// progressing, absences) through an allocation engine per strategy, day
// by day, with and without a regular rebalance, over several seeds, and
// writes the report SIMULATION.md with its charts (see bench.Simulate).
//
// Run it from the bench directory:
//
//	go run ./cmd/simulate                      # region-year, 5 seeds: SIMULATION.md
//	go run ./cmd/simulate -rebalance none,weekly,monthly
//	go run ./cmd/simulate -size national       # national year: SIMULATION-national.md
//
// Flags:
//
//	-size        region, uneven-region or national (bench.SimSize), or
//	             any internal/synth size name (region)
//	-seeds       how many seeds (5); -seed the first (1): seeds seed …
//	             seed+seeds−1
//	-weeks       horizon in weeks (52)
//	-strategies  comma-separated strategies, or "all" (all)
//	-rebalance   comma-separated plans among none, weekly, monthly
//	             (none,monthly)
//	-budget      moves per rebalance; 0 means one per ten practitioners
//	-scope       allocation scope: team, pdu, region or anywhere (team)
//	-hardcap     allocation.Settings.HardCap in percent (0: none)
//	-workers     simulations at once; 0 means GOMAXPROCS
//	-md          report path; "" skips the report and charts
//	             (SIMULATION.md for region, SIMULATION-SIZE.md otherwise)
//	-charts      chart directory; the report links the charts by paths
//	             relative to its own directory (charts)
//
// Progress lines go to stderr.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/bench"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "simulate:", err)
		os.Exit(1)
	}
}

func run() error {
	size := flag.String("size", "region", "starting instance: region, uneven-region, national or an internal/synth size")
	seeds := flag.Int("seeds", 5, "number of seeds")
	seed := flag.Uint64("seed", 1, "first seed")
	weeks := flag.Int("weeks", 52, "horizon in weeks")
	strategies := flag.String("strategies", "all", `comma-separated strategies, or "all"`)
	rebalance := flag.String("rebalance", "none,monthly", "comma-separated rebalance plans: none, weekly, monthly")
	budget := flag.Int("budget", 0, "moves per rebalance; 0 means one per ten practitioners")
	scope := flag.String("scope", "team", "allocation scope: team, pdu, region or anywhere")
	hardCap := flag.Int("hardcap", 0, "hard cap on workload % (0: none)")
	workers := flag.Int("workers", 0, "simulations at once (0: GOMAXPROCS)")
	md := flag.String("md", "", `report path ("" means SIMULATION.md for region, SIMULATION-SIZE.md otherwise; "-" skips it)`)
	charts := flag.String("charts", "charts", "chart directory")
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flag.Args())
	}

	sz, ok := bench.SimSize(*size)
	if !ok {
		return fmt.Errorf("unknown size %q: want region, uneven-region, national or an internal/synth size", *size)
	}
	if *seeds < 1 || *weeks < 1 {
		return fmt.Errorf("-seeds %d and -weeks %d must be at least 1", *seeds, *weeks)
	}
	cfg := bench.SimConfig{Size: sz, Weeks: *weeks, Workers: *workers, Progress: os.Stderr}
	for k := range *seeds {
		cfg.Seeds = append(cfg.Seeds, *seed+uint64(k))
	}
	if *strategies != "all" {
		for _, name := range strings.Split(*strategies, ",") {
			st, err := allocation.ParseStrategy(strings.TrimSpace(name))
			if err != nil {
				return err
			}
			cfg.Strategies = append(cfg.Strategies, st)
		}
	}
	moves := *budget
	if moves <= 0 {
		moves = max(1, sz.Practitioners/10)
	}
	for _, name := range strings.Split(*rebalance, ",") {
		every, err := bench.ParseEvery(strings.TrimSpace(name))
		if err != nil {
			return err
		}
		p := bench.Plan{Every: every}
		if every != bench.Never {
			p.Budget = moves
		}
		cfg.Plans = append(cfg.Plans, p)
	}
	sc, err := allocation.ParseScope(*scope)
	if err != nil {
		return err
	}
	cfg.Settings = allocation.Settings{Scope: sc, HardCap: *hardCap}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	rep, err := bench.Simulate(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "simulated %d weeks × %d seeds × %d lines in %.0fs\n", *weeks, *seeds, len(rep.Lines), rep.Seconds)

	path := *md
	switch path {
	case "-":
		return nil
	case "":
		path = "SIMULATION.md"
		if *size != "region" {
			path = "SIMULATION-" + *size + ".md"
		}
	}
	if err := os.MkdirAll(*charts, 0o755); err != nil {
		return err
	}
	meta := bench.Meta{
		Command: bench.CommandLine("cd bench && go run ./cmd/simulate", flag.CommandLine),
		Machine: bench.Machine(),
		Date:    start.UTC().Format("2006-01-02 15:04 MST"),
		Charts:  map[string]string{},
	}
	for _, c := range []struct {
		key, title string
		metrics    []bench.SimMetric
	}{
		{"workload", "Workload, weekly snapshots: " + *size, bench.WorkloadMetrics()},
		{"cases", "Cases and solve time: " + *size, bench.CaseMetrics()},
	} {
		p := filepath.Join(*charts, "sim-"+*size+"-"+c.key+".png")
		if err := bench.SimChart(rep, c.metrics, c.title, p); err != nil {
			return err
		}
		rel, err := filepath.Rel(filepath.Dir(path), p)
		if err != nil {
			rel = p
		}
		meta.Charts[c.key] = filepath.ToSlash(rel)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := bench.WriteSimulation(f, rep, meta); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s and charts in %s (%.0fs)\n", path, *charts, time.Since(start).Seconds())
	return nil
}
