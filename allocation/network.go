package allocation

import (
	"errors"
	"fmt"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/mcf"
)

// Network is the min-cost flow relaxation that the Optimal strategy solves
// for the MinCost objective, node for node and arc for arc, for export to
// other solvers (DIMACS min-cost flow, CPLEX LP) and for checking that
// their optimum equals Stats.Bound.
//
// Flow is counted in units of Unit points: a case of w points is a node
// with supply w/Unit, and a practitioner's load above the points held
// outside the problem (Practitioner.Load) leaves through their ArcLoad arcs,
// whose costs are the exact marginal overload penalties of each unit
// (package documentation; optimizer.md §1 item 4). The least cost of a flow
// that meets every supply, plus Offset, is Stats.Bound of an Optimal run of
// the same problem and settings.
//
// Nodes are numbered as the solver numbers them: the cases that flow (more
// than zero points and at least one eligible practitioner), in case ID
// order; then every practitioner, in ID order; then the sink; then, when a
// hard limit can bind, one gate node per practitioner with a MaxNew limit.
// Arcs come case by case (the case's ArcAssign arcs in practitioner ID
// order, then its ArcUnplaced arc if any), then practitioner by
// practitioner (the ArcGate arc if any, then the ArcLoad arcs in rising
// cost order).
type Network struct {
	// Supply holds each node's supply in units: positive for a case,
	// minus the total for the sink, zero otherwise. len(Supply) is the
	// number of nodes.
	Supply []int64
	Arcs   []NetworkArc
	Sink   int

	// CaseNode maps an index of Problem.Cases to its node, or -1 for a
	// case that does not flow. PractitionerNode maps an index of
	// Problem.Practitioners to its node (-1 when no case flows at all).
	CaseNode         []int
	PractitionerNode []int

	// Unit is the number of points in one unit of flow: the greatest
	// common divisor of the points of the cases that flow (0 when none
	// does).
	Unit int64

	// Offset is the overload penalty of the loads held outside the
	// problem, Σ penalty(Practitioner.Load): the constant that turns the
	// flow's least cost into Stats.Bound.
	Offset int64

	// Unplaced is the charge per point for a case left unplaced, the
	// cost per point of an ArcUnplaced arc (Stats.Unplaced charges it
	// per point plus once per case).
	Unplaced int64
}

// NetworkArc is one arc of a Network. Its lower bound is 0.
type NetworkArc struct {
	From, To int
	// Capacity is in units of flow; Uncapacitated means no limit.
	Capacity int64
	// Cost is per unit of flow.
	Cost int64
	Kind ArcKind
	// Case is the index in Problem.Cases of an ArcAssign or ArcUnplaced
	// arc's case, -1 for other kinds. Practitioner is the index in
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
	// ArcAssign carries the part of a case given to a practitioner:
	// from the case's node to the practitioner's node (or to their gate
	// node when the case would be new to them and they have a MaxNew
	// limit), capacity the case's units, cost the pair's cost per point
	// times Unit.
	ArcAssign ArcKind = iota + 1
	// ArcUnplaced carries the part of a case left unplaced, from the
	// case's node to the sink; present only when a hard limit (HardCap or
	// MaxNew) can bind.
	ArcUnplaced
	// ArcGate joins a practitioner's gate node to their node; its
	// capacity is MaxNew relaxed to the units of their MaxNew heaviest
	// new cases.
	ArcGate
	// ArcLoad is a run of units of a practitioner's load with the same
	// marginal overload penalty, from the practitioner's node to the sink.
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

// Relaxation returns the min-cost flow relaxation that Solve's Optimal
// strategy solves for p with the costs, scope and hard limits of s (nil
// means the defaults), without solving it. s.Strategy is ignored. It
// returns a *ProblemError or a *SettingsError as Solve does, and an error
// for s.Objective MinMax, whose bound comes from a relaxation under a
// workload ceiling found by bisection.
//
// Complexity: as building the eligible pairs in Solve, plus O(E + m·K)
// for E eligible pairs, m practitioners and K overload bands.
func Relaxation(p *Problem, s *Settings) (*Network, error) {
	if p == nil {
		return nil, errors.New("allocation: nil Problem")
	}
	prm, err := resolve(s)
	if err != nil {
		return nil, err
	}
	if prm.Objective != MinCost {
		return nil, fmt.Errorf("allocation: Relaxation supports the min-cost objective only, not %v", prm.Objective)
	}
	var pol eligibility = p.Policy
	if p.Policy == nil {
		pol = grades.National()
	}
	m, err := build(p, prm, pol)
	if err != nil {
		return nil, err
	}
	m.setUnplacedCharge()
	return m.network(), nil
}

// network lays out the relaxation that relax(ctx, flowCost, nil, …)
// solves, with the same layout and arcs.
func (m *model) network() *Network {
	lay := m.layout(nil)
	nw := &Network{
		Supply:           lay.supply,
		Sink:             lay.sink,
		CaseNode:         make([]int, len(m.prob.Cases)),
		PractitionerNode: make([]int, len(m.prob.Practitioners)),
		Unit:             lay.unit,
		Offset:           m.constantPenalty(),
		Unplaced:         m.unplaced,
	}
	for k := range nw.CaseNode {
		nw.CaseNode[k] = -1
	}
	for k := range nw.PractitionerNode {
		nw.PractitionerNode[k] = -1
	}
	if lay.flowing == 0 {
		nw.Supply, nw.Sink = []int64{0}, 0
		return nw
	}
	for j, v := range lay.caseNode {
		if v >= 0 {
			nw.CaseNode[m.ci[j]] = int(v)
		}
	}
	for i := range m.np() {
		nw.PractitionerNode[m.pi[i]] = lay.flowing + i
	}
	nw.Arcs = make([]NetworkArc, 0, len(m.arcP)+m.np()*(m.K+2)+lay.flowing)
	m.emitArcs(lay, flowCost, nil, func(a NetworkArc, _ int32, _ int) {
		if a.Capacity >= mcf.Inf {
			a.Capacity = Uncapacitated
		}
		nw.Arcs = append(nw.Arcs, a)
	})
	return nw
}
