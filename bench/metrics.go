package bench

import (
	"fmt"
	"math"
	"slices"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/grades"
)

// Metrics are the quality figures of one allocation, computed by Evaluate
// from the problem and the result's assignments.
type Metrics struct {
	// Cost is the sum of the assignment costs other than overload
	// (distance, continuity, cross-team, over-skill, soft rules, moves),
	// taken from the result's Assignment.Cost.
	Cost int64
	// Penalty is the overload penalty recomputed from the workloads and
	// the bands: Σ over practitioners of the bands' cost per point of load
	// above 100% of Available.
	Penalty int64

	// Percents holds each practitioner's workload % after the allocation,
	// 100 × load / Available, for the practitioners with Available > 0, in
	// the order of Problem.Practitioners.
	Percents []float64
	// MaxPercent and SDPercent are the highest value and the population
	// standard deviation of Percents.
	MaxPercent, SDPercent float64
	// Over100 and Over110 count the practitioners above 100% and above
	// 110% (WMT's red line, workload.md §2.4).
	Over100, Over110 int

	// WithHistory counts the cases with a current or previous
	// practitioner who is in the problem; Kept counts those of them
	// placed with that current or previous practitioner.
	WithHistory, Kept int
	// Moved counts the cases placed with someone other than their Current
	// practitioner.
	Moved int
	// Unassigned counts the cases the result left unplaced.
	Unassigned int

	// Violations lists every broken hard rule found: an assignment that
	// the policy forbids for the practitioner's grade, that the case's
	// restricted-access lists forbid, to an Unavailable practitioner,
	// outside the settings' scope, or to an unknown practitioner; and a
	// case missing from the result or listed twice. It should be empty.
	Violations []string
}

