package grades_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

const (
	PO    = grades.PO
	PSO   = grades.PSO
	PQiP  = grades.PQiP
	PQiP1 = grades.PQiP1
	PQiP2 = grades.PQiP2
	PQiP3 = grades.PQiP3
	PQiP4 = grades.PQiP4
	NQO   = grades.NQO
	SPO   = grades.SPO
	DMY   = grades.DMY
)

// decisionSummary is the part of a Decision that the table tests pin down;
// Reason is checked to be non-empty.
type decisionSummary struct {
	Verdict grades.Verdict
	Rules   []string
	Scope   string
}

func summarise(d grades.Decision) decisionSummary {
	return decisionSummary{Verdict: d.Verdict, Rules: d.RuleIDs(), Scope: d.Scope}
}

func TestNationalDecide(t *testing.T) {
	low := grades.Profile{RoSH: tiering.RoSHLow, Tier: tiering.MustParseTier("D1")}
	medium := grades.Profile{RoSH: tiering.RoSHMedium, Tier: tiering.MustParseTier("C2")}
	high := grades.Profile{RoSH: tiering.RoSHHigh, Tier: tiering.MustParseTier("B2")}
	national := grades.NationalScope
	tests := []struct {
		name   string
		c      grades.Profile
		g      grades.Grade
		want   decisionSummary
		reason string
	}{
		{"po low", low, PO, decisionSummary{grades.Eligible, []string{}, national}, "a PO may hold any case"},
		{"pso low", low, PSO, decisionSummary{grades.Eligible, []string{}, national}, "PSOs hold low RoSH cases"},
		{"pso medium", medium, PSO, decisionSummary{grades.Eligible, []string{}, national}, "PSOs hold medium RoSH cases"},
		{"pso high", high, PSO, decisionSummary{grades.Ineligible, []string{"rosh-high-to-po"}, national}, "high RoSH goes to a PO (HoL JHA para 200)"},
		{"nqo high", high, NQO, decisionSummary{grades.Eligible, []string{}, national}, "an NQO is a qualified PO"},
		{"pqip4 very high", grades.Profile{RoSH: tiering.RoSHVeryHigh}, PQiP4, decisionSummary{grades.Ineligible, []string{"rosh-high-to-po"}, national}, "trainees at every stage are below PO"},
		{"spo", low, SPO, decisionSummary{grades.Ineligible, []string{"spo-holds-no-cases"}, national}, "SPOs hold no cases by default"},
		{"dmy", low, DMY, decisionSummary{grades.Ineligible, []string{"no-grade-holds-no-cases"}, national}, "no grade, no case"},
		{"mappa 2", grades.Profile{RoSH: tiering.RoSHMedium, MAPPALevel: tiering.MAPPA2}, PSO, decisionSummary{grades.Ineligible, []string{"mappa-2-3-to-po"}, national}, "MAPPA 2/3 to a PO"},
		{"mappa 1", grades.Profile{RoSH: tiering.RoSHMedium, MAPPALevel: tiering.MAPPA1}, PSO, decisionSummary{grades.EligibleWithWarnings, []string{"mappa-1-prefer-po"}, national}, "MAPPA 1 is a soft rule"},
		{"terrorism flag", grades.Profile{RoSH: tiering.RoSHLow, Flags: grades.Terrorism}, PQiP3, decisionSummary{grades.Ineligible, []string{"terrorism-to-po"}, national}, "terrorism to a PO"},
		{"mappa category 4", grades.Profile{RoSH: tiering.RoSHLow, MAPPACategory: tiering.MAPPACategory4}, PSO, decisionSummary{grades.Ineligible, []string{"mappa-category-4-to-po"}, national}, "MAPPA category 4 is terrorism"},
		{"cppc", grades.Profile{RoSH: tiering.RoSHLow, Flags: grades.CriticalPublicProtection}, PSO, decisionSummary{grades.Ineligible, []string{"cppc-to-po"}, national}, "CPPC to a PO"},
		{"rosh missing pso", grades.Profile{}, PSO, decisionSummary{grades.EligibleWithWarnings, []string{"rosh-missing-check"}, national}, "no RoSH recorded: check risk, reason needed"},
		{"rosh missing po", grades.Profile{}, PO, decisionSummary{grades.Eligible, []string{}, national}, "a PO needs no reason"},
		{"sexual offending", grades.Profile{RoSH: tiering.RoSHMedium, Flags: grades.SexualOffending}, PSO, decisionSummary{grades.EligibleWithWarnings, []string{"sexual-offending-prefer-po"}, national}, "sexual offending is a soft rule for PSOs"},
		{"pqip1 medium", medium, PQiP1, decisionSummary{grades.Ineligible, []string{"pqip-stage1-low-rosh-only"}, national}, "first stage: low RoSH only"},
		{"pqip unknown medium", medium, PQiP, decisionSummary{grades.Ineligible, []string{"pqip-stage1-low-rosh-only"}, national}, "unknown stage read as the first"},
		{"pqip1 low", low, PQiP1, decisionSummary{grades.Eligible, []string{}, national}, "first stage holds low RoSH"},
		{"pqip1 domestic abuse", grades.Profile{RoSH: tiering.RoSHLow, Flags: grades.DomesticAbuse}, PQiP1, decisionSummary{grades.Ineligible, []string{"pqip-stage1-complex"}, national}, "no complex registrations in the first stage"},
		{"pqip2 medium domestic abuse", grades.Profile{RoSH: tiering.RoSHMedium, Flags: grades.DomesticAbuse}, PQiP2, decisionSummary{grades.EligibleWithWarnings, []string{"pqip-stage2-medium-rosh", "pqip-stage2-complex"}, national}, "second stage: soft rules, in policy order"},
		{"pqip3 medium domestic abuse", grades.Profile{RoSH: tiering.RoSHMedium, Flags: grades.DomesticAbuse}, PQiP3, decisionSummary{grades.Eligible, []string{}, national}, "third stage: the PSO limits"},
		{"hard before soft", grades.Profile{RoSH: tiering.RoSHHigh, MAPPALevel: tiering.MAPPA1, Flags: grades.SexualOffending}, PSO,
			decisionSummary{grades.Ineligible, []string{"rosh-high-to-po", "mappa-1-prefer-po", "sexual-offending-prefer-po"}, national}, "hard rules first, then soft, each in policy order"},
		{"invalid grade", low, 0, decisionSummary{grades.Ineligible, []string{}, ""}, "the zero Grade holds nothing"},
		{"invalid profile", grades.Profile{RoSH: 9}, PO, decisionSummary{grades.Ineligible, []string{}, ""}, "an invalid case is not decided"},
	}
	p := grades.National()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := p.Decide(tt.c, tt.g)
			if diff := cmp.Diff(tt.want, summarise(d)); diff != "" {
				t.Errorf("Decide(%v, %v) mismatch (-want +got):\n%s\n(%s)", tt.c, tt.g, diff, tt.reason)
			}
			if d.Reason == "" || d.Grade != tt.g || d.Case != tt.c {
				t.Errorf("Decide(%v, %v) = %+v: want the grade, the case and a reason", tt.c, tt.g, d)
			}
			ok, warn := p.Eligible(tt.c)
			if got := verdictOf(ok, warn, tt.g); got != d.Verdict {
				t.Errorf("Eligible(%v) gives %v for %v, Decide gives %v", tt.c, got, tt.g, d.Verdict)
			}
		})
	}
}

