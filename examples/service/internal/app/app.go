// Package app is the service's core, with no HTTP in it: an
// allocation.Engine kept in step with a SQLite store.
//
// # Persistence
//
// The engine journals every change (allocation.Entry: an event, a
// decision, a batch's prices). The store keeps that journal and, now and
// then, a snapshot of the engine; on start the engine is rebuilt exactly
// by allocation.Replay of the latest snapshot and the entries after it,
// version and all. Each entry is written in its own transaction together
// with the records it changes (cases, practitioners, reductions), re-read
// from the engine, and, for a decision, its row in the decisions table —
// so the records are always what the journal says, and SQL readers see
// them without knowing the journal. On start the records are checked
// against the rebuilt engine.
//
// # Concurrency
//
// Reads go straight to the engine (its read lock lets them run in
// parallel). Writes — events, allocations, batches, accepted proposals —
// hold the App's writer lock from the engine call until their entries
// are committed, so the entries of one write are exactly the ones it
// made, and a check made under the lock (an idempotency key, the holder
// a person saw) still holds when the engine acts. A reader may see a
// change a few milliseconds before it is committed; if the commit fails,
// the engine is rebuilt from the store, so no change survives that the
// store does not hold, and the write reports the failure.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/examples/service/internal/demo"
	"github.com/probationkit/probation/examples/service/internal/store"
)

// Config configures Open. The zero value means the wall clock, the
// default logger and a snapshot every 1,000 journal entries.
type Config struct {
	// Now is the clock: decisions and events are stamped with it and the
	// engine's date follows it. nil means time.Now.
	Now func() time.Time
	// Log receives the service's structured logs; nil means slog.Default().
	Log *slog.Logger
	// SnapshotEvery is how many journal entries may follow the latest
	// snapshot before a new one is taken; 0 means 1,000.
	SnapshotEvery int
}

// Info says how Open found the store.
type Info struct {
	// Created reports a new database, seeded from the demo dataset.
	Created bool
	// Replayed is the number of journal entries replayed on the snapshot.
	Replayed int
	// Resynced reports records that disagreed with the journal and were
	// rewritten from the rebuilt engine (a crash between two transactions
	// of one write can leave the records ahead; the journal decides).
	Resynced bool
}

// App is the engine and its store. It is safe for concurrent use.
type App struct {
	st  *store.Store
	cfg Config
	log *slog.Logger

	eng  atomic.Pointer[allocation.Engine]
	asOf atomic.Int64 // the engine's as-of date, Unix seconds

	wmu       chan struct{} // the writer lock
	jmu       sync.Mutex
	pending   []allocation.Entry // journalled, not yet committed
	lastSeq   uint64             // the last committed entry (under wmu)
	sinceSnap int                // entries since the latest snapshot (under wmu)

	props proposals
}

// Open returns the App over st: on a new database it seeds the demo
// dataset; otherwise it rebuilds the engine from the latest snapshot and
// the journal. Then it moves the engine's date to today if the clock has
// passed it.
func Open(ctx context.Context, st *store.Store, cfg Config) (*App, Info, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.SnapshotEvery <= 0 {
		cfg.SnapshotEvery = 1000
	}
	a := &App{st: st, cfg: cfg, log: cfg.Log, wmu: make(chan struct{}, 1)}
	a.props.init()
	var info Info
	empty, err := st.Empty(ctx)
	if err != nil {
		return nil, info, err
	}
	if err := a.lock(ctx); err != nil {
		return nil, info, err
	}
	defer a.unlock()
	if empty {
		info.Created = true
		err = a.seed(ctx)
	} else {
		info.Replayed, info.Resynced, err = a.restore(ctx)
	}
	if err != nil {
		return nil, info, err
	}
	if err := a.advanceDate(ctx); err != nil {
		return nil, info, err
	}
	return a, info, nil
}

// seed builds the engine from the demo dataset, stores its snapshot and
// records, then applies the waiting cases' arrivals.
func (a *App) seed(ctx context.Context) error {
	cl, arrivals, err := demo.Load()
	if err != nil {
		return err
	}
	eng, err := allocation.NewEngine(cl, allocation.EngineConfig{Journal: a.journal})
	if err != nil {
		return err
	}
	a.install(eng)
	body, err := eng.Snapshot()
	if err != nil {
		return err
	}
	cases, prs := records(eng)
	if err := a.st.Init(ctx, store.Snapshot{Seq: 0, Version: eng.Version(), TakenAt: a.cfg.Now(), Body: body}, cases, prs, cl.AsOf()); err != nil {
		return err
	}
	for _, ev := range arrivals {
		if _, err := eng.Apply(ev); err != nil {
			return fmt.Errorf("app: demo arrival: %w", err)
		}
	}
	a.log.Info("seeded the demo dataset", "cases", len(cases)+len(arrivals), "practitioners", len(prs), "waiting", len(arrivals))
	return a.flush(ctx, nil, nil)
}

