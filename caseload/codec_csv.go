package caseload

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
)

// CaseColumns returns the columns of the cases CSV, in the order
// WriteCasesCSV writes them. The reader matches columns by header name
// (ignoring case and surrounding spaces) in any order; id and type are
// required, the rest may be left out. restricted_to and excluded_from
// hold practitioner IDs separated by ";" (no empty entry, no space around
// an entry). The risk profile's tier is the case's tier. x and y are the
// location in km, each within ±MaxCoordinate.
func CaseColumns() []string { return slices.Clone(caseColumns) }

var caseColumns = []string{"id", "tier", "type", "t2a", "row", "team", "practitioner", "previous",
	"rosh", "mappa_level", "mappa_category", "flags", "v3_tier", "restricted_to", "excluded_from", "x_km", "y_km"}

// PractitionerColumns returns the columns of the practitioners CSV; id and
// grade are required. hours is the contracted hours per week, 0 to
// MaxHours: an empty cell means the grade's default hours and "0" no
// contracted hours (no capacity). The report columns are counts in the
// last 30 days, 0 to MaxReports. x and y are as for cases.
func PractitionerColumns() []string { return slices.Clone(practitionerColumns) }

var practitionerColumns = []string{"id", "name", "grade", "team", "pdu", "region", "hours",
	"standard_reports", "fast_reports", "oral_reports", "x_km", "y_km"}

// ReductionColumns returns the columns of the reductions CSV, one row per
// reduction; practitioner, reason, hours and start are required. hours is
// 0 to MaxHours; start and end are dates "YYYY-MM-DD".
func ReductionColumns() []string { return slices.Clone(reductionColumns) }

var reductionColumns = []string{"practitioner", "reason", "hours", "start", "end", "status"}

// csvColumn maps the JSON name of a field to the CSV column that holds
// it: "risk.rosh" → "rosh", "location.x_km" → "x_km", "restricted_to[2]" →
// "restricted_to", "reports.fast" → "fast_reports".
func csvColumn(field string) string {
	field, _, _ = strings.Cut(field, "[")
	if kind, ok := strings.CutPrefix(field, "reports."); ok {
		return kind + "_reports"
	}
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		return field[i+1:]
	}
	return field
}

// bom is the UTF-8 byte order mark that spreadsheets write first.
var bom = []byte("\ufeff")

// csvDoc reads one CSV document with a header row.
type csvDoc struct {
	known, required []string
	record          string // the kind of record of a row
	errs            []probation.FieldError
}

// read reads the document from r and calls row for each data row, with a
// getter of the known columns (k indexes known; "" for a column the
// header left out) and the report of the row. Faults of the header or of
// the CSV syntax are recorded too; a read error of r is returned.
func (d *csvDoc) read(r io.Reader, row func(col func(k int) string, rep *report)) error {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(len(bom)); bytes.Equal(b, bom) {
		_, _ = br.Discard(len(bom))
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		d.fileError(1, "", "empty: want a header row naming the columns, such as "+strings.Join(d.known, ","))
		return nil
	case errors.As(err, &pe):
		d.fileError(pe.StartLine, "", "invalid CSV in the header row: "+pe.Err.Error())
		return nil
	case err != nil:
		return err
	}
	pos, ok := d.header(head)
	if !ok {
		return nil
	}
	var cur []string
	col := func(k int) string {
		if p := pos[k]; p >= 0 {
			return cur[p]
		}
		return ""
	}
	rep := report{record: d.record, rename: csvColumn} // one for every row: the row callback keeps no pointer to it
	for index := 0; ; index++ {
		rec, err := cr.Read()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.As(err, &pe):
			d.errs = append(d.errs, probation.FieldError{Record: d.record, Index: index, Line: pe.StartLine,
				Message: "invalid CSV: " + pe.Err.Error()})
			continue
		case err != nil:
			return err
		}
		line, _ := cr.FieldPos(0)
		rep.fields, rep.id, rep.index, rep.line = d.errs, "", index, line
		if len(rec) != len(head) {
			if p := pos[0]; p >= 0 && p < len(rec) {
				rep.id = rec[p]
			}
			rep.bad("", "", "has "+strconv.Itoa(len(rec))+" fields: want "+strconv.Itoa(len(head))+", one per column of the header")
			d.errs = rep.fields
			continue
		}
		cur = rec
		row(col, &rep)
		d.errs = rep.fields
	}
}

func (d *csvDoc) fileError(line int, field, message string) {
	d.errs = append(d.errs, probation.FieldError{Record: recordFile, Index: -1, Line: line, Field: field, Message: message})
}

// header maps the known columns to their positions in head, recording
// unknown, repeated and missing required columns. A first row that names
// no known column is a missing header, reported once.
func (d *csvDoc) header(head []string) (pos []int, ok bool) {
	pos = make([]int, len(d.known))
	for i := range pos {
		pos[i] = -1
	}
	n := len(d.errs)
	var unknown []int
	for i, name := range head {
		k := slices.Index(d.known, strings.ToLower(strings.TrimSpace(name)))
		switch {
		case k < 0:
			unknown = append(unknown, i)
		case pos[k] >= 0:
			d.fileError(1, name, "repeated column")
		default:
			pos[k] = i
		}
	}
	want := "want one of " + strings.Join(d.known, ", ")
	if len(unknown) == len(head) {
		d.fileError(1, "", "missing header: the first line names no column; want a header row naming the columns, such as "+
			strings.Join(d.known, ","))
		return pos, false
	}
	for _, i := range unknown {
		d.fileError(1, head[i], "unknown column: "+want)
	}
	for _, r := range d.required {
		if pos[slices.Index(d.known, r)] < 0 {
			d.fileError(1, r, "missing required column")
		}
	}
	return pos, len(d.errs) == n
}

