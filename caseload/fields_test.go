package caseload_test

import (
	"testing"

	"github.com/probationkit/probation/internal/checktest"
)

// at is where a field error points (checktest.At, local so that the
// tables can list its fields in order).
type at struct {
	Record, ID  string
	Index, Line int
	Field       string
}

// locations is where err's field errors point, after checking err's Op
// and the promises of every field error.
func locations(t testing.TB, err error, op string) []at { return checktest.LocationsAs[at](t, err, op) }
