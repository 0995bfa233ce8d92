package grades

import (
	"fmt"
	"strings"
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

var severityNames = [...]string{"", "hard", "soft"}

// IsValid reports whether s is Hard or Soft.
func (s Severity) IsValid() bool { return s == Hard || s == Soft }

// String returns "hard" or "soft".
func (s Severity) String() string {
	if !s.IsValid() {
		return fmt.Sprintf("Severity(%d)", uint8(s))
	}
	return severityNames[s]
}

// ParseSeverity parses "hard" or "soft", ignoring case.
func ParseSeverity(s string) (Severity, error) {
	if i := indexFold(severityNames[1:], s); i >= 0 {
		return Severity(i + 1), nil
	}
	return 0, fmt.Errorf("grades: unknown severity %q: want hard or soft", s)
}

// MarshalText returns the String form; the zero Severity is an error.
func (s Severity) MarshalText() ([]byte, error) {
	if !s.IsValid() {
		return nil, fmt.Errorf("grades: cannot marshal invalid %v", s)
	}
	return []byte(s.String()), nil
}

// UnmarshalText parses text with ParseSeverity.
func (s *Severity) UnmarshalText(text []byte) error {
	v, err := ParseSeverity(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

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

var basisNames = [...]string{"stated", "reasonable_default"}

// IsValid reports whether b is Stated or ReasonableDefault.
func (b Basis) IsValid() bool { return b <= ReasonableDefault }

// String returns "stated" or "reasonable_default".
func (b Basis) String() string {
	if !b.IsValid() {
		return fmt.Sprintf("Basis(%d)", uint8(b))
	}
	return basisNames[b]
}

// ParseBasis parses "stated" or "reasonable_default" (also "default"),
// ignoring case; "" is Stated.
func ParseBasis(s string) (Basis, error) {
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return Stated, nil
	case strings.EqualFold(t, "default"):
		return ReasonableDefault, nil
	}
	if i := indexFold(basisNames[:], t); i >= 0 {
		return Basis(i), nil
	}
	return 0, fmt.Errorf("grades: unknown basis %q: want stated or reasonable_default", s)
}

// MarshalText returns the String form.
func (b Basis) MarshalText() ([]byte, error) {
	if !b.IsValid() {
		return nil, fmt.Errorf("grades: cannot marshal invalid %v", b)
	}
	return []byte(b.String()), nil
}

// UnmarshalText parses text with ParseBasis.
func (b *Basis) UnmarshalText(text []byte) error {
	v, err := ParseBasis(string(text))
	if err != nil {
		return err
	}
	*b = v
	return nil
}

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

// problems appends to ps every problem with r on its own (cross-rule
// checks are NewPolicy's).
func (r Rule) problems(ps []Problem, index int) []Problem {
	add := func(field, format string, args ...any) {
		ps = append(ps, Problem{Index: index, Rule: r.ID, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(r.ID) == "" {
		add("id", "empty rule ID")
	}
	if strings.TrimSpace(r.Description) == "" {
		add("description", "empty description")
	}
	if strings.TrimSpace(r.Source) == "" {
		add("source", "empty source: cite where the rule comes from")
	}
	if !r.Basis.IsValid() {
		add("basis", "unknown basis %v", r.Basis)
	}
	if r.Waive {
		if strings.TrimSpace(r.Replaces) == "" {
			add("replaces", "a waiver must name the rule it waives")
		}
		if r.IsNational() {
			add("scope", "a waiver must belong to a local scope")
		}
		if r.Severity != 0 || r.Grades != 0 || r.Condition != (Condition{}) {
			add("waive", "a waiver has no severity, grades or condition")
		}
		return ps
	}
	if !r.Severity.IsValid() {
		add("severity", "missing or unknown severity %v: want hard or soft", r.Severity)
	}
	if r.Grades == 0 {
		add("grades", "no grades: name the grades the rule restricts")
	} else if !r.Grades.IsValid() {
		add("grades", "unknown grade bits %#x", uint16(r.Grades&^AllGrades))
	}
	c := r.Condition
	switch {
	case c.IsEmpty() && !c.AnyCase:
		add("condition", "empty condition: set any_case to restrict every case")
	case !c.IsEmpty() && c.AnyCase:
		add("condition", "any_case together with other predicates")
	}
	if c.RoSH>>5 != 0 {
		add("condition.rosh", "unknown RoSH level bits %#x", uint8(c.RoSH))
	}
	if c.MAPPALevel>>4 != 0 {
		add("condition.mappa_level", "unknown MAPPA level bits %#x", uint8(c.MAPPALevel))
	}
	if c.MAPPACategory>>5 != 0 {
		add("condition.mappa_category", "unknown MAPPA category bits %#x", uint8(c.MAPPACategory))
	}
	if c.Protect>>5 != 0 {
		add("condition.protect", "unknown protect level bits %#x", uint8(c.Protect))
	}
	if c.V3>>10 != 0 {
		add("condition.v3_tier", "unknown v3 tier bits %#x", uint16(c.V3))
	}
	if !c.FlagsAny.IsValid() {
		add("condition.flags_any", "unknown flags %v", c.FlagsAny)
	}
	if !c.FlagsNone.IsValid() {
		add("condition.flags_none", "unknown flags %v", c.FlagsNone)
	}
	if c.FlagsAny&c.FlagsNone != 0 {
		add("condition", "flags %v both required and excluded: the rule can never fire", c.FlagsAny&c.FlagsNone)
	}
	return ps
}
