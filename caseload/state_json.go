package caseload

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/jsoncheck"
)

// StateSchema names the JSON form of a whole Caseload (MarshalJSON).
const StateSchema = "probationkit/caseload-state/v1"

// stateDoc is the JSON form of a Caseload: everything it holds, so that
// UnmarshalJSON rebuilds one that answers every question the same way.
type stateDoc struct {
	Schema        string          `json:"schema"`
	AsOf          time.Time       `json:"as_of"`
	Weights       json.RawMessage `json:"weights"`
	Capacity      *capacityDoc    `json:"capacity"`
	Practitioners []Practitioner  `json:"practitioners"`
	Cases         []Case          `json:"cases"`
	Adjustments   []adjustmentDoc `json:"adjustments,omitempty"`
}

type capacityDoc struct {
	Targets      [grades.NumGrades]int     `json:"targets"`
	DefaultHours [grades.NumGrades]float64 `json:"default_hours"`
	Reasons      []ReductionReason         `json:"reasons"`
}

type adjustmentDoc struct {
	Practitioner string    `json:"practitioner"`
	Points       int       `json:"points"`
	Start        time.Time `json:"start"`
}

// MarshalJSON writes the whole caseload as JSON (schema StateSchema): the
// as-of date, the weights set, the capacity table, every practitioner
// and case as they are now (cases sorted by ID, each with its holder),
// and the CMS adjustments, so that UnmarshalJSON rebuilds an equal one.
func (cl *Caseload) MarshalJSON() ([]byte, error) {
	var w bytes.Buffer
	if err := cl.set.WriteJSON(&w); err != nil {
		return nil, err
	}
	doc := stateDoc{Schema: StateSchema, AsOf: cl.asOf, Weights: w.Bytes(),
		Capacity:      &capacityDoc{Targets: cl.capacity.Targets, DefaultHours: cl.capacity.DefaultHours, Reasons: cl.capacity.Reasons},
		Practitioners: cl.Practitioners(), Cases: cl.Cases()}
	for _, a := range cl.adjustments {
		doc.Adjustments = append(doc.Adjustments, adjustmentDoc{cl.practitioners[a.practitioner].ID, a.points, a.start})
	}
	return json.Marshal(doc)
}

// UnmarshalJSON reads the form MarshalJSON writes into *cl, replacing
// what it held. It returns a *ValidationError for bad records (as Build)
// and an error for another schema, unreadable JSON, or an unknown or
// repeated name.
func (cl *Caseload) UnmarshalJSON(data []byte) error {
	if d := jsoncheck.Duplicates(data); len(d) > 0 {
		return fmt.Errorf("caseload: state: %q: %s", d[0].Path, jsoncheck.RepeatedMessage)
	}
	var doc stateDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("caseload: state: %w", err)
	}
	if dec.More() {
		return errors.New("caseload: state: data after the state object")
	}
	if doc.Schema != StateSchema {
		return fmt.Errorf("caseload: state: schema %q, want %q", doc.Schema, StateSchema)
	}
	if doc.Capacity == nil || len(doc.Weights) == 0 {
		return errors.New("caseload: state: weights and capacity are required")
	}
	ws, err := ReadWeightsJSON(bytes.NewReader(doc.Weights))
	if err != nil {
		return err
	}
	capacity := &Capacity{Targets: doc.Capacity.Targets, DefaultHours: doc.Capacity.DefaultHours, Reasons: doc.Capacity.Reasons}
	fresh, err := Build(doc.Cases, doc.Practitioners, doc.AsOf, &Settings{Weights: ws, Capacity: capacity})
	if err != nil {
		return err
	}
	for k, a := range doc.Adjustments {
		i, ok := fresh.byID[a.Practitioner]
		if !ok {
			return fmt.Errorf("%w: adjustments[%d]: practitioner %q", ErrUnknown, k, a.Practitioner)
		}
		fresh.adjustments = append(fresh.adjustments, adjustment{practitioner: i, points: a.Points, start: a.Start})
	}
	fresh.recompute()
	*cl = *fresh
	return nil
}
