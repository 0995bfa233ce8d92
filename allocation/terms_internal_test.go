package allocation

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestCostTableConsumers lists the terms and checks that every consumer
// of the cost table covers each one: the defaults, the names (String,
// Parse, JSON), the explanation words, the cost functions, the
// validation of Weights and the formula of the package documentation.
// A term added to the table without one of these fails here.
func TestCostTableConsumers(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(Terms()) != int(numTerms) {
		t.Fatalf("Terms() lists %d terms, the table %d", len(Terms()), numTerms)
	}
	def := DefaultWeights()
	for _, term := range Terms() {
		d := terms[term]
		t.Run(d.name, func(t *testing.T) {
			if d.name == "" || d.word == "" || d.formula == "" {
				t.Errorf("row %+v lacks a name, word or formula", d)
			}
			if def[term] != d.weight || d.weight <= 0 {
				t.Errorf("DefaultWeights()[%v] = %d, table %d: want the table's positive default", term, def[term], d.weight)
			}
			if got, err := ParseTerm(term.String()); err != nil || got != term {
				t.Errorf("ParseTerm(%q) = %v, %v", term, got, err)
			}
			if (d.cost == nil) != (term == Overload) {
				t.Errorf("cost function present = %v: want one for every per-point term and none for overload", d.cost != nil)
			}
			var c Cost
			c[term] = 7
			if s := c.String(); !strings.Contains(s, term.String()+" 7") {
				t.Errorf("Cost.String() = %q does not name the term", s)
			}
			b, err := json.Marshal(c)
			if err != nil || !strings.Contains(string(b), `"`+term.String()+`":7`) {
				t.Errorf("Cost JSON %s, %v does not name the term", b, err)
			}
			var back Cost
			if err := json.Unmarshal(b, &back); err != nil || back != c {
				t.Errorf("Cost JSON round trip: %v, %v", back, err)
			}
			w := DefaultWeights()
			w[term] = -1
			if _, err := resolve(&Settings{Weights: &w}); err == nil || !strings.Contains(err.Error(), "weights."+term.String()) {
				t.Errorf("a negative weight for %v: error %v, want one naming weights.%v", term, err, term)
			}
			if !strings.Contains(string(doc), d.formula) {
				t.Errorf("doc.go does not state the formula %q", d.formula)
			}
		})
	}
}

// TestIndicatorTerms: every term marked indicator is its weight or 0 for
// any pair, and the Result's costs, rebuilt from each pair's total and
// bits (pairTerms), are the cost table's (pairCost) on every pair.
func TestIndicatorTerms(t *testing.T) {
	if remainderTerm == 255 {
		t.Fatal("the table has not exactly one per-point term that is not an indicator")
	}
	rapid.Check(t, func(t *rapid.T) {
		m := crafted(t)
		for j := range m.nc() {
			for a := m.start[j]; a < m.start[j+1]; a++ {
				want := m.pairCost(j, int(m.arcP[a]), m.caseSets(j))
				for tm, d := range &terms {
					if d.indicator && want[tm] != 0 && want[tm] != m.weights[tm] {
						t.Fatalf("indicator term %v is %d, weight %d", Term(tm), want[tm], m.weights[tm])
					}
				}
				if got := m.pairTerms(j, a); got != want {
					t.Fatalf("case %d pair %d: pairTerms %v, pairCost %v", j, a, got, want)
				}
			}
		}
	})
}
