// Package store keeps the service's state in SQLite (modernc.org/sqlite,
// pure Go): the engine's journal and snapshots, from which the engine is
// rebuilt exactly, and, written in the same transactions, the records a
// person or another program reads with SQL — cases, practitioners,
// reductions and every decision — and the idempotency keys of allocate.
//
// Each journal entry is written in one transaction together with
// everything it changes: a decision is one transaction. The schema is
// versioned (schema_migrations) and migrated forward on Open.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
)

// Store is the service's SQLite database. It is safe for concurrent use;
// the service writes from one goroutine at a time.
type Store struct {
	db *sql.DB
}

// Open opens (creating it if need be) the database file at path and
// migrates its schema to SchemaVersion. The file is in WAL mode with full
// synchronous commits, so a committed transaction survives a crash or a
// power cut.
func Open(ctx context.Context, path string, now time.Time) (*Store, error) {
	return open(ctx, path, now, 0)
}

func open(ctx context.Context, path string, now time.Time, upTo int) (*Store, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	db.SetMaxOpenConns(4)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := migrate(ctx, db, upTo, now); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB returns the database handle, for reads by tests and tools.
func (s *Store) DB() *sql.DB { return s.db }

// Version returns the schema version of the database.
func (s *Store) Version(ctx context.Context) (int, error) { return version(ctx, s.db) }

// Practitioner is a practitioner as stored: the record, with its
// reductions, and whether they may receive new cases.
type Practitioner struct {
	caseload.Practitioner
	Unavailable bool `json:"unavailable"`
}

// Snapshot is the engine's state (allocation.Engine.Snapshot) after
// journal entry Seq.
type Snapshot struct {
	Seq, Version uint64
	TakenAt      time.Time
	Body         []byte
}

// Idempotency is a request made with an idempotency key and the response
// it got.
type Idempotency struct {
	Key         string
	Fingerprint string // a digest of the request
	Seq         uint64 // the journal entry the request made
	Status      int
	Response    []byte
	CreatedAt   time.Time
}

// Change is one journal entry and everything it changes in the records,
// written by Commit in one transaction.
type Change struct {
	Entry allocation.Entry
	// Cases and Practitioners are upserted (a practitioner's reductions
	// are replaced); GoneCases and GonePractitioners are deleted.
	Cases             []caseload.Case
	GoneCases         []string
	Practitioners     []Practitioner
	GonePractitioners []string
	// AsOf, if not zero, is the new as-of date.
	AsOf time.Time
	// Idempotency, if not nil, records the request that made the entry.
	Idempotency *Idempotency
}

// Empty reports whether the database holds no state yet (no snapshot).
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM snapshots`).Scan(&n)
	return n == 0, err
}

// Init writes the first state: the snapshot the journal starts from and
// every record, in one transaction.
func (s *Store) Init(ctx context.Context, snap Snapshot, cases []caseload.Case, prs []Practitioner, asOf time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := putSnapshot(ctx, tx, snap); err != nil {
			return err
		}
		if err := putMeta(ctx, tx, "as_of", asOf.UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		if err := putMeta(ctx, tx, "created_at", snap.TakenAt.UTC().Format(time.RFC3339Nano)); err != nil {
			return err
		}
		return putRecords(ctx, tx, cases, prs)
	})
}

// Commit writes one journal entry and what it changes, in one
// transaction: all of it or none.
func (s *Store) Commit(ctx context.Context, ch Change) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		en := ch.Entry
		body, err := json.Marshal(en)
		if err != nil {
			return err
		}
		kind, at := entryKind(en)
		if _, err := tx.ExecContext(ctx, `INSERT INTO journal(seq, version, kind, at, entry) VALUES (?, ?, ?, ?, ?)`,
			en.Seq, en.Version, kind, at, string(body)); err != nil {
			return fmt.Errorf("store: journal entry %d: %w", en.Seq, err)
		}
		if d := en.Decision; d != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO decisions(seq, version, kind, at, by_whom, case_id, from_id, to_id,
	recommended_id, explanation, override_reason, override_text, note, job) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				en.Seq, en.Version, d.Kind.String(), timeText(d.At), d.By, d.CaseID, d.From, d.To, d.Recommended,
				d.Explanation, reasonText(d), d.Override.Text, d.Note, d.Job); err != nil {
				return fmt.Errorf("store: decision %d: %w", en.Seq, err)
			}
		}
		for _, id := range ch.GoneCases {
			if _, err := tx.ExecContext(ctx, `DELETE FROM cases WHERE id = ?`, id); err != nil {
				return err
			}
		}
		for _, id := range ch.GonePractitioners {
			if _, err := tx.ExecContext(ctx, `DELETE FROM practitioners WHERE id = ?`, id); err != nil {
				return err
			}
		}
		if err := putRecords(ctx, tx, ch.Cases, ch.Practitioners); err != nil {
			return err
		}
		if !ch.AsOf.IsZero() {
			if err := putMeta(ctx, tx, "as_of", ch.AsOf.UTC().Format(time.RFC3339)); err != nil {
				return err
			}
		}
		if k := ch.Idempotency; k != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO idempotency(key, fingerprint, seq, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				k.Key, k.Fingerprint, en.Seq, k.Status, k.Response, timeText(k.CreatedAt)); err != nil {
				return fmt.Errorf("store: idempotency key: %w", err)
			}
		}
		return nil
	})
}

// entryKind names an entry for the journal's kind column ("event:
// case_arrives", "decision:place", "prices") and gives its time.
func entryKind(en allocation.Entry) (kind string, at any) {
	switch {
	case en.Event != nil:
		return "event:" + en.Event.Kind.String(), timeText(en.Event.At)
	case en.Decision != nil:
		return "decision:" + en.Decision.Kind.String(), timeText(en.Decision.At)
	}
	return "prices", nil
}

func reasonText(d *allocation.Decision) string {
	if d.Override.Reason.IsValid() {
		return d.Override.Reason.String()
	}
	return ""
}

func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// SaveSnapshot records a snapshot of the engine.
func (s *Store) SaveSnapshot(ctx context.Context, snap Snapshot) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return putSnapshot(ctx, tx, snap) })
}

func putSnapshot(ctx context.Context, tx *sql.Tx, snap Snapshot) error {
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO snapshots(seq, version, taken_at, body) VALUES (?, ?, ?, ?)`,
		snap.Seq, snap.Version, timeText(snap.TakenAt), snap.Body)
	return err
}

