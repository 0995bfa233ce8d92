package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/internal/mcf"
	"github.com/probationkit/probation/internal/synth"
)

// Config says what Run compares.
type Config struct {
	// Sizes lists the instances, generated with synth.Generate(size,
	// Seed). A size with no new cases (Size.New == 0) is solved as a
	// rebalance (Instance.Rebalance), any other as the allocation of its
	// new cases (Instance.Problem).
	Sizes []synth.Size
	Seed  uint64

	// Settings is passed to every Solve, with Strategy (and Objective)
	// set per run. Its Progress field is replaced.
	Settings allocation.Settings
	// Scopes overrides Settings.Scope for the named sizes (for example
	// the default scope, SamePDU, for the national size).
	Scopes map[string]allocation.Scope
	// Strategies lists the strategies to run; nil means
	// allocation.Strategies().
	Strategies []allocation.Strategy
	// MinMax adds a run of FlowSearch with the MinMax objective, on
	// problems of at most LargeCases cases (its bisection solves a dozen
	// flows or more).
	MinMax bool
	// Certify certifies the FlowSearch (MinCost) result of each instance
	// with Result.Certify at its default rounds (StrategyRun.Certificate).
	Certify bool

	// ExportDir, if not empty, receives for each instance NAME the files
	// NAME.min (DIMACS), NAME.relax.lp, NAME.gap.lp and NAME.minmax.lp,
	// and the manifest instances.tsv that external/run.sh reads (name,
	// whether to run the MIP and GLPK on it: only up to SmallCases cases).
	ExportDir string
	// SmallCases is the largest problem, in cases, on which the external
	// script runs CBC and glpsol; 0 means 5,000 (the pdu size). GLPK's
	// simplex takes 626 s on the region (optimizer.md §5.1) and CBC finds no
	// whole allocation there in 675 s (§5.5).
	SmallCases int
	// LargeCases is the largest problem, in cases, whose CPLEX LP files
	// are written and solved with CLP; 0 means 100,000. Above it only the
	// DIMACS flow is exported (for LEMON): the LP files of a national
	// problem take gigabytes.
	LargeCases int

	// Progress, if not nil, receives a line per step ("[3/15] region
	// optimal … 0.62s") and, during a solve longer than two seconds, a
	// line per phase.
	Progress io.Writer
}

// Report is the outcome of Run.
type Report struct {
	Seed      uint64
	Scope     allocation.Scope
	Instances []*Instance
}

// Instance is one instance's results.
type Instance struct {
	Size synth.Size
	// Scope is the allocation scope it was solved with.
	Scope allocation.Scope
	// Rebalance says whether the problem was a rebalance.
	Rebalance bool
	// Cases and Practitioners count the problem's records; Pairs its
	// eligible (case, practitioner) pairs; Nodes and Arcs the size of the
	// relaxation's network.
	Cases, Practitioners, Pairs, Nodes, Arcs int
	// Unit and Offset are the relaxation's (allocation.Network).
	Unit, Offset int64

	// Flow is our min-cost flow engine (internal/mcf) solving the exported
	// relaxation alone, the run to compare with LEMON.
	Flow FlowRun

	Runs []StrategyRun

	// Files maps "min", "relax", "gap", "minmax" to the exported paths.
	Files map[string]string
	// External holds the external solvers' results, when read.
	External []External
}

// Bound returns the lower bound that the FlowSearch (min-cost) run reported,
// and whether there is one.
func (in *Instance) Bound() (int64, bool) {
	for _, r := range in.Runs {
		if r.Strategy == allocation.FlowSearch && r.Objective == allocation.MinCost && r.Stats.HasBound {
			return r.Stats.Bound, true
		}
	}
	return 0, false
}

// FlowRun is one solve of the exported relaxation with internal/mcf.
type FlowRun struct {
	Status     string
	Bound      int64 // least cost + Offset
	Iterations int
	Seconds    float64
}

