package tiering_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/tiering"
)

var asOf = tiering.MustParseDate("2026-08-17")

type v3Test struct {
	name   string
	reason string
	in     tiering.Input
	want   string // the v3 tier
}

func runV3(t *testing.T, tests []v3Test) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tiering.Classify(tt.in, &tiering.Settings{AsOf: asOf})
			if err != nil {
				t.Fatalf("Classify() error: %v (%s)", err, tt.reason)
			}
			if diff := cmp.Diff(tt.want, r.V3.String()); diff != "" {
				t.Errorf("Classify().V3 mismatch (-want +got) [%s]:\n%s\n%v", tt.reason, diff, r)
			}
		})
	}
}

// TestV3ReoffendingTable is TierCalculatorTest.kt cases 1–30 (tiering.md
// §3.1): every cell of the ARP × CSRP table of §2.2.
func TestV3ReoffendingTable(t *testing.T) {
	arps := []float64{90, 75, 50, 25, 15, 0}
	csrps := []float64{6.9, 3.0, 1.0, 0.5, 0.0}
	table := []string{ // rows CSRP, columns ARP, from tiering.md §2.2
		"AABBBB",
		"ABCCCC",
		"BCDEEE",
		"CDEEFF",
		"DDEFFG",
	}
	var tests []v3Test
	for i, csrp := range csrps {
		for j, arp := range arps {
			tests = append(tests, v3Test{
				name:   fmt.Sprintf("ARP %v CSRP %v", arp, csrp),
				reason: "TierCalculatorTest cases 1–30, ReoffendingPredictorTable.kt",
				in:     v3case(scores(arp, csrp)),
				want:   string(table[i][j]),
			})
		}
	}
	runV3(t, tests)
	for i, csrp := range csrps {
		for j, arp := range arps {
			if got, want := tiering.ReoffendingTier(arp, csrp).String(), string(table[i][j]); got != want {
				t.Errorf("ReoffendingTier(%v, %v) = %s, want %s", arp, csrp, got, want)
			}
		}
	}
}

