package staffing

// SolveLimited is Solve with the exact search of the later levels bounded
// by limit steps, so that tests reach the greedy search on small problems.
func SolveLimited(p *Problem, limit int) (*Plan, error) { return solveLimited(p, limit) }
