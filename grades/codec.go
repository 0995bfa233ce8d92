package grades

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
	"github.com/probationkit/probation/internal/enum"
	"github.com/probationkit/probation/internal/jsoncheck"
	"github.com/probationkit/probation/tiering"
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
		FlagsAny:      c.FlagsAny.names(),
		FlagsNone:     c.FlagsNone.names(),
	}
	return w
}

// fromWire converts w, appending a field error for each value it cannot
// parse; index is the rule's position.
func fromWire(w wireRule, index int, ps []probation.FieldError) (Rule, []probation.FieldError) {
	add := func(field, value, message string) {
		ps = append(ps, probation.FieldError{Record: recordRule, ID: w.ID, Index: index, Field: field, Value: value, Message: message})
	}
	r := Rule{ID: w.ID, Description: w.Description, Source: w.Source, Scope: w.Scope, Replaces: w.Replaces, Waive: w.Waive}
	var err error
	if r.Basis, err = ParseBasis(w.Basis); err != nil {
		add("basis", w.Basis, message(err))
	}
	if w.Severity != "" {
		if r.Severity, err = ParseSeverity(w.Severity); err != nil {
			add("severity", w.Severity, message(err))
		}
	}
	for _, g := range w.Grades {
		s, err := ParseSet(g)
		if err != nil || strings.ContainsAny(g, "|,") || s == 0 {
			add("grades", g, "want PO, PSO, PQiP, PQiP1-PQiP4, PQiP*, NQO, SPO or DMY")
			continue
		}
		r.Grades |= s
	}
	c := w.Condition
	r.Condition = Condition{
		AnyCase:       c.AnyCase,
		RoSH:          conditionValues[tiering.RoSH](add, "rosh", c.RoSH),
		MAPPALevel:    conditionValues[tiering.MAPPALevel](add, "mappa_level", c.MAPPALevel),
		MAPPACategory: conditionValues[tiering.MAPPACategory](add, "mappa_category", c.MAPPACategory),
		Protect:       conditionValues[tiering.Protect](add, "protect", c.Protect),
		V3:            conditionValues[tiering.V3Tier](add, "v3_tier", c.V3),
	}
	flags := func(field string, names []string) Flags {
		var f Flags
		for _, n := range names {
			v, ok := parseFlag(n)
			if !ok {
				add("condition."+field, n, "want a flag name ("+strings.Join(flagTable.Names(), ", ")+
					") or a registration code ("+strings.Join(slices.Sorted(maps.Keys(registrationFlags)), ", ")+")")
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

// conditionValues parses the names of one set of a condition, reporting
// each name that names no value of T.
func conditionValues[T Value](add func(field, value, message string), field string, names []string) ValueSet[T] {
	s, bad := parseValues[T](names)
	for _, n := range bad {
		add("condition."+field, n, wantNames[T]())
	}
	return s
}

// message returns what a parse error says was wanted.
func message(err error) string {
	var e *enum.Error
	if errors.As(err, &e) {
		return e.Message()
	}
	return err.Error()
}

// Decode reads a policy in JSON and returns its national view, validated
// as NewPolicy validates. The schema, as Encode writes it:
//
//	{
//	  "schema": "probationkit/grades-policy/v1",   // optional on input
//	  "rules": [                                   // in policy order
//	    {
//	      "id": "rosh-high-to-po",                 // required, unique, no surrounding space
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
// Values match ignoring case. Unknown members and members repeated in an
// object are errors. Encode writes sets in value order, empty members
// left out, so that a policy survives Encode then Decode unchanged. The
// schema is unchanged since v1.
//
// Every bad value, whether a value that does not parse (unknown grade,
// unknown registration code …) or a rule that does not validate (empty
// condition, duplicate rule ID …), comes back in one
// *[probation.ValidationError] (Op "grades.Decode"): a rule's fault has
// Record "rule", the rule's 0-based Index in "rules", the 1-based Line
// where the rule starts, its ID, the field and the value; a fault of the
// policy object (an unknown schema or member) has Record "policy", and
// text that is not JSON has Record "file" with the line of the fault. A
// read error of r is returned as it is.
func Decode(r io.Reader) (*Policy, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opDecode, err)
	}
	return decode(data, opDecode)
}

// policyFields is the tree of the member names of the policy schema.
var policyFields = jsoncheck.FieldsOf(wirePolicy{})

// decode is Decode on data, reporting with op.
func decode(data []byte, op string) (*Policy, error) {
	lines := jsoncheck.NewLines(data)
	found := jsoncheck.Check(data, policyFields, "rules")
	lineOf := func(i int) int {
		if i < len(found.Starts) {
			return lines.At(found.Starts[i])
		}
		return 0
	}
	var doc struct {
		Schema string            `json:"schema"`
		Rules  []json.RawMessage `json:"rules"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, check.Error(op, []probation.FieldError{docError(err, lines)})
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, check.Error(op, []probation.FieldError{{Record: recordFile, Index: -1, Line: lines.At(dec.InputOffset()),
			Message: "data after the policy object: want one JSON object"}})
	}
	var ps []probation.FieldError
	if doc.Schema != "" && doc.Schema != Schema {
		ps = append(ps, probation.FieldError{Record: recordPolicy, Index: -1, Field: "schema", Value: doc.Schema, Message: "want " + Schema})
	}
	// Keys at fault inside a rule go with the rule, by index.
	ruleKeys := make(map[int][]probation.FieldError)
	for _, k := range found.Faults() {
		if i, field, ok := k.Under("rules"); ok {
			ruleKeys[i] = append(ruleKeys[i], probation.FieldError{Record: recordRule, Index: i, Field: field, Message: k.Message})
		} else {
			ps = append(ps, probation.FieldError{Record: recordPolicy, Index: -1, Field: k.Path, Message: k.Message})
		}
	}
	rules := make([]Rule, len(doc.Rules))
	var rps []probation.FieldError
	for i, raw := range doc.Rules {
		var w wireRule
		err := json.Unmarshal(raw, &w)
		for _, f := range ruleKeys[i] {
			f.ID = w.ID
			rps = append(rps, f)
		}
		if err != nil {
			field, value, msg, _ := jsoncheck.Describe(err)
			rps = append(rps, probation.FieldError{Record: recordRule, ID: w.ID, Index: i, Field: field, Value: value, Message: msg})
		}
		rules[i], rps = fromWire(w, i, rps)
	}
	p, err := NewPolicy(rules)
	rps = mergeRuleProblems(rps, err)
	for k := range rps {
		rps[k].Line = lineOf(rps[k].Index)
	}
	ps = append(ps, rps...)
	if len(ps) > 0 {
		return nil, check.Error(op, ps)
	}
	return p, nil
}

// docError describes a fault of the policy document as a whole.
func docError(err error, lines *jsoncheck.Lines) probation.FieldError {
	field, value, msg, off := jsoncheck.Describe(err)
	f := probation.FieldError{Record: recordFile, Index: -1, Value: value, Message: msg}
	if field != "" || !strings.HasPrefix(msg, "invalid JSON") {
		f.Record, f.Field = recordPolicy, field
	}
	switch {
	case off >= 0:
		f.Line = lines.At(off)
	case errors.Is(err, io.ErrUnexpectedEOF):
		f.Line = lines.At(math.MaxInt64) // the last line
	}
	return f
}

// mergeRuleProblems adds NewPolicy's field errors (err) to the decoding
// ones, keeping one per rule and field: a value that did not parse also
// shows up as, say, "no grades", which would only repeat it. The result
// is in rule order.
func mergeRuleProblems(ps []probation.FieldError, err error) []probation.FieldError {
	var ve *probation.ValidationError
	if errors.As(err, &ve) {
		type key struct {
			index int
			field string
		}
		seen := make(map[key]bool)
		for _, q := range ps {
			seen[key{q.Index, q.Field}] = true
		}
		for _, q := range ve.Fields {
			field := q.Field
			if field == "condition" || field == "grades" {
				// Also drop the derived "empty condition" after a bad value.
				if seen[key{q.Index, field}] || hasPrefixField(ps, q.Index, field+".") {
					continue
				}
			}
			if !seen[key{q.Index, field}] && !seen[key{q.Index, ""}] {
				ps = append(ps, q)
			}
		}
	}
	slices.SortStableFunc(ps, func(a, b probation.FieldError) int { return a.Index - b.Index })
	return ps
}

func hasPrefixField(ps []probation.FieldError, index int, prefix string) bool {
	return slices.ContainsFunc(ps, func(q probation.FieldError) bool { return q.Index == index && strings.HasPrefix(q.Field, prefix) })
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

// UnmarshalJSON reads a policy as Decode does (Op
// "grades.Policy.UnmarshalJSON") and sets *p to its national view. Call
// it only on a Policy no one else uses yet (a Policy is otherwise
// immutable); on error *p is unchanged.
func (p *Policy) UnmarshalJSON(data []byte) error {
	q, err := decode(data, opPolicyJSON)
	if err != nil {
		return err
	}
	*p = *q
	return nil
}

// MarshalJSON writes r as one element of the schema's "rules" list.
func (r Rule) MarshalJSON() ([]byte, error) { return json.Marshal(toWire(r)) }

// ruleFields is the tree of the member names of one rule.
var ruleFields = jsoncheck.FieldsOf(wireRule{})

// UnmarshalJSON reads r from one element of the schema's "rules" list
// and checks it on its own, as NewPolicy checks each rule; what depends on
// other rules (duplicate IDs, the rule named by Replaces) is checked when
// the rule joins a policy. Bad values come back in a
// *[probation.ValidationError] (Op "grades.Rule.UnmarshalJSON", Record
// "rule", Index 0).
func (r *Rule) UnmarshalJSON(data []byte) error {
	var w wireRule
	if err := json.Unmarshal(data, &w); err != nil {
		field, value, msg, _ := jsoncheck.Describe(err)
		return check.Error(opRuleJSON, []probation.FieldError{{Record: recordRule, Index: -1, ID: w.ID, Field: field, Value: value, Message: msg}})
	}
	var ps []probation.FieldError
	for _, k := range jsoncheck.Check(data, ruleFields, "-").Faults() {
		ps = append(ps, probation.FieldError{Record: recordRule, Index: -1, ID: w.ID, Field: k.Path, Message: k.Message})
	}
	v, ps := fromWire(w, 0, ps)
	if len(ps) == 0 {
		ps = v.problems(nil, 0)
	}
	if len(ps) > 0 {
		return check.Error(opRuleJSON, ps)
	}
	if isNational(v.Scope) {
		v.Scope = NationalScope
	}
	*r = v
	return nil
}
