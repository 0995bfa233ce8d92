package bench

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/probationkit/probation/allocation"
)

// LPKind selects the model WriteLP writes.
type LPKind uint8

// The LP models (optimizer.md §4.1).
const (
	// LPRelax is the relaxation: cases may be split. Its optimum plus
	// Network.Offset equals allocation's Stats.Bound.
	LPRelax LPKind = iota
	// LPGAP is the whole-case MIP (a generalised assignment problem with
	// a convex overload penalty): LPRelax with every assignment and
	// unplaced variable binary, plus a row per practitioner with a MaxNew
	// limit that counts their new cases exactly. Its optimum plus Offset
	// is the best objective of a whole allocation, except that
	// allocation charges an unplaced case once more per case (Stats.Unplaced).
	LPGAP
	// LPMinMax minimises U, the highest workload as a fraction of
	// Available (1 = 100%), over the practitioners with at least one
	// eligible pair, cases split: Σ_j w_j x_ij − Available_i·U ≤ −Load_i.
	// A practitioner with no available points gets Σ_j w_j x_ij ≤ 0.
	// Hard limits other than the eligible pairs themselves are left out.
	LPMinMax
)

// String returns "relax", "gap" or "minmax", the file name part.
func (k LPKind) String() string {
	switch k {
	case LPRelax:
		return "relax"
	case LPGAP:
		return "gap"
	case LPMinMax:
		return "minmax"
	}
	return fmt.Sprintf("LPKind(%d)", uint8(k))
}

