package allocation

// neighbourhood is one kind of improving step of the local search. A pass
// examines the allocation once (where it keeps track, only what changed
// since its last pass), applies every improving step it finds and returns
// how many; it returns early when the search must stop.
type neighbourhood interface {
	pass(x *searcher) int
}

// nbKind names a neighbourhood in a schedule.
type nbKind uint8

const (
	nbMove nbKind = iota
	nbFill
	nbChain
	nbPair
)

func (x *searcher) neighbourhood(k nbKind) neighbourhood {
	switch k {
	case nbMove:
		return &x.moves
	case nbFill:
		return &x.fills
	case nbChain:
		return &x.chains
	}
	return &x.pairs
}

// schedule is an order of neighbourhoods for descend.
type schedule []step

// step is a neighbourhood of a schedule and the least gain of one of its
// passes that sends the descent back to the first neighbourhood.
type step struct {
	nb nbKind
	// restartGain: after a pass that lowers the objective by at least
	// objective/restartGain, the descent starts again from the first
	// neighbourhood; after a smaller gain it goes on to the next. 0
	// restarts after any gain.
	restartGain int64
}

// chainTail is the restart gain of the ejection chains in fullDescent:
// a pass gaining less than 1/100,000 of the objective does not send the
// descent back. On region-size instances the chains otherwise run long
// tails of tiny gains that the iterated local search finds anyway.
const chainTail = 100_000

// The schedules, in the order the neighbourhoods run.
var (
	// fillDescent re-splits at equal reduced cost until no pair
	// improves: most of the gap lies in the loads whole cases leave off
	// the relaxation's breakpoints.
	fillDescent = schedule{{nbFill, 0}}
	// fullDescent: single moves, then ejection chains and swaps, then
	// exact pair re-splits within their cells budget.
	fullDescent = schedule{{nbMove, 0}, {nbChain, chainTail}, {nbPair, 0}}
	// kickDescent follows each kick of the iterated local search: the
	// cheap neighbourhoods, every gain counting.
	kickDescent = schedule{{nbMove, 0}, {nbFill, 0}, {nbChain, 0}}
	// searchPlan is the search after rounding and repair: the descents
	// in order, then the iterated local search, then polishDescent.
	searchPlan = []schedule{fillDescent, fullDescent, fillDescent}
	// polishDescent follows the iterated local search: the exact pair
	// re-splits of the pairs it changed, which its kick descents leave
	// out as too dear for every kick. Once, at the end, they cost about
	// a tenth of the search and take region from 0.0986% to 0.0933%
	// above the bound (rebalance 0.3553% → 0.3537%); the other
	// neighbourhoods then find nothing more, and a pair pass every 64
	// kicks did worse (0.0966%).
	polishDescent = schedule{{nbPair, 0}}
	// batchPlan is the search of the Engine's batches: a few hundred new
	// cases against loads held fixed, where the exact pair re-splits cost
	// more than they gain (on a region's daily batch they take half the
	// search time for under 0.01% of the objective), and so do the
	// ejection chains: on the region engine's daily batch they took 0.17
	// of the search's 0.65 ms for 0.004 points of gap (0.0319% →
	// 0.0358%; synth seeds 2 and 3: 0.049% → 0.051%, 0.051% → 0.054%).
	batchPlan = []schedule{fillDescent, {{nbMove, 0}}, fillDescent}
)

// descend is variable neighbourhood descent [HM01]: it runs the passes of
// s in order; after a pass that gains enough (see step) it starts again
// from the first, otherwise it goes on to the next; it ends after the
// last finds nothing more, or when the search must stop. Every applied
// step lowers the objective, an integer, so it ends.
func (x *searcher) descend(s schedule) {
	for k := 0; k < len(s) && !x.stopped(); {
		before := x.obj
		if n := x.neighbourhood(s[k].nb).pass(x); n == 0 {
			k++
			continue
		}
		gain := before - x.obj
		if gain > 0 && (s[k].restartGain == 0 || gain*s[k].restartGain >= before) {
			k = 0
		} else {
			k++
		}
	}
}

// search is the whole local search of FlowSearch after rounding: repair
// the hard limits, the descents of x.plan in order (searchPlan for Solve),
// then iterate kicks and descents within the perturbation budget
// (heldPerturb times it when the cases are mostly held) and, when the
// budget is not 0, end with polishDescent. With quick (MinMax's
// bisection probes), only repair. It returns whether the search stopped
// early.
func (x *searcher) search(quick bool, perturbBudget int64) bool {
	x.repair()
	if quick {
		return x.stopped()
	}
	plan := x.plan
	if plan == nil {
		plan = searchPlan
	}
	for _, s := range plan {
		x.descend(s)
	}
	if x.held = x.m.mostlyHeld(); x.held {
		perturbBudget *= heldPerturb
	}
	if perturbBudget > 0 && x.prices != nil {
		x.perturb(perturbBudget)
		x.descend(polishDescent)
	}
	return x.stopped()
}
