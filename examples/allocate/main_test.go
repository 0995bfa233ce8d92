package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func defaults() options {
	return options{strategy: "flow_search", objective: "min_cost", asOf: "2026-11-23"}
}

func runOrFatal(t *testing.T, o options) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), o, &out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got); run go test -update if the change is meant:\n%s", name, diff)
	}
}

// TestGoldenReport checks the default report and the default JSON
// against their golden files, so that the README excerpt, which
// TestREADMEExcerpt checks against the golden report, cannot drift.
func TestGoldenReport(t *testing.T) {
	golden(t, "report.golden", runOrFatal(t, defaults()))
	o := defaults()
	o.json = true
	golden(t, "report.json.golden", runOrFatal(t, o))
}

// TestREADMEExcerpt checks that every line of the report excerpt in the
// root README appears in the golden report, and that the README's
// figures for the dataset match the report's.
func TestREADMEExcerpt(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	report, err := os.ReadFile("testdata/report.golden")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "<!-- report excerpt -->")
	end := strings.Index(text, "<!-- end of report excerpt -->")
	if start < 0 || end < start {
		t.Fatal("README has no report excerpt between <!-- report excerpt --> and <!-- end of report excerpt -->")
	}
	lines := 0
	for _, l := range strings.Split(text[start:end], "\n") {
		l = strings.TrimPrefix(l, "    ")
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "<!--") || strings.TrimSpace(l) == "..." {
			continue
		}
		lines++
		if !strings.Contains(string(report), l+"\n") {
			t.Errorf("README excerpt line not in the report:\n%q", l)
		}
	}
	if lines < 5 {
		t.Errorf("README excerpt has %d lines", lines)
	}
	// The README's prose figures: staff, teams, cases held and waiting.
	first := strings.SplitN(string(report), "\n", 3)[1]
	m := regexp.MustCompile(`^(\d+) staff in (\d+) teams \((\d+) of them.*; ([\d,]+) cases held, (\d+) waiting`).FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("report line %q", first)
	}
	for _, want := range []string{m[1] + " staff", m[2] + " teams", m[4] + " cases held", m[5] + " new cases waiting"} {
		if !strings.Contains(text, want) {
			t.Errorf("README does not say %q, as the report does", want)
		}
	}
}

// TestRunJSON checks the JSON output of every strategy: every waiting
// case is placed once or unplaced with a reason, the two unplaceable
// cases of the dataset are the ones reported, and every key is snake_case.
func TestRunJSON(t *testing.T) {
	for _, strategy := range []string{"flow_search", "greedy", "least_loaded", "round_robin", "random"} {
		t.Run(strategy, func(t *testing.T) {
			o := defaults()
			o.json = true
			o.strategy = strategy
			out := runOrFatal(t, o)
			var got struct {
				Assignments []struct {
					CaseID         string `json:"case_id"`
					PractitionerID string `json:"practitioner_id"`
				} `json:"assignments"`
				Unassigned []struct {
					CaseID string `json:"case_id"`
					Reason string `json:"reason"`
				} `json:"unassigned"`
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			seen := map[string]int{}
			for _, a := range got.Assignments {
				if a.CaseID == "" || a.PractitionerID == "" {
					t.Fatalf("assignment %+v without a case or practitioner", a)
				}
				seen[a.CaseID]++
			}
			var unplaced []string
			for _, u := range got.Unassigned {
				seen[u.CaseID]++
				unplaced = append(unplaced, u.CaseID+" "+u.Reason)
			}
			if len(seen) != 42 {
				t.Errorf("%d distinct cases in the output, want the 42 waiting", len(seen))
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("case %s appears %d times", id, n)
				}
			}
			if diff := cmp.Diff([]string{"C002289 restricted", "C002290 restricted"}, unplaced); diff != "" {
				t.Errorf("unplaced (-want +got):\n%s", diff)
			}
			// Keys are snake_case names, or codes of the domain (tier
			// letters such as "A" or "B3S"), never camelCase or Go names.
			snake, code := regexp.MustCompile(`^[a-z][a-z0-9_]*$`), regexp.MustCompile(`^[A-Z][A-Z0-9]*$`)
			for _, k := range regexp.MustCompile(`"([^"]+)":`).FindAllStringSubmatch(string(out), -1) {
				if !snake.MatchString(k[1]) && !code.MatchString(k[1]) {
					t.Fatalf("JSON key %q is neither snake_case nor a code", k[1])
				}
			}
		})
	}
}

