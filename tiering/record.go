package tiering

import (
	"math"
	"strings"
)

// record is everything the rules read about one case, reduced from an
// Input to a fixed-size value with no slices or pointers: the
// registrations become facts, the convictions the mandate for change,
// the needs a severity per section. A Result keeps its record, so that
// classifying allocates nothing and Result.Explanation can re-run the
// rules later to explain them, without holding on to the caller's Input.
type record struct {
	rsr               float64
	arp, csrp, dcsrp  float64
	needScore         [NumNeeds]int32 // the section score; -1 when the severity was given
	mandateIdx        int32           // the conviction giving the mandate
	mandateCode       string          // its sentence type or requirement category
	roshDate, mapDate Date
	release, asOf     Date
	needSev           [NumNeeds]Severity // SeverityUnset: section not assessed
	complexity        uint16
	flags             flag
	ogrs              int8
	impulsivity       int8 // -1 without an assessment
	temper            int8
	rosh              RoSH
	roshSrc           uint8 // sourceNone, sourceField, sourceRegistration
	mappa             MAPPALevel
	mappaSrc          uint8
	category          MAPPACategory
	band              SRPBand
	mandate           uint8 // mandateNone, mandateCustodial, mandateRequirement
	domestic          uint8 // bit 0 ADVP, bit 1 REG30
	version           Version
}

// flag is a set of yes/no facts about a case.
type flag uint32

const (
	fFemale flag = 1 << iota
	fEnforcement
	fAssessed
	fSAN
	fParenting
	fIOM
	fUnsupervised
	fLifer
	fStalking
	fChildProtection
	fV3
	fActive
	fHasARP
	fHasCSRP
	fARPStatic
	fCSRPStatic
	fSexualOffence
	fLoaded // set by load: the record belongs to a classification
)

func (r *record) has(f flag) bool { return r.flags&f != 0 }

func (r *record) set(f flag, on bool) {
	if on {
		r.flags |= f
	}
}

// The sources of a RoSH or MAPPA level.
const (
	sourceNone = iota
	sourceField
	sourceRegistration
)

// The kinds of mandate for change.
const (
	mandateNone = iota
	mandateCustodial
	mandateRequirement
)

// load fills r from a validated input, its registration facts f and the
// settings.
func (r *record) load(in *Input, f *facts, st *Settings) {
	*r = record{rsr: in.RSR, ogrs: int8(in.OGRS), complexity: f.complexity, domestic: f.domestic,
		version: st.Version.resolve(), asOf: st.AsOf, impulsivity: -1, flags: fLoaded}
	r.set(fFemale, in.Female)
	r.set(fEnforcement, in.PreviousEnforcement)
	r.set(fIOM, f.iom)
	r.set(fUnsupervised, f.unsup)
	r.set(fLifer, f.lifer)
	r.set(fStalking, f.stalking)
	r.set(fChildProtection, f.childProtec)

	switch {
	case f.rosh != RoSHNone:
		r.rosh, r.roshSrc, r.roshDate = f.rosh, sourceRegistration, f.roshDate
	case in.RoSH != RoSHNone:
		r.rosh, r.roshSrc = in.RoSH, sourceField
	}
	switch {
	case f.mappa != MAPPANone:
		r.mappa, r.mappaSrc, r.mapDate = f.mappa, sourceRegistration, f.mappaDate
	case in.MAPPALevel != MAPPANone:
		r.mappa, r.mappaSrc = in.MAPPALevel, sourceField
	}
	r.category = f.category
	if r.category == MAPPACategoryNone {
		r.category = in.MAPPACategory
	}

	r.mandate, r.mandateIdx, r.mandateCode = mandate(in.Convictions)

	if as := in.Assessment; as != nil {
		r.flags |= fAssessed
		r.set(fSAN, as.SAN)
		r.set(fParenting, as.Parenting)
		r.impulsivity, r.temper = int8(as.Impulsivity), int8(as.TemperControl)
		for _, ns := range as.Needs {
			r.needSev[ns.Need] = ns.severity(as.SAN)
			r.needScore[ns.Need] = int32(ns.Score)
			if ns.Severity != SeverityUnset {
				r.needScore[ns.Need] = -1 // given directly
			}
		}
	}

	if v := in.V3; v != nil {
		r.flags |= fV3
		r.set(fActive, v.ActiveEvent)
		if v.ARP != nil {
			r.flags |= fHasARP
			r.arp = v.ARP.Score
			r.set(fARPStatic, v.ARP.Static)
		}
		if v.CSRP != nil {
			r.flags |= fHasCSRP
			r.csrp = v.CSRP.Score
			r.set(fCSRPStatic, v.CSRP.Static)
		}
		r.dcsrp, r.band = v.DCSRPScore, v.DCSRPBand
		r.set(fSexualOffence, v.SexualOffence)
		r.release = v.LatestReleaseDate
	}
}

// mandate finds the first current conviction that gives a mandate for
// change (hmpps-tier MandateForChange.kt): a custodial sentence (NC or
// SC), or a requirement that is not restrictive and whose main category
// is neither W (unpaid work) nor W1 (order extended). Codes match
// ignoring case. It returns the kind, the conviction's index and the code
// that gave the mandate.
func mandate(convs []Conviction) (uint8, int32, string) {
	for i := range convs {
		cv := &convs[i]
		if cv.Terminated {
			continue
		}
		if strings.EqualFold(cv.SentenceType, "NC") || strings.EqualFold(cv.SentenceType, "SC") {
			return mandateCustodial, int32(min(i, math.MaxInt32)), cv.SentenceType
		}
		for _, rq := range cv.Requirements {
			if !rq.Restrictive && !strings.EqualFold(rq.MainCategory, "W") && !strings.EqualFold(rq.MainCategory, "W1") {
				return mandateRequirement, int32(min(i, math.MaxInt32)), rq.MainCategory
			}
		}
	}
	return mandateNone, 0, ""
}
