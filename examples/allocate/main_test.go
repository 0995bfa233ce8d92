package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func defaults() options {
	return options{strategy: "flow_search", objective: "min_cost", asOf: "2026-11-23"}
}

// TestRunReport runs the main job on the embedded dataset and checks that
// the report has every section and accounts for every new case.
func TestRunReport(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), defaults(), &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"Tier mix", "Team workloads", "Allocations (40 placed, 2 not placed)", "Not placed", "lower bound"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

// TestRunJSON checks the JSON output: every waiting case is placed once or
// unplaced with a reason, and the two unplaceable cases of the dataset are
// the ones reported.
func TestRunJSON(t *testing.T) {
	for _, strategy := range []string{"flow_search", "greedy", "least_loaded", "round_robin", "random"} {
		t.Run(strategy, func(t *testing.T) {
			o := defaults()
			o.json = true
			o.strategy = strategy
			var out bytes.Buffer
			if err := run(context.Background(), o, &out); err != nil {
				t.Fatal(err)
			}
			var got struct {
				Assignments []struct {
					CaseID         string `json:"case_id"`
					PractitionerID string `json:"practitioner_id"`
				}
				Unassigned []struct {
					CaseID string          `json:"case_id"`
					Reason json.RawMessage `json:"reason"`
				}
			}
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			seen := map[string]int{}
			for _, a := range got.Assignments {
				seen[a.CaseID]++
			}
			for _, u := range got.Unassigned {
				seen[u.CaseID]++
			}
			if len(seen) != 42 {
				t.Errorf("%d distinct cases in the output, want the 42 waiting", len(seen))
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("case %s appears %d times", id, n)
				}
			}
			var unplaced []string
			for _, u := range got.Unassigned {
				unplaced = append(unplaced, u.CaseID)
			}
			if strings.Join(unplaced, ",") != "C002289,C002290" {
				t.Errorf("unplaced = %v, want the two restricted cases C002289,C002290", unplaced)
			}
		})
	}
}

func TestRunBadFlags(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*options)
		reason string
	}{
		{"strategy", func(o *options) { o.strategy = "fastest" }, "unknown strategy"},
		{"objective", func(o *options) { o.objective = "max" }, "unknown objective"},
		{"asof", func(o *options) { o.asOf = "23/11/2026" }, "dates are YYYY-MM-DD"},
		{"scope", func(o *options) { o.scope = "Atlantis" }, "the national policy has no local scopes"},
		{"half files", func(o *options) { o.cases = "cases.csv" }, "cases and practitioners go together"},
		{"departing", func(o *options) { o.departing = "P99999" }, "not a practitioner"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := defaults()
			tt.edit(&o)
			if err := run(context.Background(), o, &bytes.Buffer{}); err == nil {
				t.Errorf("run succeeded; want an error because %s", tt.reason)
			}
		})
	}
}

// TestRunDeparting redistributes a departing officer's caseload: none of
// the cases may stay with them.
func TestRunDeparting(t *testing.T) {
	o := defaults()
	o.json = true
	o.departing = "P00010"
	var out bytes.Buffer
	if err := run(context.Background(), o, &out); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Assignments []struct {
			CaseID, PractitionerID string
			Moved                  bool
		}
		Stats struct{ Moved int }
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Assignments) < 2000 {
		t.Fatalf("%d assignments; a rebalance places every held case", len(got.Assignments))
	}
	for _, a := range got.Assignments {
		if a.PractitionerID == "P00010" {
			t.Errorf("case %s stays with the departing P00010", a.CaseID)
		}
	}
	if got.Stats.Moved == 0 {
		t.Error("no case moved, but P00010's cases must")
	}
}
