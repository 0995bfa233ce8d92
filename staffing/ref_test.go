package staffing_test

import (
	"math"
	"time"

	"pgregory.net/rapid"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/staffing"
)

// The reference below is written from the package doc, apart from the
// solver: it scores a plan from the Problem's own fields and finds the
// best plan by trying them all.

var start = time.Date(2024, time.June, 30, 0, 0, 0, 0, time.UTC)

// refScore is the objective of a plan as a comparable value.
type refScore struct {
	highest          float64
	over110, over100 int
	sq               float64
}

// refPlan is a plan by unit index of the Problem: PO and PSO posts, and
// trainees per cohort.
type refPlan struct {
	po, pso []int
	cohort  [][]int
}

// refEval scores a plan directly from the problem.
func refEval(p *staffing.Problem, pl refPlan) refScore {
	var s refScore
	for i, u := range p.Units {
		for m := range p.Dates {
			d, c := u.Demand[m], u.Supply[m]
			work := [3]float64{d.POOnlyPoints, d.POOnlyPoints + d.PSOPoints + d.ReportPoints + d.CMSPoints, 0}
			work[2] = work[1] + d.PQiP1Points
			pools := [3]float64{c.POPoints, c.PSOPoints, c.PQiP1Points}
			add := func(n int, v staffing.PoolPoints) {
				pools[0] += float64(n) * v.PO
				pools[1] += float64(n) * v.PSO
				pools[2] += float64(n) * v.PQiP1
			}
			if j := m - p.Budget.FromMonth; j >= 0 {
				add(pl.po[i], p.POPost[j])
				add(pl.pso[i], p.PSOPost[j])
			}
			for k, co := range p.Budget.Cohorts {
				if j := m - co.Month; j >= 0 {
					add(pl.cohort[k][i], p.Trainee[j])
				}
			}
			l := 0.0
			held := 0.0
			for k := range 3 {
				held += pools[k]
				switch {
				case work[k] <= 0:
				case held <= 0:
					l = math.Inf(1)
				default:
					l = math.Max(l, 100*work[k]/held)
				}
			}
			s.highest = math.Max(s.highest, l)
			if l > 110 {
				s.over110++
			}
			if l > 100 {
				s.over100++
			}
			s.sq += l * l
		}
	}
	return s
}

