package allocation

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/probationkit/probation/internal/mcf"
)

// A part is a set of cases and practitioners closed under eligibility:
// every eligible pair of its cases is with one of its practitioners, and
// the other way round. The objective is a sum over parts (the pairs'
// costs and unplaced charges of its cases, the penalties of its
// practitioners) and no hard limit spans two, so the relaxation splits
// into independent flows, one per part, whose optima add up to the
// whole's. With the default scope a part is about one PDU: a national
// problem has over a hundred, a region team scope dozens.
type part struct {
	cases []int32 // in ID order
	pracs []int32 // in ID order
	pairs int     // eligible pairs of its cases
}

// findParts returns the parts of m that have eligible pairs: the
// connected components of the graph of eligible pairs, found by union-find
// over practitioners, each listing its cases and practitioners in ID order,
// the parts in order of their first practitioner. Cases and practitioners
// with no pair belong to none. It returns nil when w stops it.
func (m *model) findParts(w *watch) []part {
	np := m.np()
	root := make([]int32, np)
	for i := range root {
		root[i] = int32(i)
	}
	find := func(x int32) int32 {
		for root[x] != x {
			root[x] = root[root[x]]
			x = root[x]
		}
		return x
	}
	used := make([]bool, np)
	for j := range m.nc() {
		lo, hi := m.start[j], m.start[j+1]
		if w.tick(int64(hi-lo) + 1) {
			return nil
		}
		if lo == hi {
			continue
		}
		r := find(m.arcP[lo])
		used[m.arcP[lo]] = true
		for a := lo + 1; a < hi; a++ {
			used[m.arcP[a]] = true
			if s := find(m.arcP[a]); s != r {
				// The larger index joins the smaller, so that a root is
				// its part's first practitioner.
				if s < r {
					r, s = s, r
				}
				root[s] = r
			}
		}
	}
	index := make([]int32, np) // part of each root
	var parts []part
	for i := range np {
		if !used[i] {
			continue
		}
		r := find(int32(i))
		if r == int32(i) {
			index[i] = int32(len(parts))
			parts = append(parts, part{})
		}
		k := index[r]
		parts[k].pracs = append(parts[k].pracs, int32(i))
	}
	for j := range m.nc() {
		lo, hi := m.start[j], m.start[j+1]
		if lo == hi {
			continue
		}
		k := index[find(m.arcP[lo])]
		parts[k].cases = append(parts[k].cases, int32(j))
		parts[k].pairs += int(hi - lo)
	}
	if w.tick(int64(m.nc() + np)) {
		return nil
	}
	if parts == nil {
		parts = []part{}
	}
	return parts
}

// partModel returns the model of part p of m: its cases and
// practitioners renumbered in order, with m's hard limits, unplaced
// charge and the given unit of flow. It copies only what the
// relaxation and the search read: no records (cases and practitioners
// are nil). loc is scratch of one entry per practitioner of m, all -1,
// which it leaves so.
func (m *model) partModel(p *part, unit int64, loc []int32) *model {
	nc, np, K := len(p.cases), len(p.pracs), m.K
	for k, i := range p.pracs {
		loc[i] = int32(k)
	}
	defer func() {
		for _, i := range p.pracs {
			loc[i] = -1
		}
	}()
	in := &instance{prm: m.prm, pol: m.pol, weights: m.weights, K: K, pen: m.pen, price: m.price, maxCost: m.maxCost}
	in.w, in.cur, in.prev = make([]int64, nc), make([]int32, nc), make([]int32, nc)
	in.hist, in.block, in.start = make([]bool, nc), make([]Reason, nc), make([]int32, nc+1)
	in.arcP, in.arcC = make([]int32, 0, p.pairs), make([]int64, 0, p.pairs)
	remap := func(i int32) int32 {
		if i < 0 {
			return -1
		}
		return loc[i]
	}
	for k, j := range p.cases {
		in.w[k], in.cur[k], in.prev[k], in.hist[k] = m.w[j], remap(m.cur[j]), remap(m.prev[j]), m.hist[j]
		for a := m.start[j]; a < m.start[j+1]; a++ {
			in.arcP = append(in.arcP, loc[m.arcP[a]])
			in.arcC = append(in.arcC, m.arcC[a])
		}
		in.start[k+1] = int32(len(in.arcP))
	}
	in.avail, in.load0, in.before, in.cap0 = make([]int64, np), make([]int64, np), make([]int64, np), make([]int64, np)
	in.maxNew, in.rank = make([]int32, np), make([]int8, np)
	in.bp, in.cumPen = make([]int64, np*K), make([]int64, np*K)
	hcap := make([]int64, np)
	for k, i := range p.pracs {
		in.avail[k], in.load0[k], in.before[k], in.cap0[k] = m.avail[i], m.load0[i], m.before[i], m.cap0[i]
		in.maxNew[k], in.rank[k], hcap[k] = m.maxNew[i], m.rank[i], m.hcap[i]
		copy(in.bp[k*K:(k+1)*K], m.bp[int(i)*K:(int(i)+1)*K])
		copy(in.cumPen[k*K:(k+1)*K], m.cumPen[int(i)*K:(int(i)+1)*K])
	}
	return &model{instance: in, hcap: hcap, hard: m.hard, unplaced: m.unplaced, unit: unit}
}

