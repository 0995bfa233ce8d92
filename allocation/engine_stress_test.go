package allocation_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/internal/synth"
)

// heldInstance returns a synth instance with held and waiting cases.
func heldInstance(tb testing.TB, cases, practitioners, waiting int, seed uint64) *synth.Instance {
	tb.Helper()
	return synth.Generate(synth.Size{Name: "engine", Cases: cases, Practitioners: practitioners, New: waiting}, seed)
}

// TestEngineStress runs 8 goroutines at once on one engine — two
// applying events, one placing cases, one running batches and
// rebalance proposals, four querying — and then checks that the journal
// is in order with no gaps, that replaying it rebuilds the same state,
// and that the engine equals a caseload built from its records. Run it
// with -race.
func TestEngineStress(t *testing.T) {
	in := heldInstance(t, 900, 30, 60, 7)
	cl, err := in.Caseload()
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var journal []allocation.Entry
	e, err := allocation.NewEngine(cl, allocation.EngineConfig{Journal: func(en allocation.Entry) {
		mu.Lock()
		journal = append(journal, en)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	start, err := e.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	rounds := 150
	if testing.Short() {
		rounds = 40
	}
	template := in.Cases[len(in.Cases)-1]
	var wg sync.WaitGroup
	writer := func(w int) {
		rng := rand.New(rand.NewPCG(uint64(w), 1))
		for k := range rounds {
			c := template
			c.ID, c.Practitioner = fmt.Sprintf("S%d-%04d", w, k), ""
			if _, err := e.Apply(allocation.CaseArrives(day, c)); err != nil {
				t.Error(err)
				return
			}
			if rng.IntN(3) == 0 {
				if _, err := e.Apply(allocation.CaseCloses(day, c.ID)); err != nil {
					t.Error(err)
					return
				}
			}
			if rng.IntN(10) == 0 {
				p := in.Practitioners[rng.IntN(len(in.Practitioners))].ID
				e.Apply(allocation.PractitionerUnavailable(day, p, rng.IntN(2) == 0))
			}
		}
	}
	wg.Go(func() { writer(1) })
	wg.Go(func() { writer(2) })
	wg.Go(func() { // placing the recommendation
		for range rounds {
			ws := e.Waiting()
			if len(ws) == 0 {
				continue
			}
			id := ws[0].CaseID
			if r, err := e.Recommend(id, 1); err == nil && len(r.Best) > 0 {
				e.Place(id, r.Best[0].PractitionerID, allocation.PlaceOptions{At: day, By: "spo"}) // may race with a batch: refused then
			}
		}
	})
	wg.Go(func() { // batches and proposals
		for k := range rounds / 10 {
			if _, err := e.Batch(context.Background(), allocation.BatchOptions{At: day, Job: fmt.Sprint("b", k)}); err != nil {
				t.Error(err)
				return
			}
			if p, err := e.Rebalance(context.Background(), allocation.RebalanceOptions{MoveBudget: 3}); err == nil {
				e.Accept(p, day, "spo") // stale when writers moved on
			}
		}
	})
	for q := range 4 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(q), 2))
			for range rounds {
				all := e.Allocation()
				if len(all) > 0 {
					id := all[rng.IntN(len(all))].CaseID
					if r, err := e.Recommend(id, 5); err == nil && r.CaseID != id {
						t.Errorf("Recommend(%s) answered for %s", id, r.CaseID)
					}
				}
				e.Workloads()
				e.Waiting()
				if rng.IntN(20) == 0 {
					if _, err := e.Snapshot(); err != nil {
						t.Error(err)
					}
				}
				e.RecommendCases(in.Practitioners[rng.IntN(len(in.Practitioners))].ID, 3)
			}
		})
	}
	wg.Wait()

	for k, en := range journal {
		if en.Seq != uint64(k+1) || en.Version != en.Seq {
			t.Fatalf("journal entry %d has seq %d, version %d", k, en.Seq, en.Version)
		}
	}
	replayed, err := allocation.Replay(start, journal, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := e.Snapshot()
	b, _ := replayed.Snapshot()
	if string(a) != string(b) {
		t.Fatalf("replay rebuilt another state: %s", firstDifference(a, b))
	}
	live := e.Caseload()
	fresh, err := caseload.Build(live.Cases(), live.Practitioners(), live.AsOf(), nil)
	if err != nil {
		t.Fatal(err)
	}
	sorted := func(ws []caseload.Workload) []caseload.Workload {
		return slices.SortedFunc(slices.Values(ws), func(a, b caseload.Workload) int { return cmp.Compare(a.Practitioner, b.Practitioner) })
	}
	if diff := gocmp.Diff(sorted(fresh.Workloads()), e.Workloads()); diff != "" {
		t.Fatalf("engine differs from a fresh Build (-fresh +engine):\n%s", diff)
	}
}
