package mcf

import (
	"context"
	"fmt"
	"math"
	"math/bits"
)

// Arc states. A non-tree arc sits at its lower bound (flow 0) or at its
// upper bound (flow = capacity). The state doubles as the sign that turns a
// reduced cost into a "violation": state×reducedCost < 0 means that pushing
// flow on the arc (forwards from the lower bound, backwards from the upper
// bound) lowers the total cost.
const (
	stateUpper int8 = -1
	stateTree  int8 = 0
	stateLower int8 = 1
)

// Directions of the tree arc that joins a node to its parent.
const (
	dirUp   int8 = 1  // pred arc goes node → parent
	dirDown int8 = -1 // pred arc goes parent → node
)

const defaultCheckEvery = 256

// defaultBlockSize is ⌈√m/4⌉, but at least min(⌈√m⌉, 150) and 10. LEMON
// uses ⌈√m⌉; on allocation-shaped graphs of a region or more (500,000 arcs
// and up) a quarter of that needs about 70% more pivots but about 35% less
// time, because each pivot scans fewer arcs, while on graphs of a PDU or
// less (tens of thousands of arcs) blocks of about √m, or 150, are
// fastest.
func defaultBlockSize(m int) int {
	r := math.Sqrt(float64(m))
	return max(10, int(math.Ceil(max(r/4, min(r, 150)))))
}

// solver holds the spanning tree and the flow. Arcs 0..m-1 are the real
// arcs in the order pricing visits them; arcs m..m+n-1 are the artificial
// arcs, one per real node u (arc m+u), joining it to the root node n with
// cost bigM and no capacity, which only the flow and state arrays store:
// pricing never reads an artificial arc, and the pivot needs only their
// flow and their (infinite) capacity.
type solver struct {
	n, m int
	root int32

	// Real arcs, length m: copies of the Graph's arrays in the interleaved
	// order of interleave (perm[i] is the Graph's index of arc i), or,
	// with Options.InPlace, the Graph's arrays themselves (perm nil).
	src, dst   []int32
	capa, cost []int64
	perm       []int32
	// Every arc, length m+n.
	flow  []int64
	state []int8

	// Node arrays, length n+1. thread is a preorder of the tree as a
	// circular list through the root; rev is its inverse; succ is the
	// subtree size; last is the last node of the subtree in thread order.
	pi                                     []int64
	parent, pred, thread, rev, succ, last  []int32
	dir                                    []int8
	stem, oRev, oLast, oNext, oSucc, oPred []int32
	oDir                                   []int8

	blockSize int
	nextArc   int
	inArc     int32
}

// capOf returns the capacity of arc e, real or artificial.
func (s *solver) capOf(e int32) int64 {
	if int(e) < s.m {
		return s.capa[e]
	}
	return Inf
}

// Solve computes a minimum-cost flow. It returns an error, and no
// solution, only when the problem is ill-formed: data errors recorded while
// building the graph, supplies that do not sum to zero (balanced supplies
// are required), or numbers outside the bounds given in the package
// documentation. The error is an [*InputError].
//
// Otherwise the returned Solution's Status says whether an optimal flow was
// found. Solve checks ctx every Options.CheckEvery pivots and returns
// Status Canceled soon after ctx is done; the returned error is nil in that
// case too.
//
// Solve does not modify g.
func (g *Graph) Solve(ctx context.Context, opt *Options) (*Solution, error) {
	maxc, err := g.validate(ctx)
	if err != nil {
		return nil, err
	}
	var o Options
	if opt != nil {
		o = *opt
	}
	check := o.CheckEvery
	if check <= 0 {
		check = defaultCheckEvery
	}
	s := newSolver(ctx, g, maxc, o.BlockSize, o.InPlace)
	if s == nil || ctx.Err() != nil {
		return &Solution{Status: Canceled}, nil
	}

	status := Optimal
	iter := 0
loop:
	for {
		if !s.findEntering() {
			break
		}
		switch s.pivot() {
		case pivotUnbounded:
			status = Unbounded
			break loop
		}
		iter++
		if iter%check == 0 {
			if o.Progress != nil {
				o.Progress(iter)
			}
			if ctx.Err() != nil {
				status = Canceled
				break loop
			}
		}
	}
	if status == Canceled {
		return &Solution{Status: Canceled, Iterations: iter}, nil
	}
	if status == Optimal {
		for a := s.m; a < s.m+s.n; a++ {
			if s.flow[a] != 0 {
				status = Infeasible
				break
			}
		}
	}
	if status == Optimal {
		c, ok := totalCost(ctx, s.flow[:s.m], s.cost)
		if ctx.Err() != nil {
			return &Solution{Status: Canceled, Iterations: iter}, nil
		}
		if !ok {
			return nil, &InputError{Problems: []string{"the optimal cost does not fit in an int64"}}
		}
		sol := s.solution(status, iter)
		sol.Cost = c
		return sol, nil
	}
	return s.solution(status, iter), nil
}

