package grades_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/grades"
)

func TestGradeText(t *testing.T) {
	for _, g := range grades.AllGrades.Grades() {
		text, err := g.MarshalText()
		if err != nil {
			t.Fatalf("%v.MarshalText() error: %v", g, err)
		}
		var back grades.Grade
		if err := back.UnmarshalText(text); err != nil || back != g {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", text, back, err, g)
		}
		if p, err := grades.ParseGrade(" " + g.String() + " "); err != nil || p != g {
			t.Errorf("ParseGrade(%q) = %v, %v; want %v", g.String(), p, err, g)
		}
	}
	tests := []struct {
		name, in, reason string
		want             grades.Grade
		wantErr          bool
	}{
		{name: "lower case", in: "pqip3", want: grades.PQiP3, reason: "grade codes match ignoring case"},
		{name: "staff code", in: "PSM", wantErr: true, reason: "Delius codes go through FromStaffCode, not ParseGrade"},
		{name: "empty", in: "", wantErr: true, reason: "the zero Grade is invalid and has no text"},
		{name: "stage 5", in: "PQiP5", wantErr: true, reason: "there are four stages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := grades.ParseGrade(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseGrade(%q) = %v, %v; want %v, error %v (%s)", tt.in, got, err, tt.want, tt.wantErr, tt.reason)
			}
		})
	}
	// The zero Grade is "no grade given": empty text, both ways, as every
	// enum of the module; other invalid values do not marshal.
	if b, err := grades.Grade(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("Grade(0).MarshalText() = %q, %v; want empty text", b, err)
	}
	if _, err := grades.Grade(200).MarshalText(); err == nil {
		t.Errorf("Grade(200).MarshalText() succeeded; want an error")
	}
}

func TestGradeCompare(t *testing.T) {
	gs := grades.AllGrades.Grades()
	gs = append(gs, 0, 200)
	slices.SortFunc(gs, grades.Grade.Compare)
	want := []grades.Grade{0, 200, grades.DMY, grades.PSO, grades.PQiP, grades.PQiP1, grades.PQiP2,
		grades.PQiP3, grades.PQiP4, grades.NQO, grades.PO, grades.SPO}
	if diff := cmp.Diff(want, gs); diff != "" {
		t.Errorf("SortFunc(Grade.Compare) mismatch (-want +got):\n%s", diff)
	}
	for _, a := range gs {
		for _, b := range gs {
			if got, want := a.Compare(b), -b.Compare(a); got != want {
				t.Errorf("%v.Compare(%v) = %d, want %d (antisymmetry)", a, b, got, want)
			}
			if (a.Compare(b) == 0) != (a == b) {
				t.Errorf("%v.Compare(%v) = %d: Compare must be consistent with ==", a, b, a.Compare(b))
			}
		}
	}
}

func TestPQiPAt(t *testing.T) {
	tests := []struct {
		months int
		want   grades.Grade
		reason string
	}{
		{-1, grades.PQiP, "negative months: stage unknown"},
		{0, grades.PQiP1, "80% reduction, months 0-6"},
		{5, grades.PQiP1, "still the first six months"},
		{6, grades.PQiP2, "60% reduction from month 6"},
		{12, grades.PQiP3, "40% reduction from month 12"},
		{18, grades.PQiP4, "past the reduction schedule, until qualification"},
		{30, grades.PQiP4, "part-time courses run up to 30 months"},
	}
	for _, tt := range tests {
		if got := grades.PQiPAt(tt.months); got != tt.want {
			t.Errorf("PQiPAt(%d) = %v, want %v (%s)", tt.months, got, tt.want, tt.reason)
		}
		if got := grades.PQiPAt(tt.months); !got.IsPQiP() {
			t.Errorf("PQiPAt(%d).IsPQiP() = false", tt.months)
		}
	}
}

func TestSet(t *testing.T) {
	tests := []struct {
		name, in, reason string
		want             grades.Set
		wantErr          bool
	}{
		{name: "pipe", in: "PO|PSO", want: grades.SetOf(grades.PO, grades.PSO), reason: "the String form"},
		{name: "comma and spaces", in: " po , nqo ", want: grades.SetOf(grades.PO, grades.NQO), reason: "commas and spaces are accepted"},
		{name: "trainees", in: "PQiP*", want: grades.Trainees, reason: "PQiP* stands for every stage"},
		{name: "empty braces", in: "{}", want: 0, reason: "the String form of the empty set"},
		{name: "unknown", in: "PO|XX", wantErr: true, reason: "an unknown grade is an error, not dropped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := grades.ParseSet(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseSet(%q) = %v, %v; want %v, error %v (%s)", tt.in, got, err, tt.want, tt.wantErr, tt.reason)
			}
		})
	}
	s := grades.SetOf(grades.PSO, grades.PQiP2, grades.SPO)
	text, err := s.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	var back grades.Set
	if err := back.UnmarshalText(text); err != nil || back != s {
		t.Errorf("Set round trip of %v = %v, %v", s, back, err)
	}
	if got, want := s.Len(), 3; got != want {
		t.Errorf("%v.Len() = %d, want %d", s, got, want)
	}
	if s.Without(grades.PSO).Has(grades.PSO) || !s.Has(grades.SPO) || s.Has(0) {
		t.Errorf("Has/Without on %v disagree", s)
	}
	if _, err := grades.Set(1).MarshalText(); err == nil {
		t.Errorf("Set(1).MarshalText() succeeded; want an error for the bit of the invalid zero Grade")
	}
}

func TestFromStaffCode(t *testing.T) {
	tests := []struct {
		code, reason string
		want         grades.Grade
		wantErr      bool
	}{
		{"PSM", "current map: PSM is a PO", grades.PO, false},
		{"PSQ", "current map: PSQ is a PSO", grades.PSO, false},
		{"PSP", "current map: PSP is a PQiP", grades.PQiP, false},
		{"PSC", "current map: PSC is an SPO", grades.SPO, false},
		{"psm ", "codes match ignoring case and spaces", grades.PO, false},
		{"TPO", "DefaultGradeMapper: TPO is a trainee", grades.PQiP, false},
		{"NPSM", "DefaultGradeMapper and WMT: NPSM is a PO", grades.PO, false},
		{"CRCQ", "legacy WMT PSO list", grades.PSO, false},
		{"PS4", "legacy WMT PSO list", grades.PSO, false},
		{"CPQF", "legacy WMT TPO list", grades.PQiP, false},
		{"NPSB", "legacy WMT SPO list", grades.SPO, false},
		{"PSO", "legacy WMT maps the Delius code PSO to PO", grades.PO, false},
		{"", "a blank code is no grade recorded", grades.DMY, false},
		{"DMY", "the placeholder itself", grades.DMY, false},
		{"XYZ", "unknown codes are reported, never guessed", 0, true},
		{"PQF", "the unspelled PQF variants are not guessed", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got, err := grades.FromStaffCode(tt.code)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("FromStaffCode(%q) = %v, %v; want %v, error %v (%s)", tt.code, got, err, tt.want, tt.wantErr, tt.reason)
			}
			if err != nil {
				var uc *grades.UnknownCodeError
				if !errors.As(err, &uc) || uc.Code != tt.code {
					t.Errorf("FromStaffCode(%q) error = %#v; want *UnknownCodeError with the code", tt.code, err)
				}
			}
		})
	}
}
