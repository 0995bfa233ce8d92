package tiering_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/tiering"
)

type v2Want struct {
	Tier          string
	ProtectPoints int
	ChangePoints  int
}

type v2Test struct {
	name   string
	reason string // the source scenario
	in     tiering.Input
	s      *tiering.Settings
	want   v2Want
}

func runV2(t *testing.T, tests []v2Test) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tiering.Classify(tt.in, tt.s)
			if err != nil {
				t.Fatalf("Classify() error: %v (%s)", err, tt.reason)
			}
			got := v2Want{r.Tier.String(), r.ProtectPoints, r.ChangePoints}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Classify() mismatch (-want +got) [%s]:\n%s\n%v", tt.reason, diff, r)
			}
		})
	}
}

func TestProtectRSR(t *testing.T) {
	const f = "F/calculateRSRScore.6.2.feature"
	const q = "tiering.md §1.2 RSR boundary quirks (BigDecimal(double) bounds)"
	rsr := func(x float64) tiering.Input { return bdd(func(in *tiering.Input) { in.RSR = x }) }
	runV2(t, []v2Test{
		{"7.1", f, rsr(7.1), nil, v2Want{"B2", 20, 0}},
		{"7.0", f, rsr(7.0), nil, v2Want{"B2", 20, 0}},
		{"6.9", f, rsr(6.9), nil, v2Want{"C2", 10, 0}},
		{"3.1", f, rsr(3.1), nil, v2Want{"C2", 10, 0}},
		{"3.0", f, rsr(3.0), nil, v2Want{"C2", 10, 0}},
		{"2.9", f, rsr(2.9), nil, v2Want{"D2", 0, 0}},
		{"999.99 sentinel", f, rsr(999.99), nil, v2Want{"D2", 0, 0}},
		{"99.99 scores 0", q, rsr(99.99), nil, v2Want{"D2", 0, 0}},
		{"99.98 scores 20", q, rsr(99.98), nil, v2Want{"B2", 20, 0}},
		{"100 scores 0", q, rsr(100), nil, v2Want{"D2", 0, 0}},
		{"6.99 scores 10", q, rsr(6.99), nil, v2Want{"C2", 10, 0}},
		{"6.995 scores 0", q, rsr(6.995), nil, v2Want{"D2", 0, 0}},
		{"2.99 scores 0", q, rsr(2.99), nil, v2Want{"D2", 0, 0}},
	})
}

func TestProtectRoSHAndMAPPA(t *testing.T) {
	const fr, fo, fm = "F/calculateROSHScore.6.4.feature", "F/ROSHandRSRRule.6.5.feature", "F/MAPPA.6.7.feature"
	r := func(rsr float64, codes ...string) tiering.Input {
		return bdd(func(in *tiering.Input) { in.RSR, in.Registrations = rsr, regs(codes...) })
	}
	m := func(level string) tiering.Input {
		return bdd(func(in *tiering.Input) { in.Registrations = []tiering.Registration{mapp(level, "M2")} })
	}
	runV2(t, []v2Test{
		{"RoSH very high", fr, r(0, "RVHR"), nil, v2Want{"A2", 150, 0}},
		{"RoSH high", fr, r(0, "RHRH"), nil, v2Want{"B2", 20, 0}},
		{"RoSH medium", fr, r(0, "RMRH"), nil, v2Want{"C2", 10, 0}},
		{"RoSH low", fr, r(0, "RLRH"), nil, v2Want{"D2", 0, 0}},
		{"RoSH code ignores case", "tiering.md §1.1: codes match ignoring case", r(0, "rhrh"), nil, v2Want{"B2", 20, 0}},
		{"RoSH as a field", "Input.RoSH, same points as the registration", bdd(func(in *tiering.Input) { in.RoSH = tiering.RoSHHigh }), nil, v2Want{"B2", 20, 0}},
		{"very high and RSR 7.0", fo, r(7.0, "RVHR"), nil, v2Want{"A2", 150, 0}},
		{"RSR 7.0 and medium", fo, r(7.0, "RMRH"), nil, v2Want{"B2", 20, 0}},
		{"RSR 22.0 and medium", fo, r(22.0, "RMRH"), nil, v2Want{"B2", 20, 0}},
		{"MAPPA M3", fm, m("M3"), nil, v2Want{"A2", 150, 0}},
		{"MAPPA M2", fm, m("M2"), nil, v2Want{"A2", 150, 0}},
		{"MAPPA M1", fm, m("M1"), nil, v2Want{"D2", 5, 0}},
		{"no MAPPA", fm, bdd(nil), nil, v2Want{"D2", 0, 0}},
		{"MAPPA M0 is no level", "tiering.md §1.1: level M0 → null", m("M0"), nil, v2Want{"D2", 0, 0}},
		{"MAPPA as a field", "Input.MAPPALevel", bdd(func(in *tiering.Input) { in.MAPPALevel = tiering.MAPPA1 }), nil, v2Want{"D2", 5, 0}},
	})
}

