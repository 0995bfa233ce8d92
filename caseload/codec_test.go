package caseload_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// sample is a small data set that uses every field.
func sample() ([]caseload.Case, []caseload.Practitioner) {
	cs, ps := generate(7, 60, 12)
	cs[0].Risk = grades.Profile{RoSH: tiering.RoSHVeryHigh, Tier: cs[0].Tier, V3: tiering.V3B, MAPPALevel: tiering.MAPPA2,
		MAPPACategory: tiering.MAPPACategory1, Flags: grades.DomesticAbuse | grades.Stalking}
	cs[0].Previous = "P00003"
	cs[0].RestrictedTo = []string{"P00001", "P00002"}
	cs[0].ExcludedFrom = []string{"P00004"}
	cs[0].Location = caseload.Location{X: 530.25, Y: 180.5}
	cs[1].Row = caseload.ActiveWarrant
	cs[2].T2A = true
	ps[0].Name = "A. Smith, PO"
	ps[0].Location = caseload.Location{X: 531, Y: 181}
	ps[0].Reports = caseload.Reports{Standard: 2, Fast: 1, Oral: 3}
	ps[1].Reductions = append(ps[1].Reductions,
		caseload.Reduction{Reason: "NQO", Hours: 7.4, Start: date(2024, 1, 1), End: date(2024, 10, 1), Status: caseload.Active},
		caseload.Reduction{Reason: "OTHER", Hours: 1, Start: time.Date(2024, 2, 3, 9, 30, 0, 0, time.UTC)})
	return cs, ps
}

var (
	equateEmpty = cmpopts.EquateEmpty()
	equateTime  = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })
)

func TestCodecRoundTrip(t *testing.T) {
	cs, ps := sample()
	var cj, pj, cc, pc, rc bytes.Buffer
	if err := caseload.WriteCasesJSON(&cj, cs); err != nil {
		t.Fatal(err)
	}
	if err := caseload.WritePractitionersJSON(&pj, ps); err != nil {
		t.Fatal(err)
	}
	if err := caseload.WriteCasesCSV(&cc, cs); err != nil {
		t.Fatal(err)
	}
	if err := caseload.WritePractitionersCSV(&pc, &rc, ps); err != nil {
		t.Fatal(err)
	}
	gotCJ, err := caseload.ReadCasesJSON(&cj)
	if err != nil {
		t.Fatal(err)
	}
	gotPJ, err := caseload.ReadPractitionersJSON(&pj)
	if err != nil {
		t.Fatal(err)
	}
	gotCC, err := caseload.ReadCasesCSV(&cc)
	if err != nil {
		t.Fatal(err)
	}
	gotPC, err := caseload.ReadPractitionersCSV(&pc, &rc)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		name      string
		want, got any
	}{{"cases JSON", cs, gotCJ}, {"practitioners JSON", ps, gotPJ}, {"cases CSV", cs, gotCC}, {"practitioners CSV", ps, gotPC}} {
		if diff := cmp.Diff(r.want, r.got, equateEmpty, equateTime); diff != "" {
			t.Errorf("%s round trip mismatch (-want +got):\n%s", r.name, diff)
		}
	}
}

