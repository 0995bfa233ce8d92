package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/tiering"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var settings = &tiering.Settings{AsOf: tiering.MustParseDate("2026-08-17")}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./examples/tier -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("output differs from %s (-want +got); rerun with -update if the change is right:\n%s", path, diff)
	}
}

// TestSample runs the command on the shipped sample, as the README does,
// and compares the output with its golden file.
func TestSample(t *testing.T) {
	in, err := os.ReadFile("sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(bytes.NewReader(in), &out, settings); err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.golden", out.Bytes())
}

// TestResultLine checks that a result line is the library's Result in JSON.
func TestResultLine(t *testing.T) {
	valid := `{"id":"X1","rsr":7.1,"convictions":[{"sentence_type":"NC"}],"registrations":[{"code":"INLL"},{"code":"PRC"}],` +
		`"v3":{"active_event":true,"arp":{"score":90},"csrp":{"score":1.0},"latest_release_date":"2026-01-01"}}`
	var out bytes.Buffer
	if err := run(strings.NewReader(valid), &out, settings); err != nil {
		t.Fatal(err)
	}
	var in tiering.Input
	if err := json.Unmarshal([]byte(valid), &in); err != nil {
		t.Fatal(err)
	}
	r, err := tiering.Classify(in, settings)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(r)
	if diff := cmp.Diff(decode(t, string(want)), decode(t, strings.TrimSpace(out.String()))); diff != "" {
		t.Errorf("result line mismatch (-library +command):\n%s", diff)
	}
}

// errLine is what the tests read of an error line.
type errLine struct {
	Line   int                    `json:"line"`
	ID     string                 `json:"id"`
	Error  string                 `json:"error"`
	Fields []probation.FieldError `json:"fields"`
}

// good is a valid line, classified B2.
const good = `{"id":"G","rsr":7.1,"convictions":[{"sentence_type":"NC"}]}`

// TestBadLines runs every kind of bad line through the command, each
// followed by a good line: the error line names the line, the record and
// the field, is bounded in size, and the good line after it is not lost.
func TestBadLines(t *testing.T) {
	long := strings.Repeat("x", 10<<20)
	tests := []struct {
		name, line string
		field      string // the field of the first field error
		message    string // a part of its message
		reason     string
	}{
		{"bad values", `{"id":"X2","rsr":130,"mappa_level":"M7"}`, "mappa_level", "want one of NONE, M1, M2 or M3", "values that do not parse are named with their field"},
		{"syntax", `{"id":`, "", "invalid JSON", "a line that is not JSON"},
		{"not an object", `null`, "", "want one JSON object per line", "one object per line"},
		{"array", `[1,2]`, "", "want one JSON object per line", "one object per line"},
		{"unknown field", `{"id":"X3","colour":"red"}`, "colour", "unknown field", "a misspelt field is never ignored"},
		{"repeated field", `{"id":"X4","rsr":1,"rsr":90}`, "rsr", "repeated name", "issue 9: duplicate keys are rejected"},
		{"ID with space", `{"id":"X5 "}`, "id", "surrounding white space", "issue 9: IDs are rejected, not trimmed"},
		{"bad date", `{"id":"X6","registrations":[{"code":"RHRH","date":"01/02/2024"}]}`, "registrations[0].date", "want YYYY-MM-DD", "issue 9: a bad date says the format"},
		{"wrong type", `{"id":"X7","ogrs":"high"}`, "ogrs", "want a finite JSON number", "the JSON type is named"},
		{"range", `{"id":"X8","assessment":{"impulsivity":7}}`, "assessment.impulsivity", "want an answer score 0", "numbers have ranges"},
		{"huge id", `{"id":"` + long + `","rsr":-1}`, "rsr", "want a percentage", "issue 9: a 10 MB id gives a small error line"},
		{"huge key", `{"` + long + `":1}`, strings.Repeat("x", 61) + "…", "unknown field", "a 10 MB field name is cut too"},
		{"huge value", `{"id":"X9","rosh":"` + long + `"}`, "rosh", "want one of NONE", "a 10 MB value is cut"},
		{"lifer without as-of", `{"id":"L1","registrations":[{"code":"INLL"}],"v3":{"active_event":true,"arp":{"score":1},"csrp":{"score":1},"latest_release_date":"2026-01-01"}}`,
			"as_of", "needs an as-of date", "settings the case needs are named"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := "\n" + tt.line + "\n" + good + "\n"
			s := settings
			if tt.field == "as_of" {
				s = &tiering.Settings{}
			}
			var out bytes.Buffer
			if err := run(strings.NewReader(in), &out, s); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != 2 {
				t.Fatalf("%d output lines, want 2 (%s):\n%.500s", len(lines), tt.reason, out.String())
			}
			if n := len(lines[0]); n > 4096 {
				t.Errorf("error line of %d bytes for a %d-byte input line: want at most 4 KiB (%s)", n, len(tt.line), tt.reason)
			}
			var e errLine
			if err := json.Unmarshal([]byte(lines[0]), &e); err != nil {
				t.Fatalf("error line %q: %v", lines[0], err)
			}
			if e.Line != 2 || len(e.Fields) == 0 {
				t.Fatalf("error line %+v: want line 2 and field errors (%s)", e, tt.reason)
			}
			f := e.Fields[0]
			if f.Record != "case" || f.Line != 2 || f.Index != 0 || f.Field != tt.field || !strings.Contains(f.Message, tt.message) {
				t.Errorf("first field error %+v: want record case, line 2, index 0, field %q, message with %q (%s)", f, tt.field, tt.message, tt.reason)
			}
			if !strings.Contains(e.Error, "line 2: case") {
				t.Errorf("error %q does not name the line and the record", e.Error)
			}
			if tier := decode(t, lines[1]).(map[string]any)["tier"]; tier != "B2" {
				t.Errorf("the good line after the bad one gave tier %v, want B2 (%s)", tier, tt.reason)
			}
		})
	}
}

