package caseload_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// The worked examples of hmpps-workload CapacityCalculatorTest.kt
// (domain/workload.md §2.3): 2,176 points at 37 default hours.
func ExampleCapacity_Available() {
	c := caseload.NationalCapacity()
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	red := []caseload.Reduction{{Reason: "COURT_DUTY", Hours: 1.8, Start: start}}
	full := caseload.Practitioner{ID: "P1", Grade: grades.PO, Hours: new(37.0), Reductions: red}
	part := caseload.Practitioner{ID: "P2", Grade: grades.PO, Hours: new(30.0), Reductions: red}
	spo := caseload.Practitioner{ID: "P3", Grade: grades.SPO, Hours: new(37.0)}
	at := start.AddDate(0, 1, 0)
	fmt.Println(c.Available(full, at), c.Available(part, at), c.Available(spo, at))
	// Output: 2070 1658 0
}

// Points of single cases under the national seed weights.
func ExampleWeights_Points() {
	w := caseload.NationalWeights().At(time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC))
	for _, c := range []caseload.Case{
		{Tier: tiering.MustParseTier("A3"), Type: caseload.Licence},
		{Tier: tiering.MustParseTier("C2"), Type: caseload.Community},
		{Tier: tiering.MustParseTier("B3"), Type: caseload.Custody},
		{Tier: tiering.MustParseTier("B2"), Type: caseload.Community, T2A: true},
		{Tier: tiering.MustParseTier("B2"), Type: caseload.Community, Row: caseload.ActiveWarrant},
		{Tier: tiering.Untiered, Type: caseload.Community},
	} {
		fmt.Printf("%-8v %-9v t2a=%-5v row=%v: %d\n", c.Tier, c.Type, c.T2A, c.Row, w.Points(c))
	}
	// Output:
	// A3       LICENCE   t2a=false row=N: 219
	// C2       COMMUNITY t2a=false row=N: 63
	// B3       CUSTODY   t2a=false row=N: 59
	// B2       COMMUNITY t2a=true  row=N: 48
	// B2       COMMUNITY t2a=false row=W: 0
	// untiered COMMUNITY t2a=false row=N: 0
}

// The impact test of hmpps-workload GetImpactForOffenderManager.kt
// (domain/workload.md §3.1): 500 points of 1,000 available, plus a B3
// custody case (59 points), is 55.9%; a case already held changes nothing.
func ExampleCaseload_Impact() {
	// A PO on 17 hours has trunc(2176 × 17 / 37) = 999 points; 17.01 hours gives 1,000.
	ps := []caseload.Practitioner{
		{ID: "P1", Grade: grades.PO, Team: "T1", Hours: new(17.01), Reports: caseload.Reports{Standard: 2, Fast: 3}}, // 2 × 138 + 3 × 65 = 471
		{ID: "P2", Grade: grades.PSO, Team: "T1"},
	}
	cases := []caseload.Case{
		{ID: "C1", Tier: tiering.MustParseTier("D1"), Type: caseload.Community, Team: "T1", Practitioner: "P1"}, // 29
		{ID: "C2", Tier: tiering.MustParseTier("C1"), Type: caseload.Custody, Team: "T1", Practitioner: "P2"},   // 23
	}
	cl, err := caseload.Build(cases, ps, time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	newCase := caseload.Case{ID: "C9", Tier: tiering.MustParseTier("B3"), Type: caseload.Custody, Team: "T1"}
	held := cases[1]
	for _, c := range []caseload.Case{newCase, held} {
		impacts, err := cl.Impact(c, []string{"P1", "P2"})
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, im := range impacts {
			fmt.Printf("%s to %s: %d/%d points, %.1f%% -> %.1f%% (holds: %v)\n",
				c.ID, im.Practitioner, im.Before.Points, im.Before.Available, im.Before.Percent, im.After.Percent, im.Holds)
		}
	}
	// Output:
	// C9 to P1: 500/1000 points, 50.0% -> 55.9% (holds: false)
	// C9 to P2: 23/2176 points, 1.1% -> 3.8% (holds: false)
	// C2 to P1: 500/1000 points, 50.0% -> 52.3% (holds: false)
	// C2 to P2: 23/2176 points, 1.1% -> 1.1% (holds: true)
}

// Workload % to one decimal place, with the flags a manager sees.
func ExamplePercent() {
	for _, x := range [][2]int{{559, 1000}, {2200, 2000}, {2400, 2176}, {300, 0}} {
		fmt.Printf("%d/%d: %.1f%% %v\n", x[0], x[1], caseload.Percent(x[0], x[1]), caseload.StatusOf(x[0], x[1]))
	}
	// Output:
	// 559/1000: 55.9% WITHIN_CAPACITY
	// 2200/2000: 110.0% OVER_100
	// 2400/2176: 110.3% OVER_110
	// 300/0: 0.0% NO_CAPACITY
}

// "Anyone over 110% for a period of 4 consecutive weeks is deemed to have
// an excessive workload."
func ExampleExcessive() {
	weeks := []float64{112, 109.9, 111, 115, 120, 118.5}
	fmt.Println(caseload.ExcessiveRun(weeks), caseload.Excessive(weeks))
	fmt.Println(caseload.ExcessiveRun(weeks[:5]), caseload.Excessive(weeks[:5]))
	// Output:
	// 4 true
	// 3 false
}

// The protected caseload of a trainee: PQiP 80%, 60%, 40%, then NQO 20%.
func ExampleCapacity_TraineeSchedule() {
	c := caseload.NationalCapacity()
	start := time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)
	p := caseload.Practitioner{ID: "T1", Grade: grades.PQiP1, Hours: new(37.0), Reductions: c.TraineeSchedule(start, new(37.0))}
	for _, r := range p.Reductions {
		fmt.Printf("%-10s %5.2f h from %s to %s: %d points\n", r.Reason, r.Hours,
			r.Start.Format(time.DateOnly), r.End.Format(time.DateOnly), c.Available(p, r.Start))
	}
	// Output:
	// PQIP_0_6   29.60 h from 2024-09-01 to 2025-03-01: 435 points
	// PQIP_6_12  22.20 h from 2025-03-01 to 2025-09-01: 870 points
	// PQIP_12_18 14.80 h from 2025-09-01 to 2026-03-01: 1305 points
	// NQO         7.40 h from 2026-03-01 to 2026-12-01: 1740 points
}

