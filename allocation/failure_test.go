package allocation_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/probationkit/probation/allocation"
)

var errInjected = errors.New("injected fault")

// TestPhaseFailure fails each phase in turn, by an error and by a panic,
// through the tests' fault hook: Solve must return the best whole
// allocation found before the failure with StatusFailed, and a
// *PhaseError naming the phase that is ErrFailed and wraps the cause;
// only a failure before any whole allocation exists (the model, or the
// only allocation of a naive strategy) returns no Result.
func TestPhaseFailure(t *testing.T) {
	p := generate(shape{cases: 300, practitioners: 20, fill: 1.0, seed: 6})
	phases := []allocation.Phase{allocation.PhaseModel, allocation.PhaseBaseline, allocation.PhaseFlow, allocation.PhaseRound, allocation.PhaseSearch}
	type run struct {
		name string
		s    allocation.Settings
	}
	runs := []run{{"flow-search", *teamScope}, {"greedy", allocation.Settings{Scope: allocation.SameTeam, Strategy: allocation.Greedy}}}
	mm := *teamScope
	mm.Objective = allocation.MinMax
	runs = append(runs, run{"min-max", mm})
	for _, rn := range runs {
		ok, err := allocation.Solve(context.Background(), p, &rn.s)
		if err != nil {
			t.Fatal(err)
		}
		// The objective no failure can make worse: the naive baseline.
		naive := rn.s
		naive.Strategy, naive.Objective = allocation.Greedy, allocation.MinCost
		greedy := solveOrFatal(t, p, &naive)
		for _, ph := range phases {
			for _, panics := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%v/panic=%v", rn.name, ph, panics), func(t *testing.T) {
					s := rn.s
					fault := func(at allocation.Phase) error {
						if at != ph {
							return nil
						}
						if panics {
							panic(errInjected)
						}
						return errInjected
					}
					if s.Strategy != allocation.FlowSearch && ph > allocation.PhaseBaseline {
						t.Skip("a naive strategy has no such phase")
					}
					r, err := allocation.SolveWithFault(context.Background(), p, &s, fault)
					var pe *allocation.PhaseError
					if !errors.As(err, &pe) || pe.Phase != ph || !errors.Is(err, allocation.ErrFailed) || errors.Is(err, allocation.ErrStopped) {
						t.Fatalf("error %v: want a *PhaseError of phase %v that is ErrFailed", err, ph)
					}
					if !panics && !errors.Is(err, errInjected) {
						t.Errorf("error %v does not wrap the cause", err)
					}
					first := ph == allocation.PhaseModel || (ph == allocation.PhaseBaseline && s.Strategy != allocation.FlowSearch)
					switch {
					case first:
						if r != nil {
							t.Fatalf("a Result with status %v; want none: the failure came before any allocation", r.Status)
						}
						return
					case r == nil:
						t.Fatalf("no Result: want the best allocation found before the failure")
					}
					if r.Status != allocation.StatusFailed || !errors.Is(r.Status.Err(), allocation.ErrFailed) {
						t.Errorf("status %v, want failed", r.Status)
					}
					checkInvariants(t, p, &s, r)
					if r.Stats.Objective > greedy.Stats.Objective {
						t.Errorf("objective %d above the greedy allocation's %d", r.Stats.Objective, greedy.Stats.Objective)
					}
					if ph == allocation.PhaseBaseline && s.Objective == allocation.MinCost && r.Stats.Objective != ok.Stats.Objective {
						t.Errorf("the baseline failed, yet the search's objective %d differs from an unfailed run's %d", r.Stats.Objective, ok.Stats.Objective)
					}
				})
			}
		}
	}
}
