package bench_test

import (
	"bytes"
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/bench"
	"github.com/probationkit/probation/internal/mcf"
	"github.com/probationkit/probation/internal/synth"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func tinyProblem(t testing.TB) *allocation.Problem {
	t.Helper()
	return synth.Generate(synth.Size{Name: "tiny", Cases: 300, Practitioners: 20, New: 300}, 1).Problem()
}

func solve(t testing.TB, p *allocation.Problem, s *allocation.Settings) *allocation.Result {
	t.Helper()
	r, err := allocation.Solve(context.Background(), p, s)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	return r
}

func relaxation(t testing.TB, p *allocation.Problem, s *allocation.Settings) *bench.Network {
	t.Helper()
	nw, err := bench.Relaxation(p, s)
	if err != nil {
		t.Fatalf("Relaxation: %v", err)
	}
	return nw
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

// limited returns the tiny problem with a MaxNew limit on every third
// practitioner, which adds gate nodes and unplaced arcs.
func limited(t testing.TB) *allocation.Problem {
	p := tinyProblem(t)
	for k := range p.Practitioners {
		if k%3 == 0 {
			p.Practitioners[k].MaxNew = 8
		}
	}
	return p
}

var exportCases = []struct {
	name   string
	reason string
	p      func(testing.TB) *allocation.Problem
	s      *allocation.Settings
}{
	{"plain", "case, practitioner and load arcs only", tinyProblem, &allocation.Settings{Scope: allocation.SameTeam}},
	{"hard cap", "unplaced arcs and capped load runs", tinyProblem, &allocation.Settings{Scope: allocation.SameTeam, HardCap: 100}},
	{"max new", "gate nodes", limited, &allocation.Settings{Scope: allocation.SamePDU}},
}

func TestWriteDIMACSRoundTrip(t *testing.T) {
	for _, tc := range exportCases {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p(t)
			nw := relaxation(t, p, tc.s)
			var buf bytes.Buffer
			if err := bench.WriteDIMACS(&buf, nw, "round trip"); err != nil {
				t.Fatalf("WriteDIMACS: %v", err)
			}
			g, err := mcf.ReadDIMACS(&buf)
			if err != nil {
				t.Fatalf("ReadDIMACS: %v", err)
			}
			sol, err := g.Solve(context.Background(), nil)
			if err != nil || sol.Status != mcf.Optimal {
				t.Fatalf("Solve: %v, %v", sol.Status, err)
			}
			r := solve(t, p, tc.s)
			if got := sol.Cost + nw.Offset; got != r.Stats.Bound {
				t.Errorf("DIMACS optimum + offset = %d, Stats.Bound = %d (%s)", got, r.Stats.Bound, tc.reason)
			}
		})
	}
}

// handSettings fixes every cost the golden files depend on, so that they
// do not follow changes of allocation's defaults.
var handSettings = &allocation.Settings{Bands: fiveBands, Weights: &allocation.Weights{
	allocation.Distance: 1, allocation.Continuity: 15, allocation.CrossTeam: 10, allocation.OverSkill: 5,
	allocation.SoftRule: 25, allocation.Move: 10, allocation.Overload: 1,
}}

func TestWriteDIMACSGolden(t *testing.T) {
	nw := relaxation(t, handProblem(), handSettings)
	var buf bytes.Buffer
	if err := bench.WriteDIMACS(&buf, nw, "hand problem\nfour cases"); err != nil {
		t.Fatalf("WriteDIMACS: %v", err)
	}
	golden(t, "hand.min", buf.Bytes())
}

func TestWriteLPGolden(t *testing.T) {
	p := handProblem()
	p.Practitioners[0].MaxNew = 2
	nw := relaxation(t, p, handSettings)
	for _, k := range []bench.LPKind{bench.LPRelax, bench.LPGAP, bench.LPMinMax} {
		var buf bytes.Buffer
		if err := bench.WriteLP(&buf, p, nw, k, "hand problem"); err != nil {
			t.Fatalf("WriteLP(%v): %v", k, err)
		}
		golden(t, "hand."+k.String()+".lp", buf.Bytes())
	}
}

