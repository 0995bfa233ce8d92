package caseload

import (
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/check"
	"github.com/probationkit/probation/internal/enum"
)

// poLike is the grade whose defaults trainees and newly qualified officers use.
const poLike = grades.PO

// Capacity holds what turns a practitioner's contracted hours into
// available points: the nominal target and default hours of each grade
// and the reduction-reason catalogue. A Capacity is read-only once in use
// and then safe for concurrent use.
//
// Available points (domain/workload.md §2.3, wmt-worker
// calculate-available-points.js):
//
//	available = trunc( Targets[grade] × (hours − active reduction hours) / DefaultHours[grade] )
//
// where hours is the practitioner's contracted hours, or the grade's
// default when none is recorded (Practitioner.Hours nil). Explicit 0
// contracted hours give no capacity, as in WMT: someone seconded or on a
// career break who still holds cases shows available 0, workload % 0 and
// status NO_CAPACITY, never a division by zero. A grade with a zero
// target or zero default hours has no capacity either; so does a
// negative result.
//
// Which reductions are active is a [ReductionRule]; the methods of
// Capacity follow [ByDates], the package's default, and a [Caseload]
// follows its [Settings].Reductions.
type Capacity struct {
	// Targets is the nominal target in points per week of a full-time
	// practitioner of each grade (index by grades.Grade), 0 to
	// [MaxTarget].
	Targets [grades.NumGrades]int
	// DefaultHours is the full-time contracted hours per week of each
	// grade, 0 to [MaxHours].
	DefaultHours [grades.NumGrades]float64
	// Reasons is the reduction-reason catalogue, looked up by Code.
	Reasons []ReductionReason
}

// MaxTarget bounds a nominal target, in points: the national target is
// 2,176, so 100,000 leaves room for any local table and keeps every
// product of points and hours inside an int.
const MaxTarget = 100_000

// Validate reports the out-of-range values of c in a
// *[probation.ValidationError] (Op "caseload.Capacity.Validate", Record
// "capacity", Field named as in "targets[PO]" or "reasons[3].max_percent"),
// or nil: a target outside 0–[MaxTarget], default hours outside
// 0–[MaxHours] or not finite, and for each reason an empty, badly formed
// or repeated code, an Allowance or Max outside 0–100 percent, or
// ExpiryMonths outside 0–120. [Build] calls it.
func (c *Capacity) Validate() error { return check.Error(opValidateCapacity, c.problems()) }

func (c *Capacity) problems() []probation.FieldError {
	r := report{record: recordCapacity}
	for g := grades.Grade(1); int(g) < grades.NumGrades; g++ {
		if t := c.Targets[g]; t < 0 || t > MaxTarget {
			r.bad("targets["+g.String()+"]", strconv.Itoa(t), "want points from 0 to 100000 (MaxTarget)")
		}
		if h := c.DefaultHours[g]; !(h >= 0 && h <= MaxHours) {
			r.bad("default_hours["+g.String()+"]", formatNumber(h), "want hours from 0 to 37.5")
		}
	}
	seen := make(map[string]int, len(c.Reasons))
	for i, rr := range c.Reasons {
		field := "reasons[" + strconv.Itoa(i) + "]."
		r.checkID(field+"code", rr.Code, true)
		if j, dup := seen[rr.Code]; dup {
			r.bad(field+"code", rr.Code, "repeated code: first at reasons["+strconv.Itoa(j)+"]")
		} else {
			seen[rr.Code] = i
		}
		for _, f := range [...]struct {
			name string
			v    float64
		}{{"allowance_percent", rr.Allowance}, {"max_percent", rr.Max}} {
			if !(f.v >= 0 && f.v <= 100) {
				r.bad(field+f.name, formatNumber(f.v), "want a percentage from 0 to 100")
			}
		}
		if rr.ExpiryMonths < 0 || rr.ExpiryMonths > 120 {
			r.bad(field+"expiry_months", strconv.Itoa(rr.ExpiryMonths), "want months from 0 to 120")
		}
	}
	return r.fields
}

