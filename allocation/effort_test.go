package allocation_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/internal/synth"
)

// TestEffort: Settings.Effort 0 is Effort 1, the naive strategies
// ignore it, and more effort still
// gives a whole, valid and repeatable allocation, no further from the
// bound on this small rebalance (synth seed 3: 300 held cases, 10
// practitioners, one leaving; the search keeps its best, so only the
// final polish could end worse). How far more effort goes on a region's
// rebalance is BenchmarkRebalanceEffort's to show: on a problem this
// small the default budget already ends where more would.
func TestEffort(t *testing.T) {
	size := synth.Size{Name: "effort", Cases: 300, Practitioners: 10, Utilisation: 1.15, Spread: 0.30, Departing: true}
	p := synth.Generate(size, 3).Rebalance()
	solve := func(effort int) *allocation.Result {
		t.Helper()
		s := &allocation.Settings{Scope: allocation.SameTeam, Effort: effort}
		r, err := allocation.Solve(context.Background(), p, s)
		if err != nil {
			t.Fatalf("Effort %d: %v", effort, err)
		}
		checkInvariants(t, p, s, r)
		return r
	}
	zero, one, more := solve(0), solve(1), solve(4)
	if diff := cmp.Diff(zero.Assignments, one.Assignments); diff != "" {
		t.Errorf("Effort 0 and 1 allocate differently (-0 +1):\n%s", diff)
	}
	if zero.Stats.Objective != one.Stats.Objective {
		t.Errorf("Effort 0 objective %d, Effort 1 %d: 0 must mean 1", zero.Stats.Objective, one.Stats.Objective)
	}
	if more.Stats.Objective > one.Stats.Objective {
		t.Errorf("Effort 4 objective %d, Effort 1 %d: four times the search ended further from the bound %d", more.Stats.Objective, one.Stats.Objective, one.Stats.Bound)
	}
	if again := solve(4); again.Stats.Objective != more.Stats.Objective || !cmp.Equal(again.Assignments, more.Assignments) {
		t.Errorf("Effort 4 twice: objectives %d and %d, want the same allocation", more.Stats.Objective, again.Stats.Objective)
	}
	t.Logf("gap above the bound: Effort 1 %.4f%%, Effort 4 %.4f%%", one.Stats.GapPercent, more.Stats.GapPercent)

	// The naive strategies ignore it.
	for _, st := range []allocation.Strategy{allocation.Greedy, allocation.Random} {
		var got [2]*allocation.Result
		for k, effort := range []int{0, 7} {
			s := &allocation.Settings{Strategy: st, Scope: allocation.SameTeam, Effort: effort}
			r, err := allocation.Solve(context.Background(), p, s)
			if err != nil {
				t.Fatalf("%v, Effort %d: %v", st, effort, err)
			}
			got[k] = r
		}
		if diff := cmp.Diff(got[0].Assignments, got[1].Assignments); diff != "" {
			t.Errorf("%v allocates differently with Effort 7 (-0 +7):\n%s", st, diff)
		}
	}
}
