package allocation

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/internal/enum"
)

// Event is one change of the live caseload, for Engine.Apply. Make one
// with the function named after its kind (CaseArrives, PractitionerLeaves,
// …); the fields it uses depend on Kind. Events are plain data, written to
// the journal as JSON.
type Event struct {
	Kind EventKind `json:"kind"`
	// At is when the change happened (for DateMoves, the new as-of date).
	// The engine reads no clock; it records At in the journal and, for an
	// arriving case, as the start of its wait.
	At time.Time `json:"at"`

	Case           *caseload.Case         `json:"case,omitempty"`            // CaseArrives, CaseChanges
	CaseID         string                 `json:"case_id,omitempty"`         // CaseCloses, CaseTransfers
	To             string                 `json:"to,omitempty"`              // CaseTransfers: the new holder, "" for none
	Practitioner   *caseload.Practitioner `json:"practitioner,omitempty"`    // PractitionerJoins, PractitionerChanges
	PractitionerID string                 `json:"practitioner_id,omitempty"` // PractitionerLeaves, PractitionerUnavailable, ReductionAdded, ReductionEnds
	Unavailable    bool                   `json:"unavailable,omitempty"`     // PractitionerUnavailable
	Reduction      *caseload.Reduction    `json:"reduction,omitempty"`       // ReductionAdded
	ReductionIndex int                    `json:"reduction_index,omitempty"` // ReductionEnds: which of the practitioner's reductions
}

// EventKind says what an Event changes.
type EventKind uint8

// The event kinds.
const (
	// KindCaseArrives: a new case (Case); it waits unless it names a
	// holder.
	KindCaseArrives EventKind = iota + 1
	// KindCaseCloses: the case CaseID ends and leaves the caseload.
	KindCaseCloses
	// KindCaseTransfers: the case CaseID moves to To ("": back to
	// waiting), outside Place (for example in Delius).
	KindCaseTransfers
	// KindCaseChanges: the case's record changes (Case, same ID): tier,
	// type, risk, MAPPA, restricted-access lists, team; its holder too.
	KindCaseChanges
	// KindPractitionerJoins: a new practitioner (Practitioner), with no
	// cases.
	KindPractitionerJoins
	// KindPractitionerLeaves: the practitioner PractitionerID leaves;
	// their cases wait again, with them as previous practitioner.
	KindPractitionerLeaves
	// KindPractitionerChanges: the practitioner's record changes
	// (Practitioner, same ID): hours, team, grade, reductions, location.
	KindPractitionerChanges
	// KindPractitionerUnavailable: PractitionerID may receive no new case
	// (Unavailable true) or may again (false); they keep their cases.
	KindPractitionerUnavailable
	// KindReductionAdded: a reduction (Reduction) for PractitionerID.
	KindReductionAdded
	// KindReductionEnds: reduction ReductionIndex of PractitionerID ends
	// on At.
	KindReductionEnds
	// KindDateMoves: the as-of date moves to At: the weights in force,
	// reductions and CMS adjustments follow.
	KindDateMoves
)

var eventKindText = enum.New[EventKind]("allocation", "event kind", "EventKind", 1,
	"case_arrives", "case_closes", "case_transfers", "case_changes",
	"practitioner_joins", "practitioner_leaves", "practitioner_changes", "practitioner_unavailable",
	"reduction_added", "reduction_ends", "date_moves")

// IsValid reports whether k is one of the event kinds.
func (k EventKind) IsValid() bool { return eventKindText.Valid(k) }

// String returns the kind's name, such as "case_arrives".
func (k EventKind) String() string { return eventKindText.String(k) }

// MarshalText returns the kind's name.
func (k EventKind) MarshalText() ([]byte, error) { return eventKindText.Marshal(k) }

// UnmarshalText parses a kind's name, ignoring case.
func (k *EventKind) UnmarshalText(text []byte) error { return eventKindText.Unmarshal(text, k) }

// CaseArrives returns the event of a new case at time at.
func CaseArrives(at time.Time, c caseload.Case) Event {
	return Event{Kind: KindCaseArrives, At: at, Case: &c}
}

