package caseload

import (
	"math"
	"slices"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/check"
)

// QualifyMonths is when a trainee qualifies and becomes an NQO: after 18
// months, when the WMT schedule moves from the last PQiP reduction to the
// NQO reduction (domain/workload.md §2.5). Courses of 15 or 21 months
// (domain/allocation.md §1.4) are read at the schedule's 18.
const QualifyMonths = 18

// NQOMonths is how long a newly qualified officer stays an NQO before
// counting as a PO: the 9 months of the NQO reduction (§2.5).
const NQOMonths = 9

// SupplySettings configures [Caseload.Supply]. The zero value (or nil)
// means: the horizon of DefaultMonths, no leavers, starters, vacancies or
// attrition.
type SupplySettings struct {
	// Months is the horizon in months, 1–MaxMonths; 0 means DefaultMonths.
	Months int
	// Leavers are practitioners of the caseload who leave on a date.
	Leavers []Leaver
	// Starters are planned joiners; one of a PQiP grade starts training.
	Starters []Starter
	// Vacancies are funded posts with no one in them.
	Vacancies []Vacancy
	// AttritionPerYear is the share of the staff in post who leave in a
	// year without a date known, 0–1; the expected capacity of each
	// falls by the factor (1 − AttritionPerYear)^(m/12) in month m.
	// Starters, filled vacancies and new posts are kept filled. The
	// sources give no national rate, so the default is 0.
	AttritionPerYear float64
	// Places puts teams in PDUs and regions (as in DemandSettings).
	Places []Place
}

// Leaver is a planned departure: the practitioner holds no capacity from
// Date on.
type Leaver struct {
	Practitioner string    `json:"practitioner"`
	Date         time.Time `json:"date"`
}

// Starter is a planned joiner. A starter of a PQiP grade (any stage) is a
// new trainee who starts training on Start and follows the trainee
// schedule ([Capacity.TraineeSchedule]).
type Starter struct {
	ID    string       `json:"id"`
	Team  string       `json:"team"`
	Grade grades.Grade `json:"grade"`
	// Hours is the contracted hours per week; 0 means the grade default.
	Hours float64   `json:"hours,omitempty"`
	Start time.Time `json:"start"`
}

// Vacancy is a number of funded posts of a grade in a team with no one
// in them. Filled, when set, is the date they are filled (by full-time
// starters of the grade); until then, or throughout when zero, they add
// no capacity and count in VacantPosts.
type Vacancy struct {
	Team   string       `json:"team"`
	Grade  grades.Grade `json:"grade"`
	Posts  int          `json:"posts"`
	Filled time.Time    `json:"filled,omitzero"`
}

// SupplyMonth is a unit's capacity in one month: available points per
// week by pool (after each person's reductions in force that month), the
// contracted FTE in post by pool (hours over the grade's default hours),
// and what trainees and vacancies contribute.
type SupplyMonth struct {
	Date        time.Time `json:"date"`
	POPoints    float64   `json:"po_points"`
	PSOPoints   float64   `json:"pso_points"`
	PQiP1Points float64   `json:"pqip1_points"`
	POFTE       float64   `json:"po_fte"`
	PSOFTE      float64   `json:"pso_fte"`
	PQiP1FTE    float64   `json:"pqip1_fte"`
	// Trainees is the headcount of PQiP trainees in post (any stage);
	// TraineeFTE their contracted FTE and TraineePoints their available
	// points after the protected-caseload reductions.
	Trainees      float64 `json:"trainees"`
	TraineeFTE    float64 `json:"trainee_fte"`
	TraineePoints float64 `json:"trainee_points"`
	// VacantPosts counts the vacancies not filled by this month.
	VacantPosts float64 `json:"vacant_posts"`
}

// Points returns the month's available points over all pools.
func (m SupplyMonth) Points() float64 { return m.POPoints + m.PSOPoints + m.PQiP1Points }

// FTE returns the month's contracted FTE over all pools.
func (m SupplyMonth) FTE() float64 { return m.POFTE + m.PSOFTE + m.PQiP1FTE }

// Cumulative returns the available points of each pool and the pools
// above it: [PoolPO] the PO pool, [PoolPSO] PO and PSO, [PoolPQiP1] all.
func (m SupplyMonth) Cumulative() [NumPools]float64 {
	c0 := m.POPoints
	c1 := c0 + m.PSOPoints
	return [NumPools]float64{c0, c1, c1 + m.PQiP1Points}
}

