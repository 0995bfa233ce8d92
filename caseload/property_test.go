package caseload_test

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// modelCase is the naive model's view of a case.
type modelCase struct {
	owner  string
	team   string
	points int
	tier   tiering.Tier
}

// model is a naive re-statement of the caseload: maps, sums from scratch.
type model struct {
	asOf          time.Time
	practitioners []caseload.Practitioner
	cases         map[string]modelCase
	nextID        int
}

// available is the WMT formula written out plainly for the model's
// data, whose hours are all multiples of 0.5 (so the float arithmetic is exact).
func (m *model) available(p caseload.Practitioner) int {
	if p.Grade == grades.SPO {
		return 0
	}
	red := 0.0
	for _, r := range p.Reductions {
		if !m.asOf.Before(r.Start) && (r.End.IsZero() || m.asOf.Before(r.End)) {
			red += r.Hours
		}
	}
	return max(0, int(math.Floor(2176*(m.hours(p)-red)/37)))
}

// hours is p's contracted hours: the grade default when none is recorded
// (37, or 0 for an SPO), 0 when 0 is.
func (m *model) hours(p caseload.Practitioner) float64 {
	switch {
	case p.Hours != nil:
		return *p.Hours
	case p.Grade == grades.SPO:
		return 0
	}
	return 37
}

func (m *model) teamOf(id string) string {
	for _, p := range m.practitioners {
		if p.ID == id {
			return p.Team
		}
	}
	return ""
}

func teamPoints(cl *caseload.Caseload) map[string]int {
	out := map[string]int{}
	for _, t := range cl.Totals(caseload.Team) {
		out[t.Key] = t.Points
	}
	return out
}

