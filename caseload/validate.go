package caseload

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
	"github.com/probationkit/probation/tiering"
)

// MaxHours is the most contracted hours per week a practitioner may have
// (WMT web app/routes/contracted-hours.js allows 0–37.5), and the most
// hours a reduction may take off.
const MaxHours = 37.5

// Validate checks the records against capacity's reason catalogue (nil
// means [NationalCapacity]) and returns a *[probation.ValidationError]
// (Op "caseload.Validate") listing every bad value, or nil. Each
// [probation.FieldError] has Record "case" or "practitioner", the
// record's ID and 0-based Index in its slice, and the field as named in
// the JSON schema. It checks:
//
//   - practitioners: an empty, duplicate or badly formed ID (see
//     [Practitioner]); Team, PDU or Region with surrounding white space;
//     an invalid grade; hours NaN, infinite, negative or above
//     [MaxHours]; report counts outside 0–[MaxReports]; a coordinate
//     that is not finite or beyond [MaxCoordinate]; and each reduction:
//     an unknown reason, an invalid status, a missing start, hours NaN,
//     negative or above MaxHours, above the contracted hours (unless
//     those are 0, when nothing is taken off) or above the reason's
//     maximum, an end not after the start;
//   - cases: an empty, duplicate or badly formed ID, Team, Practitioner
//     or Previous (see [Case]); an empty or badly formed entry of
//     RestrictedTo or ExcludedFrom; an invalid tier (untiered is valid),
//     case type or row type; invalid risk values; a coordinate as above;
//     and a Practitioner that is not in practitioners.
//
// A case's Previous, RestrictedTo and ExcludedFrom may name practitioners
// who are not in the list (leavers, staff elsewhere) and are not checked
// against it.
// O(len(cases) + len(practitioners) × reductions × reasons).
func Validate(cases []Case, practitioners []Practitioner, capacity *Capacity) error {
	if capacity == nil {
		capacity = NationalCapacity()
	}
	probs, byID := validatePractitioners(practitioners, capacity, nil)
	probs, _ = validateCases(cases, byID, probs)
	_, dups := indexCases(cases)
	return check.Error(opValidate, mergeCaseProblems(probs, dups))
}

// report collects the field errors of one record. rename, when set,
// maps a field's JSON name to the name the input used for it (a CSV
// column). While sub is set, fields are those of the item'th element of
// the record's list sub ("reductions[2].hours"); the name is built only
// for an error, so that checking a good record does not allocate.
type report struct {
	fields []probation.FieldError
	record string
	id     string
	index  int
	line   int
	rename func(string) string
	sub    string
	item   int
}

// name returns the full name of field.
func (r *report) name(field string) string {
	if r.sub != "" {
		field = r.sub + "[" + strconv.Itoa(r.item) + "]." + field
	}
	if r.rename != nil {
		field = r.rename(field)
	}
	return field
}

// bad records that field holds value, with what is wanted.
func (r *report) bad(field, value, message string) {
	r.fields = append(r.fields, probation.FieldError{Record: r.record, ID: r.id, Index: r.index, Line: r.line,
		Field: r.name(field), Value: value, Message: message})
}

// has reports whether a field error of this record names field.
func (r *report) has(field string) bool {
	if len(r.fields) == 0 {
		return false
	}
	field = r.name(field)
	return slices.ContainsFunc(r.fields, func(f probation.FieldError) bool {
		return f.Field == field && f.Index == r.index && f.Record == r.record
	})
}

// in sets the list element the next fields belong to ("" for none).
func (r *report) in(list string, item int) { r.sub, r.item = list, item }

// checkID checks an ID or a reference to one; an empty one is fine unless
// required.
func (r *report) checkID(field, id string, required bool) {
	if id == "" && !required {
		return
	}
	if msg := check.IDMessage(id); msg != "" {
		r.bad(field, id, msg)
	}
}

// list checks a list of practitioner IDs: no entry may be empty.
func (r *report) list(field string, ids []string) {
	for k, id := range ids {
		if msg := check.IDMessage(id); msg != "" {
			r.bad(field+"["+strconv.Itoa(k)+"]", id, msg+" in the list of practitioner IDs")
		}
	}
}

// location checks that both coordinates are finite and within
// MaxCoordinate.
func (r *report) location(l Location) {
	for _, c := range [...]struct {
		field string
		v     float64
	}{{"location.x_km", l.X}, {"location.y_km", l.Y}} {
		if !(math.Abs(c.v) <= MaxCoordinate) {
			r.bad(c.field, formatNumber(c.v), "want km from -10000 to 10000 (MaxCoordinate)")
		}
	}
}

// enum checks a value of an enumeration.
func (r *report) enum(field string, valid bool, value fmt.Stringer, want string) {
	if !valid {
		r.bad(field, value.String(), want)
	}
}

