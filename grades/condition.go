package grades

import (
	"fmt"
	"strings"

	"github.com/probationkit/probation/tiering"
)

// Condition is the case side of a Rule: a conjunction of predicates over
// a Profile. Each set-valued field, when not empty, requires the case's
// value to be in the set; FlagsAny, when not empty, requires at least one
// of its flags; FlagsNone requires none of its flags. Empty fields test
// nothing. So
//
//	Condition{RoSH: RoSHAtLeast(tiering.RoSHHigh), FlagsNone: Terrorism}
//
// holds for a case with high or very high RoSH and no terrorism flag.
// Disjunctions are written as separate rules, which also makes each
// decision's reason name the one fact that fired.
//
// A Condition with no predicate holds for every case. Because an empty
// condition is more often a mistake than a choice, NewPolicy rejects it
// unless AnyCase is set, and rejects AnyCase together with a predicate.
// Condition is a small comparable value.
type Condition struct {
	// AnyCase marks a deliberately empty condition that holds for every
	// case (for example "SPOs hold no cases").
	AnyCase bool

	RoSH          RoSHSet          // the case's RoSH level is in the set (RoSHNone = not recorded)
	MAPPALevel    MAPPALevelSet    // the MAPPA level is in the set (MAPPANone = no MAPPA)
	MAPPACategory MAPPACategorySet // the MAPPA category is in the set
	Protect       ProtectSet       // the protect letter of the v2 tier is in the set (0 = untiered)
	V3            V3Set            // the v3 tier is in the set (0 = not calculated)
	FlagsAny      Flags            // at least one of these flags is set
	FlagsNone     Flags            // none of these flags is set
}

// IsEmpty reports whether c has no predicate (AnyCase is not a predicate).
func (c Condition) IsEmpty() bool {
	return c.RoSH == 0 && c.MAPPALevel == 0 && c.MAPPACategory == 0 && c.Protect == 0 &&
		c.V3 == 0 && c.FlagsAny == 0 && c.FlagsNone == 0
}

// Matches reports whether the case profile p satisfies every predicate of
// c. An empty c matches every profile. It does not allocate.
func (c Condition) Matches(p Profile) bool {
	return (c.RoSH == 0 || c.RoSH.Has(p.RoSH)) &&
		(c.MAPPALevel == 0 || c.MAPPALevel.Has(p.MAPPALevel)) &&
		(c.MAPPACategory == 0 || c.MAPPACategory.Has(p.MAPPACategory)) &&
		(c.Protect == 0 || c.Protect.Has(p.Tier.Protect())) &&
		(c.V3 == 0 || c.V3.Has(p.V3)) &&
		(c.FlagsAny == 0 || p.Flags&c.FlagsAny != 0) &&
		p.Flags&c.FlagsNone == 0
}

// String describes c in words, such as "RoSH is HIGH or VERY_HIGH and
// MAPPA level is M2 or M3", or "any case".
func (c Condition) String() string {
	var parts []string
	add := func(what string, names []string) {
		if len(names) > 0 {
			parts = append(parts, what+" is "+strings.Join(names, " or "))
		}
	}
	add("RoSH", c.RoSH.names())
	add("MAPPA level", c.MAPPALevel.names())
	add("MAPPA category", c.MAPPACategory.names())
	add("v2 protect level", c.Protect.names())
	add("v3 tier", c.V3.names())
	if c.FlagsAny != 0 {
		parts = append(parts, "flagged "+strings.ReplaceAll(c.FlagsAny.String(), "|", " or "))
	}
	if c.FlagsNone != 0 {
		parts = append(parts, "not flagged "+strings.ReplaceAll(c.FlagsNone.String(), "|", " or "))
	}
	if len(parts) == 0 {
		return "any case"
	}
	return strings.Join(parts, " and ")
}

// The set types below hold one bit per value of a tiering type, the zero
// value included; the zero set is empty. Each has Has, String (names
// joined by "|", "{}" when empty) and a names form used by the codec.

