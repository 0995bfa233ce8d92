package allocation_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

func lowCase(id, tier string) allocation.Case {
	t := tiering.MustParseTier(tier)
	return allocation.Case{ID: id, Points: 50, Tier: t, Team: "t1", Risk: grades.Profile{Tier: t, RoSH: tiering.RoSHLow}}
}

func prac(id string, g grades.Grade) allocation.Practitioner {
	return allocation.Practitioner{ID: id, Grade: g, Team: "t1", Available: 1000}
}

// TestCostModel checks each term of the cost model on a one-case,
// one-practitioner problem.
func TestCostModel(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		c      allocation.Case
		p      allocation.Practitioner
		s      *allocation.Settings
		want   allocation.Cost
	}{
		{
			name: "nothing", reason: "same team, no history, a PSO on a D case: every term is zero",
			c: lowCase("c", "D1"), p: prac("p", grades.PSO),
		},
		{
			name: "distance", reason: "3-4-5 triangle: 5 km at 1 per km per point on 50 points",
			c: func() allocation.Case {
				c := lowCase("c", "D1")
				c.Location = caseload.Location{X: 3, Y: 4}
				return c
			}(),
			p: func() allocation.Practitioner {
				p := prac("p", grades.PSO)
				p.Location = caseload.Location{X: 6, Y: 8}
				return p
			}(),
			want: allocation.Cost{allocation.Distance: 250},
		},
		{
			name: "unknown location", reason: "the zero Location means unknown: no distance cost",
			c: lowCase("c", "D1"),
			p: func() allocation.Practitioner {
				p := prac("p", grades.PSO)
				p.Location = caseload.Location{X: 60, Y: 80}
				return p
			}(),
		},
		{
			name: "continuity", reason: "the case was held before by someone else: +15 per point",
			c: func() allocation.Case { c := lowCase("c", "D1"); c.Previous = "gone"; return c }(),
			p: prac("p", grades.PSO), want: allocation.Cost{allocation.Continuity: 750},
		},
		{
			name: "continuity kept", reason: "the previous practitioner takes it back: no continuity cost",
			c: func() allocation.Case { c := lowCase("c", "D1"); c.Previous = "p"; return c }(),
			p: prac("p", grades.PSO),
		},
		{
			name: "cross team", reason: "another team: +10 per point",
			c:    lowCase("c", "D1"),
			p:    func() allocation.Practitioner { p := prac("p", grades.PSO); p.Team = "t2"; return p }(),
			want: allocation.Cost{allocation.CrossTeam: 500},
		},
		{
			name: "over-skill", reason: "a PO on a D case a PSO could hold: +5 per point",
			c: lowCase("c", "D1"), p: prac("p", grades.PO), want: allocation.Cost{allocation.OverSkill: 250},
		},
		{
			name: "no over-skill on B", reason: "a PO on a B case is not over-skilled",
			c: lowCase("c", "B1"), p: prac("p", grades.PO),
		},
		{
			name: "soft rule", reason: "no RoSH recorded: the national soft rule fires for a PSO, +25 per point",
			c: func() allocation.Case { c := lowCase("c", "D1"); c.Risk.RoSH = tiering.RoSHNone; return c }(),
			p: prac("p", grades.PSO), want: allocation.Cost{allocation.SoftRule: 1250},
		},
		{
			name: "overload", reason: "load 1,000 of 1,000 plus 50 points: 50 points in the 50-per-point band",
			c:    lowCase("c", "D1"),
			p:    func() allocation.Practitioner { p := prac("p", grades.PSO); p.Load = 1000; return p }(),
			want: allocation.Cost{allocation.Overload: 2500},
		},
		{
			name: "overload across bands", reason: "load 1,090 + 50: 10 points at 50 and 40 at 150",
			c:    lowCase("c", "D1"),
			p:    func() allocation.Practitioner { p := prac("p", grades.PSO); p.Load = 1090; return p }(),
			want: allocation.Cost{allocation.Overload: 500 + 6000},
		},
		{
			name: "settings", reason: "custom weights replace the defaults and a zero weight switches its term off",
			c: func() allocation.Case { c := lowCase("c", "D1"); c.Previous = "gone"; return c }(),
			p: func() allocation.Practitioner { p := prac("p", grades.PO); p.Team = "t2"; return p }(),
			s: func() *allocation.Settings {
				w := allocation.DefaultWeights()
				w[allocation.Continuity], w[allocation.CrossTeam], w[allocation.OverSkill] = 2, 0, 3
				return &allocation.Settings{Weights: &w, Scope: allocation.Anywhere}
			}(),
			want: allocation.Cost{allocation.Continuity: 100, allocation.OverSkill: 150},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &allocation.Problem{Cases: []allocation.Case{tt.c}, Practitioners: []allocation.Practitioner{tt.p}}
			s := tt.s
			if s == nil {
				s = &allocation.Settings{Scope: allocation.Anywhere}
			}
			r, err := allocation.Solve(context.Background(), p, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Assignments) != 1 {
				t.Fatalf("%s: got %d assignments, unassigned %+v", tt.reason, len(r.Assignments), r.Unassigned)
			}
			if diff := cmp.Diff(tt.want, r.Assignments[0].Cost); diff != "" {
				t.Errorf("%s: Solve() cost mismatch (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestUnassignedReasons checks the reason and detail of unplaceable cases.
func TestUnassignedReasons(t *testing.T) {
	high := func(id string) allocation.Case {
		c := lowCase(id, "A2")
		c.Risk.RoSH = tiering.RoSHHigh
		return c
	}
	heavy := func(id string) allocation.Case {
		c := lowCase(id, "D1")
		c.Points = 60
		return c
	}
	tests := []struct {
		name   string
		reason string
		p      allocation.Problem
		s      allocation.Settings
		want   []allocation.Unassigned
		status allocation.Status
	}{
		{
			name: "grade", reason: "high RoSH needs a PO and the team has only a PSO",
			p: allocation.Problem{Cases: []allocation.Case{high("c")}, Practitioners: []allocation.Practitioner{prac("p", grades.PSO)}},
			want: []allocation.Unassigned{{CaseID: "c", Reason: allocation.Ineligible,
				Detail: "every grade in scope is blocked: PSO: rosh-high-to-po"}},
			status: allocation.StatusOptimal,
		},
		{
			name: "nobody in scope", reason: "the only practitioner is in another PDU",
			p: allocation.Problem{Cases: []allocation.Case{lowCase("c", "D1")}, Practitioners: []allocation.Practitioner{
				func() allocation.Practitioner { p := prac("p", grades.PSO); p.PDU = "elsewhere"; return p }()}},
			want:   []allocation.Unassigned{{CaseID: "c", Reason: allocation.OutOfScope, Detail: "no practitioner in the case's pdu"}},
			status: allocation.StatusOptimal,
		},
		{
			name: "unavailable", reason: "the only practitioner has left",
			p: allocation.Problem{Cases: []allocation.Case{lowCase("c", "D1")}, Practitioners: []allocation.Practitioner{
				func() allocation.Practitioner { p := prac("p", grades.PSO); p.Unavailable = true; return p }()}},
			want:   []allocation.Unassigned{{CaseID: "c", Reason: allocation.Unavailable, Detail: "every practitioner in the case's pdu is unavailable"}},
			status: allocation.StatusOptimal,
		},
		{
			name: "restricted", reason: "a limited access case excludes the only practitioner",
			p: allocation.Problem{Cases: []allocation.Case{func() allocation.Case {
				c := lowCase("c", "D1")
				c.ExcludedFrom = []string{"p"}
				return c
			}()}, Practitioners: []allocation.Practitioner{prac("p", grades.PSO)}},
			want: []allocation.Unassigned{{CaseID: "c", Reason: allocation.Restricted,
				Detail: "the restricted-access lists exclude every eligible practitioner"}},
			status: allocation.StatusOptimal,
		},
		{
			name: "cap", reason: "the hard cap leaves room for one of two cases: the heavier goes",
			p: allocation.Problem{Cases: []allocation.Case{heavy("a"), lowCase("b", "D1")}, Practitioners: []allocation.Practitioner{
				func() allocation.Practitioner { p := prac("p", grades.PSO); p.Load = 940; return p }()}},
			s: allocation.Settings{HardCap: 100},
			want: []allocation.Unassigned{{CaseID: "b", Reason: allocation.AtLimit,
				Detail: "all 1 eligible practitioners are at the hard cap or their new-case limit"}},
			status: allocation.StatusInfeasible,
		},
		{
			name: "max new", reason: "a limit of one new case: the heavier goes",
			p: allocation.Problem{Cases: []allocation.Case{heavy("a"), lowCase("b", "D1")}, Practitioners: []allocation.Practitioner{
				func() allocation.Practitioner { p := prac("p", grades.PSO); p.MaxNew = 1; return p }()}},
			want: []allocation.Unassigned{{CaseID: "b", Reason: allocation.AtLimit,
				Detail: "all 1 eligible practitioners are at the hard cap or their new-case limit"}},
			status: allocation.StatusInfeasible,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, st := range allocation.Strategies() {
				s := tt.s
				s.Strategy = st
				r, err := allocation.Solve(context.Background(), &tt.p, &s)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, r.Unassigned); diff != "" {
					t.Errorf("%s, %v: Solve() unassigned mismatch (-want +got):\n%s", tt.reason, st, diff)
				}
				if st == allocation.FlowSearch && r.Status != tt.status {
					t.Errorf("%s: status %v, want %v", tt.reason, r.Status, tt.status)
				}
			}
		})
	}
}

func TestProblemErrors(t *testing.T) {
	p := &allocation.Problem{
		Cases: []allocation.Case{
			{ID: "c1", Points: -1},
			{ID: "c1", Points: 10, Current: "nobody"},
			{ID: ""},
		},
		Practitioners: []allocation.Practitioner{
			{ID: "p1", Grade: grades.PO, Available: -5},
			{ID: "p1", Grade: 0, MaxNew: -1},
		},
	}
	_, err := allocation.Solve(context.Background(), p, nil)
	var ve *probation.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Solve() error = %v, want a *probation.ValidationError", err)
	}
	type key struct {
		Record, ID string
		Index      int
		Field      string
	}
	var got []key
	for _, f := range ve.Fields {
		got = append(got, key{f.Record, f.ID, f.Index, f.Field})
	}
	want := []key{
		{"practitioner", "p1", 0, "available_points"}, {"practitioner", "p1", 1, "id"}, {"practitioner", "p1", 1, "grade"}, {"practitioner", "p1", 1, "max_new"},
		{"case", "", 2, "id"}, {"case", "c1", 0, "points"}, {"case", "c1", 1, "id"}, {"case", "c1", 1, "current"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ValidationError fields mismatch (-want +got):\n%s", diff)
	}
}

func TestSettingsErrors(t *testing.T) {
	tests := []struct {
		name string
		s    allocation.Settings
	}{
		{"strategy", allocation.Settings{Strategy: 99}},
		{"scope", allocation.Settings{Scope: 9}},
		{"cap", allocation.Settings{HardCap: -1}},
		{"negative effort", allocation.Settings{Effort: -1}},
		{"effort too large", allocation.Settings{Effort: 1001}},
		{"bands falling", allocation.Settings{Bands: []allocation.Band{{10, 100}, {0, 50}}}},
		{"band width", allocation.Settings{Bands: []allocation.Band{{0, 10}, {0, 50}}}},
		{"weight", allocation.Settings{Weights: &allocation.Weights{allocation.Distance: 1 << 40}}},
		{"negative weight", allocation.Settings{Weights: &allocation.Weights{allocation.Move: -1}}},
		{"min-max with a naive strategy", allocation.Settings{Strategy: allocation.Greedy, Objective: allocation.MinMax}},
	}
	for _, tt := range tests {
		_, err := allocation.Solve(context.Background(), &allocation.Problem{}, &tt.s)
		var ve *probation.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) == 0 || ve.Fields[0].Record != "settings" {
			t.Errorf("%s: Solve() error = %v, want a *probation.ValidationError of the settings", tt.name, err)
		}
	}
}

func TestStrategyText(t *testing.T) {
	for _, st := range allocation.Strategies() {
		b, err := st.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var got allocation.Strategy
		if err := got.UnmarshalText(b); err != nil || got != st {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", b, got, err, st)
		}
	}
	if _, err := allocation.ParseStrategy("best"); err == nil {
		t.Error("ParseStrategy(best) succeeded")
	}
}

// TestCanceled: a context that is already done returns at once, before
// validation, with no Result and a PhaseError of the model phase that is
// both ErrStopped and context.Canceled.
func TestCanceled(t *testing.T) {
	p := generate(shape{cases: 400, practitioners: 20, fill: 0.95, seed: 3})
	p.Cases[0].Points = -1 // not even validated
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := allocation.Solve(ctx, p, teamScope)
	var pe *allocation.PhaseError
	if r != nil || !errors.As(err, &pe) || pe.Phase != allocation.PhaseModel {
		t.Fatalf("Solve = %v, %v; want nil and a *PhaseError of the model phase", r, err)
	}
	if !errors.Is(err, allocation.ErrStopped) || !errors.Is(err, context.Canceled) || errors.Is(err, allocation.ErrFailed) {
		t.Errorf("error %v: want ErrStopped and context.Canceled, not ErrFailed", err)
	}
}

// TestTimeLimit: a time limit cuts a run short; it returns a whole
// allocation with StatusStopped, or, when it passed before any whole
// allocation existed, no Result and ErrStopped.
func TestTimeLimit(t *testing.T) {
	p := generate(shape{cases: 2000, practitioners: 70, fill: 0.95, seed: 3})
	for _, limit := range []time.Duration{time.Microsecond, time.Millisecond, 20 * time.Millisecond} {
		s := *teamScope
		s.TimeLimit = limit
		r, err := allocation.Solve(context.Background(), p, &s)
		switch {
		case r == nil:
			if !errors.Is(err, allocation.ErrStopped) || !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("limit %v: no Result and error %v; want ErrStopped", limit, err)
			}
		case err != nil:
			t.Errorf("limit %v: a Result and error %v", limit, err)
		default:
			if n := len(r.Assignments) + len(r.Unassigned); n != len(p.Cases) {
				t.Errorf("limit %v: %d cases in the result, want %d", limit, n, len(p.Cases))
			}
			checkInvariants(t, p, &s, r)
		}
	}
}

