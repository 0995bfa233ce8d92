package synth_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/synth"
	"github.com/probationkit/probation/tiering"
)

func TestFamilyText(t *testing.T) {
	tests := []struct {
		name, reason string
		text         string
		want         synth.Family
		wantErr      bool
	}{
		{"standard", "the zero family", "standard", synth.Standard, false},
		{"uneven", "the second family", "uneven", synth.Uneven, false},
		{"case", "parsing ignores case", "UNEVEN", synth.Uneven, false},
		{"unknown", "no such family", "lopsided", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := synth.ParseFamily(tt.text)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("ParseFamily(%q) = %v, %v; want %v, error %v (%s)", tt.text, got, err, tt.want, tt.wantErr, tt.reason)
			}
			if tt.wantErr {
				return
			}
			text, err := got.MarshalText()
			if err != nil || string(text) != got.String() {
				t.Errorf("%v.MarshalText() = %q, %v; want %q", got, text, err, got.String())
			}
			var back synth.Family
			if err := back.UnmarshalText(text); err != nil || back != got {
				t.Errorf("UnmarshalText(%q) = %v, %v; want %v", text, back, err, got)
			}
		})
	}
	if synth.Family(9).IsValid() {
		t.Errorf("Family(9).IsValid() = true, want false")
	}
}

func TestFamilySizes(t *testing.T) {
	var got []string
	for _, f := range synth.Families() {
		for _, s := range f.Sizes() {
			got = append(got, fmt.Sprintf("%s %v %d×%d new %d util %.2f spread %.2f departing %v", s.Name, s.Family, s.Cases, s.Practitioners, s.New, s.Utilisation, s.Spread, s.Departing))
		}
	}
	want := []string{
		"pdu standard 2000×70 new 2000 util 0.95 spread 0.00 departing false",
		"region standard 30000×1000 new 30000 util 0.95 spread 0.00 departing false",
		"national standard 240000×10000 new 240000 util 0.95 spread 0.00 departing false",
		"daily standard 30300×1000 new 300 util 1.15 spread 0.12 departing false",
		"rebalance standard 30000×1000 new 0 util 1.15 spread 0.30 departing true",
		"uneven-pdu uneven 2000×70 new 2000 util 0.95 spread 0.00 departing false",
		"uneven-region uneven 30000×1000 new 30000 util 0.95 spread 0.00 departing false",
		"uneven-national uneven 240000×10000 new 240000 util 0.95 spread 0.00 departing false",
		"uneven-daily uneven 30300×1000 new 300 util 1.15 spread 0.12 departing false",
		"uneven-rebalance uneven 30000×1000 new 0 util 1.15 spread 0.30 departing true",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Family.Sizes() mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(synth.Sizes(), synth.Standard.Sizes()); diff != "" {
		t.Errorf("Sizes() and Standard.Sizes() mismatch (-Sizes +Standard):\n%s", diff)
	}

	lookups := []struct {
		name, reason string
		got          func() (synth.Size, bool)
		want         string // "" when the lookup must fail
	}{
		{"SizeNamed standard", "bare names are the standard family", func() (synth.Size, bool) { return synth.SizeNamed("region") }, "region"},
		{"SizeNamed uneven", "prefixed names find the other families", func() (synth.Size, bool) { return synth.SizeNamed("uneven-daily") }, "uneven-daily"},
		{"Family.Size", "a family's size by its base name", func() (synth.Size, bool) { return synth.Uneven.Size("pdu") }, "uneven-pdu"},
		{"Family.Size prefixed", "Family.Size takes base names only", func() (synth.Size, bool) { return synth.Uneven.Size("uneven-pdu") }, ""},
		{"SizeNamed unknown", "no such size", func() (synth.Size, bool) { return synth.SizeNamed("county") }, ""},
		{"SizeNamed unknown uneven", "no such size in the family", func() (synth.Size, bool) { return synth.SizeNamed("uneven-county") }, ""},
		{"invalid family", "an invalid family has no sizes", func() (synth.Size, bool) { return synth.Family(7).Size("pdu") }, ""},
	}
	for _, tt := range lookups {
		s, ok := tt.got()
		if ok != (tt.want != "") || s.Name != tt.want {
			t.Errorf("%s: got %q, %v; want %q (%s)", tt.name, s.Name, ok, tt.want, tt.reason)
		}
	}

	region := mustSize(t, "region")
	if got := region.In(synth.Uneven).In(synth.Standard); got != region {
		t.Errorf("region.In(Uneven).In(Standard) = %+v, want %+v", got, region)
	}
}

func TestUnevenDeterministic(t *testing.T) {
	size := mustSize(t, "uneven-pdu")
	a, b := synth.Generate(size, 7), synth.Generate(size, 7)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("Generate(uneven-pdu, 7) twice mismatch (-first +second):\n%s", diff)
	}
	if a.Family != synth.Uneven || a.Name != "uneven-pdu" {
		t.Errorf("Generate(uneven-pdu, 7) has family %v name %q, want uneven, uneven-pdu", a.Family, a.Name)
	}
	std := synth.Generate(mustSize(t, "pdu"), 7)
	if cmp.Equal(a.Practitioners, std.Practitioners) || cmp.Equal(a.Cases, std.Cases) {
		t.Errorf("Generate(uneven-pdu, 7) has the practitioners or cases of Generate(pdu, 7)")
	}
}