// RoSHSet is a set of RoSH levels, RoSHNone included.
type RoSHSet uint8

// RoSHSetOf returns the set of the given levels; invalid levels are left out.
func RoSHSetOf(ls ...tiering.RoSH) RoSHSet {
	var s RoSHSet
	for _, l := range ls {
		if l.IsValid() {
			s |= 1 << l
		}
	}
	return s
}

// RoSHAtLeast returns l and every level above it. RoSHNone ranks lowest,
// so RoSHAtLeast(tiering.RoSHLow) leaves out cases with no RoSH recorded.
func RoSHAtLeast(l tiering.RoSH) RoSHSet {
	var s RoSHSet
	for v := l; v <= tiering.RoSHVeryHigh; v++ {
		s |= 1 << v
	}
	return s
}

// Has reports whether l is in s.
func (s RoSHSet) Has(l tiering.RoSH) bool { return l < 8 && s&(1<<l) != 0 }

// String returns the names in s joined by "|", or "{}" when empty.
func (s RoSHSet) String() string { return joinNames(s.names()) }

var roshSetNames = [...]string{"NONE", "LOW", "MEDIUM", "HIGH", "VERY_HIGH"}

func (s RoSHSet) names() []string { return maskNames(uint64(s), roshSetNames[:]) }

func parseRoSHName(n string) (uint, bool) {
	l, err := tiering.ParseRoSH(n)
	return uint(l), err == nil && strings.TrimSpace(n) != ""
}

// MAPPALevelSet is a set of MAPPA levels, MAPPANone included.
type MAPPALevelSet uint8

// MAPPALevelSetOf returns the set of the given levels; invalid levels are left out.
func MAPPALevelSetOf(ls ...tiering.MAPPALevel) MAPPALevelSet {
	var s MAPPALevelSet
	for _, l := range ls {
		if l.IsValid() {
			s |= 1 << l
		}
	}
	return s
}

// MAPPALevelAtLeast returns l and every level above it (MAPPANone ranks lowest).
func MAPPALevelAtLeast(l tiering.MAPPALevel) MAPPALevelSet {
	var s MAPPALevelSet
	for v := l; v <= tiering.MAPPA3; v++ {
		s |= 1 << v
	}
	return s
}

// Has reports whether l is in s.
func (s MAPPALevelSet) Has(l tiering.MAPPALevel) bool { return l < 8 && s&(1<<l) != 0 }

// String returns the names in s joined by "|", or "{}" when empty.
func (s MAPPALevelSet) String() string { return joinNames(s.names()) }

var mappaLevelNames = [...]string{"NONE", "M1", "M2", "M3"}

func (s MAPPALevelSet) names() []string { return maskNames(uint64(s), mappaLevelNames[:]) }

func parseMAPPALevelName(n string) (uint, bool) {
	l, err := tiering.ParseMAPPALevel(n)
	return uint(l), err == nil && strings.TrimSpace(n) != ""
}

// MAPPACategorySet is a set of MAPPA categories, MAPPACategoryNone included.
type MAPPACategorySet uint8

// MAPPACategorySetOf returns the set of the given categories; invalid ones are left out.
func MAPPACategorySetOf(cs ...tiering.MAPPACategory) MAPPACategorySet {
	var s MAPPACategorySet
	for _, c := range cs {
		if c.IsValid() {
			s |= 1 << c
		}
	}
	return s
}

// Has reports whether c is in s.
func (s MAPPACategorySet) Has(c tiering.MAPPACategory) bool { return c < 8 && s&(1<<c) != 0 }

// String returns the names in s joined by "|", or "{}" when empty.
func (s MAPPACategorySet) String() string { return joinNames(s.names()) }

var mappaCategoryNames = [...]string{"NONE", "M1", "M2", "M3", "M4"}

func (s MAPPACategorySet) names() []string { return maskNames(uint64(s), mappaCategoryNames[:]) }

func parseMAPPACategoryName(n string) (uint, bool) {
	c, err := tiering.ParseMAPPACategory(n)
	return uint(c), err == nil && strings.TrimSpace(n) != ""
}

