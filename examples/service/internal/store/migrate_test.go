package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/examples/service/internal/store"
)

var day = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		from   int // the version an older program left; 0: a new file
		reason string
	}{
		{"new database", 0, "a new file gets every migration"},
		{"from version 1", 1, "a database of the first release gets the idempotency keys and the indexes"},
		{"from version 2", 2, "one step behind"},
		{"up to date", store.SchemaVersion(), "an up-to-date database is left alone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.db")
			if tt.from > 0 {
				old, err := store.OpenUpTo(ctx, path, day, tt.from)
				if err != nil {
					t.Fatal(err)
				}
				if v, _ := old.Version(ctx); v != tt.from {
					t.Fatalf("the old program left version %d, want %d", v, tt.from)
				}
				old.Close()
			}
			st, err := store.Open(ctx, path, day)
			if err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			defer st.Close()
			var versions []int
			rows, err := st.DB().Query(`SELECT version FROM schema_migrations ORDER BY version`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var v int
				rows.Scan(&v)
				versions = append(versions, v)
			}
			rows.Close()
			if diff := cmp.Diff([]int{1, 2, 3}, versions); diff != "" {
				t.Errorf("%s: schema_migrations (-want +got):\n%s", tt.reason, diff)
			}
			var n int
			if err := st.DB().QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name IN ('idempotency', 'decisions_case', 'cases_practitioner')`).Scan(&n); err != nil || n != 3 {
				t.Errorf("%s: %d of the later tables and indexes exist (%v)", tt.reason, n, err)
			}
		})
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	st, err := store.Open(ctx, path, day)
	if err != nil {
		t.Fatal(err)
	}
	st.DB().Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (99, 'from the future', '')`)
	st.Close()
	if _, err := store.Open(ctx, path, day); err == nil || !strings.Contains(err.Error(), "newer than this program") {
		t.Errorf("a database from a newer program: %v, want a refusal", err)
	}
}
