package caseload

import (
	"fmt"
	"math"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/enum"
)

// ReductionStatus is the WMT status of a reduction: SCHEDULED (starts in
// the future), ACTIVE, ARCHIVED (ended) or DELETED (domain/workload.md
// §2.5). The zero value, StatusFromDates, means "not recorded: derive it
// from the dates"; it prints as "FROM_DATES" and marshals as empty text.
type ReductionStatus uint8

// The reduction statuses.
const (
	StatusFromDates ReductionStatus = iota
	Scheduled
	Active
	Archived
	Deleted
)

var reductionStatusTable = enum.New("caseload", "reduction status", "ReductionStatus", Scheduled, "SCHEDULED", "ACTIVE", "ARCHIVED", "DELETED").
	WithZero("FROM_DATES").WithMessage("want SCHEDULED, ACTIVE, ARCHIVED, DELETED or empty")

// IsValid reports whether s is one of the constants.
func (s ReductionStatus) IsValid() bool { return s <= Deleted }

// String returns "SCHEDULED", "ACTIVE", "ARCHIVED", "DELETED", or
// "FROM_DATES" for StatusFromDates.
func (s ReductionStatus) String() string { return reductionStatusTable.String(s) }

// ParseReductionStatus parses the String form, ignoring case; "" (and
// "FROM_DATES") is StatusFromDates.
func ParseReductionStatus(s string) (ReductionStatus, error) { return reductionStatusTable.Parse(s) }

// MarshalText returns the String form, StatusFromDates as empty text.
func (s ReductionStatus) MarshalText() ([]byte, error) { return reductionStatusTable.Marshal(s) }

// UnmarshalText parses text with ParseReductionStatus.
func (s *ReductionStatus) UnmarshalText(text []byte) error {
	return reductionStatusTable.Unmarshal(text, s)
}

// StatusAt returns the status of r at asOf under the package's default
// reading, [ByDates]: a recorded Deleted or Archived stands; otherwise
// the dates decide: Scheduled before Start, Archived from End (End is
// the first day no longer in force), Active in between.
func (r Reduction) StatusAt(asOf time.Time) ReductionStatus { return ByDates.StatusAt(r, asOf) }

// ReductionRule says which reductions take hours off a practitioner's
// capacity. The two HMPPS sources disagree, so the choice is a setting
// ([Settings].Reductions); the zero value is ByDates.
type ReductionRule uint8

// The readings of a reduction's status.
const (
	// ByDates follows hmpps-workload (GetReductionService.kt): a
	// reduction counts when effectiveFrom ≤ as-of < effectiveTo, unless
	// its status is DELETED or ARCHIVED. A recorded SCHEDULED or ACTIVE is
	// overridden by the dates, so a reduction whose end has passed stops
	// counting on that day even if no job has archived it yet.
	ByDates ReductionRule = iota
	// ByStatus follows the legacy WMT worker (get-app-reduction-hours.js,
	// WFP-951): only a reduction whose recorded status is ACTIVE counts,
	// whatever its dates, until the status is changed. A reduction whose
	// status is not recorded (StatusFromDates) takes its status from the
	// dates, as ByDates does.
	ByStatus
)

var reductionRuleTable = enum.New("caseload", "reduction rule", "ReductionRule", ByDates, "BY_DATES", "BY_STATUS")

// IsValid reports whether rule is ByDates or ByStatus.
func (rule ReductionRule) IsValid() bool { return rule <= ByStatus }

// String returns "BY_DATES" or "BY_STATUS".
func (rule ReductionRule) String() string { return reductionRuleTable.String(rule) }

// ParseReductionRule parses the String form, ignoring case.
func ParseReductionRule(s string) (ReductionRule, error) { return reductionRuleTable.Parse(s) }

// MarshalText returns the String form.
func (rule ReductionRule) MarshalText() ([]byte, error) { return reductionRuleTable.Marshal(rule) }

// UnmarshalText parses text with ParseReductionRule.
func (rule *ReductionRule) UnmarshalText(text []byte) error {
	return reductionRuleTable.Unmarshal(text, rule)
}

