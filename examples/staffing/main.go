// Command staffing runs the resource allocation model: where should new
// probation posts, a trainee intake or transfers of staff go so that
// workload is shared as equitably as the budget allows?
//
// With no flags it runs on the embedded national figures of June 2024
// (data/national.json: 12 regions, 100 PDUs, 238,646 people under
// supervision, 5,160 PO and 5,908 PSO FTE in post, 117% workload): it
// generates a seeded synthetic service of that shape
// (internal/workforce), projects its demand and supply by PDU for 12
// months, places 500 new posts (PO or PSO, the plan's choice) and prints
// the plan against sharing them pro rata and against doing nothing:
//
//	go run ./examples/staffing
//
// Flags:
//
//	-fte N              whole posts of either grade (default 500 unless another budget is given)
//	-po N, -pso N       new PO and PSO posts
//	-trainees N         a trainee cohort starting in month -cohort-month M
//	-moves N            allow N transfers of staff within a region (cost 1 each)
//	-months N           horizon in months (default 12)
//	-seed N             generator seed (default 1)
//	-units N            units to explain in the report (default 8; all with -units 0)
//	-problem FILE       solve a staffing problem read from JSON instead
//	-write-problem      write the generated problem as JSON and stop
//	-json               write the plan as JSON instead of the report
//
// The work is done by the library: caseload estimates the flows and
// projects demand and supply, staffing.Solve decides. This program only
// generates, reads files and prints.
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/internal/workforce"
	"github.com/probationkit/probation/staffing"
)

//go:embed data/national.json
var nationalJSON []byte

// options are the command's flags.
type options struct {
	fte, po, pso, trainees, cohortMonth, moves int
	months, units                              int
	seed                                       uint64
	problem                                    string
	writeProblem, json                         bool
}

func main() {
	o := options{fte: -1}
	flag.IntVar(&o.fte, "fte", -1, "whole posts of either grade (default 500 when no other budget is given)")
	flag.IntVar(&o.po, "po", 0, "new PO posts")
	flag.IntVar(&o.pso, "pso", 0, "new PSO posts")
	flag.IntVar(&o.trainees, "trainees", 0, "trainees in a cohort")
	flag.IntVar(&o.cohortMonth, "cohort-month", 0, "month of the horizon the cohort starts in")
	flag.IntVar(&o.moves, "moves", 0, "transfers of staff allowed, within a region")
	flag.IntVar(&o.months, "months", 12, "horizon in months")
	flag.IntVar(&o.units, "units", 8, "units to explain (0: all)")
	flag.Uint64Var(&o.seed, "seed", 1, "generator seed")
	flag.StringVar(&o.problem, "problem", "", "staffing problem JSON file to solve instead")
	flag.BoolVar(&o.writeProblem, "write-problem", false, "write the generated problem as JSON and stop")
	flag.BoolVar(&o.json, "json", false, "write the plan as JSON")
	flag.Parse()
	if err := run(o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "staffing:", err)
		os.Exit(1)
	}
}

// budget returns the budget the flags ask for.
func (o options) budget() staffing.Budget {
	b := staffing.Budget{POPosts: o.po, PSOPosts: o.pso}
	if o.trainees > 0 {
		b.Cohorts = []staffing.Cohort{{Month: o.cohortMonth, Trainees: o.trainees}}
	}
	switch {
	case o.fte >= 0:
		b.FTEPosts = o.fte
	case o.po+o.pso+o.trainees == 0:
		b.FTEPosts = 500
	}
	return b
}

// figures reads the embedded national figures.
func figures() (workforce.Figures, error) {
	var f workforce.Figures
	dec := json.NewDecoder(bytes.NewReader(nationalJSON))
	dec.DisallowUnknownFields()
	err := dec.Decode(&f)
	return f, err
}

