package allocation_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// team is a five-practitioner team with five new cases in its queue. dee,
// a part-time PSO, works from an office 20 km east of the others.
func team() *allocation.Problem {
	office, east := caseload.Location{X: 10, Y: 10}, caseload.Location{X: 30, Y: 10}
	p := &allocation.Problem{
		Practitioners: []allocation.Practitioner{
			{ID: "ana", Grade: grades.PO, Team: "north", Available: 1000, Load: 1000, Location: office},
			{ID: "ben", Grade: grades.PO, Team: "north", Available: 1000, Load: 900, Location: office},
			{ID: "cai", Grade: grades.PSO, Team: "north", Available: 1000, Load: 950, Location: office},
			{ID: "dee", Grade: grades.PSO, Team: "north", Available: 600, Load: 400, Location: east},
			{ID: "eli", Grade: grades.PO, Team: "north", Available: 1000, Load: 1010, Location: office},
		},
	}
	add := func(id, tier string, points int, rosh tiering.RoSH, x float64, previous string) {
		t := tiering.MustParseTier(tier)
		p.Cases = append(p.Cases, allocation.Case{
			ID: id, Points: points, Tier: t, Team: "north", Previous: previous,
			Risk:     grades.Profile{Tier: t, RoSH: rosh},
			Location: caseload.Location{X: x, Y: 10},
		})
	}
	add("c1", "C3", 79, tiering.RoSHLow, 10, "")
	add("c2", "B0", 72, tiering.RoSHHigh, 10, "eli")
	add("c3", "D1", 29, tiering.RoSHLow, 30, "")
	add("c4", "C2", 63, tiering.RoSHMedium, 11, "cai")
	add("c5", "D3", 51, tiering.RoSHLow, 12, "")
	return p
}

// Every strategy solves the same team. The naive ones place one case at a
// time: least-loaded sends every case it can to the emptiest PO, so ben
// is overloaded while two PSOs have room; greedy does better but fills
// the cheapest practitioner first. Optimal weighs all cases together:
// the high-risk cases go to POs, the lower tiers to the PSOs (dee lives
// near c3 and c5), c4 stays with cai who held it before, and no one
// passes 100%.
func Example_strategies() {
	p := team()
	for _, st := range allocation.Strategies() {
		r, err := allocation.Solve(context.Background(), p, &allocation.Settings{Strategy: st, Seed: 1})
		if err != nil {
			fmt.Println(err)
			return
		}
		var placed []string
		for _, a := range r.Assignments {
			placed = append(placed, a.CaseID+"→"+a.PractitionerID)
		}
		fmt.Printf("%-12s %-8v objective %6d  max %5.1f%%  %s\n", st, r.Status, r.Stats.Objective, r.Stats.MaxPercent, strings.Join(placed, " "))
	}
	// Output:
	// flow_search  feasible objective   4791  max 101.3%  c1→dee c2→ben c3→dee c4→cai c5→dee
	// greedy       feasible objective   6126  max 108.2%  c1→ben c2→eli c3→dee c4→cai c5→dee
	// least_loaded feasible objective  14080  max 108.0%  c1→ben c2→ben c3→ana c4→eli c5→ana
	// round_robin  feasible objective  11554  max 107.9%  c1→ana c2→ben c3→cai c4→dee c5→eli
	// random       feasible objective  17510  max 113.5%  c1→cai c2→ana c3→dee c4→ana c5→eli
}

// Explain says why a case went where it did and why the best alternative
// lost.
func ExampleResult_Explain() {
	r, err := allocation.Solve(context.Background(), team(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	e, _ := r.Explain("c2")
	fmt.Printf("%s → %s at %.1f%%, cost %d (distance %d, continuity %d, overload %d)\n",
		e.CaseID, e.PractitionerID, e.AfterPercent, e.Cost.Total(), e.Cost[allocation.Distance], e.Cost[allocation.Continuity], e.Cost[allocation.Overload])
	for _, a := range e.Alternatives {
		fmt.Printf("  not %s: %v %v, %s\n", a.PractitionerID, a.Reason, a.Term, a.Detail)
	}
	// Output:
	// c2 → ben at 97.2%, cost 1080 (distance 0, continuity 1080, overload 0)
	//   not eli: costlier overload, would reach 108.2% (+3600)
}

// An officer who leaves is marked Unavailable: every case they hold must
// move, and the rest of the team's cases stay unless moving pays (here
// c3 moves from ben, who takes c2, to dee; the budget of 2 counts only
// such voluntary moves). The problem holds the cases of the team; Load is
// what they hold elsewhere.
func ExampleSolve_officerLeft() {
	p := team()
	for k, holder := range []string{"ana", "eli", "ben", "eli", "ana"} {
		p.Cases[k].Current = holder
		p.Cases[k].Previous = ""
	}
	for k := range p.Practitioners {
		p.Practitioners[k].Load -= 200
	}
	p.Practitioners[4].Unavailable = true // eli has left
	r, err := allocation.Solve(context.Background(), p, &allocation.Settings{MoveBudget: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range r.Assignments {
		if a.Moved {
			fmt.Printf("%s moves to %s\n", a.CaseID, a.PractitionerID)
		}
	}
	fmt.Println("moved:", r.Stats.Moved, "status:", r.Status)
	// Output:
	// c2 moves to ben
	// c3 moves to dee
	// c4 moves to cai
	// moved: 3 status: optimal
}

// A daily batch with a hard cap: nobody may pass 100%, so a case that
// fits nowhere is left unassigned with its reason, and the status says
// so.
func ExampleSolve_hardCap() {
	p := team()
	a1 := tiering.MustParseTier("A1")
	p.Cases = append(p.Cases, allocation.Case{
		ID: "c6", Points: 146, Tier: a1, Team: "north",
		Risk: grades.Profile{Tier: a1, RoSH: tiering.RoSHVeryHigh},
	})
	r, err := allocation.Solve(context.Background(), p, &allocation.Settings{HardCap: 100})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Status, r.Status.Err())
	for _, u := range r.Unassigned {
		fmt.Printf("%s: %v (%s)\n", u.CaseID, u.Reason, u.Detail)
	}
	for _, w := range r.Workloads {
		fmt.Printf("%s %5.1f%% → %5.1f%%\n", w.PractitionerID, w.BeforePercent, w.AfterPercent)
	}
	// Output:
	// infeasible allocation: hard limits leave cases unplaced
	// c6: at_limit (every eligible practitioner is at the hard cap)
	// ana 100.0% → 100.0%
	// ben  90.0% →  97.2%
	// cai  95.0% →  97.9%
	// dee  66.7% →  98.8%
	// eli 101.0% → 101.0%
}

// An explanation reads as one line: the chosen practitioner, the cost term
// by term, and why the best alternative lost.
func ExampleExplanation_String() {
	r, err := allocation.Solve(context.Background(), team(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	e, _ := r.Explain("c2")
	fmt.Println(e)
	// Output:
	// c2 → ben at 97.2%, cost 1080 (continuity 1080); not eli: +2520, would reach 108.2% (+3600)
}
