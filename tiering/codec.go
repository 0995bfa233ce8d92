package tiering

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
	"github.com/probationkit/probation/internal/jsoncheck"
)

// UnmarshalJSON decodes an Input from the wire schema documented in the
// package overview (the same field names json.Marshal writes) and
// validates it. Unlike the standard decoder it does not stop at the first
// fault: it reports, in one *[probation.ValidationError] (Op
// "tiering.Input.UnmarshalJSON", Record "case", Index 0), every field of
// the wrong JSON type, every unknown field name (names match exactly,
// case included, so that a misspelt field is never silently ignored),
// every name repeated within one object (encoding/json would keep the
// last silently), every value that does not parse (a MAPPA level "M7", a
// severity "CRITICAL", a date "2024-13-01") and every problem
// [Input.Validate] finds in the fields that did decode. A field error's
// Value is the JSON string's text, or the JSON text of another value.
//
// On error *in holds what could be decoded, for diagnosis only. A JSON
// null leaves *in unchanged, as the encoding/json convention asks.
func (in *Input) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	var d decoder
	for _, dup := range jsoncheck.Duplicates(data) {
		d.bad(dup.Path, nil, jsoncheck.RepeatedMessage)
	}
	var out Input
	d.input(data, &out)
	var f facts
	f.derive(out.Registrations)
	probs := validate(&out, &f, nil, nil)
	// A field that failed to decode is left zero; drop what Validate says
	// about that zero value.
	probs = slices.DeleteFunc(probs, func(p probation.FieldError) bool {
		return slices.ContainsFunc(d.probs, func(q probation.FieldError) bool { return within(p.Field, q.Field) })
	})
	for i := range d.probs {
		d.probs[i].ID = out.ID
	}
	*in = out
	return check.Error(opUnmarshal, append(d.probs, probs...))
}

// within reports whether field is parent or a field nested in it.
func within(field, parent string) bool {
	if !strings.HasPrefix(field, parent) {
		return false
	}
	rest := field[len(parent):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// decoder walks a JSON value, collecting field errors instead of
// stopping.
type decoder struct {
	probs []probation.FieldError
}

// bad records a fault of field, whose JSON text is raw.
func (d *decoder) bad(field string, raw []byte, message string) {
	d.probs = append(d.probs, probation.FieldError{Record: "case", Index: -1, Field: field, Value: valueText(raw), Message: message})
}

// valueText returns a JSON string's text, or the JSON text of another
// value, shortened to probation.MaxValueLen bytes.
func valueText(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return probation.Shorten(s)
		}
	}
	return probation.Shorten(string(bytes.ToValidUTF8(raw, []byte("\ufffd"))))
}

func isNull(raw []byte) bool { return len(raw) == 0 || bytes.Equal(raw, []byte("null")) }

func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

// object decodes raw as a JSON object and reports its unknown keys, in
// sorted order. It returns nil for null or a non-object.
func (d *decoder) object(field string, raw []byte, known ...string) map[string]json.RawMessage {
	if isNull(raw) {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		if _, ok := err.(*json.SyntaxError); ok {
			_, _, msg, _ := jsoncheck.Describe(err)
			d.bad(field, raw, msg)
		} else {
			d.bad(field, raw, "want a JSON object")
		}
		return nil
	}
	var unknown []string
	for k := range m {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		d.bad(join(field, k), m[k], "unknown field; known fields are "+strings.Join(known, ", "))
	}
	return m
}

// array decodes raw as a JSON array; null gives nil.
func (d *decoder) array(field string, raw []byte) []json.RawMessage {
	if isNull(raw) {
		return nil
	}
	var a []json.RawMessage
	if err := json.Unmarshal(raw, &a); err != nil {
		d.bad(field, raw, "want a JSON array")
		return nil
	}
	return a
}

func (d *decoder) str(field string, raw []byte) string {
	var s string
	if isNull(raw) {
		return s
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		d.bad(field, raw, "want a JSON string")
	}
	return s
}

func (d *decoder) boolean(field string, raw []byte) bool {
	var b bool
	if isNull(raw) {
		return b
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		d.bad(field, raw, "want true or false")
	}
	return b
}

func (d *decoder) num(field string, raw []byte) float64 {
	var x float64
	if isNull(raw) {
		return x
	}
	if err := json.Unmarshal(raw, &x); err != nil {
		d.bad(field, raw, "want a finite JSON number")
	}
	return x
}

// whole decodes a number that must be a whole number of modest size.
func (d *decoder) whole(field string, raw []byte) int {
	if isNull(raw) {
		return 0
	}
	n := len(d.probs)
	x := d.num(field, raw)
	if len(d.probs) > n {
		return 0
	}
	if x != math.Trunc(x) || math.Abs(x) > 1e9 {
		d.bad(field, raw, "want a whole number")
		return 0
	}
	return int(x)
}

// text decodes a JSON string into a value with UnmarshalText.
func (d *decoder) text(field string, raw []byte, v encoding.TextUnmarshaler) {
	if isNull(raw) {
		return
	}
	n := len(d.probs)
	s := d.str(field, raw)
	if len(d.probs) > n {
		return
	}
	if err := v.UnmarshalText([]byte(s)); err != nil {
		d.bad(field, raw, message(err))
	}
}