// checkCase appends the bad values of c on its own: everything but
// duplicates and references, which need the other records.
func checkCase(c *Case, r *report) {
	r.checkID("id", c.ID, true)
	r.checkID("team", c.Team, false)
	r.checkID("practitioner", c.Practitioner, false)
	r.checkID("previous", c.Previous, false)
	r.list("restricted_to", c.RestrictedTo)
	r.list("excluded_from", c.ExcludedFrom)
	r.enum("tier", c.Tier == tiering.Untiered || c.Tier.IsValid(), c.Tier, "want a tier such as B2 or C0S, or empty for untiered")
	r.enum("type", c.Type.IsValid(), c.Type, "want COMMUNITY, LICENCE or CUSTODY")
	r.enum("row", c.Row.IsValid(), c.Row, "want one of N, L, S, P, I, O, U or W")
	k := c.Risk
	r.enum("risk.rosh", k.RoSH.IsValid(), k.RoSH, "want one of NONE, LOW, MEDIUM, HIGH or VERY_HIGH")
	r.enum("risk.tier", k.Tier == tiering.Untiered || k.Tier.IsValid(), k.Tier, "want a tier such as B2 or C0S, or empty for untiered")
	r.enum("risk.v3_tier", k.V3 == 0 || k.V3.IsValid(), k.V3, "want A to G, NOT_SUPERVISED, MISSING or empty")
	r.enum("risk.mappa_level", k.MAPPALevel.IsValid(), k.MAPPALevel, "want one of NONE, M1, M2 or M3")
	r.enum("risk.mappa_category", k.MAPPACategory.IsValid(), k.MAPPACategory, "want one of NONE, M1, M2, M3 or M4")
	r.enum("risk.flags", k.Flags.IsValid(), k.Flags, "want known flags")
	r.location(c.Location)
}

// caseOK reports, without allocating, whether checkCase would find
// nothing: the common case.
func caseOK(c *Case) bool {
	k := c.Risk
	ok := c.ID != "" && check.IDMessage(c.ID) == "" && c.Type.IsValid() && c.Row.IsValid() &&
		(c.Tier == tiering.Untiered || c.Tier.IsValid()) && k.RoSH.IsValid() && k.MAPPALevel.IsValid() &&
		k.MAPPACategory.IsValid() && k.Flags.IsValid() && (k.Tier == tiering.Untiered || k.Tier.IsValid()) &&
		(k.V3 == 0 || k.V3.IsValid()) && math.Abs(c.Location.X) <= MaxCoordinate && math.Abs(c.Location.Y) <= MaxCoordinate
	for _, id := range [...]string{c.Team, c.Practitioner, c.Previous} {
		ok = ok && (id == "" || check.IDMessage(id) == "")
	}
	for _, ids := range [...][]string{c.RestrictedTo, c.ExcludedFrom} {
		for _, id := range ids {
			ok = ok && check.IDMessage(id) == ""
		}
	}
	return ok
}

// checkPractitioner appends the bad values of p on its own, its
// reductions' included, and, when capacity is not nil, its reductions
// against capacity's catalogue and p's contracted hours; duplicates are
// Validate's.
func checkPractitioner(p *Practitioner, capacity *Capacity, r *report) {
	r.checkID("id", p.ID, true)
	r.checkID("team", p.Team, false)
	r.checkID("pdu", p.PDU, false)
	r.checkID("region", p.Region, false)
	r.enum("grade", p.Grade.IsValid(), p.Grade, "want PO, PSO, PQiP, PQiP1-PQiP4, NQO, SPO or DMY")
	if h := p.Hours; h != nil && !(*h >= 0 && *h <= MaxHours) {
		r.bad("hours", formatNumber(*h), "want contracted hours from 0 to 37.5, or none for the grade default")
	}
	for _, c := range [...]struct {
		field string
		n     int
	}{{"reports.standard", p.Reports.Standard}, {"reports.fast", p.Reports.Fast}, {"reports.oral", p.Reports.Oral}} {
		if c.n < 0 || c.n > MaxReports {
			r.bad(c.field, strconv.Itoa(c.n), "want a count of reports from 0 to 1000 (MaxReports)")
		}
	}
	r.location(p.Location)
	for k := range p.Reductions {
		r.in("reductions", k)
		checkReduction(&p.Reductions[k], r)
		if capacity != nil {
			catalogueChecks(&p.Reductions[k], p, capacity, r)
		}
	}
	r.in("", 0)
}

// checkReduction appends the bad values of one reduction on its own, as
// fields of r's current list element (see report.in).
func checkReduction(d *Reduction, r *report) {
	r.enum("status", d.Status.IsValid(), d.Status, "want SCHEDULED, ACTIVE, ARCHIVED, DELETED or empty")
	if d.Start.IsZero() {
		r.bad("start", "", "missing: want the first day in force, YYYY-MM-DD")
	}
	if !(d.Hours >= 0 && d.Hours <= MaxHours) {
		r.bad("hours", formatNumber(d.Hours), "want hours per week from 0 to 37.5")
	}
	if !d.End.IsZero() && !d.End.After(d.Start) {
		r.bad("end", formatDate(d.End), "want a date after the start "+formatDate(d.Start)+", or none")
	}
}

