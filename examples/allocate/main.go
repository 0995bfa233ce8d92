// Command allocate is probationkit's main job: it allocates a day's new
// probation cases to practitioners and prints the report an allocating
// Senior Probation Officer would read.
//
// With no flags it runs on an embedded default dataset — one synthetic
// probation delivery unit (PDU) of 77 staff in 7 teams (70 practitioners
// who hold cases and a Senior Probation Officer per team, who holds
// none), with its current caseload of 2,288 cases and 42 new cases
// waiting (see gendata for how it was made):
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
//	-cases FILE          cases CSV (caseload.CaseColumns); with -practitioners
//	-practitioners FILE  practitioners CSV (caseload.PractitionerColumns); with -cases
//	-reductions FILE     reductions CSV (caseload.ReductionColumns); with the two above
//	-policy FILE         eligibility policy JSON (grades.Decode); default national
//	-scope A,B           local policy scopes to apply (grades.Policy.In); needs -policy
//	-strategy NAME       flow_search (default), greedy, least_loaded, round_robin, random
//	-objective NAME      min_cost (default) or min_max (flow_search only)
//	-rebalance           reconsider held cases too (moves cost the Move weight)
//	-departing ID,ID     practitioners leaving: their cases must move (implies -rebalance)
//	-asof YYYY-MM-DD     as-of date for capacity and reductions; default 2026-11-23
//	-certify             prove how near the best whole allocation the result is
//	                     (allocation.Result.Certify) and say so in the report
//	-json                write the result as JSON instead of the report
//
// The work is done by the library's allocation engine: caseload builds the
// workloads, allocation.NewEngine holds them, Engine.Batch places the
// waiting cases (or Engine.Rebalance proposes moves and Engine.Accept
// applies them), and the engine's caseload gives the team figures after.
// This program only reads files and prints.
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
	certify                          bool
	json                             bool
}

func main() {
	var o options
	flag.StringVar(&o.cases, "cases", "", "cases CSV file (default: the embedded PDU); needs -practitioners")
	flag.StringVar(&o.practitioners, "practitioners", "", "practitioners CSV file (default: the embedded PDU); needs -cases")
	flag.StringVar(&o.reductions, "reductions", "", "reductions CSV file (optional; with -cases and -practitioners)")
	flag.StringVar(&o.policy, "policy", "", "eligibility policy JSON file (default: the national policy)")
	flag.StringVar(&o.scope, "scope", "", "comma-separated local policy scopes to apply; needs -policy")
	flag.StringVar(&o.strategy, "strategy", "flow_search", "flow_search, greedy, least_loaded, round_robin or random")
	flag.StringVar(&o.objective, "objective", "min_cost", "min_cost or min_max (min_max needs flow_search)")
	flag.BoolVar(&o.rebalance, "rebalance", false, "reconsider held cases too")
	flag.StringVar(&o.departing, "departing", "", "comma-separated IDs of practitioners who are leaving (implies -rebalance)")
	flag.StringVar(&o.asOf, "asof", "2026-11-23", "as-of date (YYYY-MM-DD)")
	flag.BoolVar(&o.certify, "certify", false, "prove how near the best whole allocation the result is")
	flag.BoolVar(&o.json, "json", false, "write JSON instead of the report")
	flag.Parse()
	if err := run(context.Background(), o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "allocate:", err)
		os.Exit(1)
	}
}

// check refuses flag combinations that cannot mean anything, with why.
func (o options) check() error {
	switch {
	case (o.cases == "") != (o.practitioners == ""):
		return errors.New("-cases and -practitioners go together: give both files or neither (the default dataset)")
	case o.reductions != "" && o.cases == "":
		return errors.New("-reductions needs -cases and -practitioners: the default dataset has its own reductions")
	case o.scope != "" && o.policy == "":
		return errors.New("-scope needs -policy: the national policy has no local scopes; give a policy file that defines them")
	}
	return nil
}

// run loads the data, allocates with the engine and writes the report or
// JSON to w.
func run(ctx context.Context, o options, w io.Writer) error {
	if err := o.check(); err != nil {
		return err
	}
	asOf, err := time.Parse(time.DateOnly, o.asOf)
	if err != nil {
		return fmt.Errorf("-asof %q: want YYYY-MM-DD", o.asOf)
	}
	s := &allocation.Settings{}
	if s.Strategy, err = allocation.ParseStrategy(o.strategy); err != nil {
		return fmt.Errorf("-strategy: %w", err)
	}
	if s.Objective, err = allocation.ParseObjective(o.objective); err != nil {
		return fmt.Errorf("-objective: %w", err)
	}
	if s.Objective == allocation.MinMax && s.Strategy != allocation.FlowSearch {
		return fmt.Errorf("-objective min_max needs -strategy flow_search: %v places cases one at a time with no objective of its own", s.Strategy)
	}
	cases, prs, err := load(o)
	if err != nil {
		return err
	}
	policy, err := loadPolicy(o)
	if err != nil {
		return err
	}
	cl, err := caseload.Build(cases, prs, asOf, nil)
	if err != nil {
		return err
	}
	departing := split(o.departing)
	rep := &report{AsOf: asOf, Rebalance: o.rebalance || len(departing) > 0, Before: cl.Totals(caseload.Team),
		Staff: prs, Waiting: cl.Len() - heldCount(cl)}
	rep.index(cl)

	e, err := allocation.NewEngine(cl, allocation.EngineConfig{Policy: policy, Settings: s})
	if err != nil {
		return err
	}
	if rep.Rebalance {
		p, err := e.Rebalance(ctx, allocation.RebalanceOptions{Departing: departing, Job: "rebalance"})
		if err != nil {
			return fmt.Errorf("-departing: %w", err)
		}
		if _, err := e.Accept(p, asOf, "allocate"); err != nil {
			return err
		}
		rep.Result, rep.Moves = p.Result, p.Diff.Moves
	} else {
		b, err := e.Batch(ctx, allocation.BatchOptions{At: asOf, By: "allocate", Job: "daily"})
		if err != nil {
			return err
		}
		rep.Result = b.Result
	}
	if o.certify {
		c, err := rep.Result.Certify(ctx, 0)
		if err != nil {
			return fmt.Errorf("-certify: %w", err)
		}
		rep.Certificate = &c
	}
	after := e.Caseload()
	rep.After = after.Totals(caseload.Team)
	rep.National = after.Totals(caseload.National)[0]
	if o.json {
		return rep.writeJSON(w)
	}
	return rep.writeText(w)
}

func heldCount(cl *caseload.Caseload) int {
	n := 0
	for _, c := range cl.Cases() {
		if c.Practitioner != "" {
			n++
		}
	}
	return n
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
