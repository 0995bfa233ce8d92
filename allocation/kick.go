package allocation

import "math/rand/v2"

// perturbSeed seeds the perturbations of the iterated local search. It is
// a constant, not Settings.Seed, so that Optimal's result depends on the
// problem alone.
const perturbSeed = 0x9e3779b97f4a7c15

// Perturbation budget, in units of searcher.work: perturbPerPair per
// eligible pair, at most perturbMax, and at most perturbMax·perturbRef/E
// for E eligible pairs, since a step's overhead grows with the instance;
// a problem of several parts gives each part its share by pairs
// (searchParts). On the pdu shape (about 32,000 pairs) that is about
// 43,000,000 units: synth seeds 1–16 then end at most 0.0972% above the
// bound (team scope; mean 0.053%; with polishDescent 0.0848% and
// 0.0508%). 900 per pair and 30,000,000 at most
// had left seed 4 at 0.1026% once the fills visited only the pairs at
// equal reduced cost (the search then takes another path for the same
// budget), and 1,800 and 60,000,000 changed nothing more (go test -bench
// SolvePDUSeeds -benchtime=1x ./allocation). On the region shape (about
// 500,000 pairs, 33 parts at team scope) it is about 28,800,000, as before
// perturbMax rose with perturbRef lowered to match: the parts search in
// parallel, so a step's overhead is a part's, and perturbRef is set for
// that. Measured side by side (go test -c, then -test.bench
// 'Solve/|Rebalance' -test.benchtime=1x), a region budget of 3,600,000
// → 28,800,000 took region from 0.134% in 0.19 s to 0.107% in 0.33 s and
// rebalance from 0.397% in 0.33 s to 0.388% in 0.45 s, national
// unchanged (0.191% → 0.190%, 2.76 s both). More does little: 43,200,000
// and 57,600,000 (perturbRef 480,000 and 640,000) take region from
// 0.1047% to 0.1024% and 0.1023%, rebalance from 0.390% to 0.386% and
// 0.385%, for more search time. Once the pair programs were pruned and
// polishDescent ended the search, the region budget came down to about
// 12,600,000 (perturbRef 320,000 → 140,000): region 0.0933% → 0.0932%
// for a Solve's CPU time (the process's, best of 3) of 615 → 437 ms,
// rebalance 0.3537% → 0.3555% (611 → 519 ms), uneven-region 0.0495% →
// 0.0574%, region seed 2 0.0806% → 0.0875%; perturbRef 120,000,
// 160,000 and 200,000 gave region 0.0934%, 0.0970% and 0.0966%.
const (
	perturbPerPair = 1_350
	perturbMax     = 45_000_000
	perturbRef     = 140_000
)

// perturbBudget is the work the iterated local search may spend, times
// Settings.Effort: none when there are fewer than two cases per
// practitioner (a daily batch), where no practitioner has a fill to
// perfect and the fills and moves already leave next to nothing.
func (m *model) perturbBudget() int64 {
	e := int64(len(m.arcP))
	if e == 0 || m.nc() < 2*m.np() {
		return 0
	}
	return min(e*perturbPerPair, perturbMax, perturbMax*perturbRef/e) * int64(max(m.prm.Effort, 1))
}

// perturb is an iterated local search [YIG04 §5]. Each step kicks the
// allocation off its local optimum (kickNB), descends again with
// kickSchedule (kickDescent, or heldKickDescent for held cases), and keeps
// the result if the objective is not worse, else takes the step back
// whole. Accepting equal objectives lets
// the search walk the plateaus that whole cases leave around the
// relaxation's breakpoints. It stops when budget units of work are spent
// or the search must stop; the draws come from a PCG stream with a fixed
// seed, so runs are repeatable.
func (x *searcher) perturb(budget int64) {
	m := x.m
	if x.prices == nil || budget <= 0 {
		return
	}
	if x.kicks.rng == nil {
		x.kicks.rng = rand.New(rand.NewPCG(perturbSeed, uint64(m.nc())))
	}
	x.chains.changedOnly = true
	defer func() { x.chains.changedOnly = false }()
	limit := x.work + budget
	for x.work < limit && !x.stopped() {
		x.startLog()
		before := x.obj
		x.work++ // an empty kick still costs
		x.kicks.kick(x)
		x.descend(x.kickSchedule())
		x.logging = false
		if x.obj <= before {
			continue
		}
		x.revert()
	}
}

