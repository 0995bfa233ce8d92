package synth

import (
	"math"

	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// caseRec is what the event generator keeps of a case.
type caseRec struct {
	id   string
	team int32
	tier tiering.Tier
	typ  caseload.CaseType
	risk grades.Profile
	open bool
}

// exempt reports whether the Probation Reset leaves a case under active
// supervision: MAPPA, very high RoSH or active child protection
// (domain/workload.md §1.1; NSD and the ISC pilot are not modelled).
func exempt(p grades.Profile) bool {
	return p.MAPPALevel != tiering.MAPPANone || p.RoSH == tiering.RoSHVeryHigh || p.Flags.Has(grades.ChildProtection)
}

// setupCases works out the rates and stationary mixes from the instance
// and schedules the remaining life of each of its cases.
func (g *eventGen) setupCases() {
	in := g.in
	g.caseIDs = make(map[string]bool, len(in.Cases))
	g.nextCase = len(in.Cases)
	g.teams = make([]teamRec, len(in.Teams))
	teamOf := make(map[string]int32, len(in.Teams))
	for t, tm := range in.Teams {
		teamOf[tm.ID] = int32(t)
		g.teams[t] = teamRec{id: tm.ID, office: tm.Office}
	}
	g.cases = make([]caseRec, 0, len(in.Cases)+len(in.Cases)*g.days/300)
	counts := make([]float64, len(in.Teams))
	var typeCount [caseload.NumCaseTypes]float64
	var unsup, eligible float64
	for k, c := range in.Cases {
		g.caseIDs[c.ID] = true
		t, ok := teamOf[c.Team]
		if !ok {
			t = -1
		} else {
			counts[t]++
		}
		g.cases = append(g.cases, caseRec{id: c.ID, team: t, tier: c.Tier, typ: c.Type, risk: c.Risk, open: true})
		if !c.Type.IsValid() {
			continue
		}
		g.rates.Stock[c.Type]++
		typeCount[c.Type]++
		g.templates[c.Type] = append(g.templates[c.Type], int32(k))
		if ch := c.Tier.Change(); ch >= 0 {
			g.piChange[c.Type][ch]++
		}
		if c.Risk.RoSH.IsValid() {
			g.piRoSH[c.Risk.RoSH]++
		}
		if c.Risk.MAPPALevel.IsValid() {
			g.piMAPPA[c.Risk.MAPPALevel]++
		}
		if c.Tier.Unsupervised() {
			unsup++
		}
		if c.Type != caseload.Custody && !exempt(c.Risk) {
			eligible++
		}
	}
	g.teamCum = make([]float64, len(counts))
	sum := 0.0
	for t, c := range counts {
		sum += c
		g.teamCum[t] = sum
	}

	d := g.dyn
	g.rates.Days[caseload.Community] = d.Community.Mean() * monthDays
	g.rates.Days[caseload.Custody] = d.Release * d.Sentence.Mean() * monthDays
	g.rates.Days[caseload.Licence] = d.Sentence.MeanMaxScaled(1-d.Release, d.MinSupervision) * monthDays
	for t := caseload.Community; t <= caseload.Custody; t++ {
		if t == caseload.Licence {
			continue
		}
		g.rates.Arrivals[t] = typeCount[t] / g.rates.Days[t]
	}
	released := g.rates.Arrivals[caseload.Custody] * g.rates.Days[caseload.Licence]
	g.rates.Arrivals[caseload.Licence] = max(0, typeCount[caseload.Licence]-released) / g.rates.Days[caseload.Licence]
	if eligible > 0 {
		g.rates.Reset = min(1, unsup/(eligible*(1-d.Reset)))
	}

	for t := range g.piChange {
		normalise(g.piChange[t][:])
	}
	normalise(g.piRoSH[:])
	normalise(g.piMAPPA[:])

	for k := range g.cases {
		g.stockLife(k)
		g.scheduleReviews(0, k)
	}
}

// normalise scales xs to sum to 1 (leaves all-zero xs alone).
func normalise(xs []float64) {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	if s > 0 {
		for i := range xs {
			xs[i] /= s
		}
	}
}

// months converts months to whole days, at least 1.
func months(m float64) int { return max(1, int(math.Round(m*monthDays))) }

// supervision returns the months of supervision after release of a
// sentence of s months.
func (g *eventGen) supervision(s float64) float64 {
	return max((1-g.dyn.Release)*s, g.dyn.MinSupervision)
}

// stockLife schedules the rest of the life of starting case k, seen in
// a caseload in balance (see GenerateEvents).
func (g *eventGen) stockLife(k int) {
	c := &g.cases[k]
	r, d := g.rLife, g.dyn
	switch c.typ {
	case caseload.Custody:
		s := d.Sentence.LengthBiased().draw(r)
		release := max(1, int(math.Ceil((1-r.Float64())*d.Release*s*monthDays)))
		g.schedule(release, jobRelease, k)
		g.afterRelease(k, release, g.supervision(s))
	case caseload.Community, caseload.Licence:
		var length float64 // months
		if c.typ == caseload.Community {
			length = d.Community.LengthBiased().draw(r)
		} else {
			most := g.supervision(d.Sentence.Max)
			for {
				length = g.supervision(d.Sentence.draw(r))
				if r.Float64()*most < length {
					break
				}
			}
		}
		// How far through its length the case is: uniform, given what
		// its tier says (an S case is past the Reset point; a case not
		// S is past it only if it was not to turn S or is exempt).
		q := g.rates.Reset
		if exempt(c.risk) {
			q = 0
		}
		var elapsed float64
		switch {
		case c.tier.Unsupervised():
			elapsed = d.Reset + (1-d.Reset)*r.Float64()
		case r.Float64()*(d.Reset+(1-d.Reset)*(1-q)) < d.Reset:
			elapsed = d.Reset * r.Float64()
			if chance(r, q) {
				g.schedule(int(math.Ceil((d.Reset-elapsed)*length*monthDays)), jobUnsupervised, k)
			}
		default:
			elapsed = d.Reset + (1-d.Reset)*r.Float64()
		}
		g.schedule(max(1, int(math.Ceil((1-elapsed)*length*monthDays))), jobTerminate, k)
	}
}

// afterRelease schedules a custody case's end, supervision months after
// its release day, and its Reset.
func (g *eventGen) afterRelease(k, release int, supervision float64) {
	g.schedule(release+months(supervision), jobTerminate, k)
	if chance(g.rLife, g.rates.Reset) {
		g.schedule(release+months(g.dyn.Reset*supervision), jobUnsupervised, k)
	}
}

// arrivalLife schedules the life of case k arriving on day day.
func (g *eventGen) arrivalLife(k, day int) {
	r, d := g.rLife, g.dyn
	var length float64 // months to the end from day, or from release
	switch g.cases[k].typ {
	case caseload.Custody:
		s := d.Sentence.draw(r)
		release := day + months(d.Release*s)
		g.schedule(release, jobRelease, k)
		g.afterRelease(k, release, g.supervision(s))
		return
	case caseload.Community:
		length = d.Community.draw(r)
	default:
		length = g.supervision(d.Sentence.draw(r))
	}
	g.schedule(day+months(length), jobTerminate, k)
	if chance(r, g.rates.Reset) {
		g.schedule(day+months(d.Reset*length), jobUnsupervised, k)
	}
}

// scheduleReviews schedules case k's first reassessment proposals from
// day d.
func (g *eventGen) scheduleReviews(d, k int) {
	g.schedule(after(g.rChange, d, g.dyn.TierReview), jobTier, k)
	g.schedule(after(g.rChange, d, g.dyn.RoSHReview), jobRoSH, k)
	g.schedule(after(g.rChange, d, g.dyn.MAPPAReview), jobMAPPA, k)
}

// caseJob runs a case job on day d. Jobs of closed cases are dropped.
func (g *eventGen) caseJob(d int, j job) {
	k := int(j.idx)
	c := &g.cases[k]
	if !c.open {
		return
	}
	switch j.kind {
	case jobTerminate:
		c.open = false
		g.emit(d, Termination).Case = c.id
	case jobRelease:
		if c.typ == caseload.Custody {
			c.typ = caseload.Licence
			g.emitCase(d, Release, c)
		}
	case jobUnsupervised:
		if c.typ != caseload.Custody && !c.tier.Unsupervised() && !exempt(c.risk) {
			c.tier = tiering.MakeTier(c.tier.Protect(), c.tier.Change(), true)
			c.risk.Tier = c.tier
			g.emitCase(d, Unsupervised, c)
		}
	case jobTier:
		g.schedule(after(g.rChange, d, g.dyn.TierReview), jobTier, k)
		if ch, ok := g.step(c.tier.Change(), g.piChange[c.typ][:]); ok {
			g.retier(c, c.tier.Protect(), ch)
			g.emitCase(d, TierChange, c)
		}
	case jobRoSH:
		g.schedule(after(g.rChange, d, g.dyn.RoSHReview), jobRoSH, k)
		if r, ok := g.step(int(c.risk.RoSH), g.piRoSH[:]); ok {
			old := c.risk.RoSH
			c.risk.RoSH = tiering.RoSH(r)
			g.retier(c, protectAfter(c.tier.Protect(), old, c.risk.RoSH, c.risk.MAPPALevel), c.tier.Change())
			g.emitCase(d, RoSHChange, c)
		}
	case jobMAPPA:
		g.schedule(after(g.rChange, d, g.dyn.MAPPAReview), jobMAPPA, k)
		if l, ok := g.step(int(c.risk.MAPPALevel), g.piMAPPA[:]); ok {
			g.setMAPPA(c, tiering.MAPPALevel(l))
			g.emitCase(d, MAPPAChange, c)
		}
	}
}

// emitCase emits a case event carrying c's state after it.
func (g *eventGen) emitCase(d int, kind EventKind, c *caseRec) *Event {
	e := g.emit(d, kind)
	e.Case, e.Tier, e.Type, e.Risk = c.id, c.tier, c.typ, c.risk
	return e
}
