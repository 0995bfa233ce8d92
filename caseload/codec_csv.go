package caseload

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// CaseColumns returns the columns of the cases CSV, in the order
// WriteCasesCSV writes them. The reader matches columns by header name
// (ignoring case and surrounding spaces) in any order; id and type are
// required, the rest may be left out. restricted_to and excluded_from
// hold practitioner IDs separated by ";". The risk profile's tier is the
// case's tier. x and y are the location in km.
func CaseColumns() []string { return slices.Clone(caseColumns) }

var caseColumns = []string{"id", "tier", "type", "t2a", "row", "team", "practitioner", "previous",
	"rosh", "mappa_level", "mappa_category", "flags", "v3_tier", "restricted_to", "excluded_from", "x", "y"}

// PractitionerColumns returns the columns of the practitioners CSV; id and
// grade are required. The report columns are counts in the last 30 days.
func PractitionerColumns() []string { return slices.Clone(practitionerColumns) }

var practitionerColumns = []string{"id", "name", "grade", "team", "pdu", "region", "hours",
	"standard_reports", "fast_reports", "oral_reports", "x", "y"}

// ReductionColumns returns the columns of the reductions CSV, one row per
// reduction; practitioner, reason, hours and start are required.
func ReductionColumns() []string { return slices.Clone(reductionColumns) }

var reductionColumns = []string{"practitioner", "reason", "hours", "start", "end", "status"}

// header maps column names to positions, recording unknown, repeated and
// missing required columns.
func header(rec []string, known []string, required []string, f *fields) []int {
	pos := make([]int, len(known))
	for i := range pos {
		pos[i] = -1
	}
	for i, name := range rec {
		n := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
		k := -1
		for j, c := range known {
			if c == n {
				k = j
				break
			}
		}
		switch {
		case k < 0:
			f.bad(name, fmt.Errorf("unknown column %q: want %s", name, strings.Join(known, ", ")))
		case pos[k] >= 0:
			f.bad(name, fmt.Errorf("column %q repeated", name))
		default:
			pos[k] = i
		}
	}
	for _, r := range required {
		for j, c := range known {
			if c == r && pos[j] < 0 {
				f.bad(r, fmt.Errorf("missing required column %q", r))
			}
		}
	}
	return pos
}

// csvRows reads a CSV document with a header row and calls row for each
// record with a getter of the named columns. Problems of the header or of
// the CSV syntax are recorded with Record "csv".
func csvRows(r io.Reader, known, required []string, record string, row func(i int, col func(k int) string, f *fields)) []Problem {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = 0
	f := fields{record: "csv"}
	rec, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			f.bad("header", errors.New("empty document: want a header row"))
		} else {
			f.bad("header", err)
		}
		return f.probs
	}
	pos := header(rec, known, required, &f)
	if len(f.probs) > 0 {
		return f.probs
	}
	var cur []string
	col := func(k int) string {
		if p := pos[k]; p >= 0 {
			return cur[p]
		}
		return ""
	}
	rf := fields{record: record}
	for i := 0; ; i++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.index = i
			f.bad("row", err)
			var pe *csv.ParseError
			if errors.As(err, &pe) && (errors.Is(pe.Err, csv.ErrFieldCount)) {
				continue
			}
			break // the reader cannot resynchronise after a quoting error
		}
		cur = rec
		rf.index, rf.id, rf.probs = i, "", f.probs
		row(i, col, &rf)
		f.probs = rf.probs
	}
	return f.probs
}

// ReadCasesCSV decodes cases from CSV with a header row of [CaseColumns].
// Every bad field of every row is listed in one *ValidationError (Record
// "case", Index the 0-based data row); header and syntax faults have
// Record "csv". It checks the form of each field only; run [Validate] or
// [Build] for duplicates and references. It never panics.
func ReadCasesCSV(r io.Reader) ([]Case, error) {
	var out chunks[Case]
	probs := csvRows(r, caseColumns, []string{"id", "type"}, "case", func(_ int, col func(int) string, f *fields) {
		w := caseWire{ID: col(0), Tier: col(1), Type: col(2), Row: col(4), Team: col(5), Practitioner: col(6),
			Previous: col(7), RestrictedTo: splitList(col(13)), ExcludedFrom: splitList(col(14))}
		w.Risk = riskWire{RoSH: col(8), MAPPALevel: col(9), MAPPACategory: col(10), Flags: col(11), V3: col(12)}
		f.id = w.ID
		parse(f, "t2a", col(3), parseBoolText, &w.T2A)
		parse(f, "x", col(15), parseFloatText, &w.Location.X)
		parse(f, "y", col(16), parseFloatText, &w.Location.Y)
		*out.next() = w.toCase(f)
	})
	return out.flat(), asValidation(probs)
}