// NationalCapacity returns a new Capacity with the public seed values
// (domain/workload.md §2.2; hmpps-workload V1_1__SEED_REF_DATA.sql,
// workload_points nominal_target_po 2176, nominal_target_spo 2176 — which
// WMT shows as the PSO target —, default_contracted_hours_po 37, _pso 37,
// _spo 0) and the reason catalogue of §2.5:
//
//   - PO: 2,176 points, 37 hours;
//   - PSO: 2,176 points, 37 hours;
//   - PQiP (every stage) and NQO: the PO values (trainees are protected
//     by reductions, not by a lower target, §2.5);
//   - SPO and DMY (no grade): 0 and 0, so no capacity.
func NationalCapacity() *Capacity {
	c := &Capacity{Reasons: nationalReasons()}
	for _, g := range []grades.Grade{grades.PO, grades.PSO, grades.PQiP, grades.PQiP1, grades.PQiP2, grades.PQiP3, grades.PQiP4, grades.NQO} {
		c.Targets[g] = 2176
		c.DefaultHours[g] = 37
	}
	return c
}

// Reason returns the catalogue entry with the given code. O(len(Reasons)).
func (c *Capacity) Reason(code string) (ReductionReason, bool) {
	i := slices.IndexFunc(c.Reasons, func(r ReductionReason) bool { return r.Code == code })
	if i < 0 {
		return ReductionReason{}, false
	}
	return c.Reasons[i], true
}

// maxWeekHours bounds any hours figure (the hours in a week), so that
// unvalidated input cannot overflow the integer arithmetic.
const maxWeekHours = 168

// centi converts hours to whole hundredths of an hour, clamped to 0–168 h
// (NaN counts as 0). Hours in WMT have at most 2 decimals.
func centi(h float64) int {
	if !(h > 0) {
		return 0
	}
	return int(math.Round(min(h, maxWeekHours) * 100))
}

// Hours returns p's contracted hours: p.Hours, 0 included, or the grade
// default when p.Hours is nil (0 for an invalid grade).
func (c *Capacity) Hours(p Practitioner) float64 {
	if p.Hours != nil {
		return *p.Hours
	}
	if p.Grade.IsValid() {
		return c.DefaultHours[p.Grade]
	}
	return 0
}

// counts reports whether reduction r takes hours off at asOf under rule:
// it is Active then, and its reason is not disabled in the catalogue. A
// reason missing from the catalogue still counts (Validate reports it),
// so bad data errs towards less capacity rather than more.
func (c *Capacity) counts(r Reduction, asOf time.Time, rule ReductionRule) bool {
	if rule.StatusAt(r, asOf) != Active {
		return false
	}
	rr, ok := c.Reason(r.Reason)
	return !ok || !rr.Disabled
}

// ReductionHours returns the hours per week taken off p at asOf: the sum
// of the hours of every reduction that [Reduction.StatusAt] calls Active
// ([ByDates]) and whose reason is enabled (wmt-worker
// get-app-reduction-hours.js).
func (c *Capacity) ReductionHours(p Practitioner, asOf time.Time) float64 {
	return float64(c.reductionCenti(p, asOf, ByDates)) / 100
}

func (c *Capacity) reductionCenti(p Practitioner, asOf time.Time, rule ReductionRule) int {
	n := 0
	for _, r := range p.Reductions {
		if c.counts(r, asOf, rule) {
			n += centi(r.Hours)
		}
	}
	return n
}

// Available returns p's available points at asOf (see [Capacity] for the
// formula). Hours are taken to the hundredth of an hour and the product
// is computed in integers, so 2,176 × (37 − 1.8) / 37 is exactly 2,070
// (hmpps-workload CapacityCalculatorTest.kt). The result is never
// negative, and 0 for explicit 0 contracted hours. Reductions count by
// [ByDates]. O(len(p.Reductions) × len(c.Reasons)); it does not allocate.
func (c *Capacity) Available(p Practitioner, asOf time.Time) int {
	return c.available(p, c.reductionCenti(p, asOf, ByDates))
}