// totalCost returns Σ flow×cost, summed exactly in 128 bits, and whether
// it fits in an int64. It reads ctx every checkArcs arcs and stops early
// when it is done.
func totalCost(ctx context.Context, flow, cost []int64) (int64, bool) {
	var hi, lo uint64 // the sum, two's complement over 128 bits
	for a, f := range flow {
		if a%checkArcs == 0 && ctx.Err() != nil {
			return 0, false
		}
		if f == 0 {
			continue
		}
		// f ≥ 0; the product of |cost| and f, then its sign.
		c := cost[a]
		neg := c < 0
		if neg {
			c = -c
		}
		ph, pl := bits.Mul64(uint64(f), uint64(c))
		if neg {
			pl, ph = -pl, ^ph
			if pl == 0 {
				ph++
			}
		}
		var carry uint64
		lo, carry = bits.Add64(lo, pl, 0)
		hi, _ = bits.Add64(hi, ph, carry)
	}
	// It fits when the high word is the sign extension of the low one.
	if (int64(lo) < 0 && hi != math.MaxUint64) || (int64(lo) >= 0 && hi != 0) {
		return 0, false
	}
	return int64(lo), true
}

// validate checks the data errors and overflow bounds documented in the
// package comment, and returns the largest |cost|. It reads ctx every
// checkArcs arcs and returns a nil error and no more checks once ctx is
// done (Solve then reports Canceled).
func (g *Graph) validate(ctx context.Context) (int64, error) {
	e := &InputError{Problems: append([]string(nil), g.problems...), Omitted: g.nProblem - len(g.problems)}
	add := func(format string, args ...any) {
		if len(e.Problems) < maxProblems {
			e.Problems = append(e.Problems, fmt.Sprintf(format, args...))
		} else {
			e.Omitted++
		}
	}
	n, m := len(g.supply), len(g.src)
	if int64(n)+int64(m)+1 > math.MaxInt32 {
		add("graph too large: %d nodes + %d arcs exceeds %d", n, m, math.MaxInt32-1)
	}
	// Balanced supplies, summed without overflow.
	var sum, pos int64
	sumOK := true
	for _, b := range g.supply {
		if b > 0 {
			if pos > math.MaxInt64-b {
				sumOK = false
			} else {
				pos += b
			}
		}
		if (b > 0 && sum > math.MaxInt64-b) || (b < 0 && sum < math.MinInt64-b) {
			sumOK = false
		} else {
			sum += b
		}
	}
	if !sumOK {
		add("supplies overflow int64 when summed")
	} else if sum != 0 {
		add("supplies sum to %d, not 0: supplies must be balanced (add a dummy node to absorb any surplus)", sum)
	}
	// Flow bound B and cost bound C.
	bound := pos
	var maxc int64
	for a := range m {
		if a%checkArcs == 0 && ctx.Err() != nil {
			return 0, nil
		}
		if c := g.capa[a]; c < Inf && c > 0 {
			bound += c
			if bound >= Inf {
				bound = Inf
			}
		}
		c := g.cost[a]
		if c == math.MinInt64 {
			add("arc %d: cost %d out of range", a, c)
			continue
		}
		if c < 0 {
			c = -c
		}
		maxc = max(maxc, c)
	}
	if bound >= Inf {
		add("total supply plus finite capacities reaches Inf (%d); flows could overflow", Inf)
	}
	if maxc > MaxCost(n) {
		add("largest |cost| %d exceeds %d for %d nodes ((C+1)·(n+1) ≤ MaxInt64/8); potentials could overflow", maxc, MaxCost(n), n)
	}
	if len(e.Problems) == 0 {
		return maxc, nil
	}
	return 0, e
}

