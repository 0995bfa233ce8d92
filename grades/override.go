package grades

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/enum"
)

// OverrideReason is why an allocation goes ahead although a soft rule
// fired. The reasons are those of the prison POM tool's override form
// (offender-management-allocation-manager app/forms/override_form.rb;
// shared/domain/allocation.md §3.2), which the probation side lacks
// and which the library mirrors. The zero OverrideReason is invalid.
type OverrideReason uint8

// The override reasons.
const (
	// Suitability: the case was assessed as suitable for this grade
	// (MPC "suitability"); free text optional.
	Suitability OverrideReason = iota + 1
	// NoStaff: no practitioner of a grade the rule prefers is available
	// (MPC "no_staff"); free text optional.
	NoStaff
	// Continuity: the practitioner has worked with the person before
	// (MPC "continuity"); free text optional.
	Continuity
	// Other: any other reason, given in free text (required).
	Other
)

// MaxOverrideText is the longest override text, in characters (runes):
// the limit of the MPC override form.
const MaxOverrideText = 175

var overrideTable = enum.New("grades", "override reason", "OverrideReason", Suitability, "suitability", "no_staff", "continuity", "other")

var overrideLabels = [...]string{
	"",
	"assessed as suitable for this grade",
	"no practitioner of the preferred grade available",
	"has worked with the person before",
	"other reason",
}

// IsValid reports whether r is one of the reasons.
func (r OverrideReason) IsValid() bool { return r >= Suitability && r <= Other }

// String returns "suitability", "no_staff", "continuity" or "other".
func (r OverrideReason) String() string { return overrideTable.String(r) }

// Label returns the reason in words, such as "has worked with the person
// before", or "" for an invalid reason.
func (r OverrideReason) Label() string {
	if !r.IsValid() {
		return ""
	}
	return overrideLabels[r]
}

// ParseOverrideReason parses the String form, ignoring case. Its error
// wraps ErrOverrideReason.
func ParseOverrideReason(s string) (OverrideReason, error) {
	r, err := overrideTable.Parse(s)
	if err != nil {
		var e *enum.Error
		errors.As(err, &e)
		return 0, fmt.Errorf("%w %q: %s", ErrOverrideReason, probation.Shorten(s), e.Message())
	}
	return r, nil
}

// MarshalText returns the String form.
func (r OverrideReason) MarshalText() ([]byte, error) { return overrideTable.Marshal(r) }

// UnmarshalText parses text with ParseOverrideReason; empty text is the
// zero OverrideReason (no override).
func (r *OverrideReason) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*r = 0
		return nil
	}
	v, err := ParseOverrideReason(string(text))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Override is an override recorded with a decision: the reason and its
// free text. The zero Override means none.
type Override struct {
	Reason OverrideReason `json:"reason"`
	Text   string         `json:"text,omitempty"`
}

// String returns the reason's label, followed by the text if any.
func (o Override) String() string {
	if o.Text == "" {
		return o.Reason.Label()
	}
	return o.Reason.Label() + ": " + o.Text
}

// Override returns d with the override reason r and its free text
// recorded, replacing any earlier override. The text is trimmed of
// surrounding spaces; it may be empty except for Other.
//
// It returns an error, and d unchanged, when d is Ineligible (ErrHardRule:
// a hard rule cannot be overridden), when d is Eligible with no warning
// (ErrNoOverrideNeeded), when r is not a valid reason (ErrOverrideReason),
// or when the text is longer than MaxOverrideText characters or is empty
// for Other (ErrOverrideText). Test with errors.Is.
func (d Decision) Override(r OverrideReason, text string) (Decision, error) {
	text = strings.TrimSpace(text)
	switch {
	case d.Verdict == Ineligible:
		return d, fmt.Errorf("%w (%s)", ErrHardRule, strings.Join(d.RuleIDs(), ", "))
	case d.Verdict != EligibleWithWarnings:
		return d, ErrNoOverrideNeeded
	case !r.IsValid():
		return d, fmt.Errorf("%w %v", ErrOverrideReason, r)
	case utf8.RuneCountInString(text) > MaxOverrideText:
		return d, fmt.Errorf("%w: %d characters, at most %d", ErrOverrideText, utf8.RuneCountInString(text), MaxOverrideText)
	case r == Other && text == "":
		return d, fmt.Errorf("%w: the reason other needs a text", ErrOverrideText)
	}
	d.Overridden = Override{Reason: r, Text: text}
	return d, nil
}