func TestProtectComplexity(t *testing.T) {
	const f = "F/additionalFactorsMaleAndFemale.6.9.feature"
	var tests []v2Test
	for _, code := range tiering.ComplexityCodes() {
		tests = append(tests, v2Test{code, f, bdd(func(in *tiering.Input) { in.Registrations = regs(code) }), nil, v2Want{"D2", 2, 0}})
	}
	tests = append(tests,
		v2Test{"all ten", f, bdd(func(in *tiering.Input) { in.Registrations = regs(tiering.ComplexityCodes()...) }), nil, v2Want{"B2", 20, 0}},
		v2Test{"distinct codes only", "tiering.md §1.1: distinct codes", bdd(func(in *tiering.Input) { in.Registrations = regs("RMDO", "rmdo", "ALSH") }), nil, v2Want{"D2", 4, 0}},
		v2Test{"other codes score nothing", "ComplexityFactor.kt lists ten codes", bdd(func(in *tiering.Input) { in.Registrations = regs("XYZ", "IIOM", "INLL", "ADVP") }), nil, v2Want{"D2", 0, 0}},
		v2Test{"HREG is dropped", "tiering.md §1.1: HREG dropped first", bdd(func(in *tiering.Input) { in.Registrations = regs("HREG", "RMDO") }), nil, v2Want{"D2", 2, 0}},
	)
	runV2(t, tests)
}

func TestProtectWomen(t *testing.T) {
	const fb, fc = "F/additionalFactorsFemaleBreachRecall.6.11.1.feature", "F/additionalFactorsFemaleComplexity.6.11.2.feature"
	const u = "T/service/calculation/AdditionalFactorsForWomenTest.kt"
	woman := func(enf bool, mod func(in *tiering.Input)) tiering.Input {
		return bdd(func(in *tiering.Input) {
			in.Female, in.PreviousEnforcement = true, enf
			if mod != nil {
				mod(in)
			}
		})
	}
	answers := func(female, parenting bool, imp, temper int) tiering.Input {
		return assessed(func(in *tiering.Input) {
			in.Female = female
			*in.Assessment = tiering.Assessment{Parenting: parenting, Impulsivity: imp, TemperControl: temper}
		})
	}
	twoConvictions := func(in *tiering.Input) {
		in.Convictions = []tiering.Conviction{{SentenceType: "NC"}, {SentenceType: "SC"}}
	}
	runV2(t, []v2Test{
		{"male with enforcement", fb, bdd(func(in *tiering.Input) { in.PreviousEnforcement = true }), nil, v2Want{"D2", 0, 0}},
		{"female with enforcement", fb, woman(true, nil), nil, v2Want{"D2", 2, 0}},
		{"female 9 points and enforcement", fb, woman(true, func(in *tiering.Input) {
			in.Registrations = append(regs("ALSH", "RVLN"), mapp("M1", ""))
		}), nil, v2Want{"C2", 11, 0}},
		{"female two convictions and enforcement", fb, woman(true, twoConvictions), nil, v2Want{"D2", 2, 0}},
		{"two breached convictions, flag false", fb, woman(false, twoConvictions), nil, v2Want{"D2", 0, 0}},
		{"parenting", fc, answers(true, true, 0, 0), nil, v2Want{"D1", 2, 0}},
		{"impulsivity 1 and temper 1", fc, answers(true, false, 1, 1), nil, v2Want{"D1", 2, 0}},
		{"temper 1", fc, answers(true, false, 0, 1), nil, v2Want{"D1", 2, 0}},
		{"impulsivity 1", fc, answers(true, false, 1, 0), nil, v2Want{"D1", 2, 0}},
		{"temper 2", fc, answers(true, false, 0, 2), nil, v2Want{"D1", 2, 0}},
		{"impulsivity 2", fc, answers(true, false, 2, 0), nil, v2Want{"D1", 2, 0}},
		{"impulsivity 1 and parenting", fc, answers(true, true, 1, 0), nil, v2Want{"D1", 4, 0}},
		{"temper 1 and parenting", fc, answers(true, true, 0, 1), nil, v2Want{"D1", 4, 0}},
		{"all three", fc, answers(true, true, 1, 1), nil, v2Want{"D1", 4, 0}},
		{"all 0 or NO", fc, answers(true, false, 0, 0), nil, v2Want{"D1", 0, 0}},
		{"male with all three", fc, answers(false, true, 1, 1), nil, v2Want{"D1", 0, 0}},
		{"parenting and temper some", u, answers(true, true, 0, 1), nil, v2Want{"D1", 4, 0}},
		{"impulsivity significant and temper some", u, answers(true, false, 2, 1), nil, v2Want{"D1", 2, 0}},
		{"no assessment", u, woman(false, nil), nil, v2Want{"D2", 0, 0}},
		{"enforcement only", u, woman(true, nil), nil, v2Want{"D2", 2, 0}},
	})
}

