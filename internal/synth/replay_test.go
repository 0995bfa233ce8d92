package synth_test

import (
	"slices"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/synth"
	"github.com/probationkit/probation/tiering"
)

// replay plays a stream's events on a model of the caseload, reports
// every event that names an unknown or closed case, a practitioner not
// in post, or breaks a rule of its kind, and counts what the statistical
// tests need.
type replay struct {
	t      tb
	in     *synth.Instance
	s      *synth.Stream
	policy *grades.Policy
	capa   *caseload.Capacity

	open    map[string]*caseState
	closed  map[string]bool
	staff   map[string]*staffState
	left    map[string]bool
	teams   map[string]synth.Team
	members map[string]map[string]bool // team → practitioners in post

	// All practitioners ever in post and all arriving cases, with the
	// reductions the stream gave them, for caseload.Validate.
	people   []*caseload.Practitioner
	arrivals []caseload.Case

	tally
}

type caseState struct {
	typ     caseload.CaseType
	tier    tiering.Tier
	risk    grades.Profile
	arrived int // day of arrival, −1 for a starting case
	release int // day of release, −1 if none yet
	start   caseload.CaseType
}

type staffState struct {
	rec     *caseload.Practitioner
	away    int // first day after an absence in force
	hours   float64
	trainee time.Time // start of training, zero if none
}

// tally holds the counts of a replay.
type tally struct {
	kinds     map[synth.EventKind]int
	caseDays  [caseload.NumCaseTypes]float64 // open case-days by type, counted at the start of each day
	staffDays float64                        // practitioner-days in post
	awayDays  float64                        // … of which away on an absence
	openCount [caseload.NumCaseTypes]float64 // open cases by type now
	leavers   []int                          // days of the Leaver events
	byType    [caseload.NumCaseTypes]int     // arrivals by type
	weekend   int                            // arrivals on Saturdays and Sundays
	absences  map[string][]float64           // absence lengths in weeks, by reason (not NQO)
	poJoiners int                            // joiners into PO posts (PO or trainee)
	trainees  int                            // … of whom trainees
	// Durations in days of arriving cases: community arrival to end,
	// custody arrival to release, custody release to end; with the day
	// of arrival.
	community, custody, supervision []span
}

type span struct{ arrived, days int }

func newReplay(t tb, in *synth.Instance, s *synth.Stream) *replay {
	rp := &replay{
		t: t, in: in, s: s, policy: grades.National(), capa: caseload.NationalCapacity(),
		open: map[string]*caseState{}, closed: map[string]bool{}, staff: map[string]*staffState{},
		left: map[string]bool{}, teams: map[string]synth.Team{}, members: map[string]map[string]bool{},
		tally: tally{kinds: map[synth.EventKind]int{}, absences: map[string][]float64{}},
	}
	for _, tm := range in.Teams {
		rp.teams[tm.ID] = tm
		rp.members[tm.ID] = map[string]bool{}
	}
	for _, c := range in.Cases {
		rp.open[c.ID] = &caseState{typ: c.Type, tier: c.Tier, risk: c.Risk, arrived: -1, release: -1, start: c.Type}
		rp.openCount[c.Type]++
	}
	for _, p := range in.Practitioners {
		rp.hire(p)
	}
	return rp
}

func (rp *replay) hire(p caseload.Practitioner) {
	rec := p
	rec.Reductions = slices.Clone(p.Reductions)
	st := &staffState{rec: &rec, hours: rp.capa.Hours(p)}
	for _, r := range p.Reductions {
		if r.Reason == caseload.ReasonPQiP1 {
			st.trainee = r.Start
		}
	}
	rp.staff[p.ID] = st
	rp.members[p.Team][p.ID] = true
	rp.people = append(rp.people, &rec)
}

