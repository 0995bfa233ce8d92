package tiering

import "fmt"

// This file is the v2 framework: the protect level A–D from points
// (hmpps-tier ProtectLevelCalculator.kt, AdditionalFactorsForWomen.kt) and
// the change level 0–3 (ChangeLevelCalculator.kt, MandateForChange.kt).
// Both are described in tiering.md §1. Each function computes from a
// record and, when ex is not nil, explains what it did.

// rsrSentinel is the Delius "no score" RSR value; it scores 0.
const rsrSentinel = 999.99

// RSRPoints returns the protect points of an RSR score in percent: 20 for
// 7.00 up to but not including 99.99, 10 for 3.00 to 6.99, 0 otherwise.
//
// The bounds reproduce hmpps-tier exactly. It compares the score (a
// decimal) with BigDecimal(7.0)..BigDecimal(99.99) and
// BigDecimal(3.0)..BigDecimal(6.99), built from doubles, so the upper
// bounds are 99.98999… and 6.99000…2: an RSR of exactly 99.99 scores 0,
// 6.99 scores 10, and anything strictly between 6.99 and 7.00, such as
// 6.995, scores 0 (tiering.md §1.2). For a score given as a float64
// (the nearest double to the decimal), the same answers follow from
// comparing with the doubles 7, 99.99 (exclusive), 3 and 6.99
// (inclusive).
func RSRPoints(rsr float64) int {
	switch {
	case rsr >= 7 && rsr < 99.99:
		return 20
	case rsr >= 3 && rsr <= 6.99:
		return 10
	}
	return 0
}

// protectRules are the point values that differ between rule sets.
type protectRules struct {
	thresholdA   int // total points for protect level A
	roshVeryHigh int
	mappaHigh    int // MAPPA M2 and M3
}

func (v Version) protect() protectRules {
	if v.resolve() == Version1 {
		return protectRules{thresholdA: 30, roshVeryHigh: 30, mappaHigh: 30}
	}
	return protectRules{thresholdA: 150, roshVeryHigh: 150, mappaHigh: 150}
}

// roshPoints returns the protect points of a RoSH level.
func roshPoints(r RoSH, pr protectRules) int {
	switch r {
	case RoSHVeryHigh:
		return pr.roshVeryHigh
	case RoSHHigh:
		return 20
	case RoSHMedium:
		return 10
	}
	return 0
}

// mappaPoints returns the protect points of a MAPPA level.
func mappaPoints(l MAPPALevel, pr protectRules) int {
	switch l {
	case MAPPA3, MAPPA2:
		return pr.mappaHigh
	case MAPPA1:
		return 5
	}
	return 0
}

// protectOf returns the protect level of a total.
func protectOf(total int, pr protectRules) Protect {
	switch {
	case total >= pr.thresholdA:
		return ProtectA
	case total >= 20:
		return ProtectB
	case total >= 10:
		return ProtectC
	}
	return ProtectD
}