func TestProtectLevels(t *testing.T) {
	const f = "F/assessAndProtectAxis.7.1.feature"
	r := func(rs ...tiering.Registration) tiering.Input {
		return bdd(func(in *tiering.Input) { in.Registrations = rs })
	}
	fiftyOne := assessed(func(in *tiering.Input) {
		in.Female, in.PreviousEnforcement = true, true
		in.Assessment.Impulsivity, in.Assessment.Parenting = 1, true
		in.Registrations = append(regs(tiering.ComplexityCodes()...), mapp("M1", ""), reg("RHRH"))
	})
	runV2(t, []v2Test{
		{"152: M3 and RCCO", f, r(mapp("M3", ""), reg("RCCO")), nil, v2Want{"A2", 152, 0}},
		{"150: M3", f, r(mapp("M3", "")), nil, v2Want{"A2", 150, 0}},
		{"51: the most below A", f + "; tiering.md §3.4 (2+2+2+5+20+20)", fiftyOne, nil, v2Want{"B1", 51, 0}},
		{"21: M1, RMRH and 3 codes", f, r(mapp("M1", ""), reg("RMRH"), reg("RMDO"), reg("ALSH"), reg("RVLN")), nil, v2Want{"B2", 21, 0}},
		{"20: RHRH", f, r(reg("RHRH")), nil, v2Want{"B2", 20, 0}},
		{"19: M1, RMRH and 2 codes", f, r(mapp("M1", ""), reg("RMRH"), reg("RMDO"), reg("ALSH")), nil, v2Want{"C2", 19, 0}},
		{"11: M1 and 3 codes", f, r(mapp("M1", ""), reg("RMDO"), reg("ALSH"), reg("RVLN")), nil, v2Want{"C2", 11, 0}},
		{"10: RMRH", f, r(reg("RMRH")), nil, v2Want{"C2", 10, 0}},
		{"9: M1 and 2 codes", f, r(mapp("M1", ""), reg("RMDO"), reg("ALSH")), nil, v2Want{"D2", 9, 0}},
		{"0", f, r(), nil, v2Want{"D2", 0, 0}},
	})
}

