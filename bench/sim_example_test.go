package bench_test

import (
	"context"
	"fmt"
	"time"

	"github.com/probationkit/probation/bench"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/synth"
	"github.com/probationkit/probation/tiering"
)

// A week in a team of two: on Monday a case arrives naming Ben, who held
// it before, and the day's batch gives it back to him; on Wednesday Ben
// leaves, and his cases wait until that day's batch gives them to Ana.
func ExampleSim() {
	monday := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	tier := tiering.MustParseTier("C1") // 50 points in the community
	risk := grades.Profile{Tier: tier, RoSH: tiering.RoSHLow}
	in := &synth.Instance{
		AsOf:  monday,
		Teams: []synth.Team{{ID: "T1", PDU: "D1", Region: "R1"}},
		Practitioners: []caseload.Practitioner{
			{ID: "ana", Grade: grades.PO, Team: "T1", PDU: "D1", Region: "R1"},
			{ID: "ben", Grade: grades.PSO, Team: "T1", PDU: "D1", Region: "R1"},
		},
		Load: make([]int, 2),
	}
	for k := range 20 {
		in.Cases = append(in.Cases, caseload.Case{ID: fmt.Sprintf("H%02d", k), Tier: tier, Type: caseload.Community, Team: "T1", Risk: risk, Practitioner: "ben"})
	}
	back := caseload.Case{ID: "N1", Tier: tier, Type: caseload.Community, Team: "T1", Risk: risk, Previous: "ben"}
	stream := &synth.Stream{Start: monday, Days: 7, Events: []synth.Event{
		{Day: 0, Date: monday, Seq: 0, Kind: synth.Arrival, Case: "N1", Tier: tier, Type: caseload.Community, Risk: risk, NewCase: &back},
		{Day: 2, Date: monday.AddDate(0, 0, 2), Seq: 1, Kind: synth.Leaver, Practitioner: "ben"},
	}}

	s, err := bench.NewSim(in, stream, bench.SimOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := s.Run(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	w := s.Weeks()[0]
	fmt.Printf("arrived %d, placed %d, kept with their previous practitioner %d of %d, reallocated %d\n",
		w.Arrivals, w.Placed, w.Kept, w.WithPrevious, w.Reallocated)
	ana, _ := s.Engine().Workload("ana")
	fmt.Printf("ana holds %d cases at %.1f%%\n", ana.Cases, ana.Percent)
	// Output:
	// arrived 1, placed 22, kept with their previous practitioner 1 of 1, reallocated 21
	// ana holds 21 cases at 48.3%
}
