package caseload

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
)

// This file holds the changes a live caseload goes through besides cases
// arriving, closing and moving (caseload.go): staff joining and leaving,
// their records changing, case records changing (a new tier, a RoSH or
// MAPPA change, a restricted-access list), and reductions ending. After
// any sequence of them the Caseload equals one built by Build from the
// records it then holds (Cases, Practitioners) at the same as-of date,
// save the order of the cases.

// Clone returns a deep copy of cl: changing one never changes the other.
// The weights and capacity tables are shared (they are immutable).
// O(cases + practitioners).
func (cl *Caseload) Clone() *Caseload {
	c := *cl
	c.practitioners = slices.Clone(cl.practitioners)
	for i := range c.practitioners {
		c.practitioners[i].Reductions = slices.Clip(slices.Clone(c.practitioners[i].Reductions))
		c.practitioners[i].Hours = cloneHours(c.practitioners[i].Hours)
	}
	c.byID = make(map[string]int32, len(cl.byID))
	for k, v := range cl.byID {
		c.byID[k] = v
	}
	c.work = slices.Clone(cl.work)
	c.units = slices.Clone(cl.units)
	c.cases = slices.Clone(cl.cases) // the records' lists are never written in place
	c.caseByID = make(map[string]int32, len(cl.caseByID))
	for k, v := range cl.caseByID {
		c.caseByID[k] = v
	}
	c.adjustments = slices.Clone(cl.adjustments)
	return &c
}

// Practitioners returns every practitioner as the caseload holds them, in
// the order Workloads uses; the slices are copies.
func (cl *Caseload) Practitioners() []Practitioner {
	out := slices.Clone(cl.practitioners)
	for i := range out {
		out[i].Reductions = slices.Clone(out[i].Reductions)
		out[i].Hours = cloneHours(out[i].Hours)
	}
	return out
}

// HeldBy returns the IDs of the cases the practitioner with the given ID
// holds, sorted; none for an unknown ID. O(cases + k log k) for k held,
// without copying any record.
func (cl *Caseload) HeldBy(id string) []string {
	i, ok := cl.byID[id]
	if !ok {
		return nil
	}
	var out []string
	for c := range cl.cases {
		if cl.cases[c].owner == i {
			out = append(out, cl.cases[c].id)
		}
	}
	slices.Sort(out)
	return out
}

// AddPractitioner adds a member of staff with no cases. It returns a
// *probation.ValidationError if the record is invalid (see [Validate]) or its ID is
// already in the caseload. O(reductions).
func (cl *Caseload) AddPractitioner(p Practitioner) error {
	probs, _ := validatePractitioners([]Practitioner{p}, cl.capacity, nil)
	for k := range probs {
		probs[k].Index = len(cl.practitioners)
	}
	if _, dup := cl.byID[p.ID]; dup && p.ID != "" {
		probs = append(probs, probation.FieldError{Record: recordPractitioner, ID: p.ID, Index: len(cl.practitioners), Field: "id", Value: p.ID, Message: "already in the caseload"})
	}
	if err := check.Error(opAddPractitioner, probs); err != nil {
		return err
	}
	p.Reductions = slices.Clip(slices.Clone(p.Reductions))
	p.Hours = cloneHours(p.Hours)
	i := int32(len(cl.practitioners))
	cl.practitioners = append(cl.practitioners, p)
	cl.byID[p.ID] = i
	cl.work = append(cl.work, Workload{Practitioner: p.ID, Grade: p.Grade, Team: p.Team})
	cl.units = append(cl.units, 0)
	cl.refreshCapacity(int(i))
	return nil
}

