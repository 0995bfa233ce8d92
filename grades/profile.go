package grades

import (
	"fmt"
	"strings"

	"github.com/probationkit/probation/tiering"
)

// Profile is what eligibility reads of a case: its risk of harm, its tiers
// and the registrations that bear on who may hold it. It is a small
// comparable value; the zero Profile is a case with nothing recorded.
type Profile struct {
	RoSH          tiering.RoSH          `json:"rosh,omitempty"`
	Tier          tiering.Tier          `json:"tier,omitempty"`    // v2 tier, e.g. B2
	V3            tiering.V3Tier        `json:"v3_tier,omitempty"` // v3 tier, e.g. C
	MAPPALevel    tiering.MAPPALevel    `json:"mappa_level,omitempty"`
	MAPPACategory tiering.MAPPACategory `json:"mappa_category,omitempty"`
	Flags         Flags                 `json:"flags,omitempty"`
}

// Flags is a set of case flags that eligibility rules may key on, each
// derived from Delius registrations (see FlagsFromRegistrations) or set by
// the caller. The zero Flags is empty.
type Flags uint16

// The flags.
const (
	// DomesticAbuse: registration ADVP or REG30 (the v3 DOMESTIC_ABUSE step).
	DomesticAbuse Flags = 1 << iota
	// ChildProtection: registration RCPR (v3 CHILD_PROTECTION step).
	ChildProtection
	// ChildConcerns: registrations RCCO (child concerns) or RCHD (risk to children).
	ChildConcerns
	// SexualOffending: the person has been convicted of a sexual offence
	// (ARNS everCommittedSexualOffence, v3 SEXUAL_OFFENCES step).
	SexualOffending
	// Stalking: registration SPO (v3 STALKING step).
	Stalking
	// Terrorism: registration RTAO (terrorism; a v2 complexity factor), or a
	// Terrorism Act conviction.
	Terrorism
	// CriticalPublicProtection: a Critical Public Protection Case (CPPC).
	// No Delius code for it is given in the domain sources, so the caller sets it.
	CriticalPublicProtection
	// StreetGangs: registration STRG.
	StreetGangs
	// Lifer: registration INLL (indeterminate sentence, life or IPP).
	Lifer
	// RestrictedAccess: a limited access offender (LAO) case.
	RestrictedAccess
	numFlagBits = iota
)

var flagNames = [...]string{
	"domestic_abuse", "child_protection", "child_concerns", "sexual_offending", "stalking",
	"terrorism", "critical_public_protection", "street_gangs", "lifer", "restricted_access",
}

// Has reports whether every flag in g is set in f.
func (f Flags) Has(g Flags) bool { return f&g == g }

// IsValid reports whether f holds only known flags.
func (f Flags) IsValid() bool { return f>>numFlagBits == 0 }

// String returns the flag names joined by "|", or "" when f is empty.
func (f Flags) String() string {
	var parts []string
	for i, n := range flagNames {
		if f&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if rest := f >> numFlagBits; rest != 0 {
		parts = append(parts, fmt.Sprintf("Flags(%#x)", uint16(rest)<<numFlagBits))
	}
	return strings.Join(parts, "|")
}

// ParseFlags parses flag names joined by "|" or ",", ignoring case and
// spaces; an empty string is no flags.
func ParseFlags(s string) (Flags, error) {
	var f Flags
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == ',' }) {
		p := strings.TrimSpace(part)
		if p == "" {
			continue
		}
		found := false
		for i, n := range flagNames {
			if strings.EqualFold(n, p) {
				f |= 1 << i
				found = true
				break
			}
		}
		if !found {
			return 0, fmt.Errorf("grades: unknown flag %q: want one of %s", p, strings.Join(flagNames[:], ", "))
		}
	}
	return f, nil
}

// MarshalText returns the String form.
func (f Flags) MarshalText() ([]byte, error) {
	if !f.IsValid() {
		return nil, fmt.Errorf("grades: cannot marshal unknown flags %v", f)
	}
	return []byte(f.String()), nil
}

// UnmarshalText parses text with ParseFlags.
func (f *Flags) UnmarshalText(text []byte) error {
	v, err := ParseFlags(string(text))
	if err != nil {
		return err
	}
	*f = v
	return nil
}
