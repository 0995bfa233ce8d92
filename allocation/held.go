package allocation

// A rebalance reconsiders cases that practitioners hold: leaving a
// practitioner costs Move + Continuity per point (25 at the default
// weights) on top of the other terms, so the pairs of a held case almost
// never have equal reduced costs, and the equal-cost re-splits that drive
// the iterated local search on new cases (fill, kick) find little to do:
// on the rebalance shape (team scope, 30,000 held cases) four kicks in
// five change nothing, and a part's search takes a few dozen kicks in its
// budget. What closes a rebalance's gap is the exact pair re-split
// (pairs.go, pruned by the prices: pairDP.prune), which its reduced
// costs keep cheap. So a search whose cases are mostly held descends
// after each kick with the pair re-splits too (heldKickDescent), and
// gets heldPerturb times the perturbation budget.
//
// Measured on the rebalance shape (go test -bench 'Rebalance'
// -benchtime=1x) with perturbRef 320,000, from 0.3553% above the bound
// with kickDescent and the usual budget: heldKickDescent 0.3442%, and with 2, 3 and 4 times the
// budget 0.3398%, 0.3315% and 0.3300%; without the chains
// ({move, fill, pair}) 0.3459%, and 0.3388% and 0.3363% with 3 and 4
// times. The pair re-splits in every kick's descent made region worse
// (0.0986% → 0.1065%: its kicks cost more and it gets fewer), which is
// why only held cases get them.

// heldKickDescent is the descent after each kick of a search whose cases
// are mostly held (mostlyHeld): kickDescent, then the exact pair
// re-splits.
var heldKickDescent = schedule{{nbMove, 0}, {nbFill, 0}, {nbChain, 0}, {nbPair, 0}}

// heldPerturb is the factor on the perturbation budget of a search whose
// cases are mostly held. Measured on the rebalance shape with perturbRef
// 320,000: 0.3442% → 0.3315% with three times the budget, four times
// gaining only 0.0015 points more; uneven-rebalance 0.1040% → 0.0997%.
// With perturbRef 140,000 (kick.go) a factor of 3 leaves rebalance at
// 0.3404%; 7, about the budget of 3 before, 0.3291% (0.70 s on the
// loaded machine), and 12 only 0.3250% (1.12 s).
const heldPerturb = 7

// mostlyHeld reports whether at least half the cases with points have a
// current practitioner.
func (m *instance) mostlyHeld() bool {
	held, n := 0, 0
	for j, w := range m.w {
		if w == 0 {
			continue
		}
		n++
		if m.cur[j] >= 0 {
			held++
		}
	}
	return n > 0 && 2*held >= n
}

// kickSchedule is the descent after each kick: heldKickDescent when the
// search's cases are mostly held, else kickDescent.
func (x *searcher) kickSchedule() schedule {
	if x.held {
		return heldKickDescent
	}
	return kickDescent
}