// RemovePractitioner takes a member of staff out of the caseload (a
// leaver): every case they hold becomes unallocated with them as its
// Previous practitioner, and the CMS adjustments in their name go. The
// other practitioners keep their order. It returns an error wrapping
// ErrUnknown for an unknown ID. O(cases + practitioners + adjustments).
func (cl *Caseload) RemovePractitioner(id string) error {
	k, ok := cl.byID[id]
	if !ok {
		return fmt.Errorf("%w: practitioner %q", ErrUnknown, id)
	}
	for c := range cl.cases {
		r := &cl.cases[c]
		switch {
		case r.owner == k:
			r.owner, r.previous = -1, id
		case r.owner > k:
			r.owner--
		}
	}
	adj := cl.adjustments[:0]
	for _, a := range cl.adjustments {
		switch {
		case a.practitioner == k:
			continue
		case a.practitioner > k:
			a.practitioner--
		}
		adj = append(adj, a)
	}
	cl.adjustments = adj
	cl.practitioners = slices.Delete(cl.practitioners, int(k), int(k)+1)
	cl.work = slices.Delete(cl.work, int(k), int(k)+1)
	cl.units = slices.Delete(cl.units, int(k), int(k)+1)
	delete(cl.byID, id)
	for i := int(k); i < len(cl.practitioners); i++ {
		cl.byID[cl.practitioners[i].ID] = int32(i)
	}
	return nil
}

// UpdatePractitioner replaces the record of the practitioner with p's ID
// (grade, team, hours, reductions, reports, location …) and recomputes
// their capacity; the cases they hold stay with them. It returns an error
// wrapping ErrUnknown for an unknown ID and a *ValidationError for an
// invalid record. O(reductions).
func (cl *Caseload) UpdatePractitioner(p Practitioner) error {
	i, ok := cl.byID[p.ID]
	if !ok {
		return fmt.Errorf("%w: practitioner %q", ErrUnknown, p.ID)
	}
	probs, _ := validatePractitioners([]Practitioner{p}, cl.capacity, nil)
	for k := range probs {
		probs[k].Index = int(i)
	}
	if err := check.Error(opUpdatePractitioner, probs); err != nil {
		return err
	}
	p.Reductions = slices.Clip(slices.Clone(p.Reductions))
	p.Hours = cloneHours(p.Hours)
	cl.practitioners[i] = p
	w := &cl.work[i]
	w.Grade, w.Team = p.Grade, p.Team
	cl.refreshCapacity(int(i))
	return nil
}

// EndReduction ends reduction k of a practitioner on end (the first day
// it is no longer in force) and recomputes their capacity. It returns an
// error wrapping ErrUnknown for an unknown practitioner and a
// *probation.ValidationError for an index out of range or an end not after the
// reduction's start.
func (cl *Caseload) EndReduction(practitioner string, k int, end time.Time) error {
	i, ok := cl.byID[practitioner]
	if !ok {
		return fmt.Errorf("%w: practitioner %q", ErrUnknown, practitioner)
	}
	p := cl.practitioners[i]
	if k < 0 || k >= len(p.Reductions) {
		return check.Error(opEndReduction, []probation.FieldError{{Record: recordPractitioner, ID: practitioner, Index: int(i),
			Field: fmt.Sprintf("reductions[%d]", k), Value: strconv.Itoa(k), Message: fmt.Sprintf("no such reduction: the practitioner has %d", len(p.Reductions))}})
	}
	p.Reductions = slices.Clone(p.Reductions)
	p.Reductions[k].End = end
	return cl.UpdatePractitioner(p)
}

// UpdateCase replaces the record of the case with c's ID — its tier,
// type, row, risk, team, previous practitioner, restricted-access lists,
// location — and its holder (c.Practitioner; empty for unallocated), and
// recomputes its points. It returns an error wrapping ErrUnknown for an
// unknown case and a *ValidationError for an invalid record. O(1) but the
// lists it copies.
func (cl *Caseload) UpdateCase(c Case) error {
	k, ok := cl.caseByID[c.ID]
	if !ok {
		return fmt.Errorf("%w: case %q", ErrUnknown, c.ID)
	}
	probs, owner := validateCase(&c, int(k), cl.byID, nil)
	if err := check.Error(opUpdateCase, probs); err != nil {
		return err
	}
	r := &cl.cases[k]
	cl.move(r, r.owner, -1)
	*r = newCaseRec(&c, -1)
	r.points = int32(cl.weights.exactPoints(c))
	cl.move(r, -1, owner)
	return nil
}
