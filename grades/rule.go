package grades

import (
	"fmt"
	"strings"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
	"github.com/probationkit/probation/internal/enum"
)

// Severity says what a rule does when it fires. The zero Severity is
// invalid; waivers (Rule.Waive) leave it zero.
type Severity uint8

// The severities.
const (
	// Hard blocks: the grade may not hold the case, and no override
	// reason changes that.
	Hard Severity = iota + 1
	// Soft warns: the grade may hold the case once an override reason is
	// recorded (the pattern of the prison POM tool's recommendation,
	// shared/domain/allocation.md §3.2).
	Soft
)

var severityTable = enum.New("grades", "severity", "Severity", Hard, "hard", "soft").WithMessage("want hard or soft")

// IsValid reports whether s is Hard or Soft.
func (s Severity) IsValid() bool { return s == Hard || s == Soft }

// String returns "hard" or "soft".
func (s Severity) String() string { return severityTable.String(s) }

// ParseSeverity parses "hard" or "soft", ignoring case.
func ParseSeverity(s string) (Severity, error) { return severityTable.Parse(s) }

// MarshalText returns the String form; the zero Severity (a waiver's)
// marshals as empty text.
func (s Severity) MarshalText() ([]byte, error) { return severityTable.Marshal(s) }

// UnmarshalText parses text with ParseSeverity; empty text is the zero
// Severity.
func (s *Severity) UnmarshalText(text []byte) error { return severityTable.Unmarshal(text, s) }

// Basis says how firmly a rule's source supports it. The zero Basis is
// Stated.
type Basis uint8

// The bases.
const (
	// Stated: the rule restates a statement of its cited source (national
	// policy, a published standard, or a local policy document).
	Stated Basis = iota
	// ReasonableDefault: the public text is missing, and the rule is a
	// reasonable default inferred from what the cited sources do say. It
	// is meant to be replaced or waived where local policy differs.
	ReasonableDefault
)

var basisTable = enum.New("grades", "basis", "Basis", Stated, "stated", "reasonable_default").
	WithAliases(map[string]Basis{"default": ReasonableDefault, "": Stated}).WithMessage("want stated or reasonable_default")

// IsValid reports whether b is Stated or ReasonableDefault.
func (b Basis) IsValid() bool { return b <= ReasonableDefault }

// String returns "stated" or "reasonable_default".
func (b Basis) String() string { return basisTable.String(b) }

// ParseBasis parses "stated" or "reasonable_default" (also "default"),
// ignoring case; "" is Stated.
func ParseBasis(s string) (Basis, error) { return basisTable.Parse(s) }

// MarshalText returns the String form.
func (b Basis) MarshalText() ([]byte, error) { return basisTable.Marshal(b) }

// UnmarshalText parses text with ParseBasis.
func (b *Basis) UnmarshalText(text []byte) error { return basisTable.Unmarshal(text, b) }

// NationalScope is the name of the national scope. A Rule whose Scope is ""
// or "national" (in any case) is national; NewPolicy stores it as
// NationalScope.
const NationalScope = "national"

// Rule is one eligibility rule: when the case matches Condition, a
// practitioner whose grade is in Grades may not hold it (Hard) or may hold
// it only with a recorded override reason (Soft). Rules are data: a
// Policy is an ordered list of them, and a JSON codec reads and writes
// them (see Decode). Rule is a small comparable value.
//
// A rule in a local scope (Scope is neither "" nor "national") applies
// only in a policy view that names the scope (Policy.In). It tightens the
// national default by adding a restriction, or it relaxes or tightens a
// rule from a broader scope by naming it in Replaces: the replacement
// then stands where the replaced rule stood. A waiver (Waive set, with
// Replaces) removes the replaced rule and carries no Condition, Grades or
// Severity; it is how a scope relaxes a rule entirely without copying the
// rest of the national default.
type Rule struct {
	ID          string    // unique within the policy; required
	Description string    // plain-language statement of the rule; required
	Source      string    // citation (publication, repository + path, or URL); required
	Basis       Basis     // Stated, or a ReasonableDefault where the public text is missing
	Scope       string    // "" or "national" for national; otherwise a local scope name, such as a region or PDU
	Severity    Severity  // Hard or Soft; zero for a waiver
	Grades      Set       // the practitioner grades the rule restricts; empty only for a waiver
	Condition   Condition // the cases the rule restricts; empty only with AnyCase, or for a waiver
	Replaces    string    // ID of a rule from another scope that this one replaces where it applies
	Waive       bool      // remove the Replaces rule instead of replacing it
}

// IsNational reports whether r belongs to the national scope.
func (r Rule) IsNational() bool { return isNational(r.Scope) }

