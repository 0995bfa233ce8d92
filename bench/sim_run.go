package bench

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/internal/synth"
)

// SimConfig says what Simulate runs: every strategy, under every plan,
// on the instance and event stream of every seed.
type SimConfig struct {
	// Size is the starting instance, generated with synth.Generate(Size,
	// seed) for each seed; it should hold its cases (see SimSize).
	Size synth.Size
	// Seeds lists the seeds: each gives its own instance and its own
	// stream (synth.GenerateEvents(instance, 7·Weeks, seed, Dynamics)),
	// which every strategy and plan replays.
	Seeds []uint64
	// Weeks is the horizon in weeks (52 for a year of 364 days).
	Weeks int
	// Dynamics are the event generator's parameters; nil means
	// synth.DefaultDynamics.
	Dynamics *synth.Dynamics

	// Strategies lists the strategies; nil means allocation.Strategies().
	Strategies []allocation.Strategy
	// Plans lists the rebalance plans, each run with every strategy; nil
	// means one plan, no rebalance.
	Plans []Plan
	// Settings configures every engine (SimOptions.Settings), with
	// Strategy set per run.
	Settings allocation.Settings

	// Workers is how many simulations run at once; 0 means GOMAXPROCS.
	// The results do not depend on it (but for the timings).
	Workers int
	// Progress, if not nil, receives a line as each seed's instance is
	// generated and as each simulation ends, and a line every 30 seconds
	// from a simulation still running.
	Progress io.Writer
}

// SimReport is the outcome of Simulate.
type SimReport struct {
	// Size, Seeds, Weeks and Settings are the configuration's (Settings
	// without its Strategy and Progress); Lines group the runs.
	Size     synth.Size
	Seeds    []uint64
	Weeks    int
	Settings allocation.Settings
	Lines    []*SimLine
	// Cases and Practitioners are the first seed's instance's counts;
	// Events the mean count of events per stream and Arrivals of arrivals
	// per day.
	Cases, Practitioners int
	// Utilisation and BaseShare are, for the first seed's caseload on
	// day 0, Σ workload points ÷ Σ available points and the share of it
	// from base loads, in percent.
	Utilisation, BaseShare float64
	Events                 int
	Arrivals               float64
	// Seconds is the wall time of Simulate; CPUSeconds the CPU time the
	// process used meanwhile (user plus system, all goroutines), 0 where
	// the platform does not say. On a busy machine the wall time grows
	// with other work; the CPU time does not.
	Seconds, CPUSeconds float64
}

// SimLine is one strategy under one plan: its runs, one per seed, in the
// order of SimConfig.Seeds.
type SimLine struct {
	Strategy allocation.Strategy
	Plan     Plan
	Runs     []*SimRun
}

// Label names the line: the strategy, and the plan when it rebalances
// ("flow_search + monthly/100").
func (l *SimLine) Label() string {
	if l.Plan.Every == Never {
		return l.Strategy.String()
	}
	return l.Strategy.String() + " + " + l.Plan.String()
}

// SimRun is one simulation's record.
type SimRun struct {
	Seed  uint64
	Weeks []Week
	// Ever counts the practitioners who were in the Excessive state at
	// some weekly snapshot.
	Ever int
	// Seconds is the run's wall time, from NewSim to the last day.
	Seconds float64
}

