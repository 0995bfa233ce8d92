package allocation

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

// Recommendation is the answer of Engine.Recommend for one case.
type Recommendation struct {
	CaseID string `json:"case_id"`
	// Version is the engine's version the answer holds for.
	Version uint64 `json:"version"`
	Points  int    `json:"points"`
	// Best lists the best eligible practitioners, best first (ties by
	// ID): each Cost is the exact change of the objective, term by term,
	// if the case alone went to them (for its current holder, what it
	// costs there now), Extra is against the first, and Reason and
	// Detail say why each is not first.
	Best []Candidate `json:"best"`
	// Blocked lists the practitioners in the case's scope who cannot
	// take it, by ID, each with the rule or limit that stops them.
	Blocked []Candidate `json:"blocked"`
}

// String describes the recommendation in one line for a person.
func (r Recommendation) String() string {
	if len(r.Best) == 0 {
		return fmt.Sprintf("%s: no eligible practitioner (%d blocked)", r.CaseID, len(r.Blocked))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s at %.1f%%, cost %v", r.CaseID, r.Best[0].PractitionerID, r.Best[0].AfterPercent, r.Best[0].Cost)
	for _, c := range r.Best[1:] {
		fmt.Fprintf(&b, "; then %v", c)
	}
	return b.String()
}

// Workload returns a practitioner's workload now.
func (e *Engine) Workload(id string) (caseload.Workload, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.s.cl.Workload(id)
}

// Workloads returns every practitioner's workload now, in ID order.
func (e *Engine) Workloads() []caseload.Workload {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ws := e.s.cl.Workloads()
	slices.SortFunc(ws, func(a, b caseload.Workload) int { return cmp.Compare(a.Practitioner, b.Practitioner) })
	return ws
}

// Case returns the case with the given ID as the engine holds it.
func (e *Engine) Case(id string) (caseload.Case, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.s.cl.Case(id)
}

// Practitioner returns the practitioner with the given ID and whether
// they are unavailable for new cases.
func (e *Engine) Practitioner(id string) (p caseload.Practitioner, unavailable, ok bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	p, ok = e.s.cl.Practitioner(id)
	return p, e.s.unavailable[id], ok
}

// Policy returns the eligibility policy the engine decides with (the one
// given to NewEngine, or restored from a snapshot). A Policy is immutable
// and safe for concurrent use.
func (e *Engine) Policy() *grades.Policy {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.s.pol
}

// Caseload returns a copy of the live caseload.
func (e *Engine) Caseload() *caseload.Caseload {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.s.cl.Clone()
}

// Waiting is a case waiting for a practitioner.
type Waiting struct {
	CaseID string    `json:"case_id"`
	Since  time.Time `json:"since"`
}

// Waiting returns the cases waiting for a practitioner, oldest first
// (ties by ID).
func (e *Engine) Waiting() []Waiting {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := make([]Waiting, 0, len(e.s.waiting))
	for id, w := range e.s.waiting {
		out = append(out, Waiting{CaseID: id, Since: time.Unix(w.since, 0).UTC()})
	}
	slices.SortFunc(out, func(a, b Waiting) int {
		if c := a.Since.Compare(b.Since); c != 0 {
			return c
		}
		return cmp.Compare(a.CaseID, b.CaseID)
	})
	return out
}

// Impact returns the impact of the case on every practitioner in its
// scope (caseload.Impact: workload % now and with the case), in ID order.
func (e *Engine) Impact(caseID string) ([]caseload.Impact, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	s := &e.s
	c, ok := s.caseOf(caseID)
	if !ok {
		return nil, fmt.Errorf("%w: case %q", caseload.ErrUnknown, caseID)
	}
	rec, _ := s.cl.Case(caseID)
	var ids []string
	for _, i := range s.inScope(&c) {
		ids = append(ids, s.pracs[i].rec.ID)
	}
	return s.cl.Impact(rec, ids)
}

// Recommend returns the k best eligible practitioners for the case (all
// of them when k ≤ 0) and every practitioner in its scope who cannot
// take it, with why. The first choice is the one Solve would make for
// this case alone against the loads now (its objective change is least;
// ties go to the lower ID). It works for a waiting case and for a held
// one (a reallocation: the holder is priced as they are now). It returns
// an error wrapping caseload.ErrUnknown for an unknown case.
// O(practitioners in scope).
func (e *Engine) Recommend(caseID string, k int) (Recommendation, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	s := &e.s
	c, ok := s.caseOf(caseID)
	if !ok {
		return Recommendation{}, fmt.Errorf("%w: case %q", caseload.ErrUnknown, caseID)
	}
	best, blocked := s.rank(&c, k)
	return Recommendation{CaseID: caseID, Version: s.version, Points: c.Points, Best: best, Blocked: blocked}, nil
}

// rank prices case c with every practitioner in its scope: the k best
// eligible ones (all when k ≤ 0) by rising total (ties by ID), compared
// with the first, and the others by ID with why they cannot take it.
func (s *engineState) rank(c *Case, k int) (best, blocked []Candidate) {
	ok, warn := s.pol.Eligible(c.Risk)
	ps := profileSets{ok, warn}
	scope := s.inScope(c)
	best = make([]Candidate, 0, len(scope))
	var ruled [grades.NumGrades]string // the fired rules' text, once per grade
	for _, i := range scope {
		cd := s.price(c, i, ps, &ruled)
		if cd.Eligible {
			best = append(best, cd)
		} else {
			blocked = append(blocked, cd)
		}
	}
	slices.SortStableFunc(best, func(a, b Candidate) int { return cmp.Compare(a.Cost.Total(), b.Cost.Total()) })
	if k > 0 && len(best) > k {
		best = best[:k:k]
	}
	if len(best) > 0 {
		first := best[0].Cost
		for t := 1; t < len(best); t++ {
			best[t].Extra = best[t].Cost.Total() - first.Total()
			best[t].compare(first)
		}
	}
	return best, blocked
}

// price prices case c with practitioner i (policy sets ps): eligible with
// the cost of the case there (what it costs now for its holder, what it
// would add for anyone else), or not with the reason. ruled caches, per
// grade, the text of the rules that make it ineligible (nil: none).
func (s *engineState) price(c *Case, i int32, ps profileSets, ruled *[grades.NumGrades]string) Candidate {
	p := &s.pracs[i].rec
	l := s.load(i)
	cd := Candidate{PractitionerID: p.ID, AfterPercent: percent(l, int64(p.Available))}
	holder := c.Current == p.ID
	w := int64(c.Points)
	switch cd.Reason = s.bar(c, i, ps, l); cd.Reason {
	case 0:
	case Unavailable:
		cd.Detail = "unavailable"
		return cd
	case Ineligible:
		if ruled != nil && p.Grade.IsValid() && ruled[p.Grade] != "" {
			cd.Detail = ruled[p.Grade]
		} else {
			cd.Detail = fmt.Sprintf("%v ineligible under %s", p.Grade, s.firedRules(c, p))
			if ruled != nil && p.Grade.IsValid() {
				ruled[p.Grade] = cd.Detail
			}
		}
		return cd
	case Restricted:
		cd.Detail = "excluded by the restricted-access lists"
		return cd
	default: // AtLimit
		cd.Detail = fmt.Sprintf("would pass the hard cap (%.1f%%)", percent(l+w, int64(p.Available)))
		return cd
	}
	if !holder {
		l += w
	}
	f := pairFacts{c: c, p: p, ps: ps, hist: c.Current != "" || c.Previous != "", current: holder,
		previous: c.Previous != "" && c.Previous == p.ID, held: c.Current != ""}
	cd.Eligible = true
	cd.Cost = costOf(&f, &s.prm.weights).times(w)
	cd.Cost[Overload] = s.penalty(i, l) - s.penalty(i, l-w)
	cd.AfterPercent = percent(l, int64(p.Available))
	return cd
}

// bar returns why practitioner i may not hold case c now, at their load
// l: Unavailable, Ineligible, Restricted or AtLimit, checked in that
// order; 0 when they may. These are price's rules, without the cost.
func (s *engineState) bar(c *Case, i int32, ps profileSets, l int64) Reason {
	ep := &s.pracs[i]
	p := &ep.rec
	holder := c.Current == p.ID
	switch {
	case p.Unavailable && !holder:
		return Unavailable
	case !ps.ok.Has(p.Grade):
		return Ineligible
	case (len(c.RestrictedTo) > 0 || len(c.ExcludedFrom) > 0) && !laoAllows(c, p.ID):
		return Restricted
	case !holder && l+int64(c.Points) > max(ep.cap, l): // as Solve: the ceiling is at least the load held now
		return AtLimit
	}
	return 0
}

func (s *engineState) firedRules(c *Case, p *Practitioner) string {
	d := s.pol.Decide(c.Risk, p.Grade)
	ids := make([]string, 0, len(d.Fired))
	for _, r := range d.Fired {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ", ")
}

// CaseFit is a waiting case as it fits one practitioner (the answer of
// Engine.RecommendCases).
type CaseFit struct {
	CaseID string    `json:"case_id"`
	Since  time.Time `json:"since"`
	// Candidate is the practitioner priced for the case; its Extra is
	// against the case's best practitioner (0 when they are its best),
	// and Reason says why they are not its first choice.
	Candidate Candidate `json:"candidate"`
	// BestID is the case's best practitioner.
	BestID string `json:"best_id"`
}

// RecommendCases returns the waiting cases that practitioner id may take,
// best fit first, at most k (all when k ≤ 0): by how little more the case
// costs with them than with its own best practitioner (Extra; 0 when they
// are its best), then by the objective change, then longest waiting, then
// ID. It returns an error wrapping caseload.ErrUnknown for an unknown
// practitioner. O(waiting cases × practitioners in their scope).
func (e *Engine) RecommendCases(id string, k int) ([]CaseFit, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	s := &e.s
	i, ok := s.pidx[id]
	if !ok {
		return nil, fmt.Errorf("%w: practitioner %q", caseload.ErrUnknown, id)
	}
	var fits []CaseFit
	for _, cid := range s.waitingIDs() {
		c, _ := s.caseOf(cid)
		scope := s.inScope(&c)
		if _, in := slices.BinarySearch(scope, i); !in {
			continue
		}
		ok, warn := s.pol.Eligible(c.Risk)
		mine := s.price(&c, i, profileSets{ok, warn}, nil)
		if !mine.Eligible {
			continue
		}
		best, _ := s.rank(&c, 1)
		first := best[0]
		mine.Extra = mine.Cost.Total() - first.Cost.Total()
		if first.PractitionerID != id {
			mine.compare(first.Cost)
		}
		fits = append(fits, CaseFit{CaseID: cid, Since: time.Unix(s.waiting[cid].since, 0).UTC(), Candidate: mine, BestID: first.PractitionerID})
	}
	slices.SortFunc(fits, func(a, b CaseFit) int {
		if c := cmp.Compare(a.Candidate.Extra, b.Candidate.Extra); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Candidate.Cost.Total(), b.Candidate.Cost.Total()); c != 0 {
			return c
		}
		if c := a.Since.Compare(b.Since); c != 0 {
			return c
		}
		return cmp.Compare(a.CaseID, b.CaseID)
	})
	if k > 0 && len(fits) > k {
		fits = fits[:k]
	}
	return fits, nil
}

