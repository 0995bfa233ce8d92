package synth

import (
	"math"
	"math/rand/v2"
	"strings"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/enum"
)

// Family is a shape of instance: how teams are sized, which grades and
// hours practitioners have, and which tiers and case types cases have.
// Every family comes in the same named sizes (see [Family.Sizes]). The
// zero Family is Standard, so a Size that names no family keeps the
// shape, and the output, it always had.
type Family uint8

// The families.
const (
	// Standard is the family of the measured anchors (optimizer.md §6.2),
	// described in the package comment.
	Standard Family = iota
	// Uneven has uneven team sizes, a tier mix skewed towards high risk
	// of harm, many part-timers and a tight supply of Probation Officers,
	// so that the work only a PO may hold is the scarce capacity. See
	// the package comment, "The uneven family".
	Uneven
)

var familyText = enum.New[Family]("synth", "family", "Family", Standard, "standard", "uneven")

// Families returns every family in order: Standard, Uneven.
func Families() []Family { return familyText.Values() }

// IsValid reports whether f is one of the constants.
func (f Family) IsValid() bool { return familyText.Valid(f) }

// String returns "standard" or "uneven".
func (f Family) String() string { return familyText.String(f) }

// ParseFamily parses the String form, ignoring case.
func ParseFamily(s string) (Family, error) { return familyText.Parse(s) }

// MarshalText returns the String form.
func (f Family) MarshalText() ([]byte, error) { return familyText.Marshal(f) }

// UnmarshalText parses text with ParseFamily.
func (f *Family) UnmarshalText(text []byte) error { return familyText.Unmarshal(text, f) }

// Sizes returns the named sizes of family f, in the order pdu, region,
// national, daily, rebalance: the counts, utilisation, spread and
// departing practitioner of the standard sizes, with Family set to f and
// the name prefixed with the family ("uneven-region"), except in the
// Standard family whose names are bare ("region"). The slice is a copy;
// it is empty for an invalid family.
func (f Family) Sizes() []Size {
	if !f.IsValid() {
		return nil
	}
	out := make([]Size, len(sizes))
	for i, s := range sizes {
		out[i] = s.In(f)
	}
	return out
}

// Size returns family f's size with the given base name ("pdu",
// "region", "national", "daily" or "rebalance"), and false if there is
// none.
func (f Family) Size(name string) (Size, bool) {
	for _, s := range sizes {
		if s.Name == name && f.IsValid() {
			return s.In(f), true
		}
	}
	return Size{}, false
}

// In returns s in family f: the same counts and loads, Family set to f,
// and the name carrying the family as Family.Sizes names it. A name
// already carrying a family prefix loses it first, so
// s.In(Uneven).In(Standard) == s for a named size.
func (s Size) In(f Family) Size {
	base := s.Name
	for _, g := range Families() {
		if g != Standard {
			base = strings.TrimPrefix(base, g.String()+"-")
		}
	}
	s.Family = f
	s.Name = base
	if f != Standard && base != "" {
		s.Name = f.String() + "-" + base
	}
	return s
}

// shape holds the parameters of a family that Generate reads. The
// standard shape's values are the constants of org.go and cases.go, so
// that the standard family draws exactly what it drew before families
// existed.
type shape struct {
	// Organisation.
	heads  func(r *rand.Rand, p int) []int // team headcounts summing to p
	deal   func(r *rand.Rand, deck []grades.Grade, heads []int) []grades.Grade
	minPOs int // POs in every team of at least this size
	// donateByShare makes the team with the highest share of POs, not
	// the most POs, give one up to a team short of them.
	donateByShare bool
	demandNoise   float64 // a team's share of cases is its capacity share × U(1 ± this)

	// Grades and hours, as shares of the headcount.
	pqip, nqo   float64 // PQiP learners and NQOs
	po          float64 // POs among the rest; the others are PSOs (rounded up)
	partTime    float64 // part-time practitioners
	partTimeFTE [2]float64

	// Cases.
	protect [4]float64 // tier letters A, B, C, D
	types   [3]float64 // community, licence, custody
}

// shapeOf returns the shape of family f (Standard for an invalid one,
// which Size.check rejects first).
func shapeOf(f Family) *shape {
	if f == Uneven {
		return &unevenShape
	}
	return &standardShape
}

var standardShape = shape{
	heads:       evenHeads,
	deal:        deal,
	minPOs:      minPOs,
	demandNoise: teamDemandNoise,
	pqip:        pqipShare,
	nqo:         nqoShare,
	po:          0.5,
	partTime:    partTimeShare,
	partTimeFTE: [2]float64{partTimeMin, partTimeMax},
	protect:     protectShares,
	types:       typeShares,
}

// The uneven family (see the package comment for the reasons).
var unevenShape = shape{
	heads:         unevenHeads,
	deal:          dealProportional,
	minPOs:        2,
	donateByShare: true,
	demandNoise:   0.30,
	pqip:          0.15,
	nqo:           0.04,
	po:            0.29 / 0.81, // POs 29% of the headcount, PSOs 52%
	partTime:      0.40,
	partTimeFTE:   [2]float64{0.4, 0.8},
	protect:       [4]float64{0.08, 0.20, 0.30, 0.42},
	types:         typeShares,
}

// Uneven team sizes: a log-normal headcount of median unevenMedian and
// log-SD unevenSigma, clamped to unevenMin–unevenMax (our choice; team
// size is not published, domain/workload.md §4, allocation.md §5).
const (
	unevenMedian = 9.0
	unevenSigma  = 0.5
	unevenMin    = 4
	unevenMax    = 24
)

// evenHeads returns the headcounts of the standard family: p/10 teams
// (at least 1), as even as possible, then shuffled by moving single
// practitioners between random teams while keeping every team within
// 8–12 when the even split is.
func evenHeads(r *rand.Rand, p int) []int {
	nt := max(1, int(math.Round(float64(p)/teamSize)))
	heads := make([]int, nt)
	for i := range heads {
		heads[i] = p / nt
		if i < p%nt {
			heads[i]++
		}
	}
	if heads[nt-1] >= minTeam && heads[0] <= maxTeam {
		for range 2 * nt {
			a, b := r.IntN(nt), r.IntN(nt)
			if a != b && heads[a] > minTeam && heads[b] < maxTeam {
				heads[a]--
				heads[b]++
			}
		}
	}
	return heads
}

// unevenHeads returns the headcounts of the uneven family: teams are
// drawn one after another from the log-normal law above until p
// practitioners are placed. A team that would leave fewer than
// unevenMin practitioners unplaced takes them all when it can stay
// within unevenMax, and otherwise leaves exactly unevenMin for a last
// team; so every team has unevenMin–unevenMax members. Fewer than
// 2·unevenMin practitioners make one team.
func unevenHeads(r *rand.Rand, p int) []int {
	if p < 2*unevenMin {
		return []int{p}
	}
	var heads []int
	for rem := p; rem > 0; {
		h := int(math.Round(unevenMedian * math.Exp(unevenSigma*r.NormFloat64())))
		h = min(max(h, unevenMin), unevenMax)
		switch {
		case rem-h >= unevenMin:
		case rem <= unevenMax:
			h = rem
		default:
			h = rem - unevenMin
		}
		heads = append(heads, h)
		rem -= h
	}
	return heads
}
