// Package demo builds the service's first state from the default dataset
// of examples/allocate: one synthetic probation delivery unit of 70
// practitioners in 7 teams, about 2,300 held cases and 42 cases waiting.
//
// The held cases and the practitioners make the caseload the engine
// starts from. The waiting cases do not: they arrive afterwards, as
// CaseArrives events spread over the two weeks before the dataset's
// as-of date, so that the waiting list shows real waits and the journal
// starts with real events.
package demo

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/examples/allocate/data"
)

// AsOf is the dataset's as-of date (examples/allocate's default).
var AsOf = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// Load returns the caseload of the held cases at AsOf and the arrival
// events of the waiting cases, in time order. The k-th waiting case (in
// ID order) arrives (k×5 mod 14) days before AsOf, during the working
// day, so arrivals are spread but reproducible.
func Load() (*caseload.Caseload, []allocation.Event, error) {
	cases, err := read("cases.csv", caseload.ReadCasesCSV)
	if err != nil {
		return nil, nil, err
	}
	pf, err := data.FS.Open("practitioners.csv")
	if err != nil {
		return nil, nil, err
	}
	defer pf.Close()
	rf, err := data.FS.Open("reductions.csv")
	if err != nil {
		return nil, nil, err
	}
	defer rf.Close()
	prs, err := caseload.ReadPractitionersCSV(pf, rf)
	if err != nil {
		return nil, nil, fmt.Errorf("demo: practitioners: %w", err)
	}
	var held, waiting []caseload.Case
	for _, c := range cases {
		if c.Practitioner == "" {
			waiting = append(waiting, c)
		} else {
			held = append(held, c)
		}
	}
	cl, err := caseload.Build(held, prs, AsOf, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("demo: %w", err)
	}
	slices.SortFunc(waiting, func(a, b caseload.Case) int { return cmp.Compare(a.ID, b.ID) })
	evs := make([]allocation.Event, len(waiting))
	for k, c := range waiting {
		at := AsOf.AddDate(0, 0, -(k*5)%14-1).Add(9*time.Hour + time.Duration(k*37%480)*time.Minute)
		evs[k] = allocation.CaseArrives(at, c)
	}
	slices.SortStableFunc(evs, func(a, b allocation.Event) int { return a.At.Compare(b.At) })
	return cl, evs, nil
}

func read[T any](name string, dec func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := data.FS.Open(name)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	v, err := dec(f)
	if err != nil {
		return zero, fmt.Errorf("demo: %s: %w", name, err)
	}
	return v, nil
}