// nationalEligible is the grades package's national default policy as a
// function of the risk profile: the grades no hard rule blocks.
func nationalEligible() func(grades.Profile) grades.Set {
	pol := grades.National()
	return func(p grades.Profile) grades.Set {
		ok, _ := pol.Eligible(p)
		return ok
	}
}

// Required staffing on the national figures of 30 June 2024
// (domain/workload.md §4): 238,646 people under probation supervision,
// 5,160 band 4 PO FTE and 5,908 band 3 PSO FTE (the PSO figure includes
// trainee POs and staff who hold no cases). The public sources give no
// national case mix, so this example assumes one: protect levels A/B/C/D
// 10/30/40/20%, change levels 3–0 equally, community/licence/custody
// 55/25/20%, no reports or reductions, 12 regions with equal staff and
// unequal caseloads. Eligibility is grades.National (high RoSH: PO or NQO
// only; medium: PSO too); here every tier A case and every B case at
// change level 2 or 3 is high RoSH, the rest medium.
//
// The national figure comes out at 65%, against the 117% WMT reported for
// January–June 2024 (§4): the seed weights, the assumed mix and the
// missing report and CMS points understate demand, and not every PSO FTE
// holds cases. The method, not the figures, is the point; the project's
// "6,239 POs required, 4,542 in post" (June 2022) is not in the domain
// sources and is not reproduced.
func ExampleCaseload_Staffing() {
	const people, pos, psos, regions = 238_646, 5_160, 5_908, 12
	region := func(k int) string { return fmt.Sprintf("R%02d", k+1) }
	var ps []caseload.Practitioner
	for i := range pos + psos {
		g := grades.PO
		if i >= pos {
			g = grades.PSO
		}
		ps = append(ps, caseload.Practitioner{ID: "S" + strconv.Itoa(i), Grade: g, Team: region(i % regions), Hours: new(37.0)})
	}
	// Region k's share of cases is proportional to 90 + 2k.
	var bounds [regions]int
	total, acc := 0, 0
	for k := range regions {
		total += 90 + 2*k
	}
	for k := range regions {
		acc += 90 + 2*k
		bounds[k] = people * acc / total
	}
	cases := make([]caseload.Case, people)
	k := 0
	for i := range cases {
		for i >= bounds[k] {
			k++
		}
		p := tiering.Protect([]int{1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4}[i%20])
		change := 3 - (i/20)%4
		ct := caseload.Community
		switch j := (i / 80) % 20; {
		case j >= 16:
			ct = caseload.Custody
		case j >= 11:
			ct = caseload.Licence
		}
		rosh := tiering.RoSHMedium
		if p == tiering.ProtectA || (p == tiering.ProtectB && change >= 2) {
			rosh = tiering.RoSHHigh
		}
		t := tiering.MakeTier(p, change, false)
		cases[i] = caseload.Case{ID: "C" + strconv.Itoa(i), Tier: t, Type: ct, Team: region(k),
			Risk: grades.Profile{RoSH: rosh, Tier: t}}
	}
	cl, err := caseload.Build(cases, ps, time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := cl.Staffing(&caseload.StaffingSettings{Eligible: nationalEligible()})
	fmt.Printf("national workload %.1f%% of %d cases\n", s.Percent, cl.Len())
	for _, p := range s.Posts {
		fmt.Printf("%-3v demand %9.0f points: required %6.0f FTE, in post %5.0f, shortfall %+5.0f\n",
			p.Post, p.Demand, p.Required, p.InPost, p.Shortfall)
	}
	fmt.Println("furthest from fair:")
	for _, ts := range s.Teams[:3] {
		fmt.Printf("  %s %.1f%% (%+.1f points) shortfall %+.0f FTE\n", ts.Team, ts.Percent, ts.Gap, ts.Shortfall)
	}
	// Output:
	// national workload 65.4% of 238646 cases
	// PO  demand  11269884 points: required   5179 FTE, in post  5160, shortfall   +19
	// PSO demand   4474178 points: required   2056 FTE, in post  5908, shortfall -3852
	// furthest from fair:
	//   R01 58.3% (-7.1 points) shortfall -385 FTE
	//   R12 72.3% (+6.9 points) shortfall -256 FTE
	//   R11 71.1% (+5.7 points) shortfall -267 FTE
}

// Build weighs a team's caseload; Totals adds it up by team and nationally.
func ExampleBuild() {
	ps := []caseload.Practitioner{
		{ID: "P1", Name: "Ada", Grade: grades.PO, Team: "North", Hours: new(37.0)},
		{ID: "P2", Name: "Ben", Grade: grades.PSO, Team: "North", Hours: new(30.0),
			Reductions: []caseload.Reduction{{Reason: "VQ3", Hours: 1.5, Start: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}}},
		{ID: "P3", Name: "Cy", Grade: grades.PQiP1, Team: "South",
			Reductions: []caseload.Reduction{{Reason: caseload.ReasonPQiP1, Hours: 29.6, Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}}},
	}
	var cases []caseload.Case
	add := func(n int, t, team, holder string, ct caseload.CaseType) {
		for range n {
			cases = append(cases, caseload.Case{ID: fmt.Sprint("C", len(cases)), Tier: tiering.MustParseTier(t), Type: ct, Team: team, Practitioner: holder})
		}
	}
	add(9, "A2", "North", "P1", caseload.Licence)    // 9 × 175
	add(6, "B2", "North", "P1", caseload.Community)  // 6 × 115
	add(20, "C2", "North", "P2", caseload.Community) // 20 × 63
	add(9, "D1", "South", "P3", caseload.Community)  // 9 × 29
	add(2, "C1", "North", "", caseload.Community)    // waiting to be allocated
	cl, err := caseload.Build(cases, ps, time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC), &caseload.Settings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range cl.Workloads() {
		fmt.Printf("%s %-5v %2d cases %4d/%4d points %5.1f%% %v\n", w.Practitioner, w.Grade, w.Cases, w.Points, w.Available, w.Percent, w.Status)
	}
	for _, t := range append(cl.Totals(caseload.Team), cl.Totals(caseload.National)...) {
		fmt.Printf("%-8v %-5s %5.1f%% remaining %4d, over 100%%: %d, tiers A%d B%d C%d D%d, unallocated %d\n",
			t.Level, t.Key, t.Percent, t.Remaining, t.Over100, t.Tiers.A, t.Tiers.B, t.Tiers.C, t.Tiers.D, t.Unallocated)
	}
	// Output:
	// P1 PO    15 cases 2265/2176 points 104.1% OVER_100
	// P2 PSO   20 cases 1260/1676 points  75.2% WITHIN_CAPACITY
	// P3 PQiP1  9 cases  261/ 435 points  60.0% WITHIN_CAPACITY
	// TEAM     North  91.5% remaining  327, over 100%: 1, tiers A9 B6 C20 D0, unallocated 2
	// TEAM     South  60.0% remaining  174, over 100%: 0, tiers A0 B0 C0 D9, unallocated 0
	// NATIONAL        88.3% remaining  501, over 100%: 1, tiers A9 B6 C20 D9, unallocated 2
}

// Reading a CSV file reports every bad value at once, each with its line,
// record, column and what is wanted; the good rows are read all the same.
func ExampleReadCasesCSV() {
	file := "\ufeff\"id\",tier,type,restricted_to,x_km\n" +
		"C1,B2,COMMUNITY,,530.2\n" +
		"C2 ,B9,COMMUNITY,P1;;P2,1e17\n" +
		"C3,A3,LICENCE,P1,531\n"
	cases, err := caseload.ReadCasesCSV(strings.NewReader(file))
	var ve *probation.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f)
		}
	}
	fmt.Println(len(cases), "rows read")
	// Output:
	// line 3: case "C2 ": tier = "B9": want a tier such as B2 or C0S: a letter A-D, a digit 0-3 and an optional S
	// line 3: case "C2 ": id = "C2 ": has surrounding white space: want the ID without it
	// line 3: case "C2 ": restricted_to: empty: want an ID in the list of practitioner IDs
	// line 3: case "C2 ": x_km = "1e+17": want km from -10000 to 10000 (MaxCoordinate)
	// 3 rows read
}
