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

// As is the body of the As methods by which a package's own validation
// error is reached as a *probation.ValidationError: if target is a
// **probation.ValidationError it sets it to one of op with the n fields
// field(0) … field(n−1), IDs and values shortened, and reports true;
// otherwise it leaves target alone and reports false.
func As(target any, op string, n int, field func(i int) probation.FieldError) bool {
	t, ok := target.(**probation.ValidationError)
	if !ok {
		return false
	}
	l := List{Op: op, Fields: make([]probation.FieldError, 0, n)}
	for i := range n {
		l.Add(field(i))
	}
	*t = &probation.ValidationError{Op: op, Fields: l.Fields}
	return true
}
