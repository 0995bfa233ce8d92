// Command service is the allocation engine embedded in a small service,
// the way a probation team's own system would use it: a JSON API
// documented by OpenAPI 3 at /openapi.json, web pages for the senior
// probation officer who allocates cases, and a SQLite database holding
// the cases, practitioners, reductions and every decision, with an audit
// trail.
//
//	cd examples/service && go run .
//
// On first run it creates the database (service.db) from the embedded
// demo dataset — the default PDU of examples/allocate, 70 practitioners,
// about 2,300 cases and 42 waiting — and serves http://127.0.0.1:8080/.
// Later runs rebuild the same state from the database.
//
// Flags:
//
//	-db FILE          the SQLite database (default service.db; created if missing)
//	-addr HOST:PORT   the listen address (default 127.0.0.1:8080)
//	-timeout D        the limit on each request (default 10s)
//	-body-limit N     the largest request body in bytes (default 1 MiB)
//	-grace D          how long shutdown waits for requests in flight before
//	                  cancelling them (default 20s)
//	-log text|json    the log format (default text)
//
// SIGINT or SIGTERM shuts it down gracefully: it stops accepting
// connections, lets the requests in flight (a batch, say) finish — or,
// after the grace period, cancels their contexts, which stops a solve
// where it is — then snapshots the engine and closes the database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/probationkit/probation/examples/service/internal/app"
	"github.com/probationkit/probation/examples/service/internal/store"
	"github.com/probationkit/probation/examples/service/internal/web"
)

// options are the command's flags.
type options struct {
	db, addr  string
	timeout   time.Duration
	bodyLimit int64
	grace     time.Duration
	logFormat string
	now       func() time.Time // the clock; nil: time.Now (tests pin it)
}

func main() {
	var o options
	flag.StringVar(&o.db, "db", "service.db", "the SQLite database file (created if missing)")
	flag.StringVar(&o.addr, "addr", "127.0.0.1:8080", "the listen address")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Second, "the limit on each request")
	flag.Int64Var(&o.bodyLimit, "body-limit", 1<<20, "the largest request body in bytes")
	flag.DurationVar(&o.grace, "grace", 20*time.Second, "how long shutdown waits for requests in flight")
	flag.StringVar(&o.logFormat, "log", "text", "the log format: text or json")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "service:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends, then shuts down gracefully. It logs to
// logw and, once listening, sends the address to ready (if not nil).
func run(ctx context.Context, o options, logw io.Writer, ready chan<- string) error {
	var h slog.Handler = slog.NewTextHandler(logw, nil)
	switch o.logFormat {
	case "json":
		h = slog.NewJSONHandler(logw, nil)
	case "text", "":
	default:
		return fmt.Errorf("-log %q: want text or json", o.logFormat)
	}
	log := slog.New(h)
	if o.now == nil {
		o.now = time.Now
	}
	st, err := store.Open(ctx, o.db, o.now())
	if err != nil {
		return err
	}
	defer st.Close()
	a, info, err := app.Open(ctx, st, app.Config{Now: o.now, Log: log})
	if err != nil {
		return err
	}
	log.Info("database", "path", o.db, "created", info.Created, "replayed", info.Replayed, "resynced", info.Resynced,
		"version", a.Engine().Version())

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	base, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	srv := &http.Server{
		Handler:           web.New(a, web.Config{BodyLimit: o.bodyLimit, Timeout: o.timeout, Log: log}),
		BaseContext:       func(net.Listener) context.Context { return base },
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       o.timeout + 5*time.Second,
		WriteTimeout:      o.timeout + 5*time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          slog.NewLogLogger(h, slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("listening", "url", "http://"+ln.Addr().String()+"/")
	if ready != nil {
		ready <- ln.Addr().String()
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: waiting for the requests in flight", "grace", o.grace)
	grace, cancel := context.WithTimeout(context.Background(), o.grace)
	err = srv.Shutdown(grace)
	cancel()
	if errors.Is(err, context.DeadlineExceeded) {
		log.Warn("grace period over: cancelling the requests in flight")
		cancelRequests()
		last, cancel := context.WithTimeout(context.Background(), o.timeout)
		err = srv.Shutdown(last)
		cancel()
	}
	if err != nil {
		return err
	}
	if err := a.Close(context.Background()); err != nil {
		return err
	}
	log.Info("stopped", "version", a.Engine().Version())
	return nil
}
