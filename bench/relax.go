package bench

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/probationkit/probation/allocation"
)

// Network is the min-cost flow relaxation that allocation's FlowSearch
// strategy solves for the MinCost objective, node for node and arc for
// arc, for export to other solvers (DIMACS min-cost flow, CPLEX LP) and
// for checking that their optimum equals Stats.Bound.
//
// Relaxation builds it from allocation's public API only (the eligible
// pairs and their costs from Result.Candidates, the bands, capacities and
// hard limits from the Problem and Settings), independently of the
// allocation package's own construction, so that an external solver's
// optimum equal to Stats.Bound checks both.
//
// Flow is counted in units of Unit points: a case of w points is a node
// with supply w/Unit, and a practitioner's load above the points held
// outside the problem (Practitioner.Load) leaves through their ArcLoad
// arcs, whose costs are the exact marginal overload penalties of each
// unit. The least cost of a flow that meets every supply, plus Offset, is
// Stats.Bound of a FlowSearch run of the same problem and settings.
//
// Nodes: the cases that flow (more than zero points and at least one
// eligible practitioner), in case ID order; then every practitioner, in
// ID order; then the sink; then, when a hard limit can bind, one gate node
// per practitioner with a MaxNew limit. Arcs come case by case (the case's
// ArcAssign arcs in practitioner ID order, then its ArcUnplaced arc if
// any), then practitioner by practitioner (the ArcGate arc if any, then
// the ArcLoad arcs in rising cost order).
type Network struct {
	// Supply holds each node's supply in units: positive for a case,
	// minus the total for the sink, zero otherwise.
	Supply []int64
	Arcs   []Arc
	Sink   int

	// CaseNode maps an index of Problem.Cases to its node, or -1 for a
	// case that does not flow. PractitionerNode maps an index of
	// Problem.Practitioners to its node (-1 when no case flows at all).
	CaseNode         []int
	PractitionerNode []int

	// Unit is the points of one unit of flow: the greatest common divisor
	// of the points of the cases that flow (0 when none does).
	Unit int64
	// Offset is Σ penalty(Practitioner.Load): the constant that turns the
	// flow's least cost into Stats.Bound.
	Offset int64
	// Unplaced is the charge per point of an ArcUnplaced arc
	// (Stats.UnplacedPerPoint).
	Unplaced int64
}

// Arc is one arc of a Network. Its lower bound is 0.
type Arc struct {
	From, To int
	// Capacity is in units of flow; Uncapacitated means no limit.
	Capacity int64
	// Cost is per unit of flow.
	Cost int64
	Kind ArcKind
	// Case is the index in Problem.Cases of an ArcAssign or ArcUnplaced
	// arc's case, -1 otherwise; Practitioner the index in
	// Problem.Practitioners of an ArcAssign, ArcGate or ArcLoad arc's
	// practitioner, -1 for ArcUnplaced.
	Case, Practitioner int
}

// Uncapacitated is the Capacity of an arc with no upper bound.
const Uncapacitated int64 = -1

// ArcKind says what an arc of a Network stands for.
type ArcKind uint8

// The arc kinds.
const (
	// ArcAssign carries the part of a case given to a practitioner, to
	// their node or, when the case would be new to them and they have a
	// MaxNew limit, to their gate node; cost per point times Unit.
	ArcAssign ArcKind = iota + 1
	// ArcUnplaced carries the part of a case left unplaced, to the sink;
	// present only when a hard limit (HardCap or MaxNew) can bind.
	ArcUnplaced
	// ArcGate joins a practitioner's gate node to their node; its
	// capacity is MaxNew relaxed to the units of their MaxNew heaviest
	// new cases.
	ArcGate
	// ArcLoad is a run of units of a practitioner's load with the same
	// marginal overload penalty, to the sink.
	ArcLoad
)

var arcKindNames = [...]string{"", "assign", "unplaced", "gate", "load"}

// String returns "assign", "unplaced", "gate" or "load".
func (k ArcKind) String() string {
	if k >= ArcAssign && k <= ArcLoad {
		return arcKindNames[k]
	}
	return fmt.Sprintf("ArcKind(%d)", uint8(k))
}