// WriteLP writes the relaxation nw of problem p as a CPLEX LP file of the
// given kind, read by CLP, CBC, GLPK (glpsol --lp) and HiGHS.
//
// Names: x<v>_<q> is the share (0…1) of the case at node v given to the
// practitioner at node q, u<v> the share left unplaced, l<q>_<k> the units
// of practitioner q's k-th load run and g<q> the units through q's MaxNew
// gate (node numbers as in nw, 1-based like the DIMACS file). Rows a<v>
// give each case out once; rows c<q> (and n<q> for gates) conserve flow at
// the practitioner, in units of nw.Unit points. The sink's row is implied and
// left out, and so is the constant Offset: add it to the objective.
//
// Long sums are broken over lines of 8 terms. O(arcs).
func WriteLP(w io.Writer, p *allocation.Problem, nw *Network, kind LPKind, comment string) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	for _, line := range strings.Split(comment, "\n") {
		bw.WriteString("\\ " + line + "\n")
	}
	fmt.Fprintf(bw, "\\ %v model; unit=%d points; offset=%d (add to the objective)\n", kind, nw.Unit, nw.Offset)

	name := func(a *Arc, k int) string {
		switch a.Kind {
		case ArcAssign:
			return "x" + strconv.Itoa(a.From+1) + "_" + strconv.Itoa(nw.PractitionerNode[a.Practitioner]+1)
		case ArcUnplaced:
			return "u" + strconv.Itoa(a.From+1)
		case ArcGate:
			return "g" + strconv.Itoa(a.To+1)
		}
		return "l" + strconv.Itoa(a.From+1) + "_" + strconv.Itoa(k)
	}
	names := make([]string, len(nw.Arcs))
	run := map[int]int{}
	for n := range nw.Arcs {
		a := &nw.Arcs[n]
		names[n] = name(a, run[a.From])
		if a.Kind == ArcLoad {
			run[a.From]++
		}
	}

	// Rows, keyed by node: terms are (coefficient, arc).
	type term struct {
		coef int64
		arc  int
	}
	rows := make([][]term, len(nw.Supply))
	limits := map[int][]int{} // gate node → its assignment arcs (LPGAP)
	for n, a := range nw.Arcs {
		switch a.Kind {
		case ArcAssign, ArcUnplaced:
			if kind == LPMinMax && a.Kind == ArcUnplaced {
				continue
			}
			rows[a.From] = append(rows[a.From], term{1, n})
			if a.Kind == ArcUnplaced {
				continue
			}
			q := nw.PractitionerNode[a.Practitioner]
			if kind == LPMinMax {
				rows[q] = append(rows[q], term{nw.Supply[a.From] * nw.Unit, n})
				continue
			}
			rows[a.To] = append(rows[a.To], term{nw.Supply[a.From], n})
			if a.To != q {
				limits[a.To] = append(limits[a.To], n)
			}
		case ArcGate:
			if kind != LPMinMax {
				rows[a.From] = append(rows[a.From], term{-1, n})
				rows[a.To] = append(rows[a.To], term{1, n})
			}
		case ArcLoad:
			if kind != LPMinMax {
				rows[a.From] = append(rows[a.From], term{-1, n})
			}
		}
	}

	lw := &lineWriter{w: bw}
	bw.WriteString("Minimize\n obj:")
	if kind == LPMinMax {
		bw.WriteString(" U\n")
	} else {
		for n, a := range nw.Arcs {
			c := a.Cost
			if a.Kind == ArcAssign || a.Kind == ArcUnplaced {
				c *= a.Capacity // cost per unit × the case's units: the cost of the whole case
			}
			if c != 0 {
				lw.term(c, names[n])
			}
		}
		if lw.n == 0 && len(nw.Arcs) > 0 {
			lw.term(0, names[0])
		}
		lw.end()
	}

	bw.WriteString("Subject To\n")
	caseNode := make([]bool, len(nw.Supply))
	for _, v := range nw.CaseNode {
		if v >= 0 {
			caseNode[v] = true
		}
	}
	pracOf := make([]int, len(nw.Supply))
	for k := range pracOf {
		pracOf[k] = -1
	}
	for k, q := range nw.PractitionerNode {
		if q >= 0 {
			pracOf[q] = k
		}
	}
	for v, r := range rows {
		if len(r) == 0 || v == nw.Sink {
			continue
		}
		switch {
		case caseNode[v]:
			bw.WriteString(" a" + strconv.Itoa(v+1) + ":")
		case pracOf[v] >= 0:
			bw.WriteString(" c" + strconv.Itoa(v+1) + ":")
		default:
			bw.WriteString(" n" + strconv.Itoa(v+1) + ":")
		}
		for _, t := range r {
			lw.term(t.coef, names[t.arc])
		}
		rhs := "= 0"
		switch {
		case caseNode[v]:
			rhs = "= 1"
		case kind == LPMinMax:
			x := p.Practitioners[pracOf[v]]
			if x.Available > 0 {
				lw.term(-int64(x.Available), "U")
				rhs = "<= " + strconv.Itoa(-x.Load)
			} else {
				rhs = "<= 0"
			}
		}
		lw.endWith(rhs)
	}
	if kind == LPGAP {
		for v := range nw.Supply {
			arcs, ok := limits[v]
			if !ok {
				continue
			}
			// The gate's arc leads to the practitioner whose MaxNew it is.
			k := -1
			for _, a := range nw.Arcs {
				if a.Kind == ArcGate && a.From == v {
					k = a.Practitioner
					break
				}
			}
			if k < 0 || p.Practitioners[k].MaxNew <= 0 {
				continue
			}
			bw.WriteString(" m" + strconv.Itoa(v+1) + ":")
			for _, n := range arcs {
				lw.term(1, names[n])
			}
			lw.endWith("<= " + strconv.Itoa(p.Practitioners[k].MaxNew))
		}
	}

	if kind != LPMinMax {
		bw.WriteString("Bounds\n")
		for n, a := range nw.Arcs {
			if (a.Kind == ArcLoad || a.Kind == ArcGate) && a.Capacity != Uncapacitated {
				bw.WriteString(" " + names[n] + " <= " + strconv.FormatInt(a.Capacity, 10) + "\n")
			}
		}
	}
	if kind == LPGAP {
		bw.WriteString("Binaries\n")
		k := 0
		for n, a := range nw.Arcs {
			if a.Kind == ArcAssign || a.Kind == ArcUnplaced {
				bw.WriteString(" " + names[n])
				if k++; k%8 == 0 {
					bw.WriteByte('\n')
				}
			}
		}
		if k%8 != 0 {
			bw.WriteByte('\n')
		}
	}
	bw.WriteString("End\n")
	return bw.Flush()
}

// lineWriter writes the terms of a linear expression, 8 to a line.
type lineWriter struct {
	w *bufio.Writer
	n int
}

func (l *lineWriter) term(c int64, v string) {
	if l.n > 0 && l.n%8 == 0 {
		l.w.WriteString("\n   ")
	}
	switch {
	case c < 0:
		l.w.WriteString(" - ")
		c = -c
	case l.n > 0:
		l.w.WriteString(" + ")
	default:
		l.w.WriteString(" ")
	}
	l.w.WriteString(strconv.FormatInt(c, 10))
	l.w.WriteString(" ")
	l.w.WriteString(v)
	l.n++
}

func (l *lineWriter) end() {
	l.w.WriteByte('\n')
	l.n = 0
}

func (l *lineWriter) endWith(rhs string) {
	l.w.WriteString(" " + rhs + "\n")
	l.n = 0
}
