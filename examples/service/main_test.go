package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var clock = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// service is one run of the command on a database file.
type service struct {
	addr string
	stop func() error
}

func start(t *testing.T, db string, grace time.Duration) *service {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	o := options{db: db, addr: "127.0.0.1:0", timeout: 20 * time.Second, bodyLimit: 1 << 20, grace: grace, logFormat: "json",
		now: func() time.Time { return clock }}
	go func() { done <- run(ctx, o, io.Discard, ready) }()
	select {
	case addr := <-ready:
		return &service{addr: addr, stop: func() error { cancel(); return <-done }}
	case err := <-done:
		t.Fatalf("run: %v", err)
	}
	return nil
}

func (s *service) call(t *testing.T, method, path string, body any) (int, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, "http://"+s.addr+path, r)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

func (s *service) mustCall(t *testing.T, method, path string, body any, want int) []byte {
	t.Helper()
	status, out := s.call(t, method, path, body)
	if status != want {
		t.Fatalf("%s %s → %d, want %d: %s", method, path, status, want, out)
	}
	return out
}

// formKey matches the one-time idempotency key of a page's forms, the
// only part of a page that differs between two renderings.
var formKey = regexp.MustCompile(`name="key" value="[0-9a-f]+"`)

// answers asks the service every read question: health, the waiting
// list, every practitioner, many cases with their recommendation and
// impact, the staffing report, the decisions, the audit CSV and the
// pages. Proposals are not asked: they are what-ifs kept in memory.
func answers(t *testing.T, s *service) map[string]string {
	t.Helper()
	out := map[string]string{}
	get := func(path string) []byte {
		b := s.mustCall(t, "GET", path, nil, 200)
		out[path] = formKey.ReplaceAllString(string(b), `name="key"`)
		return b
	}
	get("/healthz")
	var waiting []struct{ ID string }
	json.Unmarshal(get("/api/waiting"), &waiting)
	var prs []struct{ ID string }
	json.Unmarshal(get("/api/practitioners"), &prs)
	for _, p := range prs {
		get("/api/practitioners/" + p.ID)
	}
	cases := []string{"N1", "N2"}
	for _, w := range waiting {
		cases = append(cases, w.ID)
	}
	for k := 1; k <= 2330; k += 29 {
		cases = append(cases, fmt.Sprintf("C%06d", k))
	}
	for _, id := range cases {
		get("/api/cases/" + id)
		get("/api/cases/" + id + "/recommendation?k=0")
		get("/api/cases/" + id + "/impact")
		get("/cases/" + id)
	}
	for _, p := range []string{"/api/staffing", "/api/decisions", "/api/audit.csv", "/", "/workload", "/api/override-reasons"} {
		get(p)
	}
	return out
}

// TestRestartIdenticalState runs the service, changes it through every
// kind of write, stops it, starts it again on the same database and asks
// every question again: the answers must be the same, byte for byte.
func TestRestartIdenticalState(t *testing.T) {
	db := filepath.Join(t.TempDir(), "service.db")
	s := start(t, db, 10*time.Second)
	s.mustCall(t, "POST", "/api/tier?case_id=C002300", map[string]any{"rosh": "HIGH"}, 200)
	s.mustCall(t, "POST", "/api/cases/C002328/allocate", map[string]any{"by": "spo"}, 201)
	s.mustCall(t, "POST", "/api/cases/C002311/allocate", map[string]any{"by": "spo", "practitioner_id": "P00054",
		"override": map[string]any{"reason": "continuity", "text": "knows the family"}, "note": "see the PSR"}, 201)
	s.mustCall(t, "POST", "/api/events", map[string]any{"kind": "reduction_added", "practitioner_id": "P00001",
		"reduction": map[string]any{"reason": "NQO", "hours": 3, "start": "2026-11-30T00:00:00Z"}}, 201)
	s.mustCall(t, "POST", "/api/events", map[string]any{"kind": "practitioner_unavailable", "practitioner_id": "P00010", "unavailable": true}, 201)
	s.mustCall(t, "POST", "/api/proposals", map[string]any{"kind": "officer_left", "departing": []string{"P00002"}}, 201)
	s.mustCall(t, "POST", "/api/proposals/p1/accept", map[string]any{"by": "spo"}, 200)
	s.mustCall(t, "POST", "/api/batch", map[string]any{"by": "spo"}, 200)
	for _, id := range []string{"N1", "N2"} {
		s.mustCall(t, "POST", "/api/events", map[string]any{"kind": "case_arrives", "case": map[string]any{"id": id, "tier": "C2",
			"type": "COMMUNITY", "team": "R01P01T01", "risk": map[string]any{"rosh": "MEDIUM", "tier": "C2"}}}, 201)
	}
	before := answers(t, s)
	if err := s.stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	s = start(t, db, 10*time.Second)
	defer s.stop()
	after := answers(t, s)
	if len(before) < 300 {
		t.Fatalf("only %d answers compared", len(before))
	}
	for path, b := range before {
		if diff := cmp.Diff(b, after[path]); diff != "" {
			t.Errorf("%s changed across the restart (-before +after):\n%s", path, diff)
		}
	}
	if !strings.Contains(before["/api/decisions"], "knows the family") {
		t.Errorf("the override text is not in the decisions")
	}
}

// TestGracefulShutdown stops the service while a batch is solving: the
// batch finishes and answers, its decisions are in the database, and the
// next start finds them.
func TestGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("adds 600 cases and runs a batch")
	}
	db := filepath.Join(t.TempDir(), "service.db")
	s := start(t, db, 30*time.Second)
	for k := range 600 {
		s.mustCall(t, "POST", "/api/events", map[string]any{"kind": "case_arrives", "case": map[string]any{"id": fmt.Sprintf("G%04d", k),
			"tier": []string{"C2", "D1", "B2", "C3"}[k%4], "type": "COMMUNITY", "team": fmt.Sprintf("R01P01T%02d", k%7+1),
			"risk": map[string]any{"rosh": []string{"MEDIUM", "LOW", "HIGH", "MEDIUM"}[k%4]}}}, 201)
	}
	type reply struct {
		status int
		body   []byte
		at     time.Time
	}
	got := make(chan reply, 1)
	go func() {
		st, b := s.call(t, "POST", "/api/batch", map[string]any{"by": "spo"})
		got <- reply{st, b, time.Now()}
	}()
	time.Sleep(20 * time.Millisecond)
	stopAt := time.Now()
	if err := s.stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	r := <-got
	if r.status != 200 {
		t.Fatalf("the batch in flight → %d: %s", r.status, r.body)
	}
	var res struct{ Decisions []any }
	json.Unmarshal(r.body, &res)
	t.Logf("batch answered %v after the shutdown began, with %d decisions", r.at.Sub(stopAt), len(res.Decisions))
	s = start(t, db, time.Second)
	defer s.stop()
	var ds []any
	json.Unmarshal(s.mustCall(t, "GET", "/api/decisions", nil, 200), &ds)
	if len(ds) < len(res.Decisions) || len(res.Decisions) < 500 {
		t.Errorf("%d decisions stored after restart, the batch made %d", len(ds), len(res.Decisions))
	}
}
