package workforce_test

import (
	"math"
	"testing"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/internal/workforce"
)

// TestNationalFigures checks that the national instance has the published
// shape: 12 regions, 100 PDUs, the caseload, the grade mix of the staff
// in post, and national workload near 117%.
func TestNationalFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("national instance")
	}
	f := workforce.National()
	in, err := workforce.Generate(f, workforce.Sizes()[2], 1)
	if err != nil {
		t.Fatal(err)
	}
	regions, pdus := map[string]bool{}, map[string]bool{}
	for _, p := range in.Places {
		regions[p.Region], pdus[p.PDU] = true, true
	}
	if len(regions) != 12 || len(pdus) != 100 {
		t.Errorf("%d regions and %d PDUs, want 12 and 100", len(regions), len(pdus))
	}
	if n := len(in.Cases); math.Abs(float64(n-f.People)) > 0.001*float64(f.People) {
		t.Errorf("%d cases, want about %d", n, f.People)
	}
	cl, err := caseload.Build(in.Cases, in.Practitioners, in.AsOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := cl.Demand(nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := cl.Supply(nil)
	if err != nil {
		t.Fatal(err)
	}
	pct := 100 * d.At(caseload.National)[0].Months[0].Points() / s.At(caseload.National)[0].Months[0].Points()
	if math.Abs(pct-f.WorkloadPct) > 3 {
		t.Errorf("national workload %.1f%%, want about %.0f%%", pct, f.WorkloadPct)
	}
	t.Logf("case-holding share %.3f, %d practitioners, national workload %.1f%%", in.CaseHoldingShare, len(in.Practitioners), pct)
}

func TestDeterministic(t *testing.T) {
	a, err := workforce.Generate(workforce.National(), workforce.Sizes()[0], 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := workforce.Generate(workforce.National(), workforce.Sizes()[0], 7)
	if len(a.Cases) != len(b.Cases) || len(a.Practitioners) != len(b.Practitioners) || a.Cases[len(a.Cases)-1].ID != b.Cases[len(b.Cases)-1].ID || a.Spells[len(a.Spells)-1] != b.Spells[len(b.Spells)-1] {
		t.Errorf("the same seed gave different instances")
	}
}
