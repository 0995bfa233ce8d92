package allocation

import "math"

// knapsacks evaluates the Lagrangian function of a part's model for
// Certify: for multipliers u (one per case),
//
//	L(u) = Σ_j min(u_j, U·(w_j + 1)) + Σ_i min over S of [Σ_{j∈S} (w_j·c_ij − u_j) + P_i(load0_i + Σ_{j∈S} w_j)]
//
// with S a set of cases eligible with practitioner i whose load fits
// under i's ceiling, and U the unplaced charge per point. Relaxing "each
// case placed once, or left unplaced" this way leaves every whole
// allocation feasible at no greater cost, so L(u) is a lower bound on
// its objective for every u [Fis81].
type knapsacks struct {
	d      *model
	caseOf []int32 // per pair: its case
	// ord lists, per practitioner, its eligible pairs of cases with
	// points in the order of the last call (by saving per point, most
	// first); zero those of cases with none. key is each pair's saving
	// per point in the current call.
	ord, zero [][]int32
	key       []float64
	gap       []float64 // per practitioner: the last call's optimum less its LD
	items     []ksItem
	core      []ksItem
	greedy    []bool // per item: in the greedy set
	dp        []float64
	pick      [][]uint64 // per core item: the loads at which it was taken, a bit each
}

// ksItem is a case of negative reduced cost in a knapsack.
type ksItem struct {
	j   int32
	w   int64
	r   float64 // reduced cost w_j·c_ij − u_j < 0
	e   float64 // saving per point, −r/w
	fix int8    // +1 in every set within the tolerance of LD (reduced), −1 in none, 0 the core
}

func newKnapsacks(d *model) *knapsacks {
	np := d.np()
	ks := &knapsacks{d: d, caseOf: make([]int32, len(d.arcP)),
		ord: make([][]int32, np), zero: make([][]int32, np), key: make([]float64, len(d.arcP)), gap: make([]float64, np)}
	for j := range d.nc() {
		for a := d.start[j]; a < d.start[j+1]; a++ {
			i := d.arcP[a]
			ks.caseOf[a] = int32(j)
			if d.w[j] > 0 {
				ks.ord[i] = append(ks.ord[i], a)
			} else {
				ks.zero[i] = append(ks.zero[i], a)
			}
		}
	}
	return ks
}

// eval returns L(u) and writes into cov, per case, how many times the
// minimisers cover it (the unplaced option counting as once): 1 − cov is
// a subgradient of L at u. It counts its work on w and reports false when
// w stops it.
func (ks *knapsacks) eval(u, cov []float64, w *watch) (float64, bool) {
	d := ks.d
	L := 0.0
	for j := range u {
		L += u[j]
		cov[j] = 0
		if c := float64(d.unplaced*(d.w[j]+1)) - u[j]; c < 0 {
			L += c
			cov[j] = 1
		}
	}
	for i := range ks.ord {
		z, ok := ks.knapsack(i, u, cov, w)
		if !ok {
			return 0, false
		}
		L += z
	}
	return L, true
}