// shapeStats measures what makes a family's shape.
type shapeStats struct {
	teamCV, minTeam, maxTeam float64
	tiers                    [4]float64 // shares of letters A–D
	partTime, po             float64    // shares of the headcount
	// poOnly is the points of the cases only a PO or NQO may hold
	// (grades.National gives no PSO or PQiP grade), divided by the
	// available points of POs and NQOs and by the instance's target
	// utilisation: 1 means the PO-only work alone fills the POs as full
	// as the instance is on average.
	poOnly float64
}

func measureShape(in *synth.Instance, util float64) shapeStats {
	var st shapeStats
	heads := map[string]float64{}
	capa := caseload.NationalCapacity()
	weights := caseload.NationalWeights().At(in.AsOf)
	poAvail := 0
	for _, p := range in.Practitioners {
		heads[p.Team]++
		if p.Hours < 37 {
			st.partTime++
		}
		switch p.Grade {
		case grades.PO:
			st.po++
			poAvail += capa.Available(p, in.AsOf)
		case grades.NQO:
			poAvail += capa.Available(p, in.AsOf)
		}
	}
	n := float64(len(in.Practitioners))
	st.partTime /= n
	st.po /= n
	var hs []float64
	for _, h := range heads {
		hs = append(hs, h)
	}
	mean, sd := meanSD(hs)
	st.teamCV, st.minTeam, st.maxTeam = sd/mean, slices.Min(hs), slices.Max(hs)

	policy := grades.National()
	poOnly := 0
	for _, c := range in.Cases {
		st.tiers[c.Tier.Protect()-tiering.ProtectA]++
		if ok, _ := policy.Eligible(c.Risk); !ok.Has(grades.PSO) && ok&grades.Trainees == 0 {
			poOnly += weights.Points(c)
		}
	}
	for k := range st.tiers {
		st.tiers[k] /= float64(len(in.Cases))
	}
	st.poOnly = float64(poOnly) / float64(poAvail) / util
	return st
}

