package jsoncheck_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/probationkit/probation/internal/jsoncheck"
)

func TestDuplicates(t *testing.T) {
	big := make([]string, 40)
	for i := range big {
		big[i] = fmt.Sprintf(`"k%d":%d`, i, i)
	}
	tests := []struct {
		name, in string
		want     []string
		reason   string
	}{
		{"none", `{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}]}`, nil, "the same key in different objects is fine"},
		{"top", `{"a":1,"a":2}`, []string{"a"}, "a repeated top-level key"},
		{"nested", `{"r":[{"code":"X"},{"code":"Y","code":"Z"}]}`, []string{"r[1].code"}, "the path names the element"},
		{"array root", `[{"id":"C1"},{"id":"C2","tier":"A3","tier":"B2"}]`, []string{"[1].tier"}, "a top-level array's elements are [i]"},
		{"thrice", `{"a":1,"a":2,"a":3}`, []string{"a", "a"}, "every repetition is reported"},
		{"after container", `{"a":{"x":[1,{"y":2}]},"a":0,"b":1}`, []string{"a"}, "keys after a nested value are still keys"},
		{"large object", `{` + strings.Join(big, ",") + `,"k3":0,"k39":0}`, []string{"k3", "k39"}, "objects past the linear search switch to a map"},
		{"syntax error", `{"a":1,"a"`, []string{"a"}, "the walk stops at a syntax error with what it found"},
		{"scalar", `12`, nil, "a scalar has no keys"},
		{"trailing", `{"a":1} {"a":2,"a":3}`, nil, "only the first value is read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range jsoncheck.Duplicates([]byte(tt.in)) {
				got = append(got, d.Path)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Duplicates(%s) mismatch (-want +got) [%s]:\n%s", tt.in, tt.reason, diff)
			}
		})
	}
}

func TestUnder(t *testing.T) {
	tests := []struct {
		path, prefix string
		index        int
		field        string
		ok           bool
	}{
		{"rules[2].condition.rosh", "rules", 2, "condition.rosh", true},
		{"[3].tier", "", 3, "tier", true},
		{"[3]", "", 3, "", true},
		{"schema", "rules", 0, "", false},
		{"rules[x].id", "rules", 0, "", false},
	}
	for _, tt := range tests {
		i, f, ok := jsoncheck.Key{Path: tt.path}.Under(tt.prefix)
		if i != tt.index || f != tt.field || ok != tt.ok {
			t.Errorf("Under(%q, %q) = %d, %q, %v; want %d, %q, %v", tt.path, tt.prefix, i, f, ok, tt.index, tt.field, tt.ok)
		}
	}
}

