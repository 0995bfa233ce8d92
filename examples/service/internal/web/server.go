// Package web is the service's HTTP face: a JSON API documented by the
// OpenAPI 3 document it serves at /openapi.json, with RFC 9457
// problem+json errors, and server-rendered pages (html/template) for the
// senior probation officer who allocates cases.
package web

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/examples/service/internal/app"
)

// Config configures New. The zero value means a 1 MiB body limit, a
// 10-second timeout per request and the default logger.
type Config struct {
	// BodyLimit bounds a request body in bytes; 0 means 1 MiB.
	BodyLimit int64
	// Timeout bounds each request: its context ends then, which stops a
	// solve and any wait for the writer lock; 0 means 10 s.
	Timeout time.Duration
	// Log receives one line per request; nil means slog.Default().
	Log *slog.Logger
}

// Server serves the API and the pages of one App.
type Server struct {
	app  *app.App
	cfg  Config
	log  *slog.Logger
	mux  *http.ServeMux
	reqs atomic.Uint64
}

//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the OpenAPI 3 document of the API.
func OpenAPI() []byte { return bytes.Clone(openAPI) }

// New returns the server of a.
func New(a *app.App, cfg Config) *Server {
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = 1 << 20
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s := &Server{app: a, cfg: cfg, log: cfg.Log, mux: http.NewServeMux()}
	s.routes()
	return s
}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("GET /openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	})
	m.HandleFunc("POST /api/tier", s.tier)
	m.HandleFunc("POST /api/eligibility", s.eligibility)
	m.HandleFunc("GET /api/override-reasons", s.overrideReasons)
	m.HandleFunc("GET /api/practitioners", s.practitioners)
	m.HandleFunc("GET /api/practitioners/{id}", s.practitioner)
	m.HandleFunc("GET /api/waiting", s.waiting)
	m.HandleFunc("GET /api/cases/{id}", s.caseGet)
	m.HandleFunc("GET /api/cases/{id}/impact", s.impact)
	m.HandleFunc("GET /api/cases/{id}/recommendation", s.recommendation)
	m.HandleFunc("POST /api/cases/{id}/allocate", s.allocate)
	m.HandleFunc("POST /api/batch", s.batch)
	m.HandleFunc("POST /api/proposals", s.propose)
	m.HandleFunc("GET /api/proposals/{id}", s.proposalGet)
	m.HandleFunc("POST /api/proposals/{id}/accept", s.accept)
	m.HandleFunc("POST /api/events", s.event)
	m.HandleFunc("GET /api/staffing", s.staffing)
	m.HandleFunc("GET /api/decisions", s.decisions)
	m.HandleFunc("GET /api/audit.csv", s.auditCSV)
	m.HandleFunc("GET /{$}", s.pageWaiting)
	m.HandleFunc("GET /cases/{id}", s.pageCase)
	m.HandleFunc("POST /cases/{id}/allocate", s.pageAllocate)
	m.HandleFunc("GET /workload", s.pageWorkload)
	m.HandleFunc("GET /static/style.css", s.style)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.writeProblem(w, r, notFound("no such page: %s %s", r.Method, r.URL.Path))
	})
}

// ServeHTTP serves a request with a timeout, a body limit, a recovered
// panic and a log line.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := s.reqs.Add(1)
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	r = r.WithContext(ctx)
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.BodyLimit)
	}
	rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if v := recover(); v != nil {
			s.log.ErrorContext(ctx, "panic", "id", id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !rec.wrote {
				s.writeProblem(rec, r, fmt.Errorf("panic: %v", v))
			}
		}
		s.log.InfoContext(ctx, "request", "id", id, "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"bytes", rec.bytes, "ms", float64(time.Since(start).Microseconds())/1000)
	}()
	s.mux.ServeHTTP(rec, r)
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Errors of the HTTP layer.
var (
	errBadRequest = errors.New("malformed request")
	errNotFound   = errors.New("not found")
)

// decode reads a JSON body into v, refusing unknown fields and trailing
// data. An empty body leaves v as it is when empty is true.
func decode(r *http.Request, v any, empty bool) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if empty {
			return nil
		}
		return fmt.Errorf("%w: want a JSON body", errBadRequest)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var ve *probation.ValidationError
		if errors.As(err, &ve) {
			return err
		}
		return fmt.Errorf("%w: %v", errBadRequest, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: trailing data after the JSON value", errBadRequest)
	}
	return nil
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errNotFound, fmt.Sprintf(format, args...))
}

// queryInt reads an integer query parameter, def when absent.
func queryInt(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%w: query %s = %q: want a whole number", errBadRequest, name, v)
	}
	return n, nil
}
