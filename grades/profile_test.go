package grades_test

import (
	"testing"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

func TestFlagsFromRegistrations(t *testing.T) {
	tests := []struct {
		name   string
		codes  []string
		want   grades.Flags
		reason string
	}{
		{"none", nil, 0, "no registrations, no flags"},
		{"domestic abuse", []string{"ADVP"}, grades.DomesticAbuse, "ADVP is the v3 DOMESTIC_ABUSE step"},
		{"reg30", []string{"reg30"}, grades.DomesticAbuse, "REG30 too, ignoring case"},
		{"child", []string{"RCPR", "RCHD"}, grades.ChildProtection | grades.ChildConcerns, "RCPR protection, RCHD concerns"},
		{"irrelevant", []string{"RMDO", "RHRH", "MAPP"}, 0, "mental health, RoSH and MAPPA registrations set no flag"},
		{"mixed", []string{"RTAO", "STRG", "INLL", "SPO", "XXX"}, grades.Terrorism | grades.StreetGangs | grades.Lifer | grades.Stalking, "unknown codes are ignored"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := grades.FlagsFromRegistrations(tt.codes...); got != tt.want {
				t.Errorf("FlagsFromRegistrations(%q) = %v, want %v (%s)", tt.codes, got, tt.want, tt.reason)
			}
		})
	}
}

func TestProfileIsValid(t *testing.T) {
	tests := []struct {
		name   string
		c      grades.Profile
		want   bool
		reason string
	}{
		{"zero", grades.Profile{}, true, "nothing recorded is valid"},
		{"full", grades.Profile{RoSH: tiering.RoSHVeryHigh, Tier: tiering.MustParseTier("A3S"), V3: tiering.V3Missing,
			MAPPALevel: tiering.MAPPA3, MAPPACategory: tiering.MAPPACategory4, Flags: grades.RestrictedAccess}, true, "every field at its largest value"},
		{"rosh", grades.Profile{RoSH: 5}, false, "RoSH out of range"},
		{"tier", grades.Profile{Tier: 33}, false, "tier out of range"},
		{"v3", grades.Profile{V3: 10}, false, "v3 out of range"},
		{"mappa", grades.Profile{MAPPALevel: 4}, false, "MAPPA level out of range"},
		{"category", grades.Profile{MAPPACategory: 5}, false, "category out of range"},
		{"flags", grades.Profile{Flags: 1 << 12}, false, "unknown flag bit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.IsValid(); got != tt.want {
				t.Errorf("%+v.IsValid() = %v, want %v (%s)", tt.c, got, tt.want, tt.reason)
			}
		})
	}
}