// checkArcs is how many arcs the set-up loops visit between two reads of
// the context: well under a millisecond.
const checkArcs = 1 << 16

// interleave returns a permutation of 0..m-1 that lists the arcs in the
// order of NewSpread(m): perm[Pos(a)] = a.
func interleave(m int) []int32 {
	perm := make([]int32, m)
	sp := NewSpread(m)
	for a := range m {
		perm[sp.Pos(a)] = int32(a)
	}
	return perm
}

// newSolver sets up the starting basis: every real arc at its lower bound
// and every node hung from the root by its artificial arc. maxc is the
// largest |cost|. Unless inPlace, it copies the arcs in the interleaved
// order. It returns nil when ctx is done first.
func newSolver(ctx context.Context, g *Graph, maxc int64, blockSize int, inPlace bool) *solver {
	n, m := len(g.supply), len(g.src)
	s := &solver{n: n, m: m, root: int32(n), src: g.src, dst: g.dst, capa: g.capa, cost: g.cost}
	if !inPlace {
		s.perm = interleave(m)
		s.src, s.dst = make([]int32, m), make([]int32, m)
		s.capa, s.cost = make([]int64, m), make([]int64, m)
		for i, a := range s.perm {
			if i%checkArcs == 0 && ctx.Err() != nil {
				return nil
			}
			s.src[i], s.dst[i] = g.src[a], g.dst[a]
			s.capa[i], s.cost[i] = g.capa[a], g.cost[a]
		}
	}
	s.flow = make([]int64, m+n)
	s.state = make([]int8, m+n)
	for lo := 0; lo < m; lo += checkArcs {
		st := s.state[lo:min(lo+checkArcs, m)]
		for i := range st {
			st[i] = stateLower
		}
		if ctx.Err() != nil {
			return nil
		}
	}
	bigM := (maxc + 1) * (int64(n) + 1)

	nn := n + 1
	s.pi = make([]int64, nn)
	s.parent = make([]int32, nn)
	s.pred = make([]int32, nn)
	s.thread = make([]int32, nn)
	s.rev = make([]int32, nn)
	s.succ = make([]int32, nn)
	s.last = make([]int32, nn)
	s.dir = make([]int8, nn)
	s.stem = make([]int32, nn)
	s.oRev = make([]int32, nn)
	s.oLast = make([]int32, nn)
	s.oNext = make([]int32, nn)
	s.oSucc = make([]int32, nn)
	s.oPred = make([]int32, nn)
	s.oDir = make([]int8, nn)

	// Initial tree: every node hangs from the root by its artificial arc,
	// oriented so that the tree is strongly feasible (an arc with zero flow
	// points towards the root).
	root := s.root
	s.parent[root] = -1
	s.pred[root] = -1
	s.succ[root] = int32(nn)
	s.last[root] = root
	s.thread[root] = root
	s.rev[root] = root
	prev := root
	for u := range int32(n) {
		a := m + int(u)
		s.parent[u] = root
		s.pred[u] = int32(a)
		s.succ[u] = 1
		s.last[u] = u
		s.thread[prev] = u
		s.rev[u] = prev
		prev = u
		s.state[a] = stateTree
		if b := g.supply[u]; b >= 0 {
			s.flow[a] = b
			s.dir[u] = dirUp
			s.pi[u] = -bigM
		} else {
			s.flow[a] = -b
			s.dir[u] = dirDown
			s.pi[u] = bigM
		}
	}
	s.thread[prev] = root
	s.rev[root] = prev
	s.last[root] = prev

	if blockSize <= 0 {
		blockSize = defaultBlockSize(m)
	}
	s.blockSize = blockSize
	return s
}

