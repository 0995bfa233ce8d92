package caseload

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
	"github.com/probationkit/probation/internal/jsoncheck"
	"github.com/probationkit/probation/tiering"
)

// WeightsSchema is the value of the "schema" member that
// [WeightsSet.WriteJSON] writes and [ReadWeightsJSON] accepts (a missing
// member is accepted too). Version 2 names every figure with its unit;
// version 1, which had "community", "t2a", "reports" and "cms" members
// with no schema member, is not read.
const WeightsSchema = "probationkit/caseload-weights/v2"

// The JSON form of a WeightsSet, read by ReadWeightsJSON and written by
// (*WeightsSet).WriteJSON:
//
//	{"schema": "probationkit/caseload-weights/v2",
//	 "tables": [{
//	  "effective": "2021-04-01",
//	  "source": "…",
//	  "case_points":     {"community": {"A3": 206, "A2": 158, …, "D0S": 0},
//	                      "licence": {…}, "custody": {…}},
//	  "t2a_case_points": {"community": {…}, "licence": {…}, "custody": {…}},
//	  "t2a_inactive_percent": {"overdue": 0, "warrant": 0, "unpaid_work": 0},
//	  "report_points": {"standard": 138, "fast": 65, "oral": 0},
//	  "cms_points": {"CMS01": 9, …}
//	}]}
//
// Tier keys are tier codes A3 … D0S; a tier left out scores 0.
// "effective" is a date or an RFC 3339 instant. Points are 0–999 and
// weightings 0–100 percent.

type tierPoints map[string]int

type weightsRow struct {
	Community tierPoints `json:"community"`
	Licence   tierPoints `json:"licence"`
	Custody   tierPoints `json:"custody"`
}

type weightsWire struct {
	Effective   string         `json:"effective"`
	Source      string         `json:"source,omitempty"`
	CasePoints  weightsRow     `json:"case_points"`
	T2APoints   weightsRow     `json:"t2a_case_points"`
	T2AInactive Inactive       `json:"t2a_inactive_percent"`
	Reports     ReportPoints   `json:"report_points"`
	CMS         map[string]int `json:"cms_points,omitempty"`
}

type weightsDoc struct {
	Schema string        `json:"schema,omitempty"`
	Tables []weightsWire `json:"tables"`
}

var weightsFields = jsoncheck.FieldsOf(weightsDoc{})

