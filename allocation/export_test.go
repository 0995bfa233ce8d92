package allocation

import (
	"context"
	"fmt"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/grades"
)

// SolveWithFault is Solve with the fault hook of the tests (see solve):
// fault is called as each phase starts, and an error it returns, or a
// panic, fails that phase.
var SolveWithFault = solve

// SolveDrafting is Solve with every run drafting its Results ahead, as
// runs of draftCases cases or more do.
func SolveDrafting(ctx context.Context, p *Problem, s *Settings) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, &PhaseError{Phase: PhaseModel, Err: err}
	}
	prm, err := resolve(s)
	if err != nil {
		return nil, err
	}
	prm.draftFrom = 0
	var pol eligibility = p.Policy
	if p.Policy == nil {
		pol = grades.National()
	}
	r := &run{ctx: ctx, progress: prm.Progress}
	return r.solve(p, prm, pol)
}

// BatchModelDiff builds the model of e's waiting problem twice, as a
// batch does, from the engine's roster (built first when the engine
// holds none, as a batch would, and kept), and from the waiting Problem
// alone, as Solve would, and returns how they differ: "" when they do
// not.
func BatchModelDiff(e *Engine) string {
	e.mu.RLock()
	ro, load0 := e.s.waitingRoster()
	p, prm, _ := e.s.waitingProblem(true)
	e.mu.RUnlock()
	if ro == nil {
		return "no roster"
	}
	fromRoster, err1 := buildFrom(nil, p, prm, e.s.pol, ro, load0)
	fromProblem, err2 := build(p, prm, e.s.pol)
	if err1 != nil || err2 != nil {
		return fmt.Sprintf("errors: %v (roster), %v (problem)", err1, err2)
	}
	return cmp.Diff(modelView(fromProblem), modelView(fromRoster))
}

// modelView is what a model holds.
func modelView(m *model) any {
	return struct {
		Practitioners                    []Practitioner
		Pidx                             map[string]int32
		Avail, Load0, Before, Cap0, Hcap []int64
		Bp, CumPen, ArcC, W              []int64
		MaxNew, Start, ArcP, Cur, Prev   []int32
		Rank                             []int8
		ArcBits                          []uint8
		Block                            []Reason
		Hard                             bool
		Unplaced, MaxCost                int64
		Parts                            int
	}{m.practitioners, m.pidx, m.avail, m.load0, m.before, m.cap0, m.hcap,
		m.bp, m.cumPen, m.arcC, m.w,
		m.maxNew, m.start, m.arcP, m.cur, m.prev,
		m.rank, m.arcBits, m.block, m.hard, m.unplaced, m.maxCost, len(m.parts)}
}
