package tiering

import "fmt"

// This file is the v3 framework: a single axis A–G from eight steps, plus
// NOT_SUPERVISED, MISSING and the provisional flag (hmpps-tier
// TierCalculator.kt, ReoffendingPredictorTable.kt,
// ProvisionalStatusCalculator.kt; tiering.md §2).

// The ARP × CSRP table (ReoffendingPredictorTable.kt, tiering.md §2.2).
// Each score falls in the first band whose lower bound it reaches (>=).
var (
	arpBounds  = [...]float64{90, 75, 50, 25, 15, 0}
	csrpBounds = [...]float64{6.9, 3.0, 1.0, 0.5, 0}
	reoffTable = [len(csrpBounds)][len(arpBounds)]V3Tier{
		{V3A, V3A, V3B, V3B, V3B, V3B},
		{V3A, V3B, V3C, V3C, V3C, V3C},
		{V3B, V3C, V3D, V3E, V3E, V3E},
		{V3C, V3D, V3E, V3E, V3F, V3F},
		{V3D, V3D, V3E, V3F, V3F, V3G},
	}
)

// band returns the index of the first bound x reaches. Scores are
// validated to be at least 0, so the last band always matches.
func band(x float64, bounds []float64) int {
	for i, b := range bounds {
		if x >= b {
			return i
		}
	}
	return len(bounds) - 1
}

// ReoffendingTier returns the v3 REOFFENDING step for an ARP and a CSRP
// score, both in percent (the table of tiering.md §2.2).
func ReoffendingTier(arp, csrp float64) V3Tier {
	return reoffTable[band(csrp, csrpBounds[:])][band(arp, arpBounds[:])]
}

// dcsrpMediumFloor is the lowest DC-SRP score the MEDIUM band accepts;
// hmpps-tier throws IllegalStateException below it.
const dcsrpMediumFloor = 0.60

// dcsrpUsed reports whether the SEXUAL_REOFFENDING step reads the DC-SRP:
// a score above 0 and a band from LOW to VERY_HIGH.
func dcsrpUsed(score float64, b SRPBand) bool {
	return score > 0 && b >= SRPBandLow && b <= SRPBandVeryHigh
}

// dcsrpTier returns the SEXUAL_REOFFENDING step: Very High A, High B, Low
// E; for Medium the score decides (3.36 and above C, 2.11 D, 1.12 C "with
// risk reduction", 0.60 D). It returns 0 when the step is not used or the
// score is below the Medium floor (a validation problem, checked before).
func dcsrpTier(score float64, b SRPBand) V3Tier {
	if !dcsrpUsed(score, b) {
		return 0
	}
	switch b {
	case SRPBandVeryHigh:
		return V3A
	case SRPBandHigh:
		return V3B
	case SRPBandLow:
		return V3E
	}
	switch {
	case score >= 3.36:
		return V3C
	case score >= 2.11:
		return V3D
	case score >= 1.12:
		return V3C
	case score >= dcsrpMediumFloor:
		return V3D
	}
	return 0
}

// mappaRoSHTier returns the MAPPA_ROSH step.
func mappaRoSHTier(cat MAPPACategory, r RoSH) V3Tier {
	if cat != MAPPACategoryNone {
		switch r {
		case RoSHVeryHigh:
			return V3A
		case RoSHHigh:
			return V3C
		case RoSHMedium:
			return V3D
		}
		return V3E
	}
	switch r {
	case RoSHVeryHigh:
		return V3C
	case RoSHHigh:
		return V3D
	}
	return 0
}

// worse returns the more serious of two step results; zero means no
// result.
func worse(a, b V3Tier) V3Tier {
	if a == 0 || (b != 0 && b < a) {
		return b
	}
	return a
}

// reaches reports whether a step result t is at least as serious as want.
func reaches(t, want V3Tier) bool { return t != 0 && t <= want }

