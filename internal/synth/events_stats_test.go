package synth_test

import (
	"math"
	"slices"
	"testing"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/internal/synth"
)

const monthDays = 365.25 / 12

// quantile returns the p-quantile of sorted xs (nearest rank).
func quantile(sorted []float64, p float64) float64 {
	return sorted[int(math.Round(p*float64(len(sorted)-1)))]
}

// observed returns the lengths in days of the spans that arrived by day
// last (so that every such span ended within the horizon), sorted.
func observed(spans []span, last int) []float64 {
	var xs []float64
	for _, s := range spans {
		if s.arrived <= last {
			xs = append(xs, float64(s.days))
		}
	}
	slices.Sort(xs)
	return xs
}

// TestEventsDurations checks that arriving cases last as
// DefaultDynamics says, over 12 years of a caseload of 6,000: community
// orders (about 27,000 fully observed) against the truncated log-normal
// of Community, custody to release (about 6,000) against Release ×
// Sentence, and supervision after release (about 1,800) against
// max((1 − Release)·Sentence, MinSupervision). Tolerances are 3–5
// standard errors: 2% on the community mean and 3% on its deciles and
// median; 4% on the custody mean and 5% on its quantiles; 5% on the
// supervision mean and 8% on its quantiles (the lower two sit on the
// 12-month floor). Days are whole, so each length is off by up to half a
// day.
func TestEventsDurations(t *testing.T) {
	if testing.Short() {
		t.Skip("replays 12 years")
	}
	size := synth.Size{Name: "durations", Cases: 6000, Practitioners: 200, New: 0}
	in := synth.Generate(size, 4)
	const years = 12
	s := synth.GenerateEvents(in, years*365, 4, nil)
	rp := newReplay(t, in, s).run()
	d := synth.DefaultDynamics()

	type law struct {
		quantile func(p float64) float64
		mean     float64
	}
	scale := func(l synth.LogNormal, k float64) law {
		return law{func(p float64) float64 { return k * l.Quantile(p) * monthDays }, k * l.Mean() * monthDays}
	}
	supervision := law{
		func(p float64) float64 {
			return max((1-d.Release)*d.Sentence.Quantile(p), d.MinSupervision) * monthDays
		},
		d.Sentence.MeanMaxScaled(1-d.Release, d.MinSupervision) * monthDays,
	}
	tests := []struct {
		name, reason  string
		spans         []span
		longest       float64 // months, to keep fully observed spans
		law           law
		meanTol, qTol float64
		minN          int
	}{
		{"community", "order length, Community", rp.community, d.Community.Max, scale(d.Community, 1), 0.02, 0.03, 20000},
		{"custody", "time to release, Release × Sentence", rp.custody, d.Release * d.Sentence.Max, scale(d.Sentence, d.Release), 0.04, 0.05, 4000},
		{"supervision", "release to end, max((1−Release)·Sentence, MinSupervision)", rp.supervision, d.Sentence.Max, supervision, 0.05, 0.08, 1200},
	}
	for _, tt := range tests {
		xs := observed(tt.spans, s.Days-1-int(math.Ceil(tt.longest*monthDays)))
		if len(xs) < tt.minN {
			t.Errorf("%s: %d fully observed, want at least %d", tt.name, len(xs), tt.minN)
			continue
		}
		sum := 0.0
		for _, x := range xs {
			sum += x
		}
		if got := sum / float64(len(xs)); math.Abs(got/tt.law.mean-1) > tt.meanTol {
			t.Errorf("%s: mean %.1f days over %d, want %.1f ± %.0f%% (%s)", tt.name, got, len(xs), tt.law.mean, 100*tt.meanTol, tt.reason)
		}
		for _, p := range []float64{0.1, 0.5, 0.9} {
			if got, want := quantile(xs, p), tt.law.quantile(p); math.Abs(got/want-1) > tt.qTol {
				t.Errorf("%s: %.0f%% quantile %.0f days, want %.1f ± %.0f%% (%s)", tt.name, 100*p, got, want, 100*tt.qTol, tt.reason)
			}
		}
	}
}

// accept returns Σ_k min(π_k, π_k+1) of the distribution counts: the
// expected share of Metropolis steps kept from a stock distributed as π
// (see GenerateEvents).
func accept(counts []float64) float64 {
	total := 0.0
	for _, c := range counts {
		total += c
	}
	if total == 0 {
		return 0
	}
	a := 0.0
	for k := 0; k+1 < len(counts); k++ {
		a += min(counts[k], counts[k+1]) / total
	}
	return a
}

