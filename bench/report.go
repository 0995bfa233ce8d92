package bench

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/probationkit/probation/allocation"
)

// Meta is what the report says about how it was made.
type Meta struct {
	// Command is the command line that produced the report.
	Command string
	// Machine describes the machine (CPU, cores, memory, OS, Go version).
	Machine string
	// Date is when the run started, as text.
	Date string
	// Charts maps an instance name to its workload chart's path relative
	// to the report, and "time" to the time-versus-size chart.
	Charts map[string]string
	// ExternalNote, if not empty, says why there are no external results
	// (for example "not run: pass -external").
	ExternalNote string
}

// Table is a markdown table: a header row, an alignment per column ('l' or
// 'r') and rows of cells.
type Table struct {
	Header []string
	Align  string
	Rows   [][]string
}

// Write writes t as a GitHub-flavoured markdown table, with cells padded
// so that the source lines up; a '|' in a cell is escaped.
func (t *Table) Write(w io.Writer) error {
	width := make([]int, len(t.Header))
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	all := append([][]string{t.Header}, t.Rows...)
	for _, r := range all {
		for k := range width {
			if k < len(r) {
				width[k] = max(width[k], len([]rune(esc(r[k]))), 3)
			}
		}
	}
	bw := bufio.NewWriter(w)
	line := func(r []string) {
		bw.WriteString("|")
		for k := range width {
			cell := ""
			if k < len(r) {
				cell = esc(r[k])
			}
			pad := strings.Repeat(" ", width[k]-len([]rune(cell)))
			if k < len(t.Align) && t.Align[k] == 'r' {
				bw.WriteString(" " + pad + cell + " |")
			} else {
				bw.WriteString(" " + cell + pad + " |")
			}
		}
		bw.WriteString("\n")
	}
	line(t.Header)
	bw.WriteString("|")
	for k := range width {
		if k < len(t.Align) && t.Align[k] == 'r' {
			bw.WriteString(" " + strings.Repeat("-", width[k]-1) + ": |")
		} else {
			bw.WriteString(" " + strings.Repeat("-", width[k]) + " |")
		}
	}
	bw.WriteString("\n")
	for _, r := range t.Rows {
		line(r)
	}
	return bw.Flush()
}

