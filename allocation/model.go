package allocation

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/check"
)

// eligibility is the part of a grades.Policy that allocation reads.
type eligibility interface {
	Eligible(grades.Profile) (ok, warn grades.Set)
	Decide(grades.Profile, grades.Grade) grades.Decision
}

var _ eligibility = (*grades.Policy)(nil)

// instance is a validated Problem in canonical order (cases and
// practitioners sorted by ID, so that nothing depends on input order):
// its own copy of the records, every eligible (case, practitioner) pair
// and its cost per point, and each practitioner's penalty bands. It is
// immutable once built; models with other hard limits share it (see
// model), and a Result keeps it, so nothing the caller does to the
// Problem afterwards changes a Result.
type instance struct {
	prm     params
	pol     eligibility
	weights Weights

	cases         []Case // in ID order, lists copied
	practitioners []Practitioner
	neighbours    map[string][]string

	// Cases, in ID order.
	w     []int64 // points
	cur   []int32 // current practitioner, -1 if none
	prev  []int32 // previous practitioner, -1 if none or not in the problem
	hist  []bool  // has a current or previous practitioner (continuity applies)
	start []int32 // eligible pairs of case j: arcs start[j] .. start[j+1]-1
	arcP  []int32 // practitioner of each pair, ascending within a case
	arcC  []int64 // cost per point of each pair
	// arcBits are the bits of each pair's indicator terms (totalBits).
	arcBits []uint8
	// maxCost is the largest arcC.
	maxCost int64
	block   []Reason
	// sets[j] are the policy's sets for case j (grades.Policy.Eligible).
	sets []profileSets

	// Practitioners, in ID order.
	pidx   map[string]int32
	avail  []int64
	load0  []int64 // load outside the problem
	before []int64 // load0 plus the problem cases they hold now
	maxNew []int32 // 0: no limit
	cap0   []int64 // load ceiling under Settings.HardCap; noCap if none
	bp     []int64 // K breakpoints per practitioner, bp[i*K+k]
	cumPen []int64 // penalty at each breakpoint, cumPen[i*K+k] = P_i(bp[i*K+k])
	price  []int64 // K band prices (pen.price)
	K      int
	pen    penaltyTable
	rank   []int8 // grade rank of the HMPPS sort: PO 3, PSO 2, PQiP 1, else 0

	// parts are the independent parts of the problem (parts.go); nil
	// for a part's own instance.
	parts []part
}

// model is an instance under hard limits: a load ceiling per
// practitioner, whether any limit can bind, and the charge for a case
// left unplaced that follows from them. Solve's model has the limits of
// the Settings; MinMax derives models with tighter ceilings (withCeiling),
// each with limits of its own and the same instance.
type model struct {
	*instance
	// keep, when not nil, lists the eligible pairs the relaxation may
	// use; the others carry no flow (relaxWarm sets it for its flows and
	// clears it).
	keep     []bool
	hcap     []int64 // absolute load ceiling; noCap if none
	hard     bool    // some hard limit (a ceiling or MaxNew) can bind
	unplaced int64   // objective charge per point of a placeable case left unplaced (plus the same once per case)
	// unit, when positive, is the points per unit of flow of the
	// relaxation, set by the whole problem's model for a part's (parts.go);
	// 0 derives it from the cases (flowUnit).
	unit int64
}

const noCap = math.MaxInt64 / 4

func (m *instance) nc() int { return len(m.w) }
func (m *instance) np() int { return len(m.avail) }

// withCeiling returns a model of the same instance whose load ceiling for
// practitioner i is min(the instance's cap, max(ceil(i), the load i holds
// now)), so that no one is forced to give up cases.
func (m *model) withCeiling(ceil func(i int) int64) *model {
	d := &model{instance: m.instance, hcap: make([]int64, m.np()), hard: true}
	for i := range d.hcap {
		d.hcap[i] = min(m.cap0[i], max(ceil(i), m.before[i]))
	}
	d.setUnplacedCharge()
	return d
}

// caseSets returns the policy's sets for case j.
func (m *instance) caseSets(j int) profileSets {
	if m.sets != nil {
		return m.sets[j]
	}
	ok, warn := m.pol.Eligible(m.cases[j].Risk)
	return profileSets{ok, warn}
}

// isNew reports whether placing case j with i gives i a new case.
func (m *instance) isNew(j, i int) bool { return m.cur[j] != int32(i) }

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

