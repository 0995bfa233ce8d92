// Command allocate is probationkit's main job: it allocates a day's new
// probation cases to practitioners and prints the report an allocating
// Senior Probation Officer would read.
//
// With no flags it runs on an embedded default dataset — one synthetic
// probation delivery unit (PDU) of 70 practitioners in 7 teams, with its
// current caseload of about 2,300 cases and 42 new cases waiting (see
// gendata for how it was made):
//
//	go run ./examples/allocate
//
// The report shows the tier mix of the caseload and of the new cases, each
// team's workload before and after, every allocation with its explanation
// (what it costs, the best alternative and why it lost), and the cases no
// one may hold, each with its reason.
//
// Flags:
//
//	-cases FILE          cases CSV (caseload.CaseColumns); default: embedded
//	-practitioners FILE  practitioners CSV (caseload.PractitionerColumns)
//	-reductions FILE     reductions CSV (caseload.ReductionColumns); optional
//	-policy FILE         eligibility policy JSON (grades.Decode); default national
//	-scope A,B           local policy scopes to apply (grades.Policy.In)
//	-strategy NAME       optimal (default), greedy, least-loaded, round-robin, random
//	-objective NAME      min-cost (default) or min-max
//	-rebalance           reconsider held cases too (moves cost Settings.MoveCost)
//	-departing ID,ID     practitioners leaving: their cases must move (implies -rebalance)
//	-asof YYYY-MM-DD     as-of date for capacity and reductions; default 2026-11-23
//	-json                write the result as JSON instead of the report
//
// The work is done by the library: caseload builds the workloads,
// allocation.Daily or allocation.Rebalance turns them into a problem,
// allocation.Solve solves it, and caseload recomputes the team figures
// after the allocation. This program only reads files and prints.
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

//go:embed data/*.csv
var data embed.FS

// options are the command's flags.
type options struct {
	cases, practitioners, reductions string
	policy, scope                    string
	strategy, objective              string
	rebalance                        bool
	departing                        string
	asOf                             string
	json                             bool
}

func main() {
	var o options
	flag.StringVar(&o.cases, "cases", "", "cases CSV file (default: the embedded PDU)")
	flag.StringVar(&o.practitioners, "practitioners", "", "practitioners CSV file (default: the embedded PDU)")
	flag.StringVar(&o.reductions, "reductions", "", "reductions CSV file (optional)")
	flag.StringVar(&o.policy, "policy", "", "eligibility policy JSON file (default: the national policy)")
	flag.StringVar(&o.scope, "scope", "", "comma-separated local policy scopes to apply")
	flag.StringVar(&o.strategy, "strategy", "flow_search", "flow_search, greedy, least_loaded, round_robin or random")
	flag.StringVar(&o.objective, "objective", "min_cost", "min_cost or min_max")
	flag.BoolVar(&o.rebalance, "rebalance", false, "reconsider held cases too")
	flag.StringVar(&o.departing, "departing", "", "comma-separated IDs of practitioners who are leaving")
	flag.StringVar(&o.asOf, "asof", "2026-11-23", "as-of date (YYYY-MM-DD)")
	flag.BoolVar(&o.json, "json", false, "write JSON instead of the report")
	flag.Parse()
	if err := run(context.Background(), o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "allocate:", err)
		os.Exit(1)
	}
}

// run loads the data, allocates and writes the report or JSON to w.
func run(ctx context.Context, o options, w io.Writer) error {
	asOf, err := time.Parse(time.DateOnly, o.asOf)
	if err != nil {
		return fmt.Errorf("-asof: %w", err)
	}
	cases, prs, err := load(o)
	if err != nil {
		return err
	}
	policy, err := loadPolicy(o)
	if err != nil {
		return err
	}
	s := &allocation.Settings{}
	if s.Strategy, err = allocation.ParseStrategy(o.strategy); err != nil {
		return err
	}
	if s.Objective, err = allocation.ParseObjective(o.objective); err != nil {
		return err
	}

	cl, err := caseload.Build(cases, prs, asOf, nil)
	if err != nil {
		return err
	}
	before := cl.Totals(caseload.Team)
	var p *allocation.Problem
	departing := split(o.departing)
	if o.rebalance || len(departing) > 0 {
		p, err = allocation.RebalanceProblem(cl, departing...)
	} else {
		p = allocation.DailyProblem(cl)
	}
	if err != nil {
		return err
	}
	p.Policy = policy

	res, err := allocation.Solve(ctx, p, s)
	if err != nil {
		return err
	}
	for _, a := range res.Assignments {
		if err := cl.Transfer(a.CaseID, a.PractitionerID); err != nil {
			return err
		}
	}
	after := cl.Totals(caseload.Team)

	rep := report{
		AsOf:      asOf,
		Problem:   p,
		Result:    res,
		Before:    before,
		After:     after,
		Caseload:  cl,
		Cases:     cases,
		Names:     names(prs),
		Policy:    policy,
		Rebalance: o.rebalance || len(departing) > 0,
	}
	if o.json {
		return rep.writeJSON(w)
	}
	return rep.writeText(w)
}

// load reads the cases and practitioners from the flags' files, or from the
// embedded dataset when no file is named.
func load(o options) ([]caseload.Case, []caseload.Practitioner, error) {
	open := func(name, def string) (io.ReadCloser, error) {
		if name == "" {
			if def == "" {
				return nil, nil
			}
			return data.Open("data/" + def)
		}
		return os.Open(name)
	}
	if (o.cases == "") != (o.practitioners == "") {
		return nil, nil, errors.New("-cases and -practitioners go together")
	}
	defRed := "reductions.csv"
	if o.cases != "" {
		defRed = ""
	}
	cf, err := open(o.cases, "cases.csv")
	if err != nil {
		return nil, nil, err
	}
	defer cf.Close()
	cases, err := caseload.ReadCasesCSV(cf)
	if err != nil {
		return nil, nil, fmt.Errorf("cases: %w", err)
	}
	pf, err := open(o.practitioners, "practitioners.csv")
	if err != nil {
		return nil, nil, err
	}
	defer pf.Close()
	rf, err := open(o.reductions, defRed)
	if err != nil {
		return nil, nil, err
	}
	var rr io.Reader
	if rf != nil {
		defer rf.Close()
		rr = rf
	}
	prs, err := caseload.ReadPractitionersCSV(pf, rr)
	if err != nil {
		return nil, nil, fmt.Errorf("practitioners: %w", err)
	}
	return cases, prs, nil
}

// loadPolicy returns the national policy, or the one in the -policy file,
// resolved for the -scope scopes.
func loadPolicy(o options) (*grades.Policy, error) {
	pol := grades.National()
	if o.policy != "" {
		f, err := os.Open(o.policy)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if pol, err = grades.Decode(f); err != nil {
			return nil, fmt.Errorf("policy: %w", err)
		}
	}
	scopes := split(o.scope)
	for _, s := range scopes {
		if !pol.HasScope(s) {
			return nil, fmt.Errorf("-scope: the policy has no scope %q", s)
		}
	}
	return pol.In(scopes...), nil
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func names(prs []caseload.Practitioner) map[string]caseload.Practitioner {
	m := make(map[string]caseload.Practitioner, len(prs))
	for _, p := range prs {
		m[p.ID] = p
	}
	return m
}
