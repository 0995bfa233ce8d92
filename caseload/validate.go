package caseload

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/probationkit/probation/tiering"
)

// MaxHours is the most contracted hours per week a practitioner may have
// (WMT web app/routes/contracted-hours.js allows 0–37.5).
const MaxHours = 37.5

// Validate checks the records against capacity's reason catalogue (nil
// means [NationalCapacity]) and returns a *ValidationError listing every
// problem, or nil. It checks:
//
//   - practitioners: empty or duplicate ID, invalid grade, hours NaN,
//     negative or above [MaxHours], negative report counts, and each
//     reduction: unknown reason, invalid status, missing start, hours NaN
//     or negative, above the contracted hours or above the reason's
//     maximum, an end not after the start;
//   - cases: empty or duplicate ID, an invalid tier (untiered is valid),
//     case type or row type, invalid risk values, and a Practitioner that
//     is not in practitioners.
//
// A case's Previous, RestrictedTo and ExcludedFrom may name practitioners
// who are not in the list (leavers, staff elsewhere) and are not checked.
// O(len(cases) + len(practitioners) × reductions × reasons).
func Validate(cases []Case, practitioners []Practitioner, capacity *Capacity) error {
	if capacity == nil {
		capacity = NationalCapacity()
	}
	probs, byID := validatePractitioners(practitioners, capacity, nil)
	probs, _ = validateCases(cases, byID, probs)
	_, dups := indexCases(cases)
	return asValidation(mergeCaseProblems(probs, dups))
}

// validatePractitioners appends the practitioners' problems to probs and
// returns the ID index (first occurrence wins).
func validatePractitioners(ps []Practitioner, capacity *Capacity, probs []Problem) ([]Problem, map[string]int32) {
	byID := make(map[string]int32, len(ps))
	for i := range ps {
		p := &ps[i]
		bad := func(field, format string, args ...any) {
			probs = append(probs, Problem{Record: "practitioner", ID: p.ID, Index: i, Field: field, Message: fmt.Sprintf(format, args...)})
		}
		if p.ID == "" {
			bad("id", "empty")
		} else if j, dup := byID[p.ID]; dup {
			bad("id", "duplicate of practitioner %d", j)
		} else {
			byID[p.ID] = int32(i)
		}
		if !p.Grade.IsValid() {
			bad("grade", "invalid grade %v", p.Grade)
		}
		if math.IsNaN(p.Hours) || p.Hours < 0 || p.Hours > MaxHours {
			bad("hours", "%v hours: want 0-%v (0 = the grade default)", p.Hours, MaxHours)
		}
		if p.Reports.Standard < 0 || p.Reports.Fast < 0 || p.Reports.Oral < 0 {
			bad("reports", "negative report count %+v", p.Reports)
		}
		for k, r := range p.Reductions {
			probs = validateReduction(r, p, k, i, capacity, probs)
		}
	}
	return probs, byID
}

// validateReduction appends the problems of reduction k of practitioner p
// (at index i) to probs.
func validateReduction(r Reduction, p *Practitioner, k, i int, capacity *Capacity, probs []Problem) []Problem {
	bad := func(field, format string, args ...any) {
		probs = append(probs, Problem{Record: "practitioner", ID: p.ID, Index: i, Field: fmt.Sprintf("reductions[%d].%s", k, field), Message: fmt.Sprintf(format, args...)})
	}
	rr, known := capacity.Reason(r.Reason)
	if !known {
		bad("reason", "unknown reduction reason %q", r.Reason)
	}
	if !r.Status.IsValid() {
		bad("status", "invalid status %v", r.Status)
	}
	if r.Start.IsZero() {
		bad("start", "missing")
	}
	contracted := capacity.Hours(*p)
	switch {
	case math.IsNaN(r.Hours) || r.Hours < 0:
		bad("hours", "%v hours: want 0 or more", r.Hours)
	case r.Hours > contracted:
		bad("hours", "%v hours: more than the %v contracted hours", r.Hours, contracted)
	case known && rr.Max > 0 && r.Hours > rr.MaxHours(contracted):
		bad("hours", "%v hours: over the maximum of %v%% of %v hours (%v) for %s", r.Hours, rr.Max, contracted, rr.MaxHours(contracted), rr.Code)
	}
	if !r.End.IsZero() && !r.End.After(r.Start) {
		bad("end", "ends %s, not after its start %s", r.End.Format("2006-01-02"), r.Start.Format("2006-01-02"))
	}
	return probs
}

