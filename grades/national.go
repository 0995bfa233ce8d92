package grades

import "github.com/probationkit/probation/tiering"

// National returns the national default policy: the rules of
// NationalRules, with no local scope. Each call builds a new Policy (in
// a few microseconds); keep the one you need.
func National() *Policy { return MustNewPolicy(NationalRules()) }

// belowPO is the set of grades the national PO-only rules restrict: PSOs
// and trainees at every stage. NQOs are qualified Probation Officers in
// their first 9 months (WMT reduction "Newly Qualified Probation
// Officers", 20% for 9 months; domain/workload.md §2.5) and hold what a
// PO holds.
const belowPO = 1<<PSO | Trainees

// stage1 is a trainee in the first 6 months, or of unknown stage (read
// cautiously as the first stage).
const stage1 Set = 1<<PQiP | 1<<PQiP1

// complexFlags are the registrations that make a case complex for a
// trainee: the safeguarding, domestic abuse, stalking, sexual offending,
// lifer and gang factors that tiering weighs (domain/tiering.md §2.1)
// and that the Bendall review's "complex case" allocated to an
// inexperienced officer involved (domain/allocation.md §1.4).
const complexFlags = DomesticAbuse | ChildProtection | ChildConcerns | Stalking | SexualOffending | Lifer | StreetGangs