// knapsack solves practitioner i's knapsack exactly, adds one to cov for
// each case of its optimum, and returns its value.
//
// Only cases of negative reduced cost r_j = w_j·c_ij − u_j can be in an
// optimum, as P_i never falls; those of no points are in every one. The
// others are reduced as in a linear knapsack [MT90 §2.7]: for any λ in
// the subdifferential of P_i at a load y, convexity gives, for every set
// x, cost(x) ≥ LD + Σ_{j∈x} max(r̄_j, 0) + Σ_{j∉x} max(−r̄_j, 0), with
// r̄_j = r_j + λ·w_j and LD = Σ_j min(r̄_j, 0) + P_i(y) − λ·(y − load0_i).
// Taking y where the fractional greedy (cases by saving per point) stops
// makes LD the fractional optimum. A greedy whole set gives a cost INC,
// so a case with r̄_j above INC − LD is in no set better than it and one
// with −r̄_j above that is in all of them: the dynamic programme over the
// load runs on the rest, the core, and the optimum is the better of its
// answer and the greedy set. Its range is cut where no optimum can
// reach: removing case j from a set lowers its cost when the set's load
// T has T − w_j at or above the first breakpoint whose band costs more
// per point than j saves, so every case of an optimum has T below that
// breakpoint plus w_j; the ceiling cuts it too.
func (ks *knapsacks) knapsack(i int, u, cov []float64, w *watch) (float64, bool) {
	d := ks.d
	base := i * d.K
	bp := d.bp[base : base+d.K]
	load0 := d.load0[i]
	room := int64(noCap) // points under the ceiling
	if d.hcap[i] < noCap {
		room = max(d.hcap[i]-load0, 0)
	}
	z0 := 0.0 // the cases of no points
	for _, a := range ks.zero[i] {
		j := ks.caseOf[a]
		if r := float64(d.w[j]*d.arcC[a]) - u[j]; r < 0 {
			z0 += r
			cov[j]++
		}
	}
	// The cases by saving per point, most first: the last call's order,
	// insertion-sorted, as the multipliers move little from call to call.
	ord := ks.ord[i]
	for _, a := range ord {
		j := ks.caseOf[a]
		ks.key[a] = (u[j] - float64(d.w[j]*d.arcC[a])) / float64(d.w[j])
	}
	for q := 1; q < len(ord); q++ {
		a := ord[q]
		e := ks.key[a]
		p := q
		for ; p > 0; p-- {
			b := ord[p-1]
			if kb := ks.key[b]; kb > e || kb == e && b < a {
				break
			}
			ord[p] = ord[p-1]
		}
		ord[p] = a
	}
	if w.tick(int64(len(ord)) * 4) {
		return 0, false
	}
	items := ks.items[:0]
	var reach int64 // an optimum's load is below it
	for _, a := range ord {
		j := ks.caseOf[a]
		r := float64(d.w[j]*d.arcC[a]) - u[j]
		if r >= 0 {
			break
		}
		it := ksItem{j: j, w: d.w[j], r: r, e: -r / float64(d.w[j])}
		items = append(items, it)
		if reach < math.MaxInt64 {
			k := 0
			for k < d.K && float64(d.price[k]) <= it.e {
				k++
			}
			if k == d.K {
				reach = math.MaxInt64
			} else {
				reach = max(reach, bp[k]+it.w)
			}
		}
	}
	ks.items = items
	if len(items) == 0 {
		return z0 + float64(d.penalty(i, load0)), true
	}

	// The fractional greedy: where it stops, y, and λ there.
	var l int64 // points taken whole
	y, lambda := int64(-1), 0.0
	for _, it := range items {
		x := load0 + l
		k := bandAt(bp, x) // x's band above: price over (x, next breakpoint]
		above := 0.0
		if k >= 0 {
			above = float64(d.price[k])
		}
		if it.e <= above {
			y, lambda = x, clampTo(it.e, priceBelow(d, bp, x), above)
			break
		}
		// Take it up to the first breakpoint past which a band costs
		// more per point than it saves.
		stop := int64(math.MaxInt64)
		for t := max(k+1, 0); t < d.K; t++ {
			if float64(d.price[t]) > it.e {
				stop = bp[t]
				break
			}
		}
		if x+it.w > stop {
			y = stop
			lambda = clampTo(it.e, priceBelow(d, bp, y), priceAbove(d, bp, y))
			break
		}
		l += it.w
	}
	if y < 0 { // every case whole
		y = load0 + l
		lambda = priceBelow(d, bp, y)
	}
	// Above y, P rises by its right derivative there at least, which
	// exceeds λ by steep: a set better than the greedy one has a load
	// below y + (INC − LD)/steep.
	steep := priceAbove(d, bp, y) - lambda
	ld := float64(d.penalty(i, y)) - lambda*float64(y-load0)
	for _, it := range items {
		ld += min(it.r+lambda*float64(it.w), 0)
	}

	// The greedy whole set, under the ceiling.
	greedy := ks.greedy[:0]
	var gl int64
	inc := 0.0
	for _, it := range items {
		take := gl+it.w <= room && it.r+float64(d.rise(i, load0+gl+it.w, it.w)) < 0
		greedy = append(greedy, take)
		if take {
			gl += it.w
			inc += it.r
		}
	}
	ks.greedy = greedy
	inc += float64(d.penalty(i, load0+gl))

	// The core's dynamic programme, first with a guess at the gap from
	// the optimum to LD (twice the last call's), and if the optimum it
	// finds is not within the guess, with the gap it proves.
	lim := limits{lambda: lambda, y: y, steep: steep, reach: reach, room: room}
	margin := 1e-9*(math.Abs(inc)+math.Abs(ld)) + 1e-6
	t := min(inc-ld, 2*ks.gap[i]+1)
	best, bx := math.Inf(1), -1
	for {
		var ok bool
		if best, bx, ok = ks.reduced(i, lim, t+margin, w); !ok {
			return 0, false
		}
		if best <= ld+t || t >= inc-ld {
			break
		}
		t = min(inc, best) - ld
	}
	ks.gap[i] = max(min(inc, best)-ld, 0)
	if bx < 0 || inc <= best {
		for q, it := range items {
			if greedy[q] {
				cov[it.j]++
			}
		}
		return z0 + inc, true
	}
	for _, it := range items {
		if it.fix == 1 {
			cov[it.j]++
		}
	}
	core := ks.core
	for q := len(core) - 1; q >= 0; q-- {
		if ks.pick[q][bx>>6]&(1<<(bx&63)) != 0 {
			cov[core[q].j]++
			bx -= int(core[q].w)
		}
	}
	return z0 + best, true
}

