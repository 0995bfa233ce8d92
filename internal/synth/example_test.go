package synth_test

import (
	"fmt"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/internal/synth"
)

// Generate the PDU-sized instance of the benchmarks and work out how full
// it is with package caseload's national weights and capacity.
func ExampleGenerate() {
	size, _ := synth.SizeNamed("pdu")
	in := synth.Generate(size, 1)

	weights := caseload.NationalWeights().At(in.AsOf)
	capacity := caseload.NationalCapacity()
	points, available := 0, 0
	for _, c := range in.Cases {
		points += weights.Points(c)
	}
	for i, p := range in.Practitioners {
		points += in.Load[i]
		available += capacity.Available(p, in.AsOf)
	}
	fmt.Printf("%s: %d teams, %d practitioners, %d cases\n", in.Name, len(in.Teams), len(in.Practitioners), len(in.Cases))
	fmt.Printf("first case: %s %v %v in team %s\n", in.Cases[0].ID, in.Cases[0].Tier, in.Cases[0].Type, in.Cases[0].Team)
	fmt.Printf("workload: %.1f%%\n", caseload.Percent(points, available))
	// Output:
	// pdu: 7 teams, 70 practitioners, 2000 cases
	// first case: C000001 B1 COMMUNITY in team R01P01T06
	// workload: 95.0%
}
