package caseload

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
	"github.com/probationkit/probation/internal/jsoncheck"
)

// The JSON forms are arrays of objects with the field names of the
// struct tags on [Case], [Practitioner], [Reduction] and [Reports]:
//
//	[{"id": "C1", "tier": "B2", "type": "COMMUNITY", "t2a": false, "row": "N",
//	  "team": "T1", "practitioner": "P1", "previous": "P0",
//	  "risk": {"rosh": "HIGH", "tier": "B2", "v3_tier": "C", "mappa_level": "M2",
//	           "mappa_category": "M1", "flags": "domestic_abuse|stalking"},
//	  "restricted_to": ["P1"], "excluded_from": ["P9"], "location": {"x_km": 530.1, "y_km": 180.4}}]
//
//	[{"id": "P1", "name": "A. Smith", "grade": "PO", "team": "T1", "pdu": "PDU1",
//	  "region": "London", "hours": 37, "location": {"x_km": 530, "y_km": 181},
//	  "reports": {"standard": 2, "fast": 1, "oral": 0},
//	  "reductions": [{"reason": "NQO", "hours": 7.4, "start": "2024-01-01",
//	                  "end": "2024-10-01", "status": "ACTIVE"}]}]
//
// Typed values are written as their String forms ("untiered" and other
// zero values as ""); dates as "2006-01-02" (UTC midnight) or RFC 3339.
// A risk tier left empty takes the case's tier. A practitioner's "hours"
// left out (or null) means the grade's default hours, and 0 means no
// contracted hours. The ranges are those of the records: hours 0–37.5
// (MaxHours), report counts 0–1000 (MaxReports), coordinates in km
// within ±10,000 (MaxCoordinate). Names match exactly, case included;
// unknown and repeated names are errors.

// caseFields and practitionerFields are the member names of the arrays.
var (
	caseFields         = jsoncheck.FieldsOf([]caseWire{})
	practitionerFields = jsoncheck.FieldsOf([]practitionerWire{})
)

// jsonArray reads one JSON array of records of kind record from r,
// checking its keys against schema, and calls each for every element with
// its report (Index, Line and the key faults set). It returns the field
// errors, or a read error of r.
func jsonArray(r io.Reader, schema *jsoncheck.Fields, record string, each func(raw []byte, rep *report)) ([]probation.FieldError, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	lines := jsoncheck.NewLines(data)
	found := jsoncheck.Check(data, schema, "")
	var raws []json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raws); err != nil {
		return []probation.FieldError{documentError(err, lines, "want a JSON array of "+record+" objects")}, nil
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return []probation.FieldError{{Record: recordFile, Index: -1, Line: lines.At(dec.InputOffset()),
			Message: "data after the array: want one JSON array"}}, nil
	}
	keys := make(map[int][]probation.FieldError)
	for _, k := range found.Faults() {
		if i, field, ok := k.Under(""); ok {
			keys[i] = append(keys[i], probation.FieldError{Record: record, Index: i, Field: field, Message: k.Message})
		}
	}
	var errs []probation.FieldError
	for i, raw := range raws {
		rep := report{fields: errs, record: record, index: i}
		if i < len(found.Starts) {
			rep.line = lines.At(found.Starts[i])
		}
		for _, f := range keys[i] {
			f.Line = rep.line
			rep.fields = append(rep.fields, f)
		}
		each(raw, &rep)
		errs = rep.fields
	}
	return errs, nil
}

// documentError describes a fault of a JSON document as a whole, with
// want as the message of a document of the wrong shape.
func documentError(err error, lines *jsoncheck.Lines, want string) probation.FieldError {
	_, value, msg, off := jsoncheck.Describe(err)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		msg = want
	}
	f := probation.FieldError{Record: recordFile, Index: -1, Value: value, Message: msg}
	switch {
	case off >= 0:
		f.Line = lines.At(off)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		f.Line = lines.At(math.MaxInt64) // the last line
	}
	return f
}

// decodeRecord decodes one record into v, recording a field error (with
// the record's ID, if it can be read) for a value of the wrong JSON type;
// it reports false for a record that is not an object.
func decodeRecord(raw []byte, v any, rep *report) bool {
	if raw = bytes.TrimSpace(raw); len(raw) == 0 || raw[0] != '{' {
		rep.bad("", probation.Shorten(string(raw)), "want a JSON object")
		return false
	}
	err := json.Unmarshal(raw, v)
	if err == nil {
		return true
	}
	var id struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &id)
	setID(rep, id.ID)
	field, value, msg, _ := jsoncheck.Describe(err)
	rep.bad(field, value, msg)
	return true
}

// setID names the record in the key faults recorded before its ID was
// known.
func setID(rep *report, id string) {
	rep.id = id
	for k := len(rep.fields) - 1; k >= 0 && rep.fields[k].Index == rep.index && rep.fields[k].Record == rep.record; k-- {
		rep.fields[k].ID = id
	}
}

// ReadCasesJSON decodes a JSON array of cases. It checks every field of
// every record on its own, as [Validate] does, and lists every bad value
// in one *[probation.ValidationError] (Op "caseload.ReadCasesJSON"):
// Record "case", the record's 0-based Index in the array, the 1-based
// Line where it starts, its ID and the field; a document that is not an
// array of objects gives one field error with Record "file" and the
// line. The records that decode are returned even then. Duplicates and
// references are checked by [Validate] and [Build]. A read error of r is
// returned as it is. It never panics.
func ReadCasesJSON(r io.Reader) ([]Case, error) {
	return readRecords(r, caseFields, recordCase, opReadCasesJSON, func(w *caseWire) string { return w.ID }, (*caseWire).toCase)
}

// WriteCasesJSON writes cases as an indented JSON array that
// ReadCasesJSON reads back.
func WriteCasesJSON(w io.Writer, cases []Case) error {
	ws := make([]caseWire, len(cases))
	for i := range cases {
		ws[i] = fromCase(&cases[i])
	}
	return writeJSON(w, ws)
}

// ReadPractitionersJSON decodes a JSON array of practitioners with their
// reductions, checking them as [ReadCasesJSON] checks cases (Op
// "caseload.ReadPractitionersJSON", Record "practitioner"). It never
// panics.
func ReadPractitionersJSON(r io.Reader) ([]Practitioner, error) {
	return readRecords(r, practitionerFields, recordPractitioner, opReadPractJSON,
		func(w *practitionerWire) string { return w.ID }, (*practitionerWire).toPractitioner)
}

// readRecords decodes a JSON array of records of kind record, each read
// as a wire record W (id gives its ID) and converted by conv, reporting
// with op.
func readRecords[W, R any](r io.Reader, schema *jsoncheck.Fields, record, op string, id func(*W) string, conv func(*W, *report) R) ([]R, error) {
	var out []R
	errs, err := jsonArray(r, schema, record, func(raw []byte, rep *report) {
		var w W
		if !decodeRecord(raw, &w, rep) {
			return
		}
		setID(rep, id(&w))
		out = append(out, conv(&w, rep))
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, check.Error(op, errs)
}

// WritePractitionersJSON writes practitioners as an indented JSON array
// that ReadPractitionersJSON reads back.
func WritePractitionersJSON(w io.Writer, ps []Practitioner) error {
	ws := make([]practitionerWire, len(ps))
	for i := range ps {
		ws[i] = fromPractitioner(&ps[i])
	}
	return writeJSON(w, ws)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
