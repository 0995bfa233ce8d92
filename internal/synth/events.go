package synth

import (
	"slices"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/enum"
	"github.com/probationkit/probation/tiering"
)

// EventKind says what happened in an [Event]. The zero EventKind is
// invalid. Each constant's comment says which fields of the Event are
// set and what a simulator replaying the stream must do.
type EventKind uint8

// The event kinds, in the order GenerateEvents lists a day's events.
const (
	// Termination: the case Case ends (its order, licence or supervision
	// period is over). Remove it from the caseload, whoever holds it or
	// if it still waits for allocation; it names a case open that day,
	// and no later event names it.
	Termination EventKind = iota + 1
	// Release: the custody case Case is released on licence. Set its
	// Type to Type (always caseload.Licence); Tier and Risk are
	// unchanged and repeated. Its points change with the weights
	// table's licence column; it stays with its practitioner.
	Release
	// Unsupervised: the community or licence case Case reaches the
	// Probation Reset point of its order or licence and, being exempt
	// on no count (no MAPPA, not very high RoSH, no child protection
	// flag), stops active supervision. Set its Tier to Tier (the same
	// letter and digit with the S suffix) and Risk.Tier to match. S
	// tiers score 0 points nationally; the case stays with its
	// practitioner until Termination.
	Unsupervised
	// TierChange: a reassessment moves the case Case's change level one
	// step. Set its Tier and Risk to Tier and Risk (only the digit
	// differs). If its holder's grade no longer may hold it, it needs
	// reallocating (change levels do not bear on the national policy).
	TierChange
	// RoSHChange: a reassessment moves the case Case's RoSH level one
	// step, and its protect letter with it where RoSH set the letter.
	// Set its Tier and Risk to Tier and Risk. A rise to high or very
	// high RoSH makes the case PO-only under grades.National: if its
	// holder's grade no longer may hold it, it needs reallocating. A
	// rise to very high RoSH drops an S suffix (exempt from the Reset).
	RoSHChange
	// MAPPAChange: the case Case's MAPPA level moves one step (none, 1,
	// 2, 3), with its category and, for levels 2 and 3, protect letter A.
	// Set its Tier and Risk to Tier and Risk; reallocate it as for
	// RoSHChange if its holder may no longer hold it. MAPPA cases are
	// exempt from the Reset, so any S suffix is dropped.
	MAPPAChange
	// Leaver: the practitioner Practitioner leaves from this day. Mark
	// them unavailable and give their cases to others (they wait for
	// allocation or go in a rebalance). No later event names them,
	// though cases' Previous, RestrictedTo and ExcludedFrom may still.
	Leaver
	// Joiner: the practitioner NewPractitioner joins (Practitioner is
	// its ID, Grade its grade), in the team of an earlier leaver. Add
	// them with no cases; a trainee carries their PQiP reductions.
	Joiner
	// Progression: the trainee or newly qualified practitioner
	// Practitioner moves to Grade (PQiP1 → PQiP2 → PQiP3 → PQiP4 →
	// NQO → PO). Set their grade; cases they may no longer hold need
	// reallocating (never the case on the national policy, where each
	// step only widens what a grade may hold). A qualification to NQO
	// that brings a new NQO reduction is followed, the same day, by a
	// Reduction event.
	Progression
	// Reduction: the practitioner Practitioner takes Reduction (a
	// sickness, maternity or secondment absence, or the NQO reduction on
	// qualifying), with Start this day and an End. Add it to their
	// Reductions; caseload.Capacity then lowers their available points
	// while it is in force and restores them after, with no further
	// event.
	Reduction
	// Arrival: the new case NewCase arrives and waits for allocation
	// (NewCase.Practitioner is empty; Case, Tier, Type and Risk repeat
	// its fields). Add it to the caseload and allocate it. Its Previous,
	// RestrictedTo and ExcludedFrom name practitioners in post that day.
	Arrival
)

var eventKindText = enum.New[EventKind]("synth", "event kind", "EventKind", Termination,
	"TERMINATION", "RELEASE", "UNSUPERVISED", "TIER_CHANGE", "ROSH_CHANGE", "MAPPA_CHANGE",
	"LEAVER", "JOINER", "PROGRESSION", "REDUCTION", "ARRIVAL")

