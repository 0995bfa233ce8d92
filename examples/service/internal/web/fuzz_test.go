package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/probationkit/probation/examples/service/internal/web"
)

// fuzzPaths are the API's POST endpoints that decode a body, read-only
// and writing alike: the fuzz input picks one by its first byte.
var fuzzPaths = []string{"/api/tier", "/api/eligibility", "/api/events", "/api/cases/C002311/allocate", "/api/cases/C002328/allocate"}

// FuzzAPIBodies: whatever body a client sends to an endpoint that decodes
// one, the service answers with a status below 500 and a JSON body, and
// stays up (its health check still answers 200).
func FuzzAPIBodies(f *testing.F) {
	_, _, srv := serve(f, web.Config{})

	for i, body := range []string{
		`{"id":"X1","rosh":"HIGH","ogrs":60}`,
		`{"case_id":"C002311","grade":"PSO"}`,
		`{"kind":"case_closes","at":"2026-11-30T09:00:00Z","case_id":"C000001"}`,
		`{"by":"spo1","practitioner_id":"P00054","override":{"reason":"OTHER"}}`,
		`{"by":"spo1","note":"first"}`,
		`{"rsr": 150}`, `[]`, `{"id":"a","id":"b"}`, "\x00",
	} {
		f.Add(byte(i), []byte(body))
	}
	f.Fuzz(func(t *testing.T, pick byte, body []byte) {
		path := fuzzPaths[int(pick)%len(fuzzPaths)]
		resp, err := http.Post(srv.URL+path, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		out, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode >= 500 {
			t.Fatalf("POST %s %q: status %d: %s", path, body, resp.StatusCode, out)
		}
		if !json.Valid(out) {
			t.Fatalf("POST %s %q: status %d, body not JSON: %q", path, body, resp.StatusCode, out)
		}
		health, err := http.Get(srv.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		health.Body.Close()
		if health.StatusCode != http.StatusOK {
			t.Fatalf("after POST %s %q the health check answers %d", path, body, health.StatusCode)
		}
	})
}
