package tiering_test

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/probationkit/probation/tiering"
)

func mustClassify(t *rapid.T, in tiering.Input, s *tiering.Settings) tiering.Result {
	r, err := tiering.Classify(in, s)
	if err != nil {
		t.Fatalf("Classify(%+v) error: %v", in, err)
	}
	return r
}

var settingsGen = rapid.Custom(func(t *rapid.T) *tiering.Settings {
	return &tiering.Settings{Version: rapid.SampledFrom([]tiering.Version{0, tiering.Version1, tiering.Version2}).Draw(t, "version"), AsOf: asOf}
})

// TestPropProtectMonotone: raising RoSH, the MAPPA level or RSR, or adding
// a complexity code, never lowers the protect letter or the protect
// points. RSR is drawn on the two-decimal grid below 99.99: hmpps-tier's
// bounds make RSR points drop from 10 to 0 strictly between 6.99 and 7.00
// and from 20 to 0 at 99.99 (TestProtectRSR pins those exceptions).
func TestPropProtectMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := inputGen.Draw(t, "input")
		in.Registrations = registrationsGen(true).Draw(t, "registrations")
		in.RSR = rsrGrid.Draw(t, "rsr")
		in.RoSH = tiering.RoSH(rapid.IntRange(0, 4).Draw(t, "rosh"))
		in.MAPPALevel = tiering.MAPPALevel(rapid.IntRange(0, 3).Draw(t, "mappa"))
		s := settingsGen.Draw(t, "settings")
		before := mustClassify(t, in, s)

		raised := in
		switch what := rapid.SampledFrom([]string{"rosh", "mappa", "rsr", "complexity"}).Draw(t, "raise"); what {
		case "rosh":
			raised.RoSH = tiering.RoSH(rapid.IntRange(int(in.RoSH), 4).Draw(t, "higher rosh"))
		case "mappa":
			raised.MAPPALevel = tiering.MAPPALevel(rapid.IntRange(int(in.MAPPALevel), 3).Draw(t, "higher mappa"))
		case "rsr":
			raised.RSR = float64(rapid.IntRange(int(math.Round(in.RSR*100)), 9998).Draw(t, "higher rsr×100")) / 100
		case "complexity":
			code := rapid.SampledFrom(tiering.ComplexityCodes()).Draw(t, "code")
			raised.Registrations = append(slices.Clip(in.Registrations), reg(code))
		}
		after := mustClassify(t, raised, s)
		if after.Tier.Protect().Compare(before.Tier.Protect()) < 0 || after.ProtectPoints < before.ProtectPoints {
			t.Fatalf("protect fell from %v (%d points) to %v (%d points)", before.Tier.Protect(), before.ProtectPoints, after.Tier.Protect(), after.ProtectPoints)
		}
	})
}

// TestPropChangeMonotone: with a mandate for change, raising OGRS or
// adding (or raising) a need never lowers the change level or points.
func TestPropChangeMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := inputGen.Draw(t, "input")
		in.Convictions = append(slices.Clip(in.Convictions), tiering.Conviction{SentenceType: "SC"})
		before := mustClassify(t, in, &tiering.Settings{AsOf: asOf})

		raised := in
		if in.Assessment == nil || rapid.Bool().Draw(t, "ogrs") {
			raised.OGRS = rapid.IntRange(in.OGRS, 100).Draw(t, "higher ogrs")
		} else {
			a := *in.Assessment
			a.Needs = slices.Clone(a.Needs)
			n := tiering.Need(rapid.IntRange(1, int(tiering.NeedAttitudes)).Draw(t, "need"))
			i := slices.IndexFunc(a.Needs, func(ns tiering.NeedScore) bool { return ns.Need == n })
			switch {
			case i < 0:
				ns := needScoreGen.Draw(t, "new need")
				ns.Need = n
				a.Needs = append(a.Needs, ns)
			case a.Needs[i].Severity != tiering.SeverityUnset:
				a.Needs[i].Severity = tiering.Severity(rapid.IntRange(int(a.Needs[i].Severity), 3).Draw(t, "higher severity"))
			default:
				a.Needs[i].Score = rapid.IntRange(a.Needs[i].Score, 12).Draw(t, "higher score")
			}
			raised.Assessment = &a
		}
		after := mustClassify(t, raised, &tiering.Settings{AsOf: asOf})
		if after.Tier.Change() < before.Tier.Change() || after.ChangePoints < before.ChangePoints {
			t.Fatalf("change fell from %d (%d points) to %d (%d points)", before.Tier.Change(), before.ChangePoints, after.Tier.Change(), after.ChangePoints)
		}
	})
}

