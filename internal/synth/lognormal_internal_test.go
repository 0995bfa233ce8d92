package synth

import (
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/probationkit/probation/tiering"
)

// TestLogNormal checks the closed forms of LogNormal against 200,000
// draws of each law (seeded): the mean, the median and the deciles within
// 1%, E[max(X/2, floor)] within 1%, and the length-biased law against the
// draws weighted by their length within 1.5%. Relative standard errors
// are below 0.3% for these laws, so the tolerances are 3–5 of them.
func TestLogNormal(t *testing.T) {
	d := DefaultDynamics()
	tests := []struct {
		name string
		law  LogNormal
	}{
		{"community", d.Community},
		{"sentence", d.Sentence},
		{"sickness", d.Sickness.Weeks},
		{"constant", d.Maternity.Weeks},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := stream(1, 7)
			const n = 200000
			xs := make([]float64, n)
			sum, half, weighted, weights := 0.0, 0.0, 0.0, 0.0
			for i := range xs {
				x := tt.law.draw(r)
				if x < tt.law.Min || x > tt.law.Max {
					t.Fatalf("draw %v outside [%v, %v]", x, tt.law.Min, tt.law.Max)
				}
				xs[i] = x
				sum += x
				half += max(x/2, 12)
				weights += x
				weighted += x * x
			}
			slices.Sort(xs)
			near := func(what string, got, want, tol float64) {
				if math.Abs(got/want-1) > tol {
					t.Errorf("%s: %.4f, want %.4f ± %.1f%%", what, got, want, 100*tol)
				}
			}
			near("mean", sum/n, tt.law.Mean(), 0.01)
			near("E[max(X/2, 12)]", half/n, tt.law.MeanMaxScaled(0.5, 12), 0.01)
			near("length-biased mean", weighted/weights, tt.law.LengthBiased().Mean(), 0.015)
			for _, p := range []float64{0.1, 0.5, 0.9} {
				near("quantile", xs[int(p*n)], tt.law.Quantile(p), 0.01)
			}
		})
	}
}

func TestLogNormalQuantileBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo := rapid.Float64Range(0.01, 100).Draw(t, "min")
		l := LogNormal{
			Median: rapid.Float64Range(0.01, 1000).Draw(t, "median"),
			Sigma:  rapid.Float64Range(0, 3).Draw(t, "sigma"),
			Min:    lo,
			Max:    lo + rapid.Float64Range(0, 1000).Draw(t, "width"),
		}
		p, q := rapid.Float64Range(0, 1).Draw(t, "p"), rapid.Float64Range(0, 1).Draw(t, "q")
		a, b := l.Quantile(min(p, q)), l.Quantile(max(p, q))
		if !(l.Min <= a && a <= b && b <= l.Max) {
			t.Fatalf("%+v: Quantile(%v) = %v, Quantile(%v) = %v: want ordered within [Min, Max]", l, min(p, q), a, max(p, q), b)
		}
		if m := l.Mean(); !(l.Min <= m && m <= l.Max) {
			t.Fatalf("%+v: Mean() = %v outside [Min, Max]", l, m)
		}
		if m, f := l.MeanMaxScaled(0.5, 12), func(x float64) float64 { return max(x/2, 12) }; !(f(l.Min) <= m && m <= f(l.Max)) {
			t.Fatalf("%+v: MeanMaxScaled(0.5, 12) = %v outside [%v, %v]", l, m, f(l.Min), f(l.Max))
		}
	})
}

// TestStepStationary runs the Metropolis step of the reassessments for
// 400,000 proposals on a skewed distribution and checks that the time
// spent at each level matches it within 1 point, and that the share of
// kept steps is Σ min(π_k, π_k+1) within 1 point: the reasons
// GenerateEvents gives for the rule.
func TestStepStationary(t *testing.T) {
	pi := []float64{0.05, 0.15, 0.5, 0.3}
	g := &eventGen{rChange: stream(3, 3)}
	level, kept := 2, 0
	var visits [4]float64
	const n = 400000
	for range n {
		if next, ok := g.step(level, pi); ok {
			level = next
			kept++
		}
		visits[level]++
	}
	for k, p := range pi {
		if got := visits[k] / n; math.Abs(got-p) > 0.01 {
			t.Errorf("level %d: %.4f of the time, want %.2f ± 0.01", k, got, p)
		}
	}
	want := 0.0
	for k := 0; k+1 < len(pi); k++ {
		want += min(pi[k], pi[k+1])
	}
	if got := float64(kept) / n; math.Abs(got-want) > 0.01 {
		t.Errorf("kept %.4f of the steps, want %.4f ± 0.01", got, want)
	}
}

