package synth

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

// Team is one team of practitioners: its code, the PDU and region it
// belongs to, and its office on the map.
type Team struct {
	ID     string
	PDU    string
	Region string
	Office caseload.Location
}

// Organisation shape (see the package comment).
const (
	teamSize      = 10   // practitioners per team on average
	minTeam       = 8    // smallest team when the practitioner count allows
	maxTeam       = 12   // largest team
	teamsPerPDU   = 7    // teams per PDU on average
	pdusPerRegion = 15   // PDUs per region on average
	cellKm        = 40.0 // the map is a square of side cellKm·√teams km
	officeJitter  = 10.0 // an office lies within ±officeJitter km of its cell's centre
	minPOs        = 3    // practitioners of grade PO in every team of 3 or more
)

// Grade mix, as shares of the practitioner headcount. The rest are POs and
// PSOs in equal numbers (POs take the odd one).
const (
	pqipShare     = 0.08
	nqoShare      = 0.03
	partTimeShare = 0.20
	partTimeMin   = 0.5 // FTE of a part-time practitioner, uniform in [min, max)
	partTimeMax   = 0.8
	fullTimeHours = 37.0 // the PO and PSO default contracted hours (workload.md §2.2)
	pqipMonths    = 21   // months in training of a PQiP, uniform in [0, pqipMonths)
	nqoMonths     = 9    // months since qualifying of an NQO, uniform in [0, nqoMonths)
	qualifyMonths = 18   // the training months covered by PQiP reductions
)

// organise builds the teams, PDUs and regions of an instance with p
// practitioners in the shape sh, and returns the teams and each team's
// headcount.
//
// The headcounts come from sh.heads (evenHeads: 8–12; unevenHeads:
// log-normal). Consecutive runs of about 7 teams form a PDU and
// consecutive runs of about 15 PDUs a region.
func organise(r *rand.Rand, p int, sh *shape) ([]Team, []int) {
	heads := sh.heads(r, p)
	nt := len(heads)

	np := max(1, int(math.Round(float64(nt)/teamsPerPDU)))
	nr := max(1, int(math.Round(float64(np)/pdusPerRegion)))
	side := cellKm * math.Sqrt(float64(nt))
	cells := hilbertCells(nt)
	cell := side / math.Sqrt(float64(len(cells)))
	teams := make([]Team, 0, nt)
	// Region g holds PDUs ⌊g·np/nr⌋ … ⌊(g+1)·np/nr⌋−1, and PDU d holds
	// teams ⌊d·nt/np⌋ … ⌊(d+1)·nt/np⌋−1.
	for g := range nr {
		region := fmt.Sprintf("R%02d", g+1)
		for d := g * np / nr; d < (g+1)*np/nr; d++ {
			pdu := fmt.Sprintf("%sP%02d", region, d-g*np/nr+1)
			for t := d * nt / np; t < (d+1)*nt/np; t++ {
				c := cells[t]
				teams = append(teams, Team{
					ID:     fmt.Sprintf("%sT%02d", pdu, t-d*nt/np+1),
					PDU:    pdu,
					Region: region,
					Office: caseload.Location{
						X: (float64(c[0])+0.5)*cell + (r.Float64()*2-1)*officeJitter,
						Y: (float64(c[1])+0.5)*cell + (r.Float64()*2-1)*officeJitter,
					},
				})
			}
		}
	}
	return teams, heads
}

// hilbertCells returns at least n cells of a square grid of side
// ⌈√n⌉ in the order a Hilbert curve visits them (cells of the enclosing
// power-of-two grid that lie outside are skipped), so that consecutive
// cells are near each other. It returns exactly side² cells.
func hilbertCells(n int) [][2]int {
	side := int(math.Ceil(math.Sqrt(float64(n))))
	order := 1
	for order < side {
		order *= 2
	}
	cells := make([][2]int, 0, side*side)
	for d := 0; d < order*order && len(cells) < side*side; d++ {
		x, y := hilbert(order, d)
		if x < side && y < side {
			cells = append(cells, [2]int{x, y})
		}
	}
	return cells
}

