package allocation

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/probationkit/probation/internal/mcf"
)

// relaxation is the solved min-cost flow relaxation: the cases may be split
// between practitioners.
type relaxation struct {
	status mcf.Status
	bound  int64 // LP optimum plus the constant penalty of the loads outside the problem
	iters  int
	// frac[a] is the flow on eligible pair a, in units of g points; dummy
	// is the flow of each case left unplaced.
	frac  []int64
	dummy []int64
	g     int64
	cost  int64 // raw flow cost
	// load[i] is practitioner i's load in the relaxation: the load
	// outside the problem plus the points the flow gives them.
	load []int64
	// mu[i] is the flow's marginal penalty per unit of g points at
	// practitioner i (the sink's potential less i's), a subgradient of
	// P_i at i's relaxed load; nu[j] is case j's value per unit (the
	// sink's potential less j's). The reduced cost of pair (i, j) per
	// unit is g·c_ij + mu[i] − nu[j] ≥ 0, zero where the flow uses it.
	mu []int64
	nu []int64
}

// flowMode selects the costs of the relaxation.
type flowMode uint8

const (
	flowCost     flowMode = iota // the objective: pair costs, overload bands, unplaced charge
	flowFeasible                 // MinMax oracle: zero costs, unplaced costs 1 per unit
)

// relax builds and solves the relaxation (optimizer.md §1):
//
//	case j ──(w_j/g units, c_ij·g per unit)──► practitioner i ──(lattice bands)──► sink
//
// Points are counted in units of g, the greatest common divisor of the
// case weights; practitioner i's arcs to the sink carry, run by run, the
// exact marginal penalty P_i(L_i + k·g) − P_i(L_i + (k−1)·g) of its k-th
// unit (convex, so the runs come in rising cost order [AMO93 ch. 14]). When
// every case weighs the same the flow is therefore integral and equals the
// best whole allocation. MaxNew is relaxed to a cap on the points of new
// cases (the MaxNew heaviest cases the practitioner may take), and when a
// hard limit may bind each case also has an arc to the sink at the
// unplaced charge. caps, if not nil, adds an absolute load ceiling per
// practitioner (MinMax).
//
// A problem of several independent parts (parts.go) is relaxed part by
// part, on every core (relaxParts): the relaxation is the same, the flows
// much smaller. The eligible pairs' arcs come first, added in the
// interleaved order of mcf.NewSpread so that the flow engine can price
// them in place (mcf.Options.InPlace) without a copy of the graph; the
// work is counted on a watch of ctx, and a relaxation stopped by it has
// status Canceled.
func (m *model) relax(ctx context.Context, mode flowMode, caps []int64, progress func(int)) (*relaxation, error) {
	if len(m.parts) > 1 {
		return m.relaxParts(ctx, mode, caps, progress)
	}
	return m.relaxWhole(ctx, mode, caps, progress)
}