// sortedOrder returns the indices of xs sorted by ID (stable), or nil
// when w stops it. Records often come in ID order already, which is
// checked first; otherwise a bottom-up merge sort counts each element it
// moves on w.
func sortedOrder[T any](xs []T, id func(*T) string, w *watch) []int {
	n := len(xs)
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	if w.tick(int64(n)) {
		return nil
	}
	less := func(a, b int) bool { return id(&xs[a]) < id(&xs[b]) }
	if !slices.IsSortedFunc(ord, func(a, b int) int { return cmp.Compare(id(&xs[a]), id(&xs[b])) }) {
		// Runs of sortRun, sorted by insertion, then merged pairwise.
		const sortRun = 32
		for lo := 0; lo < n; lo += sortRun {
			run := ord[lo:min(lo+sortRun, n)]
			for i := 1; i < len(run); i++ {
				for k := i; k > 0 && less(run[k], run[k-1]); k-- {
					run[k], run[k-1] = run[k-1], run[k]
				}
			}
			if w.tick(sortRun * 4) {
				return nil
			}
		}
		buf := make([]int, n)
		for width := sortRun; width < n; width *= 2 {
			for lo := 0; lo < n; lo += 2 * width {
				mid, hi := min(lo+width, n), min(lo+2*width, n)
				a, b, k := lo, mid, lo
				for a < mid && b < hi {
					if less(ord[b], ord[a]) {
						buf[k] = ord[b]
						b++
					} else {
						buf[k] = ord[a]
						a++
					}
					k++
				}
				k += copy(buf[k:], ord[a:mid])
				copy(buf[k:], ord[b:hi])
				if w.tick(int64(hi - lo)) {
					return nil
				}
			}
			ord, buf = buf, ord
		}
	}
	return ord
}

// build validates p and builds its model under the limits of prm. It
// returns a *probation.ValidationError listing every bad field.
func build(p *Problem, prm params, pol eligibility) (*model, error) {
	return buildWatched(nil, p, prm, pol)
}

// buildWatched is build counting its work on w; it returns a nil model
// and a nil error when w stops it.
func buildWatched(w *watch, p *Problem, prm params, pol eligibility) (*model, error) {
	return buildFrom(w, p, prm, pol, nil, nil)
}

