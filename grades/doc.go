// Package grades decides which grades of probation practitioner may hold
// which case: a Probation Officer (PO), a Probation Services Officer
// (PSO), a trainee (PQiP, by training stage), a Newly Qualified Officer
// (NQO), a Senior Probation Officer (SPO), or staff with no grade (DMY).
//
// No public HMPPS code stops a case going to the wrong grade: the
// probation allocation tool leaves it to the senior probation officer's
// judgement and a written rationale (shared/domain/allocation.md
// §1.1, §2.5). The prison POM tool shows a better pattern: an explainable
// recommendation, a hard availability filter, and a required reason to
// override (§3.2). This package follows it: eligibility is a Policy of
// rules held as data, each hard (blocks) or soft (allowed with a recorded
// OverrideReason), each with its source and scope.
//
// # Values
//
// [Grade] is the practitioner's grade with the PQiP training stage folded
// in (PQiP1 … PQiP4; [PQiPAt] converts months in training), and [Set] a
// set of grades. [ValueSet] is a set of values of one tiering type (RoSH
// levels, MAPPA levels or categories, protect letters, v3 tiers), made by
// [ValuesOf] or, for the ordered types, [AtLeast]. Every value type has a
// text form (String, Parse…, MarshalText, UnmarshalText) matched ignoring
// case. [FromStaffCode] maps NDelius staff grade codes (PSM → PO,
// PSQ → PSO, PSP → PQiP, PSC → SPO, and the legacy WMT lists), reporting
// an unknown code rather than guessing. [Profile] is what eligibility
// reads of a case: RoSH, v2 and v3 tiers, MAPPA level and category, and
// [Flags] derived from Delius registrations ([FlagsFromRegistrations]).
//
// # Rules and policies
//
// A [Rule] restricts the grades in Rule.Grades for the cases that match
// its [Condition]. [NationalRules] is the national default, each rule
// citing where it comes from and whether it restates a public statement
// ([Stated]) or is a [ReasonableDefault] where the public text is
// missing. [NewPolicy] validates a list of rules and compiles it; a local
// scope (a region, a PDU) tightens the default by adding rules, or
// relaxes or tightens it by replacing or waiving a national rule by ID,
// without copying the rest. [Policy.In] gives the view of a policy in
// named local scopes. [Decode] and [Policy.Encode] read and write a
// policy as JSON; Decode documents the schema.
//
// Bad input comes back as the module's one error shape, a
// *[probation.ValidationError] listing every bad value as a
// [probation.FieldError]: record "rule" (with the rule's 0-based index, its
// ID, and for a file the line where the rule starts), "policy" for the
// policy object, or "file" for text that is not JSON. Rule IDs, scope
// names and Replaces are compared exactly: surrounding white space is
// rejected, not trimmed.
//
// # Decisions
//
// [Policy.Decide] answers for one (case, grade) pair with a [Decision]:
// [Eligible], [EligibleWithWarnings] (soft rules fired) or [Ineligible]
// (hard rules fired), the rules that fired, the [Decision.Scope] that
// decided, and a readable reason. [Decision.Override] records an override
// reason (suitability, no staff, continuity, or other with free text of
// at most 175 characters) on a decision with warnings; a hard rule cannot
// be overridden.
//
// [Policy.Eligible] is the optimiser's fast path: for one case it returns
// the set of grades that may hold it and the subset that needs an
// override reason, in a few table lookups and no allocation, so a region
// is decided in O(cases × grades) rather than O(cases × practitioners).
//
// # Grade semantics
//
// Under the national default:
//
//   - SPOs and DMY hold no cases (hard rules, so a local scope can waive
//     them, say for an SPO who keeps a small caseload).
//   - An NQO holds what a PO holds: NQOs are qualified officers whose
//     protection in the first 9 months is a 20% workload reduction
//     (domain/workload.md §2.5), which capacity, not eligibility, applies.
//   - A PQiP whose stage is unknown is treated as in the first stage.
//   - A case with no RoSH recorded needs an override reason below PO.
//
// For every case the eligible grades are ordered: PSO ⊆ PO, and PQiP =
// PQiP1 ⊆ PQiP2 ⊆ PQiP3 ⊆ PQiP4 ⊆ NQO = PO, so a later training stage
// never loses eligibility; raising RoSH (none < low < … < very high) or
// the MAPPA level never makes an ineligible grade eligible. Property tests
// check these promises.
//
// The package does no I/O beyond its codec's io.Reader and io.Writer,
// keeps no global mutable state, and is deterministic.
package grades
