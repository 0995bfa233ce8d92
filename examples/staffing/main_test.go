package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/internal/workforce"
	"github.com/probationkit/probation/staffing"
)

func defaults() options { return options{fte: -1, months: 12, units: 8, seed: 1} }

// TestEmbeddedFigures checks that the embedded data is the figures the
// generator documents.
func TestEmbeddedFigures(t *testing.T) {
	got, err := figures()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(workforce.National(), got); diff != "" {
		t.Errorf("data/national.json differs from workforce.National() (-want +got):\n%s", diff)
	}
}

// TestRunReport runs the main job and checks the report's sections and
// that the plan beats pro rata and doing nothing.
func TestRunReport(t *testing.T) {
	var out bytes.Buffer
	if err := run(defaults(), &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"12 regions, 100 PDUs", "Budget: 500 posts of either grade. Status: optimal.", "  plan ", "  pro_rata ", "  do_nothing ", "The 8 units with most posts", "PO-only", "Solved in"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

// TestRunJSONRoundTrip writes the generated problem, solves it read back
// from the file, and checks the plan is the one solved directly.
func TestRunJSONRoundTrip(t *testing.T) {
	o := defaults()
	o.writeProblem = true
	var problem bytes.Buffer
	if err := run(o, &problem); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "problem.json")
	if err := os.WriteFile(file, problem.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	plans := make([]*staffing.Plan, 2)
	for i, o := range []options{defaults(), {problem: file, units: 8}} {
		o.json = true
		var out bytes.Buffer
		if err := run(o, &out); err != nil {
			t.Fatal(err)
		}
		plans[i] = &staffing.Plan{}
		if err := json.Unmarshal(out.Bytes(), plans[i]); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(plans[0], plans[1]); diff != "" {
		t.Errorf("the plan of the problem read back differs (-direct +from file):\n%s", diff)
	}
	if plans[0].Compare[0].HighestPct >= plans[0].Compare[1].HighestPct {
		t.Errorf("plan %+v does not beat pro rata %+v", plans[0].Compare[0], plans[0].Compare[1])
	}
}

func TestRunBudgets(t *testing.T) {
	tests := []struct {
		name, reason string
		o            func(*options)
		want         string
	}{
		{"po and pso", "both budgets: the flow check couples the units", func(o *options) { o.po, o.pso = 300, 200 }, "Budget: 300 PO posts, 200 PSO posts."},
		{"cohort and moves", "a later cohort and transfers: staged, so heuristic", func(o *options) { o.fte, o.trainees, o.cohortMonth, o.moves = 100, 200, 3, 5 }, "Status: heuristic."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := defaults()
			tt.o(&o)
			var out bytes.Buffer
			if err := run(o, &out); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("%s: report lacks %q:\n%s", tt.reason, tt.want, out.String())
			}
		})
	}
}
