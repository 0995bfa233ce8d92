package synth

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// GenerateEvents returns the events of days days that follow the
// instance in (its cases, held or waiting, and its practitioners), for
// the seed, with the parameters d (nil means [DefaultDynamics]). The
// result depends only on (in, days, seed, d), whatever the platform or
// the number of cores; in is not modified. Day 0 is in.AsOf. It takes
// time and memory about linear in the cases and practitioners plus the
// events (a region-year, about 60,000 events, in tens of milliseconds).
//
// The stream is calibrated so that the caseload keeps its size and mix:
//
//   - Arrivals. Each case type has a mean stay: a community order's
//     length E[D], a custody case's time in custody Release·E[S], and a
//     licence's supervision after release E[max((1−Release)·S,
//     MinSupervision)], for D ~ Dynamics.Community and S ~
//     Dynamics.Sentence (months of 365.25/12 days). By Little's law,
//     community and custody cases arrive at stock ÷ mean stay per
//     calendar day, and licence cases at what the instance's licence
//     stock needs beyond the custody cases released into it (never
//     below 0) ÷ their mean stay (see Stream.Rates). Arrivals come on
//     working days only (Monday to Friday) at 7/5 of the daily rate, a
//     Poisson number a day. Each goes to a team chosen in proportion to
//     the team's cases in the instance, near its office (8 km per axis);
//     its tier (without S), type and risk profile are copied from a case
//     of the same type drawn uniformly from the instance, so arrivals
//     follow the instance's tier, risk and flag mix (the family's
//     letters, drawRisk, the calibrated change levels). A share
//     Dynamics.Previous names a previous practitioner (a team member in
//     post who may hold it), Dynamics.Excluded exclude one team member
//     and Dynamics.Restricted are restricted to 2–4 of the team, two of
//     them POs where the team has two in post.
//   - Terminations and releases. An arriving community case ends after
//     D; a custody case is released after Release·S and ends
//     max((1−Release)·S, MinSupervision) later; a licence arrival ends
//     after that supervision. A case of the starting instance is drawn
//     as a case seen in a stationary caseload: its length from the
//     length-biased law (LogNormal.LengthBiased for D and for S of
//     custody cases; by rejection in proportion to the supervision
//     length for licence cases) and how far through it is uniform, so
//     its remaining time is what a caseload in balance would show. Its
//     S tier is respected (an S case is in the final third).
//   - The Probation Reset. At Reset (2/3) of an order or of the
//     supervision after release, a community or licence case not exempt
//     (no MAPPA, not very high RoSH, no child protection flag) turns S
//     with probability q, drawn once per case. q is set so that the
//     stationary share of S cases, q × (non-exempt community and licence
//     share) × (1 − Reset), equals the instance's S share, capped at 1
//     (Stream.Rates.Reset); the sources give the rule but not the share
//     of community orders with a RAR it applies to.
//   - Reassessments. Each open case proposes a change-level step at
//     Dynamics.TierReview a year, a RoSH step at RoSHReview and a MAPPA
//     step at MAPPAReview (Poisson processes). A step goes up or down
//     with equal chance and is kept with probability min(1, π(new) /
//     π(old)), where π is the instance's distribution of that level
//     (change levels by case type); a step out of range or not kept
//     emits nothing. This Metropolis rule keeps each level's
//     distribution where the instance has it, so reassessments move
//     cases without drifting the mix; the expected rate of emitted
//     changes is the review rate × Σ_k min(π_k, π_k+1). RoSH and MAPPA
//     steps carry the protect letter with them: very high RoSH or MAPPA
//     2/3 makes A; a letter that RoSH set follows RoSH (high B, medium
//     C, low or none D); high RoSH keeps at least B and medium at least
//     C (domain/tiering.md §1.2). Becoming exempt drops an S suffix.
//   - Staff. Every practitioner in post leaves at Dynamics.Leaving a
//     year (exponential time; the instance's departing practitioner
//     leaves on day 0). Their post is filled in the same team after
//     VacancyDays: a PSO post by a PSO, a PO post (PO, NQO or trainee)
//     by a new PQiP1 with probability f, else by a PO, where f = trainees
//     ÷ (PO posts × Leaving × TrainingYears), capped at 1, keeps the
//     trainee share of PO posts steady (Stream.Rates.Trainee). Joiners
//     are part-time in the family's share and hours. A trainee moves
//     through PQiP2, PQiP3 and PQiP4 when each PQiP reduction of their
//     schedule ends (6, 12, 18 months), qualifies as an NQO
//     QualifyMonths after starting (taking the 20% NQO reduction for 9
//     months unless their schedule already has it then), and becomes a
//     PO when the NQO reduction ends. Joining trainees carry the PQiP
//     reductions of caseload.Capacity.TraineeSchedule; the NQO reduction
//     comes on qualifying.
//   - Absences. Each practitioner in post starts a sickness, maternity
//     or secondment absence at its Dynamics rate a year while not away,
//     as a reduction of Share of their contracted hours lasting Weeks;
//     the next absence of any kind can start only after it ends.
//
// Within a day, events come in EventKind order (terminations first,
// arrivals last), and within a kind in the order the generator met them.
// No event changes a practitioner's base load (Instance.Load), their
// contracted hours or a case's team.
//
// GenerateEvents panics if days < 0 or d fails its checks (a rate or
// share out of range, a law that cannot be drawn, a reduction reason
// missing from caseload.NationalCapacity): programmer errors in a fixed
// parameter set.
func GenerateEvents(in *Instance, days int, seed uint64, d *Dynamics) *Stream {
	dyn := DefaultDynamics()
	if d != nil {
		dyn = *d
	}
	capacity := caseload.NationalCapacity()
	if err := dyn.check(capacity); err != nil {
		panic(err)
	}
	if days < 0 {
		panic(fmt.Sprintf("synth: GenerateEvents over %d days, want at least 0", days))
	}
	g := &eventGen{
		in:       in,
		dyn:      &dyn,
		days:     days,
		start:    in.AsOf,
		capacity: capacity,
		policy:   grades.National(),
		sh:       shapeOf(in.Family),
		due:      make([][]job, days),
		rArrive:  stream(seed, streamArrive),
		rLife:    stream(seed, streamLife),
		rChange:  stream(seed, streamChange),
		rStaff:   stream(seed, streamStaffEvents),
	}
	g.setupCases()
	g.setupStaff()
	// About 3.2 events per arriving case (its arrival, its end, and its
	// share of releases, resets and reassessments) and one per
	// practitioner-year; room for that saves copying.
	years := float64(days) / 365.25
	g.events = make([]Event, 0, int(g.rates.Total()*float64(days)*3.2+float64(len(g.staff))*years))
	g.run()
	return &Stream{Start: g.start, Days: days, Seed: seed, Rates: g.rates, Events: g.events}
}

