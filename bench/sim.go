package bench

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/enum"
	"github.com/probationkit/probation/internal/synth"
)

// Every says how often a simulation rebalances. The zero value is Never.
type Every uint8

// The rebalance schedules.
const (
	// Never: no rebalance; only the daily batch places cases.
	Never Every = iota
	// Weekly: a rebalance every Friday, after the day's batch.
	Weekly
	// Monthly: a rebalance on the first Friday of each calendar month,
	// after the day's batch.
	Monthly
)

var everyText = enum.New[Every]("bench", "rebalance schedule", "Every", Never, "none", "weekly", "monthly")

// String returns "none", "weekly" or "monthly".
func (e Every) String() string { return everyText.String(e) }

// IsValid reports whether e is one of the constants.
func (e Every) IsValid() bool { return everyText.Valid(e) }

// ParseEvery parses the String form, ignoring case.
func ParseEvery(s string) (Every, error) { return everyText.Parse(s) }

// due reports whether a rebalance falls on date.
func (e Every) due(date time.Time) bool {
	switch {
	case date.Weekday() != time.Friday:
		return false
	case e == Weekly:
		return true
	case e == Monthly:
		return date.Day() <= 7
	}
	return false
}

// Plan is a simulation's rebalance: how often, and how many held cases
// each rebalance may move.
type Plan struct {
	Every Every
	// Budget caps the voluntary moves of one rebalance
	// (allocation.RebalanceOptions.MoveBudget); it must be positive when
	// Every is not Never. Moves forced by a holder who may no longer hold
	// a case are not counted, as in allocation.
	Budget int
}

// String returns "none" or, for example, "monthly/100" (schedule and
// budget).
func (p Plan) String() string {
	if p.Every == Never {
		return "none"
	}
	return fmt.Sprintf("%v/%d", p.Every, p.Budget)
}

// SimOptions configure one simulation.
type SimOptions struct {
	// Settings configures the engine, as EngineConfig.Settings:
	// Settings.Strategy chooses the strategy of the daily batch and of
	// the rebalances; the zero value is allocation's defaults
	// (FlowSearch, scope SamePDU).
	Settings allocation.Settings
	// Neighbours is EngineConfig.Neighbours; nil means the instance's
	// (synth.Instance.Problem: each team's nearest other team).
	Neighbours map[string][]string
	// Plan is the rebalance; the zero value is none.
	Plan Plan
}

// Sim replays a synth event stream day by day through one
// allocation.Engine and records what happens, week by week. Make one with
// NewSim, then call Step once a day (or Run for the rest of the stream).
//
// The engine starts from the instance's cases and practitioners, each
// practitioner's base load (Instance.Load: court reports and work outside
// the listed cases, which the synth generator uses to reach its target
// utilisation) carried as court reports completed in the last 30 days
// (BaseReports), so that workloads start where the instance puts them.
// A base load stays with its practitioner for the whole run (the report
// counts do not age) and leaves with them; joiners have none.
//
// Each day d (date = Start + d days):
//
//  1. From day 1 on, the engine's date moves to date
//     (allocation.DateMoves): reductions start and end.
//  2. The day's events are applied in stream order, each mapped to engine
//     events as synth.EventKind's comments ask: a Termination closes the
//     case (CaseCloses), held or waiting; an Arrival adds the case,
//     waiting (CaseArrives); a Release, an Unsupervised turn and the
//     tier, RoSH and MAPPA changes rewrite the case's tier, type and risk
//     (CaseChanges), and, when its holder's grade may no longer hold it
//     without a warning under the engine's policy, the same change puts
//     it back to waiting; a Leaver leaves (PractitionerLeaves: their
//     cases wait, naming them as previous practitioner); a Joiner joins
//     (PractitionerJoins); a Progression rewrites the grade
//     (PractitionerChanges: under grades.National a later stage may hold
//     all an earlier stage may, a promise grades' property tests keep,
//     so no held case needs to move); a Reduction is added
//     (ReductionAdded) and ends on its own as the date moves.
//  3. If cases wait, the engine places them with its strategy
//     (Engine.Batch), timed.
//  4. On the plan's rebalance days, the engine proposes a rebalance with
//     the plan's move budget (Engine.Rebalance) and accepts it (Accept).
//  5. On the last day of each week (days 6, 13, …), and on the stream's
//     last day, it takes the weekly snapshot of workloads that WMT takes,
//     and closes the Week.
//
// A Sim is deterministic: the same instance, stream and options give the
// same Weeks, but for the timings. It is not safe for concurrent use.
type Sim struct {
	in     *synth.Instance
	stream *synth.Stream
	opt    SimOptions
	eng    *allocation.Engine
	policy *grades.Policy
	day    int

	// arrived holds the waiting cases that have never been placed, with
	// their day of arrival (the instance's waiting cases arrive on day 0).
	arrived map[string]int
	// history holds each practitioner's last weekly workload percentages
	// (at most caseload.ExcessiveWeeks); ever, those who have been in the
	// Excessive state.
	history map[string][]float64
	ever    map[string]bool

	week  Week
	weeks []Week
}

