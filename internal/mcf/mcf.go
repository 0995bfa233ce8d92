// Package mcf solves minimum-cost flow problems with integer supplies,
// capacities and costs.
//
// A [Graph] is a directed network on nodes 0..n-1. Every node has a supply
// (positive) or a demand (negative); every arc has a lower bound of 0, a
// capacity and a per-unit cost, which may be negative. [Graph.Solve] finds a
// flow that meets every supply and demand exactly, respects the capacities
// and has the least total cost, together with node potentials that certify
// its optimality.
//
// # Algorithm
//
// Solve is a primal network simplex method. It keeps a strongly feasible
// spanning tree (Cunningham 1976), which rules out cycling without any
// anti-cycling bookkeeping, and it selects entering arcs by block search
// pivoting as described by Király and Kovács for LEMON [KK12, K15]. The
// starting basis is the usual artificial one [AMO93, ch. 11]: an extra root
// node joined to every node by an uncapacitated artificial arc of cost M (the
// "big-M" method), with M = (C+1)·(n+1), where C is the largest absolute arc
// cost and n the number of nodes. That value of M is larger than the cost of
// any simple path, so an optimal basis carries flow on an artificial arc only
// when no feasible flow exists. The spanning tree is stored as arrays of
// parent, predecessor arc, preorder thread (with its reverse), subtree size
// and last subtree node, so that each pivot costs time proportional to the
// size of the subtree that moves rather than to the size of the graph.
// Arcs are visited by the pricing loop in a fixed interleaved order
// ([Spread]: consecutive arcs of the input are spread about √m positions
// apart), which makes block search robust against inputs whose arcs are
// grouped by source. Solve copies the arcs into that order, unless the
// caller has added them in it and asks for [Options.InPlace]: the
// graph's own arrays are then the only copy of the problem.
//
// The implementation is single-threaded and deterministic: the same graph
// and options give the same [Solution] on every run and on every machine.
//
// # Numbers
//
// Capacities are non-negative; a capacity of [Inf] or more means
// "uncapacitated". Supplies must sum to zero (balanced problem). Solve checks,
// before pivoting, that the numbers stay in range:
//
//   - (C+1)·(n+1) ≤ MaxInt64/8, where C is the largest |cost| and n the
//     number of nodes, which bounds every node potential and reduced cost
//     the method computes ([MaxCost] gives the largest C for n nodes);
//   - B = Σ positive supplies + Σ finite capacities < Inf, which bounds every
//     arc flow of every basic solution.
//
// If either check fails Solve returns an [*InputError] rather than
// overflowing. The total cost Σ cost×flow of the optimum is summed exactly,
// in 128 bits, and Solve returns an InputError too if it does not fit in
// an int64 (a priori bounds on it, such as C·(n+1)·B, are far too loose
// for large graphs: they would refuse a national allocation whose cost is
// a few hundred million).
//
// # Duals
//
// [Solution.Potential] uses the convention that the reduced cost of arc
// (u,v) is
//
//	cost(u,v) + π(u) − π(v)
//
// At an optimum it is ≥ 0 on every arc whose flow is below its capacity, ≤ 0
// on every arc with positive flow, and therefore 0 on arcs strictly between
// their bounds. Potentials are unique only up to an additive constant per
// connected component, and −π(v) can be read as the marginal cost of one more
// unit of demand at v.
//
// # References
//
//   - [AMO93] R. K. Ahuja, T. L. Magnanti, J. B. Orlin, Network Flows:
//     Theory, Algorithms, and Applications, Prentice Hall, 1993, ch. 11.
//   - [C76] W. H. Cunningham, "A network simplex method", Mathematical
//     Programming 11:105–116, 1976.
//   - [KK12] Z. Király, P. Kovács, "Efficient implementations of minimum-cost
//     flow algorithms", Acta Univ. Sapientiae, Informatica 4(1):67–118, 2012
//     (arXiv:1207.6381).
//   - [K15] P. Kovács, "Minimum-cost flow algorithms: an experimental
//     evaluation", Optimization Methods & Software 30(1):94–127, 2015.
//
// The package does no I/O except the DIMACS codec, [ReadDIMACS] and
// [Graph.WriteDIMACS], which work on an [io.Reader] and an [io.Writer].
package mcf

import (
	"fmt"
	"math"
	"strings"
)

// MaxCost returns the largest |cost| an arc of a graph with the given
// number of nodes may have: the C of the bound (C+1)·(n+1) ≤ MaxInt64/8 on
// potentials (see Numbers in the package documentation). It returns 0 for
// a node count out of range.
func MaxCost(nodes int) int64 {
	if nodes < 0 || nodes > maxNodes {
		return 0
	}
	return math.MaxInt64/8/(int64(nodes)+1) - 1
}