// wholeUnit is the unit of flow of m's relaxation as one flow (flowUnit),
// which its parts share, so that their relaxations are exactly the
// whole's.
func (m *model) wholeUnit() int64 {
	var g int64
	flowing := 0
	for j := range m.nc() {
		if m.w[j] > 0 && m.start[j+1] > m.start[j] {
			g = gcd(g, m.w[j])
			flowing++
		}
	}
	nodes := flowing + m.np() + 1
	if m.hard {
		for _, n := range m.maxNew {
			if n > 0 {
				nodes++
			}
		}
	}
	if g == 0 {
		return 1
	}
	return m.flowUnit(g, nodes)
}

// relaxParts is relax for a problem of several parts: each part's flow is
// solved on its own, the parts shared among up to GOMAXPROCS goroutines
// (eachPart), and the flows, potentials and costs are put together in the
// whole's numbering. The result does not depend on GOMAXPROCS: each part's
// flow is computed alone and the parts are joined in order. progress is
// called from the calling goroutine only, with the pivots of every part
// finished so far plus those of the one it is solving.
func (m *model) relaxParts(ctx context.Context, mode flowMode, caps []int64, progress func(int)) (*relaxation, error) {
	nc, np := m.nc(), m.np()
	g := m.wholeUnit()
	r := &relaxation{g: g, status: mcf.Optimal}
	rels := make([]*relaxation, len(m.parts))
	errs := make([]error, len(m.parts))
	// The whole's arrays: at a million cases the pairs' flows alone take
	// 480 MB, whose allocation (zeroed, at once) took 20–70 ms, and a
	// stop must not wait for it. From draftFrom cases they are allocated
	// on another goroutine while the parts are solved, and a stop returns
	// without them; below, after the parts, only for a relaxation solved.
	var whole chan *relaxation
	if nc >= m.prm.draftFrom {
		whole = make(chan *relaxation, 1)
		go func() { whole <- m.wholeArrays(g) }()
	}
	var done atomic.Int64 // pivots of the parts finished
	eachPart(ctx, len(m.parts), func(k int, main bool, loc []int32) {
		p := &m.parts[k]
		d := m.partModel(p, g, loc)
		var pcaps []int64
		if caps != nil {
			pcaps = make([]int64, len(p.pracs))
			for q, i := range p.pracs {
				pcaps[q] = caps[i]
			}
		}
		var prog func(int)
		if main && progress != nil {
			prog = func(it int) { progress(int(done.Load()) + it) }
		}
		rels[k], errs[k] = d.relaxWhole(ctx, mode, pcaps, prog)
		if rels[k] != nil {
			done.Add(int64(rels[k].iters))
		}
	}, np)
	for k := range m.parts {
		if errs[k] != nil {
			return nil, errs[k]
		}
		pr := rels[k]
		if pr == nil { // not started: ctx ended first
			r.status = mcf.Canceled
			continue
		}
		r.iters += pr.iters
		if pr.status != mcf.Optimal && (r.status == mcf.Optimal || pr.status == mcf.Canceled) {
			r.status = pr.status
		}
	}
	if r.status != mcf.Optimal {
		return r, nil
	}
	// The whole's arrays are filled part by part, reading ctx between
	// parts.
	var w *relaxation
	if whole == nil {
		w = m.wholeArrays(g)
	} else {
		select {
		case w = <-whole:
		case <-ctx.Done():
			return &relaxation{g: g, status: mcf.Canceled, iters: r.iters}, nil
		}
	}
	r.frac, r.dummy, r.load, r.mu, r.nu = w.frac, w.dummy, w.load, w.mu, w.nu
	flowing := false
	for k := range m.parts {
		if ctx.Err() != nil {
			return &relaxation{g: g, status: mcf.Canceled, iters: r.iters}, nil
		}
		pr, p := rels[k], &m.parts[k]
		r.cost += pr.cost
		a := 0 // the part's pairs, in order
		for q, j := range p.cases {
			n := int(m.start[j+1] - m.start[j])
			copy(r.frac[m.start[j]:m.start[j+1]], pr.frac[a:a+n])
			a += n
			r.dummy[j] = pr.dummy[q]
			if pr.nu != nil {
				r.nu[j] = pr.nu[q]
			}
		}
		for q, i := range p.pracs {
			r.load[i] = pr.load[q]
			if pr.mu != nil {
				r.mu[i] = pr.mu[q]
				flowing = true
			}
		}
	}
	if !flowing {
		r.mu, r.nu = nil, nil
	}
	r.bound = r.cost + m.constantPenalty()
	return r, nil
}

