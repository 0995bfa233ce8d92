// Package load is the service's bounded load test: concurrent clients on
// the loopback address, recommend at a fixed rate alone and then beside
// allocations, each case submitted three times at once (a double submit
// with one idempotency key, and a second officer with another), with
// p50 and p99 latency and a check that no allocation is lost or made
// twice. Every loop is bounded in count and time and stops by itself.
package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Config sets the load. The zero value of a field means its default.
type Config struct {
	// BaseURL is the service, such as http://127.0.0.1:8080 (loopback only).
	BaseURL string
	// Rate is the recommend requests per second (100); Duration the
	// length of each phase (10 s); Clients the concurrent clients (8).
	Rate     int
	Duration time.Duration
	Clients  int
	// Cases is the number of new cases that arrive and are allocated
	// (200), at AllocRate cases per second (20) during the mixed phase.
	Cases     int
	AllocRate int
}

func (c *Config) defaults() {
	if c.Rate <= 0 {
		c.Rate = 100
	}
	if c.Duration <= 0 {
		c.Duration = 10 * time.Second
	}
	if c.Clients <= 0 {
		c.Clients = 8
	}
	if c.Cases <= 0 {
		c.Cases = 200
	}
	if c.AllocRate <= 0 {
		c.AllocRate = 20
	}
}

// Stats are the latencies of one kind of request, measured from when
// the request was due (so a queue behind a slow one counts).
type Stats struct {
	N, Errors      int
	P50, P99, Max  time.Duration
	latencies      []time.Duration
	unexpectedBody string
}

func (s *Stats) add(d time.Duration, ok bool, body string) {
	s.N++
	s.latencies = append(s.latencies, d)
	if !ok {
		s.Errors++
		if s.unexpectedBody == "" {
			s.unexpectedBody = body
		}
	}
}

func (s *Stats) finish() {
	if len(s.latencies) == 0 {
		return
	}
	slices.Sort(s.latencies)
	at := func(q float64) time.Duration {
		return s.latencies[min(len(s.latencies)-1, int(q*float64(len(s.latencies))))]
	}
	s.P50, s.P99, s.Max = at(0.50), at(0.99), s.latencies[len(s.latencies)-1]
}

