package tiering_test

import (
	"math/rand/v2"

	"pgregory.net/rapid"

	"github.com/probationkit/probation/tiering"
)

// Generators of inputs: rapid generators for the properties and the
// fuzz targets, and a seeded math/rand generator for the benchmarks.

var (
	registrationCodes = []string{
		"RVHR", "RHRH", "RMRH", "RLRH", "MAPP", "MAPP", "RMDO", "ALSH", "RVLN", "RCCO", "RCPR", "RCHD",
		"RPIR", "RVAD", "STRG", "RTAO", "IIOM", "PRC", "INLL", "ADVP", "REG30", "SPO", "HREG", "WRSM", "rhrh",
	}
	mappaLevelCodes    = []string{"", "M0", "M1", "M2", "M3", "m2", "M7"}
	mappaCategoryCodes = []string{"", "M1", "M2", "M3", "M4", "M9"}
	sentenceTypes      = []string{"NC", "SC", "SP", "", "nc", "CJA"}
	mainCategories     = []string{"W", "W1", "F", "X", "RM38", ""}
	roshCodes          = map[string]bool{"RVHR": true, "RHRH": true, "RMRH": true, "RLRH": true, "rhrh": true}
)

// dateGen draws dates from a small window, so that ties happen.
var dateGen = rapid.Custom(func(t *rapid.T) tiering.Date {
	if rapid.IntRange(0, 9).Draw(t, "undated") == 0 {
		return tiering.Date{}
	}
	return tiering.MustParseDate("2020-01-01").AddDays(rapid.IntRange(0, 40).Draw(t, "day") * 30)
})

// rsrGrid draws an RSR on the two-decimal grid below 99.99, where RSR
// points are monotone (see TestProtectRSR for the exceptions).
var rsrGrid = rapid.Custom(func(t *rapid.T) float64 {
	return float64(rapid.IntRange(0, 9998).Draw(t, "rsr×100")) / 100
})

// registrationsGen draws registrations; with noRiskCodes it leaves out
// RoSH and MAPP codes.
func registrationsGen(noRiskCodes bool) *rapid.Generator[[]tiering.Registration] {
	return rapid.Custom(func(t *rapid.T) []tiering.Registration {
		n := rapid.IntRange(0, 6).Draw(t, "registrations")
		out := make([]tiering.Registration, 0, n)
		for range n {
			code := rapid.SampledFrom(registrationCodes).Draw(t, "code")
			if noRiskCodes && (roshCodes[code] || code == "MAPP") {
				continue
			}
			out = append(out, tiering.Registration{
				Code:     code,
				Level:    rapid.SampledFrom(mappaLevelCodes).Draw(t, "level"),
				Category: rapid.SampledFrom(mappaCategoryCodes).Draw(t, "category"),
				Date:     dateGen.Draw(t, "date"),
			})
		}
		return out
	})
}

var convictionsGen = rapid.Custom(func(t *rapid.T) []tiering.Conviction {
	out := make([]tiering.Conviction, rapid.IntRange(0, 3).Draw(t, "convictions"))
	for i := range out {
		out[i] = tiering.Conviction{
			SentenceType: rapid.SampledFrom(sentenceTypes).Draw(t, "sentence"),
			Terminated:   rapid.IntRange(0, 4).Draw(t, "terminated") == 0,
		}
		for range rapid.IntRange(0, 2).Draw(t, "requirements") {
			out[i].Requirements = append(out[i].Requirements, tiering.Requirement{
				MainCategory: rapid.SampledFrom(mainCategories).Draw(t, "main"),
				Restrictive:  rapid.Bool().Draw(t, "restrictive"),
			})
		}
	}
	return out
})

var needScoreGen = rapid.Custom(func(t *rapid.T) tiering.NeedScore {
	if rapid.Bool().Draw(t, "given") {
		return tiering.NeedScore{Severity: tiering.Severity(rapid.IntRange(1, 3).Draw(t, "severity"))}
	}
	return tiering.NeedScore{Score: rapid.IntRange(0, 10).Draw(t, "score")}
})

var assessmentGen = rapid.Custom(func(t *rapid.T) *tiering.Assessment {
	if rapid.IntRange(0, 3).Draw(t, "none") == 0 {
		return nil
	}
	a := &tiering.Assessment{
		SAN:           rapid.Bool().Draw(t, "san"),
		Parenting:     rapid.Bool().Draw(t, "parenting"),
		Impulsivity:   rapid.IntRange(0, 2).Draw(t, "impulsivity"),
		TemperControl: rapid.IntRange(0, 2).Draw(t, "temper"),
	}
	for n := tiering.NeedAccommodation; n <= tiering.NeedAttitudes; n++ {
		if rapid.Bool().Draw(t, "has need") {
			ns := needScoreGen.Draw(t, "need")
			ns.Need = n
			a.Needs = append(a.Needs, ns)
		}
	}
	rapid.Permutation(a.Needs).Draw(t, "needs order")
	return a
})

var predictorGen = rapid.Custom(func(t *rapid.T) *tiering.Predictor {
	if rapid.IntRange(0, 9).Draw(t, "missing") == 0 {
		return nil
	}
	return &tiering.Predictor{Score: rapid.Float64Range(0, 100).Draw(t, "score"), Static: rapid.IntRange(0, 3).Draw(t, "static") == 0}
})

