package allocation

// The overload penalty of practitioner i at load x is the convex
// piecewise-linear P_i(x) of the package documentation: 0 up to the first
// breakpoint bp[i*K], then the price of band k per point between
// breakpoints k and k+1, the last band unbounded.

// penaltyTable is the overload penalty's shape under the Settings: each
// band's price per point (the Overload weight applied) and the
// percentage points above 100% at which it starts. A practitioner's
// breakpoints follow from their available points (breakpoints).
type penaltyTable struct {
	price []int64 // per band
	start []int64 // per band: percentage points above 100
}

func newPenaltyTable(bands []Band) penaltyTable {
	t := penaltyTable{price: make([]int64, len(bands)), start: make([]int64, len(bands))}
	var c int64
	for k, b := range bands {
		t.price[k], t.start[k] = b.Cost, c
		c += int64(b.Width)
	}
	return t
}

// breakpoints writes the breakpoints of a practitioner with avail points
// into bp, b_k = ⌊avail·(100 + start_k)/100⌋, and the penalty at each into
// cum; both have one entry per band.
func (t *penaltyTable) breakpoints(avail int64, bp, cum []int64) {
	for k := range t.price {
		bp[k] = avail * (100 + t.start[k]) / 100
		cum[k] = 0
		if k > 0 {
			cum[k] = cum[k-1] + t.price[k-1]*(bp[k]-bp[k-1])
		}
	}
}

// at returns the penalty at load x of a practitioner with breakpoints bp
// and penalties cum there: the penalty at the highest breakpoint below x
// plus that band's price per point above it.
func (t *penaltyTable) at(bp, cum []int64, x int64) int64 {
	if x <= bp[0] {
		return 0
	}
	k := 0
	for k+1 < len(bp) && x > bp[k+1] {
		k++
	}
	return cum[k] + t.price[k]*(x-bp[k])
}

// penalty returns the overload penalty of practitioner i at load x.
func (m *instance) penalty(i int, x int64) int64 {
	base := i * m.K
	return m.pen.at(m.bp[base:base+m.K], m.cumPen[base:base+m.K], x)
}

// rise returns P_i(x) − P_i(x − w) for w ≥ 0: what the last w points of
// load x add to practitioner i's penalty. When x − w lies in the band of
// x, that is the band's price times w, found with one search of the
// bands instead of two.
func (m *instance) rise(i int, x, w int64) int64 {
	base := i * m.K
	bp := m.bp[base : base+m.K]
	if x <= bp[0] {
		return 0
	}
	k := 0
	for k+1 < len(bp) && x > bp[k+1] {
		k++
	}
	if x-w > bp[k] {
		return m.price[k] * w
	}
	return m.penalty(i, x) - m.penalty(i, x-w)
}

// band is a window of up to three consecutive linear pieces of a
// practitioner's penalty, the one that held load x when it was set and
// its neighbours: for lo < x ≤ hi, P(x) = max over the window of
// off_t + price_t·x, as P is convex, so it is the greatest of its
// pieces. The window keeps a practitioner whose load sits at a
// breakpoint, where the search often leaves it, in one window.
type band struct {
	lo, hi     int64
	off, price [3]int64
	// slope is the left derivative of P at the x the window was set for:
	// the price of the band holding the points just below x (0 at or
	// below 100%). As P is convex, P(y) ≥ P(x) + slope·(y − x) for
	// every y, a lower bound the search uses to skip candidates.
	slope int64
	i     int // the practitioner
}

// bandInf stands for an unbounded end of a window.
const bandInf = int64(1) << 60

// bandOf returns the window of practitioner i's penalty around load x.
// Its slope is the left derivative of P_i at x.
func (m *instance) bandOf(i int, x int64) band {
	b := band{i: i}
	m.setBand(&b, x)
	return b
}

// piece returns the bounds and the line of piece q of practitioner i's
// penalty: piece 0 is the load at or below 100% (penalty 0), piece k+1
// band k, lo < x ≤ hi.
func (m *instance) piece(i, q int) (lo, hi, off, price int64) {
	base := i * m.K
	if q == 0 {
		return -bandInf, m.bp[base], 0, 0
	}
	k := q - 1
	hi = bandInf
	if k+1 < m.K {
		hi = m.bp[base+k+1]
	}
	lo, price = m.bp[base+k], m.price[k]
	return lo, hi, m.cumPen[base+k] - price*lo, price
}

// setBand sets *b to the window of its practitioner's penalty around
// load x.
func (m *instance) setBand(b *band, x int64) {
	i := b.i
	base := i * m.K
	bp := m.bp[base : base+m.K]
	q := 0 // the piece that holds x
	if x > bp[0] {
		q = 1
		for q < len(bp) && x > bp[q] {
			q++
		}
	}
	first, last := max(q-1, 0), min(q+1, m.K)
	b.lo, _, _, _ = m.piece(i, first)
	_, b.hi, _, _ = m.piece(i, last)
	for t := range 3 {
		_, _, b.off[t], b.price[t] = m.piece(i, min(first+t, last))
	}
	_, _, _, b.slope = m.piece(i, q)
}

// penaltyIn returns penalty(b.i, x) from the window *b of b.i's penalty
// (from bandOf), first moving *b around x if it does not hold x. It does
// not inline; the hot loops write it out with holds and at.
func (m *instance) penaltyIn(b *band, x int64) int64 {
	if !b.holds(x) {
		m.setBand(b, x)
	}
	return b.at(x)
}

// holds reports whether the window holds load x.
func (b *band) holds(x int64) bool { return x > b.lo && x <= b.hi }

// at returns the penalty at a load x the window holds.
func (b *band) at(x int64) int64 {
	return max(b.off[0]+b.price[0]*x, b.off[1]+b.price[1]*x, b.off[2]+b.price[2]*x)
}