// The random streams of the event generator (see stream).
const (
	streamArrive uint64 = iota + 0x5eed0101
	streamLife
	streamChange
	streamStaffEvents
)

// monthDays is the length of a month in days.
const monthDays = 365.25 / 12

// jobKind is a scheduled step of the generator. A day's jobs run in
// jobKind order, which follows EventKind order.
type jobKind uint8

const (
	jobTerminate jobKind = iota
	jobRelease
	jobUnsupervised
	jobTier
	jobRoSH
	jobMAPPA
	jobLeave
	jobJoin
	jobStage
	jobAbsence // + absence kind 0, 1, 2
)

// job is a step due on some day: idx is a case, practitioner or vacancy
// index, by kind.
type job struct {
	kind jobKind
	idx  int32
}

// eventGen holds the working state of GenerateEvents.
type eventGen struct {
	in       *Instance
	dyn      *Dynamics
	days     int
	start    time.Time
	capacity *caseload.Capacity
	policy   *grades.Policy
	sh       *shape

	rArrive, rLife, rChange, rStaff *rand.Rand

	cases     []caseRec
	staff     []staffRec
	teams     []teamRec
	vacancies []vacancy
	caseIDs   map[string]bool // IDs taken, for new IDs
	staffIDs  map[string]bool
	nextCase  int
	nextStaff int

	due    [][]job
	events []Event
	rates  Rates

	teamCum   []float64                      // cumulative instance cases by team
	templates [caseload.NumCaseTypes][]int32 // instance cases by type
	piChange  [caseload.NumCaseTypes][4]float64
	piRoSH    [tiering.RoSHVeryHigh + 1]float64
	piMAPPA   [tiering.MAPPA3 + 1]float64
}

// schedule puts a job on day d if d falls in the horizon. Jobs are only
// ever scheduled for a later day than the one running (or during setup).
func (g *eventGen) schedule(d int, kind jobKind, idx int) {
	if d >= 0 && d < g.days {
		g.due[d] = append(g.due[d], job{kind, int32(idx)})
	}
}

// after returns the day of the next event of a Poisson process of rate
// per year, from day d: at least d+1.
func after(r *rand.Rand, d int, rate float64) int {
	if !(rate > 0) {
		return math.MaxInt32
	}
	return d + max(1, int(math.Ceil(r.ExpFloat64()*365.25/rate)))
}

// date returns day d as a date.
func (g *eventGen) date(d int) time.Time { return g.start.AddDate(0, 0, d) }

// dayOf returns the day of date t (rounded to whole days; negative
// before the start).
func (g *eventGen) dayOf(t time.Time) int { return int(math.Round(t.Sub(g.start).Hours() / 24)) }

// emit appends an event of kind on day d and returns it to be filled in
// before the next emit.
func (g *eventGen) emit(d int, kind EventKind) *Event {
	g.events = append(g.events, Event{Day: d, Date: g.date(d), Seq: len(g.events), Kind: kind})
	return &g.events[len(g.events)-1]
}

// run plays the days: each day's jobs in jobKind order (stable), then,
// on working days, the arrivals.
func (g *eventGen) run() {
	for d := range g.days {
		jobs := g.due[d]
		slices.SortStableFunc(jobs, func(a, b job) int { return cmp.Compare(a.kind, b.kind) })
		for _, j := range jobs {
			switch {
			case j.kind <= jobMAPPA:
				g.caseJob(d, j)
			default:
				g.staffJob(d, j)
			}
		}
		g.due[d] = nil
		if wd := g.date(d).Weekday(); wd != time.Saturday && wd != time.Sunday {
			g.arrivals(d)
		}
	}
}

// newID returns the next ID of the form prefix + n (zero-padded to
// width) not in taken, and records it.
func newID(taken map[string]bool, next *int, format string) string {
	for {
		*next++
		id := fmt.Sprintf(format, *next)
		if !taken[id] {
			taken[id] = true
			return id
		}
	}
}