// NationalRules returns the rules of the national default, in policy
// order. No public source states a complete national grade matrix (the
// text of the national "Probation Officer allocation policy" is not
// public; domain/allocation.md §1.1, §6), so each rule says whether it
// restates a public statement (Stated) or is a ReasonableDefault built
// from what the sources do say (domain/allocation.md §1.5). In summary:
//
//   - SPOs and staff with no grade (DMY) hold no cases (hard, default).
//   - High or very high RoSH: PO or NQO only (hard, stated).
//   - MAPPA level 2 or 3, terrorism (flag or MAPPA category 4) and
//     critical public protection cases: PO or NQO only (hard, default).
//   - No RoSH recorded, MAPPA level 1, or sexual offending: a PSO or PQiP
//     needs an override reason (soft, default). No RoSH is read
//     cautiously as the prison POM tool reads it: no recommendation, so
//     an override is needed (domain/allocation.md §3.2). It is a warning
//     rather than a block so that a case whose RoSH is not yet recorded
//     can still be allocated, and so that recording a RoSH level never
//     makes a grade eligible that was not.
//   - PQiP stage limits (default, not national policy; replace or waive
//     them per region or PDU): in the first 6 months, or at an unknown
//     stage, low RoSH and no complex registrations (hard); in months
//     6–12, medium RoSH or complex registrations need an override reason
//     (soft); from 12 months, the PSO limits.
//
// Under these rules, for every case, the grades that may hold it are
// ordered: PQiP = PQiP1 ⊆ PQiP2 ⊆ PQiP3 ⊆ PQiP4 ⊆ NQO = PO, and PSO ⊆
// PO; a PSO and a PQiP3 or PQiP4 may hold the same cases. The property
// tests check these orderings.
func NationalRules() []Rule {
	const (
		hol      = "House of Lords Justice and Home Affairs Committee, 2024, para 200: \"A Probation Services Officer (PSO) supervises low- and medium-risk offenders while a Probation Officer (PO) also supervises higher-risk offenders\" (publications.parliament.uk/pa/ld5804/ldselect/ldjusthom/27/2709.htm)"
		poPolicy = "written answer 131414, 1 Feb 2023: a national \"Probation Officer allocation policy\" exists, text not public (parallelparliament.co.uk/question/131414/offenders-probation)"
		summary  = "research summary of the public sources, domain/allocation.md §1.5"
		wmtPQiP  = "WMT reduction reasons \"PQiP – 1st 6 months\" 80%, \"6 to 12 months\" 60%, \"12 to 18 months\" 40% (hmpps-workload V1_1__SEED_REF_DATA.sql; domain/workload.md §2.5); no public national rule per stage (domain/allocation.md §1.4)"
	)
	return []Rule{
		{
			ID:          "spo-holds-no-cases",
			Description: "Senior Probation Officers manage the team and hold no cases",
			Source:      "the allocation tool lists only PSO, PQiP and PO practitioners (manage-a-workforce-ui server/services/workloadService.ts; domain/allocation.md §1.1); WMT gives SPOs 0 default contracted hours (hmpps-workload V1_1 seed; domain/workload.md §2.2)",
			Basis:       ReasonableDefault,
			Severity:    Hard,
			Grades:      SetOf(SPO),
			Condition:   Condition{AnyCase: true},
		},
		{
			ID:          "no-grade-holds-no-cases",
			Description: "Staff with no grade recorded (DMY) hold no cases until their grade is recorded",
			Source:      "DMY is the Delius placeholder for staff with no grade, treated by WMT as UNSUPPORTED (domain/workload.md §2.1)",
			Basis:       ReasonableDefault,
			Severity:    Hard,
			Grades:      SetOf(DMY),
			Condition:   Condition{AnyCase: true},
		},
		{
			ID:          "rosh-high-to-po",
			Description: "A case with high or very high risk of serious harm is held by a Probation Officer; PSOs and trainees hold low and medium RoSH cases",
			Source:      hol + "; " + poPolicy + "; domain/allocation.md §1.2",
			Basis:       Stated,
			Severity:    Hard,
			Grades:      belowPO,
			Condition:   Condition{RoSH: AtLeast(tiering.RoSHHigh)},
		},
		{
			ID:          "mappa-2-3-to-po",
			Description: "A case managed at MAPPA level 2 or 3 is held by a Probation Officer",
			Source:      summary + "; under the 2014–2021 split the National Probation Service held all MAPPA cases (PI 05/2014; domain/allocation.md §1.3); MAPPA level 3 makes a prison case eligible for early allocation (domain/allocation.md §3.4)",
			Basis:       ReasonableDefault,
			Severity:    Hard,
			Grades:      belowPO,
			Condition:   Condition{MAPPALevel: ValuesOf(tiering.MAPPA2, tiering.MAPPA3)},
		},
		{
			ID:          "terrorism-to-po",
			Description: "A terrorism case (registration RTAO or a Terrorism Act conviction) is held by a Probation Officer",
			Source:      summary + "; Probation Officer apprenticeship standard v1.0: POs work with individuals who have committed offences of \"a sexual, violent or extremist nature\" (domain/allocation.md §1.2)",
			Basis:       ReasonableDefault,
			Severity:    Hard,
			Grades:      belowPO,
			Condition:   Condition{FlagsAny: Terrorism},
		},
		{
			ID:          "mappa-category-4-to-po",
			Description: "A MAPPA category 4 (terrorism) case is held by a Probation Officer",
			Source:      summary + "; MAPPA category 4 is terrorism (tiering.MAPPACategory)",
			Basis:       ReasonableDefault,
			Severity:    Hard,
			Grades:      belowPO,
			Condition:   Condition{MAPPACategory: ValuesOf(tiering.MAPPACategory4)},
		},
		{
			ID:          "cppc-to-po",
			Description: "A Critical Public Protection Case is held by a Probation Officer",
			Source:      summary + "; a CPPC makes a prison case automatically eligible for early allocation (offender-management-allocation-manager; domain/allocation.md §3.4)",
			Basis:       ReasonableDefault,
			Severity:    Hard,
			Grades:      belowPO,
			Condition:   Condition{FlagsAny: CriticalPublicProtection},
		},
		{
			ID:          "rosh-missing-check",
			Description: "No RoSH level is recorded: check the risk in NDelius and OASys before allocating below Probation Officer",
			Source:      "the prison POM tool makes no recommendation when RoSH is missing (\"Check their risk on NDelius and OASys\"), so an override reason is required (offender-management-allocation-manager recommendation_service.rb RoshStrategy, build_allocations_controller.rb override_needed?; domain/allocation.md §3.2)",
			Basis:       ReasonableDefault,
			Severity:    Soft,
			Grades:      belowPO,
			Condition:   Condition{RoSH: ValuesOf(tiering.RoSHNone)},
		},
		{
			ID:          "mappa-1-prefer-po",
			Description: "A MAPPA level 1 case is normally held by a Probation Officer",
			Source:      "under the 2014–2021 split the National Probation Service held all MAPPA cases (PI 05/2014); a CRC kept only sexual offence cases \"not under MAPPA\" (Thames Valley CRC); domain/allocation.md §1.3",
			Basis:       ReasonableDefault,
			Severity:    Soft,
			Grades:      belowPO,
			Condition:   Condition{MAPPALevel: ValuesOf(tiering.MAPPA1)},
		},
		{
			ID:          "sexual-offending-prefer-po",
			Description: "A case of a person convicted of a sexual offence is normally held by a Probation Officer",
			Source:      "Probation Officer apprenticeship standard v1.0 (offences \"of a sexual, violent or extremist nature\"); the National Probation Service held sex offenders in 2014–2021 (domain/allocation.md §1.2, §1.3)",
			Basis:       ReasonableDefault,
			Severity:    Soft,
			Grades:      belowPO,
			Condition:   Condition{FlagsAny: SexualOffending},
		},
		{
			ID:          "pqip-stage1-low-rosh-only",
			Description: "In the first 6 months of training (or at an unknown stage) a PQiP learner holds only low RoSH cases",
			Source:      wmtPQiP + "; the Bendall review criticised allocating a complex case to an officer \"with only 6 months experience\"",
			Basis:       ReasonableDefault,
			Severity:    Hard,
			Grades:      stage1,
			Condition:   Condition{RoSH: ValuesOf(tiering.RoSHMedium)},
		},
		{
			ID:          "pqip-stage1-complex",
			Description: "In the first 6 months of training (or at an unknown stage) a PQiP learner holds no domestic abuse, child safeguarding, stalking, sexual offending, lifer or gang case",
			Source:      wmtPQiP + "; Napo AGM 2022: \"PQiPs are given cases beyond their experience\"",
			Basis:       ReasonableDefault,
			Severity:    Hard,
			Grades:      stage1,
			Condition:   Condition{FlagsAny: complexFlags},
		},
		{
			ID:          "pqip-stage2-medium-rosh",
			Description: "In months 6–12 of training a PQiP learner needs an override reason to hold a medium RoSH case",
			Source:      wmtPQiP,
			Basis:       ReasonableDefault,
			Severity:    Soft,
			Grades:      SetOf(PQiP2),
			Condition:   Condition{RoSH: ValuesOf(tiering.RoSHMedium)},
		},
		{
			ID:          "pqip-stage2-complex",
			Description: "In months 6–12 of training a PQiP learner needs an override reason to hold a domestic abuse, child safeguarding, stalking, sexual offending, lifer or gang case",
			Source:      wmtPQiP,
			Basis:       ReasonableDefault,
			Severity:    Soft,
			Grades:      SetOf(PQiP2),
			Condition:   Condition{FlagsAny: complexFlags},
		},
	}
}
