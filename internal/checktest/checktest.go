// Package checktest holds the test helper of the module's error shape:
// what a test compares of a *probation.ValidationError, and the promises
// every field error keeps.
package checktest

import (
	"errors"
	"regexp"
	"testing"

	"github.com/probationkit/probation"
)

// At is where a field error points: what the tests of the error shape
// compare, leaving the wording of messages free.
type At struct {
	Record, ID  string
	Index, Line int
	Field       string
}

// Locations returns the places err's field errors point to, after
// checking that err is a *probation.ValidationError of op and that every
// field error keeps the shape's promises (see Check).
func Locations(t testing.TB, err error, op string) []At {
	t.Helper()
	var ve *probation.ValidationError
	if !errors.As(err, &ve) || ve.Op != op {
		t.Fatalf("error %v (%T): want a *probation.ValidationError of %s", err, err, op)
	}
	out := make([]At, len(ve.Fields))
	for i, f := range ve.Fields {
		Check(t, f)
		out[i] = At{f.Record, f.ID, f.Index, f.Line, f.Field}
	}
	return out
}

// Place is the constraint of a test's own copy of At: the same fields in
// the same order, declared in the test's package so that its tables may
// list them without names.
type Place interface {
	~struct {
		Record, ID  string
		Index, Line int
		Field       string
	}
}

// LocationsAs is Locations returning the test's own copy of At.
func LocationsAs[P Place](t testing.TB, err error, op string) []P {
	t.Helper()
	var out []P
	for _, a := range Locations(t, err, op) {
		out = append(out, P(a))
	}
	return out
}

// goValue matches a Go struct printed with %v or %+v, such as
// "{Standard:0 Fast:-1 Oral:0}" or "{0 -1 0}".
var goValue = regexp.MustCompile(`\{[A-Z][A-Za-z]*:|\{-?\d+ -?\d+`)

// wholes are the record kinds that are never in a list: their Index is -1.
var wholes = map[string]bool{"file": true, "settings": true, "policy": true, "problem": true, "budget": true, "transfers": true}

// Check reports a field error that breaks the shape's promises: a record
// kind and a message saying what is wanted, at most 300 bytes and
// printing no Go value, an ID, field and value of at most
// probation.MaxValueLen bytes, and an Index of -1 for a record that is
// never in a list (the file, the settings, a policy, a problem).
func Check(t testing.TB, f probation.FieldError) {
	t.Helper()
	if wholes[f.Record] && f.Index != -1 {
		t.Errorf("field error %q: a %s is not in a list: want Index -1, got %d", f, f.Record, f.Index)
	}
	if f.Record == "" || f.Message == "" || len(f.Message) > 300 || goValue.MatchString(f.Message) ||
		len(f.ID) > probation.MaxValueLen || len(f.Value) > probation.MaxValueLen || len(f.Field) > probation.MaxValueLen {
		t.Errorf("field error %q: want a record, a message of at most 300 bytes printing no Go value, and ID, field and value of at most %d bytes",
			f, probation.MaxValueLen)
	}
}
