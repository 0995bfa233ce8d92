package tiering

import (
	"cmp"
	"strconv"

	"github.com/probationkit/probation/internal/enum"
)

// This file holds the small value types that every other package keys on:
// the v2 Tier (A3 … D0, with the S variants), the v3 tier (A–G), the RoSH level
// and the MAPPA level and category. Each is a comparable uint8 with String,
// a Parse function, MarshalText/UnmarshalText and IsValid, written once by
// an enum table (internal/enum): names match ignoring case and surrounding
// space, and a value whose zero means "none" marshals that zero as empty
// text.

// Protect is the v2 protect level, the letter of a tier: A (most risk of
// harm) to D. The zero Protect is the letter of an untiered case: it is
// not valid, prints as "UNTIERED" and marshals as empty text.
type Protect uint8

// The protect levels, most serious first.
const (
	ProtectA Protect = iota + 1
	ProtectB
	ProtectC
	ProtectD
)

var protectTable = enum.New[Protect]("tiering", "protect level", "Protect", ProtectA, "A", "B", "C", "D").
	WithZero("UNTIERED")

// IsValid reports whether p is one of ProtectA … ProtectD.
func (p Protect) IsValid() bool { return p >= ProtectA && p <= ProtectD }

// String returns "A", "B", "C" or "D", "UNTIERED" for the zero Protect,
// or "Protect(n)" for an invalid value.
func (p Protect) String() string { return protectTable.String(p) }

// ParseProtect parses a protect letter "A" … "D", ignoring case; "UNTIERED"
// and empty text give the zero Protect.
func ParseProtect(s string) (Protect, error) { return protectTable.Parse(s) }

// MarshalText returns the String form; the zero Protect marshals as
// empty text.
func (p Protect) MarshalText() ([]byte, error) { return protectTable.Marshal(p) }

// UnmarshalText parses text with ParseProtect.
func (p *Protect) UnmarshalText(text []byte) error { return protectTable.Unmarshal(text, p) }

// Compare orders protect levels by seriousness, lowest first (D < C < B
// < A), with the zero Protect below D. It returns -1, 0 or +1.
func (p Protect) Compare(q Protect) int {
	rank := func(v Protect) int {
		if !v.IsValid() {
			return 0
		}
		return 5 - int(v)
	}
	return cmp.Compare(rank(p), rank(q))
}

// Tier is an HMPPS v2 tier: a protect letter A–D, a change level 0–3 and
// an optional S suffix for cases past the unsupervised two-thirds point of
// the Probation Reset (a PRC registration).
//
// Its numeric value is the WMT case category (hmpps-workload
// V1_13__ADD_REF_DATA.sql and V1_57–V1_69): 1 = A3, 2 = A2, … 16 = D0,
// 17 = A3S … 32 = D0S. The zero Tier is Untiered: a case with no tier,
// which WMT weights at 0 points. IsValid reports false for it.
//
// Its text form is the HMPPS code, "B2" or "C0S", matched ignoring case;
// the Delius reference-data code with a "U" prefix ("UB2") is accepted
// too. Untiered prints as "untiered" and marshals as empty text.
type Tier uint8

// Untiered is the zero Tier: no tier has been calculated for the case.
const Untiered Tier = 0

// NumTiers is one more than the largest Tier value, so that a table
// indexed by Tier (Untiered included) has NumTiers entries.
const NumTiers = 33

var tierTable = func() enum.Table[Tier] {
	names := make([]string, NumTiers-1)
	delius := make(map[string]Tier, NumTiers-1)
	for t := Tier(1); t < NumTiers; t++ {
		n := string([]byte{'A' + byte(t.Protect()-1), '0' + byte(t.Change())})
		if t.Unsupervised() {
			n += "S"
		}
		names[t-1], delius["U"+n] = n, t
	}
	return enum.New("tiering", "tier", "Tier", Tier(1), names...).WithAliases(delius).WithZero("untiered").
		WithMessage("want a tier such as B2 or C0S: a letter A-D, a digit 0-3 and an optional S")
}()

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

