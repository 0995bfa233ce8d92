package check_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
)

func TestList(t *testing.T) {
	var l check.List
	l.Op = "caseload.Build"
	if l.Err() != nil {
		t.Fatal("an empty list is an error")
	}
	l.Add(probation.FieldError{Record: "case", ID: strings.Repeat("i", 1<<20), Field: "tier", Value: strings.Repeat("v", 1<<20), Message: "bad"})
	var ve *probation.ValidationError
	if err := l.Err(); !errors.As(err, &ve) || ve.Op != "caseload.Build" || len(ve.Fields) != 1 {
		t.Fatalf("Err() = %v", err)
	}
	if f := ve.Fields[0]; len(f.ID) > probation.MaxValueLen || len(f.Value) > probation.MaxValueLen {
		t.Errorf("ID %d bytes, Value %d bytes: not shortened", len(f.ID), len(f.Value))
	}
	if n := len(l.Err().Error()); n > 400 {
		t.Errorf("a 2 MiB record gave a %d-byte message", n)
	}
}

func TestIDMessage(t *testing.T) {
	tests := []struct {
		id     string
		ok     bool
		reason string
	}{
		{"C1", true, "a plain ID"},
		{"C 1", true, "inner space is part of the ID"},
		{"", false, "an ID is required"},
		{"C1 ", false, "trailing space would make a second record"},
		{"\tC1", false, "leading white space of any kind"},
		{"\u00a0C1", false, "a no-break space is white space too"},
	}
	for _, tt := range tests {
		if got := check.IDMessage(tt.id); (got == "") != tt.ok {
			t.Errorf("IDMessage(%q) = %q; want ok %v (%s)", tt.id, got, tt.ok, tt.reason)
		}
	}
}

func TestSpaced(t *testing.T) {
	for _, s := range []string{" a", "a ", "\ta", "a\n", "\u00a0a", "a\u2003", " ", "\u3000"} {
		if !check.Spaced(s) {
			t.Errorf("Spaced(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"", "a", "a b", "Ωa", "aΩ", "\x01a", "a\x7f"} {
		if check.Spaced(s) != (strings.TrimSpace(s) != s) {
			t.Errorf("Spaced(%q) disagrees with strings.TrimSpace", s)
		}
	}
}
