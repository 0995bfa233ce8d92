package tiering

import "github.com/probationkit/probation/internal/enum"

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

var versionTable = enum.New("tiering", "rules version", "Version", Version1, "1", "2").
	WithAliases(map[string]Version{"v1": Version1, "v2": Version2, "": 0}).WithMessage("want 1 or 2")

// IsValid reports whether v is 0, Version1 or Version2.
func (v Version) IsValid() bool { return v <= Version2 }

// String returns "1" or "2"; the zero Version prints as "2", the version
// it means.
func (v Version) String() string { return versionTable.String(v.resolve()) }

// ParseVersion parses "1" or "2" (a leading "v" is allowed); the empty
// string parses as the zero Version.
func ParseVersion(s string) (Version, error) { return versionTable.Parse(s) }

// MarshalText returns the String form.
func (v Version) MarshalText() ([]byte, error) { return versionTable.Marshal(v.resolve()) }

// UnmarshalText parses text with [ParseVersion].
func (v *Version) UnmarshalText(text []byte) error { return versionTable.Unmarshal(text, v) }