// LatestSnapshot returns the snapshot with the highest Seq, and whether
// there is one.
func (s *Store) LatestSnapshot(ctx context.Context) (Snapshot, bool, error) {
	var snap Snapshot
	var taken string
	err := s.db.QueryRowContext(ctx, `SELECT seq, version, taken_at, body FROM snapshots ORDER BY seq DESC LIMIT 1`).
		Scan(&snap.Seq, &snap.Version, &taken, &snap.Body)
	if errors.Is(err, sql.ErrNoRows) {
		return Snapshot{}, false, nil
	}
	if err != nil {
		return Snapshot{}, false, fmt.Errorf("store: snapshot: %w", err)
	}
	snap.TakenAt, err = time.Parse(time.RFC3339Nano, taken)
	return snap, true, err
}

// Entries returns the journal entries after seq, in order.
func (s *Store) Entries(ctx context.Context, after uint64) ([]allocation.Entry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT entry FROM journal WHERE seq > ? ORDER BY seq`, after)
	if err != nil {
		return nil, fmt.Errorf("store: journal: %w", err)
	}
	defer rows.Close()
	var out []allocation.Entry
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var en allocation.Entry
		if err := json.Unmarshal([]byte(body), &en); err != nil {
			return nil, fmt.Errorf("store: journal entry: %w", err)
		}
		out = append(out, en)
	}
	return out, rows.Err()
}

// LastSeq returns the seq of the last journal entry (0 for none).
func (s *Store) LastSeq(ctx context.Context) (uint64, error) {
	var n sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MAX(seq) FROM journal`).Scan(&n)
	return uint64(n.Int64), err
}

// Idempotent returns the request recorded under key, and whether there
// is one.
func (s *Store) Idempotent(ctx context.Context, key string) (Idempotency, bool, error) {
	k := Idempotency{Key: key}
	var created string
	err := s.db.QueryRowContext(ctx, `SELECT fingerprint, seq, status, response, created_at FROM idempotency WHERE key = ?`, key).
		Scan(&k.Fingerprint, &k.Seq, &k.Status, &k.Response, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Idempotency{}, false, nil
	}
	if err != nil {
		return Idempotency{}, false, fmt.Errorf("store: idempotency key: %w", err)
	}
	k.CreatedAt, err = time.Parse(time.RFC3339Nano, created)
	return k, true, err
}

// Meta returns the value stored under key in the meta table.
func (s *Store) Meta(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return v, err == nil, err
}

func putMeta(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// tx runs f in a transaction, committing if it returns nil.
func (s *Store) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}