// EventKinds returns every event kind in order.
func EventKinds() []EventKind { return eventKindText.Values() }

// IsValid reports whether k is one of the constants.
func (k EventKind) IsValid() bool { return eventKindText.Valid(k) }

// String returns the kind's name: "TERMINATION", "RELEASE", … "ARRIVAL".
func (k EventKind) String() string { return eventKindText.String(k) }

// ParseEventKind parses the String form, ignoring case.
func ParseEventKind(s string) (EventKind, error) { return eventKindText.Parse(s) }

// MarshalText returns the String form.
func (k EventKind) MarshalText() ([]byte, error) { return eventKindText.Marshal(k) }

// UnmarshalText parses text with ParseEventKind.
func (k *EventKind) UnmarshalText(text []byte) error { return eventKindText.Unmarshal(text, k) }

// IsCase reports whether k is about a case (Termination … MAPPAChange,
// Arrival) rather than a practitioner.
func (k EventKind) IsCase() bool { return k >= Termination && k <= MAPPAChange || k == Arrival }

// Event is one dated change to a caseload: plain data, set by kind as
// each EventKind's comment says. Fields a kind does not use are zero.
type Event struct {
	// Day is the number of days from the stream's Start; Date is that
	// day at 00:00 UTC.
	Day  int
	Date time.Time
	// Seq is the event's position in the stream (0, 1, 2 …): events are
	// ordered by Day, then by Seq.
	Seq  int
	Kind EventKind

	// Case is the ID of the case a case event is about.
	Case string
	// Practitioner is the ID of the practitioner a staff event is about.
	Practitioner string

	// Tier, Type and Risk are the case's tier, type and risk profile
	// after the event, for case events other than Termination.
	Tier tiering.Tier
	Type caseload.CaseType
	Risk grades.Profile
	// Grade is the practitioner's grade after a Joiner or Progression.
	Grade grades.Grade

	// NewCase is the arriving case of an Arrival; NewPractitioner the
	// joining practitioner of a Joiner; Reduction the reduction of a
	// Reduction event. Each is nil for other kinds, and owned by the
	// Event.
	NewCase         *caseload.Case
	NewPractitioner *caseload.Practitioner
	Reduction       *caseload.Reduction
}

// Stream is a generated sequence of events over a horizon of days, from
// a starting instance.
type Stream struct {
	// Start is the instance's AsOf: day 0 of the stream. Days is the
	// horizon: events fall on days 0 … Days−1. Seed is the stream's seed.
	Start time.Time
	Days  int
	Seed  uint64
	// Rates are the arrival rates and mean durations the stream was
	// calibrated with.
	Rates Rates
	// Events are ordered by Day, then Seq; Events[i].Seq == i.
	Events []Event
}

// On returns the events of day d (a sub-slice of Events, possibly empty).
// O(log len(Events)).
func (s *Stream) On(d int) []Event {
	lo, _ := slices.BinarySearchFunc(s.Events, d, func(e Event, d int) int { return e.Day - d })
	hi, _ := slices.BinarySearchFunc(s.Events, d+1, func(e Event, d int) int { return e.Day - d })
	return s.Events[lo:hi]
}

// Rates are the volumes of a stream, by case type (index by
// caseload.CaseType; index 0 is unused).
type Rates struct {
	// Stock is the number of cases of each type in the starting instance.
	Stock [caseload.NumCaseTypes]int
	// Arrivals is the expected number of arriving cases of each type per
	// calendar day. They arrive on working days (Monday to Friday) only,
	// at 7/5 of this rate.
	Arrivals [caseload.NumCaseTypes]float64
	// Days is the mean number of days an arriving case of each type
	// stays in that type: a community order's length, a custody case's
	// time in custody, and a licence's supervision after release.
	Days [caseload.NumCaseTypes]float64

	// Reset is the probability q that a community or licence case turns
	// S at its Reset point if not then exempt, calibrated to the
	// instance's S share (see GenerateEvents).
	Reset float64
	// Trainee is the probability that a refilled PO post goes to a new
	// PQiP rather than a PO (see GenerateEvents).
	Trainee float64
}

// Total returns the expected arrivals per calendar day, all types.
func (r Rates) Total() float64 {
	t := 0.0
	for _, a := range r.Arrivals {
		t += a
	}
	return t
}
