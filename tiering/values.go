package tiering

import (
	"fmt"
	"strings"
)

// This file holds the small value types that every other package keys on:
// the v2 Tier (A3 … D0, with the S variants), the v3 tier (A–G), the RoSH level
// and the MAPPA level and category. Each is a comparable uint8 with String,
// a Parse function, MarshalText/UnmarshalText and IsValid.

// Protect is the v2 protect level, the letter of a tier: A (most risk of
// harm) to D. The zero Protect is invalid.
type Protect uint8

// The protect levels, most serious first.
const (
	ProtectA Protect = iota + 1
	ProtectB
	ProtectC
	ProtectD
)

// IsValid reports whether p is one of ProtectA … ProtectD.
func (p Protect) IsValid() bool { return p >= ProtectA && p <= ProtectD }

// String returns "A", "B", "C" or "D", or "Protect(n)" for an invalid value.
func (p Protect) String() string {
	if !p.IsValid() {
		return fmt.Sprintf("Protect(%d)", uint8(p))
	}
	return string(rune('A' + p - 1))
}

// ParseProtect parses a protect letter "A" … "D", ignoring case.
func ParseProtect(s string) (Protect, error) {
	u := strings.TrimSpace(s)
	if len(u) == 1 {
		if c := u[0] &^ 0x20; c >= 'A' && c <= 'D' {
			return Protect(c - 'A' + 1), nil
		}
	}
	return 0, fmt.Errorf("tiering: invalid protect level %q: want A, B, C or D", s)
}

// MarshalText returns the String form; the zero Protect marshals as
// empty text.
func (p Protect) MarshalText() ([]byte, error) {
	if p == 0 {
		return []byte{}, nil
	}
	if !p.IsValid() {
		return nil, fmt.Errorf("tiering: cannot marshal invalid %v", p)
	}
	return []byte(p.String()), nil
}

