package staffing_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/staffing"
)

// unit builds a unit with flat demand (PO-only, PSO and PQiP1 points) and
// flat supply (PO, PSO and PQiP1 pool points) over the months.
func unit(key string, months int, demand, supply [3]float64) staffing.Unit {
	u := staffing.Unit{Key: key, Place: caseload.Place{PDU: key, Region: "R"}, Cases: (demand[0] + demand[1] + demand[2]) / 70}
	for m, d := range caseload.MonthDates(start, months) {
		_ = m
		u.Demand = append(u.Demand, caseload.DemandMonth{Date: d, Cases: u.Cases, POOnlyPoints: demand[0], PSOPoints: demand[1], PQiP1Points: demand[2]})
		u.Supply = append(u.Supply, caseload.SupplyMonth{Date: d, POPoints: supply[0], PSOPoints: supply[1], PQiP1Points: supply[2]})
	}
	return u
}

// problem builds a problem with the national post values (a trainee in
// the PQiP1 pool at 435 points for 6 months, then the PSO pool at 870).
func problem(months int, b staffing.Budget, units ...staffing.Unit) *staffing.Problem {
	p := &staffing.Problem{Level: caseload.PDU, Dates: caseload.MonthDates(start, months), Units: units, FTEPoints: 2176, Budget: b}
	for m := range months {
		p.POPost = append(p.POPost, staffing.PoolPoints{PO: 2176})
		p.PSOPost = append(p.PSOPost, staffing.PoolPoints{PSO: 2176})
		if m < 6 {
			p.Trainee = append(p.Trainee, staffing.PoolPoints{PQiP1: 435})
		} else {
			p.Trainee = append(p.Trainee, staffing.PoolPoints{PSO: 870})
		}
	}
	return p
}

type posts struct{ PO, PSO, Trainees int }

func TestSolveCases(t *testing.T) {
	one := 1
	zero := 0
	tests := []struct {
		name   string
		reason string
		p      *staffing.Problem
		want   map[string]posts
		status staffing.Status
	}{
		{"PO-only work takes the PO post",
			"A's PO-only work has no PO to hold it (no capacity: +Inf); B's work any grade may hold",
			problem(2, staffing.Budget{POPosts: 1, PSOPosts: 1},
				unit("A", 2, [3]float64{2000, 0, 0}, [3]float64{0, 4352, 0}),
				unit("B", 2, [3]float64{0, 4800, 0}, [3]float64{0, 2176, 0})),
			map[string]posts{"A": {PO: 1}, "B": {PSO: 1}}, staffing.Optimal},
		{"FTE posts are PSO where PO-only work does not bind",
			"A needs a PO (its PO-only work is over capacity); B's PO-only work fits, so a PSO does as well there",
			problem(1, staffing.Budget{FTEPosts: 2},
				unit("A", 1, [3]float64{3000, 1000, 0}, [3]float64{2176, 2176, 0}),
				unit("B", 1, [3]float64{500, 6000, 0}, [3]float64{2176, 2176, 0})),
			map[string]posts{"A": {PO: 1}, "B": {PSO: 1}}, staffing.Optimal},
		{"max posts",
			"A is the most loaded but may take no post",
			problem(1, staffing.Budget{POPosts: 2},
				withMax(unit("A", 1, [3]float64{0, 9000, 0}, [3]float64{2176, 0, 0}), &zero),
				unit("B", 1, [3]float64{0, 3000, 0}, [3]float64{2176, 0, 0})),
			map[string]posts{"A": {}, "B": {PO: 2}}, staffing.Optimal},
		{"min posts",
			"B must take one post although A needs both",
			problem(1, staffing.Budget{PSOPosts: 2},
				unit("A", 1, [3]float64{0, 9000, 0}, [3]float64{2176, 0, 0}),
				withMin(unit("B", 1, [3]float64{0, 1000, 0}, [3]float64{2176, 0, 0}), 1, &one)),
			map[string]posts{"A": {PSO: 1}, "B": {PSO: 1}}, staffing.Optimal},
		{"unused posts",
			"neither unit has work, so no post changes anything and none is placed",
			problem(1, staffing.Budget{FTEPosts: 3},
				unit("A", 1, [3]float64{}, [3]float64{2176, 0, 0}),
				unit("B", 1, [3]float64{}, [3]float64{})),
			map[string]posts{"A": {}, "B": {}}, staffing.Optimal},
		{"trainees follow the work they may hold",
			"a first-stage trainee may hold only PQiP1 work: B has it, A has only PSO work",
			problem(3, staffing.Budget{Cohorts: []staffing.Cohort{{Month: 0, Trainees: 1}}},
				unit("A", 3, [3]float64{0, 2500, 0}, [3]float64{2176, 0, 0}),
				unit("B", 3, [3]float64{0, 0, 2600}, [3]float64{2176, 0, 0})),
			map[string]posts{"A": {}, "B": {Trainees: 1}}, staffing.Optimal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := staffing.Solve(tt.p)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]posts{}
			for _, u := range plan.Units {
				got[u.Key] = posts{u.POPosts, u.PSOPosts, u.Trainees}
				if !strings.HasPrefix(u.Explanation, u.Key+": ") {
					t.Errorf("explanation %q does not name its unit", u.Explanation)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: posts mismatch (-want +got):\n%s", tt.reason, diff)
			}
			if plan.Status != tt.status {
				t.Errorf("status %v, want %v", plan.Status, tt.status)
			}
		})
	}
}

