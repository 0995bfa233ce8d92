package tiering

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/probationkit/probation/internal/enum"
)

// Rule names one rule of the tiering frameworks, as a line of an
// explanation cites it. Its String form is a stable machine name
// ("RSR", "MAPPA_ROSH"); [Rule.Title] is for people and [Rule.Source]
// cites where the rule comes from. The zero Rule is invalid.
type Rule uint8

// The rules, v2 protect, v2 change, then v3, in the order an explanation
// lists them.
const (
	RuleRSR               Rule = iota + 1 // v2: RSR points
	RuleRoSH                              // v2: RoSH points
	RuleRSRRoSH                           // v2: only the higher of RSR and RoSH counts
	RuleMAPPA                             // v2: MAPPA level points
	RuleComplexity                        // v2: 2 points per distinct complexity factor
	RuleParenting                         // v2, women: OASys 6.9 parental responsibilities
	RuleSelfControl                       // v2, women: OASys 11.2 impulsivity or 11.4 temper control
	RuleBreachRecall                      // v2, women: previous enforcement activity
	RuleProtect                           // v2: the protect level from the total
	RuleMandate                           // v2: mandate for change
	RuleNoAssessment                      // v2: no valid assessment gives change level 2
	RuleNeed                              // v2: one criminogenic need
	RuleOGRS                              // v2: ⌊OGRS ÷ 10⌋ change points
	RuleIOM                               // v2: IOM nominal
	RuleChange                            // v2: the change level from the total
	RuleUnsupervised                      // v2: the S suffix
	RuleNotSupervised                     // v3: no active event
	RuleMissing                           // v3: no ARP or no CSRP
	RuleReoffending                       // v3 step: ARP × CSRP table
	RuleSexualReoffending                 // v3 step: DC-SRP
	RuleMAPPARoSH                         // v3 step: MAPPA category × RoSH
	RuleLiferIPP                          // v3 step: lifer/IPP release windows
	RuleDomesticAbuse                     // v3 step: ADVP or REG30
	RuleStalking                          // v3 step: SPO
	RuleChildProtection                   // v3 step: RCPR
	RuleSexualOffences                    // v3 step: convicted of a sexual offence
	RuleV3Tier                            // v3: the most serious step result
	RuleProvisionalStatic                 // v3: provisional because of static predictors
	RuleProvisionalRoSH                   // v3: provisional because RoSH is missing
	numRules
)

type ruleInfo struct{ name, title, source string }

const (
	srcProtect = "hmpps-tier M/service/calculation/ProtectLevelCalculator.kt"
	srcChange  = "hmpps-tier M/service/calculation/ChangeLevelCalculator.kt"
	srcWomen   = "hmpps-tier M/service/calculation/AdditionalFactorsForWomen.kt"
	srcV3      = "hmpps-tier M/service/calculation/TierCalculator.kt"
	srcProv    = "hmpps-tier M/service/calculation/ProvisionalStatusCalculator.kt"
)

