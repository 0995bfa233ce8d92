package mcf

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// DIMACSError reports a malformed DIMACS min-cost flow file. Line is the
// 1-based line number, or 0 for problems found at the end of the input.
type DIMACSError struct {
	Line int
	Msg  string
}

func (e *DIMACSError) Error() string {
	if e.Line == 0 {
		return "mcf: dimacs: " + e.Msg
	}
	return fmt.Sprintf("mcf: dimacs: line %d: %s", e.Line, e.Msg)
}

// Limits ReadDIMACS applies to the problem line before allocating.
const (
	dimacsMaxNodes = maxNodes
	dimacsMaxArcs  = maxArcs
)

// ReadDIMACS reads a minimum-cost flow problem in the DIMACS format:
//
//	c <comment>
//	p min <nodes> <arcs>
//	n <id> <supply>
//	a <from> <to> <low> <cap> <cost>
//
// Node ids in the file are 1-based and become 0-based node numbers; arcs
// keep their file order. Nodes without an n line have supply 0; a repeated n
// line for the same node is an error. Blank lines are allowed anywhere and
// comment lines anywhere. The p line must come before any n or a line, and
// the number of a lines must equal the arc count it declares.
//
// Lower bounds must be 0: a nonzero lower bound is rejected, because a Graph
// has no lower bounds (subtract the bound from the capacity and move it into
// the two supplies to remove one). A capacity of −1 means uncapacitated
// ([Inf]), as in LEMON's reader; a capacity ≥ Inf is read as Inf. Errors are
// of type [*DIMACSError] and carry the line number.
func ReadDIMACS(r io.Reader) (*Graph, error) {
	return readDIMACS(r, dimacsMaxNodes, dimacsMaxArcs)
}

