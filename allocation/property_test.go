package allocation_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// smallProblem draws a random small problem that exercises every rule:
// grades, teams and PDUs, RoSH and MAPPA, current and previous
// practitioners, restricted-access lists, unavailable practitioners,
// new-case limits, zero-point cases, zero capacity and existing loads.
func smallProblem(t *rapid.T, maxCases, maxPracs int, equalWeights bool) *allocation.Problem {
	np := rapid.IntRange(1, maxPracs).Draw(t, "practitioners")
	nc := rapid.IntRange(1, maxCases).Draw(t, "cases")
	teams := []string{"TA", "TB", "TC"}
	pdus := map[string]string{"TA": "P1", "TB": "P1", "TC": "P2"}
	gradeGen := rapid.SampledFrom([]grades.Grade{grades.PO, grades.PO, grades.PSO, grades.PSO, grades.PQiP2, grades.NQO, grades.SPO})
	loc := func(label string) caseload.Location {
		if rapid.IntRange(0, 4).Draw(t, label+"-known") == 0 {
			return caseload.Location{}
		}
		return caseload.Location{X: float64(rapid.IntRange(1, 40).Draw(t, label+"-x")), Y: float64(rapid.IntRange(1, 40).Draw(t, label+"-y"))}
	}
	p := &allocation.Problem{Neighbours: map[string][]string{"TA": {"TB"}, "TC": {"TA"}}}
	for i := range np {
		team := rapid.SampledFrom(teams).Draw(t, "team")
		pr := allocation.Practitioner{
			ID:        fmt.Sprintf("p%d", i),
			Grade:     gradeGen.Draw(t, "grade"),
			Team:      team,
			PDU:       pdus[team],
			Region:    "R",
			Available: rapid.SampledFrom([]int{0, 150, 300, 500, 800}).Draw(t, "available"),
			Load:      rapid.IntRange(0, 400).Draw(t, "load"),
			Location:  loc("pl"),
		}
		if rapid.IntRange(0, 5).Draw(t, "limited") == 0 {
			pr.MaxNew = rapid.IntRange(1, 3).Draw(t, "maxnew")
		}
		pr.Unavailable = rapid.IntRange(0, 9).Draw(t, "unavailable") == 0
		p.Practitioners = append(p.Practitioners, pr)
	}
	weight := rapid.IntRange(1, 120).Draw(t, "weight")
	for j := range nc {
		team := rapid.SampledFrom(teams).Draw(t, "cteam")
		c := allocation.Case{
			ID:       fmt.Sprintf("c%d", j),
			Points:   weight,
			Team:     team,
			PDU:      pdus[team],
			Region:   "R",
			Location: loc("cl"),
		}
		if !equalWeights {
			c.Points = rapid.SampledFrom([]int{0, 13, 29, 51, 79, 110, 146, 219}).Draw(t, "points")
		}
		c.Tier = tiering.Tier(rapid.IntRange(1, 16).Draw(t, "tier"))
		c.Risk = grades.Profile{
			Tier: c.Tier,
			RoSH: rapid.SampledFrom([]tiering.RoSH{tiering.RoSHLow, tiering.RoSHMedium, tiering.RoSHHigh, tiering.RoSHNone}).Draw(t, "rosh"),
		}
		if rapid.IntRange(0, 9).Draw(t, "mappa") == 0 {
			c.Risk.MAPPALevel = tiering.MAPPA2
		}
		pick := func(label string) string { return fmt.Sprintf("p%d", rapid.IntRange(0, np-1).Draw(t, label)) }
		switch rapid.IntRange(0, 5).Draw(t, "history") {
		case 0:
			c.Current = pick("current")
		case 1:
			c.Previous = pick("previous")
		case 2:
			c.Current, c.Previous = pick("current"), pick("previous")
		}
		switch rapid.IntRange(0, 7).Draw(t, "lao") {
		case 0:
			c.RestrictedTo = []string{pick("restricted"), pick("restricted")}
		case 1:
			c.ExcludedFrom = []string{pick("excluded")}
		}
		p.Cases = append(p.Cases, c)
	}
	return p
}

