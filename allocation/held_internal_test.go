package allocation

import (
	"fmt"
	"testing"

	"github.com/probationkit/probation/grades"
)

// TestMostlyHeld: a search's cases are mostly held when at least half of
// those with points have a current practitioner; cases of no points do
// not count.
func TestMostlyHeld(t *testing.T) {
	tests := []struct {
		name   string
		points []int
		held   []bool
		want   bool
		reason string
	}{
		{"none held", []int{10, 20, 30}, []bool{false, false, false}, false, "a batch of new cases"},
		{"all held", []int{10, 20, 30}, []bool{true, true, true}, true, "a rebalance"},
		{"half held", []int{10, 20, 30, 40}, []bool{true, true, false, false}, true, "half is enough"},
		{"a third held", []int{10, 20, 30}, []bool{true, false, false}, false, "less than half"},
		{"zero points ignored", []int{0, 0, 10, 20}, []bool{false, false, true, false}, true, "one of the two cases with points"},
		{"only zero points", []int{0, 0}, []bool{true, true}, false, "nothing to weigh"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Problem{Practitioners: []Practitioner{
				{ID: "A", Grade: grades.PO, Team: "T", Available: 100},
				{ID: "B", Grade: grades.PO, Team: "T", Available: 100},
			}}
			for j, w := range tt.points {
				c := Case{ID: fmt.Sprintf("c%d", j), Points: w, Tier: 1, Team: "T", Risk: grades.Profile{Tier: 1}}
				if tt.held[j] {
					c.Current = "A"
				}
				p.Cases = append(p.Cases, c)
			}
			if got := testModel(t, p, &Settings{Scope: SameTeam}).mostlyHeld(); got != tt.want {
				t.Errorf("mostlyHeld() = %v, want %v (%s)", got, tt.want, tt.reason)
			}
		})
	}
}
