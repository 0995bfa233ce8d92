package synth_test

import (
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/synth"
	"github.com/probationkit/probation/tiering"
)

func mustSize(t testing.TB, name string) synth.Size {
	t.Helper()
	s, ok := synth.SizeNamed(name)
	if !ok {
		t.Fatalf("SizeNamed(%q) not found", name)
	}
	return s
}

// smallHeld is a held caseload small enough for quick tests.
var smallHeld = synth.Size{Name: "small-held", Cases: 3100, Practitioners: 100, New: 100, Departing: true}

func TestGenerateDeterministic(t *testing.T) {
	for _, size := range []synth.Size{mustSize(t, "pdu"), smallHeld} {
		t.Run(size.Name, func(t *testing.T) {
			a, b := synth.Generate(size, 7), synth.Generate(size, 7)
			if diff := cmp.Diff(a, b); diff != "" {
				t.Errorf("Generate(%s, 7) twice mismatch (-first +second):\n%s", size.Name, diff)
			}
		})
	}
}

// TestGenerateStaffIndependentOfCases checks that the practitioners
// depend only on their number and the seed, not on the cases.
func TestGenerateStaffIndependentOfCases(t *testing.T) {
	pdu := mustSize(t, "pdu")
	few := synth.Size{Name: "few", Cases: 100, Practitioners: pdu.Practitioners, New: 0}
	a, b := synth.Generate(pdu, 4), synth.Generate(few, 4)
	if diff := cmp.Diff(a.Practitioners, b.Practitioners); diff != "" {
		t.Errorf("practitioners of Generate(pdu, 4) and Generate(few, 4) mismatch (-pdu +few):\n%s", diff)
	}
	if diff := cmp.Diff(a.Teams, b.Teams); diff != "" {
		t.Errorf("teams of Generate(pdu, 4) and Generate(few, 4) mismatch (-pdu +few):\n%s", diff)
	}
}

func TestGenerateSeedsDiffer(t *testing.T) {
	a, b := synth.Generate(mustSize(t, "pdu"), 1), synth.Generate(mustSize(t, "pdu"), 2)
	if cmp.Equal(a.Cases, b.Cases) {
		t.Errorf("Generate(pdu, 1) and Generate(pdu, 2) have identical cases")
	}
	if cmp.Equal(a.Practitioners, b.Practitioners) {
		t.Errorf("Generate(pdu, 1) and Generate(pdu, 2) have identical practitioners")
	}
}

// share returns the fraction of xs for which f holds.
func share[T any](xs []T, f func(T) bool) float64 {
	n := 0
	for _, x := range xs {
		if f(x) {
			n++
		}
	}
	return float64(n) / float64(len(xs))
}

// TestMix checks the mix statistics of the pdu size over a few seeds.
func TestMix(t *testing.T) {
	for seed := range uint64(3) {
		in := synth.Generate(mustSize(t, "pdu"), seed)
		ps, cs := in.Practitioners, in.Cases
		fte := map[grades.Grade]float64{}
		for _, p := range ps {
			g := p.Grade
			if g.IsPQiP() {
				g = grades.PQiP
			}
			fte[g] += p.Hours / 37
		}
		tests := []struct {
			name     string
			reason   string
			got      float64
			min, max float64
		}{
			{"tier A", "optimizer.md §6.2: A 10%", share(cs, protect(tiering.ProtectA)), 0.07, 0.13},
			{"tier B", "optimizer.md §6.2: B 25%", share(cs, protect(tiering.ProtectB)), 0.21, 0.29},
			{"tier C", "optimizer.md §6.2: C 35%", share(cs, protect(tiering.ProtectC)), 0.31, 0.39},
			{"tier D", "optimizer.md §6.2: D 30%", share(cs, protect(tiering.ProtectD)), 0.26, 0.34},
			{"S tiers", "about 5% unsupervised", share(cs, func(c caseload.Case) bool { return c.Tier.Unsupervised() }), 0.03, 0.07},
			{"community", "60% community", share(cs, caseType(caseload.Community)), 0.56, 0.64},
			{"licence", "25% licence", share(cs, caseType(caseload.Licence)), 0.21, 0.29},
			{"custody", "15% custody", share(cs, caseType(caseload.Custody)), 0.12, 0.18},
			{"previous", "about 30% with a previous practitioner", share(cs, func(c caseload.Case) bool { return c.Previous != "" }), 0.26, 0.34},
			{"excluded", "about 1% exclude someone", share(cs, func(c caseload.Case) bool { return len(c.ExcludedFrom) > 0 }), 0.003, 0.02},
			{"PO/PSO FTE", "POs and PSOs about equal by FTE", fte[grades.PO] / fte[grades.PSO], 0.8, 1.25},
			{"part-time", "about 20% part-time", share(ps, func(p caseload.Practitioner) bool { return p.Hours < 37 }), 0.17, 0.23},
			{"PQiP", "about 8% PQiP", share(ps, func(p caseload.Practitioner) bool { return p.Grade.IsPQiP() }), 0.06, 0.10},
			{"NQO", "about 3% NQO", share(ps, func(p caseload.Practitioner) bool { return p.Grade == grades.NQO }), 0.01, 0.05},
		}
		for _, tt := range tests {
			if tt.got < tt.min || tt.got > tt.max {
				t.Errorf("seed %d: %s = %.3f, want %.3f–%.3f (%s)", seed, tt.name, tt.got, tt.min, tt.max, tt.reason)
			}
		}
	}
}

