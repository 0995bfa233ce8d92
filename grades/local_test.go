package grades_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// localPolicy is the national default with a region that relaxes one
// national rule and adds one, and a PDU inside it that adds a rule and
// waives two.
func localPolicy(t testing.TB) *grades.Policy {
	t.Helper()
	const nw, mn = "North West", "Manchester North"
	local := []grades.Rule{
		{
			ID: "nw-pqip-stage1-medium", Scope: nw, Replaces: "pqip-stage1-low-rosh-only",
			Description: "First-stage trainees may hold medium RoSH cases with a recorded reason",
			Source:      "North West region allocation guidance (test)", Severity: grades.Soft,
			Grades: grades.SetOf(PQiP, PQiP1), Condition: grades.Condition{RoSH: grades.ValuesOf(tiering.RoSHMedium)},
		},
		{
			ID: "nw-lao-to-po", Scope: nw,
			Description: "Restricted access cases go to a PO", Source: "North West region allocation guidance (test)",
			Severity: grades.Hard, Grades: grades.SetOf(PSO) | grades.Trainees,
			Condition: grades.Condition{FlagsAny: grades.RestrictedAccess},
		},
		{
			ID: "mn-v3-ab-to-po", Scope: mn,
			Description: "v3 tier A or B cases go to a PO", Source: "Manchester North PDU (test)",
			Severity: grades.Hard, Grades: grades.SetOf(PSO) | grades.Trainees,
			Condition: grades.Condition{V3: grades.AtLeast(tiering.V3B)},
		},
		{
			ID: "mn-waive-pqip-medium", Scope: mn, Replaces: "nw-pqip-stage1-medium", Waive: true,
			Description: "Trainees are mentored: no reason needed for medium RoSH", Source: "Manchester North PDU (test)",
		},
		{
			ID: "mn-waive-sexual-offending", Scope: mn, Replaces: "sexual-offending-prefer-po", Waive: true,
			Description: "PSOs with sexual offending training hold these cases", Source: "Manchester North PDU (test)",
		},
	}
	p, err := grades.NewPolicy(append(grades.NationalRules(), local...))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLocalScopes(t *testing.T) {
	p := localPolicy(t)
	medium := grades.Profile{RoSH: tiering.RoSHMedium}
	lao := grades.Profile{RoSH: tiering.RoSHLow, Flags: grades.RestrictedAccess}
	sexual := grades.Profile{RoSH: tiering.RoSHLow, Flags: grades.SexualOffending}
	v3b := grades.Profile{RoSH: tiering.RoSHLow, V3: tiering.V3B}
	tests := []struct {
		name   string
		scopes []string
		c      grades.Profile
		g      grades.Grade
		want   decisionSummary
		reason string
	}{
		{"national pqip1 medium", nil, medium, PQiP1,
			decisionSummary{grades.Ineligible, []string{"pqip-stage1-low-rosh-only"}, "national"}, "local rules do not apply in the national view"},
		{"region relaxes", []string{"North West"}, medium, PQiP1,
			decisionSummary{grades.EligibleWithWarnings, []string{"nw-pqip-stage1-medium"}, "North West"}, "the region's soft replacement stands in for the national hard rule"},
		{"pdu waives the region's rule", []string{"North West", "Manchester North"}, medium, PQiP1,
			decisionSummary{grades.Eligible, []string{}, "Manchester North"}, "the PDU waived the replacement; the PDU decided"},
		{"pdu alone", []string{"Manchester North"}, medium, PQiP1,
			decisionSummary{grades.Ineligible, []string{"pqip-stage1-low-rosh-only"}, "national"}, "a waiver of a rule not in effect does nothing"},
		{"region tightens", []string{"North West"}, lao, PSO,
			decisionSummary{grades.Ineligible, []string{"nw-lao-to-po"}, "North West"}, "the region adds a hard rule"},
		{"national lao", nil, lao, PSO,
			decisionSummary{grades.Eligible, []string{}, "national"}, "no national rule on restricted access"},
		{"pdu waives national soft rule", []string{"North West", "Manchester North"}, sexual, PSO,
			decisionSummary{grades.Eligible, []string{}, "Manchester North"}, "the PDU waived a national rule"},
		{"pdu adds v3 rule", []string{"North West", "Manchester North"}, v3b, PQiP4,
			decisionSummary{grades.Ineligible, []string{"mn-v3-ab-to-po"}, "Manchester North"}, "the PDU keys on the v3 tier"},
		{"unknown scope", []string{"Nowhere"}, medium, PQiP1,
			decisionSummary{grades.Ineligible, []string{"pqip-stage1-low-rosh-only"}, "national"}, "an unknown scope gives the national rules"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := p.In(tt.scopes...)
			d := v.Decide(tt.c, tt.g)
			if diff := cmp.Diff(tt.want, summarise(d)); diff != "" {
				t.Errorf("In(%q).Decide(%v, %v) mismatch (-want +got):\n%s\n(%s)\nreason: %s", tt.scopes, tt.c, tt.g, diff, tt.reason, d.Reason)
			}
			ok, warn := v.Eligible(tt.c)
			if got := verdictOf(ok, warn, tt.g); got != d.Verdict {
				t.Errorf("In(%q).Eligible(%v) gives %v for %v, Decide gives %v", tt.scopes, tt.c, got, tt.g, d.Verdict)
			}
		})
	}
}

func TestLocalViews(t *testing.T) {
	p := localPolicy(t)
	both := p.In("North West", "Manchester North")
	chained := p.In(" North West ").In("Manchester North", "national", "North West", "Nowhere")
	if diff := cmp.Diff(both.Effective(), chained.Effective()); diff != "" {
		t.Errorf("In(a).In(b) and In(a, b) differ (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"North West", "Manchester North"}, chained.Scopes()); diff != "" {
		t.Errorf("Scopes() mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"North West", "Manchester North"}, p.LocalScopes()); diff != "" {
		t.Errorf("LocalScopes() mismatch (-want +got):\n%s", diff)
	}
	if p.In("Nowhere") != p {
		t.Errorf("In(unknown scope) built a new view; want the national view itself")
	}
	var ids []string
	for _, r := range p.In("North West").Effective() {
		ids = append(ids, r.ID)
	}
	i := slices.Index(ids, "nw-pqip-stage1-medium")
	if i < 0 || ids[i-1] != "sexual-offending-prefer-po" || ids[len(ids)-1] != "nw-lao-to-po" || slices.Contains(ids, "pqip-stage1-low-rosh-only") {
		t.Errorf("North West effective rules = %q; want the replacement where the national rule stood and the added rule last", ids)
	}
	for _, r := range both.Effective() {
		if r.Waive || r.ID == "nw-pqip-stage1-medium" || r.ID == "sexual-offending-prefer-po" {
			t.Errorf("North West + Manchester North: rule %q is in effect; want it waived (waivers themselves never in effect)", r.ID)
		}
	}
	d := both.Decide(grades.Profile{RoSH: tiering.RoSHMedium}, PQiP1)
	if !strings.Contains(d.Reason, "pqip-stage1-low-rosh-only") || !strings.Contains(d.Reason, "mn-waive-pqip-medium") {
		t.Errorf("reason %q: want it to name the national rule and the PDU's waiver", d.Reason)
	}
}
