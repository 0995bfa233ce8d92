package tiering_test

import (
	"encoding"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/tiering"
)

// textRoundTrip checks that every value marshals to text and unmarshals
// back to itself.
func textRoundTrip[T comparable, PT interface {
	*T
	encoding.TextUnmarshaler
}](t *testing.T, values ...T) {
	t.Helper()
	for _, v := range values {
		text, err := any(v).(encoding.TextMarshaler).MarshalText()
		if err != nil {
			t.Errorf("%v.MarshalText() error: %v", v, err)
			continue
		}
		var back T
		if err := PT(&back).UnmarshalText(text); err != nil {
			t.Errorf("UnmarshalText(%q) error: %v", text, err)
			continue
		}
		if back != v {
			t.Errorf("UnmarshalText(%q) = %v, want %v", text, back, v)
		}
	}
}

func TestTierValues(t *testing.T) {
	var all []tiering.Tier
	for _, s := range []bool{false, true} {
		for p := tiering.ProtectA; p <= tiering.ProtectD; p++ {
			for c := 3; c >= 0; c-- {
				all = append(all, tiering.MakeTier(p, c, s))
			}
		}
	}
	for i, tr := range all {
		// The numeric value is the WMT case category: 1 = A3 … 16 = D0, 17 = A3S … 32 = D0S.
		if int(tr) != i+1 {
			t.Errorf("%v = %d, want WMT category %d", tr, tr, i+1)
		}
	}
	textRoundTrip(t, append(all, tiering.Untiered)...)

	tests := []struct {
		name, in string
		want     tiering.Tier
		wantErr  bool
	}{
		{"plain", "B2", tiering.MakeTier(tiering.ProtectB, 2, false), false},
		{"lower case with S", "c0s", tiering.MakeTier(tiering.ProtectC, 0, true), false},
		{"Delius U prefix", "UA3", tiering.MakeTier(tiering.ProtectA, 3, false), false},
		{"untiered", "untiered", tiering.Untiered, false},
		{"letter E", "E1", 0, true},
		{"change 4", "A4", 0, true},
		{"double S", "B2SS", 0, true},
		{"empty", "", tiering.Untiered, false}, // Untiered marshals as empty text and reads back
		{"space inside", "B 2", 0, true},
	}
	for _, tt := range tests {
		got, err := tiering.ParseTier(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("%s: ParseTier(%q) = %v, %v; want %v, error %v", tt.name, tt.in, got, err, tt.want, tt.wantErr)
		}
	}

	// Compare: D0 lowest … A3 highest, each S just below its twin.
	sorted := slices.Clone(all)
	slices.SortFunc(sorted, tiering.Tier.Compare)
	var got []string
	for _, tr := range sorted[:6] {
		got = append(got, tr.String())
	}
	if diff := cmp.Diff([]string{"D0S", "D0", "D1S", "D1", "D2S", "D2"}, got); diff != "" {
		t.Errorf("sorted tiers mismatch (-want +got):\n%s", diff)
	}
	if sorted[len(sorted)-1].String() != "A3" {
		t.Errorf("highest tier = %v, want A3", sorted[len(sorted)-1])
	}
	if tiering.Untiered.Compare(tiering.MustParseTier("D0S")) != -1 {
		t.Error("Untiered should sort below D0S")
	}
}

func TestProtectValues(t *testing.T) {
	textRoundTrip(t, tiering.Protect(0), tiering.ProtectA, tiering.ProtectB, tiering.ProtectC, tiering.ProtectD)
	if p, err := tiering.ParseProtect("c"); err != nil || p != tiering.ProtectC {
		t.Errorf(`ParseProtect("c") = %v, %v`, p, err)
	}
	if p, err := tiering.ParseProtect(""); err != nil || p != 0 {
		t.Errorf(`ParseProtect("") = %v, %v; want the zero Protect, which marshals as empty text`, p, err)
	}
	for _, bad := range []string{"E", "AA", "1"} {
		if _, err := tiering.ParseProtect(bad); err == nil {
			t.Errorf("ParseProtect(%q) succeeded, want error", bad)
		}
	}
	if tiering.ProtectD.Compare(tiering.ProtectA) != -1 || tiering.ProtectA.Compare(tiering.ProtectB) != 1 || tiering.ProtectC.Compare(tiering.ProtectC) != 0 {
		t.Error("Protect.Compare: want D < C < B < A")
	}
}

