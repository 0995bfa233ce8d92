// Package jsoncheck holds what the module's JSON decoders share beyond
// encoding/json: one walk of a document that finds repeated object keys
// (which encoding/json accepts, keeping the last) and unknown ones
// (matched exactly, where encoding/json ignores case), and where each
// record of a list starts; the line of a byte offset; and messages for
// encoding/json's errors that name what was wanted rather than a Go type.
package jsoncheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
)

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
// (a JSON path such as "risk.tier", "" when unknown; encoding/json leaves
// out array indexes, as in "reductions.hours"), the offending value when
// it is a number, and a message that says what was wanted without Go
// type names: "want a JSON string", "unknown field", "invalid JSON:
// invalid character 'x' …". offset is where the fault is, -1 when unknown.
func Describe(err error) (field, value, message string, offset int64) {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "", "", "invalid JSON: " + se.Error(), se.Offset
	case errors.As(err, &te):
		value, _ = strings.CutPrefix(te.Value, "number ")
		if value == te.Value {
			value = ""
		}
		return te.Field, value, "want " + kind(te.Type), te.Offset
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "", "", "invalid JSON: unexpected end of input", -1
	}
	if name, ok := strings.CutPrefix(err.Error(), `json: unknown field "`); ok {
		return strings.TrimSuffix(name, `"`), "", "unknown field", -1
	}
	return "", "", "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: "), -1
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