// kickNB is the perturbation of the iterated local search: a re-split of
// a random pair of practitioners who may exchange cases at equal reduced
// cost, at a net shift other than none.
type kickNB struct {
	rng  *rand.Rand
	offs []int32 // scratch: practitioners off their relaxed load
}

// kick re-splits the cases of a random pair of practitioners who may
// exchange cases at equal reduced cost: among the net shifts other than
// none, it takes the one with the least objective, ties broken at random.
// The first practitioner is, half the time, one whose load is off its
// relaxed load at a cost (deviation > 0); the second is a practitioner
// eligible for one of its cases.
func (nb *kickNB) kick(x *searcher) {
	m := x.m
	rng := nb.rng
	a := rng.IntN(m.np())
	if rng.IntN(2) == 0 {
		// Half the time, a practitioner off its relaxed load, where
		// the objective exceeds the bound.
		nb.offs = nb.offs[:0]
		x.work += int64(m.np())
		for i := range m.np() {
			if x.deviation(i) > 0 {
				nb.offs = append(nb.offs, int32(i))
			}
		}
		if len(nb.offs) > 0 {
			a = int(nb.offs[rng.IntN(len(nb.offs))])
		}
	}
	if len(x.mem[a]) == 0 {
		return
	}
	j := int(x.mem[a][rng.IntN(len(x.mem[a]))])
	lo, hi := m.start[j], m.start[j+1]
	if hi-lo < 2 {
		return
	}
	b := int(m.arcP[lo+int32(rng.IntN(int(hi-lo)))])
	if b == a || m.maxNew[a] > 0 || m.maxNew[b] > 0 || !x.fills.dp.solve(x, a, b) {
		return
	}
	fd := &x.fills.dp
	D := fd.D
	last := fd.reach[len(fd.items)*fd.words : (len(fd.items)+1)*fd.words]
	la, lb := x.load[a], x.load[b]
	dmu := x.prices.rel.mu[a] - x.prices.rel.mu[b]
	g := x.prices.rel.g
	bandA, bandB := m.bandOf(a, la), m.bandOf(b, lb)
	bestS, bestV, ties := -1, int64(0), 0
	for s := range 2*D + 1 {
		if last[s/64]&(1<<(s%64)) == 0 || s == D {
			continue
		}
		d := int64(s - D)
		na, nb := la+d, lb-d
		if na > m.hcap[a] || nb > m.hcap[b] {
			continue
		}
		t := -d/g*dmu + m.penaltyIn(&bandA, na) + m.penaltyIn(&bandB, nb)
		switch {
		case bestS < 0 || t < bestV:
			bestS, bestV, ties = s, t, 1
		case t == bestV:
			ties++
			if rng.IntN(ties) == 0 {
				bestS = s
			}
		}
	}
	if bestS >= 0 {
		fd.apply(x, a, b, bestS)
	}
}

// deviation is practitioner i's share of the gap to the bound from its
// load: P_i(load) − P_i(relaxed load) − mu_i·(load − relaxed load)/g, not
// negative since mu_i is a subgradient of P_i at the relaxed load.
func (x *searcher) deviation(i int) int64 {
	m, r := x.m, x.prices.rel
	l, lp := x.load[i], x.prices.lpLoad[i]
	return m.penalty(i, l) - m.penalty(i, lp) - r.mu[i]*(l-lp)/r.g
}
