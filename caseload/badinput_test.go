package caseload_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

// decoder runs one of the package's decoders on a text and returns the
// IDs it decoded, its error and the Op it reports with.
type decoder struct {
	op   string
	read func(string) ([]string, error)
}

func ids[T any](rs []T, id func(T) string) []string {
	var out []string
	for _, r := range rs {
		out = append(out, id(r))
	}
	return out
}

var (
	casesCSV = decoder{"caseload.ReadCasesCSV", func(s string) ([]string, error) {
		cs, err := caseload.ReadCasesCSV(strings.NewReader(s))
		return ids(cs, func(c caseload.Case) string { return c.ID }), err
	}}
	casesJSON = decoder{"caseload.ReadCasesJSON", func(s string) ([]string, error) {
		cs, err := caseload.ReadCasesJSON(strings.NewReader(s))
		return ids(cs, func(c caseload.Case) string { return c.ID }), err
	}}
	practitionersCSV = decoder{"caseload.ReadPractitionersCSV", func(s string) ([]string, error) {
		ps, err := caseload.ReadPractitionersCSV(strings.NewReader(s), nil)
		return ids(ps, func(p caseload.Practitioner) string { return p.ID }), err
	}}
	// reductionsCSV reads reductions for the practitioners GOOD and P1;
	// the IDs it returns are "practitioner/reason" of each reduction read.
	reductionsCSV = decoder{"caseload.ReadPractitionersCSV", func(s string) ([]string, error) {
		ps, err := caseload.ReadPractitionersCSV(strings.NewReader("id,grade\nP1,PO\nGOOD,PO\n"), strings.NewReader(s))
		var out []string
		for _, p := range ps {
			for _, r := range p.Reductions {
				out = append(out, p.ID+"/"+r.Reason)
			}
		}
		return out, err
	}}
	practitionersJSON = decoder{"caseload.ReadPractitionersJSON", func(s string) ([]string, error) {
		ps, err := caseload.ReadPractitionersJSON(strings.NewReader(s))
		return ids(ps, func(p caseload.Practitioner) string { return p.ID }), err
	}}
)