// StatusAt returns the status of r at asOf under rule (an invalid rule
// reads as ByDates). Only an Active reduction takes hours off.
func (rule ReductionRule) StatusAt(r Reduction, asOf time.Time) ReductionStatus {
	switch {
	case r.Status == Deleted || r.Status == Archived:
		return r.Status
	case rule == ByStatus && r.Status != StatusFromDates:
		return r.Status
	case asOf.Before(r.Start):
		return Scheduled
	case !r.End.IsZero() && !asOf.Before(r.End):
		return Archived
	}
	return Active
}

// ReductionReason is one entry of the reduction-reason catalogue
// (hmpps-workload V1_1__SEED_REF_DATA.sql; domain/workload.md §2.5).
type ReductionReason struct {
	// Code identifies the reason in Reduction.Reason. The seed identifies
	// reasons by row ID and name only; the codes of the national catalogue
	// are ours.
	Code     string `json:"code"`
	Name     string `json:"name"`
	Category string `json:"category"`
	// Allowance is the percentage of contracted hours the form pre-fills;
	// 0 means none is set, which WMT reads as the full contracted hours
	// (web reduction-hours-calculator.js).
	Allowance float64 `json:"allowance_percent,omitempty"`
	// Max caps a reduction at this percentage of contracted hours; 0 means
	// no cap beyond the contracted hours themselves.
	Max float64 `json:"max_percent,omitempty"`
	// ExpiryMonths sets the default end date, start + ExpiryMonths; 0 means
	// open-ended.
	ExpiryMonths int `json:"expiry_months,omitempty"`
	// Disabled reasons are not counted (wmt-worker get-app-reduction-hours.js,
	// WFP-951). The zero value is enabled.
	Disabled bool `json:"disabled,omitempty"`
}

// AllowanceHours returns the hours the form pre-fills for a practitioner
// contracted for the given hours: hours × Allowance / 100 rounded to 2 dp
// and capped at the contracted hours, or the contracted hours when
// Allowance is 0.
func (r ReductionReason) AllowanceHours(contracted float64) float64 {
	return pctHours(contracted, r.Allowance)
}

// MaxHours returns the largest reduction allowed for the given contracted
// hours: hours × Max / 100 rounded to 2 dp, or the contracted hours when
// Max is 0.
func (r ReductionReason) MaxHours(contracted float64) float64 {
	return pctHours(contracted, r.Max)
}

func pctHours(contracted, pct float64) float64 {
	if pct <= 0 || pct >= 100 {
		return contracted
	}
	return math.Min(math.Round(contracted*pct)/100, contracted)
}

// Codes of the national reduction reasons used by [Capacity.TraineeSchedule].
const (
	ReasonPQiP1 = "PQIP_0_6"   // PQiP – 1st 6 months, 80%
	ReasonPQiP2 = "PQIP_6_12"  // PQiP – 6 to 12 months, 60%
	ReasonPQiP3 = "PQIP_12_18" // PQiP – 12 to 18 months, 40%
	ReasonNQO   = "NQO"        // Newly Qualified Probation Officers, 20% for 9 months
)

