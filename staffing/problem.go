package staffing

import (
	"cmp"
	"encoding/json"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/check"
)

// Problem is one staffing decision: the units that may receive posts,
// each with its demand and supply month by month, what a new post brings,
// the budget, and the optional transfers of staff. [NewProblem] builds one
// from a caseload's [caseload.Demand] and [caseload.Supply];
// [ReadProblem] reads one as JSON. The field names of the JSON form are
// the struct tags; every figure's name says its unit.
type Problem struct {
	Level caseload.Level `json:"level"`
	Dates []time.Time    `json:"dates"`
	Units []Unit         `json:"units"`

	// POPost, PSOPost and Trainee are what one new full-time post brings,
	// month by month: a PO or PSO post filled in month 0, and a trainee
	// who starts training in month 0 (a cohort starting in month s brings
	// Trainee[m−s] in month m). They come from [caseload.Supply.Post].
	POPost  []PoolPoints `json:"po_post"`
	PSOPost []PoolPoints `json:"pso_post"`
	Trainee []PoolPoints `json:"trainee"`
	// FTEPoints is the points per week of one full-time equivalent, for
	// the FTE figures of the report: the PO nominal target, 2,176
	// nationally (domain/workload.md §2.2).
	FTEPoints float64 `json:"fte_points"`
	// TargetPct is the workload % that the required FTE of the report
	// aims at; 0 means 100.
	TargetPct float64 `json:"target_pct,omitempty"`

	Budget    Budget    `json:"budget"`
	Transfers Transfers `json:"transfers,omitzero"`
}

// PoolPoints is available points per week by pool (see [caseload.Pool]).
type PoolPoints struct {
	PO    float64 `json:"po_points"`
	PSO   float64 `json:"pso_points"`
	PQiP1 float64 `json:"pqip1_points"`
}

func (p PoolPoints) cumulative() [3]float64 {
	return [3]float64{p.PO, p.PO + p.PSO, p.PO + p.PSO + p.PQiP1}
}

func (p PoolPoints) add(q PoolPoints, w float64) PoolPoints {
	return PoolPoints{p.PO + w*q.PO, p.PSO + w*q.PSO, p.PQiP1 + w*q.PQiP1}
}

// Unit is a team, PDU or region that may receive posts.
type Unit struct {
	Key   string         `json:"key"`
	Place caseload.Place `json:"place"`
	// Cases is the number of cases now, for the pro rata comparison.
	Cases  float64                `json:"cases"`
	Demand []caseload.DemandMonth `json:"demand"`
	Supply []caseload.SupplyMonth `json:"supply"`
	// MinPosts and MaxPosts bound the new posts (of every kind, trainees
	// included) the unit receives; a nil MaxPosts means no bound. The
	// minimums are met by the first stage of the budget whose posts cover
	// them all (see Budget).
	MinPosts int  `json:"min_posts,omitempty"`
	MaxPosts *int `json:"max_posts,omitempty"`
	// Staff are the unit's people, whom transfers may move.
	Staff []Staff `json:"staff,omitempty"`
}

// Staff is one person as a transfer sees them: their expected points by
// pool in each month (after their reductions, and weighted by the
// supply's attrition).
type Staff struct {
	ID     string       `json:"id"`
	Months []PoolPoints `json:"months"`
}

