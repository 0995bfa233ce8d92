package caseload

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
	check("CaseType", func(v uint8) bool { return CaseType(v).IsValid() }, func(v uint8) bool { return caseTypeTable.Valid(CaseType(v)) })
	check("RowType", func(v uint8) bool { return RowType(v).IsValid() }, func(v uint8) bool { return rowTypeTable.Valid(RowType(v)) })
	check("ReductionStatus", func(v uint8) bool { return ReductionStatus(v).IsValid() }, func(v uint8) bool { return reductionStatusTable.Valid(ReductionStatus(v)) })
	check("ReductionRule", func(v uint8) bool { return ReductionRule(v).IsValid() }, func(v uint8) bool { return reductionRuleTable.Valid(ReductionRule(v)) })
	check("Status", func(v uint8) bool { return Status(v).IsValid() }, func(v uint8) bool { return statusTable.Valid(Status(v)) })
	check("Level", func(v uint8) bool { return Level(v).IsValid() }, func(v uint8) bool { return levelTable.Valid(Level(v)) })
}
