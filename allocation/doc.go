// Package allocation decides who should supervise whom: it places
// probation cases with practitioners so that every hard rule holds,
// workloads stay fair, people keep the practitioner they know, and every
// decision can be explained.
//
// A [Problem] lists the cases to place (points from package caseload,
// eligibility from a grades.Policy, team, PDU and region, current and
// previous practitioner, restricted-access lists, location) and the
// practitioners who may take them (grade, available points, current load,
// a limit on new cases, an unavailable flag). [Solve] runs one of the
// strategies of [Settings] and returns a [Result]: the assignments, the
// unassigned cases with their [Reason], a [Status], [Stats] with the
// objective, the relaxation's bound and the gap, every practitioner's
// workload before and after, an [Explanation] per assignment
// ([Result.Explain]) and every practitioner considered for a case
// ([Result.Candidates]). [DailyProblem] and [RebalanceProblem] build
// Problems from a caseload.Caseload alone.
//
// # Model
//
// Cases j have points w_j; practitioners i have available points C_i and a
// load L_i outside the problem. A pair (i, j) is eligible when i is
// available (not Unavailable), in the case's scope ([Scope]; the current
// practitioner always is), holds a grade the policy allows for the case
// (grades.Policy.Eligible: no hard rule fires), passes the case's
// restricted-access lists (on RestrictedTo if it is not empty, not on
// ExcludedFrom; allocation.md §2.5) and could hold the case under the hard
// cap. The cost per point of an eligible pair is the sum of the per-point
// [Term]s of the cost table, each with its [Weights]:
//
//	c_ij = Distance·km(i, j)                      (1 per km; unknown location: 0)
//	     + Continuity·[j has a current or previous practitioner, and i is neither]  (15)
//	     + CrossTeam·[team_i ≠ team_j]             (10)
//	     + OverSkill·[i is PO/NQO/SPO, j is tier C or D, a PSO may hold j]  (5)
//	     + SoftRule·[a soft rule fires for grade_i]  (25)
//	     + Move·[j has a current practitioner other than i]  (10)
//
// (default weights in brackets; optimizer.md §6.2), and the overload term
// of a practitioner at load ℓ is Overload·P_i(ℓ) (weight 1), with P_i the
// convex piecewise-linear
//
//	P_i(ℓ) = Σ_k p_k · clamp(ℓ − b_ik, 0, b_i,k+1 − b_ik),  b_ik = ⌊C_i·(100 + W_1 + … + W_k)/100⌋
//
// with p = 50, 150, 400, 1000, 2500 per point in the 10%-wide bands from
// 100% to 150%, 6,000 from 150% to 175% and 15,000 above (the last band
// is unbounded; the breakpoints b_ik follow the band widths;
// [DefaultBands], [Band]). Solve minimises
//
//	Σ_j Σ_i w_j·c_ij·x_ij + Σ_i P_i(L_i + Σ_j w_j·x_ij) + Σ_j U·(w_j + 1)·u_j
//
// over whole allocations x_ij ∈ {0, 1}, u_j ∈ {0, 1} (unplaced), subject to
//
//	Σ_i x_ij + u_j = 1                      every case once
//	x_ij = 0 unless (i, j) is eligible      hard rules, scope, LAO lists, availability
//	Σ_{j new to i} x_ij ≤ MaxNew_i          when MaxNew_i > 0
//	L_i + Σ_j w_j·x_ij ≤ max(⌊HardCap·C_i/100⌋, load held now)  when HardCap > 0
//
// where u_j may be 1 only for a case with at least one eligible pair and
// U, the unplaced charge, is 100,000 per point, or four times the dearest
// placement per point (the dearest pair plus the steepest band) when that
// is more, so a case is left unplaced only when the hard limits leave no
// room. Cases
// with no eligible pair are reported with their reason and do not enter
// the objective. [Stats.Objective] is this objective for every strategy,
// computed by one evaluator, so strategies compare fairly.
//
// # Strategies
//
// FlowSearch (the default) solves the relaxation in which cases may be split
// exactly, as a min-cost flow: case j supplies w_j/g units (g the
// greatest common divisor of the points), arcs case → eligible
// practitioner cost g·c_ij, and each practitioner reaches the sink through
// parallel arcs carrying the marginal penalty of each unit, in rising
// order, which is exact because P_i is convex [AMO93 ch. 14]. MaxNew is
// relaxed to a cap on the points of the MaxNew heaviest new cases, and
// unplaced cases flow on an arc at the unplaced charge. The flow is solved
// by the project's primal network simplex (internal/mcf; [KK12]); its
// optimum is [Stats.Bound], a lower bound on every whole allocation. When
// every case weighs the same the flow is integral and the result optimal
// (StatusOptimal, a proof: the objective equals the bound).
// Otherwise each split case goes to its largest part, a repair pass moves
// cases off practitioners past a hard limit, and a local search improves
// the whole allocation. Whole cases rarely fill a practitioner exactly to
// the breakpoint the relaxation fills, and that, not the choice of
// practitioner, is most of the gap. The local search is a small core and
// neighbourhoods run by one driver, variable neighbourhood descent [HM01],
// in orders written down as data: first the fills, which re-split, pair by
// pair, the cases two practitioners can exchange at equal reduced cost
// (the flow's potentials price every such exchange by its net points
// alone, so a subset-sum over bit sets finds the exactly best split);
// then single moves, ejection chains of length two and swaps [YIG04], and
// an exact re-optimisation of the cases two practitioners share (a
// knapsack by dynamic programming, which the flow's prices keep small:
// a case whose move costs more than any split could gain stays out);
// then the fills again; then an iterated local search [YIG04 §5] kicks
// the allocation with a random equal-cost re-split, descends again and
// keeps the result unless it is worse, within a budget of counted work
// (Settings.Effort times the default; when most cases are held, as in a rebalance, where moves are dear and
// equal costs rare, each descent re-splits pairs exactly too, within
// seven times the budget); a last pass re-splits exactly the pairs the
// kicks changed. Every step is priced with the exact change of the
// objective. The best naive allocation is computed
// first (beside the flow) and kept if better, so FlowSearch is never
// worse than a naive strategy, and it is what a run stopped before the
// flow returns. A problem of several independent parts (connected
// components of its eligible pairs) is relaxed and searched part by
// part, each part's search budget its share of the whole's by pairs (an
// Engine's batch of a few hundred cases is searched whole: its descents
// cost less than a searcher per part). The search is bounded by counts, never by the clock, and its random draws
// come from a fixed seed, so results are repeatable.
//
// The MinMax objective (FlowSearch only) first finds the least ceiling λ on every
// practitioner's workload % for which the split relaxation is feasible,
// by bisection in steps of 0.1% with the flow as a feasibility oracle
// [optimizer.md §1.5], then solves the MinCost problem under the ceiling λ
// plus the heaviest case's points. With whole cases the problem is NP-hard
// and no polynomial algorithm guarantees better than 3/2 of the optimum
// [LST90]; the rounding slack of one case per practitioner is that of
// [ST93, LST90].
//
// The naive strategies place one case at a time, as people do today
// (optimizer.md §6.1): Greedy (heaviest first, least marginal cost),
// LeastLoaded (the HMPPS default sort: the eligible practitioner of the
// highest grade rank, least workload % first; allocation.md §2.2),
// RoundRobin and Random (seeded).
//
// # Certificates
//
// Stats.Bound lets cases split, so a FlowSearch gap is partly the bound's:
// where whole cases cannot fill practitioners to the breakpoints the
// flow fills, no whole allocation reaches it. [Result.Certify] proves a
// bound on whole allocations: a Lagrangian relaxation of "each case
// placed once" [Fis81], whose parts are knapsacks of whole cases under
// each practitioner's convex penalty, solved exactly by reduction and
// dynamic programming [MT90], its multipliers started at the flow's
// potentials and moved by the volume algorithm [BA00]. On the rebalance
// shape (30,000 held cases), where the flow's gap is mostly that, 300
// rounds (8 s on two cores) raise the bound by 0.144% and prove the
// allocation within 0.184% of the best whole one (0.329% from the
// flow's bound), and a daily batch (300 new cases into a region) within
// 0.002% (0.074%) in 6 ms; on the pdu and region batches (2,000 and
// 30,000 new cases) it proves no more than the flow, as no single
// practitioner's load is where their gap lies (BenchmarkCertify).
//
// # Modes
//
// A daily batch is a Problem of new cases (no Current) into practitioners
// whose held cases are in Load. A rebalance includes held cases with their
// Current practitioner: staying costs nothing, moving costs the Move and
// Continuity weights per point, Settings.MoveBudget caps voluntary moves, and an
// Unavailable practitioner (an officer who has left) gives up every case.
// Solve never changes its input, so a what-if run is a Solve of an edited
// copy; compare the Results' Workloads and Stats.
//
// # Engine
//
// [Engine] is the long-lived form of the same optimiser, for services.
// Its life cycle: NewEngine copies a caseload.Caseload and takes a
// grades.Policy and Settings; Apply takes events as they happen (cases
// arriving, closing, moving or changing; practitioners joining, leaving,
// changing or becoming unavailable; reductions; the date); queries
// (Recommend, RecommendCases, Impact, Workload, Waiting, Allocation,
// Diff) read it; Place records one decision; StartBatch places every
// waiting case, starting its flow warm from the last batch's prices and
// exact on the relaxation; StartRebalance proposes moves that Accept
// applies; Snapshot, RestoreEngine and Replay with the journal
// (EngineConfig.Journal) save and rebuild it exactly.
//
// Its concurrency model is one of readers and writers: queries run in
// parallel under a read lock; events, decisions and commits take the
// write lock for microseconds, so no reader sees half a change; batches
// and proposals solve on a copy outside any lock, as Jobs with progress,
// cancellation that waits for the work to stop, and a final result that
// is always delivered. The same sequence of calls gives the same
// results. The engine does no I/O and reads no clock.
//
// # Determinism and concurrency
//
// Cases and practitioners are sorted by ID before anything else and every
// tie is broken by that order, so the Result does not depend on the order
// of the input slices, on GOMAXPROCS or on timing, except that a deadline
// (Settings.TimeLimit or ctx) decides how far a run gets. The Random
// strategy draws from a PCG stream seeded by Settings.Seed.
//
// Solve uses every core GOMAXPROCS allows, in ways that cannot change its
// result: the eligible pairs are listed in chunks of cases, each written
// at its own place; the naive baseline runs beside the flow; the problem
// splits into parts (the connected components of its eligible pairs:
// about one per PDU at the default scope), whose flows, and then whose
// local searches, are independent and run in parallel, each alone on its
// own cases and practitioners and joined in a fixed order; and the Result
// is filled in chunks. So a Solve gives the same Result under any
// GOMAXPROCS (a test checks 1, 2 and 4). Solve keeps no global state,
// reads its Problem without changing it, and a Result is immutable, so
// concurrent calls on shared Problems and concurrent reads of one Result
// are safe.
//
// # Limits and failures
//
// Problem lists the bounds validation enforces (at most 2,000,000 cases
// and 80,000 practitioners, and bounds on every value); within them no
// sum Solve computes can overflow, so every valid input gets a whole
// allocation, as far as memory allows (a national problem of 240,000
// cases takes under 1 GB). Every phase reads ctx every few milliseconds
// of work, so Solve returns within milliseconds of a cancel; when that
// comes before any whole allocation exists it returns a *PhaseError
// instead of a Result. Building a Result takes tens of milliseconds at a
// million cases, so from 300,000 cases Solve drafts the Results it may
// return while it runs (the best naive allocation's, the search's start)
// and after a stop finishes the draft, working out again only the cases
// that changed since. Measured at a million cases × 40,000 practitioners
// (BenchmarkCancel), a cancel in any phase returns in 3 ms at the median
// and 16 ms at most; MinMax's inner runs draft too. A naive allocation
// counts as whole only once its draft is made, so a cancel before that
// (in the first seconds of a run of a million cases) returns a
// *PhaseError, never waiting for a draft. Solve spends no time on
// explanations: Result.Explain and Result.Explanations work them out on
// demand. A failed internal step returns the best whole allocation
// found before it, with StatusFailed and a *PhaseError.
//
// # References
//
//   - [AMO93] R. K. Ahuja, T. L. Magnanti, J. B. Orlin, Network Flows:
//     Theory, Algorithms, and Applications, Prentice Hall, 1993 (ch. 14,
//     convex cost flows).
//   - [KK12] Z. Király, P. Kovács, "Efficient implementations of
//     minimum-cost flow algorithms", arXiv:1207.6381, 2012.
//   - [ST93] D. B. Shmoys, É. Tardos, "An approximation algorithm for the
//     generalized assignment problem", Math. Programming 62:461–474, 1993.
//   - [LST90] J. K. Lenstra, D. B. Shmoys, É. Tardos, "Approximation
//     algorithms for scheduling unrelated parallel machines", Math.
//     Programming 46:259–271, 1990.
//   - [HM01] P. Hansen, N. Mladenović, "Variable neighborhood search:
//     principles and applications", European J. of Operational Research
//     130(3):449–467, 2001.
//   - [YIG04] M. Yagiura, T. Ibaraki, F. Glover, "An ejection chain
//     approach for the generalized assignment problem", INFORMS J. on
//     Computing 16(2):133–151, 2004.
//   - [Fis81] M. L. Fisher, "The Lagrangian relaxation method for
//     solving integer programming problems", Management Science
//     27(1):1–18, 1981.
//   - [BA00] F. Barahona, R. Anbil, "The volume algorithm: producing
//     primal solutions with a subgradient method", Math. Programming
//     87:385–399, 2000.
//   - [MT90] S. Martello, P. Toth, Knapsack Problems: Algorithms and
//     Computer Implementations, Wiley, 1990.
//   - optimizer.md, allocation.md and workload.md: the project's research
//     notes (shared/design and shared/domain), for the defaults cited above.
package allocation
