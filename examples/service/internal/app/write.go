package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/examples/service/internal/store"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// Errors of the App's writes, besides the engine's and the store's.
var (
	// ErrNoEligible: allocate to the recommendation, and no practitioner
	// may take the case.
	ErrNoEligible = errors.New("app: no practitioner may take the case")
	// ErrKeyReused: an idempotency key already used for another request.
	ErrKeyReused = errors.New("app: the idempotency key was used for a different request")
)

// Apply applies one event (stamped now if it has no time) and commits
// it; it returns the engine's version after it.
func (a *App) Apply(ctx context.Context, ev allocation.Event) (uint64, error) {
	if err := a.lock(ctx); err != nil {
		return 0, err
	}
	defer a.unlock()
	if err := a.advanceDate(ctx); err != nil {
		return 0, err
	}
	if ev.At.IsZero() {
		ev.At = a.cfg.Now()
	}
	eng := a.Engine()
	var leavers map[string][]string
	if ev.Kind == allocation.KindPractitionerLeaves {
		leavers = map[string][]string{ev.PractitionerID: held(eng, ev.PractitionerID)}
	}
	v, err := eng.Apply(ev)
	if err != nil {
		a.take()
		return v, err
	}
	return v, a.flush(ctx, nil, leavers)
}

// AllocateRequest is one allocation decision asked for.
type AllocateRequest struct {
	CaseID string
	// PractitionerID is the practitioner chosen; "" means the
	// recommendation.
	PractitionerID string
	// From is the holder the person saw ("" for waiting): if the case's
	// holder is now someone else, nothing is allocated
	// (allocation.ErrHolderChanged).
	From     string
	Override grades.Override
	Note, By string
	// IdempotencyKey, if not "", makes the request idempotent: the same
	// key with the same Fingerprint returns the first response again
	// without allocating; with another Fingerprint, ErrKeyReused.
	IdempotencyKey string
	Fingerprint    string
}

// AllocateResult is the outcome of an allocation.
type AllocateResult struct {
	Decision allocation.Decision `json:"decision"`
	// Seq and Version are the journal entry and the engine's version of
	// the decision.
	Seq     uint64 `json:"seq"`
	Version uint64 `json:"version"`
	// Workload is the chosen practitioner's workload after it.
	Workload caseload.Workload `json:"workload"`
}

// Allocate places a case with the practitioner chosen, or with the
// recommendation, and commits the decision with its idempotency key in
// one transaction. For a repeated request (the same key and fingerprint)
// it allocates nothing and returns, as replay, the JSON of the first
// result exactly as stored.
func (a *App) Allocate(ctx context.Context, req AllocateRequest) (res AllocateResult, replay []byte, err error) {
	if err := a.lock(ctx); err != nil {
		return res, nil, err
	}
	defer a.unlock()
	if req.IdempotencyKey != "" {
		rec, ok, err := a.st.Idempotent(ctx, req.IdempotencyKey)
		if err != nil {
			return res, nil, err
		}
		if ok {
			if rec.Fingerprint != req.Fingerprint {
				return res, nil, fmt.Errorf("%w: key %q", ErrKeyReused, req.IdempotencyKey)
			}
			return res, rec.Response, nil
		}
	}
	if err := a.advanceDate(ctx); err != nil {
		return res, nil, err
	}
	eng := a.Engine()
	to := req.PractitionerID
	if to == "" {
		r, err := eng.Recommend(req.CaseID, 1)
		if err != nil {
			return res, nil, err
		}
		if len(r.Best) == 0 {
			return res, nil, fmt.Errorf("%w: %s (%d in scope, all blocked)", ErrNoEligible, req.CaseID, len(r.Blocked))
		}
		to = r.Best[0].PractitionerID
	}
	from := req.From
	d, err := eng.Place(req.CaseID, to, allocation.PlaceOptions{At: a.cfg.Now(), By: req.By, Override: req.Override, Note: req.Note, Expect: &from})
	if err != nil {
		a.take()
		return res, nil, err
	}
	res.Decision = d
	res.Version = eng.Version()
	res.Workload, _ = eng.Workload(to)
	// The decision is the only entry pending (advanceDate committed any
	// date move), so its seq is the next one.
	res.Seq = a.lastSeq + 1
	var idem *store.Idempotency
	if req.IdempotencyKey != "" {
		body, err := json.Marshal(res)
		if err != nil {
			return res, nil, err
		}
		idem = &store.Idempotency{Key: req.IdempotencyKey, Fingerprint: req.Fingerprint, Status: http.StatusCreated,
			Response: body, CreatedAt: a.cfg.Now()}
	}
	return res, nil, a.flush(ctx, idem, nil)
}

// Batch places every waiting case (allocation.Engine.Batch) and commits
// each decision. A cancelled ctx stops the solve; what it placed by then
// is committed.
func (a *App) Batch(ctx context.Context, by string) (*allocation.BatchResult, error) {
	if err := a.lock(ctx); err != nil {
		return nil, err
	}
	defer a.unlock()
	if err := a.advanceDate(ctx); err != nil {
		return nil, err
	}
	now := a.cfg.Now()
	res, err := a.Engine().Batch(ctx, allocation.BatchOptions{At: now, By: by, Job: "batch " + now.UTC().Format("2006-01-02T15:04:05Z")})
	if ferr := a.flush(ctx, nil, nil); ferr != nil {
		return nil, ferr
	}
	return res, err
}

// Tier classifies a case's risk and need inputs at today's date and, if
// caseID is not "", records the tier on that case (its Tier and its risk
// profile's Tier, and its v3 tier when one was computed) as a
// CaseChanges event. It returns the classification and the case after.
func (a *App) Tier(ctx context.Context, caseID string, in tiering.Input) (tiering.Result, *caseload.Case, error) {
	res, err := tiering.Classify(in, &tiering.Settings{AsOf: tiering.DateFromTime(a.cfg.Now())})
	if err != nil || caseID == "" {
		return res, nil, err
	}
	if err := a.lock(ctx); err != nil {
		return res, nil, err
	}
	defer a.unlock()
	if err := a.advanceDate(ctx); err != nil {
		return res, nil, err
	}
	eng := a.Engine()
	c, ok := eng.Case(caseID)
	if !ok {
		return res, nil, fmt.Errorf("%w: case %q", caseload.ErrUnknown, caseID)
	}
	c.Tier, c.Risk.Tier = res.Tier, res.Tier
	if res.V3.IsLetter() {
		c.Risk.V3 = res.V3
	}
	if _, err := eng.Apply(allocation.CaseChanges(a.cfg.Now(), c)); err != nil {
		a.take()
		return res, nil, err
	}
	if err := a.flush(ctx, nil, nil); err != nil {
		return res, nil, err
	}
	c, _ = eng.Case(caseID)
	return res, &c, nil
}
