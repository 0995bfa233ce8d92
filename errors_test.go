package probation_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/probationkit/probation"
)

func TestFieldErrorString(t *testing.T) {
	tests := []struct {
		name   string
		f      probation.FieldError
		want   string
		reason string
	}{
		{"file line", probation.FieldError{Record: "case", ID: "C1", Index: 2, Line: 4, Field: "tier", Value: "X9", Message: "want a tier such as B2"},
			`line 4: case "C1": tier = "X9": want a tier such as B2`, "a record read from a file names its 1-based line, not its index"},
		{"slice index", probation.FieldError{Record: "practitioner", ID: "P7", Index: 3, Field: "hours", Value: "-1", Message: "want 0 to 37.5"},
			`practitioner [3] "P7": hours = "-1": want 0 to 37.5`, "a record given in a slice names its 0-based index"},
		{"no field", probation.FieldError{Record: "file", Line: 1, Message: "missing header"},
			`line 1: file: missing header`, "a fault in the file as a whole has no field"},
		{"not in a list", probation.FieldError{Record: "settings", Index: -1, Field: "hard_cap", Value: "-1", Message: "want 0 or more"},
			`settings: hard_cap = "-1": want 0 or more`, "a record that is not in a list has no index"},
		{"no value", probation.FieldError{Record: "case", Index: 0, Field: "id", Message: "empty"},
			`case [0]: id: empty`, "an empty ID is not printed as an empty quote"},
		{"value without field", probation.FieldError{Record: "file", Line: 3, Value: "{oops", Message: "not JSON"},
			`line 3: file: "{oops": not JSON`, "the value is shown even when no field applies"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.f.String()); diff != "" {
				t.Errorf("String() mismatch (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("é", 100) // 200 bytes
	tests := []struct {
		name, in string
		cut      bool
	}{
		{"short", "C1", false},
		{"exactly the limit", strings.Repeat("x", probation.MaxValueLen), false},
		{"ascii over", strings.Repeat("x", probation.MaxValueLen+1), true},
		{"multibyte over", long, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := probation.Shorten(tt.in)
			if len(got) > probation.MaxValueLen {
				t.Errorf("len %d > %d", len(got), probation.MaxValueLen)
			}
			if !utf8.ValidString(got) {
				t.Errorf("%q is not valid UTF-8: cut inside a rune", got)
			}
			if tt.cut != strings.HasSuffix(got, "…") || (!tt.cut && got != tt.in) {
				t.Errorf("Shorten(%q) = %q, cut %v", tt.in, got, tt.cut)
			}
		})
	}
}

func TestValidationErrorListsAtMost20(t *testing.T) {
	ve := &probation.ValidationError{Op: "caseload.Build"}
	for i := range 25 {
		ve.Fields = append(ve.Fields, probation.FieldError{Record: "case", Index: i, ID: fmt.Sprint("C", i), Field: "tier", Message: "bad"})
	}
	msg := ve.Error()
	if got := strings.Count(msg, "\n\t"); got != 21 {
		t.Errorf("%d lines after the first, want 20 fields and one count:\n%s", got, msg)
	}
	if !strings.HasPrefix(msg, "caseload.Build: 25 invalid values") || !strings.HasSuffix(msg, "… and 5 more") {
		t.Errorf("message %q lacks its op, count or remainder", msg)
	}
	var err error = fmt.Errorf("wrapped: %w", ve)
	var got *probation.ValidationError
	if !errors.As(err, &got) || len(got.Fields) != 25 {
		t.Errorf("errors.As did not reach the ValidationError")
	}
}
