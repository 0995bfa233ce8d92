package grades

import (
	"fmt"
	"strings"

	"github.com/probationkit/probation/internal/enum"
)

// Verdict is the outcome of a decision. The zero Verdict is invalid.
type Verdict uint8

// The verdicts.
const (
	// Eligible: no rule in effect restricts the grade for the case.
	Eligible Verdict = iota + 1
	// EligibleWithWarnings: only soft rules fired; the grade may hold
	// the case once an override reason is recorded (Decision.Override).
	EligibleWithWarnings
	// Ineligible: a hard rule fired (or the grade or case is invalid).
	Ineligible
)

var verdictTable = enum.New("grades", "verdict", "Verdict", Eligible, "eligible", "eligible_with_warnings", "ineligible")

// IsValid reports whether v is Eligible, EligibleWithWarnings or Ineligible.
func (v Verdict) IsValid() bool { return v >= Eligible && v <= Ineligible }

// String returns "eligible", "eligible_with_warnings" or "ineligible".
func (v Verdict) String() string { return verdictTable.String(v) }

// ParseVerdict parses the String form, ignoring case.
func ParseVerdict(s string) (Verdict, error) { return verdictTable.Parse(s) }

// MarshalText returns the String form.
func (v Verdict) MarshalText() ([]byte, error) { return verdictTable.Marshal(v) }

// UnmarshalText parses text with ParseVerdict.
func (v *Verdict) UnmarshalText(text []byte) error { return verdictTable.Unmarshal(text, v) }

// Decision is the full answer to "may a practitioner of this grade hold
// this case?", with the rules that fired and a readable reason. It is
// JSON-serialisable, for an audit trail.
type Decision struct {
	Grade   Grade   `json:"grade"`
	Case    Profile `json:"case"`
	Verdict Verdict `json:"verdict"`

	// Fired lists the rules that fired: hard ones first, then soft ones,
	// each group in policy order. It is nil when none fired.
	Fired []Rule `json:"fired,omitempty"`

	// Scope says which scope decided: the scope of the first rule in
	// Fired; when none fired, the scope of a local rule that replaced or
	// waived a rule that would have fired (the last such scope applied);
	// otherwise NationalScope. It is empty for an invalid grade or case.
	Scope string `json:"scope"`

	// Reason explains the verdict in a sentence or two.
	Reason string `json:"reason"`

	// Overridden is the override recorded with Decision.Override; its
	// zero value means none.
	Overridden Override `json:"override,omitzero"`
}

// Decide returns the decision for a practitioner of grade g and the case
// profile c under the rules in effect in p. It agrees with Eligible:
// Verdict is Ineligible when g is not in ok, EligibleWithWarnings when g
// is in warn, and Eligible otherwise. An invalid grade or profile gives
// Ineligible with a reason saying which is invalid.
//
// Decide evaluates each rule in effect directly (O(rules)) and allocates
// only for the fired rules and the reason; use Eligible for bulk work.
func (p *Policy) Decide(c Profile, g Grade) Decision {
	d := Decision{Grade: g, Case: c}
	switch {
	case !g.IsValid():
		d.Verdict, d.Reason = Ineligible, fmt.Sprintf("%v is not a valid grade", g)
		return d
	case !c.IsValid():
		d.Verdict, d.Reason = Ineligible, "the case profile holds an invalid value: "+c.String()
		return d
	}
	var soft []Rule
	for _, k := range p.eff {
		r := p.rules[k]
		if !r.Fires(c, g) {
			continue
		}
		if r.Severity == Hard {
			d.Fired = append(d.Fired, r)
		} else {
			soft = append(soft, r)
		}
	}
	hard := len(d.Fired)
	d.Fired = append(d.Fired, soft...)
	var b strings.Builder
	switch {
	case hard > 0:
		d.Verdict = Ineligible
		fmt.Fprintf(&b, "%v may not hold this case (%v): ", g, c)
		writeRules(&b, d.Fired[:hard])
		if len(soft) > 0 {
			b.WriteString("; also warned: ")
			writeRules(&b, soft)
		}
	case len(soft) > 0:
		d.Verdict = EligibleWithWarnings
		fmt.Fprintf(&b, "%v may hold this case (%v) only with a recorded override reason: ", g, c)
		writeRules(&b, soft)
	default:
		d.Verdict = Eligible
		d.Scope = NationalScope
		fmt.Fprintf(&b, "no rule in effect restricts %v for this case (%v)", g, c)
		var lifted []string
		for _, x := range p.displaced {
			old := p.rules[x.rule]
			if !old.Fires(c, g) {
				continue
			}
			by := p.rules[x.by]
			how := "replaced by " + by.ID
			if by.Waive {
				how = "waived by " + by.ID
			}
			lifted = append(lifted, fmt.Sprintf("%s (%s) is %s in scope %s", old.ID, old.Scope, how, by.Scope))
			d.Scope = by.Scope
		}
		if len(lifted) > 0 {
			b.WriteString("; ")
			b.WriteString(strings.Join(lifted, "; "))
		}
	}
	if len(d.Fired) > 0 {
		d.Scope = d.Fired[0].Scope
	} else {
		d.Fired = nil
	}
	d.Reason = b.String()
	return d
}

func writeRules(b *strings.Builder, rs []Rule) {
	for i, r := range rs {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(b, "%s [%s, %s]", r.Description, r.ID, r.Scope)
	}
}

// RuleIDs returns the IDs of the fired rules, in Fired order.
func (d Decision) RuleIDs() []string {
	ids := make([]string, len(d.Fired))
	for i, r := range d.Fired {
		ids[i] = r.ID
	}
	return ids
}

// String returns the decision in one line: grade, verdict, deciding
// scope, the reason, and the override if one is recorded.
func (d Decision) String() string {
	s := fmt.Sprintf("%v: %v (%s): %s", d.Grade, d.Verdict, d.Scope, d.Reason)
	if d.Overridden.Reason.IsValid() {
		s += "; overridden: " + d.Overridden.String()
	}
	return s
}
