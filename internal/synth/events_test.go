package synth_test

import (
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/internal/synth"
	"github.com/probationkit/probation/tiering"
)

func TestEventKindText(t *testing.T) {
	var got []string
	for _, k := range synth.EventKinds() {
		text, err := k.MarshalText()
		if err != nil {
			t.Fatalf("%v.MarshalText() error %v", k, err)
		}
		var back synth.EventKind
		if err := back.UnmarshalText(text); err != nil || back != k {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", text, back, err, k)
		}
		got = append(got, k.String())
	}
	want := []string{"TERMINATION", "RELEASE", "UNSUPERVISED", "TIER_CHANGE", "ROSH_CHANGE", "MAPPA_CHANGE",
		"LEAVER", "JOINER", "PROGRESSION", "REDUCTION", "ARRIVAL"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EventKinds() names mismatch (-want +got):\n%s", diff)
	}
	tests := []struct {
		name, reason, text string
		wantErr            bool
	}{
		{"lower case", "parsing ignores case", "tier_change", false},
		{"unknown", "no such kind", "TRANSFER", true},
		{"empty", "the zero kind is invalid", "", true},
	}
	for _, tt := range tests {
		if _, err := synth.ParseEventKind(tt.text); (err != nil) != tt.wantErr {
			t.Errorf("%s: ParseEventKind(%q) error %v, want error %v (%s)", tt.name, tt.text, err, tt.wantErr, tt.reason)
		}
	}
	if synth.EventKind(0).IsValid() {
		t.Errorf("EventKind(0).IsValid() = true, want false")
	}
}

// eventSizes are instances the conservation tests replay: the standard
// and uneven PDUs all new, and small held caseloads with a departing
// practitioner.
var eventSizes = []synth.Size{
	{Name: "pdu", Cases: 2000, Practitioners: 70, New: 2000, Utilisation: 0.95},
	smallHeld,
	smallHeld.In(synth.Uneven),
}

func TestEventsDeterministic(t *testing.T) {
	in := synth.Generate(smallHeld, 3)
	a, b := synth.GenerateEvents(in, 200, 5, nil), synth.GenerateEvents(in, 200, 5, nil)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("GenerateEvents(small-held, 200, 5) twice mismatch (-first +second):\n%s", diff)
	}
	if c := synth.GenerateEvents(in, 200, 6, nil); cmp.Equal(a.Events, c.Events) {
		t.Errorf("GenerateEvents with seeds 5 and 6 gave the same events")
	}
	if diff := cmp.Diff(synth.Generate(smallHeld, 3), in); diff != "" {
		t.Errorf("GenerateEvents changed its instance (-fresh +after):\n%s", diff)
	}
}

// TestEventsConservation replays a year of each size: every event names
// an open case or a practitioner in post, arrivals and joiners bring new
// IDs, every case ends at most once, and each kind keeps its rule (see
// replay).
func TestEventsConservation(t *testing.T) {
	for _, size := range eventSizes {
		t.Run(size.Name, func(t *testing.T) {
			in := synth.Generate(size, 2)
			s := synth.GenerateEvents(in, 365, 9, nil)
			rp := newReplay(t, in, s).run()
			rp.validate()
			if rp.weekend > 0 {
				t.Errorf("%d arrivals on weekends, want none", rp.weekend)
			}
			for _, k := range synth.EventKinds() {
				if k != synth.MAPPAChange && rp.kinds[k] == 0 {
					t.Errorf("no %v event in a year of %s", k, size.Name)
				}
			}
			if in.Departing != "" && (len(s.Events) == 0 || !slices.ContainsFunc(s.On(0), func(e synth.Event) bool {
				return e.Kind == synth.Leaver && e.Practitioner == in.Departing
			})) {
				t.Errorf("departing practitioner %s does not leave on day 0", in.Departing)
			}
		})
	}
}

func TestEventsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := synth.Generate(drawSize(t, 40, 30, false), rapid.Uint64().Draw(t, "instance seed"))
		days := rapid.IntRange(0, 400).Draw(t, "days")
		newReplay(t, in, synth.GenerateEvents(in, days, rapid.Uint64().Draw(t, "seed"), nil)).run()
	})
}

func TestStreamOn(t *testing.T) {
	s := synth.GenerateEvents(synth.Generate(smallHeld, 1), 30, 1, nil)
	total := 0
	for d := -1; d <= s.Days; d++ {
		day := s.On(d)
		for _, e := range day {
			if e.Day != d {
				t.Errorf("On(%d) holds an event of day %d", d, e.Day)
			}
		}
		total += len(day)
	}
	if total != len(s.Events) {
		t.Errorf("On(0 … %d) hold %d events, want all %d", s.Days-1, total, len(s.Events))
	}
}

func TestGenerateEventsPanics(t *testing.T) {
	in := synth.Generate(smallHeld, 1)
	bad := func(f func(*synth.Dynamics)) *synth.Dynamics {
		d := synth.DefaultDynamics()
		f(&d)
		return &d
	}
	tests := []struct {
		name, reason string
		days         int
		d            *synth.Dynamics
	}{
		{"negative days", "a horizon is a count of days", -1, nil},
		{"release share", "a share of the sentence", 10, bad(func(d *synth.Dynamics) { d.Release = 1.5 })},
		{"unknown reason", "absences are catalogue reductions", 10, bad(func(d *synth.Dynamics) { d.Sickness.Reason = "GARDEN_LEAVE" })},
		{"bad law", "a log-normal needs a positive median", 10, bad(func(d *synth.Dynamics) { d.Community.Median = 0 })},
		{"vacancy range", "[min, max) with min < max", 10, bad(func(d *synth.Dynamics) { d.VacancyDays = [2]int{30, 30} })},
		{"NaN rate", "rates are numbers", 10, bad(func(d *synth.Dynamics) { d.TierReview = math.NaN() })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("GenerateEvents did not panic (%s)", tt.reason)
				}
			}()
			synth.GenerateEvents(in, tt.days, 1, tt.d)
		})
	}
}

// TestDefaultReasons checks that the default absences name reasons of
// package caseload's national catalogue.
func TestDefaultReasons(t *testing.T) {
	d := synth.DefaultDynamics()
	capa := caseload.NationalCapacity()
	for _, a := range []synth.Absence{d.Sickness, d.Maternity, d.Secondment} {
		if _, ok := capa.Reason(a.Reason); !ok {
			t.Errorf("reason %q is not in caseload.NationalCapacity()", a.Reason)
		}
	}
}

// regionYear returns a year of events of the region (or, with -short,
// of the pdu) with its replay, shared by the statistical tests.
func regionYear(t *testing.T) (*synth.Instance, *synth.Stream, *replay) {
	t.Helper()
	size := mustSize(t, "daily")
	if testing.Short() {
		size = smallHeld
	}
	in := synth.Generate(size, 1)
	s := synth.GenerateEvents(in, 365, 1, nil)
	return in, s, newReplay(t, in, s).run()
}