// lp is a parsed CPLEX LP file of the shape WriteLP writes.
type lp struct {
	obj      map[string]float64
	rows     map[string]lpRow
	upper    map[string]float64
	binaries []string
}

type lpRow struct {
	terms map[string]float64
	op    string
	rhs   float64
}

func parseLP(t *testing.T, text string) *lp {
	t.Helper()
	out := &lp{obj: map[string]float64{}, rows: map[string]lpRow{}, upper: map[string]float64{}}
	var section string
	var toks []string
	flush := func() {
		switch section {
		case "Minimize", "Subject To":
			var row lpRow
			var name string
			sign := 1.0
			coef := math.NaN()
			for k := 0; k < len(toks); k++ {
				tok := toks[k]
				switch {
				case strings.HasSuffix(tok, ":"):
					if name != "" && section == "Subject To" {
						out.rows[name] = row
					}
					name, row = strings.TrimSuffix(tok, ":"), lpRow{terms: map[string]float64{}}
				case tok == "+":
					sign = 1
				case tok == "-":
					sign = -1
				case tok == "=" || tok == "<=" || tok == ">=":
					row.op = tok
					v, err := strconv.ParseFloat(toks[k+1], 64)
					if err != nil {
						t.Fatalf("rhs %q: %v", toks[k+1], err)
					}
					row.rhs = v
					k++
				default:
					if v, err := strconv.ParseFloat(tok, 64); err == nil {
						coef = sign * v
						continue
					}
					if math.IsNaN(coef) {
						coef = sign
					}
					if section == "Minimize" {
						out.obj[tok] += coef
					} else {
						row.terms[tok] += coef
					}
					sign, coef = 1, math.NaN()
				}
			}
			if name != "" && section == "Subject To" {
				out.rows[name] = row
			}
		case "Bounds":
			for k := 0; k+2 < len(toks); k += 3 {
				v, err := strconv.ParseFloat(toks[k+2], 64)
				if err != nil || toks[k+1] != "<=" {
					t.Fatalf("bound %q", toks[k:k+3])
				}
				out.upper[toks[k]] = v
			}
		case "Binaries":
			out.binaries = append(out.binaries, toks...)
		}
		toks = nil
	}
	for _, line := range strings.Split(text, "\n") {
		switch strings.TrimSpace(line) {
		case "Minimize", "Subject To", "Bounds", "Binaries", "End":
			flush()
			section = strings.TrimSpace(line)
			continue
		}
		if strings.HasPrefix(line, "\\") {
			continue
		}
		toks = append(toks, strings.Fields(line)...)
	}
	if section != "End" {
		t.Fatalf("LP file does not end with End")
	}
	return out
}

// flowValues maps each LP variable to its value at the optimal flow: the
// share of the case for x and u, the units for g and l.
func flowValues(nw *bench.Network, flow []int64) map[string]float64 {
	val := map[string]float64{}
	run := map[int]int{}
	for n, a := range nw.Arcs {
		switch a.Kind {
		case bench.ArcAssign:
			val["x"+strconv.Itoa(a.From+1)+"_"+strconv.Itoa(nw.PractitionerNode[a.Practitioner]+1)] = float64(flow[n]) / float64(a.Capacity)
		case bench.ArcUnplaced:
			val["u"+strconv.Itoa(a.From+1)] = float64(flow[n]) / float64(a.Capacity)
		case bench.ArcGate:
			val["g"+strconv.Itoa(a.To+1)] = float64(flow[n])
		case bench.ArcLoad:
			val["l"+strconv.Itoa(a.From+1)+"_"+strconv.Itoa(run[a.From])] = float64(flow[n])
			run[a.From]++
		}
	}
	return val
}