func TestProtectAfter(t *testing.T) {
	A, B, C, D := tiering.ProtectA, tiering.ProtectB, tiering.ProtectC, tiering.ProtectD
	tests := []struct {
		name, reason string
		p            tiering.Protect
		from, to     tiering.RoSH
		m            tiering.MAPPALevel
		want         tiering.Protect
	}{
		{"very high", "very high RoSH scores 150: A", C, tiering.RoSHMedium, tiering.RoSHVeryHigh, tiering.MAPPANone, A},
		{"MAPPA 2", "MAPPA 2 scores 150: A whatever RoSH", D, tiering.RoSHLow, tiering.RoSHLow, tiering.MAPPA2, A},
		{"down from very high", "an A set by RoSH follows it down", A, tiering.RoSHVeryHigh, tiering.RoSHHigh, tiering.MAPPANone, B},
		{"MAPPA 2 to 1", "an A without very high RoSH or MAPPA 2/3 falls to what RoSH gives", A, tiering.RoSHMedium, tiering.RoSHMedium, tiering.MAPPA1, C},
		{"rise to high", "high RoSH keeps at least B", D, tiering.RoSHLow, tiering.RoSHHigh, tiering.MAPPANone, B},
		{"letter not from RoSH", "a B with low RoSH came from other points: it stays", B, tiering.RoSHLow, tiering.RoSHMedium, tiering.MAPPANone, B},
		{"fall to low", "a C set by medium RoSH follows it to D", C, tiering.RoSHMedium, tiering.RoSHLow, tiering.MAPPANone, D},
		{"medium D", "a D with medium RoSH (raised since its tier) stays D as RoSH falls to low", D, tiering.RoSHMedium, tiering.RoSHLow, tiering.MAPPANone, D},
	}
	for _, tt := range tests {
		if got := protectAfter(tt.p, tt.from, tt.to, tt.m); got != tt.want {
			t.Errorf("%s: protectAfter(%v, %v → %v, %v) = %v, want %v (%s)", tt.name, tt.p, tt.from, tt.to, tt.m, got, tt.want, tt.reason)
		}
	}
}

// TestPoisson checks the mean and variance of 20,000 Poisson draws at
// means 0.5, 60 and 650 (a pdu's, a region's and the nation's arrivals a
// working day) within 2% and 5%.
func TestPoisson(t *testing.T) {
	r := stream(5, 5)
	for _, mean := range []float64{0.5, 60, 650} {
		const n = 20000
		sum, sq := 0.0, 0.0
		for range n {
			x := float64(poisson(r, mean))
			sum += x
			sq += x * x
		}
		m := sum / n
		v := sq/n - m*m
		if math.Abs(m/mean-1) > 0.02 || math.Abs(v/mean-1) > 0.05 {
			t.Errorf("poisson(%v): mean %.3f, variance %.3f; want both %v (±2%%, ±5%%)", mean, m, v, mean)
		}
	}
}

func TestUnevenHeadsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.IntRange(1, 3000).Draw(t, "practitioners")
		heads := unevenHeads(stream(rapid.Uint64().Draw(t, "seed"), 1), p)
		sum := 0
		for _, h := range heads {
			sum += h
			if p >= 2*unevenMin && (h < unevenMin || h > unevenMax) {
				t.Fatalf("team of %d among %d practitioners, want %d–%d", h, p, unevenMin, unevenMax)
			}
		}
		if sum != p {
			t.Fatalf("headcounts %v sum to %d, want %d", heads, sum, p)
		}
	})
}
