// Package jsoncheck holds what the module's JSON decoders share beyond
// encoding/json: the rejection of duplicate object keys (which
// encoding/json accepts, keeping the last), the line of a byte offset,
// and messages for encoding/json's errors that name what was wanted
// rather than a Go type.
package jsoncheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// Duplicate is a key given twice in one JSON object.
type Duplicate struct {
	// Path names the repeated member as a FieldError's Field does:
	// "registrations[2].code", or "[3].tier" inside the fourth element of
	// a top-level array.
	Path string
	// Offset is the byte offset of the end of the repeated key.
	Offset int64
}

// Under splits a path below a list: for the prefix "rules" and the path
// "rules[2].condition.rosh" it returns 2, "condition.rosh" and true; for
// the prefix "" and "[3].tier" it returns 3, "tier" and true. It returns
// false for a path outside any element of the list.
func (d Duplicate) Under(prefix string) (index int, field string, ok bool) {
	rest, found := strings.CutPrefix(d.Path, prefix+"[")
	if !found {
		return 0, "", false
	}
	num, rest, found := strings.Cut(rest, "]")
	n, err := strconv.Atoi(num)
	if !found || err != nil {
		return 0, "", false
	}
	return n, strings.TrimPrefix(rest, "."), true
}

// frame is one open object or array of the walk.
type frame struct {
	object bool
	path   string
	index  int      // next element of an array
	keys   []string // keys seen in an object
	set    map[string]struct{}
	key    bool // an object expects a key next
}

// linearKeys is the object size up to which keys are searched linearly.
const linearKeys = 32

func (f *frame) seen(k string) bool {
	if f.set != nil {
		_, dup := f.set[k]
		f.set[k] = struct{}{}
		return dup
	}
	for _, s := range f.keys {
		if s == k {
			return true
		}
	}
	f.keys = append(f.keys, k)
	if len(f.keys) > linearKeys {
		f.set = make(map[string]struct{}, 2*linearKeys)
		for _, s := range f.keys {
			f.set[s] = struct{}{}
		}
	}
	return false
}

// Duplicates returns every repeated key in the JSON value at the start of
// data, in document order. It stops at the first syntax error, which it
// leaves to the decoder to report. O(len(data)).
func Duplicates(data []byte) []Duplicate {
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []frame
	var out []Duplicate
	member := "" // the path of the member whose key was read last
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return out
			}
			continue
		}
		var path string
		if n := len(stack); n > 0 {
			f := &stack[n-1]
			switch {
			case f.object && f.key:
				k, _ := tok.(string)
				f.key = false
				member = join(f.path, k)
				if f.seen(k) {
					out = append(out, Duplicate{Path: member, Offset: dec.InputOffset()})
				}
				continue
			case f.object:
				path, f.key = member, true
			default:
				path = f.path + "[" + strconv.Itoa(f.index) + "]"
				f.index++
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{object: true, path: path, key: true})
		case json.Delim('['):
			stack = append(stack, frame{path: path})
		default:
			if len(stack) == 0 {
				return out
			}
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Lines gives the 1-based line of byte offsets in data. Asked in
// nondecreasing order, the offsets of a document cost O(len(data)) in
// all; a smaller offset restarts the count.
type Lines struct {
	data []byte
	off  int
	line int
}

// NewLines returns the line counter of data.
func NewLines(data []byte) *Lines { return &Lines{data: data, line: 1} }

// At returns the line of the byte at offset off (clamped to the data).
func (l *Lines) At(off int64) int {
	o := int(min(max(off, 0), int64(len(l.data))))
	if o < l.off {
		l.off, l.line = 0, 1
	}
	l.line += bytes.Count(l.data[l.off:o], []byte{'\n'})
	l.off = o
	return l.line
}

// Describe turns an error of encoding/json into the field it concerns
// (a JSON path such as "risk.tier", "" when unknown) and a message that
// says what was wanted, without Go type names: "want a JSON string",
// "unknown field", "invalid JSON: invalid character 'x' …". offset is
// where the fault is, -1 when unknown.
func Describe(err error) (field, message string, offset int64) {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "", "invalid JSON: " + se.Error(), se.Offset
	case errors.As(err, &te):
		return te.Field, "want " + kind(te.Type), te.Offset
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "", "invalid JSON: unexpected end of input", -1
	}
	if name, ok := strings.CutPrefix(err.Error(), `json: unknown field "`); ok {
		return strings.TrimSuffix(name, `"`), "unknown field", -1
	}
	return "", "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: "), -1
}

// kind names the JSON form of a Go type.
func kind(t reflect.Type) string {
	if t == nil {
		return "another JSON value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a JSON string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number in range"
	case reflect.Float32, reflect.Float64:
		return "a number in range"
	case reflect.Slice, reflect.Array:
		return "a JSON array"
	case reflect.Struct, reflect.Map:
		return "a JSON object"
	}
	return "another JSON value"
}
