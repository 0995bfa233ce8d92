package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	legacyrouter "github.com/getkin/kin-openapi/routers/legacy"

	"github.com/probationkit/probation/examples/service/internal/app"
	"github.com/probationkit/probation/examples/service/internal/store"
	"github.com/probationkit/probation/examples/service/internal/web"
)

// clock is the tests' fixed time: a week after the dataset's as-of date.
var clock = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// harness is a service on a fresh database behind an httptest server,
// with a client that checks every API request and response against the
// OpenAPI document.
type harness struct {
	t      *testing.T
	srv    *httptest.Server
	app    *app.App
	st     *store.Store
	router routers.Router
	// checked counts the exchanges validated against the document.
	checked int
}

func openAPIDoc(t testing.TB) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(web.OpenAPI())
	if err != nil {
		t.Fatalf("loading openapi.json: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI 3 document: %v", err)
	}
	return doc
}

// serve opens a service on a fresh database behind an httptest server,
// closed when the test ends.
func serve(t testing.TB, cfg web.Config) (*store.Store, *app.App, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "service.db"), clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a, _, err := app.Open(ctx, st, app.Config{Now: func() time.Time { return clock }, Log: discard()})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Log = discard()
	srv := httptest.NewServer(web.New(a, cfg))
	t.Cleanup(srv.Close)
	return st, a, srv
}

func newHarness(t *testing.T, cfg web.Config) *harness {
	t.Helper()
	st, a, srv := serve(t, cfg)
	router, err := legacyrouter.NewRouter(openAPIDoc(t))
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, srv: srv, app: a, st: st, router: router}
}

// do sends a request (body: nil, a string sent as is, or a value sent as
// JSON) and returns the status and body. API exchanges are validated
// against the OpenAPI document: a request or a response that does not
// match it fails the test.
func (h *harness) do(t testing.TB, method, path string, body any, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, h.srv.URL+path, bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	api := (strings.HasPrefix(path, "/api/") || path == "/healthz") && !badPaths[path]
	var in *openapi3filter.RequestValidationInput
	if api {
		route, params, err := h.router.FindRoute(req)
		if err != nil {
			t.Fatalf("%s %s is not in the OpenAPI document: %v", method, path, err)
		}
		in = &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{MultiError: true}}
		vreq := req.Clone(context.Background())
		vreq.Body = io.NopCloser(bytes.NewReader(raw))
		in.Request = vreq
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil && !h.expectBadRequest(raw) {
			t.Errorf("%s %s: the request does not match the OpenAPI document: %v", method, path, err)
		}
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if api {
		rin := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
			Body: io.NopCloser(bytes.NewReader(out)), Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
		if err := openapi3filter.ValidateResponse(context.Background(), rin); err != nil {
			t.Errorf("%s %s → %d: the response does not match the OpenAPI document: %v\n%s", method, path, resp.StatusCode, err, out)
		}
		h.checked++
	}
	return resp.StatusCode, resp.Header, out
}

// badRequests holds the bodies the tests send to provoke an error on
// purpose; their requests are not expected to match the document.
var badRequests = map[string]bool{}

func (h *harness) expectBadRequest(raw []byte) bool { return badRequests[string(raw)] }

// badPaths are the paths the tests send to provoke an error, outside
// the document's routes or parameters.
var badPaths = map[string]bool{}

func badPath(p string) string {
	badPaths[p] = true
	return p
}

// bad marks a body as sent to provoke an error and returns it.
func bad(body string) string {
	badRequests[body] = true
	return body
}
