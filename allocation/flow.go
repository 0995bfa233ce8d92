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
func (m *model) relax(ctx context.Context, mode flowMode, caps []int64, progress func(int)) (*relaxation, error) {
	nc, np := m.nc(), m.np()
	lay := m.layout(caps)
	g := lay.unit
	r := &relaxation{frac: make([]int64, len(m.arcP)), dummy: make([]int64, nc), g: g}
	if lay.flowing == 0 {
		r.status = mcf.Optimal
		r.bound = m.constantPenalty()
		return r, nil
	}
	gr := mcf.NewGraph(lay.nodes)
	gr.Grow(len(m.arcP) + np*2*m.K + lay.flowing + np)
	for v, s := range lay.supply {
		gr.SetSupply(v, s)
	}
	arcID := make([]int32, len(m.arcP))
	dummyID := make([]int32, nc)
	for j := range dummyID {
		dummyID[j] = -1
	}
	m.emitArcs(lay, mode, caps, func(a flowArc) {
		id := int32(gr.AddArc(a.from, a.to, a.capacity, a.cost))
		switch a.kind {
		case arcAssign:
			arcID[a.pair] = id
		case arcUnplaced:
			dummyID[a.j] = id
		}
	})
	caseNode, sink, entry := lay.caseNode, lay.sink, lay.flowing

	opt := &mcf.Options{Progress: progress}
	sol, err := gr.Solve(ctx, opt)
	if err != nil {
		return nil, fmt.Errorf("allocation: flow relaxation: %w", err)
	}
	r.status = sol.Status
	r.iters = sol.Iterations
	if sol.Status != mcf.Optimal {
		return r, nil
	}
	r.cost = sol.Cost
	for j := range nc {
		if caseNode[j] < 0 {
			continue
		}
		for a := m.start[j]; a < m.start[j+1]; a++ {
			r.frac[a] = sol.Flow[arcID[a]]
		}
		if dummyID[j] >= 0 {
			r.dummy[j] = sol.Flow[dummyID[j]]
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
// caps (MinMax ceilings) do not change the layout, only the arcs.
func (m *model) layout(caps []int64) *layout {
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
	lay.unit = m.flowUnit(g, lay.nodes)
	if m.hard {
		lay.newUnits = m.relaxedNew(lay.unit)
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

// emitArcs calls arc for every arc of the relaxation, case by case (its
// arcAssign arcs in practitioner order, then its arcUnplaced arc if any),
// then practitioner by practitioner (the arcGate arc if any, then the
// arcLoad arcs in rising cost order). mode flowFeasible zeroes the costs,
// charges 1 per unplaced unit and gives each practitioner one arc to the
// sink up to their ceiling.
func (m *model) emitArcs(lay *layout, mode flowMode, caps []int64, arc func(flowArc)) {
	g := lay.unit
	hard := m.hard || caps != nil
	for j, v := range lay.caseNode {
		if v < 0 {
			continue
		}
		u := m.w[j] / g
		for a := m.start[j]; a < m.start[j+1]; a++ {
			i := int(m.arcP[a])
			to := lay.flowing + i
			if lay.gate[i] >= 0 && m.isNew(j, i) {
				to = int(lay.gate[i])
			}
			c := m.arcC[a] * g
			if mode == flowFeasible {
				c = 0
			}
			arc(flowArc{from: int(v), to: to, capacity: u, cost: c, kind: arcAssign, pair: a, j: j})
		}
		if hard {
			c := m.unplaced * g
			if mode == flowFeasible {
				c = 1
			}
			arc(flowArc{from: int(v), to: lay.sink, capacity: u, cost: c, kind: arcUnplaced, pair: -1, j: j})
		}
	}
	for i := range m.np() {
		from := lay.flowing + i
		if lay.gate[i] >= 0 {
			arc(flowArc{from: int(lay.gate[i]), to: from, capacity: lay.newUnits[i], kind: arcGate, pair: -1, j: -1})
		}
		h := m.hcap[i]
		if caps != nil {
			h = min(h, caps[i])
		}
		load := func(units, cost int64) {
			arc(flowArc{from: from, to: lay.sink, capacity: units, cost: cost, kind: arcLoad, pair: -1, j: -1})
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
}

// constantPenalty is Σ_i P_i(load outside the problem).
func (m *instance) constantPenalty() int64 {
	var s int64
	for i := range m.practitioners {
		s += m.penalty(i, m.load0[i])
	}
	return s
}

// relaxedNew returns, per practitioner with a MaxNew limit, the most units
// of new cases it could receive: the sum of its MaxNew heaviest new cases;
// -1 where there is no limit.
func (m *model) relaxedNew(g int64) []int64 {
	np := m.np()
	out := make([]int64, np)
	ws := make([][]int64, np)
	for i := range np {
		out[i] = -1
	}
	for j := range m.nc() {
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
func (m *model) round(r *relaxation) (*state, int) {
	s := newState(m)
	split := 0
	for j := range m.nc() {
		lo, hi := m.start[j], m.start[j+1]
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
// case unplaced: 100,000, or four times the dearest placement per point
// (the dearest pair plus the steepest band) when that is more, so that
// leaving a case unplaced never pays while there is room. It is at most
// maxUnplaced (bounds.go).
func (m *model) setUnplacedCharge() {
	var maxC int64
	for _, c := range m.arcC {
		maxC = max(maxC, c)
	}
	m.unplaced = max(100_000, 4*(maxC+m.price[m.K-1]+1))
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