// TestEventsArrivals checks the arrival rate of each case type against
// Stream.Rates, which must follow Little's law from the instance's
// stock: over the working days of a year of the daily size (about
// 21,000 arrivals), within 4% for community (about 15,000, so about 5
// standard errors), 6% for custody and 15% for licence (about 1,100).
func TestEventsArrivals(t *testing.T) {
	in, s, rp := regionYear(t)
	work := 0
	for d := range s.Days {
		if wd := s.Start.AddDate(0, 0, d).Weekday(); wd >= 1 && wd <= 5 {
			work++
		}
	}
	r := s.Rates
	tol := map[caseload.CaseType]float64{caseload.Community: 0.04, caseload.Custody: 0.06, caseload.Licence: 0.15}
	for typ, tl := range tol {
		if testing.Short() {
			tl *= 4
		}
		want := r.Arrivals[typ] * 7 / 5 * float64(work)
		if got := float64(rp.byType[typ]); math.Abs(got/want-1) > tl {
			t.Errorf("%v arrivals: %.0f in %d working days, want %.0f ± %.0f%%", typ, got, work, want, 100*tl)
		}
	}
	// Little's law: community and custody arrivals × mean stay = stock.
	for _, typ := range []caseload.CaseType{caseload.Community, caseload.Custody} {
		if got, want := r.Arrivals[typ]*r.Days[typ], float64(r.Stock[typ]); math.Abs(got/want-1) > 1e-9 {
			t.Errorf("%v: arrivals %.2f/day × %.1f days = %.1f, want the stock %.0f", typ, r.Arrivals[typ], r.Days[typ], got, want)
		}
	}
	if got := r.Stock[caseload.Community] + r.Stock[caseload.Licence] + r.Stock[caseload.Custody]; got != len(in.Cases) {
		t.Errorf("Rates.Stock totals %d, want the instance's %d cases", got, len(in.Cases))
	}
}

// TestEventsNationalRates checks the national volumes that the issue
// asks to be calibrated: about 240,000 under supervision (workload.md
// §4) give about 460 arriving cases a calendar day. It needs only the
// rates, so it generates one day.
func TestEventsNationalRates(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the national instance")
	}
	in := synth.Generate(mustSize(t, "national"), 1)
	r := synth.GenerateEvents(in, 1, 1, nil).Rates
	if got := r.Total(); got < 430 || got > 490 {
		t.Errorf("national arrivals %.1f a day, want 430–490 (240,000 cases ÷ a mean stay of about 17 months)", got)
	}
}

// TestEventsStationary checks that a year of events keeps the caseload
// about as it starts (the calibration of GenerateEvents): open cases
// within 3%, the shares of S tiers and of each tier letter within 1.5
// points, mean points per open case within 3%, and practitioners in post
// between 94% and 101% (vacancies take 28–182 days to fill).
func TestEventsStationary(t *testing.T) {
	if testing.Short() {
		t.Skip("replays a year of a region")
	}
	in, _, rp := regionYear(t)
	weights := caseload.NationalWeights().At(in.AsOf)
	type mix struct {
		n, points float64
		s         float64
		letters   [4]float64
	}
	measure := func(each func(func(caseload.CaseType, tiering.Tier))) mix {
		var m mix
		each(func(typ caseload.CaseType, tier tiering.Tier) {
			m.n++
			m.points += float64(weights.Points(caseload.Case{Type: typ, Tier: tier}))
			if tier.Unsupervised() {
				m.s++
			}
			m.letters[tier.Protect()-1]++
		})
		return m
	}
	start := measure(func(f func(caseload.CaseType, tiering.Tier)) {
		for _, c := range in.Cases {
			f(c.Type, c.Tier)
		}
	})
	end := measure(func(f func(caseload.CaseType, tiering.Tier)) {
		for _, c := range rp.open {
			f(c.typ, c.tier)
		}
	})
	check := func(name string, got, want, tol float64) {
		if math.Abs(got-want) > tol {
			t.Errorf("%s after a year: %.4f, want %.4f ± %.3f", name, got, want, tol)
		}
	}
	check("open cases ÷ start", end.n/start.n, 1, 0.03)
	check("S share", end.s/end.n, start.s/start.n, 0.015)
	for k, l := range []string{"A", "B", "C", "D"} {
		check("share of "+l, end.letters[k]/end.n, start.letters[k]/start.n, 0.015)
	}
	check("points per case ÷ start", (end.points/end.n)/(start.points/start.n), 1, 0.03)
	if got := float64(len(rp.staff)) / float64(len(in.Practitioners)); got < 0.94 || got > 1.01 {
		t.Errorf("practitioners in post after a year: %.3f of the start, want 0.94–1.01", got)
	}
}