var rules = [numRules]ruleInfo{
	RuleRSR:               {"RSR", "RSR", srcProtect + "; F/calculateRSRScore.6.2.feature"},
	RuleRoSH:              {"ROSH", "RoSH", srcProtect + "; F/calculateROSHScore.6.4.feature"},
	RuleRSRRoSH:           {"RSR_ROSH", "Only the higher of RSR and RoSH counts", srcProtect + "; F/ROSHandRSRRule.6.5.feature"},
	RuleMAPPA:             {"MAPPA", "MAPPA level", srcProtect + "; F/MAPPA.6.7.feature"},
	RuleComplexity:        {"COMPLEXITY", "Complexity factors", "hmpps-tier M/domain/enums/ComplexityFactor.kt; F/additionalFactorsMaleAndFemale.6.9.feature"},
	RuleParenting:         {"PARENTING", "Women: parental responsibilities (OASys 6.9)", srcWomen + "; F/additionalFactorsFemaleComplexity.6.11.2.feature"},
	RuleSelfControl:       {"SELF_CONTROL", "Women: impulsivity (OASys 11.2) or temper control (11.4)", srcWomen + "; F/additionalFactorsFemaleComplexity.6.11.2.feature"},
	RuleBreachRecall:      {"BREACH_RECALL", "Women: breach or recall in the last year", srcWomen + "; F/additionalFactorsFemaleBreachRecall.6.11.1.feature"},
	RuleProtect:           {"PROTECT", "Protect level", srcProtect + "; F/assessAndProtectAxis.7.1.feature"},
	RuleMandate:           {"MANDATE_FOR_CHANGE", "Mandate for change", "hmpps-tier M/service/calculation/MandateForChange.kt; F/mandateForChange.9.5.feature"},
	RuleNoAssessment:      {"NO_VALID_ASSESSMENT", "Assessment", srcChange + "; F/mandateForChange.9.5.feature"},
	RuleNeed:              {"NEED", "Criminogenic need", "hmpps-tier M/domain/enums/Need.kt, M/client/arns/NeedSection.kt; F/criminogenicNeeds.8.4.feature"},
	RuleOGRS:              {"OGRS", "OGRS", srcChange + "; F/OGRS.8.2.feature"},
	RuleIOM:               {"IOM", "IOM nominal", srcChange + "; F/IOM.8.6.feature"},
	RuleChange:            {"CHANGE", "Change level", srcChange + "; F/changeTierThresholds.10.1.feature"},
	RuleUnsupervised:      {"UNSUPERVISED", "Unsupervised", "hmpps-tier M/service/TierV2Reader.kt, M/model/TierDto.kt; commit d278a9bd"},
	RuleNotSupervised:     {"NOT_SUPERVISED", "Active event", srcV3},
	RuleMissing:           {"MISSING", "OGRS4 predictors", srcV3},
	RuleReoffending:       {"REOFFENDING", "Reoffending (ARP × CSRP)", srcV3 + ", ReoffendingPredictorTable.kt"},
	RuleSexualReoffending: {"SEXUAL_REOFFENDING", "Sexual reoffending (DC-SRP)", srcV3},
	RuleMAPPARoSH:         {"MAPPA_ROSH", "MAPPA and RoSH", srcV3},
	RuleLiferIPP:          {"LIFER_IPP", "Lifer or IPP release", srcV3},
	RuleDomesticAbuse:     {"DOMESTIC_ABUSE", "Domestic abuse", srcV3},
	RuleStalking:          {"STALKING", "Stalking", srcV3},
	RuleChildProtection:   {"CHILD_PROTECTION", "Child protection", srcV3},
	RuleSexualOffences:    {"SEXUAL_OFFENCES", "Convicted of a sexual offence", srcV3},
	RuleV3Tier:            {"V3_TIER", "V3 tier (most serious step)", srcV3},
	RuleProvisionalStatic: {"PROVISIONAL_STATIC", "Provisional: static predictors", srcProv},
	RuleProvisionalRoSH:   {"PROVISIONAL_ROSH", "Provisional: RoSH missing", srcProv},
}

var ruleTable = func() enum.Table[Rule] {
	names := make([]string, numRules-1)
	for r := RuleRSR; r < numRules; r++ {
		names[r-1] = rules[r].name
	}
	return enum.New("tiering", "rule", "Rule", RuleRSR, names...).WithMessage("want a rule name such as RSR or REOFFENDING")
}()

// IsValid reports whether r is one of the Rule constants.
func (r Rule) IsValid() bool { return r >= RuleRSR && r < numRules }

// IsV2 reports whether r is a rule of the v2 (protect × change) framework.
func (r Rule) IsV2() bool { return r >= RuleRSR && r <= RuleUnsupervised }

// String returns the machine name of r, such as "REOFFENDING".
func (r Rule) String() string { return ruleTable.String(r) }

// Title returns a short description of r for people.
func (r Rule) Title() string {
	if !r.IsValid() {
		return r.String()
	}
	return rules[r].title
}

// Source cites the code and feature file the rule comes from, with the
// path prefixes of tiering.md ("M/" = the hmpps-tier main Kotlin package,
// "F/" = its BDD feature files).
func (r Rule) Source() string {
	if !r.IsValid() {
		return ""
	}
	return rules[r].source
}

