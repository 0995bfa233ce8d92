package allocation_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

var day = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// smallTeam is a caseload of one team: two POs and a PSO, a held case
// each, and three cases waiting.
func smallTeam(t testing.TB) *caseload.Caseload {
	t.Helper()
	b2, d1, c2 := tiering.MustParseTier("B2"), tiering.MustParseTier("D1"), tiering.MustParseTier("C2")
	ps := []caseload.Practitioner{
		{ID: "po1", Grade: grades.PO, Team: "T1", PDU: "D1", Region: "R1"},
		{ID: "po2", Grade: grades.PO, Team: "T1", PDU: "D1", Region: "R1"},
		{ID: "pso", Grade: grades.PSO, Team: "T1", PDU: "D1", Region: "R1"},
	}
	cs := []caseload.Case{
		{ID: "h1", Tier: b2, Type: caseload.Community, Team: "T1", Practitioner: "po1", Risk: grades.Profile{Tier: b2, RoSH: tiering.RoSHHigh}},
		{ID: "h2", Tier: c2, Type: caseload.Community, Team: "T1", Practitioner: "pso", Risk: grades.Profile{Tier: c2, RoSH: tiering.RoSHLow}},
		{ID: "w-high", Tier: b2, Type: caseload.Licence, Team: "T1", Risk: grades.Profile{Tier: b2, RoSH: tiering.RoSHHigh}, Previous: "po2"},
		{ID: "w-low", Tier: d1, Type: caseload.Community, Team: "T1", Risk: grades.Profile{Tier: d1, RoSH: tiering.RoSHLow}, Previous: "pso"},
		{ID: "w-none", Tier: d1, Type: caseload.Community, Team: "T1", Risk: grades.Profile{Tier: d1}},
	}
	cl, err := caseload.Build(cs, ps, day, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func newEngine(t testing.TB, cl *caseload.Caseload, cfg allocation.EngineConfig) *allocation.Engine {
	t.Helper()
	e, err := allocation.NewEngine(cl, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEngineRecommend(t *testing.T) {
	e := newEngine(t, smallTeam(t), allocation.EngineConfig{})
	r, err := e.Recommend("w-high", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Best) != 2 || r.Best[0].PractitionerID != "po2" || len(r.Blocked) != 1 || r.Blocked[0].PractitionerID != "pso" {
		t.Fatalf("Recommend(w-high) = %v: want its previous PO first, the other PO next, the PSO blocked", r)
	}
	if r.Blocked[0].Reason != allocation.Ineligible || r.Best[1].Reason != allocation.Costlier || r.Best[1].Term != allocation.Continuity || r.Best[1].Extra <= 0 {
		t.Errorf("reasons: blocked %+v, second %+v", r.Blocked[0], r.Best[1])
	}
	r, _ = e.Recommend("w-low", 1)
	if len(r.Best) != 1 || r.Best[0].PractitionerID != "pso" {
		t.Errorf("Recommend(w-low, 1) = %v: want only the PSO, its previous practitioner", r)
	}
	if _, err := e.Recommend("nobody", 1); !errors.Is(err, caseload.ErrUnknown) {
		t.Errorf("unknown case: %v", err)
	}
	fits, err := e.RecommendCases("pso", 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range fits {
		ids = append(ids, f.CaseID)
	}
	if diff := cmp.Diff([]string{"w-low", "w-none"}, ids); diff != "" {
		t.Errorf("RecommendCases(pso) (-want +got):\n%s", diff)
	}
}

func TestEnginePlace(t *testing.T) {
	var journal []allocation.Entry
	e := newEngine(t, smallTeam(t), allocation.EngineConfig{Journal: func(en allocation.Entry) { journal = append(journal, en) }})
	tests := []struct {
		name, caseID, to string
		opt              allocation.PlaceOptions
		want             error
		reason           string
	}{
		{"hard rule", "w-high", "pso", allocation.PlaceOptions{Override: grades.Override{Reason: grades.Other, Text: "please"}}, grades.ErrHardRule,
			"high RoSH needs a PO: a hard rule, no override changes it"},
		{"not recommended without a reason", "w-high", "po1", allocation.PlaceOptions{}, allocation.ErrOverrideNeeded,
			"po1 costs more than po2: choosing them needs an override reason"},
		{"other without text", "w-high", "po1", allocation.PlaceOptions{Override: grades.Override{Reason: grades.Other}}, grades.ErrOverrideText,
			"the reason other needs a text"},
		{"recommended", "w-high", "po2", allocation.PlaceOptions{By: "spo"}, nil, "the recommendation needs no override"},
		{"soft rule", "w-none", "pso", allocation.PlaceOptions{}, allocation.ErrOverrideNeeded,
			"no RoSH recorded: a soft rule fires for a PSO"},
		{"soft rule overridden", "w-none", "pso", allocation.PlaceOptions{Override: grades.Override{Reason: grades.Suitability}}, nil,
			"a catalogue reason overrides a soft rule"},
		{"unknown practitioner", "w-low", "ghost", allocation.PlaceOptions{}, caseload.ErrUnknown, "an unknown practitioner"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := e.Version()
			tt.opt.At = day
			d, err := e.Place(tt.caseID, tt.to, tt.opt)
			if !errors.Is(err, tt.want) {
				t.Fatalf("%s: Place() error %v, want %v", tt.reason, err, tt.want)
			}
			if err != nil {
				if e.Version() != v {
					t.Errorf("a refused placement changed the version")
				}
				return
			}
			if d.To != tt.to || d.Explanation == "" || d.Recommended == "" || e.Version() != v+1 {
				t.Errorf("decision %+v", d)
			}
			if c, _ := e.Case(tt.caseID); c.Practitioner != tt.to {
				t.Errorf("case %s held by %q after Place", tt.caseID, c.Practitioner)
			}
		})
	}
	if len(journal) != 2 || journal[0].Decision == nil || journal[1].Decision.Override.Reason != grades.Suitability {
		t.Errorf("journal %+v: want the two decisions", journal)
	}
}

func TestEngineEventsAndBatch(t *testing.T) {
	e := newEngine(t, smallTeam(t), allocation.EngineConfig{})
	d3 := tiering.MustParseTier("D3")
	steps := []allocation.Event{
		allocation.CaseArrives(day, caseload.Case{ID: "w-new", Tier: d3, Type: caseload.Community, Team: "T1", Risk: grades.Profile{Tier: d3, RoSH: tiering.RoSHLow}}),
		allocation.PractitionerJoins(day, caseload.Practitioner{ID: "po3", Grade: grades.PO, Team: "T1", PDU: "D1", Region: "R1"}),
		allocation.PractitionerUnavailable(day, "po1", true),
		allocation.ReductionAdded(day, "po2", caseload.Reduction{Reason: caseload.ReasonPQiP3, Hours: 10, Start: day.AddDate(0, 0, -1)}),
		allocation.CaseCloses(day, "h2"),
	}
	for _, ev := range steps {
		if _, err := e.Apply(ev); err != nil {
			t.Fatalf("Apply(%v): %v", ev.Kind, err)
		}
	}
	if _, err := e.Apply(allocation.CaseCloses(day, "h2")); !errors.Is(err, caseload.ErrUnknown) {
		t.Errorf("closing a closed case: %v", err)
	}
	if len(e.Waiting()) != 4 {
		t.Fatalf("waiting %v, want 4 cases", e.Waiting())
	}
	res, err := e.Batch(context.Background(), allocation.BatchOptions{At: day, Job: "morning"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Decisions) != 4 || len(e.Waiting()) != 0 || !res.Result.Stats.HasBound {
		t.Fatalf("batch: %d decisions, waiting %v, stats %+v", len(res.Decisions), e.Waiting(), res.Result.Stats)
	}
	for _, d := range res.Decisions {
		if d.To == "po1" {
			t.Errorf("case %s went to po1, who is unavailable", d.CaseID)
		}
	}
	// po3 leaves: their cases wait again, with po3 as previous.
	held := 0
	for _, pl := range e.Allocation() {
		if pl.PractitionerID == "po3" {
			held++
		}
	}
	if _, err := e.Apply(allocation.PractitionerLeaves(day, "po3")); err != nil {
		t.Fatal(err)
	}
	if len(e.Waiting()) != held {
		t.Errorf("after po3 left: %d waiting, po3 held %d", len(e.Waiting()), held)
	}
}

func TestEngineRebalanceProposal(t *testing.T) {
	e := newEngine(t, smallTeam(t), allocation.EngineConfig{})
	if _, err := e.Batch(context.Background(), allocation.BatchOptions{At: day}); err != nil {
		t.Fatal(err)
	}
	before := e.Allocation()
	p, err := e.Rebalance(context.Background(), allocation.RebalanceOptions{Departing: []string{"po1"}, Job: "po1 leaves"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, e.Allocation()); diff != "" {
		t.Fatalf("a proposal changed the allocation:\n%s", diff)
	}
	moved := map[string]bool{}
	for _, mv := range p.Diff.Moves {
		moved[mv.CaseID] = true
		if mv.To == "po1" {
			t.Errorf("the proposal moves %s to po1, who leaves", mv.CaseID)
		}
	}
	if !moved["h1"] {
		t.Errorf("moves %+v: po1's case h1 must move", p.Diff.Moves)
	}
	if p.Diff.Change.Total() != p.Diff.After.Total()-p.Diff.Before.Total() {
		t.Errorf("diff change %v is not after − before", p.Diff.Change)
	}
	if _, err := e.Apply(allocation.DateMoves(day.AddDate(0, 0, 1))); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accept(p, day, "spo"); !errors.Is(err, allocation.ErrStale) {
		t.Fatalf("accepting a stale proposal: %v", err)
	}
	p, err = e.Rebalance(context.Background(), allocation.RebalanceOptions{Departing: []string{"po1"}})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := e.Accept(p, day, "spo")
	if err != nil || len(ds) != len(p.Diff.Moves) {
		t.Fatalf("Accept: %d decisions, %v; %d moves", len(ds), err, len(p.Diff.Moves))
	}
	if c, _ := e.Case("h1"); c.Practitioner == "po1" {
		t.Error("h1 still with po1 after the accepted proposal")
	}
}

func TestEngineJobCancel(t *testing.T) {
	e := newEngine(t, smallTeam(t), allocation.EngineConfig{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	v := e.Version()
	j := e.StartBatch(ctx, allocation.BatchOptions{At: day})
	res, err := j.Cancel()
	if !errors.Is(err, allocation.ErrStopped) || res != nil {
		t.Fatalf("a batch cancelled before it began: %v, %v; want no result and an error matching ErrStopped", res, err)
	}
	select {
	case <-j.Done():
	default:
		t.Error("Cancel returned before the work stopped")
	}
	for range j.Progress() { // closed once done
	}
	if e.Version() != v || len(e.Waiting()) != 3 {
		t.Errorf("a cancelled batch changed the engine: version %d → %d, %d waiting", v, e.Version(), len(e.Waiting()))
	}
	// Cancelled while it runs, a batch commits the best it found, or
	// nothing if it had found nothing yet; either way it stops.
	ctx, cancel = context.WithCancel(context.Background())
	j = e.StartBatch(ctx, allocation.BatchOptions{At: day})
	cancel()
	res, err = j.Cancel()
	if err != nil && !errors.Is(err, allocation.ErrStopped) {
		t.Fatalf("cancelled batch: %v", err)
	}
	if res != nil && len(res.Decisions)+len(e.Waiting()) != 3 {
		t.Errorf("%d decisions and %d waiting: a case was lost", len(res.Decisions), len(e.Waiting()))
	}
}

func TestReadJournalRefusesRepeatedNames(t *testing.T) {
	good := `{"seq":1,"version":1,"event":{"kind":"date_moves","at":"2026-11-24T00:00:00Z"}}` + "\n"
	bad := `{"seq":2,"version":2,"seq":3,"event":{"kind":"date_moves","at":"2026-11-25T00:00:00Z"}}` + "\n"
	es, err := allocation.ReadJournal(strings.NewReader(good + bad))
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), `"seq"`) || len(es) != 1 {
		t.Errorf("ReadJournal: %d entries, %v; want the first entry and an error naming line 2 and seq", len(es), err)
	}
	var w allocation.Weights
	if err := w.UnmarshalJSON([]byte(`{"move":1,"move":2}`)); err == nil {
		t.Error("weights with a repeated name were read")
	}
}

// TestReadJournalWantsOnePart: a journal line holds exactly one of an
// event, a decision and non-empty prices; anything else names its line.
func TestReadJournalWantsOnePart(t *testing.T) {
	good := `{"seq":1,"version":1,"event":{"kind":"date_moves","at":"2026-11-24T00:00:00Z"}}` + "\n"
	for _, tc := range []struct{ name, line string }{
		{"nothing", `{"seq":2,"version":2}`},
		{"empty prices", `{"seq":2,"version":2,"prices":{}}`},
		{"event and prices", `{"seq":2,"version":2,"event":{"kind":"date_moves","at":"2026-11-25T00:00:00Z"},"prices":{"po1":1}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es, err := allocation.ReadJournal(strings.NewReader(good + tc.line + "\n"))
			if err == nil || !strings.Contains(err.Error(), "line 2") || len(es) != 1 {
				t.Errorf("ReadJournal: %d entries, %v; want the first entry and an error naming line 2", len(es), err)
			}
		})
	}
}

func TestEnginePlaceExpect(t *testing.T) {
	e := newEngine(t, smallTeam(t), allocation.EngineConfig{})
	waiting, po2 := "", "po2"
	tests := []struct {
		name, caseID, to string
		expect           *string
		want             error
		reason           string
	}{
		{"first of two at once", "w-high", "po2", &waiting, nil, "the case waits, as the first person saw it"},
		{"second of two at once", "w-high", "po1", &waiting, allocation.ErrHolderChanged,
			"the second person also saw it waiting: it is now with po2, so this would reallocate it"},
		{"reallocation seen right", "w-high", "po1", &po2, allocation.ErrOverrideNeeded,
			"the holder is as expected; po1 is not the recommendation, so the usual rules apply"},
		{"no expectation", "w-low", "pso", nil, nil, "without Expect, Place does not look at the holder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := e.Version()
			_, err := e.Place(tt.caseID, tt.to, allocation.PlaceOptions{At: day, Expect: tt.expect})
			if !errors.Is(err, tt.want) {
				t.Fatalf("%s: Place() error %v, want %v", tt.reason, err, tt.want)
			}
			if err != nil && e.Version() != v {
				t.Errorf("a refused placement changed the version")
			}
		})
	}
	if c, _ := e.Case("w-high"); c.Practitioner != "po2" {
		t.Errorf("w-high is with %q, want po2: the refused second placement must not move it", c.Practitioner)
	}
}

func TestEnginePolicy(t *testing.T) {
	pol := grades.National().In()
	e := newEngine(t, smallTeam(t), allocation.EngineConfig{Policy: pol})
	if e.Policy() != pol {
		t.Errorf("Policy() is not the policy given to NewEngine")
	}
	snap, err := e.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	r, err := allocation.RestoreEngine(snap, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(pol.Rules(), r.Policy().Rules()); diff != "" {
		t.Errorf("restored Policy().Rules() (-want +got):\n%s", diff)
	}
}