// restore rebuilds the engine from the store and checks the records.
func (a *App) restore(ctx context.Context) (replayed int, resynced bool, err error) {
	eng, n, err := a.rebuild(ctx)
	if err != nil {
		return 0, false, err
	}
	a.install(eng)
	cases, prs, err := a.st.Records(ctx)
	if err != nil {
		return n, false, err
	}
	wantCases, wantPrs := records(eng)
	if d := cmp.Diff(wantCases, cases) + cmp.Diff(wantPrs, prs); d != "" {
		a.log.Warn("the records disagree with the journal: rewriting them from the rebuilt engine", "diff", d)
		if err := a.st.ReplaceRecords(ctx, wantCases, wantPrs); err != nil {
			return n, false, err
		}
		resynced = true
	}
	a.log.Info("restored the engine", "replayed", n, "version", eng.Version(), "seq", a.lastSeq)
	return n, resynced, nil
}

// rebuild returns the engine the store holds and the number of entries
// replayed on the latest snapshot; it sets lastSeq and sinceSnap.
func (a *App) rebuild(ctx context.Context) (*allocation.Engine, int, error) {
	snap, ok, err := a.st.LatestSnapshot(ctx)
	if err != nil {
		return nil, 0, err
	}
	if !ok {
		return nil, 0, errors.New("app: the database has no snapshot")
	}
	entries, err := a.st.Entries(ctx, snap.Seq)
	if err != nil {
		return nil, 0, err
	}
	eng, err := allocation.Replay(snap.Body, entries, a.journal)
	if err != nil {
		return nil, 0, err
	}
	a.lastSeq = snap.Seq
	if len(entries) > 0 {
		a.lastSeq = entries[len(entries)-1].Seq
	}
	a.sinceSnap = len(entries)
	return eng, len(entries), nil
}

// install makes eng the engine and reads its as-of date.
func (a *App) install(eng *allocation.Engine) {
	a.eng.Store(eng)
	a.asOf.Store(eng.Caseload().AsOf().Unix())
}

// Engine returns the engine, for queries. Do not change it: writes go
// through the App, which persists them.
func (a *App) Engine() *allocation.Engine { return a.eng.Load() }

// Store returns the store, for reads.
func (a *App) Store() *store.Store { return a.st }

// Now returns the App's clock reading.
func (a *App) Now() time.Time { return a.cfg.Now() }

// AsOf returns the engine's as-of date.
func (a *App) AsOf() time.Time { return time.Unix(a.asOf.Load(), 0).UTC() }

// Close takes a snapshot, so the next start replays nothing, once the
// writes in progress have finished. The caller closes the store.
func (a *App) Close(ctx context.Context) error {
	if err := a.lock(ctx); err != nil {
		return err
	}
	defer a.unlock()
	return a.snapshot(ctx)
}

// snapshot stores the engine's state after the last committed entry; the
// caller holds the writer lock.
func (a *App) snapshot(ctx context.Context) error {
	eng := a.Engine()
	body, err := eng.Snapshot()
	if err != nil {
		return err
	}
	if err := a.st.SaveSnapshot(ctx, store.Snapshot{Seq: a.lastSeq, Version: eng.Version(), TakenAt: a.cfg.Now(), Body: body}); err != nil {
		return err
	}
	a.sinceSnap = 0
	a.log.Info("snapshot", "seq", a.lastSeq, "version", eng.Version())
	return nil
}

// lock takes the writer lock, or gives up when ctx ends.
func (a *App) lock(ctx context.Context) error {
	select {
	case a.wmu <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *App) unlock() { <-a.wmu }

// journal is the engine's journal callback: it queues the entry for
// flush. It runs under the engine's write lock and only appends.
func (a *App) journal(en allocation.Entry) {
	a.jmu.Lock()
	a.pending = append(a.pending, en)
	a.jmu.Unlock()
}

func (a *App) take() []allocation.Entry {
	a.jmu.Lock()
	defer a.jmu.Unlock()
	out := a.pending
	a.pending = nil
	return out
}
