// Command tier classifies probation cases read as JSON lines: one case's
// inputs per line on standard input, one result per line on standard
// output, in the same order.
//
//	go run ./examples/tier [-asof 2026-08-17] [-version 2] < examples/tier/sample.jsonl
//
// Each input line is a tiering.Input in the JSON schema documented in
// package tiering; each output line is a tiering.Result in JSON: the v2
// tier string ("tier"), the v3 tier ("v3"), the provisional flag and the
// explanation. A line that cannot be classified (bad JSON, a bad value,
// an inconsistent record, a line over the limit) gives an error line
// instead, and the command goes on with the next line:
//
//	{"line": 3, "id": "X2", "error": "tier: 2 invalid values\n\t…",
//	 "fields": [{"record": "case", "id": "X2", "index": 2, "line": 3,
//	             "field": "rsr", "value": "130", "message": "want a percentage …"}]}
//
// "line" is the 1-based input line; each field error is the JSON form of
// probation.FieldError, whose "index" is the 0-based position of the
// record among the records (blank lines are skipped and are not records).
// Every error line is bounded in size whatever the input: IDs, field
// names and values are cut to 64 bytes, and at most 20 field errors are
// spelt out in "error". A line longer than 16 MiB is not read into memory:
// its error line names the line and the limit, and the command goes on
// with the next line. Output is flushed after every line, so that another
// program can drive the command one case at a time.
//
// Flags:
//
//	-asof     the date the v3 lifer/IPP windows count back from
//	          (YYYY-MM-DD); default: today's date on this machine's clock.
//	          The library never reads the clock; this command does, for
//	          convenience.
//	-version  the v2 rule set: 2 (current, default) or 1 (Feb-May 2021).
//
// The exit status is 0 when all input was read, whatever the number of
// error lines, 1 on a read or write failure, and 2 for bad flags.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/jsoncheck"
	"github.com/probationkit/probation/tiering"
)

func main() {
	asof := flag.String("asof", "", "as-of date YYYY-MM-DD for the v3 lifer/IPP rule (default today)")
	version := flag.String("version", "", "v2 rules version: 1 or 2 (default 2, the current rules)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "tier: reads JSON lines on standard input; no arguments expected")
		os.Exit(2)
	}

	var s tiering.Settings
	var err error
	if *asof == "" {
		s.AsOf = tiering.DateFromTime(time.Now())
	} else if s.AsOf, err = tiering.ParseDate(*asof); err != nil {
		fmt.Fprintln(os.Stderr, "tier: -asof:", err)
		os.Exit(2)
	}
	if s.Version, err = tiering.ParseVersion(*version); err != nil {
		fmt.Fprintln(os.Stderr, "tier: -version:", err)
		os.Exit(2)
	}

	if err := run(os.Stdin, os.Stdout, &s); err != nil {
		fmt.Fprintln(os.Stderr, "tier:", err)
		os.Exit(1)
	}
}

// maxLine is the longest input line read, in bytes (the line end aside).
const maxLine = 16 << 20

// op is the Op of the command's own validation errors.
const op = "tier"

// errorLine is the output for an input line that could not be classified.
type errorLine struct {
	Line   int                    `json:"line"`
	ID     string                 `json:"id,omitempty"`
	Error  string                 `json:"error"`
	Fields []probation.FieldError `json:"fields"`
}

// run classifies every JSON line of in with settings s and writes one
// JSON line per case to out.
func run(in io.Reader, out io.Writer, s *tiering.Settings) error {
	return classifyLines(in, out, s, maxLine)
}

// classifyLines is run with a line limit of limit bytes. Its cost is
// linear in the input, over-long lines included, and its memory is
// bounded by the limit.
func classifyLines(in io.Reader, out io.Writer, s *tiering.Settings, limit int) error {
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var buf []byte
	record := 0
	for n := 1; ; n++ {
		line, length, err := readLine(r, buf[:0], limit)
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("line %d: %w", n, err)
		}
		buf = line
		eof := errors.Is(err, io.EOF)
		if eof && length == 0 {
			break
		}
		var v any
		switch text := bytes.TrimSpace(line); {
		case length > limit:
			v = overLong(n, record, length, limit)
		case len(text) > 0:
			v = classify(text, n, record, s)
		}
		if v != nil {
			record++
			if err := enc.Encode(v); err != nil {
				return fmt.Errorf("line %d: %w", n, err)
			}
			if err := w.Flush(); err != nil {
				return err
			}
		}
		if eof {
			break
		}
	}
	return w.Flush()
}

// readLine appends the next line of r, without its '\n', to buf and
// returns it with its length in bytes. A line longer than limit bytes is
// read to its end but not kept: line is then empty and length says how
// long it was. err is io.EOF at the end of the input.
func readLine(r *bufio.Reader, buf []byte, limit int) (line []byte, length int, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		if err == nil {
			chunk = chunk[:len(chunk)-1]
		}
		length += len(chunk)
		switch {
		case length > limit:
			buf = buf[:0]
		default:
			buf = append(buf, chunk...)
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return buf, length, err
		}
	}
}

// overLong is the error line of line n, the record'th record, which is
// length bytes long, over the limit.
func overLong(n, record, length, limit int) errorLine {
	f := probation.FieldError{Record: "case", Index: record, Line: n,
		Message: "line of " + strconv.Itoa(length) + " bytes is over the limit of " + strconv.Itoa(limit) + " bytes: skipped"}
	ve := &probation.ValidationError{Op: op, Fields: []probation.FieldError{f}}
	return errorLine{Line: n, Error: ve.Error(), Fields: ve.Fields}
}

// classify returns the Result of line n, the record'th record, or its
// errorLine.
func classify(line []byte, n, record int, s *tiering.Settings) any {
	var c tiering.Input
	var err error
	if line[0] != '{' {
		err = &probation.ValidationError{Op: op, Fields: []probation.FieldError{{Record: "case", Index: -1,
			Value:   probation.Shorten(string(bytes.ToValidUTF8(line[:min(len(line), 4*probation.MaxValueLen)], nil))),
			Message: "want one JSON object per line"}}}
	} else if err = json.Unmarshal(line, &c); err == nil {
		var r tiering.Result
		if r, err = tiering.Classify(c, s); err == nil {
			return r
		}
	}
	var ve *probation.ValidationError
	if !errors.As(err, &ve) {
		// A JSON syntax error, caught before the tiering decoder runs.
		_, _, msg, _ := jsoncheck.Describe(err)
		ve = &probation.ValidationError{Op: op, Fields: []probation.FieldError{{Record: "case", Index: -1, Message: msg}}}
	}
	for i := range ve.Fields {
		ve.Fields[i].Index, ve.Fields[i].Line = record, n
	}
	return errorLine{Line: n, ID: probation.Shorten(c.ID), Error: ve.Error(), Fields: ve.Fields}
}