// Inf is the capacity of an uncapacitated arc. Any capacity ≥ Inf is treated
// as uncapacitated. Its value, MaxInt64/4 (about 2.3·10¹⁸), leaves room to
// add two flows or capacities without overflowing int64.
const Inf int64 = math.MaxInt64 / 4

// maxNodes is the largest node count a Graph accepts: node and arc indices
// are stored as int32, and the solver adds one root node.
const maxNodes = math.MaxInt32 - 1

// maxArcs is the largest arc count a Graph accepts: the solver adds one
// artificial arc per node and stores arc indices as int32.
const maxArcs = math.MaxInt32 - maxNodes/2 - 1

// Spread is the interleaved order in which Solve prices the arcs of a
// graph (unless Options.InPlace): with a stride k ≈ √n, items 0, k, 2k, …
// come first, then 1, k+1, 2k+1, …, and so on, so that a pricing block of
// consecutive positions samples arcs from all over the input, however it
// is grouped. A caller that adds arcs in this order, and sets InPlace,
// gets the same pricing without Solve's copy.
type Spread struct {
	stride, q, r int
}

// NewSpread returns the interleaved order of n items.
func NewSpread(n int) Spread {
	k := max(int(math.Ceil(math.Sqrt(float64(n)))), 10)
	return Spread{stride: k, q: n / k, r: n % k}
}

// Stride returns k: the items at positions p and p+1 are k apart, unless
// p ends a run.
func (s Spread) Stride() int { return s.stride }

// Pos returns the position of item a, 0 ≤ a < n, in the order.
func (s Spread) Pos(a int) int {
	start := a % s.stride
	return start*s.q + min(start, s.r) + a/s.stride
}

// Graph is a directed network with integer node supplies and integer arc
// capacities and costs. The zero value is an empty graph with no nodes; use
// [NewGraph] to create one with nodes.
//
// A Graph is not safe for concurrent modification, but Solve only reads it,
// so several goroutines may solve the same unchanging Graph at once (with
// Options.InPlace too: Solve reads the graph's arrays and writes only its
// own).
type Graph struct {
	supply []int64
	src    []int32 // -1 if the endpoint given to AddArc was out of range
	dst    []int32
	capa   []int64
	cost   []int64

	// problems records data errors seen while building the graph (the
	// builder methods have no error result); Solve reports them.
	problems []string
	nProblem int
}

// maxProblems caps the number of problem descriptions kept in an InputError.
const maxProblems = 20

func (g *Graph) problem(format string, args ...any) {
	g.nProblem++
	if len(g.problems) < maxProblems {
		g.problems = append(g.problems, fmt.Sprintf(format, args...))
	}
}

// NewGraph returns a graph with nodes numbered 0..nodes-1, all with supply 0,
// and no arcs. A negative count, or one above 2³¹−2, is recorded as a data
// error that Solve reports, and the graph gets no nodes.
func NewGraph(nodes int) *Graph {
	g := &Graph{}
	if nodes < 0 || nodes > maxNodes {
		g.problem("node count %d out of range [0, %d]", nodes, maxNodes)
		nodes = 0
	}
	g.supply = make([]int64, nodes)
	return g
}

// Grow reserves space for at least arcs more arcs, so that the next arcs
// calls of AddArc do not reallocate. It is only a hint.
func (g *Graph) Grow(arcs int) {
	if arcs <= 0 || arcs > maxArcs {
		return
	}
	n := len(g.src) + arcs
	grow32 := func(s []int32) []int32 {
		if cap(s) >= n {
			return s
		}
		t := make([]int32, len(s), n)
		copy(t, s)
		return t
	}
	grow64 := func(s []int64) []int64 {
		if cap(s) >= n {
			return s
		}
		t := make([]int64, len(s), n)
		copy(t, s)
		return t
	}
	g.src, g.dst = grow32(g.src), grow32(g.dst)
	g.capa, g.cost = grow64(g.capa), grow64(g.cost)
}

// NumNodes returns the number of nodes.
func (g *Graph) NumNodes() int { return len(g.supply) }

// NumArcs returns the number of arcs added so far.
func (g *Graph) NumArcs() int { return len(g.src) }

// SetSupply sets the supply of node v: positive for a source, negative for a
// demand (sink), zero for a transshipment node. An out-of-range v is
// recorded as a data error that Solve reports.
func (g *Graph) SetSupply(v int, supply int64) {
	if v < 0 || v >= len(g.supply) {
		g.problem("SetSupply: node %d out of range [0, %d)", v, len(g.supply))
		return
	}
	g.supply[v] = supply
}

// Supply returns the supply of node v, or 0 if v is out of range.
func (g *Graph) Supply(v int) int64 {
	if v < 0 || v >= len(g.supply) {
		return 0
	}
	return g.supply[v]
}

