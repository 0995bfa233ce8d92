package allocation

import (
	"math"
	"math/big"
	"testing"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/mcf"
	"github.com/probationkit/probation/tiering"
)

// TestBoundsFit checks, with exact arithmetic, the derivation of
// bounds.go: at the largest sizes and values validation accepts, the
// objective of any allocation stays below MaxInt64/3, the flow engine
// accepts a unit of one point, and breakpoints and penalties fit.
func TestBoundsFit(t *testing.T) {
	b := func(x int64) *big.Int { return big.NewInt(x) }
	mul := func(xs ...int64) *big.Int {
		r := big.NewInt(1)
		for _, x := range xs {
			r.Mul(r, b(x))
		}
		return r
	}
	if d := 2 * math.Sqrt2 * maxCoordinate; float64(maxDistance) < d {
		t.Fatalf("maxDistance %d below the diagonal %.1f km", maxDistance, d)
	}
	// The dearest pair: every per-point weight at its bound, at the
	// greatest distance.
	w := Weights{}
	for tm := range w {
		w[tm] = maxUnitCost
	}
	w[Distance], w[Overload] = maxDistanceWeight, 1
	far := pairFacts{ps: profileSets{ok: grades.SetOf(grades.PSO, grades.PO), warn: grades.SetOf(grades.PO)}, c: &Case{Team: "a", Location: caseload.Location{X: -maxCoordinate, Y: -maxCoordinate}, Tier: tiering.MustParseTier("C1")},
		p: &Practitioner{Grade: grades.PO, Team: "b", Location: caseload.Location{X: maxCoordinate, Y: maxCoordinate}}, hist: true, held: true}
	if c := costOf(&far, &w).Total(); c > maxPairCost {
		t.Fatalf("the dearest pair costs %d per point, above maxPairCost %d", c, maxPairCost)
	}
	if u := int64(4 * (maxPairCost + maxBandCost + 1)); u > maxUnplaced {
		t.Fatalf("unplaced charge %d above maxUnplaced %d", u, maxUnplaced)
	}

	// The longest search: its budget, with the work counted before it
	// (descents of a few passes over the pairs; a hundred allowed), stays
	// far inside an int64.
	work := new(big.Int).Add(mul(perturbMax, heldPerturb, maxEffort), mul(100, maxPairs))
	if work.Cmp(b(math.MaxInt64/4)) > 0 {
		t.Errorf("the longest search's work %v passes MaxInt64/4", work)
	}

	W := mul(maxCases, maxPoints)
	loads := mul(maxPractitioners, maxAvailable)
	obj := new(big.Int).Mul(b(maxPairCost), W)
	obj.Add(obj, new(big.Int).Mul(b(maxBandCost), new(big.Int).Add(W, loads)))
	obj.Add(obj, new(big.Int).Mul(b(maxUnplaced), new(big.Int).Add(W, b(maxCases))))
	if limit := b(math.MaxInt64 / 3); obj.Cmp(limit) > 0 {
		t.Errorf("worst objective %v passes MaxInt64/3 = %v", obj, limit)
	}
	t.Logf("worst objective %.3g, MaxInt64/%.1f", float64(obj.Int64()), math.MaxInt64/float64(obj.Int64()))

	nodes := maxCases + 2*maxPractitioners + 1
	if mcf.MaxCost(nodes) < maxUnplaced {
		t.Errorf("mcf.MaxCost(%d) = %d below maxUnplaced %d: a unit of one point would not fit", nodes, mcf.MaxCost(nodes), maxUnplaced)
	}
	bp := mul(maxAvailable, 100+(maxBands-1)*maxBandWidth)
	bp.Quo(bp, b(100))
	pen := new(big.Int).Mul(bp, b(maxBandCost))
	if !bp.IsInt64() || pen.Cmp(b(math.MaxInt64/1024)) > 0 {
		t.Errorf("top breakpoint %v, penalty there %v: too large", bp, pen)
	}
	// Supplies and finite capacities of the flow stay below mcf.Inf.
	flow := mul(maxPoints, maxPairs)
	flow.Add(flow, mul(maxPractitioners, bp.Int64()))
	if flow.Cmp(b(mcf.Inf)) >= 0 {
		t.Errorf("flow bound %v reaches mcf.Inf", flow)
	}
	if maxPairs+maxCases+maxPractitioners*(maxBands+2) > math.MaxInt32/2 {
		t.Errorf("the relaxation's arcs could pass internal/mcf's limit")
	}
}

func TestCeilingLoad(t *testing.T) {
	tests := []struct{ avail, perMille, want int64 }{
		{2176, 1000, 2176},
		{2176, 1105, 2404},
		{0, 1 << 40, 0},
		{maxAvailable, 1000 * (maxCases*maxPoints + maxAvailable + 1), maxAvailable * (maxCases*maxPoints + maxAvailable + 1)},
		{maxAvailable, noCap, noCap},
		{math.MaxInt64, math.MaxInt64, noCap},
		{1000, noCap, noCap},
	}
	for _, tt := range tests {
		if got := ceilingLoad(tt.avail, tt.perMille); got != tt.want {
			t.Errorf("ceilingLoad(%d, %d) = %d, want %d", tt.avail, tt.perMille, got, tt.want)
		}
	}
}

func TestFlowUnit(t *testing.T) {
	m := &model{unplaced: maxUnplaced}
	nodes := maxCases + 2*maxPractitioners + 1
	limit := mcf.MaxCost(nodes) / maxUnplaced
	for _, g := range []int64{1, 7, 100, limit, limit + 1, 2 * 3 * 5 * 7 * 11 * 13, maxPoints} {
		u := m.flowUnit(g, nodes)
		if g%u != 0 || u*maxUnplaced > mcf.MaxCost(nodes) {
			t.Errorf("flowUnit(%d) = %d: not a divisor within the cost bound", g, u)
		}
		for d := u + 1; d <= g; d++ {
			if g%d == 0 && d <= limit {
				t.Errorf("flowUnit(%d) = %d, but %d divides it and fits", g, u, d)
				break
			}
		}
	}
	if u := m.flowUnit(60, 10); u != 60 {
		t.Errorf("flowUnit(60) on a small graph = %d, want 60", u)
	}
}