// StrategyRun is one strategy on one instance.
type StrategyRun struct {
	Label     string // "flow_search", "greedy", …, "flow_search/min_max"
	Strategy  allocation.Strategy
	Objective allocation.Objective
	Status    allocation.Status
	Stats     allocation.Stats
	Metrics   Metrics
	// EvalError is the evaluator's disagreement with Stats, if any.
	EvalError string
	// Seconds is the wall-clock time of Solve.
	Seconds float64
	// PeakHeap is the highest live-and-unswept heap during Solve above
	// the heap before it (bytes), sampled every 200 µs from
	// runtime/metrics after a GC; Alloc the bytes Solve allocated.
	PeakHeap, Alloc uint64
	// Certificate is the Result's certificate (Config.Certify), nil if
	// not asked for; CertifySeconds the wall-clock time of Certify.
	Certificate    *allocation.Certificate
	CertifySeconds float64
}

// Run generates every instance of cfg, exports it, solves its relaxation
// with internal/mcf, and solves it with every strategy, scoring each result
// with Evaluate. It stops at the first error (a bad size, a failed export,
// a Solve error); the cancellation of ctx ends the current solve with
// StatusTimeLimit, as Solve does.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	strategies := cfg.Strategies
	if strategies == nil {
		strategies = allocation.Strategies()
	}
	small := cfg.SmallCases
	if small == 0 {
		small = 5000
	}
	large := cfg.LargeCases
	if large == 0 {
		large = 100_000
	}
	rep := &Report{Seed: cfg.Seed, Scope: cfg.Settings.Scope}
	perInstance := 2 + len(strategies)
	if cfg.MinMax {
		perInstance++
	}
	if cfg.Certify {
		perInstance++
	}
	pr := &progress{w: cfg.Progress, total: perInstance * len(cfg.Sizes)}
	var manifest strings.Builder
	for _, size := range cfg.Sizes {
		settings := cfg.Settings
		if sc, ok := cfg.Scopes[size.Name]; ok {
			settings.Scope = sc
		}
		in := &Instance{Size: size, Scope: settings.Scope, Files: map[string]string{}}
		rep.Instances = append(rep.Instances, in)

		t0 := time.Now()
		gen := synth.Generate(size, cfg.Seed)
		var p *allocation.Problem
		if size.New == 0 {
			p, in.Rebalance = gen.Rebalance(), true
		} else {
			p = gen.Problem()
		}
		in.Cases, in.Practitioners = len(p.Cases), len(p.Practitioners)
		set := settings
		set.Progress = nil
		nw, err := Relaxation(p, &set)
		if err != nil {
			return rep, fmt.Errorf("bench: %s: %w", size.Name, err)
		}
		in.Nodes, in.Arcs, in.Unit, in.Offset = len(nw.Supply), len(nw.Arcs), nw.Unit, nw.Offset
		for _, a := range nw.Arcs {
			if a.Kind == ArcAssign {
				in.Pairs++
			}
		}
		if cfg.ExportDir != "" {
			if err := export(cfg.ExportDir, size.Name, p, nw, in, cfg.Seed, set.Scope, in.Cases <= large); err != nil {
				return rep, err
			}
			flag := func(b bool) string {
				if b {
					return "1"
				}
				return "0"
			}
			fmt.Fprintf(&manifest, "%s\t%s\t%s\t%s\n", size.Name, flag(in.Cases <= small), flag(in.Cases <= small), flag(in.Cases <= large))
		}
		pr.step(size.Name, "generate + export", time.Since(t0))

		in.Flow = solveFlow(ctx, nw)
		pr.step(size.Name, "relaxation (internal/mcf)", time.Duration(in.Flow.Seconds*float64(time.Second)))

		type job struct {
			st  allocation.Strategy
			obj allocation.Objective
		}
		var jobs []job
		for _, st := range strategies {
			jobs = append(jobs, job{st, allocation.MinCost})
		}
		if cfg.MinMax && in.Cases <= large {
			jobs = append(jobs, job{allocation.FlowSearch, allocation.MinMax})
		}
		for _, jb := range jobs {
			s := settings
			s.Strategy, s.Objective = jb.st, jb.obj
			label := jb.st.String()
			if jb.obj == allocation.MinMax {
				label += "/" + allocation.MinMax.String()
			}
			s.Progress = pr.phases(size.Name, label)
			run, res, err := measure(ctx, p, &s)
			if err != nil {
				return rep, fmt.Errorf("bench: %s %s: %w", size.Name, label, err)
			}
			run.Label = label
			pr.step(size.Name, label, time.Duration(run.Seconds*float64(time.Second)))
			if cfg.Certify && jb.st == allocation.FlowSearch && jb.obj == allocation.MinCost {
				t0 := time.Now()
				c, err := res.Certify(ctx, 0)
				if err != nil {
					return rep, fmt.Errorf("bench: %s certify: %w", size.Name, err)
				}
				run.Certificate, run.CertifySeconds = &c, time.Since(t0).Seconds()
				pr.step(size.Name, "certify", time.Since(t0))
			}
			in.Runs = append(in.Runs, run)
		}
	}
	if cfg.ExportDir != "" {
		if err := os.WriteFile(filepath.Join(cfg.ExportDir, "instances.tsv"), []byte(manifest.String()), 0o644); err != nil {
			return rep, fmt.Errorf("bench: %w", err)
		}
	}
	return rep, nil
}