// buildFrom is buildWatched with, when ro is not nil, the practitioners
// of ro (a roster built by newRoster under the same Settings and
// neighbours, so validated already) at the loads load0, in ro's order, in
// place of p.Practitioners: an Engine's batch, whose practitioners seldom
// change between batches, reuses its roster. The loads are validated as
// p's would be.
func buildFrom(w *watch, p *Problem, prm params, pol eligibility, ro *roster, load0 []int64) (*model, error) {
	in := &instance{prm: prm, pol: pol, weights: prm.weights, neighbours: maps.Clone(p.Neighbours)}
	errs := check.List{Op: "allocation.Solve"}
	bad := func(rec string, idx int, id, field, value, msg string) {
		errs.Add(probation.FieldError{Record: rec, Index: idx, ID: id, Field: field, Value: value, Message: msg})
	}

	if n := len(p.Cases); n > maxCases {
		bad("problem", -1, "", "cases", strconv.Itoa(n), fmt.Sprintf("want at most %d cases: split the problem", maxCases))
	}
	if n := len(p.Practitioners); n > maxPractitioners {
		bad("problem", -1, "", "practitioners", strconv.Itoa(n), fmt.Sprintf("want at most %d practitioners: split the problem", maxPractitioners))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}

	// Practitioners.
	if ro == nil {
		ro = newRoster(w, p.Practitioners, prm, in.neighbours, bad)
		if ro == nil {
			return nil, nil
		}
		load0 = make([]int64, len(p.Practitioners))
		for i, k := range ro.order {
			load0[i] = int64(p.Practitioners[k].Load)
		}
	} else {
		for i, l := range load0 {
			if l < 0 || l > maxAvailable {
				bad("practitioner", i, ro.practitioners[i].ID, "load_points", strconv.FormatInt(l, 10), fmt.Sprintf("want 0 to %d points", maxAvailable))
			}
		}
	}
	in.practitioners, in.pidx, in.avail, in.load0 = ro.practitioners, ro.pidx, ro.avail, load0
	in.maxNew, in.rank, in.bp, in.cumPen = ro.maxNew, ro.rank, ro.bp, ro.cumPen

	// Cases.
	cord := sortedOrder(p.Cases, func(x *Case) string { return x.ID }, w)
	if cord == nil && len(p.Cases) > 0 {
		return nil, nil
	}
	nc := len(cord)
	in.cases = make([]Case, nc)
	in.w = make([]int64, nc)
	in.cur = make([]int32, nc)
	in.prev = make([]int32, nc)
	in.hist = make([]bool, nc)
	in.block = make([]Reason, nc)
	for j, k := range cord {
		if w.tick(4) {
			return nil, nil
		}
		c := p.Cases[k]
		c.RestrictedTo, c.ExcludedFrom = slices.Clip(slices.Clone(c.RestrictedTo)), slices.Clip(slices.Clone(c.ExcludedFrom))
		in.cases[j] = c
		checkID(bad, "case", k, c.ID, j > 0 && p.Cases[cord[j-1]].ID == c.ID)
		if c.Points < 0 || c.Points > maxPoints {
			bad("case", k, c.ID, "points", strconv.Itoa(c.Points), fmt.Sprintf("want 0 to %d points", maxPoints))
		}
		if !c.Risk.IsValid() {
			bad("case", k, c.ID, "risk", c.Risk.String(), "want valid RoSH, tiers, MAPPA level and category")
		}
		if c.Tier != 0 && !c.Tier.IsValid() {
			bad("case", k, c.ID, "tier", c.Tier.String(), "want a v2 tier such as B2, or none")
		}
		checkLocation(bad, "case", k, c.ID, c.Location)
		for _, l := range [...]struct {
			field string
			ids   []string
		}{{"restricted_to", c.RestrictedTo}, {"excluded_from", c.ExcludedFrom}} {
			for n, id := range l.ids {
				if id == "" || strings.TrimSpace(id) != id {
					bad("case", k, c.ID, fmt.Sprintf("%s[%d]", l.field, n), id, "want a practitioner ID, not empty and without surrounding space")
				}
			}
		}
		in.w[j] = int64(c.Points)
		in.cur[j], in.prev[j] = -1, -1
		if c.Current != "" {
			if i, ok := in.pidx[c.Current]; ok {
				in.cur[j] = i
			} else {
				bad("case", k, c.ID, "current", c.Current, "not a practitioner of the problem")
			}
		}
		if i, ok := in.pidx[c.Previous]; ok && c.Previous != "" {
			in.prev[j] = i
		}
		in.hist[j] = c.Current != "" || c.Previous != ""
	}
	sx := &scopeIndex{m: in, lists: ro.lists, merge: ro.merge, all: ro.all}
	if n := sx.pairs(in); n > maxPairs {
		bad("settings", -1, "", "scope", prm.Scope.String(), fmt.Sprintf("%d candidate pairs (cases × practitioners in their %s); want at most %d: narrow the scope or split the problem", n, prm.Scope, maxPairs))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}

	in.before = slices.Clone(in.load0)
	for j := range in.w {
		if in.cur[j] >= 0 {
			in.before[in.cur[j]] += in.w[j]
		}
	}
	in.buildBands()
	m := &model{instance: in, hcap: in.cap0, hard: prm.HardCap > 0 || slices.ContainsFunc(in.maxNew, func(n int32) bool { return n > 0 })}
	if !m.buildArcs(sx, w) {
		return nil, nil
	}
	for lo := 0; lo < len(m.arcC); lo += checkEvery {
		for _, c := range m.arcC[lo:min(lo+checkEvery, len(m.arcC))] {
			m.maxCost = max(m.maxCost, c)
		}
		if w.tick(checkEvery / 4) {
			return nil, nil
		}
	}
	m.setUnplacedCharge()
	if in.parts = m.findParts(w); in.parts == nil && len(m.arcP) > 0 {
		return nil, nil
	}
	return m, nil
}

// checkID reports an empty ID, an ID with surrounding space, or a
// duplicate.
func checkID(bad func(rec string, idx int, id, field, value, msg string), rec string, k int, id string, dup bool) {
	switch {
	case id == "":
		bad(rec, k, id, "id", "", "want an ID, not empty")
	case strings.TrimSpace(id) != id:
		bad(rec, k, id, "id", id, "want no leading or trailing space")
	case dup:
		bad(rec, k, id, "id", id, "duplicate: IDs must be unique")
	}
}