// String returns the tier as HMPPS writes it ("A1", "B2S"), "untiered"
// for the zero Tier, or "Tier(n)" for an invalid value.
func (t Tier) String() string { return tierTable.String(t) }

// ParseTier parses a tier such as "B2" or "C0S", ignoring case. The
// Delius reference-data form with a "U" prefix ("UB2") is accepted too,
// and so are "untiered" and empty text for the zero Tier.
func ParseTier(s string) (Tier, error) { return tierTable.Parse(s) }

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
func (t Tier) MarshalText() ([]byte, error) { return tierTable.Marshal(t) }

// UnmarshalText parses text with ParseTier; an empty text is Untiered.
func (t *Tier) UnmarshalText(text []byte) error { return tierTable.Unmarshal(text, t) }

// Compare orders tiers by how much supervision they call for, lowest
// first, as the allocation tool sorts them (D0 lowest … A3 highest; ui
// TierOrder.ts): by protect letter (D < C < B < A), then change level,
// with an S tier just below its supervised twin. Untiered is lowest of
// all. It returns -1, 0 or +1.
func (t Tier) Compare(u Tier) int { return cmp.Compare(t.rank(), u.rank()) }

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
// to G, or one of the states NotSupervised and Missing. The zero V3Tier
// means "not calculated": it is not valid, prints as "NOT_CALCULATED" and
// marshals as empty text.
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

var v3Table = enum.New("tiering", "v3 tier", "V3Tier", V3A, "A", "B", "C", "D", "E", "F", "G", "NOT_SUPERVISED", "MISSING").
	WithZero("NOT_CALCULATED")

// IsValid reports whether t is one of V3A … V3G, V3NotSupervised or V3Missing.
func (t V3Tier) IsValid() bool { return t >= V3A && t <= V3Missing }

// IsLetter reports whether t is one of the letters A–G.
func (t V3Tier) IsLetter() bool { return t >= V3A && t <= V3G }

// String returns "A" … "G", "NOT_SUPERVISED", "MISSING", or
// "NOT_CALCULATED" for the zero V3Tier.
func (t V3Tier) String() string { return v3Table.String(t) }

// ParseV3Tier parses the String form, ignoring case; empty text is the
// zero V3Tier.
func ParseV3Tier(s string) (V3Tier, error) { return v3Table.Parse(s) }

// MarshalText returns the String form; the zero V3Tier marshals as empty text.
func (t V3Tier) MarshalText() ([]byte, error) { return v3Table.Marshal(t) }

// UnmarshalText parses text with ParseV3Tier.
func (t *V3Tier) UnmarshalText(text []byte) error { return v3Table.Unmarshal(text, t) }

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
	return cmp.Compare(rank(t), rank(u))
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

var roshCodes = [...]string{"", "RLRH", "RMRH", "RHRH", "RVHR"}

var roshTable = enum.New("tiering", "RoSH level", "RoSH", RoSHLow, "LOW", "MEDIUM", "HIGH", "VERY_HIGH").
	WithAliases(map[string]RoSH{"RLRH": RoSHLow, "RMRH": RoSHMedium, "RHRH": RoSHHigh, "RVHR": RoSHVeryHigh, "VERY HIGH": RoSHVeryHigh}).
	WithZero("NONE")

// IsValid reports whether r is RoSHNone … RoSHVeryHigh.
func (r RoSH) IsValid() bool { return r <= RoSHVeryHigh }

// String returns "LOW", "MEDIUM", "HIGH" or "VERY_HIGH", or "NONE" for RoSHNone.
func (r RoSH) String() string { return roshTable.String(r) }

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
func ParseRoSH(s string) (RoSH, error) { return roshTable.Parse(s) }

// MarshalText returns the String form, or empty text for RoSHNone.
func (r RoSH) MarshalText() ([]byte, error) { return roshTable.Marshal(r) }