// TestEventsReassessments checks the rates of tier, RoSH and MAPPA
// changes on a year of the daily size: each is its review rate × the
// case-years under supervision × the share of steps kept, worked out
// here from the instance's own level distributions. The tolerances are
// 4–5 standard errors of a Poisson count: 5% for about 10,000 tier
// changes, 8% for about 3,500 RoSH changes and 30% for about 150 MAPPA
// changes (four times as much on the small -short instance).
func TestEventsReassessments(t *testing.T) {
	in, s, rp := regionYear(t)
	d := synth.DefaultDynamics()
	var change [caseload.NumCaseTypes][]float64
	rosh, mappa := make([]float64, 5), make([]float64, 4)
	for typ := range change {
		change[typ] = make([]float64, 4)
	}
	for _, c := range in.Cases {
		change[c.Type][c.Tier.Change()]++
		rosh[c.Risk.RoSH]++
		mappa[c.Risk.MAPPALevel]++
	}
	years := 0.0
	tier := 0.0
	for typ, days := range rp.caseDays {
		years += days / 365.25
		tier += days / 365.25 * d.TierReview * accept(change[typ])
	}
	tests := []struct {
		kind      synth.EventKind
		want, tol float64
	}{
		{synth.TierChange, tier, 0.05},
		{synth.RoSHChange, years * d.RoSHReview * accept(rosh), 0.08},
		{synth.MAPPAChange, years * d.MAPPAReview * accept(mappa), 0.30},
	}
	for _, tt := range tests {
		if testing.Short() {
			tt.tol *= 4
		}
		if got := float64(rp.kinds[tt.kind]); math.Abs(got/tt.want-1) > tt.tol {
			t.Errorf("%v: %.0f in %.0f case-years over %d days, want %.0f ± %.0f%%", tt.kind, got, years, s.Days, tt.want, 100*tt.tol)
		}
	}
}

// TestEventsStaff checks staff turnover and absences over 5 years of
// 2,000 practitioners (10,000 practitioner-years): leavers at Leaving a
// practitioner-year in post (about 1,130; within 10%), long-term
// sickness, maternity and secondment at their rates per
// practitioner-year in post and not away (about 950, 190 and 290; within
// 12%, 30% and 25%), sickness lengths against the mean of Sickness.Weeks
// (within 8%), the share of refilled PO posts going to trainees against
// Rates.Trainee (about 600 joiners; within 0.06), and every post
// refilled: as many joiners
// as leavers whose vacancy ended within the horizon, give or take the
// leavers of the last VacancyDays.
func TestEventsStaff(t *testing.T) {
	if testing.Short() {
		t.Skip("replays 5 years of 2,000 practitioners")
	}
	size := synth.Size{Name: "staff", Cases: 2000, Practitioners: 2000, New: 0}
	in := synth.Generate(size, 6)
	s := synth.GenerateEvents(in, 5*365, 6, nil)
	rp := newReplay(t, in, s).run()
	rp.validate()
	d := synth.DefaultDynamics()
	inPost, free := rp.staffDays/365.25, (rp.staffDays-rp.awayDays)/365.25
	rates := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"leaving", float64(len(rp.leavers)) / inPost, d.Leaving, 0.10},
		{"sickness", float64(len(rp.absences[d.Sickness.Reason])) / free, d.Sickness.Rate, 0.12},
		{"maternity", float64(len(rp.absences[d.Maternity.Reason])) / free, d.Maternity.Rate, 0.30},
		{"secondment", float64(len(rp.absences[d.Secondment.Reason])) / free, d.Secondment.Rate, 0.25},
	}
	for _, r := range rates {
		if math.Abs(r.got/r.want-1) > r.tol {
			t.Errorf("%s: %.4f a practitioner-year, want %.4f ± %.0f%%", r.name, r.got, r.want, 100*r.tol)
		}
	}
	sick := rp.absences[d.Sickness.Reason]
	sum := 0.0
	for _, w := range sick {
		sum += w
	}
	if got, want := sum/float64(len(sick)), d.Sickness.Weeks.Mean(); math.Abs(got/want-1) > 0.08 {
		t.Errorf("sickness: mean %.2f weeks, want %.2f ± 8%%", got, want)
	}
	if got, want := float64(rp.trainees)/float64(rp.poJoiners), s.Rates.Trainee; math.Abs(got-want) > 0.06 {
		t.Errorf("trainees among PO-post joiners: %.3f of %d, want %.3f ± 0.06", got, rp.poJoiners, want)
	}
	filled, early := rp.kinds[synth.Joiner], 0
	for _, day := range rp.leavers {
		if day < s.Days-d.VacancyDays[1] {
			early++
		}
	}
	if filled > len(rp.leavers) || filled < early {
		t.Errorf("%d joiners for %d leavers (%d leaving early enough to be replaced), want between", filled, len(rp.leavers), early)
	}
}
