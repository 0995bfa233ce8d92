package allocation

import (
	"context"

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