// UnmarshalText parses text with ParseProtect; empty text is the zero
// Protect.
func (p *Protect) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*p = 0
		return nil
	}
	v, err := ParseProtect(string(text))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Compare orders protect levels by seriousness, lowest first (D < C < B
// < A), with the zero Protect below D. It returns -1, 0 or +1.
func (p Protect) Compare(q Protect) int {
	rank := func(v Protect) int {
		if !v.IsValid() {
			return 0
		}
		return 5 - int(v)
	}
	a, b := rank(p), rank(q)
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Tier is an HMPPS v2 tier: a protect letter A–D, a change level 0–3 and
// an optional S suffix for cases past the unsupervised two-thirds point of
// the Probation Reset (a PRC registration).
//
// Its numeric value is the WMT case category (hmpps-workload
// V1_13__ADD_REF_DATA.sql and V1_57–V1_69): 1 = A3, 2 = A2, … 16 = D0,
// 17 = A3S … 32 = D0S. The zero Tier is Untiered: a case with no tier,
// which WMT weights at 0 points. IsValid reports false for it.
type Tier uint8

// Untiered is the zero Tier: no tier has been calculated for the case.
const Untiered Tier = 0

// NumTiers is one more than the largest Tier value, so that a table
// indexed by Tier (Untiered included) has NumTiers entries.
const NumTiers = 33

// MakeTier returns the tier with protect level p, change level change
// (0–3) and the S suffix if unsupervised. It returns Untiered if p or
// change is out of range.
func MakeTier(p Protect, change int, unsupervised bool) Tier {
	if !p.IsValid() || change < 0 || change > 3 {
		return Untiered
	}
	t := Tier(int(p-1)*4 + (3 - change) + 1)
	if unsupervised {
		t += 16
	}
	return t
}

// IsValid reports whether t is a classified tier (A3 … D0S).
func (t Tier) IsValid() bool { return t >= 1 && t <= 32 }

// Protect returns the protect letter of t, or 0 if t is Untiered.
func (t Tier) Protect() Protect {
	if !t.IsValid() {
		return 0
	}
	return Protect((int(t)-1)%16/4 + 1)
}

// Change returns the change level 0–3 of t, or -1 if t is Untiered.
func (t Tier) Change() int {
	if !t.IsValid() {
		return -1
	}
	return 3 - (int(t)-1)%4
}

// Unsupervised reports whether t carries the S suffix.
func (t Tier) Unsupervised() bool { return t >= 17 && t <= 32 }

// Supervised returns t without the S suffix.
func (t Tier) Supervised() Tier {
	if t.Unsupervised() {
		return t - 16
	}
	return t
}

// String returns the tier as HMPPS writes it ("A1", "B2S"), or
// "untiered" for the zero Tier.
func (t Tier) String() string {
	switch {
	case t == Untiered:
		return "untiered"
	case !t.IsValid():
		return fmt.Sprintf("Tier(%d)", uint8(t))
	}
	b := []byte{'A' + byte(t.Protect()-1), '0' + byte(t.Change())}
	if t.Unsupervised() {
		b = append(b, 'S')
	}
	return string(b)
}

// ParseTier parses a tier such as "B2" or "C0S", ignoring case. The
// Delius reference-data form with a "U" prefix ("UB2") is accepted too,
// and so is "untiered" for the zero Tier.
func ParseTier(s string) (Tier, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	if u == "UNTIERED" {
		return Untiered, nil
	}
	if len(u) >= 3 && u[0] == 'U' && u[1] >= 'A' && u[1] <= 'D' {
		u = u[1:]
	}
	unsup := strings.HasSuffix(u, "S")
	u = strings.TrimSuffix(u, "S")
	if len(u) != 2 || u[0] < 'A' || u[0] > 'D' || u[1] < '0' || u[1] > '3' {
		return Untiered, fmt.Errorf("tiering: invalid tier %q: want a letter A-D, a digit 0-3 and an optional S", s)
	}
	return MakeTier(Protect(u[0]-'A'+1), int(u[1]-'0'), unsup), nil
}

// MustParseTier is like ParseTier but panics on error. It is intended for
// tests and examples with literal tiers.
func MustParseTier(s string) Tier {
	t, err := ParseTier(s)
	if err != nil {
		panic(err)
	}
	return t
}

// MarshalText returns the String form, or an empty text for Untiered.
func (t Tier) MarshalText() ([]byte, error) {
	if t == Untiered {
		return []byte{}, nil
	}
	if !t.IsValid() {
		return nil, fmt.Errorf("tiering: cannot marshal invalid %v", t)
	}
	return []byte(t.String()), nil
}

// UnmarshalText parses text with ParseTier; an empty text is Untiered.
func (t *Tier) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*t = Untiered
		return nil
	}
	v, err := ParseTier(string(text))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// Compare orders tiers by how much supervision they call for, lowest
// first, as the allocation tool sorts them (D0 lowest … A3 highest; ui
// TierOrder.ts): by protect letter (D < C < B < A), then change level,
// with an S tier just below its supervised twin. Untiered is lowest of
// all. It returns -1, 0 or +1.
func (t Tier) Compare(u Tier) int {
	rt, ru := t.rank(), u.rank()
	switch {
	case rt < ru:
		return -1
	case rt > ru:
		return 1
	}
	return 0
}

func (t Tier) rank() int {
	if !t.IsValid() {
		return 0
	}
	r := (4-int(t.Protect()))*8 + t.Change()*2 + 2
	if t.Unsupervised() {
		r--
	}
	return r
}

// V3Tier is a result of the single-axis v3 framework: A (most serious)
// to G, or one of the states NotSupervised and Missing. The zero V3Tier is
// invalid (not calculated).
type V3Tier uint8

// The v3 tiers and states (hmpps-tier TierCalculator.kt).
const (
	V3A V3Tier = iota + 1
	V3B
	V3C
	V3D
	V3E
	V3F
	V3G
	V3NotSupervised // no active event
	V3Missing       // no OGRS4 predictors, or ARP or CSRP missing
)

var v3Names = [...]string{"", "A", "B", "C", "D", "E", "F", "G", "NOT_SUPERVISED", "MISSING"}

// IsValid reports whether t is one of V3A … V3G, V3NotSupervised or V3Missing.
func (t V3Tier) IsValid() bool { return t >= V3A && t <= V3Missing }

// IsLetter reports whether t is one of the letters A–G.
func (t V3Tier) IsLetter() bool { return t >= V3A && t <= V3G }

// String returns "A" … "G", "NOT_SUPERVISED" or "MISSING".
func (t V3Tier) String() string {
	if !t.IsValid() {
		return fmt.Sprintf("V3Tier(%d)", uint8(t))
	}
	return v3Names[t]
}

// ParseV3Tier parses the String form, ignoring case.
func ParseV3Tier(s string) (V3Tier, error) {
	if i := lookupName(v3Names[:], s); i > 0 {
		return V3Tier(i), nil
	}
	return 0, fmt.Errorf("tiering: invalid v3 tier %q: want A-G, NOT_SUPERVISED or MISSING", s)
}

// MarshalText returns the String form; the zero V3Tier marshals as empty text.
func (t V3Tier) MarshalText() ([]byte, error) {
	if t == 0 {
		return []byte{}, nil
	}
	if !t.IsValid() {
		return nil, fmt.Errorf("tiering: cannot marshal invalid %v", t)
	}
	return []byte(t.String()), nil
}

// UnmarshalText parses text with ParseV3Tier; empty text is the zero V3Tier.
func (t *V3Tier) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*t = 0
		return nil
	}
	v, err := ParseV3Tier(string(text))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// Compare orders letters by seriousness, lowest first (G < F < … < A).
