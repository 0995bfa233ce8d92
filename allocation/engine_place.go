package allocation

import (
	"errors"
	"fmt"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/enum"
)

// Entry is one line of the engine's journal: an event applied or a
// decision made, in order. Seq numbers the entries from 1; Version is the
// engine's version after the entry. The journal, with the snapshot it
// started from, rebuilds the engine exactly (Replay).
type Entry struct {
	Seq      uint64    `json:"seq"`
	Version  uint64    `json:"version"`
	Event    *Event    `json:"event,omitempty"`
	Decision *Decision `json:"decision,omitempty"`
	// Prices, in the entry that ends a batch, are the marginal prices per
	// point of each practitioner's load from the batch's flow: the warm
	// start of the next batch, part of the state a replay rebuilds.
	Prices map[string]float64 `json:"prices,omitempty"`
}

// Decision records one allocation decision: who the engine recommended,
// who was chosen, why, by whom and when.
type Decision struct {
	Kind DecisionKind `json:"kind"`
	At   time.Time    `json:"at"`
	// By names who decided (a person for a placement, the engine for a
	// batch or rebalance); the engine does not check it.
	By     string `json:"by,omitempty"`
	CaseID string `json:"case_id"`
	// From is the case's practitioner before ("" if it waited); To the
	// practitioner chosen.
	From string `json:"from,omitempty"`
	To   string `json:"to"`
	// Recommended is the engine's first choice when the decision was made.
	Recommended string `json:"recommended,omitempty"`
	// Explanation is the decision in words: the cost with the chosen
	// practitioner and how the best alternatives compared.
	Explanation string `json:"explanation"`
	// Override is the reason and text recorded when a soft rule fired or
	// someone other than the recommendation was chosen.
	Override grades.Override `json:"override,omitzero"`
	// Note is free text from the person deciding (the decision evidence).
	Note string `json:"note,omitempty"`
	// Job names the batch or rebalance a decision belongs to.
	Job string `json:"job,omitempty"`
}

// DecisionKind says how a decision was made.
type DecisionKind uint8

// The decision kinds.
const (
	// DecisionPlace: one case placed by a person with Engine.Place.
	DecisionPlace DecisionKind = iota + 1
	// DecisionBatch: a case placed by a batch.
	DecisionBatch
	// DecisionRebalance: a case moved by an accepted rebalance.
	DecisionRebalance
)

var decisionKindText = enum.New[DecisionKind]("allocation", "decision kind", "DecisionKind", 1, "place", "batch", "rebalance")

// String returns "place", "batch" or "rebalance".
func (k DecisionKind) String() string { return decisionKindText.String(k) }

// MarshalText returns the String form.
func (k DecisionKind) MarshalText() ([]byte, error) { return decisionKindText.Marshal(k) }

// UnmarshalText parses the String form, ignoring case.
func (k *DecisionKind) UnmarshalText(text []byte) error { return decisionKindText.Unmarshal(text, k) }

// PlaceOptions are the parts of a placement decision besides the case and
// the practitioner.
type PlaceOptions struct {
	At time.Time // when the decision was made
	By string    // who made it
	// Override is needed when a soft rule of the policy fires for the
	// practitioner's grade, or when the practitioner costs more than the
	// engine's recommendation: a reason from grades' catalogue, with its
	// text (required for grades.Other). One given when not needed is
	// checked the same way and recorded.
	Override grades.Override
	Note     string // the decision evidence, in the person's words
	// Expect, if not nil, is the holder the decision was made against
	// ("" for a waiting case): Place refuses with ErrHolderChanged,
	// changing nothing, when the case's holder is now someone else, so
	// two people allocating the same case at once cannot both succeed
	// (the second would otherwise reallocate the case).
	Expect *string
}

// Errors of Place.
var (
	// ErrNotEligible: the practitioner may not hold the case (a hard rule,
	// the restricted-access lists, unavailable, out of scope or at the
	// hard cap); no override can change that.
	ErrNotEligible = errors.New("allocation: the practitioner may not hold the case")
	// ErrOverrideNeeded: a soft rule fires, or the practitioner is not the
	// recommendation, and no valid override reason was given.
	ErrOverrideNeeded = errors.New("allocation: an override reason is needed")
	// ErrHolderChanged: PlaceOptions.Expect names a holder other than the
	// case's holder now (someone else placed or moved it meanwhile).
	ErrHolderChanged = errors.New("allocation: the case's holder changed")
)