// CaseCloses returns the event of a case ending at time at.
func CaseCloses(at time.Time, caseID string) Event {
	return Event{Kind: KindCaseCloses, At: at, CaseID: caseID}
}

// CaseTransfers returns the event of a case moving to practitioner to
// ("" for back to waiting) at time at, outside Place.
func CaseTransfers(at time.Time, caseID, to string) Event {
	return Event{Kind: KindCaseTransfers, At: at, CaseID: caseID, To: to}
}

// CaseChanges returns the event of a case's record changing at time at.
func CaseChanges(at time.Time, c caseload.Case) Event {
	return Event{Kind: KindCaseChanges, At: at, Case: &c}
}

// PractitionerJoins returns the event of a practitioner joining at time at.
func PractitionerJoins(at time.Time, p caseload.Practitioner) Event {
	return Event{Kind: KindPractitionerJoins, At: at, Practitioner: &p}
}

// PractitionerLeaves returns the event of a practitioner leaving at time at.
func PractitionerLeaves(at time.Time, id string) Event {
	return Event{Kind: KindPractitionerLeaves, At: at, PractitionerID: id}
}

// PractitionerChanges returns the event of a practitioner's record
// changing at time at.
func PractitionerChanges(at time.Time, p caseload.Practitioner) Event {
	return Event{Kind: KindPractitionerChanges, At: at, Practitioner: &p}
}

// PractitionerUnavailable returns the event of a practitioner becoming
// unavailable for new cases (or available again) at time at.
func PractitionerUnavailable(at time.Time, id string, unavailable bool) Event {
	return Event{Kind: KindPractitionerUnavailable, At: at, PractitionerID: id, Unavailable: unavailable}
}

// ReductionAdded returns the event of a reduction recorded for a
// practitioner at time at.
func ReductionAdded(at time.Time, id string, r caseload.Reduction) Event {
	return Event{Kind: KindReductionAdded, At: at, PractitionerID: id, Reduction: &r}
}

// ReductionEnds returns the event of reduction k of a practitioner ending
// at time at (its first day no longer in force).
func ReductionEnds(at time.Time, id string, k int) Event {
	return Event{Kind: KindReductionEnds, At: at, PractitionerID: id, ReductionIndex: k}
}

// DateMoves returns the event of the as-of date moving to at.
func DateMoves(at time.Time) Event {
	return Event{Kind: KindDateMoves, At: at}
}

// errEvent reports an event that names what it needs wrongly.
func errEvent(ev *Event, field, value, msg string) error {
	return &probation.ValidationError{Op: "allocation.Engine.Apply", Fields: []probation.FieldError{{
		Record: "event", Index: -1, ID: ev.Kind.String(), Field: field, Value: probation.Shorten(value), Message: msg}}}
}

// Apply applies one event and returns the engine's version after it. The
// event is validated first and applied whole or not at all: a bad record
// gives a *probation.ValidationError, an unknown case or practitioner an
// error wrapping caseload.ErrUnknown, and the state is unchanged. The
// time taken is proportional to what the event changes: O(1) for a case
// event, O(practitioners log practitioners) for a practitioner joining,
// leaving or changing team, O(cases + practitioners) for a leaver's
// cases and for DateMoves.
func (e *Engine) Apply(ev Event) (uint64, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.s.apply(&ev); err != nil {
		return e.s.version, err
	}
	e.commit(Entry{Event: &ev})
	return e.s.version, nil
}

// commit bumps the version and journals entry; the caller holds the
// write lock.
func (e *Engine) commit(entry Entry) {
	s := &e.s
	s.version++
	s.seq++
	entry.Seq, entry.Version = s.seq, s.version
	if e.journal != nil {
		e.journal(entry)
	}
}

