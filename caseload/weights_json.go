package caseload

import (
	"fmt"
	"io"
	"time"

	"github.com/probationkit/probation/tiering"
)

// The JSON form of a WeightsSet, read by ReadWeightsJSON and written by
// (*WeightsSet).WriteJSON:
//
//	{"tables": [{
//	  "effective": "2021-04-01",
//	  "source": "…",
//	  "community": {"A3": 206, "A2": 158, …, "D0S": 0},
//	  "licence":   {…},
//	  "custody":   {…},
//	  "t2a": {"community": {…}, "licence": {…}, "custody": {…}},
//	  "t2a_inactive": {"overdue": 0, "warrant": 0, "unpaid_work": 0},
//	  "reports": {"standard": 138, "fast": 65, "oral": 0},
//	  "cms": {"CMS01": 9, …}
//	}]}
//
// Tier keys are tier codes A3 … D0S; a tier left out scores 0.
// "effective" is a date or an RFC 3339 instant.

type tierPoints map[string]int

type weightsRow struct {
	Community tierPoints `json:"community"`
	Licence   tierPoints `json:"licence"`
	Custody   tierPoints `json:"custody"`
}

type weightsWire struct {
	Effective string `json:"effective"`
	Source    string `json:"source,omitempty"`
	weightsRow
	T2A         weightsRow     `json:"t2a"`
	T2AInactive Inactive       `json:"t2a_inactive"`
	Reports     ReportPoints   `json:"reports"`
	CMS         map[string]int `json:"cms,omitempty"`
}

type weightsDoc struct {
	Tables []weightsWire `json:"tables"`
}

// ReadWeightsJSON decodes a set of effective-dated weights tables and
// validates it as NewWeightsSet does. Every bad value is listed in one
// *ValidationError (Record "weights", ID the table's effective date). It
// never panics.
func ReadWeightsJSON(r io.Reader) (*WeightsSet, error) {
	var doc weightsDoc
	f := fields{record: "weights"}
	if !decodeStrict(readAll(r, &f), &doc, &f) {
		return nil, asValidation(f.probs)
	}
	if len(doc.Tables) == 0 {
		f.bad("tables", fmt.Errorf("no table"))
		return nil, asValidation(f.probs)
	}
	tables := make([]*Weights, 0, len(doc.Tables))
	for i, tw := range doc.Tables {
		f.index, f.id = i, tw.Effective
		w := &Weights{Source: tw.Source, T2AInactive: tw.T2AInactive, Reports: tw.Reports, CMS: tw.CMS}
		if w.CMS == nil {
			w.CMS = map[string]int{}
		}
		parse(&f, "effective", tw.Effective, parseDate, &w.Effective)
		if tw.Effective == "" {
			f.bad("effective", fmt.Errorf("missing"))
		}
		tw.weightsRow.fill(&w.Tiers, "", &f)
		tw.T2A.fill(&w.T2ATiers, "t2a.", &f)
		tables = append(tables, w)
	}
	if len(f.probs) > 0 {
		return nil, asValidation(f.probs)
	}
	return NewWeightsSet(tables...)
}

func readAll(r io.Reader, f *fields) []byte {
	b, err := io.ReadAll(r)
	if err != nil {
		f.bad("document", err)
	}
	return b
}

func (row weightsRow) fill(dst *[NumCaseTypes][tiering.NumTiers]int, prefix string, f *fields) {
	for _, col := range []struct {
		ct CaseType
		m  tierPoints
	}{{Community, row.Community}, {Licence, row.Licence}, {Custody, row.Custody}} {
		for _, k := range sortedKeys(col.m) {
			t, err := tiering.ParseTier(k)
			if err != nil {
				f.bad(prefix+col.ct.String(), err)
				continue
			}
			dst[col.ct][t] = col.m[k]
		}
	}
}

func toRow(src *[NumCaseTypes][tiering.NumTiers]int) weightsRow {
	col := func(ct CaseType) tierPoints {
		m := tierPoints{}
		for t := tiering.Tier(1); t < tiering.NumTiers; t++ {
			m[t.String()] = src[ct][t]
		}
		return m
	}
	return weightsRow{Community: col(Community), Licence: col(Licence), Custody: col(Custody)}
}

// WriteJSON writes the set in the form ReadWeightsJSON reads, every tier
// of every table spelt out, keys sorted.
func (s *WeightsSet) WriteJSON(w io.Writer) error {
	var doc weightsDoc
	for _, t := range s.Tables() {
		tw := weightsWire{Effective: formatDate(t.Effective), Source: t.Source, weightsRow: toRow(&t.Tiers),
			T2A: toRow(&t.T2ATiers), T2AInactive: t.T2AInactive, Reports: t.Reports, CMS: t.CMS}
		if tw.Effective == "" {
			tw.Effective = time.Time{}.Format(time.RFC3339)
		}
		doc.Tables = append(doc.Tables, tw)
	}
	return writeJSON(w, doc)
}
