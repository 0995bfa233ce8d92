package synth_test

import (
	"math"
	"slices"
	"testing"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/synth"
)

// totals returns Σ case points + Σ loads and Σ available of p.
func totals(p *allocation.Problem) (points, available int) {
	for _, c := range p.Cases {
		points += c.Points
	}
	for _, pr := range p.Practitioners {
		points += pr.Load
		available += pr.Available
	}
	return points, available
}

func TestProblem(t *testing.T) {
	tests := []struct {
		name, reason string
		size         synth.Size
		rebalance    bool
		cases        int
		current      bool // every case has Current set
		util         float64
	}{
		{"pdu", "all cases new, 95% of capacity", mustSize(t, "pdu"), false, 2000, false, 0.95},
		{"held/problem", "only the new cases; held ones fold into loads", smallHeld, false, 100, false, 1.15},
		{"held/rebalance", "every case, held ones with Current", smallHeld, true, 3100, false, 1.15},
		{"rebalance", "every case held", mustSize(t, "rebalance"), true, 30000, true, 1.15},
	}
	for _, tt := range tests {
		if testing.Short() && tt.size.Cases > 10000 {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			in := synth.Generate(tt.size, 5)
			p := in.Problem()
			if tt.rebalance {
				p = in.Rebalance()
			}
			if len(p.Cases) != tt.cases || len(p.Practitioners) != tt.size.Practitioners {
				t.Fatalf("problem has %d cases and %d practitioners, want %d and %d (%s)", len(p.Cases), len(p.Practitioners), tt.cases, tt.size.Practitioners, tt.reason)
			}
			points, available := totals(p)
			if u := float64(points) / float64(available); math.Abs(u-tt.util) > 0.01 {
				t.Errorf("Σ points / Σ available = %.4f, want %.2f ± 0.01 (%s)", u, tt.util, tt.reason)
			}
			teams := map[string]synth.Team{}
			for _, tm := range in.Teams {
				teams[tm.ID] = tm
			}
			unavailable := 0
			for _, pr := range p.Practitioners {
				if pr.Unavailable {
					unavailable++
					if pr.ID != in.Departing {
						t.Errorf("practitioner %s is unavailable; only the departing %q should be", pr.ID, in.Departing)
					}
				}
			}
			if want := b2i(in.Departing != ""); unavailable != want {
				t.Errorf("%d unavailable practitioners, want %d", unavailable, want)
			}
			for _, c := range p.Cases {
				tm := teams[c.Team]
				if c.PDU != tm.PDU || c.Region != tm.Region {
					t.Errorf("case %s of team %s in PDU %q region %q, want %q %q", c.ID, c.Team, c.PDU, c.Region, tm.PDU, tm.Region)
				}
				if tt.current && c.Current == "" {
					t.Errorf("case %s has no Current in a rebalance of held cases", c.ID)
				}
			}
			if len(p.Neighbours) != len(in.Teams) {
				t.Errorf("Neighbours lists %d teams, want %d", len(p.Neighbours), len(in.Teams))
			}
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestProblemPointsConserved checks that Problem and Rebalance count the
// same points: held cases are either loads or cases, never both or
// neither.
func TestProblemPointsConserved(t *testing.T) {
	in := synth.Generate(smallHeld, 9)
	a, availA := totals(in.Problem())
	b, availB := totals(in.Rebalance())
	if a != b || availA != availB {
		t.Errorf("Problem() totals %d of %d points, Rebalance() %d of %d: want equal", a, availA, b, availB)
	}
}

// TestProblemFeasibleInTeam checks that every case of the problem has a
// practitioner of its own team who is available, whom the national policy
// lets hold it without a warning, and whom its access lists allow.
func TestProblemFeasibleInTeam(t *testing.T) {
	policy := grades.National()
	for _, size := range []synth.Size{mustSize(t, "pdu"), smallHeld} {
		p := synth.Generate(size, 13).Rebalance()
		for _, c := range p.Cases {
			ok, warn := policy.Eligible(c.Risk)
			found := slices.ContainsFunc(p.Practitioners, func(pr allocation.Practitioner) bool {
				return pr.Team == c.Team && !pr.Unavailable && ok.Has(pr.Grade) && !warn.Has(pr.Grade) &&
					!slices.Contains(c.ExcludedFrom, pr.ID) &&
					(len(c.RestrictedTo) == 0 || slices.Contains(c.RestrictedTo, pr.ID))
			})
			if !found {
				t.Errorf("%s: case %s (team %s, %v, restricted %v, excluded %v) has no available eligible practitioner in its team", size.Name, c.ID, c.Team, c.Risk, c.RestrictedTo, c.ExcludedFrom)
			}
		}
	}
}