func TestCheck(t *testing.T) {
	type inner struct {
		B bool `json:"b"`
	}
	type rec struct {
		ID    string            `json:"id"`
		Risk  inner             `json:"risk"`
		List  []inner           `json:"list"`
		Named map[string]inner  `json:"named"`
		Free  map[string]int    `json:"free"`
		Raw   json.RawMessage   `json:"raw"`
		Skip  int               `json:"-"`
		inner                   // promoted: "b"
		Ptr   *inner            `json:"ptr,omitempty"`
		Any   map[string]string `json:"any"`
	}
	schema := jsoncheck.FieldsOf([]rec{})
	doc := "[\n" + `{"id":"a","risk":{"b":true,"c":1},"Skip":1,"b":false,"ptr":{"x":1}}` + ",\n\n  " +
		`{"ID":"b","list":[{"b":true},{"z":2}],"named":{"k":{"b":true,"y":3}},"free":{"any":1},"raw":{"whatever":[1]},"id":"c","id":"d"}` + "\n]"
	r := jsoncheck.Check([]byte(doc), schema, "")
	var unknown, repeated []string
	for _, k := range r.Unknown {
		unknown = append(unknown, k.Path)
	}
	for _, k := range r.Repeated {
		repeated = append(repeated, k.Path)
	}
	want := []string{"[0].risk.c", "[0].Skip", "[0].ptr.x", "[1].ID", "[1].list[1].z", "[1].named.k.y"}
	if diff := cmp.Diff(want, unknown); diff != "" {
		t.Errorf("Unknown mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"[1].id"}, repeated); diff != "" {
		t.Errorf("Repeated mismatch (-want +got):\n%s", diff)
	}
	lines := jsoncheck.NewLines([]byte(doc))
	var at []int
	for _, off := range r.Starts {
		at = append(at, lines.At(off))
	}
	if diff := cmp.Diff([]int{2, 4}, at); diff != "" {
		t.Errorf("lines of the elements mismatch (-want +got):\n%s", diff)
	}
	r = jsoncheck.Check([]byte(`{"schema":"x","rules":[{"a":[1,2]}, {}, []],"other":[{}]}`), nil, "rules")
	if len(r.Starts) != 3 || r.Starts[0] != 23 {
		t.Errorf("Starts of the member list = %v, want 3 offsets from 23", r.Starts)
	}
}

func TestLines(t *testing.T) {
	data := []byte("a\nbb\n\nccc")
	l := jsoncheck.NewLines(data)
	for _, c := range []struct {
		off  int64
		want int
	}{{0, 1}, {1, 1}, {2, 2}, {5, 3}, {6, 4}, {99, 4}, {0, 1}, {-1, 1}} {
		if got := l.At(c.off); got != c.want {
			t.Errorf("At(%d) = %d, want %d", c.off, got, c.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	type rec struct {
		N int `json:"n"`
		S struct {
			B bool `json:"b"`
		} `json:"s"`
	}
	tests := []struct {
		name, in     string
		field, msg   string
		strictFields bool
	}{
		{"type", `{"n":"x"}`, "n", "want a whole number in range", false},
		{"nested type", `{"s":{"b":1}}`, "s.b", "want true or false", false},
		{"syntax", `{"n":}`, "", "invalid JSON: invalid character '}' looking for beginning of value", false},
		{"unknown", `{"colour":1}`, "colour", "unknown field", true},
		{"eof", `{"n":1`, "", "invalid JSON: unexpected end of input", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := json.NewDecoder(strings.NewReader(tt.in))
			if tt.strictFields {
				dec.DisallowUnknownFields()
			}
			var r rec
			err := dec.Decode(&r)
			field, _, msg, _ := jsoncheck.Describe(err)
			if field != tt.field || msg != tt.msg {
				t.Errorf("Describe(%v) = %q, %q; want %q, %q", err, field, msg, tt.field, tt.msg)
			}
		})
	}
}

// TestDuplicatesAgree checks Duplicates against a decode into nested
// maps: a document has a duplicate exactly when re-encoding the decoded
// value loses members (a repeated member's own members go with it, so
// the counts differ).
func TestDuplicatesAgree(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		keys := rapid.SampledFrom([]string{"a", "b", "c"})
		var gen func(depth int) string
		gen = func(depth int) string {
			if depth == 0 || rapid.Bool().Draw(t, "leaf") {
				return rapid.SampledFrom([]string{"1", `"x"`, "null", "[]"}).Draw(t, "scalar")
			}
			if rapid.Bool().Draw(t, "array") {
				n := rapid.IntRange(0, 3).Draw(t, "len")
				parts := make([]string, n)
				for i := range parts {
					parts[i] = gen(depth - 1)
				}
				return "[" + strings.Join(parts, ",") + "]"
			}
			n := rapid.IntRange(0, 4).Draw(t, "members")
			parts := make([]string, n)
			for i := range parts {
				parts[i] = `"` + keys.Draw(t, "key") + `":` + gen(depth-1)
			}
			return "{" + strings.Join(parts, ",") + "}"
		}
		doc := gen(3)
		var v any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatalf("generated invalid JSON %s: %v", doc, err)
		}
		members := strings.Count(doc, `":`)
		again, _ := json.Marshal(v)
		kept := strings.Count(string(again), `":`)
		if got := len(jsoncheck.Duplicates([]byte(doc))); (got > 0) != (kept < members) {
			t.Fatalf("Duplicates(%s) found %d, but decoding drops %d members", doc, got, members-kept)
		}
	})
}

// FuzzCheck walks arbitrary text: Check never panics, and on a valid
// top-level array it finds one start per element, each at the element's
// first byte, with every key path naming an element that exists.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{`[{"a":1,"a":2},[],"x",null]`, `{"rules":[{"id":"a"},{}]}`, `[`, `[1,,2]`, "[\n {\"k\":{\"k\":{\"k\":1}}} ,\t{\"k\":1,\"k\":1}\n]"} {
		f.Add([]byte(s))
	}
	type rec struct {
		A int `json:"a"`
	}
	schema := jsoncheck.FieldsOf([]rec{})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := jsoncheck.Check(data, schema, "")
		var elems []json.RawMessage
		if json.Unmarshal(data, &elems) != nil {
			return
		}
		if len(r.Starts) != len(elems) {
			t.Fatalf("%d starts for %d elements of %s", len(r.Starts), len(elems), data)
		}
		for i, off := range r.Starts {
			if off >= int64(len(data)) || data[off] != elems[i][0] {
				t.Fatalf("element %d starts at %d in %s", i, off, data)
			}
		}
		for _, k := range append(r.Repeated, r.Unknown...) {
			if i, _, ok := k.Under(""); !ok || i >= len(elems) {
				t.Fatalf("key %+v names no element of %s", k, data)
			}
		}
	})
}