func TestProtectVersions(t *testing.T) {
	const f = "tiering.md §0, §1.2: before 28 May 2021 A needed 30 points, VH and M2/M3 scored 30 (04782100^)"
	v1 := &tiering.Settings{Version: tiering.Version1}
	v2 := &tiering.Settings{Version: tiering.Version2}
	r := func(rs ...tiering.Registration) tiering.Input {
		return bdd(func(in *tiering.Input) { in.Registrations = rs })
	}
	runV2(t, []v2Test{
		{"v1 very high", f, r(reg("RVHR")), v1, v2Want{"A2", 30, 0}},
		{"v1 M2", f, r(mapp("M2", "")), v1, v2Want{"A2", 30, 0}},
		{"v1 high", f, r(reg("RHRH")), v1, v2Want{"B2", 20, 0}},
		{"v1 29 points", f, r(reg("RHRH"), mapp("M1", ""), reg("RMDO"), reg("ALSH")), v1, v2Want{"B2", 29, 0}},
		{"v1 30 points without VH or M2/M3", f, r(reg("RHRH"), mapp("M1", ""), reg("RMDO"), reg("ALSH"), reg("RVLN")), v1, v2Want{"A2", 31, 0}},
		{"v2 explicit, same case", "Version2 is the default", r(reg("RHRH"), mapp("M1", ""), reg("RMDO"), reg("ALSH"), reg("RVLN")), v2, v2Want{"B2", 31, 0}},
		{"default is v2", "zero Settings.Version means Version2", r(reg("RVHR")), &tiering.Settings{}, v2Want{"A2", 150, 0}},
	})
}