// TestPropOrderIndependent: the result, explanation included, does not
// depend on the order of the registrations or of the needs; only the
// registration dates (newest wins) matter.
func TestPropOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := inputGen.Draw(t, "input")
		s := settingsGen.Draw(t, "settings")
		want := mustClassify(t, in, s)
		shuffled := in
		shuffled.Registrations = rapid.Permutation(in.Registrations).Draw(t, "registrations")
		if in.Assessment != nil {
			a := *in.Assessment
			a.Needs = rapid.Permutation(a.Needs).Draw(t, "needs")
			shuffled.Assessment = &a
		}
		got := mustClassify(t, shuffled, s)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("Classify() of shuffled input mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want.Explanation(), got.Explanation()); diff != "" {
			t.Fatalf("Explanation() of shuffled input mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestPropDeterministicAndConsistent: the same input gives the same
// result; the axis totals are the sums of their factors; the JSON form
// carries the same tier.
func TestPropDeterministicAndConsistent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := inputGen.Draw(t, "input")
		s := settingsGen.Draw(t, "settings")
		r := mustClassify(t, in, s)
		if diff := cmp.Diff(r, mustClassify(t, in, s)); diff != "" {
			t.Fatalf("second Classify() mismatch (-first +second):\n%s", diff)
		}
		if !r.Tier.IsValid() || (in.V3 != nil) != r.V3.IsValid() || (r.Provisional && !r.V3.IsLetter()) {
			t.Fatalf("invalid result %v", r)
		}
		var protect, change int
		for _, f := range r.Explanation() {
			switch f.Rule {
			case tiering.RuleRSR, tiering.RuleRoSH, tiering.RuleRSRRoSH, tiering.RuleMAPPA, tiering.RuleComplexity,
				tiering.RuleParenting, tiering.RuleSelfControl, tiering.RuleBreachRecall:
				protect += f.Points
			case tiering.RuleNeed, tiering.RuleOGRS, tiering.RuleIOM:
				change += f.Points
			case tiering.RuleV3Tier:
				if f.Step != r.V3 {
					t.Fatalf("V3_TIER factor %v, result %v", f.Step, r.V3)
				}
			}
		}
		if protect != r.ProtectPoints || change != r.ChangePoints {
			t.Fatalf("factor sums %d, %d; result points %d, %d\n%v", protect, change, r.ProtectPoints, r.ChangePoints, r)
		}
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back struct {
			Tier string `json:"tier"`
			V3   string `json:"v3"`
		}
		if err := json.Unmarshal(data, &back); err != nil || back.Tier != r.Tier.String() {
			t.Fatalf("JSON %s: tier %q, %v; want %v", data, back.Tier, err, r.Tier)
		}
	})
}

func TestClassifyAllMatchesClassify(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 600
	}
	ins := randomInputs(n, 7)
	s := &tiering.Settings{AsOf: asOf}
	got, err := tiering.ClassifyAll(ins, s)
	if err != nil {
		t.Fatal(err)
	}
	for i, in := range ins {
		want, err := tiering.Classify(in, s)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got[i]); diff != "" {
			t.Fatalf("ClassifyAll()[%d] mismatch (-Classify +ClassifyAll):\n%s", i, diff)
		}
	}
}
