package tiering_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/tiering"
)

func problemsOf(t *testing.T, err error) []probation.FieldError {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *probation.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a *ValidationError", err, err)
	}
	return ve.Fields
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, reason string
		in           tiering.Input
		want         []probation.FieldError
	}{
		{"zero input", "the zero Input is valid", tiering.Input{}, nil},
		{"RSR sentinel", "999.99 is the Delius no-score value", tiering.Input{RSR: 999.99}, nil},
		{"every problem at once", "issue: a validation error names every problem",
			tiering.Input{ID: "X1", RSR: 130, OGRS: 101, RoSH: 9, MAPPALevel: 7,
				Registrations: []tiering.Registration{{Code: " "}},
				Assessment: &tiering.Assessment{Impulsivity: 3, Needs: []tiering.NeedScore{
					{Need: tiering.NeedAttitudes, Score: 3},
					{Need: tiering.NeedAttitudes, Score: -1},
					{Need: 0, Severity: 9},
					{Need: tiering.NeedDrugMisuse, Score: 2, Severity: tiering.SeveritySevere},
				}},
				V3: &tiering.V3Input{ActiveEvent: true, ARP: &tiering.Predictor{Score: -1}, CSRP: &tiering.Predictor{Score: math.NaN()},
					DCSRPScore: 0.59, DCSRPBand: tiering.SRPBandMedium},
			},
			[]probation.FieldError{
				{Record: "case", Index: -1, ID: "X1", Field: "rsr", Value: "130", Message: "want a percentage from 0 to 100, or 999.99 for no score"},
				{Record: "case", Index: -1, ID: "X1", Field: "ogrs", Value: "101", Message: "want a whole percentage from 0 to 100"},
				{Record: "case", Index: -1, ID: "X1", Field: "rosh", Value: "RoSH(9)", Message: "want LOW, MEDIUM, HIGH, VERY_HIGH or NONE"},
				{Record: "case", Index: -1, ID: "X1", Field: "mappa_level", Value: "MAPPALevel(7)", Message: "want M1, M2, M3 or NONE"},
				{Record: "case", Index: -1, ID: "X1", Field: "registrations[0].code", Value: " ", Message: "want a Delius registration code such as RHRH or MAPP"},
				{Record: "case", Index: -1, ID: "X1", Field: "assessment.needs[1].need", Value: "ATTITUDES", Message: "listed more than once"},
				{Record: "case", Index: -1, ID: "X1", Field: "assessment.needs[1].score", Value: "-1", Message: "want a section score from 0 to 100"},
				{Record: "case", Index: -1, ID: "X1", Field: "assessment.needs[2].need", Value: "Need(0)", Message: "want a need such as ACCOMMODATION or an OASys section 3-12"},
				{Record: "case", Index: -1, ID: "X1", Field: "assessment.needs[2].severity", Value: "Severity(9)", Message: "want NO_NEED, STANDARD or SEVERE"},
				{Record: "case", Index: -1, ID: "X1", Field: "assessment.needs[3].severity", Value: "SEVERE", Message: "give a section score or a severity, not both"},
				{Record: "case", Index: -1, ID: "X1", Field: "assessment.impulsivity", Value: "3", Message: "want an answer score 0 (none), 1 (some) or 2 (significant)"},
				{Record: "case", Index: -1, ID: "X1", Field: "v3.arp.score", Value: "-1", Message: "want a percentage from 0 to 100"},
				{Record: "case", Index: -1, ID: "X1", Field: "v3.csrp.score", Value: "NaN", Message: "want a percentage from 0 to 100"},
				{Record: "case", Index: -1, ID: "X1", Field: "v3.dcsrp_score", Value: "0.59", Message: "below 0.60 in the MEDIUM band, which hmpps-tier rejects (IllegalStateException)"},
			}},
		{"RoSH field disagrees with registration", "Input doc: a disagreeing field is a problem, not a silent choice",
			tiering.Input{RoSH: tiering.RoSHHigh, Registrations: []tiering.Registration{regOn("RVHR", "2025-01-02")}},
			[]probation.FieldError{{Record: "case", Index: -1, Field: "rosh", Value: "HIGH", Message: "disagrees with the newest RoSH registration (RVHR 2025-01-02); give one or the other"}}},
		{"RoSH field agrees with registration", "Input doc", tiering.Input{RoSH: tiering.RoSHVeryHigh, Registrations: regs("RVHR")}, nil},
		{"MAPPA fields disagree", "Input doc",
			tiering.Input{MAPPALevel: tiering.MAPPA1, MAPPACategory: tiering.MAPPACategory3, Registrations: []tiering.Registration{mapp("M2", "M1")}},
			[]probation.FieldError{
				{Record: "case", Index: -1, Field: "mappa_level", Value: "M1", Message: "disagrees with the newest MAPP registration with a level (M2, undated); give one or the other"},
				{Record: "case", Index: -1, Field: "mappa_category", Value: "M3", Message: "disagrees with the newest MAPP registration's category (M1, undated); give one or the other"},
			}},
		{"DC-SRP floor only when the steps run", "hmpps-tier throws only in the SEXUAL_REOFFENDING step",
			tiering.Input{V3: &tiering.V3Input{ActiveEvent: true, ARP: &tiering.Predictor{}, DCSRPScore: 0.59, DCSRPBand: tiering.SRPBandMedium}}, nil},
		{"ID with surrounding space", "issue 9 §3: IDs are rejected, not trimmed", tiering.Input{ID: "X1 "},
			[]probation.FieldError{{Record: "case", Index: -1, ID: "X1 ", Field: "id", Value: "X1 ", Message: "has surrounding white space: want the ID without it"}}},
		{"codes with surrounding space", "a Delius code with spaces would match nothing, so it is named, not ignored",
			tiering.Input{Registrations: []tiering.Registration{{Code: "RHRH "}, {Code: "MAPP", Level: " M2"}},
				Convictions: []tiering.Conviction{{SentenceType: "NC\t", Requirements: []tiering.Requirement{{MainCategory: " F"}}}}},
			[]probation.FieldError{
				{Record: "case", Index: -1, Field: "registrations[0].code", Value: "RHRH ", Message: "has surrounding white space: want the Delius code without it"},
				{Record: "case", Index: -1, Field: "registrations[1].level", Value: " M2", Message: "has surrounding white space: want the Delius code without it"},
				{Record: "case", Index: -1, Field: "convictions[0].sentence_type", Value: "NC\t", Message: "has surrounding white space: want the Delius code without it"},
				{Record: "case", Index: -1, Field: "convictions[0].requirements[0].main_category", Value: " F", Message: "has surrounding white space: want the Delius code without it"},
			}},
		{"infinite RSR", "no NaN or infinity", tiering.Input{RSR: math.Inf(1)},
			[]probation.FieldError{{Record: "case", Index: -1, Field: "rsr", Value: "+Inf", Message: "want a percentage from 0 to 100, or 999.99 for no score"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problemsOf(t, tt.in.Validate())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() mismatch (-want +got) [%s]:\n%s", tt.reason, diff)
			}
			// Classify reports the same problems and a zero Result.
			r, err := tiering.Classify(tt.in, nil)
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("Classify() problems mismatch (-want +got):\n%s", diff)
			}
			if err != nil && r.Tier != tiering.Untiered {
				t.Errorf("Classify() with error returned tier %v, want zero Result", r.Tier)
			}
		})
	}
}