func (m *SupplyMonth) add(o SupplyMonth) {
	m.POPoints += o.POPoints
	m.PSOPoints += o.PSOPoints
	m.PQiP1Points += o.PQiP1Points
	m.POFTE += o.POFTE
	m.PSOFTE += o.PSOFTE
	m.PQiP1FTE += o.PQiP1FTE
	m.Trainees += o.Trainees
	m.TraineeFTE += o.TraineeFTE
	m.TraineePoints += o.TraineePoints
	m.VacantPosts += o.VacantPosts
}

// addStaff adds one person's month, weighted by the share w still in post.
func (m *SupplyMonth) addStaff(s StaffMonth, trainee bool, w float64) {
	pts, fte := s.Points*w, s.FTE*w
	switch s.Pool {
	case PoolPO:
		m.POPoints += pts
		m.POFTE += fte
	case PoolPSO:
		m.PSOPoints += pts
		m.PSOFTE += fte
	case PoolPQiP1:
		m.PQiP1Points += pts
		m.PQiP1FTE += fte
	}
	if trainee {
		m.Trainees += w
		m.TraineeFTE += fte
		m.TraineePoints += pts
	}
}

// StaffMonth is one person's month: their grade then (a trainee moves
// through the stages), the pool it puts them in, their available points
// and contracted FTE. A person not in post that month has InPost false
// and zero figures.
type StaffMonth struct {
	InPost bool         `json:"in_post"`
	Grade  grades.Grade `json:"grade,omitempty"`
	Pool   Pool         `json:"pool"`
	Points float64      `json:"points"`
	FTE    float64      `json:"fte"`
}

// StaffSupply is one practitioner's or starter's months.
type StaffSupply struct {
	ID     string       `json:"id"`
	Team   string       `json:"team"`
	Months []StaffMonth `json:"months"`
}

// UnitSupply is the supply of one team, PDU, region or the nation.
type UnitSupply = Series[SupplyMonth]

// Supply is the capacity of every team over a horizon, and of every
// person in it: the result of [Caseload.Supply].
type Supply struct {
	Dates []time.Time  `json:"dates"`
	Teams []UnitSupply `json:"teams"`
	// Staff lists the practitioners in post at the start, in the
	// caseload's order, then the starters and filled vacancies.
	Staff  []StaffSupply `json:"staff"`
	cap    *Capacity     // for Post
	att    float64       // attrition per year, for Weight
	inPost int           // the first inPost of Staff were in post at the start
}

// At returns the supply totalled at level l, one unit per key, sorted by key.
func (s *Supply) At(l Level) []UnitSupply {
	return totalAt(s.Teams, s.Dates, l, func(m *SupplyMonth, t time.Time) { m.Date = t }, (*SupplyMonth).add)
}

// Post returns, month by month, what one new full-time post of grade g
// filled on start brings: a PQiP grade is a new trainee who starts
// training then. Before start the months are empty. The figures follow
// the same rules as the staff in post, with no attrition.
func (s *Supply) Post(g grades.Grade, start time.Time) []StaffMonth {
	p := person{p: Practitioner{ID: "new", Grade: g}, from: start}
	if g.IsPQiP() {
		p.p.Grade, p.train = grades.PQiP1, start
	}
	return p.months(s.cap, s.Dates)
}

// person is a practitioner as Supply projects them.
type person struct {
	p     Practitioner
	from  time.Time // zero: in post already
	until time.Time // zero: stays
	train time.Time // training start of a trainee; zero otherwise
}

// gradeAt returns the person's grade at t.
func (ps *person) gradeAt(t time.Time) grades.Grade {
	if ps.train.IsZero() {
		return ps.p.Grade
	}
	months := wholeMonths(ps.train, t)
	switch {
	case months < QualifyMonths:
		return grades.PQiPAt(max(months, 0))
	case months < QualifyMonths+NQOMonths:
		return grades.NQO
	}
	return grades.PO
}

// months returns the person's months at the dates.
func (ps *person) months(c *Capacity, dates []time.Time) []StaffMonth {
	out := make([]StaffMonth, len(dates))
	p := ps.p
	if !ps.train.IsZero() {
		// The trainee's own stage reductions give way to the schedule from
		// the training start, which carries on past the recorded ones.
		var keep []Reduction
		for _, r := range p.Reductions {
			switch r.Reason {
			case ReasonPQiP1, ReasonPQiP2, ReasonPQiP3, ReasonNQO:
				continue
			}
			keep = append(keep, r)
		}
		p.Reductions = append(keep, c.TraineeSchedule(ps.train, p.Hours)...)
	}
	for m, t := range dates {
		if (!ps.from.IsZero() && t.Before(ps.from)) || (!ps.until.IsZero() && !t.Before(ps.until)) {
			continue
		}
		g := ps.gradeAt(t)
		pool, ok := PoolOf(g)
		if !ok {
			continue
		}
		p.Grade = g
		sm := StaffMonth{InPost: true, Grade: g, Pool: pool, Points: float64(c.Available(p, t))}
		if dh := c.DefaultHours[g]; dh > 0 {
			sm.FTE = c.Hours(p) / dh
		}
		out[m] = sm
	}
	return out
}