var v3Gen = rapid.Custom(func(t *rapid.T) *tiering.V3Input {
	if rapid.IntRange(0, 4).Draw(t, "no v3") == 0 {
		return nil
	}
	v := &tiering.V3Input{
		ActiveEvent:   rapid.IntRange(0, 9).Draw(t, "inactive") != 0,
		ARP:           predictorGen.Draw(t, "arp"),
		CSRP:          predictorGen.Draw(t, "csrp"),
		DCSRPScore:    rapid.SampledFrom([]float64{0, 0.01, 0.6, 1.11, 1.12, 2.10, 2.11, 3.36, 5.31}).Draw(t, "dcsrp"),
		DCSRPBand:     tiering.SRPBand(rapid.IntRange(0, 5).Draw(t, "band")),
		SexualOffence: rapid.IntRange(0, 4).Draw(t, "sexual") == 0,
	}
	if v.DCSRPBand == tiering.SRPBandMedium && v.DCSRPScore > 0 && v.DCSRPScore < 0.6 {
		v.DCSRPScore = 0.6 // below is invalid (TestV3DCSRPMediumBelowFloor)
	}
	if rapid.Bool().Draw(t, "released") {
		v.LatestReleaseDate = asOf.AddDays(-rapid.IntRange(-30, 7*366).Draw(t, "days ago"))
	}
	return v
})

// inputGen draws valid inputs: RoSH and MAPPA come from the registrations.
var inputGen = rapid.Custom(func(t *rapid.T) tiering.Input {
	return tiering.Input{
		ID:                  rapid.StringMatching(`[A-Z][0-9]{3}`).Draw(t, "id"),
		Female:              rapid.Bool().Draw(t, "female"),
		RSR:                 rapid.OneOf(rsrGrid, rapid.Float64Range(0, 100), rapid.Just(999.99)).Draw(t, "rsr"),
		OGRS:                rapid.IntRange(0, 100).Draw(t, "ogrs"),
		Registrations:       registrationsGen(false).Draw(t, "registrations"),
		Convictions:         convictionsGen.Draw(t, "convictions"),
		Assessment:          assessmentGen.Draw(t, "assessment"),
		PreviousEnforcement: rapid.Bool().Draw(t, "enforcement"),
		V3:                  v3Gen.Draw(t, "v3"),
	}
})

// randomInputs returns n valid inputs from a seeded generator: a
// realistic mix for the benchmarks (a few registrations, one or two
// convictions, mostly assessed, v3 inputs for all).
func randomInputs(n int, seed uint64) []tiering.Input {
	r := rand.New(rand.NewPCG(seed, 1))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	out := make([]tiering.Input, n)
	for i := range out {
		in := tiering.Input{
			ID:                  "C" + itoa(i),
			Female:              r.IntN(6) == 0,
			RSR:                 float64(r.IntN(2000)) / 100,
			OGRS:                r.IntN(101),
			PreviousEnforcement: r.IntN(5) == 0,
		}
		for range r.IntN(6) {
			code := pick(registrationCodes[:22])
			reg := tiering.Registration{Code: code, Date: tiering.MustParseDate("2018-01-01").AddDays(r.IntN(3000))}
			if code == "MAPP" {
				reg.Level, reg.Category = pick(mappaLevelCodes[1:5]), pick(mappaCategoryCodes[1:5])
			}
			in.Registrations = append(in.Registrations, reg)
		}
		for range 1 + r.IntN(2) {
			c := tiering.Conviction{SentenceType: pick(sentenceTypes[:3]), Terminated: r.IntN(4) == 0}
			if c.SentenceType == "SP" {
				c.Requirements = []tiering.Requirement{{MainCategory: pick(mainCategories[:4]), Restrictive: r.IntN(3) == 0}}
			}
			in.Convictions = append(in.Convictions, c)
		}
		if r.IntN(5) != 0 {
			a := &tiering.Assessment{SAN: r.IntN(3) == 0, Parenting: r.IntN(4) == 0, Impulsivity: r.IntN(3), TemperControl: r.IntN(3)}
			for n := tiering.NeedAccommodation; n <= tiering.NeedAttitudes; n++ {
				if r.IntN(3) != 0 {
					a.Needs = append(a.Needs, tiering.NeedScore{Need: n, Score: r.IntN(9)})
				}
			}
			in.Assessment = a
		}
		in.V3 = &tiering.V3Input{
			ActiveEvent: r.IntN(20) != 0,
			ARP:         &tiering.Predictor{Score: r.Float64() * 100, Static: r.IntN(5) == 0},
			CSRP:        &tiering.Predictor{Score: r.Float64() * 8, Static: r.IntN(5) == 0},
		}
		if r.IntN(4) == 0 {
			in.V3.DCSRPScore, in.V3.DCSRPBand = 0.6+r.Float64()*5, tiering.SRPBand(2+r.IntN(4))
		}
		if r.IntN(10) == 0 {
			in.V3.LatestReleaseDate = asOf.AddDays(-r.IntN(3000))
		}
		out[i] = in
	}
	return out
}