func checkRows(t *testing.T, m *lp, val map[string]float64, kind bench.LPKind) {
	t.Helper()
	for name, r := range m.rows {
		var lhs float64
		for v, c := range r.terms {
			x, ok := val[v]
			if !ok {
				t.Fatalf("%v row %s: unknown variable %s", kind, name, v)
			}
			lhs += c * x
		}
		tol := 1e-6 * math.Max(1, math.Abs(r.rhs))
		switch r.op {
		case "=":
			if math.Abs(lhs-r.rhs) > tol {
				t.Fatalf("%v row %s: %g = %g fails at the flow optimum", kind, name, lhs, r.rhs)
			}
		case "<=":
			if lhs > r.rhs+tol {
				t.Fatalf("%v row %s: %g <= %g fails at the flow optimum", kind, name, lhs, r.rhs)
			}
		default:
			t.Fatalf("%v row %s: operator %q", kind, name, r.op)
		}
	}
	for v, ub := range m.upper {
		if val[v] > ub {
			t.Fatalf("%v bound %s <= %g fails: %g", kind, v, ub, val[v])
		}
	}
}

// TestWriteLPAtFlowOptimum checks each LP against the flow optimum: the
// optimal flow, read as LP variables, satisfies every row and bound, and
// its LP objective plus the offset is Stats.Bound.
func TestWriteLPAtFlowOptimum(t *testing.T) {
	for _, tc := range exportCases {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p(t)
			nw := relaxation(t, p, tc.s)
			g := mcf.NewGraph(len(nw.Supply))
			for v, s := range nw.Supply {
				g.SetSupply(v, s)
			}
			for _, a := range nw.Arcs {
				c := a.Capacity
				if c == bench.Uncapacitated {
					c = mcf.Inf
				}
				g.AddArc(a.From, a.To, c, a.Cost)
			}
			sol, err := g.Solve(context.Background(), nil)
			if err != nil || sol.Status != mcf.Optimal {
				t.Fatalf("Solve: %v, %v", sol.Status, err)
			}
			val := flowValues(nw, sol.Flow)
			bound := solve(t, p, tc.s).Stats.Bound
			for _, kind := range []bench.LPKind{bench.LPRelax, bench.LPGAP, bench.LPMinMax} {
				var buf bytes.Buffer
				if err := bench.WriteLP(&buf, p, nw, kind, tc.name); err != nil {
					t.Fatalf("WriteLP(%v): %v", kind, err)
				}
				m := parseLP(t, buf.String())
				if kind == bench.LPMinMax {
					// U at the flow: the highest workload of a practitioner
					// with a row.
					u := 0.0
					for name, r := range m.rows {
						if !strings.HasPrefix(name, "c") {
							continue
						}
						var pts float64
						for v, c := range r.terms {
							if v != "U" {
								pts += c * val[v]
							}
						}
						if a := -r.terms["U"]; a > 0 {
							u = math.Max(u, (pts-r.rhs)/a)
						}
					}
					val["U"] = u
					checkRows(t, m, val, kind)
					continue
				}
				if kind == bench.LPGAP {
					var whole int
					for _, a := range nw.Arcs {
						if a.Kind == bench.ArcAssign || a.Kind == bench.ArcUnplaced {
							whole++
						}
					}
					if len(m.binaries) != whole {
						t.Errorf("GAP: %d binaries, want %d", len(m.binaries), whole)
					}
					// The count rows hold for whole allocations only.
					for name := range m.rows {
						if strings.HasPrefix(name, "m") {
							delete(m.rows, name)
						}
					}
				}
				checkRows(t, m, val, kind)
				var obj float64
				for v, c := range m.obj {
					obj += c * val[v]
				}
				if got := int64(math.Round(obj)) + nw.Offset; got != bound {
					t.Errorf("%v objective at the flow optimum + offset = %d, Stats.Bound = %d (%s)", kind, got, bound, tc.reason)
				}
			}
		})
	}
}