// TestUnevenShape checks the four properties of the uneven family against
// the standard one, on three seeds of the pdu, region and daily sizes.
// The tolerances allow for the sampling error of a region (30,000 cases,
// 1,000 practitioners) or, where wider, a PDU (2,000 and 70).
func TestUnevenShape(t *testing.T) {
	type band struct{ min, max float64 }
	tests := []struct {
		name, reason string
		got          func(shapeStats) float64
		uneven, std  band
	}{
		{"team size CV", "log-normal teams of log-SD 0.5 against 8–12", func(s shapeStats) float64 { return s.teamCV }, band{0.30, 0.70}, band{0, 0.16}},
		{"smallest team", "uneven teams go down to 4", func(s shapeStats) float64 { return s.minTeam }, band{4, 6}, band{8, 12}},
		{"largest team", "and up to 24", func(s shapeStats) float64 { return s.maxTeam }, band{15, 24}, band{8, 12}},
		{"tier A", "A 8% (standard 10%)", func(s shapeStats) float64 { return s.tiers[0] }, band{0.06, 0.10}, band{0.08, 0.12}},
		{"tier D", "D 42% (standard 30%): skewed to the low letters", func(s shapeStats) float64 { return s.tiers[3] }, band{0.39, 0.45}, band{0.27, 0.33}},
		{"part-time", "40% part-time (standard 20%), an exact count", func(s shapeStats) float64 { return s.partTime }, band{0.39, 0.41}, band{0.19, 0.21}},
		{"PO share", "29% POs (standard 44.5%), an exact count before the per-team minimum", func(s shapeStats) float64 { return s.po }, band{0.27, 0.32}, band{0.42, 0.47}},
		{"PO-only demand", "PO-only points about fill PO capacity at the target utilisation (standard about 0.8)", func(s shapeStats) float64 { return s.poOnly }, band{0.85, 1.20}, band{0.70, 0.90}},
	}
	for _, name := range []string{"pdu", "region", "daily"} {
		for seed := uint64(1); seed <= 3; seed++ {
			std, uneven := mustSize(t, name), mustSize(t, "uneven-"+name)
			if testing.Short() && std.Cases > 10000 {
				continue
			}
			su := measureShape(synth.Generate(uneven, seed), uneven.Utilisation)
			ss := measureShape(synth.Generate(std, seed), std.Utilisation)
			for _, tt := range tests {
				if name == "pdu" && (tt.name == "largest team" || tt.name == "smallest team") {
					continue // 7 or 8 teams need not reach the tails
				}
				for _, c := range []struct {
					family string
					got    float64
					want   band
				}{{"uneven", tt.got(su), tt.uneven}, {"standard", tt.got(ss), tt.std}} {
					if c.got < c.want.min || c.got > c.want.max {
						t.Errorf("%s seed %d, %s: %s = %.3f, want %.2f–%.2f (%s)", name, seed, c.family, tt.name, c.got, c.want.min, c.want.max, tt.reason)
					}
				}
			}
		}
	}
}

// TestUnevenFeasible checks that the uneven instances leave no case
// without a practitioner: in its PDU (allocation's default scope) every
// case has an available practitioner whom the national policy lets hold
// it without a warning and whom its access lists allow; in its own team
// too, except where the departing practitioner was one of the team's
// two POs, which the family allows on purpose (teams keep 2 POs, not 3).
func TestUnevenFeasible(t *testing.T) {
	policy := grades.National()
	for _, name := range []string{"uneven-pdu", "uneven-rebalance"} {
		size := mustSize(t, name)
		if testing.Short() && size.Cases > 10000 {
			continue
		}
		for seed := uint64(1); seed <= 2; seed++ {
			in := synth.Generate(size, seed)
			p := in.Rebalance()
			departingTeam := ""
			for _, pr := range in.Practitioners {
				if pr.ID == in.Departing {
					departingTeam = pr.Team
				}
			}
			for _, c := range p.Cases {
				ok, warn := policy.Eligible(c.Risk)
				may := func(pr allocation.Practitioner) bool {
					return !pr.Unavailable && ok.Has(pr.Grade) && !warn.Has(pr.Grade) &&
						!slices.Contains(c.ExcludedFrom, pr.ID) &&
						(len(c.RestrictedTo) == 0 || slices.Contains(c.RestrictedTo, pr.ID))
				}
				inTeam := slices.ContainsFunc(p.Practitioners, func(pr allocation.Practitioner) bool { return pr.Team == c.Team && may(pr) })
				inPDU := slices.ContainsFunc(p.Practitioners, func(pr allocation.Practitioner) bool { return pr.PDU == c.PDU && may(pr) })
				if !inPDU || !inTeam && c.Team != departingTeam {
					t.Errorf("%s seed %d: case %s (team %s, %v, restricted %v, excluded %v): eligible in team %v, in PDU %v", name, seed, c.ID, c.Team, c.Risk, c.RestrictedTo, c.ExcludedFrom, inTeam, inPDU)
				}
			}
		}
	}
}

func TestUnevenValidates(t *testing.T) {
	in := synth.Generate(mustSize(t, "uneven-pdu"), 17)
	if err := caseload.Validate(in.Cases, in.Practitioners, caseload.NationalCapacity()); err != nil {
		t.Errorf("caseload.Validate(Generate(uneven-pdu, 17)) = %v, want nil", err)
	}
	checkInvariants(t, mustSize(t, "uneven-pdu"), in)
}
