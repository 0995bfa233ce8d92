package synth

import (
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
// practitioners, and returns the teams and each team's headcount.
//
// The number of teams is p/10 rounded (at least 1); headcounts start as
// even as possible and are then shuffled by moving single practitioners
// between random teams, keeping every team within 8–12 when the even
// split is (it is whenever p ≥ 16 or 8 ≤ p ≤ 12). Consecutive runs of
// about 7 teams form a PDU and consecutive runs of about 15 PDUs a region.
func organise(r *rand.Rand, p int) ([]Team, []int) {
	nt := max(1, int(math.Round(float64(p)/teamSize)))
	heads := make([]int, nt)
	for i := range heads {
		heads[i] = p / nt
		if i < p%nt {
			heads[i]++
		}
	}
	if heads[nt-1] >= minTeam && heads[0] <= maxTeam {
		for range 2 * nt {
			a, b := r.IntN(nt), r.IntN(nt)
			if a != b && heads[a] > minTeam && heads[b] < maxTeam {
				heads[a]--
				heads[b]++
			}
		}
	}

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
// Grades come from a deck with exact shares (8% PQiP, 3% NQO, the rest
// half PO and half PSO) dealt round the teams in a random order, so that
// every team gets its share of each grade give or take one; a team with
// fewer than min(3, size) POs then swaps its PSOs for POs of the team
// with most POs, keeping the national counts. 20% of practitioners (an exact count, shuffled) are
// part-time at 0.5–0.8 of 37 hours, rounded to the half hour; the others
// are contracted for 37 hours. PQiPs and NQOs carry the trainee reduction
// schedule of capacity (caseload.Capacity.TraineeSchedule) from a training
// start drawn so that PQiPs are spread over months 0–21 of training and
// NQOs over months 0–9 after qualifying; a PQiP past 18 months (PQiP4)
// has not qualified yet, so the NQO reduction is dropped from their
// schedule.
func staff(r *rand.Rand, teams []Team, heads []int, capacity *caseload.Capacity, asOf time.Time) []caseload.Practitioner {
	p := 0
	for _, h := range heads {
		p += h
	}
	deck := deal(r, gradeDeck(p), heads)
	balancePOs(deck, heads)

	partTime := make([]bool, p)
	for i := range int(math.Round(partTimeShare * float64(p))) {
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
				Hours:    new(fullTimeHours),
				Location: team.Office,
			}
			if partTime[i] {
				fte := partTimeMin + r.Float64()*(partTimeMax-partTimeMin)
				pr.Hours = new(math.Round(fullTimeHours*fte*2) / 2)
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

// gradeDeck returns p grades in the national mix, unshuffled. PQiP stands
// for a trainee whose stage is drawn later.
func gradeDeck(p int) []grades.Grade {
	nq := int(math.Round(pqipShare * float64(p)))
	nn := int(math.Round(nqoShare * float64(p)))
	if nq+nn > p {
		nq, nn = 0, 0
	}
	rest := p - nq - nn
	npo := (rest + 1) / 2
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

// balancePOs gives every team at least min(minPOs, size) POs. A team short
// of POs swaps one of its non-PO grades (a PSO if it has one) with a PO of
// the team that has most POs beyond minPOs; if no team has one to spare,
// the grade becomes a PO.
func balancePOs(deck []grades.Grade, heads []int) {
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
		for pos[t] < min(minPOs, h) {
			team := deck[starts[t]:starts[t+1]]
			i := slices.Index(team, grades.PSO)
			if i < 0 {
				i = slices.IndexFunc(team, func(g grades.Grade) bool { return g != grades.PO })
			}
			donor := -1
			for u := range heads {
				if pos[u] > minPOs && (donor < 0 || pos[u] > pos[donor]) {
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
