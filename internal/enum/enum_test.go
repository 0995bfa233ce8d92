package enum_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/probationkit/probation/internal/enum"
	"pgregory.net/rapid"
)

type colour uint8

var zeroValid = enum.New[colour]("paint", "colour", "Colour", 0, "red", "green", "blue-ish")

type level uint8

var zeroInvalid = enum.New[level]("paint", "level", "Level", 1, "LOW", "HIGH").WithAliases(map[string]level{"hi": 2})

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		want     colour
		ok       bool
		reason   string
	}{
		{"exact", "green", 1, true, "names parse to their value"},
		{"case", "BLUE-ISH", 2, true, "lookup ignores case"},
		{"space", "  red\t", 0, true, "surrounding space is ignored"},
		{"unknown", "purple", 0, false, "an unknown name is an error"},
		{"empty", "", 0, false, "empty text is not a name when zero is a valid value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := zeroValid.Parse(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("Parse(%q) = %v, %v; want %v, ok %v (%s)", tt.in, got, err, tt.want, tt.ok, tt.reason)
			}
		})
	}
	var e *enum.Error
	_, err := zeroValid.Parse("purple")
	if !errors.As(err, &e) || err.Error() != `paint: unknown colour "purple": want one of red, green or blue-ish` {
		t.Errorf("error %v", err)
	}
	if v, err := zeroInvalid.Parse("Hi"); err != nil || v != 2 {
		t.Errorf("alias: %v, %v", v, err)
	}
}

func TestZeroValue(t *testing.T) {
	if b, err := zeroInvalid.Marshal(0); err != nil || len(b) != 0 {
		t.Errorf("invalid zero marshals as %q, %v; want empty", b, err)
	}
	var l level = 2
	if err := zeroInvalid.Unmarshal(nil, &l); err != nil || l != 0 {
		t.Errorf("empty text: %v, %v; want the zero level", l, err)
	}
	if _, err := zeroInvalid.Marshal(9); err == nil {
		t.Error("an invalid non-zero value marshalled")
	}
	if got := zeroInvalid.String(9); got != "Level(9)" {
		t.Errorf("String(9) = %q", got)
	}
	if diff := cmp.Diff([]level{1, 2}, zeroInvalid.Values()); diff != "" {
		t.Errorf("Values (-want +got):\n%s", diff)
	}
}

func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := colour(rapid.IntRange(0, 2).Draw(t, "v"))
		b, err := zeroValid.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var back colour = 9
		if err := zeroValid.Unmarshal(b, &back); err != nil || back != v {
			t.Fatalf("%v → %q → %v, %v", v, b, back, err)
		}
	})
}

type rosh uint8

var named = enum.New[rosh]("risk", "RoSH level", "RoSH", 1, "LOW", "HIGH").WithZero("NONE").WithMessage("want LOW, HIGH or NONE")

func TestWithZero(t *testing.T) {
	tests := []struct {
		name, in string
		want     rosh
		ok       bool
		reason   string
	}{
		{"zero name", "none", 0, true, "the zero value parses from its name"},
		{"empty", " ", 0, true, "empty text is the named zero"},
		{"name", "High", 2, true, "other names parse as before"},
		{"unknown", "medium", 0, false, "the table's message replaces the list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := named.Parse(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("Parse(%q) = %v, %v; want %v, ok %v (%s)", tt.in, got, err, tt.want, tt.ok, tt.reason)
			}
		})
	}
	_, err := named.Parse("medium")
	var e *enum.Error
	if !errors.As(err, &e) || e.Message() != "want LOW, HIGH or NONE" {
		t.Errorf("Parse(medium) error %v", err)
	}
	if b, err := named.Marshal(0); err != nil || len(b) != 0 || named.String(0) != "NONE" || !named.Valid(0) {
		t.Errorf("named zero: Marshal %q, %v; String %q; Valid %v", b, err, named.String(0), named.Valid(0))
	}
	if diff := cmp.Diff([]string{"NONE", "LOW", "HIGH"}, named.Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]rosh{0, 1, 2}, named.Values()); diff != "" {
		t.Errorf("Values (-want +got):\n%s", diff)
	}
}

func TestParseAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _, _ = named.Parse("HIGH") }); n != 0 {
		t.Errorf("Parse of upper-case text allocates %v times, want 0", n)
	}
}
