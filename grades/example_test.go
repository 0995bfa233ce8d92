package grades_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// A national decision: a high RoSH case may not go to a PSO.
func ExamplePolicy_Decide() {
	p := grades.National()
	c := grades.Profile{RoSH: tiering.RoSHHigh, Tier: tiering.MustParseTier("B2")}
	for _, g := range []grades.Grade{grades.PO, grades.PSO} {
		d := p.Decide(c, g)
		fmt.Println(d.Grade, d.Verdict, d.Scope, d.RuleIDs())
	}
	fmt.Println(p.Decide(c, grades.PSO).Reason)
	// Output:
	// PO eligible national []
	// PSO ineligible national [rosh-high-to-po]
	// PSO may not hold this case (RoSH HIGH, tier B2): A case with high or very high risk of serious harm is held by a Probation Officer; PSOs and trainees hold low and medium RoSH cases [rosh-high-to-po, national]
}

// The fast path: the grades that may hold a case, computed once per case.
func ExamplePolicy_Eligible() {
	p := grades.National()
	c := grades.Profile{RoSH: tiering.RoSHMedium, Flags: grades.DomesticAbuse}
	ok, warn := p.Eligible(c)
	fmt.Println("may hold:", ok)
	fmt.Println("with a reason:", warn)
	fmt.Println("a PQiP at 3 months:", ok.Has(grades.PQiPAt(3)))
	// Output:
	// may hold: PO|PSO|PQiP2|PQiP3|PQiP4|NQO
	// with a reason: PQiP2
	// a PQiP at 3 months: false
}

// A local override: a region relaxes a national default rule for
// first-stage trainees without copying the rest of the national policy,
// and the decision says which scope decided.
func ExamplePolicy_In() {
	relax := grades.Rule{
		ID:          "nw-pqip-stage1-medium",
		Description: "First-stage trainees may hold medium RoSH cases with a recorded reason",
		Source:      "North West region allocation guidance",
		Scope:       "North West",
		Replaces:    "pqip-stage1-low-rosh-only",
		Severity:    grades.Soft,
		Grades:      grades.SetOf(grades.PQiP, grades.PQiP1),
		Condition:   grades.Condition{RoSH: grades.ValuesOf(tiering.RoSHMedium)},
	}
	p, err := grades.NewPolicy(append(grades.NationalRules(), relax))
	if err != nil {
		fmt.Println(err)
		return
	}
	c := grades.Profile{RoSH: tiering.RoSHMedium}
	for _, v := range []*grades.Policy{p, p.In("North West")} {
		d := v.Decide(c, grades.PQiP1)
		fmt.Println(d.Verdict, d.Scope, d.RuleIDs())
	}
	// Output:
	// ineligible national [pqip-stage1-low-rosh-only]
	// eligible_with_warnings North West [nw-pqip-stage1-medium]
}

// An override reason is recorded on a decision with warnings; a hard rule
// cannot be overridden.
func ExampleDecision_Override() {
	p := grades.National()
	d := p.Decide(grades.Profile{RoSH: tiering.RoSHMedium, MAPPALevel: tiering.MAPPA1}, grades.PSO)
	d, err := d.Override(grades.Continuity, "supervised her on the previous order")
	fmt.Println(d.Verdict, d.RuleIDs(), err)
	fmt.Println(d.Overridden)

	hard := p.Decide(grades.Profile{RoSH: tiering.RoSHVeryHigh}, grades.PSO)
	_, err = hard.Override(grades.NoStaff, "")
	fmt.Println(errors.Is(err, grades.ErrHardRule))
	// Output:
	// eligible_with_warnings [mappa-1-prefer-po] <nil>
	// has worked with the person before: supervised her on the previous order
	// true
}

// Loading a policy from JSON: validation names the rule and the field.
func ExampleDecode() {
	_, err := grades.Decode(strings.NewReader(`{"rules": [
		{"id": "pdu-lao", "description": "LAO cases to a PO", "source": "PDU guidance",
		 "scope": "Leeds", "severity": "hard", "grades": ["PSO", "PQiP*"],
		 "condition": {"flags_any": ["LAO"]}}
	]}`))
	var ve *probation.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f)
		}
	}
	p, err := grades.Decode(strings.NewReader(`{"rules": [
		{"id": "pdu-lao", "description": "LAO cases to a PO", "source": "PDU guidance",
		 "scope": "Leeds", "severity": "hard", "grades": ["PSO", "PQiP*"],
		 "condition": {"flags_any": ["restricted_access"]}}
	]}`))
	fmt.Println(err, p.LocalScopes())
	// Output:
	// line 2: rule "pdu-lao": condition.flags_any = "LAO": want a flag name (domestic_abuse, child_protection, child_concerns, sexual_offending, stalking, terrorism, critical_public_protection, street_gangs, lifer, restricted_access) or a registration code (ADVP, INLL, RCCO, RCHD, RCPR, REG30, RTAO, SPO, STRG)
	// <nil> [Leeds]
}

// NDelius staff grade codes map to grades; an unknown code is reported.
func ExampleFromStaffCode() {
	for _, code := range []string{"PSM", "PSQ", "PSP", "PSC", "NPSQ", "QQQ"} {
		g, err := grades.FromStaffCode(code)
		fmt.Println(code, g, err)
	}
	// Output:
	// PSM PO <nil>
	// PSQ PSO <nil>
	// PSP PQiP <nil>
	// PSC SPO <nil>
	// NPSQ PSO <nil>
	// QQQ Grade(0) grades: unknown staff grade code "QQQ"
}

// A condition's sets hold values of one tiering type; AtLeast follows the
// type's order of seriousness, and leaves out "nothing recorded".
func ExampleAtLeast() {
	fmt.Println(grades.AtLeast(tiering.RoSHMedium))
	fmt.Println(grades.AtLeast(tiering.ProtectB))
	fmt.Println(grades.AtLeast(tiering.V3C) | grades.ValuesOf(tiering.V3Missing))
	fmt.Println(grades.ValuesOf(tiering.MAPPACategory1, tiering.MAPPACategory4))
	// Output:
	// MEDIUM|HIGH|VERY_HIGH
	// A|B
	// A|B|C|MISSING
	// M1|M4
}