// Evaluate scores result r of problem p solved with settings s (nil means
// the defaults), independently of the numbers the allocation package
// reports: loads are rebuilt from Practitioner.Load plus the points of the
// cases assigned to each practitioner, the penalty from the bands of s (or
// allocation.DefaultBands), and every assignment is re-decided with
// p.Policy.Decide (grades.National when nil) and the case's
// RestrictedTo/ExcludedFrom lists. Scope follows allocation.Scope: a
// case's current practitioner is always in scope.
//
// It returns an error only when the result's costs do not add up to its
// Stats.Cost or its recomputed penalty differs from Stats.Penalty, which
// would mean the two evaluators disagree; the metrics are returned with it.
//
// O(cases × (rules + restricted-list lengths) + practitioners × bands).
func Evaluate(p *allocation.Problem, s *allocation.Settings, r *allocation.Result) (Metrics, error) {
	var set allocation.Settings
	if s != nil {
		set = *s
	}
	pol := p.Policy
	if pol == nil {
		pol = grades.National()
	}
	var m Metrics
	prac := make(map[string]int, len(p.Practitioners))
	for k, x := range p.Practitioners {
		prac[x.ID] = k
	}
	cases := make(map[string]int, len(p.Cases))
	for k, c := range p.Cases {
		cases[c.ID] = k
	}
	load := make([]int64, len(p.Practitioners))
	for k, x := range p.Practitioners {
		load[k] = int64(x.Load)
	}
	bad := func(format string, args ...any) { m.Violations = append(m.Violations, fmt.Sprintf(format, args...)) }
	seen := make([]int, len(p.Cases))
	var cost int64
	neighbour := func(caseTeam, team string) bool {
		return caseTeam == team || slices.Contains(p.Neighbours[caseTeam], team)
	}
	for _, a := range r.Assignments {
		cost += a.Cost.Total() - a.Cost[allocation.Overload]
		j, ok := cases[a.CaseID]
		if !ok {
			bad("case %s: not in the problem", a.CaseID)
			continue
		}
		seen[j]++
		c := &p.Cases[j]
		i, ok := prac[a.PractitionerID]
		if !ok {
			bad("case %s: unknown practitioner %s", c.ID, a.PractitionerID)
			continue
		}
		x := &p.Practitioners[i]
		load[i] += int64(c.Points)
		if c.Current != "" && c.Current != x.ID {
			m.Moved++
		}
		if d := pol.Decide(c.Risk, x.Grade); d.Verdict == grades.Ineligible {
			bad("case %s: %s is a %v: %s", c.ID, x.ID, x.Grade, d.Reason)
		}
		if len(c.RestrictedTo) > 0 && !slices.Contains(c.RestrictedTo, x.ID) {
			bad("case %s: %s is not on its restricted list", c.ID, x.ID)
		}
		if slices.Contains(c.ExcludedFrom, x.ID) {
			bad("case %s: %s is excluded from it", c.ID, x.ID)
		}
		if x.Unavailable {
			bad("case %s: %s is unavailable", c.ID, x.ID)
		}
		if x.ID != c.Current {
			var in bool
			switch set.Scope {
			case allocation.SamePDU:
				in = x.PDU == c.PDU
			case allocation.SameTeam:
				in = neighbour(c.Team, x.Team)
			case allocation.SameRegion:
				in = x.Region == c.Region
			default:
				in = true
			}
			if !in {
				bad("case %s: %s is outside the %v scope", c.ID, x.ID, set.Scope)
			}
		}
	}
	for _, u := range r.Unassigned {
		if j, ok := cases[u.CaseID]; ok {
			seen[j]++
			m.Unassigned++
		} else {
			bad("unassigned case %s: not in the problem", u.CaseID)
		}
	}
	for j, n := range seen {
		if n != 1 {
			bad("case %s: listed %d times in the result, want once", p.Cases[j].ID, n)
		}
	}
	holder := make(map[string]string, len(r.Assignments))
	for _, a := range r.Assignments {
		holder[a.CaseID] = a.PractitionerID
	}
	for _, c := range p.Cases {
		_, cur := prac[c.Current]
		_, prev := prac[c.Previous]
		cur = cur && c.Current != ""
		prev = prev && c.Previous != ""
		if !cur && !prev {
			continue
		}
		m.WithHistory++
		if h, ok := holder[c.ID]; ok && ((cur && h == c.Current) || (prev && h == c.Previous)) {
			m.Kept++
		}
	}

	bands := set.Bands
	if bands == nil {
		bands = allocation.DefaultBands()
	}
	if set.Weights != nil && set.Weights[allocation.Overload] != 1 {
		f := set.Weights[allocation.Overload]
		bands = slices.Clone(bands)
		for k := range bands {
			bands[k].Cost *= f
		}
	}
	var sum, sq float64
	for i, x := range p.Practitioners {
		m.Penalty += Penalty(bands, int64(x.Available), load[i])
		if x.Available <= 0 {
			continue
		}
		pc := 100 * float64(load[i]) / float64(x.Available)
		m.Percents = append(m.Percents, pc)
		m.MaxPercent = max(m.MaxPercent, pc)
		sum += pc
		sq += pc * pc
		if pc > 100 {
			m.Over100++
		}
		if pc > 110 {
			m.Over110++
		}
	}
	if n := float64(len(m.Percents)); n > 0 {
		mean := sum / n
		m.SDPercent = math.Sqrt(max(0, sq/n-mean*mean))
	}
	m.Cost = cost
	switch {
	case cost != r.Stats.Cost:
		return m, fmt.Errorf("bench: assignment costs add up to %d, Stats.Cost is %d", cost, r.Stats.Cost)
	case m.Penalty != r.Stats.Penalty:
		return m, fmt.Errorf("bench: recomputed overload penalty %d, Stats.Penalty is %d", m.Penalty, r.Stats.Penalty)
	}
	return m, nil
}

// Penalty returns the overload penalty of a practitioner with available
// points avail at load points, under bands (allocation.Band): band k
// covers the load from ⌊avail·(100+W_k)/100⌋ to ⌊avail·(100+W_{k+1})/100⌋
// points, W_k being the sum of the widths of the bands before it, and costs
// its Cost per point; the last band has no top.
func Penalty(bands []allocation.Band, avail, load int64) int64 {
	var pen, cum int64
	for k, b := range bands {
		lo := avail * (100 + cum) / 100
		cum += int64(b.Width)
		hi := avail * (100 + cum) / 100
		if load <= lo {
			break
		}
		top := load
		if k < len(bands)-1 {
			top = min(load, hi)
		}
		pen += b.Cost * (top - lo)
	}
	return pen
}