func TestChangeLevel(t *testing.T) {
	const fo, fn, fi, ft, fm = "F/OGRS.8.2.feature", "F/criminogenicNeeds.8.4.feature", "F/IOM.8.6.feature", "F/changeTierThresholds.10.1.feature", "F/mandateForChange.9.5.feature"
	tests := []v2Test{}
	for _, c := range []struct {
		ogrs, points int
		tier         string
	}{{100, 10, "D2"}, {90, 9, "D1"}, {80, 8, "D1"}, {70, 7, "D1"}, {60, 6, "D1"}, {59, 5, "D1"}, {51, 5, "D1"}, {50, 5, "D1"}, {40, 4, "D1"}, {30, 3, "D1"}, {20, 2, "D1"}, {10, 1, "D1"}, {9, 0, "D1"}} {
		tests = append(tests, v2Test{"OGRS " + itoa(c.ogrs), fo, withNeeds(c.ogrs), nil, v2Want{c.tier, 0, c.points}})
	}
	for _, n := range weightOneNeeds {
		tests = append(tests,
			v2Test{n.String() + " standard", fn, withNeeds(0, sev(n, tiering.SeverityStandard)), nil, v2Want{"D1", 0, 1}},
			v2Test{n.String() + " severe", fn, withNeeds(0, sev(n, tiering.SeveritySevere)), nil, v2Want{"D1", 0, 2}})
	}
	for _, n := range []tiering.Need{tiering.NeedThinkingBehaviour, tiering.NeedAttitudes} {
		tests = append(tests,
			v2Test{n.String() + " standard", fn, withNeeds(0, sev(n, tiering.SeverityStandard)), nil, v2Want{"D1", 0, 2}},
			v2Test{n.String() + " severe", fn, withNeeds(0, sev(n, tiering.SeveritySevere)), nil, v2Want{"D1", 0, 4}})
	}
	for _, n := range []tiering.Need{tiering.NeedFinancialManagement, tiering.NeedEmotionalWellbeing} {
		tests = append(tests,
			v2Test{n.String() + " severe scores 0", fn, withNeeds(0, sev(n, tiering.SeveritySevere)), nil, v2Want{"D1", 0, 0}},
			v2Test{n.String() + " high score scores 0", fn, withNeeds(0, tiering.NeedScore{Need: n, Score: 10}), nil, v2Want{"D1", 0, 0}})
	}
	tests = append(tests,
		v2Test{"accommodation standard, alcohol no need", fn, withNeeds(0, sev(tiering.NeedAccommodation, tiering.SeverityStandard), sev(tiering.NeedAlcoholMisuse, tiering.SeverityNoNeed)), nil, v2Want{"D1", 0, 1}},
		v2Test{"accommodation standard, alcohol standard", fn, withNeeds(0, sev(tiering.NeedAccommodation, tiering.SeverityStandard), sev(tiering.NeedAlcoholMisuse, tiering.SeverityStandard)), nil, v2Want{"D1", 0, 2}},
		v2Test{"IIOM", fi, assessed(func(in *tiering.Input) { in.Registrations = regs("IIOM") }), nil, v2Want{"D1", 0, 2}},
		v2Test{"21: OGRS 90 and 6 severe", ft, withNeeds(90, severeNeeds(6)...), nil, v2Want{"D3", 0, 21}},
		v2Test{"20: OGRS 100 and 5 severe", ft, withNeeds(100, severeNeeds(5)...), nil, v2Want{"D3", 0, 20}},
		v2Test{"19: OGRS 90 and 5 severe", ft, withNeeds(90, severeNeeds(5)...), nil, v2Want{"D2", 0, 19}},
		v2Test{"11: OGRS 10 and 5 severe", ft, withNeeds(10, severeNeeds(5)...), nil, v2Want{"D2", 0, 11}},
		v2Test{"10: 5 severe", ft, withNeeds(0, severeNeeds(5)...), nil, v2Want{"D2", 0, 10}},
		v2Test{"9: OGRS 90", ft, withNeeds(90), nil, v2Want{"D1", 0, 9}},
	)
	sp := func(assessment bool, reqs ...tiering.Requirement) tiering.Input {
		in := tiering.Input{Convictions: []tiering.Conviction{{SentenceType: "SP", Requirements: reqs}}}
		if assessment {
			in.Assessment = &tiering.Assessment{}
		}
		return in
	}
	conv := func(c tiering.Conviction, assessment bool) tiering.Input {
		in := sp(assessment)
		in.Convictions = []tiering.Conviction{c}
		return in
	}
	tests = append(tests,
		v2Test{"SC with assessment", fm, conv(tiering.Conviction{SentenceType: "SC"}, true), nil, v2Want{"D1", 0, 0}},
		v2Test{"NC with assessment", fm, conv(tiering.Conviction{SentenceType: "NC"}, true), nil, v2Want{"D1", 0, 0}},
		v2Test{"SP with unpaid work only", fm, sp(true, tiering.Requirement{MainCategory: "W"}), nil, v2Want{"D0", 0, 0}},
		v2Test{"SP with W1 and W", fm, sp(true, tiering.Requirement{MainCategory: "W1"}, tiering.Requirement{MainCategory: "W"}), nil, v2Want{"D0", 0, 0}},
		v2Test{"SP with non-restrictive F", fm, sp(true, tiering.Requirement{MainCategory: "F"}), nil, v2Want{"D1", 0, 0}},
		v2Test{"NC without assessment", fm, conv(tiering.Conviction{SentenceType: "NC"}, false), nil, v2Want{"D2", 0, 0}},
		v2Test{"NC with an assessment 55 weeks old", fm + " (the assessment's age is not an input since c0b25699)", conv(tiering.Conviction{SentenceType: "NC"}, true), nil, v2Want{"D1", 0, 0}},
		v2Test{"SP with restrictive F", "tiering.md §1.3: restrictive requirements give no mandate", sp(true, tiering.Requirement{MainCategory: "F", Restrictive: true}), nil, v2Want{"D0", 0, 0}},
		v2Test{"no conviction", "tiering.md §1.3: no current conviction, no mandate", tiering.Input{Assessment: &tiering.Assessment{}}, nil, v2Want{"D0", 0, 0}},
		v2Test{"terminated NC", "tiering.md §1.1: only convictions without a termination date count", conv(tiering.Conviction{SentenceType: "NC", Terminated: true}, true), nil, v2Want{"D0", 0, 0}},
		v2Test{"no mandate comes before no assessment", "tiering.md §1.3 check order", sp(false, tiering.Requirement{MainCategory: "W"}), nil, v2Want{"D0", 0, 0}},
		v2Test{"no mandate ignores OGRS and needs", "tiering.md §1.3: x0 has 0 points", func() tiering.Input {
			in := sp(true, tiering.Requirement{MainCategory: "W"})
			in.OGRS, in.Assessment.Needs = 100, severeNeeds(6)
			return in
		}(), nil, v2Want{"D0", 0, 0}},
		v2Test{"no assessment ignores OGRS and IIOM", "tiering.md §1.3: x2 with 0 points", bdd(func(in *tiering.Input) { in.OGRS, in.Registrations = 100, regs("IIOM") }), nil, v2Want{"D2", 0, 0}},
		v2Test{"PRC gives the S suffix", "tiering.md §1.4: tierScore + S", bdd(func(in *tiering.Input) { in.Registrations = regs("RHRH", "PRC") }), nil, v2Want{"B2S", 20, 0}},
		v2Test{"PRC without mandate", "tiering.md §1.4", tiering.Input{Registrations: regs("RVHR", "PRC")}, nil, v2Want{"A0S", 150, 0}},
	)
	runV2(t, tests)
}

