package caseload

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/probationkit/probation"
)

// Impact is the effect of allocating one case to one candidate.
type Impact struct {
	Practitioner string `json:"practitioner"`
	// Holds reports that the candidate already holds the case.
	Holds bool `json:"holds"`
	// Points is the case's points under the weights in force, rounded
	// half up ([Weights.Points]). After adds the case's exact points and
	// rounds the total once, so After.Points − Before.Points may differ
	// from Points by one for a weighted T2A case.
	Points int `json:"case_points"`
	// Before and After are the candidate's workload now and with the case.
	Before Workload `json:"before"`
	After  Workload `json:"after"`
}

// Impact returns, for every candidate in order, their workload before and
// after taking case c (hmpps-workload GetOffenderManagerService
// getPotentialWorkload; domain/workload.md §3.1): after = before −
// (the case's current points, if the candidate already holds a case with
// c.ID) + the points of c. So a case the candidate already holds changes
// nothing unless its tier or type has changed since. c.Practitioner is
// ignored; c need not be valid (an invalid case scores 0). A candidate
// with no capacity (0 contracted hours, say) has workload % 0 before and
// after, and status NO_CAPACITY once they hold any points.
//
// It returns an error wrapping ErrUnknown, naming every candidate that is
// not in the caseload. O(len(candidates)); one allocation, the result.
func (cl *Caseload) Impact(c Case, candidates []string) ([]Impact, error) {
	var unknown []string
	for _, id := range candidates {
		if _, ok := cl.byID[id]; !ok {
			unknown = append(unknown, strconv.Quote(probation.Shorten(id)))
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("%w: candidate practitioner(s) %s", ErrUnknown, strings.Join(unknown, ", "))
	}
	units := cl.weights.exactPoints(c)
	held, isHeld := cl.caseByID[c.ID]
	out := make([]Impact, len(candidates))
	for k, id := range candidates {
		i := cl.byID[id]
		before := cl.work[i]
		im := Impact{Practitioner: id, Points: roundPoints(units), Before: before}
		after, cases := cl.units[i]+units, 1
		if isHeld && cl.cases[held].owner == i {
			im.Holds = true
			after, cases = after-int64(cl.cases[held].points), 0
		}
		im.After = before.Plus(roundPoints(after)-before.CasePoints, cases)
		out[k] = im
	}
	return out, nil
}
