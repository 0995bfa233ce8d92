package caseload

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
	"github.com/probationkit/probation/tiering"
)

// Weights is one effective-dated WMT points table: the main and T2A rows
// of app.workload_points (points per case held by case type and tier),
// the T2A inactive-case weightings, the court report points and the CMS
// adjustment points.
//
// A Weights reached through a [WeightsSet] is shared and must not be
// modified; build a new table (for example by copying *NationalWeights().At(t)
// and editing the copy, with the CMS map cloned) and a new set instead.
//
// Sources (all from domain/workload.md): §1.2 points per case (hmpps-workload
// V1_1__SEED_REF_DATA.sql, wmt-worker seed/data/dev/00800_workload_points.js),
// §1.3 row types and inactive weightings, §1.4 reports, §1.5 CMS.
type Weights struct {
	// Effective is the first instant the table is in force.
	Effective time.Time
	// Source says where the values come from (a citation, free text).
	Source string

	// Tiers is the main row: points per case by case type and tier.
	// Tiers[t][tiering.Untiered] must be 0 (untiered cases are never
	// weighted). Every value is 0–999, as in the WMT admin screen.
	Tiers [NumCaseTypes][tiering.NumTiers]int
	// T2ATiers is the Transition to Adulthood row, used for cases with T2A set.
	T2ATiers [NumCaseTypes][tiering.NumTiers]int
	// T2AInactive holds the T2A row's inactive-case weightings.
	T2AInactive Inactive

	// Reports holds the points per court report completed in the last 30 days.
	Reports ReportPoints
	// CMS maps a Case Management Support adjustment code ("CMS01" …) to its
	// points. A code that is not in the map scores 0, as in hmpps-workload
	// (WorkloadCalculator.kt). Group Supervision codes (NGS001–NGS010) are
	// not listed: they score 0 and were dropped from capacity in Jan 2023.
	CMS map[string]int
}

// Inactive holds the weightings, in percent 0–100, applied to inactive
// T2A cases (WMT weighting_o, weighting_w, weighting_u): a case keeps that
// percentage of its tier points. 0 removes all the points, 100 keeps them.
type Inactive struct {
	Overdue    float64 `json:"overdue"`     // row type O, overdue termination
	Warrant    float64 `json:"warrant"`     // row type W, active warrant
	UnpaidWork float64 `json:"unpaid_work"` // row type U, only unpaid work outstanding
}

// ReportPoints holds the points per court report (WMT sdr,
// sdr_conversion; oral reports are counted but never weighted in WMT).
type ReportPoints struct {
	Standard int `json:"standard"` // standard delivery report (SDR/PSR)
	Fast     int `json:"fast"`     // fast delivery report ("SDR conversion")
	Oral     int `json:"oral"`
}

// Points returns the points of one case held, under w, rounded half up
// to a whole point: the case's own figure (see [Weights.ExactPoints] for
// the figure a practitioner's total adds up).
//
// The reading, from domain/workload.md §1.2–§1.3 and §1.6:
//   - An untiered case, or one with an invalid tier, case type or row
//     type, scores 0.
//   - A non-T2A case scores Tiers[type][tier], except rows O (overdue
//     termination), U (unpaid work only) and W (active warrant), which
//     score 0: legacy WMT totals non-T2A tiers from the
//     wmt_extract_filtered sheet, which "already has inactive case totals
//     removed", so the main row's weightings are never applied to them.
//   - A T2A case scores T2ATiers[type][tier]; for rows O, W and U that is
//     multiplied by the T2AInactive weighting / 100 (clamped to 0–100,
//     taken to the hundredth of a percent), the T2A subtraction of
//     wmt-worker calculate-points-for-tier.js, count × points ×
//     (100 − w)/100, which WMT does not round.
//   - Rows L, S, P and I (suspended lifer, suspended sentence, persistent
//     prolific, integrated offender management) score like Normal: they
//     are counted per tier with no separate weighting.
//
// Points is O(1) and does not allocate.
func (w *Weights) Points(c Case) int { return roundPoints(w.exactPoints(c)) }