// NewProblem builds a problem at level l from the demand and supply of
// one caseload over the same horizon, with the given budget. Each unit's
// staff are the supply's staff whose team falls in it. It returns a
// *probation.ValidationError when the horizons differ or l is invalid.
// O(teams × months + staff × months).
func NewProblem(d *caseload.Demand, s *caseload.Supply, l caseload.Level, b Budget) (*Problem, error) {
	errs := check.List{Op: "staffing.NewProblem"}
	if l > caseload.Team {
		errs.Add(probation.FieldError{Record: "problem", Index: -1, Field: "level", Value: l.String(), Message: "want NATIONAL, REGION, PDU or TEAM"})
	}
	if !slices.EqualFunc(d.Dates, s.Dates, time.Time.Equal) {
		errs.Add(probation.FieldError{Record: "problem", Index: -1, Field: "dates", Message: "the demand and the supply cover different months"})
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	dates := slices.Clone(d.Dates)
	p := &Problem{Level: l, Dates: dates, Budget: b}
	units := map[string]*Unit{}
	unit := func(key string, pl caseload.Place) *Unit {
		u, ok := units[key]
		if !ok {
			u = &Unit{Key: key, Place: pl}
			units[key] = u
		}
		return u
	}
	for _, ud := range d.At(l) {
		u := unit(ud.Key, ud.Place)
		u.Demand = ud.Months
		u.Cases = ud.Months[0].Cases
	}
	for _, us := range s.At(l) {
		unit(us.Key, us.Place).Supply = us.Months
	}
	teamKey := map[string]string{}
	for _, t := range s.Teams {
		teamKey[t.Key] = t.Place.Key(l)
	}
	for i, st := range s.Staff {
		k, ok := teamKey[st.Team]
		if !ok {
			continue
		}
		ms := make([]PoolPoints, len(st.Months))
		for m, sm := range st.Months {
			ms[m] = PoolPoints{}.add(poolPoints(sm), s.Weight(i, m))
		}
		u := units[k]
		u.Staff = append(u.Staff, Staff{ID: st.ID, Months: ms})
	}
	for _, u := range units {
		if u.Demand == nil {
			u.Demand = emptyDemand(dates)
		}
		if u.Supply == nil {
			u.Supply = emptySupply(dates)
		}
		p.Units = append(p.Units, *u)
	}
	slices.SortFunc(p.Units, func(a, b Unit) int { return cmp.Compare(a.Key, b.Key) })
	conv := func(ms []caseload.StaffMonth) []PoolPoints {
		out := make([]PoolPoints, len(ms))
		for m, sm := range ms {
			out[m] = poolPoints(sm)
		}
		return out
	}
	p.POPost = conv(s.Post(grades.PO, dates[0]))
	p.PSOPost = conv(s.Post(grades.PSO, dates[0]))
	p.Trainee = conv(s.Post(grades.PQiP, dates[0]))
	p.FTEPoints = p.POPost[0].PO
	return p, nil
}

func poolPoints(sm caseload.StaffMonth) PoolPoints {
	var p PoolPoints
	if !sm.InPost {
		return p
	}
	switch sm.Pool {
	case caseload.PoolPO:
		p.PO = sm.Points
	case caseload.PoolPSO:
		p.PSO = sm.Points
	case caseload.PoolPQiP1:
		p.PQiP1 = sm.Points
	}
	return p
}

func emptyDemand(dates []time.Time) []caseload.DemandMonth {
	out := make([]caseload.DemandMonth, len(dates))
	for m := range out {
		out[m].Date = dates[m]
	}
	return out
}

func emptySupply(dates []time.Time) []caseload.SupplyMonth {
	out := make([]caseload.SupplyMonth, len(dates))
	for m := range out {
		out[m].Date = dates[m]
	}
	return out
}

// ReadProblem decodes a problem from JSON (the struct tags of [Problem];
// unknown fields are errors) and validates it, listing every bad field in
// one *probation.ValidationError.
func ReadProblem(r io.Reader) (*Problem, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var p Problem
	if err := dec.Decode(&p); err != nil {
		return nil, &probation.ValidationError{Op: "staffing.ReadProblem", Fields: []probation.FieldError{{Record: "file", Index: -1, Message: "want a staffing problem as JSON: " + err.Error()}}}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// Validate checks the problem and returns a *probation.ValidationError
// listing every bad field, or nil: the level; a horizon of 1–MaxMonths
// dates; unit keys present and unique; every series as long as the
// horizon, with finite non-negative figures (CMS points may be negative);
// bounds 0 ≤ min ≤ max; the budget (see [Budget]); the transfers (see
// [Transfers]).
func (p *Problem) Validate() error {
	errs := check.List{Op: "staffing.Solve"}
	bad := func(rec, id string, i int, field, value, msg string) {
		errs.Add(probation.FieldError{Record: rec, ID: id, Index: i, Field: field, Value: value, Message: msg})
	}
	months := len(p.Dates)
	if p.Level > caseload.Team {
		bad("problem", "", -1, "level", p.Level.String(), "want NATIONAL, REGION, PDU or TEAM")
	}
	if months < 1 || months > caseload.MaxMonths {
		bad("problem", "", -1, "dates", itoa(months), "want 1-120 months")
	}
	series := func(rec, id string, i int, field string, ps []PoolPoints) {
		if len(ps) != months {
			bad(rec, id, i, field, itoa(len(ps)), "want one value per month ("+itoa(months)+")")
			return
		}
		for m, v := range ps {
			if !finite(v.PO, v.PSO, v.PQiP1) {
				bad(rec, id, i, field+"["+itoa(m)+"]", "", "want finite points of 0 or more")
				return
			}
		}
	}
	series("problem", "", 0, "po_post", p.POPost)
	series("problem", "", 0, "pso_post", p.PSOPost)
	series("problem", "", 0, "trainee", p.Trainee)
	if !(p.FTEPoints > 0) || math.IsInf(p.FTEPoints, 0) {
		bad("problem", "", -1, "fte_points", ftoa(p.FTEPoints), "want the points of one FTE, above 0")
	}
	if !(p.TargetPct >= 0) || math.IsInf(p.TargetPct, 0) {
		bad("problem", "", -1, "target_pct", ftoa(p.TargetPct), "want a percentage above 0 (0 = 100)")
	}
	seen := map[string]int{}
	for i, u := range p.Units {
		if j, dup := seen[u.Key]; dup {
			bad("unit", u.Key, i, "key", u.Key, "duplicate of unit "+itoa(j))
		}
		seen[u.Key] = i
		if len(u.Demand) != months {
			bad("unit", u.Key, i, "demand", itoa(len(u.Demand)), "want one value per month ("+itoa(months)+")")
		}
		for m, d := range u.Demand {
			if !finite(d.Cases, d.POOnlyPoints, d.PSOPoints, d.PQiP1Points, d.ReportPoints) || math.IsNaN(d.CMSPoints) || math.IsInf(d.CMSPoints, 0) {
				bad("unit", u.Key, i, "demand["+itoa(m)+"]", "", "want finite figures of 0 or more")
				break
			}
		}
		if len(u.Supply) != months {
			bad("unit", u.Key, i, "supply", itoa(len(u.Supply)), "want one value per month ("+itoa(months)+")")
		}
		for m, s := range u.Supply {
			if !finite(s.POPoints, s.PSOPoints, s.PQiP1Points) {
				bad("unit", u.Key, i, "supply["+itoa(m)+"]", "", "want finite points of 0 or more")
				break
			}
		}
		if !finite(u.Cases) {
			bad("unit", u.Key, i, "cases", ftoa(u.Cases), "want 0 or more")
		}
		if u.MinPosts < 0 || u.MinPosts > MaxPosts {
			bad("unit", u.Key, i, "min_posts", itoa(u.MinPosts), "want 0-"+itoa(MaxPosts))
		}
		if u.MaxPosts != nil && *u.MaxPosts < u.MinPosts {
			bad("unit", u.Key, i, "max_posts", itoa(*u.MaxPosts), "want at least min_posts ("+itoa(u.MinPosts)+")")
		}
		for k, st := range u.Staff {
			series("unit", u.Key, i, "staff["+itoa(k)+"].months", st.Months)
		}
	}
	p.Budget.validate(&errs, p)
	p.Transfers.validate(&errs)
	return errs.Err()
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if !(v >= 0) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