// validatePractitioners appends the practitioners' problems to probs and
// returns the ID index (first occurrence wins).
func validatePractitioners(ps []Practitioner, capacity *Capacity, probs []probation.FieldError) ([]probation.FieldError, map[string]int32) {
	byID := make(map[string]int32, len(ps))
	for i := range ps {
		p := &ps[i]
		r := report{fields: probs, record: recordPractitioner, id: p.ID, index: i}
		if j, dup := byID[p.ID]; dup && p.ID != "" {
			r.bad("id", p.ID, fmt.Sprintf("duplicate of practitioner [%d]", j))
		} else if !dup {
			byID[p.ID] = int32(i)
		}
		checkPractitioner(p, capacity, &r)
		probs = r.fields
	}
	return probs, byID
}

// catalogueChecks appends the problems of reduction d of practitioner p
// against capacity's catalogue and p's contracted hours, as fields of r's
// current list element.
func catalogueChecks(d *Reduction, p *Practitioner, capacity *Capacity, r *report) {
	rr, known := capacity.Reason(d.Reason)
	if !known {
		r.bad("reason", d.Reason, "want a reason code of the catalogue (Capacity.Reasons)")
	}
	contracted := capacity.Hours(*p)
	switch {
	case r.has("hours"):
	case contracted > 0 && d.Hours > contracted:
		r.bad("hours", formatNumber(d.Hours), "more than the "+formatNumber(contracted)+" contracted hours")
	case known && rr.Max > 0 && d.Hours > rr.MaxHours(contracted):
		r.bad("hours", formatNumber(d.Hours), fmt.Sprintf("over the maximum of %s%% of %s hours (%s) for %s",
			formatNumber(rr.Max), formatNumber(contracted), formatNumber(rr.MaxHours(contracted)), rr.Code))
	}
}

// validateReduction returns the problems of reduction d about to be added
// as the k'th of practitioner p (at index i).
func validateReduction(d Reduction, p *Practitioner, k, i int, capacity *Capacity) []probation.FieldError {
	r := report{record: recordPractitioner, id: p.ID, index: i}
	r.in("reductions", k)
	checkReduction(&d, &r)
	catalogueChecks(&d, p, capacity, &r)
	return r.fields
}

// validateCase appends the problems of one case to probs; byID indexes the
// practitioners. It returns the index of the case's practitioner, -1 when
// it has none or an unknown one.
func validateCase(c *Case, i int, byID map[string]int32, probs []probation.FieldError) ([]probation.FieldError, int32) {
	owner := int32(-1)
	if c.Practitioner != "" {
		if j, ok := byID[c.Practitioner]; ok {
			owner = j
		} else {
			probs = append(probs, probation.FieldError{Record: recordCase, ID: c.ID, Index: i, Field: "practitioner", Value: c.Practitioner,
				Message: "not a practitioner of the data set"})
		}
	}
	if caseOK(c) {
		return probs, owner // the common case, checked without allocating
	}
	r := report{fields: probs, record: recordCase, id: c.ID, index: i}
	checkCase(c, &r)
	return r.fields, owner
}

// validateCases appends the problems of every case's fields to probs
// and returns each case's practitioner index (-1 for none).
func validateCases(cases []Case, byID map[string]int32, probs []probation.FieldError) ([]probation.FieldError, []int32) {
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
func indexCases(cases []Case) (map[string]int32, []probation.FieldError) {
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
	var probs []probation.FieldError
	for i := range cases {
		id := cases[i].ID
		if id == "" {
			continue
		}
		if j, dup := caseByID[id]; dup {
			probs = append(probs, probation.FieldError{Record: recordCase, ID: id, Index: i, Field: "id", Value: id, Message: fmt.Sprintf("duplicate of case [%d]", j)})
			continue
		}
		caseByID[id] = int32(i)
	}
	return caseByID, probs
}

// mergeCaseProblems merges the duplicate-ID problems into probs, whose
// case problems are in index order, keeping case problems in index order
// (a case's field problems before its duplicate problem).
func mergeCaseProblems(probs, dups []probation.FieldError) []probation.FieldError {
	if len(dups) == 0 {
		return probs
	}
	probs = append(probs, dups...)
	slices.SortStableFunc(probs, func(a, b probation.FieldError) int {
		if a.Record != recordCase || b.Record != recordCase {
			return 0
		}
		return cmp.Compare(a.Index, b.Index)
	})
	return probs
}

// formatNumber writes a number as the input would: 37.5, 1e+17, NaN.
func formatNumber(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
