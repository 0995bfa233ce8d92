package probation

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// FieldError is one bad value in one input record. Every package of the
// module reports bad input with it, inside a [ValidationError]: a record
// given to a function (a case, a practitioner, a rule of a policy, the
// settings) or read by a decoder (a CSV row, a JSON object, a line of a
// JSON-lines stream).
//
// The words mean the same thing everywhere:
//   - Record is the kind of record, in the singular: "case",
//     "practitioner", "reduction", "contact", "weights", "rule",
//     "policy", "settings", "problem", or "file" for a fault in the
//     input as a whole (a missing header, text that is not JSON).
//   - ID is the record's ID as given (it may be empty, or be the fault).
//   - Index is the record's 0-based position in the slice or stream it
//     came from, or -1 for a record that is not in a list (the settings,
//     a lone record).
//   - Line is the 1-based line of the file the record was read from, or 0
//     when the record did not come from a file.
//   - Field is the field or column, named as in the JSON and CSV schemas
//     ("tier", "registrations[2].date"); empty for a fault in the record
//     as a whole.
//   - Value is the offending value as text, shortened to at most
//     [MaxValueLen] bytes.
//   - Message says what is wrong and what is wanted ("want YYYY-MM-DD").
//
// FieldError is a small comparable value; its JSON form uses the
// lower-case names above.
type FieldError struct {
	Record  string `json:"record"`
	ID      string `json:"id,omitempty"`
	Index   int    `json:"index"`
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field,omitempty"`
	Value   string `json:"value,omitempty"`
	Message string `json:"message"`
}

// MaxValueLen bounds the bytes of FieldError.Value and FieldError.ID, so
// that an error message is never much larger than the input that caused
// it: longer text is cut at a rune boundary and ends in "…".
const MaxValueLen = 64

// Shorten returns s cut to at most MaxValueLen bytes at a rune boundary,
// ending in "…" when it was cut.
func Shorten(s string) string {
	if len(s) <= MaxValueLen {
		return s
	}
	const ell = "…"
	cut := MaxValueLen - len(ell)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ell
}

// String formats the error on one line, such as
//
//	line 4: case "C1": tier = "X9": want a tier such as B2
//	practitioner [3] "P7": hours = "-1": want 0 to 37.5
//	settings: hard_cap = "-1": want a workload % from 1 to 10000, or 0 for none
func (f FieldError) String() string {
	var b strings.Builder
	switch {
	case f.Line > 0:
		fmt.Fprintf(&b, "line %d: %s", f.Line, f.Record)
	case f.Index >= 0:
		fmt.Fprintf(&b, "%s [%d]", f.Record, f.Index)
	default:
		b.WriteString(f.Record)
	}
	if f.ID != "" {
		fmt.Fprintf(&b, " %q", Shorten(f.ID))
	}
	b.WriteString(": ")
	if f.Field != "" {
		b.WriteString(f.Field)
		if f.Value != "" {
			fmt.Fprintf(&b, " = %q", Shorten(f.Value))
		}
		b.WriteString(": ")
	} else if f.Value != "" {
		fmt.Fprintf(&b, "%q: ", Shorten(f.Value))
	}
	b.WriteString(f.Message)
	return b.String()
}

// ValidationError reports every bad value found in one pass over some
// input, so that a file or a batch can be fixed at once. Fields are in
// input order, then field order. Every package of the module returns it
// for bad input; reach it with errors.As:
//
//	var ve *probation.ValidationError
//	if errors.As(err, &ve) {
//		for _, f := range ve.Fields { … }
//	}
type ValidationError struct {
	// Op names the call that found the problems, such as
	// "caseload.ReadCasesCSV" or "allocation.Solve".
	Op     string
	Fields []FieldError
}

// maxListed bounds the fields Error spells out.
const maxListed = 20

// Error lists the first 20 fields, one per line, and counts the rest.
func (e *ValidationError) Error() string {
	var b strings.Builder
	n := len(e.Fields)
	fmt.Fprintf(&b, "%s: %d invalid value", e.Op, n)
	if n != 1 {
		b.WriteByte('s')
	}
	for i, f := range e.Fields {
		if i == maxListed {
			fmt.Fprintf(&b, "\n\t… and %d more", n-maxListed)
			break
		}
		b.WriteString("\n\t")
		b.WriteString(f.String())
	}
	return b.String()
}
