package allocation_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// engineRun drives an engine with a random sequence of events,
// placements and batches, keeping the journal.
type engineRun struct {
	e       *allocation.Engine
	start   []byte // the snapshot before the first step
	journal []allocation.Entry
	nextC   int
	nextP   int
	ops     []func(t *rapid.T, e *allocation.Engine)
}

func drawEngineCase(t *rapid.T, id string, holders []string) caseload.Case {
	tier := tiering.Tier(rapid.IntRange(1, 16).Draw(t, "tier"))
	c := caseload.Case{
		ID:   id,
		Tier: tier,
		Type: rapid.SampledFrom([]caseload.CaseType{caseload.Community, caseload.Licence, caseload.Custody}).Draw(t, "type"),
		Team: rapid.SampledFrom([]string{"T1", "T2"}).Draw(t, "team"),
		Risk: grades.Profile{Tier: tier, RoSH: rapid.SampledFrom([]tiering.RoSH{tiering.RoSHLow, tiering.RoSHMedium, tiering.RoSHHigh, tiering.RoSHNone}).Draw(t, "rosh")},
	}
	if len(holders) > 0 && rapid.IntRange(0, 2).Draw(t, "held") == 0 {
		c.Practitioner = rapid.SampledFrom(holders).Draw(t, "holder")
	}
	if len(holders) > 0 && rapid.IntRange(0, 3).Draw(t, "prev") == 0 {
		c.Previous = rapid.SampledFrom(holders).Draw(t, "previous")
	}
	if len(holders) > 0 && rapid.IntRange(0, 5).Draw(t, "lao") == 0 {
		c.ExcludedFrom = []string{rapid.SampledFrom(holders).Draw(t, "excluded")}
	}
	return c
}

func drawEnginePractitioner(t *rapid.T, id string) caseload.Practitioner {
	team := rapid.SampledFrom([]string{"T1", "T2"}).Draw(t, "pteam")
	return caseload.Practitioner{
		ID: id, Team: team, PDU: "D1", Region: "R1",
		Grade: rapid.SampledFrom([]grades.Grade{grades.PO, grades.PO, grades.PSO, grades.PQiP2}).Draw(t, "grade"),
		Hours: rapid.SampledFrom([]*float64{nil, new(7.4), new(18.5), new(37.0)}).Draw(t, "hours"),
	}
}