func TestClassifySettingsProblems(t *testing.T) {
	lifer := v3case(func(in *tiering.Input, v *tiering.V3Input) {
		in.ID, in.Registrations, v.LatestReleaseDate = "L1", regs("INLL"), tiering.MustParseDate("2025-01-01")
	})
	_, err := tiering.Classify(lifer, &tiering.Settings{Version: 9})
	want := []probation.FieldError{
		{Record: "case", Index: -1, ID: "L1", Field: "as_of", Message: "the lifer/IPP rule needs an as-of date: the case has an INLL registration and a release date"},
		{Record: "settings", Index: -1, Field: "version", Value: "Version(9)", Message: "want rules version 1 or 2"},
	}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("Classify() problems mismatch (-want +got):\n%s", diff)
	}
	if err := lifer.Validate(); err != nil {
		t.Errorf("Validate() = %v; the as-of date is a Settings check", err)
	}
	// Without a release date the lifer rule reads no date.
	lifer.V3.LatestReleaseDate = tiering.Date{}
	if _, err := tiering.Classify(lifer, nil); err != nil {
		t.Errorf("Classify(no release date, no AsOf) = %v, want nil", err)
	}
}

func TestUnmarshalJSONProblems(t *testing.T) {
	tests := []struct {
		name, reason, in string
		want             []probation.FieldError
	}{
		{"issue example", "issue #2 item 5: RSR 130, MAPPA level M7, unknown need severity, DC-SRP medium below 0.60",
			`{"id":"X9","rsr":130,"mappa_level":"M7","assessment":{"needs":[{"need":"ACCOMMODATION","severity":"CRITICAL"}]},
			  "v3":{"active_event":true,"arp":{"score":50},"csrp":{"score":1},"dcsrp_score":0.59,"dcsrp_band":"MEDIUM"}}`,
			[]probation.FieldError{
				{Record: "case", Index: -1, ID: "X9", Field: "mappa_level", Value: "M7", Message: "want one of NONE, M1, M2 or M3"},
				{Record: "case", Index: -1, ID: "X9", Field: "assessment.needs[0].severity", Value: "CRITICAL", Message: "want NO_NEED, STANDARD or SEVERE"},
				{Record: "case", Index: -1, ID: "X9", Field: "rsr", Value: "130", Message: "want a percentage from 0 to 100, or 999.99 for no score"},
				{Record: "case", Index: -1, ID: "X9", Field: "v3.dcsrp_score", Value: "0.59", Message: "below 0.60 in the MEDIUM band, which hmpps-tier rejects (IllegalStateException)"},
			}},
		{"types and names", "every fault reported, unknown names included",
			`{"RSR":7,"ogrs":55.5,"female":"yes","registrations":[{"code":1,"date":"2024-13-01","colour":"red"},null],"convictions":{}}`,
			[]probation.FieldError{
				{Record: "case", Index: -1, Field: "RSR", Value: "7", Message: "unknown field; known fields are id, female, rsr, ogrs, rosh, mappa_level, mappa_category, registrations, convictions, assessment, previous_enforcement, v3"},
				{Record: "case", Index: -1, Field: "female", Value: "yes", Message: "want true or false"},
				{Record: "case", Index: -1, Field: "ogrs", Value: "55.5", Message: "want a whole number"},
				{Record: "case", Index: -1, Field: "registrations[0].colour", Value: "red", Message: "unknown field; known fields are code, level, category, date"},
				{Record: "case", Index: -1, Field: "registrations[0].code", Value: "1", Message: "want a JSON string"},
				{Record: "case", Index: -1, Field: "registrations[0].date", Value: "2024-13-01", Message: "want YYYY-MM-DD"},
				{Record: "case", Index: -1, Field: "registrations[1]", Value: "null", Message: "want a registration object"},
				{Record: "case", Index: -1, Field: "convictions", Value: "{}", Message: "want a JSON array"},
			}},
		{"needs and predictors", "required parts of nested objects",
			`{"assessment":{"needs":[{"score":3}]},"v3":{"active_event":true,"arp":{"static":true},"csrp":5}}`,
			[]probation.FieldError{
				{Record: "case", Index: -1, Field: "assessment.needs[0].need", Value: "", Message: "required: the need, such as ACCOMMODATION"},
				{Record: "case", Index: -1, Field: "v3.arp.score", Value: "", Message: "required: the predictor score in percent (give null for the whole predictor when it is missing)"},
				{Record: "case", Index: -1, Field: "v3.csrp", Value: "5", Message: "want a JSON object"},
			}},
		{"repeated names", "issue 9 §3: duplicate JSON keys are rejected, wherever they are",
			`{"id":"X1","rsr":1,"rsr":2,"registrations":[{"code":"RVHR","code":"RLRH"}]}`,
			[]probation.FieldError{
				{Record: "case", Index: -1, ID: "X1", Field: "rsr", Message: "repeated name: give each member once"},
				{Record: "case", Index: -1, ID: "X1", Field: "registrations[0].code", Message: "repeated name: give each member once"},
			}},
		{"long value", "issue 9 §3: a value in an error is at most 64 bytes",
			`{"id":"` + strings.Repeat("x", 100) + `","rosh":"` + strings.Repeat("y", 1000) + `"}`,
			[]probation.FieldError{{Record: "case", Index: -1, ID: strings.Repeat("x", 61) + "…", Field: "rosh", Value: strings.Repeat("y", 61) + "…", Message: "want one of NONE, LOW, MEDIUM, HIGH or VERY_HIGH"}}},
		{"not an object", "one object per case", `[1,2]`,
			[]probation.FieldError{{Record: "case", Index: -1, Value: "[1,2]", Message: "want a JSON object"}}},
		{"valid", "nulls are absent values", `{"rosh":null,"assessment":null,"v3":{"active_event":true,"arp":null,"csrp":null}}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in tiering.Input
			err := json.Unmarshal([]byte(tt.in), &in)
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("json.Unmarshal() problems mismatch (-want +got) [%s]:\n%s", tt.reason, diff)
			}
		})
	}
}

func TestInputJSONRoundTrip(t *testing.T) {
	in := tiering.Input{
		ID: "X1", Female: true, RSR: 6.99, OGRS: 55, RoSH: tiering.RoSHHigh, MAPPALevel: tiering.MAPPA2, MAPPACategory: tiering.MAPPACategory1,
		Registrations: []tiering.Registration{regOn("RHRH", "2025-02-01"), {Code: "MAPP", Level: "M2", Category: "M1", Date: tiering.MustParseDate("2025-03-01")}, reg("PRC")},
		Convictions:   []tiering.Conviction{{SentenceType: "SP", Terminated: true, Requirements: []tiering.Requirement{{MainCategory: "F", Restrictive: true}}}},
		Assessment: &tiering.Assessment{SAN: true, Parenting: true, Impulsivity: 1, TemperControl: 2,
			Needs: []tiering.NeedScore{{Need: tiering.NeedAccommodation, Score: 5}, sev(tiering.NeedAttitudes, tiering.SeveritySevere)}},
		PreviousEnforcement: true,
		V3: &tiering.V3Input{ActiveEvent: true, ARP: &tiering.Predictor{Score: 62.5}, CSRP: &tiering.Predictor{Score: 1.8, Static: true},
			DCSRPScore: 2.11, DCSRPBand: tiering.SRPBandMedium, SexualOffence: true, LatestReleaseDate: tiering.MustParseDate("2024-06-30")},
	}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back tiering.Input
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("json.Unmarshal(%s) error: %v", data, err)
	}
	if diff := cmp.Diff(in, back); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	// The zero input encodes as {} and decodes back.
	var zero tiering.Input
	if err := json.Unmarshal([]byte(`{}`), &zero); err != nil || !cmp.Equal(zero, tiering.Input{}, cmpopts.EquateEmpty()) {
		t.Errorf(`Unmarshal("{}") = %+v, %v`, zero, err)
	}
}

func TestClassifyAllProblems(t *testing.T) {
	ins := make([]tiering.Input, 600) // enough for several goroutines
	for i := range ins {
		ins[i] = bdd(nil)
	}
	ins[7].ID, ins[7].RSR = "bad-7", -1
	ins[599].ID, ins[599].OGRS = "bad-599", 200
	rs, err := tiering.ClassifyAll(ins, nil)
	want := []probation.FieldError{
		{Record: "case", ID: "bad-7", Index: 7, Field: "rsr", Value: "-1", Message: "want a percentage from 0 to 100, or 999.99 for no score"},
		{Record: "case", ID: "bad-599", Index: 599, Field: "ogrs", Value: "200", Message: "want a whole percentage from 0 to 100"},
	}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("ClassifyAll() problems mismatch (-want +got):\n%s", diff)
	}
	if len(rs) != len(ins) || rs[7].Tier != tiering.Untiered || rs[8].Tier.String() != "D2" {
		t.Errorf("ClassifyAll() results: len %d, [7] %v, [8] %v; want %d, untiered, D2", len(rs), rs[7].Tier, rs[8].Tier, len(ins))
	}
}

func TestClassifyAllBadSettings(t *testing.T) {
	rs, err := tiering.ClassifyAll(make([]tiering.Input, 1000), &tiering.Settings{Version: 3})
	want := []probation.FieldError{{Record: "settings", Index: -1, Field: "version", Value: "Version(3)", Message: "want rules version 1 or 2"}}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" || rs != nil {
		t.Errorf("ClassifyAll(bad settings) = %d results, problems mismatch (-want +got):\n%s", len(rs), diff)
	}
}

func TestExplanationOfForeignResult(t *testing.T) {
	for _, r := range []tiering.Result{{}, {Tier: tiering.MustParseTier("B2"), ProtectPoints: 20}} {
		if ex := r.Explanation(); ex != nil {
			t.Errorf("Explanation() of a Result not from Classify = %v, want nil", ex)
		}
	}
}
