// Package bench compares the allocation strategies of package allocation
// with each other and with established solvers, on the synthetic instances
// of internal/synth. It is the library behind the compare command
// (bench/cmd/compare), which writes bench/BENCHMARKS.md and the charts in
// bench/charts.
//
// It lives in its own module (github.com/probationkit/probation/bench) so
// that its plotting dependency, gonum.org/v1/plot, stays out of the
// library's go.mod. Because the module path lies under the library's, it may
// import the library's internal packages (internal/synth, internal/mcf).
//
// # What it measures
//
// [Run] solves every instance with every strategy and scores each result
// with [Evaluate], an evaluator independent of the allocation package's own
// numbers: it recomputes workloads from the assignments, re-decides every
// assignment with grades.Policy.Decide and the case's restricted-access
// lists, and recomputes the overload penalty from the bands. Only the
// assignment costs (distance, continuity, …) are taken from the Result, and
// they are checked to add up to Stats.Cost.
//
// # Exports for other solvers
//
// For every instance, [WriteDIMACS] and [WriteLP] export the min-cost flow
// relaxation that the FlowSearch strategy solves (Relaxation, rebuilt here from allocation's public API) as a
// DIMACS min-cost flow file and as CPLEX LP files: the relaxation, the
// whole-case MIP (a generalised assignment problem) and the min-max workload
// LP. The script external/run.sh installs LEMON, CLP, CBC and GLPK when asked,
// solves those files and writes a TSV that [ReadExternal] reads, so that the
// report can check that the bound FlowSearch reports equals LEMON's optimum
// exactly and put the external solvers' times beside ours.
//
// The design, formats and commands are those of
// shared/design/optimizer.md §4–6.
package bench