// run replays every event.
func (rp *replay) run() *replay {
	t, s := rp.t, rp.s
	t.Helper()
	next := 0
	for d := range s.Days {
		for typ, n := range rp.openCount {
			rp.caseDays[typ] += n
		}
		rp.staffDays += float64(len(rp.staff))
		for ; next < len(s.Events) && s.Events[next].Day == d; next++ {
			if s.Events[next].Seq != next {
				t.Errorf("event %d has Seq %d", next, s.Events[next].Seq)
			}
			rp.event(&s.Events[next])
		}
		if next < len(s.Events) && s.Events[next].Day < d {
			t.Fatalf("event %d on day %d after day %d's events", next, s.Events[next].Day, d)
		}
	}
	if next != len(s.Events) {
		t.Fatalf("event %d on day %d, outside the horizon of %d days", next, s.Events[next].Day, s.Days)
	}
	return rp
}

// consistent reports whether a tier and risk agree as the generator
// keeps them: Risk.Tier is the tier, A iff very high RoSH or MAPPA 2/3,
// high RoSH at least B, no S on custody, MAPPA or very high RoSH cases,
// change level 0 only in the community.
func consistent(typ caseload.CaseType, tier tiering.Tier, r grades.Profile) bool {
	p := tier.Protect()
	top := r.RoSH == tiering.RoSHVeryHigh || r.MAPPALevel >= tiering.MAPPA2
	return tier.IsValid() && r.Tier == tier && top == (p == tiering.ProtectA) &&
		!(r.RoSH == tiering.RoSHHigh && p > tiering.ProtectB) &&
		!(tier.Unsupervised() && (typ == caseload.Custody || r.MAPPALevel != tiering.MAPPANone || r.RoSH == tiering.RoSHVeryHigh)) &&
		(typ == caseload.Community || tier.Change() > 0)
}

func (rp *replay) event(e *synth.Event) {
	t := rp.t
	t.Helper()
	rp.kinds[e.Kind]++
	if e.Date != rp.s.Start.AddDate(0, 0, e.Day) || !e.Kind.IsValid() {
		t.Errorf("event %d: day %d date %v kind %v: want a valid kind dated Start + Day", e.Seq, e.Day, e.Date, e.Kind)
	}
	if (e.NewCase != nil) != (e.Kind == synth.Arrival) || (e.NewPractitioner != nil) != (e.Kind == synth.Joiner) ||
		(e.Reduction != nil) != (e.Kind == synth.Reduction) || (e.Case != "") != e.Kind.IsCase() || (e.Practitioner != "") == e.Kind.IsCase() {
		t.Errorf("event %d (%v): payloads case %q practitioner %q new case %v new practitioner %v reduction %v do not fit the kind",
			e.Seq, e.Kind, e.Case, e.Practitioner, e.NewCase != nil, e.NewPractitioner != nil, e.Reduction != nil)
		return
	}
	if e.Kind.IsCase() {
		rp.caseEvent(e)
	} else {
		rp.staffEvent(e)
	}
}

