package grades_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

func TestOverride(t *testing.T) {
	p := grades.National()
	warned := p.Decide(grades.Profile{RoSH: tiering.RoSHMedium, MAPPALevel: tiering.MAPPA1}, PSO)
	blocked := p.Decide(grades.Profile{RoSH: tiering.RoSHHigh}, PSO)
	clear := p.Decide(grades.Profile{RoSH: tiering.RoSHLow}, PSO)
	long := strings.Repeat("é", grades.MaxOverrideText)
	tests := []struct {
		name    string
		d       grades.Decision
		r       grades.OverrideReason
		text    string
		wantErr error
		want    grades.Override
		reason  string
	}{
		{"continuity", warned, grades.Continuity, "", nil, grades.Override{Reason: grades.Continuity}, "text is optional for continuity"},
		{"no staff", warned, grades.NoStaff, " no PO free until March ", nil, grades.Override{Reason: grades.NoStaff, Text: "no PO free until March"}, "text is trimmed"},
		{"suitability at limit", warned, grades.Suitability, long, nil, grades.Override{Reason: grades.Suitability, Text: long}, "175 characters, counted as runes, is allowed"},
		{"too long", warned, grades.Other, long + "x", grades.ErrOverrideText, grades.Override{}, "176 characters is too long"},
		{"other needs text", warned, grades.Other, "  ", grades.ErrOverrideText, grades.Override{}, "other is free text"},
		{"hard rule", blocked, grades.Suitability, "experienced PSO", grades.ErrHardRule, grades.Override{}, "a hard rule cannot be overridden"},
		{"nothing to override", clear, grades.Continuity, "", grades.ErrNoOverrideNeeded, grades.Override{}, "no warning, no override"},
		{"bad reason", warned, 0, "", grades.ErrOverrideReason, grades.Override{}, "the zero reason is invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.d.Override(tt.r, tt.text)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Override(%v, %q) error = %v, want %v (%s)", tt.r, tt.text, err, tt.wantErr, tt.reason)
			}
			if got.Overridden != tt.want {
				t.Errorf("Override(%v, %q).Overridden = %+v, want %+v (%s)", tt.r, tt.text, got.Overridden, tt.want, tt.reason)
			}
			if got.Verdict != tt.d.Verdict || len(got.Fired) != len(tt.d.Fired) {
				t.Errorf("Override changed the verdict or the fired rules")
			}
		})
	}
}

func TestOverrideReasonText(t *testing.T) {
	for _, r := range []grades.OverrideReason{grades.Suitability, grades.NoStaff, grades.Continuity, grades.Other} {
		text, err := r.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back grades.OverrideReason
		if err := back.UnmarshalText(text); err != nil || back != r {
			t.Errorf("OverrideReason round trip of %v = %v, %v", r, back, err)
		}
		if r.Label() == "" {
			t.Errorf("%v.Label() is empty", r)
		}
	}
	if _, err := grades.ParseOverrideReason("whim"); !errors.Is(err, grades.ErrOverrideReason) {
		t.Errorf("ParseOverrideReason(whim) error = %v, want ErrOverrideReason", err)
	}
}
