package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// LogNormal is a log-normal law truncated to [Min, Max]: X = Median ·
// exp(Sigma · Z) for a standard normal Z, conditioned on Min ≤ X ≤ Max.
// Sigma 0 is the constant Median (clamped to [Min, Max]). The unit is the
// caller's (months for sentences, weeks for absences).
type LogNormal struct {
	Median, Sigma float64
	Min, Max      float64
}

// check reports a law that cannot be drawn from.
func (l LogNormal) check(name string) error {
	if !(l.Median > 0) || !(l.Sigma >= 0) || !(l.Min > 0) || !(l.Max >= l.Min) || math.IsInf(l.Max, 0) {
		return fmt.Errorf("synth: %s: log-normal %+v: want Median > 0, Sigma ≥ 0, 0 < Min ≤ Max < ∞", name, l)
	}
	return nil
}

// phi is the standard normal distribution function.
func phi(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// bounds returns the truncation points as standard normal quantiles.
func (l LogNormal) bounds() (alpha, beta float64) {
	mu := math.Log(l.Median)
	return (math.Log(l.Min) - mu) / l.Sigma, (math.Log(l.Max) - mu) / l.Sigma
}

// Quantile returns the p-quantile of the truncated law, 0 ≤ p ≤ 1.
func (l LogNormal) Quantile(p float64) float64 {
	if l.Sigma == 0 {
		return min(max(l.Median, l.Min), l.Max)
	}
	a, b := l.bounds()
	fa, fb := phi(a), phi(b)
	u := fa + p*(fb-fa)
	z := -math.Sqrt2 * math.Erfcinv(2*u)
	x := l.Median * math.Exp(l.Sigma*z)
	return min(max(x, l.Min), l.Max)
}

// Mean returns the mean of the truncated law.
func (l LogNormal) Mean() float64 {
	return l.closedOr(l.partialMean(l.Min, l.Max)/l.mass(l.Min, l.Max), l.Min, l.Max, func(x float64) float64 { return x })
}

// closedOr returns the closed form v of E[f(X)] unless the truncation
// leaves too little mass for it to be accurate (or v is outside
// [lo, hi], the range of f over [Min, Max]); then it averages f over
// 1,000 evenly spaced quantiles, kept within [lo, hi] against rounding.
func (l LogNormal) closedOr(v, lo, hi float64, f func(float64) float64) float64 {
	if l.Sigma == 0 || l.mass(l.Min, l.Max) > 1e-6 && v >= lo && v <= hi {
		return v
	}
	const n = 1000
	sum := 0.0
	for i := range n {
		sum += f(l.Quantile((float64(i) + 0.5) / n))
	}
	return min(max(sum/n, lo), hi)
}

// mass returns P(lo ≤ X ≤ hi) under the untruncated law, for
// Min ≤ lo ≤ hi ≤ Max; with Sigma 0, 1 when the constant lies in
// [lo, hi].
func (l LogNormal) mass(lo, hi float64) float64 {
	if l.Sigma == 0 {
		if x := l.Quantile(0.5); lo <= x && x <= hi {
			return 1
		}
		return 0
	}
	mu := math.Log(l.Median)
	return phi((math.Log(hi)-mu)/l.Sigma) - phi((math.Log(lo)-mu)/l.Sigma)
}

// partialMean returns E[X; lo ≤ X ≤ hi] under the untruncated law
// (with Sigma 0, the constant times mass).
func (l LogNormal) partialMean(lo, hi float64) float64 {
	if l.Sigma == 0 {
		return l.Quantile(0.5) * l.mass(lo, hi)
	}
	mu, s2 := math.Log(l.Median), l.Sigma*l.Sigma
	return math.Exp(mu+s2/2) * (phi((math.Log(hi)-mu-s2)/l.Sigma) - phi((math.Log(lo)-mu-s2)/l.Sigma))
}

// MeanMaxScaled returns E[max(scale·X, floor)] under the truncated law,
// scale > 0: the mean supervision after release of a sentence X of
// which a share scale is served on licence, with at least floor after
// release.
func (l LogNormal) MeanMaxScaled(scale, floor float64) float64 {
	if l.Sigma == 0 {
		return max(scale*l.Quantile(0.5), floor)
	}
	cut := min(max(floor/scale, l.Min), l.Max)
	f := func(x float64) float64 { return max(scale*x, floor) }
	v := (floor*l.mass(l.Min, cut) + scale*l.partialMean(cut, l.Max)) / l.mass(l.Min, l.Max)
	return l.closedOr(v, f(l.Min), f(l.Max), f)
}

// LengthBiased returns the law of X seen through a stock that holds each
// X for a time proportional to X (a case drawn from the caseload rather
// than from the arrivals): the density x·f(x)/E[X], which for a
// truncated log-normal is the same truncation of the log-normal whose
// median is Median·exp(Sigma²).
func (l LogNormal) LengthBiased() LogNormal {
	l.Median *= math.Exp(l.Sigma * l.Sigma)
	return l
}

// draw returns a value of the truncated law by inversion (one uniform).
func (l LogNormal) draw(r *rand.Rand) float64 { return l.Quantile(r.Float64()) }