// run builds or reads the problem, solves it and writes the report or
// JSON to w.
func run(o options, w io.Writer) error {
	var p *staffing.Problem
	var header string
	if o.problem != "" {
		f, err := os.Open(o.problem)
		if err != nil {
			return err
		}
		defer f.Close()
		if p, err = staffing.ReadProblem(f); err != nil {
			return err
		}
		header = fmt.Sprintf("Staffing problem %s: %d units at %v level, %d months\n", o.problem, len(p.Units), p.Level, len(p.Dates))
	} else {
		fig, err := figures()
		if err != nil {
			return fmt.Errorf("embedded figures: %w", err)
		}
		start := time.Now()
		size := workforce.Sizes()[2]
		in, err := workforce.Generate(fig, size, o.seed)
		if err != nil {
			return err
		}
		if p, err = in.Problem(o.months, o.budget()); err != nil {
			return err
		}
		header = fmt.Sprintf("National figures of %s: %d regions, %d PDUs, %s people under supervision, %s PO and %s PSO FTE in post, %.0f%% workload.\n"+
			"Synthetic service (seed %d): %s cases, %s case-holding practitioners (%.0f%% of the staff in post), generated and projected in %v.\n",
			fig.Date, fig.Regions, fig.PDUs, comma(fig.People), comma(int(fig.POFTE)), comma(int(fig.PSOFTE)), fig.WorkloadPct,
			o.seed, comma(len(in.Cases)), comma(len(in.Practitioners)), 100*in.CaseHoldingShare, time.Since(start).Round(time.Millisecond))
	}
	if o.moves > 0 {
		p.Transfers = staffing.Transfers{CostPerMove: 1, BudgetCost: float64(o.moves), Scope: caseload.Region}
	}
	if o.writeProblem {
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return enc.Encode(p)
	}
	start := time.Now()
	plan, err := staffing.Solve(p)
	if err != nil {
		return err
	}
	took := time.Since(start)
	if o.json {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(plan)
	}
	fmt.Fprint(w, header)
	report(w, p, plan, o.units)
	fmt.Fprintf(w, "\nSolved in %v.\n", took.Round(time.Millisecond))
	return nil
}

// report prints the plan.
func report(w io.Writer, p *staffing.Problem, plan *staffing.Plan, units int) {
	b := p.Budget
	fmt.Fprintf(w, "\nBudget: %s. Status: %v.\n", describe(b), plan.Status)
	fmt.Fprintf(w, "\nOver %d months and %d units (%d unit-months):\n", len(p.Dates), len(p.Units), len(p.Dates)*len(p.Units))
	fmt.Fprintf(w, "  %-12s %10s %12s %12s %9s %10s\n", "", "highest %", "months >110", "months >100", "RMS %", "FTE short")
	for _, c := range plan.Compare {
		fmt.Fprintf(w, "  %-12s %10v %12d %12d %9v %10.1f\n", c.Name, c.HighestPct, c.UnitMonthsOver110, c.UnitMonthsOver100, c.RMSPct, c.FTEShort)
	}
	if plan.ProRataKept {
		fmt.Fprintln(w, "  (sharing pro rata scored better than the staged search and is the plan)")
	}
	if plan.UnusedPosts > 0 {
		fmt.Fprintf(w, "  %d posts would change nothing anywhere and are not placed.\n", plan.UnusedPosts)
	}
	ordered := slices.Clone(plan.Units)
	slices.SortStableFunc(ordered, func(a, b staffing.UnitPlan) int { return b.Posts() - a.Posts() })
	if units <= 0 || units > len(ordered) {
		units = len(ordered)
	}
	fmt.Fprintf(w, "\nThe %d units with most posts:\n", units)
	for _, u := range ordered[:units] {
		fmt.Fprintf(w, "\n  %s\n", wrap(u.Explanation, 96, "    "))
		first, last := u.Months[0], u.Months[len(u.Months)-1]
		fmt.Fprintf(w, "    %-9s required %5.1f FTE (%4.1f PO), in post %5.1f, effective %5.1f, after %5.1f: %v → %v\n",
			first.Date.Format("Jan 2006"), first.RequiredFTE, first.RequiredPOFTE, first.InPostFTE, first.EffectiveFTE, first.AfterFTE, first.WorkloadPct, first.AfterPct)
		fmt.Fprintf(w, "    %-9s required %5.1f FTE (%4.1f PO), in post %5.1f, effective %5.1f, after %5.1f: %v → %v\n",
			last.Date.Format("Jan 2006"), last.RequiredFTE, last.RequiredPOFTE, last.InPostFTE, last.EffectiveFTE, last.AfterFTE, last.WorkloadPct, last.AfterPct)
	}
	if len(plan.Transfers) > 0 {
		fmt.Fprintf(w, "\nTransfers (%d):\n", len(plan.Transfers))
		for _, m := range plan.Transfers {
			fmt.Fprintf(w, "  %s: %s → %s\n", m.Staff, m.From, m.To)
		}
	}
}

func describe(b staffing.Budget) string {
	var parts []string
	if b.FTEPosts > 0 {
		parts = append(parts, fmt.Sprintf("%d posts of either grade", b.FTEPosts))
	}
	if b.POPosts > 0 {
		parts = append(parts, fmt.Sprintf("%d PO posts", b.POPosts))
	}
	if b.PSOPosts > 0 {
		parts = append(parts, fmt.Sprintf("%d PSO posts", b.PSOPosts))
	}
	for _, c := range b.Cohorts {
		parts = append(parts, fmt.Sprintf("%d trainees from month %d", c.Trainees, c.Month))
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// wrap breaks text into lines of at most width, indenting the later ones.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(text) {
		if i > 0 && n+1+len(word) > width {
			b.WriteString("\n" + indent)
			n = len(indent)
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}

// comma formats n with thousands separators.
func comma(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