func smallSettings(t *rapid.T) *allocation.Settings {
	s := &allocation.Settings{
		Scope: rapid.SampledFrom([]allocation.Scope{allocation.SamePDU, allocation.SameTeam, allocation.SameRegion, allocation.Anywhere}).Draw(t, "scope"),
		Seed:  rapid.Uint64().Draw(t, "seed"),
	}
	if rapid.Bool().Draw(t, "hardcap") {
		s.HardCap = rapid.SampledFrom([]int{100, 110, 130}).Draw(t, "cap")
	}
	if rapid.IntRange(0, 3).Draw(t, "budget") == 0 {
		s.MoveBudget = rapid.IntRange(-1, 2).Draw(t, "moves")
	}
	return s
}

func solveOrFatal(t rapid.TB, p *allocation.Problem, s *allocation.Settings) *allocation.Result {
	r, err := allocation.Solve(context.Background(), p, s)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	return r
}

// checkInvariants checks the properties every result of every strategy
// has: each case exactly once, no hard rule broken, hard limits kept, and
// an objective that the public fields add up to.
func checkInvariants(t rapid.TB, p *allocation.Problem, s *allocation.Settings, r *allocation.Result) {
	pol := grades.National()
	pracs := map[string]allocation.Practitioner{}
	for _, x := range p.Practitioners {
		pracs[x.ID] = x
	}
	cases := map[string]allocation.Case{}
	for _, c := range p.Cases {
		cases[c.ID] = c
	}
	seen := map[string]int{}
	for _, a := range r.Assignments {
		seen[a.CaseID]++
		c, x := cases[a.CaseID], pracs[a.PractitionerID]
		ok, _ := pol.Eligible(c.Risk)
		switch {
		case !ok.Has(x.Grade):
			t.Fatalf("case %s given to %s of ineligible grade %v", c.ID, x.ID, x.Grade)
		case x.Unavailable:
			t.Fatalf("case %s given to unavailable %s", c.ID, x.ID)
		case len(c.RestrictedTo) > 0 && !slices.Contains(c.RestrictedTo, x.ID), slices.Contains(c.ExcludedFrom, x.ID):
			t.Fatalf("case %s given to %s against its restricted-access lists", c.ID, x.ID)
		case c.Current != x.ID && !inScope(p, s.Scope, c, x):
			t.Fatalf("case %s given to %s outside scope %v", c.ID, x.ID, s.Scope)
		}
		if a.Moved != (c.Current != "" && c.Current != x.ID) {
			t.Fatalf("case %s: Moved = %v", c.ID, a.Moved)
		}
	}
	if s.MoveBudget != 0 && s.HardCap == 0 && s.Objective == allocation.MinCost {
		voluntary := 0
		for _, a := range r.Assignments {
			c := cases[a.CaseID]
			if cur, ok := pracs[c.Current]; ok && a.Moved && !cur.Unavailable {
				if ok, _ := pol.Eligible(c.Risk); ok.Has(cur.Grade) &&
					(len(c.RestrictedTo) == 0 || slices.Contains(c.RestrictedTo, cur.ID)) && !slices.Contains(c.ExcludedFrom, cur.ID) {
					voluntary++
				}
			}
		}
		if voluntary > max(s.MoveBudget, 0) {
			t.Fatalf("%d voluntary moves, budget %d", voluntary, s.MoveBudget)
		}
	}
	for _, u := range r.Unassigned {
		seen[u.CaseID]++
		if !slices.Contains([]allocation.Reason{allocation.OutOfScope, allocation.Unavailable, allocation.Ineligible, allocation.Restricted, allocation.AtLimit}, u.Reason) || u.Detail == "" {
			t.Fatalf("case %s unassigned without a reason: %+v", u.CaseID, u)
		}
	}
	for _, c := range p.Cases {
		if seen[c.ID] != 1 {
			t.Fatalf("case %s appears %d times", c.ID, seen[c.ID])
		}
	}
	if len(seen) != len(p.Cases) {
		t.Fatalf("result has %d case IDs, problem %d", len(seen), len(p.Cases))
	}
	var pen int64
	for _, w := range r.Workloads {
		x := pracs[w.PractitionerID]
		if s.HardCap > 0 && w.AfterPoints > max(x.Available*s.HardCap/100, w.BeforePoints) {
			t.Fatalf("%s at %d points passes the hard cap %d%% of %d (before %d)", x.ID, w.AfterPoints, s.HardCap, x.Available, w.BeforePoints)
		}
		if x.MaxNew > 0 && w.Received > x.MaxNew {
			t.Fatalf("%s received %d new cases, limit %d", x.ID, w.Received, x.MaxNew)
		}
		pen += penalty(int64(w.AfterPoints), int64(x.Available))
	}
	var cost int64
	for _, a := range r.Assignments {
		cost += a.Cost.Total() - a.Cost[allocation.Overload]
	}
	defaultPenalty := s.Bands == nil && (s.Weights == nil || s.Weights[allocation.Overload] == 1)
	if cost != r.Stats.Cost || (defaultPenalty && pen != r.Stats.Penalty) {
		t.Fatalf("Stats cost %d penalty %d; the assignments and workloads add up to %d and %d", r.Stats.Cost, r.Stats.Penalty, cost, pen)
	}
	if r.Stats.Objective != r.Stats.Cost+r.Stats.Penalty+r.Stats.UnplacedCharge {
		t.Fatalf("Objective %d is not Cost + Penalty + UnplacedCharge", r.Stats.Objective)
	}
	if r.Stats.HasBound && r.Stats.Bound > r.Stats.Objective {
		t.Fatalf("bound %d above the objective %d", r.Stats.Bound, r.Stats.Objective)
	}
}

