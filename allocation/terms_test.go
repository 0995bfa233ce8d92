package allocation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// TestExplainEveryTerm makes, for each term, a two-practitioner problem in
// which the alternative loses on that term alone (or mostly), and checks
// that the explanation names it.
func TestExplainEveryTerm(t *testing.T) {
	base := func() *allocation.Problem {
		return &allocation.Problem{
			Cases: []allocation.Case{lowCase("c", "D1")},
			Practitioners: []allocation.Practitioner{
				prac("chosen", grades.PSO),
				prac("other", grades.PSO),
			},
		}
	}
	tests := []struct {
		term   allocation.Term
		reason string
		edit   func(p *allocation.Problem, w *allocation.Weights)
	}{
		{allocation.Distance, "the other works 10 km away", func(p *allocation.Problem, _ *allocation.Weights) {
			p.Cases[0].Location = caseload.Location{X: 1, Y: 1}
			p.Practitioners[0].Location = caseload.Location{X: 1, Y: 1}
			p.Practitioners[1].Location = caseload.Location{X: 11, Y: 1}
		}},
		{allocation.Continuity, "the chosen one held the case before", func(p *allocation.Problem, _ *allocation.Weights) {
			p.Cases[0].Previous = "chosen"
		}},
		{allocation.CrossTeam, "the other is in another team", func(p *allocation.Problem, _ *allocation.Weights) {
			p.Practitioners[1].Team = "t2"
		}},
		{allocation.OverSkill, "the other is a PO on a D case a PSO may hold", func(p *allocation.Problem, _ *allocation.Weights) {
			p.Practitioners[1].Grade = grades.PO
		}},
		{allocation.SoftRule, "no RoSH recorded: a soft rule fires for the other, a PSO; the chosen PO is only over-skilled", func(p *allocation.Problem, _ *allocation.Weights) {
			p.Cases[0].Risk.RoSH = tiering.RoSHNone
			p.Practitioners[0].Grade = grades.PO
		}},
		{allocation.Move, "a rebalance: the chosen one holds the case and moving it costs more than continuity", func(p *allocation.Problem, w *allocation.Weights) {
			p.Cases[0].Current = "chosen"
			w[allocation.Continuity] = 0
		}},
		{allocation.Overload, "the other is full", func(p *allocation.Problem, _ *allocation.Weights) {
			p.Practitioners[1].Load = 1000
		}},
	}
	for _, tt := range tests {
		t.Run(tt.term.String(), func(t *testing.T) {
			p := base()
			w := allocation.DefaultWeights()
			tt.edit(p, &w)
			r, err := allocation.Solve(context.Background(), p, &allocation.Settings{Scope: allocation.Anywhere, Weights: &w})
			if err != nil {
				t.Fatal(err)
			}
			e, ok := r.Explain("c")
			if !ok || e.PractitionerID != "chosen" || len(e.Alternatives) == 0 {
				t.Fatalf("%s: explanation %+v, %v: want the case with chosen and an alternative", tt.reason, e, ok)
			}
			alt := e.Alternatives[0]
			if alt.Reason != allocation.Costlier || alt.Term != tt.term || alt.Extra <= 0 {
				t.Errorf("%s: alternative %+v, want costlier on %v", tt.reason, alt, tt.term)
			}
			if e.Cost.Total() != sum(e.Cost) || alt.Cost.Total() != sum(alt.Cost) {
				t.Errorf("Total is not the sum of the terms: %v, %v", e.Cost, alt.Cost)
			}
		})
	}
}

func sum(c allocation.Cost) int64 {
	var s int64
	for _, v := range c {
		s += v
	}
	return s
}

