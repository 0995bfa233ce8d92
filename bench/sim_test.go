package bench_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/bench"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/synth"
)

// tinyHeld is a small held caseload: 20 practitioners (two teams)
// holding 400 cases at 115%, 10 waiting.
var tinyHeld = synth.Size{Name: "tiny-held", Cases: 410, Practitioners: 20, New: 10, Utilisation: 1.15, Spread: 0.12}

// churn speeds the generator up so that a few weeks of a tiny instance
// see every kind of event: orders of about two months, a practitioner
// leaving about every two weeks, frequent reassessments and absences.
func churn() *synth.Dynamics {
	d := synth.DefaultDynamics()
	d.Community = synth.LogNormal{Median: 2, Sigma: 0.5, Min: 1, Max: 6}
	d.Sentence = synth.LogNormal{Median: 3, Sigma: 0.5, Min: 1, Max: 12}
	d.MinSupervision = 1
	d.TierReview, d.RoSHReview, d.MAPPAReview = 6, 4, 2
	d.Leaving = 1
	d.VacancyDays = [2]int{3, 10}
	d.Sickness.Rate, d.Secondment.Rate = 2, 1
	return &d
}

// ledger is the tests' own account of a stream: the cases open and the
// practitioners in post, from the events alone.
type ledger struct {
	open, arrived map[string]bool
	staff         map[string]bool
}

func newLedger(in *synth.Instance) *ledger {
	l := &ledger{open: map[string]bool{}, arrived: map[string]bool{}, staff: map[string]bool{}}
	for _, c := range in.Cases {
		l.open[c.ID] = true
		if c.Practitioner == "" {
			l.arrived[c.ID] = true
		}
	}
	for _, p := range in.Practitioners {
		l.staff[p.ID] = true
	}
	return l
}

// play records the events of one day; it reports a termination of a case
// not open.
func (l *ledger) play(t rapid.TB, evs []synth.Event) {
	for _, ev := range evs {
		switch ev.Kind {
		case synth.Arrival:
			l.open[ev.Case], l.arrived[ev.Case] = true, true
		case synth.Termination:
			if !l.open[ev.Case] {
				t.Fatalf("day %d: termination of %s, not open", ev.Day, ev.Case)
			}
			delete(l.open, ev.Case)
			delete(l.arrived, ev.Case)
		case synth.Joiner:
			l.staff[ev.Practitioner] = true
		case synth.Leaver:
			delete(l.staff, ev.Practitioner)
		}
	}
}

// check compares the engine with the ledger: the engine holds exactly
// the open cases, each held by a practitioner in post who may hold it or
// waiting, every arrival still open among them.
func (l *ledger) check(t rapid.TB, day int, e *allocation.Engine) {
	var ids, held, waiting []string
	pol := grades.National()
	for _, pl := range e.Allocation() {
		ids = append(ids, pl.CaseID)
		if pl.PractitionerID == "" {
			waiting = append(waiting, pl.CaseID)
			continue
		}
		held = append(held, pl.CaseID)
		p, _, ok := e.Practitioner(pl.PractitionerID)
		c, _ := e.Case(pl.CaseID)
		switch {
		case !ok || !l.staff[pl.PractitionerID]:
			t.Fatalf("day %d: case %s held by %s, not in post", day, pl.CaseID, pl.PractitionerID)
		case pol.Decide(c.Risk, p.Grade).Verdict == grades.Ineligible:
			t.Fatalf("day %d: case %s (%v) held by %s, a %v, against a hard rule", day, c.ID, c.Risk, p.ID, p.Grade)
		case len(c.RestrictedTo) > 0 && !slices.Contains(c.RestrictedTo, p.ID) || slices.Contains(c.ExcludedFrom, p.ID):
			t.Fatalf("day %d: case %s held by %s against its access lists", day, c.ID, p.ID)
		}
	}
	open := make([]string, 0, len(l.open))
	for id := range l.open {
		open = append(open, id)
	}
	slices.Sort(open)
	slices.Sort(ids)
	if !slices.Equal(open, ids) {
		t.Fatalf("day %d: the engine's cases differ from the open cases (-open +engine):\n%s", day, cmp.Diff(open, ids))
	}
	var queue []string
	for _, w := range e.Waiting() {
		queue = append(queue, w.CaseID)
	}
	slices.Sort(queue)
	slices.Sort(waiting)
	if !slices.Equal(waiting, queue) {
		t.Fatalf("day %d: Waiting() differs from the unheld cases (-unheld +waiting):\n%s", day, cmp.Diff(waiting, queue))
	}
	for id := range l.arrived {
		if _, found := slices.BinarySearch(ids, id); !found {
			t.Fatalf("day %d: arrival %s is neither held nor waiting", day, id)
		}
	}
}

