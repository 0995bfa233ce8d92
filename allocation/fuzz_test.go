package allocation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// journalled runs a short day on smallTeam and returns the snapshot taken
// before it and the journal it wrote: the seeds of the decoder fuzz
// targets below.
func journalled(t testing.TB) (snapshot []byte, journal []byte) {
	t.Helper()
	var entries []allocation.Entry
	e := newEngine(t, smallTeam(t), allocation.EngineConfig{Journal: func(en allocation.Entry) { entries = append(entries, en) }})
	snapshot, err := e.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	d3 := tiering.MustParseTier("D3")
	for _, ev := range []allocation.Event{
		allocation.CaseArrives(day, caseload.Case{ID: "w-new", Tier: d3, Type: caseload.Community, Team: "T1", Risk: grades.Profile{Tier: d3, RoSH: tiering.RoSHLow}}),
		allocation.PractitionerUnavailable(day, "po1", true),
		allocation.ReductionAdded(day, "po2", caseload.Reduction{Reason: caseload.ReasonPQiP3, Hours: 10, Start: day.AddDate(0, 0, -1)}),
	} {
		if _, err := e.Apply(ev); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Place("w-low", "pso", allocation.PlaceOptions{At: day, By: "spo"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Batch(context.Background(), allocation.BatchOptions{At: day, Job: "morning"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := allocation.WriteJournal(&buf, entries); err != nil {
		t.Fatal(err)
	}
	return snapshot, buf.Bytes()
}

// FuzzReadJournal: ReadJournal never panics, and what it reads writes
// back to lines it reads again as equal entries.
func FuzzReadJournal(f *testing.F) {
	_, journal := journalled(f)
	f.Add(journal)
	f.Add([]byte(`{"seq":1,"seq":2}` + "\n"))
	f.Add([]byte("\n\n{}\n"))
	f.Add([]byte(`{"seq":1,"prices":{}}`))
	f.Add([]byte(`{"seq":1,"event":{"kind":"case_closes","case_id":"x"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := allocation.ReadJournal(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := allocation.WriteJournal(&buf, entries); err != nil {
			t.Fatalf("WriteJournal of entries ReadJournal read: %v", err)
		}
		again, err := allocation.ReadJournal(&buf)
		if err != nil {
			t.Fatalf("ReadJournal of what WriteJournal wrote: %v\n%s", err, buf.Bytes())
		}
		if diff := cmp.Diff(entries, again); diff != "" {
			t.Fatalf("journal round trip (-read +again):\n%s", diff)
		}
	})
}

// FuzzRestoreEngine: RestoreEngine and Replay never panic on any bytes,
// and an engine they return writes a snapshot that restores to an equal
// snapshot.
func FuzzRestoreEngine(f *testing.F) {
	snapshot, journal := journalled(f)
	f.Add(snapshot, journal)
	f.Add(snapshot, []byte(nil))
	f.Add([]byte(`{"schema":"probationkit/engine-snapshot/v1"}`), []byte(nil))
	f.Add([]byte(`{"schema":"probationkit/engine-snapshot/v1","schema":"x"}`), journal)
	f.Fuzz(func(t *testing.T, snap, lines []byte) {
		entries, err := allocation.ReadJournal(bytes.NewReader(lines))
		if err != nil {
			entries = nil
		}
		e, err := allocation.Replay(snap, entries, nil)
		if err != nil {
			return
		}
		out, err := e.Snapshot()
		if err != nil {
			return // a snapshot refuses prices that are not finite
		}
		back, err := allocation.RestoreEngine(out, nil)
		if err != nil {
			t.Fatalf("RestoreEngine of a Snapshot: %v", err)
		}
		again, err := back.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, again) {
			t.Fatalf("snapshot round trip differs:\n%s\n%s", out, again)
		}
	})
}

// FuzzWeightsJSON: the Weights and Cost decoders never panic, and what
// they read writes back to JSON they read as equal.
func FuzzWeightsJSON(f *testing.F) {
	w, _ := json.Marshal(allocation.DefaultWeights())
	f.Add(w)
	f.Add([]byte(`{"distance":528,"overload":2400,"total":2928}`))
	f.Add([]byte(`{"distance":1,"distance":2}`))
	f.Add([]byte(`{"total":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var w allocation.Weights
		if json.Unmarshal(data, &w) == nil {
			out, err := json.Marshal(w)
			if err != nil {
				t.Fatal(err)
			}
			var back allocation.Weights
			if err := json.Unmarshal(out, &back); err != nil || back != w {
				t.Fatalf("weights round trip: %v, %v != %v", err, back, w)
			}
		}
		var c allocation.Cost
		if json.Unmarshal(data, &c) == nil {
			out, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			var back allocation.Cost
			if err := json.Unmarshal(out, &back); err != nil || back != c {
				t.Fatalf("cost round trip: %v, %v != %v", err, back, c)
			}
		}
	})
}
