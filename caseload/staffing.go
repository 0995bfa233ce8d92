package caseload

import (
	"cmp"
	"math"
	"slices"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// StaffingSettings configures [Caseload.Staffing]. The zero value means
// the documented defaults.
type StaffingSettings struct {
	// Target is the workload % that staffing should bring every post to;
	// 0 means 100.
	Target float64
	// Eligible returns the grades that may hold a case with the given risk
	// profile, for example (*grades.Policy).Eligible's first result. nil
	// means every grade may hold every case: the workload code has no
	// grade rule (domain/workload.md §2.5, allocation.md §1.1).
	Eligible func(grades.Profile) grades.Set
	// Posts are the posts demand is shared among, in reporting order; nil
	// means PO then PSO.
	// Invalid and repeated grades are ignored.
	Posts []grades.Grade
	// Post maps a practitioner's grade to the post their capacity counts
	// towards (0 for none). nil means PO, NQO and every PQiP stage count as
	// PO (trainees hold PO posts with the PO target and are protected by
	// reductions, domain/workload.md §2.5), PSO as PSO, and SPO and DMY as
	// none (they have no capacity, §2.2).
	Post func(grades.Grade) grades.Grade
}

func defaultPost(g grades.Grade) grades.Grade {
	switch {
	case g == grades.PO || g == grades.NQO || g.IsPQiP():
		return grades.PO
	case g == grades.PSO:
		return grades.PSO
	}
	return 0
}

// PostStaffing compares demand with staff in post for one post. FTE are
// full-time equivalents of the post's grade: a full-time practitioner
// gives Capacity.Targets[post] points at DefaultHours[post] hours.
type PostStaffing struct {
	Post grades.Grade `json:"post"`
	// Demand is the points of work that falls to this post.
	Demand float64 `json:"demand_points"`
	// Required is the FTE needed to carry Demand at the target %:
	// Demand / (target points × Target / 100).
	Required float64 `json:"required_fte"`
	// InPost is the contracted FTE in post: Σ hours / default hours.
	InPost float64 `json:"in_post_fte"`
	// Effective is the FTE in post after reductions: Σ available points /
	// target points. A trainee on an 80% reduction counts 0.2.
	Effective float64 `json:"effective_fte"`
	// Shortfall is Required − Effective; negative is a surplus.
	Shortfall float64 `json:"shortfall_fte"`
}

// TeamStaffing is the staffing of one team.
type TeamStaffing struct {
	Team string `json:"team"`
	// Percent is the team's demand as a percentage of its effective
	// capacity (all posts; unallocated cases included), 0 when it has none.
	Percent float64 `json:"workload_percent"`
	// Gap is Percent − the national Percent, in percentage points: how far
	// the team is from an equal share of the national load.
	Gap float64 `json:"gap_percentage_points"`
	// NoCapacity reports a team with demand but no effective capacity at
	// all; such teams sort first.
	NoCapacity bool `json:"no_capacity,omitempty"`
	// Shortfall is the sum of the posts' shortfalls (FTE).
	Shortfall float64        `json:"shortfall_fte"`
	Posts     []PostStaffing `json:"posts"`
}

// Staffing is the demand for staff, by post and team, against staff in post.
type Staffing struct {
	// Target is the workload % staffing aims at.
	Target float64 `json:"target_percent"`
	// Percent is the national demand as a percentage of national effective capacity.
	Percent float64        `json:"workload_percent"`
	Posts   []PostStaffing `json:"posts"`
	// Teams are sorted furthest from fair first: teams with NoCapacity,
	// then by |Gap| descending, then by team code.
	Teams []TeamStaffing `json:"teams"`
	// Unplaced is the points of cases no post may hold (Eligible gave none
	// of Posts); they are in no post's demand.
	Unplaced int `json:"unplaced_points"`
}

// Staffing works out the FTE of each post needed to bring workload to the
// target % (E3's "equitable distribution of staff"), against the staff in
// post, nationally and by team.
//
// Demand: every case (held or unallocated) in its team — the holder's
// team, else the case's Team — plus each practitioner's report and CMS
// points in their own post. A case's points fall to the posts whose grade
// Eligible allows. When several posts may hold it, its points are shared
// in proportion to the team's effective capacity in those posts (so the
// current skill mix is kept wherever policy allows it); a team with no
// such capacity shares by the national capacity, and failing that the
// first eligible post takes it all. This is our reading: the sources give
// no national method (allocation.md §6).
//
// The risk profile's Tier, when untiered, is taken from the case. Eligible
// is called once per distinct profile. O(cases + practitioners × posts).
func (cl *Caseload) Staffing(s *StaffingSettings) Staffing {
	var set StaffingSettings
	if s != nil {
		set = *s
	}
	if set.Target <= 0 {
		set.Target = 100
	}
	if set.Post == nil {
		set.Post = defaultPost
	}
	if set.Posts == nil {
		set.Posts = []grades.Grade{grades.PO, grades.PSO}
	}
	var slot [grades.NumGrades]int
	for i := range slot {
		slot[i] = -1
	}
	var uniq []grades.Grade
	for _, g := range set.Posts {
		if g.IsValid() && slot[g] < 0 {
			slot[g] = len(uniq)
			uniq = append(uniq, g)
		}
	}
	set.Posts = uniq
	np := len(uniq)

	type acc struct{ demand, capacity, inPost []float64 }
	newAcc := func() acc {
		return acc{make([]float64, np), make([]float64, np), make([]float64, np)}
	}
	teamIdx := map[string]int{}
	var teams []string
	var accs []acc
	team := func(code string) int {
		i, ok := teamIdx[code]
		if !ok {
			i = len(teams)
			teamIdx[code] = i
			teams = append(teams, code)
			accs = append(accs, newAcc())
		}
		return i
	}
	nat := newAcc()
	allPosts := uint64(1)<<np - 1

	// Supply, and the practitioners' own report and CMS points.
	var extra []int32 // practitioner indices whose extra points are shared
	for i := range cl.practitioners {
		p, w := &cl.practitioners[i], &cl.work[i]
		t := team(p.Team)
		post := set.Post(p.Grade)
		k := -1
		if post.IsValid() {
			k = slot[post]
		}
		if k < 0 {
			extra = append(extra, int32(i))
			continue
		}
		a := accs[t]
		a.capacity[k] += float64(w.Available)
		nat.capacity[k] += float64(w.Available)
		if dh := cl.capacity.DefaultHours[set.Posts[k]]; dh > 0 {
			a.inPost[k] += w.Hours / dh
			nat.inPost[k] += w.Hours / dh
		}
		a.demand[k] += float64(w.ReportPoints + w.CMSPoints)
	}

	var unplaced int64 // in PointUnits
	share := func(t int, mask uint64, pts float64) bool {
		if mask == 0 {
			return false
		}
		a := accs[t]
		for _, capa := range [][]float64{a.capacity, nat.capacity} {
			total := 0.0
			for k := range np {
				if mask&(1<<k) != 0 {
					total += capa[k]
				}
			}
			if total > 0 {
				for k := range np {
					if mask&(1<<k) != 0 {
						a.demand[k] += pts * capa[k] / total
					}
				}
				return true
			}
		}
		for k := range np {
			if mask&(1<<k) != 0 {
				a.demand[k] += pts
				return true
			}
		}
		return false
	}
	for _, i := range extra {
		w := &cl.work[i]
		share(team(cl.practitioners[i].Team), allPosts, float64(w.ReportPoints+w.CMSPoints))
	}

	// Demand of the cases.
	masks := map[grades.Profile]uint64{}
	for i := range cl.cases {
		r := &cl.cases[i]
		code := r.team
		if r.owner >= 0 {
			code = cl.practitioners[r.owner].Team
		}
		t := team(code)
		mask := allPosts
		if set.Eligible != nil {
			prof := r.risk
			if prof.Tier == tiering.Untiered {
				prof.Tier = r.tier
			}
			m, ok := masks[prof]
			if !ok {
				el := set.Eligible(prof)
				for k, g := range set.Posts {
					if el.Has(g) {
						m |= 1 << k
					}
				}
				masks[prof] = m
			}
			mask = m
		}
		if !share(t, mask, float64(r.points)/PointUnits) {
			unplaced += int64(r.points)
		}
	}

	// National demand is the sum over teams.
	for _, a := range accs {
		for k := range np {
			nat.demand[k] += a.demand[k]
		}
	}
	posts := func(a acc) []PostStaffing {
		out := make([]PostStaffing, np)
		for k, g := range set.Posts {
			ps := PostStaffing{Post: g, Demand: a.demand[k], InPost: a.inPost[k]}
			if tp := float64(cl.capacity.Targets[g]); tp > 0 {
				ps.Required = a.demand[k] / (tp * set.Target / 100)
				ps.Effective = a.capacity[k] / tp
			}
			ps.Shortfall = ps.Required - ps.Effective
			out[k] = ps
		}
		return out
	}
	ratio := func(a acc) (pct float64, ok bool) {
		d, c := 0.0, 0.0
		for k := range np {
			d += a.demand[k]
			c += a.capacity[k]
		}
		if c <= 0 {
			return 0, d <= 0
		}
		return math.Round(d/c*1000) / 10, true
	}
	out := Staffing{Target: set.Target, Posts: posts(nat), Unplaced: roundPoints(unplaced)}
	out.Percent, _ = ratio(nat)
	for t, code := range teams {
		ts := TeamStaffing{Team: code, Posts: posts(accs[t])}
		var ok bool
		ts.Percent, ok = ratio(accs[t])
		ts.Gap = math.Round((ts.Percent-out.Percent)*10) / 10
		ts.NoCapacity = !ok
		for _, ps := range ts.Posts {
			ts.Shortfall += ps.Shortfall
		}
		out.Teams = append(out.Teams, ts)
	}
	slices.SortFunc(out.Teams, func(a, b TeamStaffing) int {
		if a.NoCapacity != b.NoCapacity {
			if a.NoCapacity {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(math.Abs(b.Gap), math.Abs(a.Gap)); c != 0 {
			return c
		}
		return cmp.Compare(a.Team, b.Team)
	})
	return out
}
