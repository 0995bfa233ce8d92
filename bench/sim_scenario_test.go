package bench_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/bench"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/synth"
	"github.com/probationkit/probation/tiering"
)

// The scenarios run on a hand-made team of one PO and two PSOs (full
// time: 2,176 available points each) on a Monday.
var simStart = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// held returns n community cases of the tier and RoSH held by who,
// with IDs prefix1, prefix2, ….
func held(prefix, who, tier string, rosh tiering.RoSH, n int) []caseload.Case {
	out := make([]caseload.Case, n)
	for k := range out {
		t := tiering.MustParseTier(tier)
		out[k] = caseload.Case{ID: fmt.Sprintf("%s%d", prefix, k+1), Tier: t, Type: caseload.Community, Team: "T1",
			Risk: grades.Profile{Tier: t, RoSH: rosh}, Practitioner: who}
	}
	return out
}

// team returns the instance of the scenarios holding cases.
func team(cases ...[]caseload.Case) *synth.Instance {
	in := &synth.Instance{
		Name: "team", AsOf: simStart,
		Teams: []synth.Team{{ID: "T1", PDU: "D1", Region: "R1"}},
		Practitioners: []caseload.Practitioner{
			{ID: "po1", Grade: grades.PO, Team: "T1", PDU: "D1", Region: "R1"},
			{ID: "pso1", Grade: grades.PSO, Team: "T1", PDU: "D1", Region: "R1"},
			{ID: "pso2", Grade: grades.PSO, Team: "T1", PDU: "D1", Region: "R1"},
		},
		Load: make([]int, 3),
	}
	for _, cs := range cases {
		in.Cases = append(in.Cases, cs...)
	}
	return in
}

// events returns a stream of days days holding evs, dated and numbered.
func events(days int, evs ...synth.Event) *synth.Stream {
	s := &synth.Stream{Start: simStart, Days: days, Events: evs}
	for k := range s.Events {
		s.Events[k].Seq = k
		s.Events[k].Date = simStart.AddDate(0, 0, s.Events[k].Day)
	}
	return s
}

// arrival returns the Arrival of a C1 community case on day d.
func arrival(d int, id, previous string) synth.Event {
	c := held(id, "", "C1", tiering.RoSHLow, 1)[0]
	c.ID, c.Previous = id, previous
	return synth.Event{Day: d, Kind: synth.Arrival, Case: id, Tier: c.Tier, Type: c.Type, Risk: c.Risk, NewCase: &c}
}

// sickness returns a full-time long-term sickness of practitioner id from
// day d, for eight weeks.
func sickness(d int, id string) synth.Event {
	r := caseload.Reduction{Reason: synth.ReasonSickness, Hours: 37, Start: simStart.AddDate(0, 0, d), End: simStart.AddDate(0, 0, d+56)}
	return synth.Event{Day: d, Kind: synth.Reduction, Practitioner: id, Reduction: &r}
}

// weekFields are the parts of a Week the scenarios check (no timings,
// no workload spread).
type weekFields struct {
	Over110, Excessive, Held, Waiting, Absent                 int
	Arrivals, ClosedWaiting, Placed, PlacedArrivals, WaitDays int
	WithPrevious, Kept, Reallocated, Moved                    int
}

func fields(ws []bench.Week) []weekFields {
	out := make([]weekFields, len(ws))
	for k, w := range ws {
		out[k] = weekFields{w.Over110, w.Excessive, w.Held, w.Waiting, w.Absent, w.Arrivals, w.ClosedWaiting, w.Placed, w.PlacedArrivals,
			w.WaitDays, w.WithPrevious, w.Kept, w.Reallocated, w.Moved}
	}
	return out
}

