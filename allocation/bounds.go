package allocation

import "math/bits"

// Bounds on the input. Solve's validation refuses anything outside them
// with a *probation.ValidationError, and inside them no number Solve
// computes can overflow an int64: not the objective of any allocation,
// not a change of it that the search prices, not a number of the flow
// relaxation. So every input that validation accepts gets a whole
// allocation, at any size up to maxCases × maxPractitioners, as far as
// memory allows. TestBoundsFit checks the derivation below with exact
// arithmetic, and TestExtremeValues solves instances at the bounds.
const (
	// maxCases and maxPractitioners bound a Problem's lists: about eight
	// times the case-holding staff and caseload of England and Wales
	// (about 10,000 practitioners and 240,000 cases, workload.md §4).
	maxCases         = 2_000_000
	maxPractitioners = 80_000
	// maxPairs bounds the candidates of a problem, Σ over cases of the
	// practitioners in the case's scope, an upper bound on its eligible
	// pairs. The flow relaxation numbers its arcs with int32 (at most
	// about 2^30 arcs in internal/mcf, with one artificial arc per
	// node), and a billion pairs already take about 40 GB.
	maxPairs = 1_000_000_000

	// maxPoints bounds a case's points: WMT's dearest case has about 220.
	maxPoints = 10_000
	// maxAvailable bounds a practitioner's Available and Load: a
	// full-time PO has 2,176 available points.
	maxAvailable = 1_000_000
	maxMaxNew    = 1_000_000
	// maxCoordinate bounds |X| and |Y| of a Location in km: far beyond
	// any grid of Great Britain (about 700 km by 1,300 km). Two
	// locations are at most maxDistance km apart.
	maxCoordinate = 10_000
	maxDistance   = 28_285 // ⌈2√2·maxCoordinate⌉

	// maxDistanceWeight bounds Weights[Distance], per km and point, and
	// maxUnitCost every other per-point weight, so that a pair costs at
	// most maxPairCost per point.
	maxDistanceWeight = 1_000
	maxUnitCost       = 10_000
	maxPairCost       = maxDistanceWeight*maxDistance + (int64(numTerms)-2)*maxUnitCost
	// maxBandCost bounds a band's price per point, its Cost times the
	// Overload weight; maxOverloadFactor the weight itself.
	maxBandCost       = 50_000
	maxOverloadFactor = 50_000
	maxBandWidth      = 10_000 // percentage points
	maxBands          = 32
	maxHardCap        = 10_000 // workload %
	// maxEffort bounds Settings.Effort: the search's budget is then at
	// most perturbMax·heldPerturb·maxEffort units of work, about 3·10^11,
	// far inside an int64 (on the rebalance shape, Effort 81 took
	// 18.9 s, so 1,000 is minutes).
	maxEffort = 1_000

	// minUnplaced is the least unplaced charge per point, maxUnplaced the
	// most (setUnplacedCharge).
	minUnplaced = 100_000
	maxUnplaced = 4 * (maxPairCost + maxBandCost + 1)

	// perMille is 100% in the tenths of a percent MinMax's ceilings count
	// in (ceilingLoad).
	perMille = 1000
)

// The derivation. W = Σ case points ≤ maxCases·maxPoints = 2·10¹⁰, and
// the loads outside the problem add at most maxPractitioners·maxAvailable
// = 8·10¹⁰. A pair costs at most maxPairCost ≈ 2.84·10⁷ per point, a band
// at most maxBandCost = 5·10⁴ per point of load, and a placeable case left
// unplaced U·(w + 1) with U ≤ maxUnplaced ≈ 1.14·10⁸. So the objective of
// any allocation is at most
//
//	maxPairCost·W + maxBandCost·(W + loads) + maxUnplaced·(W + maxCases) < 2.9·10¹⁸
//
// below MaxInt64/3, which leaves room for the running sums and
// differences of the search (each at most twice the objective). A
// breakpoint is at most maxAvailable·(100 + (maxBands−1)·maxBandWidth)/100
// ≈ 3.1·10⁹ points and the penalty there at most 1.6·10¹⁴. The flow
// relaxation has at most maxCases + 2·maxPractitioners + 1 nodes, for
// which internal/mcf accepts costs up to mcf.MaxCost ≈ 5.3·10¹¹ per unit
// of flow; a unit of g points costs at most g·maxUnplaced, so the
// relaxation counts points in the largest divisor of their common divisor
// that keeps under it (flowUnit), at worst 1 point. Its supplies and
// finite capacities sum to at most maxPoints·maxPairs + the breakpoints,
// far below mcf.Inf. MinMax's ceilings are computed with ceilingLoad,
// which saturates instead of overflowing.

// ceilingLoad returns ⌊avail·tenths/1000⌋, the load of a practitioner
// with avail points at a workload ceiling given in tenths of a percent,
// or noCap when that passes noCap (avail, tenths ≥ 0).
func ceilingLoad(avail, tenths int64) int64 {
	hi, lo := bits.Mul64(uint64(avail), uint64(tenths))
	if hi >= perMille {
		return noCap
	}
	q, _ := bits.Div64(hi, lo, perMille)
	return min(int64(q), noCap)
}
