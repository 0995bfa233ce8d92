// Package enum writes the text forms of the module's enumerations once:
// String, Parse, MarshalText and UnmarshalText over a table of names,
// with case-insensitive lookup. Each enum type keeps one-line methods
// that call its Table, so the exported API stays concrete while the code
// exists once.
package enum

import (
	"fmt"
	"maps"
	"strings"

	"github.com/probationkit/probation"
)

// linearNames is the table size up to which Parse compares the names as
// written before looking them up.
const linearNames = 8

// Table maps the values of an enum type T to their names. Values are
// consecutive from First; a value outside the table is invalid. A Table
// is immutable once made and safe for concurrent use.
type Table[T ~uint8] struct {
	pkg, kind, typ string
	first          T
	names          []string
	index          map[string]T // upper-cased names and aliases
	zero           string       // the zero value's name, when WithZero named it
	hasZero        bool
	want           string // Message of a Parse error; "" lists the names
}

// New returns the table of the values first, first+1, … named names, in
// order. pkg prefixes error messages ("allocation"), kind names the enum
// in them ("strategy"), and typ is the Go type name used by String for an
// invalid value ("Strategy(9)"). Names must differ once upper-cased.
func New[T ~uint8](pkg, kind, typ string, first T, names ...string) Table[T] {
	t := Table[T]{pkg: pkg, kind: kind, typ: typ, first: first, names: names, index: make(map[string]T, 2*len(names))}
	for k, n := range names {
		t.index[n] = first + T(k) // as written, found without case folding
		t.index[strings.ToUpper(n)] = first + T(k)
	}
	return t
}

// WithAliases returns t with extra spellings that Parse accepts (case
// insensitively) besides the names; String never returns them. An alias
// may be the empty string, for a value that empty text stands for.
func (t Table[T]) WithAliases(aliases map[string]T) Table[T] {
	t.index = maps.Clone(t.index)
	for k, v := range aliases {
		t.index[k] = v
		t.index[strings.ToUpper(k)] = v
	}
	return t
}

// WithZero returns t, whose values start at 1, with the zero value made
// valid and named name: String(0) returns name, Parse accepts name and
// empty text for it, and Marshal writes it as empty text, so that an
// empty CSV cell or an omitted JSON field means the zero value. It is for
// types whose zero value means "none" or "not given" (a RoSH level of
// NONE, a tier of untiered).
func (t Table[T]) WithZero(name string) Table[T] {
	t = t.WithAliases(map[string]T{name: 0, "": 0})
	t.zero, t.hasZero = name, true
	return t
}

// WithMessage returns t with want as the Message of its Parse errors,
// in place of the list of every name: for a long table, such as "want a
// tier such as B2 or C0S".
func (t Table[T]) WithMessage(want string) Table[T] {
	t.want = want
	return t
}

// Valid reports whether v is in the table (the zero value included, when
// WithZero named it).
func (t Table[T]) Valid(v T) bool {
	return (v >= t.first && int(v-t.first) < len(t.names)) || (v == 0 && t.hasZero)
}

// String returns v's name, or "Type(n)" for a value outside the table.
func (t Table[T]) String(v T) string {
	switch {
	case v == 0 && t.hasZero:
		return t.zero
	case !t.Valid(v):
		return fmt.Sprintf("%s(%d)", t.typ, uint8(v))
	}
	return t.names[v-t.first]
}

// Values returns every value of the table in order, the named zero first.
func (t Table[T]) Values() []T {
	vs := make([]T, 0, len(t.names)+1)
	if t.hasZero {
		vs = append(vs, 0)
	}
	for k := range t.names {
		vs = append(vs, t.first+T(k))
	}
	return vs
}

// Names returns every name of the table in order, the zero's first.
func (t Table[T]) Names() []string {
	ns := make([]string, 0, len(t.names)+1)
	if t.hasZero {
		ns = append(ns, t.zero)
	}
	return append(ns, t.names...)
}

// Parse returns the value named s, ignoring case and surrounding space.
// The error says what was wanted: "allocation: unknown strategy "x":
// want one of optimal, greedy, …". It allocates only for text written
// neither as the name is nor in upper case.
func (t Table[T]) Parse(s string) (T, error) {
	u := strings.TrimSpace(s)
	if len(t.names) <= linearNames {
		// Small tables: names as written are found faster by comparing.
		for k, n := range t.names {
			if n == u {
				return t.first + T(k), nil
			}
		}
	}
	if v, ok := t.index[u]; ok {
		return v, nil
	}
	if v, ok := t.index[strings.ToUpper(u)]; ok {
		return v, nil
	}
	return 0, &Error{Pkg: t.pkg, Kind: t.kind, Text: s, Want: t.Names(), Hint: t.want}
}

// Marshal returns v's name as text. The zero value, when it is not in the
// table or when WithZero named it, marshals as empty text; any other
// value outside the table is an error.
func (t Table[T]) Marshal(v T) ([]byte, error) {
	switch {
	case v == 0 && (t.hasZero || !t.Valid(0)):
		return []byte{}, nil
	case !t.Valid(v):
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
	Hint      string   // the table's own Message, if it has one
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: unknown %s %q: %s", e.Pkg, e.Kind, probation.Shorten(e.Text), e.Message())
}

// Message is the error without its package prefix and text: "want one of
// a, b or c", for a FieldError's Message.
func (e *Error) Message() string {
	if e.Hint != "" {
		return e.Hint
	}
	switch n := len(e.Want); n {
	case 0:
		return "want nothing"
	case 1:
		return "want " + e.Want[0]
	default:
		return "want one of " + strings.Join(e.Want[:n-1], ", ") + " or " + e.Want[n-1]
	}
}
