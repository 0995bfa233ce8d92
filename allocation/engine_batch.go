package allocation

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"
)

// BatchOptions are the parts of a batch besides the engine's Settings.
type BatchOptions struct {
	At  time.Time // when the batch is made, for its decisions
	By  string    // who made it; "" means "engine"
	Job string    // a name for the batch, recorded in its decisions
}

// BatchResult is the outcome of a batch.
type BatchResult struct {
	// Version is the engine's version after the commit.
	Version uint64 `json:"version"`
	// Result is the solve of the waiting cases against the loads when the
	// batch began, with its status, bound and gap.
	Result *Result `json:"result"`
	// Decisions lists the placements committed, in case ID order.
	Decisions []Decision `json:"decisions"`
	// Skipped lists the cases placed by the solve whose placement no
	// longer held at commit (the case closed or was placed meanwhile, or
	// the practitioner left or may no longer take it); they wait still,
	// unless placed meanwhile.
	Skipped []string `json:"skipped,omitempty"`
	// Warm reports whether the flow started from the last batch's prices,
	// and Flows how many flows it solved (1 when cold).
	Warm  bool `json:"warm"`
	Flows int  `json:"flows"`
}

// StartBatch starts placing every waiting case with the engine's
// Settings.Strategy (FlowSearch by default): the waiting cases against
// everyone's load at the start, under the policy, scope, weights and hard
// cap of the Settings. It reads the state under the read lock, solves
// without a lock — starting the flow warm from the marginal prices of the
// last batch's flow (relaxWarm: exact on the relaxation, with bound and
// gap), so queries and events go on meanwhile — and commits under the
// write lock the placements that still hold, each journalled as a
// decision. A cancelled batch commits the best allocation it found (the
// Result's status says stopped).
func (e *Engine) StartBatch(ctx context.Context, opt BatchOptions) *Job[*BatchResult] {
	return startJob(ctx, func(ctx context.Context, report func(Progress)) (*BatchResult, error) {
		return e.batch(ctx, opt, report)
	})
}

// Batch runs StartBatch and waits for its result.
func (e *Engine) Batch(ctx context.Context, opt BatchOptions) (*BatchResult, error) {
	return e.StartBatch(ctx, opt).Wait()
}

