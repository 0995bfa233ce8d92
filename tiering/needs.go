package tiering

import (
	"strconv"

	"github.com/probationkit/probation/internal/enum"
)

// This file holds the OASys criminogenic needs that feed the v2 change
// level: the Need and Severity values, and the weights and thresholds of
// hmpps-tier M/domain/enums/Need.kt and M/client/arns/NeedSection.kt
// (tiering.md §1.3).

// Need is an OASys criminogenic need section. Its String form is the
// hmpps-tier enum name; [Need.Section] gives the OASys section number. The
// zero Need is invalid.
type Need uint8

// The needs, in OASys section order (3 to 12).
const (
	NeedAccommodation       Need = iota + 1 // OASys 3, weight 1
	NeedEducationTraining                   // OASys 4, education, training and employability, weight 1
	NeedFinancialManagement                 // OASys 5, weight 0 (hmpps-tier does not request it)
	NeedRelationships                       // OASys 6, weight 1
	NeedLifestyle                           // OASys 7, lifestyle and associates, weight 1
	NeedDrugMisuse                          // OASys 8, weight 1
	NeedAlcoholMisuse                       // OASys 9, weight 1
	NeedEmotionalWellbeing                  // OASys 10, weight 0 (hmpps-tier does not request it)
	NeedThinkingBehaviour                   // OASys 11, thinking and behaviour, weight 2
	NeedAttitudes                           // OASys 12, weight 2
)

// NumNeeds is one more than the largest Need, so that a table indexed by
// Need has NumNeeds entries.
const NumNeeds = 11

// needTable names the needs; the OASys section numbers "3" … "12" parse
// as aliases.
var needTable = func() enum.Table[Need] {
	sections := make(map[string]Need, NumNeeds-1)
	for n := NeedAccommodation; n <= NeedAttitudes; n++ {
		sections[strconv.Itoa(int(n)+2)] = n // n.Section(), which needs the table
	}
	return enum.New("tiering", "need", "Need", NeedAccommodation,
		"ACCOMMODATION",
		"EDUCATION_TRAINING_AND_EMPLOYABILITY",
		"FINANCIAL_MANAGEMENT_AND_INCOME",
		"RELATIONSHIPS",
		"LIFESTYLE_AND_ASSOCIATES",
		"DRUG_MISUSE",
		"ALCOHOL_MISUSE",
		"EMOTIONAL_WELL_BEING",
		"THINKING_AND_BEHAVIOUR",
		"ATTITUDES",
	).WithAliases(sections).WithMessage("want a need such as ACCOMMODATION or an OASys section 3-12")
}()

// needRule is one row of the table in tiering.md §1.3: the weight, the
// section scores at which the need becomes standard and severe, and the
// thresholds that replace them when the assessment has the SAN indicator
// (0 = no SAN override).
type needRule struct {
	weight              int
	standard, severe    int
	sanStandard, sanSev int
}

// needRules is indexed by Need (hmpps-tier Need.kt, NeedSection.kt;
// SAN thresholds from commit 6d699c73, 2025-05-20). Financial management
// and emotional well-being weigh 0 and are never scored.
var needRules = [NumNeeds]needRule{
	NeedAccommodation:       {1, 2, 7, 3, 5},
	NeedEducationTraining:   {1, 3, 7, 0, 0},
	NeedFinancialManagement: {},
	NeedRelationships:       {1, 2, 5, 0, 0},
	NeedLifestyle:           {1, 2, 5, 0, 0},
	NeedDrugMisuse:          {1, 2, 8, 2, 6},
	NeedAlcoholMisuse:       {1, 4, 7, 2, 4},
	NeedEmotionalWellbeing:  {},
	NeedThinkingBehaviour:   {2, 4, 7, 3, 5},
	NeedAttitudes:           {2, 2, 7, 1, 5},
}

