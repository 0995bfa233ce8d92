package caseload

import (
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/check"
	"github.com/probationkit/probation/tiering"
)

// DemandSettings configures [Caseload.Demand]. The zero value (or nil)
// means the documented defaults.
type DemandSettings struct {
	// Months is the horizon in months, 1–MaxMonths; 0 means DefaultMonths.
	Months int
	// Policy decides which pool may hold each case; nil means
	// grades.National().
	Policy *grades.Policy
	// WithOverrides counts a grade as able to hold a case when only soft
	// rules fire for it (an override reason would be needed). By default
	// it does not: a staffing plan should not rely on overrides, and
	// almost no case is held outside the national PO allocation policy
	// (0.4%, written answer 131414; domain/allocation.md §1.2).
	WithOverrides bool
	// Flows gives the arrival and termination rates, estimated by
	// [EstimateFlows] from the caseload's spells or given by the caller;
	// nil holds every team's caseload flat. A team missing from
	// Flows.Teams takes the national termination rate and a share of the
	// national arrivals in proportion to its cases now.
	Flows *Flows
	// Places puts teams in PDUs and regions; a team not listed takes the
	// PDU and region of its first practitioner.
	Places []Place
}

// DemandMonth is a unit's projected work in one month, in WMT points per
// week (domain/workload.md §1.6), split by the pool that may hold it. The
// classes are disjoint: POOnlyPoints only the PO pool may hold,
// PSOPoints the PO or PSO pool, PQiP1Points any pool. ReportPoints (court
// reports) and CMSPoints (case management support contacts) are activity
// held flat over the horizon, and any practitioner of the PO or PSO pool
// may do it.
type DemandMonth struct {
	Date         time.Time `json:"date"`
	Cases        float64   `json:"cases"`
	POOnlyPoints float64   `json:"po_only_points"`
	PSOPoints    float64   `json:"pso_points"`
	PQiP1Points  float64   `json:"pqip1_points"`
	ReportPoints float64   `json:"report_points"`
	CMSPoints    float64   `json:"cms_points"`
}

// Points returns the month's total points.
func (m DemandMonth) Points() float64 {
	return m.POOnlyPoints + m.PSOPoints + m.PQiP1Points + m.ReportPoints + m.CMSPoints
}

// Cumulative returns the work each pool and the pools above it must
// carry between them: [PoolPO] the PO-only points, [PoolPSO] those plus
// the PSO class and the activity, [PoolPQiP1] everything.
func (m DemandMonth) Cumulative() [NumPools]float64 {
	a0 := m.POOnlyPoints
	a1 := a0 + m.PSOPoints + m.ReportPoints + m.CMSPoints
	return [NumPools]float64{a0, a1, a1 + m.PQiP1Points}
}

func (m *DemandMonth) add(o DemandMonth) {
	m.Cases += o.Cases
	m.POOnlyPoints += o.POOnlyPoints
	m.PSOPoints += o.PSOPoints
	m.PQiP1Points += o.PQiP1Points
	m.ReportPoints += o.ReportPoints
	m.CMSPoints += o.CMSPoints
}

// UnitDemand is the projected demand of one team, PDU, region or the
// nation, month by month.
type UnitDemand = Series[DemandMonth]

// Demand is the projected demand of every team over a horizon: the
// result of [Caseload.Demand]. Demand.At totals it at any level.
type Demand struct {
	Dates []time.Time  `json:"dates"`
	Teams []UnitDemand `json:"teams"`
	// Unplaced is the points now of cases that no pool may hold under the
	// policy; they are counted as PO-only (the most qualified pool),
	// and reported here so that the policy can be fixed.
	Unplaced int `json:"unplaced_points"`
}

// At returns the demand totalled at level l, one unit per key, sorted by
// key. Totals are sums over teams; the nation is one unit with key "".
func (d *Demand) At(l Level) []UnitDemand {
	return totalAt(d.Teams, d.Dates, l, func(m *DemandMonth, t time.Time) { m.Date = t }, (*DemandMonth).add)
}

// classOf returns the class of a case that the grades in hold may hold:
// the least qualified pool that may hold it, and false for none.
func classOf(hold grades.Set) (Pool, bool) {
	switch {
	case hold.Has(grades.PQiP1):
		return PoolPQiP1, true
	case hold.Has(grades.PSO):
		return PoolPSO, true
	case hold.Has(grades.PO) || hold.Has(grades.NQO):
		return PoolPO, true
	}
	return PoolPO, false
}

