package caseload

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
)

// Problem is one bad value in one record.
type Problem struct {
	// Record is the kind of record: "case", "practitioner", "reduction",
	// "contact", "weights" or "csv"/"json" for a codec-level fault.
	Record string `json:"record"`
	// ID is the record's ID as given (it may be empty or a duplicate).
	ID string `json:"id,omitempty"`
	// Index is the record's 0-based position in its input (its row number
	// after the header for CSV, counted from 0).
	Index int `json:"index"`
	// Field names the offending field, using the JSON/CSV field names
	// ("tier", "hours", "reductions[1].end" …).
	Field string `json:"field"`
	// Message says what is wrong and what is wanted.
	Message string `json:"message"`
}

// String formats the problem as "case 12 (id "C1") tier: message".
func (p Problem) String() string {
	return fmt.Sprintf("%s %d (id %q) %s: %s", p.Record, p.Index, p.ID, p.Field, p.Message)
}

// ValidationError reports every bad record found in one pass, so that a
// file can be fixed at once. Problems are in input order. Reach it with
// errors.As.
type ValidationError struct {
	Problems []Problem
}

// maxListed bounds the number of problems Error spells out.
const maxListed = 20

// Error lists the first problems, one per line, and counts the rest.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "caseload: %d invalid value(s)", len(e.Problems))
	for i, p := range e.Problems {
		if i == maxListed {
			fmt.Fprintf(&b, "\n\t… and %d more", len(e.Problems)-maxListed)
			break
		}
		b.WriteString("\n\t")
		b.WriteString(p.String())
	}
	return b.String()
}

// As lets errors.As reach e as a *probation.ValidationError, the
// module's one error shape for bad input: each Problem becomes a
// FieldError with the same record, ID, index, field and message (a
// codec-level fault, record "csv" or "json", becomes record "file"), and
// Op is "caseload". Any other target is left alone.
func (e *ValidationError) As(target any) bool {
	return check.As(target, "caseload", len(e.Problems), func(i int) probation.FieldError {
		p := e.Problems[i]
		rec := p.Record
		if rec == "csv" || rec == "json" {
			rec = "file"
		}
		return probation.FieldError{Record: rec, ID: p.ID, Index: p.Index, Field: p.Field, Message: p.Message}
	})
}

// ErrUnknown is wrapped by the errors of calls that name a case or a
// practitioner the caseload does not hold (errors.Is(err, ErrUnknown)).
var ErrUnknown = errors.New("caseload: unknown ID")

// asValidation returns probs as a *ValidationError, or nil when empty.
func asValidation(probs []Problem) error {
	if len(probs) == 0 {
		return nil
	}
	return &ValidationError{Problems: probs}
}

// sortedKeys returns the keys of m in increasing order.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}