// findEntering implements block search pricing: scan the real arcs
// cyclically from where the previous search stopped, in blocks of
// blockSize, and take the most violating arc of the first block that has
// one. It reports false when no arc violates its optimality condition.
func (s *solver) findEntering() bool {
	m := s.m
	if m == 0 {
		return false
	}
	state := s.state[:m]
	cost := s.cost[:m]
	src := s.src[:m]
	dst := s.dst[:m]
	pi := s.pi
	var best int64
	in := -1
	bs := s.blockSize
	start := s.nextArc
	// Scan [start, m) and then [0, start) in blocks of bs arcs (a block
	// also ends at arc m-1); stop at the end of the first block that has a
	// candidate.
	for scanned := 0; scanned < m; {
		end := min(start+bs, m)
		st := state[start:end]
		co := cost[start:end]
		co = co[:len(st)]
		sr := src[start:end]
		sr = sr[:len(st)]
		ds := dst[start:end]
		ds = ds[:len(st)]
		for i, x := range st {
			c := int64(x) * (co[i] + pi[sr[i]] - pi[ds[i]])
			if c < best {
				best = c
				in = start + i
			}
		}
		scanned += end - start
		start = end
		if start == m {
			start = 0
		}
		if in >= 0 {
			s.inArc = int32(in)
			s.nextArc = start
			return true
		}
	}
	return false
}

type pivotResult int

const (
	pivotDone pivotResult = iota
	pivotUnbounded
)

// pivot brings s.inArc into the tree: it finds the cycle the arc closes,
// the leaving arc by Cunningham's rule, augments along the cycle and updates
// the tree and the potentials.
func (s *solver) pivot() pivotResult {
	in := s.inArc
	st := s.state[in]
	// Flow goes around the cycle join → … → first → (in) → second → … → join.
	first, second := s.src[in], s.dst[in]
	if st == stateUpper {
		first, second = second, first
	}
	join := s.findJoin(first, second)

	// Leaving arc: the last blocking arc met when walking the cycle in its
	// orientation from the join (Cunningham). On the first side the walk
	// runs against the orientation, so ties keep the earliest found; on
	// the second side ties keep the latest.
	parent, pred, dir, flow := s.parent, s.pred, s.dir, s.flow
	delta := s.capa[in]
	side := 0
	var uOut int32 = -1
	for u := first; u != join; u = parent[u] {
		e := pred[u]
		var d int64
		if dir[u] == dirUp {
			d = flow[e]
		} else {
			c := s.capOf(e)
			if c >= Inf {
				continue
			}
			d = c - flow[e]
		}
		if d < delta {
			delta, uOut, side = d, u, 1
		}
	}
	for u := second; u != join; u = parent[u] {
		e := pred[u]
		var d int64
		if dir[u] == dirUp {
			c := s.capOf(e)
			if c >= Inf {
				continue
			}
			d = c - flow[e]
		} else {
			d = flow[e]
		}
		if d <= delta {
			delta, uOut, side = d, u, 2
		}
	}
	if delta >= Inf {
		return pivotUnbounded
	}

	if delta > 0 {
		val := int64(st) * delta
		flow[in] += val
		for u := s.src[in]; u != join; u = parent[u] {
			flow[pred[u]] -= int64(dir[u]) * val
		}
		for u := s.dst[in]; u != join; u = parent[u] {
			flow[pred[u]] += int64(dir[u]) * val
		}
	}

	if side == 0 {
		// The entering arc blocks itself: it moves to its other bound.
		s.state[in] = -st
		return pivotDone
	}
	uIn, vIn := first, second
	if side == 2 {
		uIn, vIn = second, first
	}
	out := pred[uOut]
	if flow[out] == 0 {
		s.state[out] = stateLower
	} else {
		s.state[out] = stateUpper
	}
	s.state[in] = stateTree

	// Shift of the potentials in the subtree that moves, chosen so that
	// the entering arc gets reduced cost 0.
	rc := s.cost[in] + s.pi[s.src[in]] - s.pi[s.dst[in]]
	sh := rc
	if uIn == s.src[in] {
		sh = -rc
	}
	end := s.updateTree(uIn, vIn, uOut, join, in)
	pi, thread := s.pi, s.thread
	for u := uIn; ; u = thread[u] {
		pi[u] += sh
		if u == end {
			break
		}
	}
	return pivotDone
}

// findJoin returns the nearest common ancestor of u and v. A node with the
// smaller subtree cannot be an ancestor of the other, so it steps up.
func (s *solver) findJoin(u, v int32) int32 {
	succ, parent := s.succ, s.parent
	for u != v {
		if succ[u] < succ[v] {
			u = parent[u]
		} else {
			v = parent[v]
		}
	}
	return u
}