// TestBadInputs runs every bad input of issue 9 that concerns the
// records, and others, through the public decoders: each error names the
// record, the field (or column) and the line, is bounded in size, and the
// good record after the bad one is still decoded.
func TestBadInputs(t *testing.T) {
	huge := strings.Repeat("x", 10<<20)
	const goodCase = `{"id": "GOOD", "type": "COMMUNITY"}`
	tests := []struct {
		name, reason string
		dec          decoder
		in           string
		want         []at
		good         string // a record after the bad one that must be decoded ("" when none can be)
	}{
		// Cases, CSV.
		{"no header", "issue 9: a file with no header is one missing-header error, not one per value", casesCSV,
			"C1,B2,COMMUNITY\nC2,A3,LICENCE\n", []at{{"file", "", -1, 1, ""}}, ""},
		{"BOM and quoted header", "issue 9: a UTF-8 BOM before a quoted header is accepted", casesCSV,
			"\ufeff\"id\",\"type\"\nGOOD,COMMUNITY\n", nil, "GOOD"},
		{"ID with space", "issue 9: IDs are rejected, not trimmed, so C1 and \"C1 \" are never two cases", casesCSV,
			"id,type\nC1 ,COMMUNITY\nGOOD,COMMUNITY\n", []at{{"case", "C1 ", 0, 2, "id"}}, "GOOD"},
		{"reference with space", "references to practitioners follow the ID rule", casesCSV,
			"id,type,practitioner,previous\nC1,COMMUNITY, P1,P2\t\nGOOD,COMMUNITY,P1,P2\n",
			[]at{{"case", "C1", 0, 2, "practitioner"}, {"case", "C1", 0, 2, "previous"}}, "GOOD"},
		{"empty list entry", "issue 9: \"a;;b\" is not three IDs", casesCSV,
			"id,type,restricted_to\nC1,COMMUNITY,a;;b\nGOOD,COMMUNITY,a;b\n", []at{{"case", "C1", 0, 2, "restricted_to"}}, "GOOD"},
		{"list of a separator", "issue 9: \";\" is not two empty IDs", casesCSV,
			"id,type,excluded_from\nC1,COMMUNITY,;\nGOOD,COMMUNITY,\n",
			[]at{{"case", "C1", 0, 2, "excluded_from"}, {"case", "C1", 0, 2, "excluded_from"}}, "GOOD"},
		{"coordinate out of range", "issue 9: coordinates of 1e17 would overflow a cost", casesCSV,
			"id,type,x_km,y_km\nC1,COMMUNITY,1e17,-2e4\nGOOD,COMMUNITY,530,180\n", []at{{"case", "C1", 0, 2, "x_km"}, {"case", "C1", 0, 2, "y_km"}}, "GOOD"},
		{"coordinate not a number", "NaN is no place", casesCSV,
			"id,type,x_km\nC1,COMMUNITY,NaN\nGOOD,COMMUNITY,530\n", []at{{"case", "C1", 0, 2, "x_km"}}, "GOOD"},
		{"bad values", "every bad value of a row, named by column", casesCSV,
			"id,tier,type,rosh,flags\nC1,Z9,PAROLE,EXTREME,nope\nGOOD,B2,CUSTODY,HIGH,lifer\n",
			[]at{{"case", "C1", 0, 2, "tier"}, {"case", "C1", 0, 2, "type"}, {"case", "C1", 0, 2, "rosh"}, {"case", "C1", 0, 2, "flags"}}, "GOOD"},
		{"bare quote", "a quoting error is reported with its line and reading goes on", casesCSV,
			"id,type\nC1,COMM\"UNITY\nGOOD,COMMUNITY\n", []at{{"case", "", 0, 2, ""}}, "GOOD"},
		{"extra field", "a row longer than the header is named, not misread", casesCSV,
			"id,type\nC1,COMMUNITY,spare\nGOOD,COMMUNITY\n", []at{{"case", "C1", 0, 2, ""}}, "GOOD"},
		{"huge ID", "issue 9: an error is never much larger than its input: a 10 MB ID is cut", casesCSV,
			"id,type\n" + huge + ",PAROLE\nGOOD,COMMUNITY\n", []at{{"case", strings.Repeat("x", 61) + "…", 0, 2, "type"}}, "GOOD"},
		{"missing required column", "id and type are required", casesCSV,
			"id,tier\nC1,B2\n", []at{{"file", "", -1, 1, "type"}}, ""},
		// Cases, JSON.
		{"repeated name", "issue 9: duplicate JSON keys are rejected, not last-wins", casesJSON,
			"[\n" + `{"id": "C1", "type": "COMMUNITY", "type": "CUSTODY"},` + "\n" + goodCase + "]",
			[]at{{"case", "C1", 0, 2, "type"}}, "GOOD"},
		{"repeated nested name", "nested objects too", casesJSON,
			`[{"id": "C1", "type": "COMMUNITY", "risk": {"rosh": "LOW", "rosh": "HIGH"}}, ` + goodCase + "]",
			[]at{{"case", "C1", 0, 1, "risk.rosh"}}, "GOOD"},
		{"name in another case", "names match exactly: \"ID\" is not \"id\" (encoding/json alone would take it)", casesJSON,
			`[{"ID": "C1", "type": "COMMUNITY"}, ` + goodCase + "]",
			[]at{{"case", "C1", 0, 1, "ID"}}, "GOOD"},
		{"null record", "a null in the array is named, not skipped", casesJSON,
			"[null,\n" + goodCase + "]", []at{{"case", "", 0, 1, ""}}, "GOOD"},
		{"wrong JSON type", "the field and the type wanted are named", casesJSON,
			`[{"id": "C1", "type": "COMMUNITY", "t2a": "yes"}, ` + goodCase + "]", []at{{"case", "C1", 0, 1, "t2a"}}, "GOOD"},
		{"JSON coordinate out of range", "issue 9: coordinates are bounded in JSON too", casesJSON,
			`[{"id": "C1", "type": "COMMUNITY", "location": {"x_km": 1e17, "y_km": 1}}, ` + goodCase + "]", []at{{"case", "C1", 0, 1, "location.x_km"}}, "GOOD"},
		{"JSON empty list entry", "issue 9: an empty ID in a list", casesJSON,
			`[{"id": "C1", "type": "COMMUNITY", "restricted_to": ["P1", ""]}, ` + goodCase + "]", []at{{"case", "C1", 0, 1, "restricted_to[1]"}}, "GOOD"},
		{"JSON ID with space", "issue 9: IDs are rejected, not trimmed", casesJSON,
			`[{"id": " C1", "type": "COMMUNITY"}, ` + goodCase + "]", []at{{"case", " C1", 0, 1, "id"}}, "GOOD"},
		{"not an array", "a document of the wrong shape is one file error", casesJSON, `{"id": "C1"}`, []at{{"file", "", -1, 1, ""}}, ""},
		{"trailing data", "one array per document", casesJSON, "[" + goodCase + "]\n[]", []at{{"file", "", -1, 2, ""}}, ""},
		// Practitioners, CSV.
		{"report count out of range", "issue 9: a count of 2e9 reports is rejected", practitionersCSV,
			"id,grade,standard_reports\nP1,PO,2000000000\nGOOD,PO,3\n", []at{{"practitioner", "P1", 0, 2, "standard_reports"}}, "GOOD"},
		{"negative report count", "issue 9: the message prints no Go struct", practitionersCSV,
			"id,grade,fast_reports\nP1,PO,-1\nGOOD,PO,\n", []at{{"practitioner", "P1", 0, 2, "fast_reports"}}, "GOOD"},
		{"report count not whole", "counts are whole numbers", practitionersCSV,
			"id,grade,oral_reports\nP1,PO,2e9\nGOOD,PO,\n", []at{{"practitioner", "P1", 0, 2, "oral_reports"}}, "GOOD"},
		{"hours out of range", "contracted hours are 0 to 37.5", practitionersCSV,
			"id,grade,hours\nP1,PO,40\nP2,PO,-1\nGOOD,PO,0\n",
			[]at{{"practitioner", "P1", 0, 2, "hours"}, {"practitioner", "P2", 1, 3, "hours"}}, "GOOD"},
		{"team with space", "team, PDU and region are IDs too", practitionersCSV,
			"id,grade,team,pdu,region\nP1,PO,T1 ,D1, R1\nGOOD,PO,T1,D1,R1\n",
			[]at{{"practitioner", "P1", 0, 2, "team"}, {"practitioner", "P1", 0, 2, "region"}}, "GOOD"},
		// Reductions, CSV.
		{"bad date", "issue 9: a bad date says want YYYY-MM-DD", reductionsCSV,
			"practitioner,reason,hours,start\nP1,NQO,7.4,01/02/2024\nGOOD,NQO,7.4,2024-01-02\n", []at{{"reduction", "P1", 0, 2, "start"}}, "GOOD/NQO"},
		{"end before start", "a reduction ends after it starts", reductionsCSV,
			"practitioner,reason,hours,start,end\nP1,NQO,7.4,2024-02-01,2024-01-01\nGOOD,NQO,7.4,2024-01-02,\n", []at{{"reduction", "P1", 0, 2, "end"}}, "GOOD/NQO"},
		{"reduction hours", "reduction hours are 0 to 37.5", reductionsCSV,
			"practitioner,reason,hours,start\nP1,NQO,99,2024-02-01\nGOOD,NQO,7.4,2024-01-02\n", []at{{"reduction", "P1", 0, 2, "hours"}}, "GOOD/NQO"},
		{"unknown practitioner", "a reduction names a practitioner of the file", reductionsCSV,
			"practitioner,reason,hours,start\nP9,NQO,1,2024-02-01\nGOOD,NQO,7.4,2024-01-02\n", []at{{"reduction", "P9", 0, 2, "practitioner"}}, "GOOD/NQO"},
		// Practitioners, JSON.
		{"JSON report count", "issue 9: report counts are bounded", practitionersJSON,
			`[{"id": "P1", "grade": "PO", "reports": {"standard": 2000000000}}, {"id": "GOOD", "grade": "PO"}]`,
			[]at{{"practitioner", "P1", 0, 1, "reports.standard"}}, "GOOD"},
		{"JSON repeated report", "issue 9: duplicate keys, nested", practitionersJSON,
			`[{"id": "P1", "grade": "PO", "reports": {"fast": 1, "fast": 2}}, {"id": "GOOD", "grade": "PO"}]`,
			[]at{{"practitioner", "P1", 0, 1, "reports.fast"}}, "GOOD"},
		{"JSON hours as text", "hours are a number", practitionersJSON,
			`[{"id": "P1", "grade": "PO", "hours": "37"}, {"id": "GOOD", "grade": "PO", "hours": 0}]`,
			[]at{{"practitioner", "P1", 0, 1, "hours"}}, "GOOD"},
		{"JSON reduction date", "a bad date in a nested reduction", practitionersJSON,
			`[{"id": "P1", "grade": "PO", "reductions": [{"reason": "NQO", "hours": 1, "start": "2024-13-01"}]}, {"id": "GOOD", "grade": "PO"}]`,
			[]at{{"practitioner", "P1", 0, 1, "reductions[0].start"}}, "GOOD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.dec.read(tt.in)
			var where []at
			if err != nil {
				where = locations(t, err, tt.dec.op)
				if n := len(err.Error()); n > 2000 {
					t.Errorf("error text of %d bytes (%s)", n, tt.reason)
				}
			}
			if diff := cmp.Diff(tt.want, where); diff != "" {
				t.Errorf("field errors mismatch (-want +got) [%s]:\n%s\n%v", tt.reason, diff, err)
			}
			if tt.good != "" && !slices.Contains(got, tt.good) {
				t.Errorf("the good record %s after the bad one was lost: decoded %.200q [%s]", tt.good, got, tt.reason)
			}
		})
	}
}