// PointUnits is the number of units a point is divided into in
// [Weights.ExactPoints]: a weighted T2A case scores its tier's points
// times its weighting in hundredths of a percent, which is whole in these
// units, so that sums of weighted cases are exact.
const PointUnits = 10_000

// ExactPoints returns the points of one case held, under w, exactly, in
// units of 1/[PointUnits] of a point: [Weights.Points] before rounding.
// A practitioner's case points are the sum of these over the cases held,
// rounded half up once, as WMT rounds a workload's total once
// (Math.round in wmt-worker calculate-workload-points.js): two T2A
// custody B1 cases of 47 points with a weighting of 50 score 47, where
// rounding each case would give 48. O(1); it does not allocate.
func (w *Weights) ExactPoints(c Case) int64 { return w.exactPoints(c) }

func (w *Weights) exactPoints(c Case) int64 { return w.pointsOf(c.Type, c.Tier, c.Row, c.T2A) }

// pointsOf is ExactPoints of a case of type ct, tier t and row type row,
// T2A or not.
func (w *Weights) pointsOf(ct CaseType, t tiering.Tier, row RowType, t2a bool) int64 {
	if !ct.IsValid() || !t.IsValid() || !row.IsValid() {
		return 0
	}
	if !t2a {
		switch row {
		case OverdueTermination, UnpaidWorkOnly, ActiveWarrant:
			return 0
		}
		return int64(w.Tiers[ct][t]) * PointUnits
	}
	p := int64(w.T2ATiers[ct][t])
	var pct float64
	switch row {
	case OverdueTermination:
		pct = w.T2AInactive.Overdue
	case ActiveWarrant:
		pct = w.T2AInactive.Warrant
	case UnpaidWorkOnly:
		pct = w.T2AInactive.UnpaidWork
	default:
		return p * PointUnits
	}
	return p * weighting(pct)
}

// weighting returns a percentage weighting in hundredths of a percent,
// clamped to 0–10,000 (NaN counts as 0).
func weighting(pct float64) int64 {
	if !(pct > 0) {
		return 0
	}
	return int64(math.Round(min(pct, 100) * 100))
}

// roundPoints rounds a figure in point units half up to whole points, as
// JavaScript's Math.round does.
func roundPoints(units int64) int {
	return int(floorDiv(units+PointUnits/2, PointUnits))
}

// floorDiv is a / b rounded down, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// ReportPoints returns the points of a practitioner's court reports.
func (w *Weights) ReportPoints(r Reports) int {
	return r.Standard*w.Reports.Standard + r.Fast*w.Reports.Fast + r.Oral*w.Reports.Oral
}

// CMSPoints returns the points of a CMS adjustment code; an unknown code
// scores 0.
func (w *Weights) CMSPoints(code string) int { return w.CMS[code] }

// validate appends a field error (Record "weights", the table's index
// and effective date) for every out-of-range value in w; field names are
// those of the JSON form.
func (w *Weights) validate(index int, r *report) {
	r.id, r.index = formatDate(w.Effective), index
	for _, row := range [...]struct {
		name string
		t    *[NumCaseTypes][tiering.NumTiers]int
	}{{"case_points", &w.Tiers}, {"t2a_case_points", &w.T2ATiers}} {
		for ct := range NumCaseTypes {
			for tier := range tiering.NumTiers {
				v := row.t[ct][tier]
				field := func() string { // built only for an error
					return row.name + "." + strings.ToLower(CaseType(ct).String()) + "." + tiering.Tier(tier).String()
				}
				switch {
				case (ct == 0 || tier == 0) && v != 0:
					r.bad(field(), strconv.Itoa(v), "want 0: an invalid case type or an untiered case scores nothing")
				case v < 0 || v > 999:
					r.bad(field(), strconv.Itoa(v), "want points from 0 to 999")
				}
			}
		}
	}
	for _, f := range [...]struct {
		name string
		v    float64
	}{{"t2a_inactive_percent.overdue", w.T2AInactive.Overdue}, {"t2a_inactive_percent.warrant", w.T2AInactive.Warrant}, {"t2a_inactive_percent.unpaid_work", w.T2AInactive.UnpaidWork}} {
		if !(f.v >= 0 && f.v <= 100) {
			r.bad(f.name, formatNumber(f.v), "want a weighting in percent from 0 to 100")
		}
	}
	for _, f := range [...]struct {
		name string
		v    int
	}{{"report_points.standard", w.Reports.Standard}, {"report_points.fast", w.Reports.Fast}, {"report_points.oral", w.Reports.Oral}} {
		if f.v < 0 || f.v > 999 {
			r.bad(f.name, strconv.Itoa(f.v), "want points from 0 to 999")
		}
	}
	for _, code := range sortedKeys(w.CMS) {
		if msg := check.IDMessage(code); msg != "" {
			r.bad("cms_points", code, msg+" (a CMS code)")
		}
		if v := w.CMS[code]; v < 0 || v > 999 {
			r.bad("cms_points."+code, strconv.Itoa(v), "want points from 0 to 999")
		}
	}
}