func TestCaseloadStateMachine(t *testing.T) {
	weights := caseload.NationalWeights().At(asOf)
	rapid.Check(t, func(t *rapid.T) {
		m := &model{asOf: asOf, cases: map[string]modelCase{}}
		gradeGen := rapid.SampledFrom([]grades.Grade{grades.PO, grades.PSO, grades.PQiP2, grades.SPO})
		// Contracted hours: none recorded (the default), an explicit 0 (no
		// capacity) or 5 to 37 in half hours.
		hoursGen := rapid.OneOf(rapid.Just[*float64](nil), rapid.Just(new(0.0)),
			rapid.Map(rapid.IntRange(10, 74), func(h int) *float64 { return new(float64(h) / 2) }))
		for i := range rapid.IntRange(2, 6).Draw(t, "practitioners") {
			m.practitioners = append(m.practitioners, caseload.Practitioner{
				ID:     fmt.Sprintf("P%d", i),
				Grade:  gradeGen.Draw(t, "grade"),
				Team:   fmt.Sprintf("T%d", i%2),
				PDU:    "D",
				Region: "R",
				Hours:  hoursGen.Draw(t, "hours"),
			})
		}
		cl, err := caseload.Build(nil, m.practitioners, asOf, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids := func() []string {
			out := make([]string, 0, len(m.cases))
			for id := range m.cases {
				out = append(out, id)
			}
			slices.Sort(out)
			return out
		}
		owner := func(t *rapid.T, label string) string {
			i := rapid.IntRange(-1, len(m.practitioners)-1).Draw(t, label)
			if i < 0 {
				return ""
			}
			return m.practitioners[i].ID
		}
		t.Repeat(map[string]func(*rapid.T){
			"add": func(t *rapid.T) {
				c := caseload.Case{
					ID:   fmt.Sprintf("C%d", m.nextID),
					Tier: tiering.Tier(rapid.IntRange(0, tiering.NumTiers-1).Draw(t, "tier")),
					Type: caseload.CaseType(rapid.IntRange(1, 3).Draw(t, "type")),
					T2A:  rapid.Bool().Draw(t, "t2a"),
					Row:  caseload.RowType(rapid.IntRange(0, 7).Draw(t, "row")),
					Team: "T0",
				}
				c.Practitioner = owner(t, "owner")
				m.nextID++
				if err := cl.Add(c); err != nil {
					t.Fatalf("Add(%+v): %v", c, err)
				}
				m.cases[c.ID] = modelCase{owner: c.Practitioner, team: c.Team, points: weights.Points(c), tier: c.Tier}
			},
			"close": func(t *rapid.T) {
				all := ids()
				if len(all) == 0 {
					t.Skip("no case to close")
				}
				id := rapid.SampledFrom(all).Draw(t, "case")
				if err := cl.Close(id); err != nil {
					t.Fatalf("Close(%s): %v", id, err)
				}
				delete(m.cases, id)
			},
			"transfer": func(t *rapid.T) {
				all := ids()
				if len(all) == 0 {
					t.Skip("no case to transfer")
				}
				id := rapid.SampledFrom(all).Draw(t, "case")
				to := owner(t, "to")
				before := teamPoints(cl)
				nat := cl.Totals(caseload.National)[0]
				if err := cl.Transfer(id, to); err != nil {
					t.Fatalf("Transfer(%s, %s): %v", id, to, err)
				}
				mc := m.cases[id]
				from := mc.owner
				mc.owner = to
				m.cases[id] = mc
				after := teamPoints(cl)
				if from != "" && to != "" {
					if tf, tt := m.teamOf(from), m.teamOf(to); tf == tt && before[tf] != after[tt] {
						t.Fatalf("moving %s within team %s changed its total from %d to %d", id, tf, before[tf], after[tt])
					}
					if got := cl.Totals(caseload.National)[0]; got.Points != nat.Points || got.Cases != nat.Cases {
						t.Fatalf("moving %s between practitioners changed the national total from %d to %d points", id, nat.Points, got.Points)
					}
				}
			},
			"reduce": func(t *rapid.T) {
				i := rapid.IntRange(0, len(m.practitioners)-1).Draw(t, "practitioner")
				p := &m.practitioners[i]
				r := caseload.Reduction{
					Reason: "COURT_DUTY",
					Hours:  float64(rapid.IntRange(0, 80).Draw(t, "half-hours")) / 2,
					Start:  m.asOf.AddDate(0, 0, rapid.IntRange(-20, 20).Draw(t, "start")),
				}
				if n := rapid.IntRange(0, 60).Draw(t, "days"); n > 0 {
					r.End = r.Start.AddDate(0, 0, n)
				}
				err := cl.AddReduction(p.ID, r)
				contracted := m.hours(*p)
				if (err != nil) != (r.Hours > caseload.MaxHours || contracted > 0 && r.Hours > contracted) {
					t.Fatalf("AddReduction(%s, %v hours of %v): error %v", p.ID, r.Hours, contracted, err)
				}
				if err == nil {
					p.Reductions = append(p.Reductions, r)
				}
			},
			"advance": func(t *rapid.T) {
				m.asOf = m.asOf.AddDate(0, 0, rapid.IntRange(1, 30).Draw(t, "days"))
				cl.SetAsOf(m.asOf)
			},
			"": func(t *rapid.T) { checkModel(t, cl, m) },
		})
	})
}

// checkModel compares every workload and total with sums over the model.
func checkModel(t *rapid.T, cl *caseload.Caseload, m *model) {
	if cl.Len() != len(m.cases) {
		t.Fatalf("Len() = %d, model has %d cases", cl.Len(), len(m.cases))
	}
	type sum struct{ points, cases, available int }
	byPract := map[string]sum{}
	byTeam := map[string]sum{}
	var nat sum
	unallocated := 0
	for _, c := range m.cases {
		if c.owner == "" {
			unallocated++
			continue
		}
		s := byPract[c.owner]
		s.points += c.points
		s.cases++
		byPract[c.owner] = s
	}
	for i, w := range cl.Workloads() {
		p := m.practitioners[i]
		want := byPract[p.ID]
		want.available = m.available(p)
		got := sum{w.Points, w.Cases, w.Available}
		if got != want {
			t.Fatalf("workload of %s = %+v, model %+v", p.ID, got, want)
		}
		if w.Available < 0 {
			t.Fatalf("available of %s is negative: %d", p.ID, w.Available)
		}
		if pct := caseload.Percent(w.Points, w.Available); w.Percent != pct || w.Remaining != w.Available-w.Points {
			t.Fatalf("derived fields of %s inconsistent: %+v", p.ID, w)
		}
		ts := byTeam[p.Team]
		ts.points += want.points
		ts.cases += want.cases
		ts.available += want.available
		byTeam[p.Team] = ts
		nat.points += want.points
		nat.cases += want.cases
		nat.available += want.available
	}
	for _, tot := range cl.Totals(caseload.Team) {
		if got := (sum{tot.Points, tot.Cases, tot.Available}); got != byTeam[tot.Key] {
			t.Fatalf("team %s total %+v, sum of parts %+v", tot.Key, got, byTeam[tot.Key])
		}
	}
	n := cl.Totals(caseload.National)[0]
	if got := (sum{n.Points, n.Cases, n.Available}); got != nat || n.Unallocated != unallocated {
		t.Fatalf("national total %+v (%d unallocated), sum of parts %+v (%d)", got, n.Unallocated, nat, unallocated)
	}
	mix := n.Tiers
	if got := mix.A + mix.B + mix.C + mix.D + mix.AS + mix.BS + mix.CS + mix.DS + mix.Untiered; got != n.Cases {
		t.Fatalf("tier mix counts %d cases, national total %d", got, n.Cases)
	}
	if got := n.Types.Community + n.Types.Licence + n.Types.Custody; got != n.Cases {
		t.Fatalf("type mix counts %d cases, national total %d", got, n.Cases)
	}
}

// TestImpactProperty: Impact's "after" is "before" plus the case's points
// for a practitioner who does not hold it, and "before" for one who holds
// it unchanged; and it agrees with actually transferring the case.
func TestImpactProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cs, ps := generate(rapid.Uint64().Draw(t, "seed"), rapid.IntRange(1, 60).Draw(t, "cases"), rapid.IntRange(1, 8).Draw(t, "practitioners"))
		cl, err := caseload.Build(cs, ps, asOf, nil)
		if err != nil {
			t.Fatal(err)
		}
		c := rapid.SampledFrom(cs).Draw(t, "case")
		cand := rapid.SampledFrom(ps).Draw(t, "candidate").ID
		im, err := cl.Impact(c, []string{cand})
		if err != nil {
			t.Fatal(err)
		}
		if holds := c.Practitioner == cand; im[0].Holds != holds || (holds && im[0].After != im[0].Before) {
			t.Fatalf("Impact of %s on %s (holder %q) = %+v", c.ID, cand, c.Practitioner, im[0])
		}
		if err := cl.Transfer(c.ID, cand); err != nil {
			t.Fatal(err)
		}
		if w, _ := cl.Workload(cand); w != im[0].After {
			t.Fatalf("after transfer %+v, Impact said %+v", w, im[0].After)
		}
	})
}
