package allocation

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/probationkit/probation"

	"github.com/probationkit/probation/internal/mcf"
)

// Certificate is a proof of how near a Result's allocation is to the best
// whole allocation of its problem ([Result.Certify]).
type Certificate struct {
	// Status is StatusOptimal when the bound reaches the objective (no
	// whole allocation is better), StatusStopped when the context ended
	// first (the bound is still a bound, from the rounds run so far),
	// and StatusFeasible otherwise.
	Status Status `json:"status"`
	// Bound is a lower bound on the objective of every whole allocation
	// of the Result's problem under its hard limits: the flow's bound
	// (Stats.Bound) raised part by part by the Lagrangian relaxation.
	Bound int64 `json:"bound"`
	// FlowBound is the flow's bound, Stats.Bound of a FlowSearch Result.
	FlowBound int64 `json:"flow_bound"`
	// Objective is the Result's, Stats.Objective.
	Objective int64 `json:"objective"`
	// GapPercent is 100 × (Objective − Bound) / Bound, 0 when Bound is
	// 0: the Result is at most this far above the best whole allocation.
	GapPercent float64 `json:"gap_percent"`
	// Rounds counts the rounds run, over all parts.
	Rounds int `json:"rounds"`
	// Parts is the number of independent parts, Proved those whose
	// bound reached the Result's objective there.
	Parts  int `json:"parts"`
	Proved int `json:"proved"`
}

// DefaultRounds is the number of rounds per part Certify runs when asked
// for 0. Each round solves one knapsack per practitioner of the part. On
// the rebalance shape (30,000 held cases in 33 parts; BenchmarkCertify)
// 100 rounds took 2.8 s on two cores and proved the allocation within
// 0.220% of the best whole one, 300 rounds 8.1 s and 0.184%; by hand,
// once: 200 rounds 5.4 s and 0.199%, 500 rounds 13.4 s and 0.174%, 1,000
// rounds 23.5 s and 0.171%.
const DefaultRounds = 300

// maxRounds bounds Certify's rounds per part.
const maxRounds = 100_000

// minStep is the step factor λ of the volume algorithm below which a part
// stops: λ starts at 0.01 and shrinks by a third after 20 rounds without
// progress, so it takes 200 such rounds to get there, and steps that
// short no longer move the multipliers measurably.
const minStep = 1e-4

// stallRounds is the window over which a part must close at least a
// ten-thousandth of what is left between its bound and its objective, or
// stop. On the rebalance shapes the bound closes percents of it per
// window, with windows of no progress in some parts that later recover
// (a 50-round window cost uneven-rebalance 0.003 points of its
// certified gap); on the pdu and region batches, where the knapsacks
// see nothing the flow does not, it closes nothing and their parts stop
// after 100 rounds.
const stallRounds = 100