// WeightsSet is a list of effective-dated [Weights] tables; the caller's
// as-of date picks one (WMT keeps weights as admin-edited, effective-dated
// configuration, domain/workload.md §6.1). A WeightsSet is immutable and
// safe for concurrent use. The zero WeightsSet holds no table.
type WeightsSet struct {
	tables []*Weights // sorted by Effective, distinct
}

// NewWeightsSet returns a set of the given tables. It returns a
// *[probation.ValidationError] (Op "caseload.NewWeightsSet", Record
// "weights", the table's Index in tables and its effective date as ID)
// listing every out-of-range value and every pair of tables with the
// same Effective instant. The ranges:
// points per case and per report 0–999, CMS points 0–999 (codes with no
// surrounding space), inactive weightings 0–100 percent. The set keeps
// the pointers: do not modify the tables afterwards.
func NewWeightsSet(tables ...*Weights) (*WeightsSet, error) {
	set, errs := newWeightsSet(tables, nil)
	if err := check.Error(opNewWeightsSet, errs); err != nil {
		return nil, err
	}
	return set, nil
}

// newWeightsSet is NewWeightsSet, its field errors appended to errs with
// the line of each table (lines, if not nil, by index).
func newWeightsSet(tables []*Weights, lines []int) (*WeightsSet, []probation.FieldError) {
	r := report{record: recordWeights}
	ts := make([]*Weights, 0, len(tables))
	index := make(map[*Weights]int, len(tables))
	for i, w := range tables {
		if i < len(lines) {
			r.line = lines[i]
		}
		if w == nil {
			r.id, r.index = "", i
			r.bad("", "", "nil table")
			continue
		}
		w.validate(i, &r)
		ts = append(ts, w)
		index[w] = i
	}
	slices.SortStableFunc(ts, func(a, b *Weights) int { return a.Effective.Compare(b.Effective) })
	for i := 1; i < len(ts); i++ {
		if ts[i].Effective.Equal(ts[i-1].Effective) {
			r.id, r.index = formatDate(ts[i].Effective), index[ts[i]]
			if r.index < len(lines) {
				r.line = lines[r.index]
			}
			r.bad("effective", r.id, "another table takes effect at the same instant")
		}
	}
	return &WeightsSet{tables: ts}, r.fields
}

// At returns the table in force at asOf: the one with the latest
// Effective not after asOf. If asOf is before every table it returns the
// earliest (the set knows nothing older); it returns nil only for an
// empty set. O(log n).
func (s *WeightsSet) At(asOf time.Time) *Weights {
	if s == nil || len(s.tables) == 0 {
		return nil
	}
	i, _ := slices.BinarySearchFunc(s.tables, asOf, func(w *Weights, t time.Time) int {
		if w.Effective.After(t) {
			return 1
		}
		return -1
	})
	if i == 0 {
		return s.tables[0]
	}
	return s.tables[i-1]
}

// Tables returns the tables in Effective order. The slice is a copy; the
// tables are shared and must not be modified.
func (s *WeightsSet) Tables() []*Weights {
	if s == nil {
		return nil
	}
	return slices.Clone(s.tables)
}

