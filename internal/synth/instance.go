package synth

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

// Instance is one generated caseload.
type Instance struct {
	// Name is the Size's name, Family its family, and Seed the seed it
	// was generated from.
	Name   string
	Family Family
	Seed   uint64
	// AsOf is the date the instance describes: always 2026-11-23 00:00
	// UTC, so that reductions and weights resolve the same way on every
	// run.
	AsOf time.Time

	// Teams lists the teams in code order; every practitioner and case
	// names one of them. Teams are grouped by PDU and PDUs by region.
	Teams []Team
	// Practitioners are listed team by team, with IDs P00001, P00002 ….
	Practitioners []caseload.Practitioner
	// Load is each practitioner's base load (aligned with Practitioners):
	// points they hold in work not listed in Cases, such as cases outside
	// the instance and court reports. It is never negative.
	Load []int
	// Cases are listed in ID order C000001, C000002 …: the held cases
	// first (Practitioner set), then the New cases waiting for
	// allocation (Practitioner empty).
	Cases []caseload.Case

	// Departing is the ID of a practitioner who is leaving and must give
	// up their cases (Size.Departing), or "" if none.
	Departing string
}

// asOf returns the fixed date of every instance.
func asOf() time.Time { return time.Date(2026, time.November, 23, 0, 0, 0, 0, time.UTC) }

// baseShare is the share of available points that base loads make up on
// average, unless calibration has to change it: 5% of 2,176 is about one
// standard court report in the last 30 days (138 points,
// domain/workload.md §1.4). Our choice.
const baseShare = 0.05

// Random streams: each phase of generation draws from its own PCG stream
// of the seed, so that, for example, the staff of two sizes with the same
// practitioner count are the same whatever their cases.
const (
	streamOrg uint64 = iota + 0x5eed0001
	streamStaff
	streamCases
	streamAccess
	streamLoads
	streamHistory
)

// Generate returns the instance of the given size for the seed. The
// result depends only on (size, seed): the same pair gives an identical
// instance on every platform and run (it uses math/rand/v2's PCG and no
// map iteration). It takes time and memory linear in size.Cases plus
// size.Practitioners (under a second for the national size).
//
// Generation runs in six steps:
//
//  1. The organisation and practitioners (see the package comment).
//  2. The cases: each team draws cases in proportion to its available
//     points, perturbed by up to ±15%; tier letter, case type, risk,
//     S suffix and location are drawn as the package comment says.
//  3. Limited access: about 1% of cases exclude one practitioner of
//     their team, and about 0.2% are restricted to 2–4 practitioners of
//     their team of whom at least one is a PO.
//  4. Calibration. The change level of each tier (3 to 0) is drawn from a
//     mixture of a low-need and a high-need distribution, tilted by one
//     parameter θ; θ is set by bisection so that the points of all listed
//     cases come as close as possible, from below, to (Utilisation − 5%)
//     of the total available points. The change-level mix is the lever
//     because the sources fix the letters but not the digits. Licence and
//     custody cases never get change level 0, which needs "no custodial
//     sentence" (domain/tiering.md §1.4).
//  5. Loads. When every case is new, the remaining points up to
//     Utilisation × available are shared out as base loads in proportion
//     to available points × U(0, 2). When cases are held, each
//     practitioner draws a target utilisation from a normal law of mean
//     Utilisation and SD Spread (clamped to 0.3–2.5); the held cases of
//     each team go, heaviest first, to the team member who may hold them
//     (below) and is furthest below their target for held cases, as a
//     share of their available points (ties to the first listed), and base loads fill each practitioner up to their
//     target, scaled so that the instance total is Utilisation ×
//     available. With Departing, a PO holding cases (any practitioner
//     holding cases if no PO does) is picked as departing.
//  6. History: about 30% of cases get a previous practitioner, a member of
//     their team who may hold them and does not hold them now.
//
// A practitioner "may hold" a case when the national default policy
// (grades.National) lets their grade hold it without a warning, they are
// on its restricted list if it has one, and it does not exclude them.
// Held cases and previous practitioners always satisfy this; every case
// has a PO of its team who may hold it.
//
// Generate panics if size.Practitioners < 1, size.Cases < 0, size.New
// is outside 0…size.Cases, or Utilisation or Spread is negative, NaN or
// above 100: these are programmer errors in a fixed size table.
func Generate(size Size, seed uint64) *Instance {
	if err := size.check(); err != nil {
		panic(err)
	}
	capacity := caseload.NationalCapacity()
	in := &Instance{Name: size.Name, Family: size.Family, Seed: seed, AsOf: asOf()}
	weights := caseload.NationalWeights().At(in.AsOf)

	sh := shapeOf(size.Family)
	teams, heads := organise(stream(seed, streamOrg), size.Practitioners, sh)
	in.Teams = teams
	in.Practitioners = staff(stream(seed, streamStaff), teams, heads, sh, capacity, in.AsOf)
	g := &generator{
		in:        in,
		size:      size,
		weights:   weights,
		available: make([]int, len(in.Practitioners)),
		starts:    make([]int, len(teams)+1),
	}
	for i, p := range in.Practitioners {
		g.available[i] = capacity.Available(p, in.AsOf)
		g.totalAvailable += g.available[i]
	}
	for t, h := range heads {
		g.starts[t+1] = g.starts[t] + h
	}

	r := stream(seed, streamCases)
	weight := make([]float64, len(teams))
	for t := range teams {
		for _, a := range g.available[g.starts[t]:g.starts[t+1]] {
			weight[t] += float64(a)
		}
		weight[t] = max(weight[t], 1) * (1 + (2*r.Float64()-1)*sh.demandNoise)
	}
	in.Cases, g.teamOf, g.digitU = drawCases(r, size.Cases, teams, weight, sh)

	g.limitAccess(stream(seed, streamAccess))
	g.calibrate()
	g.eligibility()
	g.load(stream(seed, streamLoads))
	g.history(stream(seed, streamHistory))
	return in
}

// stream returns the PCG stream k of seed.
func stream(seed, k uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, k)) }

// check reports a Size that Generate cannot build.
func (s Size) check() error {
	switch {
	case s.Practitioners < 1:
		return fmt.Errorf("synth: size %q has %d practitioners, want at least 1", s.Name, s.Practitioners)
	case s.Cases < 0 || s.New < 0 || s.New > s.Cases:
		return fmt.Errorf("synth: size %q has %d cases of which %d new, want 0 ≤ new ≤ cases", s.Name, s.Cases, s.New)
	case !s.Family.IsValid():
		return fmt.Errorf("synth: size %q has invalid family %v", s.Name, s.Family)
	case !(s.Utilisation >= 0 && s.Utilisation <= 100) || !(s.Spread >= 0 && s.Spread <= 100):
		return fmt.Errorf("synth: size %q has utilisation %v and spread %v, want values in 0…100", s.Name, s.Utilisation, s.Spread)
	}
	return nil
}

// generator holds the working state of Generate between steps.
type generator struct {
	in      *Instance
	size    Size
	weights *caseload.Weights

	available      []int // available points of each practitioner
	totalAvailable int
	starts         []int // practitioners of team t are starts[t] … starts[t+1]−1

	teamOf []int32      // team index of each case
	digitU []float64    // the variate fixing each case's change level
	points []int        // points of each case, once calibrated
	clean  []grades.Set // grades that may hold each case without a warning
}

// held reports how many cases are held.
func (g *generator) held() int { return g.size.Cases - g.size.New }
