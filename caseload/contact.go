package caseload

import (
	"time"

	"github.com/probationkit/probation/internal/check"
)

// CMSDays is how long a Case Management Support adjustment stays in
// force: 7 days from the contact date (wmt-worker staging-adjustments-mapper.js;
// domain/workload.md §1.5).
const CMSDays = 7

// Contact is one Case Management Support contact: a member of staff did a
// CMS activity on a case on a date.
type Contact struct {
	Case string    `json:"case"` // case ID
	Code string    `json:"code"` // adjustment code, e.g. "CMS05"
	By   string    `json:"by"`   // ID of the practitioner who did the contact
	Date time.Time `json:"date"`
}

// adjustment is one side of a contact: points for a practitioner from
// the contact date for CMSDays.
type adjustment struct {
	practitioner int32
	points       int
	start        time.Time
}

func (a adjustment) inForce(asOf time.Time) bool {
	return !asOf.Before(a.start) && asOf.Before(a.start.AddDate(0, 0, CMSDays))
}

// AddContacts applies CMS contacts by the doer-gains / owner-loses rule
// (domain/workload.md §1.5): each contact gives +points to the
// practitioner who did it and −points to the practitioner who holds the
// case now, both in force for CMSDays from the contact date (so they come
// and go with SetAsOf). A contact on one's own case nets to zero, as in
// both WMT and hmpps-workload. Points come from the weights in force at
// the as-of date; an unknown code scores 0.
//
// A doer who is not in the caseload (staff elsewhere) gains nothing here
// but the holder still loses the points; a contact on an unallocated case
// takes points from no one. Every contact on a case that is not in the
// caseload, or with an empty or badly formed By, or a zero Date, is
// listed in one *[probation.ValidationError] (Op
// "caseload.Caseload.AddContacts", Record "contact", the contact's Index
// and its case as ID) and none of the contacts is applied.
// O(len(contacts) + cases + practitioners).
func (cl *Caseload) AddContacts(contacts []Contact) error {
	r := report{record: recordContact}
	for i, c := range contacts {
		r.id, r.index = c.Case, i
		if _, ok := cl.caseByID[c.Case]; !ok {
			r.bad("case", c.Case, "not a case of the caseload")
		}
		r.checkID("by", c.By, true)
		if c.Date.IsZero() {
			r.bad("date", "", "missing: want the day of the contact")
		}
	}
	if err := check.Error(opAddContacts, r.fields); err != nil {
		return err
	}
	for _, c := range contacts {
		pts := cl.weights.CMSPoints(c.Code)
		if pts == 0 {
			continue
		}
		owner := cl.cases[cl.caseByID[c.Case]].owner
		if doer, ok := cl.byID[c.By]; ok {
			if doer == owner {
				continue
			}
			cl.adjustments = append(cl.adjustments, adjustment{practitioner: doer, points: pts, start: c.Date})
		}
		if owner >= 0 {
			cl.adjustments = append(cl.adjustments, adjustment{practitioner: owner, points: -pts, start: c.Date})
		}
	}
	cl.recompute()
	return nil
}