// trainingStart infers when a trainee in post started training: from a
// recorded PQiP reduction (the first stage's start, or a later stage's
// start less 6 or 12 months), else from the grade's stage at asOf, taken
// at the stage's start (PQiP or PQiP1 starts at asOf, PQiP2 6 months
// before …). The stage start is the cautious reading: the protection
// lasts longest.
func trainingStart(p *Practitioner, asOf time.Time) time.Time {
	for _, r := range p.Reductions {
		if r.Start.IsZero() || r.Status == Deleted {
			continue
		}
		switch r.Reason {
		case ReasonPQiP1:
			return r.Start
		case ReasonPQiP2:
			return r.Start.AddDate(0, -6, 0)
		case ReasonPQiP3:
			return r.Start.AddDate(0, -12, 0)
		}
	}
	return asOf.AddDate(0, -6*max(p.Grade.Stage()-1, 0), 0)
}

// Supply projects the capacity of every team and person month by month
// over the horizon that starts at the caseload's as-of date.
//
// Each person's available points in month m are [Capacity.Available] at
// the month's date (see [MonthDates]) with the reductions then in force,
// so each follows their own schedule. A trainee (a PQiP grade) moves
// through the stages as the months pass from their training start (see
// trainingStart): PQiP1 to PQiP4 by months in training ([grades.PQiPAt]),
// an NQO from QualifyMonths, a PO NQOMonths later; their PQiP and NQO
// reductions follow [Capacity.TraineeSchedule] from the training start
// (80%, 60%, 40%, then the NQO 20%), in place of the ones recorded. The
// grade puts them in a pool ([PoolOf]); SPOs and staff with no grade hold
// no caseload and are left out. Leavers hold nothing from their date;
// staff in post at the start are weighted by (1 − AttritionPerYear)^(m/12);
// starters and filled vacancies join on their dates.
//
// It returns a *probation.ValidationError listing every bad setting: an
// unknown or repeated leaver, a starter with no team, a bad grade or
// hours or no start, a vacancy with no team, a bad grade or no posts,
// an attrition outside 0–1, a horizon outside 1–MaxMonths.
// O((practitioners + starters) × months × reductions).
func (cl *Caseload) Supply(s *SupplySettings) (*Supply, error) {
	var set SupplySettings
	if s != nil {
		set = *s
	}
	if set.Months == 0 {
		set.Months = DefaultMonths
	}
	if err := set.validate(cl.byID); err != nil {
		return nil, err
	}
	c := cl.capacity
	dates := MonthDates(cl.asOf, set.Months)
	out := &Supply{Dates: dates, cap: c, att: set.AttritionPerYear, inPost: len(cl.practitioners)}

	var people []person
	for i := range cl.practitioners {
		p := cl.practitioners[i]
		ps := person{p: p}
		if p.Grade.IsPQiP() {
			ps.train = trainingStart(&p, cl.asOf)
		}
		people = append(people, ps)
	}
	for _, l := range set.Leavers {
		ps := &people[cl.byID[l.Practitioner]]
		ps.until = l.Date
	}
	for _, st := range set.Starters {
		var hours *float64 // a starter's 0 means the grade default
		if st.Hours > 0 {
			hours = new(st.Hours)
		}
		ps := person{p: Practitioner{ID: st.ID, Grade: st.Grade, Team: st.Team, Hours: hours}, from: st.Start}
		if st.Grade.IsPQiP() {
			ps.p.Grade, ps.train = grades.PQiP1, st.Start
		}
		people = append(people, ps)
	}
	vacant := map[string][]float64{}
	for vi, v := range set.Vacancies {
		if !v.Filled.IsZero() {
			for k := range v.Posts {
				id := "vacancy-" + itoa(vi) + "-" + itoa(k+1)
				ps := person{p: Practitioner{ID: id, Grade: v.Grade, Team: v.Team}, from: v.Filled}
				if v.Grade.IsPQiP() {
					ps.p.Grade, ps.train = grades.PQiP1, v.Filled
				}
				people = append(people, ps)
			}
		}
		row, ok := vacant[v.Team]
		if !ok {
			row = make([]float64, set.Months)
			vacant[v.Team] = row
		}
		for m, t := range dates {
			if v.Filled.IsZero() || t.Before(v.Filled) {
				row[m] += float64(v.Posts)
			}
		}
	}

	teams := map[string]*UnitSupply{}
	places := cl.places(set.Places)
	unit := func(team string) *UnitSupply {
		u, ok := teams[team]
		if !ok {
			pl, known := places[team]
			if !known {
				pl = Place{Team: team}
			}
			u = &UnitSupply{Level: Team, Key: team, Place: pl, Months: make([]SupplyMonth, set.Months)}
			for m := range u.Months {
				u.Months[m].Date = dates[m]
			}
			teams[team] = u
		}
		return u
	}
	for i := range people {
		ps := &people[i]
		ms := ps.months(c, dates)
		u := unit(ps.p.Team)
		for m, sm := range ms {
			if !sm.InPost {
				continue
			}
			u.Months[m].addStaff(sm, sm.Grade.IsPQiP(), out.Weight(i, m))
		}
		out.Staff = append(out.Staff, StaffSupply{ID: ps.p.ID, Team: ps.p.Team, Months: ms})
	}
	for team, row := range vacant {
		u := unit(team)
		for m, v := range row {
			u.Months[m].VacantPosts += v
		}
	}
	keys := make([]string, 0, len(teams))
	for k := range teams {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		out.Teams = append(out.Teams, *teams[k])
	}
	return out, nil
}