// v3 computes the v3 tier and the provisional flag of a record that has
// v3 inputs.
func (r *record) v3(ex *explainer) (V3Tier, bool) {
	if !r.has(fActive) {
		if ex != nil {
			ex.step(RuleNotSupervised, "no active event", V3NotSupervised)
		}
		return V3NotSupervised, false
	}
	if !r.has(fHasARP) || !r.has(fHasCSRP) {
		if ex != nil {
			missing := uint32(0)
			if !r.has(fHasARP) {
				missing |= 1
			}
			if !r.has(fHasCSRP) {
				missing |= 2
			}
			ex.step(RuleMissing, codeList(missing, []string{"ARP missing", "CSRP missing"}), V3Missing)
		}
		return V3Missing, false
	}
	arpStatic, csrpStatic := r.has(fARPStatic), r.has(fCSRPStatic)

	reoff := ReoffendingTier(r.arp, r.csrp)
	sexual := dcsrpTier(r.dcsrp, r.band)
	mr := mappaRoSHTier(r.category, r.rosh)
	lifer, window := V3Tier(0), ""
	if r.has(fLifer) && !r.release.IsZero() {
		switch {
		case r.release.Compare(r.asOf.AddYears(-1)) >= 0:
			lifer, window = V3B, "within 1 year"
		case r.release.Compare(r.asOf.AddYears(-5)) >= 0:
			lifer, window = V3D, "within 5 years"
		default:
			lifer, window = V3E, "more than 5 years ago"
		}
	}
	var da, st, cp, so V3Tier
	if r.domestic != 0 {
		da = V3E
	}
	if r.has(fStalking) {
		st = V3F
	}
	if r.has(fChildProtection) {
		cp = V3F
	}
	if r.has(fSexualOffence) {
		so = V3E
	}
	// others: every step but REOFFENDING and MAPPA_ROSH.
	others := worse(worse(worse(sexual, lifer), worse(da, st)), worse(cp, so))
	tier := worse(worse(others, reoff), mr)
	if tier == 0 {
		tier = V3G
	}

	if ex != nil {
		ex.step(RuleReoffending, fmt.Sprintf("ARP %s%% (%s), CSRP %s%% (%s)", fmtNum(r.arp), staticText(arpStatic), fmtNum(r.csrp), staticText(csrpStatic)), reoff)
		v := fmt.Sprintf("DC-SRP %s%%, band %v", fmtNum(r.dcsrp), r.band)
		if !dcsrpUsed(r.dcsrp, r.band) {
			v += " (not used)"
		}
		ex.step(RuleSexualReoffending, v, sexual)
		ex.step(RuleMAPPARoSH, fmt.Sprintf("MAPPA category %v, RoSH %v", r.category, r.rosh), mr)
		switch {
		case !r.has(fLifer):
			v = "no INLL registration"
		case r.release.IsZero():
			v = "INLL, no release date"
		default:
			v = fmt.Sprintf("INLL, released %v, %s of %v", r.release, window, r.asOf)
		}
		ex.step(RuleLiferIPP, v, lifer)
		ex.step(RuleDomesticAbuse, codeList(uint32(r.domestic), []string{"ADVP", "REG30"}), da)
		ex.step(RuleStalking, present(r.has(fStalking), "SPO"), st)
		ex.step(RuleChildProtection, present(r.has(fChildProtection), "RCPR"), cp)
		ex.step(RuleSexualOffences, yesNo(r.has(fSexualOffence)), so)
		ex.step(RuleV3Tier, "the most serious step; G when none gives a tier", tier)
	}

	// (a) Static predictors: the steps other than REOFFENDING must reach
	// what the table would give with the static score(s) at infinity.
	provisional := false
	if arpStatic || csrpStatic {
		var need V3Tier
		switch {
		case arpStatic && csrpStatic:
			need = V3A
		case arpStatic: // the first column, at the actual CSRP
			need = reoffTable[band(r.csrp, csrpBounds[:])][0]
		default: // the first row, at the actual ARP
			need = reoffTable[0][band(r.arp, arpBounds[:])]
		}
		nonReoff := worse(others, mr)
		p := !reaches(nonReoff, need)
		provisional = provisional || p
		if ex != nil {
			ex.result(RuleProvisionalStatic, fmt.Sprintf("ARP %s, CSRP %s: the other steps give %s, %v needed",
				staticText(arpStatic), staticText(csrpStatic), tierOrNone(nonReoff), need), 0, provisionalText(p))
		}
	}

	// (b) RoSH missing: the steps other than MAPPA_ROSH, with REOFFENDING
	// only when both predictors are dynamic, must reach A with a MAPPA
	// category, C without.
	if r.rosh == RoSHNone {
		highest, counted := others, "not counted"
		if !arpStatic && !csrpStatic {
			highest, counted = worse(highest, reoff), "counted"
		}
		need, mappa := V3C, "no MAPPA category"
		if r.category != MAPPACategoryNone {
			need, mappa = V3A, "MAPPA category"
		}
		p := !reaches(highest, need)
		provisional = provisional || p
		if ex != nil {
			ex.result(RuleProvisionalRoSH, fmt.Sprintf("RoSH missing, %s: the steps other than MAPPA_ROSH give %s (reoffending %s), %v needed",
				mappa, tierOrNone(highest), counted, need), 0, provisionalText(p))
		}
	}
	return tier, provisional
}

func present(on bool, code string) string {
	if on {
		return code
	}
	return "none"
}

func provisionalText(p bool) string {
	if p {
		return "provisional"
	}
	return "not provisional"
}
