package allocation_test

import (
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// reference is an independent statement of the model (the package
// documentation's formulas), used to score allocations by exhaustive
// search on tiny instances.
type reference struct {
	p      *allocation.Problem
	s      *allocation.Settings
	pidx   map[string]int
	before []int64
	hcap   []int64
	opts   [][]int   // per case: eligible practitioner indexes
	cpp    [][]int64 // per case: cost per point with each option
}

const refUnplaced = 100_000 // the charge per point, and per case, of an unplaced case

func newReference(p *allocation.Problem, s *allocation.Settings) *reference {
	pol := grades.National()
	r := &reference{p: p, s: s, pidx: map[string]int{}}
	for i, x := range p.Practitioners {
		r.pidx[x.ID] = i
		r.before = append(r.before, int64(x.Load))
	}
	for _, c := range p.Cases {
		if i, ok := r.pidx[c.Current]; ok {
			r.before[i] += int64(c.Points)
		}
	}
	for i, x := range p.Practitioners {
		r.hcap = append(r.hcap, math.MaxInt64)
		if s.HardCap > 0 {
			r.hcap[i] = max(int64(x.Available*s.HardCap/100), r.before[i])
		}
	}
	for _, c := range p.Cases {
		ok, warn := pol.Eligible(c.Risk)
		var opts []int
		var cpp []int64
		for i, x := range p.Practitioners {
			switch {
			case x.Unavailable, !ok.Has(x.Grade):
				continue
			case len(c.RestrictedTo) > 0 && !slices.Contains(c.RestrictedTo, x.ID), slices.Contains(c.ExcludedFrom, x.ID):
				continue
			case c.Current != x.ID && !inScope(p, s.Scope, c, x):
				continue
			case c.Current != x.ID && int64(x.Load+c.Points) > r.hcap[i]:
				continue
			}
			var k int64
			if !c.Location.IsZero() && !x.Location.IsZero() {
				k += int64(math.Round(math.Hypot(c.Location.X-x.Location.X, c.Location.Y-x.Location.Y)))
			}
			if (c.Current != "" || c.Previous != "") && x.ID != c.Current && x.ID != c.Previous {
				k += 15
			}
			if x.Team != c.Team {
				k += 10
			}
			tier := c.Tier
			if tier == tiering.Untiered {
				tier = c.Risk.Tier
			}
			if (x.Grade == grades.PO || x.Grade == grades.NQO || x.Grade == grades.SPO) && ok.Has(grades.PSO) &&
				(tier.Protect() == tiering.ProtectC || tier.Protect() == tiering.ProtectD) {
				k += 5
			}
			if warn.Has(x.Grade) {
				k += 25
			}
			if c.Current != "" && x.ID != c.Current {
				k += 10
			}
			opts = append(opts, i)
			cpp = append(cpp, k)
		}
		r.opts = append(r.opts, opts)
		r.cpp = append(r.cpp, cpp)
	}
	return r
}

// best returns the least objective of any whole allocation within the
// hard limits, by exhaustive search.
func (r *reference) best() int64 {
	p := r.p
	load := make([]int64, len(p.Practitioners))
	nnew := make([]int, len(p.Practitioners))
	for i, x := range p.Practitioners {
		load[i] = int64(x.Load)
	}
	best := int64(math.MaxInt64)
	var rec func(j int, cost int64)
	rec = func(j int, cost int64) {
		if j == len(p.Cases) {
			total := cost
			for i, x := range p.Practitioners {
				total += penalty(load[i], int64(x.Available))
			}
			best = min(best, total)
			return
		}
		c := p.Cases[j]
		w := int64(c.Points)
		if len(r.opts[j]) > 0 {
			rec(j+1, cost+refUnplaced*(w+1))
		} else {
			rec(j+1, cost)
		}
		for k, i := range r.opts[j] {
			x := p.Practitioners[i]
			isNew := c.Current != x.ID
			if load[i]+w > r.hcap[i] || (isNew && x.MaxNew > 0 && nnew[i] >= x.MaxNew) {
				continue
			}
			load[i] += w
			if isNew {
				nnew[i]++
			}
			rec(j+1, cost+w*r.cpp[j][k])
			load[i] -= w
			if isNew {
				nnew[i]--
			}
		}
	}
	rec(0, 0)
	return best
}

// score evaluates a Result's allocation with the reference model.
func (r *reference) score(t rapid.TB, res *allocation.Result) int64 {
	p := r.p
	at := map[string]string{}
	for _, a := range res.Assignments {
		at[a.CaseID] = a.PractitionerID
	}
	load := make([]int64, len(p.Practitioners))
	for i, x := range p.Practitioners {
		load[i] = int64(x.Load)
	}
	var total int64
	for j, c := range p.Cases {
		w := int64(c.Points)
		id, placed := at[c.ID]
		if !placed {
			if len(r.opts[j]) > 0 {
				total += refUnplaced * (w + 1)
			}
			continue
		}
		k := slices.Index(r.opts[j], r.pidx[id])
		if k < 0 {
			t.Fatalf("case %s placed on %s, not an eligible option of the reference", c.ID, id)
		}
		total += w * r.cpp[j][k]
		load[r.pidx[id]] += w
	}
	for i, x := range p.Practitioners {
		total += penalty(load[i], int64(x.Available))
	}
	return total
}

func tinySettings(t *rapid.T) *allocation.Settings {
	s := smallSettings(t)
	s.MoveBudget = 0
	return s
}

// TestExhaustiveEqualWeights: when every case weighs the same, the
// relaxation is integral and Optimal equals the exhaustive optimum.
func TestExhaustiveEqualWeights(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := smallProblem(t, 8, 4, true)
		s := tinySettings(t)
		res := solveOrFatal(t, p, s)
		ref := newReference(p, s)
		want := ref.best()
		if got := ref.score(t, res); got != res.Stats.Objective {
			t.Fatalf("reference scores the allocation %d, Solve reports %d", got, res.Stats.Objective)
		}
		if res.Stats.Objective != want {
			t.Fatalf("Optimal objective %d, exhaustive optimum %d (bound %d)", res.Stats.Objective, want, res.Stats.Bound)
		}
	})
}

// TestExhaustiveBound: with any weights, the bound is at most the
// exhaustive optimum, which is at most Optimal's objective.
func TestExhaustiveBound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := smallProblem(t, 8, 4, false)
		s := tinySettings(t)
		res := solveOrFatal(t, p, s)
		ref := newReference(p, s)
		want := ref.best()
		if got := ref.score(t, res); got != res.Stats.Objective {
			t.Fatalf("reference scores the allocation %d, Solve reports %d", got, res.Stats.Objective)
		}
		if res.Stats.Bound > want || want > res.Stats.Objective {
			t.Fatalf("want bound %d ≤ exhaustive optimum %d ≤ objective %d", res.Stats.Bound, want, res.Stats.Objective)
		}
	})
}