// link makes b follow a in the thread.
func (s *solver) link(a, b int32) {
	s.thread[a] = b
	s.rev[b] = a
}

// updateTree replaces the tree arc pred[q] by the arc in = (uIn, vIn). uIn
// lies in the subtree of q; that subtree is cut off and rehung from vIn with
// uIn as its new top, which reverses the parent pointers on the "stem" path
// uIn = s0, s1, …, sk = q. join is the nearest common ancestor of uIn and vIn
// in the old tree. It returns the last node, in thread order, of the moved
// subtree, whose first node is uIn.
func (s *solver) updateTree(uIn, vIn, q, join, in int32) int32 {
	parent, pred, dir, thread, rev, succ, last := s.parent, s.pred, s.dir, s.thread, s.rev, s.succ, s.last
	p := parent[q]
	qSize := succ[q]
	qLast := last[q]
	joinLast := last[join]
	joinAfter := thread[joinLast]

	// Record the stem and its old tree data before anything changes.
	stem, oRev, oLast, oNext, oSucc, oPred, oDir := s.stem, s.oRev, s.oLast, s.oNext, s.oSucc, s.oPred, s.oDir
	k := 0
	for u := uIn; ; u = parent[u] {
		stem[k] = u
		oRev[k] = rev[u]
		l := last[u]
		oLast[k] = l
		oNext[k] = thread[l]
		oSucc[k] = succ[u]
		oPred[k] = pred[u]
		oDir[k] = dir[u]
		if u == q {
			break
		}
		k++
	}
	before := oRev[k] // node before q in the thread

	// Cut q's subtree out of the thread.
	s.link(before, oNext[k])

	// Ancestors of q below the join lose the subtree.
	for u := p; u != join; u = parent[u] {
		succ[u] -= qSize
		if last[u] == qLast {
			last[u] = before
		}
	}

	// Build the new preorder of the moved subtree: old subtree of s0, then
	// for each i ≥ 1 the old subtree of s_i minus that of s_(i-1).
	end := oLast[0]
	for i := 1; i <= k; i++ {
		si := stem[i]
		s.link(end, si)
		end = oRev[i-1]
		if oLast[i] != oLast[i-1] {
			s.link(end, oNext[i-1])
			end = oLast[i]
		}
	}

	// Ancestors of vIn below the join gain the subtree; if vIn was a leaf,
	// the subtree becomes their tail.
	vLeaf := last[vIn] == vIn
	for u := vIn; u != join; u = parent[u] {
		succ[u] += qSize
		if vLeaf && last[u] == vIn {
			last[u] = end
		}
	}

	// Splice the moved subtree in right after vIn.
	s.link(end, thread[vIn])
	s.link(vIn, uIn)

	// Re-point the stem.
	parent[uIn] = vIn
	pred[uIn] = in
	if s.src[in] == uIn {
		dir[uIn] = dirUp
	} else {
		dir[uIn] = dirDown
	}
	succ[uIn] = qSize
	last[uIn] = end
	for i := 1; i <= k; i++ {
		u := stem[i]
		parent[u] = stem[i-1]
		pred[u] = oPred[i-1]
		dir[u] = -oDir[i-1]
		succ[u] = qSize - oSucc[i-1]
		last[u] = end
	}

	// The join and its ancestors keep their node sets, but the last node
	// of their subtrees may have changed.
	if newLast := rev[joinAfter]; newLast != joinLast {
		for u := join; u >= 0; u = parent[u] {
			if last[u] != joinLast {
				break
			}
			last[u] = newLast
		}
	}
	return end
}

// solution returns the flow of the real arcs, in the Graph's order, and
// the potentials.
func (s *solver) solution(status Status, iter int) *Solution {
	sol := &Solution{Status: status, Potential: s.pi[:s.n:s.n], Iterations: iter}
	if s.perm == nil {
		sol.Flow = s.flow[:s.m:s.m]
		return sol
	}
	sol.Flow = make([]int64, s.m)
	for i, a := range s.perm {
		sol.Flow[a] = s.flow[i]
	}
	return sol
}