func protect(p tiering.Protect) func(caseload.Case) bool {
	return func(c caseload.Case) bool { return c.Tier.Protect() == p }
}

func caseType(ct caseload.CaseType) func(caseload.Case) bool {
	return func(c caseload.Case) bool { return c.Type == ct }
}

// TestRiskConsistent checks that RoSH and MAPPA agree with the protect
// letter as domain/tiering.md §1.2 scores them: A needs very high RoSH or
// MAPPA 2/3, and no other letter has either.
func TestRiskConsistent(t *testing.T) {
	in := synth.Generate(mustSize(t, "pdu"), 1)
	for _, c := range in.Cases {
		top := c.Risk.RoSH == tiering.RoSHVeryHigh || c.Risk.MAPPALevel >= tiering.MAPPA2
		if top != (c.Tier.Protect() == tiering.ProtectA) {
			t.Errorf("case %s: tier %v with RoSH %v, MAPPA %v: A iff very high RoSH or MAPPA 2/3", c.ID, c.Tier, c.Risk.RoSH, c.Risk.MAPPALevel)
		}
		if c.Risk.Tier != c.Tier {
			t.Errorf("case %s: Risk.Tier %v, want Tier %v", c.ID, c.Risk.Tier, c.Tier)
		}
		if c.Tier.Unsupervised() && (c.Risk.MAPPALevel != tiering.MAPPANone || c.Risk.RoSH == tiering.RoSHVeryHigh || c.Type == caseload.Custody) {
			t.Errorf("case %s: S tier %v for a MAPPA, very high RoSH or custody case", c.ID, c.Tier)
		}
		if c.Type != caseload.Community && c.Tier.Change() == 0 {
			t.Errorf("case %s: %v case with change level 0", c.ID, c.Type)
		}
	}
}

// utilisation returns Σ (base load + points of cases) / Σ available, and
// the current (held + base) utilisation of each practitioner.
func utilisation(in *synth.Instance) (total float64, current []float64) {
	w := caseload.NationalWeights().At(in.AsOf)
	capa := caseload.NationalCapacity()
	idx := map[string]int{}
	held := make([]int, len(in.Practitioners))
	for i, p := range in.Practitioners {
		idx[p.ID] = i
	}
	points, avail := 0, 0
	for _, c := range in.Cases {
		pts := w.Points(c)
		points += pts
		if c.Practitioner != "" {
			held[idx[c.Practitioner]] += pts
		}
	}
	for i, p := range in.Practitioners {
		a := capa.Available(p, in.AsOf)
		avail += a
		points += in.Load[i]
		current = append(current, float64(held[i]+in.Load[i])/float64(a))
	}
	return float64(points) / float64(avail), current
}

func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)))
}

