package load

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/probationkit/probation/examples/service/internal/app"
	"github.com/probationkit/probation/examples/service/internal/store"
	"github.com/probationkit/probation/examples/service/internal/web"
)

// Serve starts the service on the demo dataset, with a new database in
// dir, on a loopback port, and returns its base URL and a stop function.
func Serve(ctx context.Context, dir string) (string, func() error, error) {
	st, err := store.Open(ctx, filepath.Join(dir, "load.db"), time.Now())
	if err != nil {
		return "", nil, err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, _, err := app.Open(ctx, st, app.Config{Log: log})
	if err != nil {
		st.Close()
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		st.Close()
		return "", nil, err
	}
	srv := &http.Server{Handler: web.New(a, web.Config{Log: log}), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	stop := func() error {
		c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		err := srv.Shutdown(c)
		if cerr := a.Close(c); err == nil {
			err = cerr
		}
		if cerr := st.Close(); err == nil {
			err = cerr
		}
		return err
	}
	return "http://" + ln.Addr().String(), stop, nil
}
