package grades_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/checktest"
	"github.com/probationkit/probation/tiering"
)

func encode(t testing.TB, p *grades.Policy) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := p.Encode(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCodecRoundTrip(t *testing.T) {
	for name, p := range map[string]*grades.Policy{"national": grades.National(), "local": localPolicy(t)} {
		t.Run(name, func(t *testing.T) {
			data := encode(t, p)
			q, err := grades.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("Decode(Encode(p)) error: %v", err)
			}
			if diff := cmp.Diff(p.Rules(), q.Rules()); diff != "" {
				t.Errorf("Decode(Encode(p)).Rules() mismatch (-want +got):\n%s", diff)
			}
			if again := encode(t, q); !bytes.Equal(data, again) {
				t.Errorf("Encode is not stable across a round trip:\n%s\n---\n%s", data, again)
			}
			var viaJSON grades.Policy
			if err := json.Unmarshal(data, &viaJSON); err != nil {
				t.Fatalf("json.Unmarshal(policy) error: %v", err)
			}
			if diff := cmp.Diff(p.Rules(), viaJSON.Rules()); diff != "" {
				t.Errorf("Policy.UnmarshalJSON mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRuleJSON(t *testing.T) {
	r := grades.Rule{
		ID: "x", Description: "d", Source: "s", Scope: "", Severity: grades.Soft, Grades: grades.SetOf(PSO, PQiP2),
		Condition: grades.Condition{V3: grades.ValuesOf(tiering.V3Tier(0), tiering.V3Missing), Protect: grades.ValuesOf(tiering.Protect(0), tiering.ProtectA)},
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back grades.Rule
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("Rule.UnmarshalJSON(%s) error: %v", data, err)
	}
	r.Scope = grades.NationalScope
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("Rule JSON round trip mismatch (-want +got):\n%s\n%s", diff, data)
	}
	if err := json.Unmarshal([]byte(`{"id":"x","description":"d","source":"s","severity":"hard","grades":["PO"]}`), &back); err == nil {
		t.Errorf("Rule.UnmarshalJSON accepted an empty condition")
	}
}

func TestDecodeRegistrationCodes(t *testing.T) {
	p, err := grades.Decode(strings.NewReader(`{"rules":[{"id":"t","description":"d","source":"s","severity":"hard",
		"grades":["pso","PQiP*"],"condition":{"flags_any":["RTAO","stalking"],"rosh":["rvhr"]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	got := p.Rules()[0]
	want := grades.Condition{FlagsAny: grades.Terrorism | grades.Stalking, RoSH: grades.ValuesOf(tiering.RoSHVeryHigh)}
	if diff := cmp.Diff(want, got.Condition); diff != "" {
		t.Errorf("decoded condition mismatch (-want +got):\n%s", diff)
	}
	if got.Grades != grades.SetOf(PSO)|grades.Trainees {
		t.Errorf("decoded grades = %v, want PSO and every PQiP stage", got.Grades)
	}
}

func TestDecodeErrors(t *testing.T) {
	const ok = `{"id":"ok","description":"d","source":"s","severity":"hard","grades":["PSO"],"condition":{"rosh":["HIGH"]}}`
	tests := []struct {
		name   string
		in     string
		want   []at
		reason string
	}{
		{"unknown grade", `{"rules":[{"id":"a","description":"d","source":"s","severity":"hard","grades":["PSO","POO"],"condition":{"rosh":["HIGH"]}}]}`,
			[]at{{Record: "rule", ID: "a", Index: 0, Line: 1, Field: "grades"}}, "the rule and the field are named"},
		{"empty condition", `{"rules":[{"id":"a","description":"d","source":"s","severity":"hard","grades":["PSO"]}]}`,
			[]at{{Record: "rule", ID: "a", Index: 0, Line: 1, Field: "condition"}}, "an empty condition needs any_case"},
		{"unknown registration code", `{"rules":[{"id":"a","description":"d","source":"s","severity":"hard","grades":["PSO"],"condition":{"flags_any":["ZZZZ"]}}]}`,
			[]at{{Record: "rule", ID: "a", Index: 0, Line: 1, Field: "condition.flags_any"}}, "unknown codes are named, and the derived empty condition is not repeated"},
		{"duplicate rule ID", `{"rules":[` + ok + `,` + ok + `]}`,
			[]at{{Record: "rule", ID: "ok", Index: 1, Line: 1, Field: "id"}}, "IDs are unique"},
		{"many problems", `{"rules":[{"id":"a","description":"d","source":"s","severity":"firm","grades":["X"],"condition":{"mappa_level":["M9"],"v3_tier":["Q"]}},` + ok + `,` + ok + `]}`,
			[]at{
				{Record: "rule", ID: "a", Index: 0, Line: 1, Field: "severity"}, {Record: "rule", ID: "a", Index: 0, Line: 1, Field: "grades"},
				{Record: "rule", ID: "a", Index: 0, Line: 1, Field: "condition.mappa_level"}, {Record: "rule", ID: "a", Index: 0, Line: 1, Field: "condition.v3_tier"},
				{Record: "rule", ID: "ok", Index: 2, Line: 1, Field: "id"},
			}, "every problem of every rule in one error"},
		{"unknown member", `{"rules":[{"id":"a","colour":"red"}]}`,
			[]at{{Record: "rule", ID: "a", Index: 0, Line: 1, Field: "colour"}, {Record: "rule", ID: "a", Index: 0, Line: 1, Field: "description"},
				{Record: "rule", ID: "a", Index: 0, Line: 1, Field: "source"}, {Record: "rule", ID: "a", Index: 0, Line: 1, Field: "severity"},
				{Record: "rule", ID: "a", Index: 0, Line: 1, Field: "grades"}, {Record: "rule", ID: "a", Index: 0, Line: 1, Field: "condition"}},
			"unknown members are errors, not ignored, and the rest of the rule is still checked"},
		{"malformed", "{\"rules\":[\n", []at{{Record: "file", Index: -1, Line: 2}}, "malformed JSON, with the line where it ends"},
		{"trailing data", `{"rules":[]} {}`, []at{{Record: "file", Index: -1, Line: 1}}, "one policy per document"},
		{"schema", `{"schema":"other/v9","rules":[]}`, []at{{Record: "policy", Index: -1, Field: "schema"}}, "a foreign schema is rejected"},
		{"unknown top member", `{"rules":[],"colour":1}`, []at{{Record: "policy", Index: -1, Field: "colour"}}, "unknown members of the policy object"},
		{"repeated members", "{\"rules\":[\n" + ok + ",\n" + `{"id":"b","id":"c","description":"d","source":"s","severity":"hard","grades":["PSO"],"condition":{"rosh":["HIGH"],"rosh":["LOW"]}}` + "\n],\"schema\":\"\",\"schema\":\"\"}",
			[]at{{Record: "policy", Index: -1, Field: "schema"}, {Record: "rule", ID: "c", Index: 1, Line: 3, Field: "id"}, {Record: "rule", ID: "c", Index: 1, Line: 3, Field: "condition.rosh"}},
			"issue 9 §3: repeated names are rejected, with the rule's line"},
		{"rule lines", "{\"rules\":[\n" + ok + ",\n\n  " + ok + "]}", []at{{Record: "rule", ID: "ok", Index: 1, Line: 4, Field: "id"}}, "a rule's line is where it starts"},
		{"ID with space", `{"rules":[{"id":"a ","description":"d","source":"s","severity":"hard","grades":["PSO"],"condition":{"rosh":["HIGH"]}}]}`,
			[]at{{Record: "rule", ID: "a ", Index: 0, Line: 1, Field: "id"}}, "issue 9 §3: IDs are rejected, not trimmed"},
		{"empty value", `{"rules":[{"id":"a","description":"d","source":"s","severity":"hard","grades":["PSO"],"condition":{"rosh":[""]}}]}`,
			[]at{{Record: "rule", ID: "a", Index: 0, Line: 1, Field: "condition.rosh"}}, "an empty name names no level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := grades.Decode(strings.NewReader(tt.in))
			if diff := cmp.Diff(tt.want, locations(t, err, "grades.Decode")); diff != "" {
				t.Errorf("Decode() field errors mismatch (-want +got):\n%s\n(%s)\n%v", diff, tt.reason, err)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(encode(f, grades.National()))
	f.Add(encode(f, localPolicy(f)))
	f.Add([]byte(`{"rules":[]}`))
	f.Add([]byte(`{"rules":[{"id":"a","description":"d","source":"s","scope":"X","replaces":"b","waive":true}]}`))
	f.Add([]byte(`{"rules":[{"id":"a","description":"d","source":"s","severity":"soft","grades":["PQiP*"],"condition":{"any_case":true}}]}`))
	f.Add([]byte(`{"rules":[{"id":"a","grades":["PO|PSO"],"condition":{"rosh":[""],"protect":["untiered"]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := grades.Decode(bytes.NewReader(data))
		if err != nil {
			var ve *probation.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) == 0 {
				t.Fatalf("Decode error %v is not a *ValidationError with problems", err)
			}
			return
		}
		q, err := grades.Decode(bytes.NewReader(encode(t, p)))
		if err != nil {
			t.Fatalf("Decode(Encode(p)) error: %v", err)
		}
		if diff := cmp.Diff(p.Rules(), q.Rules()); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
		}
		v := p.In(p.LocalScopes()...)
		c := grades.Profile{RoSH: tiering.RoSHMedium, Flags: grades.DomesticAbuse}
		ok, warn := v.Eligible(c)
		for _, g := range grades.AllGrades.Grades() {
			if got, want := verdictOf(ok, warn, g), v.Decide(c, g).Verdict; got != want {
				t.Fatalf("Eligible says %v for %v, Decide %v", got, g, want)
			}
		}
	})
}

// FuzzParseText checks every text parser of the package: no panic, and
// whatever parses prints back to a text that parses to the same value.
func FuzzParseText(f *testing.F) {
	for _, s := range []string{"PO", "pqip3", "PQiP*", "PO|PSO", "{}", "hard", "soft", "stated", "default",
		"eligible_with_warnings", "no_staff", "PSM", "", "DMY", " crcq ", "PSO"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if g, err := grades.ParseGrade(s); err == nil {
			if back, err := grades.ParseGrade(g.String()); err != nil || back != g {
				t.Fatalf("ParseGrade(%q) = %v; String round trip gives %v, %v", s, g, back, err)
			}
		}
		if set, err := grades.ParseSet(s); err == nil {
			if back, err := grades.ParseSet(set.String()); err != nil || back != set {
				t.Fatalf("ParseSet(%q) = %v; String round trip gives %v, %v", s, set, back, err)
			}
		}
		if v, err := grades.ParseSeverity(s); err == nil {
			if back, _ := grades.ParseSeverity(v.String()); back != v {
				t.Fatalf("ParseSeverity(%q) round trip", s)
			}
		}
		if v, err := grades.ParseBasis(s); err == nil {
			if back, _ := grades.ParseBasis(v.String()); back != v {
				t.Fatalf("ParseBasis(%q) round trip", s)
			}
		}
		if v, err := grades.ParseVerdict(s); err == nil {
			if back, _ := grades.ParseVerdict(v.String()); back != v {
				t.Fatalf("ParseVerdict(%q) round trip", s)
			}
		}
		if v, err := grades.ParseOverrideReason(s); err == nil {
			if back, _ := grades.ParseOverrideReason(v.String()); back != v {
				t.Fatalf("ParseOverrideReason(%q) round trip", s)
			}
		}
		if g, err := grades.FromStaffCode(s); err == nil && !g.IsValid() {
			t.Fatalf("FromStaffCode(%q) = invalid %v without error", s, g)
		}
	})
}

// at is where a field error points (checktest.At, local so that the
// tables can list its fields in order).
type at struct {
	Record, ID  string
	Index, Line int
	Field       string
}

// locations is where err's field errors point, after checking err's Op
// and the promises of every field error.
func locations(t testing.TB, err error, op string) []at { return checktest.LocationsAs[at](t, err, op) }
