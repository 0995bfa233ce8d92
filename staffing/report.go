package staffing

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/probationkit/probation/caseload"
)

// Percent is a workload percentage. +Inf means work with no capacity at
// all to hold it; its JSON form is then null.
type Percent float64

// MarshalJSON writes the number, or null for +Inf.
func (p Percent) MarshalJSON() ([]byte, error) {
	if math.IsInf(float64(p), 0) || math.IsNaN(float64(p)) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(p))
}

// UnmarshalJSON reads a number, or null as +Inf.
func (p *Percent) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*p = Percent(math.Inf(1))
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*p = Percent(f)
	return nil
}

func (p Percent) String() string {
	if math.IsInf(float64(p), 0) {
		return "∞% (work and no capacity)"
	}
	return fmt.Sprintf("%.1f%%", float64(p))
}

// Plan is the result of [Solve]: posts and transfers per unit, the
// figures month by month before and after, an explanation per unit, and
// the comparison with sharing the budget pro rata and with doing nothing.
type Plan struct {
	Status Status         `json:"status"`
	Level  caseload.Level `json:"level"`
	Dates  []time.Time    `json:"dates"`
	// CeilingPct is the highest % the first stage of the budget could
	// bring every unit-month down to (the plan's highest % when the
	// budget is one stage and nothing moves).
	CeilingPct Percent `json:"ceiling_pct"`
	// UnusedPosts counts budget posts placed nowhere: no unit's figures
	// would change with them, or every unit is at its MaxPosts.
	UnusedPosts int `json:"unused_posts"`
	// ProRataKept reports that sharing the budget pro rata scored better
	// than the staged search, so the plan is the pro rata one (it never
	// happens when Status is Optimal).
	ProRataKept bool       `json:"pro_rata_kept,omitempty"`
	Units       []UnitPlan `json:"units"`
	Transfers   []Move     `json:"transfers,omitempty"`
	// Compare holds the plan, pro rata and doing nothing, in that order.
	Compare []Outcome `json:"compare"`
}

// UnitPlan is one unit's part of the plan.
type UnitPlan struct {
	Key          string         `json:"key"`
	Place        caseload.Place `json:"place"`
	POPosts      int            `json:"po_posts"`
	PSOPosts     int            `json:"pso_posts"`
	Trainees     int            `json:"trainees"`
	TransfersIn  int            `json:"transfers_in"`
	TransfersOut int            `json:"transfers_out"`
	// CeilingPosts is the fewest posts of the first stage that keep the
	// unit at or below the plan's ceiling in every month.
	CeilingPosts     int         `json:"ceiling_posts"`
	HighestBeforePct Percent     `json:"highest_before_pct"`
	HighestAfterPct  Percent     `json:"highest_after_pct"`
	Months           []UnitMonth `json:"months"`
	Explanation      string      `json:"explanation"`
}

// Posts returns the unit's new posts and trainees.
func (u UnitPlan) Posts() int { return u.POPosts + u.PSOPosts + u.Trainees }

// UnitMonth is one unit's month: the staff required, in post and after
// the plan. FTE are full-time equivalents of Problem.FTEPoints points.
type UnitMonth struct {
	Date         time.Time `json:"date"`
	DemandPoints float64   `json:"demand_points"`
	POOnlyPoints float64   `json:"po_only_points"`
	// RequiredFTE is the FTE that would carry the demand at the target
	// %, RequiredPOFTE the part of it that must be PO capacity.
	RequiredFTE   float64 `json:"required_fte"`
	RequiredPOFTE float64 `json:"required_po_fte"`
	// InPostFTE is the contracted FTE in post; EffectiveFTE the FTE
	// their available points make after reductions; AfterFTE the same
	// with the plan's posts and transfers.
	InPostFTE    float64 `json:"in_post_fte"`
	EffectiveFTE float64 `json:"effective_fte"`
	AfterFTE     float64 `json:"after_fte"`
	WorkloadPct  Percent `json:"workload_pct"`
	AfterPct     Percent `json:"after_pct"`
}