// TestProgress: the callback sees the phases in order, each as it
// starts.
func TestProgress(t *testing.T) {
	p := generate(shape{cases: 300, practitioners: 20, fill: 0.95, seed: 4})
	var phases []allocation.Phase
	s := *teamScope
	s.Progress = func(pr allocation.Progress) {
		if len(phases) == 0 || phases[len(phases)-1] != pr.Phase {
			phases = append(phases, pr.Phase)
		}
	}
	if _, err := allocation.Solve(context.Background(), p, &s); err != nil {
		t.Fatal(err)
	}
	want := []allocation.Phase{allocation.PhaseModel, allocation.PhaseBaseline, allocation.PhaseFlow, allocation.PhaseRound, allocation.PhaseSearch, allocation.PhaseDone}
	if diff := cmp.Diff(want, phases); diff != "" {
		t.Errorf("phases mismatch (-want +got):\n%s", diff)
	}
}

// TestPropertyExplain: every assignment explains itself consistently.
func TestPropertyExplain(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := smallProblem(t, 12, 6, false)
		s := smallSettings(t)
		r := solveOrFatal(t, p, s)
		all := r.Explanations()
		if len(all) != len(r.Assignments) {
			t.Fatalf("%d explanations for %d assignments", len(all), len(r.Assignments))
		}
		for k, a := range r.Assignments {
			e, ok := r.Explain(a.CaseID)
			if !ok || e.PractitionerID != a.PractitionerID || e.Cost != a.Cost {
				t.Fatalf("Explain(%s) = %+v, %v; assignment %+v", a.CaseID, e, ok, a)
			}
			if !cmp.Equal(all[k], e) {
				t.Fatalf("Explanations()[%d] %+v, Explain %+v", k, all[k], e)
			}
			for _, alt := range e.Alternatives {
				if alt.PractitionerID == a.PractitionerID || alt.Reason == 0 || alt.Detail == "" {
					t.Fatalf("case %s: bad alternative %+v", a.CaseID, alt)
				}
				if alt.Eligible && alt.Extra < 0 && alt.Reason != allocation.AtLimit && alt.Reason != allocation.Kept {
					t.Fatalf("case %s: cheaper alternative %+v without a reason", a.CaseID, alt)
				}
			}
		}
		for _, u := range r.Unassigned {
			if _, ok := r.Explain(u.CaseID); ok {
				t.Fatalf("Explain(%s) of an unassigned case succeeded", u.CaseID)
			}
		}
	})
}

// TestMinMax: the MinMax objective brings the top workload down (here the
// instance has structural overload, which MinCost piles on a few POs) and
// keeps every invariant.
func TestMinMax(t *testing.T) {
	p := generate(shape{cases: 600, practitioners: 30, fill: 1.05, seed: 5})
	s := *teamScope
	cost := solveOrFatal(t, p, &s)
	s.Objective = allocation.MinMax
	mm := solveOrFatal(t, p, &s)
	if mm.Stats.MaxPercent >= cost.Stats.MaxPercent {
		t.Errorf("MinMax top workload %.1f%%, MinCost %.1f%%: want lower", mm.Stats.MaxPercent, cost.Stats.MaxPercent)
	}
	if mm.Stats.Objective < cost.Stats.Objective {
		t.Errorf("MinMax objective %d below MinCost's %d", mm.Stats.Objective, cost.Stats.Objective)
	}
	checkInvariants(t, p, &s, mm)
	t.Logf("max%% %.1f → %.1f, objective %d → %d", cost.Stats.MaxPercent, mm.Stats.MaxPercent, cost.Stats.Objective, mm.Stats.Objective)
}