// checkLocation reports a coordinate that is not finite or is out of
// range.
func checkLocation(bad func(rec string, idx int, id, field, value, msg string), rec string, k int, id string, l caseload.Location) {
	for _, c := range [...]struct {
		field string
		v     float64
	}{{"location.x_km", l.X}, {"location.y_km", l.Y}} {
		if math.IsNaN(c.v) || math.Abs(c.v) > maxCoordinate {
			bad(rec, k, id, c.field, strconv.FormatFloat(c.v, 'g', -1, 64), fmt.Sprintf("want a finite coordinate within ±%d km", int(maxCoordinate)))
		}
	}
}

// buildBands sets the penalty table and the hard-cap ceiling of the
// Settings; the breakpoints are the roster's.
func (m *instance) buildBands() {
	np := len(m.practitioners)
	m.pen = newPenaltyTable(m.prm.bands)
	m.K = len(m.prm.bands)
	m.price = m.pen.price
	m.cap0 = make([]int64, np)
	for i := range np {
		m.cap0[i] = noCap
		if m.prm.HardCap > 0 {
			m.cap0[i] = max(m.avail[i]*int64(m.prm.HardCap)/100, m.before[i])
		}
	}
}

// roster is the practitioners' part of an instance, in ID order: their
// records (with Load 0: loads are the instance's load0), index, available
// points, MaxNew, grade rank, penalty breakpoints (K per practitioner)
// and the scope index's lists. It follows from the records, the
// Settings' bands and scope and the neighbours alone, and is immutable
// once built, so instances share it: an Engine's batches reuse one while
// no practitioner changes (engineState.roster).
type roster struct {
	order         []int // the input index of each, for validation errors
	practitioners []Practitioner
	pidx          map[string]int32
	avail         []int64
	maxNew        []int32
	rank          []int8
	bp, cumPen    []int64
	lists, merge  map[string][]int32 // scopeIndex's
	all           []int32
}

// newRoster validates ps and returns their roster under prm and the
// neighbours, each bad field reported to bad; nil when w stops it.
func newRoster(w *watch, ps []Practitioner, prm params, neighbours map[string][]string, bad func(rec string, idx int, id, field, value, msg string)) *roster {
	pord := sortedOrder(ps, func(x *Practitioner) string { return x.ID }, w)
	if pord == nil && len(ps) > 0 {
		return nil
	}
	np := len(pord)
	ro := &roster{order: pord}
	ro.practitioners = make([]Practitioner, np)
	ro.pidx = make(map[string]int32, np)
	ro.avail = make([]int64, np)
	ro.maxNew = make([]int32, np)
	ro.rank = make([]int8, np)
	for i, k := range pord {
		if w.tick(4) {
			return nil
		}
		x := ps[k]
		ro.practitioners[i] = x
		checkID(bad, "practitioner", k, x.ID, i > 0 && ps[pord[i-1]].ID == x.ID)
		ro.pidx[x.ID] = int32(i)
		if !x.Grade.IsValid() {
			bad("practitioner", k, x.ID, "grade", x.Grade.String(), "want a grade such as PO or PSO")
		}
		if x.Available < 0 || x.Available > maxAvailable {
			bad("practitioner", k, x.ID, "available_points", strconv.Itoa(x.Available), fmt.Sprintf("want 0 to %d points", maxAvailable))
		}
		if x.Load < 0 || x.Load > maxAvailable {
			bad("practitioner", k, x.ID, "load_points", strconv.Itoa(x.Load), fmt.Sprintf("want 0 to %d points", maxAvailable))
		}
		if x.MaxNew < 0 || x.MaxNew > maxMaxNew {
			bad("practitioner", k, x.ID, "max_new", strconv.Itoa(x.MaxNew), fmt.Sprintf("want 0 (no limit) to %d cases", maxMaxNew))
		}
		checkLocation(bad, "practitioner", k, x.ID, x.Location)
		ro.practitioners[i].Load = 0 // a model's loads are its load0
		ro.avail[i] = int64(x.Available)
		ro.maxNew[i] = int32(min(max(x.MaxNew, 0), maxMaxNew))
		ro.rank[i] = gradeRank(x.Grade)
	}
	pen := newPenaltyTable(prm.bands)
	K := len(prm.bands)
	ro.bp = make([]int64, np*K)
	ro.cumPen = make([]int64, np*K)
	for i := range np {
		pen.breakpoints(ro.avail[i], ro.bp[i*K:(i+1)*K], ro.cumPen[i*K:(i+1)*K])
	}
	sx := (&instance{prm: prm, practitioners: ro.practitioners, avail: ro.avail, neighbours: neighbours}).newScopeIndex()
	ro.lists, ro.merge, ro.all = sx.lists, sx.merge, sx.all
	return ro
}
