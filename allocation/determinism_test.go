package allocation_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/internal/synth"
)

// TestGOMAXPROCS: Solve uses every core (the pair listing, the parts'
// flows, the result) but its Result is the same whatever GOMAXPROCS is.
// The instances are large enough to be split: a region of 30,000 cases,
// in dozens of parts at team scope, and the uneven family's PDU.
func TestGOMAXPROCS(t *testing.T) {
	if testing.Short() {
		t.Skip("region-size solves")
	}
	names := []string{"region", "uneven-pdu"}
	for _, name := range names {
		size, ok := synth.SizeNamed(name)
		if !ok {
			t.Fatalf("no synth size %s", name)
		}
		p := synth.Generate(size, 2).Problem()
		for _, s := range []allocation.Settings{{Scope: allocation.SameTeam}, {Scope: allocation.SamePDU, Objective: allocation.MinMax}} {
			if s.Objective == allocation.MinMax && name == "region" {
				continue // MinMax's bisection on a region takes seconds
			}
			prev := runtime.GOMAXPROCS(0)
			var want *allocation.Result
			var wantEx []allocation.Explanation // want's, worked out with GOMAXPROCS 1
			for _, procs := range []int{1, 2, 4} {
				runtime.GOMAXPROCS(procs)
				got, err := allocation.Solve(context.Background(), p, &s)
				if err != nil {
					runtime.GOMAXPROCS(prev)
					t.Fatal(err)
				}
				if want == nil {
					want, wantEx = got, got.Explanations()
					continue
				}
				if diff := cmp.Diff(want, got, resultOpts); diff != "" {
					runtime.GOMAXPROCS(prev)
					t.Fatalf("%s, scope %v: Solve() with GOMAXPROCS=%d mismatch (-GOMAXPROCS=1 +got):\n%s", name, s.Scope, procs, diff)
				}
				if diff := cmp.Diff(wantEx, got.Explanations()); diff != "" {
					runtime.GOMAXPROCS(prev)
					t.Fatalf("%s, scope %v: Explanations() with GOMAXPROCS=%d mismatch (-GOMAXPROCS=1 +got):\n%s", name, s.Scope, procs, diff)
				}
			}
			runtime.GOMAXPROCS(prev)
		}
	}
}
