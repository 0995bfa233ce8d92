package caseload

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// The JSON forms are arrays of objects with the field names of the
// struct tags on [Case], [Practitioner], [Reduction] and [Reports]:
//
//	[{"id": "C1", "tier": "B2", "type": "COMMUNITY", "t2a": false, "row": "N",
//	  "team": "T1", "practitioner": "P1", "previous": "P0",
//	  "risk": {"rosh": "HIGH", "tier": "B2", "v3_tier": "C", "mappa_level": "M2",
//	           "mappa_category": "M1", "flags": "domestic_abuse|stalking"},
//	  "restricted_to": ["P1"], "excluded_from": ["P9"], "location": {"x": 530.1, "y": 180.4}}]
//
//	[{"id": "P1", "name": "A. Smith", "grade": "PO", "team": "T1", "pdu": "PDU1",
//	  "region": "London", "hours": 37, "location": {"x": 530, "y": 181},
//	  "reports": {"standard": 2, "fast": 1, "oral": 0},
//	  "reductions": [{"reason": "NQO", "hours": 7.4, "start": "2024-01-01",
//	                  "end": "2024-10-01", "status": "ACTIVE"}]}]
//
// Typed values are written as their String forms ("untiered" and other
// zero values as ""); dates as "2006-01-02" (UTC midnight) or RFC 3339.
// A risk tier left empty takes the case's tier. Unknown fields are errors.

// ReadCasesJSON decodes a JSON array of cases. Every bad field of every
// record is listed in one *ValidationError (Record "case", with the
// record's index and ID); a malformed document gives a single problem with
// Record "json". It checks the form of each field only: run [Validate] or
// [Build] for duplicates and references. It never panics.
func ReadCasesJSON(r io.Reader) ([]Case, error) {
	raws, err := readArray(r)
	if err != nil {
		return nil, err
	}
	out := make([]Case, 0, len(raws))
	f := fields{record: "case"}
	for i, raw := range raws {
		var w caseWire
		f.index, f.id = i, ""
		if !decodeStrict(raw, &w, &f) {
			continue
		}
		out = append(out, w.toCase(&f))
	}
	return out, asValidation(f.probs)
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
// reductions, listing every bad field in one *ValidationError (Record
// "practitioner"). It never panics.
func ReadPractitionersJSON(r io.Reader) ([]Practitioner, error) {
	raws, err := readArray(r)
	if err != nil {
		return nil, err
	}
	out := make([]Practitioner, 0, len(raws))
	f := fields{record: "practitioner"}
	for i, raw := range raws {
		var w practitionerWire
		f.index, f.id = i, ""
		if !decodeStrict(raw, &w, &f) {
			continue
		}
		out = append(out, w.toPractitioner(&f))
	}
	return out, asValidation(f.probs)
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

func readArray(r io.Reader) ([]json.RawMessage, error) {
	var raws []json.RawMessage
	dec := json.NewDecoder(r)
	if err := dec.Decode(&raws); err != nil {
		return nil, &ValidationError{Problems: []Problem{{Record: "json", Field: "document", Message: "want a JSON array of objects: " + err.Error()}}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &ValidationError{Problems: []Problem{{Record: "json", Field: "document", Message: "trailing data after the array"}}}
	}
	return raws, nil
}

// decodeStrict decodes one record, recording a problem (with the record's
// ID if it can be read) when it fails.
func decodeStrict(raw json.RawMessage, v any, f *fields) bool {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var id struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(raw, &id)
		f.id = id.ID
		field := "record"
		if te, ok := err.(*json.UnmarshalTypeError); ok && te.Field != "" {
			field = te.Field
		}
		f.bad(field, fmt.Errorf("invalid JSON: %v", err))
		return false
	}
	return true
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
