package allocation_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"testing"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// bigPenalty is the overload penalty of bands (Cost already times the
// Overload factor) at load for avail, in exact arithmetic, written out
// independently of the package.
func bigPenalty(bands []allocation.Band, factor, load, avail int64) *big.Int {
	pen := new(big.Int)
	from := int64(100)
	for k, b := range bands {
		lo := avail * from / 100
		hi := load
		if k < len(bands)-1 {
			from += int64(b.Width)
			hi = min(load, avail*from/100)
		}
		if load > lo {
			d := big.NewInt(hi - lo)
			pen.Add(pen, d.Mul(d, big.NewInt(b.Cost*factor)))
		}
	}
	return pen
}

// TestExtremeValues solves instances with every value at the bounds
// validation accepts: the heaviest cases, the largest capacities and
// loads, the greatest distance, every weight and band at its limit, up
// to 32 bands, hard caps and new-case limits that leave cases unplaced.
// Every strategy, and MinMax, must return a whole allocation whose
// statistics add up in exact arithmetic to the objective.
func TestExtremeValues(t *testing.T) {
	var w allocation.Weights
	for t := range w {
		w[t] = 10_000
	}
	w[allocation.Distance], w[allocation.Overload] = 1_000, 1
	var steep []allocation.Band
	for k := range 31 {
		steep = append(steep, allocation.Band{Width: 10_000, Cost: int64(k + 1)})
	}
	steep = append(steep, allocation.Band{Cost: 50_000})
	heavy := allocation.Weights{allocation.Distance: 1_000, allocation.Overload: 50_000}

	far := caseload.Location{X: -10_000, Y: -10_000}
	near := caseload.Location{X: 10_000, Y: 10_000}
	tier := tiering.MustParseTier("C1")
	problem := func(nc int, avail, load, maxNew int) *allocation.Problem {
		p := &allocation.Problem{}
		for i := range 4 {
			p.Practitioners = append(p.Practitioners, allocation.Practitioner{
				ID: fmt.Sprintf("p%d", i), Grade: []grades.Grade{grades.PO, grades.PSO}[i%2],
				Team: "B", PDU: "X", Region: "R", Available: []int{avail, 0, 1, avail}[i], Load: load,
				MaxNew: maxNew, Location: near,
			})
		}
		for j := range nc {
			c := allocation.Case{ID: fmt.Sprintf("c%02d", j), Points: 10_000, Tier: tier, Risk: grades.Profile{Tier: tier, RoSH: tiering.RoSHLow},
				Team: "A", PDU: "X", Region: "R", Location: far, Previous: "p1"}
			if j%3 == 0 {
				c.Current = fmt.Sprintf("p%d", j%4)
			}
			if j%5 == 0 {
				c.Points = 0
			}
			p.Cases = append(p.Cases, c)
		}
		return p
	}
	type setup struct {
		name string
		p    *allocation.Problem
		s    allocation.Settings
	}
	var setups []setup
	for _, p := range []struct {
		name                string
		avail, load, maxNew int
	}{{"big", 1_000_000, 1_000_000, 0}, {"tiny", 1, 1_000_000, 1_000_000}, {"limited", 1_000_000, 0, 1}} {
		for _, s := range []struct {
			name string
			s    allocation.Settings
		}{
			{"max-weights", allocation.Settings{Weights: &w, Bands: steep, Scope: allocation.Anywhere}},
			{"overload-factor", allocation.Settings{Weights: &heavy, Bands: []allocation.Band{{Cost: 1}}, Scope: allocation.Anywhere}},
			{"hard-cap", allocation.Settings{Weights: &w, Bands: steep, HardCap: 10_000, MoveBudget: 1}},
			{"hard-cap-1", allocation.Settings{Weights: &w, HardCap: 1, Scope: allocation.SameRegion}},
		} {
			setups = append(setups, setup{p.name + "/" + s.name, problem(12, p.avail, p.load, p.maxNew), s.s})
		}
	}
	for _, su := range setups {
		for _, st := range allocation.Strategies() {
			for _, obj := range []allocation.Objective{allocation.MinCost, allocation.MinMax} {
				if obj == allocation.MinMax && st != allocation.FlowSearch {
					continue
				}
				s := su.s
				s.Strategy, s.Objective = st, obj
				t.Run(fmt.Sprintf("%s/%v/%v", su.name, st, obj), func(t *testing.T) {
					r, err := allocation.Solve(context.Background(), su.p, &s)
					if err != nil {
						t.Fatalf("Solve: %v", err)
					}
					checkInvariants(t, su.p, &s, r)
					checkExact(t, su.p, &s, r)
				})
			}
		}
	}
}

