package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/examples/service/internal/app"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	eng := s.app.Engine()
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "version": eng.Version(),
		"waiting": len(eng.Waiting()), "as_of": s.app.AsOf().Format(time.DateOnly)})
}

// tier classifies risk and need inputs; with ?case_id= it records the
// tier on that case.
func (s *Server) tier(w http.ResponseWriter, r *http.Request) {
	var in tiering.Input
	if err := decode(r, &in, false); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	res, c, err := s.app.Tier(r.Context(), r.URL.Query().Get("case_id"), in)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := map[string]any{"result": res, "text": res.String()}
	if c != nil {
		out["case"] = s.caseView(*c, s.waitingSince())
	}
	writeJSON(w, http.StatusOK, out)
}

// eligibilityRequest names a case (or gives a risk profile) and a
// practitioner (or a grade).
type eligibilityRequest struct {
	CaseID         string          `json:"case_id"`
	Risk           *grades.Profile `json:"risk"`
	PractitionerID string          `json:"practitioner_id"`
	Grade          grades.Grade    `json:"grade"`
}

func (s *Server) eligibility(w http.ResponseWriter, r *http.Request) {
	var req eligibilityRequest
	if err := decode(r, &req, false); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	eng := s.app.Engine()
	var fs []probation.FieldError
	bad := func(field, value, msg string) {
		fs = append(fs, probation.FieldError{Record: "eligibility", Index: -1, Field: field, Value: probation.Shorten(value), Message: msg})
	}
	var risk grades.Profile
	switch {
	case (req.CaseID == "") == (req.Risk == nil):
		bad("case_id", req.CaseID, "want case_id or risk, not both")
	case req.Risk != nil:
		risk = *req.Risk
	default:
		c, ok := eng.Case(req.CaseID)
		if !ok {
			s.writeProblem(w, r, fmt.Errorf("%w: case %q", caseload.ErrUnknown, req.CaseID))
			return
		}
		risk = c.Risk
	}
	grade := req.Grade
	switch {
	case (req.PractitionerID == "") == (grade == 0):
		bad("practitioner_id", req.PractitionerID, "want practitioner_id or grade, not both")
	case req.PractitionerID != "":
		p, _, ok := eng.Practitioner(req.PractitionerID)
		if !ok {
			s.writeProblem(w, r, fmt.Errorf("%w: practitioner %q", caseload.ErrUnknown, req.PractitionerID))
			return
		}
		grade = p.Grade
	}
	if len(fs) > 0 {
		s.writeProblem(w, r, &probation.ValidationError{Op: "eligibility", Fields: fs})
		return
	}
	writeJSON(w, http.StatusOK, newDecisionView(eng.Policy().Decide(risk, grade)))
}

func (s *Server) overrideReasons(w http.ResponseWriter, r *http.Request) {
	type reason struct {
		Reason       grades.OverrideReason `json:"reason"`
		Label        string                `json:"label"`
		TextRequired bool                  `json:"text_required"`
		MaxText      int                   `json:"max_text"`
	}
	var out []reason
	for _, x := range overrideReasons() {
		out = append(out, reason{x, x.Label(), x == grades.Other, grades.MaxOverrideText})
	}
	writeJSON(w, http.StatusOK, out)
}

// overrideReasons is grades' catalogue, in order.
func overrideReasons() []grades.OverrideReason {
	var out []grades.OverrideReason
	for x := grades.OverrideReason(1); x.IsValid(); x++ {
		out = append(out, x)
	}
	return out
}