func newEngineRun(t *rapid.T, s *allocation.Settings) *engineRun {
	r := &engineRun{}
	var ps []caseload.Practitioner
	var ids []string
	for i := range rapid.IntRange(1, 5).Draw(t, "staff") {
		ps = append(ps, drawEnginePractitioner(t, fmt.Sprintf("P%d", i)))
		ids = append(ids, fmt.Sprintf("P%d", i))
	}
	r.nextP = len(ps)
	var cs []caseload.Case
	for range rapid.IntRange(0, 10).Draw(t, "cases") {
		cs = append(cs, drawEngineCase(t, fmt.Sprintf("C%02d", r.nextC), ids))
		r.nextC++
	}
	cl, err := caseload.Build(cs, ps, day, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.e, err = allocation.NewEngine(cl, allocation.EngineConfig{Settings: s, Journal: func(en allocation.Entry) { r.journal = append(r.journal, en) }})
	if err != nil {
		t.Fatal(err)
	}
	r.start, err = r.e.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// step draws one random operation, applies it and keeps it in r.ops, so
// that another engine can be put through the same calls.
func (r *engineRun) step(t *rapid.T, batches bool) {
	op := r.draw(t, batches)
	r.ops = append(r.ops, op)
	op(t, r.e)
}

// draw draws an operation: an event, a placement of the recommendation,
// or a batch. A refused event must change nothing.
func (r *engineRun) draw(t *rapid.T, batches bool) func(t *rapid.T, e *allocation.Engine) {
	e := r.e
	var staff []string
	for _, w := range e.Workloads() {
		staff = append(staff, w.Practitioner)
	}
	alloc := e.Allocation()
	pickCase := func() (string, bool) {
		if len(alloc) == 0 {
			return "", false
		}
		return rapid.SampledFrom(alloc).Draw(t, "case").CaseID, true
	}
	at := day.AddDate(0, 0, len(r.ops))
	var ev *allocation.Event
	switch rapid.IntRange(0, 12).Draw(t, "op") {
	case 0, 1:
		x := allocation.CaseArrives(at, drawEngineCase(t, fmt.Sprintf("C%02d", r.nextC), nil))
		r.nextC++
		ev = &x
	case 2:
		if id, ok := pickCase(); ok {
			x := allocation.CaseCloses(at, id)
			ev = &x
		}
	case 3:
		if id, ok := pickCase(); ok {
			x := allocation.CaseChanges(at, drawEngineCase(t, id, staff))
			ev = &x
		}
	case 4:
		if id, ok := pickCase(); ok {
			x := allocation.CaseTransfers(at, id, rapid.SampledFrom(append(staff, "")).Draw(t, "to"))
			ev = &x
		}
	case 5:
		x := allocation.PractitionerJoins(at, drawEnginePractitioner(t, fmt.Sprintf("P%d", r.nextP)))
		r.nextP++
		ev = &x
	case 6:
		if len(staff) > 1 {
			x := allocation.PractitionerLeaves(at, rapid.SampledFrom(staff).Draw(t, "leaver"))
			ev = &x
		}
	case 7:
		x := allocation.PractitionerChanges(at, drawEnginePractitioner(t, rapid.SampledFrom(staff).Draw(t, "changed")))
		ev = &x
	case 8:
		x := allocation.PractitionerUnavailable(at, rapid.SampledFrom(staff).Draw(t, "away"), rapid.Bool().Draw(t, "unavailable"))
		ev = &x
	case 9:
		x := allocation.ReductionAdded(at, rapid.SampledFrom(staff).Draw(t, "reduced"), caseload.Reduction{Reason: caseload.ReasonPQiP3, Hours: 3, Start: at})
		ev = &x
	case 10:
		x := allocation.DateMoves(at)
		ev = &x
	case 11:
		if id, ok := pickCase(); ok {
			return func(t *rapid.T, e *allocation.Engine) {
				rec, err := e.Recommend(id, 1)
				if err != nil || len(rec.Best) == 0 {
					return
				}
				if _, err := e.Place(id, rec.Best[0].PractitionerID, allocation.PlaceOptions{At: at, By: "test"}); err != nil {
					if _, err := e.Place(id, rec.Best[0].PractitionerID, allocation.PlaceOptions{At: at, By: "test",
						Override: grades.Override{Reason: grades.Suitability}}); err != nil {
						t.Logf("place %s: %v", id, err)
					}
				}
			}
		}
	case 12:
		if batches {
			return func(t *rapid.T, e *allocation.Engine) {
				if _, err := e.Batch(context.Background(), allocation.BatchOptions{At: at}); err != nil {
					t.Fatalf("Batch: %v", err)
				}
			}
		}
	}
	return func(t *rapid.T, e *allocation.Engine) {
		if ev == nil {
			return
		}
		v := e.Version()
		if _, err := e.Apply(*ev); err != nil && e.Version() != v {
			t.Fatalf("a refused %v changed the version", ev.Kind)
		}
	}
}

// TestEnginePropertyEqualsBuild: after any sequence of events,
// placements and batches, the engine's caseload equals a Caseload built
// from scratch from the records it holds, and the waiting cases are the
// unallocated ones.
func TestEnginePropertyEqualsBuild(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := newEngineRun(t, nil)
		for range rapid.IntRange(1, 30).Draw(t, "steps") {
			r.step(t, true)
			cl := r.e.Caseload()
			fresh, err := caseload.Build(cl.Cases(), cl.Practitioners(), cl.AsOf(), nil)
			if err != nil {
				t.Fatal(err)
			}
			byID := func(ws []caseload.Workload) []caseload.Workload {
				return slices.SortedFunc(slices.Values(ws), func(a, b caseload.Workload) int { return cmp.Compare(a.Practitioner, b.Practitioner) })
			}
			if diff := gocmp.Diff(byID(fresh.Workloads()), r.e.Workloads()); diff != "" {
				t.Fatalf("workloads differ from a fresh Build (-fresh +engine):\n%s", diff)
			}
			var unallocated, waiting []string
			for _, c := range fresh.Cases() {
				if c.Practitioner == "" {
					unallocated = append(unallocated, c.ID)
				}
			}
			for _, w := range r.e.Waiting() {
				waiting = append(waiting, w.CaseID)
			}
			slices.Sort(waiting)
			if diff := gocmp.Diff(unallocated, waiting); diff != "" {
				t.Fatalf("waiting cases are not the unallocated ones (-unallocated +waiting):\n%s", diff)
			}
		}
	})
}

