package grades

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
	"github.com/probationkit/probation/tiering"
)

// Policy is an ordered list of eligibility rules, national and local,
// compiled for fast evaluation. A Policy value is also a view: the rules
// in effect are the national ones plus those of the local scopes named
// with In, in that order. NewPolicy, National and Decode return the
// national view.
//
// A Policy is immutable once built and safe for concurrent use. The zero
// Policy has no rules, so every grade may hold every case; a nil *Policy
// is a programmer error and its methods panic.
type Policy struct {
	rules     []Rule   // every rule, validated, scopes canonical; shared by views
	scopes    []string // the local scopes of this view, in application order
	eff       []int    // indexes into rules of the rules in effect, in policy order
	displaced []displacement
	tab       table
}

// displacement records that rule was replaced or waived in this view, and
// by which rule (the last one in a chain of replacements).
type displacement struct{ rule, by int }

// NewPolicy validates rules and returns the national view of the policy
// they make. The rules are copied; their order is the policy order, which
// decisions keep when they list the rules that fired.
//
// Every bad value is reported in one *[probation.ValidationError] (Op
// "grades.NewPolicy"), each [probation.FieldError] with Record "rule", the
// rule's 0-based Index in rules, its ID and the field as named in the JSON
// schema: an empty ID, description or source; an ID, scope or Replaces
// with surrounding white space (rejected, not trimmed); a duplicate ID; a
// missing severity; no grades; an empty condition without AnyCase, or
// AnyCase with predicates; unknown values in a set; Replaces naming no
// rule, a rule of the same scope, or set on a national rule; two rules of
// one scope replacing the same rule; and a waiver that is national, names
// nothing, or carries a severity, grades or condition.
//
// A Rule whose Scope is "" or any case of "national" (spaces around it
// allowed) is stored with Scope NationalScope. Building costs O(rules × 1,024) time and
// memory, for the flag table of the fast path.
func NewPolicy(rules []Rule) (*Policy, error) {
	var rs []Rule
	if len(rules) > 0 {
		rs = slices.Clone(rules)
	}
	var ps []probation.FieldError
	first := make(map[string]int, len(rs))
	for i := range rs {
		r := &rs[i]
		ps = r.problems(ps, i)
		if isNational(r.Scope) {
			r.Scope = NationalScope
		}
		if j, dup := first[r.ID]; dup && r.ID != "" {
			ps = append(ps, probation.FieldError{Record: recordRule, ID: r.ID, Index: i, Field: "id", Value: r.ID,
				Message: fmt.Sprintf("duplicate rule ID (first used by rule [%d])", j)})
		} else if !dup {
			first[r.ID] = i
		}
	}
	type scopeTarget struct{ scope, target string }
	replaced := make(map[scopeTarget]int)
	for i, r := range rs {
		if r.Replaces == "" {
			continue
		}
		add := func(msg string, args ...any) {
			ps = append(ps, probation.FieldError{Record: recordRule, ID: r.ID, Index: i, Field: "replaces", Value: r.Replaces, Message: fmt.Sprintf(msg, args...)})
		}
		j, ok := first[r.Replaces]
		switch {
		case r.Scope == NationalScope:
			add("a national rule cannot replace another: change the rule itself")
		case !ok:
			add("no rule has this ID")
		case rs[j].Scope == r.Scope:
			add("the rule is in the same scope: change it instead of replacing it")
		}
		k := scopeTarget{r.Scope, r.Replaces}
		if prev, dup := replaced[k]; dup {
			add("rule [%d] of the same scope already replaces it", prev)
		} else {
			replaced[k] = i
		}
	}
	if len(ps) > 0 {
		return nil, check.Error(opNewPolicy, ps)
	}
	return newView(rs, nil), nil
}

// MustNewPolicy is like NewPolicy but panics on error. It is intended for
// policies written as Go literals in tests and examples.
func MustNewPolicy(rules []Rule) *Policy {
	p, err := NewPolicy(rules)
	if err != nil {
		panic(err)
	}
	return p
}

