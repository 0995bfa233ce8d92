package caseload

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/enum"
)

// MaxMonths bounds the horizon of [Caseload.Demand] and [Caseload.Supply]:
// ten years of months.
const MaxMonths = 120

// DefaultMonths is the horizon used when a settings struct leaves it 0.
const DefaultMonths = 12

// MonthDates returns the n snapshot dates of a horizon that starts at
// start: start itself, then the same day of each following month, or the
// month's last day when it is shorter (31 January, 29 February, 31
// March …; time.AddDate would take 31 January to 2 March and skip a
// month). The times keep start's clock and location.
func MonthDates(start time.Time, n int) []time.Time {
	y, mo, d := start.Date()
	h, mi, s := start.Clock()
	out := make([]time.Time, max(n, 0))
	for m := range out {
		first := time.Date(y, mo+time.Month(m), 1, h, mi, s, start.Nanosecond(), start.Location())
		last := first.AddDate(0, 1, -1).Day()
		out[m] = first.AddDate(0, 0, min(d, last)-1)
	}
	return out
}

// wholeMonths returns the whole months from a to b (negative when b is
// before a): the largest k with a.AddDate(0, k, 0) not after b, the
// arithmetic the reduction schedule's end dates use.
func wholeMonths(a, b time.Time) int {
	ay, am, _ := a.Date()
	by, bm, _ := b.Date()
	k := (by-ay)*12 + int(bm-am)
	for a.AddDate(0, k, 0).After(b) {
		k--
	}
	for !a.AddDate(0, k+1, 0).After(b) {
		k++
	}
	return k
}

// monthsBetween returns the months from a to b as a real number: days
// over 30.44 (365.25 / 12).
func monthsBetween(a, b time.Time) float64 {
	return b.Sub(a).Hours() / 24 / (365.25 / 12)
}

// Pool is a group of practitioners who may hold the same work, in the
// staffing model of [Caseload.Demand] and [Caseload.Supply]. The pools are
// nested: the PO pool may hold everything the PSO pool may hold, and the
// PSO pool everything the PQiP1 pool may hold.
//
//   - PoolPO: Probation Officers and NQOs (qualified officers, who hold
//     what a PO holds; grades package doc), and trainees once qualified.
//   - PoolPSO: PSOs, and trainees from their seventh month (PQiP2–PQiP4),
//     who under the national policy may hold what a PSO holds
//     (grades.NationalRules).
//   - PoolPQiP1: trainees in their first six months, or of unknown stage
//     (grades.PQiP, grades.PQiP1), who hold only the least complex work.
//
// A local policy under which a later-stage trainee may hold less than a
// PSO is read at the PSO's set: the pools are the model, the policy
// decides which work falls in which class.
type Pool uint8

// The pools, most qualified first.
const (
	PoolPO Pool = iota
	PoolPSO
	PoolPQiP1
	numPools
)

// NumPools is the number of pools.
const NumPools = int(numPools)

var poolText = enum.New[Pool]("caseload", "pool", "Pool", PoolPO, "po", "pso", "pqip1")

// String returns "po", "pso" or "pqip1".
func (p Pool) String() string { return poolText.String(p) }

// ParsePool parses the String form, ignoring case.
func ParsePool(s string) (Pool, error) { return poolText.Parse(s) }

// MarshalText returns the String form.
func (p Pool) MarshalText() ([]byte, error) { return poolText.Marshal(p) }

// UnmarshalText parses text with ParsePool.
func (p *Pool) UnmarshalText(text []byte) error { return poolText.Unmarshal(text, p) }

// PoolOf returns the pool whose work a practitioner of grade g may hold,
// and false for grades that hold no caseload (SPO, DMY) or are invalid.
func PoolOf(g grades.Grade) (Pool, bool) {
	switch {
	case g == grades.PO || g == grades.NQO:
		return PoolPO, true
	case g == grades.PSO || g == grades.PQiP2 || g == grades.PQiP3 || g == grades.PQiP4:
		return PoolPSO, true
	case g == grades.PQiP || g == grades.PQiP1:
		return PoolPQiP1, true
	}
	return 0, false
}

// Place puts a team in its PDU and region, for totals above the team.
type Place struct {
	Team   string `json:"team"`
	PDU    string `json:"pdu"`
	Region string `json:"region"`
}

// Key returns the place's key at level l: its team, PDU or region, or ""
// for National.
func (p Place) Key(l Level) string {
	return l.key(&Practitioner{Team: p.Team, PDU: p.PDU, Region: p.Region})
}

// Series is a unit's figures month by month: one team, PDU, region or
// the nation, with its place as far as its level goes (a PDU's Team is
// empty).
type Series[M any] struct {
	Level  Level  `json:"level"`
	Key    string `json:"key"`
	Place  Place  `json:"place"`
	Months []M    `json:"months"`
}

// totalAt totals team series at level l, one unit per key, sorted by key.
// dated sets a month's date; add adds one month to another.
func totalAt[M any](teams []Series[M], dates []time.Time, l Level, dated func(*M, time.Time), add func(*M, M)) []Series[M] {
	if l == Team {
		return slices.Clone(teams)
	}
	idx := map[string]int{}
	var out []Series[M]
	for _, t := range teams {
		k := t.Place.Key(l)
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			u := Series[M]{Level: l, Key: k, Place: placeAt(t.Place, l), Months: make([]M, len(dates))}
			for m := range u.Months {
				dated(&u.Months[m], dates[m])
			}
			out = append(out, u)
		}
		for m, v := range t.Months {
			add(&out[i].Months[m], v)
		}
	}
	slices.SortFunc(out, func(a, b Series[M]) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// placeAt returns p cut to level l: the keys below l emptied.
func placeAt(p Place, l Level) Place {
	switch l {
	case National:
		return Place{}
	case Region:
		return Place{Region: p.Region}
	case PDU:
		return Place{PDU: p.PDU, Region: p.Region}
	}
	return p
}

// places returns the place of every team code: the given places first,
// then each team's first practitioner's PDU and region. A team known from
// neither has an empty PDU and region.
func (cl *Caseload) places(given []Place) map[string]Place {
	out := make(map[string]Place, len(given))
	for _, p := range given {
		if _, ok := out[p.Team]; !ok {
			out[p.Team] = p
		}
	}
	for i := range cl.practitioners {
		p := &cl.practitioners[i]
		if _, ok := out[p.Team]; !ok {
			out[p.Team] = Place{Team: p.Team, PDU: p.PDU, Region: p.Region}
		}
	}
	return out
}

// sortedPlaces returns the places of the given team codes, sorted by team.
func sortedPlaces(pl map[string]Place, teams map[string]bool) []Place {
	out := make([]Place, 0, len(teams))
	for t := range teams {
		p, ok := pl[t]
		if !ok {
			p = Place{Team: t}
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Place) int { return cmp.Compare(a.Team, b.Team) })
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
