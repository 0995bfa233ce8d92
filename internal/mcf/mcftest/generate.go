// Package mcftest generates seeded synthetic min-cost flow instances with the
// shape of the case-allocation problem, for tests and benchmarks of package
// mcf and for exporting the same instances to other solvers (through
// [mcf.Graph.WriteDIMACS]).
//
// The generator follows the recipe of the optimiser design notes
// (optimizer.md §6.2): teams of about ten practitioners on a square map,
// cases drawn from a tier mix with the seed workload points, each case
// eligible for the practitioners of its own team and of the nearest other
// team, per-point costs made of distance and continuity terms, and six arcs
// per practitioner into a single sink with a convex overload penalty.
package mcftest

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/probationkit/probation/internal/mcf"
)

// Instance is a generated allocation-shaped flow problem.
//
// Node numbering: cases are nodes 0..Cases-1, practitioners are nodes
// Cases..Cases+Practitioners-1, and the sink is the last node. Arc order:
// case arcs grouped by case, each group sorted by practitioner, then six
// sink arcs per practitioner in practitioner order.
type Instance struct {
	Graph         *mcf.Graph
	Cases         int
	Practitioners int
	Sink          int
	Points        []int64 // supply of each case
	Capacity      []int64 // capacity of each practitioner, in points
	CaseArcs      int     // number of case → practitioner arcs (they come first)
}

// Penalty bands above capacity: per-point cost, for 10%-of-capacity bands,
// and the last (uncapacitated) band.
var (
	bandCosts = [...]int64{50, 150, 400, 1000}
	lastBand  = int64(2500)
)

// Community points by tier letter (A..D) and change level (3..0), from the
// HMPPS seed table.
var tierPoints = [4][4]int64{
	{206, 158, 146, 110},
	{146, 115, 102, 72},
	{79, 63, 50, 35},
	{51, 41, 29, 29},
}

// Generate returns the graph of GenerateInstance.
func Generate(seed uint64, cases, practitioners int) *mcf.Graph {
	return GenerateInstance(seed, cases, practitioners, 0.95).Graph
}

// GenerateInstance builds an instance with the given numbers of cases and
// practitioners, with total case points ≈ load × total capacity. The same
// arguments always give the same instance. cases and practitioners must be
// at least 1; load must be positive.
func GenerateInstance(seed uint64, cases, practitioners int, load float64) *Instance {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	cases = max(cases, 1)
	practitioners = max(practitioners, 1)
	teams := max(1, (practitioners+5)/10)
	side := 40 * math.Sqrt(float64(teams))

	type point struct{ x, y float64 }
	office := make([]point, teams)
	for t := range office {
		office[t] = point{r.Float64() * side, r.Float64() * side}
	}
	// Nearest other team of each team.
	near := make([]int, teams)
	for t := range teams {
		near[t] = t
		best := math.Inf(1)
		for u := range teams {
			if u == t {
				continue
			}
			d := math.Hypot(office[t].x-office[u].x, office[t].y-office[u].y)
			if d < best {
				best, near[t] = d, u
			}
		}
	}

	// Practitioners: team by position, 35% PSO, 20% part-time.
	team := make([]int, practitioners)
	isPO := make([]bool, practitioners)
	pos := make([]point, practitioners)
	fte := make([]float64, practitioners)
	members := make([][]int, teams)
	for i := range practitioners {
		t := i * teams / practitioners
		team[i] = t
		members[t] = append(members[t], i)
		isPO[i] = r.Float64() >= 0.35
		fte[i] = 1
		if r.Float64() < 0.2 {
			fte[i] = 0.5 + 0.3*r.Float64()
		}
		pos[i] = point{office[t].x + r.NormFloat64()*2, office[t].y + r.NormFloat64()*2}
	}
	// Each team needs a PO for A/B cases.
	for t := range teams {
		has := false
		for _, i := range members[t] {
			has = has || isPO[i]
		}
		if !has {
			isPO[members[t][0]] = true
		}
	}

	// Cases.
	type caseT struct {
		team    int
		p       point
		tier    int // 0..3 = A..D
		points  int64
		prev    int // previous practitioner or -1
		options []int
	}
	cs := make([]caseT, cases)
	var totalPoints int64
	for j := range cs {
		c := &cs[j]
		c.team = r.IntN(teams)
		o := office[c.team]
		c.p = point{o.x + r.NormFloat64()*8, o.y + r.NormFloat64()*8}
		u := r.Float64()
		switch {
		case u < 0.10:
			c.tier = 0
		case u < 0.35:
			c.tier = 1
		case u < 0.70:
			c.tier = 2
		default:
			c.tier = 3
		}
		c.points = tierPoints[c.tier][r.IntN(4)]
		totalPoints += c.points
		teamsOf := []int{c.team}
		if near[c.team] != c.team {
			teamsOf = append(teamsOf, near[c.team])
		}
		for _, t := range teamsOf {
			for _, i := range members[t] {
				if c.tier <= 1 && !isPO[i] {
					continue
				}
				if r.Float64() < 0.01 {
					continue // conflict of interest
				}
				c.options = append(c.options, i)
			}
		}
		if len(c.options) == 0 {
			// Keep at least one eligible practitioner: a PO of the home team.
			for _, i := range members[c.team] {
				if isPO[i] {
					c.options = append(c.options, i)
					break
				}
			}
		}
		slices.Sort(c.options)
		c.prev = -1
		if r.Float64() < 0.3 {
			c.prev = c.options[r.IntN(len(c.options))]
		}
	}

	// Capacities, scaled so that total points = load × total capacity.
	capa := make([]int64, practitioners)
	var rawTotal float64
	for i := range fte {
		rawTotal += 2176 * fte[i]
	}
	scale := float64(totalPoints) / (load * rawTotal)
	for i := range capa {
		capa[i] = max(1, int64(math.Round(2176*fte[i]*scale)))
	}

	nodes := cases + practitioners + 1
	sink := nodes - 1
	g := mcf.NewGraph(nodes)
	arcs := 0
	for j := range cs {
		arcs += len(cs[j].options)
	}
	g.Grow(arcs + 6*practitioners)
	points := make([]int64, cases)
	for j := range cs {
		c := &cs[j]
		points[j] = c.points
		g.SetSupply(j, c.points)
		for _, i := range c.options {
			cost := int64(math.Round(math.Hypot(c.p.x-pos[i].x, c.p.y-pos[i].y)))
			if c.prev >= 0 && c.prev != i {
				cost += 15
			}
			if isPO[i] && c.tier >= 2 {
				cost += 5
			}
			if team[i] != c.team {
				cost += 10
			}
			g.AddArc(j, cases+i, c.points, cost)
		}
	}
	for i := range practitioners {
		v := cases + i
		g.AddArc(v, sink, capa[i], 0)
		band := max(1, capa[i]/10)
		for _, bc := range bandCosts {
			g.AddArc(v, sink, band, bc)
		}
		g.AddArc(v, sink, mcf.Inf, lastBand)
	}
	g.SetSupply(sink, -totalPoints)
	return &Instance{
		Graph:         g,
		Cases:         cases,
		Practitioners: practitioners,
		Sink:          sink,
		Points:        points,
		Capacity:      capa,
		CaseArcs:      arcs,
	}
}