func (rp *replay) caseEvent(e *synth.Event) {
	t := rp.t
	t.Helper()
	if e.Kind == synth.Arrival {
		rp.arrival(e)
		return
	}
	c, ok := rp.open[e.Case]
	if !ok {
		t.Errorf("event %d (%v) on day %d names case %q, which is not open (closed before: %v)", e.Seq, e.Kind, e.Day, e.Case, rp.closed[e.Case])
		return
	}
	if e.Kind == synth.Termination {
		delete(rp.open, e.Case)
		rp.openCount[c.typ]--
		rp.closed[e.Case] = true
		switch {
		case c.arrived >= 0 && c.start == caseload.Community:
			rp.community = append(rp.community, span{c.arrived, e.Day - c.arrived})
		case c.arrived >= 0 && c.start == caseload.Custody && c.release >= 0:
			rp.supervision = append(rp.supervision, span{c.arrived, e.Day - c.release})
		}
		return
	}
	if !consistent(e.Type, e.Tier, e.Risk) {
		t.Errorf("event %d (%v) case %s: %v %v with %v is not consistent", e.Seq, e.Kind, e.Case, e.Type, e.Tier, e.Risk)
	}
	oneStep := func(a, b int) bool { return a-b == 1 || b-a == 1 }
	var bad bool
	switch e.Kind {
	case synth.Release:
		bad = c.typ != caseload.Custody || e.Type != caseload.Licence || e.Tier != c.tier || e.Risk != c.risk
		c.release = e.Day
		if c.arrived >= 0 {
			rp.custody = append(rp.custody, span{c.arrived, e.Day - c.arrived})
		}
	case synth.Unsupervised:
		bad = c.typ == caseload.Custody || c.tier.Unsupervised() || e.Tier != c.tier+16 || e.Type != c.typ
	case synth.TierChange:
		bad = e.Tier.Protect() != c.tier.Protect() || !oneStep(e.Tier.Change(), c.tier.Change()) || e.Tier.Unsupervised() != c.tier.Unsupervised() ||
			e.Risk.RoSH != c.risk.RoSH || e.Risk.MAPPALevel != c.risk.MAPPALevel
	case synth.RoSHChange:
		bad = !oneStep(int(e.Risk.RoSH), int(c.risk.RoSH)) || e.Tier.Change() != c.tier.Change() || e.Risk.MAPPALevel != c.risk.MAPPALevel
	case synth.MAPPAChange:
		bad = !oneStep(int(e.Risk.MAPPALevel), int(c.risk.MAPPALevel)) || e.Tier.Change() != c.tier.Change() || e.Risk.RoSH != c.risk.RoSH
	}
	if bad || e.Kind != synth.Release && e.Type != c.typ {
		t.Errorf("event %d (%v) case %s: from %v %v %v to %v %v %v breaks the kind's rule", e.Seq, e.Kind, e.Case, c.typ, c.tier, c.risk, e.Type, e.Tier, e.Risk)
	}
	rp.openCount[c.typ]--
	rp.openCount[e.Type]++
	c.typ, c.tier, c.risk = e.Type, e.Tier, e.Risk
}

func (rp *replay) arrival(e *synth.Event) {
	t := rp.t
	t.Helper()
	c := e.NewCase
	if _, dup := rp.open[c.ID]; dup || rp.closed[c.ID] || c.ID != e.Case {
		t.Errorf("arrival %d: case ID %q (event names %q) is not new", e.Seq, c.ID, e.Case)
	}
	if wd := e.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
		rp.weekend++
	}
	_, ok := rp.teams[c.Team]
	if !ok || c.Practitioner != "" || c.Tier != e.Tier || c.Type != e.Type || c.Risk != e.Risk || c.Tier.Unsupervised() || !consistent(c.Type, c.Tier, c.Risk) {
		t.Errorf("arrival %d: case %+v (team known %v) is not a new, consistent, supervised case matching the event", e.Seq, c, ok)
	}
	members := rp.members[c.Team]
	for _, id := range append(slices.Clone(c.RestrictedTo), c.ExcludedFrom...) {
		if !members[id] {
			t.Errorf("arrival %d: case %s's access list names %s, not in post in team %s", e.Seq, c.ID, id, c.Team)
		}
	}
	if c.Previous != "" {
		ok, warn := rp.policy.Eligible(c.Risk)
		p := rp.staff[c.Previous]
		if !members[c.Previous] || p == nil || !ok.Has(p.rec.Grade) || warn.Has(p.rec.Grade) || slices.Contains(c.ExcludedFrom, c.Previous) ||
			len(c.RestrictedTo) > 0 && !slices.Contains(c.RestrictedTo, c.Previous) {
			t.Errorf("arrival %d: case %s's previous practitioner %s is not in post in its team or may not hold it", e.Seq, c.ID, c.Previous)
		}
	}
	if (len(c.RestrictedTo) > 0 || len(c.ExcludedFrom) > 0) != c.Risk.Flags.Has(grades.RestrictedAccess) {
		t.Errorf("arrival %d: case %s has access lists %v %v but flags %v", e.Seq, c.ID, c.RestrictedTo, c.ExcludedFrom, c.Risk.Flags)
	}
	rp.open[c.ID] = &caseState{typ: c.Type, tier: c.Tier, risk: c.Risk, arrived: e.Day, release: -1, start: c.Type}
	rp.openCount[c.Type]++
	rp.byType[c.Type]++
	rp.arrivals = append(rp.arrivals, *c)
}

