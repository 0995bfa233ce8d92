// Package bench compares the allocation strategies of package allocation
// with each other and with established solvers, on the synthetic instances
// of internal/synth. It is the library behind the compare command
// (bench/cmd/compare), which writes bench/BENCHMARKS.md and the charts in
// bench/charts.
//
// It also replays a seeded year of events through the library, one
// allocation.Engine per strategy, to compare the strategies over time
// (Simulate, below): the simulate command (bench/cmd/simulate) writes
// bench/SIMULATION.md and its charts.
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
//
// # Strategies over time
//
// A snapshot hides what compounds: a greedy day leaves a worse start for
// the next. [Sim] replays a stream of dated events from
// internal/synth (synth.GenerateEvents: arrivals, terminations, releases,
// Probation Reset S tiers, reassessments, leavers, joiners, trainees
// progressing, absences) through one allocation.Engine, day by day: the
// engine's date moves, the day's events become engine events, the waiting
// cases are placed by the strategy's batch, and, with a rebalance [Plan],
// the engine proposes and accepts a rebalance with a move budget every
// week or month. Every Sunday it takes WMT's weekly snapshot: a [Week]
// holds the spread of workload %, the practitioners over 100% and 110%
// and in the four-week Excessive state (caseload.Excessive), and what
// happened to cases (placements, continuity kept, cases moved or
// reallocated, days from arrival to allocation) and the solve times.
//
// [Simulate] runs every strategy under every plan on the instance and
// stream of several seeds, in parallel, deterministically but for the
// timings. [WorkloadMetrics] and [CaseMetrics] define the figures once,
// as a value per week and per run; [SimTable], [SimChart] and
// [WriteSimulation] report each as a mean with a band from the lowest to
// the highest seed.
package bench
