package allocation

import (
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestKnapsackExact checks Certify's knapsacks against exhaustive search:
// for drawn multipliers (three sets in turn on the same knapsacks, with
// drawn guesses at the gap), each practitioner's knapsack value is the least
// over every set of its eligible cases that fits under its ceiling, and
// the set it reports (by cov) is one that has that value. The
// multipliers are drawn where the reductions bite: per point, between 0
// and the dearest pair plus the third band's price, so that sets straddle
// breakpoints.
func TestKnapsackExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := craftedModel(t, Anywhere, craftedProblem(t, []string{"A", "B"}, 1, 4, 1, 13, []int{0, 13, 29, 51, 79, 110, 146}))
		ks := newKnapsacks(m)
		nc := m.nc()
		hi := float64(m.maxCost + m.price[min(2, m.K-1)])
		u := make([]float64, nc)
		cov := make([]float64, nc)
		for range 3 {
			for j := range u {
				u[j] = float64(m.w[j]) * rapid.Float64Range(0, hi).Draw(t, "u")
				if rapid.Bool().Draw(t, "whole") {
					u[j] = math.Round(u[j])
				}
			}
			for i := range m.np() {
				clear(cov)
				// The guess at the gap the last call leaves, drawn: too
				// small, about right or too large, each path is exact.
				ks.gap[i] = rapid.SampledFrom([]float64{0, 0.5, 5, 50, 500, 5000}).Draw(t, "guess")
				got, ok := ks.knapsack(i, u, cov, nil)
				if !ok {
					t.Fatal("stopped without a watch")
				}
				elig := append(slices.Clone(ks.ord[i]), ks.zero[i]...)
				want := math.Inf(1)
				for s := 0; s < 1<<len(elig); s++ {
					v, load := 0.0, m.load0[i]
					for b, a := range elig {
						if s&(1<<b) != 0 {
							j := ks.caseOf[a]
							v += float64(m.w[j]*m.arcC[a]) - u[j]
							load += m.w[j]
						}
					}
					if load > m.hcap[i] {
						continue
					}
					want = min(want, v+float64(m.penalty(i, load)))
				}
				if math.Abs(got-want) > 1e-6*max(1, math.Abs(want)) {
					t.Fatalf("practitioner %d: knapsack %v, exhaustive %v", i, got, want)
				}
				// The set it reports.
				v, load := 0.0, m.load0[i]
				for _, a := range elig {
					j := ks.caseOf[a]
					switch cov[j] {
					case 0:
					case 1:
						v += float64(m.w[j]*m.arcC[a]) - u[j]
						load += m.w[j]
					default:
						t.Fatalf("practitioner %d: case %d covered %v times", i, j, cov[j])
					}
				}
				if load > m.hcap[i] {
					t.Fatalf("practitioner %d: reported set's load %d over the ceiling %d", i, load, m.hcap[i])
				}
				if v += float64(m.penalty(i, load)); math.Abs(v-want) > 1e-6*max(1, math.Abs(want)) {
					t.Fatalf("practitioner %d: reported set costs %v, optimum %v", i, v, want)
				}
			}
		}
	})
}