// progressions are the grade steps the stream may make.
var progressions = map[grades.Grade]grades.Grade{
	grades.PQiP1: grades.PQiP2, grades.PQiP2: grades.PQiP3, grades.PQiP3: grades.PQiP4,
	grades.PQiP4: grades.NQO, grades.NQO: grades.PO,
}

func (rp *replay) staffEvent(e *synth.Event) {
	t := rp.t
	t.Helper()
	if e.Kind == synth.Joiner {
		p := e.NewPractitioner
		_, known := rp.teams[p.Team]
		if rp.staff[p.ID] != nil || rp.left[p.ID] || p.ID != e.Practitioner || p.Grade != e.Grade || !known {
			t.Errorf("joiner %d: %+v is not new, or in no known team", e.Seq, p)
			return
		}
		switch p.Grade {
		case grades.PO:
			rp.poJoiners++
		case grades.PQiP1:
			rp.poJoiners++
			rp.trainees++
		}
		rp.hire(*p)
		return
	}
	p, ok := rp.staff[e.Practitioner]
	if !ok {
		t.Errorf("event %d (%v) on day %d names practitioner %q, not in post (left before: %v)", e.Seq, e.Kind, e.Day, e.Practitioner, rp.left[e.Practitioner])
		return
	}
	switch e.Kind {
	case synth.Leaver:
		delete(rp.staff, e.Practitioner)
		delete(rp.members[p.rec.Team], e.Practitioner)
		rp.left[e.Practitioner] = true
		rp.leavers = append(rp.leavers, e.Day)
		if p.away > e.Day {
			rp.awayDays -= float64(min(p.away, rp.s.Days) - e.Day)
		}
	case synth.Progression:
		if progressions[p.rec.Grade] != e.Grade {
			t.Errorf("progression %d: %s from %v to %v", e.Seq, e.Practitioner, p.rec.Grade, e.Grade)
		}
		if !p.trainee.IsZero() {
			var want time.Time
			switch e.Grade {
			case grades.PQiP2, grades.PQiP3, grades.PQiP4:
				want = p.trainee.AddDate(0, 6*int(e.Grade-grades.PQiP1), 0)
			case grades.NQO:
				want = p.trainee.AddDate(0, 21, 0)
			}
			if off := e.Date.Sub(want).Hours() / 24; !want.IsZero() && (off < -3 || off > 3) {
				t.Errorf("progression %d: %s to %v on %v, want %v (training began %v)", e.Seq, e.Practitioner, e.Grade, e.Date, want, p.trainee)
			}
		}
		p.rec.Grade = e.Grade
	case synth.Reduction:
		r := *e.Reduction
		_, known := rp.capa.Reason(r.Reason)
		if !known || !r.Start.Equal(e.Date) || !r.End.After(r.Start) || r.Hours <= 0 || r.Hours > p.hours {
			t.Errorf("reduction %d of %s: %+v: want a known reason, from the event's date, ending later, of at most %v hours", e.Seq, e.Practitioner, r, p.hours)
		}
		if r.Reason != caseload.ReasonNQO {
			if p.away > e.Day {
				t.Errorf("reduction %d of %s starts on day %d while away until day %d", e.Seq, e.Practitioner, e.Day, p.away)
			}
			days := int(r.End.Sub(r.Start).Hours()/24 + 0.5)
			p.away = e.Day + days
			rp.awayDays += float64(min(p.away, rp.s.Days) - e.Day)
			rp.absences[r.Reason] = append(rp.absences[r.Reason], float64(days)/7)
		}
		p.rec.Reductions = append(p.rec.Reductions, r)
	}
}

// validate checks every practitioner ever in post, with the reductions
// the stream gave them, and every arriving case with caseload.Validate.
func (rp *replay) validate() {
	rp.t.Helper()
	ps := make([]caseload.Practitioner, len(rp.people))
	for i, p := range rp.people {
		ps[i] = *p
	}
	if err := caseload.Validate(rp.arrivals, ps, rp.capa); err != nil {
		rp.t.Errorf("caseload.Validate(arrivals, practitioners) = %v", err)
	}
}