// Simulate runs the simulations of cfg: for each seed in turn it
// generates the instance and the stream, then replays the stream with
// every (strategy, plan) pair on cfg.Workers goroutines, each through its
// own allocation.Engine (see Sim). It stops at the first error, and when
// ctx is cancelled (returning ctx's error). Results depend only on cfg,
// but for the timings.
func Simulate(ctx context.Context, cfg SimConfig) (*SimReport, error) {
	t0 := time.Now()
	cpu0, cpuKnown := processCPU()
	strategies := cfg.Strategies
	if strategies == nil {
		strategies = allocation.Strategies()
	}
	plans := cfg.Plans
	if plans == nil {
		plans = []Plan{{}}
	}
	if cfg.Weeks < 1 || len(cfg.Seeds) == 0 {
		return nil, fmt.Errorf("bench: simulate %d weeks with %d seeds: want at least one of each", cfg.Weeks, len(cfg.Seeds))
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	set := cfg.Settings
	set.Strategy, set.Progress = 0, nil
	rep := &SimReport{Size: cfg.Size, Seeds: cfg.Seeds, Weeks: cfg.Weeks, Settings: set}
	for _, p := range plans {
		for _, st := range strategies {
			rep.Lines = append(rep.Lines, &SimLine{Strategy: st, Plan: p, Runs: make([]*SimRun, len(cfg.Seeds))})
		}
	}
	pr := &simProgress{w: cfg.Progress, total: len(rep.Lines) * len(cfg.Seeds), t0: t0}

	// The seeds' instances and streams are made one after the other as
	// the workers take the jobs, so at most workers+1 of them are held at
	// once; the costliest lines go first, so that the last seed does not
	// wait for one long run.
	order := make([]int, len(rep.Lines))
	for j := range order {
		order[j] = j
	}
	cost := func(l *SimLine) int {
		c := 0
		if l.Plan.Every != Never {
			c += 2
		}
		if l.Strategy == allocation.FlowSearch {
			c++
		}
		return c
	}
	slices.SortStableFunc(order, func(a, b int) int { return cost(rep.Lines[b]) - cost(rep.Lines[a]) })
	type job struct {
		k, line    int
		seed       uint64
		in         *synth.Instance
		stream     *synth.Stream
		neighbours map[string][]string
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		failed error
		once   sync.Once
		wg     sync.WaitGroup
	)
	fail := func(err error) { once.Do(func() { failed = err; cancel() }) }
	jobs := make(chan job)
	for range min(workers, len(rep.Lines)*len(cfg.Seeds)) {
		wg.Go(func() {
			for jb := range jobs {
				l := rep.Lines[jb.line]
				opt := SimOptions{Settings: set, Neighbours: jb.neighbours, Plan: l.Plan}
				opt.Settings.Strategy = l.Strategy
				run, err := simulateOne(ctx, jb.in, jb.stream, opt, func(day int, sec float64) {
					pr.printf("      seed %d %s: day %d of %d, %.0fs\n", jb.seed, l.Label(), day, jb.stream.Days, sec)
				})
				if err != nil {
					fail(fmt.Errorf("bench: seed %d %s: %w", jb.seed, l.Label(), err))
					continue
				}
				run.Seed = jb.seed
				l.Runs[jb.k] = run
				pr.done(jb.seed, l.Label(), run.Seconds)
			}
		})
	}
	var events, arrivals float64
seeds:
	for k, seed := range cfg.Seeds {
		g0 := time.Now()
		in := synth.Generate(cfg.Size, seed)
		stream := synth.GenerateEvents(in, 7*cfg.Weeks, seed, cfg.Dynamics)
		neighbours := in.Problem().Neighbours
		if k == 0 {
			rep.Cases, rep.Practitioners = len(in.Cases), len(in.Practitioners)
			cl, err := simCaseload(in)
			if err != nil {
				fail(fmt.Errorf("bench: seed %d: %w", seed, err))
				break
			}
			var points, reports, avail int
			for _, w := range cl.Workloads() {
				points, reports, avail = points+w.Points, reports+w.ReportPoints, avail+w.Available
			}
			rep.Utilisation, rep.BaseShare = 100*ratio(float64(points), float64(avail)), 100*ratio(float64(reports), float64(avail))
		}
		events += float64(len(stream.Events))
		arrivals += stream.Rates.Total()
		pr.printf("seed %d: %s cases, %s practitioners, %s events over %d days (%.1fs)\n",
			seed, Int(int64(len(in.Cases))), Int(int64(len(in.Practitioners))), Int(int64(len(stream.Events))), stream.Days, time.Since(g0).Seconds())
		for _, j := range order {
			select {
			case jobs <- job{k: k, line: j, seed: seed, in: in, stream: stream, neighbours: neighbours}:
			case <-ctx.Done():
				break seeds
			}
		}
	}
	close(jobs)
	wg.Wait()
	if failed != nil {
		return rep, failed
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	rep.Events = int(events/float64(len(cfg.Seeds)) + 0.5)
	rep.Arrivals = arrivals / float64(len(cfg.Seeds))
	rep.Seconds = time.Since(t0).Seconds()
	if cpu1, ok := processCPU(); ok && cpuKnown {
		rep.CPUSeconds = cpu1 - cpu0
	}
	return rep, nil
}

// simulateOne runs one simulation to its end, calling tick every 30
// seconds of wall time with the day reached.
func simulateOne(ctx context.Context, in *synth.Instance, stream *synth.Stream, opt SimOptions, tick func(day int, sec float64)) (*SimRun, error) {
	t0 := time.Now()
	s, err := NewSim(in, stream, opt)
	if err != nil {
		return nil, err
	}
	last := t0
	for !s.Done() {
		if err := s.Step(ctx); err != nil {
			return nil, err
		}
		if now := time.Now(); now.Sub(last) >= 30*time.Second {
			last = now
			tick(s.Day(), now.Sub(t0).Seconds())
		}
	}
	return &SimRun{Weeks: s.Weeks(), Ever: s.Ever(), Seconds: time.Since(t0).Seconds()}, nil
}

// simProgress writes Simulate's progress lines; it is safe for
// concurrent use.
type simProgress struct {
	mu    sync.Mutex
	w     io.Writer
	total int
	n     int
	t0    time.Time
}

func (p *simProgress) printf(format string, args ...any) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format, args...)
}

func (p *simProgress) done(seed uint64, label string, sec float64) {
	p.mu.Lock()
	p.n++
	n := p.n
	p.mu.Unlock()
	p.printf("[%d/%d] seed %d %s … %.1fs (%.0fs elapsed)\n", n, p.total, seed, label, sec, time.Since(p.t0).Seconds())
}

// SimSize returns a simulation's starting instance by name, renamed name:
// "region" is synth's "daily" size (1,000 practitioners holding 30,000
// cases at 115% of their available points with a spread of 12 points,
// and 300 cases waiting), "uneven-region" its twin of the Uneven family,
// and "national" the national size (10,000 practitioners, 240,000 cases)
// held the same way, with 2,400 of its cases waiting. Any other name is
// looked up with synth.SizeNamed. It returns false for an unknown name.
func SimSize(name string) (synth.Size, bool) {
	var s synth.Size
	var ok bool
	switch name {
	case "region":
		s, ok = synth.SizeNamed("daily")
	case "uneven-region":
		s, ok = synth.SizeNamed("uneven-daily")
	case "national":
		var daily synth.Size
		if s, ok = synth.SizeNamed("national"); ok {
			daily, ok = synth.SizeNamed("daily")
			s.New, s.Utilisation, s.Spread = s.Cases/100, daily.Utilisation, daily.Spread
		}
	default:
		s, ok = synth.SizeNamed(name)
	}
	s.Name = name
	return s, ok
}
