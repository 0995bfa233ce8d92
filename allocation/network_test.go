package allocation_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/mcf"
	"github.com/probationkit/probation/internal/synth"
)

// solveNetwork solves an exported relaxation with internal/mcf and returns
// its least cost plus Offset.
func solveNetwork(t rapid.TB, nw *allocation.Network) int64 {
	t.Helper()
	g := mcf.NewGraph(len(nw.Supply))
	for v, s := range nw.Supply {
		g.SetSupply(v, s)
	}
	for _, a := range nw.Arcs {
		c := a.Capacity
		if c == allocation.Uncapacitated {
			c = mcf.Inf
		}
		g.AddArc(a.From, a.To, c, a.Cost)
	}
	sol, err := g.Solve(context.Background(), nil)
	if err != nil {
		t.Fatalf("Solve(exported network): %v", err)
	}
	if sol.Status != mcf.Optimal {
		t.Fatalf("Solve(exported network) status %v, want Optimal", sol.Status)
	}
	return sol.Cost + nw.Offset
}

// checkNetwork checks the shape promised by the Network documentation.
func checkNetwork(t rapid.TB, p *allocation.Problem, nw *allocation.Network) {
	t.Helper()
	var sum int64
	for _, s := range nw.Supply {
		sum += s
	}
	if sum != 0 {
		t.Fatalf("supplies sum to %d, want 0", sum)
	}
	if len(nw.CaseNode) != len(p.Cases) || len(nw.PractitionerNode) != len(p.Practitioners) {
		t.Fatalf("CaseNode/PractitionerNode lengths %d/%d, want %d/%d", len(nw.CaseNode), len(nw.PractitionerNode), len(p.Cases), len(p.Practitioners))
	}
	for k, v := range nw.CaseNode {
		if v >= 0 && nw.Supply[v]*nw.Unit != int64(p.Cases[k].Points) {
			t.Fatalf("case %s: node %d supply %d × unit %d, want %d points", p.Cases[k].ID, v, nw.Supply[v], nw.Unit, p.Cases[k].Points)
		}
	}
	for n, a := range nw.Arcs {
		switch a.Kind {
		case allocation.ArcAssign, allocation.ArcUnplaced:
			if a.From != nw.CaseNode[a.Case] || a.Capacity != nw.Supply[a.From] {
				t.Fatalf("arc %d (%v): from %d cap %d, want the case's node %d and supply %d", n, a.Kind, a.From, a.Capacity, nw.CaseNode[a.Case], nw.Supply[a.From])
			}
		case allocation.ArcLoad:
			if a.From != nw.PractitionerNode[a.Practitioner] || a.To != nw.Sink {
				t.Fatalf("arc %d (load): %d→%d, want practitioner node %d → sink %d", n, a.From, a.To, nw.PractitionerNode[a.Practitioner], nw.Sink)
			}
		case allocation.ArcGate:
			if a.To != nw.PractitionerNode[a.Practitioner] {
				t.Fatalf("arc %d (gate): to %d, want practitioner node %d", n, a.To, nw.PractitionerNode[a.Practitioner])
			}
		default:
			t.Fatalf("arc %d: kind %v", n, a.Kind)
		}
		if a.Cost < 0 || (a.Capacity < 0 && a.Capacity != allocation.Uncapacitated) {
			t.Fatalf("arc %d: cost %d capacity %d", n, a.Cost, a.Capacity)
		}
	}
}

