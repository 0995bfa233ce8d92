package allocation

import (
	"cmp"
	"math"
	"slices"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// eligibility is the part of a grades.Policy that allocation reads.
type eligibility interface {
	Eligible(grades.Profile) (ok, warn grades.Set)
	Decide(grades.Profile, grades.Grade) grades.Decision
}

var _ eligibility = (*grades.Policy)(nil)

// Limits on record values that keep every sum inside int64 and inside the
// flow engine's overflow bounds.
const (
	maxPoints    = 100_000    // per case
	maxAvailable = 10_000_000 // per practitioner, available or held
)

// model is a validated Problem in canonical order (cases and
// practitioners sorted by ID, so that nothing depends on input order),
// with every eligible (case, practitioner) pair and its cost per point.
// It is immutable once built and shared by every strategy and by the
// Result's explanations.
type model struct {
	prob *Problem
	prm  params
	pol  eligibility

	// Cases, in ID order.
	ci    []int   // index in prob.Cases
	w     []int64 // points
	cur   []int32 // current practitioner, -1 if none
	prev  []int32 // previous practitioner, -1 if none or not in the problem
	hist  []bool  // has a current or previous practitioner (continuity applies)
	start []int32 // eligible pairs of case j: arcs start[j] .. start[j+1]-1
	arcP  []int32 // practitioner of each pair, ascending within a case
	arcC  []int64 // cost per point of each pair
	block []Reason

	// Practitioners, in ID order.
	pi     []int
	pidx   map[string]int32
	avail  []int64
	load0  []int64 // load outside the problem
	before []int64 // load0 plus the problem cases they hold now
	maxNew []int32 // 0: no limit
	hcap   []int64 // absolute load ceiling; noCap if none
	bp     []int64 // K breakpoints per practitioner, bp[i*K+k]
	cumPen []int64 // penalty at each breakpoint, cumPen[i*K+k] = P_i(bp[i*K+k])
	price  []int64 // K band prices
	K      int
	rank   []int8 // grade rank of the HMPPS sort: PO 3, PSO 2, PQiP 1, else 0

	unplaced int64 // objective charge per point of a placeable case left unplaced (plus the same once per case)
	hard     bool  // some hard limit (HardCap or MaxNew) can bind
}

const noCap = math.MaxInt64 / 4

func (m *model) nc() int { return len(m.ci) }
func (m *model) np() int { return len(m.pi) }

func (m *model) caseOf(j int) *Case                 { return &m.prob.Cases[m.ci[j]] }
func (m *model) practitionerOf(i int) *Practitioner { return &m.prob.Practitioners[m.pi[i]] }

// penalty returns the overload penalty of practitioner i at load x: the
// penalty at the highest breakpoint below x plus that band's price per
// point above it.
func (m *model) penalty(i int, x int64) int64 {
	base := i * m.K
	bp := m.bp[base : base+m.K]
	if x <= bp[0] {
		return 0
	}
	k := 0
	for k+1 < len(bp) && x > bp[k+1] {
		k++
	}
	return m.cumPen[base+k] + m.price[k]*(x-bp[k])
}

// band is a window of up to three consecutive linear pieces of a
// practitioner's penalty, the one that held load x when it was set and
// its neighbours: for lo < x ≤ hi, P(x) = max over the window of
// off_t + price_t·x, as P is convex, so it is the greatest of its
// pieces. The window keeps a practitioner whose load sits at a
// breakpoint, where the search often leaves it, in one window.
type band struct {
	lo, hi     int64
	off, price [3]int64
	// slope is the left derivative of P at the x the window was set for:
	// the price of the band holding the points just below x (0 at or
	// below 100%). As P is convex, P(y) ≥ P(x) + slope·(y − x) for
	// every y, a lower bound the search uses to skip candidates.
	slope int64
	i     int // the practitioner
}

const bandInf = int64(1) << 60

// bandOf returns the window of practitioner i's penalty around load x.
// Its slope is the left derivative of P_i at x.
func (m *model) bandOf(i int, x int64) band {
	b := band{i: i}
	m.setBand(&b, x)
	return b
}

// piece returns the bounds and the line of piece q of practitioner i's
// penalty: piece 0 is the load at or below 100% (penalty 0), piece k+1
// band k, lo < x ≤ hi.
func (m *model) piece(i, q int) (lo, hi, off, price int64) {
	base := i * m.K
	if q == 0 {
		return -bandInf, m.bp[base], 0, 0
	}
	k := q - 1
	hi = bandInf
	if k+1 < m.K {
		hi = m.bp[base+k+1]
	}
	lo, price = m.bp[base+k], m.price[k]
	return lo, hi, m.cumPen[base+k] - price*lo, price
}

// setBand sets *b to the window of its practitioner's penalty around
// load x.
func (m *model) setBand(b *band, x int64) {
	i := b.i
	base := i * m.K
	bp := m.bp[base : base+m.K]
	q := 0 // the piece that holds x
	if x > bp[0] {
		q = 1
		for q < len(bp) && x > bp[q] {
			q++
		}
	}
	first, last := max(q-1, 0), min(q+1, m.K)
	b.lo, _, _, _ = m.piece(i, first)
	_, b.hi, _, _ = m.piece(i, last)
	for t := range 3 {
		_, _, b.off[t], b.price[t] = m.piece(i, min(first+t, last))
	}
	_, _, _, b.slope = m.piece(i, q)
}

// penaltyIn returns penalty(b.i, x) from the window *b of b.i's penalty
// (from bandOf), first moving *b around x if it does not hold x. It does
// not inline; the hot loops write it out with holds and at.
func (m *model) penaltyIn(b *band, x int64) int64 {
	if !b.holds(x) {
		m.setBand(b, x)
	}
	return b.at(x)
}

// holds reports whether the window holds load x.
func (b *band) holds(x int64) bool { return x > b.lo && x <= b.hi }

// at returns the penalty at a load x the window holds.
func (b *band) at(x int64) int64 {
	return max(b.off[0]+b.price[0]*x, b.off[1]+b.price[1]*x, b.off[2]+b.price[2]*x)
}

// isNew reports whether placing case j with i gives i a new case.
func (m *model) isNew(j, i int) bool { return m.cur[j] != int32(i) }

func gradeRank(g grades.Grade) int8 {
	switch {
	case g == grades.PO:
		return 3
	case g == grades.PSO:
		return 2
	case g.IsPQiP():
		return 1
	}
	return 0
}

// qualified reports whether g is a qualified officer grade for the
// over-skilling cost.
func qualified(g grades.Grade) bool { return g == grades.PO || g == grades.NQO || g == grades.SPO }

// caseTier is the v2 tier used for over-skilling: Case.Tier, or the
// profile's tier when Case.Tier is Untiered.
func caseTier(c *Case) tiering.Tier {
	if c.Tier != tiering.Untiered {
		return c.Tier
	}
	return c.Risk.Tier
}

// costParts is the cost model for case j with practitioner i, per point,
// term by term. ok and warn are the policy's sets for the case.
func (m *model) costParts(j, i int, ok, warn grades.Set) Cost {
	c, p := m.caseOf(j), m.practitionerOf(i)
	var k Cost
	if !c.Location.IsZero() && !p.Location.IsZero() {
		d := math.Hypot(c.Location.X-p.Location.X, c.Location.Y-p.Location.Y)
		k.Distance = int64(math.Round(d * float64(m.prm.Distance)))
	}
	if m.hist[j] && m.cur[j] != int32(i) && m.prev[j] != int32(i) {
		k.Continuity = m.prm.Continuity
	}
	if p.Team != c.Team {
		k.CrossTeam = m.prm.CrossTeam
	}
	if qualified(p.Grade) && ok.Has(grades.PSO) {
		if pr := caseTier(c).Protect(); pr == tiering.ProtectC || pr == tiering.ProtectD {
			k.OverSkill = m.prm.OverSkill
		}
	}
	if warn.Has(p.Grade) {
		k.SoftRule = m.prm.SoftRule
	}
	if m.cur[j] >= 0 && m.cur[j] != int32(i) {
		k.Move = m.prm.MoveCost
	}
	return k
}

func sortedOrder[T any](xs []T, id func(*T) string) []int {
	ord := make([]int, len(xs))
	for i := range ord {
		ord[i] = i
	}
	slices.SortStableFunc(ord, func(a, b int) int { return cmp.Compare(id(&xs[a]), id(&xs[b])) })
	return ord
}

func finite(l float64) bool { return !math.IsNaN(l) && !math.IsInf(l, 0) }

// build validates p and builds the model. It returns a *ProblemError
// listing every bad field.
func build(p *Problem, prm params, pol eligibility) (*model, error) {
	m := &model{prob: p, prm: prm, pol: pol}
	var errs []FieldError
	bad := func(rec string, idx int, id, field, msg string) {
		errs = append(errs, FieldError{Record: rec, Index: idx, ID: id, Field: field, Msg: msg})
	}

	// Practitioners.
	m.pi = sortedOrder(p.Practitioners, func(x *Practitioner) string { return x.ID })
	np := len(m.pi)
	m.pidx = make(map[string]int32, np)
	m.avail = make([]int64, np)
	m.load0 = make([]int64, np)
	m.maxNew = make([]int32, np)
	m.rank = make([]int8, np)
	for i, k := range m.pi {
		x := &p.Practitioners[k]
		switch {
		case x.ID == "":
			bad("practitioner", k, x.ID, "ID", "empty")
		case i > 0 && p.Practitioners[m.pi[i-1]].ID == x.ID:
			bad("practitioner", k, x.ID, "ID", "duplicate")
		}
		m.pidx[x.ID] = int32(i)
		if !x.Grade.IsValid() {
			bad("practitioner", k, x.ID, "Grade", "invalid grade")
		}
		if x.Available < 0 || x.Available > maxAvailable {
			bad("practitioner", k, x.ID, "Available", "not in 0..10,000,000 points")
		}
		if x.Load < 0 || x.Load > maxAvailable {
			bad("practitioner", k, x.ID, "Load", "not in 0..10,000,000 points")
		}
		if x.MaxNew < 0 {
			bad("practitioner", k, x.ID, "MaxNew", "negative")
		}
		if !finite(x.Location.X) || !finite(x.Location.Y) {
			bad("practitioner", k, x.ID, "Location", "not a finite point")
		}
		m.avail[i] = int64(x.Available)
		m.load0[i] = int64(x.Load)
		m.maxNew[i] = int32(min(x.MaxNew, math.MaxInt32))
		m.rank[i] = gradeRank(x.Grade)
	}

	// Cases.
	m.ci = sortedOrder(p.Cases, func(x *Case) string { return x.ID })
	nc := len(m.ci)
	m.w = make([]int64, nc)
	m.cur = make([]int32, nc)
	m.prev = make([]int32, nc)
	m.hist = make([]bool, nc)
	m.block = make([]Reason, nc)
	for j, k := range m.ci {
		c := &p.Cases[k]
		switch {
		case c.ID == "":
			bad("case", k, c.ID, "ID", "empty")
		case j > 0 && p.Cases[m.ci[j-1]].ID == c.ID:
			bad("case", k, c.ID, "ID", "duplicate")
		}
		if c.Points < 0 || c.Points > maxPoints {
			bad("case", k, c.ID, "Points", "not in 0..100,000")
		}
		if !finite(c.Location.X) || !finite(c.Location.Y) {
			bad("case", k, c.ID, "Location", "not a finite point")
		}
		m.w[j] = int64(c.Points)
		m.cur[j], m.prev[j] = -1, -1
		if c.Current != "" {
			if i, ok := m.pidx[c.Current]; ok {
				m.cur[j] = i
			} else {
				bad("case", k, c.ID, "Current", "unknown practitioner "+c.Current)
			}
		}
		if i, ok := m.pidx[c.Previous]; ok && c.Previous != "" {
			m.prev[j] = i
		}
		m.hist[j] = c.Current != "" || c.Previous != ""
	}
	if len(errs) > 0 {
		return nil, &ProblemError{Problems: errs}
	}

	m.before = slices.Clone(m.load0)
	for j := range m.w {
		if m.cur[j] >= 0 {
			m.before[m.cur[j]] += m.w[j]
		}
	}
	m.buildBands()
	m.buildArcs()
	return m, nil
}

func (m *model) buildBands() {
	np := m.np()
	m.K = len(m.prm.bands)
	m.price = make([]int64, m.K)
	cum := make([]int64, m.K)
	var c int64
	for k, b := range m.prm.bands {
		m.price[k] = b.Cost
		cum[k] = c
		c += int64(b.Width)
	}
	m.bp = make([]int64, np*m.K)
	m.cumPen = make([]int64, np*m.K)
	m.hcap = make([]int64, np)
	for i := range np {
		for k := range m.K {
			m.bp[i*m.K+k] = m.avail[i] * (100 + cum[k]) / 100
		}
		for k := 1; k < m.K; k++ {
			m.cumPen[i*m.K+k] = m.cumPen[i*m.K+k-1] + m.price[k-1]*(m.bp[i*m.K+k]-m.bp[i*m.K+k-1])
		}
		m.hcap[i] = noCap
		if m.prm.HardCap > 0 {
			m.hcap[i] = max(m.avail[i]*int64(m.prm.HardCap)/100, m.before[i])
			m.hard = true
		}
		if m.maxNew[i] > 0 {
			m.hard = true
		}
	}
}

// scopeIndex maps a scope key (team, PDU or region) to the available
// practitioners in it, ascending.
type scopeIndex struct {
	m     *model
	lists map[string][]int32
	merge map[string][]int32 // SameTeam: team plus neighbours
	all   []int32
}

func (m *model) newScopeIndex() *scopeIndex {
	s := &scopeIndex{m: m, lists: map[string][]int32{}, merge: map[string][]int32{}}
	for i := range m.np() {
		p := m.practitionerOf(i)
		if p.Unavailable {
			continue
		}
		var key string
		switch m.prm.Scope {
		case SameTeam:
			key = p.Team
		case SamePDU:
			key = p.PDU
		case SameRegion:
			key = p.Region
		}
		s.lists[key] = append(s.lists[key], int32(i))
		s.all = append(s.all, int32(i))
	}
	return s
}

func (s *scopeIndex) candidates(c *Case) []int32 {
	switch s.m.prm.Scope {
	case SamePDU:
		return s.lists[c.PDU]
	case SameRegion:
		return s.lists[c.Region]
	case Anywhere:
		return s.all
	}
	if l, ok := s.merge[c.Team]; ok {
		return l
	}
	l := slices.Clone(s.lists[c.Team])
	for _, t := range s.m.prob.Neighbours[c.Team] {
		if t != c.Team {
			l = append(l, s.lists[t]...)
		}
	}
	slices.Sort(l)
	l = slices.Compact(l)
	s.merge[c.Team] = l
	return l
}

type profileSets struct{ ok, warn grades.Set }

// buildArcs lists every eligible pair: the practitioner is available, in
// scope (or holds the case now), of a grade the policy allows, allowed by
// the case's restricted-access lists, and could take the case without
// passing their hard cap.
func (m *model) buildArcs() {
	nc := m.nc()
	sx := m.newScopeIndex()
	sets := map[grades.Profile]profileSets{}
	m.start = make([]int32, nc+1)
	m.arcP = make([]int32, 0, nc*8)
	m.arcC = make([]int64, 0, nc*8)
	for j := range nc {
		c := m.caseOf(j)
		ps, ok := sets[c.Risk]
		if !ok {
			ps.ok, ps.warn = m.pol.Eligible(c.Risk)
			sets[c.Risk] = ps
		}
		cands := sx.candidates(c)
		cur := m.cur[j]
		if cur >= 0 && !m.practitionerOf(int(cur)).Unavailable {
			if _, in := slices.BinarySearch(cands, cur); !in {
				cands = slices.Insert(slices.Clone(cands), sortedPos(cands, cur), cur)
			}
		}
		restricted := len(c.RestrictedTo) > 0 || len(c.ExcludedFrom) > 0
		nGrade, nLAO := 0, 0
		for _, i := range cands {
			p := m.practitionerOf(int(i))
			if !ps.ok.Has(p.Grade) {
				continue
			}
			nGrade++
			if restricted && !laoAllows(c, p.ID) {
				continue
			}
			nLAO++
			if cur != i && m.load0[i]+m.w[j] > m.hcap[i] {
				continue
			}
			m.arcP = append(m.arcP, i)
			m.arcC = append(m.arcC, m.costParts(j, int(i), ps.ok, ps.warn).perPoint())
		}
		m.start[j+1] = int32(len(m.arcP))
		if m.start[j+1] == m.start[j] {
			switch {
			case nGrade == 0:
				m.block[j] = NoEligible
			case nLAO == 0:
				m.block[j] = Restricted
			default:
				m.block[j] = AtCap
			}
		}
	}
}

func sortedPos(l []int32, v int32) int {
	k, _ := slices.BinarySearch(l, v)
	return k
}

// laoAllows reports whether a restricted-access case's lists allow
// practitioner id: on RestrictedTo (when it is not empty) and not on
// ExcludedFrom (hmpps-allocations LaoService, allocation.md §2.5).
func laoAllows(c *Case, id string) bool {
	if len(c.RestrictedTo) > 0 && !slices.Contains(c.RestrictedTo, id) {
		return false
	}
	return !slices.Contains(c.ExcludedFrom, id)
}
