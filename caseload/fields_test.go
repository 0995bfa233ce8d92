package caseload_test

import (
	"errors"
	"regexp"
	"testing"

	"github.com/probationkit/probation"
)

// at is where a field error points: what the tests of the error shape
// compare, leaving the wording of messages free.
type at struct {
	Record, ID  string
	Index, Line int
	Field       string
}

// locations returns the places err's field errors point to, after
// checking that err is the module's *probation.ValidationError of op and
// that every field error keeps the shape's promises: a message saying
// what is wanted, no Go value printed, bounded sizes.
func locations(t testing.TB, err error, op string) []at {
	t.Helper()
	var ve *probation.ValidationError
	if !errors.As(err, &ve) || ve.Op != op {
		t.Fatalf("error %v (%T): want a *probation.ValidationError of %s", err, err, op)
	}
	out := make([]at, len(ve.Fields))
	for i, f := range ve.Fields {
		checkField(t, f)
		out[i] = at{f.Record, f.ID, f.Index, f.Line, f.Field}
	}
	return out
}

// goValue matches a Go struct printed with %v or %+v, such as
// "{Standard:0 Fast:-1 Oral:0}" or "{0 -1 0}".
var goValue = regexp.MustCompile(`\{[A-Z][A-Za-z]*:|\{-?\d+ -?\d+`)

// checkField checks one field error against the promises of the shape.
func checkField(t testing.TB, f probation.FieldError) {
	t.Helper()
	if f.Message == "" || len(f.Message) > 300 || goValue.MatchString(f.Message) ||
		len(f.ID) > probation.MaxValueLen || len(f.Value) > probation.MaxValueLen || len(f.Field) > probation.MaxValueLen {
		t.Errorf("field error %q: want a message of at most 300 bytes printing no Go value, and ID, field and value of at most %d bytes",
			f, probation.MaxValueLen)
	}
}
