// Package workforce generates a synthetic probation service at the
// published national figures, for the staffing model's example and
// benchmarks: regions, PDUs and teams, the staff in post by grade with
// their reductions and court reports, the caseload, and the spells of
// supervision its flows are estimated from. It is seeded and
// deterministic, and reads no clock.
//
// The figures (shared/domain/workload.md §4, allocation.md §5):
//
//   - 12 probation regions (11 English and Wales), about 100 PDUs;
//   - 30 June 2024: 238,646 people under supervision, 5,160 band 4
//     probation officer FTE and 5,908 band 3 PSO FTE, the latter
//     including trainee POs (HMPPS workforce quarterly; Justice
//     Committee HC 285 para 105–106);
//   - more than 1,500 trainee POs recruited a year, so about 2,250 in
//     their 18 protected months, and about 1,125 NQOs in their 9;
//   - national WMT workload about 117% on average in Jan–Jun 2024.
//
// Not every FTE in post holds a caseload (court, unpaid work and
// programme roles do not; workload.md §4 [inference]), and the case
// points of the public seed weights may predate the 2022 refresh. So the
// generator keeps the grade mix of the staff in post and generates the
// case-holding share of it that puts the national workload at the
// published 117%: Instance.CaseHoldingShare reports it. The choices the
// sources leave open are ours and are marked so in the code.
package workforce

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/staffing"
	"github.com/probationkit/probation/tiering"
)

// Figures are the national figures an instance is scaled from. The JSON
// names say each figure's unit.
type Figures struct {
	Date          string   `json:"date"`
	Regions       int      `json:"regions"`
	PDUs          int      `json:"pdus"`
	People        int      `json:"people_under_supervision"`
	POFTE         float64  `json:"po_fte"`
	PSOFTE        float64  `json:"pso_fte_including_trainees"`
	TraineesYear  int      `json:"trainees_recruited_per_year"`
	WorkloadPct   float64  `json:"workload_pct"`
	LondonPOShort float64  `json:"london_po_posts_unfilled_share"`
	POShort       float64  `json:"po_posts_unfilled_share"`
	Sources       []string `json:"sources"`
}

// National returns the published figures of June 2024.
func National() Figures {
	return Figures{
		Date: "2024-06-30", Regions: 12, PDUs: 100, People: 238646,
		POFTE: 5160, PSOFTE: 5908, TraineesYear: 1500, WorkloadPct: 117,
		LondonPOShort: 0.34, POShort: 0.29,
		Sources: []string{
			"people under supervision 30 Jun 2024: gov.uk Offender management statistics quarterly, Apr-Jun 2024 (shared/domain/workload.md §4)",
			"band 4 PO and band 3 PSO FTE 30 Jun 2024: HMPPS workforce quarterly, Jun 2024; band 3 includes trainee POs (Justice Committee HC 285 para 105-106; workload.md §4, allocation.md §1.4)",
			"12 probation regions: HL JHA Committee report; wmt-worker 740c6798 (allocation.md §5, workload.md §4); about 100 PDUs: issue #14",
			"more than 1,500 trainee POs recruited a year (allocation.md §5)",
			"national WMT workload 117% on average Jan-Jun 2024 (Channel 4 FactCheck, MoJ FOI data; workload.md §4)",
			"29% of PO posts unfilled in Dec 2022, 34% in London (HL JHA Committee para 199; allocation.md §5)",
		},
	}
}

// Size is a part of the national service to generate.
type Size struct {
	Name    string
	Regions int     // regions, at most 12
	PDUs    int     // PDUs over those regions
	Scale   float64 // share of the national staff and caseload
	Level   caseload.Level
}

// Sizes are the benchmark sizes: one PDU (planned by team), one region
// (by PDU) and the nation (by PDU).
func Sizes() []Size {
	return []Size{
		{Name: "pdu", Regions: 1, PDUs: 1, Scale: 0.01, Level: caseload.Team},
		{Name: "region", Regions: 1, PDUs: 8, Scale: 0.08, Level: caseload.PDU},
		{Name: "national", Regions: 12, PDUs: 100, Scale: 1, Level: caseload.PDU},
	}
}