// Relaxation returns the relaxation that FlowSearch solves for p under s
// (nil means the defaults), without solving it; s.Strategy is ignored.
// It returns Solve's errors for a bad problem or settings, and an error
// for the MinMax objective, whose bound comes from a relaxation under a
// ceiling found by bisection.
func Relaxation(p *allocation.Problem, s *allocation.Settings) (*Network, error) {
	if p == nil {
		return nil, errors.New("bench: nil Problem")
	}
	var set allocation.Settings
	if s != nil {
		set = *s
	}
	if set.Objective != allocation.MinCost {
		return nil, fmt.Errorf("bench: Relaxation supports the min_cost objective only, not %v", set.Objective)
	}
	set.Strategy, set.TimeLimit, set.Progress = allocation.Greedy, 0, nil
	res, err := allocation.Solve(context.Background(), p, &set)
	if err != nil {
		return nil, err
	}
	return relaxationOf(p, &set, res)
}

// pair is an eligible pair: a practitioner (index in ID order) and the
// cost per point.
type pair struct {
	i    int
	cost int64
}

func relaxationOf(p *allocation.Problem, s *allocation.Settings, res *allocation.Result) (*Network, error) {
	byID := func(n int, id func(int) string) []int {
		ord := make([]int, n)
		for k := range ord {
			ord[k] = k
		}
		slices.SortStableFunc(ord, func(a, b int) int { return cmp.Compare(id(a), id(b)) })
		return ord
	}
	cord := byID(len(p.Cases), func(k int) string { return p.Cases[k].ID })
	pord := byID(len(p.Practitioners), func(k int) string { return p.Practitioners[k].ID })
	pidx := make(map[string]int, len(pord))
	for i, k := range pord {
		pidx[p.Practitioners[k].ID] = i
	}
	np := len(pord)

	// Eligible pairs and their costs per point, from the candidates.
	pairs := make([][]pair, len(cord))
	var unit int64
	for j, k := range cord {
		c := &p.Cases[k]
		cands, _ := res.Candidates(c.ID)
		for _, cd := range cands {
			if !cd.Eligible || c.Points == 0 {
				continue
			}
			perPoint := (cd.Cost.Total() - cd.Cost[allocation.Overload]) / int64(c.Points)
			pairs[j] = append(pairs[j], pair{pidx[cd.PractitionerID], perPoint})
		}
		slices.SortFunc(pairs[j], func(a, b pair) int { return cmp.Compare(a.i, b.i) })
		if len(pairs[j]) > 0 {
			unit = gcd(unit, int64(c.Points))
		}
	}

	// Penalty bands and hard limits, as the package documentation defines
	// them.
	bands := s.Bands
	if bands == nil {
		bands = allocation.DefaultBands()
	}
	weights := allocation.DefaultWeights()
	if s.Weights != nil {
		weights = *s.Weights
	}
	K := len(bands)
	price := make([]int64, K)
	cum := make([]int64, K)
	var width int64
	for k, b := range bands {
		price[k] = b.Cost * weights[allocation.Overload]
		cum[k] = width
		width += int64(b.Width)
	}
	isNew := func(j, i int) bool { return p.Cases[cord[j]].Current != p.Practitioners[pord[i]].ID }
	load0 := make([]int64, np)
	before := make([]int64, np)
	avail := make([]int64, np)
	hcap := make([]int64, np)
	hard := false
	for i, k := range pord {
		x := &p.Practitioners[k]
		load0[i], before[i], avail[i] = int64(x.Load), int64(x.Load), int64(x.Available)
		hard = hard || x.MaxNew > 0
	}
	for _, k := range cord {
		if cur := p.Cases[k].Current; cur != "" {
			before[pidx[cur]] += int64(p.Cases[k].Points)
		}
	}
	for i := range hcap {
		hcap[i] = -1 // none
		if s.HardCap > 0 {
			hcap[i] = max(avail[i]*int64(s.HardCap)/100, before[i])
			hard = true
		}
	}
	bp := func(i, k int) int64 { return avail[i] * (100 + cum[k]) / 100 }
	penalty := func(i int, x int64) int64 {
		var pen int64
		for k := range K {
			lo := bp(i, k)
			if x <= lo {
				break
			}
			hi := x
			if k+1 < K {
				hi = min(x, bp(i, k+1))
			}
			pen += price[k] * (hi - lo)
		}
		return pen
	}

	nw := &Network{
		CaseNode:         make([]int, len(p.Cases)),
		PractitionerNode: make([]int, len(p.Practitioners)),
		Unit:             unit,
		Unplaced:         res.Stats.UnplacedPerPoint,
	}
	for i := range np {
		nw.Offset += penalty(i, load0[i])
	}
	for k := range nw.CaseNode {
		nw.CaseNode[k] = -1
	}
	for k := range nw.PractitionerNode {
		nw.PractitionerNode[k] = -1
	}
	if unit == 0 {
		nw.Supply = []int64{0}
		return nw, nil
	}
	flowing := 0
	node := make([]int, len(cord))
	for j, k := range cord {
		node[j] = -1
		if len(pairs[j]) > 0 && p.Cases[k].Points > 0 {
			node[j] = flowing
			nw.CaseNode[k] = flowing
			flowing++
		}
	}
	nw.Sink = flowing + np
	nodes := nw.Sink + 1
	for i, k := range pord {
		nw.PractitionerNode[k] = flowing + i
	}
	// MaxNew relaxed to the units of the MaxNew heaviest new cases.
	gate := make([]int, np)
	newUnits := make([]int64, np)
	for i := range gate {
		gate[i] = -1
	}
	if hard {
		ws := make([][]int64, np)
		for j := range cord {
			if node[j] < 0 {
				continue
			}
			for _, pr := range pairs[j] {
				if p.Practitioners[pord[pr.i]].MaxNew > 0 && isNew(j, pr.i) {
					ws[pr.i] = append(ws[pr.i], int64(p.Cases[cord[j]].Points))
				}
			}
		}
		for i, k := range pord {
			if n := p.Practitioners[k].MaxNew; n > 0 {
				slices.SortFunc(ws[i], func(a, b int64) int { return cmp.Compare(b, a) })
				var sum int64
				for _, w := range ws[i][:min(n, len(ws[i]))] {
					sum += w
				}
				newUnits[i] = sum / unit
				gate[i] = nodes
				nodes++
			}
		}
	}
	nw.Supply = make([]int64, nodes)
	var total int64
	for j, k := range cord {
		if node[j] >= 0 {
			u := int64(p.Cases[k].Points) / unit
			nw.Supply[node[j]] = u
			total += u
		}
	}
	nw.Supply[nw.Sink] = -total

	for j, k := range cord {
		if node[j] < 0 {
			continue
		}
		u := int64(p.Cases[k].Points) / unit
		for _, pr := range pairs[j] {
			to := flowing + pr.i
			if gate[pr.i] >= 0 && isNew(j, pr.i) {
				to = gate[pr.i]
			}
			nw.Arcs = append(nw.Arcs, Arc{From: node[j], To: to, Capacity: u, Cost: pr.cost * unit, Kind: ArcAssign, Case: k, Practitioner: pord[pr.i]})
		}
		if hard {
			nw.Arcs = append(nw.Arcs, Arc{From: node[j], To: nw.Sink, Capacity: u, Cost: nw.Unplaced * unit, Kind: ArcUnplaced, Case: k, Practitioner: -1})
		}
	}
	for i, k := range pord {
		from := flowing + i
		if gate[i] >= 0 {
			nw.Arcs = append(nw.Arcs, Arc{From: gate[i], To: from, Capacity: newUnits[i], Kind: ArcGate, Case: -1, Practitioner: k})
		}
		// Runs of units of equal marginal penalty, from the load outside
		// the problem to the hard cap (or unbounded).
		x, h := load0[i], hcap[i]
		var runUnits, runCost int64 = 0, -1
		flush := func() {
			if runUnits != 0 {
				nw.Arcs = append(nw.Arcs, Arc{From: from, To: nw.Sink, Capacity: runUnits, Cost: runCost, Kind: ArcLoad, Case: -1, Practitioner: k})
			}
			runUnits, runCost = 0, -1
		}
		add := func(n, c int64) {
			if n == 0 {
				return
			}
			if c == runCost && runUnits != Uncapacitated {
				if n == Uncapacitated {
					runUnits = Uncapacitated
				} else {
					runUnits += n
				}
				return
			}
			flush()
			runUnits, runCost = n, c
		}
		for h < 0 || x+unit <= h {
			// The segment holding x: its price and upper breakpoint.
			var pr int64
			next := int64(math.MaxInt64)
			for kk := range K {
				if b := bp(i, kk); x < b {
					next = b
					break
				}
				pr = price[kk]
			}
			if next == math.MaxInt64 { // the last, unbounded band
				if h < 0 {
					add(Uncapacitated, unit*pr)
				} else {
					add((h-x)/unit, unit*pr)
				}
				break
			}
			n := (next - x) / unit
			if h >= 0 {
				n = min(n, (h-x)/unit)
			}
			if n > 0 {
				add(n, unit*pr)
				x += n * unit
				continue
			}
			// One unit straddles a breakpoint.
			add(1, penalty(i, x+unit)-penalty(i, x))
			x += unit
		}
		flush()
	}
	return nw, nil
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