func TestV3Steps(t *testing.T) {
	const tc = "TierCalculatorTest case "
	dcsrp := func(score float64, b tiering.SRPBand) tiering.Input {
		return v3case(func(_ *tiering.Input, v *tiering.V3Input) { v.DCSRPScore, v.DCSRPBand = score, b })
	}
	rosh := func(mappa bool, code string) tiering.Input {
		return v3case(func(in *tiering.Input, _ *tiering.V3Input) {
			if code != "" {
				in.Registrations = append(in.Registrations, reg(code))
			}
			if mappa {
				in.Registrations = append(in.Registrations, mapp("", "M1"))
			}
		})
	}
	lifer := func(isLifer bool, released tiering.Date) tiering.Input {
		return v3case(func(in *tiering.Input, v *tiering.V3Input) {
			if isLifer {
				in.Registrations = regs("INLL")
			}
			v.LatestReleaseDate = released
		})
	}
	flags := func(codes ...string) tiering.Input {
		return v3case(func(in *tiering.Input, _ *tiering.V3Input) { in.Registrations = regs(codes...) })
	}
	runV3(t, []v3Test{
		{"no active event", tc + "31", v3case(func(_ *tiering.Input, v *tiering.V3Input) { v.ActiveEvent = false }), "NOT_SUPERVISED"},
		{"no active event beats MAPPA and RoSH", "tiering.md §2.1 step 1 comes first", func() tiering.Input {
			in := rosh(true, "RVHR")
			in.V3.ActiveEvent = false
			return in
		}(), "NOT_SUPERVISED"},
		{"CSRP missing", tc + "32", v3case(func(_ *tiering.Input, v *tiering.V3Input) { v.ARP.Score, v.CSRP = 90, nil }), "MISSING"},
		{"ARP missing", tc + "33", v3case(func(_ *tiering.Input, v *tiering.V3Input) { v.ARP, v.CSRP.Score = nil, 3.2 }), "MISSING"},
		{"MISSING even with MAPPA and very high RoSH", "tiering.md §2.1 step 2", func() tiering.Input {
			in := rosh(true, "RVHR")
			in.V3.CSRP = nil
			return in
		}(), "MISSING"},
		{"DC-SRP without band", tc + "34", v3case(func(_ *tiering.Input, v *tiering.V3Input) {
			v.ARP.Score, v.CSRP.Score, v.DCSRPScore, v.DCSRPBand = 75, 1.0, 2.11, tiering.SRPBandNone
		}), "C"},
		{"DC-SRP not applicable", tc + "35", v3case(func(_ *tiering.Input, v *tiering.V3Input) {
			v.ARP.Score, v.CSRP.Score, v.DCSRPScore, v.DCSRPBand = 75, 1.0, 2.11, tiering.SRPBandNotApplicable
		}), "C"},
		{"DC-SRP 5.31 very high", tc + "36", dcsrp(5.31, tiering.SRPBandVeryHigh), "A"},
		{"DC-SRP 0.01 very high", tc + "37", dcsrp(0.01, tiering.SRPBandVeryHigh), "A"},
		{"DC-SRP 2.11 high", tc + "38", dcsrp(2.11, tiering.SRPBandHigh), "B"},
		{"DC-SRP 1.50 high", tc + "39", dcsrp(1.50, tiering.SRPBandHigh), "B"},
		{"DC-SRP 5.31 high", tc + "40", dcsrp(5.31, tiering.SRPBandHigh), "B"},
		{"DC-SRP 1.12 medium", tc + "41", dcsrp(1.12, tiering.SRPBandMedium), "C"},
		{"DC-SRP 3.36 medium", tc + "42", dcsrp(3.36, tiering.SRPBandMedium), "C"},
		{"DC-SRP 2.11 medium", tc + "43", dcsrp(2.11, tiering.SRPBandMedium), "D"},
		{"DC-SRP 0.60 medium", tc + "44", dcsrp(0.60, tiering.SRPBandMedium), "D"},
		{"DC-SRP 0.02 low", tc + "45", dcsrp(0.02, tiering.SRPBandLow), "E"},
		{"DC-SRP 3.35 medium", "tiering.md §2.1: 2.11–3.35 → D", dcsrp(3.35, tiering.SRPBandMedium), "D"},
		{"DC-SRP 2.10 medium", "tiering.md §2.1: 1.12–2.10 → C", dcsrp(2.10, tiering.SRPBandMedium), "C"},
		{"DC-SRP 1.11 medium", "tiering.md §2.1: 0.60–1.11 → D", dcsrp(1.11, tiering.SRPBandMedium), "D"},
		{"DC-SRP 0 very high", "tiering.md §2.1: used only when the score is > 0", dcsrp(0, tiering.SRPBandVeryHigh), "G"},
		{"MAPPA and very high", tc + "47", rosh(true, "RVHR"), "A"},
		{"MAPPA and high", tc + "48", rosh(true, "RHRH"), "C"},
		{"MAPPA and medium", tc + "49", rosh(true, "RMRH"), "D"},
		{"MAPPA and low", tc + "50", rosh(true, "RLRH"), "E"},
		{"MAPPA and no RoSH", tc + "51", rosh(true, ""), "E"},
		{"very high", tc + "52", rosh(false, "RVHR"), "C"},
		{"high", tc + "53", rosh(false, "RHRH"), "D"},
		{"medium", tc + "54", rosh(false, "RMRH"), "G"},
		{"low", tc + "55", rosh(false, "RLRH"), "G"},
		{"no RoSH", tc + "56", rosh(false, ""), "G"},
		{"MAPPA category as a field", "Input.MAPPACategory", v3case(func(in *tiering.Input, _ *tiering.V3Input) {
			in.MAPPACategory, in.RoSH = tiering.MAPPACategory2, tiering.RoSHHigh
		}), "C"},
		{"MAPPA level without category is no MAPPA for v3", "tiering.md §1.1: category from the first MAPP registration", v3case(func(in *tiering.Input, _ *tiering.V3Input) {
			in.Registrations = []tiering.Registration{mapp("M2", ""), reg("RHRH")}
		}), "D"},
		{"medium, ARP 90, CSRP 1.0", tc + "57", v3case(func(in *tiering.Input, v *tiering.V3Input) {
			in.Registrations, v.ARP.Score, v.CSRP.Score = regs("RMRH"), 90, 1.0
		}), "B"},
		{"lifer released yesterday", tc + "58", lifer(true, asOf.AddDays(-1)), "B"},
		{"lifer released 1 year less a day ago", tc + "59", lifer(true, asOf.AddYears(-1).AddDays(1)), "B"},
		{"lifer released 1 year ago", tc + "60", lifer(true, asOf.AddYears(-1)), "B"},
		{"lifer released 1 year and a day ago", tc + "61", lifer(true, asOf.AddYears(-1).AddDays(-1)), "D"},
		{"lifer released 2 years ago", tc + "62", lifer(true, asOf.AddYears(-2)), "D"},
		{"lifer released 5 years less a day ago", tc + "63", lifer(true, asOf.AddYears(-5).AddDays(1)), "D"},
		{"lifer released 5 years ago", tc + "64", lifer(true, asOf.AddYears(-5)), "D"},
		{"lifer released 5 years and a day ago", tc + "65", lifer(true, asOf.AddYears(-5).AddDays(-1)), "E"},
		{"lifer released 6 years ago", tc + "66", lifer(true, asOf.AddYears(-6)), "E"},
		{"lifer without release date", tc + "67", lifer(true, tiering.Date{}), "G"},
		{"not a lifer, no date", tc + "68", lifer(false, tiering.Date{}), "G"},
		{"not a lifer, released yesterday", tc + "69", lifer(false, asOf.AddDays(-1)), "G"},
		{"none of DA, ST, CP", tc + "70", flags(), "G"},
		{"domestic abuse", tc + "71", flags("ADVP"), "E"},
		{"stalking", tc + "72", flags("SPO"), "F"},
		{"child protection", tc + "73", flags("RCPR"), "F"},
		{"DA and ST", tc + "74", flags("ADVP", "SPO"), "E"},
		{"DA and CP", tc + "75", flags("ADVP", "RCPR"), "E"},
		{"ST and CP", tc + "76", flags("SPO", "RCPR"), "F"},
		{"DA, ST and CP", tc + "77", flags("ADVP", "SPO", "RCPR"), "E"},
		{"REG30 is domestic abuse", "tiering.md §2.1: ADVP or REG30", flags("REG30"), "E"},
		{"sexual offence", tc + "78", v3case(func(in *tiering.Input, v *tiering.V3Input) {
			in.Registrations, v.SexualOffence = regs("RMRH"), true
		}), "E"},
	})
}