// NotSupervised, Missing and the zero value sort below G in that order
// (zero, NotSupervised, Missing). It returns -1, 0 or +1.
func (t V3Tier) Compare(u V3Tier) int {
	rank := func(v V3Tier) int {
		switch {
		case v.IsLetter():
			return 10 - int(v)
		case v == V3Missing:
			return 2
		case v == V3NotSupervised:
			return 1
		}
		return 0
	}
	a, b := rank(t), rank(u)
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// RoSH is the Risk of Serious Harm level. The zero value, RoSHNone, means
// no RoSH registration is recorded (v3 treats it as "RoSH missing").
type RoSH uint8

// The RoSH levels, from the Delius registrations RLRH, RMRH, RHRH and RVHR.
const (
	RoSHNone RoSH = iota
	RoSHLow
	RoSHMedium
	RoSHHigh
	RoSHVeryHigh
)

var roshNames = [...]string{"", "LOW", "MEDIUM", "HIGH", "VERY_HIGH"}
var roshCodes = [...]string{"", "RLRH", "RMRH", "RHRH", "RVHR"}

// IsValid reports whether r is RoSHNone … RoSHVeryHigh.
func (r RoSH) IsValid() bool { return r <= RoSHVeryHigh }

// String returns "LOW", "MEDIUM", "HIGH" or "VERY_HIGH", or "NONE" for RoSHNone.
func (r RoSH) String() string {
	switch {
	case r == RoSHNone:
		return "NONE"
	case !r.IsValid():
		return fmt.Sprintf("RoSH(%d)", uint8(r))
	}
	return roshNames[r]
}

// Code returns the Delius registration code for r (RLRH, RMRH, RHRH,
// RVHR), or "" for RoSHNone.
func (r RoSH) Code() string {
	if !r.IsValid() {
		return ""
	}
	return roshCodes[r]
}

// ParseRoSH parses a RoSH level, ignoring case: "LOW", "MEDIUM", "HIGH",
// "VERY_HIGH" (also "VERY HIGH"), the Delius codes RLRH, RMRH, RHRH and
// RVHR, or "NONE" and "" for RoSHNone.
func ParseRoSH(s string) (RoSH, error) {
	u := strings.ReplaceAll(strings.TrimSpace(s), " ", "_")
	if u == "" || strings.EqualFold(u, "NONE") {
		return RoSHNone, nil
	}
	if i := lookupName(roshNames[:], u); i > 0 {
		return RoSH(i), nil
	}
	if i := lookupName(roshCodes[:], u); i > 0 {
		return RoSH(i), nil
	}
	return 0, fmt.Errorf("tiering: invalid RoSH level %q: want LOW, MEDIUM, HIGH, VERY_HIGH or NONE", s)
}

// MarshalText returns the String form, or empty text for RoSHNone.
func (r RoSH) MarshalText() ([]byte, error) {
	if r == RoSHNone {
		return []byte{}, nil
	}
	if !r.IsValid() {
		return nil, fmt.Errorf("tiering: cannot marshal invalid %v", r)
	}
	return []byte(r.String()), nil
}

// UnmarshalText parses text with ParseRoSH.
func (r *RoSH) UnmarshalText(text []byte) error {
	v, err := ParseRoSH(string(text))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// MAPPALevel is the Multi-Agency Public Protection Arrangements management
// level 1–3. The zero value, MAPPANone, means no MAPPA registration with a
// level of M1, M2 or M3.
type MAPPALevel uint8

// The MAPPA levels.
const (
	MAPPANone MAPPALevel = iota
	MAPPA1
	MAPPA2
	MAPPA3
)

// IsValid reports whether l is MAPPANone … MAPPA3.
func (l MAPPALevel) IsValid() bool { return l <= MAPPA3 }

// String returns "M1", "M2" or "M3", or "NONE" for MAPPANone.
func (l MAPPALevel) String() string {
	switch {
	case l == MAPPANone:
		return "NONE"
	case !l.IsValid():
		return fmt.Sprintf("MAPPALevel(%d)", uint8(l))
	}
	return "M" + string(rune('0'+l))
}

// ParseMAPPALevel parses "M1", "M2" or "M3" (or "1"–"3"), ignoring case.
// "M0", "NONE" and "" parse as MAPPANone: Delius level M0 is not a MAPPA
// level for tiering (hmpps-tier reads only M1–M3). Anything else, such as
// "M7", is an error.
func ParseMAPPALevel(s string) (MAPPALevel, error) {
	n, ok := parseMCode(s, 3)
	if !ok {
		return 0, fmt.Errorf("tiering: invalid MAPPA level %q: want M1, M2, M3 or NONE", s)
	}
	return MAPPALevel(n), nil
}

// MarshalText returns the String form, or empty text for MAPPANone.
func (l MAPPALevel) MarshalText() ([]byte, error) {
	if l == MAPPANone {
		return []byte{}, nil
	}
	if !l.IsValid() {
		return nil, fmt.Errorf("tiering: cannot marshal invalid %v", l)
	}
	return []byte(l.String()), nil
}

// UnmarshalText parses text with ParseMAPPALevel.
func (l *MAPPALevel) UnmarshalText(text []byte) error {
	v, err := ParseMAPPALevel(string(text))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// MAPPACategory is the MAPPA category 1–4 (M1 registered sexual offenders,
// M2 violent offenders, M3 other dangerous offenders, M4 terrorism). The
// zero value, MAPPACategoryNone, means the MAPPA registration has no
// category (or there is none).
type MAPPACategory uint8

// The MAPPA categories.
const (
	MAPPACategoryNone MAPPACategory = iota
	MAPPACategory1
	MAPPACategory2
	MAPPACategory3
	MAPPACategory4
)

// IsValid reports whether c is MAPPACategoryNone … MAPPACategory4.
func (c MAPPACategory) IsValid() bool { return c <= MAPPACategory4 }

// String returns "M1" … "M4", or "NONE".
func (c MAPPACategory) String() string {
	switch {
	case c == MAPPACategoryNone:
		return "NONE"
	case !c.IsValid():
		return fmt.Sprintf("MAPPACategory(%d)", uint8(c))
	}
	return "M" + string(rune('0'+c))
}

// ParseMAPPACategory parses "M1" … "M4" (or "1"–"4"), ignoring case;
// "NONE" and "" parse as MAPPACategoryNone.
func ParseMAPPACategory(s string) (MAPPACategory, error) {
	n, ok := parseMCode(s, 4)
	if u := strings.TrimSpace(s); !ok || strings.EqualFold(u, "M0") || u == "0" {
		return 0, fmt.Errorf("tiering: invalid MAPPA category %q: want M1, M2, M3, M4 or NONE", s)
	}
	return MAPPACategory(n), nil
}

// MarshalText returns the String form, or empty text for MAPPACategoryNone.
func (c MAPPACategory) MarshalText() ([]byte, error) {
	if c == MAPPACategoryNone {
		return []byte{}, nil
	}
	if !c.IsValid() {
		return nil, fmt.Errorf("tiering: cannot marshal invalid %v", c)
	}
	return []byte(c.String()), nil
}

// UnmarshalText parses text with ParseMAPPACategory.
func (c *MAPPACategory) UnmarshalText(text []byte) error {
	v, err := ParseMAPPACategory(string(text))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// parseMCode parses "", "NONE", "M0"…"M<max>" or "0"…"<max>".
func parseMCode(s string, max int) (int, bool) {
	u := strings.ToUpper(strings.TrimSpace(s))
	if u == "" || u == "NONE" {
		return 0, true
	}
	u = strings.TrimPrefix(u, "M")
	if len(u) != 1 || u[0] < '0' || int(u[0]-'0') > max {
		return 0, false
	}
	return int(u[0] - '0'), true
}

// lookupName returns the index of s in names ignoring case, or -1.
func lookupName(names []string, s string) int {
	s = strings.TrimSpace(s)
	for i, n := range names {
		if n != "" && strings.EqualFold(n, s) {
			return i
		}
	}
	return -1
}