func inScope(p *allocation.Problem, sc allocation.Scope, c allocation.Case, x allocation.Practitioner) bool {
	switch sc {
	case allocation.SamePDU:
		return c.PDU == x.PDU
	case allocation.SameRegion:
		return c.Region == x.Region
	case allocation.Anywhere:
		return true
	}
	return c.Team == x.Team || slices.Contains(p.Neighbours[c.Team], x.Team)
}

// penalty is the default overload penalty, written out independently of
// the package: 50/150/400/1000/2500 per point in 10% bands above 100%,
// 6,000 from 150% to 175%, then 15,000 (breakpoints rounded down to whole
// points).
func penalty(load, avail int64) int64 {
	type band struct{ from, to, price int64 } // percentages; to 0 = unbounded
	bands := []band{{100, 110, 50}, {110, 120, 150}, {120, 130, 400}, {130, 140, 1000}, {140, 150, 2500}, {150, 175, 6000}, {175, 0, 15000}}
	var pen int64
	for _, b := range bands {
		lo := avail * b.from / 100
		hi := load
		if b.to != 0 {
			hi = avail * b.to / 100
		}
		if load > lo {
			pen += b.price * (min(load, hi) - lo)
		}
	}
	return pen
}

func TestPropertyInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := smallProblem(t, 12, 6, false)
		for _, st := range allocation.Strategies() {
			s := smallSettings(t)
			s.Strategy = st
			checkInvariants(t, p, s, solveOrFatal(t, p, s))
		}
	})
}

func TestPropertyOptimalBeatsNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := smallProblem(t, 15, 6, false)
		s := smallSettings(t)
		s.MoveBudget = 0
		opt := solveOrFatal(t, p, s)
		for _, st := range allocation.Strategies()[1:] {
			n := *s
			n.Strategy = st
			if r := solveOrFatal(t, p, &n); r.Stats.Objective < opt.Stats.Objective {
				t.Fatalf("%v objective %d below Optimal's %d", st, r.Stats.Objective, opt.Stats.Objective)
			}
		}
	})
}

// resultOpts compares Results by their public fields.
var resultOpts = cmp.Options{cmpopts.IgnoreUnexported(allocation.Result{})}

func TestPropertyDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := smallProblem(t, 12, 6, false)
		s := smallSettings(t)
		s.Strategy = rapid.SampledFrom(allocation.Strategies()).Draw(t, "strategy")
		if s.Strategy == allocation.FlowSearch {
			s.Objective = rapid.SampledFrom([]allocation.Objective{allocation.MinCost, allocation.MinMax}).Draw(t, "objective")
		}
		want := solveOrFatal(t, p, s)

		q := *p
		q.Cases = slices.Clone(p.Cases)
		q.Practitioners = slices.Clone(p.Practitioners)
		perm := rapid.Permutation(q.Cases).Draw(t, "cases")
		copy(q.Cases, perm)
		permP := rapid.Permutation(q.Practitioners).Draw(t, "practitioners")
		copy(q.Practitioners, permP)
		prev := runtime.GOMAXPROCS(1)
		got := solveOrFatal(t, &q, s)
		runtime.GOMAXPROCS(prev)
		if diff := cmp.Diff(want, got, resultOpts); diff != "" {
			t.Fatalf("Solve() with shuffled input and GOMAXPROCS=1 mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestPropertyMinMaxInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := smallProblem(t, 12, 5, false)
		s := smallSettings(t)
		s.Objective = allocation.MinMax
		checkInvariants(t, p, s, solveOrFatal(t, p, s))
	})
}