// relaxWhole is relax as one flow.
func (m *model) relaxWhole(ctx context.Context, mode flowMode, caps []int64, progress func(int)) (*relaxation, error) {
	nc, np := m.nc(), m.np()
	w := newWatch(ctx)
	lay := m.layout(caps, w)
	if lay == nil {
		return &relaxation{status: mcf.Canceled}, nil
	}
	g := lay.unit
	r := &relaxation{g: g}
	if lay.flowing == 0 {
		r.frac, r.dummy, r.load = make([]int64, len(m.arcP)), make([]int64, nc), slices.Clone(m.load0)
		r.status = mcf.Optimal
		r.bound = m.constantPenalty()
		return r, nil
	}
	canceled := func() (*relaxation, error) {
		r.status = mcf.Canceled
		return r, nil
	}
	gr := mcf.NewGraph(lay.nodes)
	gr.Grow(len(m.arcP) + np*2*m.K + lay.flowing + np)
	for v, s := range lay.supply {
		gr.SetSupply(v, s)
	}
	if !m.emitArcs(lay, mode, caps, w, func(a flowArc) { gr.AddArc(a.from, a.to, a.capacity, a.cost) }) {
		return canceled()
	}
	sp := mcf.NewSpread(gr.NumArcs())
	caseNode, sink, entry := lay.caseNode, lay.sink, lay.flowing

	sol, err := gr.Solve(ctx, &mcf.Options{Progress: progress, InPlace: true})
	gr = nil // its arrays are garbage once the flows are read
	if err != nil {
		return nil, fmt.Errorf("allocation: flow relaxation: %w", err)
	}
	r.status = sol.Status
	r.iters = sol.Iterations
	if sol.Status != mcf.Optimal {
		return r, nil
	}
	r.cost = sol.Cost
	// The pairs' flows, and then the unplaced arcs', from their positions
	// in the spread order (emitArcs).
	pairs := m.flowingPairs(lay)
	ne := len(pairs)
	if pairs == nil {
		ne = len(m.arcP)
	}
	r.frac = make([]int64, len(m.arcP))
	r.load = slices.Clone(m.load0)
	for x := range ne {
		if x%checkEvery == 0 && w.tick(checkEvery) {
			return canceled()
		}
		a := x
		if pairs != nil {
			a = int(pairs[x])
		}
		f := sol.Flow[sp.Pos(x)]
		r.frac[a] = f
		r.load[m.arcP[a]] += f * g
	}
	r.dummy = make([]int64, nc)
	if m.hard || caps != nil {
		x := ne
		for j := range nc {
			if caseNode[j] >= 0 {
				r.dummy[j] = sol.Flow[sp.Pos(x)]
				x++
			}
		}
	}
	r.bound = sol.Cost + m.constantPenalty()
	if sol.Potential != nil {
		r.mu = make([]int64, np)
		r.nu = make([]int64, nc)
		ps := sol.Potential[sink]
		for i := range np {
			r.mu[i] = ps - sol.Potential[entry+i]
		}
		// A case's arcs can carry all its supply, so a case held whole
		// sits on a saturated arc and the solver's potential for it may
		// be its second choice: take the least g·c_ij + mu[i] instead,
		// which prices every arc the flow uses at zero.
		for j := range nc {
			if w.tick(int64(m.start[j+1]-m.start[j]) + 1) {
				return canceled()
			}
			if caseNode[j] < 0 {
				continue
			}
			v := int64(math.MaxInt64)
			for a := m.start[j]; a < m.start[j+1]; a++ {
				v = min(v, m.arcC[a]*g+r.mu[m.arcP[a]])
			}
			r.nu[j] = v
		}
	}
	return r, nil
}

// layout is the shape of the relaxation's network. Nodes are the cases
// that flow (more than zero points and at least one eligible pair), in
// case ID order; then every practitioner, in ID order; then the sink;
// then, when a hard limit can bind, one gate node per practitioner with a
// MaxNew limit.
type layout struct {
	unit     int64   // points per unit of flow: gcd of the flowing cases' points
	flowing  int     // cases that flow: more than zero points and an eligible pair
	nodes    int     // all nodes
	sink     int     // the sink; practitioner i is node flowing+i
	caseNode []int32 // node of model case j, -1 if it does not flow
	gate     []int32 // gate node of practitioner i, -1 if none
	newUnits []int64 // relaxed MaxNew capacity of each gate (relaxedNew)
	supply   []int64 // per node
}

// layout numbers the relaxation's nodes and works out their supplies.
// caps (MinMax ceilings) do not change the layout, only the arcs. It
// returns nil when w stops it.
func (m *model) layout(caps []int64, w *watch) *layout {
	nc, np := m.nc(), m.np()
	lay := &layout{caseNode: make([]int32, nc), gate: make([]int32, np)}
	var g int64
	for j := range nc {
		lay.caseNode[j] = -1
		if m.w[j] > 0 && m.start[j+1] > m.start[j] {
			g = gcd(g, m.w[j])
			lay.caseNode[j] = int32(lay.flowing)
			lay.flowing++
		}
	}
	lay.sink = lay.flowing + np
	lay.nodes = lay.sink + 1
	for i := range lay.gate {
		lay.gate[i] = -1
	}
	if lay.flowing == 0 {
		lay.supply = make([]int64, lay.nodes)
		return lay
	}
	if m.hard {
		for i := range np {
			if m.maxNew[i] > 0 {
				lay.gate[i] = int32(lay.nodes)
				lay.nodes++
			}
		}
	}
	lay.unit = m.unit
	if lay.unit <= 0 {
		lay.unit = m.flowUnit(g, lay.nodes)
	}
	if m.hard {
		if lay.newUnits = m.relaxedNew(lay.unit, w); lay.newUnits == nil {
			return nil
		}
	}
	lay.supply = make([]int64, lay.nodes)
	var total int64
	for j, v := range lay.caseNode {
		if v >= 0 {
			lay.supply[v] = m.w[j] / lay.unit
			total += m.w[j] / lay.unit
		}
	}
	lay.supply[lay.sink] = -total
	return lay
}

