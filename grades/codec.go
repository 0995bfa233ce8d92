package grades

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Schema is the value of the "schema" member that Encode writes and
// Decode accepts (a missing member is accepted too).
const Schema = "probationkit/grades-policy/v1"

// wirePolicy is the JSON form of a policy; see Decode for the schema.
type wirePolicy struct {
	Schema string     `json:"schema,omitempty"`
	Rules  []wireRule `json:"rules"`
}

type wireRule struct {
	ID          string        `json:"id"`
	Description string        `json:"description"`
	Source      string        `json:"source"`
	Basis       string        `json:"basis,omitempty"`
	Scope       string        `json:"scope,omitempty"`
	Severity    string        `json:"severity,omitempty"`
	Grades      []string      `json:"grades,omitempty"`
	Condition   wireCondition `json:"condition,omitzero"`
	Replaces    string        `json:"replaces,omitempty"`
	Waive       bool          `json:"waive,omitempty"`
}

type wireCondition struct {
	AnyCase       bool     `json:"any_case,omitempty"`
	RoSH          []string `json:"rosh,omitempty"`
	MAPPALevel    []string `json:"mappa_level,omitempty"`
	MAPPACategory []string `json:"mappa_category,omitempty"`
	Protect       []string `json:"protect,omitempty"`
	V3            []string `json:"v3_tier,omitempty"`
	FlagsAny      []string `json:"flags_any,omitempty"`
	FlagsNone     []string `json:"flags_none,omitempty"`
}

func toWire(r Rule) wireRule {
	w := wireRule{
		ID: r.ID, Description: r.Description, Source: r.Source,
		Scope: r.Scope, Replaces: r.Replaces, Waive: r.Waive,
	}
	if r.Basis != Stated {
		w.Basis = r.Basis.String()
	}
	if r.Severity != 0 {
		w.Severity = r.Severity.String()
	}
	g := r.Grades
	if g&Trainees == Trainees {
		w.Grades = []string{}
		for _, x := range g.Grades() {
			switch {
			case x == PQiP:
				w.Grades = append(w.Grades, "PQiP*")
			case !x.IsPQiP():
				w.Grades = append(w.Grades, x.String())
			}
		}
	} else {
		for _, x := range g.Grades() {
			w.Grades = append(w.Grades, x.String())
		}
	}
	c := r.Condition
	w.Condition = wireCondition{
		AnyCase:       c.AnyCase,
		RoSH:          c.RoSH.names(),
		MAPPALevel:    c.MAPPALevel.names(),
		MAPPACategory: c.MAPPACategory.names(),
		Protect:       c.Protect.names(),
		V3:            c.V3.names(),
		FlagsAny:      maskNames(uint64(c.FlagsAny), flagNames[:]),
		FlagsNone:     maskNames(uint64(c.FlagsNone), flagNames[:]),
	}
	return w
}

