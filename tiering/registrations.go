package tiering

import "strings"

// This file reduces the registrations to the facts the rules read, in one
// pass and without allocating (tiering.md §1.1, hmpps-tier
// DeliusApiService.kt and ComplexityFactor.kt).

// regKind is what a registration code means to the classifier.
type regKind uint8

const (
	regOther regKind = iota
	regHistoric
	regRoSH
	regMAPPA
	regComplexity
	regIOM
	regUnsupervised
	regLifer
	regDomesticAbuse
	regStalking
)

// complexityCodes are the Delius registration codes of the complexity
// factors (hmpps-tier M/domain/enums/ComplexityFactor.kt), in the order
// explanations list them: mental health, attempted suicide or self-harm,
// vulnerability, child concerns, child protection, risk to children,
// public interest, adult at risk, street gangs, terrorism. Each distinct
// code scores 2 protect points.
var complexityCodes = [...]string{"RMDO", "ALSH", "RVLN", "RCCO", "RCPR", "RCHD", "RPIR", "RVAD", "STRG", "RTAO"}

// ComplexityCodes returns the ten complexity-factor registration codes, in
// the order explanations list them. The slice is a fresh copy.
func ComplexityCodes() []string { return append([]string(nil), complexityCodes[:]...) }

// classifyCode returns the kind of a registration code, ignoring case,
// and for RoSH the level, for complexity factors the bit index, and for
// domestic abuse 0 (ADVP) or 1 (REG30).
func classifyCode(code string) (regKind, int) {
	switch len(code) {
	case 3:
		switch {
		case strings.EqualFold(code, "PRC"):
			return regUnsupervised, 0
		case strings.EqualFold(code, "SPO"):
			return regStalking, 0
		}
	case 4:
		for i, c := range complexityCodes {
			if strings.EqualFold(code, c) {
				return regComplexity, i
			}
		}
		for r := RoSHLow; r <= RoSHVeryHigh; r++ {
			if strings.EqualFold(code, roshCodes[r]) {
				return regRoSH, int(r)
			}
		}
		switch {
		case strings.EqualFold(code, "HREG"):
			return regHistoric, 0
		case strings.EqualFold(code, "MAPP"):
			return regMAPPA, 0
		case strings.EqualFold(code, "IIOM"):
			return regIOM, 0
		case strings.EqualFold(code, "INLL"):
			return regLifer, 0
		case strings.EqualFold(code, "ADVP"):
			return regDomesticAbuse, 0
		}
	case 5:
		if strings.EqualFold(code, "REG30") {
			return regDomesticAbuse, 1
		}
	}
	return regOther, 0
}

// mappaCode parses a MAPPA level or category code "M1" … "M<max>"
// exactly (ignoring case), as hmpps-tier does; anything else is 0.
func mappaCode(s string, max int) int {
	if len(s) != 2 || (s[0] != 'M' && s[0] != 'm') || s[1] < '1' || int(s[1]-'0') > max {
		return 0
	}
	return int(s[1] - '0')
}

// facts are what the registrations say, before the typed fields of Input
// are merged in.
type facts struct {
	rosh     RoSH // newest RoSH registration's level, RoSHNone if none
	roshDate Date

	mappa     MAPPALevel // newest MAPP registration with level M1–M3
	mappaDate Date

	hasMAPP  bool          // any MAPP registration
	category MAPPACategory // the newest MAPP registration's category
	catDate  Date

	complexity  uint16 // bit i set: complexityCodes[i] registered
	iom         bool   // IIOM
	unsup       bool   // PRC
	lifer       bool   // INLL
	domestic    uint8  // bit 0 ADVP, bit 1 REG30
	stalking    bool   // SPO
	childProtec bool   // RCPR (also a complexity factor)
}

// rcprBit is the complexity bit of RCPR, which v3 also reads as child
// protection.
const rcprBit = 4

// derive scans the registrations once.
func (f *facts) derive(regs []Registration) {
	*f = facts{}
	for i := range regs {
		r := &regs[i]
		kind, arg := classifyCode(r.Code)
		switch kind {
		case regRoSH:
			lvl := RoSH(arg)
			if f.rosh == RoSHNone || newer(r.Date, f.roshDate, int(lvl), int(f.rosh)) {
				f.rosh, f.roshDate = lvl, r.Date
			}
		case regMAPPA:
			if lvl := MAPPALevel(mappaCode(r.Level, 3)); lvl != MAPPANone {
				if f.mappa == MAPPANone || newer(r.Date, f.mappaDate, int(lvl), int(f.mappa)) {
					f.mappa, f.mappaDate = lvl, r.Date
				}
			}
			cat := MAPPACategory(mappaCode(r.Category, 4))
			if !f.hasMAPP || newer(r.Date, f.catDate, categoryRank(cat), categoryRank(f.category)) {
				f.hasMAPP, f.category, f.catDate = true, cat, r.Date
			}
		case regComplexity:
			f.complexity |= 1 << arg
			if arg == rcprBit {
				f.childProtec = true
			}
		case regIOM:
			f.iom = true
		case regUnsupervised:
			f.unsup = true
		case regLifer:
			f.lifer = true
		case regDomesticAbuse:
			f.domestic |= 1 << arg
		case regStalking:
			f.stalking = true
		}
	}
}

// newer reports whether a registration dated d with seriousness rank
// should replace the current pick dated cur with rank curRank: it is
// newer, or equally new and more serious.
func newer(d, cur Date, rank, curRank int) bool {
	if c := d.Compare(cur); c != 0 {
		return c > 0
	}
	return rank > curRank
}

// categoryRank breaks ties between MAPP registrations of the same date:
// a present category beats an absent one, and a lower number a higher one.
func categoryRank(c MAPPACategory) int {
	if c == MAPPACategoryNone {
		return 0
	}
	return 5 - int(c)
}
