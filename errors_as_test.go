package probation_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// TestPackageErrorsAsValidationError checks that the validation errors
// of caseload, grades and tiering, which predate the module's one error
// shape, are reached by errors.As as a *probation.ValidationError with
// the same facts, so a caller (an HTTP service, say) handles them once.
func TestPackageErrorsAsValidationError(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	_, caseErr := caseload.Build([]caseload.Case{{ID: "C1", Team: "T1", Tier: tiering.MustParseTier("B2")}}, nil, day, nil)
	_, ruleErr := grades.NewPolicy([]grades.Rule{{ID: "r1"}})
	_, tierErr := tiering.Classify(tiering.Input{ID: "X1", RSR: 150}, nil)
	tests := []struct {
		name   string
		err    error
		op     string
		first  probation.FieldError
		reason string
	}{
		{"caseload", caseErr, "caseload",
			probation.FieldError{Record: "case", ID: "C1", Index: 0, Field: "type", Message: "invalid case type CaseType(0): want COMMUNITY, LICENCE or CUSTODY"},
			"a case with no type: the caseload problem keeps its record, ID, index and field"},
		{"grades", ruleErr, "grades",
			probation.FieldError{Record: "rule", ID: "r1", Index: 0, Field: "description", Message: "empty description"},
			"a rule with only an ID: the policy problem becomes a field error of record rule"},
		{"tiering", tierErr, "tiering",
			probation.FieldError{Record: "case", ID: "X1", Index: 0, Field: "rsr", Value: "150", Message: "want a percentage from 0 to 100, or 999.99 for no score"},
			"an RSR over 100: the tiering problem's reason becomes the message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ve *probation.ValidationError
			if !errors.As(tt.err, &ve) {
				t.Fatalf("%s: errors.As(%v) found no *probation.ValidationError", tt.reason, tt.err)
			}
			if ve.Op != tt.op || len(ve.Fields) == 0 {
				t.Fatalf("%s: got Op %q with %d fields", tt.reason, ve.Op, len(ve.Fields))
			}
			if diff := cmp.Diff(tt.first, ve.Fields[0]); diff != "" {
				t.Errorf("%s: first field (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
	var other *caseload.ValidationError
	if errors.As(tierErr, &other) {
		t.Errorf("a tiering error must not be reached as a caseload error")
	}
}
