package tiering

import "github.com/probationkit/probation/internal/enum"

// Input is everything the classifier reads about one case: the Delius
// inputs of hmpps-tier (M/domain/DeliusInputs.kt), the OASys assessment
// and, optionally, the v3 predictors. The JSON tags are the wire schema of
// the JSON-lines command examples/tier (see the package documentation);
// [Input.UnmarshalJSON] decodes it and reports every problem at once.
//
// The zero Input is valid: a male case with no scores, registrations,
// convictions or assessment, which classifies as D0 with no v3 tier.
//
// RoSH and MAPPA may be given either as the typed fields below or as the
// Delius registrations hmpps-tier derives them from (RVHR/RHRH/RMRH/RLRH,
// MAPP with a level and category), or both when they agree. A field that
// disagrees with the level derived from the registrations is a validation
// problem rather than a silent choice.
type Input struct {
	// ID names the case (a CRN, say). It is echoed in the Result and in
	// every field error, and is otherwise unused. It may be empty; when
	// given it must not have surrounding white space (rejected, not
	// trimmed, as every ID of the module).
	ID string `json:"id,omitempty"`

	// Female is true when the Delius gender is "female" (ignoring case);
	// any other gender counts as male (hmpps-tier DeliusApiService.kt).
	// It switches on the women's additional factors.
	Female bool `json:"female,omitempty"`

	// RSR is the Risk of Serious Recidivism score in percent, 0–100. The
	// Delius sentinel 999.99 is accepted and scores 0 (feature
	// calculateRSRScore.6.2). Zero means no score.
	RSR float64 `json:"rsr,omitempty"`

	// OGRS is the Offender Group Reconviction Scale score in whole percent,
	// 0–100. Zero means no score.
	OGRS int `json:"ogrs,omitempty"`

	// RoSH is the Risk of Serious Harm level, if known other than through
	// the registrations. RoSHNone means "take it from the registrations".
	RoSH RoSH `json:"rosh,omitzero"`

	// MAPPALevel is the MAPPA level (M1–M3), if known other than through
	// a MAPP registration. MAPPANone means "take it from the
	// registrations".
	MAPPALevel MAPPALevel `json:"mappa_level,omitzero"`

	// MAPPACategory is the MAPPA category (M1–M4), used by v3 only, if
	// known other than through a MAPP registration.
	MAPPACategory MAPPACategory `json:"mappa_category,omitzero"`

	// Registrations are the Delius registrations, in any order: the
	// classifier picks the newest of each kind itself (see Registration).
	Registrations []Registration `json:"registrations,omitempty"`

	// Convictions are the Delius events with their sentences; they decide
	// the mandate for change.
	Convictions []Conviction `json:"convictions,omitempty"`

	// Assessment is the latest OASys assessment, or nil for none (an ARNS
	// 404 or a null assessment). With a mandate for change and no
	// assessment the change level is 2.
	Assessment *Assessment `json:"assessment,omitempty"`

	// PreviousEnforcement is true when tier-to-delius found breach or
	// recall activity in the last 365 days (an NSI outcome BRE01–08,
	// BRE10, BRE13, BRE14, BRE16, REC01 or REC02). It scores 2 protect
	// points for women only.
	PreviousEnforcement bool `json:"previous_enforcement,omitempty"`

	// V3 holds the inputs of the v3 (A–G) framework. Nil means "do not
	// calculate v3": the Result's V3 is then the zero V3Tier.
	V3 *V3Input `json:"v3,omitempty"`
}

// Registration is one Delius register entry (hmpps-tier
// DeliusRegistration). Codes, levels and categories are Delius reference
// codes, matched ignoring case.
//
// Registrations with code HREG are dropped before anything else. For the
// kinds where only one registration counts — the RoSH level, the MAPPA
// level and the MAPPA category — the newest by Date wins, as in
// hmpps-tier, which sorts newest first and takes the first match. A zero
// Date is older than every real date. When several registrations of one
// kind share the newest date, the most serious wins (the higher RoSH or
// MAPPA level; for the category, one that has a category, then the lowest
// number), so that the result never depends on the order of the slice.
type Registration struct {
	Code     string `json:"code"`               // e.g. RHRH, MAPP, RMDO, IIOM, PRC, INLL
	Level    string `json:"level,omitempty"`    // e.g. M1 for a MAPP registration
	Category string `json:"category,omitempty"` // e.g. M2 for a MAPP registration
	Date     Date   `json:"date,omitzero"`      // the registration date
}

// Conviction is one Delius event (conviction) with its sentence
// (hmpps-tier DeliusConviction). Only convictions that are not terminated
// count.
type Conviction struct {
	// SentenceType is the Delius sentence type code; NC and SC (matched
	// ignoring case) are custodial.
	SentenceType string `json:"sentence_type,omitempty"`
	// Terminated is true when the conviction has a termination date.
	Terminated bool `json:"terminated,omitempty"`
	// Requirements are the sentence's current requirements.
	Requirements []Requirement `json:"requirements,omitempty"`
}

// Requirement is one community-order requirement (hmpps-tier
// DeliusRequirement).
type Requirement struct {
	// MainCategory is the requirement's main category code. W (unpaid
	// work) and W1 (order extended) never give a mandate for change.
	MainCategory string `json:"main_category,omitempty"`
	// Restrictive is the Delius flag: restrictive requirements (curfew,
	// exclusion …) never give a mandate for change.
	Restrictive bool `json:"restrictive,omitempty"`
}

