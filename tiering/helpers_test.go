package tiering_test

import (
	"strconv"

	"github.com/probationkit/probation/tiering"
)

func itoa(i int) string { return strconv.Itoa(i) }

// Helpers shared by the tests: short constructors for the scenario tables.

func reg(code string) tiering.Registration { return tiering.Registration{Code: code} }

func regOn(code, date string) tiering.Registration {
	return tiering.Registration{Code: code, Date: tiering.MustParseDate(date)}
}

func mapp(level, category string) tiering.Registration {
	return tiering.Registration{Code: "MAPP", Level: level, Category: category}
}

func regs(codes ...string) []tiering.Registration {
	out := make([]tiering.Registration, len(codes))
	for i, c := range codes {
		out[i] = reg(c)
	}
	return out
}

var nc = []tiering.Conviction{{SentenceType: "NC"}}

// bdd returns the BDD default case of hmpps-tier's feature files
// (tiering.md §3.4): male, OGRS 0, RSR 0, one current NC conviction and
// no assessment, changed by mod.
func bdd(mod func(in *tiering.Input)) tiering.Input {
	in := tiering.Input{Convictions: nc}
	if mod != nil {
		mod(&in)
	}
	return in
}

// assessed is bdd with an empty assessment added.
func assessed(mod func(in *tiering.Input)) tiering.Input {
	return bdd(func(in *tiering.Input) {
		in.Assessment = &tiering.Assessment{}
		if mod != nil {
			mod(in)
		}
	})
}

// withNeeds is assessed with the given needs.
func withNeeds(ogrs int, needs ...tiering.NeedScore) tiering.Input {
	return assessed(func(in *tiering.Input) {
		in.OGRS = ogrs
		in.Assessment.Needs = needs
	})
}

func sev(n tiering.Need, s tiering.Severity) tiering.NeedScore {
	return tiering.NeedScore{Need: n, Severity: s}
}

var weightOneNeeds = []tiering.Need{
	tiering.NeedAccommodation, tiering.NeedEducationTraining, tiering.NeedRelationships,
	tiering.NeedLifestyle, tiering.NeedDrugMisuse, tiering.NeedAlcoholMisuse,
}

// severeNeeds returns the first k weight-1 needs, all severe.
func severeNeeds(k int) []tiering.NeedScore {
	out := make([]tiering.NeedScore, k)
	for i := range k {
		out[i] = sev(weightOneNeeds[i], tiering.SeveritySevere)
	}
	return out
}

// v3case returns the default case of TierCalculatorTest.kt (tiering.md
// §3.1): male, RSR 0, OGRS 0, mandate present, active event, no
// registrations, ARP 0 and CSRP 0 both dynamic, DC-SRP band LOW with no
// score, no sexual offence; changed by mod.
func v3case(mod func(in *tiering.Input, v *tiering.V3Input)) tiering.Input {
	in := tiering.Input{Convictions: nc, V3: &tiering.V3Input{
		ActiveEvent: true,
		ARP:         &tiering.Predictor{},
		CSRP:        &tiering.Predictor{},
		DCSRPBand:   tiering.SRPBandLow,
	}}
	if mod != nil {
		mod(&in, in.V3)
	}
	return in
}

func scores(arp, csrp float64) func(*tiering.Input, *tiering.V3Input) {
	return func(_ *tiering.Input, v *tiering.V3Input) {
		v.ARP.Score, v.CSRP.Score = arp, csrp
	}
}
