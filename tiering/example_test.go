package tiering_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/tiering"
)

func ExampleClassify() {
	in := tiering.Input{
		ID:   "X123456",
		RSR:  7.1,
		OGRS: 62,
		Registrations: []tiering.Registration{
			{Code: "RMRH", Date: tiering.MustParseDate("2025-02-01")},
			{Code: "MAPP", Level: "M1", Category: "M2", Date: tiering.MustParseDate("2025-03-01")},
			{Code: "RMDO"},
		},
		Convictions: []tiering.Conviction{{SentenceType: "SC"}},
		Assessment: &tiering.Assessment{Needs: []tiering.NeedScore{
			{Need: tiering.NeedAccommodation, Score: 5},
			{Need: tiering.NeedThinkingBehaviour, Severity: tiering.SeveritySevere},
		}},
		V3: &tiering.V3Input{
			ActiveEvent: true,
			ARP:         &tiering.Predictor{Score: 62.5},
			CSRP:        &tiering.Predictor{Score: 1.8},
		},
	}
	r, err := tiering.Classify(in, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Tier, r.ProtectPoints, r.ChangePoints)
	fmt.Println(r.V3, r.Provisional)
	// Output:
	// B2 27 11
	// D false
}

func ExampleResult_Explanation() {
	in := tiering.Input{
		Female:              true,
		PreviousEnforcement: true,
		Registrations:       []tiering.Registration{{Code: "RHRH"}, {Code: "PRC"}},
		Convictions:         []tiering.Conviction{{SentenceType: "NC"}},
	}
	r, _ := tiering.Classify(in, nil)
	fmt.Println(r.Tier)
	for _, f := range r.Explanation() {
		fmt.Printf("%v: %s → %s\n", f.Rule, f.Value, f.Outcome)
	}
	// Output:
	// B2S
	// RSR: none → +0 points
	// ROSH: HIGH (registration RHRH, undated) → +20 points
	// MAPPA: none → +0 points
	// COMPLEXITY: none → +0 points
	// PARENTING: no → +0 points
	// SELF_CONTROL: no assessment → +0 points
	// BREACH_RECALL: yes → +2 points
	// PROTECT: 22 points (A from 150, B from 20, C from 10) → protect B
	// MANDATE_FOR_CHANGE: conviction 1: custodial sentence NC → mandate
	// NO_VALID_ASSESSMENT: no assessment → change 2
	// UNSUPERVISED: PRC registration → suffix S
}

