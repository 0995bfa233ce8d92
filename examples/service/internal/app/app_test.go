package app_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/examples/service/internal/app"
	"github.com/probationkit/probation/examples/service/internal/store"
	"github.com/probationkit/probation/grades"
)

var clock = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func open(t *testing.T, path string) (*app.App, *store.Store, app.Info) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path, clock)
	if err != nil {
		t.Fatal(err)
	}
	a, info, err := app.Open(ctx, st, app.Config{Now: func() time.Time { return clock }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return a, st, info
}

// TestReopenReplaysTheJournal stops without a final snapshot, as a crash
// would, and checks that the journal rebuilds the same engine: the same
// snapshot, byte for byte, and records that agree with it.
func TestReopenReplaysTheJournal(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	a, st, info := open(t, path)
	if !info.Created {
		t.Fatalf("a new database is not reported as created")
	}
	w := a.Engine().Waiting()
	if _, _, err := a.Allocate(ctx, app.AllocateRequest{CaseID: w[0].CaseID, By: "spo"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Allocate(ctx, app.AllocateRequest{CaseID: "C002305", PractitionerID: "P00015", By: "spo",
		Override: grades.Override{Reason: grades.Suitability}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Apply(ctx, allocation.PractitionerLeaves(time.Time{}, "P00003")); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Batch(ctx, "spo"); err != nil {
		t.Fatal(err)
	}
	want, err := a.Engine().Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	st.Close() // no App.Close: no final snapshot

	b, st2, info := open(t, path)
	defer st2.Close()
	if info.Created || info.Replayed < 40 || info.Resynced {
		t.Errorf("reopen: %+v, want the journal replayed on the first snapshot and the records in agreement", info)
	}
	got, err := b.Engine().Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("the replayed engine differs (-before +after):\n%s", diff)
	}
}

// TestRecordsResyncFromTheJournal damages the records behind the App's
// back: on the next start the journal decides and the records are
// rewritten.
func TestRecordsResyncFromTheJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	_, st, _ := open(t, path)
	if _, err := st.DB().Exec(`UPDATE cases SET practitioner_id = 'P00001', record = json_set(record, '$.practitioner', 'P00001') WHERE id = 'C002328'`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	a, st2, info := open(t, path)
	defer st2.Close()
	if !info.Resynced {
		t.Fatalf("a damaged record was not noticed")
	}
	var holder *string
	st2.DB().QueryRow(`SELECT practitioner_id FROM cases WHERE id = 'C002328'`).Scan(&holder)
	if c, _ := a.Engine().Case("C002328"); holder != nil || c.Practitioner != "" {
		t.Errorf("after the resync the case is with %v in the records and %q in the engine; want waiting in both", holder, c.Practitioner)
	}
}

// TestConcurrentAllocations has 8 goroutines race to allocate the same
// waiting cases, each submitting every case twice with its own key and
// once more with a shared key: every case is allocated exactly once,
// every success is in the store, and the losers are told why.
func TestConcurrentAllocations(t *testing.T) {
	ctx := context.Background()
	a, st, _ := open(t, filepath.Join(t.TempDir(), "s.db"))
	defer st.Close()
	var ids []string
	for _, w := range a.Engine().Waiting() {
		if w.CaseID != "C002289" && w.CaseID != "C002290" { // no one may hold these two
			ids = append(ids, w.CaseID)
		}
	}
	var mu sync.Mutex
	won := map[string][]string{}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for _, id := range ids {
				for _, key := range []string{fmt.Sprintf("%s-g%d", id, g), id + "-shared"} {
					// A reason is given so that a recommendation a soft rule
					// fires for may be accepted too.
					res, replay, err := a.Allocate(ctx, app.AllocateRequest{CaseID: id, By: fmt.Sprint("spo", g), IdempotencyKey: key, Fingerprint: id,
						Override: grades.Override{Reason: grades.NoStaff}})
					switch {
					case err == nil && replay == nil:
						mu.Lock()
						won[id] = append(won[id], res.Decision.To)
						mu.Unlock()
					case err == nil:
					case errors.Is(err, allocation.ErrHolderChanged):
					default:
						t.Errorf("allocate %s: %v", id, err)
					}
				}
			}
		})
	}
	wg.Wait()
	ds, err := st.Decisions(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]int{}
	for _, d := range ds {
		stored[d.CaseID]++
	}
	for _, id := range ids {
		c, _ := a.Engine().Case(id)
		if len(won[id]) != 1 || stored[id] != 1 || c.Practitioner != won[id][0] {
			t.Errorf("%s: won by %v, %d decisions stored, held by %q: want exactly one of each", id, won[id], stored[id], c.Practitioner)
		}
	}
}
