// Package caseload weighs probation caseloads the way the HMPPS Workload
// Measurement Tool (WMT) does, and answers the questions built on it: how
// loaded is each practitioner, team, PDU, region and the nation; what
// would one more case do to each candidate; and how many staff of each
// grade would bring workload to a target.
//
// The ground truth for every rule and default is the research note
// domain/workload.md of the probationkit project (shared/domain), which
// cites ministryofjustice/wmt-worker, wmt-web, hmpps-workload and
// manage-a-workforce-ui; section numbers (§) below refer to it.
//
// # Records
//
// [Case] and [Practitioner] (with [Reduction] and [Reports]) are plain
// records. [ReadCasesJSON], [ReadCasesCSV], [ReadPractitionersJSON] and
// [ReadPractitionersCSV] decode them; the Write functions encode them.
// [Validate] checks a whole data set: duplicate IDs, unknown
// practitioners, hours, and reductions against the catalogue.
//
// Bad input comes back as the module's one error shape, a
// *[probation.ValidationError] listing every bad value at once, each a
// [probation.FieldError]: the kind of record ("case", "practitioner",
// "reduction", "contact", "weights", "capacity", or "file" for a fault
// of a file as a whole, such as a missing header), the record's ID, its
// 0-based Index in its slice or file, the 1-based Line of the file it
// was read from (0 when not read from a file), the field (the JSON name,
// or the CSV column), the value cut to 64 bytes, and what is wanted.
// The decoders check each record on its own as Validate does, so that a
// file is fixed in one pass; a bad record never hides the good ones after
// it.
//
// Every number has a range, and a record outside it is rejected rather
// than clamped: contracted and reduction hours 0–[MaxHours] (37.5) per
// week, report counts 0–[MaxReports], coordinates within
// ±[MaxCoordinate] km, points in a weights table 0–999, weightings 0–100
// percent, targets 0–[MaxTarget]. IDs (of cases, practitioners, teams,
// PDUs and regions, and the references to them) are compared exactly: an
// ID with surrounding white space is rejected, not trimmed, and so is an
// empty entry in a list of IDs. Dates are "YYYY-MM-DD". JSON names are
// matched exactly; unknown and repeated names are errors. A CSV file
// needs a header row (a UTF-8 byte order mark before it is skipped).
//
// A practitioner's contracted hours are optional: none recorded
// (Practitioner.Hours nil, an empty CSV cell, an absent JSON field) means
// the grade's default hours, as in WMT; an explicit 0 means no
// contracted hours and so no capacity (available 0, workload % 0,
// status NO_CAPACITY when they hold any points; never a division by
// zero).
//
// # Points
//
// A [Weights] table gives the points of one case by case type and tier,
// with a separate row for Transition to Adulthood (T2A) cases, plus court
// report points and CMS adjustment points (§1.2–§1.5). [Weights.Points]
// scores a case. Inactive T2A cases (warrant, unpaid work only, overdue
// termination) keep a weighted share of their points; as in WMT, the
// weighted points are summed exactly ([Weights.ExactPoints], in
// 1/[PointUnits] of a point) and a practitioner's total is rounded once. Tables are effective-dated in a [WeightsSet];
// [WeightsSet.At] picks the one in force at the caller's as-of date.
// [NationalWeights] holds the public seed values; [ReadWeightsJSON] loads
// others.
//
// # Capacity
//
// A [Capacity] holds each grade's nominal target and default hours and the
// reduction-reason catalogue (§2.2, §2.5). [Capacity.Available] gives a
// practitioner's available points at a date:
//
//	available = trunc( target × (contracted hours − active reduction hours) / default hours )
//
// A reduction takes hours off while it is active, and the two HMPPS
// sources differ on what "active" means. hmpps-workload
// (GetReductionService.kt) decides by the dates: a reduction counts from
// its start to the day before its end unless its status is DELETED or
// ARCHIVED. The legacy WMT worker (get-app-reduction-hours.js, WFP-951)
// counts only reductions whose recorded status is ACTIVE, whatever their
// dates. This package follows hmpps-workload by default ([ByDates]);
// [Settings].Reductions = [ByStatus] selects the worker's reading, under
// which a reduction with no recorded status still takes it from its
// dates (§2.5).
//
// [Percent] is workload % to one decimal place; [StatusOf] flags over 100
// and over 110; [Excessive] applies the "over 110% for 4 consecutive
// weeks" rule to a weekly series. [NationalCapacity] holds the seed
// values (PO and PSO 2,176 points at 37 hours, PQiP and NQO on the PO
// values, SPO and no grade 0), and [Capacity.TraineeSchedule] the PQiP/NQO
// reductions.
//
// # Caseloads
//
// [Build] turns cases and practitioners into a [Caseload] at an as-of
// date under [Settings] (the zero value means the national defaults):
// one [Workload] per practitioner. A Caseload is kept up to date as cases
// are added ([Caseload.Add]), closed ([Caseload.Close]) and transferred
// ([Caseload.Transfer]), reductions added ([Caseload.AddReduction]), CMS
// contacts applied ([Caseload.AddContacts]) and the date moved
// ([Caseload.SetAsOf]). [Caseload.Impact] gives every candidate's workload
// before and after taking a case; [Caseload.Totals] the team, PDU, region
// and national totals with their case mix; [Caseload.Staffing] the FTE of
// each grade needed to bring workload to a target, against staff in post.
//
// # Demand and supply over a horizon
//
// For staffing plans (package staffing), [Caseload.Demand] projects each
// team's work month by month, split by the [Pool] that may hold it under a
// grades policy (PO-only, PSO, PQiP1) with court report and CMS activity,
// from arrival and termination rates given as [Flows] or estimated by
// [EstimateFlows] from the caseload's [Spell] dates. [Caseload.Supply]
// projects each person's available points month by month after their own
// reductions, trainees moving through the protected stages to NQO and
// PO, with leavers, starters, vacancies and attrition. Both total at any
// [Level] with At.
//
// The package is pure: no files, clock, network or logging. Nothing here
// panics on data.
package caseload