// TestBuildBounds checks the bounds on records built in Go: the values
// issue 9 saw accepted are rejected by Build, naming the field.
func TestBuildBounds(t *testing.T) {
	ps := []caseload.Practitioner{
		{ID: "P1", Grade: grades.PO, Team: "T", Location: caseload.Location{X: 1e17}, Reports: caseload.Reports{Standard: 2e9}},
		{ID: "P2 ", Grade: grades.PO, Team: "T"},
	}
	cs := []caseload.Case{
		{ID: "C1", Type: caseload.Community, Team: "T", Location: caseload.Location{Y: -1e17}, RestrictedTo: []string{""}},
		{ID: "C1 ", Type: caseload.Community, Team: "T"},
	}
	_, err := caseload.Build(cs, ps, time.Now(), nil)
	want := []at{
		{"practitioner", "P1", 0, 0, "reports.standard"},
		{"practitioner", "P1", 0, 0, "location.x_km"},
		{"practitioner", "P2 ", 1, 0, "id"},
		{"case", "C1", 0, 0, "restricted_to[0]"},
		{"case", "C1", 0, 0, "location.y_km"},
		{"case", "C1 ", 1, 0, "id"},
	}
	if diff := cmp.Diff(want, locations(t, err, "caseload.Build")); diff != "" {
		t.Errorf("Build field errors mismatch (-want +got):\n%s", diff)
	}
}
