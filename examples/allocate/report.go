package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// report is everything the output shows.
type report struct {
	AsOf          time.Time
	Problem       *allocation.Problem
	Result        *allocation.Result
	Before, After []caseload.Total
	Caseload      *caseload.Caseload
	Cases         []caseload.Case
	Names         map[string]caseload.Practitioner
	Policy        *grades.Policy
	Rebalance     bool
}

func (r *report) writeText(out io.Writer) error {
	w := &errWriter{w: out}
	res := r.Result
	nat := r.Caseload.Totals(caseload.National)[0]
	w.printf("probationkit allocation, as of %s\n", r.AsOf.Format(time.DateOnly))
	w.printf("%d practitioners in %d teams; %d cases held, %d to place. Strategy: %s. Status: %s.\n\n",
		len(r.Problem.Practitioners), len(r.Before), nat.Cases-placedCount(res, r.Rebalance), len(r.Problem.Cases), res.Strategy, res.Status)

	w.printf("Tier mix (v2 protect letter; S = unsupervised final third)\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\tA\tB\tC\tD\tAS\tBS\tCS\tDS\tuntiered\t\n")
	held := r.Before
	var heldMix caseload.TierMix
	for _, t := range held {
		addMix(&heldMix, t.Tiers)
	}
	fmt.Fprintf(tw, "held before\t%s\n", mixRow(heldMix))
	var newMix caseload.TierMix
	for _, c := range r.Problem.Cases {
		if c.Current == "" {
			countTier(&newMix, c.Tier)
		}
	}
	fmt.Fprintf(tw, "to place\t%s\n", mixRow(newMix))
	tw.Flush()

	w.printf("\nTeam workloads (Σ points / Σ available points)\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "team\tstaff\tcases\tbefore\tafter\tover 110%% before\tafter\t\n")
	for i, b := range r.Before {
		a := r.After[i]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f%%\t%.1f%%\t%d\t%d\t\n", b.Key, b.Practitioners, a.Cases, b.Percent, a.Percent, b.Over110, a.Over110)
	}
	tw.Flush()

	w.printf("\nAllocations (%d placed, %d not placed)\n", len(res.Assignments), len(res.Unassigned))
	caseByID := make(map[string]allocation.Case, len(r.Problem.Cases))
	for _, c := range r.Problem.Cases {
		caseByID[c.ID] = c
	}
	for _, a := range res.Assignments {
		c := caseByID[a.CaseID]
		if r.Rebalance && !a.Moved && c.Current != "" {
			continue // a rebalance lists only what changed
		}
		e, _ := res.Explain(a.CaseID)
		w.printf("  %s  %-4s %-9s %-9s → %s (%s)\n", c.ID, c.Tier, strings.ToLower(c.Risk.RoSH.String()), r.kind(c.ID), r.who(a.PractitionerID), fmt.Sprintf("%.1f%% after", e.AfterPercent))
		w.printf("      cost %v\n", a.Cost)
		for _, alt := range e.Alternatives {
			why := strings.TrimPrefix(alt.String(), alt.PractitionerID+": ")
			role := ""
			switch alt.PractitionerID {
			case c.Current:
				role = ", current practitioner"
			case c.Previous:
				role = ", previous practitioner"
			}
			w.printf("      not %s%s: %s\n", r.who(alt.PractitionerID), role, why)
		}
	}
	if len(res.Unassigned) > 0 {
		w.printf("\nNot placed\n")
		for _, u := range res.Unassigned {
			c := caseByID[u.CaseID]
			w.printf("  %s  %-4s %-9s %s: %s\n", c.ID, c.Tier, strings.ToLower(c.Risk.RoSH.String()), u.Reason, u.Detail)
		}
	}
	st := res.Stats
	w.printf("\nObjective %d (cost %d, overload penalty %d, unplaced %d)", st.Objective, st.Cost, st.Penalty, st.UnplacedCharge)
	if st.HasBound {
		w.printf("; lower bound %d, gap %.3f%%", st.Bound, st.GapPercent)
	}
	w.printf(".\nHighest workload after: %.1f%%. Cases moved: %d.\n", st.MaxPercent, st.Moved)
	return w.err
}

// kind returns the case type of a case, from the records.
func (r *report) kind(id string) string {
	for _, c := range r.Cases {
		if c.ID == id {
			return strings.ToLower(c.Type.String())
		}
	}
	return ""
}

// who names a practitioner: ID, name, grade and team.
func (r *report) who(id string) string {
	p, ok := r.Names[id]
	if !ok {
		return id
	}
	if p.Name == "" {
		return fmt.Sprintf("%s (%s, %s)", id, p.Grade, p.Team)
	}
	return fmt.Sprintf("%s %s (%s, %s)", id, p.Name, p.Grade, p.Team)
}

func placedCount(res *allocation.Result, rebalance bool) int {
	if rebalance {
		return 0
	}
	return len(res.Assignments)
}

func addMix(dst *caseload.TierMix, m caseload.TierMix) {
	dst.A += m.A
	dst.B += m.B
	dst.C += m.C
	dst.D += m.D
	dst.AS += m.AS
	dst.BS += m.BS
	dst.CS += m.CS
	dst.DS += m.DS
	dst.Untiered += m.Untiered
}

func countTier(m *caseload.TierMix, t tiering.Tier) {
	if !t.IsValid() {
		m.Untiered++
		return
	}
	s := t.Unsupervised()
	switch t.Protect() {
	case tiering.ProtectA:
		inc(&m.A, &m.AS, s)
	case tiering.ProtectB:
		inc(&m.B, &m.BS, s)
	case tiering.ProtectC:
		inc(&m.C, &m.CS, s)
	case tiering.ProtectD:
		inc(&m.D, &m.DS, s)
	}
}

func inc(plain, unsup *int, s bool) {
	if s {
		*unsup++
	} else {
		*plain++
	}
}

func mixRow(m caseload.TierMix) string {
	return fmt.Sprintf("%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t", m.A, m.B, m.C, m.D, m.AS, m.BS, m.CS, m.DS, m.Untiered)
}

// jsonReport is the -json output.
type jsonReport struct {
	AsOf        string                  `json:"as_of"`
	Strategy    string                  `json:"strategy"`
	Status      string                  `json:"status"`
	Stats       allocation.Stats        `json:"stats"`
	Assignments []jsonAssignment        `json:"assignments"`
	Unassigned  []allocation.Unassigned `json:"unassigned"`
	Workloads   []allocation.Workload   `json:"workloads"`
	TeamsBefore []caseload.Total        `json:"teams_before"`
	TeamsAfter  []caseload.Total        `json:"teams_after"`
}

type jsonAssignment struct {
	allocation.Assignment
	Explanation allocation.Explanation `json:"explanation"`
}

func (r *report) writeJSON(w io.Writer) error {
	res := r.Result
	out := jsonReport{
		AsOf:        r.AsOf.Format(time.DateOnly),
		Strategy:    res.Strategy.String(),
		Status:      res.Status.String(),
		Stats:       res.Stats,
		Unassigned:  res.Unassigned,
		Workloads:   res.Workloads,
		TeamsBefore: r.Before,
		TeamsAfter:  r.After,
	}
	for _, a := range res.Assignments {
		e, _ := res.Explain(a.CaseID)
		out.Assignments = append(out.Assignments, jsonAssignment{Assignment: a, Explanation: e})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, nil
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