func (s *Server) practitioners(w http.ResponseWriter, r *http.Request) {
	out := []practitionerView{}
	for _, wl := range s.app.Engine().Workloads() {
		if v, ok := s.practitionerView(wl.Practitioner); ok {
			out = append(out, v)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) practitioner(w http.ResponseWriter, r *http.Request) {
	v, ok := s.practitionerView(r.PathValue("id"))
	if !ok {
		s.writeProblem(w, r, fmt.Errorf("%w: practitioner %q", caseload.ErrUnknown, r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// waiting lists the cases waiting, oldest first.
func (s *Server) waiting(w http.ResponseWriter, r *http.Request) {
	eng := s.app.Engine()
	since := s.waitingSince()
	out := []caseView{}
	for _, wt := range eng.Waiting() {
		if c, ok := eng.Case(wt.CaseID); ok {
			out = append(out, s.caseView(c, since))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) caseGet(w http.ResponseWriter, r *http.Request) {
	c, ok := s.app.Engine().Case(r.PathValue("id"))
	if !ok {
		s.writeProblem(w, r, fmt.Errorf("%w: case %q", caseload.ErrUnknown, r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, s.caseView(c, s.waitingSince()))
}

func (s *Server) impact(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	im, err := s.app.Engine().Impact(id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if im == nil {
		im = []caseload.Impact{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"case_id": id, "candidates": im})
}

func (s *Server) recommendation(w http.ResponseWriter, r *http.Request) {
	k, err := queryInt(r, "k", 5)
	if err == nil && (k < 0 || k > 1000) {
		err = &probation.ValidationError{Op: "recommendation", Fields: []probation.FieldError{{Record: "query", Index: -1, Field: "k",
			Value: fmt.Sprint(k), Message: "want 0 (all) to 1000"}}}
	}
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	rec, err := s.app.Engine().Recommend(r.PathValue("id"), k)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.recommendationView(rec))
}

// allocateRequest is the body of allocate.
type allocateRequest struct {
	PractitionerID string           `json:"practitioner_id"`
	From           string           `json:"from"`
	Override       *grades.Override `json:"override"`
	Note           string           `json:"note"`
	By             string           `json:"by"`
}

func (s *Server) allocate(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var req allocateRequest
	if err := decode(r, &req, false); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if req.By == "" {
		s.writeProblem(w, r, &probation.ValidationError{Op: "allocate", Fields: []probation.FieldError{{Record: "allocation", Index: -1,
			Field: "by", Message: "want who is deciding"}}})
		return
	}
	id := r.PathValue("id")
	ar := app.AllocateRequest{CaseID: id, PractitionerID: req.PractitionerID, From: req.From, Note: req.Note, By: req.By,
		IdempotencyKey: r.Header.Get("Idempotency-Key"), Fingerprint: fingerprint(id, body)}
	if req.Override != nil {
		ar.Override = *req.Override
	}
	res, replay, err := s.app.Allocate(r.Context(), ar)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if replay != nil {
		w.Header().Set("Idempotent-Replayed", "true")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		w.Write(append(replay, '\n'))
		return
	}
	writeJSON(w, http.StatusCreated, res)
}

// readBody reads the body and puts it back for decode.
func readBody(r *http.Request) ([]byte, error) {
	var b bytes.Buffer
	if _, err := b.ReadFrom(r.Body); err != nil {
		return nil, err
	}
	r.Body = http.NoBody
	if b.Len() > 0 {
		r.Body = readCloser{bytes.NewReader(b.Bytes())}
	}
	return b.Bytes(), nil
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

// fingerprint is a digest of a request, to tell a repeated request from
// another one made with the same idempotency key.
func fingerprint(caseID string, body []byte) string {
	var v any
	canon := body
	if json.Unmarshal(body, &v) == nil {
		canon, _ = json.Marshal(v)
	}
	h := sha256.Sum256(append([]byte(caseID+"\n"), canon...))
	return hex.EncodeToString(h[:])
}

// batchView is the outcome of a batch.
type batchView struct {
	Version    uint64                  `json:"version"`
	Status     allocation.Status       `json:"status"`
	Objective  int64                   `json:"objective"`
	Bound      int64                   `json:"bound"`
	GapPercent float64                 `json:"gap_percent"`
	Warm       bool                    `json:"warm"`
	Decisions  []allocation.Decision   `json:"decisions"`
	Skipped    []string                `json:"skipped"`
	Unplaced   []allocation.Unassigned `json:"unplaced"`
}

func (s *Server) batch(w http.ResponseWriter, r *http.Request) {
	var req struct {
		By string `json:"by"`
	}
	if err := decode(r, &req, true); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	res, err := s.app.Batch(r.Context(), req.By)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	v := batchView{Version: res.Version, Status: res.Result.Status, Objective: res.Result.Stats.Objective, Bound: res.Result.Stats.Bound,
		GapPercent: res.Result.Stats.GapPercent, Warm: res.Warm, Decisions: res.Decisions, Skipped: res.Skipped, Unplaced: res.Result.Unassigned}
	if v.Decisions == nil {
		v.Decisions = []allocation.Decision{}
	}
	if v.Skipped == nil {
		v.Skipped = []string{}
	}
	if v.Unplaced == nil {
		v.Unplaced = []allocation.Unassigned{}
	}
	writeJSON(w, http.StatusOK, v)
}

type proposalRequest struct {
	Kind       string   `json:"kind"`
	Departing  []string `json:"departing"`
	MoveBudget int      `json:"move_budget"`
	Pinned     []string `json:"pinned"`
}

func (s *Server) propose(w http.ResponseWriter, r *http.Request) {
	var req proposalRequest
	if err := decode(r, &req, false); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	p, err := s.app.Propose(r.Context(), app.ProposalRequest{Kind: app.ProposalKind(req.Kind), Departing: req.Departing,
		MoveBudget: req.MoveBudget, Pinned: req.Pinned})
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/proposals/"+p.ID)
	writeJSON(w, http.StatusCreated, s.proposalView(p))
}

func (s *Server) proposalGet(w http.ResponseWriter, r *http.Request) {
	p, ok := s.app.Proposal(r.PathValue("id"))
	if !ok {
		s.writeProblem(w, r, fmt.Errorf("%w: proposal %q", caseload.ErrUnknown, r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, s.proposalView(p))
}

func (s *Server) accept(w http.ResponseWriter, r *http.Request) {
	var req struct {
		By string `json:"by"`
	}
	if err := decode(r, &req, true); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if _, err := s.app.Accept(r.Context(), r.PathValue("id"), req.By); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	p, _ := s.app.Proposal(r.PathValue("id"))
	writeJSON(w, http.StatusOK, s.proposalView(p))
}

func (s *Server) event(w http.ResponseWriter, r *http.Request) {
	var ev allocation.Event
	if err := decode(r, &ev, false); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	v, err := s.app.Apply(r.Context(), ev)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"version": v})
}

func (s *Server) staffing(w http.ResponseWriter, r *http.Request) {
	eng := s.app.Engine()
	pol := eng.Policy()
	st := eng.Caseload().Staffing(&caseload.StaffingSettings{Eligible: func(p grades.Profile) grades.Set {
		ok, _ := pol.Eligible(p)
		return ok
	}})
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) decisions(w http.ResponseWriter, r *http.Request) {
	ds, err := s.app.Store().Decisions(r.Context(), r.URL.Query().Get("case_id"))
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if ds == nil {
		writeJSON(w, http.StatusOK, []any{})
		return
	}
	writeJSON(w, http.StatusOK, ds)
}

func (s *Server) auditCSV(w http.ResponseWriter, r *http.Request) {
	var b bytes.Buffer
	if err := s.app.Store().WriteAuditCSV(r.Context(), &b); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="audit.csv"`)
	w.Write(b.Bytes())
}