func TestUtilisation(t *testing.T) {
	tests := []struct {
		name, reason  string
		size          synth.Size
		total         float64
		minSD, maxSD  float64
		wantDeparting bool
	}{
		{"pdu", "all new: 95% of capacity (optimizer.md §5)", mustSize(t, "pdu"), 0.95, 0, 0.1, false},
		{"small-held", "held: national average 110–120% (workload.md §4), spread 0.12", smallHeld, 1.15, 0.06, 0.25, true},
		{"daily", "held: national average 110–120%, spread 0.12", mustSize(t, "daily"), 1.15, 0.08, 0.2, false},
		{"rebalance", "held, uneven: spread 0.30", mustSize(t, "rebalance"), 1.15, 0.2, 0.45, true},
	}
	for _, tt := range tests {
		if testing.Short() && tt.size.Cases > 10000 {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			in := synth.Generate(tt.size, 3)
			total, current := utilisation(in)
			if math.Abs(total-tt.total) > 0.01 {
				t.Errorf("total utilisation %.4f, want %.2f ± 0.01 (%s)", total, tt.total, tt.reason)
			}
			_, sd := meanSD(current)
			if sd < tt.minSD || sd > tt.maxSD {
				t.Errorf("SD of current utilisation %.3f, want %.2f–%.2f (%s)", sd, tt.minSD, tt.maxSD, tt.reason)
			}
			if got := in.Departing != ""; got != tt.wantDeparting {
				t.Errorf("Departing = %q, want one: %v", in.Departing, tt.wantDeparting)
			}
		})
	}
}

// tb is what checkInvariants needs of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// teamRules are the team invariants of each family: at least minPOs POs
// in every team (or all its members if fewer), and minHeads–maxHeads
// members in every team once the instance has at least from
// practitioners.
var teamRules = map[synth.Family]struct{ minPOs, minHeads, maxHeads, from int }{
	synth.Standard: {3, 8, 12, 16},
	synth.Uneven:   {2, 4, 24, 8},
}

// checkInvariants reports every broken structural invariant of in.
func checkInvariants(t tb, size synth.Size, in *synth.Instance) {
	t.Helper()
	if len(in.Cases) != size.Cases || len(in.Practitioners) != size.Practitioners || len(in.Load) != size.Practitioners {
		t.Fatalf("got %d cases, %d practitioners, %d loads; want %d, %d, %d",
			len(in.Cases), len(in.Practitioners), len(in.Load), size.Cases, size.Practitioners, size.Practitioners)
	}
	teams := map[string]synth.Team{}
	for _, tm := range in.Teams {
		if _, dup := teams[tm.ID]; dup {
			t.Errorf("team %s listed twice", tm.ID)
		}
		teams[tm.ID] = tm
	}
	byID := map[string]caseload.Practitioner{}
	heads := map[string]int{}
	for i, p := range in.Practitioners {
		if _, dup := byID[p.ID]; dup {
			t.Errorf("practitioner %s listed twice", p.ID)
		}
		byID[p.ID] = p
		heads[p.Team]++
		tm, ok := teams[p.Team]
		switch {
		case !ok:
			t.Errorf("practitioner %s in unknown team %q", p.ID, p.Team)
		case tm.PDU != p.PDU || tm.Region != p.Region:
			t.Errorf("practitioner %s in PDU %s region %s, team %s is in %s, %s", p.ID, p.PDU, p.Region, tm.ID, tm.PDU, tm.Region)
		}
		if in.Load[i] < 0 {
			t.Errorf("practitioner %s has base load %d < 0", p.ID, in.Load[i])
		}
	}
	want := teamRules[size.Family]
	for id, n := range heads {
		pos := 0
		for _, p := range in.Practitioners {
			if p.Team == id && p.Grade == grades.PO {
				pos++
			}
		}
		if pos < min(want.minPOs, n) {
			t.Errorf("team %s has %d POs among %d, want at least %d", id, pos, n, min(want.minPOs, n))
		}
		if size.Practitioners >= want.from && (n < want.minHeads || n > want.maxHeads) {
			t.Errorf("team %s has %d practitioners, want %d–%d", id, n, want.minHeads, want.maxHeads)
		}
	}
	for id := range teams {
		if heads[id] == 0 {
			t.Errorf("team %s has no practitioner", id)
		}
	}
	national := grades.National()
	seen := map[string]bool{}
	departing := 0
	for k, c := range in.Cases {
		if seen[c.ID] {
			t.Errorf("case %s listed twice", c.ID)
		}
		seen[c.ID] = true
		if _, ok := teams[c.Team]; !ok {
			t.Errorf("case %s in unknown team %q", c.ID, c.Team)
		}
		if !c.Tier.IsValid() || !c.Type.IsValid() {
			t.Errorf("case %s has tier %v, type %v", c.ID, c.Tier, c.Type)
		}
		isNew := k >= size.Cases-size.New
		if isNew != (c.Practitioner == "") {
			t.Errorf("case %s (index %d): practitioner %q, want held iff index < %d", c.ID, k, c.Practitioner, size.Cases-size.New)
		}
		if c.Practitioner == in.Departing && c.Practitioner != "" {
			departing++
		}
		if len(c.RestrictedTo) > 0 {
			hasPO := false
			for _, id := range c.RestrictedTo {
				p, ok := byID[id]
				hasPO = hasPO || ok && p.Grade == grades.PO && p.Team == c.Team
			}
			if !hasPO {
				t.Errorf("case %s restricted to %v: no PO of team %s", c.ID, c.RestrictedTo, c.Team)
			}
		}
		for _, who := range []struct{ field, id string }{{"practitioner", c.Practitioner}, {"previous", c.Previous}} {
			if who.id == "" {
				continue
			}
			p, ok := byID[who.id]
			if !ok || p.Team != c.Team {
				t.Errorf("case %s of team %s: %s %q is not in the team", c.ID, c.Team, who.field, who.id)
			}
			if slices.Contains(c.ExcludedFrom, who.id) || len(c.RestrictedTo) > 0 && !slices.Contains(c.RestrictedTo, who.id) {
				t.Errorf("case %s: %s %s is excluded or not on the restricted list", c.ID, who.field, who.id)
			}
			if ok, warn := national.Eligible(c.Risk); !ok.Has(p.Grade) || warn.Has(p.Grade) {
				t.Errorf("case %s (RoSH %v, MAPPA %v, flags %v): %s %s is a %v; national policy: eligible %v, with warnings %v", c.ID, c.Risk.RoSH, c.Risk.MAPPALevel, c.Risk.Flags, who.field, who.id, p.Grade, ok, warn)
			}
		}
		if c.Previous != "" && c.Previous == c.Practitioner {
			t.Errorf("case %s: previous practitioner %s holds it now", c.ID, c.Previous)
		}
	}
	if in.Departing != "" && departing == 0 {
		t.Errorf("departing practitioner %s holds no case", in.Departing)
	}
	if size.Departing && size.New < size.Cases && in.Departing == "" {
		t.Errorf("size asks for a departing practitioner; got none")
	}
}

