package grades

import (
	"encoding"
	"math/bits"
	"strconv"
	"strings"
)

// Value is the constraint of the tiering value types a [Condition]
// tests: tiering.RoSH, tiering.MAPPALevel, tiering.MAPPACategory,
// tiering.Protect and tiering.V3Tier. Each is a small enumeration whose
// values lie below 16; its zero value, valid or not, is a value a case
// can have (no RoSH recorded, an untiered case, a v3 tier not
// calculated), and its text form, the zero's included, names each value
// and parses back with UnmarshalText.
type Value interface {
	~uint8
	IsValid() bool
	String() string
}

// Ordered is a [Value] whose values are ordered by seriousness with a
// three-way Compare, lowest first: tiering.RoSH (none < low < … < very
// high), tiering.MAPPALevel (none < M1 < M2 < M3), tiering.Protect
// (untiered < D < C < B < A) and tiering.V3Tier (not calculated <
// NOT_SUPERVISED < MISSING < G < … < A). tiering.MAPPACategory is not
// Ordered: its categories are kinds, not degrees, so [AtLeast] does not
// accept it.
type Ordered[T any] interface {
	Value
	Compare(T) int
}

// ValueSet is a set of values of the tiering type T, one bit per value,
// the zero value included. The zero ValueSet is empty. It is a small
// comparable value; [ValuesOf] and [AtLeast] make one:
//
//	Condition{RoSH: AtLeast(tiering.RoSHHigh), MAPPACategory: ValuesOf(tiering.MAPPACategory4)}
//
// Its text form, in String and in the policy JSON, is the names of its
// values in value order ("HIGH|VERY_HIGH" in String, ["HIGH",
// "VERY_HIGH"] in JSON).
type ValueSet[T Value] uint16

// maxValues bounds the values of a Value type a ValueSet can hold.
const maxValues = 16

// inDomain reports whether v is a value a case can have: valid, or zero.
func inDomain[T Value](v T) bool { return v < maxValues && (v == 0 || v.IsValid()) }

// ValuesOf returns the set of the given values; values that are not
// valid, other than zero, are left out.
func ValuesOf[T Value](vs ...T) ValueSet[T] {
	var s ValueSet[T]
	for _, v := range vs {
		if inDomain(v) {
			s |= 1 << v
		}
	}
	return s
}

// AtLeast returns v and every value of its type at least as serious by
// T's Compare. So AtLeast(tiering.RoSHHigh) is {HIGH, VERY_HIGH}, and
// AtLeast(tiering.ProtectB) is {A, B}: the zero values (no RoSH, an
// untiered case, a v3 tier not calculated) and the v3 states
// NOT_SUPERVISED and MISSING rank below every level and letter, so they
// are left out unless v is one of them; add them with ValuesOf if a rule
// should treat them cautiously.
func AtLeast[T Ordered[T]](v T) ValueSet[T] {
	var s ValueSet[T]
	if !inDomain(v) {
		return 0
	}
	for w := T(0); w < maxValues; w++ {
		if inDomain(w) && w.Compare(v) >= 0 {
			s |= 1 << w
		}
	}
	return s
}

// Has reports whether v is in s.
func (s ValueSet[T]) Has(v T) bool { return v < maxValues && s&(1<<v) != 0 }

// Values returns the values in s in value order.
func (s ValueSet[T]) Values() []T {
	out := make([]T, 0, bits.OnesCount16(uint16(s)))
	for v := T(0); v < maxValues; v++ {
		if s.Has(v) {
			out = append(out, v)
		}
	}
	return out
}

// IsValid reports whether s holds only values a case can have.
func (s ValueSet[T]) IsValid() bool {
	for v := T(0); v < maxValues; v++ {
		if s.Has(v) && !inDomain(v) {
			return false
		}
	}
	return true
}

// String returns the names of the values in s joined by "|", or "{}"
// when s is empty; a value outside T's domain is written "?n".
func (s ValueSet[T]) String() string {
	if s == 0 {
		return "{}"
	}
	return strings.Join(s.names(), "|")
}

// names returns the names of the values in s, in value order.
func (s ValueSet[T]) names() []string {
	var out []string
	for v := T(0); v < maxValues; v++ {
		switch {
		case !s.Has(v):
		case inDomain(v):
			out = append(out, v.String())
		default:
			out = append(out, "?"+strconv.Itoa(int(v)))
		}
	}
	return out
}

// parseValues returns the set of the named values, each parsed by T's
// UnmarshalText (ignoring case), and the names that name no value of the
// domain; an empty name is one of those.
func parseValues[T Value](names []string) (s ValueSet[T], bad []string) {
	for _, n := range names {
		var v T
		u, ok := any(&v).(encoding.TextUnmarshaler)
		if !ok || strings.TrimSpace(n) == "" || u.UnmarshalText([]byte(n)) != nil || !inDomain(v) {
			bad = append(bad, n)
			continue
		}
		s |= 1 << v
	}
	return s, bad
}

// wantNames returns "want one of A, B or C" for the names of T's domain.
func wantNames[T Value]() string {
	var all ValueSet[T]
	for v := T(0); v < maxValues; v++ {
		if inDomain(v) {
			all |= 1 << v
		}
	}
	ns := all.names()
	return "want one of " + strings.Join(ns[:len(ns)-1], ", ") + " or " + ns[len(ns)-1]
}
