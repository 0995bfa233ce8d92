// Package enum writes the text forms of the module's enumerations once:
// String, Parse, MarshalText and UnmarshalText over a table of names,
// with case-insensitive lookup. Each enum type keeps one-line methods
// that call its Table, so the exported API stays concrete while the code
// exists once.
package enum

import (
	"fmt"
	"strings"

	"github.com/probationkit/probation"
)

// Table maps the values of an enum type T to their names. Values are
// consecutive from First; a value outside the table is invalid. A Table
// is immutable once made and safe for concurrent use.
type Table[T ~uint8] struct {
	pkg, kind, typ string
	first          T
	names          []string
	alias          map[string]T // upper-cased extra spellings accepted by Parse
}

// New returns the table of the values first, first+1, … named names, in
// order. pkg prefixes error messages ("allocation"), kind names the enum
// in them ("strategy"), and typ is the Go type name used by String for an
// invalid value ("Strategy(9)").
func New[T ~uint8](pkg, kind, typ string, first T, names ...string) Table[T] {
	return Table[T]{pkg: pkg, kind: kind, typ: typ, first: first, names: names}
}

// WithAliases returns t with extra spellings that Parse accepts (case
// insensitively) besides the names; String never returns them.
func (t Table[T]) WithAliases(aliases map[string]T) Table[T] {
	t.alias = make(map[string]T, len(aliases))
	for k, v := range aliases {
		t.alias[strings.ToUpper(k)] = v
	}
	return t
}

// Valid reports whether v is in the table.
func (t Table[T]) Valid(v T) bool { return v >= t.first && int(v-t.first) < len(t.names) }

// String returns v's name, or "Type(n)" for a value outside the table.
func (t Table[T]) String(v T) string {
	if !t.Valid(v) {
		return fmt.Sprintf("%s(%d)", t.typ, uint8(v))
	}
	return t.names[v-t.first]
}

// Values returns every value of the table in order.
func (t Table[T]) Values() []T {
	vs := make([]T, len(t.names))
	for k := range vs {
		vs[k] = t.first + T(k)
	}
	return vs
}

// Names returns every name of the table in order.
func (t Table[T]) Names() []string { return append([]string(nil), t.names...) }

// Parse returns the value named s, ignoring case and surrounding space.
// The error says what was wanted: "allocation: unknown strategy "x":
// want one of optimal, greedy, …".
func (t Table[T]) Parse(s string) (T, error) {
	u := strings.TrimSpace(s)
	for k, n := range t.names {
		if strings.EqualFold(n, u) {
			return t.first + T(k), nil
		}
	}
	if v, ok := t.alias[strings.ToUpper(u)]; ok {
		return v, nil
	}
	return 0, &Error{Pkg: t.pkg, Kind: t.kind, Text: s, Want: t.names}
}

// Marshal returns v's name as text. The zero value, when it is not in the
// table, marshals as empty text; any other value outside it is an error.
func (t Table[T]) Marshal(v T) ([]byte, error) {
	if !t.Valid(v) {
		if v == 0 {
			return []byte{}, nil
		}
		return nil, fmt.Errorf("%s: cannot marshal invalid %s", t.pkg, t.String(v))
	}
	return []byte(t.names[v-t.first]), nil
}

// Unmarshal parses text into *v with Parse. Empty text is the zero value
// when the zero value is not in the table.
func (t Table[T]) Unmarshal(text []byte, v *T) error {
	if len(text) == 0 && !t.Valid(0) {
		*v = 0
		return nil
	}
	p, err := t.Parse(string(text))
	if err != nil {
		return err
	}
	*v = p
	return nil
}

// Error is the error of Parse: text that names no value.
type Error struct {
	Pkg, Kind string
	Text      string   // the text as given
	Want      []string // the names accepted
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: unknown %s %q: %s", e.Pkg, e.Kind, probation.Shorten(e.Text), e.Message())
}

// Message is the error without its package prefix and text: "want one of
// a, b or c", for a FieldError's Message.
func (e *Error) Message() string {
	switch n := len(e.Want); n {
	case 0:
		return "want nothing"
	case 1:
		return "want " + e.Want[0]
	default:
		return "want one of " + strings.Join(e.Want[:n-1], ", ") + " or " + e.Want[n-1]
	}
}