func TestRunBadFlags(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*options)
		want   string
		reason string
	}{
		{"strategy", func(o *options) { o.strategy = "fastest" }, "unknown strategy", "an unknown strategy is named with the ones wanted"},
		{"objective", func(o *options) { o.objective = "max" }, "unknown objective", "an unknown objective"},
		{"min-max with a naive strategy", func(o *options) { o.objective, o.strategy = "min_max", "greedy" }, "needs -strategy flow_search", "min_max is FlowSearch's"},
		{"asof", func(o *options) { o.asOf = "23/11/2026" }, "want YYYY-MM-DD", "dates are YYYY-MM-DD"},
		{"scope without a policy", func(o *options) { o.scope = "Atlantis" }, "-scope needs -policy", "the national policy has no local scopes"},
		{"half files", func(o *options) { o.cases = "cases.csv" }, "go together", "cases and practitioners go together"},
		{"reductions alone", func(o *options) { o.reductions = "r.csv" }, "-reductions needs", "the default dataset has its own reductions"},
		{"departing", func(o *options) { o.departing = "P99999" }, "P99999", "not a practitioner"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := defaults()
			tt.edit(&o)
			err := run(context.Background(), o, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run: %v; want an error saying %q because %s", err, tt.want, tt.reason)
			}
		})
	}
}

// TestRunDeparting redistributes a departing officer's caseload: none of
// the cases may stay with them, and every count of the report agrees.
func TestRunDeparting(t *testing.T) {
	o := defaults()
	o.json = true
	o.departing = "P00010"
	var got struct {
		Assignments []struct {
			CaseID         string `json:"case_id"`
			PractitionerID string `json:"practitioner_id"`
			Moved          bool   `json:"moved"`
		} `json:"assignments"`
		Moves []struct {
			CaseID string `json:"case_id"`
			From   string `json:"from"`
			To     string `json:"to"`
		} `json:"moves"`
		Stats struct {
			Moved int `json:"moved"`
		} `json:"stats"`
	}
	if err := json.Unmarshal(runOrFatal(t, o), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Assignments) < 2000 {
		t.Fatalf("%d assignments; a rebalance places every held case", len(got.Assignments))
	}
	fromP10, moved := 0, 0
	for _, a := range got.Assignments {
		if a.PractitionerID == "P00010" {
			t.Errorf("case %s stays with the departing P00010", a.CaseID)
		}
		if a.Moved {
			moved++
		}
	}
	for _, mv := range got.Moves {
		if mv.From == "P00010" {
			fromP10++
		}
	}
	if fromP10 == 0 || moved != got.Stats.Moved {
		t.Errorf("%d moves from P00010; %d assignments moved against stats.moved %d", fromP10, moved, got.Stats.Moved)
	}
	o.json = false
	text := string(runOrFatal(t, o))
	m := regexp.MustCompile(`Rebalance \((\d+) cases change hands: (\d+) move between practitioners, (\d+) waiting are placed, (\d+) go back to waiting`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no rebalance line in:\n%s", text)
	}
	if m[1] != strconv.Itoa(len(got.Moves)) {
		t.Errorf("report says %s cases change hands, the moves list %d", m[1], len(got.Moves))
	}
}

// TestRunCertify: -certify adds the certificate to the JSON, its bound
// between the flow's and the objective, and a line to the report that
// gives the same bound.
func TestRunCertify(t *testing.T) {
	o := defaults()
	o.certify, o.json = true, true
	var got struct {
		Stats struct {
			Objective int64 `json:"objective"`
			Bound     int64 `json:"bound"`
		} `json:"stats"`
		Certificate *struct {
			Bound     int64 `json:"bound"`
			FlowBound int64 `json:"flow_bound"`
		} `json:"certificate"`
	}
	if err := json.Unmarshal(runOrFatal(t, o), &got); err != nil {
		t.Fatal(err)
	}
	c := got.Certificate
	if c == nil || c.FlowBound != got.Stats.Bound || c.Bound < c.FlowBound || c.Bound > got.Stats.Objective {
		t.Fatalf("certificate %+v with stats %+v: want flow bound = stats bound ≤ bound ≤ objective", c, got.Stats)
	}
	o.json = false
	text := string(runOrFatal(t, o))
	if want := fmt.Sprintf("Certified: no whole allocation has an objective below %d,", c.Bound); !strings.Contains(text, want) {
		t.Errorf("report lacks %q", want)
	}
}