func isNational(scope string) bool {
	s := strings.TrimSpace(scope)
	return s == "" || strings.EqualFold(s, NationalScope)
}

// Fires reports whether r restricts grade g for the case profile c: g is
// in r.Grades and c matches r.Condition. A waiver never fires.
func (r Rule) Fires(c Profile, g Grade) bool {
	return !r.Waive && r.Grades.Has(g) && r.Condition.Matches(c)
}

// String returns a one-line summary such as
// "rosh-high [national, hard]: PSO|PQiP… when RoSH is HIGH or VERY_HIGH".
func (r Rule) String() string {
	if r.Waive {
		return fmt.Sprintf("%s [%s, waiver]: waives %s", r.ID, r.scopeName(), r.Replaces)
	}
	return fmt.Sprintf("%s [%s, %v]: %v when %v", r.ID, r.scopeName(), r.Severity, r.Grades, r.Condition)
}

func (r Rule) scopeName() string {
	if r.IsNational() {
		return NationalScope
	}
	return strings.TrimSpace(r.Scope)
}

// problems appends to ps every bad value of r on its own, as field
// errors of the record "rule" at position index (cross-rule checks are
// NewPolicy's).
func (r Rule) problems(ps []probation.FieldError, index int) []probation.FieldError {
	add := func(field, value, message string) {
		ps = append(ps, probation.FieldError{Record: recordRule, ID: r.ID, Index: index, Field: field, Value: value, Message: message})
	}
	if msg := check.IDMessage(r.ID); msg != "" {
		add("id", r.ID, msg)
	}
	if strings.TrimSpace(r.Description) == "" {
		add("description", r.Description, "empty: want a plain-language statement of the rule")
	}
	if strings.TrimSpace(r.Source) == "" {
		add("source", r.Source, "empty: cite where the rule comes from")
	}
	if !isNational(r.Scope) && strings.TrimSpace(r.Scope) != r.Scope {
		add("scope", r.Scope, "has surrounding white space: want the scope name without it")
	}
	if r.Replaces != "" && strings.TrimSpace(r.Replaces) != r.Replaces {
		add("replaces", r.Replaces, "has surrounding white space: want the rule ID without it")
	}
	if !r.Basis.IsValid() {
		add("basis", r.Basis.String(), "want stated or reasonable_default")
	}
	if r.Waive {
		if strings.TrimSpace(r.Replaces) == "" {
			add("replaces", "", "a waiver must name the rule it waives")
		}
		if r.IsNational() {
			add("scope", r.Scope, "a waiver must belong to a local scope")
		}
		if r.Severity != 0 || r.Grades != 0 || r.Condition != (Condition{}) {
			add("waive", "true", "a waiver has no severity, grades or condition")
		}
		return ps
	}
	if !r.Severity.IsValid() {
		add("severity", textOf(r.Severity), "want hard or soft")
	}
	if r.Grades == 0 {
		add("grades", "", "no grades: name the grades the rule restricts")
	} else if !r.Grades.IsValid() {
		add("grades", r.Grades.String(), "holds an unknown grade")
	}
	c := r.Condition
	switch {
	case c.IsEmpty() && !c.AnyCase:
		add("condition", "", "empty condition: set any_case to restrict every case")
	case !c.IsEmpty() && c.AnyCase:
		add("condition", "", "any_case together with other predicates")
	}
	for _, f := range [...]struct {
		field string
		valid bool
		text  string
	}{
		{"condition.rosh", c.RoSH.IsValid(), c.RoSH.String()},
		{"condition.mappa_level", c.MAPPALevel.IsValid(), c.MAPPALevel.String()},
		{"condition.mappa_category", c.MAPPACategory.IsValid(), c.MAPPACategory.String()},
		{"condition.protect", c.Protect.IsValid(), c.Protect.String()},
		{"condition.v3_tier", c.V3.IsValid(), c.V3.String()},
		{"condition.flags_any", c.FlagsAny.IsValid(), c.FlagsAny.String()},
		{"condition.flags_none", c.FlagsNone.IsValid(), c.FlagsNone.String()},
	} {
		if !f.valid {
			add(f.field, f.text, "holds an unknown value")
		}
	}
	if both := c.FlagsAny & c.FlagsNone; both != 0 {
		add("condition", both.String(), "flags both required and excluded: the rule can never fire")
	}
	return ps
}

// textOf returns the text form of v, or its String form when it has none.
func textOf[T interface {
	MarshalText() ([]byte, error)
	String() string
}](v T) string {
	if b, err := v.MarshalText(); err == nil {
		return string(b)
	}
	return v.String()
}