// Outcome scores one way of placing the budget over every unit-month.
type Outcome struct {
	// Name is "plan", "pro_rata" or "do_nothing".
	Name       string  `json:"name"`
	HighestPct Percent `json:"highest_pct"`
	// UnitMonthsOver110 and UnitMonthsOver100 count unit-months above
	// 110% and 100%.
	UnitMonthsOver110 int `json:"unit_months_over_110"`
	UnitMonthsOver100 int `json:"unit_months_over_100"`
	// RMSPct is the root mean square of the unit-month workload %s, the
	// spread measure the plan minimises last.
	RMSPct Percent `json:"rms_pct"`
	// FTEShort is the FTE short of the target %, summed over units and
	// averaged over months: the full-time posts each unit would need to be
	// at the target, given which pools may hold its work.
	FTEShort float64 `json:"fte_short"`
}

// outcomeOf scores a model's current capacities.
func outcomeOf(name string, md *model, fte, target float64) Outcome {
	s := md.total()
	o := Outcome{Name: name, HighestPct: Percent(s.highest), UnitMonthsOver110: s.over110, UnitMonthsOver100: s.over100}
	if cells := len(md.units) * md.months; cells > 0 {
		o.RMSPct = Percent(math.Sqrt(s.sq / float64(cells)))
	}
	for i := range md.units {
		for m := range md.months {
			o.FTEShort += md.units[i].short(m, fte, target)
		}
	}
	if md.months > 0 {
		o.FTEShort /= float64(md.months)
	}
	return o
}

// short returns the full-time posts the unit needs in month m to be at
// the target %: the most, over the nested pools, of (work / target −
// capacity) / FTE points, or 0.
func (u *munit) short(m int, fte, target float64) float64 {
	s := 0.0
	for k := range 3 {
		s = max(s, (u.a[m][k]*100/target-u.c[m][k])/fte)
	}
	return s
}

// monthName formats a date as "Jan 2025".
func monthName(t time.Time) string { return t.Format("Jan 2006") }

// report builds the plan from the outcome.
func report(p *Problem, out outcome, base *model, prorata *model) *Plan {
	fte := p.FTEPoints
	target := p.TargetPct
	if target == 0 {
		target = 100
	}
	plan := &Plan{Status: out.status, Level: p.Level, Dates: p.Dates, CeilingPct: Percent(out.ceiling), Transfers: out.moves}
	in, outs := map[string]int{}, map[string]int{}
	for _, mv := range out.moves {
		in[mv.To]++
		outs[mv.From]++
	}
	used := 0
	for i := range out.md.units {
		bu, au := &base.units[i], &out.md.units[i]
		src := &p.Units[bu.src]
		up := UnitPlan{Key: bu.key, Place: src.Place, POPosts: out.a.po[i], PSOPosts: out.a.pso[i],
			TransfersIn: in[bu.key], TransfersOut: outs[bu.key], CeilingPosts: out.need[i]}
		for c := range out.a.cohort {
			up.Trainees += out.a.cohort[c][i]
		}
		used += up.Posts()
		up.HighestBeforePct = Percent(bu.highest(nil, 0))
		up.HighestAfterPct = Percent(au.highest(nil, 0))
		for m := range p.Dates {
			d := src.Demand[m]
			a := bu.a[m]
			up.Months = append(up.Months, UnitMonth{
				Date: p.Dates[m], DemandPoints: d.Points(), POOnlyPoints: d.POOnlyPoints,
				RequiredFTE: a[2] * 100 / target / fte, RequiredPOFTE: a[0] * 100 / target / fte,
				InPostFTE: src.Supply[m].FTE(), EffectiveFTE: bu.c[m][2] / fte, AfterFTE: au.c[m][2] / fte,
				WorkloadPct: Percent(bu.pct(m, nil, 0)), AfterPct: Percent(au.pct(m, nil, 0)),
			})
		}
		up.Explanation = explain(&up, bu, au, src, out.ceiling, fte)
		plan.Units = append(plan.Units, up)
	}
	plan.UnusedPosts = p.Budget.Posts() - used
	plan.Compare = []Outcome{
		outcomeOf("plan", out.md, fte, target),
		outcomeOf("pro_rata", prorata, fte, target),
		outcomeOf("do_nothing", base, fte, target),
	}
	return plan
}