func ExampleResult_String() {
	in := tiering.Input{
		ID:            "L1",
		Registrations: []tiering.Registration{{Code: "INLL"}, {Code: "RHRH"}},
		V3: &tiering.V3Input{
			ActiveEvent:       true,
			ARP:               &tiering.Predictor{Score: 20, Static: true},
			CSRP:              &tiering.Predictor{Score: 0.7},
			LatestReleaseDate: tiering.MustParseDate("2026-01-15"),
		},
	}
	r, _ := tiering.Classify(in, &tiering.Settings{AsOf: tiering.MustParseDate("2026-08-17")})
	fmt.Println(r)
	// Output:
	// L1: B0 (protect B, 20 points; change 0, 0 points; rules v2); v3 B
	//   RSR: none → +0 points [hmpps-tier M/service/calculation/ProtectLevelCalculator.kt; F/calculateRSRScore.6.2.feature]
	//   RoSH: HIGH (registration RHRH, undated) → +20 points [hmpps-tier M/service/calculation/ProtectLevelCalculator.kt; F/calculateROSHScore.6.4.feature]
	//   MAPPA level: none → +0 points [hmpps-tier M/service/calculation/ProtectLevelCalculator.kt; F/MAPPA.6.7.feature]
	//   Complexity factors: none → +0 points [hmpps-tier M/domain/enums/ComplexityFactor.kt; F/additionalFactorsMaleAndFemale.6.9.feature]
	//   Protect level: 20 points (A from 150, B from 20, C from 10) → protect B [hmpps-tier M/service/calculation/ProtectLevelCalculator.kt; F/assessAndProtectAxis.7.1.feature]
	//   Mandate for change: no current custodial sentence, and no current non-restrictive requirement other than W or W1 → no mandate: change 0 [hmpps-tier M/service/calculation/MandateForChange.kt; F/mandateForChange.9.5.feature]
	//   Reoffending (ARP × CSRP): ARP 20% (static), CSRP 0.7% (dynamic) → F [hmpps-tier M/service/calculation/TierCalculator.kt, ReoffendingPredictorTable.kt]
	//   Sexual reoffending (DC-SRP): DC-SRP 0%, band NONE (not used) → no result [hmpps-tier M/service/calculation/TierCalculator.kt]
	//   MAPPA and RoSH: MAPPA category NONE, RoSH HIGH → D [hmpps-tier M/service/calculation/TierCalculator.kt]
	//   Lifer or IPP release: INLL, released 2026-01-15, within 1 year of 2026-08-17 → B [hmpps-tier M/service/calculation/TierCalculator.kt]
	//   Domestic abuse: none → no result [hmpps-tier M/service/calculation/TierCalculator.kt]
	//   Stalking: none → no result [hmpps-tier M/service/calculation/TierCalculator.kt]
	//   Child protection: none → no result [hmpps-tier M/service/calculation/TierCalculator.kt]
	//   Convicted of a sexual offence: no → no result [hmpps-tier M/service/calculation/TierCalculator.kt]
	//   V3 tier (most serious step): the most serious step; G when none gives a tier → B [hmpps-tier M/service/calculation/TierCalculator.kt]
	//   Provisional: static predictors: ARP static, CSRP dynamic: the other steps give B, C needed → not provisional [hmpps-tier M/service/calculation/ProvisionalStatusCalculator.kt]
}

func ExampleInput_UnmarshalJSON() {
	line := `{"id": "X9", "rsr": 130, "mappa_level": "M7",
		"assessment": {"needs": [{"need": "ALCOHOL_MISUSE", "severity": "CRITICAL"}]},
		"v3": {"active_event": true, "arp": {"score": 50}, "csrp": {"score": 1},
		       "dcsrp_score": 0.59, "dcsrp_band": "MEDIUM"}}`
	var in tiering.Input
	err := json.Unmarshal([]byte(line), &in)
	var ve *probation.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Fields {
			fmt.Println(p)
		}
	}
	// Output:
	// case "X9": mappa_level = "M7": want one of NONE, M1, M2 or M3
	// case "X9": assessment.needs[0].severity = "CRITICAL": want NO_NEED, STANDARD or SEVERE
	// case "X9": rsr = "130": want a percentage from 0 to 100, or 999.99 for no score
	// case "X9": v3.dcsrp_score = "0.59": below 0.60 in the MEDIUM band, which hmpps-tier rejects (IllegalStateException)
}

func ExampleClassifyAll() {
	ins := []tiering.Input{
		{ID: "A", Registrations: []tiering.Registration{{Code: "RVHR"}}, Convictions: []tiering.Conviction{{SentenceType: "SC"}}},
		{ID: "B", RSR: 130},
		{ID: "C", RSR: 4.2, Convictions: []tiering.Conviction{{SentenceType: "SP", Requirements: []tiering.Requirement{{MainCategory: "W"}}}}},
	}
	rs, err := tiering.ClassifyAll(ins, nil)
	for _, r := range rs {
		fmt.Printf("%q %v\n", r.ID, r.Tier)
	}
	fmt.Println(err)
	// Output:
	// "A" A2
	// "" untiered
	// "C" C0
	// tiering.ClassifyAll: 1 invalid value
	// 	case [1] "B": rsr = "130": want a percentage from 0 to 100, or 999.99 for no score
}

