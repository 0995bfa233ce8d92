package allocation_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/probationkit/probation/allocation"
)

// fmtExplanation is the text of an explanation as fmt wrote it before
// String was written without fmt: the reference the faster text must
// match byte for byte.
func fmtExplanation(e allocation.Explanation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s at %.1f%%, cost %s", e.CaseID, e.PractitionerID, e.AfterPercent, fmtCost(e.Cost))
	for _, a := range e.Alternatives {
		switch {
		case a.Reason == 0:
			fmt.Fprintf(&b, "; not %s: chosen", a.PractitionerID)
		case !a.Eligible:
			fmt.Fprintf(&b, "; not %s: %s", a.PractitionerID, a.Detail)
		default:
			fmt.Fprintf(&b, "; not %s: %+d, %s", a.PractitionerID, a.Extra, a.Detail)
		}
	}
	return b.String()
}

func fmtCost(c allocation.Cost) string {
	var parts []string
	for t, v := range c {
		if v != 0 {
			parts = append(parts, fmt.Sprintf("%s %d", allocation.Term(t), v))
		}
	}
	if len(parts) == 0 {
		return fmt.Sprint(c.Total())
	}
	return fmt.Sprintf("%d (%s)", c.Total(), strings.Join(parts, ", "))
}

// TestExplanationText checks the text of explanations, costs and
// candidates against fmtExplanation on every explanation of an
// overloaded solve (so that alternatives lose by overload and by other
// terms) and on edge values, and the Detail of each costlier alternative
// against its format.
func TestExplanationText(t *testing.T) {
	p := generate(shape{cases: 400, practitioners: 20, fill: 1.1, seed: 3})
	r, err := allocation.Solve(context.Background(), p, teamScope)
	if err != nil {
		t.Fatal(err)
	}
	es := r.Explanations()
	costlier := 0
	for _, e := range es {
		for _, a := range e.Alternatives {
			if a.Reason != allocation.Costlier {
				continue
			}
			costlier++
			d := a.Cost[a.Term] - e.Cost[a.Term]
			want := fmt.Sprintf(" (+%d)", d)
			if a.Term == allocation.Overload {
				want = fmt.Sprintf("would reach %.1f%% (+%d)", a.AfterPercent, d)
			}
			if !strings.HasSuffix(a.Detail, want) {
				t.Errorf("%s: alternative %s: Detail %q, want it to end %q", e.CaseID, a.PractitionerID, a.Detail, want)
			}
		}
	}
	if costlier == 0 {
		t.Fatal("no costlier alternative: the instance does not exercise the Details")
	}
	var c allocation.Cost
	c[allocation.Distance], c[allocation.Overload] = -7, 1<<40
	for _, pct := range []float64{0, 0.05, 99.95, 123.45, 1e7, -1, math.NaN(), math.Inf(1)} {
		es = append(es, allocation.Explanation{CaseID: "c", PractitionerID: "p", AfterPercent: pct, Cost: c,
			Alternatives: []allocation.Candidate{
				{PractitionerID: "a", Eligible: true, Extra: -5, Reason: allocation.Kept, Detail: "kept"},
				{PractitionerID: "b", Eligible: true, Reason: allocation.Tie, Detail: "tie"},
				{PractitionerID: "d", Reason: allocation.Ineligible, Detail: "PSO ineligible"},
				{PractitionerID: "e", Eligible: true},
			}})
	}
	es = append(es, allocation.Explanation{})
	for _, e := range es {
		if got, want := e.String(), fmtExplanation(e); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
		if got, want := e.Cost.String(), fmtCost(e.Cost); got != want {
			t.Errorf("Cost.String() = %q, want %q", got, want)
		}
	}
}
