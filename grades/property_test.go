package grades_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// genProfile draws any valid case profile, every field over its whole range.
func genProfile() *rapid.Generator[grades.Profile] {
	return rapid.Custom(func(t *rapid.T) grades.Profile {
		return grades.Profile{
			RoSH:          tiering.RoSH(rapid.IntRange(0, 4).Draw(t, "rosh")),
			Tier:          tiering.Tier(rapid.IntRange(0, tiering.NumTiers-1).Draw(t, "tier")),
			V3:            tiering.V3Tier(rapid.IntRange(0, 9).Draw(t, "v3")),
			MAPPALevel:    tiering.MAPPALevel(rapid.IntRange(0, 3).Draw(t, "mappaLevel")),
			MAPPACategory: tiering.MAPPACategory(rapid.IntRange(0, 4).Draw(t, "mappaCategory")),
			Flags:         grades.Flags(rapid.IntRange(0, 1<<10-1).Draw(t, "flags")),
		}
	})
}

// subset reports whether a ⊆ b.
func subset(a, b grades.Set) bool { return a&^b == 0 }

// holders returns the grades that may hold c under p (ok), and those that
// may hold it with no warning (clear).
func holders(p *grades.Policy, c grades.Profile) (ok, clear grades.Set) {
	ok, warn := p.Eligible(c)
	return ok, ok &^ warn
}

func TestPropertyPSOImpliesPO(t *testing.T) {
	p := grades.National()
	rapid.Check(t, func(t *rapid.T) {
		c := genProfile().Draw(t, "case")
		ok, clear := holders(p, c)
		if ok.Has(PSO) && !ok.Has(PO) {
			t.Fatalf("%v: a PSO may hold it but a PO may not (ok %v)", c, ok)
		}
		if clear.Has(PSO) && !clear.Has(PO) {
			t.Fatalf("%v: a PSO may hold it without a reason but a PO needs one (clear %v)", c, clear)
		}
	})
}

func TestPropertyTrainingStages(t *testing.T) {
	p := grades.National()
	chain := []grades.Grade{PQiP, PQiP1, PQiP2, PQiP3, PQiP4, NQO, PO}
	rapid.Check(t, func(t *rapid.T) {
		c := genProfile().Draw(t, "case")
		ok, clear := holders(p, c)
		for i := 1; i < len(chain); i++ {
			a, b := chain[i-1], chain[i]
			if ok.Has(a) && !ok.Has(b) {
				t.Fatalf("%v: %v may hold it but the later %v may not", c, a, b)
			}
			if clear.Has(a) && !clear.Has(b) {
				t.Fatalf("%v: %v may hold it without a reason but the later %v needs one", c, a, b)
			}
		}
	})
}

func TestPropertyRaisingRisk(t *testing.T) {
	p := grades.National()
	rapid.Check(t, func(t *rapid.T) {
		c := genProfile().Draw(t, "case")
		ok, _ := p.Eligible(c)
		raised := c
		raised.RoSH = tiering.RoSH(rapid.IntRange(int(c.RoSH), 4).Draw(t, "higherRoSH"))
		if ok2, _ := p.Eligible(raised); !subset(ok2, ok) {
			t.Fatalf("raising RoSH %v → %v made %v eligible", c.RoSH, raised.RoSH, ok2&^ok)
		}
		raised = c
		raised.MAPPALevel = tiering.MAPPALevel(rapid.IntRange(int(c.MAPPALevel), 3).Draw(t, "higherMAPPA"))
		if ok2, _ := p.Eligible(raised); !subset(ok2, ok) {
			t.Fatalf("raising MAPPA level %v → %v made %v eligible", c.MAPPALevel, raised.MAPPALevel, ok2&^ok)
		}
	})
}

func TestPropertyDeterministic(t *testing.T) {
	p, q := grades.National(), grades.National()
	local := localPolicy(t).In("North West", "Manchester North")
	rapid.Check(t, func(t *rapid.T) {
		c := genProfile().Draw(t, "case")
		g := rapid.SampledFrom(grades.AllGrades.Grades()).Draw(t, "grade")
		for _, v := range []*grades.Policy{p, local} {
			d1, d2 := v.Decide(c, g), v.Decide(c, g)
			if diff := cmp.Diff(d1, d2); diff != "" {
				t.Fatalf("Decide is not deterministic (-first +second):\n%s", diff)
			}
			ok, warn := v.Eligible(c)
			if got := verdictOf(ok, warn, g); got != d1.Verdict {
				t.Fatalf("Eligible gives %v, Decide %v for %v on %v", got, d1.Verdict, g, c)
			}
		}
		if diff := cmp.Diff(p.Decide(c, g), q.Decide(c, g)); diff != "" {
			t.Fatalf("two builds of National decide differently (-p +q):\n%s", diff)
		}
	})
}

var localScopes = []string{"North West", "Manchester North", "Wales"}