// verdictOf reads the verdict for g from Eligible's sets.
func verdictOf(ok, warn grades.Set, g grades.Grade) grades.Verdict {
	switch {
	case !ok.Has(g):
		return grades.Ineligible
	case warn.Has(g):
		return grades.EligibleWithWarnings
	}
	return grades.Eligible
}

func TestZeroPolicy(t *testing.T) {
	var p grades.Policy
	ok, warn := p.Eligible(grades.Profile{RoSH: tiering.RoSHVeryHigh})
	if ok != grades.AllGrades || warn != 0 {
		t.Errorf("zero Policy Eligible = %v, %v; want every grade, no warning", ok, warn)
	}
	if d := p.Decide(grades.Profile{}, SPO); d.Verdict != grades.Eligible || d.Scope != grades.NationalScope {
		t.Errorf("zero Policy Decide = %v; want eligible, national", d)
	}
	if got := p.In("anywhere").Effective(); len(got) != 0 {
		t.Errorf("zero Policy In(anywhere).Effective() = %v; want none", got)
	}
}

func TestNationalRulesCite(t *testing.T) {
	for _, r := range grades.NationalRules() {
		if r.Source == "" || r.Description == "" || !r.IsNational() {
			t.Errorf("national rule %q lacks a source, a description or the national scope", r.ID)
		}
	}
	p := grades.National()
	if diff := cmp.Diff(p.Rules(), p.Effective()); diff != "" {
		t.Errorf("national view: Effective() differs from Rules() (-rules +effective):\n%s", diff)
	}
}

