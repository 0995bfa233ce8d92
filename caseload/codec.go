package caseload

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/enum"
	"github.com/probationkit/probation/tiering"
)

// This file holds what the JSON and CSV codecs share: the wire form of
// the records (every typed value as text) and its conversion, which
// collects a field error per bad field instead of stopping at the first,
// then runs the checks of one record on its own (checkCase,
// checkPractitioner), so that a file is checked in one pass with the
// line of every bad record.

type riskWire struct {
	RoSH          string `json:"rosh,omitempty"`
	Tier          string `json:"tier,omitempty"`
	V3            string `json:"v3_tier,omitempty"`
	MAPPALevel    string `json:"mappa_level,omitempty"`
	MAPPACategory string `json:"mappa_category,omitempty"`
	Flags         string `json:"flags,omitempty"`
}

type caseWire struct {
	ID           string   `json:"id"`
	Tier         string   `json:"tier"`
	Type         string   `json:"type"`
	T2A          bool     `json:"t2a,omitempty"`
	Row          string   `json:"row,omitempty"`
	Team         string   `json:"team"`
	Risk         riskWire `json:"risk,omitzero"`
	Practitioner string   `json:"practitioner,omitempty"`
	Previous     string   `json:"previous,omitempty"`
	RestrictedTo []string `json:"restricted_to,omitempty"`
	ExcludedFrom []string `json:"excluded_from,omitempty"`
	Location     Location `json:"location,omitzero"`
}

type reductionWire struct {
	Reason string  `json:"reason"`
	Hours  float64 `json:"hours"`
	Start  string  `json:"start"`
	End    string  `json:"end,omitempty"`
	Status string  `json:"status,omitempty"`
}

type practitionerWire struct {
	ID         string          `json:"id"`
	Name       string          `json:"name,omitempty"`
	Grade      string          `json:"grade"`
	Team       string          `json:"team"`
	PDU        string          `json:"pdu,omitempty"`
	Region     string          `json:"region,omitempty"`
	Hours      *float64        `json:"hours,omitempty"`
	Reductions []reductionWire `json:"reductions,omitempty"`
	Location   Location        `json:"location,omitzero"`
	Reports    Reports         `json:"reports,omitzero"`
}

// parse sets *dst from s with parse, or records that field holds s with
// what was wanted.
func parse[T any](r *report, field, s string, parse func(string) (T, error), dst *T) {
	v, err := parse(s)
	if err != nil {
		r.bad(field, s, message(err))
		return
	}
	*dst = v
}

// message returns what a parse error says was wanted.
func message(err error) string {
	var m interface{ Message() string }
	if errors.As(err, &m) {
		return m.Message()
	}
	return strings.TrimPrefix(err.Error(), "caseload: ")
}

// dateError is the error of parseDate.
type dateError struct{ text string }

func (e *dateError) Error() string {
	return "caseload: invalid date " + strconv.Quote(probation.Shorten(e.text))
}

func (e *dateError) Message() string { return "want YYYY-MM-DD (or an RFC 3339 instant)" }

// parseDate parses "2006-01-02" (as UTC midnight) or RFC 3339; "" is the
// zero time.
func parseDate(s string) (time.Time, error) {
	u := strings.TrimSpace(s)
	var t time.Time
	var err error
	switch {
	case u == "":
		return time.Time{}, nil
	case len(u) == len(time.DateOnly):
		t, err = time.Parse(time.DateOnly, u)
	default:
		t, err = time.Parse(time.RFC3339, u)
	}
	if err != nil {
		return time.Time{}, &dateError{s}
	}
	return t, nil
}

// formatDate writes UTC midnights as "2006-01-02", other instants as RFC
// 3339, and the zero time as "".
func formatDate(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case t.Location() == time.UTC && t.Equal(t.Truncate(24*time.Hour)):
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// numberError is the error of parseNumber and parseCount.
type numberError struct{ want string }

func (e *numberError) Error() string   { return "caseload: " + e.want }
func (e *numberError) Message() string { return e.want }

// parseNumber parses a finite decimal number; "" is 0.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, &numberError{"want a finite number"}
	}
	return v, nil
}

// parseHours parses contracted hours: "" is none (the grade default).
func parseHours(s string) (*float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	v, err := parseNumber(s)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// parseCount parses a whole number; "" is 0.
func parseCount(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, &numberError{"want a whole number"}
	}
	return v, nil
}

var boolTable = enum.New("caseload", "yes or no", "bool", uint8(0), "false", "true").
	WithAliases(map[string]uint8{"": 0, "0": 0, "n": 0, "no": 0, "1": 1, "y": 1, "yes": 1}).
	WithMessage("want true or false")

// parseBool parses true/false, yes/no, y/n or 1/0, ignoring case; "" is
// false.
func parseBool(s string) (bool, error) {
	v, err := boolTable.Parse(s)
	return v == 1, err
}

// splitList splits a CSV list of IDs separated by ";"; an empty cell is
// no list. Entries are not trimmed: checkCase rejects an empty entry or
// one with surrounding space.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

