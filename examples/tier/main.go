// Command tier classifies probation cases read as JSON lines: one case's
// inputs per line on standard input, one result per line on standard
// output, in the same order.
//
//	go run ./examples/tier [-asof 2026-08-17] [-version 2] < cases.jsonl
//
// Each input line is a tiering.Input in the JSON schema documented in
// package tiering; each output line is a tiering.Result in JSON: the v2
// tier string ("tier"), the v3 tier ("v3"), the provisional flag and the
// explanation. A line that cannot be classified (bad JSON, a bad value,
// an inconsistent record) gives an error line instead, and the command
// goes on with the next line:
//
//	{"line": 3, "id": "X1", "error": "tiering: 2 invalid value(s) ...",
//	 "problems": [{"id": "X1", "index": 2, "field": "rsr", "value": "130", "reason": "..."}]}
//
// "line" is the 1-based input line number; a problem's "index" is the
// 0-based line index. Blank lines are skipped. Output is flushed after
// every line, so that another program can drive the command one case at
// a time.
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
// error lines, and 1 on a read or write failure or a line longer than
// 16 MiB.
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
	"time"

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

// maxLine is the longest input line accepted.
const maxLine = 16 << 20

// errorLine is the output for an input line that could not be classified.
type errorLine struct {
	Line     int               `json:"line"`
	ID       string            `json:"id,omitempty"`
	Error    string            `json:"error"`
	Problems []tiering.Problem `json:"problems"`
}

// run classifies every JSON line of in with settings s and writes one
// JSON line per case to out.
func run(in io.Reader, out io.Writer, s *tiering.Settings) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var v any = classify(line, n, s)
		if err := enc.Encode(v); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return w.Flush()
}

// classify returns the Result of one line, or its errorLine.
func classify(line []byte, n int, s *tiering.Settings) any {
	var c tiering.Input
	var err error
	if line[0] != '{' {
		err = &tiering.ValidationError{Problems: []tiering.Problem{{Value: shorten(line), Reason: "want one JSON object per line"}}}
	} else if err = json.Unmarshal(line, &c); err == nil {
		var r tiering.Result
		if r, err = tiering.Classify(c, s); err == nil {
			return r
		}
	}
	var ve *tiering.ValidationError
	if !errors.As(err, &ve) {
		// A JSON syntax error, caught before the tiering decoder runs.
		ve = &tiering.ValidationError{Problems: []tiering.Problem{{Value: shorten(line), Reason: "invalid JSON: " + err.Error()}}}
	}
	for i := range ve.Problems {
		ve.Problems[i].Index = n - 1
	}
	return errorLine{Line: n, ID: c.ID, Error: ve.Error(), Problems: ve.Problems}
}

// shorten returns the start of a line for an error message.
func shorten(line []byte) string {
	const max = 64
	if len(line) <= max {
		return string(line)
	}
	return string(bytes.ToValidUTF8(line[:max], nil)) + "…"
}