// oneCase returns the problem of placing waiting case id alone against
// the engine's loads now, as Solve takes it.
func oneCase(e *allocation.Engine, id string) *allocation.Problem {
	p := allocation.DailyProblem(e.Caseload())
	p.Cases = slices.DeleteFunc(p.Cases, func(c allocation.Case) bool { return c.ID != id })
	for i := range p.Practitioners {
		_, away, _ := e.Practitioner(p.Practitioners[i].ID)
		p.Practitioners[i].Unavailable = away
	}
	return p
}

// TestEnginePropertyRecommendIsSolve: Recommend's first choice is
// Solve's choice on the one-case problem (the same objective change; on
// a tie Solve may pick another of the tied), and with no eligible
// practitioner Solve leaves the case unplaced too.
func TestEnginePropertyRecommendIsSolve(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := &allocation.Settings{}
		if rapid.Bool().Draw(t, "capped") {
			s.HardCap = 100
		}
		r := newEngineRun(t, s)
		for range rapid.IntRange(0, 15).Draw(t, "steps") {
			r.step(t, false)
		}
		for _, w := range r.e.Waiting() {
			rec, err := r.e.Recommend(w.CaseID, 0)
			if err != nil {
				t.Fatal(err)
			}
			res := solveOrFatal(t, oneCase(r.e, w.CaseID), s)
			if len(rec.Best) == 0 {
				if len(res.Assignments) != 0 {
					t.Fatalf("%s: Recommend has no one, Solve chose %s", w.CaseID, res.Assignments[0].PractitionerID)
				}
				continue
			}
			if len(res.Assignments) != 1 {
				t.Fatalf("%s: Recommend chose %s, Solve left it unplaced: %+v", w.CaseID, rec.Best[0].PractitionerID, res.Unassigned)
			}
			a := res.Assignments[0]
			if a.Cost.Total() != rec.Best[0].Cost.Total() {
				t.Fatalf("%s: Solve chose %s at %d, Recommend %s at %d", w.CaseID, a.PractitionerID, a.Cost.Total(), rec.Best[0].PractitionerID, rec.Best[0].Cost.Total())
			}
			if a.PractitionerID == rec.Best[0].PractitionerID && a.Cost != rec.Best[0].Cost {
				t.Fatalf("%s: the same choice priced differently: %v, %v", w.CaseID, a.Cost, rec.Best[0].Cost)
			}
		}
	})
}

// TestEnginePropertyBatchBound: a batch's bound is the relaxation's exact
// optimum, warm or cold: it equals the bound of a cold Solve of the same
// problem, and both objectives lie at or above it.
func TestEnginePropertyBatchBound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := newEngineRun(t, nil)
		for range rapid.IntRange(0, 20).Draw(t, "steps") {
			r.step(t, true)
		}
		p := allocation.DailyProblem(r.e.Caseload())
		for i := range p.Practitioners {
			_, away, _ := r.e.Practitioner(p.Practitioners[i].ID)
			p.Practitioners[i].Unavailable = away
		}
		cold := solveOrFatal(t, p, nil)
		res, err := r.e.Batch(context.Background(), allocation.BatchOptions{At: day})
		if err != nil {
			t.Fatal(err)
		}
		b := res.Result.Stats
		if b.HasBound != cold.Stats.HasBound || b.Bound != cold.Stats.Bound {
			t.Fatalf("batch bound %d (warm %v, %d flows), cold Solve's %d", b.Bound, res.Warm, res.Flows, cold.Stats.Bound)
		}
		if b.HasBound && (b.Objective < b.Bound || cold.Stats.Objective < b.Bound) {
			t.Fatalf("objectives %d (batch) and %d (Solve) below the bound %d", b.Objective, cold.Stats.Objective, b.Bound)
		}
	})
}