// flowArc is one arc of the relaxation: from, to, capacity in units
// (mcf.Inf for none) and cost per unit; for an arcAssign arc, pair is its
// eligible pair and j its case; for arcUnplaced, j its case.
type flowArc struct {
	from, to       int
	capacity, cost int64
	kind           arcKind
	pair           int32
	j              int
}

// arcKind says what an arc of the relaxation stands for.
type arcKind uint8

const (
	arcAssign   arcKind = iota + 1 // case → practitioner (or gate): the part of a case given to them
	arcUnplaced                    // case → sink: the part left unplaced, when a hard limit can bind
	arcGate                        // gate → practitioner: MaxNew relaxed to units
	arcLoad                        // practitioner → sink: a run of units of equal marginal penalty
)

// emitArcs calls arc for every arc of the relaxation. The arcs are, in
// the order that numbers them: the arcAssign arc of every eligible pair
// of a flowing case, in pair order (flowingPairs); then, when a hard limit
// may bind, the arcUnplaced arc of every flowing case, case by case; then
// practitioner by practitioner the arcGate arc if any and the arcLoad
// arcs in rising cost order. emitArcs calls arc in the interleaved order
// of mcf.NewSpread over all of them, so that arc number x is the
// mcf.Spread.Pos(x)-th call. mode flowFeasible zeroes the
// costs, charges 1 per unplaced unit and gives each practitioner one arc
// to the sink up to their ceiling. It counts its work on w and reports
// false when w stops it.
func (m *model) emitArcs(lay *layout, mode flowMode, caps []int64, w *watch, arc func(flowArc)) bool {
	g := lay.unit
	hard := m.hard || caps != nil
	// pairs lists the flowing cases' pairs, caseOf[a] is the case of pair
	// a, and flowing lists the flowing cases when they have unplaced arcs.
	pairs := m.flowingPairs(lay)
	caseOf := make([]int32, len(m.arcP))
	var flowing []int32
	for j := range m.nc() {
		for a := m.start[j]; a < m.start[j+1]; a++ {
			caseOf[a] = int32(j)
		}
		if hard && lay.caseNode[j] >= 0 {
			flowing = append(flowing, int32(j))
		}
	}
	// The practitioners' arcs, in order: at most a gate and, per band
	// above the load outside the problem, a run and a unit that straddles
	// its breakpoint.
	bound := 0
	for i := range m.np() {
		bound += 1 + 2*m.K
		for _, b := range m.bp[i*m.K : (i+1)*m.K] {
			if b <= m.load0[i] {
				bound -= 2
			}
		}
	}
	tail := make([]flowArc, 0, bound)
	for i := range m.np() {
		from := lay.flowing + i
		if lay.gate[i] >= 0 {
			tail = append(tail, flowArc{from: int(lay.gate[i]), to: from, capacity: lay.newUnits[i], kind: arcGate, pair: -1, j: -1})
		}
		h := m.hcap[i]
		if caps != nil {
			h = min(h, caps[i])
		}
		load := func(units, cost int64) {
			tail = append(tail, flowArc{from: from, to: lay.sink, capacity: units, cost: cost, kind: arcLoad, pair: -1, j: -1})
		}
		if mode == flowFeasible {
			c := mcf.Inf
			if h < noCap {
				c = max(0, (h-m.load0[i])/g)
			}
			load(c, 0)
			continue
		}
		m.sinkArcs(i, g, h, load)
	}
	if w.tick(int64(len(caseOf))/4 + int64(len(tail))) {
		return false
	}
	ne, nu := len(pairs), len(flowing)
	if pairs == nil {
		ne = len(m.arcP)
	}
	n := ne + nu + len(tail)
	k := mcf.NewSpread(n).Stride()
	for first := 0; first < k; first++ {
		for x := first; x < n; x += k {
			switch {
			case x < ne:
				a := x
				if pairs != nil {
					a = int(pairs[x])
				}
				j := int(caseOf[a])
				i := int(m.arcP[a])
				to := lay.flowing + i
				if lay.gate[i] >= 0 && m.isNew(j, i) {
					to = int(lay.gate[i])
				}
				c := m.arcC[a] * g
				if mode == flowFeasible {
					c = 0
				}
				arc(flowArc{from: int(lay.caseNode[j]), to: to, capacity: m.w[j] / g, cost: c, kind: arcAssign, pair: int32(a), j: j})
			case x < ne+nu:
				j := int(flowing[x-ne])
				c := m.unplaced * g
				if mode == flowFeasible {
					c = 1
				}
				arc(flowArc{from: int(lay.caseNode[j]), to: lay.sink, capacity: m.w[j] / g, cost: c, kind: arcUnplaced, pair: -1, j: j})
			default:
				arc(tail[x-ne-nu])
			}
		}
		if w.tick(int64(n/k) + 1) {
			return false
		}
	}
	return true
}