// protect computes the protect axis: the sum of the RSR, RoSH, MAPPA,
// complexity and women's points, less the lower of RSR and RoSH.
func (r *record) protect(ex *explainer) (Protect, int) {
	pr := r.version.protect()
	rsr := RSRPoints(r.rsr)
	rosh := roshPoints(r.rosh, pr)
	mappa := mappaPoints(r.mappa, pr)
	complexity := 2 * bitCount(uint32(r.complexity))
	overlap := min(rsr, rosh)
	total := rsr + rosh - overlap + mappa + complexity
	if ex != nil {
		ex.points(RuleRSR, rsrText(r.rsr), rsr)
		ex.points(RuleRoSH, sourced(r.rosh.String(), r.roshSrc, r.rosh.Code(), r.roshDate), rosh)
		if overlap > 0 {
			ex.points(RuleRSRRoSH, fmt.Sprintf("RSR %d points, RoSH %d points", rsr, rosh), -overlap)
		}
		ex.points(RuleMAPPA, sourced(r.mappa.String(), r.mappaSrc, "MAPP", r.mapDate), mappa)
		ex.points(RuleComplexity, codeList(uint32(r.complexity), complexityCodes[:]), complexity)
	}

	if r.has(fFemale) {
		// Without an assessment only breach or recall can score
		// (AdditionalFactorsForWomen.kt).
		parenting, self, breach := 0, 0, 0
		if r.has(fParenting) {
			parenting = 2
		}
		if r.impulsivity > 0 || r.temper > 0 {
			self = 2 // counted once, not per item
		}
		if r.has(fEnforcement) {
			breach = 2
		}
		total += parenting + self + breach
		if ex != nil {
			ex.points(RuleParenting, yesNo(r.has(fParenting)), parenting)
			v := "no assessment"
			if r.has(fAssessed) {
				v = fmt.Sprintf("impulsivity %d, temper control %d", r.impulsivity, r.temper)
			}
			ex.points(RuleSelfControl, v, self)
			ex.points(RuleBreachRecall, yesNo(r.has(fEnforcement)), breach)
		}
	}

	p := protectOf(total, pr)
	if ex != nil {
		ex.result(RuleProtect, fmt.Sprintf("%d points (A from %d, B from 20, C from 10)", total, pr.thresholdA), total, "protect "+p.String())
	}
	return p, total
}

// change computes the change axis. The checks run in hmpps-tier's order:
// no mandate gives 0 (before the assessment is looked at), no assessment
// gives 2, otherwise the needs, OGRS and IOM points decide.
func (r *record) change(ex *explainer) (int, int) {
	if ex != nil {
		var v string
		switch r.mandate {
		case mandateCustodial:
			v = fmt.Sprintf("conviction %d: custodial sentence %s", r.mandateIdx+1, r.mandateCode)
		case mandateRequirement:
			v = fmt.Sprintf("conviction %d: non-restrictive requirement %s", r.mandateIdx+1, r.mandateCode)
		default:
			v = "no current custodial sentence, and no current non-restrictive requirement other than W or W1"
		}
		out := "mandate"
		if r.mandate == mandateNone {
			out = "no mandate: change 0"
		}
		ex.result(RuleMandate, v, 0, out)
	}
	if r.mandate == mandateNone {
		return 0, 0
	}
	if !r.has(fAssessed) {
		if ex != nil {
			ex.result(RuleNoAssessment, "no assessment", 0, "change 2")
		}
		return 2, 0
	}
	total := 0
	for n := NeedAccommodation; n <= NeedAttitudes; n++ {
		sev := r.needSev[n]
		if sev == SeverityUnset {
			continue // section not assessed
		}
		pts := n.Weight() * sev.Score()
		total += pts
		if ex != nil {
			var v string
			switch {
			case r.needScore[n] < 0:
				v = fmt.Sprintf("%v: %v (given)", n, sev)
			case r.has(fSAN) && needRules[n].sanStandard > 0:
				v = fmt.Sprintf("%v: score %d → %v (SAN thresholds)", n, r.needScore[n], sev)
			default:
				v = fmt.Sprintf("%v: score %d → %v", n, r.needScore[n], sev)
			}
			ex.points(RuleNeed, v, pts)
		}
	}
	ogrs := int(r.ogrs) / 10
	total += ogrs
	if ex != nil {
		ex.points(RuleOGRS, fmt.Sprintf("%d%%", r.ogrs), ogrs)
	}
	if r.has(fIOM) {
		total += 2
		if ex != nil {
			ex.points(RuleIOM, "IIOM registration", 2)
		}
	}
	level := 1
	switch {
	case total >= 20:
		level = 3
	case total >= 10:
		level = 2
	}
	if ex != nil {
		ex.result(RuleChange, fmt.Sprintf("%d points (3 from 20, 2 from 10)", total), total, fmt.Sprintf("change %d", level))
	}
	return level, total
}

func bitCount(b uint32) int {
	n := 0
	for ; b != 0; b &= b - 1 {
		n++
	}
	return n
}

func rsrText(x float64) string {
	switch x {
	case 0:
		return "none"
	case rsrSentinel:
		return "999.99 (Delius: no score)"
	}
	return fmtNum(x) + "%"
}