// newView resolves the rules in effect for the national scope followed by
// the given local scopes, and compiles them.
func newView(rules []Rule, scopes []string) *Policy {
	p := &Policy{rules: rules, scopes: scopes}
	for i, r := range rules {
		if r.Scope == NationalScope {
			p.eff = append(p.eff, i)
		}
	}
	for _, sc := range scopes {
		for i, r := range rules {
			if r.Scope != sc {
				continue
			}
			pos := -1
			if r.Replaces != "" {
				pos = slices.IndexFunc(p.eff, func(k int) bool { return rules[k].ID == r.Replaces })
			}
			switch {
			case pos >= 0:
				old := p.eff[pos]
				for k := range p.displaced {
					if p.displaced[k].by == old {
						p.displaced[k].by = i
					}
				}
				p.displaced = append(p.displaced, displacement{rule: old, by: i})
				if r.Waive {
					p.eff = slices.Delete(p.eff, pos, pos+1)
				} else {
					p.eff[pos] = i
				}
			case r.Waive:
				// The waived rule is not in effect here: nothing to remove.
			default:
				p.eff = append(p.eff, i)
			}
		}
	}
	p.tab = compile(rules, p.eff)
	return p
}

// In returns the view of p in which the rules of the named local scopes
// apply too, after the national rules and any scopes p already names, in
// the order given: name the broader scope first, as in
// p.In("North West", "Manchester North"). p.In(a).In(b) equals p.In(a, b).
//
// Scope names match exactly, after trimming spaces. A name that no rule
// of the policy uses, a repeated name and "national" are ignored, so an
// unknown scope gives just the rules already in effect (for a national
// view, the national rules); use HasScope to check a name. A local rule
// that replaces a rule not in effect at that point (its scope not named,
// or named later) applies as an additional rule, and a waiver of such a
// rule does nothing.
//
// In precomputes the view for the fast path: it costs O(rules × 1,024),
// so build each view once (per PDU, say), not per case.
func (p *Policy) In(scopes ...string) *Policy {
	next := slices.Clone(p.scopes)
	for _, s := range scopes {
		s = strings.TrimSpace(s)
		if isNational(s) || slices.Contains(next, s) || !p.HasScope(s) {
			continue
		}
		next = append(next, s)
	}
	if len(next) == len(p.scopes) {
		return p
	}
	return newView(p.rules, next)
}

// HasScope reports whether some rule of p belongs to the local scope
// named s (matched exactly, after trimming spaces).
func (p *Policy) HasScope(s string) bool {
	s = strings.TrimSpace(s)
	return slices.ContainsFunc(p.rules, func(r Rule) bool { return r.Scope == s && s != NationalScope })
}

// Scopes returns the local scopes that apply in this view, in the order
// they were applied; nil for a national view.
func (p *Policy) Scopes() []string { return slices.Clone(p.scopes) }

// LocalScopes returns every local scope name the policy's rules use, in
// order of first use.
func (p *Policy) LocalScopes() []string {
	var out []string
	for _, r := range p.rules {
		if r.Scope != NationalScope && !slices.Contains(out, r.Scope) {
			out = append(out, r.Scope)
		}
	}
	return out
}

// Rules returns a copy of every rule of the policy, in every scope, in
// policy order, whatever the view; nil if there is none.
func (p *Policy) Rules() []Rule { return slices.Clone(p.rules) }

// Rule returns the rule with the given ID, in any scope.
func (p *Policy) Rule(id string) (Rule, bool) {
	i := slices.IndexFunc(p.rules, func(r Rule) bool { return r.ID == id })
	if i < 0 {
		return Rule{}, false
	}
	return p.rules[i], true
}

// Effective returns the rules in effect in this view, in policy order: a
// replacement stands where the rule it replaces stood, and rules a local
// scope adds follow, scope by scope.
func (p *Policy) Effective() []Rule {
	out := make([]Rule, len(p.eff))
	for i, k := range p.eff {
		out[i] = p.rules[k]
	}
	return out
}