// near reports whether two floats are equal to 1 part in 10⁹.
func near(a, b float64) bool {
	if a == b {
		return true
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return false
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// refLess orders scores, treating near values as equal.
func refLess(a, b refScore) bool {
	switch {
	case !near(a.highest, b.highest):
		return a.highest < b.highest
	case a.over110 != b.over110:
		return a.over110 < b.over110
	case a.over100 != b.over100:
		return a.over100 < b.over100
	case !near(a.sq, b.sq):
		return a.sq < b.sq
	}
	return false
}

// planOf reads a solved plan back by the Problem's unit order.
func planOf(p *staffing.Problem, plan *staffing.Plan) refPlan {
	n := len(p.Units)
	pl := refPlan{po: make([]int, n), pso: make([]int, n), cohort: make([][]int, len(p.Budget.Cohorts))}
	idx := map[string]int{}
	for i, u := range p.Units {
		idx[u.Key] = i
	}
	for _, up := range plan.Units {
		i := idx[up.Key]
		pl.po[i], pl.pso[i] = up.POPosts, up.PSOPosts
	}
	for c := range pl.cohort {
		pl.cohort[c] = make([]int, n)
	}
	if len(pl.cohort) == 1 {
		for _, up := range plan.Units {
			pl.cohort[0][idx[up.Key]] = up.Trainees
		}
	}
	return pl
}

// bruteForce returns the best score over every plan within the budget
// (one stage: FTE posts, PO and PSO posts, or one cohort) and the bounds.
func bruteForce(p *staffing.Problem) refScore {
	n := len(p.Units)
	b := p.Budget
	best := refScore{highest: math.Inf(1), over110: math.MaxInt, sq: math.Inf(1)}
	found := false
	pl := refPlan{po: make([]int, n), pso: make([]int, n), cohort: make([][]int, len(b.Cohorts))}
	for c := range pl.cohort {
		pl.cohort[c] = make([]int, n)
	}
	total := func(i int) int {
		t := pl.po[i] + pl.pso[i]
		for c := range pl.cohort {
			t += pl.cohort[c][i]
		}
		return t
	}
	var rec func(i, leftPO, leftPSO, leftAny, leftT int)
	rec = func(i, leftPO, leftPSO, leftAny, leftT int) {
		if i == n {
			s := refEval(p, pl)
			if !found || refLess(s, best) {
				best, found = s, true
			}
			return
		}
		u := p.Units[i]
		hi := math.MaxInt
		if u.MaxPosts != nil {
			hi = *u.MaxPosts
		}
		for a := 0; a <= leftPO+leftAny; a++ {
			for c := 0; c <= leftPSO+leftAny-max(a-leftPO, 0); c++ {
				for t := 0; t <= leftT; t++ {
					pl.po[i], pl.pso[i] = a, c
					if len(pl.cohort) == 1 {
						pl.cohort[0][i] = t
					} else if t > 0 {
						continue
					}
					if tot := total(i); tot < u.MinPosts || tot > hi {
						continue
					}
					usedAny := max(a-leftPO, 0) + max(c-leftPSO, 0)
					rec(i+1, max(leftPO-a, 0), max(leftPSO-c, 0), leftAny-usedAny, leftT-t)
				}
			}
		}
		pl.po[i], pl.pso[i] = 0, 0
		if len(pl.cohort) == 1 {
			pl.cohort[0][i] = 0
		}
	}
	leftT := 0
	if len(b.Cohorts) == 1 {
		leftT = b.Cohorts[0].Trainees
	}
	rec(0, b.POPosts, b.PSOPosts, b.FTEPosts, leftT)
	return best
}

// genProblem draws a small problem: 1–4 units over 1–4 months, the
// national post values, and one stage of budget.
func genProblem(t *rapid.T, maxUnits, maxBudget int) *staffing.Problem {
	units := rapid.IntRange(1, maxUnits).Draw(t, "units")
	months := rapid.IntRange(1, 4).Draw(t, "months")
	dates := caseload.MonthDates(start, months)
	p := &staffing.Problem{Level: caseload.PDU, Dates: dates, FTEPoints: 2176}
	for m := range months {
		p.POPost = append(p.POPost, staffing.PoolPoints{PO: 2176})
		p.PSOPost = append(p.PSOPost, staffing.PoolPoints{PSO: 2176})
		switch {
		case m < 6:
			p.Trainee = append(p.Trainee, staffing.PoolPoints{PQiP1: 435})
		default:
			p.Trainee = append(p.Trainee, staffing.PoolPoints{PSO: 870})
		}
	}
	p.Trainee[min(2, months-1)] = staffing.PoolPoints{PSO: 870} // a faster schedule, so cohorts change pool
	for i := range units {
		u := staffing.Unit{Key: string(rune('A' + i)), Cases: float64(rapid.IntRange(0, 300).Draw(t, "cases"))}
		base := [3]float64{
			float64(rapid.IntRange(0, 6000).Draw(t, "po_only")),
			float64(rapid.IntRange(0, 8000).Draw(t, "pso")),
			float64(rapid.IntRange(0, 2000).Draw(t, "pqip1")),
		}
		capa := [3]float64{
			float64(rapid.IntRange(0, 4).Draw(t, "po_staff")) * 2176,
			float64(rapid.IntRange(0, 4).Draw(t, "pso_staff")) * 2176,
			float64(rapid.IntRange(0, 2).Draw(t, "trainees")) * 435,
		}
		growth := rapid.Float64Range(0.9, 1.1).Draw(t, "growth")
		g := 1.0
		for m := range months {
			u.Demand = append(u.Demand, caseload.DemandMonth{Date: dates[m], Cases: u.Cases,
				POOnlyPoints: base[0] * g, PSOPoints: base[1] * g, PQiP1Points: base[2] * g})
			u.Supply = append(u.Supply, caseload.SupplyMonth{Date: dates[m], POPoints: capa[0], PSOPoints: capa[1], PQiP1Points: capa[2],
				POFTE: capa[0] / 2176, PSOFTE: capa[1] / 2176, PQiP1FTE: capa[2] / 435})
			g *= growth
		}
		if rapid.Bool().Draw(t, "bounded") {
			u.MinPosts = rapid.IntRange(0, 1).Draw(t, "min")
			mx := rapid.IntRange(u.MinPosts, 3).Draw(t, "max")
			u.MaxPosts = &mx
		}
		p.Units = append(p.Units, u)
	}
	p.Budget = genBudget(t, p, maxBudget)
	return p
}

// genBudget draws one stage of budget that covers the units' minimums.
func genBudget(t *rapid.T, p *staffing.Problem, maxBudget int) staffing.Budget {
	mins := 0
	for _, u := range p.Units {
		mins += u.MinPosts
	}
	n := rapid.IntRange(mins, max(mins, maxBudget)).Draw(t, "budget")
	var b staffing.Budget
	switch rapid.IntRange(0, 4).Draw(t, "mode") {
	case 0:
		b.FTEPosts = n
	case 1:
		b.POPosts = n
	case 2:
		b.PSOPosts = n
	case 3:
		b.POPosts = rapid.IntRange(0, n).Draw(t, "po")
		b.PSOPosts = n - b.POPosts
	default:
		b.Cohorts = []staffing.Cohort{{Month: rapid.IntRange(0, len(p.Dates)-1).Draw(t, "cohort_month"), Trainees: n}}
	}
	return b
}
