package mcf_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/probationkit/probation/internal/mcf"
	"github.com/probationkit/probation/internal/mcf/mcftest"
)

var benchSizes = []struct {
	name                 string
	cases, practitioners int
}{
	{"pdu", 2000, 70},
	{"region", 30000, 1000},
}

var sinkSolution *mcf.Solution

// cpuTime returns the user+system CPU time of the process, which is less
// disturbed than wall time when the machine is shared.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchSolve(b *testing.B, cases, practitioners int) {
	g := mcftest.Generate(1, cases, practitioners)
	b.ReportAllocs()
	b.ResetTimer()
	var sol *mcf.Solution
	cpu0 := cpuTime()
	for b.Loop() {
		var err error
		sol, err = g.Solve(context.Background(), nil)
		if err != nil {
			b.Fatal(err)
		}
		if sol.Status != mcf.Optimal {
			b.Fatalf("status %v", sol.Status)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e9, "cpu-s/op")
	b.ReportMetric(float64(sol.Iterations), "pivots")
	b.ReportMetric(float64(g.NumArcs()), "arcs")
	sinkSolution = sol
}

// BenchmarkSolve solves allocation-shaped instances (mcftest.Generate, seed
// 1) of PDU and region size. Besides wall time it reports cpu-s/op, the
// process CPU time per solve, which is steadier on a shared machine.
func BenchmarkSolve(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) { benchSolve(b, sz.cases, sz.practitioners) })
	}
}

// BenchmarkSolveNational solves the 240,000-case, 10,000-practitioner
// instance (4.2M arcs). It takes several seconds per run, so it runs only
// when PROBATION_BENCH_NATIONAL is set (and not in -short mode).
func BenchmarkSolveNational(b *testing.B) {
	if testing.Short() || os.Getenv("PROBATION_BENCH_NATIONAL") == "" {
		b.Skip("set PROBATION_BENCH_NATIONAL=1 to run the national instance")
	}
	benchSolve(b, 240000, 10000)
}

// TestWriteInstances writes the benchmark instances as DIMACS files into the
// directory named by MCF_WRITE_DIMACS, for comparison with other solvers
// (LEMON, GLPK). It does nothing when the variable is unset.
func TestWriteInstances(t *testing.T) {
	dir := os.Getenv("MCF_WRITE_DIMACS")
	if dir == "" {
		t.Skip("set MCF_WRITE_DIMACS=<dir> to write the benchmark instances")
	}
	sizes := append(benchSizes, struct {
		name                 string
		cases, practitioners int
	}{"national", 240000, 10000})
	for _, sz := range sizes {
		g := mcftest.Generate(1, sz.cases, sz.practitioners)
		f, err := os.Create(filepath.Join(dir, sz.name+".min"))
		if err != nil {
			t.Fatal(err)
		}
		comment := fmt.Sprintf("mcftest.Generate(1, %d, %d)", sz.cases, sz.practitioners)
		if err := g.WriteDIMACS(f, comment); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		sol, err := g.Solve(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d nodes, %d arcs, %v cost %d, %d pivots", sz.name, g.NumNodes(), g.NumArcs(), sol.Status, sol.Cost, sol.Iterations)
	}
}
