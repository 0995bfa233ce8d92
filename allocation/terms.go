package allocation

import (
	"encoding/json"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/enum"
	"github.com/probationkit/probation/internal/jsoncheck"
	"github.com/probationkit/probation/tiering"
)

// Term is one term of the objective. The first six are costs per point of
// a case with a practitioner; Overload is the overload penalty of the
// practitioner's load. [Cost] and [Weights] are indexed by Term.
type Term uint8

// The terms, in the order of the cost table.
const (
	// Distance: per km between the case's and the practitioner's
	// locations (unknown location: 0).
	Distance Term = iota
	// Continuity: the case has a current or previous practitioner and
	// goes to someone else.
	Continuity
	// CrossTeam: the practitioner's team is not the case's.
	CrossTeam
	// OverSkill: a qualified officer (PO, NQO, SPO) takes a tier C or D
	// case that the policy lets a PSO hold.
	OverSkill
	// SoftRule: a soft rule of the policy fires for the practitioner's
	// grade (allowed with a recorded reason).
	SoftRule
	// Move: in a rebalance, the case leaves its current practitioner
	// (on top of Continuity).
	Move
	// Overload: the overload penalty of the practitioner's load, the
	// convex piecewise-linear function of [Band]s; its weight is a factor
	// on every band's Cost.
	Overload
	numTerms
)

// termDef is one row of the cost table: everything the package knows
// about a term. The table drives the defaults (DefaultWeights), the
// validation of Weights, the cost of every eligible pair (model.pairCost),
// totals (Cost.Total), explanations (the word of the term that grew
// most), the text and JSON forms of Cost, and the formula of the package
// documentation (a test checks doc.go against it). Adding a term means
// adding its constant above and its row here with, for a per-point term,
// its cost function.
type termDef struct {
	name    string // String and JSON key
	word    string // why an alternative with more of it lost
	weight  int64  // default weight
	formula string // its part of the documented objective, as doc.go writes it
	// cost is the term per point of the pair f at weight w; nil for
	// Overload, which prices loads, not pairs. f is passed by value: a
	// pointer would escape through the indirect call and cost one
	// allocation per pair.
	cost func(f pairFacts, w int64) int64
	// indicator says that cost is w when the term applies and 0
	// otherwise, so that one bit per pair records it (pairTerms).
	indicator bool
}

var terms = [numTerms]termDef{
	Distance: {"distance", "further away", 1,
		"Distance·km(i, j)", distanceCost, false},
	Continuity: {"continuity", "breaks continuity", 15,
		"Continuity·[j has a current or previous practitioner, and i is neither]", continuityCost, true},
	CrossTeam: {"cross_team", "another team", 10,
		"CrossTeam·[team_i ≠ team_j]", crossTeamCost, true},
	OverSkill: {"over_skill", "over-skilled for the case", 5,
		"OverSkill·[i is PO/NQO/SPO, j is tier C or D, a PSO may hold j]", overSkillCost, true},
	SoftRule: {"soft_rule", "a soft rule fires for the grade", 25,
		"SoftRule·[a soft rule fires for grade_i]", softRuleCost, true},
	Move: {"move", "moving the case costs more", 10,
		"Move·[j has a current practitioner other than i]", moveCost, true},
	Overload: {"overload", "a higher workload", 1,
		"Overload·P_i(ℓ)", nil, false},
}

// noTerm is no term of the table.
const noTerm = Term(255)

// remainderTerm is the one per-point term that is not an indicator, whose
// value pairTerms finds as what is left of a pair's total; -1 when there
// is not exactly one.
var remainderTerm = func() Term {
	r := Term(255)
	for t, d := range &terms {
		if d.cost != nil && !d.indicator {
			if r != 255 {
				return 255
			}
			r = Term(t)
		}
	}
	return r
}()

// indicatorBits has the bit of every indicator term.
var indicatorBits = func() uint8 {
	var b uint8
	for t := range terms {
		if terms[t].indicator {
			b |= 1 << t
		}
	}
	return b
}()

// totalBits returns k.Total() and the bits of the indicator terms that
// apply in k, in one pass over k (buildArcs takes both for every pair).
func totalBits(k *Cost) (int64, uint8) {
	var s int64
	var b uint8
	for t, v := range k {
		s += v
		if v != 0 {
			b |= 1 << t
		}
	}
	return s, b & indicatorBits
}

// pairTerms returns the cost per point of eligible pair a of case j, term
// by term, as pairCost does, from what the model keeps of it: its total
// arcC[a] and the bits arcBits[a] of the indicator terms that apply, the
// remaining term being the rest of the total. It reads no record, so it
// is what the Result's costs use; without the bits it is pairCost.
func (m *instance) pairTerms(j int, a int32) Cost {
	if !m.termsKept() {
		return m.pairCost(j, int(m.arcP[a]), m.caseSets(j))
	}
	return m.termsOf(m.arcBits[a], m.arcC[a])
}

// termsKept reports whether pairTerms reads a pair's terms from what the
// model keeps of it (termsOf), rather than working them out again.
func (m *instance) termsKept() bool { return m.arcBits != nil && remainderTerm != noTerm }