// NewSim returns a simulation of stream from its starting instance in,
// at day 0. It returns an error if stream does not start at in.AsOf, the
// plan is invalid, or the engine refuses the settings or the instance.
// O(cases + practitioners).
func NewSim(in *synth.Instance, stream *synth.Stream, opt SimOptions) (*Sim, error) {
	if !stream.Start.Equal(in.AsOf) {
		return nil, fmt.Errorf("bench: the stream starts on %v, the instance is as of %v", stream.Start, in.AsOf)
	}
	if !opt.Plan.Every.IsValid() || opt.Plan.Every != Never && opt.Plan.Budget <= 0 {
		return nil, fmt.Errorf("bench: rebalance plan %v: want a known schedule and, unless none, a positive budget", opt.Plan)
	}
	cl, err := simCaseload(in)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	if opt.Neighbours == nil {
		opt.Neighbours = in.Problem().Neighbours
	}
	settings := opt.Settings
	settings.Progress = nil
	policy := grades.National()
	eng, err := allocation.NewEngine(cl, allocation.EngineConfig{Policy: policy, Settings: &settings, Neighbours: opt.Neighbours})
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	s := &Sim{
		in: in, stream: stream, opt: opt, eng: eng, policy: policy,
		arrived: map[string]int{},
		history: make(map[string][]float64, len(in.Practitioners)),
		ever:    map[string]bool{},
	}
	for _, c := range in.Cases {
		if c.Practitioner == "" {
			s.arrived[c.ID] = 0
			s.week.Arrivals++
		}
	}
	return s, nil
}

// simCaseload returns the caseload a simulation starts from: the
// instance's practitioners and cases at AsOf under the national weights
// and capacity, each practitioner's base load (Instance.Load, the work
// outside the listed cases) carried as court reports (see BaseReports).
func simCaseload(in *synth.Instance) (*caseload.Caseload, error) {
	rp := caseload.NationalWeights().At(in.AsOf).Reports
	ps := slices.Clone(in.Practitioners)
	for i := range ps {
		if i < len(in.Load) {
			r := BaseReports(in.Load[i], rp)
			ps[i].Reports.Standard += r.Standard
			ps[i].Reports.Fast += r.Fast
		}
	}
	return caseload.Build(in.Cases, ps, in.AsOf, nil)
}

// BaseReports returns court reports worth about points under the report
// weights rp: as many standard reports as fit, then the nearest number of
// fast reports, so within half a fast report's points (33 points
// nationally, 1.5% of a full-time PO's 2,176). It returns none for
// points ≤ 0 or weights that are not positive.
func BaseReports(points int, rp caseload.ReportPoints) caseload.Reports {
	if points <= 0 || rp.Standard <= 0 || rp.Fast <= 0 {
		return caseload.Reports{}
	}
	standard := points / rp.Standard
	fast := (points - standard*rp.Standard + rp.Fast/2) / rp.Fast
	return caseload.Reports{Standard: standard, Fast: fast}
}

// Engine returns the simulation's engine, for queries; changing it
// changes the simulation.
func (s *Sim) Engine() *allocation.Engine { return s.eng }

// Day returns the next day Step plays (0 before the first).
func (s *Sim) Day() int { return s.day }

// Done reports whether every day of the stream has been played.
func (s *Sim) Done() bool { return s.day >= s.stream.Days }

// Weeks returns the weeks closed so far (a copy).
func (s *Sim) Weeks() []Week { return append([]Week(nil), s.weeks...) }

// Ever returns how many practitioners have been in the Excessive state
// at some weekly snapshot so far.
func (s *Sim) Ever() int { return len(s.ever) }

// errDone is returned by Step after the last day.
var errDone = errors.New("bench: the simulation has played every day of its stream")