// apply changes the state by ev, or returns why it cannot.
func (s *engineState) apply(ev *Event) error {
	cl := s.cl
	switch ev.Kind {
	case KindCaseArrives:
		if ev.Case == nil {
			return errEvent(ev, "case", "", "want the arriving case")
		}
		if err := cl.Add(*ev.Case); err != nil {
			return err
		}
		if ev.Case.Practitioner == "" {
			s.waiting[ev.Case.ID] = waitInfo{ev.At.Unix()}
		}
	case KindCaseCloses:
		if err := cl.Close(ev.CaseID); err != nil {
			return err
		}
		delete(s.waiting, ev.CaseID)
	case KindCaseTransfers:
		if err := cl.Transfer(ev.CaseID, ev.To); err != nil {
			return err
		}
		s.setWaiting(ev.CaseID, ev.To == "", ev.At)
	case KindCaseChanges:
		if ev.Case == nil {
			return errEvent(ev, "case", "", "want the case's new record")
		}
		if err := cl.UpdateCase(*ev.Case); err != nil {
			return err
		}
		s.setWaiting(ev.Case.ID, ev.Case.Practitioner == "", ev.At)
	case KindPractitionerJoins:
		if ev.Practitioner == nil {
			return errEvent(ev, "practitioner", "", "want the joining practitioner")
		}
		if err := cl.AddPractitioner(*ev.Practitioner); err != nil {
			return err
		}
		s.rebuild()
	case KindPractitionerLeaves:
		held := s.cl.HeldBy(ev.PractitionerID)
		if err := cl.RemovePractitioner(ev.PractitionerID); err != nil {
			return err
		}
		for _, id := range held {
			s.waiting[id] = waitInfo{ev.At.Unix()}
		}
		delete(s.unavailable, ev.PractitionerID)
		delete(s.duals, ev.PractitionerID)
		s.rebuild()
	case KindPractitionerChanges:
		if ev.Practitioner == nil {
			return errEvent(ev, "practitioner", "", "want the practitioner's new record")
		}
		old, _ := cl.Practitioner(ev.Practitioner.ID)
		if err := cl.UpdatePractitioner(*ev.Practitioner); err != nil {
			return err
		}
		if p := ev.Practitioner; p.Team != old.Team || p.PDU != old.PDU || p.Region != old.Region {
			s.rebuild()
		} else {
			s.refreshID(p.ID)
		}
	case KindPractitionerUnavailable:
		if _, ok := s.pidx[ev.PractitionerID]; !ok {
			return fmt.Errorf("%w: practitioner %q", caseload.ErrUnknown, ev.PractitionerID)
		}
		if ev.Unavailable {
			s.unavailable[ev.PractitionerID] = true
		} else {
			delete(s.unavailable, ev.PractitionerID)
		}
		s.refreshID(ev.PractitionerID)
	case KindReductionAdded:
		if ev.Reduction == nil {
			return errEvent(ev, "reduction", "", "want the reduction")
		}
		if err := cl.AddReduction(ev.PractitionerID, *ev.Reduction); err != nil {
			return err
		}
		s.refreshID(ev.PractitionerID)
	case KindReductionEnds:
		if err := cl.EndReduction(ev.PractitionerID, ev.ReductionIndex, ev.At); err != nil {
			return err
		}
		s.refreshID(ev.PractitionerID)
	case KindDateMoves:
		if ev.At.IsZero() {
			return errEvent(ev, "at", "", "want the new as-of date")
		}
		cl.SetAsOf(ev.At)
		s.rebuild()
	default:
		return errEvent(ev, "kind", ev.Kind.String(), (&enum.Error{Want: eventKindText.Names()}).Message())
	}
	return nil
}

// setWaiting records whether case id waits, keeping the start of an
// earlier wait.
func (s *engineState) setWaiting(id string, waits bool, at time.Time) {
	if !waits {
		delete(s.waiting, id)
		return
	}
	if _, ok := s.waiting[id]; !ok {
		s.waiting[id] = waitInfo{at.Unix()}
	}
}

// waitingIDs returns the waiting cases' IDs, sorted.
func (s *engineState) waitingIDs() []string {
	ids := make([]string, 0, len(s.waiting))
	for id := range s.waiting {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

var errNoCase = errors.New("allocation: no such case")