// flowingPairs lists, in order, the eligible pairs of the cases that flow
// in the relaxation: the pairs with an arcAssign arc. It returns nil when
// they are all the pairs (pair a is then the a-th).
func (m *model) flowingPairs(lay *layout) []int32 {
	n := 0
	for j := range m.nc() {
		if lay.caseNode[j] >= 0 {
			n += int(m.start[j+1] - m.start[j])
		}
	}
	if n == len(m.arcP) {
		return nil
	}
	out := make([]int32, 0, n)
	for j := range m.nc() {
		if lay.caseNode[j] >= 0 {
			for a := m.start[j]; a < m.start[j+1]; a++ {
				out = append(out, a)
			}
		}
	}
	return out
}

// constantPenalty is Σ_i P_i(load outside the problem).
func (m *instance) constantPenalty() int64 {
	var s int64
	for i := range m.avail {
		s += m.penalty(i, m.load0[i])
	}
	return s
}

// relaxedNew returns, per practitioner with a MaxNew limit, the most units
// of new cases it could receive: the sum of its MaxNew heaviest new cases;
// -1 where there is no limit; nil when w stops it.
func (m *model) relaxedNew(g int64, w *watch) []int64 {
	np := m.np()
	out := make([]int64, np)
	ws := make([][]int64, np)
	for i := range np {
		out[i] = -1
	}
	for j := range m.nc() {
		if w.tick(int64(m.start[j+1]-m.start[j]) + 1) {
			return nil
		}
		if m.w[j] == 0 {
			continue
		}
		for a := m.start[j]; a < m.start[j+1]; a++ {
			i := m.arcP[a]
			if m.maxNew[i] > 0 && m.isNew(j, int(i)) {
				ws[i] = append(ws[i], m.w[j])
			}
		}
	}
	for i := range np {
		if m.maxNew[i] == 0 {
			continue
		}
		l := ws[i]
		slices.SortFunc(l, func(a, b int64) int { return int(b - a) })
		var s int64
		for k := 0; k < len(l) && k < int(m.maxNew[i]); k++ {
			s += l[k]
		}
		out[i] = s / g
	}
	return out
}

