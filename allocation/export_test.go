package allocation

import (
	"context"

	"github.com/probationkit/probation/grades"
)

// SolveLegacy is Solve with the local search as it was before the fills
// at equal reduced cost and the iterated local search, for the
// before/after benchmarks.
func SolveLegacy(ctx context.Context, p *Problem, s *Settings) (*Result, error) {
	prm, err := resolve(s)
	if err != nil {
		return nil, err
	}
	prm.legacySearch = true
	var pol eligibility = p.Policy
	if p.Policy == nil {
		pol = grades.National()
	}
	return solve(ctx, p, prm, pol)
}
