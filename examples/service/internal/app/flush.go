package app

import (
	"context"
	"fmt"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/examples/service/internal/store"
)

// records returns the engine's cases and practitioners as the store
// keeps them, sorted by ID.
func records(eng *allocation.Engine) ([]caseload.Case, []store.Practitioner) {
	cl := eng.Caseload()
	cases := cl.Cases()
	var prs []store.Practitioner
	for _, p := range cl.Practitioners() {
		_, unavailable, _ := eng.Practitioner(p.ID)
		prs = append(prs, store.Practitioner{Practitioner: p, Unavailable: unavailable})
	}
	store.SortRecords(cases, prs)
	return cases, prs
}

// flush commits the pending entries, each in its own transaction with
// the records it changed as the engine holds them now; idem is recorded
// with the last decision. leavers maps a departing practitioner to the
// cases they held before leaving. The caller holds the writer lock. The
// commit does not stop when ctx is cancelled: the engine has changed, and
// the store must follow. If a commit fails, the engine is rebuilt from
// the store, and the error returned.
func (a *App) flush(ctx context.Context, idem *store.Idempotency, leavers map[string][]string) error {
	entries := a.take()
	ctx = context.WithoutCancel(ctx)
	last := -1
	for k, en := range entries {
		if en.Decision != nil {
			last = k
		}
	}
	eng := a.Engine()
	for k, en := range entries {
		ch := change(eng, en, leavers)
		if k == last {
			ch.Idempotency = idem
		}
		if err := a.st.Commit(ctx, ch); err != nil {
			a.log.Error("commit failed: rebuilding the engine from the store", "seq", en.Seq, "err", err)
			if eng, _, rerr := a.rebuild(ctx); rerr == nil {
				a.install(eng)
			} else {
				a.log.Error("rebuild failed", "err", rerr)
			}
			return fmt.Errorf("app: storing journal entry %d: %w", en.Seq, err)
		}
		a.lastSeq = en.Seq
		a.sinceSnap++
		if en.Event != nil && en.Event.Kind == allocation.KindDateMoves {
			a.asOf.Store(en.Event.At.Unix())
		}
	}
	if a.sinceSnap >= a.cfg.SnapshotEvery {
		return a.snapshot(ctx)
	}
	return nil
}

// change returns the store change of entry en: the entry and the records
// it touched, re-read from the engine.
func change(eng *allocation.Engine, en allocation.Entry, leavers map[string][]string) store.Change {
	ch := store.Change{Entry: en}
	addCase := func(id string) {
		if c, ok := eng.Case(id); ok {
			ch.Cases = append(ch.Cases, c)
		} else {
			ch.GoneCases = append(ch.GoneCases, id)
		}
	}
	addPractitioner := func(id string) {
		if p, unavailable, ok := eng.Practitioner(id); ok {
			ch.Practitioners = append(ch.Practitioners, store.Practitioner{Practitioner: p, Unavailable: unavailable})
		} else {
			ch.GonePractitioners = append(ch.GonePractitioners, id)
		}
	}
	switch {
	case en.Decision != nil:
		addCase(en.Decision.CaseID)
	case en.Event != nil:
		ev := en.Event
		switch ev.Kind {
		case allocation.KindCaseArrives, allocation.KindCaseChanges:
			addCase(ev.Case.ID)
		case allocation.KindCaseCloses, allocation.KindCaseTransfers:
			addCase(ev.CaseID)
		case allocation.KindPractitionerJoins, allocation.KindPractitionerChanges:
			addPractitioner(ev.Practitioner.ID)
		case allocation.KindPractitionerUnavailable, allocation.KindReductionAdded, allocation.KindReductionEnds:
			addPractitioner(ev.PractitionerID)
		case allocation.KindPractitionerLeaves:
			addPractitioner(ev.PractitionerID)
			for _, id := range leavers[ev.PractitionerID] {
				addCase(id)
			}
		case allocation.KindDateMoves:
			ch.AsOf = ev.At
		}
	}
	return ch
}

// held returns the cases practitioner id holds.
func held(eng *allocation.Engine, id string) []string {
	var out []string
	for _, p := range eng.Allocation() {
		if p.PractitionerID == id {
			out = append(out, p.CaseID)
		}
	}
	return out
}

// advanceDate moves the engine's date to today when the clock has passed
// it. The caller holds the writer lock.
func (a *App) advanceDate(ctx context.Context) error {
	now := a.cfg.Now().UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if !today.After(a.AsOf()) {
		return nil
	}
	if _, err := a.Engine().Apply(allocation.DateMoves(today)); err != nil {
		a.take()
		return err
	}
	a.log.Info("the date moves on", "as_of", today.Format(time.DateOnly))
	return a.flush(ctx, nil, nil)
}