func ExampleRSRPoints() {
	for _, rsr := range []float64{2.99, 3, 6.99, 6.995, 7, 99.98, 99.99, 999.99} {
		fmt.Println(rsr, tiering.RSRPoints(rsr))
	}
	// Output:
	// 2.99 0
	// 3 10
	// 6.99 10
	// 6.995 0
	// 7 20
	// 99.98 20
	// 99.99 0
	// 999.99 0
}

func ExampleResult_MarshalJSON() {
	in := tiering.Input{ID: "J1", Registrations: []tiering.Registration{{Code: "RVHR"}}, Convictions: []tiering.Conviction{{SentenceType: "NC"}}}
	r, _ := tiering.Classify(in, nil)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.Encode(r)
	// Output:
	// {
	//  "id": "J1",
	//  "tier": "A2",
	//  "protect": "A",
	//  "protect_points": 150,
	//  "change": 2,
	//  "change_points": 0,
	//  "unsupervised": false,
	//  "version": "2",
	//  "provisional": false,
	//  "explanation": [
	//   {
	//    "rule": "RSR",
	//    "title": "RSR",
	//    "value": "none",
	//    "points": 0,
	//    "outcome": "+0 points",
	//    "source": "hmpps-tier M/service/calculation/ProtectLevelCalculator.kt; F/calculateRSRScore.6.2.feature"
	//   },
	//   {
	//    "rule": "ROSH",
	//    "title": "RoSH",
	//    "value": "VERY_HIGH (registration RVHR, undated)",
	//    "points": 150,
	//    "outcome": "+150 points",
	//    "source": "hmpps-tier M/service/calculation/ProtectLevelCalculator.kt; F/calculateROSHScore.6.4.feature"
	//   },
	//   {
	//    "rule": "MAPPA",
	//    "title": "MAPPA level",
	//    "value": "none",
	//    "points": 0,
	//    "outcome": "+0 points",
	//    "source": "hmpps-tier M/service/calculation/ProtectLevelCalculator.kt; F/MAPPA.6.7.feature"
	//   },
	//   {
	//    "rule": "COMPLEXITY",
	//    "title": "Complexity factors",
	//    "value": "none",
	//    "points": 0,
	//    "outcome": "+0 points",
	//    "source": "hmpps-tier M/domain/enums/ComplexityFactor.kt; F/additionalFactorsMaleAndFemale.6.9.feature"
	//   },
	//   {
	//    "rule": "PROTECT",
	//    "title": "Protect level",
	//    "value": "150 points (A from 150, B from 20, C from 10)",
	//    "points": 150,
	//    "outcome": "protect A",
	//    "source": "hmpps-tier M/service/calculation/ProtectLevelCalculator.kt; F/assessAndProtectAxis.7.1.feature"
	//   },
	//   {
	//    "rule": "MANDATE_FOR_CHANGE",
	//    "title": "Mandate for change",
	//    "value": "conviction 1: custodial sentence NC",
	//    "points": 0,
	//    "outcome": "mandate",
	//    "source": "hmpps-tier M/service/calculation/MandateForChange.kt; F/mandateForChange.9.5.feature"
	//   },
	//   {
	//    "rule": "NO_VALID_ASSESSMENT",
	//    "title": "Assessment",
	//    "value": "no assessment",
	//    "points": 0,
	//    "outcome": "change 2",
	//    "source": "hmpps-tier M/service/calculation/ChangeLevelCalculator.kt; F/mandateForChange.9.5.feature"
	//   }
	//  ]
	// }
}

func ExampleParseTier() {
	t, err := tiering.ParseTier("UB2S") // the Delius reference-data form
	fmt.Println(t, t.Protect(), t.Change(), t.Unsupervised(), err)
	fmt.Println(tiering.MustParseTier("A1").Compare(tiering.MustParseTier("B3")))
	// Output:
	// B2S B 2 true <nil>
	// 1
}