// Int formats n with comma thousands separators: 1234567 → "1,234,567".
func Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for k, r := range s {
		if k > 0 && (len(s)-k)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Gap formats the gap of an objective to a bound: "+0.27%" below ×2,
// "×24.7" at or above (the objective as a multiple of the bound), "–" when
// there is no bound.
func Gap(obj, bound int64) string {
	if bound <= 0 {
		return "–"
	}
	g := float64(obj-bound) / float64(bound)
	if g >= 1 {
		return fmt.Sprintf("×%.1f", float64(obj)/float64(bound))
	}
	return fmt.Sprintf("%+.2f%%", 100*g)
}

// Seconds formats a duration in seconds with three significant digits,
// or in milliseconds below 0.1 s.
func Seconds(s float64) string {
	switch {
	case s <= 0:
		return "–"
	case s < 0.001:
		return fmt.Sprintf("%.2f ms", s*1000)
	case s < 0.1:
		return fmt.Sprintf("%.1f ms", s*1000)
	case s < 10:
		return fmt.Sprintf("%.2f s", s)
	}
	return fmt.Sprintf("%.1f s", s)
}

// MiB formats a byte count in MiB.
func MiB(b uint64) string {
	if b < 1<<20 {
		return fmt.Sprintf("%.2f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}

// StrategyTable returns the table of every strategy run on in.
func StrategyTable(in *Instance) *Table {
	t := &Table{
		Header: []string{"Strategy", "Status", "Objective", "Overload penalty", "Max %", "SD %", ">100%", ">110%", "Continuity kept", "Moved", "Eligibility violations", "Gap to bound", "Time", "Peak heap"},
		Align:  "llrrrrrrrrrrrr",
	}
	bound, _ := in.Bound()
	for _, r := range in.Runs {
		m := r.Metrics
		kept := "–"
		if m.WithHistory > 0 {
			kept = fmt.Sprintf("%s / %s (%.0f%%)", Int(int64(m.Kept)), Int(int64(m.WithHistory)), 100*float64(m.Kept)/float64(m.WithHistory))
		}
		status := r.Status.String()
		if r.EvalError != "" {
			status += " (evaluator: " + r.EvalError + ")"
		}
		name := r.Label
		if r.Strategy == allocation.FlowSearch && r.Objective == allocation.MinCost {
			name = "**" + name + "**"
		}
		t.Rows = append(t.Rows, []string{
			name, status, Int(r.Stats.Objective), Int(m.Penalty),
			fmt.Sprintf("%.1f", m.MaxPercent), fmt.Sprintf("%.1f", m.SDPercent),
			Int(int64(m.Over100)), Int(int64(m.Over110)), kept, Int(int64(m.Moved)),
			Int(int64(len(m.Violations))), Gap(r.Stats.Objective, bound), Seconds(r.Seconds), MiB(r.PeakHeap),
		})
	}
	return t
}

// SolverTable returns the table of the relaxation and the external
// solvers on in: our engine on the exported relaxation first, then every
// external result, each with its time as a multiple of ours.
func SolverTable(in *Instance) *Table {
	t := &Table{
		Header: []string{"Solver", "Model", "Objective (+ offset)", "vs our bound", "Solve time", "Wall time", "× our flow time"},
		Align:  "llrrrrr",
	}
	bound, has := in.Bound()
	ours := in.Flow.Seconds
	eq := func(ok bool) string {
		if ok {
			return "= bound"
		}
		return "**differs**"
	}
	ourCheck := "–"
	if has && in.Flow.Status == "Optimal" {
		ourCheck = eq(in.Flow.Bound == bound)
	}
	t.Rows = append(t.Rows, []string{"internal/mcf network simplex (ours)", "flow relaxation", Int(in.Flow.Bound), ourCheck, Seconds(ours), "–", "1"})
	for _, c := range in.Checks() {
		model := map[string]string{
			"lemon-ns": "flow relaxation", "lemon-cs": "flow relaxation", "glpk-mincost": "flow relaxation",
			"clp-relax": "LP relaxation", "clp-minmax": "min-max LP (U = top workload / 100%)", "cbc-gap": "whole-case MIP",
		}[c.Solver]
		name := map[string]string{
			"lemon-ns": "LEMON NetworkSimplex", "lemon-cs": "LEMON CostScaling", "glpk-mincost": "GLPK glpsol --mincost",
			"clp-relax": "CLP dual simplex", "clp-minmax": "CLP dual simplex", "cbc-gap": "CBC branch and cut",
		}[c.Solver]
		if name == "" {
			name, model = c.Solver, "?"
		}
		obj, vs := "–", "–"
		switch {
		case c.Solver == "clp-minmax" && c.Objective != "":
			v, _ := c.Value()
			obj, vs = fmt.Sprintf("U = %.4f", v), "n/a"
		case c.HasTotal:
			obj = Int(int64(math.Round(c.Total)))
			switch {
			case !has:
			case c.Relaxation():
				vs = eq(c.Equal)
			default:
				vs = Gap(int64(math.Round(c.Total)), bound)
			}
		}
		if c.Status != "optimal" {
			name += " (" + c.Status + ")"
		}
		ratio := "–"
		if ours > 0 && c.Seconds > 0 {
			ratio = fmt.Sprintf("%.2f", c.Seconds/ours)
		}
		t.Rows = append(t.Rows, []string{name, model, obj, vs, Seconds(c.Seconds), Seconds(c.Wall), ratio})
	}
	return t
}

// WriteMarkdown writes the whole report: how it was made, a summary with
// the bound check, and per instance the strategy table, its chart and the
// solver table.
func WriteMarkdown(w io.Writer, rep *Report, meta Meta) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("# Benchmarks: allocation strategies and external solvers\n\n")
	p("Generated by the comparison harness (`bench/cmd/compare`); do not edit by hand.\n\n")
	p("- Command: `%s`\n", meta.Command)
	p("- Machine: %s\n", meta.Machine)
	p("- Date: %s\n", meta.Date)
	p("- Instances: `internal/synth`, seed %d; settings: allocation defaults except the scope, given per instance in the Summary: `team` (a case may go to its team and the nearest other team, as in the benchmark design, optimizer.md §6.2; the harness's default, `-scope`) or `pdu` (the library's default: the case's PDU; the national and million sizes, `-large`).\n", rep.Seed)
	p("- The machine is shared and noisy (2 cores, other work running): compare times as ratios within this run.\n")
	p("- Strategies over time (a simulated year of arrivals, terminations, reassessments and staff turnover, allocated day by day): [SIMULATION.md](SIMULATION.md), written by `bench/cmd/simulate`.\n\n")

	p("## Summary\n\n")
	sum := &Table{
		Header: []string{"Instance", "Scope", "Cases × practitioners", "Lower bound", "FlowSearch: gap", "FlowSearch: time", "FlowSearch / our flow", "Best naive: gap", "Our flow time", "LEMON NS time", "Ours / LEMON", "Bound = LEMON optimum", "Certified gap (time)"},
		Align:  "llrrrrrrrrrlr",
	}
	var have, equal, certified int
	for _, in := range rep.Instances {
		bound, _ := in.Bound()
		var opt *StrategyRun
		var naive *StrategyRun
		for k := range in.Runs {
			r := &in.Runs[k]
			switch {
			case r.Strategy == allocation.FlowSearch && r.Objective == allocation.MinCost:
				opt = r
			case r.Strategy != allocation.FlowSearch && (naive == nil || r.Stats.Objective < naive.Stats.Objective):
				naive = r
			}
		}
		row := []string{in.Size.Name, in.Scope.String(), Int(int64(in.Cases)) + " × " + Int(int64(in.Practitioners)), Int(bound), "–", "–", "–", "–", Seconds(in.Flow.Seconds), "–", "–", "not run", "–"}
		if opt != nil {
			row[4], row[5] = Gap(opt.Stats.Objective, bound), Seconds(opt.Seconds)
			if in.Flow.Seconds > 0 {
				row[6] = fmt.Sprintf("%.1f×", opt.Seconds/in.Flow.Seconds)
			}
			if c := opt.Certificate; c != nil {
				certified++
				row[12] = Gap(c.Objective, c.Bound) + " (" + Seconds(opt.CertifySeconds) + ")"
			}
		}
		if naive != nil {
			row[7] = Gap(naive.Stats.Objective, bound) + " (" + naive.Label + ")"
		}
		for _, c := range in.Checks() {
			if c.Solver == "lemon-ns" && c.Status == "optimal" && c.Seconds > 0 {
				row[9] = Seconds(c.Seconds)
				row[10] = fmt.Sprintf("%.1f×", in.Flow.Seconds/c.Seconds)
			}
		}
		if h, eq := in.LEMONMatches(); h {
			have++
			if eq {
				equal++
				row[11] = "yes, exactly"
			} else {
				row[11] = "**NO**"
			}
		}
		sum.Rows = append(sum.Rows, row)
	}
	if err := sum.Write(bw); err != nil {
		return err
	}
	if certified > 0 {
		p("\nCertified gap: FlowSearch's objective above the bound that `Result.Certify` proves on every whole allocation (a Lagrangian relaxation of \"each case placed once\" with exact knapsacks of whole cases, at its default %d rounds per part), where the lower bound of this table lets cases split; the time is Certify's, after Solve.\n", allocation.DefaultRounds)
	}
	switch {
	case meta.ExternalNote != "" && have == 0:
		p("\nExternal solvers: %s\n", meta.ExternalNote)
	case have == len(rep.Instances) && equal == have:
		p("\n**Bound check: the lower bound that FlowSearch reports equals LEMON NetworkSimplex's optimum (plus the constant offset) exactly on every instance (%d of %d).**\n", equal, have)
	default:
		p("\n**Bound check: the bound equals LEMON's optimum on %d of %d instances with a LEMON result (%d instances in all).**\n", equal, have, len(rep.Instances))
	}
	if c, ok := meta.Charts["time"]; ok {
		p("\n![Solve time against problem size, log–log](%s)\n", c)
	}

	for _, in := range rep.Instances {
		kind := "all cases new"
		if in.Rebalance {
			kind = "rebalance: held cases may move, one practitioner leaving"
		} else if in.Size.New < in.Size.Cases {
			kind = fmt.Sprintf("%s new cases into a region holding %s", Int(int64(in.Size.New)), Int(int64(in.Size.Cases-in.Size.New)))
		}
		p("\n## %s (%s)\n\n", in.Size.Name, kind)
		p("Scope `%v`; %s cases, %s practitioners, %s eligible pairs; relaxation network %s nodes and %s arcs; unit %d point(s), offset %s.\n\n",
			in.Scope, Int(int64(in.Cases)), Int(int64(in.Practitioners)), Int(int64(in.Pairs)), Int(int64(in.Nodes)), Int(int64(in.Arcs)), in.Unit, Int(in.Offset))
		if err := StrategyTable(in).Write(bw); err != nil {
			return err
		}
		if c, ok := meta.Charts[in.Size.Name]; ok {
			p("\n![Workload %% by strategy, %s](%s)\n", in.Size.Name, c)
		}
		p("\n")
		if err := SolverTable(in).Write(bw); err != nil {
			return err
		}
		for _, r := range in.Runs {
			for k, v := range r.Metrics.Violations {
				if k == 0 {
					p("\nViolations of %s:\n\n", r.Label)
				}
				if k == 20 {
					p("- … and %d more\n", len(r.Metrics.Violations)-20)
					break
				}
				p("- %s\n", v)
			}
		}
	}
	if meta.ExternalNote != "" {
		p("\nExternal solvers: %s\n", meta.ExternalNote)
	}
	p("%s", method)
	return bw.Flush()
}

const method = `
## How to read the tables

- **Objective** is allocation's objective (Stats.Objective): assignment costs (distance, continuity,
  cross-team, over-skilling, soft rules, moves, per point) plus the overload penalty plus any charge
  for unplaced cases; lower is better. **Gap to bound** is (objective − bound) / bound, where the
  bound is the optimum of the min-cost flow relaxation that FlowSearch solves (cases may be split), a
  lower bound on every whole allocation; ×N means N times the bound.
- **Overload penalty, Max %, SD %, >100%, >110%, Continuity kept, Moved, Eligibility violations**
  come from the harness's own evaluator (bench.Evaluate), not from allocation's numbers: it rebuilds
  every practitioner's load from the assignments, recomputes the penalty from the bands (checked
  against Stats.Penalty), re-decides every assignment with grades.Policy.Decide and the case's
  restricted-access lists, and checks availability, scope and that every case appears once.
  Workload % is 100 × load / available points over practitioners with available points; SD is the
  population standard deviation; 110% is WMT's red line. Continuity kept counts cases with a current
  or previous practitioner placed with one of them.
- **Time** is the wall-clock time of allocation.Solve (for FlowSearch it includes building the eligible
  pairs, the naive safety-net allocations, the flow, rounding and local search): the fastest of up to
  five solves while they take under a second in all (one solve for the larger sizes). Flow times,
  ours and LEMON's, are taken the same way, so every ratio compares like with like. **Peak heap** is the
  highest heap-object size sampled every 200 µs from runtime/metrics during Solve, above the heap
  after a GC just before it (it includes garbage not yet collected).
- **Solver table**: the relaxation is exported exactly (allocation.Relaxation) as DIMACS
  (` + "`NAME.min`" + `) and CPLEX LP (` + "`NAME.relax.lp`, `NAME.gap.lp`, `NAME.minmax.lp`" + `); external
  objectives are shown plus the network's constant offset (the penalty of load held outside the
  problem). *Our flow time* is internal/mcf solving the same exported network, timed around Solve
  only, like LEMON's driver (` + "`bench/external/lemon_mcf.cc`" + `), which excludes reading the file. CLP's time is
  the one it prints; CBC's is its wall clock with the cap given; GLPK's is the whole command.
  CBC and GLPK run on the pdu size only (optimizer.md §5: GLPK takes 626 s on a region and CBC finds
  no whole allocation of a region in 675 s).
`
