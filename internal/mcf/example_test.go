package mcf_test

import (
	"context"
	"fmt"

	"github.com/probationkit/probation/internal/mcf"
)

// Two cases (4 and 3 points) and two practitioners with 5 points of
// capacity each; overload costs 100 per point. Case 0 prefers practitioner
// 0, case 1 also prefers practitioner 0 but less strongly, so case 1 is
// split: 1 point to practitioner 0 (filling it) and 2 to practitioner 1,
// at a cost of 4·1 + 1·2 + 2·3 = 12.
func ExampleGraph_Solve() {
	const sink = 4
	g := mcf.NewGraph(5) // 0,1 cases; 2,3 practitioners; 4 sink
	g.SetSupply(0, 4)
	g.SetSupply(1, 3)
	g.SetSupply(sink, -7)
	g.AddArc(0, 2, 4, 1) // case 0 → practitioner 0, cost 1 per point
	g.AddArc(0, 3, 4, 5)
	g.AddArc(1, 2, 3, 2)
	g.AddArc(1, 3, 3, 3)
	for _, p := range []int{2, 3} {
		g.AddArc(p, sink, 5, 0)         // within capacity
		g.AddArc(p, sink, mcf.Inf, 100) // overload
	}
	sol, err := g.Solve(context.Background(), nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(sol.Status, sol.Cost)
	fmt.Println(sol.Flow[:4])
	// Output:
	// Optimal 12
	// [4 0 1 2]
}
