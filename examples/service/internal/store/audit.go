package store

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
)

// DecisionRow is one stored decision, as the audit trail shows it.
type DecisionRow struct {
	Seq            uint64 `json:"seq"`
	Version        uint64 `json:"version"`
	Kind           string `json:"kind"`
	At             string `json:"at"`
	By             string `json:"by"`
	CaseID         string `json:"case_id"`
	From           string `json:"from"`
	To             string `json:"to"`
	Recommended    string `json:"recommended"`
	Explanation    string `json:"explanation"`
	OverrideReason string `json:"override_reason"`
	OverrideText   string `json:"override_text"`
	Note           string `json:"note"`
	Job            string `json:"job"`
}

// AuditColumns are the columns of the audit CSV, in order.
func AuditColumns() []string {
	return []string{"seq", "version", "at", "kind", "by", "case_id", "from", "to", "recommended",
		"followed_recommendation", "override_reason", "override_text", "note", "explanation", "job"}
}

// Decisions returns the stored decisions in journal order: every one when
// caseID is "", else those of that case.
func (s *Store) Decisions(ctx context.Context, caseID string) ([]DecisionRow, error) {
	q := `SELECT seq, version, kind, at, by_whom, case_id, from_id, to_id, recommended_id, explanation,
	override_reason, override_text, note, job FROM decisions`
	var args []any
	if caseID != "" {
		q += ` WHERE case_id = ?`
		args = append(args, caseID)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY seq`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DecisionRow
	for rows.Next() {
		var d DecisionRow
		if err := rows.Scan(&d.Seq, &d.Version, &d.Kind, &d.At, &d.By, &d.CaseID, &d.From, &d.To, &d.Recommended,
			&d.Explanation, &d.OverrideReason, &d.OverrideText, &d.Note, &d.Job); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// WriteAuditCSV writes every decision as CSV with a header row of
// AuditColumns, in journal order: who decided what, when, against which
// recommendation, and why.
func (s *Store) WriteAuditCSV(ctx context.Context, w io.Writer) error {
	ds, err := s.Decisions(ctx, "")
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(AuditColumns()); err != nil {
		return err
	}
	for _, d := range ds {
		followed := "no"
		if d.To == d.Recommended {
			followed = "yes"
		}
		if err := cw.Write([]string{strconv.FormatUint(d.Seq, 10), strconv.FormatUint(d.Version, 10), d.At, d.Kind, d.By,
			d.CaseID, d.From, d.To, d.Recommended, followed, d.OverrideReason, d.OverrideText, d.Note, d.Explanation, d.Job}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