// termsOf returns, term by term, the cost per point of a pair whose
// indicator terms have the bits ind and whose total is c; the remaining
// term is the rest of the total. It needs termsKept.
func (m *instance) termsOf(ind uint8, c int64) Cost {
	var k Cost
	rest := c
	for b := ind; b != 0; b &= b - 1 {
		t := bits.TrailingZeros8(b)
		k[t] = m.weights[t]
		rest -= k[t]
	}
	k[remainderTerm] = rest
	return k
}

var termText = enum.New[Term]("allocation", "term", "Term", 0, termNames()...)

func termNames() []string {
	names := make([]string, numTerms)
	for t, d := range terms {
		names[t] = d.name
	}
	return names
}

// Terms returns every term in table order.
func Terms() []Term { return termText.Values() }

// IsValid reports whether t is one of the terms.
func (t Term) IsValid() bool { return termText.Valid(t) }

// String returns the term's name, such as "cross_team".
func (t Term) String() string { return termText.String(t) }

// ParseTerm parses a term's name, ignoring case.
func ParseTerm(s string) (Term, error) { return termText.Parse(s) }

// MarshalText returns the term's name.
func (t Term) MarshalText() ([]byte, error) { return termText.Marshal(t) }

// UnmarshalText parses a term's name.
func (t *Term) UnmarshalText(text []byte) error { return termText.Unmarshal(text, t) }

// Weights prices each term: per point of the case for the per-point terms
// (Distance per km), and for Overload a factor on every band's Cost. A
// weight of 0 switches its term off. Settings.Weights nil means
// DefaultWeights. Each weight is at most 10,000, Distance at most 1,000
// per km, and Overload at most 50,000 with every band's Cost times it at
// most 50,000: with the bounds on a Problem (see Problem), these keep
// every sum Solve computes inside int64.
type Weights [numTerms]int64

// DefaultWeights returns the default weights (optimizer.md §6.2):
// Distance 1 per km, Continuity 15, CrossTeam 10, OverSkill 5, SoftRule
// 25, Move 10 per point, and Overload 1 (the bands as given).
func DefaultWeights() Weights {
	var w Weights
	for t, d := range terms {
		w[t] = d.weight
	}
	return w
}

// Cost is a case's part of the objective, term by term, each already
// multiplied by the case's points. Cost[Overload] is the case's marginal
// overload penalty: how much its practitioner's penalty would fall if the
// case left them.
type Cost [numTerms]int64

// Total returns the sum of the terms.
func (c Cost) Total() int64 {
	var s int64
	for _, v := range c {
		s += v
	}
	return s
}

// times returns c with its per-point terms multiplied by w.
func (c Cost) times(w int64) Cost {
	for t := range c {
		if Term(t) != Overload {
			c[t] *= w
		}
	}
	return c
}

// String returns the total and its non-zero terms, such as
// "3648 (distance 528, continuity 720, overload 2400)", or "0".
func (c Cost) String() string { return string(c.appendText(nil)) }

// appendText appends String's text to b.
func (c Cost) appendText(b []byte) []byte {
	b = strconv.AppendInt(b, c.Total(), 10)
	first := true
	for t, v := range c {
		if v == 0 {
			continue
		}
		if first {
			b = append(b, " ("...)
			first = false
		} else {
			b = append(b, ", "...)
		}
		b = append(b, Term(t).String()...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, v, 10)
	}
	if !first {
		b = append(b, ')')
	}
	return b
}

// MarshalJSON writes every term by name, then the total:
// {"distance":528,…,"overload":2400,"total":3648}.
func (c Cost) MarshalJSON() ([]byte, error) {
	return marshalTerms((*[numTerms]int64)(&c), fmt.Sprintf(`"total":%d`, c.Total())), nil
}

// UnmarshalJSON reads the form MarshalJSON writes. Missing terms are 0;
// "total", when present, must equal the sum of the terms; an unknown or
// repeated name is an error.
func (c *Cost) UnmarshalJSON(data []byte) error {
	var v Cost
	total, hasTotal, err := unmarshalTerms("cost", data, (*[numTerms]int64)(&v), true)
	if err != nil {
		return err
	}
	if hasTotal && total != v.Total() {
		return fmt.Errorf("allocation: cost: total %d is not the sum of the terms, %d", total, v.Total())
	}
	*c = v
	return nil
}

// marshalTerms writes vals as a JSON object keyed by term name, with the
// members extra (already JSON) after them.
func marshalTerms(vals *[numTerms]int64, extra string) []byte {
	var b strings.Builder
	b.WriteByte('{')
	for t, v := range vals {
		if t > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q:%d", Term(t), v)
	}
	if extra != "" {
		b.WriteString("," + extra)
	}
	b.WriteByte('}')
	return []byte(b.String())
}

