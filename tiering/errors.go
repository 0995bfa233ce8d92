package tiering

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
)

// Problem is one bad value in one case.
type Problem struct {
	// ID is the case's Input.ID (it may be empty).
	ID string `json:"id,omitempty"`
	// Index is the case's 0-based position in the input of
	// [ClassifyAll] or of a JSON-lines stream; 0 for a single case.
	Index int `json:"index"`
	// Field names the offending field with the JSON field names of the
	// wire schema ("rsr", "registrations[2].date", "v3.dcsrp_score"); it
	// is empty for a fault in the JSON text as a whole, and "as_of" or
	// "version" for the Settings.
	Field string `json:"field"`
	// Value is the offending value as text (for JSON input, the JSON
	// text, shortened if long).
	Value string `json:"value"`
	// Reason says what is wrong and what is wanted.
	Reason string `json:"reason"`
}

// String formats the problem as `field = value: reason`.
func (p Problem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("%s: %s", p.Value, p.Reason)
	}
	return fmt.Sprintf("%s = %s: %s", p.Field, p.Value, p.Reason)
}

// ValidationError reports every problem found in one pass over one or
// more cases, so that a record can be fixed at once. Problems are in
// input order, then field order. Reach it with errors.As.
type ValidationError struct {
	Problems []Problem
}

// maxListed bounds the number of problems Error spells out.
const maxListed = 20

// Error lists the first problems, one per line, with the case they
// belong to, and counts the rest.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tiering: %d invalid value(s)", len(e.Problems))
	for i, p := range e.Problems {
		if i == maxListed {
			fmt.Fprintf(&b, "\n\t… and %d more", len(e.Problems)-maxListed)
			break
		}
		fmt.Fprintf(&b, "\n\tcase %d (id %q) %s", p.Index, p.ID, p)
	}
	return b.String()
}

// As lets errors.As reach e as a *probation.ValidationError, the
// module's one error shape for bad input: each Problem becomes a
// FieldError of record "case" with the same ID, index, field and value,
// its Reason as the message, and Op is "tiering". Any other target is
// left alone.
func (e *ValidationError) As(target any) bool {
	return check.As(target, "tiering", len(e.Problems), func(i int) probation.FieldError {
		p := e.Problems[i]
		return probation.FieldError{Record: "case", ID: p.ID, Index: p.Index, Field: p.Field, Value: p.Value, Message: p.Reason}
	})
}

// asValidation returns probs as a *ValidationError, or nil when empty.
func asValidation(probs []Problem) error {
	if len(probs) == 0 {
		return nil
	}
	return &ValidationError{Problems: probs}
}

// Validate reports every problem in the input as one *[ValidationError],
// or nil. The checks, besides the range of every typed value:
//   - RSR is a percentage 0–100 or the Delius sentinel 999.99; OGRS a
//     whole percentage 0–100; the v3 scores percentages 0–100. NaN and
//     infinities are rejected everywhere.
//   - A RoSH level, MAPPA level or MAPPA category given as a field must
//     agree with the one the registrations give, if they give one.
//   - Registrations have a code and, if dated, a real date.
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
	return asValidation(validate(&in, &f, nil, nil))
}

// validate appends the problems of in, whose registrations gave f (and
// of st, if not nil), to probs. It allocates only when it finds a
// problem.
func validate(in *Input, f *facts, st *Settings, probs []Problem) []Problem {
	bad := func(field, value, reason string) {
		probs = append(probs, Problem{ID: in.ID, Field: field, Value: value, Reason: reason})
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
	for i := range in.Registrations {
		r := &in.Registrations[i]
		if strings.TrimSpace(r.Code) == "" {
			bad(fmt.Sprintf("registrations[%d].code", i), strconv.Quote(r.Code), "want a Delius registration code such as RHRH or MAPP")
		}
		if !r.Date.IsZero() && !r.Date.IsValid() {
			bad(fmt.Sprintf("registrations[%d].date", i), r.Date.String(), "want a real calendar date")
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

// settingsProblems appends the problems of the Settings themselves, which
// hold for every case, to probs.
func settingsProblems(st *Settings, probs []Problem) []Problem {
	if !st.AsOf.IsZero() && !st.AsOf.IsValid() {
		probs = append(probs, Problem{Field: "as_of", Value: st.AsOf.String(), Reason: "want a real calendar date"})
	}
	if !st.Version.IsValid() {
		probs = append(probs, Problem{Field: "version", Value: st.Version.String(), Reason: "want rules version 1 or 2"})
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
