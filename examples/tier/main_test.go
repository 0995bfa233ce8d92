package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/tiering"
)

func TestRun(t *testing.T) {
	valid := `{"id":"X1","rsr":7.1,"convictions":[{"sentence_type":"NC"}],"registrations":[{"code":"INLL"},{"code":"PRC"}],` +
		`"v3":{"active_event":true,"arp":{"score":90},"csrp":{"score":1.0},"latest_release_date":"2026-01-01"}}`
	long := `{"id":"L","registrations":[` + strings.Repeat(`{"code":"RMDO","date":"2020-01-01"},`, 5000) + `{"code":"RVHR"}]}`
	input := strings.Join([]string{
		valid,
		"",
		`{"id":"X2","rsr":130,"mappa_level":"M7"}`,
		`{"id":`,
		`null`,
		long,
	}, "\n")
	s := &tiering.Settings{AsOf: tiering.MustParseDate("2026-08-17")}
	var out bytes.Buffer
	if err := run(strings.NewReader(input), &out, s); err != nil {
		t.Fatalf("run() error: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("run() wrote %d lines, want 5:\n%s", len(lines), out.String())
	}

	// The result line is the library's Result in JSON.
	var in tiering.Input
	if err := json.Unmarshal([]byte(valid), &in); err != nil {
		t.Fatal(err)
	}
	r, err := tiering.Classify(in, s)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(r)
	if diff := cmp.Diff(decode(t, string(want)), decode(t, lines[0])); diff != "" {
		t.Errorf("result line mismatch (-library +command):\n%s", diff)
	}
	type summary struct {
		Tier, V3    string
		Provisional bool
	}
	var got summary
	json.Unmarshal([]byte(lines[0]), &got)
	if diff := cmp.Diff(summary{"B2S", "B", false}, got); diff != "" {
		t.Errorf("result line mismatch (-want +got):\n%s", diff)
	}

	type errLine struct {
		Line     int               `json:"line"`
		ID       string            `json:"id"`
		Problems []tiering.Problem `json:"problems"`
	}
	wantErrs := []errLine{
		{Line: 3, ID: "X2", Problems: []tiering.Problem{
			{ID: "X2", Index: 2, Field: "mappa_level", Value: `"M7"`, Reason: `invalid MAPPA level "M7": want M1, M2, M3 or NONE`},
			{ID: "X2", Index: 2, Field: "rsr", Value: "130", Reason: "want a percentage from 0 to 100, or 999.99 for no score"},
		}},
		{Line: 4, Problems: []tiering.Problem{{Index: 3, Value: `{"id":`, Reason: "invalid JSON: unexpected end of JSON input"}}},
		{Line: 5, Problems: []tiering.Problem{{Index: 4, Value: "null", Reason: "want one JSON object per line"}}},
	}
	for i, w := range wantErrs {
		var g errLine
		if err := json.Unmarshal([]byte(lines[1+i]), &g); err != nil {
			t.Fatalf("line %d: %v", 2+i, err)
		}
		if diff := cmp.Diff(w, g); diff != "" {
			t.Errorf("error line %d mismatch (-want +got):\n%s", w.Line, diff)
		}
	}
	var lastLine summary
	json.Unmarshal([]byte(lines[4]), &lastLine)
	if lastLine.Tier != "A0" {
		t.Errorf("long line: tier %q, want A0", lastLine.Tier)
	}
}

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("invalid JSON %s: %v", s, err)
	}
	return v
}
