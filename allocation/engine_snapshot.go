package allocation

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

// SnapshotSchema names the JSON form of an Engine's state (Snapshot).
const SnapshotSchema = "probationkit/engine-snapshot/v1"

// snapshotDoc is the JSON form of an engine's state.
type snapshotDoc struct {
	Schema      string              `json:"schema"`
	Version     uint64              `json:"version"`
	Seq         uint64              `json:"seq"`
	Settings    settingsDoc         `json:"settings"`
	Policy      json.RawMessage     `json:"policy"`
	Neighbours  map[string][]string `json:"neighbours,omitempty"`
	Caseload    json.RawMessage     `json:"caseload"`
	Unavailable []string            `json:"unavailable,omitempty"`
	Waiting     []Waiting           `json:"waiting,omitempty"`
	// Duals are the last batch's marginal prices per point, by
	// practitioner, as float64 bits in JSON numbers' exact form.
	Duals map[string]float64 `json:"duals,omitempty"`
}

// settingsDoc is the JSON form of the Settings an engine keeps (all but
// Progress).
type settingsDoc struct {
	Strategy   Strategy      `json:"strategy"`
	Objective  Objective     `json:"objective"`
	Scope      Scope         `json:"scope"`
	Seed       uint64        `json:"seed"`
	TimeLimit  time.Duration `json:"time_limit_ns,omitempty"`
	HardCap    int           `json:"hard_cap_percent,omitempty"`
	Weights    Weights       `json:"weights"`
	MoveBudget int           `json:"move_budget,omitempty"`
	Bands      []Band        `json:"bands"`
	Effort     int           `json:"effort,omitempty"`
}

// Snapshot writes the engine's whole state as versioned JSON (schema
// SnapshotSchema): the caseload, the policy, the settings, the
// unavailable practitioners, the waiting cases with their start, the
// batch prices and the version. RestoreEngine reads it back into an
// engine that answers every query the same way.
func (e *Engine) Snapshot() ([]byte, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	s := &e.s
	cl, err := s.cl.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var pol bytes.Buffer
	if err := s.pol.Encode(&pol); err != nil {
		return nil, err
	}
	prm := s.prm
	doc := snapshotDoc{
		Schema: SnapshotSchema, Version: s.version, Seq: s.seq, Policy: pol.Bytes(), Caseload: cl,
		Neighbours: s.neighbours, Duals: s.duals,
		Settings: settingsDoc{Strategy: prm.Strategy, Objective: prm.Objective, Scope: prm.Scope, Seed: prm.Seed,
			TimeLimit: prm.TimeLimit, HardCap: prm.HardCap, Weights: prm.weights, MoveBudget: prm.MoveBudget,
			Bands: prm.Bands, Effort: prm.Effort},
	}
	if doc.Settings.Bands == nil {
		doc.Settings.Bands = DefaultBands()
	}
	for id := range s.unavailable {
		doc.Unavailable = append(doc.Unavailable, id)
	}
	slices.Sort(doc.Unavailable)
	for _, id := range s.waitingIDs() {
		doc.Waiting = append(doc.Waiting, Waiting{CaseID: id, Since: time.Unix(s.waiting[id].since, 0).UTC()})
	}
	for _, d := range doc.Duals {
		if math.IsNaN(d) || math.IsInf(d, 0) {
			return nil, errors.New("allocation: snapshot: a batch price is not finite")
		}
	}
	return json.Marshal(doc)
}