// TestSimConservation: whatever the seed, strategy, plan and hard cap,
// after every day the engine holds exactly the cases that arrived (or
// started) and have not ended, each held by a practitioner in post whom
// no hard rule or access list forbids, or waiting; terminations remove
// exactly the cases they name; and the weeks count every arrival once,
// as placed, closed while waiting or still waiting.
func TestSimConservation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64Range(1, 1<<20).Draw(t, "seed")
		st := rapid.SampledFrom(allocation.Strategies()).Draw(t, "strategy")
		plan := rapid.SampledFrom([]bench.Plan{{}, {Every: bench.Weekly, Budget: 5}}).Draw(t, "plan")
		hardCap := rapid.SampledFrom([]int{0, 115}).Draw(t, "hardcap")
		in := synth.Generate(tinyHeld, seed)
		stream := synth.GenerateEvents(in, 21, seed, churn())
		s, err := bench.NewSim(in, stream, bench.SimOptions{Settings: allocation.Settings{Strategy: st, Scope: allocation.SameTeam, HardCap: hardCap}, Plan: plan})
		if err != nil {
			t.Fatal(err)
		}
		l := newLedger(in)
		arrivals := len(l.arrived)
		for d := range stream.Days {
			l.play(t, stream.On(d))
			for _, ev := range stream.On(d) {
				if ev.Kind == synth.Arrival {
					arrivals++
				}
			}
			if err := s.Step(context.Background()); err != nil {
				t.Fatal(err)
			}
			l.check(t, d, s.Engine())
		}
		var got, placed, closed int
		for _, w := range s.Weeks() {
			got += w.Arrivals
			placed += w.PlacedArrivals
			closed += w.ClosedWaiting
		}
		still := 0
		for _, w := range s.Engine().Waiting() {
			if l.arrived[w.CaseID] {
				still++
			}
		}
		if got != arrivals || placed+closed+still < arrivals {
			t.Fatalf("weeks count %d arrivals of %d; placed %d + closed waiting %d + never placed and waiting %d", got, arrivals, placed, closed, still)
		}
	})
}

// timings are the fields that measure time: they differ between runs.
var timings = cmp.Options{
	cmpopts.IgnoreFields(bench.Week{}, "BatchSeconds", "BatchMax", "RebalanceSeconds"),
	cmpopts.IgnoreFields(bench.SimRun{}, "Seconds"),
	cmpopts.IgnoreFields(bench.SimReport{}, "Seconds", "CPUSeconds"),
}