// hilbert maps a distance d along the Hilbert curve over an order×order
// grid (order a power of two) to the cell (x, y), by the usual quadrant
// rotation.
func hilbert(order, d int) (x, y int) {
	for s := 1; s < order; s *= 2 {
		rx := 1 & (d / 2)
		ry := 1 & (d ^ rx)
		if ry == 0 {
			if rx == 1 {
				x, y = s-1-x, s-1-y
			}
			x, y = y, x
		}
		x += s * rx
		y += s * ry
		d /= 4
	}
	return x, y
}

// staff builds the practitioners of the teams, listed team by team with
// IDs P00001, P00002 …, and returns them.
//
// Grades come from a deck with exact shares (standard: 8% PQiP, 3% NQO,
// the rest half PO and half PSO; uneven: see sh) dealt round the teams
// in a random order, so that every team gets its share of each grade
// give or take one; a team with fewer than min(sh.minPOs, size) POs then
// swaps its PSOs for POs of the team with most POs, keeping the overall
// counts. A share sh.partTime of practitioners (an exact count,
// shuffled; standard 20%) are part-time at sh.partTimeFTE of 37 hours
// (standard 0.5–0.8), rounded to the half hour; the others are
// contracted for 37 hours. PQiPs and NQOs carry the trainee reduction
// schedule of capacity (caseload.Capacity.TraineeSchedule) from a training
// start drawn so that PQiPs are spread over months 0–21 of training and
// NQOs over months 0–9 after qualifying; a PQiP past 18 months (PQiP4)
// has not qualified yet, so the NQO reduction is dropped from their
// schedule.
func staff(r *rand.Rand, teams []Team, heads []int, sh *shape, capacity *caseload.Capacity, asOf time.Time) []caseload.Practitioner {
	p := 0
	for _, h := range heads {
		p += h
	}
	deck := sh.deal(r, gradeDeck(p, sh), heads)
	balancePOs(deck, heads, sh.minPOs, sh.donateByShare)

	partTime := make([]bool, p)
	for i := range int(math.Round(sh.partTime * float64(p))) {
		partTime[i] = true
	}
	r.Shuffle(p, func(i, j int) { partTime[i], partTime[j] = partTime[j], partTime[i] })

	ps := make([]caseload.Practitioner, 0, p)
	for t, team := range teams {
		for range heads[t] {
			i := len(ps)
			pr := caseload.Practitioner{
				ID:       fmt.Sprintf("P%05d", i+1),
				Grade:    deck[i],
				Team:     team.ID,
				PDU:      team.PDU,
				Region:   team.Region,
				Hours:    fullTimeHours,
				Location: team.Office,
			}
			if partTime[i] {
				lo, hi := sh.partTimeFTE[0], sh.partTimeFTE[1]
				fte := lo + r.Float64()*(hi-lo)
				pr.Hours = math.Round(fullTimeHours*fte*2) / 2
			}
			switch {
			case pr.Grade == grades.PQiP:
				months := r.IntN(pqipMonths)
				pr.Grade = grades.PQiPAt(months)
				start := asOf.AddDate(0, -months, -r.IntN(28))
				pr.Reductions = capacity.TraineeSchedule(start, pr.Hours)
				if pr.Grade == grades.PQiP4 {
					pr.Reductions = slices.DeleteFunc(pr.Reductions, func(x caseload.Reduction) bool {
						return x.Reason == caseload.ReasonNQO
					})
				}
			case pr.Grade == grades.NQO:
				months := qualifyMonths + r.IntN(nqoMonths)
				start := asOf.AddDate(0, -months, -r.IntN(28))
				pr.Reductions = capacity.TraineeSchedule(start, pr.Hours)
			}
			ps = append(ps, pr)
		}
	}
	return ps
}

// gradeDeck returns p grades in the mix of sh, unshuffled. PQiP stands
// for a trainee whose stage is drawn later.
func gradeDeck(p int, sh *shape) []grades.Grade {
	nq := int(math.Round(sh.pqip * float64(p)))
	nn := int(math.Round(sh.nqo * float64(p)))
	if nq+nn > p {
		nq, nn = 0, 0
	}
	rest := p - nq - nn
	npo := int(math.Ceil(sh.po * float64(rest)))
	deck := make([]grades.Grade, 0, p)
	for range npo {
		deck = append(deck, grades.PO)
	}
	for range rest - npo {
		deck = append(deck, grades.PSO)
	}
	for range nq {
		deck = append(deck, grades.PQiP)
	}
	for range nn {
		deck = append(deck, grades.NQO)
	}
	return deck
}