// ParseRule parses the String form of a rule, ignoring case.
func ParseRule(s string) (Rule, error) { return ruleTable.Parse(s) }

// MarshalText returns the String form.
func (r Rule) MarshalText() ([]byte, error) { return ruleTable.Marshal(r) }

// UnmarshalText parses text with [ParseRule].
func (r *Rule) UnmarshalText(text []byte) error { return ruleTable.Unmarshal(text, r) }

// Factor is one line of an explanation: a rule, the input it read and
// what it gave. It is plain data, built by [Result.Explanation].
type Factor struct {
	// Rule is the rule evaluated.
	Rule Rule
	// Value describes the input the rule read, such as "7.1%" or
	// "HIGH (registration RHRH 2024-03-01)".
	Value string
	// Points are the v2 points this factor contributed (negative for
	// RuleRSRRoSH, which removes the lower of RSR and RoSH). For
	// RuleProtect and RuleChange they are the axis total. Zero for v3
	// rules.
	Points int
	// Step is the tier a v3 step gave, zero when it gave nothing; for
	// RuleV3Tier, RuleNotSupervised and RuleMissing it is the v3 result.
	// Zero for v2 rules.
	Step V3Tier
	// Outcome says what the factor gave, such as "+20 points",
	// "protect B", "C" or "provisional".
	Outcome string
}

// String formats the factor for people:
//
//	RSR: 7.1% → +20 points [hmpps-tier …/ProtectLevelCalculator.kt; F/calculateRSRScore.6.2.feature]
func (f Factor) String() string {
	return f.Rule.Title() + ": " + f.Value + " → " + f.Outcome + " [" + f.Rule.Source() + "]"
}

// factorJSON is the JSON form of a Factor.
type factorJSON struct {
	Rule    Rule   `json:"rule"`
	Title   string `json:"title"`
	Value   string `json:"value"`
	Points  *int   `json:"points,omitempty"`
	Step    V3Tier `json:"step,omitzero"`
	Outcome string `json:"outcome"`
	Source  string `json:"source"`
}

// MarshalJSON encodes the factor as {"rule", "title", "value", "points"
// (v2 rules only), "step" (v3 rules that gave a tier), "outcome",
// "source"}.
func (f Factor) MarshalJSON() ([]byte, error) {
	j := factorJSON{Rule: f.Rule, Title: f.Rule.Title(), Value: f.Value, Step: f.Step, Outcome: f.Outcome, Source: f.Rule.Source()}
	if f.Rule.IsV2() {
		j.Points = &f.Points
	}
	return json.Marshal(j)
}

// explainer collects the factors of an explanation.
type explainer struct {
	factors []Factor
}

// points adds a factor that scored v2 points.
func (e *explainer) points(r Rule, value string, pts int) {
	out := fmt.Sprintf("%+d points", pts)
	if pts == 1 || pts == -1 {
		out = fmt.Sprintf("%+d point", pts)
	}
	e.factors = append(e.factors, Factor{Rule: r, Value: value, Points: pts, Outcome: out})
}

// result adds a factor that decided something.
func (e *explainer) result(r Rule, value string, pts int, outcome string) {
	e.factors = append(e.factors, Factor{Rule: r, Value: value, Points: pts, Outcome: outcome})
}

// step adds a v3 step.
func (e *explainer) step(r Rule, value string, t V3Tier) {
	e.factors = append(e.factors, Factor{Rule: r, Value: value, Step: t, Outcome: tierOrNone(t)})
}

// sourced describes a RoSH or MAPPA level and where it came from.
func sourced(level string, source uint8, code string, d Date) string {
	switch source {
	case sourceField:
		return level + " (input field)"
	case sourceRegistration:
		return level + " (registration " + dated(code, d) + ")"
	}
	return "none"
}

// codeList lists the names whose bits are set, or "none".
func codeList(bits uint32, names []string) string {
	var parts []string
	for i, n := range names {
		if bits&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func staticText(static bool) string {
	if static {
		return "static"
	}
	return "dynamic"
}

func tierOrNone(t V3Tier) string {
	if t == 0 {
		return "no result"
	}
	return t.String()
}