// Weight returns the share of staff member i of Staff still expected in
// post in month m under the attrition rate: 1 for starters and filled
// vacancies, which are kept filled.
func (s *Supply) Weight(i, m int) float64 {
	if s.att <= 0 || i >= s.inPost {
		return 1
	}
	return math.Pow(1-s.att, float64(m)/12)
}

func (set *SupplySettings) validate(byID map[string]int32) error {
	errs := check.List{Op: "caseload.Supply"}
	add := func(rec, id string, i int, field, value, msg string) {
		errs.Add(probation.FieldError{Record: rec, ID: id, Index: i, Field: field, Value: value, Message: msg})
	}
	if set.Months < 1 || set.Months > MaxMonths {
		add("settings", "", 0, "months", itoa(set.Months), "want 1-120")
	}
	if !(set.AttritionPerYear >= 0 && set.AttritionPerYear <= 1) {
		add("settings", "", 0, "attrition_per_year", ftoa(set.AttritionPerYear), "want 0-1")
	}
	seen := map[string]bool{}
	for i, l := range set.Leavers {
		if _, ok := byID[l.Practitioner]; !ok {
			add("leaver", l.Practitioner, i, "practitioner", l.Practitioner, "not a practitioner of the caseload")
		} else if seen[l.Practitioner] {
			add("leaver", l.Practitioner, i, "practitioner", l.Practitioner, "leaves twice")
		}
		seen[l.Practitioner] = true
		if l.Date.IsZero() {
			add("leaver", l.Practitioner, i, "date", "", "missing: want the leaving date")
		}
	}
	gradeOK := func(g grades.Grade) bool { _, ok := PoolOf(g); return ok }
	for i, st := range set.Starters {
		if st.Team == "" {
			add("starter", st.ID, i, "team", "", "empty: want the team code")
		}
		if !gradeOK(st.Grade) {
			add("starter", st.ID, i, "grade", st.Grade.String(), "want a grade that holds cases: PO, PSO, PQiP or NQO")
		}
		if math.IsNaN(st.Hours) || st.Hours < 0 || st.Hours > MaxHours {
			add("starter", st.ID, i, "hours", ftoa(st.Hours), "want 0-37.5 (0 = the grade default)")
		}
		if st.Start.IsZero() {
			add("starter", st.ID, i, "start", "", "missing: want the start date")
		}
	}
	for i, v := range set.Vacancies {
		if v.Team == "" {
			add("vacancy", "", i, "team", "", "empty: want the team code")
		}
		if !gradeOK(v.Grade) {
			add("vacancy", v.Team, i, "grade", v.Grade.String(), "want a grade that holds cases: PO, PSO, PQiP or NQO")
		}
		if v.Posts < 1 {
			add("vacancy", v.Team, i, "posts", itoa(v.Posts), "want 1 or more")
		}
	}
	return errs.Err()
}
