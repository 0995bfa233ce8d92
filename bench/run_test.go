package bench_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/bench"
	"github.com/probationkit/probation/internal/synth"
)

// TestRunSmoke runs the whole harness on two tiny sizes: exports, the
// relaxation check, every strategy, the report and the charts.
func TestRunSmoke(t *testing.T) {
	dir := t.TempDir()
	var progress bytes.Buffer
	cfg := bench.Config{
		Sizes: []synth.Size{
			{Name: "tiny", Cases: 300, Practitioners: 20, New: 300},
			{Name: "tiny-rebalance", Cases: 300, Practitioners: 20, Departing: true},
		},
		Seed:      1,
		Settings:  allocation.Settings{Scope: allocation.SameTeam},
		MinMax:    true,
		Certify:   true,
		ExportDir: dir,
		Progress:  &progress,
	}
	rep, err := bench.Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(rep.Instances) != 2 {
		t.Fatalf("Run gave %d instances, want 2", len(rep.Instances))
	}
	for _, in := range rep.Instances {
		if len(in.Runs) != len(allocation.Strategies())+1 {
			t.Errorf("%s: %d runs, want %d", in.Size.Name, len(in.Runs), len(allocation.Strategies())+1)
		}
		bound, ok := in.Bound()
		if !ok || in.Flow.Status != "Optimal" || in.Flow.Bound != bound {
			t.Errorf("%s: flow %+v, bound %d (%v): want the exported flow's optimum + offset to equal the bound", in.Size.Name, in.Flow, bound, ok)
		}
		for _, r := range in.Runs {
			certify := r.Strategy == allocation.FlowSearch && r.Objective == allocation.MinCost
			if c := r.Certificate; (c != nil) != certify || c != nil && (c.Bound < bound || c.Bound > r.Stats.Objective || c.FlowBound != bound) {
				t.Errorf("%s %s: certificate %+v, bound %d, objective %d: want one for flow_search, between the bound and the objective", in.Size.Name, r.Label, c, bound, r.Stats.Objective)
			}
			if r.EvalError != "" || len(r.Metrics.Violations) > 0 {
				t.Errorf("%s %s: evaluator %q, violations %q", in.Size.Name, r.Label, r.EvalError, r.Metrics.Violations)
			}
			if r.Seconds <= 0 {
				t.Errorf("%s %s: time %v", in.Size.Name, r.Label, r.Seconds)
			}
		}
		for _, k := range []string{"min", "relax", "gap", "minmax"} {
			if _, err := os.Stat(in.Files[k]); err != nil {
				t.Errorf("%s: export %s: %v", in.Size.Name, k, err)
			}
		}
	}
	if !rep.Instances[1].Rebalance || rep.Instances[1].Runs[0].Metrics.Moved == 0 {
		t.Errorf("tiny-rebalance: Rebalance %v, moved %d: want a rebalance that moves the departing practitioner's cases", rep.Instances[1].Rebalance, rep.Instances[1].Runs[0].Metrics.Moved)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "instances.tsv"))
	if err != nil || string(manifest) != "tiny\t1\t1\t1\ntiny-rebalance\t1\t1\t1\n" {
		t.Errorf("manifest %q, %v", manifest, err)
	}
	if lines := strings.Count(progress.String(), "\n"); lines < 18 || !strings.HasPrefix(progress.String(), "[1/18] tiny generate") {
		t.Errorf("progress lines:\n%s", progress.String())
	}

	charts := map[string]string{}
	for _, in := range rep.Instances {
		p := filepath.Join(dir, in.Size.Name+".png")
		if err := bench.WorkloadChart(in, p); err != nil {
			t.Fatalf("WorkloadChart: %v", err)
		}
		charts[in.Size.Name] = p
	}
	if err := bench.TimeChart(rep, filepath.Join(dir, "time.png")); err != nil {
		t.Fatalf("TimeChart: %v", err)
	}
	for _, p := range append([]string{filepath.Join(dir, "time.png")}, charts["tiny"]) {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Errorf("%s is not a PNG (%v)", p, err)
		}
	}
	var md bytes.Buffer
	meta := bench.Meta{Command: "go run ./cmd/compare", Machine: "test", Date: "today", Charts: charts, ExternalNote: "not run"}
	if err := bench.WriteMarkdown(&md, rep, meta); err != nil {
		t.Fatalf("WriteMarkdown: %v", err)
	}
	for _, want := range []string{"## tiny (all cases new)", "## tiny-rebalance (rebalance", "| **flow_search**", "External solvers: not run", "go run ./cmd/compare", "Certified gap: FlowSearch's objective"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
}