// fromWire converts w, appending a Problem for each value it cannot
// parse; index is the rule's position.
func fromWire(w wireRule, index int, ps []Problem) (Rule, []Problem) {
	add := func(field, format string, args ...any) {
		ps = append(ps, Problem{Index: index, Rule: w.ID, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	r := Rule{ID: w.ID, Description: w.Description, Source: w.Source, Scope: w.Scope, Replaces: w.Replaces, Waive: w.Waive}
	var err error
	if r.Basis, err = ParseBasis(w.Basis); err != nil {
		add("basis", "unknown basis %q: want stated or reasonable_default", w.Basis)
	}
	if w.Severity != "" {
		if r.Severity, err = ParseSeverity(w.Severity); err != nil {
			add("severity", "unknown severity %q: want hard or soft", w.Severity)
		}
	}
	for _, g := range w.Grades {
		s, err := ParseSet(g)
		if err != nil || strings.ContainsAny(g, "|,") || s == 0 {
			add("grades", "unknown grade %q: want PO, PSO, PQiP, PQiP1-PQiP4, PQiP*, NQO, SPO or DMY", g)
			continue
		}
		r.Grades |= s
	}
	c := w.Condition
	r.Condition.AnyCase = c.AnyCase
	levels := func(field string, names []string, parse func(string) (uint, bool), want string) uint64 {
		var m uint64
		for _, n := range names {
			v, ok := parse(n)
			if !ok {
				add("condition."+field, "unknown value %q: want %s", n, want)
				continue
			}
			m |= 1 << v
		}
		return m
	}
	r.Condition.RoSH = RoSHSet(levels("rosh", c.RoSH, parseRoSHName, "NONE, LOW, MEDIUM, HIGH or VERY_HIGH"))
	r.Condition.MAPPALevel = MAPPALevelSet(levels("mappa_level", c.MAPPALevel, parseMAPPALevelName, "NONE, M1, M2 or M3"))
	r.Condition.MAPPACategory = MAPPACategorySet(levels("mappa_category", c.MAPPACategory, parseMAPPACategoryName, "NONE, M1, M2, M3 or M4"))
	r.Condition.Protect = ProtectSet(levels("protect", c.Protect, parseProtectName, "UNTIERED, A, B, C or D"))
	r.Condition.V3 = V3Set(levels("v3_tier", c.V3, parseV3Name, "NOT_CALCULATED, A-G, NOT_SUPERVISED or MISSING"))
	flags := func(field string, names []string) Flags {
		var f Flags
		for _, n := range names {
			v, ok := parseFlag(n)
			if !ok {
				add("condition."+field, "unknown registration code or flag %q: want a flag name (%s) or one of the registration codes ADVP, REG30, RCPR, RCCO, RCHD, SPO, RTAO, STRG, INLL", n, strings.Join(flagNames[:], ", "))
				continue
			}
			f |= v
		}
		return f
	}
	r.Condition.FlagsAny = flags("flags_any", c.FlagsAny)
	r.Condition.FlagsNone = flags("flags_none", c.FlagsNone)
	return r, ps
}

// Decode reads a policy in JSON and returns its national view, validated
// as NewPolicy validates. The schema, as Encode writes it:
//
//	{
//	  "schema": "probationkit/grades-policy/v1",   // optional on input
//	  "rules": [                                   // in policy order
//	    {
//	      "id": "rosh-high-to-po",                 // required, unique
//	      "description": "…",                      // required
//	      "source": "…",                           // required citation
//	      "basis": "stated",                       // or "reasonable_default"; default "stated"
//	      "scope": "national",                     // or a local scope name; default "national"
//	      "severity": "hard",                      // or "soft"; omitted for a waiver
//	      "grades": ["PSO", "PQiP*"],              // grade codes (ParseGrade); "PQiP*" = every PQiP stage
//	      "condition": {                           // all members optional; see Condition
//	        "any_case": false,
//	        "rosh": ["HIGH", "VERY_HIGH"],         // NONE, LOW, MEDIUM, HIGH, VERY_HIGH (or RLRH … RVHR)
//	        "mappa_level": ["M2", "M3"],           // NONE, M1, M2, M3
//	        "mappa_category": ["M4"],              // NONE, M1 … M4
//	        "protect": ["A"],                      // UNTIERED, A, B, C, D (v2 tier letter)
//	        "v3_tier": ["A", "B"],                 // NOT_CALCULATED, A … G, NOT_SUPERVISED, MISSING
//	        "flags_any": ["terrorism", "RTAO"],    // flag names (Flags.String) or Delius registration codes
//	        "flags_none": []
//	      },
//	      "replaces": "",                          // ID of a rule of another scope
//	      "waive": false                           // with replaces: remove that rule in this scope
//	    }
//	  ]
//	}
//
// Names match ignoring case. Unknown members are errors. Encode writes
// sets in value order, empty members left out, so that a policy survives
// Encode then Decode unchanged.
//
// Every problem, whether a value that does not parse (unknown grade,
// unknown registration code …) or a rule that does not validate (empty
// condition, duplicate rule ID …), comes back in one *ValidationError
// naming the rule and the field; malformed JSON is reported as a single
// problem with Index -1.
func Decode(r io.Reader) (*Policy, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var w wirePolicy
	if err := dec.Decode(&w); err != nil {
		return nil, &ValidationError{Problems: []Problem{{Index: -1, Field: "json", Message: err.Error()}}}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &ValidationError{Problems: []Problem{{Index: -1, Field: "json", Message: "data after the policy object"}}}
	}
	var ps []Problem
	if w.Schema != "" && w.Schema != Schema {
		ps = append(ps, Problem{Index: -1, Field: "schema", Message: fmt.Sprintf("unknown schema %q: want %q", w.Schema, Schema)})
	}
	rules := make([]Rule, len(w.Rules))
	for i, wr := range w.Rules {
		rules[i], ps = fromWire(wr, i, ps)
	}
	p, err := NewPolicy(rules)
	var ve *ValidationError
	if errors.As(err, &ve) {
		// Keep one problem per rule and field: a value that did not parse
		// also shows up as, say, "no grades", which would only repeat it.
		type key struct {
			index int
			field string
		}
		seen := make(map[key]bool)
		for _, q := range ps {
			seen[key{q.Index, q.Field}] = true
		}
		for _, q := range ve.Problems {
			field := q.Field
			if field == "condition" || field == "grades" {
				// Also drop the derived "empty condition" after a bad value.
				if seen[key{q.Index, field}] || hasPrefixField(ps, q.Index, field+".") {
					continue
				}
			}
			if !seen[key{q.Index, field}] {
				ps = append(ps, q)
			}
		}
	}
	if len(ps) > 0 {
		slices.SortStableFunc(ps, func(a, b Problem) int { return a.Index - b.Index })
		return nil, &ValidationError{Problems: ps}
	}
	return p, nil
}

func hasPrefixField(ps []Problem, index int, prefix string) bool {
	return slices.ContainsFunc(ps, func(q Problem) bool { return q.Index == index && strings.HasPrefix(q.Field, prefix) })
}

// Encode writes every rule of p, in every scope (not only the view's), in
// the JSON schema of Decode, indented, with a final newline. It fails only if
// w does.
func (p *Policy) Encode(w io.Writer) error {
	b, err := json.MarshalIndent(p.wire(), "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func (p *Policy) wire() wirePolicy {
	w := wirePolicy{Schema: Schema, Rules: make([]wireRule, len(p.rules))}
	for i, r := range p.rules {
		w.Rules[i] = toWire(r)
	}
	return w
}

// MarshalJSON writes p compactly in the schema Encode writes.
func (p *Policy) MarshalJSON() ([]byte, error) { return json.Marshal(p.wire()) }

// UnmarshalJSON reads a policy as Decode does and sets *p to its national
// view. Call it only on a Policy no one else uses yet (a Policy is
// otherwise immutable); on error *p is unchanged.
func (p *Policy) UnmarshalJSON(data []byte) error {
	q, err := Decode(bytes.NewReader(data))
	if err != nil {
		return err
	}
	*p = *q
	return nil
}

// MarshalJSON writes r as one element of the schema's "rules" list.
func (r Rule) MarshalJSON() ([]byte, error) { return json.Marshal(toWire(r)) }

// UnmarshalJSON reads r from one element of the schema's "rules" list
// and checks it on its own, as NewPolicy checks each rule; what depends on
// other rules (duplicate IDs, the rule named by Replaces) is checked when
// the rule joins a policy. Problems come back in a *ValidationError with
// Index 0.
func (r *Rule) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var w wireRule
	if err := dec.Decode(&w); err != nil {
		return &ValidationError{Problems: []Problem{{Index: -1, Field: "json", Message: err.Error()}}}
	}
	v, ps := fromWire(w, 0, nil)
	if len(ps) == 0 {
		ps = v.problems(nil, 0)
	}
	if len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	v.Scope = strings.TrimSpace(v.Scope)
	if isNational(v.Scope) {
		v.Scope = NationalScope
	}
	*r = v
	return nil
}
