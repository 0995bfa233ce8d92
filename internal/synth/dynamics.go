package synth

import (
	"fmt"

	"github.com/probationkit/probation/caseload"
)

// Dynamics holds the parameters of the event generator ([GenerateEvents]):
// how long cases last, how often they change, and how staff come, go,
// train and take time off. [DefaultDynamics] documents each value and
// its source; where the domain notes (shared/domain) give no figure the
// value is our choice, and the field says so and why.
//
// Volumes are not parameters: the arrival rate of each case type
// follows from the starting instance's caseload and the mean durations
// below by Little's law (see [Rates]), so that a stream keeps the
// caseload about as large as it starts.
type Dynamics struct {
	// Community is the length in months of a community order or of the
	// supervision period of a suspended sentence order: the time a
	// community case stays under supervision.
	Community LogNormal
	// Sentence is the length in months of a custodial sentence.
	Sentence LogNormal
	// Release is the share of a custodial sentence served in custody
	// before release on licence (0–1).
	Release float64
	// MinSupervision is the least supervision after release, in months:
	// licence plus post-sentence supervision.
	MinSupervision float64
	// Reset is the point of a community order or licence, as a share of
	// its length, after which the Probation Reset stops active
	// supervision (the case's tier gains the S suffix) unless the case is
	// exempt.
	Reset float64

	// TierReview, RoSHReview and MAPPAReview are the rates, per case and
	// year under supervision, at which a reassessment may move the
	// case's change level, RoSH level or MAPPA level one step (see
	// GenerateEvents for which steps happen).
	TierReview, RoSHReview, MAPPAReview float64

	// Previous, Excluded and Restricted are the shares of arriving cases
	// that name a previous practitioner, exclude one member of their
	// team, or are restricted to a short list of their team.
	Previous, Excluded, Restricted float64

	// Leaving is the rate, per practitioner and year in post, at which
	// practitioners leave.
	Leaving float64
	// VacancyDays is the range [min, max) of days, uniform, before a
	// leaver's post is filled by a joiner in the same team.
	VacancyDays [2]int
	// QualifyMonths is the length of PQiP training: a trainee qualifies
	// (and becomes an NQO) this many months after starting.
	QualifyMonths int
	// TrainingYears is the time a trainee spends as a PQiP and then an
	// NQO, used to work out what share of refilled PO posts go to new
	// trainees (see GenerateEvents).
	TrainingYears float64

	// Sickness, Maternity and Secondment are the absences that take
	// hours off a practitioner for a while, each a caseload reduction.
	Sickness, Maternity, Secondment Absence
}

// Absence is one kind of time away from the caseload, recorded as a
// reduction: episodes start at Rate per practitioner-year in post and not
// already away, take Share of the contracted hours off, and last Weeks.
type Absence struct {
	// Reason is the reduction reason code in caseload.NationalCapacity's
	// catalogue.
	Reason string
	// Rate is episodes per practitioner-year; 0 turns the absence off.
	Rate float64
	// Share is the share of contracted hours taken off, 0–1.
	Share float64
	// Weeks is the length of an episode in weeks.
	Weeks LogNormal
}