// String formats the stats as a table row.
func (s Stats) String() string {
	return fmt.Sprintf("%6d requests, %d errors, p50 %6.2f ms, p99 %6.2f ms, max %6.2f ms", s.N, s.Errors,
		ms(s.P50), ms(s.P99), ms(s.Max))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Report is the outcome of Run.
type Report struct {
	Config         Config
	RecommendAlone Stats // recommend with nothing else running
	RecommendMixed Stats // recommend while allocations run
	Allocate       Stats // every allocate submission
	// Allocated counts the new cases allocated; Lost those with a
	// success response but not held by its practitioner (or no success at
	// all); Double those with more than one decision; Replayed the double
	// submits answered from the idempotency store; Refused the second
	// officers told the case was allocated meanwhile.
	Allocated, Lost, Double, Replayed, Refused int
	FirstError                                 string
}

// Run runs the load test against cfg.BaseURL.
func Run(ctx context.Context, cfg Config) (Report, error) {
	cfg.defaults()
	rep := Report{Config: cfg}
	c := &client{base: cfg.BaseURL, http: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: cfg.Clients * 4}}}
	ids := make([]string, cfg.Cases)
	for k := range ids {
		ids[k] = fmt.Sprintf("L%05d", k)
		ev := map[string]any{"kind": "case_arrives", "case": map[string]any{"id": ids[k], "tier": []string{"C2", "D1", "C3", "D2"}[k%4],
			"type": "COMMUNITY", "team": fmt.Sprintf("R01P01T%02d", k%7+1), "risk": map[string]any{"rosh": []string{"MEDIUM", "LOW"}[k%2]}}}
		if st, body, err := c.do(ctx, "POST", "/api/events", ev, nil); err != nil || st != http.StatusCreated {
			return rep, fmt.Errorf("load: case %s did not arrive: %d %s %v", ids[k], st, body, err)
		}
	}
	var waiting []struct{ ID string }
	if err := c.getJSON(ctx, "/api/waiting", &waiting); err != nil {
		return rep, err
	}
	recIDs := make([]string, len(waiting))
	for k, w := range waiting {
		recIDs[k] = w.ID
	}

	recommend := func(k int) (bool, string) {
		st, body, err := c.do(ctx, "GET", "/api/cases/"+recIDs[k%len(recIDs)]+"/recommendation?k=5", nil, nil)
		return err == nil && st == http.StatusOK, string(body)
	}
	// Phase 1: recommend alone.
	n := int(cfg.Duration.Seconds() * float64(cfg.Rate))
	rep.RecommendAlone = paced(ctx, cfg.Clients, n, cfg.Rate, recommend)

	// Phase 2: recommend beside allocations.
	type outcome struct {
		status int
		to     string
		replay bool
	}
	var mu sync.Mutex
	results := map[string][]outcome{}
	allocate := func(k int) (bool, string) {
		id := ids[k/3]
		key, by := "load-"+id, "spo-a"
		if k%3 == 2 {
			key, by = "load-"+id+"-b", "spo-b"
		}
		st, hd, body, err := c.doHeader(ctx, "POST", "/api/cases/"+id+"/allocate", map[string]any{"by": by}, map[string]string{"Idempotency-Key": key})
		var r struct {
			Decision struct{ To string } `json:"decision"`
		}
		json.Unmarshal(body, &r)
		mu.Lock()
		results[id] = append(results[id], outcome{st, r.Decision.To, hd.Get("Idempotent-Replayed") == "true"})
		mu.Unlock()
		ok := err == nil && (st == http.StatusCreated || st == http.StatusConflict)
		return ok, string(body)
	}
	var wg sync.WaitGroup
	wg.Go(func() { rep.RecommendMixed = paced(ctx, cfg.Clients, n, cfg.Rate, recommend) })
	wg.Go(func() { rep.Allocate = paced(ctx, cfg.Clients, 3*cfg.Cases, 3*cfg.AllocRate, allocate) })
	wg.Wait()
	for _, s := range []*Stats{&rep.RecommendAlone, &rep.RecommendMixed, &rep.Allocate} {
		if s.unexpectedBody != "" && rep.FirstError == "" {
			rep.FirstError = s.unexpectedBody
		}
	}

	// Check: each case allocated exactly once, to the practitioner the
	// successful responses name.
	var ds []struct {
		CaseID string `json:"case_id"`
		To     string `json:"to"`
	}
	if err := c.getJSON(ctx, "/api/decisions", &ds); err != nil {
		return rep, err
	}
	decided := map[string]int{}
	for _, d := range ds {
		decided[d.CaseID]++
	}
	for _, id := range ids {
		var cs struct{ Practitioner string }
		if err := c.getJSON(ctx, "/api/cases/"+id, &cs); err != nil {
			return rep, err
		}
		wins := map[string]bool{}
		for _, o := range results[id] {
			switch {
			case o.replay:
				rep.Replayed++
				wins[o.to] = true
			case o.status == http.StatusCreated:
				wins[o.to] = true
			case o.status == http.StatusConflict:
				rep.Refused++
			}
		}
		switch {
		case len(wins) != 1 || !wins[cs.Practitioner]:
			rep.Lost++
		default:
			rep.Allocated++
		}
		if decided[id] > 1 {
			rep.Double++
		}
	}
	return rep, nil
}

// paced runs n calls of f at rate per second from clients goroutines,
// each timed from when it was due.
func paced(ctx context.Context, clients, n, rate int, f func(k int) (bool, string)) Stats {
	type job struct {
		k   int
		due time.Time
	}
	jobs := make(chan job, n)
	var mu sync.Mutex
	var st Stats
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for j := range jobs {
				ok, body := f(j.k)
				d := time.Since(j.due)
				mu.Lock()
				st.add(d, ok, body)
				mu.Unlock()
			}
		})
	}
	start := time.Now()
	for k := range n {
		due := start.Add(time.Duration(k) * time.Second / time.Duration(rate))
		if w := time.Until(due); w > 0 {
			select {
			case <-time.After(w):
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			break
		}
		jobs <- job{k, due}
	}
	close(jobs)
	wg.Wait()
	st.finish()
	return st
}

type client struct {
	base string
	http *http.Client
}

func (c *client) do(ctx context.Context, method, path string, body any, header map[string]string) (int, []byte, error) {
	st, _, out, err := c.doHeader(ctx, method, path, body, header)
	return st, out, err
}

// doHeader sends a request and returns the status, headers and body.
func (c *client) doHeader(ctx context.Context, method, path string, body any, header map[string]string) (int, http.Header, []byte, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, r)
	if err != nil {
		return 0, nil, nil, err
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, out, err
}

func (c *client) getJSON(ctx context.Context, path string, v any) error {
	st, body, err := c.do(ctx, "GET", path, nil, nil)
	if err != nil {
		return err
	}
	if st != http.StatusOK {
		return fmt.Errorf("load: GET %s → %d: %s", path, st, body)
	}
	return json.Unmarshal(body, v)
}
