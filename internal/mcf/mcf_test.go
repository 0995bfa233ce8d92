package mcf

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

type arc struct {
	from, to   int
	capa, cost int64
}

func build(n int, supply []int64, arcs []arc) *Graph {
	g := NewGraph(n)
	for v, b := range supply {
		g.SetSupply(v, b)
	}
	for _, a := range arcs {
		g.AddArc(a.from, a.to, a.capa, a.cost)
	}
	return g
}

func TestSolveTable(t *testing.T) {
	tests := []struct {
		name     string
		reason   string
		n        int
		supply   []int64
		arcs     []arc
		status   Status
		cost     int64
		flow     []int64 // nil: not checked (several optima)
		wantIter int     // minimum number of pivots expected, 0 = unchecked
	}{
		{
			name:   "empty",
			reason: "a graph with no nodes is trivially optimal at cost 0",
			n:      0,
			status: Optimal,
		},
		{
			name:   "single arc",
			reason: "the only route carries the whole supply",
			n:      2, supply: []int64{5, -5},
			arcs:   []arc{{0, 1, 10, 3}},
			status: Optimal, cost: 15, flow: []int64{5},
		},
		{
			name:   "single arc too small",
			reason: "capacity 4 cannot carry a supply of 5",
			n:      2, supply: []int64{5, -5},
			arcs:   []arc{{0, 1, 4, 3}},
			status: Infeasible,
		},
		{
			name:   "parallel arcs fill cheapest first",
			reason: "convex parallel arcs: the cheap one saturates, the rest goes on the next cheapest",
			n:      2, supply: []int64{7, -7},
			arcs:   []arc{{0, 1, 3, 9}, {0, 1, 4, 1}, {0, 1, Inf, 5}},
			status: Optimal, cost: 4*1 + 3*5, flow: []int64{0, 4, 3},
		},
		{
			name:   "zero supply",
			reason: "no supply and no negative cycle: zero flow is optimal",
			n:      3,
			arcs:   []arc{{0, 1, 5, 2}, {1, 2, 5, 1}, {2, 0, 5, 0}},
			status: Optimal, cost: 0, flow: []int64{0, 0, 0},
		},
		{
			name:   "negative cycle with finite capacity",
			reason: "a circulation saturates the negative cycle even with no supply",
			n:      3,
			arcs:   []arc{{0, 1, 4, -5}, {1, 2, 3, 1}, {2, 0, 10, 1}},
			status: Optimal, cost: 3 * (-5 + 1 + 1), flow: []int64{3, 3, 3},
		},
		{
			name:   "negative cycle with infinite capacity",
			reason: "every arc of the negative cycle is uncapacitated, so the cost is unbounded",
			n:      3,
			arcs:   []arc{{0, 1, Inf, -5}, {1, 2, Inf, 1}, {2, 0, Inf, 1}},
			status: Unbounded,
		},
		{
			name:   "unbounded beats infeasible",
			reason: "documented precedence: a negative uncapacitated cycle is reported even if supplies cannot be routed",
			n:      4, supply: []int64{1, 0, 0, -1},
			arcs:   []arc{{1, 2, Inf, -1}, {2, 1, Inf, -1}},
			status: Unbounded,
		},
		{
			name:   "negative loop",
			reason: "a loop with negative cost and finite capacity is saturated",
			n:      1,
			arcs:   []arc{{0, 0, 6, -2}},
			status: Optimal, cost: -12, flow: []int64{6},
		},
		{
			name:   "negative infinite loop",
			reason: "a loop is a cycle: negative cost and no capacity is unbounded",
			n:      1,
			arcs:   []arc{{0, 0, Inf, -2}},
			status: Unbounded,
		},
		{
			name:   "negative costs on a path",
			reason: "negative arc costs are allowed; the cheaper (more negative) path is used first",
			n:      4, supply: []int64{4, 0, 0, -4},
			arcs:   []arc{{0, 1, 3, -2}, {1, 3, 3, -1}, {0, 2, 10, 0}, {2, 3, 10, 0}},
			status: Optimal, cost: 3 * -3, flow: []int64{3, 3, 1, 1},
		},
		{
			name:   "disconnected demand",
			reason: "a demand node without in-arcs cannot be served",
			n:      3, supply: []int64{2, 0, -2},
			arcs:   []arc{{0, 1, 5, 1}},
			status: Infeasible,
		},
		{
			name:   "transportation 2x3",
			reason: "classic transportation problem with a hand-checked optimum: supplies 20,30; demands 10,25,15",
			n:      5, supply: []int64{20, 30, -10, -25, -15},
			arcs: []arc{
				{0, 2, Inf, 8}, {0, 3, Inf, 6}, {0, 4, Inf, 10},
				{1, 2, Inf, 9}, {1, 3, Inf, 12}, {1, 4, Inf, 13},
			},
			// Source 0 sends 20 to node 3 (cost 6); source 1 sends 10 to 2,
			// 5 to 3 and 15 to 4: 120 + 90 + 60 + 195 = 465.
			status: Optimal, cost: 465, flow: []int64{0, 20, 0, 10, 5, 15},
		},
		{
			name:   "zero capacity arc",
			reason: "an arc of capacity 0 carries nothing even if it is the cheapest",
			n:      2, supply: []int64{1, -1},
			arcs:   []arc{{0, 1, 0, -100}, {0, 1, 1, 7}},
			status: Optimal, cost: 7, flow: []int64{0, 1},
		},
		{
			name:   "transshipment",
			reason: "flow passes through a zero-supply node when that is cheaper than the direct arc",
			n:      3, supply: []int64{3, 0, -3},
			arcs:   []arc{{0, 2, Inf, 10}, {0, 1, 2, 1}, {1, 2, Inf, 1}},
			status: Optimal, cost: 2*2 + 1*10, flow: []int64{1, 2, 2},
		},
	}
	names := map[string]bool{}
	for _, tc := range tests {
		if tc.reason == "" || names[tc.name] {
			t.Fatalf("test %q: missing reason or duplicate name", tc.name)
		}
		names[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			g := build(tc.n, tc.supply, tc.arcs)
			sol, err := g.Solve(context.Background(), nil)
			if err != nil {
				t.Fatalf("Solve: %v (%s)", err, tc.reason)
			}
			if sol.Status != tc.status {
				t.Fatalf("status %v, want %v (%s)", sol.Status, tc.status, tc.reason)
			}
			if tc.status != Optimal {
				return
			}
			if msg := checkOptimal(g, sol); msg != "" {
				t.Fatalf("%s (%s)", msg, tc.reason)
			}
			if sol.Cost != tc.cost {
				t.Errorf("cost %d, want %d (%s)", sol.Cost, tc.cost, tc.reason)
			}
			if tc.flow != nil && !slices.Equal(sol.Flow, tc.flow) {
				t.Errorf("flow %v, want %v (%s)", sol.Flow, tc.flow, tc.reason)
			}
			if st, c, _ := refSolve(g); st != tc.status || c != tc.cost {
				t.Errorf("reference solver disagrees with the table: %v %d", st, c)
			}
		})
	}
}

func TestSolveInputErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		build  func() *Graph
		want   string // substring of the error
	}{
		{
			name:   "unbalanced",
			reason: "supplies must sum to zero",
			build:  func() *Graph { return build(2, []int64{3, -2}, []arc{{0, 1, 5, 1}}) },
			want:   "supplies sum to 1",
		},
		{
			name:   "negative capacity",
			reason: "capacities are non-negative",
			build:  func() *Graph { return build(2, nil, []arc{{0, 1, -1, 1}}) },
			want:   "arc 0: negative capacity -1",
		},
		{
			name:   "tail out of range",
			reason: "arc endpoints must be nodes",
			build:  func() *Graph { return build(2, nil, []arc{{0, 1, 1, 1}, {2, 1, 1, 1}}) },
			want:   "arc 1: tail node 2 out of range",
		},
		{
			name:   "head out of range",
			reason: "arc endpoints must be nodes",
			build:  func() *Graph { return build(2, nil, []arc{{0, -1, 1, 1}}) },
			want:   "arc 0: head node -1 out of range",
		},
		{
			name:   "supply node out of range",
			reason: "SetSupply on a missing node is recorded",
			build: func() *Graph {
				g := NewGraph(1)
				g.SetSupply(1, 4)
				return g
			},
			want: "SetSupply: node 1 out of range",
		},
		{
			name:   "negative node count",
			reason: "NewGraph(-1) records the error instead of panicking",
			build:  func() *Graph { return NewGraph(-1) },
			want:   "node count -1",
		},
		{
			name:   "supply overflow",
			reason: "supplies that overflow when summed are rejected",
			build:  func() *Graph { return build(3, []int64{math.MaxInt64, math.MaxInt64, -1}, nil) },
			want:   "supplies overflow",
		},
		{
			name:   "cost too large",
			reason: "potentials are bounded by (C+1)(n+1) ≤ MaxInt64/8",
			build:  func() *Graph { return build(2, nil, []arc{{0, 1, 1, math.MaxInt64 / 16}}) },
			want:   "potentials could overflow",
		},
		{
			name:   "flows too large",
			reason: "total supply plus finite capacities must stay below Inf",
			build:  func() *Graph { return build(2, nil, []arc{{0, 1, Inf - 1, 1}, {0, 1, Inf - 1, 1}}) },
			want:   "flows could overflow",
		},
		{
			name:   "objective too large",
			reason: "the optimal cost, summed exactly, must fit in int64",
			build: func() *Graph {
				return build(2, []int64{1 << 40, -(1 << 40)}, []arc{{0, 1, Inf, 1 << 25}})
			},
			want: "optimal cost does not fit",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sol, err := tc.build().Solve(context.Background(), nil)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Solve = %v, %v; want an *InputError (%s)", sol, err, tc.reason)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q (%s)", err, tc.want, tc.reason)
			}
		})
	}
}

