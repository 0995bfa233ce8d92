package caseload_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/probationkit/probation/caseload"
)

// The national scale of domain/workload.md §4: about 240,000 people under
// supervision and about 10,000 case-holding practitioners.
const (
	nationalCases = 240_000
	nationalStaff = 10_000
)

var national = sync.OnceValues(func() ([]caseload.Case, []caseload.Practitioner) {
	return generate(1, nationalCases, nationalStaff)
})

var nationalCSV = sync.OnceValue(func() []byte {
	cases, _ := national()
	var b bytes.Buffer
	if err := caseload.WriteCasesCSV(&b, cases); err != nil {
		panic(err)
	}
	return b.Bytes()
})

var (
	sinkCaseload *caseload.Caseload
	sinkCases    []caseload.Case
	sinkTotals   []caseload.Total
	sinkImpacts  []caseload.Impact
	sinkStaffing caseload.Staffing
)

// BenchmarkBuild validates and weighs a national caseload: 240,000 cases,
// 10,000 practitioners.
func BenchmarkBuild(b *testing.B) {
	cases, ps := national()
	b.ReportAllocs()
	for b.Loop() {
		cl, err := caseload.Build(cases, ps, asOf, nil)
		if err != nil {
			b.Fatal(err)
		}
		sinkCaseload = cl
	}
}

// BenchmarkSetAsOf recomputes every workload of a built national caseload
// (the per-case loop alone).
func BenchmarkSetAsOf(b *testing.B) {
	cases, ps := national()
	cl, err := caseload.Build(cases, ps, asOf, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		cl.SetAsOf(asOf)
	}
	sinkCaseload = cl
}

// BenchmarkTotals totals a national caseload by team.
func BenchmarkTotals(b *testing.B) {
	cases, ps := national()
	cl, err := caseload.Build(cases, ps, asOf, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sinkTotals = cl.Totals(caseload.Team)
	}
}

// BenchmarkImpact asks the impact of one case on a team of 10 candidates.
func BenchmarkImpact(b *testing.B) {
	cases, ps := national()
	cl, err := caseload.Build(cases, ps, asOf, nil)
	if err != nil {
		b.Fatal(err)
	}
	cands := make([]string, 10)
	for i := range cands {
		cands[i] = ps[i].ID
	}
	c := cases[len(cases)/2]
	c.ID = "NEW"
	b.ReportAllocs()
	for b.Loop() {
		sinkImpacts, _ = cl.Impact(c, cands)
	}
}

// BenchmarkStaffing works out national required staffing.
func BenchmarkStaffing(b *testing.B) {
	cases, ps := national()
	cl, err := caseload.Build(cases, ps, asOf, nil)
	if err != nil {
		b.Fatal(err)
	}
	s := &caseload.StaffingSettings{Eligible: nationalEligible()}
	b.ReportAllocs()
	for b.Loop() {
		sinkStaffing = cl.Staffing(s)
	}
}

// BenchmarkReadCasesCSV decodes 240,000 CSV case rows.
func BenchmarkReadCasesCSV(b *testing.B) {
	data := nationalCSV()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		cs, err := caseload.ReadCasesCSV(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		sinkCases = cs
	}
}
