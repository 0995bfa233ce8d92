package caseload_test

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// TestMutationsEqualBuild applies random sequences of every change a live
// caseload goes through and checks, after each, that the caseload equals
// one built from scratch from the records it then holds: the same
// workloads, case by case points and holders.
func TestMutationsEqualBuild(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		day := asOf
		var ps []caseload.Practitioner
		for i := range rapid.IntRange(1, 4).Draw(t, "staff") {
			ps = append(ps, drawPractitioner(t, fmt.Sprintf("P%d", i), day))
		}
		cl, err := caseload.Build(nil, ps, day, nil)
		if err != nil {
			t.Fatal(err)
		}
		nextP, nextC := len(ps), 0
		ids := func() []string {
			var out []string
			for _, w := range cl.Workloads() {
				out = append(out, w.Practitioner)
			}
			return out
		}
		holder := func() string {
			ids := append(ids(), "")
			return rapid.SampledFrom(ids).Draw(t, "holder")
		}
		for range rapid.IntRange(1, 25).Draw(t, "steps") {
			cases := cl.Cases()
			switch rapid.IntRange(0, 8).Draw(t, "op") {
			case 0: // a case arrives
				c := drawCase(t, fmt.Sprintf("C%d", nextC), holder())
				nextC++
				must(t, cl.Add(c))
			case 1: // a case closes
				if len(cases) > 0 {
					must(t, cl.Close(rapid.SampledFrom(cases).Draw(t, "close").ID))
				}
			case 2: // a case changes: tier, risk, lists, holder
				if len(cases) > 0 {
					c := drawCase(t, rapid.SampledFrom(cases).Draw(t, "update").ID, holder())
					must(t, cl.UpdateCase(c))
				}
			case 3: // someone joins
				must(t, cl.AddPractitioner(drawPractitioner(t, fmt.Sprintf("P%d", nextP), day)))
				nextP++
			case 4: // someone leaves
				if len(ids()) > 1 {
					must(t, cl.RemovePractitioner(rapid.SampledFrom(ids()).Draw(t, "leaver")))
				}
			case 5: // someone's record changes
				id := rapid.SampledFrom(ids()).Draw(t, "changed")
				must(t, cl.UpdatePractitioner(drawPractitioner(t, id, day)))
			case 6: // a reduction is added
				id := rapid.SampledFrom(ids()).Draw(t, "reduced")
				p, _ := cl.Practitioner(id)
				if len(p.Reductions) < 3 {
					must(t, cl.AddReduction(id, caseload.Reduction{Reason: caseload.ReasonPQiP3, Hours: 2, Start: day.AddDate(0, 0, -rapid.IntRange(0, 20).Draw(t, "ago"))}))
				}
			case 7: // a reduction ends
				id := rapid.SampledFrom(ids()).Draw(t, "ended")
				if p, _ := cl.Practitioner(id); len(p.Reductions) > 0 {
					k := rapid.IntRange(0, len(p.Reductions)-1).Draw(t, "which")
					must(t, cl.EndReduction(id, k, p.Reductions[k].Start.AddDate(0, 0, rapid.IntRange(1, 40).Draw(t, "days"))))
				}
			case 8: // the date moves on
				day = day.AddDate(0, 0, rapid.IntRange(1, 15).Draw(t, "forward"))
				cl.SetAsOf(day)
			}
			for _, id := range ids() {
				var want []string
				for _, c := range cl.Cases() {
					if c.Practitioner == id {
						want = append(want, c.ID)
					}
				}
				if got := cl.HeldBy(id); !slices.Equal(got, want) {
					t.Fatalf("HeldBy(%s) = %v, want %v", id, got, want)
				}
			}
			fresh, err := caseload.Build(cl.Cases(), cl.Practitioners(), day, nil)
			if err != nil {
				t.Fatalf("the records the caseload holds do not build: %v", err)
			}
			byID := func(ws []caseload.Workload) []caseload.Workload {
				return slices.SortedFunc(slices.Values(ws), func(a, b caseload.Workload) int { return cmp.Compare(a.Practitioner, b.Practitioner) })
			}
			if diff := gocmp.Diff(byID(fresh.Workloads()), byID(cl.Workloads())); diff != "" {
				t.Fatalf("workloads differ from a fresh Build (-fresh +live):\n%s", diff)
			}
			if diff := gocmp.Diff(fresh.Cases(), cl.Cases()); diff != "" {
				t.Fatalf("cases differ from a fresh Build (-fresh +live):\n%s", diff)
			}
		}
		clone := cl.Clone()
		if ids := ids(); len(ids) > 1 {
			must(t, clone.RemovePractitioner(ids[0]))
			if _, ok := cl.Practitioner(ids[0]); !ok {
				t.Fatal("changing a clone changed the original")
			}
		}
	})
}