// limits are what the fractional greedy of a knapsack proves about its
// whole optimum: λ and y, the slope of P past y above λ, and bounds on
// the load.
type limits struct {
	lambda float64
	y      int64
	steep  float64
	reach  int64 // the load of an optimum is below it
	room   int64 // points under the ceiling
}

// reduced fixes the items of ks.items whose reduced cost at λ exceeds
// tol (in when negative, out when positive), which every set within tol
// of LD respects, collects the rest into ks.core, and solves the core by
// dynamic programming over the load such sets can have. It returns the
// best value found with the fixed items' costs (+Inf when no set is in
// range) and its load in the programme (−1 then), or false when w stops
// it.
func (ks *knapsacks) reduced(i int, lim limits, tol float64, w *watch) (float64, int, bool) {
	d := ks.d
	load0 := d.load0[i]
	core := ks.core[:0]
	var fl int64 // points fixed in
	zf := 0.0
	for q := range ks.items {
		it := &ks.items[q]
		rb := it.r + lim.lambda*float64(it.w)
		switch {
		case -rb > tol:
			it.fix = 1
			fl += it.w
			zf += it.r
		case rb > tol:
			it.fix = -1
		default:
			it.fix = 0
			core = append(core, *it)
		}
	}
	ks.core = core
	X := int64(0)
	for _, it := range core {
		X += it.w
	}
	if lim.reach < math.MaxInt64 {
		X = min(X, lim.reach-1-load0-fl)
	}
	// (Compared as floats first: tol/steep may exceed any int64.)
	if q := tol / lim.steep; lim.steep > 0 && q < float64(X+load0+fl-lim.y) {
		X = lim.y + int64(q) - load0 - fl
	}
	X = min(X, lim.room-fl)
	if X < 0 {
		return math.Inf(1), -1, true
	}
	n := int(X) + 1
	if w.tick(int64(len(core)+1) * int64(n)) {
		return 0, 0, false
	}
	best, bx := ks.solveCore(i, load0+fl, n)
	return best + zf, bx, true
}

// solveCore runs the dynamic programme over the core's added load x in
// [0, n) from a base load, and returns the least Σ r + P_i(base + x) and
// its x.
func (ks *knapsacks) solveCore(i int, base int64, n int) (float64, int) {
	core := ks.core
	if cap(ks.dp) < n {
		ks.dp = make([]float64, n)
	}
	dp := ks.dp[:n]
	for x := range dp {
		dp[x] = math.Inf(1)
	}
	dp[0] = 0
	for len(ks.pick) < len(core) {
		ks.pick = append(ks.pick, nil)
	}
	words := (n + 63) / 64
	hi := 0 // the highest load reached so far
	for q, it := range core {
		row := ks.pick[q]
		if cap(row) < words {
			row = make([]uint64, words)
		}
		row = row[:words]
		ks.pick[q] = row
		clear(row)
		wj := int(it.w)
		for x := min(hi, n-1-wj); x >= 0; x-- {
			if v := dp[x] + it.r; v < dp[x+wj] {
				dp[x+wj] = v
				row[(x+wj)>>6] |= 1 << ((x + wj) & 63)
			}
		}
		hi = min(hi+wj, n-1)
	}
	best, bx := math.Inf(1), 0
	for x, v := range dp[:hi+1] {
		if v == math.Inf(1) {
			continue
		}
		if v += float64(ks.d.penalty(i, base+int64(x))); v < best {
			best, bx = v, x
		}
	}
	return best, bx
}

// bandAt returns the band holding the points just above load x (−1 at or
// below the first breakpoint's left, where the price is 0): the k with
// bp[k] ≤ x < bp[k+1].
func bandAt(bp []int64, x int64) int {
	k := -1
	for k+1 < len(bp) && x >= bp[k+1] {
		k++
	}
	return k
}

// priceAbove is P's right derivative at x, priceBelow its left one.
func priceAbove(d *model, bp []int64, x int64) float64 {
	if k := bandAt(bp, x); k >= 0 {
		return float64(d.price[k])
	}
	return 0
}

func priceBelow(d *model, bp []int64, x int64) float64 {
	if k := bandAt(bp, x-1); k >= 0 {
		return float64(d.price[k])
	}
	return 0
}

// clampTo returns v clamped to [lo, hi].
func clampTo(v, lo, hi float64) float64 { return max(lo, min(v, hi)) }