func TestRelaxationEqualsBound(t *testing.T) {
	tiny := synth.Size{Name: "tiny", Cases: 400, Practitioners: 24, New: 400}
	held := synth.Size{Name: "tiny-held", Cases: 400, Practitioners: 24, New: 40, Departing: true}
	tinyIn, heldIn := synth.Generate(tiny, 1), synth.Generate(held, 2)
	withLimits := func(p *allocation.Problem) *allocation.Problem {
		q := *p
		q.Practitioners = append([]allocation.Practitioner(nil), p.Practitioners...)
		for k := range q.Practitioners {
			if k%3 == 0 {
				q.Practitioners[k].MaxNew = 2
			}
		}
		return &q
	}
	tests := []struct {
		name   string
		reason string
		p      *allocation.Problem
		s      *allocation.Settings
		kinds  []allocation.ArcKind // must appear besides assign and load
	}{
		{"new cases", "the plain allocation shape: case, practitioner and load arcs only", tinyIn.Problem(), nil, nil},
		{"daily", "new cases into held loads: Offset carries the penalty of the held load", heldIn.Problem(), nil, nil},
		{"rebalance", "held cases with Current and a departing practitioner: move costs and forced moves", heldIn.Rebalance(), nil, nil},
		{"team scope", "a different scope changes the eligible pairs", tinyIn.Problem(), &allocation.Settings{Scope: allocation.SameTeam}, nil},
		{"hard cap", "HardCap adds unplaced arcs and caps the load runs", heldIn.Problem(), &allocation.Settings{HardCap: 105}, []allocation.ArcKind{allocation.ArcUnplaced}},
		{"max new", "MaxNew adds gate nodes", withLimits(tinyIn.Problem()), nil, []allocation.ArcKind{allocation.ArcUnplaced, allocation.ArcGate}},
		{"naive strategy ignored", "the relaxation is Optimal's whatever the strategy", generate(shape{cases: 300, practitioners: 30, fill: 0.95, seed: 3}), &allocation.Settings{Scope: allocation.SameTeam, Strategy: allocation.Greedy}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nw, err := allocation.Relaxation(tc.p, tc.s)
			if err != nil {
				t.Fatalf("Relaxation: %v", err)
			}
			checkNetwork(t, tc.p, nw)
			kinds := map[allocation.ArcKind]int{}
			for _, a := range nw.Arcs {
				kinds[a.Kind]++
			}
			for _, k := range tc.kinds {
				if kinds[k] == 0 {
					t.Fatalf("arcs by kind %v: want some of kind %v", kinds, k)
				}
			}
			if kinds[allocation.ArcAssign] == 0 || kinds[allocation.ArcLoad] == 0 {
				t.Fatalf("arcs by kind %v: want assignment and load arcs", kinds)
			}
			s := allocation.Settings{}
			if tc.s != nil {
				s = *tc.s
			}
			s.Strategy = allocation.Optimal
			r, err := allocation.Solve(context.Background(), tc.p, &s)
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			if !r.Stats.HasBound {
				t.Fatalf("Solve reported no bound")
			}
			if got := solveNetwork(t, nw); got != r.Stats.Bound {
				t.Errorf("exported flow optimum + Offset = %d, Stats.Bound = %d (%s)", got, r.Stats.Bound, tc.reason)
			}
		})
	}
}

func TestPropertyRelaxationEqualsBound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := smallProblem(t, 12, 6, rapid.Bool().Draw(t, "equal"))
		s := smallSettings(t)
		nw, err := allocation.Relaxation(p, s)
		if err != nil {
			t.Fatalf("Relaxation: %v", err)
		}
		checkNetwork(t, p, nw)
		r := solveOrFatal(t, p, s)
		if got := solveNetwork(t, nw); got != r.Stats.Bound {
			t.Fatalf("exported flow optimum + Offset = %d, Stats.Bound = %d", got, r.Stats.Bound)
		}
	})
}

func TestRelaxationErrors(t *testing.T) {
	p := generate(shape{cases: 20, practitioners: 10, fill: 0.9, seed: 1})
	bad := *p
	bad.Cases = append([]allocation.Case(nil), p.Cases...)
	bad.Cases[3].Points = -1
	var pe *allocation.ProblemError
	if _, err := allocation.Relaxation(&bad, nil); !errors.As(err, &pe) {
		t.Errorf("Relaxation(negative points) error = %v, want a *ProblemError", err)
	}
	var se *allocation.SettingsError
	if _, err := allocation.Relaxation(p, &allocation.Settings{HardCap: -1}); !errors.As(err, &se) {
		t.Errorf("Relaxation(HardCap -1) error = %v, want a *SettingsError", err)
	}
	if _, err := allocation.Relaxation(p, &allocation.Settings{Objective: allocation.MinMax}); err == nil {
		t.Errorf("Relaxation(MinMax) = nil error, want one")
	}
	if _, err := allocation.Relaxation(nil, nil); err == nil {
		t.Errorf("Relaxation(nil) = nil error, want one")
	}
}

func TestRelaxationNoFlow(t *testing.T) {
	p := &allocation.Problem{
		Practitioners: []allocation.Practitioner{{ID: "p1", Grade: grades.PO, Available: 100, Load: 130}},
		Cases:         []allocation.Case{{ID: "c1", Points: 0}},
	}
	nw, err := allocation.Relaxation(p, nil)
	if err != nil {
		t.Fatalf("Relaxation: %v", err)
	}
	r, err := allocation.Solve(context.Background(), p, nil)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	got := struct {
		Nodes, Arcs int
		Unit, Bound int64
	}{len(nw.Supply), len(nw.Arcs), nw.Unit, solveNetwork(t, nw)}
	want := struct {
		Nodes, Arcs int
		Unit, Bound int64
	}{1, 0, 0, r.Stats.Bound}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Relaxation(zero-point case) mismatch (-want +got):\n%s", diff)
	}
}

func TestArcKindString(t *testing.T) {
	got := []string{allocation.ArcAssign.String(), allocation.ArcUnplaced.String(), allocation.ArcGate.String(), allocation.ArcLoad.String(), allocation.ArcKind(0).String()}
	want := []string{"assign", "unplaced", "gate", "load", "ArcKind(0)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ArcKind.String mismatch (-want +got):\n%s", diff)
	}
}