// UnmarshalText parses text with ParseRoSH.
func (r *RoSH) UnmarshalText(text []byte) error { return roshTable.Unmarshal(text, r) }

// Compare orders RoSH levels by seriousness, lowest first: none, low,
// medium, high, very high (invalid values above, by value). It returns
// -1, 0 or +1.
func (r RoSH) Compare(s RoSH) int { return cmp.Compare(r, s) }

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

var mappaLevelTable = enum.New("tiering", "MAPPA level", "MAPPALevel", MAPPA1, "M1", "M2", "M3").
	WithAliases(map[string]MAPPALevel{"1": MAPPA1, "2": MAPPA2, "3": MAPPA3, "M0": MAPPANone, "0": MAPPANone}).
	WithZero("NONE")

// IsValid reports whether l is MAPPANone … MAPPA3.
func (l MAPPALevel) IsValid() bool { return l <= MAPPA3 }

// String returns "M1", "M2" or "M3", or "NONE" for MAPPANone.
func (l MAPPALevel) String() string { return mappaLevelTable.String(l) }

// ParseMAPPALevel parses "M1", "M2" or "M3" (or "1"–"3"), ignoring case.
// "M0", "0", "NONE" and "" parse as MAPPANone: Delius level M0 is not a
// MAPPA level for tiering (hmpps-tier reads only M1–M3). Anything else,
// such as "M7", is an error.
func ParseMAPPALevel(s string) (MAPPALevel, error) { return mappaLevelTable.Parse(s) }

// MarshalText returns the String form, or empty text for MAPPANone.
func (l MAPPALevel) MarshalText() ([]byte, error) { return mappaLevelTable.Marshal(l) }

// UnmarshalText parses text with ParseMAPPALevel.
func (l *MAPPALevel) UnmarshalText(text []byte) error { return mappaLevelTable.Unmarshal(text, l) }

// Compare orders MAPPA levels, lowest first: none, M1, M2, M3 (invalid
// values above, by value). It returns -1, 0 or +1.
func (l MAPPALevel) Compare(m MAPPALevel) int { return cmp.Compare(l, m) }

// MAPPACategory is the MAPPA category 1–4 (M1 registered sexual offenders,
// M2 violent offenders, M3 other dangerous offenders, M4 terrorism). The
// zero value, MAPPACategoryNone, means the MAPPA registration has no
// category (or there is none). Categories are kinds, not degrees: they
// have no order.
type MAPPACategory uint8

// The MAPPA categories.
const (
	MAPPACategoryNone MAPPACategory = iota
	MAPPACategory1
	MAPPACategory2
	MAPPACategory3
	MAPPACategory4
)

var mappaCategoryTable = func() enum.Table[MAPPACategory] {
	digits := make(map[string]MAPPACategory, 4)
	for c := MAPPACategory1; c <= MAPPACategory4; c++ {
		digits[strconv.Itoa(int(c))] = c
	}
	return enum.New("tiering", "MAPPA category", "MAPPACategory", MAPPACategory1, "M1", "M2", "M3", "M4").
		WithAliases(digits).WithZero("NONE")
}()

// IsValid reports whether c is MAPPACategoryNone … MAPPACategory4.
func (c MAPPACategory) IsValid() bool { return c <= MAPPACategory4 }

// String returns "M1" … "M4", or "NONE".
func (c MAPPACategory) String() string { return mappaCategoryTable.String(c) }

// ParseMAPPACategory parses "M1" … "M4" (or "1"–"4"), ignoring case;
// "NONE" and "" parse as MAPPACategoryNone.
func ParseMAPPACategory(s string) (MAPPACategory, error) { return mappaCategoryTable.Parse(s) }

// MarshalText returns the String form, or empty text for MAPPACategoryNone.
func (c MAPPACategory) MarshalText() ([]byte, error) { return mappaCategoryTable.Marshal(c) }

// UnmarshalText parses text with ParseMAPPACategory.
func (c *MAPPACategory) UnmarshalText(text []byte) error {
	return mappaCategoryTable.Unmarshal(text, c)
}
