package grades

import "testing"

// TestIsValidMatchesTables checks that each type's IsValid, written as a
// range of constants for speed, agrees with the names of its text table.
func TestIsValidMatchesTables(t *testing.T) {
	check := func(name string, valid, inTable func(uint8) bool) {
		for v := range 256 {
			if got, want := valid(uint8(v)), inTable(uint8(v)); got != want {
				t.Errorf("%s(%d).IsValid() = %v, the table says %v", name, v, got, want)
			}
		}
	}
	check("Grade", func(v uint8) bool { return Grade(v).IsValid() }, func(v uint8) bool { return gradeTable.Valid(Grade(v)) })
	check("Severity", func(v uint8) bool { return Severity(v).IsValid() }, func(v uint8) bool { return severityTable.Valid(Severity(v)) })
	check("Basis", func(v uint8) bool { return Basis(v).IsValid() }, func(v uint8) bool { return basisTable.Valid(Basis(v)) })
	check("Verdict", func(v uint8) bool { return Verdict(v).IsValid() }, func(v uint8) bool { return verdictTable.Valid(Verdict(v)) })
	check("OverrideReason", func(v uint8) bool { return OverrideReason(v).IsValid() }, func(v uint8) bool { return overrideTable.Valid(OverrideReason(v)) })
}