// measure solves p with s, timing the call and sampling the heap. The
// time is the fastest of up to flowRuns solves while they take under
// flowRunTime in all, as the flow's (solveFlow), so that the ratios of
// the two compare like with like; Solve is deterministic, so the repeats
// give the same Result, and the first run's is the one reported and
// returned.
func measure(ctx context.Context, p *allocation.Problem, s *allocation.Settings) (StrategyRun, *allocation.Result, error) {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/allocs:bytes"}}
	runtime.GC()
	metrics.Read(samples)
	base, alloc0 := samples[0].Value.Uint64(), samples[1].Value.Uint64()
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sm := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tk := time.NewTicker(200 * time.Microsecond)
		defer tk.Stop()
		for {
			metrics.Read(sm)
			peak = max(peak, sm[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tk.C:
			}
		}
	}()
	t0 := time.Now()
	r, err := allocation.Solve(ctx, p, s)
	sec := time.Since(t0).Seconds()
	close(done)
	wg.Wait()
	metrics.Read(samples)
	peak = max(peak, samples[0].Value.Uint64())
	if err != nil {
		return StrategyRun{}, nil, err
	}
	run := StrategyRun{
		Strategy: s.Strategy, Objective: s.Objective, Status: r.Status, Stats: r.Stats,
		Seconds: sec, Alloc: samples[1].Value.Uint64() - alloc0,
	}
	if peak > base {
		run.PeakHeap = peak - base
	}
	again := *s
	again.Progress = nil
	for k, total := 1, time.Duration(sec*float64(time.Second)); k < flowRuns && total < flowRunTime; k++ {
		t0 := time.Now()
		if _, err := allocation.Solve(ctx, p, &again); err != nil {
			return StrategyRun{}, nil, err
		}
		d := time.Since(t0)
		total += d
		run.Seconds = min(run.Seconds, d.Seconds())
	}
	m, err := Evaluate(p, s, r)
	run.Metrics = m
	if err != nil {
		run.EvalError = err.Error()
	}
	return run, r, nil
}

// The repeats of a flow solve: at most flowRuns, while they take under
// flowRunTime in all; the time reported is the fastest. A solve of a few
// milliseconds (pdu, daily) is otherwise mostly the shared machine's
// noise: single pdu solves ranged over 2.8–23 ms for LEMON and 3.4–33 ms
// for internal/mcf in one minute under load. external/lemon_mcf.cc times
// LEMON the same way.
const (
	flowRuns    = 5
	flowRunTime = time.Second
)