// explain says in words why the unit gets its posts.
func explain(up *UnitPlan, bu, au *munit, src *Unit, ceiling, fte float64) string {
	var b strings.Builder
	first, last := up.Months[0], up.Months[len(up.Months)-1]
	fmt.Fprintf(&b, "%s: ", nameOf(up.Key))
	posts := up.Posts()
	switch posts {
	case 0:
		b.WriteString("no new posts")
	case 1:
		b.WriteString("1 new post")
	default:
		fmt.Fprintf(&b, "%d new posts", posts)
	}
	if posts > 0 {
		var parts []string
		for _, x := range []struct {
			n    int
			what string
		}{{up.POPosts, "PO"}, {up.PSOPosts, "PSO"}, {up.Trainees, "trainee"}} {
			if x.n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", x.n, x.what))
			}
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	b.WriteString(". ")
	share := 0.0
	if first.DemandPoints > 0 {
		share = 100 * first.POOnlyPoints / first.DemandPoints
	}
	fmt.Fprintf(&b, "Its demand is %s points a week in %s and %s in %s, %.0f%% of it PO-only; ",
		thousands(first.DemandPoints), monthName(first.Date), thousands(last.DemandPoints), monthName(last.Date), share)
	fmt.Fprintf(&b, "%.1f FTE are in post, %.1f effective after reductions", first.InPostFTE, first.EffectiveFTE)
	if s := src.Supply[0]; s.Trainees > 0 {
		fmt.Fprintf(&b, ", of which %.0f trainees on protected caseloads bring %.1f of their %.1f FTE", s.Trainees, s.TraineePoints/fte, s.TraineeFTE)
	}
	b.WriteString(". ")
	worst, wm := -1.0, 0
	for m := range bu.a {
		if l := bu.pct(m, nil, 0); l > worst {
			worst, wm = l, m
		}
	}
	if worst <= 0 {
		b.WriteString("It has no work over the horizon.")
		return b.String()
	}
	fmt.Fprintf(&b, "Without new posts its highest month is %v in %s", Percent(worst), monthName(up.Months[wm].Date))
	if bu.binding(wm) == 0 && bu.a[wm][0] > 0 {
		b.WriteString(", where PO-only work binds: only PO capacity meets it")
	}
	b.WriteString(". ")
	before, after := bu.score(nil, 0), au.score(nil, 0)
	switch {
	case up.CeilingPosts > 0:
		fmt.Fprintf(&b, "%d is the fewest posts that keep every month at or below the plan's ceiling of %v", up.CeilingPosts, Percent(ceiling))
		if extra := posts - up.CeilingPosts; extra > 0 {
			fmt.Fprintf(&b, "; %d more go where they do most for the months over 110%% and 100%% and the spread", extra)
		}
		b.WriteString(". ")
	case posts > 0:
		fmt.Fprintf(&b, "It is already at or below the plan's ceiling of %v; its posts go where they do most for the months over 110%% and 100%% and the spread. ", Percent(ceiling))
	default:
		fmt.Fprintf(&b, "It is at or below the plan's ceiling of %v, and posts do more elsewhere. ", Percent(ceiling))
	}
	if up.TransfersIn+up.TransfersOut > 0 {
		fmt.Fprintf(&b, "Transfers: %d in, %d out. ", up.TransfersIn, up.TransfersOut)
	}
	fmt.Fprintf(&b, "After the plan its highest month is %v; months over 110%%: %d → %d, over 100%%: %d → %d.",
		up.HighestAfterPct, before.over110, after.over110, before.over100, after.over100)
	return b.String()
}
func nameOf(key string) string {
	if key == "" {
		return "(national)"
	}
	return key
}

// thousands formats a non-negative figure as a whole number with commas.
func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