func TestInputErrorLimit(t *testing.T) {
	g := NewGraph(1)
	for range 30 {
		g.AddArc(5, 0, 1, 1)
	}
	_, err := g.Solve(context.Background(), nil)
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want *InputError", err)
	}
	if len(ie.Problems) != maxProblems || ie.Omitted != 30-maxProblems {
		t.Errorf("%d problems listed, %d omitted; want %d and %d", len(ie.Problems), ie.Omitted, maxProblems, 30-maxProblems)
	}
	if !strings.Contains(err.Error(), "and 10 more") {
		t.Errorf("error %q does not count the omitted problems", err)
	}
}

func TestGraphAccessors(t *testing.T) {
	g := NewGraph(3)
	g.Grow(2)
	g.SetSupply(0, 4)
	g.SetSupply(2, -4)
	a := g.AddArc(0, 2, Inf+5, -3)
	b := g.AddArc(2, 1, 7, 2)
	if a != 0 || b != 1 || g.NumArcs() != 2 || g.NumNodes() != 3 {
		t.Fatalf("indices %d %d, counts %d %d", a, b, g.NumArcs(), g.NumNodes())
	}
	if f, to, c, w := g.Arc(0); f != 0 || to != 2 || c != Inf || w != -3 {
		t.Errorf("Arc(0) = %d %d %d %d; capacity above Inf must be stored as Inf", f, to, c, w)
	}
	if g.Supply(0) != 4 || g.Supply(2) != -4 || g.Supply(-1) != 0 || g.Supply(3) != 0 {
		t.Errorf("Supply values wrong")
	}
}

func TestStatusString(t *testing.T) {
	for s, want := range map[Status]string{Optimal: "Optimal", Infeasible: "Infeasible", Unbounded: "Unbounded", Canceled: "Canceled", Status(9): "Status(9)"} {
		if s.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(s), s.String(), want)
		}
	}
}

func TestSolveDoesNotModifyGraph(t *testing.T) {
	g := build(3, []int64{2, 0, -2}, []arc{{0, 1, 5, 1}, {1, 2, 5, 1}, {0, 2, 1, 5}})
	before := dimacsString(g)
	if _, err := g.Solve(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if after := dimacsString(g); after != before {
		t.Errorf("graph changed by Solve:\n%s\nvs\n%s", before, after)
	}
}

// TestLargeCostsAndSupplies: numbers whose a priori product C·(n+1)·B
// passes int64 solve when the optimum's cost fits, at the largest cost
// MaxCost allows; a cost one above it is refused.
func TestLargeCostsAndSupplies(t *testing.T) {
	const n = 4
	c := MaxCost(n)
	// 2 → 0 → 3 carries 1<<30 units at cost c then −c: the optimum costs
	// 0, though C·(n+1)·B is about 2^94.
	g := build(n, []int64{0, 0, 1 << 30, -(1 << 30)}, []arc{{2, 0, Inf, c}, {0, 3, Inf, -c}, {2, 1, 1 << 40, c}, {1, 3, Inf, 1}})
	sol, err := g.Solve(context.Background(), nil)
	if err != nil || sol.Status != Optimal {
		t.Fatalf("Solve = %+v, %v; want optimal", sol, err)
	}
	if msg := checkOptimal(g, sol); msg != "" {
		t.Fatal(msg)
	}
	if sol.Cost != 0 {
		t.Errorf("cost %d, want 0", sol.Cost)
	}
	g = build(n, []int64{0, 0, 1, -1}, []arc{{2, 3, 1, c + 1}})
	if _, err := g.Solve(context.Background(), nil); err == nil {
		t.Errorf("cost MaxCost(%d)+1 accepted", n)
	}
	if MaxCost(-1) != 0 || MaxCost(maxNodes+1) != 0 {
		t.Error("MaxCost of an out-of-range count is not 0")
	}
}

func TestTotalCost(t *testing.T) {
	tests := []struct {
		flow, cost []int64
		want       int64
		ok         bool
	}{
		{[]int64{3, 0, 2}, []int64{-5, 1 << 62, 7}, -1, true},
		{[]int64{1 << 40, 1 << 40}, []int64{1 << 30, -(1 << 30)}, 0, true},
		{[]int64{1 << 40}, []int64{1 << 23}, 0, false},
		{[]int64{1 << 40}, []int64{-(1 << 23)}, math.MinInt64, true},
		{[]int64{1 << 40, 1}, []int64{-(1 << 23), -1}, 0, false},
		{[]int64{math.MaxInt64, math.MaxInt64}, []int64{math.MaxInt64, -math.MaxInt64}, 0, true},
	}
	for _, tt := range tests {
		got, ok := totalCost(context.Background(), tt.flow, tt.cost)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("totalCost(%v, %v) = %d, %v; want %d, %v", tt.flow, tt.cost, got, ok, tt.want, tt.ok)
		}
	}
}