// TestOverLongLine checks that a line over the limit gets an error line
// naming its number and the limit, and that reading goes on.
func TestOverLongLine(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit int
		line  string
		last  bool // the long line ends the input without a newline
	}{
		{"small limit", 64, good[:40] + strings.Repeat(" ", 100) + `}`, false},
		{"just over", len(good) - 1, good, false},
		{"at the end", 64, strings.Repeat("y", 200), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := good + "\n" + tc.line
			if !tc.last {
				in += "\n" + good + "\n"
			}
			var out bytes.Buffer
			if err := classifyLines(strings.NewReader(in), &out, settings, tc.limit); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			want := 3
			if tc.last {
				want = 2
			}
			if len(lines) != want {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), want, out.String())
			}
			var e errLine
			if err := json.Unmarshal([]byte(lines[1]), &e); err != nil {
				t.Fatal(err)
			}
			limit := "limit of " + itoa(tc.limit) + " bytes"
			if e.Line != 2 || len(e.Fields) != 1 || e.Fields[0].Index != 1 || !strings.Contains(e.Fields[0].Message, limit) {
				t.Errorf("error line %+v: want line 2, index 1, a message naming the %s", e, limit)
			}
		})
	}
}

// TestSixteenMiB checks the real limit: a line of 16 MiB is classified,
// a line of 16 MiB + 1 byte is skipped, and the lines around it are
// classified.
func TestSixteenMiB(t *testing.T) {
	if testing.Short() {
		t.Skip("writes two 16 MiB lines")
	}
	head := `{"id":"B","rsr":1`
	at := head + strings.Repeat(" ", maxLine-len(head)-1) + `}`
	over := head + strings.Repeat(" ", maxLine-len(head)) + `}`
	in := good + "\n" + over + "\n" + at + "\n" + good + "\n"
	var out bytes.Buffer
	if err := run(strings.NewReader(in), &out, settings); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 4 || !strings.Contains(lines[1], `"line":2`) || !strings.Contains(lines[1], "16777217 bytes is over the limit of 16777216 bytes") ||
		!strings.Contains(lines[2], `"id":"B","tier":"D0"`) {
		t.Fatalf("want a result, an error line naming line 2 and the 16 MiB limit, the 16 MiB line's result, a result; got:\n%.2000s", out.String())
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("invalid JSON %.200s: %v", s, err)
	}
	return v
}

// FuzzLines feeds arbitrary text to the command with a small line limit:
// it never fails on data, writes one valid JSON line per record (each
// non-blank input line), and keeps every error line small.
func FuzzLines(f *testing.F) {
	f.Add(good + "\n\n" + `{"id":` + "\n" + strings.Repeat("z", 300) + "\r\n" + good)
	f.Add("\n\n\n")
	f.Add(`{"rsr":1,"rsr":2}` + "\n" + `null`)
	f.Fuzz(func(t *testing.T, in string) {
		const limit = 256
		var out bytes.Buffer
		if err := classifyLines(strings.NewReader(in), &out, settings, limit); err != nil {
			t.Fatal(err)
		}
		records := 0
		for _, l := range strings.Split(in, "\n") {
			if len(l) > limit || strings.TrimSpace(l) != "" {
				records++
			}
		}
		got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if out.Len() == 0 {
			got = nil
		}
		if len(got) != records {
			t.Fatalf("%d output lines for %d records:\n%s", len(got), records, out.String())
		}
		for _, l := range got {
			if !json.Valid([]byte(l)) {
				t.Fatalf("invalid JSON line %q", l)
			}
			if strings.HasPrefix(l, `{"line"`) && len(l) > 4096 {
				t.Fatalf("error line of %d bytes", len(l))
			}
		}
	})
}
