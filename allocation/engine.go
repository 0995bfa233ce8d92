package allocation

import (
	"cmp"
	"errors"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

// Engine is the long-lived form of the optimiser, for services that embed
// it: it holds a live caseload, takes events as they happen, recommends
// practitioners for a case (and cases for a practitioner) in
// microseconds, places cases with a recorded decision, places the
// waiting cases in a batch that starts warm from the last flow's prices,
// proposes rebalances, and journals every change so that a snapshot and
// the journal rebuild it exactly. It uses the same cost table, penalty
// and eligibility as Solve, so its numbers are Solve's numbers.
//
// # Life cycle
//
// NewEngine builds an engine from a caseload.Caseload (copied: the
// caller's caseload is not used again), a grades.Policy and Settings.
// Then, in any order and from any goroutines:
//
//   - Apply takes events: a case arrives, closes, transfers or changes
//     (tier, risk, MAPPA, restricted-access lists); a practitioner joins,
//     leaves, changes (hours, team, …) or becomes unavailable; a
//     reduction is added or ends; the date moves on.
//   - Queries read: Workload, Impact, Recommend, RecommendCases,
//     Waiting, Allocation, Diff, Version.
//   - Place records one allocation decision (a hard rule cannot be
//     overridden; a soft rule, or choosing other than the recommendation,
//     needs an override reason from grades' catalogue).
//   - StartBatch places every waiting case optimally; StartRebalance
//     proposes moves that Accept applies. Both run on their own goroutine
//     as a Job, with progress, cancellation that waits until the work has
//     stopped, and a final result that is always delivered.
//   - Snapshot writes the state as versioned JSON; RestoreEngine reads it
//     back, and Replay applies a journal to it.
//
// # Concurrency
//
// An Engine is safe for concurrent use by any number of goroutines. It
// is a readers–writer model: queries hold a read lock, so they run in
// parallel with each other; events, placements and the commit of a batch
// or an accepted rebalance hold the write lock, each for the time it takes
// to change what it changes (microseconds), so a reader never sees a
// half-applied change. A batch or a rebalance reads a consistent copy of
// what it needs under the read lock, solves without any lock, and takes
// the write lock only to commit; so a long solve never blocks queries or
// events. A batch commits only the placements that still hold when it
// commits (the case still waits, the practitioner may still take it); a
// rebalance proposal is accepted only if nothing changed since it was
// made (else ErrStale). Every change bumps Version and is journalled in
// order. The same sequence of calls gives the same results.
//
// The Engine does no I/O and reads no clock: every event and decision
// carries its time from the caller, and the journal goes to the caller's
// EngineConfig.Journal.
type Engine struct {
	mu      sync.RWMutex
	s       engineState
	journal func(Entry)
}

// EngineConfig configures NewEngine. The zero value means the national
// policy, the default Settings, no neighbouring teams and no journal.
type EngineConfig struct {
	// Policy decides which grades may hold each case; nil means
	// grades.National().
	Policy *grades.Policy
	// Settings prices the objective and chooses the batch strategy, as
	// for Solve; nil means the defaults.
	Settings *Settings
	// Neighbours lists, for a team, the other teams whose practitioners
	// may take its cases when Settings.Scope is SameTeam.
	Neighbours map[string][]string
	// Journal, if not nil, receives every journal entry, in order, as
	// the change is made (under the engine's write lock: it must return
	// quickly and must not call the engine). Store the entries to export
	// or replay them.
	Journal func(Entry)
}

// engineState is everything the lock guards.
type engineState struct {
	cl         *caseload.Caseload
	pol        *grades.Policy
	prm        params
	neighbours map[string][]string
	pen        penaltyTable

	version uint64
	seq     uint64

	// The practitioners in ID order, with what pricing reads of them.
	pracs []ePrac
	pidx  map[string]int32
	// teams maps a team to its PDU and region (from its practitioners);
	// scope maps a scope key to the practitioners in it, in ID order.
	teams map[string]place
	scope map[string][]int32

	// unavailable lists the practitioners who may receive no case;
	// waiting holds each unallocated case and since when it waits.
	unavailable map[string]bool
	waiting     map[string]waitInfo

	// duals are the last batch flow's marginal prices per point of each
	// practitioner's load (by ID): the warm start of the next batch.
	duals map[string]float64

	// roster, when set, is the batches' roster of the practitioners as
	// they are (waitingRoster): a batch sets it under the read lock
	// (atomically: batches run at once, and any of them may set it, all
	// to the same content), and refresh and rebuild, which every change
	// of a practitioner's pricing data goes through, clear it under the
	// write lock. Immutable once set.
	roster atomic.Pointer[roster]
}

type place struct{ pdu, region string }

// waitInfo is a waiting case's arrival time.
type waitInfo struct {
	since int64 // Unix seconds
}

// ePrac is a practitioner as pricing reads them.
type ePrac struct {
	rec     Practitioner // Load unused: read live from the caseload
	bp, cum []int64      // penalty breakpoints for rec.Available
	cap     int64        // load ceiling under Settings.HardCap; noCap if none
}

// ErrStale is returned by Accept for a proposal made before the last
// change of the engine's state.
var ErrStale = errors.New("allocation: the engine changed since the proposal was made")

// NewEngine returns an engine holding a copy of cl under the policy and
// settings of cfg. Every case of cl without a holder waits, since cl's
// as-of date. It returns a *probation.ValidationError for bad settings.
// O(cases + practitioners log practitioners).
func NewEngine(cl *caseload.Caseload, cfg EngineConfig) (*Engine, error) {
	if cl == nil {
		return nil, errors.New("allocation: nil Caseload")
	}
	prm, err := resolve(cfg.Settings)
	if err != nil {
		return nil, err
	}
	pol := cfg.Policy
	if pol == nil {
		pol = grades.National()
	}
	e := &Engine{journal: cfg.Journal}
	e.s = engineState{
		cl:          cl.Clone(),
		pol:         pol,
		prm:         prm,
		neighbours:  cloneNeighbours(cfg.Neighbours),
		pen:         newPenaltyTable(prm.bands),
		unavailable: map[string]bool{},
		waiting:     map[string]waitInfo{},
		duals:       map[string]float64{},
	}
	since := cl.AsOf().Unix()
	for _, c := range e.s.cl.Cases() {
		if c.Practitioner == "" {
			e.s.waiting[c.ID] = waitInfo{since}
		}
	}
	e.s.rebuild()
	return e, nil
}

func cloneNeighbours(n map[string][]string) map[string][]string {
	out := make(map[string][]string, len(n))
	for k, v := range n {
		out[k] = slices.Clone(v)
	}
	return out
}

// Version returns the number of changes made so far: it rises by one with
// every event, placement, batch commit and accepted rebalance.
func (e *Engine) Version() uint64 {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.s.version
}

// rebuild recomputes every practitioner's pricing data and the scope
// index from the caseload. O(practitioners log practitioners).
func (s *engineState) rebuild() {
	ps := s.cl.Practitioners()
	slices.SortFunc(ps, func(a, b caseload.Practitioner) int { return cmp.Compare(a.ID, b.ID) })
	s.pracs = make([]ePrac, len(ps))
	s.pidx = make(map[string]int32, len(ps))
	s.teams = map[string]place{}
	for i := range ps {
		s.pidx[ps[i].ID] = int32(i)
		if _, ok := s.teams[ps[i].Team]; !ok {
			s.teams[ps[i].Team] = place{ps[i].PDU, ps[i].Region}
		}
	}
	for i := range ps {
		s.refresh(int32(i), &ps[i])
	}
	s.roster.Store(nil)
	s.scope = map[string][]int32{}
	for i := range s.pracs {
		for _, k := range s.scopeKeys(&s.pracs[i].rec) {
			s.scope[k] = append(s.scope[k], int32(i))
		}
	}
}

// scopeKeys returns the keys of the scope index under which practitioner
// p is listed.
func (s *engineState) scopeKeys(p *Practitioner) []string {
	switch s.prm.Scope {
	case SameTeam:
		return []string{"t:" + p.Team}
	case SamePDU:
		return []string{"p:" + p.PDU}
	case SameRegion:
		return []string{"r:" + p.Region}
	}
	return []string{""}
}

// refresh recomputes practitioner i's pricing data from their record.
func (s *engineState) refresh(i int32, p *caseload.Practitioner) {
	s.roster.Store(nil)
	w, _ := s.cl.Workload(p.ID)
	k := len(s.pen.price)
	ep := &s.pracs[i]
	ep.rec = Practitioner{ID: p.ID, Grade: p.Grade, Team: p.Team, PDU: p.PDU, Region: p.Region,
		Available: w.Available, Unavailable: s.unavailable[p.ID], Location: p.Location}
	if len(ep.bp) != k {
		ep.bp, ep.cum = make([]int64, k), make([]int64, k)
	}
	s.pen.breakpoints(int64(w.Available), ep.bp, ep.cum)
	ep.cap = noCap
	if s.prm.HardCap > 0 {
		ep.cap = int64(w.Available) * int64(s.prm.HardCap) / 100
	}
}

// refreshID recomputes the pricing data of the practitioner with the
// given ID, if any.
func (s *engineState) refreshID(id string) {
	if i, ok := s.pidx[id]; ok {
		p, _ := s.cl.Practitioner(id)
		s.refresh(i, &p)
	}
}

// load returns practitioner i's workload points now.
func (s *engineState) load(i int32) int64 {
	w, _ := s.cl.Workload(s.pracs[i].rec.ID)
	return int64(w.Points)
}

// penalty returns practitioner i's overload penalty at load x.
func (s *engineState) penalty(i int32, x int64) int64 {
	return s.pen.at(s.pracs[i].bp, s.pracs[i].cum, x)
}

// caseOf returns the case with the given ID as allocation sees it (its
// points under the weights in force, its holder as Current, its team's
// PDU and region) and whether it is in the caseload.
func (s *engineState) caseOf(id string) (Case, bool) {
	c, ok := s.cl.Case(id)
	if !ok {
		return Case{}, false
	}
	points, _ := s.cl.CasePoints(id)
	t := s.teams[c.Team]
	return Case{ID: c.ID, Points: points, Risk: c.Risk, Tier: c.Tier, Team: c.Team, PDU: t.pdu, Region: t.region,
		Current: c.Practitioner, Previous: c.Previous, RestrictedTo: c.RestrictedTo, ExcludedFrom: c.ExcludedFrom, Location: c.Location}, true
}

// inScope returns the practitioners in case c's scope, and its holder,
// in ID order.
func (s *engineState) inScope(c *Case) []int32 {
	var l []int32
	switch s.prm.Scope {
	case SameTeam:
		l = s.scope["t:"+c.Team]
		if nb := s.neighbours[c.Team]; len(nb) > 0 {
			l = slices.Clone(l)
			for _, t := range nb {
				if t != c.Team {
					l = append(l, s.scope["t:"+t]...)
				}
			}
			slices.Sort(l)
			l = slices.Compact(l)
		}
	case SamePDU:
		l = s.scope["p:"+c.PDU]
	case SameRegion:
		l = s.scope["r:"+c.Region]
	default:
		l = s.scope[""]
	}
	if h, ok := s.pidx[c.Current]; ok && c.Current != "" {
		if _, in := slices.BinarySearch(l, h); !in {
			l = slices.Insert(slices.Clone(l), sortedPos(l, h), h)
		}
	}
	return l
}