func readDIMACS(r io.Reader, maxN, maxM int) (*Graph, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var g *Graph
	var declared, line int
	var seen []bool
	fail := func(format string, args ...any) (*Graph, error) {
		return nil, &DIMACSError{Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	var fields [8][]byte
	for sc.Scan() {
		line++
		f := splitFields(sc.Bytes(), fields[:0])
		if len(f) == 0 {
			continue
		}
		if len(f[0]) != 1 {
			return fail("unknown line type %q", truncate(f[0]))
		}
		switch f[0][0] {
		case 'c':
			continue
		case 'p':
			if g != nil {
				return fail("second problem line")
			}
			if len(f) != 4 {
				return fail("problem line needs 3 fields (p min <nodes> <arcs>), found %d", len(f)-1)
			}
			if string(f[1]) != "min" {
				return fail("problem type %q, want \"min\"", truncate(f[1]))
			}
			n, err := parseInt(f[2])
			if err != nil || n < 0 || n > int64(maxN) {
				return fail("node count %q is not an integer in [0, %d]", truncate(f[2]), maxN)
			}
			m, err := parseInt(f[3])
			if err != nil || m < 0 || m > int64(maxM) {
				return fail("arc count %q is not an integer in [0, %d]", truncate(f[3]), maxM)
			}
			g = NewGraph(int(n))
			g.Grow(int(m))
			declared = int(m)
			seen = make([]bool, n)
		case 'n':
			if g == nil {
				return fail("node line before the problem line")
			}
			if len(f) != 3 {
				return fail("node line needs 2 fields (n <id> <supply>), found %d", len(f)-1)
			}
			id, err := parseInt(f[1])
			if err != nil || id < 1 || id > int64(g.NumNodes()) {
				return fail("node id %q is not an integer in [1, %d]", truncate(f[1]), g.NumNodes())
			}
			b, err := parseInt(f[2])
			if err != nil {
				return fail("supply %q: %v", truncate(f[2]), err)
			}
			if seen[id-1] {
				return fail("second node line for node %d", id)
			}
			seen[id-1] = true
			g.SetSupply(int(id-1), b)
		case 'a':
			if g == nil {
				return fail("arc line before the problem line")
			}
			if len(f) != 6 {
				return fail("arc line needs 5 fields (a <from> <to> <low> <cap> <cost>), found %d", len(f)-1)
			}
			if g.NumArcs() >= declared {
				return fail("more arc lines than the %d declared", declared)
			}
			var v [5]int64
			for i := range v {
				x, err := parseInt(f[i+1])
				if err != nil {
					return fail("field %d %q: %v", i+1, truncate(f[i+1]), err)
				}
				v[i] = x
			}
			n := int64(g.NumNodes())
			if v[0] < 1 || v[0] > n {
				return fail("tail node %d out of range [1, %d]", v[0], n)
			}
			if v[1] < 1 || v[1] > n {
				return fail("head node %d out of range [1, %d]", v[1], n)
			}
			if v[2] != 0 {
				return fail("lower bound %d: only lower bound 0 is supported", v[2])
			}
			c := v[3]
			switch {
			case c == -1:
				c = Inf
			case c < 0:
				return fail("negative capacity %d (only -1, meaning unbounded, is allowed)", c)
			}
			g.AddArc(int(v[0]-1), int(v[1]-1), c, v[4])
		default:
			return fail("unknown line type %q", truncate(f[0]))
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			line++
			return fail("line too long")
		}
		return nil, err
	}
	line = 0
	if g == nil {
		return fail("no problem line")
	}
	if g.NumArcs() != declared {
		return fail("%d arc lines, but the problem line declares %d", g.NumArcs(), declared)
	}
	return g, nil
}

// splitFields splits b at runs of spaces and tabs (and a trailing \r),
// appending to dst.
func splitFields(b []byte, dst [][]byte) [][]byte {
	i := 0
	for i < len(b) {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		j := i
		for j < len(b) && !isSpace(b[j]) {
			j++
		}
		if j > i {
			dst = append(dst, b[i:j])
		}
		i = j
	}
	return dst
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

func parseInt(b []byte) (int64, error) {
	x, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) {
			return 0, ne.Err
		}
		return 0, err
	}
	return x, nil
}

func truncate(b []byte) string {
	if len(b) > 32 {
		return string(b[:32]) + "…"
	}
	return string(b)
}

// WriteDIMACS writes g in the DIMACS min-cost flow format read by
// [ReadDIMACS] (and by LEMON, CS2 and GLPK): the comment, one c line per
// line of it, then "p min", an n line for each node with nonzero supply and
// an a line for each arc in index order, with lower bound 0. Node ids are
// 1-based. Uncapacitated arcs are written with capacity Inf as a number, so
// that every reader sees a non-negative capacity. Arcs with an endpoint out
// of range cannot be written; WriteDIMACS returns an [*InputError] for them.
func (g *Graph) WriteDIMACS(w io.Writer, comment string) error {
	for a := range g.src {
		if g.src[a] < 0 || g.dst[a] < 0 {
			return &InputError{Problems: []string{fmt.Sprintf("arc %d has an endpoint out of range", a)}}
		}
	}
	bw := bufio.NewWriterSize(w, 64*1024)
	if comment != "" {
		for _, l := range strings.Split(comment, "\n") {
			bw.WriteString("c ")
			bw.WriteString(strings.TrimRight(l, "\r"))
			bw.WriteByte('\n')
		}
	}
	var buf []byte
	buf = fmt.Appendf(buf, "p min %d %d\n", g.NumNodes(), g.NumArcs())
	bw.Write(buf)
	for v, b := range g.supply {
		if b == 0 {
			continue
		}
		buf = append(buf[:0], "n "...)
		buf = strconv.AppendInt(buf, int64(v)+1, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, b, 10)
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	for a := range g.src {
		buf = append(buf[:0], "a "...)
		buf = strconv.AppendInt(buf, int64(g.src[a])+1, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(g.dst[a])+1, 10)
		buf = append(buf, " 0 "...)
		buf = strconv.AppendInt(buf, g.capa[a], 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, g.cost[a], 10)
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}
