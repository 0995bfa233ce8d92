package bench

import (
	"math"
	"slices"

	"github.com/probationkit/probation/caseload"
)

// Week is one week of a simulation: the weekly snapshot taken at the end
// of its last day, and what happened over its days.
type Week struct {
	// The snapshot, over the practitioners in post with available points
	// (Practitioners of them): the highest workload %, the 95th
	// percentile (nearest rank) and the population standard deviation of
	// workload %, and how many are above 100% and above 110%.
	Practitioners    int
	Max, P95, SD     float64
	Over100, Over110 int
	// Excessive counts the practitioners in post whose last
	// caseload.ExcessiveWeeks weekly snapshots were all over 110%
	// (caseload.Excessive): WMT's "over 110% for four consecutive weeks".
	// A practitioner who joined less than four weeks ago, or whose
	// available points were 0 at a snapshot (away in full), is not.
	Excessive int
	// Held and Waiting count the cases held and waiting at the snapshot;
	// Absent the cases held by practitioners with no available points
	// (away in full: long-term sickness, maternity), whom nobody works
	// until a rebalance moves them.
	Held, Waiting, Absent int

	// Days counts the days of the week played: 7, or fewer for the last
	// week of a stream whose days are not a whole number of weeks (its
	// snapshot is taken on its last day and counts as a weekly one).
	Days int
	// Arrivals counts the cases that arrived (on day 0, the instance's
	// waiting cases too); ClosedWaiting those of them that ended before
	// anyone held them.
	Arrivals, ClosedWaiting int
	// Placed counts the waiting cases placed (arrivals, and cases waiting
	// again after a leaver or a change); PlacedArrivals those placed for
	// the first time, and WaitDays the sum of their days from arrival to
	// allocation.
	Placed, PlacedArrivals, WaitDays int
	// WithPrevious counts the placements of cases whose previous
	// practitioner was in post; Kept those placed with them.
	WithPrevious, Kept int
	// Reallocated counts the held cases that had to wait again: their
	// holder left, or a change of tier, RoSH or MAPPA meant their
	// holder's grade could no longer hold them. Moved counts the held
	// cases a rebalance moved to another practitioner.
	Reallocated, Moved int

	// Batches counts the daily batches run (a day with no waiting case
	// has none); BatchSeconds is their total wall time and BatchMax the
	// longest. Rebalances and RebalanceSeconds are the same for the
	// rebalances, each timed from the proposal to its acceptance.
	Batches          int
	BatchSeconds     float64
	BatchMax         float64
	Rebalances       int
	RebalanceSeconds float64
}

// snapshot takes the weekly snapshot, closes the week and starts the next.
func (s *Sim) snapshot() {
	w := &s.week
	ws := s.eng.Workloads()
	percents := make([]float64, 0, len(ws))
	for _, wl := range ws {
		w.Held += wl.Cases
		h := append(s.history[wl.Practitioner], wl.Percent)
		if len(h) > caseload.ExcessiveWeeks {
			h = h[len(h)-caseload.ExcessiveWeeks:]
		}
		s.history[wl.Practitioner] = h
		if caseload.Excessive(h) {
			w.Excessive++
			s.ever[wl.Practitioner] = true
		}
		if wl.Available <= 0 {
			w.Absent += wl.Cases
			continue
		}
		percents = append(percents, wl.Percent)
		if wl.Over100 {
			w.Over100++
		}
		if wl.Over110 {
			w.Over110++
		}
	}
	w.Practitioners = len(percents)
	w.Max, w.P95, w.SD = spread(percents)
	w.Waiting = len(s.eng.Waiting())
	s.weeks = append(s.weeks, *w)
	s.week = Week{}
}

// spread returns the highest value, the 95th percentile (nearest rank:
// the ⌈0.95·n⌉-th smallest) and the population standard deviation of xs,
// which it sorts; all 0 for none.
func spread(xs []float64) (top, p95, sd float64) {
	n := len(xs)
	if n == 0 {
		return 0, 0, 0
	}
	slices.Sort(xs)
	var sum, sq float64
	for _, x := range xs {
		sum += x
		sq += x * x
	}
	mean := sum / float64(n)
	rank := int(math.Ceil(0.95*float64(n))) - 1
	return xs[n-1], xs[max(rank, 0)], math.Sqrt(max(0, sq/float64(n)-mean*mean))
}
