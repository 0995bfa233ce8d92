package caseload

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// This file holds what the JSON and CSV codecs share: the wire form of
// the records (every typed value as text) and its conversion, which
// collects a Problem per bad field instead of stopping at the first.

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
	Hours      float64         `json:"hours,omitempty"`
	Reductions []reductionWire `json:"reductions,omitempty"`
	Location   Location        `json:"location,omitzero"`
	Reports    Reports         `json:"reports,omitzero"`
}

// fields collects the problems of one record.
type fields struct {
	probs  []Problem
	record string
	id     string
	index  int
}

func (f *fields) bad(field string, err error) {
	f.probs = append(f.probs, Problem{Record: f.record, ID: f.id, Index: f.index, Field: field, Message: err.Error()})
}

// parse sets *dst from s with parse, or records a problem for field.
func parse[T any](f *fields, field, s string, parse func(string) (T, error), dst *T) {
	v, err := parse(s)
	if err != nil {
		f.bad(field, err)
		return
	}
	*dst = v
}

func parseTierText(s string) (tiering.Tier, error) {
	if strings.TrimSpace(s) == "" {
		return tiering.Untiered, nil
	}
	return tiering.ParseTier(s)
}

func parseV3Text(s string) (tiering.V3Tier, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	return tiering.ParseV3Tier(s)
}

// parseDate parses "2006-01-02" (as UTC midnight) or RFC 3339; "" is the
// zero time.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return time.Time{}, nil
	case len(s) == len(time.DateOnly):
		return time.Parse(time.DateOnly, s)
	}
	return time.Parse(time.RFC3339, s)
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

func finite(f *fields, field string, v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		f.bad(field, fmt.Errorf("%v: want a finite number", v))
		return 0
	}
	return v
}

func (w *caseWire) toCase(f *fields) Case {
	c := Case{ID: w.ID, T2A: w.T2A, Team: w.Team, Practitioner: w.Practitioner, Previous: w.Previous,
		RestrictedTo: w.RestrictedTo, ExcludedFrom: w.ExcludedFrom}
	f.id = w.ID
	parse(f, "tier", w.Tier, parseTierText, &c.Tier)
	parse(f, "type", w.Type, ParseCaseType, &c.Type)
	parse(f, "row", w.Row, ParseRowType, &c.Row)
	c.Location = Location{X: finite(f, "location.x", w.Location.X), Y: finite(f, "location.y", w.Location.Y)}
	r := &w.Risk
	parse(f, "risk.rosh", r.RoSH, tiering.ParseRoSH, &c.Risk.RoSH)
	parse(f, "risk.tier", r.Tier, parseTierText, &c.Risk.Tier)
	if strings.TrimSpace(r.Tier) == "" {
		c.Risk.Tier = c.Tier
	}
	parse(f, "risk.v3_tier", r.V3, parseV3Text, &c.Risk.V3)
	parse(f, "risk.mappa_level", r.MAPPALevel, tiering.ParseMAPPALevel, &c.Risk.MAPPALevel)
	parse(f, "risk.mappa_category", r.MAPPACategory, tiering.ParseMAPPACategory, &c.Risk.MAPPACategory)
	parse(f, "risk.flags", r.Flags, grades.ParseFlags, &c.Risk.Flags)
	return c
}

// text returns the text form of a value whose zero is written as "".
func text[T interface{ MarshalText() ([]byte, error) }](v T) string {
	b, err := v.MarshalText()
	if err != nil {
		return fmt.Sprint(v) // an invalid value: written so that reading it fails loudly
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

func (w *practitionerWire) toPractitioner(f *fields) Practitioner {
	p := Practitioner{ID: w.ID, Name: w.Name, Team: w.Team, PDU: w.PDU, Region: w.Region, Reports: w.Reports}
	f.id = w.ID
	parse(f, "grade", w.Grade, grades.ParseGrade, &p.Grade)
	p.Hours = finite(f, "hours", w.Hours)
	p.Location = Location{X: finite(f, "location.x", w.Location.X), Y: finite(f, "location.y", w.Location.Y)}
	for k := range w.Reductions {
		p.Reductions = append(p.Reductions, w.Reductions[k].toReduction(f, fmt.Sprintf("reductions[%d].", k)))
	}
	return p
}

func (w *reductionWire) toReduction(f *fields, prefix string) Reduction {
	r := Reduction{Reason: w.Reason, Hours: finite(f, prefix+"hours", w.Hours)}
	parse(f, prefix+"start", w.Start, parseDate, &r.Start)
	parse(f, prefix+"end", w.End, parseDate, &r.End)
	parse(f, prefix+"status", w.Status, ParseReductionStatus, &r.Status)
	return r
}

func fromReduction(r *Reduction) reductionWire {
	return reductionWire{Reason: r.Reason, Hours: r.Hours, Start: formatDate(r.Start), End: formatDate(r.End), Status: text(r.Status)}
}

func fromPractitioner(p *Practitioner) practitionerWire {
	w := practitionerWire{ID: p.ID, Name: p.Name, Grade: text(p.Grade), Team: p.Team, PDU: p.PDU, Region: p.Region,
		Hours: p.Hours, Location: p.Location, Reports: p.Reports}
	for k := range p.Reductions {
		w.Reductions = append(w.Reductions, fromReduction(&p.Reductions[k]))
	}
	return w
}

func formatFloat(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func parseFloatText(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q: want a finite number", s)
	}
	return v, nil
}

func parseIntText(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q: want a whole number", s)
	}
	return v, nil
}

func parseBoolText(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "0", "n", "no":
		return false, nil
	case "true", "1", "y", "yes":
		return true, nil
	}
	return false, fmt.Errorf("%q: want true or false", s)
}

func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ";")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}