// genRules draws a valid policy: national rules, then local rules that add,
// replace or waive.
func genRules(t *rapid.T, maxRules int) []grades.Rule {
	text := rapid.StringMatching(`[A-Za-z0-9 ,.;()'"é–-]{0,30}`)
	cond := func(label string) grades.Condition {
		c := grades.Condition{
			RoSH:          grades.ValueSet[tiering.RoSH](rapid.IntRange(0, 1<<5-1).Draw(t, label+"rosh")),
			MAPPALevel:    grades.ValueSet[tiering.MAPPALevel](rapid.IntRange(0, 1<<4-1).Draw(t, label+"ml")),
			MAPPACategory: grades.ValueSet[tiering.MAPPACategory](rapid.IntRange(0, 1<<5-1).Draw(t, label+"mc")),
			Protect:       grades.ValueSet[tiering.Protect](rapid.IntRange(0, 1<<5-1).Draw(t, label+"protect")),
			V3:            grades.ValueSet[tiering.V3Tier](rapid.IntRange(0, 1<<10-1).Draw(t, label+"v3")),
			FlagsAny:      grades.Flags(rapid.IntRange(0, 1<<10-1).Draw(t, label+"any")),
		}
		c.FlagsNone = grades.Flags(rapid.IntRange(0, 1<<10-1).Draw(t, label+"none")) &^ c.FlagsAny
		if c.IsEmpty() {
			c.AnyCase = true
		}
		return c
	}
	n := rapid.IntRange(0, maxRules).Draw(t, "n")
	var rules []grades.Rule
	replaced := map[[2]string]bool{}
	for i := range n {
		r := grades.Rule{
			ID:          fmt.Sprintf("r%d", i),
			Description: "d " + text.Draw(t, "description"),
			Source:      "s " + text.Draw(t, "source"),
			Basis:       grades.Basis(rapid.IntRange(0, 1).Draw(t, "basis")),
			Scope:       rapid.SampledFrom(append([]string{grades.NationalScope, grades.NationalScope}, localScopes...)).Draw(t, "scope"),
		}
		if r.Scope != grades.NationalScope && len(rules) > 0 && rapid.Bool().Draw(t, "replaces") {
			target := rapid.SampledFrom(rules).Draw(t, "target")
			if target.Scope != r.Scope && !replaced[[2]string{r.Scope, target.ID}] {
				replaced[[2]string{r.Scope, target.ID}] = true
				r.Replaces = target.ID
				if rapid.Bool().Draw(t, "waive") {
					r.Waive = true
					rules = append(rules, r)
					continue
				}
			}
		}
		r.Severity = grades.Severity(rapid.IntRange(1, 2).Draw(t, "severity"))
		r.Grades = grades.Set(rapid.IntRange(1, int(grades.AllGrades)).Draw(t, "grades")) & grades.AllGrades
		if r.Grades == 0 {
			r.Grades = grades.SetOf(PSO)
		}
		r.Condition = cond("c")
		rules = append(rules, r)
	}
	return rules
}

func TestPropertyJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, err := grades.NewPolicy(genRules(t, 12))
		if err != nil {
			t.Fatalf("generated policy invalid: %v", err)
		}
		var b bytes.Buffer
		if err := p.Encode(&b); err != nil {
			t.Fatal(err)
		}
		q, err := grades.Decode(&b)
		if err != nil {
			t.Fatalf("Decode(Encode(p)) error: %v", err)
		}
		if diff := cmp.Diff(p.Rules(), q.Rules()); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
		}
		scopes := rapid.SliceOf(rapid.SampledFrom(localScopes)).Draw(t, "scopes")
		if diff := cmp.Diff(p.In(scopes...).Effective(), q.In(scopes...).Effective()); diff != "" {
			t.Fatalf("round trip changes the view In(%q) (-want +got):\n%s", scopes, diff)
		}
	})
}

// TestPropertyCompiledMatchesRules checks the fast path against the rules
// themselves, with policies large enough to span several 64-rule words.
func TestPropertyCompiledMatchesRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, err := grades.NewPolicy(genRules(t, 150))
		if err != nil {
			t.Fatalf("generated policy invalid: %v", err)
		}
		v := p.In(rapid.SliceOf(rapid.SampledFrom(localScopes)).Draw(t, "scopes")...)
		for range 20 {
			c := genProfile().Draw(t, "case")
			var block, soft grades.Set
			for _, r := range v.Effective() {
				for _, g := range grades.AllGrades.Grades() {
					if r.Fires(c, g) {
						if r.Severity == grades.Hard {
							block = block.With(g)
						} else {
							soft = soft.With(g)
						}
					}
				}
			}
			wantOK := grades.AllGrades &^ block
			ok, warn := v.Eligible(c)
			if ok != wantOK || warn != soft&wantOK {
				t.Fatalf("Eligible(%v) = %v, %v; the rules give %v, %v", c, ok, warn, wantOK, soft&wantOK)
			}
		}
	})
}
