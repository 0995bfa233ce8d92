package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// A migration is one versioned step of the schema. Versions start at 1
// and rise by one; a step, once released, is never edited: a change is a
// new step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations is the schema's history, in order.
var migrations = []migration{
	{1, "records and journal", `
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
-- The engine's state as allocation.Engine.Snapshot writes it, after the
-- journal entry seq: a restart replays the entries after the latest one.
CREATE TABLE snapshots (
	seq      INTEGER PRIMARY KEY,
	version  INTEGER NOT NULL,
	taken_at TEXT NOT NULL,
	body     BLOB NOT NULL
);
-- Every allocation.Entry the engine journalled, in order: events,
-- decisions and batch prices. entry is the entry as JSON.
CREATE TABLE journal (
	seq     INTEGER PRIMARY KEY,
	version INTEGER NOT NULL,
	kind    TEXT NOT NULL,
	at      TEXT,
	entry   TEXT NOT NULL
);
CREATE TABLE practitioners (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	grade       TEXT NOT NULL,
	team        TEXT NOT NULL,
	pdu         TEXT NOT NULL,
	region      TEXT NOT NULL,
	hours       REAL, -- contracted hours; NULL: the grade's default (caseload.Practitioner.Hours)
	unavailable INTEGER NOT NULL,
	record      TEXT NOT NULL -- caseload.Practitioner as JSON, without its reductions
);
CREATE TABLE reductions (
	practitioner_id TEXT NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
	idx             INTEGER NOT NULL,
	reason          TEXT NOT NULL,
	hours           REAL NOT NULL,
	start           TEXT NOT NULL,
	end             TEXT,
	status          TEXT NOT NULL,
	PRIMARY KEY (practitioner_id, idx)
);
CREATE TABLE cases (
	id              TEXT PRIMARY KEY,
	tier            TEXT NOT NULL,
	type            TEXT NOT NULL,
	team            TEXT NOT NULL,
	practitioner_id TEXT,
	previous_id     TEXT,
	rosh            TEXT NOT NULL,
	mappa_level     TEXT NOT NULL,
	record          TEXT NOT NULL -- caseload.Case as JSON
);
-- Every allocation.Decision: one row per journal entry that carries one.
CREATE TABLE decisions (
	seq             INTEGER PRIMARY KEY REFERENCES journal(seq),
	version         INTEGER NOT NULL,
	kind            TEXT NOT NULL,
	at              TEXT NOT NULL,
	by_whom         TEXT NOT NULL,
	case_id         TEXT NOT NULL,
	from_id         TEXT NOT NULL,
	to_id           TEXT NOT NULL,
	recommended_id  TEXT NOT NULL,
	explanation     TEXT NOT NULL,
	override_reason TEXT NOT NULL,
	override_text   TEXT NOT NULL,
	note            TEXT NOT NULL,
	job             TEXT NOT NULL
);`},
	{2, "idempotency keys", `
-- A request made with an Idempotency-Key header, and the response it got:
-- the same key with the same request gets the same response again.
CREATE TABLE idempotency (
	key         TEXT PRIMARY KEY,
	fingerprint TEXT NOT NULL,
	seq         INTEGER NOT NULL REFERENCES journal(seq),
	status      INTEGER NOT NULL,
	response    BLOB NOT NULL,
	created_at  TEXT NOT NULL
);`},
	{3, "indexes for the audit trail and the waiting list", `
CREATE INDEX decisions_case ON decisions(case_id, seq);
CREATE INDEX cases_practitioner ON cases(practitioner_id);`},
}

// SchemaVersion is the schema version this program writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

// migrate applies every migration after the database's version, each in
// its own transaction with its row in schema_migrations, up to version
// upTo (0: all). It refuses a database whose version is newer than this
// program knows.
func migrate(ctx context.Context, db *sql.DB, upTo int, now time.Time) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	have, err := version(ctx, db)
	if err != nil {
		return err
	}
	if have > SchemaVersion() {
		return fmt.Errorf("store: the database's schema is version %d, newer than this program's %d", have, SchemaVersion())
	}
	for _, m := range migrations {
		if m.version <= have || (upTo > 0 && m.version > upTo) {
			continue
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %d (%s): %w", m.version, m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, now.UTC().Format(time.RFC3339Nano)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

// version returns the highest migration applied, 0 for none.
func version(ctx context.Context, db *sql.DB) (int, error) {
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return int(v.Int64), nil
}
