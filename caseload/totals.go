package caseload

import (
	"cmp"
	"slices"

	"github.com/probationkit/probation/internal/enum"
	"github.com/probationkit/probation/tiering"
)

// Level is the level at which workloads are totalled. The zero Level is
// National.
type Level uint8

// The levels, widest first.
const (
	National Level = iota
	Region
	PDU
	Team
)

var levelTable = enum.New("caseload", "level", "Level", National, "NATIONAL", "REGION", "PDU", "TEAM")

// IsValid reports whether l is one of the constants.
func (l Level) IsValid() bool { return l <= Team }

// String returns "NATIONAL", "REGION", "PDU" or "TEAM".
func (l Level) String() string { return levelTable.String(l) }

// ParseLevel parses the String form, ignoring case.
func ParseLevel(s string) (Level, error) { return levelTable.Parse(s) }

// MarshalText returns the String form.
func (l Level) MarshalText() ([]byte, error) { return levelTable.Marshal(l) }

// UnmarshalText parses text with ParseLevel.
func (l *Level) UnmarshalText(text []byte) error { return levelTable.Unmarshal(text, l) }

// TierMix counts cases by tier letter, as the allocation tool's officer
// overview shows them: each letter sums its four change levels, S tiers
// apart (ui officer-overview.njk; domain/workload.md §3.4).
type TierMix struct {
	A        int `json:"a"`
	B        int `json:"b"`
	C        int `json:"c"`
	D        int `json:"d"`
	AS       int `json:"as"`
	BS       int `json:"bs"`
	CS       int `json:"cs"`
	DS       int `json:"ds"`
	Untiered int `json:"untiered"`
}

func (m *TierMix) add(t tiering.Tier) {
	if !t.IsValid() {
		m.Untiered++
		return
	}
	s := t.Unsupervised()
	switch t.Protect() {
	case tiering.ProtectA:
		m.A, m.AS = bump(m.A, m.AS, s)
	case tiering.ProtectB:
		m.B, m.BS = bump(m.B, m.BS, s)
	case tiering.ProtectC:
		m.C, m.CS = bump(m.C, m.CS, s)
	default:
		m.D, m.DS = bump(m.D, m.DS, s)
	}
}

func bump(plain, s int, unsupervised bool) (int, int) {
	if unsupervised {
		return plain, s + 1
	}
	return plain + 1, s
}

// TypeMix counts cases by case type.
type TypeMix struct {
	Community int `json:"community"`
	Licence   int `json:"licence"`
	Custody   int `json:"custody"`
}

func (m *TypeMix) add(t CaseType) {
	switch t {
	case Community:
		m.Community++
	case Licence:
		m.Licence++
	case Custody:
		m.Custody++
	}
}

// Total is the workload of a team, PDU, region or the nation: the sums of
// its practitioners' workloads (web calculate-overview-values.js:
// Σ points / Σ available; domain/workload.md §2.4).
type Total struct {
	Level Level  `json:"level"`
	Key   string `json:"key"` // team, PDU or region code; "" for National

	Practitioners int `json:"practitioners"`
	Cases         int `json:"cases"` // cases held
	Points        int `json:"points"`
	Available     int `json:"available_points"`
	Remaining     int `json:"remaining_points"` // Available − Points
	// Percent is the workload %, Points / Available to one decimal place
	// (0 when Available is 0).
	Percent float64 `json:"workload_percent"`
	// Over100 and Over110 count practitioners over 100% and over 110%
	// (Over100 includes those over 110%).
	Over100 int `json:"practitioners_over_100_percent"`
	Over110 int `json:"practitioners_over_110_percent"`

	Tiers TierMix `json:"tiers"` // held cases by tier letter
	Types TypeMix `json:"types"` // held cases by case type

	// Unallocated counts the cases with no practitioner whose case Team (for
	// Team) or whose team's PDU/region (for PDU and Region, taken from the
	// practitioners of that team) falls here; UnallocatedPoints are their
	// points, summed exactly and rounded once.
	Unallocated       int `json:"unallocated"`
	UnallocatedPoints int `json:"unallocated_points"`
}

// key returns practitioner p's key at level l.
func (l Level) key(p *Practitioner) string {
	switch l {
	case Region:
		return p.Region
	case PDU:
		return p.PDU
	case Team:
		return p.Team
	}
	return ""
}

// Totals returns the totals at level l, one per distinct key, sorted by
// key (a single National total for National). O(cases + practitioners).
// An invalid level is treated as National.
func (cl *Caseload) Totals(l Level) []Total {
	if !l.IsValid() {
		l = National
	}
	index := map[string]int{}
	var out []Total
	var unallocated []int64 // each total's unallocated points, in PointUnits, once the practitioners are in
	at := func(key string) *Total {
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, Total{Level: l, Key: key})
			if unallocated != nil {
				unallocated = append(unallocated, 0)
			}
		}
		return &out[i]
	}
	group := make([]int32, len(cl.practitioners))
	teamKey := map[string]string{} // team → key at l, from its first practitioner
	for i := range cl.practitioners {
		p := &cl.practitioners[i]
		k := l.key(p)
		if _, ok := teamKey[p.Team]; !ok {
			teamKey[p.Team] = k
		}
		t := at(k)
		group[i] = int32(index[k])
		w := &cl.work[i]
		t.Practitioners++
		t.Cases += w.Cases
		t.Points += w.Points
		t.Available += w.Available
		if w.Over100 {
			t.Over100++
		}
		if w.Over110 {
			t.Over110++
		}
	}
	unallocated = make([]int64, len(out), len(out)+1)
	for i := range cl.cases {
		r := &cl.cases[i]
		if r.owner >= 0 {
			t := &out[group[r.owner]]
			t.Tiers.add(r.tier)
			t.Types.add(r.typ)
			continue
		}
		k, ok := teamKey[r.team]
		switch {
		case l == Team:
			k = r.team
		case l == National:
			k = ""
		case !ok:
			continue // a team with no practitioners: no PDU or region known
		}
		t := at(k)
		t.Unallocated++
		unallocated[index[k]] += int64(r.points)
	}
	for i := range out {
		t := &out[i]
		t.UnallocatedPoints = roundPoints(unallocated[i])
		t.Remaining = t.Available - t.Points
		t.Percent = Percent(t.Points, t.Available)
	}
	if l == National && len(out) == 0 {
		out = append(out, Total{Level: National})
	}
	slices.SortFunc(out, func(a, b Total) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// Overloaded returns the workloads over the given percentage (for example
// 100 or 110), highest first, ties by practitioner ID.
func (cl *Caseload) Overloaded(percent float64) []Workload {
	var out []Workload
	for _, w := range cl.work {
		if w.Percent > percent {
			out = append(out, w)
		}
	}
	slices.SortFunc(out, func(a, b Workload) int {
		if c := cmp.Compare(b.Percent, a.Percent); c != 0 {
			return c
		}
		return cmp.Compare(a.Practitioner, b.Practitioner)
	})
	return out
}