// Place allocates case caseID to practitioner to and records the
// decision, which it returns: the recommendation at the time, who was
// chosen, the explanation, the override and the note. The case may wait
// or be held by someone else (a reallocation). Place refuses, changing
// nothing, a practitioner who may not hold the case (ErrNotEligible,
// wrapping grades.ErrHardRule for a hard rule: a hard rule cannot be
// overridden), and a choice that needs an override reason without a valid
// one (ErrOverrideNeeded, wrapping grades' override errors), and, with
// PlaceOptions.Expect, a case whose holder is no longer the one expected
// (ErrHolderChanged); it returns an error wrapping caseload.ErrUnknown
// for an unknown case or practitioner. O(practitioners in the case's
// scope).
func (e *Engine) Place(caseID, to string, opt PlaceOptions) (Decision, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := &e.s
	c, ok := s.caseOf(caseID)
	if !ok {
		return Decision{}, fmt.Errorf("%w: case %q", caseload.ErrUnknown, caseID)
	}
	i, ok := s.pidx[to]
	if !ok {
		return Decision{}, fmt.Errorf("%w: practitioner %q", caseload.ErrUnknown, to)
	}
	if opt.Expect != nil && *opt.Expect != c.Current {
		now := "waiting"
		if c.Current != "" {
			now = "with " + c.Current
		}
		return Decision{}, fmt.Errorf("%w: %s is %s", ErrHolderChanged, caseID, now)
	}
	best, blocked := s.rank(&c, 0)
	var chosen *Candidate
	for k := range best {
		if best[k].PractitionerID == to {
			chosen = &best[k]
		}
	}
	if chosen == nil {
		for _, b := range blocked {
			if b.PractitionerID == to {
				err := ErrNotEligible
				if b.Reason == Ineligible {
					err = fmt.Errorf("%w: %w", ErrNotEligible, grades.ErrHardRule)
				}
				return Decision{}, fmt.Errorf("%w: %s", err, b.Detail)
			}
		}
		return Decision{}, fmt.Errorf("%w: %s is outside the case's %v", ErrNotEligible, to, s.prm.Scope)
	}
	d := Decision{Kind: DecisionPlace, At: opt.At, By: opt.By, CaseID: caseID, From: c.Current, To: to, Note: opt.Note}
	if len(best) > 0 {
		d.Recommended = best[0].PractitionerID
	}
	gd := s.pol.Decide(c.Risk, s.pracs[i].rec.Grade)
	needs := gd.Verdict == grades.EligibleWithWarnings || (d.Recommended != to && best[0].Cost.Total() < chosen.Cost.Total())
	if needs && opt.Override.Reason == 0 {
		why := fmt.Sprintf("%s is recommended and costs %d less", d.Recommended, chosen.Cost.Total()-best[0].Cost.Total())
		if gd.Verdict == grades.EligibleWithWarnings {
			why = "a soft rule fires: " + gd.Reason
		}
		return Decision{}, fmt.Errorf("%w: %s", ErrOverrideNeeded, why)
	}
	if opt.Override.Reason != 0 {
		if err := checkOverride(gd, opt.Override); err != nil {
			return Decision{}, fmt.Errorf("%w: %w", ErrOverrideNeeded, err)
		}
		d.Override = opt.Override
	}
	d.Explanation = explainChoice(&c, chosen, best)
	if c.Current == to {
		return Decision{}, fmt.Errorf("%w: the case is already with %s", ErrNotEligible, to)
	}
	if err := s.move(caseID, to); err != nil {
		return Decision{}, err
	}
	e.commit(Entry{Decision: &d})
	return d, nil
}

// checkOverride validates an override: through grades' Decision.Override
// when a soft rule fired, else on its own (the same rules: a valid reason,
// text within the limit, text for Other).
func checkOverride(gd grades.Decision, o grades.Override) error {
	if gd.Verdict != grades.EligibleWithWarnings {
		gd = grades.Decision{Verdict: grades.EligibleWithWarnings}
	}
	_, err := gd.Override(o.Reason, o.Text)
	return err
}

// explainChoice says, in words, why the case goes to chosen and how the
// best alternatives compare.
func explainChoice(c *Case, chosen *Candidate, best []Candidate) string {
	e := Explanation{CaseID: c.ID, PractitionerID: chosen.PractitionerID, AfterPercent: chosen.AfterPercent, Cost: chosen.Cost}
	for k := range best {
		if best[k].PractitionerID == chosen.PractitionerID {
			continue
		}
		alt := best[k]
		alt.Extra = alt.Cost.Total() - chosen.Cost.Total()
		alt.Reason, alt.Term, alt.Detail = 0, 0, ""
		switch {
		case alt.Extra < 0:
			alt.Reason, alt.Detail = Kept, "cheaper, but not chosen"
		default:
			alt.compare(chosen.Cost)
		}
		e.Alternatives = append(e.Alternatives, alt)
		if len(e.Alternatives) == 2 {
			break
		}
	}
	return e.String()
}

// move gives case id to practitioner to ("" for waiting) and keeps the
// waiting set.
func (s *engineState) move(id, to string) error {
	if err := s.cl.Transfer(id, to); err != nil {
		return err
	}
	if to == "" {
		s.setWaiting(id, true, s.cl.AsOf())
	} else {
		delete(s.waiting, id)
	}
	return nil
}