// DefaultDynamics returns the parameters that GenerateEvents uses unless
// told otherwise. Months are 365.25/12 days; rates are per year of 365.25
// days. Sources:
//
//   - Community: log-normal, median 12 months, log-SD 0.5, truncated to
//     6–36 months (mean 13.9). The domain notes give no order lengths.
//     36 months is the statutory maximum of a community order (Sentencing
//     Act 2020); most orders and SSO supervision periods run 12–24 months
//     in our reading of sentencing practice, hence the median and spread,
//     which are our choice.
//   - Sentence: log-normal, median 18 months, log-SD 0.9, truncated to
//     2–120 months (mean 24.5). The domain notes give no sentence
//     lengths; the shape (many short sentences, a long tail) is our
//     choice. Indeterminate and very long sentences are left out.
//   - Release 0.5: standard determinate sentences are served half in
//     custody and half on licence (Criminal Justice Act 2003, automatic
//     release at the halfway point; some are released at 40% since 2024
//     and some serious ones at two thirds; not in the domain notes).
//   - MinSupervision 12 months: sentences under two years get
//     post-sentence supervision up to 12 months after release (Offender
//     Rehabilitation Act 2014; not in the domain notes).
//   - Reset 2/3: from June 2024 the Probation Reset stops active
//     supervision after the two-thirds point of licences and of community
//     orders or SSOs with a RAR; MAPPA, very high RoSH and active child
//     protection cases are exempt; WMT marks these cases with an S tier
//     (domain/workload.md §1.1). Which non-exempt cases turn S is
//     calibrated to the starting instance (GenerateEvents).
//   - TierReview 0.5, RoSHReview 0.2, MAPPAReview 0.05 per case-year: our
//     choice; the sources give no reassessment rates. hmpps-tier
//     recalculates a tier whenever its inputs change (domain/tiering.md,
//     domain/allocation.md §2.1); we assume a need score moves a step
//     about every other year, a RoSH level every five years and a MAPPA
//     level every twenty, before the acceptance step of GenerateEvents.
//   - Previous 0.30, Excluded 0.01, Restricted 0.002: the shares of the
//     instances (optimizer.md §6.2; the restricted share is our choice).
//   - Leaving 0.12 per practitioner-year: the domain notes give no leaving
//     rate. Band 3 and 4 staff in post were flat from Sep 2022 to Dec
//     2024 (about 10,700 FTE, domain/workload.md §4) while about 1,500
//     trainees were recruited a year (allocation.md §5), so leavers were
//     of the order of 10–15% a year; 12% is our choice in that range.
//   - VacancyDays 28–182: our choice (four weeks to six months to
//     recruit); the long-standing PO vacancies (29% nationally, 34% in
//     London, allocation.md §5) are already in the instance's staffing.
//   - QualifyMonths 21: the full-time PQiP course is 15 or 21 months
//     (allocation.md §1.4); the instances spread trainees over 21 months.
//   - TrainingYears 2.5: 21 months as a PQiP and 9 as an NQO (the NQO
//     reduction lasts 9 months, workload.md §2.5).
//   - Sickness: reason "Long Term Sickness Absence" (100% of hours,
//     workload.md §2.5), 0.10 episodes per practitioner-year, length
//     log-normal of median 6 weeks, log-SD 0.7, truncated to 4–52 weeks
//     (mean 9.5). The sources give no sickness figures; the rate and
//     lengths are our choice, about 5 working days a year per
//     practitioner lost to long-term sickness (4 weeks being where
//     sickness usually counts as long-term).
//   - Maternity: reason "Maternity Leave", 100% of hours for 26 weeks
//     (the catalogue's allowance and its 6 months to expiry, workload.md
//     §2.5), 0.02 episodes per practitioner-year (our choice).
//   - Secondment: reason "Split Role" (the catalogue has no secondment
//     reason; a practitioner seconded part-time splits their role), 50%
//     of hours for 26–52 weeks (log-normal of median 37 weeks, log-SD
//     0.2, truncated; mean 37.4), 0.03 per practitioner-year. Secondments
//     are common (626 POs and 135 SPOs were seconded to prisons under
//     OMiC in 2022, allocation.md §5, though those posts are outside
//     community caseloads); the rate, share and length are our choice.
func DefaultDynamics() Dynamics {
	return Dynamics{
		Community:      LogNormal{Median: 12, Sigma: 0.5, Min: 6, Max: 36},
		Sentence:       LogNormal{Median: 18, Sigma: 0.9, Min: 2, Max: 120},
		Release:        0.5,
		MinSupervision: 12,
		Reset:          2.0 / 3,
		TierReview:     0.5,
		RoSHReview:     0.2,
		MAPPAReview:    0.05,
		Previous:       previousShare,
		Excluded:       excludedShare,
		Restricted:     restrictedShare,
		Leaving:        0.12,
		VacancyDays:    [2]int{28, 182},
		QualifyMonths:  pqipMonths,
		TrainingYears:  2.5,
		Sickness: Absence{Reason: ReasonSickness, Rate: 0.10, Share: 1,
			Weeks: LogNormal{Median: 6, Sigma: 0.7, Min: 4, Max: 52}},
		Maternity: Absence{Reason: ReasonMaternity, Rate: 0.02, Share: 1,
			Weeks: LogNormal{Median: 26, Sigma: 0, Min: 26, Max: 26}},
		Secondment: Absence{Reason: ReasonSecondment, Rate: 0.03, Share: 0.5,
			Weeks: LogNormal{Median: 37, Sigma: 0.2, Min: 26, Max: 52}},
	}
}

// The reduction reasons of the default absences: codes of
// caseload.NationalCapacity's catalogue (domain/workload.md §2.5).
const (
	ReasonSickness   = "LONG_TERM_SICKNESS"
	ReasonMaternity  = "MATERNITY"
	ReasonSecondment = "SPLIT_ROLE"
)

// check reports parameters GenerateEvents cannot use.
func (d *Dynamics) check(capacity *caseload.Capacity) error {
	for _, l := range []struct {
		name string
		law  LogNormal
	}{{"Community", d.Community}, {"Sentence", d.Sentence}, {"Sickness.Weeks", d.Sickness.Weeks},
		{"Maternity.Weeks", d.Maternity.Weeks}, {"Secondment.Weeks", d.Secondment.Weeks}} {
		if err := l.law.check(l.name); err != nil {
			return err
		}
	}
	share := func(x float64) bool { return x >= 0 && x <= 1 }
	rate := func(x float64) bool { return x >= 0 && x <= 1000 }
	switch {
	case !(d.Release > 0 && d.Release < 1) || !(d.Reset > 0 && d.Reset < 1) || !(d.MinSupervision >= 0):
		return fmt.Errorf("synth: dynamics: Release %v and Reset %v must lie in (0, 1), MinSupervision %v ≥ 0", d.Release, d.Reset, d.MinSupervision)
	case !rate(d.TierReview) || !rate(d.RoSHReview) || !rate(d.MAPPAReview) || !rate(d.Leaving):
		return fmt.Errorf("synth: dynamics: rates must lie in 0…1000 a year")
	case !share(d.Previous) || !share(d.Excluded) || !share(d.Restricted) || d.Excluded+d.Restricted > 1:
		return fmt.Errorf("synth: dynamics: Previous, Excluded and Restricted must be shares, Excluded + Restricted ≤ 1")
	case d.VacancyDays[0] < 1 || d.VacancyDays[1] <= d.VacancyDays[0]:
		return fmt.Errorf("synth: dynamics: VacancyDays %v must be a range [min, max) with 1 ≤ min < max", d.VacancyDays)
	case d.QualifyMonths < 18 || !(d.TrainingYears > 0):
		return fmt.Errorf("synth: dynamics: QualifyMonths %d must be at least 18 (the PQiP reductions) and TrainingYears %v positive", d.QualifyMonths, d.TrainingYears)
	}
	for _, a := range []Absence{d.Sickness, d.Maternity, d.Secondment} {
		if _, ok := capacity.Reason(a.Reason); !ok || !rate(a.Rate) || !(a.Share > 0 && a.Share <= 1) {
			return fmt.Errorf("synth: dynamics: absence %+v: want a reason of the national catalogue, a rate in 0…1000 and a share in (0, 1]", a)
		}
	}
	return nil
}