// ProtectSet is a set of v2 protect letters (A–D), with the zero Protect
// standing for an untiered case.
type ProtectSet uint8

// ProtectSetOf returns the set of the given letters; pass the zero
// Protect for untiered cases. Values above ProtectD are left out.
func ProtectSetOf(ps ...tiering.Protect) ProtectSet {
	var s ProtectSet
	for _, p := range ps {
		if p <= tiering.ProtectD {
			s |= 1 << p
		}
	}
	return s
}

// ProtectAtLeast returns p and every more serious letter: ProtectAtLeast(B)
// is {A, B}. Untiered cases are left out.
func ProtectAtLeast(p tiering.Protect) ProtectSet {
	var s ProtectSet
	for v := tiering.ProtectA; v <= p && v <= tiering.ProtectD; v++ {
		s |= 1 << v
	}
	return s
}

// Has reports whether p is in s.
func (s ProtectSet) Has(p tiering.Protect) bool { return p < 8 && s&(1<<p) != 0 }

// String returns the names in s joined by "|", or "{}" when empty.
func (s ProtectSet) String() string { return joinNames(s.names()) }

var protectNames = [...]string{"UNTIERED", "A", "B", "C", "D"}

func (s ProtectSet) names() []string { return maskNames(uint64(s), protectNames[:]) }

func parseProtectName(n string) (uint, bool) {
	if i := indexFold(protectNames[:], n); i >= 0 {
		return uint(i), true
	}
	return 0, false
}

// V3Set is a set of v3 tiers: the letters A–G, NOT_SUPERVISED, MISSING,
// and the zero V3Tier (not calculated, written NOT_CALCULATED).
type V3Set uint16

// V3SetOf returns the set of the given v3 tiers; invalid values other
// than zero are left out.
func V3SetOf(ts ...tiering.V3Tier) V3Set {
	var s V3Set
	for _, t := range ts {
		if t == 0 || t.IsValid() {
			s |= 1 << t
		}
	}
	return s
}

// V3AtLeast returns the letter t and every more serious letter:
// V3AtLeast(tiering.V3B) is {A, B}. The states NOT_SUPERVISED, MISSING
// and not calculated are left out; add them with V3SetOf if a rule should
// treat them cautiously.
func V3AtLeast(t tiering.V3Tier) V3Set {
	var s V3Set
	for v := tiering.V3A; v <= t && v <= tiering.V3G; v++ {
		s |= 1 << v
	}
	return s
}

// Has reports whether t is in s.
func (s V3Set) Has(t tiering.V3Tier) bool { return t < 16 && s&(1<<t) != 0 }

// String returns the names in s joined by "|", or "{}" when empty.
func (s V3Set) String() string { return joinNames(s.names()) }

var v3SetNames = [...]string{"NOT_CALCULATED", "A", "B", "C", "D", "E", "F", "G", "NOT_SUPERVISED", "MISSING"}

func (s V3Set) names() []string { return maskNames(uint64(s), v3SetNames[:]) }

func parseV3Name(n string) (uint, bool) {
	if i := indexFold(v3SetNames[:], n); i >= 0 {
		return uint(i), true
	}
	return 0, false
}

// maskNames returns the names of the bits set in mask, in bit order; bits
// without a name are written as "?n".
func maskNames(mask uint64, names []string) []string {
	var out []string
	for i := 0; mask>>i != 0; i++ {
		if mask&(1<<i) == 0 {
			continue
		}
		if i < len(names) {
			out = append(out, names[i])
		} else {
			out = append(out, fmt.Sprintf("?%d", i))
		}
	}
	return out
}

func joinNames(names []string) string {
	if len(names) == 0 {
		return "{}"
	}
	return strings.Join(names, "|")
}

func indexFold(names []string, s string) int {
	s = strings.TrimSpace(s)
	for i, n := range names {
		if strings.EqualFold(n, s) {
			return i
		}
	}
	return -1
}
