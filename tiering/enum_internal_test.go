package tiering

import "testing"

// TestIsValidMatchesTables checks that each type's IsValid, written as a
// range of constants for speed, agrees with the names of its text table:
// a valid value has a name, and an invalid one none (the zero values that
// are not valid but have a name, such as UNTIERED, aside).
func TestIsValidMatchesTables(t *testing.T) {
	check := func(name string, valid func(uint8) bool, inTable func(uint8) bool, zeroNamedOnly bool) {
		for v := range 256 {
			want := inTable(uint8(v))
			if v == 0 && zeroNamedOnly {
				want = false
			}
			if got := valid(uint8(v)); got != want {
				t.Errorf("%s(%d).IsValid() = %v, the table says %v", name, v, got, want)
			}
		}
	}
	check("Protect", func(v uint8) bool { return Protect(v).IsValid() }, func(v uint8) bool { return protectTable.Valid(Protect(v)) }, true)
	check("Tier", func(v uint8) bool { return Tier(v).IsValid() }, func(v uint8) bool { return tierTable.Valid(Tier(v)) }, true)
	check("V3Tier", func(v uint8) bool { return V3Tier(v).IsValid() }, func(v uint8) bool { return v3Table.Valid(V3Tier(v)) }, true)
	check("RoSH", func(v uint8) bool { return RoSH(v).IsValid() }, func(v uint8) bool { return roshTable.Valid(RoSH(v)) }, false)
	check("MAPPALevel", func(v uint8) bool { return MAPPALevel(v).IsValid() }, func(v uint8) bool { return mappaLevelTable.Valid(MAPPALevel(v)) }, false)
	check("MAPPACategory", func(v uint8) bool { return MAPPACategory(v).IsValid() }, func(v uint8) bool { return mappaCategoryTable.Valid(MAPPACategory(v)) }, false)
	check("Need", func(v uint8) bool { return Need(v).IsValid() }, func(v uint8) bool { return needTable.Valid(Need(v)) }, false)
	check("Severity", func(v uint8) bool { return Severity(v).IsValid() }, func(v uint8) bool { return severityTable.Valid(Severity(v)) }, false)
	check("SRPBand", func(v uint8) bool { return SRPBand(v).IsValid() }, func(v uint8) bool { return srpBandTable.Valid(SRPBand(v)) }, false)
	check("Rule", func(v uint8) bool { return Rule(v).IsValid() }, func(v uint8) bool { return ruleTable.Valid(Rule(v)) }, false)
	// Version: zero is valid and means Version2; it has no name of its own.
	check("Version", func(v uint8) bool { return Version(v).IsValid() }, func(v uint8) bool { return v == 0 || versionTable.Valid(Version(v)) }, false)
}
