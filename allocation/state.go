package allocation

// state is a whole allocation under construction: for each case the
// eligible pair it uses (an index into the model's arcs) or -1, and for
// each practitioner the load and the count of new cases.
type state struct {
	m    *model
	arc  []int32
	load []int64
	nnew []int32
}

func newState(m *model) *state {
	s := &state{m: m, arc: make([]int32, m.nc()), load: make([]int64, m.np()), nnew: make([]int32, m.np())}
	for j := range s.arc {
		s.arc[j] = -1
	}
	copy(s.load, m.load0)
	return s
}

// stateOf returns the allocation that places each case j on arc[j] (or
// nowhere when it is negative).
func (m *model) stateOf(arc []int32) *state {
	s := newState(m)
	for j, a := range arc {
		if a >= 0 {
			s.set(j, a)
		}
	}
	return s
}

// holder returns the practitioner of case j, or -1.
func (s *state) holder(j int) int {
	if a := s.arc[j]; a >= 0 {
		return int(s.m.arcP[a])
	}
	return -1
}

// fits reports whether practitioner i can take case j without passing a
// hard limit (ignoring j's own current placement).
func (s *state) fits(j, i int) bool {
	m := s.m
	if s.load[i]+m.w[j] > m.hcap[i] {
		return false
	}
	return m.maxNew[i] == 0 || !m.isNew(j, i) || s.nnew[i] < m.maxNew[i]
}

// set places case j on arc a (or unplaces it when a < 0).
func (s *state) set(j int, a int32) {
	m := s.m
	if old := s.arc[j]; old >= 0 {
		i := m.arcP[old]
		s.load[i] -= m.w[j]
		if m.isNew(j, int(i)) {
			s.nnew[i]--
		}
	}
	s.arc[j] = a
	if a >= 0 {
		i := m.arcP[a]
		s.load[i] += m.w[j]
		if m.isNew(j, int(i)) {
			s.nnew[i]++
		}
	}
}

// unplacedCharge is the objective's charge for leaving placeable case j
// unplaced.
func (m *model) unplacedCharge(j int) int64 { return m.unplaced * (m.w[j] + 1) }

// objective evaluates the whole allocation: Σ w_j·c_ij over placed cases,
// Σ penalty_i(load_i) over all practitioners, and the unplaced charge over
// placeable cases left unplaced. Every strategy is scored by it.
//
// The cases are summed in blocks of resultBlock on every core: the sums
// are exact, so the split changes nothing, and at a million cases, whose
// pairs lie far apart in memory, it halves the time after a stop.
func (s *state) objective() (cost, pen, unpl int64) {
	m := s.m
	nb := (len(s.arc) + resultBlock - 1) / resultBlock
	sums := make([][2]int64, nb) // each block's cost and unplaced charge
	parallel(nil, nb, 1, func(lo, hi int, _ *watch) {
		for b := lo; b < hi; b++ {
			j0 := b * resultBlock
			var c, u int64
			for q, a := range s.arc[j0:min(j0+resultBlock, len(s.arc))] {
				switch j := j0 + q; {
				case a >= 0:
					c += m.w[j] * m.arcC[a]
				case m.block[j] == 0:
					u += m.unplacedCharge(j)
				}
			}
			sums[b] = [2]int64{c, u}
		}
	})
	for _, v := range sums {
		cost += v[0]
		unpl += v[1]
	}
	return cost, s.penalty(), unpl
}

// penalty is the objective's Σ penalty_i(load_i) over all practitioners.
func (s *state) penalty() (pen int64) {
	for i, l := range s.load {
		pen += s.m.penalty(i, l)
	}
	return pen
}

func (s *state) total() int64 {
	c, p, u := s.objective()
	return c + p + u
}

// moveDelta is the change of objective when case j moves to arc b (or is
// unplaced when b < 0). It does not check hard limits.
func (s *state) moveDelta(j int, b int32) int64 {
	m := s.m
	a := s.arc[j]
	w := m.w[j]
	var d int64
	if a >= 0 {
		i := int(m.arcP[a])
		l := s.load[i]
		d += m.penalty(i, l-w) - m.penalty(i, l) - w*m.arcC[a]
	} else {
		d -= m.unplacedCharge(j)
	}
	if b >= 0 {
		i := int(m.arcP[b])
		l := s.load[i]
		d += m.penalty(i, l+w) - m.penalty(i, l) + w*m.arcC[b]
	} else {
		d += m.unplacedCharge(j)
	}
	return d
}

// hasUnplaced reports whether the hard limits leave a case unplaced: one
// with eligible practitioners, or one whose eligible practitioners are all
// at their hard cap.
func (s *state) hasUnplaced() bool {
	for j, a := range s.arc {
		if a < 0 && (s.m.block[j] == 0 || s.m.block[j] == AtLimit) {
			return true
		}
	}
	return false
}

// placed returns the number of cases placed.
func (s *state) placed() int {
	n := 0
	for _, a := range s.arc {
		if a >= 0 {
			n++
		}
	}
	return n
}