// TestSimDeterministic: the same configuration gives the same report on
// one worker or three, and the same final allocation; another seed
// gives another.
func TestSimDeterministic(t *testing.T) {
	cfg := bench.SimConfig{
		Size: tinyHeld, Seeds: []uint64{3, 4}, Weeks: 3, Dynamics: churn(),
		Strategies: []allocation.Strategy{allocation.FlowSearch, allocation.Random},
		Plans:      []bench.Plan{{}, {Every: bench.Weekly, Budget: 5}},
		Settings:   allocation.Settings{Scope: allocation.SameTeam},
	}
	cfg.Workers = 1
	a, err := bench.Simulate(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Workers = 3
	b, err := bench.Simulate(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b, timings); diff != "" {
		t.Errorf("Simulate on 1 and 3 workers differs (-1 +3):\n%s", diff)
	}
	for _, l := range a.Lines {
		if cmp.Equal(l.Runs[0].Weeks, l.Runs[1].Weeks, timings) {
			t.Errorf("%s: seeds 3 and 4 gave the same weeks", l.Label())
		}
	}

	final := func() []allocation.Placement {
		in := synth.Generate(tinyHeld, 5)
		s, err := bench.NewSim(in, synth.GenerateEvents(in, 14, 5, churn()), bench.SimOptions{Plan: bench.Plan{Every: bench.Weekly, Budget: 5}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		return s.Engine().Allocation()
	}
	if diff := cmp.Diff(final(), final()); diff != "" {
		t.Errorf("two runs of one seed end in different allocations (-first +second):\n%s", diff)
	}
}

// TestSimulateSmoke runs a short simulation of every strategy, with and
// without a weekly rebalance, and writes its report and charts.
func TestSimulateSmoke(t *testing.T) {
	var progress bytes.Buffer
	cfg := bench.SimConfig{
		Size: tinyHeld, Seeds: []uint64{1, 2}, Weeks: 4, Dynamics: churn(),
		Plans:    []bench.Plan{{}, {Every: bench.Weekly, Budget: 5}},
		Settings: allocation.Settings{Scope: allocation.SameTeam},
		Progress: &progress,
	}
	rep, err := bench.Simulate(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(allocation.Strategies()) * 2; len(rep.Lines) != n {
		t.Fatalf("%d lines, want %d", len(rep.Lines), n)
	}
	for _, l := range rep.Lines {
		for k, r := range l.Runs {
			if r == nil || r.Seed != cfg.Seeds[k] || len(r.Weeks) != cfg.Weeks {
				t.Fatalf("%s run %d: %+v, want seed %d and %d weeks", l.Label(), k, r, cfg.Seeds[k], cfg.Weeks)
			}
			var arrivals, placed, moved int
			for _, w := range r.Weeks {
				if w.Days != 7 || w.Practitioners == 0 || w.Held == 0 {
					t.Errorf("%s seed %d: week %+v: want 7 days, practitioners and held cases", l.Label(), r.Seed, w)
				}
				arrivals, placed, moved = arrivals+w.Arrivals, placed+w.Placed, moved+w.Moved
			}
			if arrivals == 0 || placed == 0 || (moved > 0) != (l.Plan.Every != bench.Never) {
				t.Errorf("%s seed %d: %d arrivals, %d placed, %d moved: want arrivals, placements, and moves only with a rebalance", l.Label(), r.Seed, arrivals, placed, moved)
			}
		}
	}
	if lines := strings.Count(progress.String(), "\n"); lines != 2+len(rep.Lines)*2 {
		t.Errorf("%d progress lines, want a line per seed and per run:\n%s", lines, progress.String())
	}

	dir := t.TempDir()
	meta := bench.Meta{Command: "go run ./cmd/simulate", Machine: "test", Date: "today", Charts: map[string]string{}}
	for key, ms := range map[string][]bench.SimMetric{"workload": bench.WorkloadMetrics(), "cases": bench.CaseMetrics()} {
		p := filepath.Join(dir, key+".png")
		if err := bench.SimChart(rep, ms, key, p); err != nil {
			t.Fatalf("SimChart %s: %v", key, err)
		}
		if b, err := os.ReadFile(p); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Errorf("%s is not a PNG (%v)", p, err)
		}
		meta.Charts[key] = key + ".png"
	}
	var md bytes.Buffer
	if err := bench.WriteSimulation(&md, rep, meta); err != nil {
		t.Fatal(err)
	}
	want := []string{"## Workload (weekly snapshots)", "## Cases and solve time", "(workload.png)", "(cases.png)", "| **flow_search** | weekly/5", "size `tiny-held`"}
	for _, l := range rep.Lines {
		if l.Strategy != allocation.FlowSearch {
			want = append(want, "| "+l.Strategy.String()+" ")
		}
	}
	for _, w := range want {
		if !strings.Contains(md.String(), w) {
			t.Errorf("report lacks %q", w)
		}
	}
}

// TestBenchmarksLinkSimulation: the snapshot report links the
// simulation report.
func TestBenchmarksLinkSimulation(t *testing.T) {
	var md bytes.Buffer
	if err := bench.WriteMarkdown(&md, &bench.Report{}, bench.Meta{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "[SIMULATION.md](SIMULATION.md)") {
		t.Errorf("BENCHMARKS.md does not link SIMULATION.md:\n%s", md.String())
	}
}

// TestSimStartsAtTheInstance: on day 0, before any event, every
// practitioner's workload is their base load plus the points of the cases
// they hold, to within half a fast report (33 points).
func TestSimStartsAtTheInstance(t *testing.T) {
	in := synth.Generate(tinyHeld, 7)
	s, err := bench.NewSim(in, synth.GenerateEvents(in, 7, 7, nil), bench.SimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	weights := caseload.NationalWeights().At(in.AsOf)
	want := map[string]int{}
	for i, p := range in.Practitioners {
		want[p.ID] = in.Load[i]
	}
	for _, c := range in.Cases {
		if c.Practitioner != "" {
			want[c.Practitioner] += weights.Points(c)
		}
	}
	for id, points := range want {
		w, ok := s.Engine().Workload(id)
		if !ok || w.Points < points-33 || w.Points > points+32 {
			t.Errorf("%s starts at %d points (%v), want %d ± 33 (base load %d)", id, w.Points, ok, points, in.Load[slices.IndexFunc(in.Practitioners, func(p caseload.Practitioner) bool { return p.ID == id })])
		}
	}
}