// TestNeedSeverity covers T/client/arns/NeedSectionTest.kt and the
// thresholds of tiering.md §1.3.
func TestNeedSeverity(t *testing.T) {
	tests := []struct {
		name, reason string
		need         tiering.Need
		score        int
		san          bool
		want         tiering.Severity
	}{
		{"accommodation 5", "NeedSectionTest: Significant, Significant, Some is STANDARD", tiering.NeedAccommodation, 5, false, tiering.SeverityStandard},
		{"accommodation 5 SAN", "NeedSectionTest: … SEVERE under SAN", tiering.NeedAccommodation, 5, true, tiering.SeveritySevere},
		{"ETE 3 SAN", "NeedSectionTest: ETE has no SAN override", tiering.NeedEducationTraining, 3, true, tiering.SeverityStandard},
		{"accommodation 1", "standard from 2", tiering.NeedAccommodation, 1, false, tiering.SeverityNoNeed},
		{"accommodation 2 SAN", "SAN standard from 3", tiering.NeedAccommodation, 2, true, tiering.SeverityNoNeed},
		{"ETE 7", "severe from 7", tiering.NeedEducationTraining, 7, false, tiering.SeveritySevere},
		{"relationships 5", "severe from 5", tiering.NeedRelationships, 5, false, tiering.SeveritySevere},
		{"lifestyle 4", "standard 2–4", tiering.NeedLifestyle, 4, false, tiering.SeverityStandard},
		{"drugs 7", "standard 2–7", tiering.NeedDrugMisuse, 7, false, tiering.SeverityStandard},
		{"drugs 6 SAN", "SAN severe from 6", tiering.NeedDrugMisuse, 6, true, tiering.SeveritySevere},
		{"alcohol 3", "standard from 4", tiering.NeedAlcoholMisuse, 3, false, tiering.SeverityNoNeed},
		{"alcohol 4 SAN", "SAN severe from 4", tiering.NeedAlcoholMisuse, 4, true, tiering.SeveritySevere},
		{"thinking 3 SAN", "SAN standard from 3", tiering.NeedThinkingBehaviour, 3, true, tiering.SeverityStandard},
		{"attitudes 1 SAN", "SAN standard from 1", tiering.NeedAttitudes, 1, true, tiering.SeverityStandard},
		{"attitudes 6", "severe from 7", tiering.NeedAttitudes, 6, false, tiering.SeverityStandard},
		{"financial 8", "weight 0, never scored", tiering.NeedFinancialManagement, 8, false, tiering.SeverityNoNeed},
	}
	for _, tt := range tests {
		if got := tt.need.Severity(tt.score, tt.san); got != tt.want {
			t.Errorf("%s: %v.Severity(%d, %v) = %v, want %v (%s)", tt.name, tt.need, tt.score, tt.san, got, tt.want, tt.reason)
		}
	}
	// Through Classify: a section score is turned into points with the SAN
	// thresholds when the assessment has the SAN indicator.
	score5 := withNeeds(0, tiering.NeedScore{Need: tiering.NeedAccommodation, Score: 5})
	san := withNeeds(0, tiering.NeedScore{Need: tiering.NeedAccommodation, Score: 5})
	san.Assessment.SAN = true
	allMissing := withNeeds(0) // "every answer Missing/Unknown: no score, left out"
	runV2(t, []v2Test{
		{"section score 5", "NeedSectionTest", score5, nil, v2Want{"D1", 0, 1}},
		{"section score 5 SAN", "NeedSectionTest", san, nil, v2Want{"D1", 0, 2}},
		{"section without score", "NeedSectionTest: left out", allMissing, nil, v2Want{"D1", 0, 0}},
	})
}
