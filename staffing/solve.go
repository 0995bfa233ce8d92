package staffing

import (
	"cmp"
	"math"
	"slices"
)

// alloc is the posts a plan gives each unit (model order): PO and PSO
// posts, and trainees per cohort (in Budget.Cohorts order).
type alloc struct {
	po, pso []int
	cohort  [][]int
}

func newAlloc(units, cohorts int) alloc {
	a := alloc{po: make([]int, units), pso: make([]int, units), cohort: make([][]int, cohorts)}
	for c := range a.cohort {
		a.cohort[c] = make([]int, units)
	}
	return a
}

// apply gives the posts of a to the units of md.
func (md *model) apply(p *Problem, a alloc) {
	for i := range md.units {
		u := &md.units[i]
		u.give(md.post[kindPO], a.po[i])
		u.give(md.post[kindPSO], a.pso[i])
		for c, co := range p.Budget.Cohorts {
			u.give(md.cohortProfile(co.Month), a.cohort[c][i])
		}
	}
}

// outcome is a solved plan in model terms.
type outcome struct {
	a       alloc
	moves   []Move
	need    []int   // fewest posts per unit at the first stage's ceiling
	ceiling float64 // the first stage's ceiling
	status  Status
	md      *model // capacities after the plan
}

// solve runs the stages of the budget, then the transfers.
func solve(p *Problem, limit int) outcome {
	md := newModel(p)
	md.limit = limit
	n := len(md.units)
	out := outcome{a: newAlloc(n, len(p.Budget.Cohorts)), ceiling: math.NaN()}
	stages, exact := 0, true
	note := func(st stage) {
		if stages == 0 {
			out.need, out.ceiling = st.need, st.ceiling
		}
		stages++
		exact = exact && st.exact
	}
	b := p.Budget
	ppo, ppso := md.post[kindPO], md.post[kindPSO]
	switch {
	case b.FTEPosts > 0:
		st := md.single(ppo, b.FTEPosts)
		note(st)
		for i := range md.units {
			u := &md.units[i]
			out.a.po[i] = u.split(ppo, ppso, st.x[i])
			out.a.pso[i] = st.x[i] - out.a.po[i]
			u.give(ppo, out.a.po[i])
			u.give(ppso, out.a.pso[i])
		}
	case b.POPosts > 0 && b.PSOPosts > 0 && md.sameShared():
		po, pso, st := md.dual(b.POPosts, b.PSOPosts)
		note(st)
		for i := range md.units {
			out.a.po[i], out.a.pso[i] = po[i], pso[i]
			md.units[i].give(ppo, po[i])
			md.units[i].give(ppso, pso[i])
		}
	default:
		for _, g := range []struct {
			prof [][3]float64
			b    int
			x    []int
		}{{ppo, b.POPosts, out.a.po}, {ppso, b.PSOPosts, out.a.pso}} {
			if g.b == 0 {
				continue
			}
			st := md.single(g.prof, g.b)
			note(st)
			for i := range md.units {
				g.x[i] = st.x[i]
				md.units[i].give(g.prof, st.x[i])
			}
		}
	}
	order := make([]int, len(b.Cohorts))
	for c := range order {
		order[c] = c
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(b.Cohorts[x].Month, b.Cohorts[y].Month) })
	for _, c := range order {
		co := b.Cohorts[c]
		if co.Trainees == 0 {
			continue
		}
		prof := md.cohortProfile(co.Month)
		st := md.single(prof, co.Trainees)
		note(st)
		for i := range md.units {
			out.a.cohort[c][i] = st.x[i]
			md.units[i].give(prof, st.x[i])
		}
	}
	out.moves = md.transfer(p, p.Transfers.moves())
	switch {
	case stages <= 1 && len(out.moves) == 0 && exact:
		out.status = Optimal
	case stages <= 1 && len(out.moves) == 0:
		out.status = HighestOptimal
	default:
		out.status = Heuristic
	}
	if out.need == nil {
		out.need = make([]int, n)
		out.ceiling = md.total().highest
	}
	out.md = md
	return out
}

