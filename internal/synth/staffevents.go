package synth

import (
	"math"
	"slices"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

// teamRec is a team as the event generator sees it: its practitioners in
// post, in index order.
type teamRec struct {
	id      string
	office  caseload.Location
	members []int32
}

// staffRec is what the event generator keeps of a practitioner.
type staffRec struct {
	id     string
	team   int32
	grade  grades.Grade
	hours  float64 // contracted hours (the grade default if the record has 0)
	inPost bool
	// away is the first day after the absence in force, if any.
	away int
	// steps are the grade changes still to come for a trainee or NQO, in
	// date order; next is the first not yet run.
	steps []step
	next  int
}

// step is a grade change on a day, with the NQO reduction that comes
// with qualifying when the trainee's schedule lacks one.
type step struct {
	day   int
	grade grades.Grade
	nqo   *caseload.Reduction
}

// vacancy is a post left by a leaver, to be filled in its team.
type vacancy struct {
	team int32
	po   bool // a PO post (PO, NQO or trainee), else a PSO post
}

// setupStaff records the instance's practitioners, works out the
// trainee share of refilled PO posts, and schedules each one's leaving,
// progression and absences.
func (g *eventGen) setupStaff() {
	in := g.in
	g.staffIDs = make(map[string]bool, len(in.Practitioners))
	g.nextStaff = len(in.Practitioners)
	teamOf := make(map[string]int32, len(g.teams))
	for t := range g.teams {
		teamOf[g.teams[t].id] = int32(t)
	}
	trainees, poPosts := 0.0, 0.0
	for _, p := range in.Practitioners {
		g.staffIDs[p.ID] = true
		if p.Grade.IsPQiP() || p.Grade == grades.NQO {
			trainees++
		}
		if p.Grade != grades.PSO {
			poPosts++
		}
	}
	if poPosts > 0 && g.dyn.Leaving > 0 {
		g.rates.Trainee = min(1, trainees/(poPosts*g.dyn.Leaving*g.dyn.TrainingYears))
	}
	for _, p := range in.Practitioners {
		t, ok := teamOf[p.Team]
		if !ok {
			t = -1
		}
		i := g.addStaff(p, t, 0)
		if p.ID == in.Departing {
			g.schedule(0, jobLeave, i)
		}
	}
}

// addStaff records practitioner p of team t (−1 if none), in post from
// day d, and schedules their leaving (but for the departing one, whom
// setupStaff sends on day 0), grade steps and absences. It returns the
// practitioner's index.
func (g *eventGen) addStaff(p caseload.Practitioner, t int32, d int) int {
	i := len(g.staff)
	g.staff = append(g.staff, staffRec{id: p.ID, team: t, grade: p.Grade, hours: g.capacity.Hours(p), inPost: true})
	if t >= 0 {
		g.teams[t].members = append(g.teams[t].members, int32(i))
	}
	if p.ID != g.in.Departing {
		g.schedule(after(g.rStaff, d, g.dyn.Leaving), jobLeave, i)
	}
	s := &g.staff[i]
	s.steps = g.trainingSteps(p, s.hours)
	for len(s.steps) > 0 && s.steps[0].day <= d {
		s.steps = s.steps[1:]
	}
	if len(s.steps) > 0 {
		g.schedule(s.steps[0].day, jobStage, i)
	}
	for a := range absences {
		g.schedule(after(g.rStaff, d, g.absence(a).Rate), jobAbsence+jobKind(a), i)
	}
	return i
}

// absences counts the absence kinds of Dynamics.
const absences = 3

// absence returns absence kind a: sickness, maternity, secondment.
func (g *eventGen) absence(a int) *Absence {
	return [...]*Absence{&g.dyn.Sickness, &g.dyn.Maternity, &g.dyn.Secondment}[a]
}

// trainingSteps returns the grade changes still due to a trainee or NQO
// with the reductions of p (see GenerateEvents): PQiP2, PQiP3 and PQiP4
// at the ends of the three PQiP reductions, NQO at QualifyMonths after
// the first began (with a new NQO reduction unless one is in force
// then), and PO when the NQO reduction ends. It returns nil for a
// practitioner who is neither, or whose record has no PQiP reductions.
func (g *eventGen) trainingSteps(p caseload.Practitioner, hours float64) []step {
	if !p.Grade.IsPQiP() && p.Grade != grades.NQO {
		return nil
	}
	var begin time.Time
	var ends [3]time.Time
	var nqo *caseload.Reduction
	for k, r := range p.Reductions {
		switch r.Reason {
		case caseload.ReasonPQiP1:
			begin, ends[0] = r.Start, r.End
		case caseload.ReasonPQiP2:
			ends[1] = r.End
		case caseload.ReasonPQiP3:
			ends[2] = r.End
		case caseload.ReasonNQO:
			nqo = &p.Reductions[k]
		}
	}
	if begin.IsZero() {
		return nil
	}
	var steps []step
	for k, end := range ends {
		if !end.IsZero() {
			steps = append(steps, step{day: g.dayOf(end), grade: grades.PQiP2 + grades.Grade(k)})
		}
	}
	qualify := begin.AddDate(0, g.dyn.QualifyMonths, 0)
	st := step{day: g.dayOf(qualify), grade: grades.NQO}
	var poDate time.Time
	if nqo != nil && !qualify.Before(nqo.Start) && (nqo.End.IsZero() || qualify.Before(nqo.End)) {
		poDate = nqo.End
	} else {
		r, err := g.capacity.NewReduction(caseload.ReasonNQO, hours, qualify)
		if err == nil {
			st.nqo = &r
			poDate = r.End
		}
	}
	steps = append(steps, st)
	if !poDate.IsZero() {
		steps = append(steps, step{day: g.dayOf(poDate), grade: grades.PO})
	}
	slices.SortStableFunc(steps, func(a, b step) int { return a.day - b.day })
	return steps
}

// staffJob runs a practitioner or vacancy job on day d. Jobs of
// practitioners no longer in post are dropped.
func (g *eventGen) staffJob(d int, j job) {
	if j.kind == jobJoin {
		g.join(d, g.vacancies[j.idx])
		return
	}
	i := int(j.idx)
	s := &g.staff[i]
	if !s.inPost {
		return
	}
	switch {
	case j.kind == jobLeave:
		s.inPost = false
		if s.team >= 0 {
			tm := &g.teams[s.team]
			tm.members = slices.DeleteFunc(tm.members, func(m int32) bool { return int(m) == i })
			g.vacancies = append(g.vacancies, vacancy{team: s.team, po: s.grade != grades.PSO})
			v := g.dyn.VacancyDays
			g.schedule(d+v[0]+g.rStaff.IntN(v[1]-v[0]), jobJoin, len(g.vacancies)-1)
		}
		g.emit(d, Leaver).Practitioner = s.id
	case j.kind == jobStage:
		st := s.steps[s.next]
		s.next++
		if s.next < len(s.steps) {
			g.schedule(s.steps[s.next].day, jobStage, i)
		}
		if st.grade != s.grade {
			s.grade = st.grade
			e := g.emit(d, Progression)
			e.Practitioner, e.Grade = s.id, s.grade
		}
		if st.nqo != nil {
			r := *st.nqo
			e := g.emit(d, Reduction)
			e.Practitioner, e.Reduction = s.id, &r
		}
	case j.kind >= jobAbsence:
		a := g.absence(int(j.kind - jobAbsence))
		if s.away > d {
			g.schedule(after(g.rStaff, s.away, a.Rate), j.kind, i)
			return
		}
		weeks := a.Weeks.draw(g.rStaff)
		end := d + max(1, int(math.Round(weeks*7)))
		r, err := g.capacity.NewReduction(a.Reason, s.hours, g.date(d))
		if err != nil {
			return // unreachable: Dynamics.check found the reason
		}
		r.Hours = math.Round(s.hours*a.Share*100) / 100
		r.End = g.date(end)
		s.away = end
		g.schedule(after(g.rStaff, end, a.Rate), j.kind, i)
		e := g.emit(d, Reduction)
		e.Practitioner, e.Reduction = s.id, &r
	}
}

// join fills vacancy v on day d with a new practitioner (see
// GenerateEvents) and emits the Joiner event.
func (g *eventGen) join(d int, v vacancy) {
	r := g.rStaff
	tm := &g.teams[v.team]
	p := caseload.Practitioner{
		ID:       newID(g.staffIDs, &g.nextStaff, "P%05d"),
		Grade:    grades.PSO,
		Team:     tm.id,
		Hours:    fullTimeHours,
		Location: tm.office,
	}
	if v.team < int32(len(g.in.Teams)) {
		p.PDU, p.Region = g.in.Teams[v.team].PDU, g.in.Teams[v.team].Region
	}
	if chance(r, g.sh.partTime) {
		lo, hi := g.sh.partTimeFTE[0], g.sh.partTimeFTE[1]
		p.Hours = math.Round(fullTimeHours*(lo+r.Float64()*(hi-lo))*2) / 2
	}
	if v.po {
		p.Grade = grades.PO
		if chance(r, g.rates.Trainee) {
			p.Grade = grades.PQiP1
			p.Reductions = slices.DeleteFunc(g.capacity.TraineeSchedule(g.date(d), p.Hours), func(x caseload.Reduction) bool {
				return x.Reason == caseload.ReasonNQO
			})
		}
	}
	g.addStaff(p, v.team, d)
	e := g.emit(d, Joiner)
	e.Practitioner, e.Grade, e.NewPractitioner = p.ID, p.Grade, &p
}