// TestResultOwnsItsData edits every slice and map of the Problem in place
// after Solve, as a what-if run would, and checks that every method of
// the Result still gives the same answer.
func TestResultOwnsItsData(t *testing.T) {
	p := generate(shape{cases: 60, practitioners: 8, fill: 1.1, seed: 3})
	p.Cases[0].ExcludedFrom = []string{p.Practitioners[1].ID}
	p.Cases[1].RestrictedTo = []string{p.Practitioners[0].ID, p.Practitioners[2].ID}
	s := &allocation.Settings{Scope: allocation.SameTeam}
	r, err := allocation.Solve(context.Background(), p, s)
	if err != nil {
		t.Fatal(err)
	}
	type answers struct {
		Explain    map[string]allocation.Explanation
		Candidates map[string][]allocation.Candidate
		Result     allocation.Result
	}
	ask := func() answers {
		a := answers{Explain: map[string]allocation.Explanation{}, Candidates: map[string][]allocation.Candidate{}, Result: *r}
		for _, c := range r.Assignments {
			a.Explain[c.CaseID], _ = r.Explain(c.CaseID)
		}
		for _, c := range p.Cases {
			a.Candidates[c.ID], _ = r.Candidates(c.ID)
		}
		return a
	}
	want := ask()
	ids := make([]string, len(p.Cases))
	for k := range p.Cases {
		ids[k] = p.Cases[k].ID
	}
	for k := range p.Cases {
		c := &p.Cases[k]
		c.ID = "x" + c.ID
		c.Points *= 3
		c.Team, c.Previous = "elsewhere", p.Practitioners[0].ID
		c.Risk.RoSH = tiering.RoSHVeryHigh
		c.Location = caseload.Location{X: 500, Y: 500}
		for n := range c.ExcludedFrom {
			c.ExcludedFrom[n] = p.Practitioners[2].ID
		}
		for n := range c.RestrictedTo {
			c.RestrictedTo[n] = "nobody"
		}
	}
	for k := range p.Practitioners {
		x := &p.Practitioners[k]
		x.Available, x.Load, x.Grade, x.Team = 1, 99999, grades.PSO, "elsewhere"
	}
	for k, v := range p.Neighbours {
		p.Neighbours[k] = append(v[:0], "none")
	}
	got := answers{Explain: map[string]allocation.Explanation{}, Candidates: map[string][]allocation.Candidate{}, Result: *r}
	for _, c := range r.Assignments {
		got.Explain[c.CaseID], _ = r.Explain(c.CaseID)
	}
	for _, id := range ids {
		got.Candidates[id], _ = r.Candidates(id)
	}
	if diff := cmp.Diff(want, got, resultOpts); diff != "" {
		t.Errorf("answers changed after the Problem was edited (-before +after):\n%s", diff)
	}
}

// TestCandidates checks Result.Candidates on a small team: the chosen
// practitioner first, eligible ones by total, then the others with the
// rule or limit that stops them.
func TestCandidates(t *testing.T) {
	high := lowCase("c", "B1")
	high.Risk.RoSH = tiering.RoSHHigh
	p := &allocation.Problem{
		Cases: []allocation.Case{high},
		Practitioners: []allocation.Practitioner{
			prac("po1", grades.PO),
			func() allocation.Practitioner { x := prac("po2", grades.PO); x.Load = 960; return x }(),
			prac("pso", grades.PSO),
			func() allocation.Practitioner { x := prac("gone", grades.PO); x.Unavailable = true; return x }(),
		},
	}
	r, err := allocation.Solve(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, ok := r.Candidates("c")
	if !ok {
		t.Fatal("Candidates(c) not found")
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.PractitionerID+" "+c.Reason.String())
	}
	want := []string{"po1 Reason(0)", "po2 costlier", "gone unavailable", "pso ineligible"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Candidates order and reasons (-want +got):\n%s", diff)
	}
	if !strings.Contains(cs[3].Detail, "rosh-high-to-po") || cs[1].Term != allocation.Overload {
		t.Errorf("details: %q, term %v", cs[3].Detail, cs[1].Term)
	}
	if _, ok := r.Candidates("nope"); ok {
		t.Error("Candidates of an unknown case succeeded")
	}
}