// Demand projects each team's work month by month over the horizon that
// starts at the caseload's as-of date (see [MonthDates]).
//
// Now (month 0): every case, held or unallocated, counts in its team
// (the holder's team, else the case's Team) with its points under the
// weights in force; its class is the least qualified pool that may hold
// it under the policy (see [Pool]): a case a PQiP1 may hold is
// PQiP1Points, else one a PSO may hold is PSOPoints, else POOnlyPoints.
// The risk profile's tier, when untiered, is the case's. Each team's
// practitioners' court report and CMS points are its activity.
//
// Month m, for a team with flow (a, h) (see [DemandSettings.Flows]) and
// N₀ cases now, of which P₀ₖ points in class k:
//
//	cases(m)  = N₀ (1 − h)^m + a (1 − (1 − h)^m) / h
//	points(m) = P₀ₖ (1 − h)^m + a p̄ₖ (1 − (1 − h)^m) / h
//
// where p̄ₖ = P₀ₖ / N₀ is the team's points per case of class k (the
// national figure when the team has no case): open cases end at the
// rate h and new ones arrive a month with the team's current mix. With
// h = 0 the sums are linear. Activity is held at its current level: WMT
// counts reports over the last 30 days (§1.4) and the sources give no
// trend.
//
// It returns a *probation.ValidationError for settings out of range.
// O(cases + teams × months); Eligible is called once per distinct profile.
func (cl *Caseload) Demand(s *DemandSettings) (*Demand, error) {
	var set DemandSettings
	if s != nil {
		set = *s
	}
	errs := check.List{Op: "caseload.Demand"}
	if set.Months == 0 {
		set.Months = DefaultMonths
	}
	if set.Months < 1 || set.Months > MaxMonths {
		errs.Add(probation.FieldError{Record: "settings", Index: -1, Field: "months", Value: itoa(set.Months), Message: "want 1-120"})
	}
	if set.Flows != nil {
		checkFlow := func(field string, f Flow) {
			if !(f.Arrivals >= 0) {
				errs.Add(probation.FieldError{Record: "settings", Index: -1, Field: field + ".arrivals_per_month", Value: ftoa(f.Arrivals), Message: "want 0 or more"})
			}
			if !(f.Termination >= 0 && f.Termination <= 1) {
				errs.Add(probation.FieldError{Record: "settings", Index: -1, Field: field + ".termination_per_month", Value: ftoa(f.Termination), Message: "want 0-1"})
			}
		}
		checkFlow("flows.national", set.Flows.National.Flow)
		for i, t := range set.Flows.Teams {
			checkFlow("flows.teams["+itoa(i)+"]", t.Flow)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if set.Policy == nil {
		set.Policy = grades.National()
	}

	type acc struct {
		cases    float64
		pts      [NumPools]float64
		rep, cms float64
	}
	now := map[string]*acc{}
	at := func(team string) *acc {
		a, ok := now[team]
		if !ok {
			a = &acc{}
			now[team] = a
		}
		return a
	}
	for i := range cl.practitioners {
		a := at(cl.practitioners[i].Team)
		a.rep += float64(cl.work[i].ReportPoints)
		a.cms += float64(cl.work[i].CMSPoints)
	}
	classes := map[grades.Profile]Pool{}
	var unplaced int64 // in PointUnits
	var nat acc
	for i := range cl.cases {
		r := &cl.cases[i]
		team := r.team
		if r.owner >= 0 {
			team = cl.practitioners[r.owner].Team
		}
		prof := r.risk
		if prof.Tier == tiering.Untiered {
			prof.Tier = r.tier
		}
		k, ok := classes[prof]
		if !ok {
			hold, warn := set.Policy.Eligible(prof)
			if !set.WithOverrides {
				hold &^= warn
			}
			var placed bool
			k, placed = classOf(hold)
			if !placed {
				k = numPools // marks unplaced
			}
			classes[prof] = k
		}
		a := at(team)
		a.cases++
		nat.cases++
		if k == numPools {
			unplaced += int64(r.points)
			k = PoolPO
		}
		pts := float64(r.points) / PointUnits // exact, not rounded per case
		a.pts[k] += pts
		nat.pts[k] += pts
	}

	places := cl.places(set.Places)
	teams := make(map[string]bool, len(now))
	for t := range now {
		teams[t] = true
	}
	dates := MonthDates(cl.asOf, set.Months)
	out := &Demand{Dates: dates, Unplaced: roundPoints(unplaced)}
	var given map[string]Flow
	if set.Flows != nil {
		given = make(map[string]Flow, len(set.Flows.Teams))
		for _, t := range set.Flows.Teams {
			if _, dup := given[t.Team]; !dup {
				given[t.Team] = t.Flow
			}
		}
	}
	for _, pl := range sortedPlaces(places, teams) {
		a := now[pl.Team]
		f := set.flowFor(given, pl.Team, a.cases, nat.cases)
		mix := a.pts
		n := a.cases
		if n == 0 {
			mix, n = nat.pts, nat.cases
		}
		u := UnitDemand{Level: Team, Key: pl.Team, Place: pl, Months: make([]DemandMonth, set.Months)}
		for m := range u.Months {
			per := func(k Pool) float64 {
				if n == 0 {
					return 0
				}
				return mix[k] / n
			}
			u.Months[m] = DemandMonth{
				Date:         dates[m],
				Cases:        project(a.cases, f.Arrivals, f.Termination, m),
				POOnlyPoints: project(a.pts[PoolPO], f.Arrivals*per(PoolPO), f.Termination, m),
				PSOPoints:    project(a.pts[PoolPSO], f.Arrivals*per(PoolPSO), f.Termination, m),
				PQiP1Points:  project(a.pts[PoolPQiP1], f.Arrivals*per(PoolPQiP1), f.Termination, m),
				ReportPoints: a.rep,
				CMSPoints:    a.cms,
			}
		}
		out.Teams = append(out.Teams, u)
	}
	return out, nil
}

// flowFor returns the flow of a team with the given cases now, out of
// national cases now: its own from given (the first listed), else a share
// of the national one.
func (s *DemandSettings) flowFor(given map[string]Flow, team string, cases, national float64) Flow {
	if s.Flows == nil {
		return Flow{}
	}
	if f, ok := given[team]; ok {
		return f
	}
	f := Flow{Termination: s.Flows.National.Termination}
	if national > 0 {
		f.Arrivals = s.Flows.National.Arrivals * cases / national
	}
	return f
}