func TestSimScenarios(t *testing.T) {
	b2 := tiering.MustParseTier("B2")
	tests := []struct {
		name     string
		reason   string
		in       *synth.Instance
		stream   *synth.Stream
		opt      bench.SimOptions
		want     []weekFields
		wantEver int
		// holders maps cases to their holder at the end ("" waiting).
		holders map[string]string
	}{
		{
			name:   "four weeks over 110% is excessive",
			reason: "16 A3 cases are 151% of a PO; WMT's rule needs the fourth weekly snapshot over 110%",
			in:     team(held("A", "po1", "A3", tiering.RoSHHigh, 16), held("C", "pso1", "C1", tiering.RoSHLow, 5)),
			stream: events(35),
			want: []weekFields{
				{Over110: 1, Held: 21}, {Over110: 1, Held: 21}, {Over110: 1, Held: 21},
				{Over110: 1, Excessive: 1, Held: 21}, {Over110: 1, Excessive: 1, Held: 21},
			},
			wantEver: 1,
		},
		{
			name:   "a RoSH rise sends a PSO's case to the PO",
			reason: "high RoSH is PO-only nationally: the change puts the case back to waiting and the day's batch places it",
			in:     team(held("C", "pso1", "C2", tiering.RoSHMedium, 1)),
			stream: events(7, synth.Event{Day: 2, Kind: synth.RoSHChange, Case: "C1", Tier: b2, Type: caseload.Community,
				Risk: grades.Profile{Tier: b2, RoSH: tiering.RoSHHigh}}),
			want:    []weekFields{{Held: 1, Placed: 1, Reallocated: 1}},
			holders: map[string]string{"C1": "po1"},
		},
		{
			name:   "a leaver's cases wait and go to others",
			reason: "PractitionerLeaves makes their cases wait; their previous practitioner is not in post, so no continuity counts",
			in:     team(held("C", "pso2", "C1", tiering.RoSHLow, 2)),
			stream: events(7, synth.Event{Day: 1, Kind: synth.Leaver, Practitioner: "pso2"}),
			want:   []weekFields{{Held: 2, Placed: 2, Reallocated: 2}},
		},
		{
			name:    "an arrival goes to its previous practitioner",
			reason:  "continuity: the previous practitioner, in post with room, is kept",
			in:      team(held("C", "pso2", "C1", tiering.RoSHLow, 10)),
			stream:  events(7, arrival(0, "N1", "pso2")),
			want:    []weekFields{{Held: 11, Arrivals: 1, Placed: 1, PlacedArrivals: 1, WithPrevious: 1, Kept: 1}},
			holders: map[string]string{"N1": "pso2"},
		},
		{
			name:    "an arrival waits for room under a hard cap",
			reason:  "with a 100% cap and everyone full, the case waits until two terminations on day 3 make room",
			in:      team(held("A", "po1", "A3", tiering.RoSHHigh, 11), held("B", "pso1", "C1", tiering.RoSHLow, 44), held("D", "pso2", "C1", tiering.RoSHLow, 44)),
			stream:  events(7, arrival(1, "N1", ""), synth.Event{Day: 3, Kind: synth.Termination, Case: "B1"}, synth.Event{Day: 3, Kind: synth.Termination, Case: "B2"}),
			opt:     bench.SimOptions{Settings: allocation.Settings{HardCap: 100}},
			want:    []weekFields{{Held: 98, Arrivals: 1, Placed: 1, PlacedArrivals: 1, WaitDays: 2}},
			holders: map[string]string{"N1": "pso1"},
		},
		{
			name:   "a waiting arrival that ends is closed waiting",
			reason: "terminations remove waiting cases too; nothing is left waiting",
			in:     team(held("A", "po1", "A3", tiering.RoSHHigh, 11), held("B", "pso1", "C1", tiering.RoSHLow, 44), held("D", "pso2", "C1", tiering.RoSHLow, 44)),
			stream: events(7, arrival(1, "N1", ""), synth.Event{Day: 4, Kind: synth.Termination, Case: "N1"}),
			opt:    bench.SimOptions{Settings: allocation.Settings{HardCap: 100}},
			want:   []weekFields{{Held: 99, Arrivals: 1, ClosedWaiting: 1}},
		},
		{
			name:   "an absent practitioner's cases are unattended",
			reason: "a full-time sickness from day 1 leaves pso2 no available points: their 10 cases count as held by the absent",
			in:     team(held("C", "pso2", "C1", tiering.RoSHLow, 10)),
			stream: events(7, sickness(1, "pso2")),
			want:   []weekFields{{Held: 10, Absent: 10}},
		},
		{
			name:   "a rebalance covers an absent practitioner's cases",
			reason: "Friday's rebalance moves pso2's cases to colleagues with room: nobody absent holds any at the snapshot",
			in:     team(held("C", "pso2", "C1", tiering.RoSHLow, 10)),
			stream: events(7, sickness(1, "pso2")),
			opt:    bench.SimOptions{Plan: bench.Plan{Every: bench.Weekly, Budget: 20}},
			want:   []weekFields{{Held: 10, Moved: 10}},
		},
		{
			name:   "a weekly rebalance moves cases within its budget",
			reason: "pso1 at 125% and pso2 at 23%: Friday's rebalance moves two cases, its budget",
			in:     team(held("B", "pso1", "C2", tiering.RoSHLow, 43), held("D", "pso2", "C2", tiering.RoSHLow, 8)),
			stream: events(7),
			opt:    bench.SimOptions{Plan: bench.Plan{Every: bench.Weekly, Budget: 2}},
			want:   []weekFields{{Over110: 1, Held: 51, Moved: 2}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := bench.NewSim(tc.in, tc.stream, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, fields(s.Weeks())); diff != "" {
				t.Errorf("%s\nweeks mismatch (-want +got):\n%s", tc.reason, diff)
			}
			if s.Ever() != tc.wantEver {
				t.Errorf("%s\nEver() = %d, want %d", tc.reason, s.Ever(), tc.wantEver)
			}
			for id, want := range tc.holders {
				c, ok := s.Engine().Case(id)
				if !ok || c.Practitioner != want {
					t.Errorf("%s\ncase %s held by %q (in the engine: %v), want %q", tc.reason, id, c.Practitioner, ok, want)
				}
			}
		})
	}
}

func TestSimStepAfterEnd(t *testing.T) {
	s, err := bench.NewSim(team(), events(1), bench.SimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Step(context.Background()); err != nil {
		t.Fatalf("day 0: %v", err)
	}
	if !s.Done() || s.Step(context.Background()) == nil {
		t.Errorf("after the last day: Done %v, and Step gave no error", s.Done())
	}
	if w := s.Weeks(); len(w) != 1 || w[0].Days != 1 {
		t.Errorf("a one-day stream closed weeks %+v, want one week of one day", w)
	}
}

func TestNewSimRefuses(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		stream *synth.Stream
		opt    bench.SimOptions
	}{
		{"stream starts elsewhere", "the stream must follow the instance", &synth.Stream{Start: simStart.AddDate(0, 0, 1), Days: 1}, bench.SimOptions{}},
		{"rebalance without budget", "a rebalance needs a positive move budget", events(1), bench.SimOptions{Plan: bench.Plan{Every: bench.Monthly}}},
		{"unknown schedule", "Every must be a constant", events(1), bench.SimOptions{Plan: bench.Plan{Every: 9, Budget: 1}}},
		{"bad settings", "the engine refuses a negative hard cap", events(1), bench.SimOptions{Settings: allocation.Settings{HardCap: -1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := bench.NewSim(team(), tc.stream, tc.opt); err == nil {
				t.Errorf("NewSim succeeded; want an error: %s", tc.reason)
			}
		})
	}
}
