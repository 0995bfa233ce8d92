package web

import (
	"fmt"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/examples/service/internal/app"
	"github.com/probationkit/probation/grades"
)

// caseView is a case as the API shows it: the record, and since when it
// waits.
type caseView struct {
	caseload.Case
	Waiting      bool       `json:"waiting"`
	WaitingSince *time.Time `json:"waiting_since,omitempty"`
	DaysWaiting  int        `json:"days_waiting"`
}

// daysBetween is the number of whole days from since to now.
func daysBetween(since, now time.Time) int {
	if now.Before(since) {
		return 0
	}
	return int(now.Sub(since) / (24 * time.Hour))
}

func (s *Server) caseView(c caseload.Case, waits map[string]time.Time) caseView {
	v := caseView{Case: c}
	if since, ok := waits[c.ID]; ok {
		v.Waiting, v.WaitingSince, v.DaysWaiting = true, &since, daysBetween(since, s.app.Now())
	}
	return v
}

// waitingSince maps each waiting case to the start of its wait.
func (s *Server) waitingSince() map[string]time.Time {
	ws := s.app.Engine().Waiting()
	m := make(map[string]time.Time, len(ws))
	for _, w := range ws {
		m[w.CaseID] = w.Since
	}
	return m
}

// practitionerView is a practitioner with their workload now.
type practitionerView struct {
	caseload.Practitioner
	Unavailable bool              `json:"unavailable"`
	Workload    caseload.Workload `json:"workload"`
}

func (s *Server) practitionerView(id string) (practitionerView, bool) {
	eng := s.app.Engine()
	p, unavailable, ok := eng.Practitioner(id)
	if !ok {
		return practitionerView{}, false
	}
	w, _ := eng.Workload(id)
	return practitionerView{Practitioner: p, Unavailable: unavailable, Workload: w}, true
}

// candidateView is a practitioner considered for a case: the engine's
// Candidate with who they are, their workload % now and the explanation
// in words.
type candidateView struct {
	allocation.Candidate
	Name          string       `json:"name"`
	Grade         grades.Grade `json:"grade"`
	Team          string       `json:"team"`
	BeforePercent float64      `json:"before_percent"`
	Explanation   string       `json:"explanation"`
}

// recommendationView is the answer of the recommendation endpoint.
type recommendationView struct {
	CaseID  string          `json:"case_id"`
	Version uint64          `json:"version"`
	Points  int             `json:"points"`
	Best    []candidateView `json:"best"`
	Blocked []candidateView `json:"blocked"`
}

func (s *Server) recommendationView(r allocation.Recommendation) recommendationView {
	v := recommendationView{CaseID: r.CaseID, Version: r.Version, Points: r.Points,
		Best: make([]candidateView, 0, len(r.Best)), Blocked: make([]candidateView, 0, len(r.Blocked))}
	for k, c := range r.Best {
		cv := s.candidateView(c)
		if k == 0 {
			cv.Explanation = fmt.Sprintf("%s: recommended, the least cost to the objective: %v, reaching %.1f%%",
				c.PractitionerID, c.Cost, c.AfterPercent)
		}
		v.Best = append(v.Best, cv)
	}
	for _, c := range r.Blocked {
		v.Blocked = append(v.Blocked, s.candidateView(c))
	}
	return v
}

func (s *Server) candidateView(c allocation.Candidate) candidateView {
	eng := s.app.Engine()
	cv := candidateView{Candidate: c, Explanation: c.String()}
	if p, _, ok := eng.Practitioner(c.PractitionerID); ok {
		cv.Name, cv.Grade, cv.Team = p.Name, p.Grade, p.Team
	}
	if w, ok := eng.Workload(c.PractitionerID); ok {
		cv.BeforePercent = w.Percent
	}
	return cv
}

// decisionView is a grades eligibility decision.
type decisionView struct {
	Grade   grades.Grade   `json:"grade"`
	Risk    grades.Profile `json:"risk"`
	Verdict grades.Verdict `json:"verdict"`
	Scope   string         `json:"scope"`
	Reason  string         `json:"reason"`
	Fired   []ruleView     `json:"fired"`
	// OverrideAllowed reports a verdict an override reason can carry (only
	// soft rules fired).
	OverrideAllowed bool `json:"override_allowed"`
}

type ruleView struct {
	ID          string          `json:"id"`
	Severity    grades.Severity `json:"severity"`
	Description string          `json:"description"`
	Source      string          `json:"source"`
}

func newDecisionView(d grades.Decision) decisionView {
	v := decisionView{Grade: d.Grade, Risk: d.Case, Verdict: d.Verdict, Scope: d.Scope, Reason: d.Reason, Fired: []ruleView{},
		OverrideAllowed: d.Verdict == grades.EligibleWithWarnings}
	for _, r := range d.Fired {
		v.Fired = append(v.Fired, ruleView{ID: r.ID, Severity: r.Severity, Description: r.Description, Source: r.Source})
	}
	return v
}

// proposalView is a what-if as the API shows it.
type proposalView struct {
	ID        string                  `json:"id"`
	Kind      string                  `json:"kind"`
	Departing []string                `json:"departing"`
	CreatedAt time.Time               `json:"created_at"`
	Version   uint64                  `json:"version"`
	Stale     bool                    `json:"stale"`
	Accepted  *time.Time              `json:"accepted_at,omitempty"`
	Status    allocation.Status       `json:"status"`
	Moves     []moveView              `json:"moves"`
	Before    allocation.Cost         `json:"before"`
	After     allocation.Cost         `json:"after"`
	Change    allocation.Cost         `json:"change"`
	Unplaced  []allocation.Unassigned `json:"unplaced"`
	Decisions []allocation.Decision   `json:"decisions,omitempty"`
}

type moveView struct {
	allocation.CaseMove
	Explanation string `json:"explanation"`
}

func (s *Server) proposalView(p app.Proposal) proposalView {
	pp := p.P
	v := proposalView{ID: p.ID, Kind: string(p.Kind), Departing: p.Departing, CreatedAt: p.CreatedAt, Version: pp.Version,
		Stale: pp.Version != s.app.Engine().Version(), Status: pp.Result.Status, Moves: []moveView{},
		Before: pp.Diff.Before, After: pp.Diff.After, Change: pp.Diff.Change, Unplaced: pp.Result.Unassigned, Decisions: p.Decisions}
	if v.Departing == nil {
		v.Departing = []string{}
	}
	if v.Unplaced == nil {
		v.Unplaced = []allocation.Unassigned{}
	}
	if !p.Accepted.IsZero() {
		v.Accepted, v.Stale = &p.Accepted, true
	}
	for _, m := range pp.Diff.Moves {
		mv := moveView{CaseMove: m}
		if ex, ok := pp.Result.Explain(m.CaseID); ok {
			mv.Explanation = ex.String()
		} else {
			mv.Explanation = m.CaseID + " waits: no practitioner may take it"
		}
		v.Moves = append(v.Moves, mv)
	}
	return v
}