// checkExact recomputes the statistics of r in exact arithmetic: they
// must be the non-negative int64 values Solve reports.
func checkExact(t *testing.T, p *allocation.Problem, s *allocation.Settings, r *allocation.Result) {
	t.Helper()
	bands := s.Bands
	if bands == nil {
		bands = allocation.DefaultBands()
	}
	weights := allocation.DefaultWeights()
	if s.Weights != nil {
		weights = *s.Weights
	}
	cost := new(big.Int)
	for _, a := range r.Assignments {
		for tm, v := range a.Cost {
			if allocation.Term(tm) != allocation.Overload {
				if v < 0 {
					t.Fatalf("case %s: negative %v cost %d", a.CaseID, allocation.Term(tm), v)
				}
				cost.Add(cost, big.NewInt(v))
			}
		}
	}
	avail := map[string]int64{}
	for _, x := range p.Practitioners {
		avail[x.ID] = int64(x.Available)
	}
	pen := new(big.Int)
	for _, wl := range r.Workloads {
		pen.Add(pen, bigPenalty(bands, weights[allocation.Overload], int64(wl.AfterPoints), avail[wl.PractitionerID]))
	}
	points := map[string]int64{}
	for _, c := range p.Cases {
		points[c.ID] = int64(c.Points)
	}
	unpl := new(big.Int)
	for _, u := range r.Unassigned {
		if u.Reason == allocation.AtLimit {
			unpl.Add(unpl, big.NewInt(r.Stats.UnplacedPerPoint*(points[u.CaseID]+1)))
		}
	}
	total := new(big.Int).Add(cost, pen)
	total.Add(total, unpl)
	for _, c := range []struct {
		name string
		got  int64
		want *big.Int
	}{{"cost", r.Stats.Cost, cost}, {"penalty", r.Stats.Penalty, pen}, {"unplaced", r.Stats.UnplacedCharge, unpl}, {"objective", r.Stats.Objective, total}} {
		if !c.want.IsInt64() || c.want.Int64() != c.got {
			t.Errorf("%s: Stats say %d, exact %v", c.name, c.got, c.want)
		}
	}
	if r.Stats.Objective > math.MaxInt64/3 {
		t.Errorf("objective %d above MaxInt64/3", r.Stats.Objective)
	}
}

// TestSizeBounds: more practitioners than the bound, or more candidate
// pairs than the bound, is a validation error that names the field.
func TestSizeBounds(t *testing.T) {
	prac := func(i int) allocation.Practitioner {
		return allocation.Practitioner{ID: fmt.Sprintf("p%06d", i), Grade: grades.PO, Team: "T", PDU: "X", Region: "R", Available: 2176}
	}
	lowCase := func(j int) allocation.Case {
		tier := tiering.MustParseTier("D1")
		return allocation.Case{ID: fmt.Sprintf("c%06d", j), Points: 10, Tier: tier, Risk: grades.Profile{Tier: tier, RoSH: tiering.RoSHLow}, Team: "T", PDU: "X", Region: "R"}
	}
	tests := []struct {
		name, record, field string
		nc, np              int
	}{
		{"practitioners", "problem", "practitioners", 1, 80_001},
		{"pairs", "settings", "scope", 12_501, 80_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &allocation.Problem{}
			for i := range tt.np {
				p.Practitioners = append(p.Practitioners, prac(i))
			}
			for j := range tt.nc {
				p.Cases = append(p.Cases, lowCase(j))
			}
			_, err := allocation.Solve(context.Background(), p, nil)
			var ve *probation.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Record != tt.record || ve.Fields[0].Field != tt.field {
				t.Fatalf("Solve() error = %v, want one %s.%s field error", err, tt.record, tt.field)
			}
		})
	}
}
