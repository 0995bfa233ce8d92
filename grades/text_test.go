package grades_test

import (
	"encoding"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

func TestConditionString(t *testing.T) {
	tests := []struct {
		name   string
		c      grades.Condition
		want   string
		reason string
	}{
		{"empty", grades.Condition{AnyCase: true}, "any case", "AnyCase is not a predicate"},
		{"rosh", grades.Condition{RoSH: grades.AtLeast(tiering.RoSHHigh)}, "RoSH is HIGH or VERY_HIGH", "at least HIGH"},
		{"all fields", grades.Condition{
			RoSH:          grades.ValuesOf(tiering.RoSHNone),
			MAPPALevel:    grades.AtLeast(tiering.MAPPA2),
			MAPPACategory: grades.ValuesOf(tiering.MAPPACategory1, tiering.MAPPACategory4),
			Protect:       grades.AtLeast(tiering.ProtectB) | grades.ValuesOf(tiering.Protect(0)),
			V3:            grades.AtLeast(tiering.V3B) | grades.ValuesOf(tiering.V3Missing),
			FlagsAny:      grades.DomesticAbuse | grades.Stalking,
			FlagsNone:     grades.Terrorism,
		}, "RoSH is NONE and MAPPA level is M2 or M3 and MAPPA category is M1 or M4 and v2 protect level is UNTIERED or A or B" +
			" and v3 tier is A or B or MISSING and flagged domestic_abuse or stalking and not flagged terrorism", "every predicate in field order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.String(); got != tt.want {
				t.Errorf("String() = %q, want %q (%s)", got, tt.want, tt.reason)
			}
		})
	}
	if got, want := grades.ValueSet[tiering.RoSH](0).String()+grades.ValueSet[tiering.V3Tier](1<<12).String(), "{}?12"; got != want {
		t.Errorf("empty and unknown set strings = %q, want %q", got, want)
	}
	if got, want := grades.AtLeast(tiering.ProtectC).String()+" "+grades.AtLeast(tiering.MAPPANone).String()+" "+grades.ValuesOf(tiering.MAPPACategory(9)).String(),
		"A|B|C NONE|M1|M2|M3 {}"; got != want {
		t.Errorf("set strings = %q, want %q", got, want)
	}
}

func TestRuleString(t *testing.T) {
	p := localPolicy(t)
	r, ok := p.Rule("rosh-high-to-po")
	if !ok {
		t.Fatal(`Rule("rosh-high-to-po") not found`)
	}
	if got, want := r.String(), "rosh-high-to-po [national, hard]: PSO|PQiP|PQiP1|PQiP2|PQiP3|PQiP4 when RoSH is HIGH or VERY_HIGH"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	w, _ := p.Rule("mn-waive-sexual-offending")
	if got, want := w.String(), "mn-waive-sexual-offending [Manchester North, waiver]: waives sexual-offending-prefer-po"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if _, ok := p.Rule("nope"); ok {
		t.Errorf(`Rule("nope") found a rule`)
	}
}

