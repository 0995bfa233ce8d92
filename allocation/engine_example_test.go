package allocation_test

import (
	"context"
	"fmt"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// The life of one day in a team of four: the morning batch places the
// cases that came in overnight, a new case arrives and the engine
// recommends who should take it, the senior probation officer chooses
// someone else with a recorded reason, and an officer who is leaving
// gets a rebalance proposal that moves their cases, accepted at the end
// of the day. Every step is in the journal.
func Example_engineDay() {
	morning := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	tier := tiering.MustParseTier
	profile := func(t string, r tiering.RoSH) grades.Profile { return grades.Profile{Tier: tier(t), RoSH: r} }
	staff := []caseload.Practitioner{
		{ID: "ana", Name: "Ana", Grade: grades.PO, Team: "north", PDU: "P1", Region: "R1"},
		{ID: "ben", Name: "Ben", Grade: grades.PO, Team: "north", PDU: "P1", Region: "R1", Hours: new(18.5)},
		{ID: "cai", Name: "Cai", Grade: grades.PSO, Team: "north", PDU: "P1", Region: "R1"},
		{ID: "dee", Name: "Dee", Grade: grades.PSO, Team: "north", PDU: "P1", Region: "R1"},
	}
	var cases []caseload.Case
	hold := func(who, t string, r tiering.RoSH, n int) { // the caseload held this morning
		for range n {
			cases = append(cases, caseload.Case{ID: fmt.Sprintf("H%02d", len(cases)), Tier: tier(t), Type: caseload.Community,
				Team: "north", Risk: profile(t, r), Practitioner: who})
		}
	}
	hold("ana", "B2", tiering.RoSHHigh, 18) // 2,070 of 2,176 points: 95.1%
	hold("ben", "B2", tiering.RoSHHigh, 8)  // 920 of 1,088: 84.6% (half time)
	hold("cai", "C2", tiering.RoSHMedium, 30)
	hold("dee", "C2", tiering.RoSHMedium, 32)
	cases = append(cases, // overnight arrivals, waiting
		caseload.Case{ID: "N1", Tier: tier("A2"), Type: caseload.Licence, Team: "north", Risk: profile("A2", tiering.RoSHVeryHigh)},
		caseload.Case{ID: "N2", Tier: tier("D1"), Type: caseload.Community, Team: "north", Risk: profile("D1", tiering.RoSHLow)},
		caseload.Case{ID: "N3", Tier: tier("C3"), Type: caseload.Community, Team: "north", Risk: profile("C3", tiering.RoSHLow), Previous: "dee"},
	)
	cl, err := caseload.Build(cases, staff, morning, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var journal []allocation.Entry
	e, err := allocation.NewEngine(cl, allocation.EngineConfig{Journal: func(en allocation.Entry) { journal = append(journal, en) }})
	if err != nil {
		fmt.Println(err)
		return
	}

	batch, err := e.Batch(context.Background(), allocation.BatchOptions{At: morning, Job: "morning"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("morning batch: %v, gap %.3f%%\n", batch.Result.Status, batch.Result.Stats.GapPercent)
	for _, d := range batch.Decisions {
		fmt.Printf("  %s → %s\n", d.CaseID, d.To)
	}

	noon := morning.Add(3 * time.Hour)
	e.Apply(allocation.CaseArrives(noon, caseload.Case{ID: "N4", Tier: tier("C1"), Type: caseload.Community, Team: "north", Risk: profile("C1", tiering.RoSHLow)}))
	rec, _ := e.Recommend("N4", 3)
	fmt.Println("recommended for N4:")
	for _, c := range rec.Best {
		fmt.Printf("  %s %.1f%% cost %d", c.PractitionerID, c.AfterPercent, c.Cost.Total())
		if c.Detail != "" {
			fmt.Print(": ", c.Detail)
		}
		fmt.Println()
	}
	second := rec.Best[2].PractitionerID
	if _, err := e.Place("N4", second, allocation.PlaceOptions{At: noon, By: "spo"}); err != nil {
		fmt.Println("refused:", err)
	}
	d, err := e.Place("N4", second, allocation.PlaceOptions{At: noon, By: "spo",
		Override: grades.Override{Reason: grades.Continuity, Text: "knows the family"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("placed N4 with %s (recommended %s): %s\n", d.To, d.Recommended, d.Override)

	p, err := e.Rebalance(context.Background(), allocation.RebalanceOptions{Departing: []string{"ben"}, Job: "ben leaves"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("ben leaves: %d cases move, objective %+d\n", len(p.Diff.Moves), p.Diff.Change.Total())
	evening := morning.Add(8 * time.Hour)
	if _, err := e.Accept(p, evening, "spo"); err != nil {
		fmt.Println(err)
		return
	}
	for _, id := range []string{"ana", "ben", "cai", "dee"} {
		w, _ := e.Workload(id)
		fmt.Printf("  %s %d cases %.1f%%\n", id, w.Cases, w.Percent)
	}
	fmt.Printf("journal: %d entries, version %d\n", len(journal), e.Version())
	// Output:
	// morning batch: feasible, gap 0.000%
	//   N1 → ben
	//   N2 → dee
	//   N3 → dee
	// recommended for N4:
	//   cai 89.2% cost 0
	//   dee 99.9% cost 0: same total; the lower practitioner ID won
	//   ana 97.4% cost 250: over-skilled for the case (+250)
	// refused: allocation: an override reason is needed: cai is recommended and costs 250 less
	// placed N4 with ana (recommended cai): has worked with the person before: knows the family
	// ben leaves: 10 cases move, objective +673875
	//   ana 27 cases 145.5%
	//   ben 0 cases 0.0%
	//   cai 31 cases 89.2%
	//   dee 34 cases 97.6%
	// journal: 16 entries, version 16
}
