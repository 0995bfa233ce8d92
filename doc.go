// Package probation is the root of probationkit: a pure-Go library, with an
// embeddable allocation engine, that decides who should supervise whom in
// the probation service of England and Wales.
//
// The root package holds only the module's one error shape for bad input,
// [ValidationError] listing every [FieldError], which every package returns
// (reach it with errors.As). The work is done by five packages, each
// importing only those before it (allocation and staffing both build on
// caseload and do not import each other):
//
//   - [github.com/probationkit/probation/tiering]: the HMPPS tiering
//     frameworks — the v2 protect letter A–D and change level 0–3 (with the
//     S suffix for unsupervised cases) and the v3 single axis A–G — with an
//     explanation of every factor that contributed.
//   - [github.com/probationkit/probation/grades]: which grade of
//     practitioner (PO, PSO, PQiP by training stage, NQO, SPO) may hold
//     which case, as a policy of cited hard and soft rules with local
//     variations, decisions with reasons, and override reasons.
//   - [github.com/probationkit/probation/caseload]: workload points per
//     case (tier × case type, the WMT seed values), capacity from
//     contracted hours and reductions, workload %, the impact of one more
//     case, team and region figures, and the staffing a caseload requires
//     against the staff in post.
//   - [github.com/probationkit/probation/allocation]: a constrained
//     optimiser that assigns new cases, or rebalances caseloads, so that
//     every hard rule holds, workload is fair, continuity is kept and every
//     decision is explained; with the naive strategies used today beside it
//     for comparison.
//   - [github.com/probationkit/probation/staffing]: the resource allocation
//     model, which decides where new posts, trainee intakes and transfers
//     of staff should go so that projected workload is shared as equitably
//     as a budget allows, from the demand and supply caseload projects
//     month by month; compared with sharing posts pro rata.
//
// The packages do no file, network or clock access and keep no global
// state: the caller passes data, an as-of date, a seed and a
// context.Context. Defaults (weights, nominal targets, the national
// eligibility policy) come from public HMPPS sources, cited in each doc
// comment.
//
// The runnable main job is examples/allocate (go run ./examples/allocate);
// examples/staffing (go run ./examples/staffing) runs the staffing model at
// the national figures;
// the strategy and solver comparison lives in the nested module bench/.
package probation