func (c *Capacity) available(p Practitioner, redCenti int) int {
	if !p.Grade.IsValid() {
		return 0
	}
	target, dh := c.Targets[p.Grade], centi(c.DefaultHours[p.Grade])
	if target <= 0 || dh <= 0 {
		return 0
	}
	net := centi(c.Hours(p)) - redCenti
	if net <= 0 {
		return 0
	}
	return min(target, 1<<20) * net / dh
}

// Percent returns workload as a percentage of available points, to one
// decimal place: the ratio rounded half up (away from zero) to 3 decimal
// places, then × 100, as hmpps-workload calculateCapacity does
// (domain/workload.md §2.4). It returns 0 when available ≤ 0, so a
// practitioner with no capacity never divides by zero.
func Percent(points, available int) float64 {
	if available <= 0 || points == 0 {
		return 0
	}
	neg := points < 0
	if neg {
		points = -points
	}
	tenths := (2*int64(points)*1000 + int64(available)) / (2 * int64(available))
	if neg {
		tenths = -tenths
	}
	return float64(tenths) / 10
}

// Status says how a workload stands against capacity. The zero Status is
// WithinCapacity.
type Status uint8

// The workload statuses. The thresholds read the one-decimal percentage
// the manager sees.
const (
	WithinCapacity Status = iota // at most 100%
	Over100                      // over 100%: styled as over in the allocation tool (ui percentage-extra-over)
	Over110                      // over 110%: red in WMT (web capacity.njk)
	NoCapacity                   // available is 0 but the practitioner has points
)

var statusTable = enum.New("caseload", "workload status", "Status", WithinCapacity, "WITHIN_CAPACITY", "OVER_100", "OVER_110", "NO_CAPACITY")

// IsValid reports whether s is one of the constants.
func (s Status) IsValid() bool { return s <= NoCapacity }

// String returns "WITHIN_CAPACITY", "OVER_100", "OVER_110" or "NO_CAPACITY".
func (s Status) String() string { return statusTable.String(s) }

// ParseStatus parses the String form, ignoring case.
func ParseStatus(s string) (Status, error) { return statusTable.Parse(s) }

// MarshalText returns the String form.
func (s Status) MarshalText() ([]byte, error) { return statusTable.Marshal(s) }

// UnmarshalText parses text with ParseStatus.
func (s *Status) UnmarshalText(text []byte) error { return statusTable.Unmarshal(text, s) }

// StatusOf classifies a workload of points against available points.
func StatusOf(points, available int) Status {
	if available <= 0 {
		if points > 0 {
			return NoCapacity
		}
		return WithinCapacity
	}
	switch p := Percent(points, available); {
	case p > 110:
		return Over110
	case p > 100:
		return Over100
	}
	return WithinCapacity
}

// ExcessiveWeeks is how many consecutive weekly snapshots over 110% make
// an excessive workload: "Anyone over 110% for a period of 4 consecutive
// weeks is deemed to have an excessive workload" (written answer, 30 Mar
// 2021, parallelparliament.co.uk/question/172934; domain/workload.md §2.4).
const ExcessiveWeeks = 4

// Excessive reports whether a practitioner whose weekly workload
// percentages are weekly (oldest first, one value per week with no gaps)
// has an excessive workload at the last week: the last ExcessiveWeeks
// values are all over 110. A shorter series is not excessive.
func Excessive(weekly []float64) bool {
	return ExcessiveRun(weekly) >= ExcessiveWeeks
}

// ExcessiveRun returns how many consecutive weeks, ending with the last
// value of weekly, have been over 110%.
func ExcessiveRun(weekly []float64) int {
	n := 0
	for i := len(weekly) - 1; i >= 0 && weekly[i] > 110; i-- {
		n++
	}
	return n
}
