package staffing_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/probationkit/probation/internal/workforce"
	"github.com/probationkit/probation/staffing"
)

// benchProblems are the seeded instances of workforce.Sizes, built once.
var benchProblems = sync.OnceValues(func() (map[string]*staffing.Problem, error) {
	out := map[string]*staffing.Problem{}
	for _, s := range workforce.Sizes() {
		in, err := workforce.Generate(workforce.National(), s, 1)
		if err != nil {
			return nil, err
		}
		// A budget of about 5% of the posts in post, as whole posts.
		p, err := in.Problem(12, staffing.Budget{})
		if err != nil {
			return nil, err
		}
		fte := 0.0
		for _, u := range p.Units {
			fte += u.Supply[0].FTE()
		}
		p.Budget.FTEPosts = max(1, int(0.05*fte))
		out[s.Name] = p
	}
	return out, nil
})

var sinkPlan *staffing.Plan

// BenchmarkSolve solves each size with the budget as FTE posts, as PO and
// PSO posts, and as a trainee cohort.
func BenchmarkSolve(b *testing.B) {
	ps, err := benchProblems()
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range workforce.Sizes() {
		p := ps[s.Name]
		n := p.Budget.FTEPosts
		for _, mode := range []struct {
			name string
			b    staffing.Budget
		}{
			{"fte", staffing.Budget{FTEPosts: n}},
			{"po+pso", staffing.Budget{POPosts: n / 2, PSOPosts: n - n/2}},
			{"cohort", staffing.Budget{Cohorts: []staffing.Cohort{{Month: 0, Trainees: n}}}},
		} {
			q := *p
			q.Budget = mode.b
			b.Run(fmt.Sprintf("%s/%s/units=%d/posts=%d", s.Name, mode.name, len(q.Units), n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					plan, err := staffing.Solve(&q)
					if err != nil {
						b.Fatal(err)
					}
					sinkPlan = plan
				}
			})
		}
	}
}

// BenchmarkPipeline runs the whole national job: generate, build the
// caseload, estimate flows, project demand and supply, solve.
func BenchmarkPipeline(b *testing.B) {
	s := workforce.Sizes()[2]
	b.ReportAllocs()
	for b.Loop() {
		in, err := workforce.Generate(workforce.National(), s, 1)
		if err != nil {
			b.Fatal(err)
		}
		p, err := in.Problem(12, staffing.Budget{FTEPosts: 500})
		if err != nil {
			b.Fatal(err)
		}
		if sinkPlan, err = staffing.Solve(p); err != nil {
			b.Fatal(err)
		}
	}
}
