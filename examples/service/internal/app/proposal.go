package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
)

// ProposalKind says what a proposal asks.
type ProposalKind string

// The proposal kinds.
const (
	// Rebalance: reconsider every case, moving held ones only when that
	// pays, within a move budget.
	Rebalance ProposalKind = "rebalance"
	// OfficerLeft: the Departing practitioners give up every case; when
	// accepted, they leave.
	OfficerLeft ProposalKind = "officer_left"
)

// ProposalRequest asks for a what-if.
type ProposalRequest struct {
	Kind       ProposalKind
	Departing  []string // OfficerLeft: who leaves (one or more)
	MoveBudget int      // 0: the engine's
	Pinned     []string // cases that must stay where they are
}

// Proposal is a what-if the engine proposed, kept in memory until it is
// accepted or pushed out by newer ones (the latest 32 are kept). A
// restart forgets proposals; the engine's state does not change until
// one is accepted.
type Proposal struct {
	ID        string
	Kind      ProposalKind
	Departing []string
	CreatedAt time.Time
	P         *allocation.Proposal
	// Accepted is when it was accepted (zero if not), and Decisions what
	// accepting it did.
	Accepted  time.Time
	Decisions []allocation.Decision
}

// Stale reports whether the engine has changed since the proposal was
// made, so Accept would refuse it.
func (p *Proposal) Stale(eng *allocation.Engine) bool { return p.P.Version != eng.Version() }

const keepProposals = 32

type proposals struct {
	mu    sync.Mutex
	n     int
	byID  map[string]*Proposal
	order []string
}

func (ps *proposals) init() { ps.byID = map[string]*Proposal{} }

// add stores p under a new ID, calling named with it first.
func (ps *proposals) add(p *Proposal, named func(id string)) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.n++
	p.ID = "p" + strconv.Itoa(ps.n)
	named(p.ID)
	ps.byID[p.ID] = p
	ps.order = append(ps.order, p.ID)
	if len(ps.order) > keepProposals {
		delete(ps.byID, ps.order[0])
		ps.order = ps.order[1:]
	}
}

// Proposal returns a copy of the proposal with the given ID.
func (a *App) Proposal(id string) (Proposal, bool) {
	a.props.mu.Lock()
	defer a.props.mu.Unlock()
	p, ok := a.props.byID[id]
	if !ok {
		return Proposal{}, false
	}
	return *p, true
}

func (ps *proposals) get(id string) (*Proposal, bool) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	p, ok := ps.byID[id]
	return p, ok
}

// Propose solves a what-if without changing anything; Accept applies it.
// It returns a *probation.ValidationError for a bad request.
func (a *App) Propose(ctx context.Context, req ProposalRequest) (Proposal, error) {
	if err := a.checkProposal(req); err != nil {
		return Proposal{}, err
	}
	opt := allocation.RebalanceOptions{MoveBudget: req.MoveBudget, Pinned: req.Pinned, Job: string(req.Kind)}
	if req.Kind == OfficerLeft {
		opt.Departing = req.Departing
	}
	p, err := a.Engine().Rebalance(ctx, opt)
	if err != nil {
		return Proposal{}, err
	}
	out := &Proposal{Kind: req.Kind, Departing: slices.Clone(opt.Departing), CreatedAt: a.cfg.Now(), P: p}
	a.props.add(out, func(id string) { p.Job = fmt.Sprintf("%s %s", req.Kind, id) })
	cp, _ := a.Proposal(out.ID)
	return cp, nil
}

func (a *App) checkProposal(req ProposalRequest) error {
	var fs []probation.FieldError
	bad := func(field, value, msg string) {
		fs = append(fs, probation.FieldError{Record: "proposal", Index: -1, Field: field, Value: probation.Shorten(value), Message: msg})
	}
	eng := a.Engine()
	switch req.Kind {
	case Rebalance:
		if len(req.Departing) > 0 {
			bad("departing", req.Departing[0], "a rebalance has no departing practitioners: ask for officer_left")
		}
	case OfficerLeft:
		if len(req.Departing) == 0 {
			bad("departing", "", "want the practitioners who leave")
		}
		for k, id := range req.Departing {
			if _, _, ok := eng.Practitioner(id); !ok {
				bad(fmt.Sprintf("departing[%d]", k), id, "no such practitioner")
			}
		}
	default:
		bad("kind", string(req.Kind), "want rebalance or officer_left")
	}
	if req.MoveBudget < 0 {
		bad("move_budget", strconv.Itoa(req.MoveBudget), "want 0 (the engine's) or more")
	}
	for k, id := range req.Pinned {
		if _, ok := eng.Case(id); !ok {
			bad(fmt.Sprintf("pinned[%d]", k), id, "no such case")
		}
	}
	if len(fs) > 0 {
		return &probation.ValidationError{Op: "propose", Fields: fs}
	}
	return nil
}

// Accept applies a proposal made at the engine's current version
// (allocation.ErrStale otherwise): each move is a rebalance decision,
// committed in its own transaction; for OfficerLeft the departing
// practitioners then leave. It returns the decisions.
func (a *App) Accept(ctx context.Context, id, by string) ([]allocation.Decision, error) {
	p, ok := a.props.get(id)
	if !ok {
		return nil, fmt.Errorf("%w: proposal %q", caseload.ErrUnknown, id)
	}
	if err := a.lock(ctx); err != nil {
		return nil, err
	}
	defer a.unlock()
	if !p.Accepted.IsZero() {
		return nil, fmt.Errorf("%w: proposal %s was accepted at %s", allocation.ErrStale, id, p.Accepted.Format(time.RFC3339))
	}
	eng := a.Engine()
	now := a.cfg.Now()
	ds, err := eng.Accept(p.P, now, by)
	if err == nil {
		leavers := map[string][]string{}
		for _, pid := range p.Departing {
			leavers[pid] = held(eng, pid)
			if _, err = eng.Apply(allocation.PractitionerLeaves(now, pid)); err != nil {
				break
			}
		}
		if ferr := a.flush(ctx, nil, leavers); ferr != nil {
			return ds, ferr
		}
	} else if ferr := a.flush(ctx, nil, nil); ferr != nil {
		return ds, ferr
	}
	if err != nil {
		return ds, err
	}
	a.props.mu.Lock()
	p.Accepted, p.Decisions = now, ds
	a.props.mu.Unlock()
	return ds, nil
}