// validateCase appends the problems of one case to probs; byID indexes the
// practitioners. It returns the index of the case's practitioner, -1 when
// it has none or an unknown one.
func validateCase(c *Case, i int, byID map[string]int32, probs []Problem) ([]Problem, int32) {
	owner := int32(-1)
	if c.Practitioner != "" {
		if j, ok := byID[c.Practitioner]; ok {
			owner = j
		} else {
			probs = append(probs, Problem{Record: "case", ID: c.ID, Index: i, Field: "practitioner", Message: fmt.Sprintf("unknown practitioner %q", c.Practitioner)})
		}
	}
	r := c.Risk
	if c.ID != "" && c.Tier.IsValid() && c.Type.IsValid() && c.Row.IsValid() && r.RoSH.IsValid() && r.MAPPALevel.IsValid() &&
		r.MAPPACategory.IsValid() && r.Flags.IsValid() && (r.Tier == tiering.Untiered || r.Tier.IsValid()) && (r.V3 == 0 || r.V3.IsValid()) {
		return probs, owner // the common case, checked without building closures
	}
	bad := func(field, format string, args ...any) {
		probs = append(probs, Problem{Record: "case", ID: c.ID, Index: i, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if c.ID == "" {
		bad("id", "empty")
	}
	if c.Tier != tiering.Untiered && !c.Tier.IsValid() {
		bad("tier", "invalid tier %v", c.Tier)
	}
	if !c.Type.IsValid() {
		bad("type", "invalid case type %v: want COMMUNITY, LICENCE or CUSTODY", c.Type)
	}
	if !c.Row.IsValid() {
		bad("row", "invalid row type %v", c.Row)
	}
	if !r.RoSH.IsValid() || !r.MAPPALevel.IsValid() || !r.MAPPACategory.IsValid() || !r.Flags.IsValid() ||
		(r.Tier != tiering.Untiered && !r.Tier.IsValid()) || (r.V3 != 0 && !r.V3.IsValid()) {
		bad("risk", "invalid value in %+v", r)
	}
	return probs, owner
}

// validateCases appends the problems of every case's fields to probs
// and returns each case's practitioner index (-1 for none).
func validateCases(cases []Case, byID map[string]int32, probs []Problem) ([]Problem, []int32) {
	owners := make([]int32, len(cases))
	for i := range cases {
		probs, owners[i] = validateCase(&cases[i], i, byID, probs)
	}
	return probs, owners
}

// indexCases returns the case ID index (first occurrence wins; empty IDs
// left out) and a problem for every duplicate. Duplicates are looked for
// only when the index comes out short, so the common case costs one map
// write per case.
func indexCases(cases []Case) (map[string]int32, []Problem) {
	caseByID := make(map[string]int32, len(cases))
	named := 0
	for i := range cases {
		if id := cases[i].ID; id != "" {
			named++
			caseByID[id] = int32(i)
		}
	}
	if len(caseByID) == named {
		return caseByID, nil
	}
	clear(caseByID)
	var probs []Problem
	for i := range cases {
		id := cases[i].ID
		if id == "" {
			continue
		}
		if j, dup := caseByID[id]; dup {
			probs = append(probs, Problem{Record: "case", ID: id, Index: i, Field: "id", Message: fmt.Sprintf("duplicate of case %d", j)})
			continue
		}
		caseByID[id] = int32(i)
	}
	return caseByID, probs
}

// mergeCaseProblems merges the duplicate-ID problems into probs, whose
// case problems are in index order, keeping case problems in index order
// (a case's field problems before its duplicate problem).
func mergeCaseProblems(probs, dups []Problem) []Problem {
	if len(dups) == 0 {
		return probs
	}
	probs = append(probs, dups...)
	slices.SortStableFunc(probs, func(a, b Problem) int {
		if a.Record != "case" || b.Record != "case" {
			return 0
		}
		return cmp.Compare(a.Index, b.Index)
	})
	return probs
}