// Instance is a generated service.
type Instance struct {
	Size          Size
	AsOf          time.Time
	Practitioners []caseload.Practitioner
	Cases         []caseload.Case
	Spells        []caseload.Spell
	Places        []caseload.Place
	// CaseHoldingShare is the share of the staff in post generated as
	// case holders (see the package doc).
	CaseHoldingShare float64
}

// regions are the 12 probation regions with our weights (share of the
// national caseload, roughly by population; the sources give none).
var regions = []struct {
	name   string
	weight float64
}{
	{"North East", 0.05}, {"North West", 0.09}, {"Yorkshire and the Humber", 0.09},
	{"Greater Manchester", 0.07}, {"East Midlands", 0.08}, {"West Midlands", 0.10},
	{"East of England", 0.09}, {"London", 0.16}, {"Kent, Surrey and Sussex", 0.08},
	{"South West", 0.06}, {"South Central", 0.07}, {"Wales", 0.06},
}

// Shape choices (ours; the sources give no figure).
const (
	teamSize      = 10   // practitioners per team
	meanDuration  = 15.0 // months a case lasts on average
	partTimeShare = 0.2  // share of staff part-time at 0.5–0.8 FTE
	qualify       = 18   // months of PQiP reductions (workload.md §2.5)
	nqoMonths     = 9
)

// pdu is one generated PDU.
type pdu struct {
	region, name string
	weight       float64 // share of the caseload
	staff        float64 // staff relative to caseload (below 1: short)
	poShare      float64 // POs among qualified staff
	trend        float64 // terminations relative to the steady state
}

