package staffing_test

import (
	"fmt"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/staffing"
	"github.com/probationkit/probation/tiering"
)

// Example plans one new post for a PDU of two teams, from the caseload
// through demand and supply to the plan. North's high-RoSH cases are
// PO-only and its one PO is at 145%; South has more cases but its work
// any grade may hold. Pro rata by case count sends the post South; the
// plan sends a PO North.
func Example() {
	asOf := time.Date(2024, time.June, 30, 0, 0, 0, 0, time.UTC)
	ps := []caseload.Practitioner{
		{ID: "P1", Grade: grades.PO, Team: "North", PDU: "D1", Region: "R1"},
		{ID: "P2", Grade: grades.PSO, Team: "North", PDU: "D1", Region: "R1"},
		{ID: "P3", Grade: grades.PSO, Team: "South", PDU: "D1", Region: "R1"},
		{ID: "P4", Grade: grades.PQiP1, Team: "South", PDU: "D1", Region: "R1"},
	}
	var cases []caseload.Case
	add := func(team, tier string, rosh tiering.RoSH, n int) {
		for range n {
			t := tiering.MustParseTier(tier)
			cases = append(cases, caseload.Case{ID: fmt.Sprint("C", len(cases)), Tier: t, Type: caseload.Community, Team: team,
				Risk: grades.Profile{RoSH: rosh}})
		}
	}
	add("North", "A2", tiering.RoSHHigh, 20)  // 158 points each, PO only
	add("North", "C2", tiering.RoSHMedium, 6) // 63 each, PSO
	add("South", "C2", tiering.RoSHMedium, 40)
	cl, err := caseload.Build(cases, ps, asOf, nil)
	if err != nil {
		panic(err)
	}
	d, _ := cl.Demand(&caseload.DemandSettings{Months: 6})
	s, _ := cl.Supply(&caseload.SupplySettings{Months: 6})
	p, err := staffing.NewProblem(d, s, caseload.Team, staffing.Budget{FTEPosts: 1})
	if err != nil {
		panic(err)
	}
	plan, err := staffing.Solve(p)
	if err != nil {
		panic(err)
	}
	fmt.Println(plan.Status)
	for _, u := range plan.Units {
		fmt.Printf("%s: %d PO, %d PSO; highest %v → %v\n", u.Key, u.POPosts, u.PSOPosts, u.HighestBeforePct, u.HighestAfterPct)
	}
	for _, c := range plan.Compare {
		fmt.Printf("%-10s highest %v, unit-months over 110%%: %d\n", c.Name, c.HighestPct, c.UnitMonthsOver110)
	}
	fmt.Println(plan.Units[0].Explanation)
	// Output:
	// optimal
	// North: 1 PO, 0 PSO; highest 145.2% → 72.6%
	// South: 0 PO, 0 PSO; highest 115.8% → 115.8%
	// plan       highest 115.8%, unit-months over 110%: 6
	// pro_rata   highest 145.2%, unit-months over 110%: 6
	// do_nothing highest 145.2%, unit-months over 110%: 12
	// North: 1 new post (1 PO). Its demand is 3,538 points a week in Jun 2024 and 3,538 in Nov 2024, 89% of it PO-only; 2.0 FTE are in post, 2.0 effective after reductions. Without new posts its highest month is 145.2% in Jun 2024, where PO-only work binds: only PO capacity meets it. 1 is the fewest posts that keep every month at or below the plan's ceiling of 115.8%. After the plan its highest month is 72.6%; months over 110%: 6 → 0, over 100%: 6 → 0.
}

// ExampleBudget shows the ways to give a budget: posts by grade, whole
// posts of either grade, and trainee cohorts.
func ExampleBudget() {
	for _, b := range []staffing.Budget{
		{POPosts: 30, PSOPosts: 20},
		{FTEPosts: 50},
		{Cohorts: []staffing.Cohort{{Month: 0, Trainees: 40}, {Month: 6, Trainees: 35}}},
	} {
		fmt.Println(b.Posts())
	}
	// Output:
	// 50
	// 50
	// 75
}