// RestoreEngine returns the engine a Snapshot wrote, with journal as its
// EngineConfig.Journal. It returns an error for another schema, bad
// JSON, or an unknown or repeated name, and the errors of the caseload and policy decoders for bad
// records.
func RestoreEngine(data []byte, journal func(Entry)) (*Engine, error) {
	if err := noRepeats("snapshot", data); err != nil {
		return nil, err
	}
	var doc snapshotDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("allocation: snapshot: %w", err)
	}
	if dec.More() {
		return nil, errors.New("allocation: snapshot: data after the snapshot object")
	}
	if doc.Schema != SnapshotSchema {
		return nil, fmt.Errorf("allocation: snapshot: schema %q, want %q", doc.Schema, SnapshotSchema)
	}
	var cl caseload.Caseload
	if err := cl.UnmarshalJSON(doc.Caseload); err != nil {
		return nil, err
	}
	pol, err := grades.Decode(bytes.NewReader(doc.Policy))
	if err != nil {
		return nil, err
	}
	st := doc.Settings
	w := st.Weights
	set := &Settings{Strategy: st.Strategy, Objective: st.Objective, Scope: st.Scope, Seed: st.Seed, TimeLimit: st.TimeLimit,
		HardCap: st.HardCap, Weights: &w, MoveBudget: st.MoveBudget, Bands: st.Bands, Effort: st.Effort}
	e, err := NewEngine(&cl, EngineConfig{Policy: pol, Settings: set, Neighbours: doc.Neighbours, Journal: journal})
	if err != nil {
		return nil, err
	}
	s := &e.s
	s.version, s.seq = doc.Version, doc.Seq
	clear(s.waiting)
	for _, wt := range doc.Waiting {
		s.waiting[wt.CaseID] = waitInfo{wt.Since.Unix()}
	}
	for _, id := range doc.Unavailable {
		s.unavailable[id] = true
	}
	for id, d := range doc.Duals {
		s.duals[id] = d
	}
	s.rebuild()
	return e, nil
}

// Replay returns the engine a Snapshot wrote with the journal entries
// after it applied in order (entries up to the snapshot's are skipped):
// events as Apply applies them, decisions as the moves they record. It
// returns an error naming the first entry that does not apply, or that is
// out of order. The engine it returns equals the one that wrote the
// journal, version and all.
func Replay(snapshot []byte, entries []Entry, journal func(Entry)) (*Engine, error) {
	e, err := RestoreEngine(snapshot, nil)
	if err != nil {
		return nil, err
	}
	s := &e.s
	for k, en := range entries {
		if en.Seq <= s.seq {
			continue
		}
		if en.Seq != s.seq+1 {
			return nil, fmt.Errorf("allocation: replay: entry %d has seq %d, want %d", k, en.Seq, s.seq+1)
		}
		switch {
		case en.Event != nil:
			ev := *en.Event
			if err := s.apply(&ev); err != nil {
				return nil, fmt.Errorf("allocation: replay: entry %d (seq %d): %w", k, en.Seq, err)
			}
		case en.Decision != nil:
			if err := s.move(en.Decision.CaseID, en.Decision.To); err != nil {
				return nil, fmt.Errorf("allocation: replay: entry %d (seq %d): %w", k, en.Seq, err)
			}
		case en.Prices != nil:
			s.setPrices(en.Prices)
		default:
			return nil, fmt.Errorf("allocation: replay: entry %d (seq %d) has no event, decision or prices", k, en.Seq)
		}
		e.commit(en)
	}
	e.journal = journal
	return e, nil
}

// WriteJournal writes entries as JSON lines, one entry a line.
func WriteJournal(w io.Writer, entries []Entry) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for _, en := range entries {
		if err := enc.Encode(en); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// ReadJournal reads the JSON lines WriteJournal writes. It returns an
// error naming the 1-based line of the first entry that is not one: bad
// JSON, an unknown or repeated name, or not exactly one of an event, a
// decision and (non-empty) prices.
func ReadJournal(r io.Reader) ([]Entry, error) {
	br := bufio.NewReader(r)
	var out []Entry
	for line := 1; ; line++ {
		text, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(text)) > 0 {
			if rerr := noRepeats(fmt.Sprintf("journal line %d", line), text); rerr != nil {
				return out, rerr
			}
			dec := json.NewDecoder(bytes.NewReader(text))
			dec.DisallowUnknownFields()
			var en Entry
			if derr := dec.Decode(&en); derr != nil {
				return out, fmt.Errorf("allocation: journal line %d: %w", line, derr)
			}
			if n := b2i(en.Event != nil) + b2i(en.Decision != nil) + b2i(len(en.Prices) > 0); n != 1 {
				return out, fmt.Errorf("allocation: journal line %d: want one of event, decision and prices, found %d", line, n)
			}
			out = append(out, en)
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("allocation: journal line %d: %w", line, err)
		}
	}
}
