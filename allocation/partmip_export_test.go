package allocation

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/probationkit/probation/grades"
)

// PartGap is one part's objective under a result and its relaxation's
// bound (WritePartMIPs).
type PartGap struct {
	Cases, Practitioners int
	Objective, Bound     int64
}

// WritePartMIPs writes each part of p's model (Solve's parts, policy
// p.Policy ignored: the national one) as a mixed-integer program in CPLEX
// LP format, dir/partNN.lp, with res's allocation of it as a MIP start in
// the form CBC reads (dir/partNN.mst: cbc partNN.lp mips partNN.mst
// solve), and returns each part's objective under res and its flow's
// bound. The program is the objective of the package documentation: x_a
// binary per eligible pair a, costing w_j·c_a; per practitioner i and
// band k, y_ik in [0, width_k] (the last unbounded) costing the band's
// price, with Σ_j w_j·x_ij − Σ_k y_ik ≤ b_i0 − load0_i. Hard caps, MaxNew
// and unplaced cases are left out: with them the problems of this test
// (synth rebalance, team scope) are the same.
func WritePartMIPs(p *Problem, s *Settings, res *Result, dir string) ([]PartGap, error) {
	prm, err := resolve(s)
	if err != nil {
		return nil, err
	}
	m, err := build(p, prm, grades.National())
	if err != nil {
		return nil, err
	}
	arc, err := resultArcs(m, p, res)
	if err != nil {
		return nil, err
	}
	loc := make([]int32, m.np())
	for i := range loc {
		loc[i] = -1
	}
	var gaps []PartGap
	for k := range m.parts {
		pt := &m.parts[k]
		d := m.partModel(pt, 1, loc)
		st := newState(d)
		for q, j := range pt.cases {
			if a := arc[j]; a >= 0 {
				st.set(q, d.start[q]+(a-m.start[j]))
			}
		}
		rel, err := d.relaxWhole(context.Background(), flowCost, nil, nil)
		if err != nil {
			return nil, err
		}
		gaps = append(gaps, PartGap{d.nc(), d.np(), st.total(), rel.bound})
		name := filepath.Join(dir, fmt.Sprintf("part%02d", k))
		if err := os.WriteFile(name+".lp", []byte(d.mipText()), 0o644); err != nil {
			return nil, err
		}
		var b strings.Builder
		b.WriteString("Stopped on time - objective value 0\n")
		n := 0
		for _, a := range st.arc {
			if a >= 0 {
				fmt.Fprintf(&b, "%d x%d 1 0\n", n, a)
				n++
			}
		}
		if err := os.WriteFile(name+".mst", []byte(b.String()), 0o644); err != nil {
			return nil, err
		}
	}
	return gaps, nil
}

// mipText is the model's program in CPLEX LP format (WritePartMIPs).
func (m *model) mipText() string {
	var b strings.Builder
	b.WriteString("Minimize\n obj:")
	for j := range m.nc() {
		for a := m.start[j]; a < m.start[j+1]; a++ {
			if c := m.w[j] * m.arcC[a]; c != 0 {
				fmt.Fprintf(&b, " + %d x%d", c, a)
			}
		}
	}
	for i := range m.np() {
		for k := range m.K {
			fmt.Fprintf(&b, " + %d y%d_%d", m.price[k], i, k)
		}
	}
	b.WriteString("\nSubject To\n")
	held := make([][]int32, m.np())
	for j := range m.nc() {
		fmt.Fprintf(&b, " c%d:", j)
		for a := m.start[j]; a < m.start[j+1]; a++ {
			fmt.Fprintf(&b, " + x%d", a)
			held[m.arcP[a]] = append(held[m.arcP[a]], a)
		}
		b.WriteString(" = 1\n")
	}
	for i := range m.np() {
		fmt.Fprintf(&b, " p%d:", i)
		for _, a := range held[i] {
			fmt.Fprintf(&b, " + %d x%d", m.w[caseOfArc(m, a)], a)
		}
		for k := range m.K {
			fmt.Fprintf(&b, " - y%d_%d", i, k)
		}
		fmt.Fprintf(&b, " <= %d\n", m.bp[i*m.K]-m.load0[i])
	}
	b.WriteString("Bounds\n")
	for i := range m.np() {
		for k := range m.K - 1 {
			fmt.Fprintf(&b, " 0 <= y%d_%d <= %d\n", i, k, m.bp[i*m.K+k+1]-m.bp[i*m.K+k])
		}
	}
	b.WriteString("Binaries\n")
	for a := range m.arcP {
		fmt.Fprintf(&b, " x%d\n", a)
	}
	b.WriteString("End\n")
	return b.String()
}
