package allocation

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// TestDraftFinish checks that a draft finished after the allocation
// changed is the Result built afresh (assignments and their costs,
// workloads with cases received and released, Stats, explanations), and
// that finish declines when a case was placed or unplaced since.
func TestDraftFinish(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := crafted(t)
		st := random(m, rapid.Uint64().Draw(t, "seed"), nil)
		d := m.draft(st, nil)
		for range rapid.IntRange(0, 12).Draw(t, "changes") {
			j := rapid.IntRange(0, m.nc()-1).Draw(t, "case")
			lo, hi := int(m.start[j]), int(m.start[j+1])
			if lo == hi {
				continue
			}
			// A draw of lo-1 unplaces the case; rarely, as the search does.
			a := int32(rapid.IntRange(lo-1, hi-1).Draw(t, "pair"))
			if a < int32(lo) {
				if rapid.IntRange(0, 3).Draw(t, "unplace") > 0 {
					continue
				}
				a = -1 // lo-1 is the previous case's last pair, not "unplaced"
			}
			st.set(j, a)
		}
		same := true // the same cases placed
		for j, a := range st.arc {
			same = same && (a >= 0) == (d.arc[j] >= 0)
		}
		stats := Stats{Pivots: 7, Split: 2, HasBound: true, Bound: 1}
		got := d.finish(st, FlowSearch, StatusStopped, stats)
		if !same {
			if got != nil {
				t.Fatal("finish returned a Result after a case was placed or unplaced")
			}
			return
		}
		want := m.result(st, FlowSearch, StatusStopped, stats)
		if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Result{}), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("finished draft mismatch (-fresh +finished):\n%s", diff)
		}
		if !slices.Equal(want.asg, got.asg) {
			t.Fatalf("finished draft's practitioners %v, fresh %v", got.asg, want.asg)
		}
		if diff := cmp.Diff(want.Explanations(), got.Explanations(), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("finished draft's explanations mismatch (-fresh +finished):\n%s", diff)
		}
	})
}