// solveFlow solves nw with internal/mcf, timing Solve alone: the fastest
// of up to flowRuns solves (see flowRunTime).
func solveFlow(ctx context.Context, nw *Network) FlowRun {
	g := mcf.NewGraph(len(nw.Supply))
	g.Grow(len(nw.Arcs))
	for v, s := range nw.Supply {
		g.SetSupply(v, s)
	}
	for _, a := range nw.Arcs {
		c := a.Capacity
		if c == Uncapacitated {
			c = mcf.Inf
		}
		g.AddArc(a.From, a.To, c, a.Cost)
	}
	var sol *mcf.Solution
	var err error
	best, total := time.Duration(0), time.Duration(0)
	for k := 0; k < flowRuns && total < flowRunTime; k++ {
		t0 := time.Now()
		sol, err = g.Solve(ctx, nil)
		d := time.Since(t0)
		total += d
		if k == 0 || d < best {
			best = d
		}
		if err != nil || sol.Status != mcf.Optimal {
			break
		}
	}
	sec := best.Seconds()
	if err != nil {
		return FlowRun{Status: "error: " + err.Error(), Seconds: sec}
	}
	f := FlowRun{Status: sol.Status.String(), Iterations: sol.Iterations, Seconds: sec}
	if sol.Status == mcf.Optimal {
		f.Bound = sol.Cost + nw.Offset
	}
	return f
}

// export writes the instance's DIMACS and LP files.
func export(dir, name string, p *allocation.Problem, nw *Network, in *Instance, seed uint64, scope allocation.Scope, lp bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	comment := fmt.Sprintf("probationkit %s instance (internal/synth seed %d, scope %v): the min-cost flow relaxation of allocation's FlowSearch strategy\ncases %d, practitioners %d, eligible pairs %d", name, seed, scope, in.Cases, in.Practitioners, in.Pairs)
	write := func(key, file string, f func(io.Writer) error) error {
		path := filepath.Join(dir, file)
		out, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		if err := f(out); err != nil {
			out.Close()
			return fmt.Errorf("bench: writing %s: %w", path, err)
		}
		if err := out.Close(); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		in.Files[key] = path
		return nil
	}
	if err := write("min", name+".min", func(w io.Writer) error { return WriteDIMACS(w, nw, comment) }); err != nil {
		return err
	}
	for _, k := range []LPKind{LPRelax, LPGAP, LPMinMax} {
		if !lp {
			break
		}
		if err := write(k.String(), name+"."+k.String()+".lp", func(w io.Writer) error { return WriteLP(w, p, nw, k, comment) }); err != nil {
			return err
		}
	}
	return nil
}

// progress writes the progress lines.
type progress struct {
	w     io.Writer
	total int
	n     int
}

func (p *progress) step(inst, what string, d time.Duration) {
	p.n++
	if p.w != nil {
		fmt.Fprintf(p.w, "[%d/%d] %s %s … %.2fs\n", p.n, p.total, inst, what, d.Seconds())
	}
}

// phases returns a Settings.Progress callback that reports each new phase
// once the solve has run for two seconds.
func (p *progress) phases(inst, label string) func(allocation.Progress) {
	if p.w == nil {
		return nil
	}
	t0 := time.Now()
	last := allocation.Phase(255)
	var lastAt time.Time
	return func(pg allocation.Progress) {
		now := time.Now()
		if now.Sub(t0) < 2*time.Second || (pg.Phase == last && now.Sub(lastAt) < 5*time.Second) {
			return
		}
		last, lastAt = pg.Phase, now
		fmt.Fprintf(p.w, "      %s %s: %v, %d iterations, %.1fs\n", inst, label, pg.Phase, pg.Steps, now.Sub(t0).Seconds())
	}
}