// Eligible is the optimiser's fast path. It returns the grades that no
// hard rule in effect blocks for the case profile c (ok), and the grades
// of ok on which a soft rule fires (warn ⊆ ok). A grade in ok but not
// in warn is Eligible; in warn, EligibleWithWarnings; not in ok,
// Ineligible, exactly as Decide says. An invalid profile gives no grade.
//
// Call it once per case; testing a practitioner is then ok.Has(grade).
// It does not allocate, and costs a few table lookups and one bit
// operation per rule that fires: O(rules / 64 + fired).
func (p *Policy) Eligible(c Profile) (ok, warn Set) {
	if !c.IsValid() {
		return 0, 0
	}
	t := &p.tab
	w := t.words
	r, ml, mc := int(c.RoSH)*w, int(c.MAPPALevel)*w, int(c.MAPPACategory)*w
	pr, v3, fl := int(c.Tier.Protect())*w, int(c.V3)*w, int(c.Flags)*w
	var block, soft Set
	for i := 0; i < w; i++ {
		m := t.rosh[r+i] & t.mappaLevel[ml+i] & t.mappaCategory[mc+i] & t.protect[pr+i] & t.v3[v3+i] & t.flags[fl+i]
		for m != 0 {
			k := i*64 + bits.TrailingZeros64(m)
			m &= m - 1
			block |= t.hard[k]
			soft |= t.soft[k]
		}
	}
	ok = AllGrades &^ block
	return ok, soft & ok
}

// Sizes of the value domains of a Profile's fields.
const (
	numRoSH          = 5
	numMAPPALevel    = 4
	numMAPPACategory = 5
	numProtect       = 5
	numV3            = 10
	numFlagValues    = 1 << numFlagBits
)

// table is a compiled view: for each field and each value, a bit mask
// (words × 64 bits) of the effective rules whose predicate on that field
// holds; a rule matches a case when its bit survives the AND of the six
// masks. hard and soft hold each rule's grades by severity.
type table struct {
	words                                        int
	rosh, mappaLevel, mappaCategory, protect, v3 []uint64
	flags                                        []uint64
	hard, soft                                   []Set
}

func compile(rules []Rule, eff []int) table {
	w := (len(eff) + 63) / 64
	t := table{
		words:         w,
		rosh:          make([]uint64, numRoSH*w),
		mappaLevel:    make([]uint64, numMAPPALevel*w),
		mappaCategory: make([]uint64, numMAPPACategory*w),
		protect:       make([]uint64, numProtect*w),
		v3:            make([]uint64, numV3*w),
		flags:         make([]uint64, numFlagValues*w),
		hard:          make([]Set, len(eff)),
		soft:          make([]Set, len(eff)),
	}
	fill := func(tab []uint64, n int, word int, bit uint64, has func(v int) bool) {
		for v := 0; v < n; v++ {
			if has(v) {
				tab[v*w+word] |= bit
			}
		}
	}
	for k, ri := range eff {
		r := rules[ri]
		c := r.Condition
		word, bit := k/64, uint64(1)<<(k%64)
		fill(t.rosh, numRoSH, word, bit, func(v int) bool { return c.RoSH == 0 || c.RoSH.Has(tiering.RoSH(v)) })
		fill(t.mappaLevel, numMAPPALevel, word, bit, func(v int) bool { return c.MAPPALevel == 0 || c.MAPPALevel.Has(tiering.MAPPALevel(v)) })
		fill(t.mappaCategory, numMAPPACategory, word, bit, func(v int) bool { return c.MAPPACategory == 0 || c.MAPPACategory.Has(tiering.MAPPACategory(v)) })
		fill(t.protect, numProtect, word, bit, func(v int) bool { return c.Protect == 0 || c.Protect.Has(tiering.Protect(v)) })
		fill(t.v3, numV3, word, bit, func(v int) bool { return c.V3 == 0 || c.V3.Has(tiering.V3Tier(v)) })
		fill(t.flags, numFlagValues, word, bit, func(v int) bool {
			f := Flags(v)
			return (c.FlagsAny == 0 || f&c.FlagsAny != 0) && f&c.FlagsNone == 0
		})
		switch r.Severity {
		case Hard:
			t.hard[k] = r.Grades
		case Soft:
			t.soft[k] = r.Grades
		}
	}
	return t
}
