package mcf

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestReadDIMACS(t *testing.T) {
	in := `c a small problem
c with two comments
p min 4 5

n 1 4
n 4 -4
a 1 2 0 4 2
a 1 3 0 2 2
a 2 3 0 2 1
a 2 4 0 3 3
a 3 4 0 -1 1
`
	g, err := ReadDIMACS(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if g.NumNodes() != 4 || g.NumArcs() != 5 || g.Supply(0) != 4 || g.Supply(3) != -4 || g.Supply(1) != 0 {
		t.Fatalf("read %d nodes, %d arcs, supplies %d %d", g.NumNodes(), g.NumArcs(), g.Supply(0), g.Supply(3))
	}
	if u, v, c, w := g.Arc(4); u != 2 || v != 3 || c != Inf || w != 1 {
		t.Errorf("arc 4 = %d %d %d %d; capacity -1 must read as Inf", u, v, c, w)
	}
	sol, err := g.Solve(t.Context(), nil)
	if err != nil || sol.Status != Optimal {
		t.Fatalf("Solve: %v %v", sol, err)
	}
	// Optimum: 2 units 1→2→4 (cost 5 each), 2 units 1→3→4 (3 each) = 16;
	// or 1→2→3→4 (4). Best: 2×(1→3→4)=6, 2×(1→2→3→4)=8 → 14.
	if sol.Cost != 14 {
		t.Errorf("cost %d, want 14", sol.Cost)
	}
}

func TestReadDIMACSErrors(t *testing.T) {
	tests := []struct {
		name, reason, in string
		line             int
		msg              string
	}{
		{"no problem line", "a file must declare its problem", "c only\n", 0, "no problem line"},
		{"arc before p", "p must come first", "a 1 2 0 1 1\np min 2 1\n", 1, "before the problem line"},
		{"wrong type", "only min-cost flow files", "p max 2 1\n", 1, `problem type "max"`},
		{"bad node count", "counts are integers", "p min x 1\n", 1, "node count"},
		{"huge node count", "counts are bounded before allocating", "p min 99999999999 0\n", 1, "node count"},
		{"node id range", "ids are 1-based", "p min 2 0\nn 0 1\n", 2, "node id"},
		{"duplicate node", "one n line per node", "p min 2 0\nn 1 1\nn 1 2\n", 3, "second node line"},
		{"lower bound", "lower bounds are not supported", "p min 2 1\na 1 2 1 3 1\n", 2, "lower bound 1"},
		{"negative cap", "only -1 means unbounded", "p min 2 1\na 1 2 0 -2 1\n", 2, "negative capacity -2"},
		{"arc head range", "endpoints must be nodes", "p min 2 1\n\na 1 3 0 1 1\n", 3, "head node 3"},
		{"too many arcs", "the arc count is checked", "p min 2 1\na 1 2 0 1 1\na 1 2 0 1 1\n", 3, "more arc lines"},
		{"too few arcs", "the arc count is checked at the end", "p min 2 2\na 1 2 0 1 1\n", 0, "1 arc lines, but"},
		{"field count", "arc lines have 5 fields", "p min 2 1\na 1 2 0 1\n", 2, "needs 5 fields"},
		{"overflow", "numbers must fit in int64", "p min 2 1\na 1 2 0 1 99999999999999999999\n", 2, "out of range"},
		{"unknown line", "unknown line types are errors", "p min 2 0\nx 1\n", 2, "unknown line type"},
		{"second p", "only one problem line", "p min 2 0\np min 2 0\n", 2, "second problem line"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadDIMACS(strings.NewReader(tc.in))
			var de *DIMACSError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want *DIMACSError (%s)", err, tc.reason)
			}
			if de.Line != tc.line || !strings.Contains(de.Msg, tc.msg) {
				t.Errorf("got line %d %q, want line %d containing %q (%s)", de.Line, de.Msg, tc.line, tc.msg, tc.reason)
			}
		})
	}
}

func TestDIMACSRoundTrip(t *testing.T) {
	g := build(3, []int64{2, 0, -2}, []arc{{0, 1, 5, -1}, {1, 2, Inf, 3}, {0, 2, 0, 0}})
	var b bytes.Buffer
	if err := g.WriteDIMACS(&b, "two\nlines"); err != nil {
		t.Fatal(err)
	}
	want := "c two\nc lines\np min 3 3\nn 1 2\nn 3 -2\na 1 2 0 5 -1\na 2 3 0 2305843009213693951 3\na 1 3 0 0 0\n"
	if b.String() != want {
		t.Errorf("WriteDIMACS:\n%s\nwant\n%s", b.String(), want)
	}
	h, err := ReadDIMACS(&b)
	if err != nil {
		t.Fatal(err)
	}
	if msg := sameGraph(g, h); msg != "" {
		t.Error(msg)
	}
}

func TestWriteDIMACSBadGraph(t *testing.T) {
	g := build(1, nil, []arc{{0, 3, 1, 1}})
	var b bytes.Buffer
	var ie *InputError
	if err := g.WriteDIMACS(&b, ""); !errors.As(err, &ie) {
		t.Errorf("WriteDIMACS of an arc with a bad endpoint: %v, want *InputError", err)
	}
}

func sameGraph(g, h *Graph) string {
	if g.NumNodes() != h.NumNodes() || g.NumArcs() != h.NumArcs() {
		return "sizes differ"
	}
	for v := range g.NumNodes() {
		if g.Supply(v) != h.Supply(v) {
			return "supplies differ"
		}
	}
	for a := range g.NumArcs() {
		u1, v1, c1, w1 := g.Arc(a)
		u2, v2, c2, w2 := h.Arc(a)
		if u1 != u2 || v1 != v2 || c1 != c2 || w1 != w2 {
			return "arcs differ"
		}
	}
	return ""
}

// FuzzReadDIMACS: the reader never panics, and whatever it accepts
// survives a write/read round trip unchanged. Problems are limited to 1,000
// nodes and arcs so that the fuzzer does not spend its time allocating.
func FuzzReadDIMACS(f *testing.F) {
	f.Add("p min 2 1\nn 1 3\nn 2 -3\na 1 2 0 5 1\n")
	f.Add("c x\np min 3 2\na 1 2 0 -1 -4\na 2 3 0 9223372036854775807 0\n")
	f.Add("p min 1 1\na 1 1 0 0 0\r\n")
	f.Add("p min 2 0\nn 2 -9223372036854775808\n")
	f.Fuzz(func(t *testing.T, in string) {
		g, err := readDIMACS(strings.NewReader(in), 1000, 1000)
		if err != nil {
			var de *DIMACSError
			if !errors.As(err, &de) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		var b bytes.Buffer
		if err := g.WriteDIMACS(&b, "fuzz"); err != nil {
			t.Fatal(err)
		}
		h, err := readDIMACS(&b, 1000, 1000)
		if err != nil {
			t.Fatalf("re-reading written file: %v\n%s", err, b.String())
		}
		if msg := sameGraph(g, h); msg != "" {
			t.Fatal(msg)
		}
		// Solving must not panic either (small graphs only).
		if g.NumNodes() <= 50 && g.NumArcs() <= 100 {
			if sol, err := g.Solve(t.Context(), nil); err == nil && sol.Status == Optimal {
				if msg := checkOptimal(g, sol); msg != "" {
					t.Fatal(msg)
				}
			}
		}
	})
}
