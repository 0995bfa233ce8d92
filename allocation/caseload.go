package allocation

import (
	"slices"

	"github.com/probationkit/probation/caseload"
)

// Daily returns the daily-batch problem of a caseload: place the cases of
// cl that wait for a practitioner (Holder ""), on top of the work every
// practitioner holds now.
//
// cases are the case records cl was built from (cl does not keep them);
// every one must be in cl. Points come from cl's weights at its as-of date
// (caseload.Caseload.CasePoints), each practitioner's Available from cl's
// capacity, and Load is everything they hold now — cases, court reports
// and CMS adjustments (caseload.Workload.Points). A case's PDU and Region
// are those of the practitioners of its team. Policy is left nil (the
// national policy); set it, Neighbours and the practitioners' MaxNew or
// Unavailable on the result as needed. O(cases + practitioners).
func Daily(cl *caseload.Caseload, cases []caseload.Case) (*Problem, error) {
	return fromCaseload(cl, cases, false, nil)
}

// Rebalance returns the problem of reconsidering every case of a
// caseload: waiting cases are placed, held cases carry their holder as
// Current and move only when that pays (see Settings.MoveCost and
// MoveBudget), and the practitioners named in departing are Unavailable,
// so their cases must move ("officer left"). Load is what each
// practitioner holds besides the cases: court reports and CMS
// adjustments. Otherwise as Daily.
func Rebalance(cl *caseload.Caseload, cases []caseload.Case, departing ...string) (*Problem, error) {
	return fromCaseload(cl, cases, true, departing)
}

func fromCaseload(cl *caseload.Caseload, cases []caseload.Case, rebalance bool, departing []string) (*Problem, error) {
	ws := cl.Workloads()
	p := &Problem{Practitioners: make([]Practitioner, len(ws))}
	index := make(map[string]int, len(ws))
	type place struct{ pdu, region string }
	teams := make(map[string]place)
	for i, w := range ws {
		pr, _ := cl.Practitioner(w.Practitioner)
		index[w.Practitioner] = i
		if _, ok := teams[pr.Team]; !ok {
			teams[pr.Team] = place{pr.PDU, pr.Region}
		}
		load := w.Points
		if rebalance {
			load -= w.CasePoints
		}
		p.Practitioners[i] = Practitioner{
			ID:          pr.ID,
			Grade:       pr.Grade,
			Team:        pr.Team,
			PDU:         pr.PDU,
			Region:      pr.Region,
			Available:   w.Available,
			Load:        load,
			Unavailable: slices.Contains(departing, pr.ID),
			Location:    pr.Location,
		}
	}
	var bad []FieldError
	for _, id := range departing {
		if _, ok := index[id]; !ok {
			bad = append(bad, FieldError{Record: "practitioner", Index: -1, ID: id, Field: "departing", Msg: "not a practitioner of the caseload"})
		}
	}
	for k, c := range cases {
		holder, ok := cl.Holder(c.ID)
		if !ok {
			bad = append(bad, FieldError{Record: "case", Index: k, ID: c.ID, Field: "id", Msg: "not in the caseload"})
			continue
		}
		if holder != "" && !rebalance {
			continue
		}
		points, _ := cl.CasePoints(c.ID)
		t := teams[c.Team]
		p.Cases = append(p.Cases, Case{
			ID:           c.ID,
			Points:       points,
			Risk:         c.Risk,
			Tier:         c.Tier,
			Team:         c.Team,
			PDU:          t.pdu,
			Region:       t.region,
			Current:      holder,
			Previous:     c.Previous,
			RestrictedTo: c.RestrictedTo,
			ExcludedFrom: c.ExcludedFrom,
			Location:     c.Location,
		})
	}
	if len(bad) > 0 {
		return nil, &ProblemError{Problems: bad}
	}
	return p, nil
}