// nationalEffective is when the national default weights take effect.
var nationalEffective = time.Date(2021, time.April, 1, 0, 0, 0, 0, time.UTC)

// NationalWeights returns a new set holding one table, in force from 1
// April 2021 (the WMT0229 "new tiering model" that keyed the weights on
// the 16 tiers A3–D0, domain/workload.md §1.1; the first of the month is
// our reading, the source gives only the month), with the public seed
// values (domain/workload.md §1.2–§1.5; hmpps-workload
// src/main/resources/db/migration/V1_1__SEED_REF_DATA.sql, V1_46, V1_64,
// V1_65; wmt-worker seed/data/dev/00800_workload_points.js):
//
//   - community, licence and custody points for A3 … D0 as in §1.2; the
//     T2A row equals the custody column for all three case types;
//   - every S tier (A3S … D0S) 0, the seed default (V1_64, V1_65); the
//     production S values are not public;
//   - T2A inactive weightings 0 for overdue, warrant and unpaid work;
//   - reports: standard 138, fast 65, oral 0;
//   - CMS01–CMS36 at the low/medium/high points of §1.5, CMS40–CMS51 at 0.
//
// These are seed values and may differ from production (§6.2). Each call
// returns a fresh set, so callers may derive their own tables from it.
func NationalWeights() *WeightsSet {
	w := &Weights{
		Effective: nationalEffective,
		Source:    "hmpps-workload V1_1__SEED_REF_DATA.sql seed row (domain/workload.md §1.2-§1.5)",
		Reports:   ReportPoints{Standard: 138, Fast: 65, Oral: 0},
		CMS:       nationalCMS(),
	}
	// One row per tier A3 … D0 (Tier values 1 … 16): community, licence, custody.
	seed := [16][3]int{
		{206, 219, 75}, {158, 175, 60}, {146, 163, 59}, {110, 0, 0},
		{146, 161, 59}, {115, 132, 48}, {102, 119, 47}, {72, 0, 0},
		{79, 77, 30}, {63, 65, 24}, {50, 52, 23}, {35, 0, 0},
		{51, 51, 17}, {41, 43, 14}, {29, 31, 13}, {29, 0, 0},
	}
	for i, row := range seed {
		t := tiering.Tier(i + 1)
		w.Tiers[Community][t] = row[0]
		w.Tiers[Licence][t] = row[1]
		w.Tiers[Custody][t] = row[2]
		for _, ct := range []CaseType{Community, Licence, Custody} {
			w.T2ATiers[ct][t] = row[2]
		}
	}
	s, errs := newWeightsSet([]*Weights{w}, nil)
	if len(errs) > 0 {
		panic("caseload: national weights invalid") // unreachable: fixed data
	}
	return s
}

// nationalCMS returns the CMS adjustment points of domain/workload.md §1.5.
func nationalCMS() map[string]int {
	// Low / medium / high for the 12 activities CMS01–03 … CMS34–36.
	levels := [12][3]int{
		{9, 13, 18}, // Sentence Plan Intervention Delivery
		{9, 18, 26}, // Completing & Assisting with Referrals
		{9, 18, 26}, // Attending Partnership Meetings
		{9, 18, 26}, // Assistance with Case Conferencing
		{9, 13, 18}, // Information & Intelligence Gathering
		{9, 13, 18}, // Home & Prison Visits
		{9, 13, 18}, // HDC Assessments & Support
		{5, 9, 13},  // Victims Services Liaison
		{9, 13, 18}, // Court Liaison & Applications to Court
		{5, 9, 18},  // Case Related Communication
		{9, 13, 18}, // Assistance with Assessments
		{9, 13, 18}, // ROTL Assessments & Support
	}
	m := make(map[string]int, 48)
	for a, lv := range levels {
		for l, p := range lv {
			m[fmt.Sprintf("CMS%02d", a*3+l+1)] = p
		}
	}
	for n := 40; n <= 51; n++ { // the same activities with no level (V1_46): 0
		m[fmt.Sprintf("CMS%02d", n)] = 0
	}
	return m
}
