package caseload

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
)

// Spell is one period of supervision of a case by a team: the dates the
// caseload's own records carry (the sentence or allocation date, and the
// termination date once the case has closed). Closed cases are no longer
// in a [Caseload], so spells are a separate record: the history that
// arrival and termination rates are estimated from.
type Spell struct {
	Case  string    `json:"case"`         // the case ID
	Team  string    `json:"team"`         // the team that held the case
	Start time.Time `json:"start"`        // first day of supervision
	End   time.Time `json:"end,omitzero"` // day supervision ended; zero while open
}

// Flow is the rate at which a team's caseload turns over: new cases a
// month, and the share of open cases that end each month. The zero Flow
// holds the caseload as it is.
type Flow struct {
	// Arrivals is the new cases a month.
	Arrivals float64 `json:"arrivals_per_month"`
	// Termination is the probability that an open case ends within a
	// month, 0–1.
	Termination float64 `json:"termination_per_month"`
}

// TeamFlow is the flow of one team and what it was estimated from.
type TeamFlow struct {
	Team string `json:"team"`
	Flow
	// Starts and Ends count the spells that started and ended in the window.
	Starts int `json:"starts"`
	Ends   int `json:"ends"`
	// ExposureMonths is the months of open supervision in the window,
	// summed over spells.
	ExposureMonths float64 `json:"exposure_months"`
	// Pooled reports that the team had less than MinExposureMonths of
	// exposure, so its termination rate is the national one.
	Pooled bool `json:"pooled,omitempty"`
}

// Flows is the result of [EstimateFlows]: a flow per team, sorted by
// team, and the national flow (the sums over teams).
type Flows struct {
	WindowMonths int        `json:"window_months"`
	National     TeamFlow   `json:"national"`
	Teams        []TeamFlow `json:"teams"`
}

// Team returns the flow of the team, and false if the team is not listed.
// O(teams).
func (f *Flows) Team(code string) (Flow, bool) {
	i := slices.IndexFunc(f.Teams, func(t TeamFlow) bool { return t.Team == code })
	if i < 0 {
		return Flow{}, false
	}
	return f.Teams[i].Flow, true
}

// MinExposureMonths is the exposure below which a team's termination rate
// is too noisy to use and the national rate stands in for it: a year of
// one case, or a month of twelve.
const MinExposureMonths = 12

// EstimateFlows estimates each team's arrival and termination rates from
// the spells over the window of the given number of months before asOf
// (0 means 12). It returns a *probation.ValidationError listing every bad
// spell (Record "spell"): an empty case or team, a zero start, an end
// before the start.
//
// The method, for a window [asOf − W, asOf):
//
//	arrivals/month  = spells starting in the window / W
//	λ               = spells ending in the window / months of exposure in the window
//	termination     = 1 − e^(−λ)
//
// where a spell's exposure is the months its [Start, End) overlaps the
// window (End = asOf while open). λ is the maximum-likelihood hazard of
// an exponential duration, which uses closed and open spells alike, so
// that a caseload of long cases is not read as one of short ones; the
// monthly probability follows from it. Spells that start on or after
// asOf are ignored. A team with under MinExposureMonths of exposure takes
// the national λ. O(spells log spells).
func EstimateFlows(spells []Spell, asOf time.Time, windowMonths int) (*Flows, error) {
	if windowMonths <= 0 {
		windowMonths = 12
	}
	errs := check.List{Op: "caseload.EstimateFlows"}
	for i, s := range spells {
		bad := func(field, value, msg string) {
			errs.Add(probation.FieldError{Record: "spell", ID: s.Case, Index: i, Field: field, Value: value, Message: msg})
		}
		if s.Case == "" {
			bad("case", "", "empty: want the case ID")
		}
		if s.Team == "" {
			bad("team", "", "empty: want the team code")
		}
		if s.Start.IsZero() {
			bad("start", "", "missing: want the first day of supervision")
		}
		if !s.End.IsZero() && s.End.Before(s.Start) {
			bad("end", s.End.Format(time.DateOnly), "before the start "+s.Start.Format(time.DateOnly))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	from := asOf.AddDate(0, -windowMonths, 0)
	idx := map[string]int{}
	var teams []TeamFlow
	for _, s := range spells {
		if !s.Start.Before(asOf) {
			continue
		}
		i, ok := idx[s.Team]
		if !ok {
			i = len(teams)
			idx[s.Team] = i
			teams = append(teams, TeamFlow{Team: s.Team})
		}
		t := &teams[i]
		if !s.Start.Before(from) {
			t.Starts++
		}
		end := s.End
		if end.IsZero() || end.After(asOf) {
			end = asOf
		} else if !end.Before(from) {
			t.Ends++
		}
		lo := s.Start
		if lo.Before(from) {
			lo = from
		}
		if end.After(lo) {
			t.ExposureMonths += monthsBetween(lo, end)
		}
	}
	slices.SortFunc(teams, func(a, b TeamFlow) int { return cmp.Compare(a.Team, b.Team) })
	nat := TeamFlow{}
	for _, t := range teams {
		nat.Starts += t.Starts
		nat.Ends += t.Ends
		nat.ExposureMonths += t.ExposureMonths
	}
	w := float64(windowMonths)
	hazard := func(ends int, exposure float64) float64 {
		if exposure <= 0 {
			return 0
		}
		return 1 - math.Exp(-float64(ends)/exposure)
	}
	nat.Arrivals = float64(nat.Starts) / w
	nat.Termination = hazard(nat.Ends, nat.ExposureMonths)
	for i := range teams {
		t := &teams[i]
		t.Arrivals = float64(t.Starts) / w
		if t.ExposureMonths < MinExposureMonths {
			t.Termination, t.Pooled = nat.Termination, true
		} else {
			t.Termination = hazard(t.Ends, t.ExposureMonths)
		}
	}
	return &Flows{WindowMonths: windowMonths, National: nat, Teams: teams}, nil
}

// project returns the expected value after m months of a stock that
// starts at x0, loses the share h each month and gains a each month:
//
//	x(m) = x0 (1 − h)^m + a (1 − (1 − h)^m) / h     (a m when h = 0)
//
// the closed form of x(m+1) = x(m)(1 − h) + a.
func project(x0, a, h float64, m int) float64 {
	if h <= 0 {
		return x0 + a*float64(m)
	}
	k := math.Pow(1-h, float64(m))
	return x0*k + a*(1-k)/h
}