func TestV3TierValues(t *testing.T) {
	all := []tiering.V3Tier{tiering.V3A, tiering.V3B, tiering.V3C, tiering.V3D, tiering.V3E, tiering.V3F, tiering.V3G, tiering.V3NotSupervised, tiering.V3Missing}
	textRoundTrip(t, append(all, 0)...)
	sorted := slices.Clone(all)
	slices.SortFunc(sorted, tiering.V3Tier.Compare)
	var got []string
	for _, v := range sorted {
		got = append(got, v.String())
	}
	want := []string{"NOT_SUPERVISED", "MISSING", "G", "F", "E", "D", "C", "B", "A"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sorted v3 tiers mismatch (-want +got):\n%s", diff)
	}
	if v, err := tiering.ParseV3Tier("not_supervised"); err != nil || v != tiering.V3NotSupervised {
		t.Errorf(`ParseV3Tier("not_supervised") = %v, %v`, v, err)
	}
	if _, err := tiering.ParseV3Tier("H"); err == nil {
		t.Error(`ParseV3Tier("H") succeeded, want error`)
	}
}

func TestRiskValues(t *testing.T) {
	textRoundTrip(t, tiering.RoSHNone, tiering.RoSHLow, tiering.RoSHMedium, tiering.RoSHHigh, tiering.RoSHVeryHigh)
	textRoundTrip(t, tiering.MAPPANone, tiering.MAPPA1, tiering.MAPPA2, tiering.MAPPA3)
	textRoundTrip(t, tiering.MAPPACategoryNone, tiering.MAPPACategory1, tiering.MAPPACategory4)
	textRoundTrip(t, tiering.SRPBandNone, tiering.SRPBandNotApplicable, tiering.SRPBandLow, tiering.SRPBandMedium, tiering.SRPBandHigh, tiering.SRPBandVeryHigh)
	textRoundTrip(t, tiering.SeverityUnset, tiering.SeverityNoNeed, tiering.SeverityStandard, tiering.SeveritySevere)
	textRoundTrip(t, tiering.Version1, tiering.Version2)

	tests := []struct {
		name  string
		parse func(string) (fmt.Stringer, error)
		in    string
		want  string // "" for an error
	}{
		{"RoSH code", wrap(tiering.ParseRoSH), "rvhr", "VERY_HIGH"},
		{"RoSH with space", wrap(tiering.ParseRoSH), "very high", "VERY_HIGH"},
		{"RoSH bad", wrap(tiering.ParseRoSH), "EXTREME", ""},
		{"MAPPA M0 is none", wrap(tiering.ParseMAPPALevel), "M0", "NONE"},
		{"MAPPA digit", wrap(tiering.ParseMAPPALevel), "2", "M2"},
		{"MAPPA M7", wrap(tiering.ParseMAPPALevel), "M7", ""},
		{"MAPPA M4 is not a level", wrap(tiering.ParseMAPPALevel), "M4", ""},
		{"category M4", wrap(tiering.ParseMAPPACategory), "m4", "M4"},
		{"category M0", wrap(tiering.ParseMAPPACategory), "M0", ""},
		{"category 0", wrap(tiering.ParseMAPPACategory), "0", ""},
		{"need by name", wrap(tiering.ParseNeed), "thinking_and_behaviour", "THINKING_AND_BEHAVIOUR"},
		{"need by section", wrap(tiering.ParseNeed), "9", "ALCOHOL_MISUSE"},
		{"need section 2", wrap(tiering.ParseNeed), "2", ""},
		{"severity", wrap(tiering.ParseSeverity), "no need", "NO_NEED"},
		{"severity bad", wrap(tiering.ParseSeverity), "CRITICAL", ""},
		{"band", wrap(tiering.ParseSRPBand), "not applicable", "NOT_APPLICABLE"},
		{"version v1", wrap(tiering.ParseVersion), "v1", "1"},
		{"version 3", wrap(tiering.ParseVersion), "3", ""},
		{"rule", wrap(tiering.ParseRule), "mappa_rosh", "MAPPA_ROSH"},
		{"rule bad", wrap(tiering.ParseRule), "ROSH_MAPPA", ""},
	}
	for _, tt := range tests {
		got, err := tt.parse(tt.in)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("%s: parse(%q) = %v, want error", tt.name, tt.in, got)
		case tt.want != "" && (err != nil || got.String() != tt.want):
			t.Errorf("%s: parse(%q) = %v, %v; want %s", tt.name, tt.in, got, err, tt.want)
		}
	}

	for n := tiering.NeedAccommodation; n <= tiering.NeedAttitudes; n++ {
		textRoundTrip(t, n)
		if back, err := tiering.ParseNeed(fmt.Sprint(n.Section())); err != nil || back != n {
			t.Errorf("ParseNeed(%d) = %v, %v; want %v", n.Section(), back, err, n)
		}
	}
	for r := tiering.RuleRSR; r.IsValid(); r++ {
		textRoundTrip(t, r)
		if r.Title() == "" || r.Source() == "" {
			t.Errorf("%v has no title or source", r)
		}
	}
}

