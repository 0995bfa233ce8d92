package tiering

import (
	"fmt"
	"strings"
)

// Settings configures [Classify] and [ClassifyAll]. The zero Settings (and
// a nil *Settings) means the current rules, with no as-of date.
type Settings struct {
	// Version selects the v2 rule set. Zero means Version2, the rules in
	// force since 28 May 2021.
	Version Version `json:"version,omitzero"`

	// AsOf is the date the v3 lifer/IPP windows count back from ("today"
	// in hmpps-tier). The classifier never reads the clock, so a caller
	// classifying a v3 case with an INLL registration and a release date
	// must set it; otherwise that case fails validation with a problem on
	// the field "as_of". Other cases do not read it.
	AsOf Date `json:"as_of,omitzero"`
}

// Version is a v2 rule set (hmpps-tier CALCULATION_VERSION). The zero
// Version means Version2, the current rules.
type Version uint8

// The rule sets (tiering.md §0 and §1.2).
const (
	// Version1 is the rule set of February to 28 May 2021 (the parent of
	// hmpps-tier commit 04782100): protect level A from 30 points, with
	// RoSH Very High and MAPPA M2/M3 scoring 30 each. The RSR thresholds
	// are those corrected on 1 March 2021 (7.00 and 3.00, commit
	// 7ba77d55), the same as Version2.
	Version1 Version = 1
	// Version2 is the rule set in force since 28 May 2021 (commits
	// bd66f121, 04782100): protect level A from 150 points, with RoSH Very
	// High and MAPPA M2/M3 scoring 150 each, so that A is reached only
	// through them.
	Version2 Version = 2
)

// resolve returns v with zero replaced by Version2.
func (v Version) resolve() Version {
	if v == 0 {
		return Version2
	}
	return v
}

// IsValid reports whether v is 0, Version1 or Version2.
func (v Version) IsValid() bool { return v <= Version2 }

// String returns "1" or "2"; the zero Version prints as "2", the version
// it means.
func (v Version) String() string {
	if !v.IsValid() {
		return fmt.Sprintf("Version(%d)", uint8(v))
	}
	return string(rune('0' + v.resolve()))
}

// ParseVersion parses "1" or "2" (a leading "v" is allowed); the empty
// string parses as the zero Version.
func ParseVersion(s string) (Version, error) {
	u := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "v")
	switch u {
	case "":
		if strings.TrimSpace(s) == "" {
			return 0, nil
		}
	case "1":
		return Version1, nil
	case "2":
		return Version2, nil
	}
	return 0, fmt.Errorf("tiering: invalid rules version %q: want 1 or 2", s)
}

// MarshalText returns the String form.
func (v Version) MarshalText() ([]byte, error) {
	if !v.IsValid() {
		return nil, fmt.Errorf("tiering: cannot marshal invalid %v", v)
	}
	return []byte(v.String()), nil
}

// UnmarshalText parses text with [ParseVersion].
func (v *Version) UnmarshalText(text []byte) error {
	p, err := ParseVersion(string(text))
	if err != nil {
		return err
	}
	*v = p
	return nil
}