// unmarshalTerms reads a JSON object keyed by term name into vals,
// leaving the terms it does not name as they are; with withTotal it
// also reads a "total" member. A repeated or unknown name is an error.
func unmarshalTerms(what string, data []byte, vals *[numTerms]int64, withTotal bool) (total int64, hasTotal bool, err error) {
	if err := noRepeats(what, data); err != nil {
		return 0, false, err
	}
	var raw map[string]int64
	if err := json.Unmarshal(data, &raw); err != nil {
		return 0, false, fmt.Errorf("allocation: %s: %w", what, err)
	}
	for k, n := range raw {
		if withTotal && k == "total" {
			total, hasTotal = n, true
			continue
		}
		t, err := ParseTerm(k)
		if err != nil {
			return 0, false, err
		}
		vals[t] = n
	}
	return total, hasTotal, nil
}

// pairFacts is what the cost table reads of a (case, practitioner) pair:
// the two records, the case's history with the practitioner, and the
// policy's sets for the case. Solve's model and the Engine both fill it,
// so both price pairs with the same table.
type pairFacts struct {
	c  *Case
	p  *Practitioner
	ps profileSets
	// hist: the case has a current or previous practitioner; current and
	// previous: p is that practitioner; held: the case has a current
	// practitioner.
	hist, current, previous, held bool
}

// costOf is the cost per point of pair f, term by term (Cost[Overload] is
// 0: it depends on the load, not the pair).
func costOf(f *pairFacts, w *Weights) Cost {
	var k Cost
	for t := range terms {
		if c := terms[t].cost; c != nil && w[t] != 0 {
			k[t] = c(*f, w[t]) // by value: a pointer escapes through the indirect call
		}
	}
	return k
}

// noRepeats rejects a JSON object that gives a name twice (encoding/json
// would keep the last silently).
func noRepeats(what string, data []byte) error {
	if d := jsoncheck.Duplicates(data); len(d) > 0 {
		return fmt.Errorf("allocation: %s: %q: %s", what, d[0].Path, jsoncheck.RepeatedMessage)
	}
	return nil
}

// The cost functions of the per-point terms (see the table).

func distanceCost(f pairFacts, w int64) int64 {
	if f.c.Location.IsZero() || f.p.Location.IsZero() {
		return 0
	}
	// Coordinates are bounded (maxCoordinate), so the squares cannot
	// overflow and math.Hypot's scaling is not needed.
	dx, dy := f.c.Location.X-f.p.Location.X, f.c.Location.Y-f.p.Location.Y
	return int64(math.Round(math.Sqrt(dx*dx+dy*dy) * float64(w)))
}

func continuityCost(f pairFacts, w int64) int64 {
	if f.hist && !f.current && !f.previous {
		return w
	}
	return 0
}

func crossTeamCost(f pairFacts, w int64) int64 {
	if f.p.Team != f.c.Team {
		return w
	}
	return 0
}

func overSkillCost(f pairFacts, w int64) int64 {
	if !qualified(f.p.Grade) || !f.ps.ok.Has(grades.PSO) {
		return 0
	}
	if pr := caseTier(f.c).Protect(); pr == tiering.ProtectC || pr == tiering.ProtectD {
		return w
	}
	return 0
}

func softRuleCost(f pairFacts, w int64) int64 {
	if f.ps.warn.Has(f.p.Grade) {
		return w
	}
	return 0
}

func moveCost(f pairFacts, w int64) int64 {
	if f.held && !f.current {
		return w
	}
	return 0
}

// pairCost is the cost per point of case j with practitioner i, term by
// term. ps are the policy's sets for the case.
func (m *instance) pairCost(j, i int, ps profileSets) Cost {
	f := m.facts(j, i, ps)
	return costOf(&f, &m.weights)
}

// facts returns the pairFacts of case j with practitioner i.
func (m *instance) facts(j, i int, ps profileSets) pairFacts {
	return pairFacts{c: &m.cases[j], p: &m.practitioners[i], ps: ps,
		hist: m.hist[j], current: m.cur[j] == int32(i), previous: m.prev[j] == int32(i), held: m.cur[j] >= 0}
}

// qualified reports whether g is a qualified officer grade for the
// over-skilling cost.
func qualified(g grades.Grade) bool { return g == grades.PO || g == grades.NQO || g == grades.SPO }

// caseTier is the v2 tier used for over-skilling: Case.Tier, or the
// profile's tier when Case.Tier is Untiered.
func caseTier(c *Case) tiering.Tier {
	if c.Tier != tiering.Untiered {
		return c.Tier
	}
	return c.Risk.Tier
}

// MarshalJSON writes every weight by its term's name:
// {"distance":1,"continuity":15,…,"overload":1}.
func (w Weights) MarshalJSON() ([]byte, error) {
	return marshalTerms((*[numTerms]int64)(&w), ""), nil
}

// UnmarshalJSON reads the form MarshalJSON writes; a term it does not
// name keeps its default weight, and an unknown or repeated name is an
// error.
func (w *Weights) UnmarshalJSON(data []byte) error {
	v := DefaultWeights()
	if _, _, err := unmarshalTerms("weights", data, (*[numTerms]int64)(&v), false); err != nil {
		return err
	}
	*w = v
	return nil
}