// Certify proves how far r's allocation is from the best whole
// allocation: it returns a lower bound on the objective of every whole
// allocation of r's problem under the hard limits r was solved with
// (Solve's Settings; for MinMax, the ceilings of its final run), and
// r's gap to it. The flow's bound (Stats.Bound) lets cases split; the
// certificate's does not, so it proves more where a FlowSearch gap comes
// from whole cases that cannot fill practitioners to the breakpoints the
// flow fills, as in a rebalance or a daily batch; on the pdu and region
// batches it proves no more than the flow (see the package
// documentation).
//
// The bound is Lagrangian [Fis81]: price the constraint that each case
// is placed once with a multiplier u_j; what is left splits by
// practitioner into a knapsack of whole cases, with value
// u_j − w_j·c_ij and the convex overload penalty on the total, which
// reduction and dynamic programming over the load solve exactly
// (knapsacks). For any u, Σ_j u_j plus the knapsacks' optima (and each
// case's unplaced charge where that is less) is at most every whole
// allocation's objective. The multipliers start at the flow's
// potentials, where the bound is the flow's or more, and are moved by
// the volume algorithm [BA00]: subgradient steps along a running average
// of the knapsacks' answers, which keeps the steps from zigzagging where
// the potentials are degenerate, as they are at every breakpoint the
// flow fills exactly. Each part keeps its best value, rounded up to an
// integer less a margin of 10⁻⁹ of itself for the float arithmetic, and
// never below its flow's. The certificate reads nothing of the
// allocation but its objective, part by part, which sets the step
// length and says when a part is proved. A part stops after rounds
// rounds, when proved, when its steps have shrunk to nothing (minStep)
// or when it stalls (stallRounds).
//
// MaxNew is left out of the knapsacks (a relaxation: the bound stays a
// bound, if a weaker one); load ceilings are kept. rounds is the number
// of rounds per part, 0 meaning DefaultRounds, at most 100,000. The
// parts run on every core; the outcome does not depend on GOMAXPROCS.
// Certify watches ctx and returns soon after its end, as Solve does
// (TestCertifyStopped holds it to a median within 50 ms; in
// BenchmarkCertifyCancel it returned within 1.5 ms at every size up to a
// million cases): a stopped certificate (StatusStopped) still
// holds a valid bound, from the rounds run; stopped before every part's
// flow was solved, its bound is Stats.Bound (0 for a Result without
// one). It returns an error only for a Result that no
// run made (ErrNoRun), rounds out of range (a
// *probation.ValidationError) and a step that panicked (ErrFailed: a bug,
// please report it); r is not changed.
func (r *Result) Certify(ctx context.Context, rounds int) (c Certificate, err error) {
	defer func() {
		if v := recover(); v != nil {
			c, err = Certificate{}, fmt.Errorf("%w: Certify: %v", ErrFailed, v)
		}
	}()
	if r == nil || r.m == nil {
		return Certificate{}, ErrNoRun
	}
	if rounds < 0 || rounds > maxRounds {
		return Certificate{}, &probation.ValidationError{Op: "allocation.Result.Certify", Fields: []probation.FieldError{{
			Record: "certify", Index: -1, Field: "rounds", Value: strconv.Itoa(rounds),
			Message: "want 0 (the default, 300) to 100000"}}}
	}
	if rounds == 0 {
		rounds = DefaultRounds
	}
	m := r.m
	c.Objective = r.Stats.Objective
	parts := m.parts
	if parts == nil {
		parts = m.findParts(nil)
	}
	c.Parts = len(parts)
	outs := make([]certPart, len(parts))
	eachPart(ctx, len(parts), func(k int, _ bool, loc []int32) {
		outs[k] = m.certifyPart(ctx, &parts[k], r.asg, loc, rounds)
	}, m.np())
	stopped := ctx.Err() != nil
	// The bound: the constant penalty of the practitioners in no part,
	// plus each part's best bound.
	in := make([]bool, m.np())
	for k := range parts {
		for _, i := range parts[k].pracs {
			in[i] = true
		}
	}
	var flow, bound int64
	for i := range m.np() {
		if !in[i] {
			p := m.penalty(i, m.load0[i])
			flow += p
			bound += p
		}
	}
	complete := true
	for _, o := range outs {
		if !o.solved {
			complete = false
			continue
		}
		flow += o.flow
		bound += o.bound
		c.Rounds += o.rounds
		if o.proved {
			c.Proved++
		}
	}
	switch {
	case complete:
		c.FlowBound, c.Bound = flow, bound
	case r.Stats.HasBound:
		// Some part's flow was not solved: the Result's own bound. (The
		// parts solved cannot raise it safely: it may come from a flow
		// of another unit than theirs.)
		c.FlowBound, c.Bound = r.Stats.Bound, r.Stats.Bound
	}
	c.Bound = min(c.Bound, c.Objective)
	switch {
	case stopped || !complete:
		c.Status = StatusStopped
	case c.Bound == c.Objective:
		c.Status = StatusOptimal
	default:
		c.Status = StatusFeasible
	}
	if c.Bound > 0 {
		c.GapPercent = 100 * float64(c.Objective-c.Bound) / float64(c.Bound)
	}
	return c, nil
}

