package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/probationkit/probation/caseload"
)

// putRecords upserts cases and practitioners; a practitioner's reductions
// replace the ones stored.
func putRecords(ctx context.Context, tx *sql.Tx, cases []caseload.Case, prs []Practitioner) error {
	if len(cases) > 0 {
		st, err := tx.PrepareContext(ctx, `INSERT INTO cases(id, tier, type, team, practitioner_id, previous_id, rosh, mappa_level, record)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET tier = excluded.tier, type = excluded.type, team = excluded.team,
	practitioner_id = excluded.practitioner_id, previous_id = excluded.previous_id, rosh = excluded.rosh,
	mappa_level = excluded.mappa_level, record = excluded.record`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, c := range cases {
			rec, err := json.Marshal(c)
			if err != nil {
				return err
			}
			if _, err := st.ExecContext(ctx, c.ID, c.Tier.String(), c.Type.String(), c.Team, null(c.Practitioner), null(c.Previous),
				c.Risk.RoSH.String(), c.Risk.MAPPALevel.String(), string(rec)); err != nil {
				return fmt.Errorf("store: case %s: %w", c.ID, err)
			}
		}
	}
	for _, p := range prs {
		reds := p.Reductions
		p.Reductions = nil
		rec, err := json.Marshal(p.Practitioner)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO practitioners(id, name, grade, team, pdu, region, hours, unavailable, record)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, grade = excluded.grade, team = excluded.team,
	pdu = excluded.pdu, region = excluded.region, hours = excluded.hours, unavailable = excluded.unavailable, record = excluded.record`,
			p.ID, p.Name, p.Grade.String(), p.Team, p.PDU, p.Region, p.Hours, p.Unavailable, string(rec)); err != nil {
			return fmt.Errorf("store: practitioner %s: %w", p.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM reductions WHERE practitioner_id = ?`, p.ID); err != nil {
			return err
		}
		for k, r := range reds {
			var end any
			if !r.End.IsZero() {
				end = r.End.UTC().Format(time.RFC3339Nano)
			}
			status, err := r.Status.MarshalText()
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO reductions(practitioner_id, idx, reason, hours, start, end, status) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				p.ID, k, r.Reason, r.Hours, r.Start.UTC().Format(time.RFC3339Nano), end, string(status)); err != nil {
				return fmt.Errorf("store: reduction %d of %s: %w", k, p.ID, err)
			}
		}
	}
	return nil
}

func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Records returns every stored case and practitioner (with reductions),
// each sorted by ID.
func (s *Store) Records(ctx context.Context) ([]caseload.Case, []Practitioner, error) {
	var cases []caseload.Case
	rows, err := s.db.QueryContext(ctx, `SELECT record FROM cases ORDER BY id`)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var rec string
		var c caseload.Case
		if err := rows.Scan(&rec); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if err := json.Unmarshal([]byte(rec), &c); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: case record: %w", err)
		}
		cases = append(cases, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	prs, err := s.practitioners(ctx)
	return cases, prs, err
}

func (s *Store) practitioners(ctx context.Context) ([]Practitioner, error) {
	var prs []Practitioner
	index := map[string]int{}
	rows, err := s.db.QueryContext(ctx, `SELECT record, unavailable FROM practitioners ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var rec string
		var p Practitioner
		if err := rows.Scan(&rec, &p.Unavailable); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(rec), &p.Practitioner); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: practitioner record: %w", err)
		}
		index[p.ID] = len(prs)
		prs = append(prs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT practitioner_id, reason, hours, start, end, status FROM reductions ORDER BY practitioner_id, idx`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, start, status string
		var end sql.NullString
		var r caseload.Reduction
		if err := rows.Scan(&id, &r.Reason, &r.Hours, &start, &end, &status); err != nil {
			return nil, err
		}
		if r.Start, err = time.Parse(time.RFC3339Nano, start); err != nil {
			return nil, err
		}
		if end.Valid {
			if r.End, err = time.Parse(time.RFC3339Nano, end.String); err != nil {
				return nil, err
			}
		}
		if err := r.Status.UnmarshalText([]byte(status)); err != nil {
			return nil, err
		}
		if i, ok := index[id]; ok {
			prs[i].Reductions = append(prs[i].Reductions, r)
		}
	}
	return prs, rows.Err()
}

// ReplaceRecords replaces every stored case and practitioner with these,
// in one transaction.
func (s *Store) ReplaceRecords(ctx context.Context, cases []caseload.Case, prs []Practitioner) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM reductions`, `DELETE FROM practitioners`, `DELETE FROM cases`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return putRecords(ctx, tx, cases, prs)
	})
}

// SortRecords sorts cases and practitioners by ID, as Records returns them.
func SortRecords(cases []caseload.Case, prs []Practitioner) {
	slices.SortFunc(cases, func(a, b caseload.Case) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(prs, func(a, b Practitioner) int { return cmp.Compare(a.ID, b.ID) })
}
