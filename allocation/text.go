package allocation

import (
	"fmt"
	"strings"
)

// String returns the total and its non-zero terms, such as
// "3648 (distance 528, continuity 720, overload 2400)", or "0".
func (c Cost) String() string {
	var parts []string
	for _, t := range []struct {
		name string
		v    int64
	}{
		{"distance", c.Distance}, {"continuity", c.Continuity}, {"cross-team", c.CrossTeam},
		{"over-skill", c.OverSkill}, {"soft rule", c.SoftRule}, {"move", c.Move}, {"overload", c.Overload},
	} {
		if t.v != 0 {
			parts = append(parts, fmt.Sprintf("%s %d", t.name, t.v))
		}
	}
	if len(parts) == 0 {
		return fmt.Sprint(c.Total())
	}
	return fmt.Sprintf("%d (%s)", c.Total(), strings.Join(parts, ", "))
}

// String says why the alternative lost, for a person: for an eligible
// practitioner how much more the case would cost there and the main
// reason ("P2: +1300, would reach 110.6% (+1300)"), otherwise why they may
// not hold it ("P3: PSO ineligible under rosh-high-to-po").
func (a Alternative) String() string {
	if !a.Eligible {
		return fmt.Sprintf("%s: %s", a.PractitionerID, a.Detail)
	}
	return fmt.Sprintf("%s: %+d, %s", a.PractitionerID, a.Extra, a.Detail)
}

// String describes the decision in one line for a person: the chosen
// practitioner, the workload % they reach, the cost term by term, and each
// alternative with why it lost.
func (e Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s at %.1f%%, cost %v", e.CaseID, e.PractitionerID, e.Percent, e.Cost)
	for _, a := range e.Alternatives {
		fmt.Fprintf(&b, "; not %v", a)
	}
	return b.String()
}
