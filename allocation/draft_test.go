package allocation_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/internal/synth"
)

// TestDraftedRuns: a run that drafts its Results ahead (as runs of
// 300,000 cases or more do) returns the Result of one that does not, and
// a drafted run stopped in its search returns a whole allocation whose
// figures add up (checkInvariants), finished from the search start's
// draft or from the baseline's.
func TestDraftedRuns(t *testing.T) {
	size, ok := synth.SizeNamed("pdu")
	if !ok {
		t.Fatal("no synth size pdu")
	}
	p := synth.Generate(size, 3).Problem()
	rebalance := synth.Generate(size, 4).Rebalance()
	runs := []struct {
		name string
		p    *allocation.Problem
		s    allocation.Settings
	}{
		{"pdu, team scope", p, allocation.Settings{Scope: allocation.SameTeam}},
		{"pdu, min-max", p, allocation.Settings{Scope: allocation.SameTeam, Objective: allocation.MinMax}},
		{"rebalance, move budget", rebalance, allocation.Settings{Scope: allocation.SameTeam, MoveBudget: 40}},
	}
	for _, run := range runs {
		t.Run(run.name, func(t *testing.T) {
			want, err := allocation.Solve(context.Background(), run.p, &run.s)
			if err != nil {
				t.Fatal(err)
			}
			got, err := allocation.SolveDrafting(context.Background(), run.p, &run.s)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, resultOpts); diff != "" {
				t.Fatalf("drafted run mismatch (-not drafted +drafted):\n%s", diff)
			}
			if diff := cmp.Diff(want.Explanations(), got.Explanations()); diff != "" {
				t.Fatalf("drafted run's explanations mismatch (-not drafted +drafted):\n%s", diff)
			}
			for _, after := range []int{0, 1, 50, 5_000} {
				ctx, cancel := context.WithCancel(context.Background())
				s := run.s
				s.Progress = func(pr allocation.Progress) {
					if pr.Phase == allocation.PhaseSearch && pr.Steps >= after {
						cancel()
					}
				}
				r, err := allocation.SolveDrafting(ctx, run.p, &s)
				cancel()
				if err != nil {
					t.Fatalf("stopped %d steps into the search: %v", after, err)
				}
				if r.Status != allocation.StatusStopped && r.Status != allocation.StatusFeasible && r.Status != allocation.StatusOptimal {
					t.Fatalf("stopped %d steps into the search: status %v", after, r.Status)
				}
				checkInvariants(t, run.p, &s, r)
			}
			// Stopped beside the flow, while the baseline's drafts are
			// made: a naive allocation counts only once drafted, so the
			// run returns a whole Result or none (ErrStopped), never one
			// half drafted.
			for _, delay := range []time.Duration{0, 100 * time.Microsecond, 300 * time.Microsecond, time.Millisecond, 3 * time.Millisecond} {
				ctx, cancel := context.WithCancel(context.Background())
				var once sync.Once
				s := run.s
				s.Progress = func(pr allocation.Progress) {
					if pr.Phase == allocation.PhaseFlow {
						once.Do(func() { time.AfterFunc(delay, cancel) })
					}
				}
				r, err := allocation.SolveDrafting(ctx, run.p, &s)
				cancel()
				if r == nil {
					if !errors.Is(err, allocation.ErrStopped) {
						t.Fatalf("stopped %v into the flow: no Result and error %v", delay, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("stopped %v into the flow: %v", delay, err)
				}
				checkInvariants(t, run.p, &s, r)
			}
		})
	}
}