func TestReadCasesJSON(t *testing.T) {
	in := `[
	  {"id": "C1", "tier": "b2", "type": "license", "team": "T1", "risk": {"rosh": "HIGH"}},
	  {"id": "C2", "tier": "Z9", "type": "PAROLE", "row": "Q", "team": "T1", "risk": {"mappa_level": "M7", "flags": "nope"}},
	  {"id": "C3", "tier": 3, "type": "CUSTODY"},
	  {"id": "C4", "type": "CUSTODY", "colour": "blue"},
	  {"id": "C5", "tier": "", "type": "COMMUNITY", "risk": {"tier": "A3"}}
	]`
	got, err := caseload.ReadCasesJSON(strings.NewReader(in))
	want := []at{
		{"case", "C2", 1, 3, "tier"},
		{"case", "C2", 1, 3, "type"},
		{"case", "C2", 1, 3, "row"},
		{"case", "C2", 1, 3, "risk.mappa_level"},
		{"case", "C2", 1, 3, "risk.flags"},
		{"case", "C3", 2, 4, "tier"},
		{"case", "C4", 3, 5, "colour"},
	}
	if diff := cmp.Diff(want, locations(t, err, "caseload.ReadCasesJSON")); diff != "" {
		t.Errorf("ReadCasesJSON field errors mismatch (-want +got):\n%s", diff)
	}
	if len(got) != 5 || got[0].Tier != tier("B2") || got[0].Type != caseload.Licence || got[0].Risk.Tier != tier("B2") ||
		got[4].Risk.Tier != tier("A3") || got[4].Tier != tiering.Untiered || got[3].Type != caseload.Custody {
		t.Errorf("ReadCasesJSON records = %+v, want all five, C1 (B2 licence, risk tier from the case), C5 (risk tier A3 kept)", got)
	}
	for _, doc := range []string{``, `{}`, `[1] x`, `"text"`} {
		_, err := caseload.ReadCasesJSON(strings.NewReader(doc))
		if got := locations(t, err, "caseload.ReadCasesJSON"); len(got) != 1 || got[0].Record != "file" || got[0].Line != 1 {
			t.Errorf("ReadCasesJSON(%q) = %v, want one file error on line 1", doc, got)
		}
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		read   func() error
		op     string
		want   []at
	}{
		{"empty", "a document needs a header", func() error { _, err := caseload.ReadCasesCSV(strings.NewReader("")); return err },
			"caseload.ReadCasesCSV", []at{{"file", "", -1, 1, ""}}},
		{"header", "unknown, repeated and missing columns are listed together",
			func() error { _, err := caseload.ReadCasesCSV(strings.NewReader("ID,tier,colour,tier\n")); return err },
			"caseload.ReadCasesCSV", []at{{"file", "", -1, 1, "tier"}, {"file", "", -1, 1, "colour"}, {"file", "", -1, 1, "type"}}},
		{"rows", "every bad field of every row, with the row's ID and line",
			func() error {
				_, err := caseload.ReadCasesCSV(strings.NewReader("id,tier,type,t2a,x_km\nC1,A3,COMMUNITY,yes,1.5\nC2,A9,CUSTODY,maybe,NaN\nC3,B1\nC4,,LICENCE,,\n"))
				return err
			},
			"caseload.ReadCasesCSV", []at{{"case", "C2", 1, 3, "t2a"}, {"case", "C2", 1, 3, "x_km"},
				{"case", "C2", 1, 3, "tier"}, {"case", "C3", 2, 4, ""}}},
		{"quote", "a broken quote is reported with its line, and reading goes on",
			func() error {
				_, err := caseload.ReadCasesCSV(strings.NewReader("id,type\n\"C1,COMMUNITY\nC2\"x,CUSTODY\nC3,X\n"))
				return err
			},
			"caseload.ReadCasesCSV", []at{{"case", "", 0, 2, ""}, {"case", "C3", 1, 4, "type"}}},
		{"practitioners", "grade, hours and report counts are parsed; reductions name a known practitioner",
			func() error {
				_, err := caseload.ReadPractitionersCSV(
					strings.NewReader("id,grade,hours,standard_reports\nP1,PO,37,2\nP2,BOSS,lots,1.5\n"),
					strings.NewReader("practitioner,reason,hours,start,end\nP1,NQO,7.4,2024-01-01,2024-10-01\nP9,NQO,7.4,2024-01-01,\nP1,NQO,x,01/02/2024,\n"))
				return err
			},
			"caseload.ReadPractitionersCSV", []at{{"practitioner", "P2", 1, 3, "hours"}, {"practitioner", "P2", 1, 3, "standard_reports"},
				{"practitioner", "P2", 1, 3, "grade"},
				{"reduction", "P9", 1, 3, "practitioner"},
				{"reduction", "P1", 2, 4, "hours"}, {"reduction", "P1", 2, 4, "start"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, locations(t, tt.read(), tt.op)); diff != "" {
				t.Errorf("field errors mismatch (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
}

// roundTrip checks that whatever decodes without error encodes and
// decodes back to the same records.
func roundTrip[T any](t *testing.T, got []T, write func(*bytes.Buffer, []T) error, read func(*bytes.Buffer) ([]T, error)) {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b, got); err != nil {
		t.Fatalf("write after a clean read: %v", err)
	}
	again, err := read(&b)
	if err != nil {
		t.Fatalf("read after write: %v\n%s", err, b.String())
	}
	if diff := cmp.Diff(got, again, equateEmpty, equateTime); diff != "" {
		t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
	}
}

func seedCodecs(f *testing.F, csv bool) {
	cs, ps := sample()
	var b bytes.Buffer
	switch {
	case csv:
		_ = caseload.WriteCasesCSV(&b, cs[:5])
		f.Add(b.String())
		b.Reset()
		_ = caseload.WritePractitionersCSV(&b, nil, ps[:3])
	default:
		_ = caseload.WriteCasesJSON(&b, cs[:5])
		f.Add(b.String())
		b.Reset()
		_ = caseload.WritePractitionersJSON(&b, ps[:3])
	}
	f.Add(b.String())
	for _, s := range []string{"", "[]", "null", "[{}]", `[{"id":"x","tier":"A3S","type":"license","risk":{"flags":"lifer|terrorism"}}]`,
		"id,type\n", "id,type\nC1,CUSTODY\n", "id,type,restricted_to\nC1,CUSTODY,a;;b\n", "\ufeffid,grade\nP1,po\n", "id,\"type\nC\"1",
		"\ufeff\"id\",\"grade\",\"hours\"\nP1,PO,0\nP2,PSO,\n", `[{"id":"P1","grade":"PO","hours":0,"hours":1}]`, "C1,B2,COMMUNITY\n",
		`[{"id":"C1","type":"COMMUNITY","location":{"x_km":1e17,"y_km":0}},null]`} {
		f.Add(s)
	}
}

func FuzzReadCasesJSON(f *testing.F) {
	seedCodecs(f, false)
	f.Fuzz(func(t *testing.T, in string) {
		got, err := caseload.ReadCasesJSON(strings.NewReader(in))
		if err != nil {
			locations(t, err, "caseload.ReadCasesJSON")
			return
		}
		roundTrip(t, got, func(b *bytes.Buffer, cs []caseload.Case) error { return caseload.WriteCasesJSON(b, cs) },
			func(b *bytes.Buffer) ([]caseload.Case, error) { return caseload.ReadCasesJSON(b) })
	})
}

func FuzzReadCasesCSV(f *testing.F) {
	seedCodecs(f, true)
	f.Fuzz(func(t *testing.T, in string) {
		got, err := caseload.ReadCasesCSV(strings.NewReader(in))
		if err != nil {
			locations(t, err, "caseload.ReadCasesCSV")
			return
		}
		roundTrip(t, got, func(b *bytes.Buffer, cs []caseload.Case) error { return caseload.WriteCasesCSV(b, cs) },
			func(b *bytes.Buffer) ([]caseload.Case, error) { return caseload.ReadCasesCSV(b) })
	})
}

func FuzzReadPractitionersJSON(f *testing.F) {
	seedCodecs(f, false)
	f.Fuzz(func(t *testing.T, in string) {
		got, err := caseload.ReadPractitionersJSON(strings.NewReader(in))
		if err != nil {
			locations(t, err, "caseload.ReadPractitionersJSON")
			return
		}
		roundTrip(t, got, func(b *bytes.Buffer, ps []caseload.Practitioner) error { return caseload.WritePractitionersJSON(b, ps) },
			func(b *bytes.Buffer) ([]caseload.Practitioner, error) { return caseload.ReadPractitionersJSON(b) })
	})
}

func FuzzReadPractitionersCSV(f *testing.F) {
	seedCodecs(f, true)
	f.Fuzz(func(t *testing.T, in string) {
		// The same text is offered as the reductions file too.
		got, err := caseload.ReadPractitionersCSV(strings.NewReader(in), strings.NewReader(in))
		if err != nil {
			locations(t, err, "caseload.ReadPractitionersCSV")
			return
		}
		roundTrip(t, got, func(b *bytes.Buffer, ps []caseload.Practitioner) error {
			var r bytes.Buffer
			if err := caseload.WritePractitionersCSV(b, &r, ps); err != nil {
				return err
			}
			b.WriteString("\x00") // separator: the reductions follow
			b.Write(r.Bytes())
			return nil
		}, func(b *bytes.Buffer) ([]caseload.Practitioner, error) {
			p, r, _ := strings.Cut(b.String(), "\x00")
			return caseload.ReadPractitionersCSV(strings.NewReader(p), strings.NewReader(r))
		})
	})
}

func FuzzReadWeightsJSON(f *testing.F) {
	var b bytes.Buffer
	_ = caseload.NationalWeights().WriteJSON(&b)
	f.Add(b.String())
	f.Add(`{"tables":[{"effective":"2021-04-01","case_points":{"community":{"A3":1}}},{"effective":"2024-04-01T00:00:00+01:00"}]}`)
	f.Add(`{"schema":"probationkit/caseload-weights/v2","tables":[{"effective":"2021-04-01","t2a_inactive_percent":{"warrant":50},"cms_points":{"X":3}}]}`)
	f.Add(`{"tables":[{"effective":"2021-04-01","report_points":{"fast":1,"fast":2},"colour":1}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		set, err := caseload.ReadWeightsJSON(strings.NewReader(in))
		if err != nil {
			locations(t, err, "caseload.ReadWeightsJSON")
			return
		}
		var out bytes.Buffer
		if err := set.WriteJSON(&out); err != nil {
			t.Fatal(err)
		}
		again, err := caseload.ReadWeightsJSON(&out)
		if err != nil {
			t.Fatalf("read after write: %v", err)
		}
		if diff := cmp.Diff(set.Tables(), again.Tables(), equateEmpty, equateTime); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
		}
	})
}