// Placement is one case with its practitioner ("" for waiting), a line
// of an allocation.
type Placement struct {
	CaseID         string `json:"case_id"`
	PractitionerID string `json:"practitioner_id"`
}

// Allocation returns every case with its practitioner now, in case ID
// order ("" for a waiting case).
func (e *Engine) Allocation() []Placement {
	e.mu.RLock()
	defer e.mu.RUnlock()
	cs := e.s.cl.Cases()
	out := make([]Placement, len(cs))
	for k, c := range cs {
		out[k] = Placement{c.ID, c.Practitioner}
	}
	return out
}

// CaseMove is a case that changes practitioner between two allocations.
type CaseMove struct {
	CaseID string `json:"case_id"`
	From   string `json:"from"` // "" for waiting
	To     string `json:"to"`   // "" for waiting
}

// AllocationDiff compares two allocations of the engine's caseload: the
// cases that move, and the objective of each, term by term.
type AllocationDiff struct {
	Moves []CaseMove `json:"moves"`
	// Before and After are the objective of each allocation, term by
	// term (Overload is Σ of every practitioner's penalty); Change is
	// After − Before.
	Before Cost `json:"before"`
	After  Cost `json:"after"`
	Change Cost `json:"change"`
}

// Diff compares allocation a with allocation b, both of the engine's
// caseload now (a case they do not list keeps its practitioner now), and
// prices both with the engine's weights and loads. It returns an error
// wrapping caseload.ErrUnknown for a case or practitioner the engine does
// not hold. O(cases + practitioners).
func (e *Engine) Diff(a, b []Placement) (AllocationDiff, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	s := &e.s
	now := map[string]string{}
	for _, c := range s.cl.Cases() {
		now[c.ID] = c.Practitioner
	}
	read := func(pl []Placement) (map[string]string, error) {
		m := make(map[string]string, len(now))
		for id, p := range now {
			m[id] = p
		}
		for _, x := range pl {
			if _, ok := now[x.CaseID]; !ok {
				return nil, fmt.Errorf("%w: case %q", caseload.ErrUnknown, x.CaseID)
			}
			if _, ok := s.pidx[x.PractitionerID]; !ok && x.PractitionerID != "" {
				return nil, fmt.Errorf("%w: practitioner %q", caseload.ErrUnknown, x.PractitionerID)
			}
			m[x.CaseID] = x.PractitionerID
		}
		return m, nil
	}
	ma, err := read(a)
	if err != nil {
		return AllocationDiff{}, err
	}
	mb, err := read(b)
	if err != nil {
		return AllocationDiff{}, err
	}
	d := AllocationDiff{Before: s.objective(ma), After: s.objective(mb)}
	for t := range d.Change {
		d.Change[t] = d.After[t] - d.Before[t]
	}
	ids := make([]string, 0, len(now))
	for id := range now {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if ma[id] != mb[id] {
			d.Moves = append(d.Moves, CaseMove{CaseID: id, From: ma[id], To: mb[id]})
		}
	}
	return d, nil
}