// ReadWeightsJSON decodes a set of effective-dated weights tables and
// validates it as NewWeightsSet does. Every bad value is listed in one
// *[probation.ValidationError] (Op "caseload.ReadWeightsJSON"): Record
// "weights" with the table's 0-based Index in "tables", the Line where
// it starts and its effective date as ID; Record "file" for a document
// that is not JSON or has no table, or an unknown schema. Unknown and
// repeated names are errors. A read error of r is returned as it is. It
// never panics.
func ReadWeightsJSON(r io.Reader) (*WeightsSet, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opReadWeightsJSON, err)
	}
	lines := jsoncheck.NewLines(data)
	found := jsoncheck.Check(data, weightsFields, "tables")
	var doc weightsDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		f := documentError(err, lines, "want a JSON object with a list of tables")
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			// A member of the wrong type: name it, as a table's when it is one.
			_, _, f.Message, _ = jsoncheck.Describe(err)
			f.Field = te.Field
			if field, ok := strings.CutPrefix(te.Field, "tables."); ok {
				f.Record, f.Field = recordWeights, field
			}
		}
		return nil, check.Error(opReadWeightsJSON, []probation.FieldError{f})
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, check.Error(opReadWeightsJSON, []probation.FieldError{{Record: recordFile, Index: -1, Line: lines.At(dec.InputOffset()),
			Message: "data after the weights object: want one JSON object"}})
	}
	tableLines := make([]int, len(found.Starts))
	for i, off := range found.Starts {
		tableLines[i] = lines.At(off)
	}
	r0 := report{record: recordWeights}
	var fileErrs []probation.FieldError
	if doc.Schema != "" && doc.Schema != WeightsSchema {
		fileErrs = append(fileErrs, probation.FieldError{Record: recordFile, Index: -1, Field: "schema", Value: doc.Schema, Message: "want " + WeightsSchema})
	}
	if len(doc.Tables) == 0 {
		fileErrs = append(fileErrs, probation.FieldError{Record: recordFile, Index: -1, Field: "tables", Message: "no table: want at least one"})
	}
	for _, k := range found.Faults() {
		if i, field, ok := k.Under("tables"); ok && i < len(doc.Tables) && i < len(tableLines) {
			r0.id, r0.index, r0.line = doc.Tables[i].Effective, i, tableLines[i]
			r0.bad(field, "", k.Message)
		} else {
			fileErrs = append(fileErrs, probation.FieldError{Record: recordFile, Index: -1, Field: k.Path, Message: k.Message})
		}
	}
	tables := make([]*Weights, 0, len(doc.Tables))
	for i, tw := range doc.Tables {
		r0.id, r0.index = tw.Effective, i
		if i < len(tableLines) {
			r0.line = tableLines[i]
		}
		w := &Weights{Source: tw.Source, T2AInactive: tw.T2AInactive, Reports: tw.Reports, CMS: tw.CMS}
		if w.CMS == nil {
			w.CMS = map[string]int{}
		}
		parse(&r0, "effective", tw.Effective, parseDate, &w.Effective)
		if strings.TrimSpace(tw.Effective) == "" {
			r0.bad("effective", "", "missing: want the first day in force, YYYY-MM-DD")
		}
		tw.CasePoints.fill(&w.Tiers, "case_points.", &r0)
		tw.T2APoints.fill(&w.T2ATiers, "t2a_case_points.", &r0)
		tables = append(tables, w)
	}
	errs := append(fileErrs, r0.fields...)
	if len(errs) > 0 {
		return nil, check.Error(opReadWeightsJSON, errs)
	}
	set, errs := newWeightsSet(tables, tableLines)
	if err := check.Error(opReadWeightsJSON, errs); err != nil {
		return nil, err
	}
	return set, nil
}

func (row weightsRow) fill(dst *[NumCaseTypes][tiering.NumTiers]int, prefix string, r *report) {
	for _, col := range [...]struct {
		name string
		ct   CaseType
		m    tierPoints
	}{{"community", Community, row.Community}, {"licence", Licence, row.Licence}, {"custody", Custody, row.Custody}} {
		for _, k := range sortedKeys(col.m) {
			t, err := tiering.ParseTier(k)
			if err != nil || t == tiering.Untiered {
				r.bad(prefix+col.name, k, "want a tier code A3 to D0S as the key")
				continue
			}
			dst[col.ct][t] = col.m[k]
		}
	}
}

func toRow(src *[NumCaseTypes][tiering.NumTiers]int) weightsRow {
	col := func(ct CaseType) tierPoints {
		m := tierPoints{}
		for t := tiering.Tier(1); t < tiering.NumTiers; t++ {
			m[t.String()] = src[ct][t]
		}
		return m
	}
	return weightsRow{Community: col(Community), Licence: col(Licence), Custody: col(Custody)}
}

// WriteJSON writes the set in the form ReadWeightsJSON reads, every tier
// of every table spelt out, keys sorted.
func (s *WeightsSet) WriteJSON(w io.Writer) error {
	doc := weightsDoc{Schema: WeightsSchema}
	for _, t := range s.Tables() {
		tw := weightsWire{Effective: formatDate(t.Effective), Source: t.Source, CasePoints: toRow(&t.Tiers),
			T2APoints: toRow(&t.T2ATiers), T2AInactive: t.T2AInactive, Reports: t.Reports, CMS: t.CMS}
		if tw.Effective == "" {
			tw.Effective = time.Time{}.Format(time.RFC3339)
		}
		doc.Tables = append(doc.Tables, tw)
	}
	return writeJSON(w, doc)
}
