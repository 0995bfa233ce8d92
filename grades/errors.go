package grades

import (
	"errors"
	"fmt"
	"strings"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
)

// Problem is one thing wrong with one rule of a policy.
type Problem struct {
	Index   int    // position of the rule in the policy's list, from 0; -1 for the policy as a whole
	Rule    string // the rule's ID as given (may be empty when the ID is the problem)
	Field   string // the field, as named in the JSON schema ("grades", "condition.flags_any" …)
	Message string // what is wrong
}

// String returns the problem as "rule <index> \"<id>\": <field>: <message>",
// or "policy: <field>: <message>" for the policy as a whole.
func (p Problem) String() string {
	if p.Index < 0 {
		return fmt.Sprintf("policy: %s: %s", p.Field, p.Message)
	}
	return fmt.Sprintf("rule %d %q: %s: %s", p.Index, p.Rule, p.Field, p.Message)
}

// ValidationError reports every problem found in a policy, in rule order,
// so that a policy file can be fixed in one pass. NewPolicy, Decode and
// Policy.UnmarshalJSON return it; reach it with errors.As.
type ValidationError struct {
	Problems []Problem
}

// Error lists every problem, prefixed with their count.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "grades: invalid policy (%d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteByte('s')
	}
	b.WriteString(")")
	for _, p := range e.Problems {
		b.WriteString("; ")
		b.WriteString(p.String())
	}
	return b.String()
}

// As lets errors.As reach e as a *probation.ValidationError, the
// module's one error shape for bad input: each Problem becomes a
// FieldError of record "rule" (its index and ID) or, for the policy as a
// whole, "policy" (index -1), and Op is "grades". Any other target is
// left alone.
func (e *ValidationError) As(target any) bool {
	return check.As(target, "grades", len(e.Problems), func(i int) probation.FieldError {
		p := e.Problems[i]
		rec := "rule"
		if p.Index < 0 {
			rec = "policy"
		}
		return probation.FieldError{Record: rec, ID: p.Rule, Index: p.Index, Field: p.Field, Message: p.Message}
	})
}

// Errors returned by Decision.Override.
var (
	// ErrHardRule: the decision is Ineligible; a hard rule cannot be
	// overridden.
	ErrHardRule = errors.New("grades: a hard rule fired: the decision cannot be overridden")
	// ErrNoOverrideNeeded: the decision is Eligible with no warning, so
	// there is nothing to override.
	ErrNoOverrideNeeded = errors.New("grades: no soft rule fired: there is nothing to override")
	// ErrOverrideText: the override text is too long, or missing where
	// the reason needs it.
	ErrOverrideText = errors.New("grades: invalid override text")
	// ErrOverrideReason: the override reason is not one of the known reasons.
	ErrOverrideReason = errors.New("grades: unknown override reason")
)