// sinkArcs emits practitioner i's arcs to the sink in rising cost order:
// runs of units of g points with equal marginal penalty, starting at the
// load outside the problem and stopping at the ceiling h (noCap: the last
// run is uncapacitated).
func (m *instance) sinkArcs(i int, g, h int64, emit func(units, cost int64)) {
	bp := m.bp[i*m.K : i*m.K+m.K]
	x := m.load0[i]
	var runUnits, runCost int64 = 0, -1
	flush := func() {
		if runUnits > 0 {
			emit(runUnits, runCost)
		}
		runUnits, runCost = 0, -1
	}
	add := func(n, c int64) {
		if n <= 0 {
			return
		}
		if c == runCost && runUnits < mcf.Inf {
			runUnits += n
			return
		}
		flush()
		runUnits, runCost = n, c
	}
	for h >= noCap || x+g <= h {
		// Price of the segment holding x and its upper boundary nb.
		var price int64
		nb := int64(-1)
		for k, b := range bp {
			if x < b {
				nb = b
				break
			}
			price = m.price[k]
		}
		if nb < 0 { // in the last, unbounded band
			if h >= noCap {
				add(mcf.Inf, g*price)
			} else {
				add((h-x)/g, g*price)
			}
			break
		}
		n := (nb - x) / g
		if h < noCap {
			n = min(n, (h-x)/g)
		}
		if n > 0 {
			add(n, g*price)
			x += n * g
			continue
		}
		// One unit straddles a breakpoint.
		add(1, m.penalty(i, x+g)-m.penalty(i, x))
		x += g
	}
	flush()
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// round gives each case of the relaxation its largest part (ties to the
// lowest practitioner ID; the unplaced arc only when strictly largest),
// and returns the whole allocation with the number of split cases. The
// result may break hard limits; repair fixes that.
func (m *model) round(r *relaxation) (*state, int) { return m.roundWatched(r, nil) }

// roundWatched is round counting its pairs on w; it returns nil when w
// stops it.
func (m *model) roundWatched(r *relaxation, w *watch) (*state, int) {
	s := newState(m)
	split := 0
	for j := range m.nc() {
		lo, hi := m.start[j], m.start[j+1]
		if w.tick(int64(hi-lo) + 1) {
			return nil, 0
		}
		if lo == hi || m.w[j] == 0 {
			continue
		}
		best, bestF, parts := int32(-1), r.dummy[j], 0
		if r.dummy[j] > 0 {
			parts++
		}
		for a := lo; a < hi; a++ {
			f := r.frac[a]
			if f > 0 {
				parts++
			}
			if f > bestF || (best < 0 && f == bestF && f > 0) {
				best, bestF = a, f
			}
		}
		if parts > 1 {
			split++
		}
		if best >= 0 {
			s.set(j, best)
		}
	}
	return s, split
}

// placeZero places the zero-point cases (they change no load): each on its
// cheapest eligible practitioner with room under MaxNew, ties to the
// lowest ID.
func (m *model) placeZero(s *state) {
	for j := range m.nc() {
		if m.w[j] != 0 || s.arc[j] >= 0 {
			continue
		}
		best := int32(-1)
		for a := m.start[j]; a < m.start[j+1]; a++ {
			if s.fits(j, int(m.arcP[a])) && (best < 0 || m.arcC[a] < m.arcC[best]) {
				best = a
			}
		}
		if best >= 0 {
			s.set(j, best)
		}
	}
}

// setUnplacedCharge chooses the charge per point for leaving a placeable
// case unplaced: minUnplaced (100,000), or four times the dearest placement per point
// (the dearest pair plus the steepest band) when that is more, so that
// leaving a case unplaced never pays while there is room. It is at most
// maxUnplaced (bounds.go).
func (m *model) setUnplacedCharge() {
	m.unplaced = max(minUnplaced, 4*(m.maxCost+m.price[m.K-1]+1))
}

// flowUnit returns the points per unit of flow of a relaxation on the
// given number of nodes: the largest divisor of g, the common divisor of
// the flowing cases' points, at which every cost per unit (at most the
// unplaced charge per point times the unit) stays within mcf.MaxCost, so
// that the flow engine's bounds on potentials hold. Within the bounds of
// bounds.go that is g itself unless g is in the thousands, and 1 at
// worst. A smaller unit lets the relaxation split cases more finely, so
// its bound stays a lower bound on every whole allocation.
func (m *model) flowUnit(g int64, nodes int) int64 {
	limit := mcf.MaxCost(nodes) / max(m.unplaced, 1)
	if g <= limit {
		return g
	}
	best := int64(1)
	for d := int64(1); d*d <= g; d++ {
		if g%d != 0 {
			continue
		}
		if d <= limit {
			best = max(best, d)
		}
		if e := g / d; e <= limit {
			best = max(best, e)
		}
	}
	return best
}