// certPart is one part's share of a Certificate.
type certPart struct {
	solved      bool  // the part's flow was solved
	flow, bound int64 // the flow's bound and the best bound, both with the part's constant penalty
	rounds      int
	proved      bool // bound reached the allocation's objective on the part
}

// certifyPart runs the volume algorithm on part p: asg is the Result's
// allocation (per case of m: practitioner or -1), loc scratch as for
// partModel.
func (m *model) certifyPart(ctx context.Context, p *part, asg []int32, loc []int32, rounds int) certPart {
	d := m.partModel(p, m.wholeUnit(), loc)
	rel, err := d.relaxWhole(ctx, flowCost, nil, nil)
	if err != nil || rel.status != mcf.Optimal {
		return certPart{}
	}
	out := certPart{solved: true, flow: rel.bound, bound: rel.bound}
	// The allocation's objective on the part.
	st := newState(d)
	for q, j := range p.cases {
		if i := asg[j]; i >= 0 {
			a, _ := m.arcIndex(int(j), int(i))
			st.set(q, d.start[q]+(a-m.start[j]))
		}
	}
	ub := st.total()
	if out.bound >= ub {
		out.bound, out.proved = ub, true
		return out
	}
	w := newWatch(ctx)
	ks := newKnapsacks(d)
	nc := d.nc()
	u := make([]float64, nc)    // multipliers of a round
	ubar := make([]float64, nc) // the best multipliers so far
	if rel.nu != nil {          // nil when no case has points: then they start at 0
		for j := range ubar {
			ubar[j] = float64(d.w[j]) * float64(rel.nu[j]) / float64(rel.g)
		}
	}
	xbar := make([]float64, nc) // running average of the cases' coverage
	cov := make([]float64, nc)
	zbar, ok := ks.eval(ubar, xbar, w)
	if !ok {
		return out
	}
	take := func(z float64) {
		if b := int64(math.Ceil(z - 1e-9*math.Abs(z))); b > out.bound {
			out.bound = min(b, ub)
		}
	}
	take(zbar)
	zmark := zbar // zbar stallRounds rounds ago
	v := make([]float64, nc)
	const alphaMax = 0.1
	lambda, red := 0.01, 0
	for out.rounds < rounds && out.bound < ub && lambda >= minStep {
		norm := 0.0
		for j := range v {
			v[j] = 1 - xbar[j]
			norm += v[j] * v[j]
		}
		if norm < 1e-12 {
			break
		}
		step := lambda * (float64(ub) - zbar) / norm
		for j := range u {
			u[j] = ubar[j] + step*v[j]
		}
		z, ok := ks.eval(u, cov, w)
		if !ok {
			break
		}
		out.rounds++
		// The average moves toward this round's coverage by the α in
		// [α_max/10, α_max] that brings it nearest to covering every
		// case once [BA00 §3].
		num, den := 0.0, 0.0
		for j := range cov {
			dj := cov[j] - xbar[j]
			num += v[j] * dj
			den += dj * dj
		}
		alpha := alphaMax
		if den > 0 {
			alpha = max(alphaMax/10, min(alphaMax, num/den))
		}
		for j := range xbar {
			xbar[j] += alpha * (cov[j] - xbar[j])
		}
		if z > zbar {
			// Green when this round's subgradient still points along
			// the step: lengthen the steps.
			dot := 0.0
			for j := range v {
				dot += v[j] * (1 - cov[j])
			}
			copy(ubar, u)
			zbar = z
			take(z)
			if dot >= 0 {
				lambda = min(1.1*lambda, 2)
			}
			red = 0
		} else if red++; red >= 20 {
			lambda *= 0.66
			red = 0
		}
		if out.rounds%stallRounds == 0 {
			// Stalled: less than a ten-thousandth of the distance left
			// closed in the last stallRounds rounds.
			if zbar-zmark < (float64(ub)-zmark)/10000 {
				break
			}
			zmark = zbar
		}
	}
	if out.bound >= ub {
		out.proved = true
	}
	return out
}
