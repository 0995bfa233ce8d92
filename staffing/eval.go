package staffing

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// model is a problem in the solver's terms: units in key order (so that
// the order the caller gave them in changes nothing), with cumulative
// demand and capacity per month, and the cumulative contribution of one
// post of each kind.
type model struct {
	units  []munit
	months int
	// post[k][m] is what one post of kind k brings to each cumulative
	// level in month m once filled (before FromMonth it brings nothing).
	post [numKinds][][3]float64
	// trainee[j] is what a trainee brings j months after starting.
	trainee [][3]float64
	// limit bounds the work of the exact search of the later levels.
	limit int
}

// munit is one unit: a[m][k] the work that pools 0..k must carry, c[m][k]
// the capacity of pools 0..k (base staff plus posts of earlier stages
// plus transfers), and the bounds on new posts left to it.
type munit struct {
	src    int // index in Problem.Units
	key    string
	scope  string // key at the transfers' scope
	a, c   [][3]float64
	lo, hi int // posts still to give at least / at most (hi: math.MaxInt32 for none)
	cases  float64
}

// The kinds of post.
const (
	kindPO = iota
	kindPSO
	kindTrainee // one per cohort stage, with its own profile
	numKinds
)

const noMax = math.MaxInt32

func newModel(p *Problem) *model {
	order := make([]int, len(p.Units))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(p.Units[a].Key, p.Units[b].Key) })
	md := &model{months: len(p.Dates)}
	for k, series := range [][]PoolPoints{p.POPost, p.PSOPost} {
		md.post[k] = make([][3]float64, md.months)
		for m := p.Budget.FromMonth; m < md.months; m++ {
			md.post[k][m] = series[m-p.Budget.FromMonth].cumulative()
		}
	}
	md.trainee = make([][3]float64, md.months)
	for j, v := range p.Trainee {
		md.trainee[j] = v.cumulative()
	}
	for _, i := range order {
		u := &p.Units[i]
		mu := munit{src: i, key: u.Key, scope: u.Place.Key(p.Transfers.Scope), lo: u.MinPosts, hi: noMax, cases: u.Cases,
			a: make([][3]float64, md.months), c: make([][3]float64, md.months)}
		if u.MaxPosts != nil {
			mu.hi = *u.MaxPosts
		}
		for m := range md.months {
			mu.a[m] = u.Demand[m].Cumulative()
			mu.c[m] = u.Supply[m].Cumulative()
		}
		md.units = append(md.units, mu)
	}
	return md
}

// cohortProfile returns the contribution of one trainee of a cohort that
// starts in month s.
func (md *model) cohortProfile(s int) [][3]float64 {
	out := make([][3]float64, md.months)
	for m := s; m < md.months; m++ {
		out[m] = md.trainee[m-s]
	}
	return out
}

// ratio returns 100 a / c, 0 when there is no work and +Inf when there is
// work and no capacity.
func ratio(a, c float64) float64 {
	switch {
	case a <= 0:
		return 0
	case c <= 0:
		return math.Inf(1)
	}
	return 100 * a / c
}

// pct returns the workload % of unit u in month m with x posts of the
// profile prof added: the highest, over the nested pools, of the work
// only they may hold over their capacity (see the package doc).
func (u *munit) pct(m int, prof [][3]float64, x float64) float64 {
	l := 0.0
	for k := range 3 {
		c := u.c[m][k]
		if prof != nil {
			c += x * prof[m][k]
		}
		l = max(l, ratio(u.a[m][k], c))
	}
	return l
}

// pct2 is pct with p posts of one profile and s of another.
func (u *munit) pct2(m int, pp [][3]float64, p float64, ps [][3]float64, s float64) float64 {
	l := 0.0
	for k := range 3 {
		l = max(l, ratio(u.a[m][k], u.c[m][k]+p*pp[m][k]+s*ps[m][k]))
	}
	return l
}

// binding returns the level whose ratio gives pct in month m (0 = PO-only
// work).
func (u *munit) binding(m int) int {
	best, lv := -1.0, 0
	for k := range 3 {
		if r := ratio(u.a[m][k], u.c[m][k]); r > best {
			best, lv = r, k
		}
	}
	return lv
}

// tail is the part of the objective after the highest %: unit-months over
// 110% and over 100%, and the sum of squared workload %s.
type tail struct {
	over110, over100 int
	sq               float64
}

func (t tail) plus(o tail) tail {
	return tail{t.over110 + o.over110, t.over100 + o.over100, t.sq + o.sq}
}

// cmpTail orders tails lexicographically.
func cmpTail(a, b tail) int {
	switch {
	case a.over110 != b.over110:
		return cmp.Compare(a.over110, b.over110)
	case a.over100 != b.over100:
		return cmp.Compare(a.over100, b.over100)
	case a.sq < b.sq:
		return -1
	case a.sq > b.sq:
		return 1
	}
	return 0
}

// score is the whole objective.
type score struct {
	highest float64
	tail
}

func cmpScore(a, b score) int {
	switch {
	case a.highest < b.highest:
		return -1
	case a.highest > b.highest:
		return 1
	}
	return cmpTail(a.tail, b.tail)
}

// monthScore adds one unit-month's workload % to s.
func (s *score) add(l float64) {
	s.highest = max(s.highest, l)
	if l > 110 {
		s.over110++
	}
	if l > 100 {
		s.over100++
	}
	s.sq += l * l
}

// unitScore returns unit u's score with x posts of profile prof.
func (u *munit) score(prof [][3]float64, x int) score {
	var s score
	for m := range u.a {
		s.add(u.pct(m, prof, float64(x)))
	}
	return s
}

// unitScore2 returns unit u's score with p posts of profile pp and s of ps.
func (u *munit) score2(pp [][3]float64, p int, ps [][3]float64, s int) score {
	var sc score
	for m := range u.a {
		sc.add(u.pct2(m, pp, float64(p), ps, float64(s)))
	}
	return sc
}

// highest returns the unit's highest workload % with x posts of prof.
func (u *munit) highest(prof [][3]float64, x int) float64 {
	l := 0.0
	for m := range u.a {
		l = max(l, u.pct(m, prof, float64(x)))
	}
	return l
}

// give adds x posts of profile prof to the unit's capacity.
func (u *munit) give(prof [][3]float64, x int) {
	if x == 0 {
		return
	}
	for m := range u.c {
		for k := range 3 {
			u.c[m][k] += float64(x) * prof[m][k]
		}
	}
	u.lo = max(u.lo-x, 0)
	if u.hi != noMax {
		u.hi -= x
	}
}

// total returns the score of every unit as it stands.
func (md *model) total() score {
	var s score
	for i := range md.units {
		s = s.join(md.units[i].score(nil, 0))
	}
	return s
}

// join combines the scores of two sets of units.
func (s score) join(o score) score {
	return score{max(s.highest, o.highest), s.tail.plus(o.tail)}
}

// clone returns a copy of the model whose capacities may change apart.
func (md *model) clone() *model {
	out := *md
	out.units = slices.Clone(md.units)
	for i := range out.units {
		out.units[i].c = slices.Clone(out.units[i].c)
	}
	return &out
}