// TestV3LiferLeapDay pins the java.time reading of "today − 1 year" on
// 29 February: LocalDate.minusYears clamps to 28 February.
func TestV3LiferLeapDay(t *testing.T) {
	leap := tiering.MustParseDate("2028-02-29")
	in := v3case(func(in *tiering.Input, v *tiering.V3Input) {
		in.Registrations = regs("INLL")
		v.LatestReleaseDate = tiering.MustParseDate("2027-02-28")
	})
	r, err := tiering.Classify(in, &tiering.Settings{AsOf: leap})
	if err != nil {
		t.Fatal(err)
	}
	if r.V3 != tiering.V3B {
		t.Errorf("released 2027-02-28, as of 2028-02-29: V3 = %v, want B (minusYears(1) = 2027-02-28)", r.V3)
	}
}

func TestV3DCSRPMediumBelowFloor(t *testing.T) {
	in := v3case(func(_ *tiering.Input, v *tiering.V3Input) { v.DCSRPScore, v.DCSRPBand = 0.59, tiering.SRPBandMedium })
	_, err := tiering.Classify(in, nil)
	var ve *probation.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Classify() error = %v, want a *ValidationError (TierCalculatorTest case 46: IllegalStateException)", err)
	}
	want := []probation.FieldError{{Record: "case", Index: -1, Field: "v3.dcsrp_score", Value: "0.59", Message: "below 0.60 in the MEDIUM band, which hmpps-tier rejects (IllegalStateException)"}}
	if diff := cmp.Diff(want, ve.Fields); diff != "" {
		t.Errorf("Classify() problems mismatch (-want +got):\n%s", diff)
	}
	// The steps do not run without an active event, so hmpps-tier does not
	// throw, and neither do we.
	in.V3.ActiveEvent = false
	if r, err := tiering.Classify(in, nil); err != nil || r.V3 != tiering.V3NotSupervised {
		t.Errorf("not active: Classify() = %v, %v; want NOT_SUPERVISED, nil", r.V3, err)
	}
}

