package synth

import "slices"

// Size says how big an instance is and what state its caseloads are in.
type Size struct {
	// Name labels the instance ("pdu", "region" …); it is copied to
	// Instance.Name and used as the benchmark name.
	Name string

	// Family is the shape of the instance; the zero value is Standard.
	Family Family

	// Cases is the number of cases listed in the instance, held and new.
	Cases int
	// Practitioners is the number of practitioners, at least 1.
	Practitioners int
	// New is how many of the cases wait for allocation (Practitioner
	// empty); the other Cases−New are held. 0 ≤ New ≤ Cases.
	New int

	// Utilisation is the target of Σ points / Σ available points over the
	// whole instance, where the points are the base loads plus every listed
	// case, held or new: 0.95 means 95%. 0 means 0.95 when every case is
	// new and 1.15 otherwise.
	Utilisation float64

	// Spread is the standard deviation, between practitioners, of the
	// utilisation of the load each starts with (base load plus held
	// cases), before any new case is placed. 0 means 0.12 when cases are
	// held; with no held cases the base loads are spread uniformly around
	// their mean and Spread is not used.
	Spread float64

	// Departing asks for one practitioner holding cases to be marked as
	// leaving (Instance.Departing), as in a rebalance after an officer
	// has left. It needs held cases.
	Departing bool
}

// AllNew reports whether every case of s waits for allocation.
func (s Size) AllNew() bool { return s.New == s.Cases }

// utilisation returns Utilisation with its default applied.
func (s Size) utilisation() float64 {
	switch {
	case s.Utilisation > 0:
		return s.Utilisation
	case s.AllNew():
		return 0.95
	}
	return 1.15
}

// spread returns Spread with its default applied.
func (s Size) spread() float64 {
	if s.Spread > 0 {
		return s.Spread
	}
	return 0.12
}

// The named sizes. pdu, region and national are the instances of the
// measured anchors (optimizer.md §5: all cases new, 95% of capacity);
// daily and rebalance are the two instance kinds §6.2 asks for next.
var sizes = []Size{
	{Name: "pdu", Cases: 2000, Practitioners: 70, New: 2000, Utilisation: 0.95},
	{Name: "region", Cases: 30000, Practitioners: 1000, New: 30000, Utilisation: 0.95},
	{Name: "national", Cases: 240000, Practitioners: 10000, New: 240000, Utilisation: 0.95},
	// A region whose caseloads are held at the national average of
	// 110–120% (workload.md §4) receives a day's 300 new cases.
	{Name: "daily", Cases: 30300, Practitioners: 1000, New: 300, Utilisation: 1.15, Spread: 0.12},
	// A region with uneven loads and one practitioner leaving.
	{Name: "rebalance", Cases: 30000, Practitioners: 1000, New: 0, Utilisation: 1.15, Spread: 0.30, Departing: true},
}

// Sizes returns the named sizes of the Standard family in the order pdu,
// region, national, daily, rebalance. The slice is a copy. See
// [Family.Sizes] for the other families.
func Sizes() []Size { return slices.Clone(sizes) }

// SizeNamed returns the named size of any family: "region" is the
// Standard region and "uneven-region" the Uneven one (the names
// [Family.Sizes] gives). It returns false if there is none.
func SizeNamed(name string) (Size, bool) {
	for _, f := range Families() {
		for _, s := range f.Sizes() {
			if s.Name == name {
				return s, true
			}
		}
	}
	return Size{}, false
}