// deal deals deck, sorted by grade, round the teams one card per team per
// round, visiting the teams in a random order and skipping full ones, and
// shuffles each team's hand. It returns the grades in practitioner order
// (team by team, heads[t] each).
func deal(r *rand.Rand, deck []grades.Grade, heads []int) []grades.Grade {
	hands := make([][]grades.Grade, len(heads))
	order := r.Perm(len(heads))
	for next := 0; next < len(deck); {
		for _, t := range order {
			if len(hands[t]) < heads[t] && next < len(deck) {
				hands[t] = append(hands[t], deck[next])
				next++
			}
		}
	}
	out := make([]grades.Grade, 0, len(deck))
	for _, h := range hands {
		r.Shuffle(len(h), func(i, j int) { h[i], h[j] = h[j], h[i] })
		out = append(out, h...)
	}
	return out
}

// dealProportional deals deck, sorted by grade, so that every team gets
// each grade in proportion to its headcount, give or take one: member k
// of team t (k = 0 … heads[t]−1) takes the place (k + u_t)/heads[t] on
// [0, 1), with u_t uniform and one per team, and the deck is dealt in
// the order of the places (ties by team). A grade's block of the deck
// then covers the same stretch of every team's places. Each team's hand
// is shuffled, and the grades are returned in practitioner order as deal
// returns them. deal, which gives every team one card per round, is the
// standard family's dealer; with uneven teams it would give a team of 4
// as many POs as a team of 24.
func dealProportional(r *rand.Rand, deck []grades.Grade, heads []int) []grades.Grade {
	type place struct {
		at   float64
		team int
	}
	places := make([]place, 0, len(deck))
	for t, h := range heads {
		u := r.Float64()
		for k := range h {
			places = append(places, place{(float64(k) + u) / float64(h), t})
		}
	}
	slices.SortStableFunc(places, func(a, b place) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.team, b.team)
	})
	hands := make([][]grades.Grade, len(heads))
	for i, pl := range places {
		hands[pl.team] = append(hands[pl.team], deck[i])
	}
	out := make([]grades.Grade, 0, len(deck))
	for _, h := range hands {
		r.Shuffle(len(h), func(i, j int) { h[i], h[j] = h[j], h[i] })
		out = append(out, h...)
	}
	return out
}

// balancePOs gives every team at least min(least, size) POs. A team short
// of POs swaps one of its non-PO grades (a PSO if it has one) with a PO of
// the team that has most POs beyond least (with byShare, the highest
// share of POs among its members, so that large teams keep their
// share; ties to the first listed); if no team has one to spare, the
// grade becomes a PO.
func balancePOs(deck []grades.Grade, heads []int, least int, byShare bool) {
	starts := make([]int, len(heads)+1)
	for t, h := range heads {
		starts[t+1] = starts[t] + h
	}
	count := func(t int) int {
		n := 0
		for _, g := range deck[starts[t]:starts[t+1]] {
			if g == grades.PO {
				n++
			}
		}
		return n
	}
	pos := make([]int, len(heads))
	for t := range heads {
		pos[t] = count(t)
	}
	for t, h := range heads {
		for pos[t] < min(least, h) {
			team := deck[starts[t]:starts[t+1]]
			i := slices.Index(team, grades.PSO)
			if i < 0 {
				i = slices.IndexFunc(team, func(g grades.Grade) bool { return g != grades.PO })
			}
			donor := -1
			for u := range heads {
				if pos[u] <= least {
					continue
				}
				richer := donor < 0 || pos[u] > pos[donor]
				if byShare && donor >= 0 {
					richer = pos[u]*heads[donor] > pos[donor]*heads[u]
				}
				if richer {
					donor = u
				}
			}
			if donor >= 0 {
				j := starts[donor] + slices.Index(deck[starts[donor]:starts[donor+1]], grades.PO)
				deck[j] = team[i]
				pos[donor]--
			}
			team[i] = grades.PO
			pos[t]++
		}
	}
}