// ReadCasesCSV decodes cases from CSV with a header row of [CaseColumns]
// (a UTF-8 byte order mark before it is skipped). It checks every field
// of every row on its own, as [Validate] does, and lists every bad value
// in one *[probation.ValidationError] (Op "caseload.ReadCasesCSV"): a
// row's faults have Record "case", the row's 0-based Index among the data
// rows, its 1-based file Line, its ID, and the column; faults of the
// header have Record "file" and Line 1. The rows that decode are
// returned even then, a bad row as far as it decoded. Duplicates and
// references to practitioners are checked by [Validate] and [Build]. A
// read error of r is returned as it is. It never panics.
func ReadCasesCSV(r io.Reader) ([]Case, error) {
	var out chunks[Case]
	d := csvDoc{known: caseColumns, required: []string{"id", "type"}, record: recordCase}
	err := d.read(r, func(col func(int) string, rep *report) {
		w := caseWire{ID: col(0), Tier: col(1), Type: col(2), Row: col(4), Team: col(5), Practitioner: col(6),
			Previous: col(7), RestrictedTo: splitList(col(13)), ExcludedFrom: splitList(col(14))}
		w.Risk = riskWire{RoSH: col(8), MAPPALevel: col(9), MAPPACategory: col(10), Flags: col(11), V3: col(12)}
		rep.id = w.ID
		parse(rep, "t2a", col(3), parseBool, &w.T2A)
		parse(rep, "location.x_km", col(15), parseNumber, &w.Location.X)
		parse(rep, "location.y_km", col(16), parseNumber, &w.Location.Y)
		*out.next() = w.toCase(rep)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opReadCasesCSV, err)
	}
	return out.flat(), check.Error(opReadCasesCSV, d.errs)
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
			formatCell(c.Location.X), formatCell(c.Location.Y))
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
// the practitioner named in each row. It checks every row as
// [ReadCasesCSV] does and lists every bad value in one
// *[probation.ValidationError] (Op "caseload.ReadPractitionersCSV"),
// with Record "practitioner" or "reduction" (the reduction's practitioner
// as its ID; a reduction naming no practitioner of the first file is an
// error), each with its file Line. The reasons of the reductions and
// their hours against the contracted hours are checked by [Validate]
// and [Build]. A read error is returned as it is. It never panics.
func ReadPractitionersCSV(practitioners, reductions io.Reader) ([]Practitioner, error) {
	var out []Practitioner
	d := csvDoc{known: practitionerColumns, required: []string{"id", "grade"}, record: recordPractitioner}
	err := d.read(practitioners, func(col func(int) string, rep *report) {
		w := practitionerWire{ID: col(0), Name: col(1), Grade: col(2), Team: col(3), PDU: col(4), Region: col(5)}
		rep.id = w.ID
		parse(rep, "hours", col(6), parseHours, &w.Hours)
		parse(rep, "reports.standard", col(7), parseCount, &w.Reports.Standard)
		parse(rep, "reports.fast", col(8), parseCount, &w.Reports.Fast)
		parse(rep, "reports.oral", col(9), parseCount, &w.Reports.Oral)
		parse(rep, "location.x_km", col(10), parseNumber, &w.Location.X)
		parse(rep, "location.y_km", col(11), parseNumber, &w.Location.Y)
		out = append(out, w.toPractitioner(rep))
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opReadPractCSV, err)
	}
	errs := d.errs
	if reductions != nil {
		byID := make(map[string]int, len(out))
		for i := range out {
			if _, dup := byID[out[i].ID]; !dup {
				byID[out[i].ID] = i
			}
		}
		rd := csvDoc{known: reductionColumns, required: []string{"practitioner", "reason", "hours", "start"}, record: recordReduction}
		err := rd.read(reductions, func(col func(int) string, rep *report) {
			w := reductionWire{Reason: col(1), Start: col(3), End: col(4), Status: col(5)}
			rep.id = col(0)
			parse(rep, "hours", col(2), parseNumber, &w.Hours)
			red := w.toReduction(rep)
			n := len(rep.fields)
			checkReduction(&red, rep)
			rep.dropDecoded(n)
			i, ok := byID[col(0)]
			if !ok {
				rep.bad("practitioner", col(0), "not a practitioner of the practitioners file")
				return
			}
			out[i].Reductions = append(out[i].Reductions, red)
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", opReadPractCSV, err)
		}
		errs = append(errs, rd.errs...)
	}
	return out, check.Error(opReadPractCSV, errs)
}

// WritePractitionersCSV writes practitioners with a header row of
// [PractitionerColumns] to practitioners and, if reductions is not nil,
// their reductions with a header row of [ReductionColumns] to reductions.
// Hours not recorded are written as an empty cell, an explicit 0 as "0".
func WritePractitionersCSV(practitioners, reductions io.Writer, ps []Practitioner) error {
	cw := csv.NewWriter(practitioners)
	if err := cw.Write(practitionerColumns); err != nil {
		return err
	}
	for i := range ps {
		p := fromPractitioner(&ps[i])
		if err := cw.Write([]string{p.ID, p.Name, p.Grade, p.Team, p.PDU, p.Region, formatHours(p.Hours),
			intText(p.Reports.Standard), intText(p.Reports.Fast), intText(p.Reports.Oral),
			formatCell(p.Location.X), formatCell(p.Location.Y)}); err != nil {
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
