package tiering

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
)

// The Op of each call's *probation.ValidationError.
const (
	opValidate  = "tiering.Input.Validate"
	opUnmarshal = "tiering.Input.UnmarshalJSON"
	opClassify  = "tiering.Classify"
	opAll       = "tiering.ClassifyAll"
)

// Validate reports every bad value of the input as one
// *[probation.ValidationError] (Op "tiering.Input.Validate"; each
// [probation.FieldError] has Record "case", the input's ID, and the field
// named as in the JSON schema), or nil. The checks, besides the range of
// every typed value:
//   - ID, when given, has no surrounding white space (the module rejects
//     rather than trims IDs).
//   - RSR is a percentage 0–100 or the Delius sentinel 999.99; OGRS a
//     whole percentage 0–100; the v3 scores percentages 0–100. NaN and
//     infinities are rejected everywhere.
//   - A RoSH level, MAPPA level or MAPPA category given as a field must
//     agree with the one the registrations give, if they give one.
//   - Registrations have a code and, if dated, a real date; no Delius
//     code (registration code, level, category, sentence type,
//     requirement category) has surrounding white space, which would
//     make it match nothing.
//   - Needs are valid and listed once each, with a score of at least 0
//     or a severity but not both; impulsivity and temper control are 0–2.
//   - A DC-SRP score above 0 and below 0.60 in the MEDIUM band is
//     rejected when the v3 steps run (an active event and both ARP and
//     CSRP), where hmpps-tier throws IllegalStateException (tiering.md
//     §3.1 case 46). The steps do not run for a NOT_SUPERVISED or MISSING
//     case, so neither does the check, exactly as in hmpps-tier.
//
// Validate does not know the Settings; [Classify] adds their checks (an
// AsOf date needed for the lifer/IPP rule, a valid Version and AsOf).
func (in Input) Validate() error {
	var f facts
	f.derive(in.Registrations)
	return check.Error(opValidate, validate(&in, &f, nil, nil))
}

