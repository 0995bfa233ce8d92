package allocation

import (
	"fmt"
	"slices"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/internal/check"
)

// DailyProblem returns the daily-batch problem of a caseload: place the
// cases of cl that wait for a practitioner (no holder), on top of the
// work every practitioner holds now. Everything comes from cl: points
// from its weights at its as-of date (caseload.Caseload.CasePoints), each
// practitioner's Available from its capacity, and Load is everything they
// hold now (cases, court reports and CMS adjustments:
// caseload.Workload.Points). A case's PDU and Region are those of the
// practitioners of its team. Policy is left nil (the national policy);
// set it, Neighbours and the practitioners' MaxNew or Unavailable on the
// result as needed. O(cases log cases + practitioners).
func DailyProblem(cl *caseload.Caseload) *Problem {
	p, _ := fromCaseload(cl, false, nil)
	return p
}

// RebalanceProblem returns the problem of reconsidering every case of a
// caseload: waiting cases are placed, held cases carry their holder as
// Current and move only when that pays (see Weights[Move] and
// Settings.MoveBudget), and the practitioners named in departing are
// Unavailable, so their cases must move ("officer left"). Load is what
// each practitioner holds besides the cases: court reports and CMS
// adjustments. Otherwise as DailyProblem. It returns a
// *probation.ValidationError naming every departing ID that is not a
// practitioner of cl.
func RebalanceProblem(cl *caseload.Caseload, departing ...string) (*Problem, error) {
	return fromCaseload(cl, true, departing)
}

func fromCaseload(cl *caseload.Caseload, rebalance bool, departing []string) (*Problem, error) {
	ws := cl.Workloads()
	p := &Problem{Practitioners: make([]Practitioner, len(ws))}
	type place struct{ pdu, region string }
	teams := make(map[string]place)
	for i, w := range ws {
		pr, _ := cl.Practitioner(w.Practitioner)
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
	errs := check.List{Op: "allocation.RebalanceProblem"}
	for k, id := range departing {
		if _, ok := cl.Practitioner(id); !ok {
			errs.Add(probation.FieldError{Record: "practitioner", Index: k, ID: id, Field: fmt.Sprintf("departing[%d]", k), Value: id, Message: "not a practitioner of the caseload"})
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	for _, c := range cl.Cases() {
		if c.Practitioner != "" && !rebalance {
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
			Current:      c.Practitioner,
			Previous:     c.Previous,
			RestrictedTo: c.RestrictedTo,
			ExcludedFrom: c.ExcludedFrom,
			Location:     c.Location,
		})
	}
	return p, nil
}
