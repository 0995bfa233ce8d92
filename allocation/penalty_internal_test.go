package allocation

import (
	"testing"

	"pgregory.net/rapid"
)

// TestRise checks rise against its definition, P_i(x) − P_i(x − w), for
// practitioners of any available points, at loads around and across the
// breakpoints of the default bands.
func TestRise(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := &instance{pen: newPenaltyTable(DefaultBands())}
		m.K, m.price = len(m.pen.price), m.pen.price
		avail := rapid.SliceOfN(rapid.Int64Range(0, 5000), 1, 4).Draw(t, "avail")
		m.bp, m.cumPen = make([]int64, len(avail)*m.K), make([]int64, len(avail)*m.K)
		for i, a := range avail {
			m.pen.breakpoints(a, m.bp[i*m.K:(i+1)*m.K], m.cumPen[i*m.K:(i+1)*m.K])
		}
		i := rapid.IntRange(0, len(avail)-1).Draw(t, "i")
		x := rapid.Int64Range(0, 3*avail[i]+500).Draw(t, "x")
		w := rapid.Int64Range(0, x).Draw(t, "w")
		if got, want := m.rise(i, x, w), m.penalty(i, x)-m.penalty(i, x-w); got != want {
			t.Fatalf("rise(%d, %d, %d) = %d, want %d (breakpoints %v)", i, x, w, got, want, m.bp[i*m.K:(i+1)*m.K])
		}
	})
}
