package tiering_test

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/tiering"
)

// FuzzInputJSON feeds arbitrary bytes to the Input decoder. It must never
// panic; a failure must be a *ValidationError (or the standard decoder's
// syntax error); an input it accepts must classify without error and
// survive a Marshal/Unmarshal round trip unchanged.
func FuzzInputJSON(f *testing.F) {
	for _, seed := range []string{
		`{}`,
		`null`,
		`{"id":"X1","female":true,"rsr":7.1,"ogrs":55,"rosh":"HIGH","registrations":[{"code":"MAPP","level":"M2","category":"M1","date":"2025-03-01"},{"code":"PRC"}],"convictions":[{"sentence_type":"SP","requirements":[{"main_category":"F"}]}],"assessment":{"san":true,"needs":[{"need":"ACCOMMODATION","score":5},{"need":"12","severity":"SEVERE"}],"parenting":true,"impulsivity":1},"previous_enforcement":true,"v3":{"active_event":true,"arp":{"score":62.5},"csrp":{"score":1.8,"static":true},"dcsrp_score":2.11,"dcsrp_band":"MEDIUM","sexual_offence":true,"latest_release_date":"2024-06-30"}}`,
		`{"rsr":130,"mappa_level":"M7","assessment":{"needs":[{"need":"ACCOMMODATION","severity":"CRITICAL"}]}}`,
		`{"registrations":[{"code":"INLL"}],"v3":{"active_event":true,"arp":{"score":1},"csrp":{"score":1},"latest_release_date":"2026-01-01"}}`,
		`{"registrations":[null,1,"x",{"code":null}],"assessment":[],"v3":{"arp":{"score":"1"}}}`,
		`{"rsr":1e400}`,
		`[{"rsr":1}]`,
		`{"rsr":-0,"ogrs":1e3,"id":"\ud800"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var in tiering.Input
		err := json.Unmarshal(data, &in)
		if err != nil {
			var ve *probation.ValidationError
			var se *json.SyntaxError
			if !errors.As(err, &ve) && !errors.As(err, &se) {
				t.Fatalf("json.Unmarshal(%q) error %v (%T): want *ValidationError or *json.SyntaxError", data, err, err)
			}
			if ve != nil {
				checkFields(t, ve)
			}
			return
		}
		if _, err := tiering.Classify(in, &tiering.Settings{AsOf: asOf}); err != nil {
			t.Fatalf("decoded input %q does not classify: %v", data, err)
		}
		again, err := json.Marshal(in)
		if err != nil {
			t.Fatalf("json.Marshal(decoded %q) error: %v", data, err)
		}
		var back tiering.Input
		if err := json.Unmarshal(again, &back); err != nil {
			t.Fatalf("re-decoding %s: %v", again, err)
		}
		if diff := cmp.Diff(in, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip of %s mismatch (-first +second):\n%s", again, diff)
		}
	})
}

// checkFields checks the promises of the module's error shape: an Op,
// the record kind, and IDs, values and messages of bounded size, so that
// an error line is never much larger than a short input.
func checkFields(t interface{ Fatalf(string, ...any) }, ve *probation.ValidationError) {
	if ve.Op == "" || len(ve.Fields) == 0 {
		t.Fatalf("ValidationError %+v: want an Op and at least one field", ve)
	}
	for _, f := range ve.Fields {
		if f.Record != "case" && f.Record != "settings" || len(f.ID) > probation.MaxValueLen || len(f.Value) > probation.MaxValueLen || len(f.Message) > 200 {
			t.Fatalf("field error %q: want record case or settings, ID and value of at most %d bytes, a message of at most 200", f, probation.MaxValueLen)
		}
	}
}

// anyInputGen draws inputs with arbitrary values, invalid ones included.
var anyInputGen = rapid.Custom(func(t *rapid.T) tiering.Input {
	in := inputGen.Draw(t, "base")
	anyFloat := rapid.OneOf(rapid.Float64(), rapid.SampledFrom([]float64{math.NaN(), math.Inf(1), math.Inf(-1), -1, 0.59, 100.5, 999.99}))
	if rapid.Bool().Draw(t, "wild rsr") {
		in.RSR = anyFloat.Draw(t, "rsr")
	}
	if rapid.Bool().Draw(t, "wild values") {
		in.OGRS = rapid.Int().Draw(t, "ogrs")
		in.RoSH = tiering.RoSH(rapid.Uint8().Draw(t, "rosh"))
		in.MAPPALevel = tiering.MAPPALevel(rapid.Uint8().Draw(t, "mappa"))
		in.MAPPACategory = tiering.MAPPACategory(rapid.Uint8().Draw(t, "category"))
	}
	if rapid.Bool().Draw(t, "wild registration") {
		in.Registrations = append(in.Registrations, tiering.Registration{
			Code: rapid.String().Draw(t, "code"), Level: rapid.String().Draw(t, "level"), Category: rapid.String().Draw(t, "cat"),
		})
	}
	if in.Assessment != nil && rapid.Bool().Draw(t, "wild assessment") {
		in.Assessment.Impulsivity = rapid.Int().Draw(t, "impulsivity")
		in.Assessment.Needs = append(in.Assessment.Needs, tiering.NeedScore{
			Need: tiering.Need(rapid.Uint8().Draw(t, "need")), Score: rapid.Int().Draw(t, "score"), Severity: tiering.Severity(rapid.Uint8().Draw(t, "severity")),
		})
	}
	if in.V3 != nil && rapid.Bool().Draw(t, "wild v3") {
		in.V3.DCSRPScore = anyFloat.Draw(t, "dcsrp")
		in.V3.DCSRPBand = tiering.SRPBand(rapid.Uint8().Draw(t, "band"))
		if in.V3.ARP != nil {
			in.V3.ARP.Score = anyFloat.Draw(t, "arp")
		}
	}
	return in
})

// checkClassifyAny is the property behind FuzzClassify: Classify never
// panics, and either returns a valid result or a *ValidationError with
// at least one problem.
func checkClassifyAny(t *rapid.T) {
	in := anyInputGen.Draw(t, "input")
	s := &tiering.Settings{Version: tiering.Version(rapid.IntRange(0, 3).Draw(t, "version"))}
	if rapid.Bool().Draw(t, "as of") {
		s.AsOf = asOf
	}
	r, err := tiering.Classify(in, s)
	if err != nil {
		var ve *probation.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) == 0 || ve.Error() == "" {
			t.Fatalf("Classify() error %v (%T): want a *ValidationError with problems", err, err)
		}
		checkFields(t, ve)
		if in.Validate() == nil {
			// Only the Settings checks remain.
			for _, p := range ve.Fields {
				if p.Field != "as_of" && p.Field != "version" {
					t.Fatalf("Validate() passed but Classify() reports %v", p)
				}
			}
		}
		return
	}
	if !r.Tier.IsValid() || len(r.Explanation()) == 0 || r.String() == "" {
		t.Fatalf("Classify() = %v: invalid result", r)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatalf("json.Marshal(result) error: %v", err)
	}
}

func TestClassifyAnyInput(t *testing.T) { rapid.Check(t, checkClassifyAny) }

// FuzzClassify runs checkClassifyAny on fuzzer-chosen bytes.
func FuzzClassify(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Add([]byte{0xff, 0x00, 0xff, 0x00, 0x80, 0x7f, 0x01, 0xfe, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1})
	f.Fuzz(rapid.MakeFuzz(checkClassifyAny))
}

// roundTrips checks that a value parsed from s prints back to text that
// parses to the same value.
func roundTrips[T comparable](t *testing.T, name, s string, parse func(string) (T, error), format func(T) string) {
	t.Helper()
	v, err := parse(s)
	if err != nil {
		return
	}
	text := format(v)
	if w, err := parse(text); err != nil || w != v {
		t.Errorf("%s(%q) = %v, printed %q, parsed back as %v, %v", name, s, v, text, w, err)
	}
}

func str[T fmt.Stringer](v T) string { return v.String() }

func marshalled[T encoding.TextMarshaler](v T) string {
	text, _ := v.MarshalText()
	return string(text)
}

// FuzzParse checks every text decoder of the value types: whatever parses
// prints back to text that parses to the same value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "B2", "ub2s", "A", "M0", "m3", "RVHR", "very high", "NOT_SUPERVISED", "12", "SEVERE", "2024-02-29", "v1", "REOFFENDING", "\x00", "Ω"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		roundTrips(t, "ParseTier", s, tiering.ParseTier, str)
		roundTrips(t, "ParseProtect", s, tiering.ParseProtect, str)
		roundTrips(t, "ParseV3Tier", s, tiering.ParseV3Tier, str)
		roundTrips(t, "ParseRoSH", s, tiering.ParseRoSH, str)
		roundTrips(t, "ParseMAPPALevel", s, tiering.ParseMAPPALevel, str)
		roundTrips(t, "ParseMAPPACategory", s, tiering.ParseMAPPACategory, str)
		roundTrips(t, "ParseNeed", s, tiering.ParseNeed, str)
		roundTrips(t, "ParseSeverity", s, tiering.ParseSeverity, marshalled)
		roundTrips(t, "ParseSRPBand", s, tiering.ParseSRPBand, str)
		roundTrips(t, "ParseDate", s, tiering.ParseDate, str)
		roundTrips(t, "ParseRule", s, tiering.ParseRule, str)
		// The zero Version prints as "2", the version it means.
		resolved := func(s string) (string, error) { v, err := tiering.ParseVersion(s); return v.String(), err }
		roundTrips(t, "ParseVersion", s, resolved, func(v string) string { return v })
	})
}
