// Package check collects the FieldErrors of one validation pass into a
// probation.ValidationError, shortening IDs and values as it goes, so that
// every package reports bad input the same way.
package check

import "github.com/probationkit/probation"

// List collects the field errors of one pass. The zero List is ready to
// use (set Op before calling Err).
type List struct {
	Op     string
	Fields []probation.FieldError
}

// Add appends f, its ID and Value shortened to probation.MaxValueLen.
func (l *List) Add(f probation.FieldError) {
	f.ID = probation.Shorten(f.ID)
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