// WriteCasesCSV writes cases with a header row of [CaseColumns]. A case's
// risk tier is not written (the reader takes the case tier), nor can IDs
// in restricted_to or excluded_from contain ";".
func WriteCasesCSV(w io.Writer, cases []Case) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(caseColumns); err != nil {
		return err
	}
	rec := make([]string, len(caseColumns))
	for i := range cases {
		c := fromCase(&cases[i])
		rec = append(rec[:0], c.ID, c.Tier, c.Type, boolText(c.T2A), c.Row, c.Team, c.Practitioner, c.Previous,
			c.Risk.RoSH, c.Risk.MAPPALevel, c.Risk.MAPPACategory, c.Risk.Flags, c.Risk.V3,
			strings.Join(c.RestrictedTo, ";"), strings.Join(c.ExcludedFrom, ";"),
			formatFloat(c.Location.X), formatFloat(c.Location.Y))
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return ""
}

// ReadPractitionersCSV decodes practitioners from CSV with a header row
// of [PractitionerColumns] and, if reductions is not nil, their reductions
// from a second CSV with a header row of [ReductionColumns], attached to
// the practitioner named in each row (Record "reduction" for its
// problems, including an unknown practitioner). Every bad field is listed
// in one *ValidationError. It never panics.
func ReadPractitionersCSV(practitioners, reductions io.Reader) ([]Practitioner, error) {
	var out []Practitioner
	probs := csvRows(practitioners, practitionerColumns, []string{"id", "grade"}, "practitioner", func(_ int, col func(int) string, f *fields) {
		w := practitionerWire{ID: col(0), Name: col(1), Grade: col(2), Team: col(3), PDU: col(4), Region: col(5)}
		f.id = w.ID
		parse(f, "hours", col(6), parseFloatText, &w.Hours)
		parse(f, "standard_reports", col(7), parseIntText, &w.Reports.Standard)
		parse(f, "fast_reports", col(8), parseIntText, &w.Reports.Fast)
		parse(f, "oral_reports", col(9), parseIntText, &w.Reports.Oral)
		parse(f, "x", col(10), parseFloatText, &w.Location.X)
		parse(f, "y", col(11), parseFloatText, &w.Location.Y)
		out = append(out, w.toPractitioner(f))
	})
	if reductions != nil {
		byID := make(map[string]int, len(out))
		for i := range out {
			if _, dup := byID[out[i].ID]; !dup {
				byID[out[i].ID] = i
			}
		}
		probs = append(probs, csvRows(reductions, reductionColumns, []string{"practitioner", "reason", "hours", "start"}, "reduction", func(_ int, col func(int) string, f *fields) {
			w := reductionWire{Reason: col(1), Start: col(3), End: col(4), Status: col(5)}
			f.id = col(0)
			parse(f, "hours", col(2), parseFloatText, &w.Hours)
			r := w.toReduction(f, "")
			i, ok := byID[col(0)]
			if !ok {
				f.bad("practitioner", fmt.Errorf("unknown practitioner %q", col(0)))
				return
			}
			out[i].Reductions = append(out[i].Reductions, r)
		})...)
	}
	return out, asValidation(probs)
}

// WritePractitionersCSV writes practitioners with a header row of
// [PractitionerColumns] to practitioners and, if reductions is not nil,
// their reductions with a header row of [ReductionColumns] to reductions.
func WritePractitionersCSV(practitioners, reductions io.Writer, ps []Practitioner) error {
	cw := csv.NewWriter(practitioners)
	if err := cw.Write(practitionerColumns); err != nil {
		return err
	}
	for i := range ps {
		p := fromPractitioner(&ps[i])
		if err := cw.Write([]string{p.ID, p.Name, p.Grade, p.Team, p.PDU, p.Region, formatFloat(p.Hours),
			intText(p.Reports.Standard), intText(p.Reports.Fast), intText(p.Reports.Oral),
			formatFloat(p.Location.X), formatFloat(p.Location.Y)}); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil || reductions == nil {
		return err
	}
	rw := csv.NewWriter(reductions)
	if err := rw.Write(reductionColumns); err != nil {
		return err
	}
	for i := range ps {
		for _, r := range fromPractitioner(&ps[i]).Reductions {
			if err := rw.Write([]string{ps[i].ID, r.Reason, strconv.FormatFloat(r.Hours, 'f', -1, 64), r.Start, r.End, r.Status}); err != nil {
				return err
			}
		}
	}
	rw.Flush()
	return rw.Error()
}

func intText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// chunks collects records in fixed-size blocks, so that a long input is
// copied once (by flat) rather than at every growth of one slice.
type chunks[T any] struct {
	full [][]T
	cur  []T
}

const chunkLen = 4096

// next returns a pointer to a new zero record.
func (c *chunks[T]) next() *T {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]T, 0, chunkLen)
	}
	c.cur = c.cur[:len(c.cur)+1]
	return &c.cur[len(c.cur)-1]
}

// flat returns the records in one slice (nil when there are none).
func (c *chunks[T]) flat() []T {
	if len(c.full) == 0 {
		return c.cur
	}
	out := make([]T, 0, len(c.full)*chunkLen+len(c.cur))
	for _, b := range c.full {
		out = append(out, b...)
	}
	return append(out, c.cur...)
}
