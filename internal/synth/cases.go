package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// Case mix (see the package comment). Shares are of all cases unless the
// name says otherwise.
var (
	// protectShares: tier letters A, B, C, D (optimizer.md §6.2).
	protectShares = [4]float64{0.10, 0.25, 0.35, 0.30}
	// typeShares: community, licence, custody (our choice).
	typeShares = [3]float64{0.60, 0.25, 0.15}
)

const (
	caseSpreadKm    = 8.0   // SD per axis of a case's distance from its team's office (optimizer.md §6.2)
	teamDemandNoise = 0.15  // a team's share of cases is its capacity share × U(1 ± this)
	unsupervised    = 0.07  // chance of an S tier where the Probation Reset allows one (≈5% of all cases)
	previousShare   = 0.30  // cases with a previous practitioner (optimizer.md §6.2)
	excludedShare   = 0.01  // cases excluding one practitioner (optimizer.md §6.2 has 1% per pair; ours is per case)
	restrictedShare = 0.002 // cases restricted to a short list (our choice)
)

// drawCases draws n cases into teams, in ID order C000001, C000002 …,
// with every field set except the tier's change level (Tier holds the
// letter and the S suffix with change level 0 until calibrate runs),
// Practitioner and Previous. teamWeight gives each team's relative share
// of cases. It returns the cases, the index of each case's team, and for
// each case the uniform variate that fixes its change level (see
// cuts.change).
func drawCases(r *rand.Rand, n int, teams []Team, teamWeight []float64, sh *shape) ([]caseload.Case, []int32, []float64) {
	cum := make([]float64, len(teamWeight))
	total := 0.0
	for t, w := range teamWeight {
		total += w
		cum[t] = total
	}
	cases := make([]caseload.Case, n)
	teamOf := make([]int32, n)
	digitU := make([]float64, n)
	for i := range cases {
		t, _ := slices.BinarySearch(cum, r.Float64()*total)
		t = min(t, len(teams)-1)
		teamOf[i] = int32(t)
		c := &cases[i]
		c.ID = fmt.Sprintf("C%06d", i+1)
		c.Team = teams[t].ID
		c.Type = caseload.CaseType(pick(r, sh.types[:]) + 1)
		p := tiering.Protect(pick(r, sh.protect[:]) + 1)
		c.Risk = drawRisk(r, p)
		unsup := c.Type != caseload.Custody && c.Risk.MAPPALevel == tiering.MAPPANone &&
			c.Risk.RoSH != tiering.RoSHVeryHigh && r.Float64() < unsupervised
		c.Tier = tiering.MakeTier(p, 0, unsup)
		c.Location = caseload.Location{
			X: teams[t].Office.X + r.NormFloat64()*caseSpreadKm,
			Y: teams[t].Office.Y + r.NormFloat64()*caseSpreadKm,
		}
		digitU[i] = r.Float64()
	}
	return cases, teamOf, digitU
}

// pick returns i with probability shares[i] (the shares sum to 1).
func pick(r *rand.Rand, shares []float64) int {
	u := r.Float64()
	for i, s := range shares {
		if u < s {
			return i
		}
		u -= s
	}
	return len(shares) - 1
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// drawRisk returns a risk profile consistent with protect level p under the
// v2 protect points (domain/tiering.md §1.2): A needs very high RoSH or
// MAPPA level 2/3; B is mostly high RoSH; C mostly medium; D mostly low.
// A few D cases have medium RoSH (a RoSH raised since the tier was last
// calculated), as the brief's "D → low/medium" allows. The shares, the
// MAPPA categories and the flag rates are our choice; the v3 tier is left
// uncalculated.
func drawRisk(r *rand.Rand, p tiering.Protect) grades.Profile {
	var pr grades.Profile
	switch p {
	case tiering.ProtectA:
		if chance(r, 0.65) {
			pr.RoSH = tiering.RoSHVeryHigh
			switch u := r.Float64(); {
			case u < 0.15:
				pr.MAPPALevel = tiering.MAPPA2
			case u < 0.20:
				pr.MAPPALevel = tiering.MAPPA3
			case u < 0.30:
				pr.MAPPALevel = tiering.MAPPA1
			}
		} else {
			pr.RoSH = tiering.RoSHHigh
			pr.MAPPALevel = tiering.MAPPA2
			if chance(r, 0.2) {
				pr.MAPPALevel = tiering.MAPPA3
			}
		}
	case tiering.ProtectB:
		pr.RoSH = [...]tiering.RoSH{tiering.RoSHHigh, tiering.RoSHMedium, tiering.RoSHLow}[pick(r, []float64{0.55, 0.40, 0.05})]
		if chance(r, 0.10) {
			pr.MAPPALevel = tiering.MAPPA1
		}
	case tiering.ProtectC:
		pr.RoSH = [...]tiering.RoSH{tiering.RoSHMedium, tiering.RoSHLow}[pick(r, []float64{0.80, 0.20})]
		if chance(r, 0.06) {
			pr.MAPPALevel = tiering.MAPPA1
		}
	default:
		pr.RoSH = [...]tiering.RoSH{tiering.RoSHLow, tiering.RoSHMedium, tiering.RoSHNone}[pick(r, []float64{0.80, 0.15, 0.05})]
		if chance(r, 0.02) {
			pr.MAPPALevel = tiering.MAPPA1
		}
	}
	switch pr.MAPPALevel {
	case tiering.MAPPA1:
		// Level 1 is mostly registered sexual offenders.
		pr.MAPPACategory = [...]tiering.MAPPACategory{tiering.MAPPACategory1, tiering.MAPPACategory2}[pick(r, []float64{0.75, 0.25})]
	case tiering.MAPPA2, tiering.MAPPA3:
		pr.MAPPACategory = [...]tiering.MAPPACategory{tiering.MAPPACategory2, tiering.MAPPACategory1, tiering.MAPPACategory3}[pick(r, []float64{0.55, 0.35, 0.10})]
	}

	high := p <= tiering.ProtectB
	if high && chance(r, 0.003) {
		pr.Flags |= grades.Terrorism
		if pr.MAPPALevel != tiering.MAPPANone {
			pr.MAPPACategory = tiering.MAPPACategory4
		}
	}
	if p == tiering.ProtectA && chance(r, 0.005) {
		pr.Flags |= grades.CriticalPublicProtection
	}
	if pr.MAPPACategory == tiering.MAPPACategory1 || chance(r, 0.03) {
		pr.Flags |= grades.SexualOffending
	}
	if chance(r, [...]float64{0, 0.30, 0.35, 0.25, 0.10}[p]) {
		pr.Flags |= grades.DomesticAbuse
	}
	if chance(r, 0.10) {
		pr.Flags |= grades.ChildConcerns
	}
	if chance(r, 0.02) || high && chance(r, 0.06) {
		pr.Flags |= grades.ChildProtection
	}
	if chance(r, 0.015) {
		pr.Flags |= grades.Stalking
	}
	if chance(r, 0.02) {
		pr.Flags |= grades.StreetGangs
	}
	if high && chance(r, 0.03) {
		pr.Flags |= grades.Lifer
	}
	return pr
}