// validate appends the bad values of in, whose registrations gave f (and
// of st, if not nil), to probs. It allocates only when it finds one.
func validate(in *Input, f *facts, st *Settings, probs []probation.FieldError) []probation.FieldError {
	bad := func(field, value, message string) {
		probs = append(probs, probation.FieldError{Record: "case", Index: -1, ID: in.ID, Field: field, Value: value, Message: message})
	}
	if in.ID != "" {
		if msg := check.IDMessage(in.ID); msg != "" {
			bad("id", in.ID, msg)
		}
	}
	if !finite(in.RSR) || in.RSR < 0 || (in.RSR > 100 && in.RSR != rsrSentinel) {
		bad("rsr", fmtNum(in.RSR), "want a percentage from 0 to 100, or 999.99 for no score")
	}
	if in.OGRS < 0 || in.OGRS > 100 {
		bad("ogrs", strconv.Itoa(in.OGRS), "want a whole percentage from 0 to 100")
	}
	switch {
	case !in.RoSH.IsValid():
		bad("rosh", in.RoSH.String(), "want LOW, MEDIUM, HIGH, VERY_HIGH or NONE")
	case in.RoSH != RoSHNone && f.rosh != RoSHNone && in.RoSH != f.rosh:
		bad("rosh", in.RoSH.String(), "disagrees with the newest RoSH registration ("+dated(f.rosh.Code(), f.roshDate)+"); give one or the other")
	}
	switch {
	case !in.MAPPALevel.IsValid():
		bad("mappa_level", in.MAPPALevel.String(), "want M1, M2, M3 or NONE")
	case in.MAPPALevel != MAPPANone && f.mappa != MAPPANone && in.MAPPALevel != f.mappa:
		bad("mappa_level", in.MAPPALevel.String(), "disagrees with the newest MAPP registration with a level ("+dated(f.mappa.String(), f.mappaDate)+"); give one or the other")
	}
	switch {
	case !in.MAPPACategory.IsValid():
		bad("mappa_category", in.MAPPACategory.String(), "want M1, M2, M3, M4 or NONE")
	case in.MAPPACategory != MAPPACategoryNone && f.category != MAPPACategoryNone && in.MAPPACategory != f.category:
		bad("mappa_category", in.MAPPACategory.String(), "disagrees with the newest MAPP registration's category ("+dated(f.category.String(), f.catDate)+"); give one or the other")
	}
	// A Delius code with surrounding white space would match nothing.
	const spacedMessage = "has surrounding white space: want the Delius code without it"
	for i := range in.Registrations {
		r := &in.Registrations[i]
		if strings.TrimSpace(r.Code) == "" {
			bad(fmt.Sprintf("registrations[%d].code", i), r.Code, "want a Delius registration code such as RHRH or MAPP")
		} else if check.Spaced(r.Code) {
			bad(fmt.Sprintf("registrations[%d].code", i), r.Code, spacedMessage)
		}
		if check.Spaced(r.Level) {
			bad(fmt.Sprintf("registrations[%d].level", i), r.Level, spacedMessage)
		}
		if check.Spaced(r.Category) {
			bad(fmt.Sprintf("registrations[%d].category", i), r.Category, spacedMessage)
		}
		if !r.Date.IsZero() && !r.Date.IsValid() {
			bad(fmt.Sprintf("registrations[%d].date", i), r.Date.String(), "want a real calendar date")
		}
	}
	for i := range in.Convictions {
		cv := &in.Convictions[i]
		if check.Spaced(cv.SentenceType) {
			bad(fmt.Sprintf("convictions[%d].sentence_type", i), cv.SentenceType, spacedMessage)
		}
		for j, rq := range cv.Requirements {
			if check.Spaced(rq.MainCategory) {
				bad(fmt.Sprintf("convictions[%d].requirements[%d].main_category", i, j), rq.MainCategory, spacedMessage)
			}
		}
	}
	if as := in.Assessment; as != nil {
		var seen uint32
		for i, ns := range as.Needs {
			field := func(f string) string { return fmt.Sprintf("assessment.needs[%d].%s", i, f) }
			switch {
			case !ns.Need.IsValid():
				bad(field("need"), ns.Need.String(), "want a need such as ACCOMMODATION or an OASys section 3-12")
			case seen&(1<<ns.Need) != 0:
				bad(field("need"), ns.Need.String(), "listed more than once")
			default:
				seen |= 1 << ns.Need
			}
			if ns.Score < 0 || ns.Score > maxSectionScore {
				bad(field("score"), strconv.Itoa(ns.Score), "want a section score from 0 to 100")
			}
			switch {
			case !ns.Severity.IsValid():
				bad(field("severity"), ns.Severity.String(), "want NO_NEED, STANDARD or SEVERE")
			case ns.Severity != SeverityUnset && ns.Score != 0:
				bad(field("severity"), ns.Severity.String(), "give a section score or a severity, not both")
			}
		}
		if as.Impulsivity < 0 || as.Impulsivity > 2 {
			bad("assessment.impulsivity", strconv.Itoa(as.Impulsivity), "want an answer score 0 (none), 1 (some) or 2 (significant)")
		}
		if as.TemperControl < 0 || as.TemperControl > 2 {
			bad("assessment.temper_control", strconv.Itoa(as.TemperControl), "want an answer score 0 (none), 1 (some) or 2 (significant)")
		}
	}
	if v := in.V3; v != nil {
		for _, p := range [...]struct {
			field string
			pr    *Predictor
		}{{"v3.arp.score", v.ARP}, {"v3.csrp.score", v.CSRP}} {
			if p.pr != nil && !percent(p.pr.Score) {
				bad(p.field, fmtNum(p.pr.Score), "want a percentage from 0 to 100")
			}
		}
		if !percent(v.DCSRPScore) {
			bad("v3.dcsrp_score", fmtNum(v.DCSRPScore), "want a percentage from 0 to 100")
		}
		if !v.DCSRPBand.IsValid() {
			bad("v3.dcsrp_band", v.DCSRPBand.String(), "want LOW, MEDIUM, HIGH, VERY_HIGH, NOT_APPLICABLE or NONE")
		}
		if !v.LatestReleaseDate.IsZero() && !v.LatestReleaseDate.IsValid() {
			bad("v3.latest_release_date", v.LatestReleaseDate.String(), "want a real calendar date")
		}
		steps := v.ActiveEvent && v.ARP != nil && v.CSRP != nil
		if steps && v.DCSRPBand == SRPBandMedium && v.DCSRPScore > 0 && v.DCSRPScore < dcsrpMediumFloor {
			bad("v3.dcsrp_score", fmtNum(v.DCSRPScore), "below 0.60 in the MEDIUM band, which hmpps-tier rejects (IllegalStateException)")
		}
		if st != nil && steps && f.lifer && !v.LatestReleaseDate.IsZero() && st.AsOf.IsZero() {
			bad("as_of", "", "the lifer/IPP rule needs an as-of date: the case has an INLL registration and a release date")
		}
	}
	return probs
}

// settingsProblems appends the bad values of the Settings themselves,
// which hold for every case, to probs (Record "settings").
func settingsProblems(st *Settings, probs []probation.FieldError) []probation.FieldError {
	if !st.AsOf.IsZero() && !st.AsOf.IsValid() {
		probs = append(probs, probation.FieldError{Record: "settings", Index: -1, Field: "as_of", Value: st.AsOf.String(), Message: "want a real calendar date"})
	}
	if !st.Version.IsValid() {
		probs = append(probs, probation.FieldError{Record: "settings", Index: -1, Field: "version", Value: st.Version.String(), Message: "want rules version 1 or 2"})
	}
	return probs
}

// dated formats a registration value with its date.
func dated(v string, d Date) string {
	if d.IsZero() {
		return v + ", undated"
	}
	return v + " " + d.String()
}

// maxSectionScore bounds a need section score. A section sums at most
// five answers scoring 0–2, so 100 is far above any real score.
const maxSectionScore = 100

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func percent(x float64) bool { return finite(x) && x >= 0 && x <= 100 }
