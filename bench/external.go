package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os/exec"
	"strconv"
	"strings"
)

// External is one external solver's result on one instance: a line of the
// external.tsv that external/run.sh writes.
type External struct {
	Instance string
	// Solver is lemon-ns, lemon-cs (LEMON NetworkSimplex, CostScaling on
	// the DIMACS file), clp-relax, clp-minmax (CLP dual simplex on the LP
	// files), cbc-gap (CBC on the whole-case MIP) or glpk-mincost (glpsol
	// --mincost on the DIMACS file).
	Solver string
	// Status is optimal, time-limit or failed.
	Status string
	// Objective is the solver's objective as printed, without the
	// relaxation's Offset; empty when none.
	Objective string
	// Seconds is the solver's own solve time where it reports one,
	// otherwise the wall time; Wall is the command's wall-clock time.
	Seconds, Wall float64
	Note          string
}

// Value returns the objective as a number, and false if there is none.
func (e External) Value() (float64, bool) {
	v, err := strconv.ParseFloat(e.Objective, 64)
	return v, err == nil
}

// Exact returns the objective as an integer, and false if it is not one.
func (e External) Exact() (int64, bool) {
	v, err := strconv.ParseInt(e.Objective, 10, 64)
	if err == nil {
		return v, true
	}
	f, ok := e.Value()
	if !ok || f != math.Trunc(f) || math.Abs(f) >= 1<<53 {
		return 0, false
	}
	return int64(f), true
}

// ReadExternal reads the TSV that external/run.sh writes: a header line,
// then instance, solver, status, objective, seconds, wall and note per line.
// It reports every malformed line in one error, with its line number.
func ReadExternal(r io.Reader) ([]External, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var out []External
	var errs []error
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			if !strings.HasPrefix(line, "instance\tsolver\t") {
				return nil, fmt.Errorf("bench: external results: line 1: want the header, got %q", line)
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 7 {
			errs = append(errs, fmt.Errorf("line %d: %d fields, want 7", n, len(f)))
			continue
		}
		e := External{Instance: f[0], Solver: f[1], Status: f[2], Objective: f[3], Note: f[6]}
		num := func(s, field string) float64 {
			if s == "" {
				return 0
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || !(v >= 0) || math.IsInf(v, 0) {
				errs = append(errs, fmt.Errorf("line %d: %s %q is not a non-negative number", n, field, s))
			}
			return v
		}
		e.Seconds, e.Wall = num(f[4], "seconds"), num(f[5], "wall")
		if e.Objective != "" {
			if v, ok := e.Value(); !ok || math.IsNaN(v) || math.IsInf(v, 0) {
				errs = append(errs, fmt.Errorf("line %d: objective %q is not a number", n, e.Objective))
			}
		}
		if e.Instance == "" || e.Solver == "" {
			errs = append(errs, fmt.Errorf("line %d: empty instance or solver", n))
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("bench: external results: %w", err)
	}
	if n == 0 {
		return nil, errors.New("bench: external results: empty input")
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("bench: external results: %w", errors.Join(errs...))
	}
	return out, nil
}

// Attach gives each instance of rep its lines of ext, in file order.
func (rep *Report) Attach(ext []External) {
	for _, in := range rep.Instances {
		in.External = in.External[:0]
		for _, e := range ext {
			if e.Instance == in.Size.Name {
				in.External = append(in.External, e)
			}
		}
	}
}

// RunExternal runs the script external/run.sh at path on dir (where Run
// exported the instances), passing --install if install is set and the
// CBC time cap, with the script's output going to log.
func RunExternal(ctx context.Context, path, dir string, install bool, mipSeconds int, log io.Writer) error {
	args := []string{path}
	if install {
		args = append(args, "--install")
	}
	args = append(args, "--mip-seconds", strconv.Itoa(mipSeconds), dir)
	cmd := exec.CommandContext(ctx, "bash", args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("bench: %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// Check is the comparison of one external result with our bound.
type Check struct {
	External
	// Total is the objective plus the instance's Offset (for the flow,
	// relaxation and MIP models), in our objective's units.
	Total float64
	// HasTotal says whether Total is meaningful.
	HasTotal bool
	// Equal reports, for a solver of the relaxation (LEMON, CLP's
	// relaxation, GLPK), whether Total equals our bound: exactly for
	// integer outputs, within 10⁻⁹ relative for CLP's printed float.
	Equal bool
	// Gap is (Total − bound) / bound for the MIP.
	Gap float64
}

// Relaxation reports whether the solver solves the relaxation, whose
// optimum must equal our bound.
func (e External) Relaxation() bool {
	switch e.Solver {
	case "lemon-ns", "lemon-cs", "clp-relax", "glpk-mincost":
		return true
	}
	return false
}

// Checks compares the instance's external results with its bound.
func (in *Instance) Checks() []Check {
	bound, ok := in.Bound()
	var out []Check
	for _, e := range in.External {
		c := Check{External: e}
		v, has := e.Value()
		if has && e.Solver != "clp-minmax" {
			c.Total, c.HasTotal = v+float64(in.Offset), true
		}
		if ok && c.HasTotal {
			if iv, exact := e.Exact(); exact && e.Solver != "clp-relax" {
				c.Equal = iv+in.Offset == bound
			} else {
				c.Equal = math.Abs(c.Total-float64(bound)) <= 1e-9*math.Max(1, math.Abs(float64(bound)))
			}
			if bound != 0 {
				c.Gap = (c.Total - float64(bound)) / float64(bound)
			}
		}
		out = append(out, c)
	}
	return out
}

// LEMONMatches reports whether the instance has a LEMON NetworkSimplex
// result and whether it equals our bound exactly.
func (in *Instance) LEMONMatches() (have, equal bool) {
	for _, c := range in.Checks() {
		if c.Solver == "lemon-ns" && c.Status == "optimal" {
			return true, c.Equal
		}
	}
	return false, false
}