// Step plays the next day (see Sim). An error from the engine (an event it
// refuses, a failed batch or rebalance) ends the simulation: it names the
// day and the event. The cancellation of ctx stops a batch or rebalance
// early, as allocation does, and the next Step returns ctx's error.
func (s *Sim) Step(ctx context.Context) error {
	if s.Done() {
		return errDone
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	d := s.day
	date := s.stream.Start.AddDate(0, 0, d)
	if d > 0 {
		if _, err := s.eng.Apply(allocation.DateMoves(date)); err != nil {
			return fmt.Errorf("bench: day %d: moving the date: %w", d, err)
		}
	}
	events := s.stream.On(d)
	for k := range events {
		ev := &events[k]
		if err := s.apply(ev); err != nil {
			return fmt.Errorf("bench: day %d: event %d (%v %s%s): %w", d, ev.Seq, ev.Kind, ev.Case, ev.Practitioner, err)
		}
	}
	if err := s.batch(ctx, d, date); err != nil {
		return err
	}
	if s.opt.Plan.Every.due(date) {
		if err := s.rebalance(ctx, d, date); err != nil {
			return err
		}
	}
	s.week.Days++
	if d%7 == 6 || d == s.stream.Days-1 {
		s.snapshot()
	}
	s.day++
	return nil
}

// Run plays the remaining days.
func (s *Sim) Run(ctx context.Context) error {
	for !s.Done() {
		if err := s.Step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// apply maps one synth event to engine events and applies them.
func (s *Sim) apply(ev *synth.Event) error {
	at := ev.Date
	w := &s.week
	switch ev.Kind {
	case synth.Termination:
		if _, ok := s.arrived[ev.Case]; ok {
			delete(s.arrived, ev.Case)
			w.ClosedWaiting++
		}
		return s.do(allocation.CaseCloses(at, ev.Case))
	case synth.Arrival:
		s.arrived[ev.Case] = ev.Day
		w.Arrivals++
		return s.do(allocation.CaseArrives(at, *ev.NewCase))
	case synth.Release, synth.Unsupervised, synth.TierChange, synth.RoSHChange, synth.MAPPAChange:
		c, ok := s.eng.Case(ev.Case)
		if !ok {
			return fmt.Errorf("%w: case %q", caseload.ErrUnknown, ev.Case)
		}
		c.Tier, c.Type, c.Risk = ev.Tier, ev.Type, ev.Risk
		if c.Practitioner != "" && !s.mayHold(c) {
			c.Practitioner = ""
			w.Reallocated++
		}
		return s.do(allocation.CaseChanges(at, c))
	case synth.Leaver:
		if wl, ok := s.eng.Workload(ev.Practitioner); ok {
			w.Reallocated += wl.Cases
		}
		delete(s.history, ev.Practitioner)
		return s.do(allocation.PractitionerLeaves(at, ev.Practitioner))
	case synth.Joiner:
		return s.do(allocation.PractitionerJoins(at, *ev.NewPractitioner))
	case synth.Progression:
		p, _, ok := s.eng.Practitioner(ev.Practitioner)
		if !ok {
			return fmt.Errorf("%w: practitioner %q", caseload.ErrUnknown, ev.Practitioner)
		}
		p.Grade = ev.Grade
		return s.do(allocation.PractitionerChanges(at, p))
	case synth.Reduction:
		return s.do(allocation.ReductionAdded(at, ev.Practitioner, *ev.Reduction))
	}
	return fmt.Errorf("unknown event kind %v", ev.Kind)
}

func (s *Sim) do(ev allocation.Event) error {
	_, err := s.eng.Apply(ev)
	return err
}

// mayHold reports whether case c's holder may hold it without a warning
// under the engine's policy (grades' hard and soft rules; the access lists
// do not change during a simulation).
func (s *Sim) mayHold(c caseload.Case) bool {
	p, _, ok := s.eng.Practitioner(c.Practitioner)
	if !ok {
		return false
	}
	okSet, warn := s.policy.Eligible(c.Risk)
	return okSet.Has(p.Grade) && !warn.Has(p.Grade)
}

// batchHour is the time of day of the daily batch and the rebalance.
const batchHour = 17 * time.Hour

// batch places the waiting cases, if any.
func (s *Sim) batch(ctx context.Context, d int, date time.Time) error {
	if len(s.eng.Waiting()) == 0 {
		return nil
	}
	t0 := time.Now()
	res, err := s.eng.Batch(ctx, allocation.BatchOptions{At: date.Add(batchHour), Job: fmt.Sprintf("day %d", d)})
	sec := time.Since(t0).Seconds()
	if err != nil {
		return fmt.Errorf("bench: day %d: batch: %w", d, err)
	}
	s.week.BatchSeconds += sec
	s.week.BatchMax = max(s.week.BatchMax, sec)
	s.week.Batches++
	for _, dec := range res.Decisions {
		s.placed(dec.CaseID, dec.To, d)
	}
	return nil
}

// rebalance proposes a rebalance with the plan's budget and accepts it.
func (s *Sim) rebalance(ctx context.Context, d int, date time.Time) error {
	t0 := time.Now()
	p, err := s.eng.Rebalance(ctx, allocation.RebalanceOptions{MoveBudget: s.opt.Plan.Budget, Job: fmt.Sprintf("rebalance day %d", d)})
	if err != nil {
		return fmt.Errorf("bench: day %d: rebalance: %w", d, err)
	}
	decs, err := s.eng.Accept(p, date.Add(batchHour), "")
	if err != nil {
		return fmt.Errorf("bench: day %d: accepting the rebalance: %w", d, err)
	}
	s.week.RebalanceSeconds += time.Since(t0).Seconds()
	s.week.Rebalances++
	for _, dec := range decs {
		if dec.From == "" {
			s.placed(dec.CaseID, dec.To, d)
		} else {
			s.week.Moved++
		}
	}
	return nil
}

// placed records the placement of a waiting case on day d.
func (s *Sim) placed(id, to string, d int) {
	w := &s.week
	w.Placed++
	if day, ok := s.arrived[id]; ok {
		delete(s.arrived, id)
		w.PlacedArrivals++
		w.WaitDays += d - day
	}
	c, _ := s.eng.Case(id)
	if c.Previous == "" {
		return
	}
	if _, _, in := s.eng.Practitioner(c.Previous); in {
		w.WithPrevious++
		if to == c.Previous {
			w.Kept++
		}
	}
}
