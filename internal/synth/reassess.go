package synth

import (
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// step proposes a move of level one step up or down and keeps it with
// probability min(1, pi[new]/pi[old]) (1 if pi[old] is 0 and pi[new]
// is not). It returns the new level and whether the move is kept.
func (g *eventGen) step(level int, pi []float64) (int, bool) {
	r := g.rChange
	next := level + 1
	if r.IntN(2) == 0 {
		next = level - 1
	}
	if level < 0 || level >= len(pi) || next < 0 || next >= len(pi) || pi[next] == 0 {
		return level, false
	}
	if pi[level] > 0 && r.Float64()*pi[level] >= pi[next] {
		return level, false
	}
	return next, true
}

// retier sets c's tier to letter p, change level ch, keeping the S
// suffix unless c has become exempt through what reassessments change
// (MAPPA or very high RoSH; child protection flags do not change, and
// the instance may hold S cases with one); Risk.Tier follows.
func (g *eventGen) retier(c *caseRec, p tiering.Protect, ch int) {
	keep := c.risk.MAPPALevel == tiering.MAPPANone && c.risk.RoSH != tiering.RoSHVeryHigh
	c.tier = tiering.MakeTier(p, ch, c.tier.Unsupervised() && keep)
	c.risk.Tier = c.tier
}

// setMAPPA moves c to MAPPA level l with its category, flags and letter
// (see GenerateEvents).
func (g *eventGen) setMAPPA(c *caseRec, l tiering.MAPPALevel) {
	r := g.rChange
	c.risk.MAPPALevel = l
	switch {
	case l == tiering.MAPPANone:
		c.risk.MAPPACategory = tiering.MAPPACategoryNone
	case c.risk.Flags.Has(grades.Terrorism):
		c.risk.MAPPACategory = tiering.MAPPACategory4
	case c.risk.MAPPACategory == tiering.MAPPACategoryNone:
		// As drawRisk draws a level 1 category.
		c.risk.MAPPACategory = [...]tiering.MAPPACategory{tiering.MAPPACategory1, tiering.MAPPACategory2}[pick(r, []float64{0.75, 0.25})]
	}
	if c.risk.MAPPACategory == tiering.MAPPACategory1 {
		c.risk.Flags |= grades.SexualOffending
	}
	g.retier(c, protectAfter(c.tier.Protect(), c.risk.RoSH, c.risk.RoSH, l), c.tier.Change())
}

// protectAfter returns the protect letter of a case whose letter was p
// with RoSH from, now RoSH to and MAPPA level m (see GenerateEvents):
// very high RoSH or MAPPA 2/3 is A; a letter that RoSH set (or an A,
// which needs very high RoSH or MAPPA 2/3) follows RoSH; high RoSH keeps
// at least B and medium at least C (domain/tiering.md §1.2: RoSH high 20
// points, medium 10; A needs 150).
func protectAfter(p tiering.Protect, from, to tiering.RoSH, m tiering.MAPPALevel) tiering.Protect {
	natural := func(r tiering.RoSH) tiering.Protect {
		switch r {
		case tiering.RoSHVeryHigh:
			return tiering.ProtectA
		case tiering.RoSHHigh:
			return tiering.ProtectB
		case tiering.RoSHMedium:
			return tiering.ProtectC
		}
		return tiering.ProtectD
	}
	if to == tiering.RoSHVeryHigh || m >= tiering.MAPPA2 {
		return tiering.ProtectA
	}
	if p == tiering.ProtectA || p == natural(from) {
		p = natural(to)
	}
	return min(p, natural(to))
}