// IsValid reports whether n is one of NeedAccommodation … NeedAttitudes.
func (n Need) IsValid() bool { return n >= NeedAccommodation && n <= NeedAttitudes }

// Section returns the OASys section number of n (3–12), or 0 if n is
// invalid.
func (n Need) Section() int {
	if !n.IsValid() {
		return 0
	}
	return int(n) + 2
}

// Weight returns the change-level weight of n: 2 for thinking and
// behaviour and for attitudes, 0 for financial management and emotional
// well-being, 1 for the others (and 0 for an invalid Need).
func (n Need) Weight() int {
	if !n.IsValid() {
		return 0
	}
	return needRules[n].weight
}

// Severity returns the severity of a section score for n: severe from the
// section's severe threshold, standard from its standard threshold, no
// need below. With san set, the SAN thresholds are used for the five
// sections that have them (accommodation, drugs, alcohol, thinking and
// behaviour, attitudes). Needs of weight 0 are always SeverityNoNeed.
func (n Need) Severity(score int, san bool) Severity {
	if !n.IsValid() || needRules[n].weight == 0 {
		return SeverityNoNeed
	}
	r := needRules[n]
	std, sev := r.standard, r.severe
	if san && r.sanStandard > 0 {
		std, sev = r.sanStandard, r.sanSev
	}
	switch {
	case score >= sev:
		return SeveritySevere
	case score >= std:
		return SeverityStandard
	}
	return SeverityNoNeed
}

// String returns the hmpps-tier name, such as "ACCOMMODATION".
func (n Need) String() string { return needTable.String(n) }

// ParseNeed parses a need name (ignoring case) or an OASys section number
// "3" … "12".
func ParseNeed(s string) (Need, error) { return needTable.Parse(s) }

// MarshalText returns the String form.
func (n Need) MarshalText() ([]byte, error) { return needTable.Marshal(n) }

// UnmarshalText parses text with [ParseNeed].
func (n *Need) UnmarshalText(text []byte) error { return needTable.Unmarshal(text, n) }

// Severity is how serious an OASys need is (hmpps-tier NeedSeverity). The
// zero value, SeverityUnset, means "not given": the section score decides.
type Severity uint8

// The severities. Each scores its value minus one in the change level:
// no need 0, standard 1, severe 2.
const (
	SeverityUnset Severity = iota
	SeverityNoNeed
	SeverityStandard
	SeveritySevere
)

var severityTable = enum.New("tiering", "need severity", "Severity", SeverityNoNeed, "NO_NEED", "STANDARD", "SEVERE").
	WithAliases(map[string]Severity{"NO NEED": SeverityNoNeed, "NONE": SeverityNoNeed}).WithZero("UNSET").
	WithMessage("want NO_NEED, STANDARD or SEVERE")

// IsValid reports whether s is SeverityUnset … SeveritySevere.
func (s Severity) IsValid() bool { return s <= SeveritySevere }

// Score returns the severity score: 0 for no need (or unset), 1 for
// standard, 2 for severe.
func (s Severity) Score() int {
	if s == SeverityUnset || !s.IsValid() {
		return 0
	}
	return int(s) - 1
}

// String returns "NO_NEED", "STANDARD" or "SEVERE", or "UNSET" for the
// zero value.
func (s Severity) String() string { return severityTable.String(s) }

// ParseSeverity parses "NO_NEED", "STANDARD" or "SEVERE" (ignoring case;
// "NO NEED" and "NONE" are accepted for NO_NEED). "UNSET" and the empty
// string parse as SeverityUnset.
func ParseSeverity(s string) (Severity, error) { return severityTable.Parse(s) }

// MarshalText returns the String form, or empty text for SeverityUnset.
func (s Severity) MarshalText() ([]byte, error) { return severityTable.Marshal(s) }

// UnmarshalText parses text with [ParseSeverity].
func (s *Severity) UnmarshalText(text []byte) error { return severityTable.Unmarshal(text, s) }