func must(t *rapid.T, err error) {
	if err != nil {
		t.Fatal(err)
	}
}

func drawPractitioner(t *rapid.T, id string, _ any) caseload.Practitioner {
	return caseload.Practitioner{
		ID:    id,
		Grade: rapid.SampledFrom([]grades.Grade{grades.PO, grades.PSO, grades.PQiP2}).Draw(t, "grade"),
		Team:  rapid.SampledFrom([]string{"T1", "T2"}).Draw(t, "team"),
		Hours: rapid.SampledFrom([]*float64{nil, new(0.0), new(18.5), new(37.0)}).Draw(t, "hours"),
	}
}

func drawCase(t *rapid.T, id, holder string) caseload.Case {
	tier := tiering.Tier(rapid.IntRange(0, 32).Draw(t, "tier"))
	c := caseload.Case{
		ID:           id,
		Tier:         tier,
		Type:         rapid.SampledFrom([]caseload.CaseType{caseload.Community, caseload.Licence, caseload.Custody}).Draw(t, "type"),
		Team:         rapid.SampledFrom([]string{"T1", "T2"}).Draw(t, "cteam"),
		Risk:         grades.Profile{Tier: tier, RoSH: rapid.SampledFrom([]tiering.RoSH{tiering.RoSHNone, tiering.RoSHLow, tiering.RoSHHigh}).Draw(t, "rosh")},
		Practitioner: holder,
	}
	if rapid.Bool().Draw(t, "lao") {
		c.ExcludedFrom = []string{"P0"}
	}
	return c
}

// TestStateJSONRoundTrip: a caseload written and read back answers the
// same: workloads, cases, points, and after the date moves on too.
func TestStateJSONRoundTrip(t *testing.T) {
	cs, ps := team()
	cl, err := caseload.Build(cs, ps, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := cl.AddContacts([]caseload.Contact{{Case: "C1", Code: "CMS05", By: "P3", Date: asOf.AddDate(0, 0, -2)}}); err != nil {
		t.Fatal(err)
	}
	data, err := cl.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var back caseload.Caseload
	if err := back.UnmarshalJSON(data); err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff(cl.Workloads(), back.Workloads()); diff != "" {
		t.Errorf("workloads after a round trip (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(cl.Cases(), back.Cases()); diff != "" {
		t.Errorf("cases after a round trip (-want +got):\n%s", diff)
	}
	later := asOf.AddDate(0, 0, 10)
	cl.SetAsOf(later)
	back.SetAsOf(later)
	if diff := gocmp.Diff(cl.Workloads(), back.Workloads()); diff != "" {
		t.Errorf("workloads after the date moves (-want +got):\n%s", diff)
	}
	for _, bad := range []struct{ name, data string }{
		{"another schema", `{"schema":"other"}`},
		{"a repeated name", `{"schema":"` + caseload.StateSchema + `","schema":"` + caseload.StateSchema + `"}`},
		{"an unknown name", strings.Replace(string(data), `{"schema":`, `{"colour":1,"schema":`, 1)},
		{"trailing data", string(data) + "{}"},
	} {
		if err := back.UnmarshalJSON([]byte(bad.data)); err == nil {
			t.Errorf("a state with %s was read", bad.name)
		}
	}
}

// FuzzStateJSON: Caseload.UnmarshalJSON never panics, and a caseload it
// reads writes a state that reads back to the same state.
func FuzzStateJSON(f *testing.F) {
	cs, ps := team()
	cl, err := caseload.Build(cs, ps, asOf, nil)
	if err != nil {
		f.Fatal(err)
	}
	data, err := cl.MarshalJSON()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"schema":"other"}`))
	f.Add([]byte(`{"schema":"` + caseload.StateSchema + `","cases":[{}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var cl caseload.Caseload
		if cl.UnmarshalJSON(data) != nil {
			return
		}
		out, err := cl.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back caseload.Caseload
		if err := back.UnmarshalJSON(out); err != nil {
			t.Fatalf("UnmarshalJSON of a state MarshalJSON wrote: %v", err)
		}
		again, err := back.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, again) {
			t.Fatalf("state round trip differs:\n%s\n%s", out, again)
		}
	})
}
