// Package check collects the FieldErrors of one validation pass into a
// probation.ValidationError, shortening IDs and values as it goes, so that
// every package reports bad input the same way.
package check

import (
	"strings"

	"github.com/probationkit/probation"
)

// List collects the field errors of one pass. The zero List is ready to
// use (set Op before calling Err).
type List struct {
	Op     string
	Fields []probation.FieldError
}

// Add appends f, its ID, Field and Value shortened to
// probation.MaxValueLen (a field named after an unknown or repeated JSON
// key is input too).
func (l *List) Add(f probation.FieldError) {
	f.ID = probation.Shorten(f.ID)
	f.Field = probation.Shorten(f.Field)
	f.Value = probation.Shorten(f.Value)
	l.Fields = append(l.Fields, f)
}

// Len returns the number of field errors so far.
func (l *List) Len() int { return len(l.Fields) }

// Err returns the fields as a *probation.ValidationError with l.Op, or nil
// when there are none.
func (l *List) Err() error {
	if len(l.Fields) == 0 {
		return nil
	}
	return &probation.ValidationError{Op: l.Op, Fields: l.Fields}
}

// Error returns fields as the *probation.ValidationError of op, their
// IDs, fields and values shortened as Add shortens them, or nil when
// there are none.
func Error(op string, fields []probation.FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	l := List{Op: op, Fields: make([]probation.FieldError, 0, len(fields))}
	for _, f := range fields {
		l.Add(f)
	}
	return l.Err()
}

// IDMessage returns what is wrong with id as the ID of a record or a
// reference to one, or "" when nothing is. An ID must not be empty, and
// must not begin or end with white space: IDs are compared exactly, and
// the module rejects such an ID rather than trimming it, so that "C1 "
// and "C1" are never silently merged into one record nor kept as two.
func IDMessage(id string) string {
	switch {
	case id == "":
		return "empty: want an ID"
	case Spaced(id):
		return "has surrounding white space: want the ID without it"
	}
	return ""
}

// Spaced reports whether s begins or ends with white space (Unicode's,
// as strings.TrimSpace reads it). It is quick for the common case, text
// that begins and ends with a printable ASCII character.
func Spaced(s string) bool {
	if s == "" {
		return false
	}
	// Both ends printable ASCII ('!' to '~'): no white space, no need to
	// look further. Small enough to be inlined.
	if a, z := s[0]-'!', s[len(s)-1]-'!'; a <= '~'-'!' && z <= '~'-'!' {
		return false
	}
	return trimmable(s)
}

// trimmable is Spaced's slow path, kept out of line so that Spaced is
// inlined.
//
//go:noinline
func trimmable(s string) bool { return strings.TrimSpace(s) != s }
