package staffing_test

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/probationkit/probation/staffing"
)

func solveT(t *rapid.T, p *staffing.Problem) *staffing.Plan {
	plan, err := staffing.Solve(p)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	return plan
}

// TestSolveMatchesBruteForce checks the exactness promise: on small
// problems a plan marked optimal scores as well as the best of every plan,
// and any plan's highest % is the best one (level 1 is always exact for a
// single stage).
func TestSolveMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProblem(t, 3, 4)
		plan := solveT(t, p)
		got := refEval(p, planOf(p, plan))
		want := bruteForce(p)
		if plan.Status == staffing.Optimal {
			if refLess(want, got) || refLess(got, want) {
				t.Fatalf("status optimal but score %+v, brute force finds %+v\n%+v", got, want, plan.Units)
			}
		} else if !near(got.highest, want.highest) && !(math.IsInf(got.highest, 1) && math.IsInf(want.highest, 1)) {
			t.Fatalf("status %v: highest %v, brute force %v", plan.Status, got.highest, want.highest)
		}
	})
}

// TestPlanScoresAsReported checks that the plan's reported outcome is its
// score under the reference.
func TestPlanScoresAsReported(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProblem(t, 4, 6)
		plan := solveT(t, p)
		got := refEval(p, planOf(p, plan))
		o := plan.Compare[0]
		if !near(got.highest, float64(o.HighestPct)) && !math.IsInf(got.highest, 1) || got.over110 != o.UnitMonthsOver110 || got.over100 != o.UnitMonthsOver100 {
			t.Fatalf("reported %+v, reference %+v", o, got)
		}
		posts := 0
		for _, u := range plan.Units {
			posts += u.Posts()
		}
		if posts+plan.UnusedPosts != p.Budget.Posts() {
			t.Fatalf("%d posts placed and %d unused, budget %d", posts, plan.UnusedPosts, p.Budget.Posts())
		}
	})
}

// TestMoreBudgetNeverRaisesHighest: one more post never raises the highest %.
func TestMoreBudgetNeverRaisesHighest(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProblem(t, 4, 8)
		before := solveT(t, p).Compare[0].HighestPct
		q := *p
		b := q.Budget
		b.Cohorts = append([]staffing.Cohort(nil), b.Cohorts...)
		switch {
		case b.FTEPosts > 0:
			b.FTEPosts++
		case len(b.Cohorts) > 0:
			b.Cohorts[0].Trainees++
		case rapid.Bool().Draw(t, "po"):
			b.POPosts++
		default:
			b.PSOPosts++
		}
		q.Budget = b
		after := solveT(t, &q).Compare[0].HighestPct
		if after > before && !near(float64(after), float64(before)) {
			t.Fatalf("budget %+v → %+v raised the highest %% from %v to %v", p.Budget, b, before, after)
		}
	})
}

// TestShuffleChangesNothing: the order of the units changes no figure.
func TestShuffleChangesNothing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProblem(t, 4, 6)
		want := solveT(t, p)
		q := *p
		q.Units = rapid.Permutation(p.Units).Draw(t, "order")
		if diff := cmp.Diff(want, solveT(t, &q)); diff != "" {
			t.Fatalf("shuffled units changed the plan (-before +after):\n%s", diff)
		}
	})
}

// TestNeverWorseThanProRata: the plan scores at least as well as pro rata.
func TestNeverWorseThanProRata(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProblem(t, 4, 8)
		plan := solveT(t, p)
		our, pr := plan.Compare[0], plan.Compare[1]
		a := refScore{float64(our.HighestPct), our.UnitMonthsOver110, our.UnitMonthsOver100, float64(our.RMSPct * our.RMSPct)}
		b := refScore{float64(pr.HighestPct), pr.UnitMonthsOver110, pr.UnitMonthsOver100, float64(pr.RMSPct * pr.RMSPct)}
		if refLess(b, a) {
			t.Fatalf("pro rata %+v beats the plan %+v (%+v against %+v)", pr, our, b, a)
		}
	})
}

// TestPlanKeepsGradeRules builds, for every unit-month after the plan, an
// explicit sharing of the work among the pools in which no work goes to a
// pool that may not hold it (PO-only work to the PO pool alone, PSO work
// to the PO or PSO pool) and no pool carries more than the reported %.
func TestPlanKeepsGradeRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProblem(t, 4, 6)
		plan := solveT(t, p)
		pl := planOf(p, plan)
		idx := map[string]int{}
		for i, u := range p.Units {
			idx[u.Key] = i
		}
		for _, up := range plan.Units {
			i := idx[up.Key]
			u := p.Units[i]
			for m, um := range up.Months {
				l := float64(um.AfterPct) / 100
				if math.IsInf(l, 1) {
					continue
				}
				d, c := u.Demand[m], u.Supply[m]
				pools := [3]float64{c.POPoints, c.PSOPoints, c.PQiP1Points}
				if j := m - p.Budget.FromMonth; j >= 0 {
					pools[0] += float64(pl.po[i]) * p.POPost[j].PO
					pools[1] += float64(pl.pso[i]) * p.PSOPost[j].PSO
				}
				for k, co := range p.Budget.Cohorts {
					if j := m - co.Month; j >= 0 && len(pl.cohort) == 1 {
						tr := p.Trainee[j]
						pools[0] += float64(pl.cohort[k][i]) * tr.PO
						pools[1] += float64(pl.cohort[k][i]) * tr.PSO
						pools[2] += float64(pl.cohort[k][i]) * tr.PQiP1
					}
				}
				// Fill the least qualified pool first with the least
				// restricted work, then pass what is left up.
				room := func(k int) float64 { return l*pools[k]*(1+1e-9) + 1e-6 }
				q1 := d.PQiP1Points
				toPQiP1 := math.Min(q1, room(2))
				rest := q1 - toPQiP1 + d.PSOPoints + d.ReportPoints + d.CMSPoints
				toPSO := math.Min(rest, room(1))
				toPO := rest - toPSO + d.POOnlyPoints
				if toPO > room(0) {
					t.Fatalf("unit %s month %d: the PO pool would carry %.1f points against %.1f at the reported %.1f%%: a grade rule would break",
						up.Key, m, toPO, pools[0]*l, l*100)
				}
			}
		}
	})
}

// TestGreedyKeepsHighestExact runs the greedy search of the later levels
// (the exact one given no room): the highest % is still the brute
// force's, and a plan marked optimal (nothing left to search) is.
func TestGreedyKeepsHighestExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProblem(t, 3, 4)
		plan, err := staffing.SolveLimited(p, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := refEval(p, planOf(p, plan))
		want := bruteForce(p)
		if !near(got.highest, want.highest) {
			t.Fatalf("highest %v, brute force %v", got.highest, want.highest)
		}
		if plan.Status == staffing.Optimal && (refLess(want, got) || refLess(got, want)) {
			t.Fatalf("status optimal from the greedy search but score %+v, brute force %+v", got, want)
		}
	})
}
