package grades

import (
	"strings"

	"github.com/probationkit/probation/tiering"
)

// Condition is the case side of a Rule: a conjunction of predicates over
// a Profile. Each set-valued field, when not empty, requires the case's
// value to be in the set; FlagsAny, when not empty, requires at least one
// of its flags; FlagsNone requires none of its flags. Empty fields test
// nothing. So
//
//	Condition{RoSH: AtLeast(tiering.RoSHHigh), FlagsNone: Terrorism}
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

	RoSH          ValueSet[tiering.RoSH]          // the case's RoSH level is in the set (RoSHNone = not recorded)
	MAPPALevel    ValueSet[tiering.MAPPALevel]    // the MAPPA level is in the set (MAPPANone = no MAPPA)
	MAPPACategory ValueSet[tiering.MAPPACategory] // the MAPPA category is in the set
	Protect       ValueSet[tiering.Protect]       // the protect letter of the v2 tier is in the set (0 = untiered)
	V3            ValueSet[tiering.V3Tier]        // the v3 tier is in the set (0 = not calculated)
	FlagsAny      Flags                           // at least one of these flags is set
	FlagsNone     Flags                           // none of these flags is set
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