// Generate returns the instance of size s at the national figures f,
// seeded by seed, as of f.Date.
func Generate(f Figures, s Size, seed uint64) (*Instance, error) {
	asOf, err := time.Parse(time.DateOnly, f.Date)
	if err != nil {
		return nil, fmt.Errorf("workforce: date %q: %v", f.Date, err)
	}
	if s.Regions < 1 || s.Regions > len(regions) || s.PDUs < s.Regions || !(s.Scale > 0) {
		return nil, fmt.Errorf("workforce: size %+v: want 1-12 regions, at least one PDU each, a scale above 0", s)
	}
	r := rand.New(rand.NewPCG(seed, 0x57af))
	in := &Instance{Size: s, AsOf: asOf}
	pdus := organise(r, f, s)

	// Cases, by PDU weight.
	nCases := int(math.Round(float64(f.People) * s.Scale))
	w := caseload.NationalWeights().At(asOf)
	points := 0.0
	caseID := 0
	type teamRef struct {
		code  string
		pdu   int
		cases int
	}
	var teams []teamRef
	for pi, p := range pdus {
		n := int(math.Round(float64(nCases) * p.weight))
		heads := max(1, int(math.Round(float64(n)/25/teamSize))) // ~25 cases per practitioner
		for t := range heads {
			code := fmt.Sprintf("%s T%d", p.name, t+1)
			teams = append(teams, teamRef{code: code, pdu: pi, cases: n/heads + btoi(t < n%heads)})
			in.Places = append(in.Places, caseload.Place{Team: code, PDU: p.name, Region: p.region})
		}
	}
	for _, t := range teams {
		p := pdus[t.pdu]
		for range t.cases {
			caseID++
			c := newCase(r, fmt.Sprintf("C%06d", caseID), t.code)
			in.Cases = append(in.Cases, c)
			points += float64(w.Points(c))
			in.Spells = append(in.Spells, openSpell(r, c, asOf))
			// Cases that ended in the last year, fewer than the steady
			// state where the PDU's caseload is growing.
			if r.Float64() < 12/meanDuration*p.trend {
				in.Spells = append(in.Spells, closedSpell(r, fmt.Sprintf("X%06d", caseID), t.code, asOf))
			}
		}
	}

	// Staff: the grade mix of the staff in post, scaled to the case-holding
	// share that puts national workload at f.WorkloadPct.
	trainees := float64(f.TraineesYear) * qualify / 12
	nqos := float64(f.TraineesYear) * nqoMonths / 12
	po, pso := f.POFTE-nqos, f.PSOFTE-trainees
	// Available points per FTE: trainees average the 80/60/40% stages,
	// NQOs keep 80% (workload.md §2.5).
	effective := po + pso + 0.8*nqos + 0.4*trainees
	// Court reports add about 85 points a week per FTE (0.7 SDRs of 138
	// points for a PO, 1.2 FDRs of 65 for a PSO), so the case points carry
	// the workload % less that share.
	const reportShare = 85.0 / 2176
	need := points / (f.WorkloadPct/100 - reportShare) / 2176
	share := need / (effective * s.Scale)
	share = min(share, 1)
	in.CaseHoldingShare = share
	total := f.POFTE + f.PSOFTE
	id := 0
	// want and got carry each grade's FTE from team to team, so that
	// rounding to whole people does not add up.
	var want, got [4]float64
	for _, t := range teams {
		p := pdus[t.pdu]
		// This team's FTE: its share of the case-holding staff, as its
		// cases are of the PDU's, adjusted by the PDU's staffing level.
		fte := total * s.Scale * share * float64(t.cases) / float64(nCases) * p.staff
		mix := []struct {
			g grades.Grade
			v float64
		}{
			{grades.PO, (po / total) * p.poShare / 0.5},
			{grades.NQO, nqos / total},
			{grades.PSO, (pso / total) * (1 - p.poShare) / 0.5},
			{grades.PQiP, trainees / total},
		}
		for k, m := range mix {
			want[k] += fte * m.v
			for got[k] < want[k]-0.4 {
				id++
				pr := newPractitioner(r, fmt.Sprintf("P%05d", id), m.g, t.code, p, asOf)
				in.Practitioners = append(in.Practitioners, pr)
				got[k] += hoursOf(pr) / 37
			}
		}
	}
	return in, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func hoursOf(p caseload.Practitioner) float64 {
	if p.Hours == nil {
		return 37
	}
	return *p.Hours
}

// organise shares s.PDUs among the first s.Regions regions by weight and
// draws each PDU's weight, staffing and grade mix.
func organise(r *rand.Rand, f Figures, s Size) []pdu {
	rs := regions[:s.Regions]
	if s.Regions == 1 {
		rs = regions[7:8] // London, the largest, for the one-region sizes
	}
	wsum := 0.0
	for _, x := range rs {
		wsum += x.weight
	}
	var out []pdu
	left := s.PDUs
	for k, x := range rs {
		n := max(1, int(math.Round(float64(s.PDUs)*x.weight/wsum)))
		if k == len(rs)-1 {
			n = max(1, left)
		}
		left -= n
		// The region's staffing: London has more of its PO posts unfilled
		// (34% against 29%, allocation.md §5).
		level := 1.0
		if x.name == "London" {
			level = (1 - f.LondonPOShort) / (1 - f.POShort)
		}
		for i := range n {
			out = append(out, pdu{
				region:  x.name,
				name:    fmt.Sprintf("%s %02d", x.name, i+1),
				weight:  x.weight / wsum / float64(n) * (0.6 + 0.8*r.Float64()),
				staff:   level * (0.8 + 0.4*r.Float64()),
				poShare: 0.35 + 0.3*r.Float64(),
				trend:   0.85 + 0.25*r.Float64(),
			})
		}
	}
	sum := 0.0
	for _, p := range out {
		sum += p.weight
	}
	for i := range out {
		out[i].weight /= sum
	}
	return out
}

// newCase draws a case: tier letter A 10%, B 25%, C 35%, D 30%; case type
// 60% community, 25% licence, 15% custody; RoSH in keeping with the
// letter (tiering.md §1.2); some MAPPA level 1, domestic abuse and
// sexual offending flags (our shares).
func newCase(r *rand.Rand, id, team string) caseload.Case {
	var letter tiering.Protect
	var rosh tiering.RoSH
	switch x := r.Float64(); {
	case x < 0.10:
		letter, rosh = tiering.ProtectA, pick(r, 0.7, tiering.RoSHHigh, tiering.RoSHVeryHigh)
	case x < 0.35:
		letter, rosh = tiering.ProtectB, pick(r, 0.6, tiering.RoSHMedium, tiering.RoSHHigh)
	case x < 0.70:
		letter, rosh = tiering.ProtectC, pick(r, 0.5, tiering.RoSHLow, tiering.RoSHMedium)
	default:
		letter, rosh = tiering.ProtectD, tiering.RoSHLow
	}
	tier := tiering.MakeTier(letter, r.IntN(4), false)
	typ := caseload.Community
	switch x := r.Float64(); {
	case x < 0.25:
		typ = caseload.Licence
	case x < 0.40:
		typ = caseload.Custody
	}
	prof := grades.Profile{RoSH: rosh, Tier: tier}
	if r.Float64() < 0.05 {
		prof.MAPPALevel = tiering.MAPPA1
	}
	if r.Float64() < 0.2 {
		prof.Flags |= grades.DomesticAbuse
	}
	if r.Float64() < 0.03 {
		prof.Flags |= grades.SexualOffending
	}
	return caseload.Case{ID: id, Tier: tier, Type: typ, Team: team, Risk: prof}
}

func pick(r *rand.Rand, p float64, a, b tiering.RoSH) tiering.RoSH {
	if r.Float64() < p {
		return a
	}
	return b
}

// openSpell dates an open case: started an exponential time ago with the
// mean duration.
func openSpell(r *rand.Rand, c caseload.Case, asOf time.Time) caseload.Spell {
	days := int(r.ExpFloat64() * meanDuration * 30.44)
	return caseload.Spell{Case: c.ID, Team: c.Team, Start: asOf.AddDate(0, 0, -days-1)}
}

// closedSpell dates a case that ended in the last 12 months.
func closedSpell(r *rand.Rand, id, team string, asOf time.Time) caseload.Spell {
	end := asOf.AddDate(0, 0, -1-r.IntN(365))
	days := int(r.ExpFloat64() * meanDuration * 30.44)
	return caseload.Spell{Case: id, Team: team, Start: end.AddDate(0, 0, -days-1), End: end}
}

// newPractitioner draws a practitioner of grade g in a team: part-time
// for 20% (our share, as internal/synth), trainees at a stage uniform over
// the 18 protected months with the WMT schedule, NQOs within their 9
// months with the NQO reduction, and some court reports.
func newPractitioner(r *rand.Rand, id string, g grades.Grade, team string, p pdu, asOf time.Time) caseload.Practitioner {
	pr := caseload.Practitioner{ID: id, Grade: g, Team: team, PDU: p.name, Region: p.region}
	if r.Float64() < partTimeShare {
		pr.Hours = new(math.Round(37*(0.5+0.3*r.Float64())*100) / 100)
	}
	c := caseload.NationalCapacity()
	switch g {
	case grades.PQiP:
		months := r.IntN(qualify)
		start := asOf.AddDate(0, -months, 0)
		pr.Grade = grades.PQiPAt(months)
		for _, red := range c.TraineeSchedule(start, pr.Hours) {
			if red.Reason != caseload.ReasonNQO && !red.End.Before(asOf) && !red.Start.After(asOf) {
				pr.Reductions = append(pr.Reductions, red)
			}
		}
	case grades.NQO:
		red, _ := c.NewReduction(caseload.ReasonNQO, hoursOf(pr), asOf.AddDate(0, -r.IntN(nqoMonths), 0))
		pr.Reductions = []caseload.Reduction{red}
	case grades.PO:
		pr.Reports = caseload.Reports{Standard: poisson(r, 0.7)}
	case grades.PSO:
		pr.Reports = caseload.Reports{Fast: poisson(r, 1.2)}
	}
	return pr
}

func poisson(r *rand.Rand, mean float64) int {
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= r.Float64()
		if p < l {
			return k
		}
		k++
	}
}

// Problem builds the instance's staffing problem over the given months
// at its size's level, with the budget: the caseload at the as-of date,
// flows estimated from its spells over the last 12 months, demand under
// the national policy and supply with no attrition.
func (in *Instance) Problem(months int, b staffing.Budget) (*staffing.Problem, error) {
	cl, err := caseload.Build(in.Cases, in.Practitioners, in.AsOf, nil)
	if err != nil {
		return nil, err
	}
	flows, err := caseload.EstimateFlows(in.Spells, in.AsOf, 12)
	if err != nil {
		return nil, err
	}
	d, err := cl.Demand(&caseload.DemandSettings{Months: months, Flows: flows, Places: in.Places})
	if err != nil {
		return nil, err
	}
	s, err := cl.Supply(&caseload.SupplySettings{Months: months, Places: in.Places})
	if err != nil {
		return nil, err
	}
	return staffing.NewProblem(d, s, in.Size.Level, b)
}