// AddArc adds an arc from node from to node to with lower bound 0, the given
// capacity (use [Inf] for none) and the given cost per unit of flow, and
// returns its index. Arcs are numbered 0, 1, 2, … in the order they are
// added; parallel arcs and loops are allowed.
//
// AddArc never panics on bad data. An endpoint out of range or a negative
// capacity is recorded as a data error that Solve reports; such an endpoint
// is stored as −1. A capacity above Inf is stored as Inf.
func (g *Graph) AddArc(from, to int, capacity, cost int64) int {
	a := len(g.src)
	if a >= maxArcs {
		g.problem("AddArc: too many arcs (limit %d)", maxArcs)
	}
	n := len(g.supply)
	f, t := int32(-1), int32(-1)
	if from >= 0 && from < n {
		f = int32(from)
	} else {
		g.problem("arc %d: tail node %d out of range [0, %d)", a, from, n)
	}
	if to >= 0 && to < n {
		t = int32(to)
	} else {
		g.problem("arc %d: head node %d out of range [0, %d)", a, to, n)
	}
	if capacity < 0 {
		g.problem("arc %d: negative capacity %d", a, capacity)
	}
	if capacity > Inf {
		capacity = Inf
	}
	g.src = append(g.src, f)
	g.dst = append(g.dst, t)
	g.capa = append(g.capa, capacity)
	g.cost = append(g.cost, cost)
	return a
}

// Arc returns the endpoints, capacity and cost of arc a. It panics if a is
// not an arc index, like an out-of-range slice index.
func (g *Graph) Arc(a int) (from, to int, capacity, cost int64) {
	return int(g.src[a]), int(g.dst[a]), g.capa[a], g.cost[a]
}

// Status is the outcome of [Graph.Solve].
type Status int

const (
	// Optimal means Solution holds a minimum-cost flow and a dual certificate.
	Optimal Status = iota
	// Infeasible means the supplies cannot be routed within the capacities.
	Infeasible
	// Unbounded means the graph has a cycle of negative total cost whose
	// arcs are all uncapacitated, so the cost has no lower bound. It is
	// reported whenever such a cycle exists, even if the supplies also
	// cannot be routed.
	Unbounded
	// Canceled means the context was done before the solver finished.
	Canceled
)

var statusNames = [...]string{"Optimal", "Infeasible", "Unbounded", "Canceled"}

// String returns the name of the status, such as "Optimal".
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Options tunes [Graph.Solve]. A nil *Options or a zero field means the
// default.
type Options struct {
	// BlockSize is the number of arcs the pricing step scans before it
	// takes the best candidate found so far. The default is ⌈√m/4⌉ for m
	// arcs, but at least min(⌈√m⌉, 150) and 10 (LEMON uses ⌈√m⌉; the
	// smaller block is faster on large allocation-shaped graphs).
	BlockSize int

	// CheckEvery is the number of pivots between checks of the context
	// and calls of Progress. The default is 256, which keeps the
	// cancellation latency around a millisecond on a 500,000-arc graph.
	CheckEvery int

	// Progress, if not nil, is called with the number of pivots done so
	// far, at most once every CheckEvery pivots. It must not modify the
	// graph.
	Progress func(iterations int)

	// InPlace makes Solve work on the graph's arrays as they are, in the
	// order the arcs were added, instead of a copy in an interleaved
	// order: it saves the copy (24 bytes per arc) and the mapping back of
	// the flows (8 more), but block pricing is only as good as the
	// order, so use it only when consecutive arcs come from different
	// sources (for example added in the order of NewSpread). The graph
	// must not change while Solve runs.
	InPlace bool
}

// Solution is the result of [Graph.Solve].
type Solution struct {
	// Status says whether the rest of the solution is meaningful.
	Status Status

	// Cost is Σ cost×flow over all arcs. It is meaningful only when
	// Status is Optimal.
	Cost int64

	// Flow holds the flow on each arc, indexed like the arcs of the graph.
	// When Status is Optimal it is a minimum-cost feasible flow; when it
	// is Infeasible or Unbounded, the last basic flow the solver held,
	// which may violate the supplies; when Canceled, nil.
	Flow []int64

	// Potential holds one potential (dual value) per node (nil when
	// Canceled). When Status is Optimal, the reduced cost
	// cost(u,v) + π(u) − π(v) is ≥ 0 on every arc with flow < capacity
	// and ≤ 0 on every arc with flow > 0.
	Potential []int64

	// Iterations is the number of simplex pivots.
	Iterations int
}

// InputError reports why a graph cannot be solved as given: data errors such
// as out-of-range endpoints or negative capacities, unbalanced supplies, or
// numbers too large for the overflow bounds in the package documentation.
type InputError struct {
	// Problems lists the problems found, at most 20 of them.
	Problems []string
	// Omitted counts further problems not listed.
	Omitted int
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("mcf: ill-formed problem: ")
	b.WriteString(strings.Join(e.Problems, "; "))
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "; and %d more", e.Omitted)
	}
	return b.String()
}