func TestV3Provisional(t *testing.T) {
	type want struct {
		V3          string
		Provisional bool
	}
	const pa, pb = "ProvisionalStatusCalculator.kt, tiering.md §2.3(a)", "ProvisionalStatusCalculator.kt, tiering.md §2.3(b)"
	mk := func(arp, csrp float64, arpStatic, csrpStatic bool, mod func(in *tiering.Input, v *tiering.V3Input)) tiering.Input {
		return v3case(func(in *tiering.Input, v *tiering.V3Input) {
			v.ARP.Score, v.CSRP.Score = arp, csrp
			v.ARP.Static, v.CSRP.Static = arpStatic, csrpStatic
			if mod != nil {
				mod(in, v)
			}
		})
	}
	withRegs := func(codes ...string) func(*tiering.Input, *tiering.V3Input) {
		return func(in *tiering.Input, _ *tiering.V3Input) { in.Registrations = regs(codes...) }
	}
	withMAPPA := func(codes ...string) func(*tiering.Input, *tiering.V3Input) {
		return func(in *tiering.Input, _ *tiering.V3Input) {
			in.Registrations = append(regs(codes...), mapp("M1", "M1"))
		}
	}
	withDCSRP := func(score float64, b tiering.SRPBand, codes ...string) func(*tiering.Input, *tiering.V3Input) {
		return func(in *tiering.Input, v *tiering.V3Input) {
			in.Registrations = regs(codes...)
			v.DCSRPScore, v.DCSRPBand = score, b
		}
	}
	tests := []struct {
		name, reason string
		in           tiering.Input
		want         want
	}{
		{"sexual offence with RoSH, dynamic", "TierCalculatorTest case 78: E, not provisional", mk(0, 0, false, false, func(in *tiering.Input, v *tiering.V3Input) {
			in.Registrations, v.SexualOffence = regs("RMRH"), true
		}), want{"E", false}},
		{"RoSH present, dynamic", "neither check applies", mk(50, 1.0, false, false, withRegs("RLRH")), want{"D", false}},
		{"both static, other steps below A", pa + ": both static need A", mk(90, 6.9, true, true, withRegs("RHRH")), want{"A", true}},
		{"both static, MAPPA and very high give A", pa, mk(90, 6.9, true, true, withMAPPA("RVHR")), want{"A", false}},
		{"ARP static, CSRP 3.0 needs A", pa + ": first column", mk(50, 3.0, true, false, withDCSRP(2.0, tiering.SRPBandHigh, "RLRH")), want{"B", true}},
		{"ARP static, CSRP 3.0, DC-SRP very high", pa, mk(50, 3.0, true, false, withDCSRP(2.0, tiering.SRPBandVeryHigh, "RLRH")), want{"A", false}},
		{"ARP static, CSRP 0.6 needs C", pa + ": first column at CSRP ≥ 0.5 is C", mk(0, 0.6, true, false, withDCSRP(1.5, tiering.SRPBandMedium, "RLRH")), want{"C", false}},
		{"ARP static, CSRP 0.2 needs D", pa + ": first column at CSRP ≥ 0 is D", mk(0, 0.2, true, false, withRegs("RLRH", "ADVP")), want{"E", true}},
		{"CSRP static, ARP 80 needs A", pa + ": first row", mk(80, 0, false, true, withDCSRP(2.0, tiering.SRPBandHigh, "RLRH")), want{"B", true}},
		{"CSRP static, ARP 50 needs B", pa + ": first row below 75 is B", mk(50, 0, false, true, withDCSRP(2.0, tiering.SRPBandHigh, "RLRH")), want{"B", false}},
		{"RoSH missing, no MAPPA, reoffending C", pb + ": confirmed at C without MAPPA (commit message 'other factors trump to a C')", mk(50, 3.0, false, false, nil), want{"C", false}},
		{"RoSH missing, no MAPPA, reoffending D", pb, mk(50, 1.0, false, false, nil), want{"D", true}},
		{"RoSH missing, default case", pb, mk(0, 0, false, false, nil), want{"G", true}},
		{"RoSH missing, both static, reoffending A", "ProvisionalStatusCalculatorTest: stays provisional even when REOFFENDING = A", mk(90, 6.9, true, true, nil), want{"A", true}},
		{"RoSH missing, ARP static, reoffending not counted", pb + ": REOFFENDING counts only when both are dynamic", mk(50, 3.0, true, false, withDCSRP(2.0, tiering.SRPBandHigh)), want{"B", true}},
		{"RoSH missing, MAPPA, highest B", pb + ": with MAPPA, A needed", mk(90, 1.0, false, false, withMAPPA()), want{"B", true}},
		{"RoSH missing, MAPPA, DC-SRP very high", pb, mk(0, 0, false, false, func(in *tiering.Input, v *tiering.V3Input) {
			in.Registrations = []tiering.Registration{mapp("", "M2")}
			v.DCSRPScore, v.DCSRPBand = 1, tiering.SRPBandVeryHigh
		}), want{"A", false}},
		{"RoSH missing, MAPPA, DC-SRP high", pb + ": with MAPPA, B is not enough", mk(0, 0, false, false, func(in *tiering.Input, v *tiering.V3Input) {
			in.Registrations = []tiering.Registration{mapp("", "M2")}
			v.DCSRPScore, v.DCSRPBand = 1, tiering.SRPBandHigh
		}), want{"B", true}},
		{"RoSH missing, MAPPA, reoffending A", pb, mk(90, 6.9, false, false, withMAPPA()), want{"A", false}},
		{"NOT_SUPERVISED is never provisional", "provisional is a property of letter tiers", mk(0, 0, true, true, func(_ *tiering.Input, v *tiering.V3Input) { v.ActiveEvent = false }), want{"NOT_SUPERVISED", false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tiering.Classify(tt.in, &tiering.Settings{AsOf: asOf})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, want{r.V3.String(), r.Provisional}); diff != "" {
				t.Errorf("Classify() mismatch (-want +got) [%s]:\n%s\n%v", tt.reason, diff, r)
			}
		})
	}
}

