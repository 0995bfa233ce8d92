package bench_test

import (
	"context"
	"fmt"
	"os"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/bench"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

func twoCases() *allocation.Problem {
	risk := grades.Profile{RoSH: tiering.RoSHLow, Tier: tiering.MustParseTier("C1")}
	return &allocation.Problem{
		Practitioners: []allocation.Practitioner{
			{ID: "po", Grade: grades.PO, Team: "T", PDU: "D", Available: 100, Load: 60},
			{ID: "pso", Grade: grades.PSO, Team: "T", PDU: "D", Available: 100, Load: 90},
		},
		Cases: []allocation.Case{
			{ID: "a", Points: 40, Risk: risk, Team: "T", PDU: "D", Previous: "pso"},
			{ID: "b", Points: 20, Risk: risk, Team: "T", PDU: "D"},
		},
	}
}

// The relaxation of a two-case problem, exported for LEMON or GLPK: cases
// of 40 and 20 points flow in units of 20 points to the PO (node 3, 60
// points held) and the PSO (node 4, 90 held), then to the sink through
// runs of equal marginal overload penalty; the last run is uncapacitated
// and written with the total supply as its capacity.
func ExampleWriteDIMACS() {
	s := &allocation.Settings{
		Bands: []allocation.Band{{Width: 10, Cost: 50}, {Width: 10, Cost: 150}, {Width: 10, Cost: 400}, {Width: 10, Cost: 1000}, {Cost: 2500}},
	}
	nw, err := bench.Relaxation(twoCases(), s)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := bench.WriteDIMACS(os.Stdout, nw, "two cases"); err != nil {
		fmt.Println(err)
	}
	// Output:
	// c two cases
	// c unit=20 points, offset=0 (bound = min cost + offset)
	// p min 5 12
	// n 1 2
	// n 2 1
	// n 5 -3
	// a 1 3 0 2 400
	// a 1 4 0 2 0
	// a 2 3 0 1 100
	// a 2 4 0 1 0
	// a 3 5 0 2 0
	// a 3 5 0 1 2000
	// a 3 5 0 1 14000
	// a 3 5 0 3 50000
	// a 4 5 0 1 500
	// a 4 5 0 1 5500
	// a 4 5 0 1 35000
	// a 4 5 0 3 50000
}

// Scoring an allocation independently of the allocation package's numbers.
func ExampleEvaluate() {
	p := twoCases()
	s := &allocation.Settings{Bands: []allocation.Band{{Width: 10, Cost: 50}, {Width: 10, Cost: 150}, {Cost: 400}}}
	r, err := allocation.Solve(context.Background(), p, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := bench.Evaluate(p, s, r)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range r.Assignments {
		fmt.Println(a.CaseID, "→", a.PractitionerID)
	}
	fmt.Printf("workload %% %v, penalty %d, continuity kept %d of %d, violations %d\n", m.Percents, m.Penalty, m.Kept, m.WithHistory, len(m.Violations))
	// Output:
	// a → po
	// b → pso
	// workload % [100 110], penalty 500, continuity kept 0 of 1, violations 0
}

func ExampleTable_Write() {
	t := &bench.Table{
		Header: []string{"Strategy", "Gap"},
		Align:  "lr",
		Rows:   [][]string{{"optimal", bench.Gap(1_004_000, 1_000_000)}, {"random", bench.Gap(24_700_000, 1_000_000)}},
	}
	t.Write(os.Stdout)
	// Output:
	// | Strategy |    Gap |
	// | -------- | -----: |
	// | optimal  | +0.40% |
	// | random   |  ×24.7 |
}