// wholeArrays returns a relaxation of unit g with the arrays of the whole
// model, zero but for the loads, load0.
func (m *model) wholeArrays(g int64) *relaxation {
	nc, np := m.nc(), m.np()
	return &relaxation{g: g, frac: make([]int64, len(m.arcP)), dummy: make([]int64, nc),
		load: slices.Clone(m.load0), mu: make([]int64, np), nu: make([]int64, nc)}
}

// eachPart calls f for every part index 0..n-1, sharing them among up to
// GOMAXPROCS goroutines, the calling one among them (main is true there),
// and waits for all; once ctx is done it starts no more parts. Each goroutine has its own scratch loc of np entries
// set to -1. A panic is raised again in the caller once every call has
// ended.
func eachPart(ctx context.Context, n int, f func(k int, main bool, loc []int32), np int) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var mu sync.Mutex
	var failure any
	work := func(main bool) {
		defer func() {
			if v := recover(); v != nil {
				mu.Lock()
				if failure == nil {
					failure = fmt.Sprintf("%v\n%s", v, debug.Stack())
				}
				mu.Unlock()
			}
		}()
		loc := make([]int32, np)
		for i := range loc {
			loc[i] = -1
		}
		for {
			k := int(next.Add(1) - 1)
			if k >= n || ctx.Err() != nil {
				return
			}
			f(k, main, loc)
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(func() { work(false) })
	}
	work(true)
	wg.Wait()
	if failure != nil {
		panic(failure)
	}
}

// searchParts is the local search of a problem of several parts: the
// allocation x holds (rounded and repaired) is split into its parts, each
// part is searched on its own model and searcher (searcher.search), the
// parts shared among up to GOMAXPROCS goroutines (eachPart), and the
// results are written back into x's allocation, which stays whole. No
// step of the search spans two parts (every move, chain, swap and re-split
// is between eligible practitioners of the same cases), so searching
// them apart changes nothing but the order of the steps and lets every
// core work. Each part's perturbation budget, and its pair
// neighbourhood's cells, are its share of the whole's by eligible pairs.
// It returns whether a part was stopped, and the steps applied, and
// reports progress from the calling goroutine only.
func (x *searcher) searchParts(rel *relaxation, perturb bool) (stopped bool, steps int) {
	m := x.m
	total := max(len(m.arcP), 1)
	budget := int64(0)
	if perturb {
		budget = m.perturbBudget()
	}
	var done atomic.Int64 // steps of the parts finished
	var anyStop atomic.Bool
	eachPart(x.ctx, len(m.parts), func(k int, main bool, loc []int32) {
		p := &m.parts[k]
		d := m.partModel(p, rel.g, loc)
		st := newState(d)
		for q, j := range p.cases {
			if a := x.arc[j]; a >= 0 {
				st.set(q, d.start[q]+(a-m.start[j]))
			}
		}
		var prog func(int)
		if main && x.prog != nil {
			prog = func(n int) { x.prog(int(done.Load()) + n) }
		}
		px := newSearcher(x.ctx, st, prog)
		if px.stopped() {
			anyStop.Store(true)
			return
		}
		if rel.mu != nil {
			pr := &relaxation{g: rel.g, mu: make([]int64, len(p.pracs)), load: make([]int64, len(p.pracs))}
			for q, i := range p.pracs {
				pr.mu[q], pr.load[q] = rel.mu[i], rel.load[i]
			}
			px.prices = &prices{rel: pr, lpLoad: pr.load}
		}
		px.pairs.budget = pairBudget * int64(p.pairs) / int64(total)
		px.plan = x.plan
		if px.search(false, budget*int64(p.pairs)/int64(total)) {
			anyStop.Store(true)
		}
		// The part's result goes into x's allocation as the part ends,
		// which it may: the parts share no case and no practitioner.
		for q, j := range p.cases {
			a := int32(-1)
			if b := px.arc[q]; b >= 0 {
				a = m.start[j] + (b - d.start[q])
			}
			if a != x.arc[j] {
				x.set(int(j), a)
			}
		}
		done.Add(int64(px.steps))
	}, m.np())
	if x.ctx.Err() != nil {
		anyStop.Store(true) // parts may have been left unsearched
	}
	return anyStop.Load(), int(done.Load())
}
