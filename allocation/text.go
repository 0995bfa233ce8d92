package allocation

import (
	"fmt"
	"strings"
)

// String says why the candidate did not get the case, for a person: for
// an eligible practitioner how much more the case would cost there and
// the main reason ("P2: +1300, would reach 110.6% (+1300)"), otherwise
// why they may not hold it ("P3: PSO ineligible under rosh-high-to-po").
// The chosen practitioner reads "P1: chosen".
func (c Candidate) String() string {
	switch {
	case c.Reason == 0:
		return c.PractitionerID + ": chosen"
	case !c.Eligible:
		return fmt.Sprintf("%s: %s", c.PractitionerID, c.Detail)
	}
	return fmt.Sprintf("%s: %+d, %s", c.PractitionerID, c.Extra, c.Detail)
}

// String describes the decision in one line for a person: the chosen
// practitioner, the workload % they reach, the cost term by term, and each
// alternative with why it lost.
func (e Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s at %.1f%%, cost %v", e.CaseID, e.PractitionerID, e.AfterPercent, e.Cost)
	for _, a := range e.Alternatives {
		fmt.Fprintf(&b, "; not %v", a)
	}
	return b.String()
}
