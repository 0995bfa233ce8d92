package grades

import "errors"

// The Op of each call's *probation.ValidationError.
const (
	opNewPolicy  = "grades.NewPolicy"
	opDecode     = "grades.Decode"
	opPolicyJSON = "grades.Policy.UnmarshalJSON"
	opRuleJSON   = "grades.Rule.UnmarshalJSON"
	recordRule   = "rule"
	recordPolicy = "policy"
	recordFile   = "file"
)

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