func withMax(u staffing.Unit, mx *int) staffing.Unit { u.MaxPosts = mx; return u }

func withMin(u staffing.Unit, mn int, mx *int) staffing.Unit {
	u.MinPosts, u.MaxPosts = mn, mx
	return u
}

func TestTransfersNeverWorsen(t *testing.T) {
	a := unit("A", 2, [3]float64{0, 6000, 0}, [3]float64{2176, 2176, 0})
	b := unit("B", 2, [3]float64{0, 1000, 0}, [3]float64{2176, 2176, 0})
	a.Staff = []staffing.Staff{{ID: "a1", Months: []staffing.PoolPoints{{PO: 2176}, {PO: 2176}}}}
	b.Staff = []staffing.Staff{{ID: "b1", Months: []staffing.PoolPoints{{PSO: 2176}, {PSO: 2176}}}, {ID: "b2", Months: []staffing.PoolPoints{{PO: 2176}, {PO: 2176}}}}
	p := problem(2, staffing.Budget{}, a, b)
	p.Transfers = staffing.Transfers{CostPerMove: 2, BudgetCost: 5}
	plan, err := staffing.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []staffing.Move{{Staff: "b1", From: "B", To: "A"}}
	if diff := cmp.Diff(want, plan.Transfers); diff != "" {
		t.Errorf("moves mismatch (-want +got):\n%s", diff)
	}
	if plan.Compare[0].HighestPct >= plan.Compare[2].HighestPct || plan.Status != staffing.Heuristic {
		t.Errorf("with transfers %+v (status %v), want lower than doing nothing %+v and heuristic", plan.Compare[0], plan.Status, plan.Compare[2])
	}
}

func TestValidate(t *testing.T) {
	neg := -1
	p := problem(2, staffing.Budget{POPosts: 2, PSOPosts: -1, FTEPosts: 2, FromMonth: 5, Cohorts: []staffing.Cohort{{Month: 2, Trainees: -3}}},
		unit("A", 2, [3]float64{}, [3]float64{}), unit("A", 1, [3]float64{}, [3]float64{}))
	p.Units[0].MaxPosts = &neg
	p.Transfers = staffing.Transfers{BudgetCost: 3}
	_, err := staffing.Solve(p)
	var ve *probation.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Solve error %v, want a *probation.ValidationError", err)
	}
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Record+"."+f.Field)
	}
	want := []string{"unit.max_posts", "unit.key", "unit.demand", "unit.supply", "budget.pso_posts", "budget.fte_posts", "budget.from_month",
		"budget.cohorts[0].month", "budget.cohorts[0].trainees", "transfers.cost_per_move"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields mismatch (-want +got):\n%s", diff)
	}
}

// TestJSON round-trips a problem and checks that a unit with work and no
// capacity reads as null.
func TestJSON(t *testing.T) {
	p := problem(2, staffing.Budget{FTEPosts: 1}, unit("A", 2, [3]float64{100, 0, 0}, [3]float64{}), unit("B", 2, [3]float64{0, 3000, 0}, [3]float64{0, 2176, 0}))
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(p); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{`"level":"PDU"`, `"po_only_points":100`, `"fte_posts":1`, `"po_post":[{"po_points":2176`} {
		if !strings.Contains(buf.String(), name) {
			t.Errorf("problem JSON lacks %s:\n%s", name, buf.String())
		}
	}
	q, err := staffing.ReadProblem(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, q); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	p.Budget = staffing.Budget{} // A keeps no capacity: +Inf
	plan, err := staffing.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{`"status":"optimal"`, `"highest_pct":null`, `"workload_pct":null`, `"unit_months_over_110":4`} {
		if !strings.Contains(string(out), name) {
			t.Errorf("plan JSON lacks %s:\n%s", name, out)
		}
	}
	var back staffing.Plan
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(float64(back.Compare[0].HighestPct), 1) {
		t.Errorf("null highest read back as %v, want +Inf", back.Compare[0].HighestPct)
	}
	if _, err := staffing.ReadProblem(strings.NewReader(`{"units": 3}`)); err == nil {
		t.Errorf("ReadProblem accepted a bad document")
	}
}
