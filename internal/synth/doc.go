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
// practitioner).
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
// Points come from [caseload.NationalWeights] (S tiers score 0 there) and
// available points from [caseload.NationalCapacity], both at the as-of
// date.
package synth
