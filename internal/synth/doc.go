// Package synth generates synthetic probation caseloads for benchmarks and
// tests: a seeded, deterministic, pure-Go generator of practitioners and
// cases shaped like the probation service of England and Wales.
//
// [Generate] takes a [Size] and a seed and returns an [Instance]: the
// organisation (regions, PDUs, teams with offices on a map), the
// practitioners as [caseload.Practitioner] records, the cases as
// [caseload.Case] records (held ones with their practitioner, new ones
// waiting), and each practitioner's base load in points held outside the
// listed cases. The same size and seed always give the same instance,
// whatever the platform or the number of cores; nothing reads the clock
// (every instance is as of 2026-11-23, Instance.AsOf). [Instance.Problem]
// and [Instance.Rebalance] turn an instance into an [allocation.Problem].
//
// # Named sizes
//
// [Sizes] lists the instances of the benchmark design
// (shared/design/optimizer.md §5–6): "pdu" (2,000 new cases, 70
// practitioners), "region" (30,000 × 1,000), "national" (240,000 ×
// 10,000), "daily" (a region holding 30,000 cases plus 300 new ones) and
// "rebalance" (a region of held cases with uneven loads and one departing
// practitioner). These are the sizes of the Standard [Family]; every
// family comes in the same five ([Family.Sizes]), named with the family
// as a prefix ("uneven-region"), which [SizeNamed] also finds.
//
// # Shape
//
// The choices below follow the generator behind the measured anchors
// (optimizer.md §6.2) and the national figures of domain/workload.md §4;
// where the sources give no figure the choice is ours and marked so.
//
//   - Organisation: teams of 8–12 practitioners (10 on average; team size is
//     not published, domain/allocation.md §5), PDUs of about 7 teams,
//     regions of about 15 PDUs (our choice; the national size then has 10
//     regions of 1,000 practitioners against the real 12). Team offices lie
//     on a square map of side 40·√teams km, one team per grid cell, cells
//     visited along a Hilbert curve so that the teams of a PDU and the PDUs
//     of a region are neighbours on the map.
//   - Grades: 8% PQiP learners spread over the four training stages, each
//     with its WMT reduction (80%, 60%, 40% of hours in months 0–18,
//     none after; workload.md §2.5), 3% NQOs with the 20% NQO reduction, and
//     the rest POs and PSOs in equal numbers, so that POs and PSOs are about
//     equal by FTE as in the HMPPS workforce statistics (workload.md §4:
//     5,283 band 4 and 5,316 band 3 FTE, Dec 2024). Grades are dealt round
//     the teams so that each team has its share of each, and every team of
//     3 or more has at least 3 POs. 20% of practitioners are part-time at
//     0.5–0.8 of 37 hours. SPOs hold no cases and are not generated.
//   - Cases: tier letters A 10%, B 25%, C 35%, D 30% (optimizer.md §6.2);
//     case types 60% community, 25% licence, 15% custody; about 5% S tiers
//     (licence and community cases only, never MAPPA or very high RoSH
//     ones, which the Probation Reset exempts, workload.md §1.1); RoSH consistent with the protect letter
//     (domain/tiering.md §1.2); some MAPPA cases and flags; cases near their
//     team's office (normal, 8 km per axis); about 30% with a previous
//     practitioner of the same team; about 1% excluding one practitioner and
//     about 0.2% restricted to a short list that holds two POs.
//   - Eligibility: held cases and previous practitioners respect the
//     national default policy ([grades.National]) without warnings, and
//     every case has a PO of its own team who may hold it.
//   - Loads: the total of base loads and case points is calibrated to a
//     target share of the practitioners' available points, 95% for the
//     all-new sizes (optimizer.md §5) and 115% for held caseloads (the
//     national average of 110–120%, workload.md §4), with a spread between
//     practitioners. See [Generate] for how.
//
// # The uneven family
//
// [Uneven] keeps everything above except four things, each a stress
// that the standard family lacks. The sources give no team sizes, no
// part-time share and no tier mix by area, so the values are our
// choice; the reasons are below.
//
//   - Uneven team sizes: headcounts are log-normal with median 9 and
//     log-SD 0.5, clamped to 4–24 (coefficient of variation about 0.45,
//     against 0.12 for 8–12). Small rural or specialist teams sit beside
//     large city teams; team size is not published (workload.md §4,
//     allocation.md §5). A team's share of cases is its capacity share ×
//     U(1 ± 30%) (standard ±15%), so demand is uneven too.
//   - A tier mix skewed to the low letters: A 8%, B 20%, C 30%, D 42%
//     (standard 10/25/35/30), so that most of the work could go to PSOs
//     and the part that cannot is concentrated.
//   - Many part-timers: 40% of practitioners (standard 20%) at 0.4–0.8 of
//     37 hours (PQiP learners may train part-time at 0.6–0.8 FTE,
//     allocation.md §1.4).
//   - A tight supply of Probation Officers: POs are 29% of the headcount,
//     the standard 44.5% less the 34% of PO posts that were vacant in
//     London in Dec 2022 (29% nationally; allocation.md §5, NAO via the
//     House of Lords JHA Committee). The gap is filled by trainees, as
//     the service fills it (about 1,500 PQiPs recruited a year,
//     allocation.md §5): PQiP 15% and NQO 4% of the headcount (standard
//     8% and 3%), PSOs the remaining 52%. Grades are dealt to teams in
//     proportion to their headcount, and every team keeps 2 POs
//     (standard 3), taken from the teams with the highest share of POs:
//     a case excluding one PO still has a PO in its team, but when the
//     other PO leaves (the rebalance size) a PO-only case may have to go
//     to another team of its PDU.
//
// With these shares, the points of the cases that only a PO or NQO may
// hold under [grades.National] (high or very high RoSH, MAPPA 2 or 3,
// terrorism, CPPC) are about 0.9–1.1 × the target utilisation × the
// POs' and NQOs' available points (standard: about 0.8): the PO-only
// work alone fills the POs as full as the whole instance is, so PO
// capacity is the scarce resource. The tier mix and the PO share were
// chosen together for that ratio; tests check it. In the held sizes
// (daily, rebalance), where held cases stay in their team, POs then
// start at about 145% on average (a few part-time POs of small teams
// near 300%) against about 100% for PSOs and trainees; standard POs
// start at about 118%.
//
// # Events
//
// [GenerateEvents] takes an instance as the starting state and returns a
// [Stream]: a seeded, dated sequence of [Event] records over a horizon
// of days, for a simulator that replays them day by day and allocates
// as it goes. The kinds ([EventKind]) are arrivals of new cases (by
// tier, case type and risk, placed in teams), terminations, releases
// from custody to licence, the Probation Reset's S tiers, reassessments
// of the change level, RoSH and MAPPA, leavers and joiners, PQiP
// progression on the trainee reduction schedule, and reductions for
// sickness, maternity, secondment and the NQO year. Arrival volumes
// follow from the instance's caseload by Little's law (about 460 cases a
// day for the national size, 58 for a region), so that a stream keeps
// the caseload near its starting size and mix; [Dynamics] holds every
// other parameter, and [DefaultDynamics] gives each one's source.
//
// Points come from [caseload.NationalWeights] (S tiers score 0 there) and
// available points from [caseload.NationalCapacity], both at the as-of
// date.
package synth