// objective prices allocation alloc (case → practitioner) term by term:
// the per-point terms of every placed case, and every practitioner's
// penalty at the load the allocation gives them (their points outside
// cases plus the cases it gives them). A case is priced with its holder
// now as its current practitioner.
func (s *engineState) objective(alloc map[string]string) Cost {
	var total Cost
	load := make([]int64, len(s.pracs))
	for i := range s.pracs {
		w, _ := s.cl.Workload(s.pracs[i].rec.ID)
		load[i] = int64(w.Points - w.CasePoints)
	}
	for id, pid := range alloc {
		i, ok := s.pidx[pid]
		if !ok {
			continue
		}
		c, _ := s.caseOf(id)
		load[i] += int64(c.Points)
		ok2, warn := s.pol.Eligible(c.Risk)
		p := &s.pracs[i].rec
		f := pairFacts{c: &c, p: p, ps: profileSets{ok2, warn}, hist: c.Current != "" || c.Previous != "",
			current: c.Current == pid, previous: c.Previous != "" && c.Previous == pid, held: c.Current != ""}
		k := costOf(&f, &s.prm.weights).times(int64(c.Points))
		for t := range total {
			total[t] += k[t]
		}
	}
	for i := range load {
		total[Overload] += s.penalty(int32(i), load[i])
	}
	return total
}