// proRata shares each part of the budget among the units in proportion
// to their cases now, as posts are shared out today (issue #14): each
// unit gets the whole part of its share, and the posts left over go to
// the largest remainders (ties to the earlier key). A unit is never given
// more than its MaxPosts: its excess is shared among the others the same
// way. Each unit's MinPosts come first, from the parts of the budget in
// order (PO, PSO, cohorts). FTE posts are given as PO posts.
func proRata(md *model, p *Problem) alloc {
	n := len(md.units)
	a := newAlloc(n, len(p.Budget.Cohorts))
	room := make([]int, n)
	for i := range md.units {
		room[i] = md.units[i].hi
	}
	share := func(b int, x []int) {
		left := b
		for left > 0 {
			total := 0.0
			for i := range md.units {
				if room[i] > 0 {
					total += md.units[i].cases
				}
			}
			if total <= 0 {
				return
			}
			type rem struct {
				i int
				r float64
			}
			var rems []rem
			given := 0
			for i := range md.units {
				if room[i] <= 0 {
					continue
				}
				q := float64(left) * md.units[i].cases / total
				k := min(int(math.Floor(q)), room[i])
				x[i] += k
				room[i] -= k
				given += k
				if room[i] > 0 {
					rems = append(rems, rem{i, q - math.Floor(q)})
				}
			}
			slices.SortStableFunc(rems, func(u, v rem) int { return cmp.Compare(v.r, u.r) })
			for _, r := range rems {
				if given == left {
					break
				}
				if md.units[r.i].cases > 0 {
					x[r.i]++
					room[r.i]--
					given++
				}
			}
			if given == 0 {
				return
			}
			left -= given
		}
	}
	parts := []struct {
		b int
		x []int
	}{{p.Budget.POPosts + p.Budget.FTEPosts, a.po}, {p.Budget.PSOPosts, a.pso}}
	for c, co := range p.Budget.Cohorts {
		parts = append(parts, struct {
			b int
			x []int
		}{co.Trainees, a.cohort[c]})
	}
	// Every unit's minimum is set aside first, taken from the parts in
	// order, then each part's rest is shared.
	owed := make([]int, n)
	for i := range md.units {
		owed[i] = md.units[i].lo
		room[i] -= owed[i]
	}
	for _, part := range parts {
		b := part.b
		for i := range md.units {
			k := min(owed[i], b)
			part.x[i] += k
			owed[i] -= k
			b -= k
		}
		share(b, part.x)
	}
	return a
}

// Solve decides where the budget's posts and trainees go, and which
// transfers to make, under the objective of the package doc; see Budget
// for the stages and Status for what is proven. It returns a
// *probation.ValidationError listing every bad field of p (see
// Problem.Validate). The plan is never worse than sharing the budget pro
// rata by caseload: when pro rata scores better (only possible when the
// plan is not proven optimal) the plan is the pro rata one.
//
// Solve is deterministic and does not depend on the order of p.Units.
// Its time is dominated by the bisection, O(64 × units × log(budget) ×
// months), and by the search of the later levels, O(units × S²) for S
// posts left once the ceiling is met, bounded by dpLimit.
func Solve(p *Problem) (*Plan, error) { return solveLimited(p, dpLimit) }

// solveLimited is Solve with the given bound on the exact search's work.
func solveLimited(p *Problem, limit int) (*Plan, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	out := solve(p, limit)
	base := newModel(p)
	pr := base.clone()
	prAlloc := proRata(pr, p)
	pr.apply(p, prAlloc)
	if out.status != Optimal && cmpScore(pr.total(), out.md.total()) < 0 {
		md := base.clone()
		md.apply(p, prAlloc)
		out.a, out.md, out.moves, out.status = prAlloc, md, nil, Heuristic
		plan := report(p, out, base, pr)
		plan.ProRataKept = true
		return plan, nil
	}
	return report(p, out, base, pr), nil
}
