package bench

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// WriteDIMACS writes the relaxation nw as a DIMACS min-cost flow problem
// (optimizer.md §4.1), the format of LEMON's readDimacsMin, GLPK's
// glpsol --mincost and CS2:
//
//	c <comment lines>
//	p min <nodes> <arcs>
//	n <id> <supply>        one per node with nonzero supply, ids 1-based
//	a <from> <to> 0 <capacity> <cost>   one per arc, in nw.Arcs order
//
// An Uncapacitated arc gets the total supply as its capacity: all costs are
// non-negative, so some optimal flow carries no more than that on any arc,
// and the optimum is unchanged while every reader sees a finite number.
// The comment should say what the file is; WriteDIMACS adds a line with
// nw.Unit and nw.Offset (the least flow cost plus the offset is the bound
// that allocation's Optimal strategy reports).
func WriteDIMACS(w io.Writer, nw *Network, comment string) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var total int64
	for _, s := range nw.Supply {
		if s > 0 {
			total += s
		}
	}
	for _, line := range strings.Split(comment, "\n") {
		bw.WriteString("c ")
		bw.WriteString(line)
		bw.WriteByte('\n')
	}
	bw.WriteString("c unit=" + strconv.FormatInt(nw.Unit, 10) + " points, offset=" + strconv.FormatInt(nw.Offset, 10) + " (bound = min cost + offset)\n")
	bw.WriteString("p min " + strconv.Itoa(len(nw.Supply)) + " " + strconv.Itoa(len(nw.Arcs)) + "\n")
	var buf []byte
	for v, s := range nw.Supply {
		if s == 0 {
			continue
		}
		buf = append(buf[:0], "n "...)
		buf = strconv.AppendInt(buf, int64(v+1), 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, s, 10)
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	for _, a := range nw.Arcs {
		c := a.Capacity
		if c == Uncapacitated {
			c = total
		}
		buf = append(buf[:0], "a "...)
		buf = strconv.AppendInt(buf, int64(a.From+1), 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(a.To+1), 10)
		buf = append(buf, " 0 "...)
		buf = strconv.AppendInt(buf, c, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, a.Cost, 10)
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}