func (w *caseWire) toCase(r *report) Case {
	c := Case{ID: w.ID, T2A: w.T2A, Team: w.Team, Practitioner: w.Practitioner, Previous: w.Previous,
		RestrictedTo: w.RestrictedTo, ExcludedFrom: w.ExcludedFrom, Location: w.Location}
	r.id = w.ID
	parse(r, "tier", w.Tier, tiering.ParseTier, &c.Tier)
	parse(r, "type", w.Type, ParseCaseType, &c.Type)
	parse(r, "row", w.Row, ParseRowType, &c.Row)
	k := &w.Risk
	parse(r, "risk.rosh", k.RoSH, tiering.ParseRoSH, &c.Risk.RoSH)
	parse(r, "risk.tier", k.Tier, tiering.ParseTier, &c.Risk.Tier)
	if strings.TrimSpace(k.Tier) == "" {
		c.Risk.Tier = c.Tier
	}
	parse(r, "risk.v3_tier", k.V3, tiering.ParseV3Tier, &c.Risk.V3)
	parse(r, "risk.mappa_level", k.MAPPALevel, tiering.ParseMAPPALevel, &c.Risk.MAPPALevel)
	parse(r, "risk.mappa_category", k.MAPPACategory, tiering.ParseMAPPACategory, &c.Risk.MAPPACategory)
	parse(r, "risk.flags", k.Flags, grades.ParseFlags, &c.Risk.Flags)
	if !caseOK(&c) {
		n := len(r.fields)
		checkCase(&c, r)
		r.dropDecoded(n)
	}
	return c
}

// dropDecoded drops, of the field errors from the n'th on (those of the
// checks of a decoded record), what they say about a field that did not
// decode (and so is zero), which an earlier error names already.
func (r *report) dropDecoded(n int) {
	decoded := r.fields[:n:n]
	kept := r.fields[:n]
	for _, f := range r.fields[n:] {
		if !fieldIn(decoded, f) {
			kept = append(kept, f)
		}
	}
	r.fields = kept
}

// fieldIn reports whether one of fs, of the same record as g, names g's
// field or a field that holds it ("reductions[1]" holds
// "reductions[1].hours").
func fieldIn(fs []probation.FieldError, g probation.FieldError) bool {
	for i := len(fs) - 1; i >= 0 && fs[i].Index == g.Index && fs[i].Record == g.Record; i-- {
		if rest, ok := strings.CutPrefix(g.Field, fs[i].Field); ok && (rest == "" || rest[0] == '.' || rest[0] == '[') {
			return true
		}
	}
	return false
}

// text returns the text form of a value whose zero is written as "".
func text[T interface{ MarshalText() ([]byte, error) }](v T) string {
	b, err := v.MarshalText()
	if err != nil {
		return "?" // an invalid value, written so that reading it back fails
	}
	return string(b)
}

func fromCase(c *Case) caseWire {
	w := caseWire{ID: c.ID, Tier: text(c.Tier), T2A: c.T2A, Team: c.Team, Practitioner: c.Practitioner,
		Previous: c.Previous, RestrictedTo: c.RestrictedTo, ExcludedFrom: c.ExcludedFrom, Location: c.Location}
	w.Type = text(c.Type)
	if c.Row != Normal {
		w.Row = text(c.Row)
	}
	w.Risk = riskWire{RoSH: text(c.Risk.RoSH), Tier: text(c.Risk.Tier), V3: text(c.Risk.V3),
		MAPPALevel: text(c.Risk.MAPPALevel), MAPPACategory: text(c.Risk.MAPPACategory), Flags: text(c.Risk.Flags)}
	return w
}

func (w *practitionerWire) toPractitioner(r *report) Practitioner {
	p := Practitioner{ID: w.ID, Name: w.Name, Team: w.Team, PDU: w.PDU, Region: w.Region, Reports: w.Reports,
		Hours: w.Hours, Location: w.Location}
	r.id = w.ID
	parse(r, "grade", w.Grade, grades.ParseGrade, &p.Grade)
	for k := range w.Reductions {
		r.in("reductions", k)
		p.Reductions = append(p.Reductions, w.Reductions[k].toReduction(r))
	}
	r.in("", 0)
	n := len(r.fields)
	checkPractitioner(&p, nil, r)
	r.dropDecoded(n)
	return p
}

// toReduction converts w, reporting its fields as those of r's current
// list element.
func (w *reductionWire) toReduction(r *report) Reduction {
	d := Reduction{Reason: w.Reason, Hours: w.Hours}
	parse(r, "start", w.Start, parseDate, &d.Start)
	parse(r, "end", w.End, parseDate, &d.End)
	parse(r, "status", w.Status, ParseReductionStatus, &d.Status)
	return d
}

func fromReduction(d *Reduction) reductionWire {
	return reductionWire{Reason: d.Reason, Hours: d.Hours, Start: formatDate(d.Start), End: formatDate(d.End), Status: text(d.Status)}
}

func fromPractitioner(p *Practitioner) practitionerWire {
	w := practitionerWire{ID: p.ID, Name: p.Name, Grade: text(p.Grade), Team: p.Team, PDU: p.PDU, Region: p.Region,
		Hours: p.Hours, Location: p.Location, Reports: p.Reports}
	for k := range p.Reductions {
		w.Reductions = append(w.Reductions, fromReduction(&p.Reductions[k]))
	}
	return w
}

// formatCell writes a number for a CSV cell, 0 as an empty cell.
func formatCell(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// formatHours writes contracted hours for a CSV cell: none as an empty
// cell, an explicit 0 as "0".
func formatHours(h *float64) string {
	if h == nil {
		return ""
	}
	return strconv.FormatFloat(*h, 'f', -1, 64)
}
