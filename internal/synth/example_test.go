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

// Generate a year of events from a small held caseload and count them by
// kind; a simulator would replay them day by day with Stream.On.
func ExampleGenerateEvents() {
	size := synth.Size{Name: "small", Cases: 3100, Practitioners: 100, New: 100}
	in := synth.Generate(size, 1)
	s := synth.GenerateEvents(in, 365, 1, nil)

	fmt.Printf("%d cases, %.1f arriving a day (%.1f on working days)\n", len(in.Cases), s.Rates.Total(), s.Rates.Total()*7/5)
	counts := map[synth.EventKind]int{}
	for _, e := range s.Events {
		counts[e.Kind]++
	}
	for _, k := range synth.EventKinds() {
		fmt.Printf("%-13v %5d\n", k, counts[k])
	}
	first := s.On(0)[0]
	fmt.Printf("first: %v %s on %s\n", first.Kind, first.Case, first.Date.Format("2006-01-02"))
	// Output:
	// 3100 cases, 6.0 arriving a day (8.4 on working days)
	// TERMINATION    2213
	// RELEASE         437
	// UNSUPERVISED    372
	// TIER_CHANGE    1022
	// ROSH_CHANGE     353
	// MAPPA_CHANGE     17
	// LEAVER           13
	// JOINER            6
	// PROGRESSION      23
	// REDUCTION        10
	// ARRIVAL        2144
	// first: ARRIVAL C003101 on 2026-11-23
}
