// Command gendata writes the default dataset of examples/allocate: one
// synthetic probation delivery unit (PDU) of 70 practitioners with its
// current caseload and a day's new cases, as the three CSV files the
// caseload package reads (cases.csv, practitioners.csv, reductions.csv).
//
// The dataset comes from the project's seeded generator (internal/synth),
// so it is realistic in shape — grade mix, tier mix, part-time staff,
// trainee reductions, loads around the national 115% — and reproducible:
//
//	go run ./examples/allocate/gendata -out examples/allocate/data
//
// Each practitioner's base load (work outside the listed cases) is written
// as court reports in the last 30 days (138 points each, workload.md §1.4).
// Two new cases are made unplaceable on purpose, so that the main job shows
// how a case that no one may hold is reported: one very high RoSH case
// restricted to a single PSO, and one case restricted to a practitioner
// who holds no cases (an SPO). Names are made up from two short lists;
// locations are rounded to 100 m.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/synth"
	"github.com/probationkit/probation/tiering"
)

func main() {
	out := flag.String("out", "examples/allocate/data", "directory to write the CSV files to")
	seed := flag.Uint64("seed", 2026, "generator seed")
	cases := flag.Int("cases", 2330, "cases, held and new (other sizes are for measurements, not the committed dataset)")
	practitioners := flag.Int("practitioners", 70, "practitioners who hold cases (one SPO per team is added)")
	waiting := flag.Int("new", 42, "new cases waiting")
	flag.Parse()
	size := synth.Size{Name: "default-pdu", Cases: *cases, Practitioners: *practitioners, New: *waiting}
	if err := run(*out, *seed, size); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

func run(dir string, seed uint64, size synth.Size) error {
	in := synth.Generate(size, seed)

	prs := in.Practitioners
	spo := ""
	for i := range prs {
		p := &prs[i]
		p.Reports.Standard = int(math.Round(float64(in.Load[i]) / 138))
		p.Name = firstNames[i%len(firstNames)] + " " + lastNames[(i+i/len(firstNames))%len(lastNames)]
		p.Location = round(p.Location)
		if p.Grade == grades.SPO && spo == "" {
			spo = p.ID
		}
	}
	// The generator makes practitioners only; every team also has a Senior
	// Probation Officer, who allocates and holds no cases (SPO capacity is
	// 0, workload.md §2.1).
	for _, t := range in.Teams {
		id := fmt.Sprintf("P%05d", len(prs)+1)
		prs = append(prs, caseload.Practitioner{ID: id, Name: "SPO " + t.ID, Grade: grades.SPO,
			Team: t.ID, PDU: t.PDU, Region: t.Region, Location: round(t.Office)})
		if spo == "" {
			spo = id
		}
	}
	cases := in.Cases
	// Make two of the new cases unplaceable, on purpose (see the package comment).
	var pso string
	for _, p := range prs {
		if p.Grade == grades.PSO {
			pso = p.ID
			break
		}
	}
	n := 0
	for i := range cases {
		c := &cases[i]
		c.Location = round(c.Location)
		if c.Practitioner != "" {
			continue
		}
		switch n {
		case 0:
			c.Tier = tiering.MustParseTier("A3")
			c.Risk = grades.Profile{RoSH: tiering.RoSHVeryHigh, Tier: c.Tier, MAPPALevel: tiering.MAPPA2,
				MAPPACategory: tiering.MAPPACategory2, Flags: grades.RestrictedAccess}
			c.RestrictedTo = []string{pso}
			c.ExcludedFrom = nil
		case 1:
			c.Risk.Flags |= grades.RestrictedAccess
			c.RestrictedTo = []string{spo}
			c.ExcludedFrom = nil
		}
		n++
	}

	var cs, ps, rs bytes.Buffer
	if err := caseload.WriteCasesCSV(&cs, cases); err != nil {
		return err
	}
	if err := caseload.WritePractitionersCSV(&ps, &rs, prs); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, b := range map[string][]byte{"cases.csv": cs.Bytes(), "practitioners.csv": ps.Bytes(), "reductions.csv": rs.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func round(l caseload.Location) caseload.Location {
	return caseload.Location{X: math.Round(l.X*10) / 10, Y: math.Round(l.Y*10) / 10}
}

var firstNames = []string{"Amira", "Ben", "Chloe", "Dev", "Ellie", "Femi", "Grace", "Harun", "Isla", "Jack",
	"Kemi", "Liam", "Maya", "Niall", "Olu", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Viktor", "Wen", "Yusuf", "Zara"}

var lastNames = []string{"Adeyemi", "Brown", "Carter", "Davies", "Evans", "Fraser", "Gill", "Hughes", "Iqbal",
	"Jones", "Khan", "Lewis", "Morgan", "Nowak", "Owen", "Patel", "Quinn", "Roberts", "Singh", "Taylor", "Walsh", "Young"}