// TestEnginePropertyBatchRoster: the roster of the practitioners a batch
// keeps in the engine between batches is dropped by every change of a
// practitioner: with the roster built before each random step (event,
// placement or batch), the batch's model built from it after the step
// equals the model of the waiting Problem, as Solve builds it.
func TestEnginePropertyBatchRoster(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := &allocation.Settings{HardCap: rapid.SampledFrom([]int{0, 120}).Draw(t, "hardcap"),
			Scope: rapid.SampledFrom([]allocation.Scope{allocation.SamePDU, allocation.SameTeam}).Draw(t, "scope")}
		r := newEngineRun(t, s)
		for range rapid.IntRange(1, 30).Draw(t, "steps") {
			if d := allocation.BatchModelDiff(r.e); d != "" { // and builds the roster
				t.Fatalf("before step %d: batch model (-problem +roster):\n%s", len(r.ops), d)
			}
			r.step(t, true)
			if d := allocation.BatchModelDiff(r.e); d != "" {
				t.Fatalf("after step %d: batch model (-problem +roster):\n%s", len(r.ops), d)
			}
		}
	})
}

// TestEnginePropertySnapshotAndReplay: a restored snapshot answers like
// the original (every recommendation, workload, waiting case, the
// allocation and the version), and replaying the journal on the first
// snapshot rebuilds the same state, snapshot for snapshot.
func TestEnginePropertySnapshotAndReplay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := newEngineRun(t, &allocation.Settings{Effort: rapid.IntRange(0, 3).Draw(t, "effort")})
		for range rapid.IntRange(1, 25).Draw(t, "steps") {
			r.step(t, true)
		}
		snap, err := r.e.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		back, err := allocation.RestoreEngine(snap, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(answers(t, r.e), answers(t, back)); diff != "" {
			t.Fatalf("restored engine answers differently (-original +restored):\n%s", diff)
		}
		var buf bytes.Buffer
		if err := allocation.WriteJournal(&buf, r.journal); err != nil {
			t.Fatal(err)
		}
		entries, err := allocation.ReadJournal(&buf)
		if err != nil {
			t.Fatal(err)
		}
		replayed, err := allocation.Replay(r.start, entries, nil)
		if err != nil {
			t.Fatal(err)
		}
		again, err := replayed.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(snap, again) {
			t.Fatalf("replay rebuilt another state: %s", firstDifference(snap, again))
		}
	})
}

// firstDifference shows where two byte strings first differ.
func firstDifference(a, b []byte) string {
	k := 0
	for k < len(a) && k < len(b) && a[k] == b[k] {
		k++
	}
	lo := max(0, k-80)
	return fmt.Sprintf("at byte %d: …%s… against …%s…", k, a[lo:min(len(a), k+80)], b[lo:min(len(b), k+80)])
}

type engineAnswers struct {
	Version    uint64
	Workloads  []caseload.Workload
	Waiting    []allocation.Waiting
	Allocation []allocation.Placement
	Recommend  []allocation.Recommendation
}

func answers(t *rapid.T, e *allocation.Engine) engineAnswers {
	a := engineAnswers{Version: e.Version(), Workloads: e.Workloads(), Waiting: e.Waiting(), Allocation: e.Allocation()}
	for _, pl := range a.Allocation {
		rec, err := e.Recommend(pl.CaseID, 0)
		if err != nil {
			t.Fatal(err)
		}
		a.Recommend = append(a.Recommend, rec)
	}
	return a
}

// TestEnginePropertyDeterministic: the same sequence of calls on two
// engines from the same snapshot gives the same journal and the same
// state, batches included.
func TestEnginePropertyDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := newEngineRun(t, nil)
		for range rapid.IntRange(1, 25).Draw(t, "steps") {
			r.step(t, true)
		}
		var journal []allocation.Entry
		twin, err := allocation.RestoreEngine(r.start, func(en allocation.Entry) { journal = append(journal, en) })
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range r.ops {
			op(t, twin)
		}
		if diff := gocmp.Diff(r.journal, journal); diff != "" {
			t.Fatalf("the same calls journalled differently (-first +second):\n%s", diff)
		}
		a, _ := r.e.Snapshot()
		b, _ := twin.Snapshot()
		if !bytes.Equal(a, b) {
			t.Fatal("the same calls left different states")
		}
	})
}