func (d *decoder) input(data []byte, in *Input) {
	m := d.object("", data, "id", "female", "rsr", "ogrs", "rosh", "mappa_level", "mappa_category",
		"registrations", "convictions", "assessment", "previous_enforcement", "v3")
	if m == nil {
		return
	}
	in.ID = d.str("id", m["id"])
	in.Female = d.boolean("female", m["female"])
	in.RSR = d.num("rsr", m["rsr"])
	in.OGRS = d.whole("ogrs", m["ogrs"])
	d.text("rosh", m["rosh"], &in.RoSH)
	d.text("mappa_level", m["mappa_level"], &in.MAPPALevel)
	d.text("mappa_category", m["mappa_category"], &in.MAPPACategory)
	for i, raw := range d.array("registrations", m["registrations"]) {
		f := "registrations[" + itoa(i) + "]"
		r := d.object(f, raw, "code", "level", "category", "date")
		var reg Registration
		if r != nil {
			reg.Code = d.str(f+".code", r["code"])
			reg.Level = d.str(f+".level", r["level"])
			reg.Category = d.str(f+".category", r["category"])
			d.text(f+".date", r["date"], &reg.Date)
		} else if isNull(raw) {
			d.bad(f, raw, "want a registration object")
		}
		in.Registrations = append(in.Registrations, reg)
	}
	for i, raw := range d.array("convictions", m["convictions"]) {
		f := "convictions[" + itoa(i) + "]"
		cm := d.object(f, raw, "sentence_type", "terminated", "requirements")
		var cv Conviction
		if cm != nil {
			cv.SentenceType = d.str(f+".sentence_type", cm["sentence_type"])
			cv.Terminated = d.boolean(f+".terminated", cm["terminated"])
			for j, rr := range d.array(f+".requirements", cm["requirements"]) {
				g := f + ".requirements[" + itoa(j) + "]"
				rm := d.object(g, rr, "main_category", "restrictive")
				var rq Requirement
				if rm != nil {
					rq.MainCategory = d.str(g+".main_category", rm["main_category"])
					rq.Restrictive = d.boolean(g+".restrictive", rm["restrictive"])
				}
				cv.Requirements = append(cv.Requirements, rq)
			}
		} else if isNull(raw) {
			d.bad(f, raw, "want a conviction object")
		}
		in.Convictions = append(in.Convictions, cv)
	}
	if am := d.object("assessment", m["assessment"], "san", "needs", "parenting", "impulsivity", "temper_control"); am != nil {
		as := &Assessment{}
		as.SAN = d.boolean("assessment.san", am["san"])
		for i, raw := range d.array("assessment.needs", am["needs"]) {
			f := "assessment.needs[" + itoa(i) + "]"
			nm := d.object(f, raw, "need", "score", "severity")
			var ns NeedScore
			if nm != nil {
				if isNull(nm["need"]) {
					d.bad(f+".need", nm["need"], "required: the need, such as ACCOMMODATION")
				}
				d.text(f+".need", nm["need"], &ns.Need)
				ns.Score = d.whole(f+".score", nm["score"])
				d.text(f+".severity", nm["severity"], &ns.Severity)
			} else if isNull(raw) {
				d.bad(f, raw, "want a need object")
			}
			as.Needs = append(as.Needs, ns)
		}
		as.Parenting = d.boolean("assessment.parenting", am["parenting"])
		as.Impulsivity = d.whole("assessment.impulsivity", am["impulsivity"])
		as.TemperControl = d.whole("assessment.temper_control", am["temper_control"])
		in.Assessment = as
	}
	in.PreviousEnforcement = d.boolean("previous_enforcement", m["previous_enforcement"])
	if vm := d.object("v3", m["v3"], "active_event", "arp", "csrp", "dcsrp_score", "dcsrp_band", "sexual_offence", "latest_release_date"); vm != nil {
		v := &V3Input{}
		v.ActiveEvent = d.boolean("v3.active_event", vm["active_event"])
		v.ARP = d.predictor("v3.arp", vm["arp"])
		v.CSRP = d.predictor("v3.csrp", vm["csrp"])
		v.DCSRPScore = d.num("v3.dcsrp_score", vm["dcsrp_score"])
		d.text("v3.dcsrp_band", vm["dcsrp_band"], &v.DCSRPBand)
		v.SexualOffence = d.boolean("v3.sexual_offence", vm["sexual_offence"])
		d.text("v3.latest_release_date", vm["latest_release_date"], &v.LatestReleaseDate)
		in.V3 = v
	}
}

// predictor decodes {"score": n, "static": b}; null is a missing
// predictor.
func (d *decoder) predictor(field string, raw []byte) *Predictor {
	pm := d.object(field, raw, "score", "static")
	if pm == nil {
		return nil
	}
	if isNull(pm["score"]) {
		d.bad(field+".score", pm["score"], "required: the predictor score in percent (give null for the whole predictor when it is missing)")
	}
	return &Predictor{Score: d.num(field+".score", pm["score"]), Static: d.boolean(field+".static", pm["static"])}
}

func itoa(i int) string { return strconv.Itoa(i) }

// message returns the part of a parse error that says what was wanted
// ("want YYYY-MM-DD"), for a field error whose Value holds the text.
func message(err error) string {
	var m interface{ Message() string }
	if errors.As(err, &m) {
		return m.Message()
	}
	return strings.TrimPrefix(err.Error(), "tiering: ")
}