// TestValidates checks that package caseload accepts the records.
func TestValidates(t *testing.T) {
	for _, size := range []synth.Size{mustSize(t, "pdu"), smallHeld} {
		in := synth.Generate(size, 17)
		if err := caseload.Validate(in.Cases, in.Practitioners, caseload.NationalCapacity()); err != nil {
			t.Errorf("caseload.Validate(Generate(%s, 17)) = %v, want nil", size.Name, err)
		}
	}
}

func TestInvariantsNamed(t *testing.T) {
	for _, size := range []synth.Size{mustSize(t, "pdu"), smallHeld} {
		t.Run(size.Name, func(t *testing.T) { checkInvariants(t, size, synth.Generate(size, 11)) })
	}
}

// drawSize draws a size of either family with up to most
// practitioners and perHead cases each, and, when loads, its utilisation
// and spread.
func drawSize(t *rapid.T, most, perHead int, loads bool) synth.Size {
	p := rapid.IntRange(1, most).Draw(t, "practitioners")
	n := rapid.IntRange(0, perHead*p).Draw(t, "cases")
	size := synth.Size{
		Name:          "prop",
		Family:        rapid.SampledFrom(synth.Families()).Draw(t, "family"),
		Practitioners: p,
		Cases:         n,
		New:           rapid.IntRange(0, n).Draw(t, "new"),
		Departing:     rapid.Bool().Draw(t, "departing"),
	}
	if loads {
		size.Utilisation = rapid.Float64Range(0, 1.6).Draw(t, "utilisation")
		size.Spread = rapid.Float64Range(0, 0.5).Draw(t, "spread")
	}
	return size
}

func TestInvariantsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		size := drawSize(t, 60, 40, true)
		checkInvariants(t, size, synth.Generate(size, rapid.Uint64().Draw(t, "seed")))
	})
}

func TestGeneratePanicsOnBadSize(t *testing.T) {
	tests := []struct {
		name, reason string
		size         synth.Size
	}{
		{"no practitioners", "someone must hold the cases", synth.Size{Cases: 1}},
		{"new above cases", "New counts some of the cases", synth.Size{Cases: 1, New: 2, Practitioners: 1}},
		{"negative cases", "a count", synth.Size{Cases: -1, Practitioners: 1}},
		{"NaN utilisation", "a target share", synth.Size{Practitioners: 1, Utilisation: math.NaN()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Generate(%+v) did not panic (%s)", tt.size, tt.reason)
				}
			}()
			synth.Generate(tt.size, 1)
		})
	}
}