func (e *Engine) batch(ctx context.Context, opt BatchOptions, report func(Progress)) (*BatchResult, error) {
	e.mu.RLock()
	ro, load0 := e.s.waitingRoster()
	p, prm, warm := e.s.waitingProblem(ro == nil)
	version := e.s.version
	e.mu.RUnlock()
	prm.Progress = report
	r := &run{ctx: ctx, progress: report, warm: warm, plan: batchPlan, roster: ro, load0: load0}
	res, err := r.solve(p, prm, e.s.pol)
	if res == nil {
		return nil, err // stopped before any whole allocation: nothing to commit
	}
	out := &BatchResult{Result: res, Warm: warm != nil, Flows: r.flows, Decisions: make([]Decision, 0, len(res.Assignments))}
	by := opt.By
	if by == "" {
		by = "engine"
	}
	texts := res.explanationTexts() // outside the lock: they read only res
	// The prices, for the journal and (a map of the engine's own) for
	// the next batch, made outside the lock.
	var prices, duals map[string]float64
	if len(r.prices) > 0 {
		prices = make(map[string]float64, len(r.prices))
		for i, pr := range r.prices {
			prices[r.m.practitioners[i].ID] = pr
		}
		duals = maps.Clone(prices)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	s := &e.s
	// same: nothing happened since the state was read, so every
	// placement is an eligible pair of the state as it is now, and
	// without hard limits (no ceiling, no MaxNew) no placement can bar
	// another: each still fits, and stillFits, about 0.7 µs a decision,
	// is not needed.
	same := s.version == version
	for k, a := range res.Assignments {
		if !(same && !r.m.hard) && !s.stillFits(a.CaseID, a.PractitionerID) {
			out.Skipped = append(out.Skipped, a.CaseID)
			continue
		}
		d := Decision{Kind: DecisionBatch, At: opt.At, By: by, CaseID: a.CaseID, To: a.PractitionerID,
			Recommended: a.PractitionerID, Job: opt.Job, Explanation: texts[k]}
		if err := s.move(a.CaseID, a.PractitionerID); err != nil {
			out.Skipped = append(out.Skipped, a.CaseID)
			continue
		}
		e.commit(Entry{Decision: &d})
		out.Decisions = append(out.Decisions, d)
	}
	if len(out.Decisions) == 0 {
		out.Decisions = nil // as when nothing was appended
	}
	if prices != nil {
		if !same { // keep only the practitioners still in the engine
			gone := func(id string, _ float64) bool {
				_, ok := s.pidx[id]
				return !ok
			}
			maps.DeleteFunc(prices, gone)
			maps.DeleteFunc(duals, gone)
		}
		if len(prices) > 0 { // an empty map would not survive the journal's JSON
			s.duals = duals
			e.commit(Entry{Prices: prices})
		}
	}
	out.Version = s.version
	return out, err // err: a failed step (StatusFailed); what was found is committed
}

// waitingProblem returns the problem of the waiting cases against
// everyone's load now (its practitioners only with pracs: else the
// batch's roster gives them), the settings, and the warm prices per
// practitioner in ID order (nil when there are none yet).
func (s *engineState) waitingProblem(pracs bool) (*Problem, params, []float64) {
	p := &Problem{Policy: s.pol, Neighbours: s.neighbours}
	if pracs {
		p.Practitioners = s.problemPractitioners(false)
	}
	ids := s.waitingIDs()
	p.Cases = make([]Case, 0, len(ids))
	for _, id := range ids {
		c, _ := s.caseOf(id)
		p.Cases = append(p.Cases, c)
	}
	var warm []float64
	if len(s.duals) > 0 {
		warm = make([]float64, len(s.pracs))
		for i := range s.pracs {
			if d, ok := s.duals[s.pracs[i].rec.ID]; ok {
				warm[i] = d
			} else {
				warm[i] = math.NaN()
			}
		}
	}
	return p, s.prm, warm
}

// waitingRoster returns the roster of every practitioner, in ID order,
// and their workload points now: the practitioners of the waiting
// problem, which buildFrom takes without building them again. The
// roster is built when the state holds none and kept there until a
// practitioner changes; nil when the records do not validate (the
// problem's practitioners then report why). The caller holds the read
// lock.
func (s *engineState) waitingRoster() (*roster, []int64) {
	ro := s.roster.Load()
	if ro == nil {
		ps := make([]Practitioner, len(s.pracs))
		for i := range s.pracs {
			ps[i] = s.pracs[i].rec
			ps[i].Load = 0 // the roster holds no loads
		}
		ok := true
		ro = newRoster(nil, ps, s.prm, s.neighbours, func(string, int, string, string, string, string) { ok = false })
		if !ok {
			return nil, nil
		}
		s.roster.Store(ro)
	}
	load0 := make([]int64, len(s.pracs))
	for i := range s.pracs {
		load0[i] = s.load(int32(i))
	}
	return ro, load0
}

// problemPractitioners returns every practitioner as a Problem lists
// them, in ID order: Load is their workload points now, or, with
// rebalance, their points besides cases.
func (s *engineState) problemPractitioners(rebalance bool) []Practitioner {
	ps := make([]Practitioner, len(s.pracs))
	for i := range s.pracs {
		ps[i] = s.pracs[i].rec
		w, _ := s.cl.Workload(ps[i].ID)
		ps[i].Load = w.Points
		if rebalance {
			ps[i].Load -= w.CasePoints
		}
	}
	return ps
}

// setPrices makes prices the warm start of the next batch.
func (s *engineState) setPrices(prices map[string]float64) {
	clear(s.duals)
	for id, p := range prices {
		s.duals[id] = p
	}
}

// stillFits reports whether case id still waits and practitioner pid may
// still take it.
func (s *engineState) stillFits(id, pid string) bool {
	if _, waits := s.waiting[id]; !waits {
		return false
	}
	i, ok := s.pidx[pid]
	if !ok {
		return false
	}
	c, ok := s.caseOf(id)
	if !ok {
		return false
	}
	if _, in := slices.BinarySearch(s.inScope(&c), i); !in {
		return false
	}
	okSet, warn := s.pol.Eligible(c.Risk)
	return s.bar(&c, i, profileSets{okSet, warn}, s.load(i)) == 0
}

// RebalanceOptions are the parts of a rebalance proposal besides the
// engine's Settings.
type RebalanceOptions struct {
	// MoveBudget caps the voluntary moves, as Settings.MoveBudget; 0
	// means the engine's Settings.MoveBudget.
	MoveBudget int
	// Pinned lists cases that must stay where they are.
	Pinned []string
	// Departing lists practitioners who must give up every case (an
	// officer leaving): they are unavailable in the proposal.
	Departing []string
	Job       string // a name for the proposal, recorded in its decisions
}

// Proposal is a rebalance the engine proposes: the solve, the moves and
// the objective before and after, term by term. Accept applies it.
type Proposal struct {
	// Version is the engine's version the proposal was made at; Accept
	// refuses it once the engine has changed.
	Version uint64 `json:"version"`
	Job     string `json:"job,omitempty"`
	// Result is the solve of every case but the pinned ones.
	Result *Result `json:"result"`
	// Diff lists the cases that move (from their holder now, or from
	// waiting) and the objective before and after, term by term.
	Diff AllocationDiff `json:"diff"`
}

// StartRebalance starts a rebalance proposal: every case but the pinned
// ones is reconsidered (waiting cases placed, held cases moved only when
// that pays, within the move budget), the departing practitioners give up
// theirs. It reads the state under the read lock and solves without a
// lock. The proposal changes nothing until Accept.
func (e *Engine) StartRebalance(ctx context.Context, opt RebalanceOptions) *Job[*Proposal] {
	return startJob(ctx, func(ctx context.Context, report func(Progress)) (*Proposal, error) {
		return e.rebalance(ctx, opt, report)
	})
}

// Rebalance runs StartRebalance and waits for its result.
func (e *Engine) Rebalance(ctx context.Context, opt RebalanceOptions) (*Proposal, error) {
	return e.StartRebalance(ctx, opt).Wait()
}

func (e *Engine) rebalance(ctx context.Context, opt RebalanceOptions, report func(Progress)) (*Proposal, error) {
	e.mu.RLock()
	s := &e.s
	version := s.version
	p := &Problem{Policy: s.pol, Neighbours: s.neighbours}
	p.Practitioners = s.problemPractitioners(true)
	index := make(map[string]int, len(p.Practitioners))
	for i := range p.Practitioners {
		index[p.Practitioners[i].ID] = i
	}
	for _, id := range opt.Departing {
		i, ok := index[id]
		if !ok {
			e.mu.RUnlock()
			return nil, fmt.Errorf("allocation: departing practitioner %q is not in the engine", id)
		}
		p.Practitioners[i].Unavailable = true
	}
	pinned := make(map[string]bool, len(opt.Pinned))
	for _, id := range opt.Pinned {
		pinned[id] = true
	}
	for _, rec := range s.cl.Cases() {
		c, _ := s.caseOf(rec.ID)
		if pinned[c.ID] {
			if i, ok := index[c.Current]; ok {
				p.Practitioners[i].Load += c.Points
			}
			continue
		}
		p.Cases = append(p.Cases, c)
	}
	prm := s.prm
	e.mu.RUnlock()
	if opt.MoveBudget != 0 {
		prm.MoveBudget = opt.MoveBudget
	}
	prm.Progress = report
	r := &run{ctx: ctx, progress: report}
	res, err := r.solve(p, prm, s.pol)
	if res == nil {
		return nil, err
	}
	return &Proposal{Version: version, Job: opt.Job, Result: res, Diff: r.m.diff(res)}, err
}

// diff is the allocation diff of a Result against the problem's current
// holders: the moves, and the objective per term before (every case with
// its current practitioner, waiting ones unplaced) and after.
func (m *model) diff(res *Result) AllocationDiff {
	var d AllocationDiff
	beforeLoad := slices.Clone(m.before)
	for j := range m.nc() {
		to := res.asg[j]
		ok, warn := m.pol.Eligible(m.cases[j].Risk)
		ps := profileSets{ok, warn}
		if cur := m.cur[j]; cur >= 0 {
			k := m.pairCost(j, int(cur), ps).times(m.w[j])
			for t := range d.Before {
				d.Before[t] += k[t]
			}
		}
		if to >= 0 {
			k := m.pairCost(j, int(to), ps).times(m.w[j])
			for t := range d.After {
				d.After[t] += k[t]
			}
		}
		if to != m.cur[j] {
			mv := CaseMove{CaseID: m.cases[j].ID}
			if m.cur[j] >= 0 {
				mv.From = m.practitioners[m.cur[j]].ID
			}
			if to >= 0 {
				mv.To = m.practitioners[to].ID
			}
			d.Moves = append(d.Moves, mv)
		}
	}
	for i := range m.np() {
		d.Before[Overload] += m.penalty(i, beforeLoad[i])
		d.After[Overload] += m.penalty(i, int64(res.Workloads[i].AfterPoints))
	}
	for t := range d.Change {
		d.Change[t] = d.After[t] - d.Before[t]
	}
	return d
}

// Accept applies a rebalance proposal made at the engine's current
// version: each move of its Diff becomes a rebalance decision in the
// journal. It returns the decisions, or ErrStale, changing nothing, when
// the engine has changed since the proposal was made.
func (e *Engine) Accept(p *Proposal, at time.Time, by string) ([]Decision, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := &e.s
	if p == nil || p.Version != s.version {
		return nil, ErrStale
	}
	if by == "" {
		by = "engine"
	}
	var out []Decision
	for _, mv := range p.Diff.Moves {
		d := Decision{Kind: DecisionRebalance, At: at, By: by, CaseID: mv.CaseID, From: mv.From, To: mv.To, Recommended: mv.To, Job: p.Job}
		if ex, ok := p.Result.Explain(mv.CaseID); ok {
			d.Explanation = ex.String()
		} else {
			d.Explanation = mv.CaseID + " waits: no practitioner may take it"
		}
		if err := s.move(mv.CaseID, mv.To); err != nil {
			return out, err
		}
		e.commit(Entry{Decision: &d})
		out = append(out, d)
	}
	return out, nil
}
