package jsoncheck

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// Key is an object key that a check found at fault.
type Key struct {
	// Path names the member as a FieldError's Field does:
	// "registrations[2].code", or "[3].tier" inside the fourth element of
	// a top-level array.
	Path string
	// Offset is the byte offset of the end of the key.
	Offset int64
}

// Under splits a path below a list: for the prefix "rules" and the path
// "rules[2].condition.rosh" it returns 2, "condition.rosh" and true; for
// the prefix "" and "[3].tier" it returns 3, "tier" and true. It returns
// false for a path outside any element of the list.
func (k Key) Under(prefix string) (index int, field string, ok bool) {
	rest, found := strings.CutPrefix(k.Path, prefix+"[")
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

// Fields is the tree of the member names a JSON value may have, built
// from a Go type's json tags by FieldsOf. A nil *Fields allows anything.
// It is immutable and safe for concurrent use.
type Fields struct {
	names map[string]*Fields // an object's members, by exact name
	other *Fields            // the members of a map, whatever their name
	isMap bool
	elem  *Fields // an array's elements
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// FieldsOf returns the member names of the JSON form of v's type, as
// encoding/json reads it: each exported struct field under its json tag
// name (or its Go name), the fields of embedded structs promoted, map
// keys free, and the elements of slices and arrays and the targets of
// pointers followed. A type that decodes itself (UnmarshalJSON or
// UnmarshalText) allows anything.
func FieldsOf(v any) *Fields { return fieldsOf(reflect.TypeOf(v)) }

func fieldsOf(t reflect.Type) *Fields {
	if t == nil {
		return nil
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		return fieldsOf(t.Elem())
	case reflect.Slice, reflect.Array:
		if e := fieldsOf(t.Elem()); e != nil {
			return &Fields{elem: e}
		}
	case reflect.Map:
		return &Fields{isMap: true, other: fieldsOf(t.Elem())}
	case reflect.Struct:
		f := &Fields{names: map[string]*Fields{}}
		addFields(f, t)
		return f
	}
	return nil
}

// addFields adds the JSON members of struct type t to f.
func addFields(f *Fields, t reflect.Type) {
	for sf := range t.Fields() {
		tag := sf.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case name == "-" && !strings.Contains(tag, ","):
			continue
		case sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct:
			addFields(f, sf.Type)
			continue
		case !sf.IsExported():
			continue
		case name == "":
			name = sf.Name
		}
		f.names[name] = fieldsOf(sf.Type)
	}
}

// child returns the node of member k, and whether f knows it.
func (f *Fields) child(k string) (*Fields, bool) {
	switch {
	case f == nil:
		return nil, true
	case f.isMap:
		return f.other, true
	}
	c, ok := f.names[k]
	return c, ok
}

// Report is what one walk of a document found.
type Report struct {
	// Repeated lists every key given twice in one object, in document
	// order.
	Repeated []Key
	// Unknown lists every key the schema does not name, in document order.
	Unknown []Key
	// Starts holds the byte offset where each element of the list starts.
	Starts []int64
}

// The messages of keys at fault, for a FieldError.
const (
	RepeatedMessage = "repeated name: give each member once"
	UnknownMessage  = "unknown field"
)

// Fault is a key at fault and what is wrong with it.
type Fault struct {
	Key
	Message string // RepeatedMessage or UnknownMessage
}

// Faults returns the repeated keys, then the unknown ones, each with its
// message.
func (r Report) Faults() []Fault {
	out := make([]Fault, 0, len(r.Repeated)+len(r.Unknown))
	for _, k := range r.Repeated {
		out = append(out, Fault{k, RepeatedMessage})
	}
	for _, k := range r.Unknown {
		out = append(out, Fault{k, UnknownMessage})
	}
	return out
}

// Duplicates returns every repeated key in the JSON value at the start of
// data, in document order. It stops at the first syntax error, which it
// leaves to the decoder to report. O(len(data)).
func Duplicates(data []byte) []Key { return Check(data, nil, "-").Repeated }

// Check walks the JSON value at the start of data once, in O(len(data)).
// It reports every repeated key, every key that schema (nil: anything)
// does not name, and where each element of a list starts: the elements
// of the value itself when list is "", of the member list of the
// top-level object otherwise, so that a decoder can give each record its
// line (see Lines). It stops at the first syntax error, which it leaves
// to the decoder to report.
func Check(data []byte, schema *Fields, list string) Report {
	var w walker
	w.run(data, schema, list)
	return w.r
}

// frame is one open object or array of the walk.
type frame struct {
	object bool
	path   string
	node   *Fields
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

type walker struct {
	r     Report
	stack []frame
}

func (w *walker) run(data []byte, schema *Fields, list string) {
	dec := json.NewDecoder(bytes.NewReader(data))
	member, memberNode := "", schema // the member whose key was read last
	target := -1                     // the depth of the list's elements, once found
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			if len(w.stack) == target {
				target = -2 // the list has ended
			}
			w.stack = w.stack[:len(w.stack)-1]
			if len(w.stack) == 0 {
				return
			}
			continue
		}
		path, node := "", schema
		if n := len(w.stack); n > 0 {
			f := &w.stack[n-1]
			switch {
			case f.object && f.key:
				k, _ := tok.(string)
				f.key = false
				member = join(f.path, k)
				var known bool
				memberNode, known = f.node.child(k)
				if f.seen(k) {
					w.r.Repeated = append(w.r.Repeated, Key{Path: member, Offset: dec.InputOffset()})
				}
				if !known {
					w.r.Unknown = append(w.r.Unknown, Key{Path: member, Offset: dec.InputOffset()})
				}
				continue
			case f.object:
				path, node, f.key = member, memberNode, true
			default:
				path = f.path + "[" + strconv.Itoa(f.index) + "]"
				f.index++
				node = nil
				if f.node != nil {
					node = f.node.elem
				}
			}
		}
		if len(w.stack) == target {
			w.r.Starts = append(w.r.Starts, skipSeparators(data, off))
		}
		switch tok {
		case json.Delim('{'):
			w.stack = append(w.stack, frame{object: true, path: path, node: node, key: true})
		case json.Delim('['):
			w.stack = append(w.stack, frame{path: path, node: node})
			if target == -1 && path == list && (list == "" || len(w.stack) == 2) {
				target = len(w.stack)
			}
		default:
			if len(w.stack) == 0 {
				return
			}
		}
	}
}

// skipSeparators returns the offset of the first byte at or after off
// that is not white space or a comma.
func skipSeparators(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\n', '\r', ',':
			off++
		default:
			return off
		}
	}
	return off
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
