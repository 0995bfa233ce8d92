// Command compare runs every allocation strategy on the synthetic
// instances, exports each instance for external solvers, optionally runs
// them (external/run.sh), and writes the report BENCHMARKS.md with its
// charts.
//
// Run it from the bench directory:
//
//	go run ./cmd/compare                                   # pdu, region, daily, rebalance
//	go run ./cmd/compare -sizes pdu,region,daily,rebalance -external
//	go run ./cmd/compare -external -large                  # adds national and a million cases
//
// Flags:
//
//	-sizes       comma-separated names from internal/synth (pdu, region,
//	             national, daily, rebalance); national only when asked
//	-seed        generator seed (1)
//	-scope       allocation scope: team (the benchmark design's "own team and
//	             nearest other team"), pdu, region or anywhere (team)
//	-large       also run national and a million new cases × 40,000
//	             practitioners, at the library's default scope (pdu); they
//	             export only the DIMACS flow (LEMON), no LP files (CLP)
//	-minmax      also run FlowSearch with the min_max objective (true)
//	-out         directory for the exports and external results (out)
//	-external    run external/run.sh on the exports and report its results
//	-install     let external/run.sh install missing solvers with apt-get
//	-certify     certify FlowSearch's result with allocation.Result.Certify
//	             (its default rounds) and report the certified gap (false)
//	-effort      allocation.Settings.Effort for every run: FlowSearch's
//	             search budget as a multiple of the default (0, the default)
//	-mip-seconds CBC's time cap on the whole-case MIP (60)
//	-md          report path; "" skips the report and charts (BENCHMARKS.md)
//	-charts      chart directory; the report links the charts by paths
//	             relative to its own directory (charts)
//	-script      the external solver script (external/run.sh)
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
	"github.com/probationkit/probation/internal/synth"
)

// million is the largest size the harness runs (-large): a million new
// cases for 40,000 practitioners, four times the national size.
var million = synth.Size{Name: "million", Cases: 1_000_000, Practitioners: 40_000, New: 1_000_000}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

func run() error {
	sizes := flag.String("sizes", "pdu,region,daily,rebalance", "comma-separated instance sizes (internal/synth names)")
	seed := flag.Uint64("seed", 1, "generator seed")
	scope := flag.String("scope", "team", "allocation scope: team, pdu, region or anywhere")
	large := flag.Bool("large", false, "also run the national size and a million new cases × 40,000 practitioners, at the default scope (pdu)")
	minmax := flag.Bool("minmax", true, "also run FlowSearch with the min_max objective")
	out := flag.String("out", "out", "directory for exports and external results")
	external := flag.Bool("external", false, "run external/run.sh on the exports and include its results")
	install := flag.Bool("install", false, "let external/run.sh install missing solvers (apt-get)")
	certify := flag.Bool("certify", false, "certify FlowSearch's result with allocation.Result.Certify (default rounds) and report the certified gap")
	effort := flag.Int("effort", 0, "allocation.Settings.Effort: FlowSearch's search budget as a multiple of the default (0: the default)")
	mipSeconds := flag.Int("mip-seconds", 60, "CBC time cap on the whole-case MIP, seconds")
	script := flag.String("script", filepath.Join("external", "run.sh"), "path of the external solver script")
	md := flag.String("md", "BENCHMARKS.md", `report path ("" skips the report)`)
	charts := flag.String("charts", "charts", "chart directory")
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flag.Args())
	}

	var cfg bench.Config
	for _, name := range strings.Split(*sizes, ",") {
		s, ok := synth.SizeNamed(strings.TrimSpace(name))
		if !ok {
			return fmt.Errorf("unknown size %q: want a size of internal/synth such as pdu, region, national, daily, rebalance or uneven-region", name)
		}
		cfg.Sizes = append(cfg.Sizes, s)
	}
	if *large {
		national, _ := synth.SizeNamed("national")
		cfg.Sizes = append(cfg.Sizes, national, million)
		cfg.Scopes = map[string]allocation.Scope{national.Name: allocation.SamePDU, million.Name: allocation.SamePDU}
	}
	sc, err := parseScope(*scope)
	if err != nil {
		return err
	}
	cfg.Seed, cfg.MinMax, cfg.Certify, cfg.ExportDir, cfg.Progress = *seed, *minmax, *certify, *out, os.Stderr
	cfg.Settings = allocation.Settings{Scope: sc, Effort: *effort}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	rep, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}

	meta := bench.Meta{
		Command: bench.CommandLine("cd bench && go run ./cmd/compare", flag.CommandLine),
		Machine: bench.Machine(),
		Date:    start.UTC().Format("2006-01-02 15:04 MST"),
		Charts:  map[string]string{},
	}
	if *external {
		fmt.Fprintln(os.Stderr, "running", *script, "(external solvers)")
		if err := bench.RunExternal(ctx, *script, *out, *install, *mipSeconds, os.Stderr); err != nil {
			return err
		}
		f, err := os.Open(filepath.Join(*out, "external.tsv"))
		if err != nil {
			return err
		}
		ext, err := bench.ReadExternal(f)
		f.Close()
		if err != nil {
			return err
		}
		rep.Attach(ext)
	} else {
		meta.ExternalNote = "not run (pass -external; see bench/external/run.sh)."
	}

	if *md == "" {
		return nil
	}
	if err := os.MkdirAll(*charts, 0o755); err != nil {
		return err
	}
	rel := func(p string) string {
		r, err := filepath.Rel(filepath.Dir(*md), p)
		if err != nil {
			return p
		}
		return filepath.ToSlash(r)
	}
	for _, in := range rep.Instances {
		p := filepath.Join(*charts, "workload-"+in.Size.Name+".png")
		if err := bench.WorkloadChart(in, p); err != nil {
			return err
		}
		meta.Charts[in.Size.Name] = rel(p)
	}
	p := filepath.Join(*charts, "time.png")
	if err := bench.TimeChart(rep, p); err != nil {
		return err
	}
	meta.Charts["time"] = rel(p)
	f, err := os.Create(*md)
	if err != nil {
		return err
	}
	if err := bench.WriteMarkdown(f, rep, meta); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s and charts in %s (%.0fs)\n", *md, *charts, time.Since(start).Seconds())
	return nil
}

func parseScope(s string) (allocation.Scope, error) {
	for _, sc := range []allocation.Scope{allocation.SameTeam, allocation.SamePDU, allocation.SameRegion, allocation.Anywhere} {
		if sc.String() == s {
			return sc, nil
		}
	}
	return 0, fmt.Errorf("unknown scope %q: want team, pdu, region or anywhere", s)
}