func TestNewPolicyValidation(t *testing.T) {
	good := grades.Rule{
		ID: "r", Description: "d", Source: "s", Severity: grades.Hard, Grades: grades.SetOf(PSO),
		Condition: grades.Condition{RoSH: grades.AtLeast(tiering.RoSHHigh)},
	}
	with := func(f func(*grades.Rule)) grades.Rule {
		r := good
		f(&r)
		return r
	}
	tests := []struct {
		name   string
		rules  []grades.Rule
		want   []at
		reason string
	}{
		{"empty ID", []grades.Rule{with(func(r *grades.Rule) { r.ID = "" })},
			[]at{{Record: "rule", ID: "", Index: 0, Field: "id"}}, "every rule needs an ID"},
		{"duplicate ID", []grades.Rule{good, good},
			[]at{{Record: "rule", ID: "r", Index: 1, Field: "id"}}, "IDs are unique"},
		{"empty condition", []grades.Rule{with(func(r *grades.Rule) { r.Condition = grades.Condition{} })},
			[]at{{Record: "rule", ID: "r", Index: 0, Field: "condition"}}, "an empty condition needs AnyCase"},
		{"any case with predicates", []grades.Rule{with(func(r *grades.Rule) { r.Condition.AnyCase = true })},
			[]at{{Record: "rule", ID: "r", Index: 0, Field: "condition"}}, "AnyCase is only for an empty condition"},
		{"no grades, no severity, no source", []grades.Rule{with(func(r *grades.Rule) { r.Grades, r.Severity, r.Source = 0, 0, " " })},
			[]at{{Record: "rule", ID: "r", Index: 0, Field: "source"}, {Record: "rule", ID: "r", Index: 0, Field: "severity"}, {Record: "rule", ID: "r", Index: 0, Field: "grades"}},
			"every problem of a rule is reported"},
		{"unknown flag bits", []grades.Rule{with(func(r *grades.Rule) { r.Condition.FlagsAny = 1 << 14 })},
			[]at{{Record: "rule", ID: "r", Index: 0, Field: "condition.flags_any"}}, "unknown flags are rejected"},
		{"replaces unknown", []grades.Rule{good, with(func(r *grades.Rule) { r.ID, r.Scope, r.Replaces = "l", "North West", "nope" })},
			[]at{{Record: "rule", ID: "l", Index: 1, Field: "replaces"}}, "a replacement names an existing rule"},
		{"national replaces", []grades.Rule{good, with(func(r *grades.Rule) { r.ID, r.Replaces = "n", "r" })},
			[]at{{Record: "rule", ID: "n", Index: 1, Field: "replaces"}}, "national rules are edited, not replaced"},
		{"same scope", []grades.Rule{with(func(r *grades.Rule) { r.Scope = "X" }), with(func(r *grades.Rule) { r.ID, r.Scope, r.Replaces = "l", "X", "r" })},
			[]at{{Record: "rule", ID: "l", Index: 1, Field: "replaces"}}, "a scope edits its own rules"},
		{"two replacements", []grades.Rule{good,
			with(func(r *grades.Rule) { r.ID, r.Scope, r.Replaces = "a", "X", "r" }),
			with(func(r *grades.Rule) { r.ID, r.Scope, r.Replaces = "b", "X", "r" })},
			[]at{{Record: "rule", ID: "b", Index: 2, Field: "replaces"}}, "one replacement per rule per scope"},
		{"ID with space", []grades.Rule{with(func(r *grades.Rule) { r.ID = " r" })},
			[]at{{Record: "rule", ID: " r", Index: 0, Field: "id"}}, "issue 9 §3: IDs are rejected, not trimmed"},
		{"scope with space", []grades.Rule{good, with(func(r *grades.Rule) { r.ID, r.Scope = "l", "North West " })},
			[]at{{Record: "rule", ID: "l", Index: 1, Field: "scope"}}, "scope names are compared exactly, so they are not trimmed either"},
		{"waiver with grades", []grades.Rule{good, {ID: "w", Description: "d", Source: "s", Scope: "X", Replaces: "r", Waive: true, Grades: grades.SetOf(PO)}},
			[]at{{Record: "rule", ID: "w", Index: 1, Field: "waive"}}, "a waiver carries nothing else"},
		{"national waiver", []grades.Rule{good, {ID: "w", Description: "d", Source: "s", Replaces: "r", Waive: true}},
			[]at{{Record: "rule", ID: "w", Index: 1, Field: "scope"}, {Record: "rule", ID: "w", Index: 1, Field: "replaces"}}, "waivers are local"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := grades.NewPolicy(tt.rules)
			if diff := cmp.Diff(tt.want, locations(t, err, "grades.NewPolicy")); diff != "" {
				t.Errorf("NewPolicy() field errors mismatch (-want +got):\n%s\n(%s)", diff, tt.reason)
			}
		})
	}
	if _, err := grades.NewPolicy([]grades.Rule{good}); err != nil {
		t.Errorf("NewPolicy(good) error: %v", err)
	}
}