// TestValueText round-trips every small value type through its text form.
func TestValueText(t *testing.T) {
	type textValue interface {
		encoding.TextMarshaler
		String() string
	}
	tests := []struct {
		name string
		v    textValue
		back encoding.TextUnmarshaler
	}{
		{"hard", grades.Hard, new(grades.Severity)},
		{"soft", grades.Soft, new(grades.Severity)},
		{"stated", grades.Stated, new(grades.Basis)},
		{"default", grades.ReasonableDefault, new(grades.Basis)},
		{"eligible", grades.Eligible, new(grades.Verdict)},
		{"warnings", grades.EligibleWithWarnings, new(grades.Verdict)},
		{"ineligible", grades.Ineligible, new(grades.Verdict)},
		{"flags", grades.DomesticAbuse | grades.Lifer, new(grades.Flags)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, err := tt.v.MarshalText()
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.back.UnmarshalText(text); err != nil {
				t.Fatalf("UnmarshalText(%q) error: %v", text, err)
			}
			if got := tt.back.(textValue).String(); got != tt.v.String() {
				t.Errorf("round trip of %v gives %v", tt.v, got)
			}
		})
	}
	for _, v := range []encoding.TextMarshaler{grades.Severity(3), grades.Basis(7), grades.Verdict(4), grades.OverrideReason(9), grades.Flags(1 << 15)} {
		if _, err := v.MarshalText(); err == nil {
			t.Errorf("MarshalText of invalid %v succeeded", v)
		}
	}
	for _, u := range []encoding.TextUnmarshaler{new(grades.Severity), new(grades.Basis), new(grades.Verdict), new(grades.Flags), new(grades.Grade), new(grades.Set)} {
		if err := u.UnmarshalText([]byte("nonsense")); err == nil {
			t.Errorf("%T.UnmarshalText(nonsense) succeeded", u)
		}
	}
}

func TestDecisionText(t *testing.T) {
	p := grades.National()
	d, err := p.Decide(grades.Profile{RoSH: tiering.RoSHLow, Flags: grades.SexualOffending}, grades.PSO).Override(grades.Other, "specialist PSO")
	if err != nil {
		t.Fatal(err)
	}
	s := d.String()
	for _, want := range []string{"PSO: eligible_with_warnings (national)", "sexual-offending-prefer-po", "overridden: other reason: specialist PSO"} {
		if !strings.Contains(s, want) {
			t.Errorf("String() = %q; want it to contain %q", s, want)
		}
	}
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatalf("json.Marshal(Decision) error: %v", err)
	}
	var back struct {
		Grade    grades.Grade
		Verdict  grades.Verdict
		Fired    []grades.Rule
		Override grades.Override
	}
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("json.Unmarshal(%s) error: %v", data, err)
	}
	if diff := cmp.Diff(d.Fired, back.Fired); diff != "" || back.Grade != d.Grade || back.Verdict != d.Verdict || back.Override != d.Overridden {
		t.Errorf("Decision JSON lost data (-want +got):\n%s\n%s", diff, data)
	}
	clear, err := json.Marshal(p.Decide(grades.Profile{RoSH: tiering.RoSHLow}, grades.PO))
	if err != nil || strings.Contains(string(clear), "override") {
		t.Errorf("json.Marshal(decision without override) = %s, %v; want no override member", clear, err)
	}
	if _, err := json.Marshal(p); err != nil {
		t.Errorf("json.Marshal(*Policy) error: %v", err)
	}
}

func TestValidationErrorText(t *testing.T) {
	_, err := grades.NewPolicy([]grades.Rule{{ID: "a"}})
	var ve *probation.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("NewPolicy error = %v, want *probation.ValidationError", err)
	}
	msg := err.Error()
	for _, want := range []string{"grades.NewPolicy: 5 invalid values", `rule [0] "a": description: empty`, `rule [0] "a": condition: empty condition`} {
		if !strings.Contains(msg, want) {
			t.Errorf("Error() = %q; want it to contain %q", msg, want)
		}
	}
	_, err = grades.Decode(strings.NewReader("[]"))
	if !strings.Contains(err.Error(), "grades.Decode: 1 invalid value") || !strings.Contains(err.Error(), "line 1: policy: want a JSON object") {
		t.Errorf("Decode([]) error = %q; want one policy-level problem", err)
	}
}

func TestGradeStage(t *testing.T) {
	for g, want := range map[grades.Grade]int{PQiP: 0, PQiP1: 1, PQiP4: 4, PO: 0} {
		if got := g.Stage(); got != want {
			t.Errorf("%v.Stage() = %d, want %d", g, got, want)
		}
	}
	if grades.MustParseGrade("nqo") != NQO {
		t.Errorf("MustParseGrade(nqo) != NQO")
	}
}
