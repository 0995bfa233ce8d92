package allocation_test

import (
	"context"
	"flag"
	"testing"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/internal/synth"
)

var gapSources = flag.Bool("gapsources", false, "TestGapSources: split the gap of region and rebalance (seconds)")

// TestGapSources logs where the gap of FlowSearch's result to the
// relaxation's bound lies (allocation.SplitGap) on the region and
// rebalance shapes (team scope, synth seed 1), and how much of it no
// allocation of whole cases can close. It checks that the split adds up.
// Run with go test -run GapSources -gapsources -v ./allocation.
func TestGapSources(t *testing.T) {
	if !*gapSources {
		t.Skip("run with -gapsources")
	}
	ctx := context.Background()
	for _, name := range []string{"region", "rebalance"} {
		size, _ := synth.SizeNamed(name)
		in := synth.Generate(size, 1)
		p := in.Problem()
		if name == "rebalance" {
			p = in.Rebalance()
		}
		res, err := allocation.Solve(ctx, p, teamScope)
		if err != nil {
			t.Fatal(err)
		}
		g, err := allocation.SplitGap(ctx, p, teamScope, res)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		gap := g.Objective - g.Bound
		if gap != g.ReducedCost+g.Deviation {
			t.Errorf("%s: objective − bound = %d, reduced costs + deviations = %d + %d", name, gap, g.ReducedCost, g.Deviation)
		}
		pct := func(v int64) float64 { return 100 * float64(v) / float64(g.Bound) }
		t.Logf("%s: gap %d (%.4f%%) = reduced costs %d (%.4f%%, %d cases) + deviations %d (%.4f%%, %d practitioners); whole cases add %d (%.4f%%) to the bound, so this allocation is at most %.4f%% above the best",
			name, gap, pct(gap), g.ReducedCost, pct(g.ReducedCost), g.Cases, g.Deviation, pct(g.Deviation), g.Practitioners,
			g.Whole, pct(g.Whole), 100*float64(gap-g.Whole)/float64(g.Bound+g.Whole))
	}
}