// Assessment is the OASys assessment summary hmpps-tier reads from ARNS
// (/tier-assessment/sections/{crn}).
type Assessment struct {
	// SAN is the assessment's sanIndicator: the needs were assessed in
	// the Strengths and Needs tool, and the SAN thresholds apply.
	SAN bool `json:"san,omitempty"`
	// Needs lists the scored need sections, each need at most once. A
	// section that had no score (every answer missing or unknown) is left
	// out. Order does not matter.
	Needs []NeedScore `json:"needs,omitempty"`
	// Parenting is OASys 6.9, "parental responsibilities", answered Yes.
	Parenting bool `json:"parenting,omitempty"`
	// Impulsivity is the OASys 11.2 answer score: 0 none (or missing), 1
	// some, 2 significant.
	Impulsivity int `json:"impulsivity,omitempty"`
	// TemperControl is the OASys 11.4 answer score, 0–2 as Impulsivity.
	TemperControl int `json:"temper_control,omitempty"`
}

// NeedScore is one OASys need section of an assessment: either its
// section score (the sum of its answer scores, from which the severity
// follows through the section's thresholds, see [Need.Severity]) or its
// severity given directly. When Severity is set, Score must be 0. Score
// is 0–100 (a section sums at most a handful of answers scoring 0–2).
type NeedScore struct {
	Need     Need     `json:"need"`
	Score    int      `json:"score,omitempty"`
	Severity Severity `json:"severity,omitzero"`
}

// severity returns the severity of the section under the SAN flag.
func (ns NeedScore) severity(san bool) Severity {
	if ns.Severity != SeverityUnset {
		return ns.Severity
	}
	return ns.Need.Severity(ns.Score, san)
}

// V3Input holds the inputs of the v3 framework (hmpps-tier
// TierCalculator.kt, tiering.md §2). The zero V3Input classifies as
// NOT_SUPERVISED, because it has no active event.
type V3Input struct {
	// ActiveEvent is Delius hasActiveEvent; false gives NOT_SUPERVISED.
	ActiveEvent bool `json:"active_event"`
	// ARP is the OGRS4 All Reoffending Predictor; nil gives MISSING.
	ARP *Predictor `json:"arp"`
	// CSRP is the OGRS4 Combined Serious Reoffending Predictor; nil gives
	// MISSING.
	CSRP *Predictor `json:"csrp"`
	// DCSRPScore is the Direct Contact Sexual Reoffending Predictor score
	// in percent, 0–100. It is used only when it is above 0 and DCSRPBand
	// is LOW … VERY_HIGH.
	DCSRPScore float64 `json:"dcsrp_score,omitempty"`
	// DCSRPBand is the DC-SRP band; SRPBandNone (null) and
	// SRPBandNotApplicable switch the sexual reoffending step off.
	DCSRPBand SRPBand `json:"dcsrp_band,omitzero"`
	// SexualOffence is ARNS everCommittedSexualOffence.
	SexualOffence bool `json:"sexual_offence,omitempty"`
	// LatestReleaseDate is Delius latestReleaseDate, read by the lifer/IPP
	// step when the case has an INLL registration. Zero means none.
	LatestReleaseDate Date `json:"latest_release_date,omitzero"`
}

// Predictor is one OGRS4 predictor output: a score in percent, 0–100,
// and whether it is static (from static factors only) or dynamic.
type Predictor struct {
	Score  float64 `json:"score"`
	Static bool    `json:"static,omitempty"`
}

// SRPBand is the band of a sexual reoffending predictor (DC-SRP). The
// zero value, SRPBandNone, means no band (null).
type SRPBand uint8

// The DC-SRP bands.
const (
	SRPBandNone SRPBand = iota
	SRPBandNotApplicable
	SRPBandLow
	SRPBandMedium
	SRPBandHigh
	SRPBandVeryHigh
)

var srpBandTable = enum.New("tiering", "DC-SRP band", "SRPBand", SRPBandNotApplicable, "NOT_APPLICABLE", "LOW", "MEDIUM", "HIGH", "VERY_HIGH").
	WithAliases(map[string]SRPBand{"NOT APPLICABLE": SRPBandNotApplicable, "VERY HIGH": SRPBandVeryHigh}).WithZero("NONE")

// IsValid reports whether b is SRPBandNone … SRPBandVeryHigh.
func (b SRPBand) IsValid() bool { return b <= SRPBandVeryHigh }

// String returns "NOT_APPLICABLE", "LOW", "MEDIUM", "HIGH" or
// "VERY_HIGH", or "NONE" for SRPBandNone.
func (b SRPBand) String() string { return srpBandTable.String(b) }

// ParseSRPBand parses a band name, ignoring case, with a space accepted
// for the underscore; "NONE" and "" parse as SRPBandNone.
func ParseSRPBand(s string) (SRPBand, error) { return srpBandTable.Parse(s) }

// MarshalText returns the String form, or empty text for SRPBandNone.
func (b SRPBand) MarshalText() ([]byte, error) { return srpBandTable.Marshal(b) }

// UnmarshalText parses text with [ParseSRPBand].
func (b *SRPBand) UnmarshalText(text []byte) error { return srpBandTable.Unmarshal(text, b) }