// nationalReasons returns the seed catalogue of domain/workload.md §2.5.
func nationalReasons() []ReductionReason {
	const (
		personal = "Personal Circumstances"
		learning = "Community Justice Learning"
		work     = "Work Circumstances"
	)
	return []ReductionReason{
		{Code: "DISABILITY", Name: "Disability", Category: personal},
		{Code: "LONG_TERM_SICKNESS", Name: "Long Term Sickness Absence", Category: personal, Allowance: 100},
		{Code: "PHASED_RETURN", Name: "Phased Return to Work", Category: personal},
		{Code: "PREGNANCY", Name: "Pregnancy", Category: personal},
		{Code: "MATERNITY", Name: "Maternity Leave", Category: personal, Allowance: 100, ExpiryMonths: 6},
		{Code: "ADOPTION", Name: "Adoption Leave", Category: personal, Allowance: 100, ExpiryMonths: 6},
		{Code: "SPECIAL_LEAVE", Name: "Special Leave", Category: personal, Allowance: 100},
		{Code: "TRADE_UNION", Name: "Trade Union Facility Time", Category: personal, Max: 50},
		{Code: "OTHER_PAID_LEAVE", Name: "Other Paid Leave (e.g. Jury Service)", Category: personal, Allowance: 100},
		{Code: "OTHER_UNPAID_LEAVE", Name: "Other Unpaid Leave", Category: personal, Allowance: 100},
		{Code: "OTHER", Name: "Other", Category: personal},
		{Code: ReasonPQiP1, Name: "PQiP – 1st 6 months", Category: learning, Allowance: 80, ExpiryMonths: 6},
		{Code: ReasonPQiP2, Name: "PQiP – 6 to 12 months", Category: learning, Allowance: 60, ExpiryMonths: 6},
		{Code: ReasonPQiP3, Name: "PQiP – 12 to 18 months", Category: learning, Allowance: 40, ExpiryMonths: 6},
		{Code: ReasonNQO, Name: "Newly Qualified Probation Officers (NQO)", Category: learning, Allowance: 20, ExpiryMonths: 9},
		{Code: "PSO_LEARNING", Name: "PSO Learning & Development", Category: learning, Allowance: 20, ExpiryMonths: 6},
		{Code: "VQ3", Name: "Vocational Qualification Level 3 (VQ3)", Category: learning, Allowance: 5, ExpiryMonths: 6},
		{Code: "L4_L5_ACCESS", Name: "Level 4 and Level 5 Access", Category: learning, Allowance: 10, ExpiryMonths: 6},
		{Code: "CO_WORKED", Name: "Co-Worked Cases", Category: work},
		{Code: "GROUPS_GS", Name: "Groups (Group Supervision)", Category: work},
		{Code: "GROUPS_INDUCTION", Name: "Groups (Induction)", Category: work},
		{Code: "COURT_DUTY", Name: "Court Duty", Category: work},
		{Code: "PSR_COURT_DUTY", Name: "Pre Sentence Reports – Court Duty / Sessional", Category: work},
		{Code: "SPLIT_ROLE", Name: "Split Role", Category: work},
		{Code: "OMIC_TRANSACTIONAL", Name: "OM in Custody – Transactional work", Category: work},
		{Code: "SPOC_LEAD", Name: "Single Point of Contact (SPOC) leads", Category: work, Max: 5},
	}
}

// NewReduction returns a reduction for the reason with the form's
// defaults (web add-reduction.js): the allowance hours for the contracted
// hours, starting at start and ending ExpiryMonths later (open-ended when
// ExpiryMonths is 0). It returns an error wrapping ErrUnknown if the
// reason is not in the catalogue.
func (c *Capacity) NewReduction(reason string, contracted float64, start time.Time) (Reduction, error) {
	rr, ok := c.Reason(reason)
	if !ok {
		return Reduction{}, fmt.Errorf("%w: reduction reason %q", ErrUnknown, probation.Shorten(reason))
	}
	r := Reduction{Reason: rr.Code, Hours: rr.AllowanceHours(contracted), Start: start}
	if rr.ExpiryMonths > 0 {
		r.End = start.AddDate(0, rr.ExpiryMonths, 0)
	}
	return r, nil
}

// TraineeSchedule returns the protected-caseload reductions of a trainee
// who starts PQiP at start, contracted for the given hours, read as
// [Practitioner].Hours is (nil means the PO default hours): 80% for 6
// months, 60% for 6 months, 40% for 6 months, then the NQO 20% for 9
// months, back to back (domain/workload.md §2.5, allocation.md §1.4).
// The percentages and lengths come from c's catalogue; reasons missing
// from it are skipped.
func (c *Capacity) TraineeSchedule(start time.Time, contracted *float64) []Reduction {
	hours := c.DefaultHours[poLike]
	if contracted != nil {
		hours = *contracted
	}
	var out []Reduction
	at := start
	for _, code := range []string{ReasonPQiP1, ReasonPQiP2, ReasonPQiP3, ReasonNQO} {
		r, err := c.NewReduction(code, hours, at)
		if err != nil {
			continue
		}
		out = append(out, r)
		if !r.End.IsZero() {
			at = r.End
		}
	}
	return out
}
