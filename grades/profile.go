package grades

import (
	"fmt"
	"strings"

	"github.com/probationkit/probation/internal/enum"
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

// flagBit is the position of a flag in Flags; flagTable names the bits.
type flagBit uint8

var flagTable = enum.New[flagBit]("grades", "flag", "flag", 0,
	"domestic_abuse", "child_protection", "child_concerns", "sexual_offending", "stalking",
	"terrorism", "critical_public_protection", "street_gangs", "lifer", "restricted_access",
)

// Has reports whether every flag in g is set in f.
func (f Flags) Has(g Flags) bool { return f&g == g }

// IsValid reports whether f holds only known flags.
func (f Flags) IsValid() bool { return f>>numFlagBits == 0 }

// String returns the flag names joined by "|", or "" when f is empty.
func (f Flags) String() string {
	var parts []string
	for _, b := range flagTable.Values() {
		if f&(1<<b) != 0 {
			parts = append(parts, flagTable.String(b))
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
		b, err := flagTable.Parse(p)
		if err != nil {
			return 0, err
		}
		f |= 1 << b
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

// IsValid reports whether every field of c holds a known value. The zero
// Profile is valid. Policy.Eligible gives no grade, and Policy.Decide an
// Ineligible decision, for an invalid Profile.
func (c Profile) IsValid() bool {
	return c.RoSH.IsValid() && (c.Tier == tiering.Untiered || c.Tier.IsValid()) &&
		(c.V3 == 0 || c.V3.IsValid()) && c.MAPPALevel.IsValid() &&
		c.MAPPACategory.IsValid() && c.Flags.IsValid()
}

// String returns the profile in a compact readable form, such as
// "RoSH HIGH, tier B2, v3 C, MAPPA M2/M1, flags domestic_abuse"; fields
// with nothing recorded are left out, and the zero Profile is "no risk
// information".
func (c Profile) String() string {
	var parts []string
	if c.RoSH != tiering.RoSHNone {
		parts = append(parts, "RoSH "+c.RoSH.String())
	}
	if c.Tier != tiering.Untiered {
		parts = append(parts, "tier "+c.Tier.String())
	}
	if c.V3 != 0 {
		parts = append(parts, "v3 "+c.V3.String())
	}
	if c.MAPPALevel != tiering.MAPPANone || c.MAPPACategory != tiering.MAPPACategoryNone {
		parts = append(parts, "MAPPA level "+c.MAPPALevel.String()+" category "+c.MAPPACategory.String())
	}
	if c.Flags != 0 {
		parts = append(parts, "flags "+c.Flags.String())
	}
	if len(parts) == 0 {
		return "no risk information"
	}
	return strings.Join(parts, ", ")
}

// registrationFlags maps the Delius registration codes named in the
// domain sources to flags (hmpps-tier, shared/domain/tiering.md
// §1 complexity factors and §2.1 v3 steps). SexualOffending (an ARNS
// answer), CriticalPublicProtection and RestrictedAccess (LAO) have no
// registration code in the sources; the caller sets them.
var registrationFlags = map[string]Flags{
	"ADVP":  DomesticAbuse,
	"REG30": DomesticAbuse,
	"RCPR":  ChildProtection,
	"RCCO":  ChildConcerns,
	"RCHD":  ChildConcerns,
	"SPO":   Stalking,
	"RTAO":  Terrorism,
	"STRG":  StreetGangs,
	"INLL":  Lifer,
}

// RegistrationFlag returns the flag that a Delius registration code sets
// (ADVP and REG30 → DomesticAbuse, RCPR → ChildProtection, RCCO and RCHD
// → ChildConcerns, SPO → Stalking, RTAO → Terrorism, STRG → StreetGangs,
// INLL → Lifer), ignoring case, and false for any other code.
func RegistrationFlag(code string) (Flags, bool) {
	f, ok := registrationFlags[strings.ToUpper(strings.TrimSpace(code))]
	return f, ok
}

// FlagsFromRegistrations returns the flags that a case's active Delius
// registration codes set (see RegistrationFlag). Codes that set no flag
// are ignored, because a case carries many registrations (RoSH, MAPPA,
// mental health …) that bear on no eligibility flag; RoSH and MAPPA go
// into Profile's own fields.
func FlagsFromRegistrations(codes ...string) Flags {
	var f Flags
	for _, c := range codes {
		if g, ok := RegistrationFlag(c); ok {
			f |= g
		}
	}
	return f
}

// parseFlag parses one flag name or Delius registration code, as policy
// conditions accept them.
func parseFlag(s string) (Flags, bool) {
	if f, ok := RegistrationFlag(s); ok {
		return f, true
	}
	b, err := flagTable.Parse(s)
	return 1 << b, err == nil
}

// names returns the names of the flags in f, in bit order.
func (f Flags) names() []string {
	var out []string
	for _, b := range flagTable.Values() {
		if f&(1<<b) != 0 {
			out = append(out, flagTable.String(b))
		}
	}
	return out
}