// TestRegistrationsNewestWins covers the Delius input derivations of
// tiering.md §1.1: HREG dropped, newest first, first match wins, and the
// documented tie-break on equal dates.
func TestRegistrationsNewestWins(t *testing.T) {
	const src = "tiering.md §1.1: registrations sorted newest first, the first match wins"
	const tie = "Registration doc: on equal dates the most serious wins"
	type want struct {
		Tier string
		V3   string
	}
	mk := func(rs ...tiering.Registration) tiering.Input {
		return v3case(func(in *tiering.Input, _ *tiering.V3Input) { in.Registrations = rs })
	}
	mappOn := func(level, category, date string) tiering.Registration {
		r := mapp(level, category)
		r.Date = tiering.MustParseDate(date)
		return r
	}
	tests := []struct {
		name, reason string
		in           tiering.Input
		want         want
	}{
		{"newer high beats older very high", src, mk(regOn("RVHR", "2024-01-01"), regOn("RHRH", "2025-01-01")), want{"B2", "D"}},
		{"same, other order", src, mk(regOn("RHRH", "2025-01-01"), regOn("RVHR", "2024-01-01")), want{"B2", "D"}},
		{"newer low beats older very high", src, mk(regOn("RLRH", "2025-06-01"), regOn("RVHR", "2025-05-31")), want{"D2", "G"}},
		{"undated is oldest", "Registration doc: a zero Date is older than every date", mk(reg("RVHR"), regOn("RMRH", "2000-01-01")), want{"C2", "G"}},
		{"same date: most serious RoSH", tie, mk(regOn("RMRH", "2025-01-01"), regOn("RVHR", "2025-01-01"), regOn("RHRH", "2025-01-01")), want{"A2", "C"}},
		{"newer MAPP M1 beats older M3", src, mk(mappOn("M3", "M1", "2024-01-01"), mappOn("M1", "M1", "2025-01-01")), want{"D2", "E"}},
		{"MAPP with level M0 is skipped for the level", "tiering.md §1.1: first MAPP with level M1–M3", mk(mappOn("M2", "", "2024-01-01"), mappOn("M0", "", "2025-01-01")), want{"A2", "G"}},
		{"category from the newest MAPP", "tiering.md §1.1: the first MAPP registration's category", mk(mappOn("M2", "M2", "2024-01-01"), mappOn("M0", "", "2025-01-01"), regOn("RHRH", "2025-01-01")), want{"A2", "D"}},
		{"same date: MAPP with a category wins", tie, mk(mappOn("M1", "", "2025-01-01"), mappOn("M1", "M3", "2025-01-01"), reg("RHRH")), want{"B2", "C"}},
		{"same date: higher MAPPA level", tie, mk(mappOn("M1", "M1", "2025-01-01"), mappOn("M3", "M1", "2025-01-01")), want{"A2", "E"}},
		{"HREG dropped", "tiering.md §1.1: HREG dropped first", mk(regOn("HREG", "2026-01-01"), regOn("RMRH", "2025-01-01")), want{"C2", "G"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tiering.Classify(tt.in, &tiering.Settings{AsOf: asOf})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, want{r.Tier.String(), r.V3.String()}); diff != "" {
				t.Errorf("Classify() mismatch (-want +got) [%s]:\n%s\n%v", tt.reason, diff, r)
			}
		})
	}
}