func wrap[T fmt.Stringer](parse func(string) (T, error)) func(string) (fmt.Stringer, error) {
	return func(s string) (fmt.Stringer, error) { return parse(s) }
}

func TestDate(t *testing.T) {
	d := tiering.MustParseDate("2024-02-29")
	tests := []struct {
		name, reason string
		got, want    tiering.Date
	}{
		{"leap day minus a year", "java.time LocalDate.minusYears clamps to 28 February", d.AddYears(-1), tiering.MustParseDate("2023-02-28")},
		{"leap day plus four years", "a leap year keeps 29 February", d.AddYears(4), tiering.MustParseDate("2028-02-29")},
		{"plus a day", "", d.AddDays(1), tiering.MustParseDate("2024-03-01")},
		{"minus 366 days", "", d.AddDays(-366), tiering.MustParseDate("2023-02-28")},
		{"DateOf normalises", "as time.Date", tiering.DateOf(2024, time.October, 32), tiering.MustParseDate("2024-11-01")},
		{"zero stays zero", "", tiering.Date{}.AddYears(3), tiering.Date{}},
		{"from time", "", tiering.DateFromTime(time.Date(2026, 8, 17, 23, 59, 0, 0, time.UTC)), tiering.MustParseDate("2026-08-17")},
	}
	for _, tt := range tests {
		if !tt.got.Equal(tt.want) {
			t.Errorf("%s: got %v, want %v (%s)", tt.name, tt.got, tt.want, tt.reason)
		}
	}
	textRoundTrip(t, tiering.Date{}, d, tiering.MustParseDate("0001-01-01"), tiering.MustParseDate("9999-12-31"))
	for _, bad := range []string{"2024-02-30", "2024-2-3", "24-02-03", "2024-02-03T00:00:00Z", "0000-01-01", "x"} {
		if _, err := tiering.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) succeeded, want error", bad)
		}
	}
	if d.Compare(d.AddDays(1)) != -1 || d.AddDays(1).Compare(d) != 1 || d.Compare(d) != 0 || (tiering.Date{}).Compare(d) != -1 {
		t.Error("Date.Compare: wrong order")
	}
	if got := d.Time(); !got.Equal(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Time() = %v", got)
	}
	if d.Year() != 2024 || d.Month() != time.February || d.Day() != 29 || !d.IsValid() || d.IsZero() {
		t.Errorf("parts of %v wrong", d)
	}
}
