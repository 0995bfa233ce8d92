// Package staffing decides where new probation posts, trainee intakes and
// transfers of staff should go, so that workload is shared as equitably
// as the budget allows: the "resource allocation model" of the E3
// Blueprint (2016), which "analyses the case load and activity within
// offender management and courts and will allow an equitable
// distribution of staff and resources" (shared/domain/workload.md §6).
// Today posts are shared out pro rata to caseload counts, which ignores
// that PO-only work cannot be covered by PSOs, that trainees bring little
// capacity in their first year, and that caseloads move month to month.
//
// # Where it sits
//
// The demand and supply figures are in package caseload
// ([caseload.Caseload.Demand], [caseload.Caseload.Supply],
// [caseload.EstimateFlows]); this package imports caseload and grades
// and holds only the optimiser, beside the other optimiser (allocation),
// so that the imports stay one way (ARCHITECTURE.md): caseload weighs
// and projects and never optimises, and nothing below imports staffing.
//
// # The model
//
// A [Problem] has units u (teams, PDUs or regions) and months m of a
// horizon. Work falls in three nested classes by who may hold it under a
// grades policy (see [caseload.Pool]): PO-only (only the PO pool: POs and
// NQOs), PSO (the PO or PSO pool: PSOs and trainees from month 7) and
// PQiP1 (any pool, first-stage trainees included); court report and CMS
// activity is PSO work. With a_k and c_k the work and capacity (WMT
// points a week) of the classes and pools 0..k,
//
//	a_0 = PO-only            c_0 = PO pool
//	a_1 = a_0 + PSO + activity   c_1 = c_0 + PSO pool
//	a_2 = a_1 + PQiP1        c_2 = c_1 + PQiP1 pool
//
// the unit's workload % in the month is
//
//	L(u,m) = 100 × max_k a_k / c_k        (0 with no work, +Inf with work and no capacity)
//
// the lowest highest % over its pools that sharing the work within the
// unit can reach, since class k may go only to pools 0..k (Hall's
// condition for nested sets). So only PO capacity meets PO-only work,
// and PO capacity absorbs PSO work. It is the WMT workload % (Σ points /
// Σ available points, domain/workload.md §2.4) whenever the PO-only work
// fits, and higher when it does not.
//
// Demand a(m) projects the caseload forward from arrival and termination
// rates ([caseload.Caseload.Demand]). Supply c(m) is each person's
// available points in the month (WMT: target × (hours − reductions) /
// default hours, domain/workload.md §2.3) after their own reductions;
// trainees move through PQiP1 (80% reduction), PQiP2 and PQiP3 (60%,
// 40%), then NQO (20% for 9 months) and PO (§2.5), changing pool as
// they go ([caseload.Caseload.Supply]). A new PO or PSO post brings the
// grade's nominal target (2,176 points at 37 hours, §2.2) to its pool
// from the month it is filled; a new trainee brings the trainee schedule.
//
// # The objective
//
// A plan gives x_u posts to unit u, within the budget and the unit's
// bounds. Plans are compared lexicographically on
//
//  1. the highest % over the horizon, max_{u,m} L(u,m);
//  2. the unit-months above 110% (WMT's red, §2.4);
//  3. the unit-months above 100% (the allocation tool's over, §2.4);
//  4. the spread Σ_{u,m} L(u,m)², reported as its root mean square.
//
// The spread is a sum of squares rather than a variance so that it is
// separable by unit, which the exact search needs: among plans with the
// same mean it orders them as the variance does, and it always prefers
// the post that lowers a higher workload.
//
// # The search
//
// Each unit's L(u,m) falls as posts are added, so for a target T the
// fewest posts n_u(T) that bring every month to T or below are found by
// binary search, and T is reachable iff Σ n_u(T) ≤ budget. Bisection over
// the ordered float64 values of T finds the lowest reachable T* exactly.
// With a budget of PO and PSO posts, T is reachable iff Σ r0_u(T) ≤ PO
// posts and Σ max(r0_u, r1_u)(T) ≤ all posts, where r0 is the PO posts the
// PO-only work needs and r1 the posts the rest needs (a flow check:
// grades couple the units only through the two budgets). Levels 2–4 are
// then exact by dynamic programming over the units and the posts left
// once every unit has n_u(T*), since each unit's contribution depends
// on its own posts only; with whole posts of either grade (FTEPosts) the
// search places PO posts, then swaps to PSO every post that changes
// nothing in its unit. When the programme would be too large it is
// replaced by greedy marginal allocation, and [Plan.Status] says the
// later levels are not proven. A budget of several stages (posts, then
// each cohort in month order) is solved stage by stage, and transfers
// are a best-improvement local search on the plan; both make the status
// [Heuristic]. The tests check Solve against brute force on small
// problems, and Solve itself checks every plan against pro rata.
//
// # Reports
//
// [Plan] gives each unit's posts, its months (demand, required FTE, in
// post, effective, after the plan, workload % before and after), a
// sentence on why it gets them, and the comparison of the plan with pro
// rata by caseload count and with doing nothing: highest %, unit-months
// above 110% and 100%, root mean square %, FTE short of the target.
// [Problem] and [Plan] read and write as JSON with snake_case names.
package staffing
