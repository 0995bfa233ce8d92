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

// report is everything the output shows. Every lookup goes through a map,
// so writing it is linear in the cases and staff.
type report struct {
	AsOf      time.Time
	Rebalance bool
	Staff     []caseload.Practitioner
	Waiting   int // cases waiting before the run
	Result    *allocation.Result
	Moves     []allocation.CaseMove // rebalance: every case that changes hands
	// Certificate is the Result's certificate (-certify), or nil.
	Certificate *allocation.Certificate
	Before      []caseload.Total // teams
	After       []caseload.Total
	National    caseload.Total // after

	cases map[string]caseload.Case
	staff map[string]caseload.Practitioner
}

// index keeps the case records and staff by ID, as they were before the run.
func (r *report) index(cl *caseload.Caseload) {
	cs := cl.Cases()
	r.cases = make(map[string]caseload.Case, len(cs))
	for _, c := range cs {
		r.cases[c.ID] = c
	}
	r.staff = make(map[string]caseload.Practitioner, len(r.Staff))
	for _, p := range r.Staff {
		r.staff[p.ID] = p
	}
}

func (r *report) writeText(out io.Writer) error {
	w := &errWriter{w: out}
	res := r.Result
	spos := 0
	for _, p := range r.Staff {
		if p.Grade == grades.SPO {
			spos++
		}
	}
	w.printf("probationkit allocation, as of %s\n", r.AsOf.Format(time.DateOnly))
	w.printf("%d staff in %d teams (%d of them senior probation officers, who hold no cases); %d cases held, %d waiting.\n",
		len(r.Staff), len(r.Before), spos, len(r.cases)-r.Waiting, r.Waiting)
	w.printf("Strategy %s, status %s.\n\n", res.Strategy, res.Status)

	w.printf("Tier mix (v2 protect letter; S = unsupervised final third)\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\tA\tB\tC\tD\tAS\tBS\tCS\tDS\tuntiered\t\n")
	var held, waiting caseload.TierMix
	for _, c := range r.cases {
		if c.Practitioner != "" {
			countTier(&held, c.Tier)
		} else {
			countTier(&waiting, c.Tier)
		}
	}
	fmt.Fprintf(tw, "held\t%s\n", mixRow(held))
	fmt.Fprintf(tw, "waiting\t%s\n", mixRow(waiting))
	tw.Flush()

	w.printf("\nTeam workloads (Σ points / Σ available points)\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "team\tstaff\tcases before\tafter\tworkload before\tafter\tover 110%% before\tafter\t\n")
	for i, b := range r.Before {
		a := r.After[i]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f%%\t%.1f%%\t%d\t%d\t\n", b.Key, b.Practitioners, b.Cases, a.Cases, b.Percent, a.Percent, b.Over110, a.Over110)
	}
	tw.Flush()

	if r.Rebalance {
		r.writeMoves(w)
	} else {
		w.printf("\nAllocations (%d placed, %d not placed)\n", len(res.Assignments), len(res.Unassigned))
		for _, a := range res.Assignments {
			r.writeAssignment(w, a)
		}
	}
	if len(res.Unassigned) > 0 {
		w.printf("\nNot placed\n")
		for _, u := range res.Unassigned {
			c := r.cases[u.CaseID]
			w.printf("  %s  %-4s %-9s %s: %s\n", c.ID, c.Tier, strings.ToLower(c.Risk.RoSH.String()), u.Reason, u.Detail)
		}
	}
	st := res.Stats
	w.printf("\nObjective %d = cost %d + overload penalty %d + unplaced charge %d", st.Objective, st.Cost, st.Penalty, st.UnplacedCharge)
	if n := len(res.Unassigned); n > 0 && st.UnplacedCharge == 0 {
		w.printf(" (the %d cases not placed may be held by no one, so they are not charged)", n)
	}
	if st.HasBound {
		w.printf("; lower bound %d, gap %.3f%%", st.Bound, st.GapPercent)
	}
	w.printf(".\n")
	if c := r.Certificate; c != nil {
		w.printf("Certified: no whole allocation has an objective below %d, so this one is at most %.3f%% above the best (%v; %d of %d parts proved optimal in %d rounds).\n",
			c.Bound, c.GapPercent, c.Status, c.Proved, c.Parts, c.Rounds)
	}
	w.printf("Highest workload after: %.1f%%. National workload after: %.1f%%.\n", st.MaxPercent, r.National.Percent)
	return w.err
}

// writeMoves lists a rebalance: every case that changes hands, counted by
// kind from the one list.
func (r *report) writeMoves(w *errWriter) {
	var moved, placed, released int
	for _, mv := range r.Moves {
		switch {
		case mv.From != "" && mv.To != "":
			moved++
		case mv.From == "":
			placed++
		default:
			released++
		}
	}
	w.printf("\nRebalance (%d cases change hands: %d move between practitioners, %d waiting are placed, %d go back to waiting; %d not placed in all)\n",
		len(r.Moves), moved, placed, released, len(r.Result.Unassigned))
	byCase := make(map[string]allocation.Assignment, len(r.Result.Assignments))
	for _, a := range r.Result.Assignments {
		byCase[a.CaseID] = a
	}
	for _, mv := range r.Moves {
		if a, ok := byCase[mv.CaseID]; ok {
			r.writeAssignment(w, a)
		}
	}
}

// writeAssignment prints one placement with its explanation.
func (r *report) writeAssignment(w *errWriter, a allocation.Assignment) {
	c := r.cases[a.CaseID]
	e, _ := r.Result.Explain(a.CaseID)
	from := ""
	if c.Practitioner != "" {
		from = "from " + r.who(c.Practitioner) + " "
	}
	w.printf("  %s  %-4s %-9s %-9s %s→ %s (%.1f%% after)\n", c.ID, c.Tier, strings.ToLower(c.Risk.RoSH.String()),
		strings.ToLower(c.Type.String()), from, r.who(a.PractitionerID), e.AfterPercent)
	w.printf("      cost %v\n", a.Cost)
	for _, alt := range e.Alternatives {
		why := strings.TrimPrefix(alt.String(), alt.PractitionerID+": ")
		role := ""
		switch alt.PractitionerID {
		case c.Practitioner:
			role = ", current practitioner"
		case c.Previous:
			role = ", previous practitioner"
		}
		w.printf("      not %s%s: %s\n", r.who(alt.PractitionerID), role, why)
	}
}

// who names a practitioner: ID, name, grade and team.
func (r *report) who(id string) string {
	p, ok := r.staff[id]
	if !ok {
		return id
	}
	if p.Name == "" {
		return fmt.Sprintf("%s (%s, %s)", id, p.Grade, p.Team)
	}
	return fmt.Sprintf("%s %s (%s, %s)", id, p.Name, p.Grade, p.Team)
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

// jsonReport is the -json output: every name in snake_case, every enum as
// its text, every figure named with its unit.
type jsonReport struct {
	AsOf        string                  `json:"as_of"`
	Rebalance   bool                    `json:"rebalance"`
	Strategy    allocation.Strategy     `json:"strategy"`
	Status      allocation.Status       `json:"status"`
	Staff       int                     `json:"staff"`
	CasesHeld   int                     `json:"cases_held"`
	CasesWaited int                     `json:"cases_waiting"`
	Stats       allocation.Stats        `json:"stats"`
	Certificate *allocation.Certificate `json:"certificate,omitempty"`
	Assignments []jsonAssignment        `json:"assignments"`
	Moves       []allocation.CaseMove   `json:"moves,omitempty"`
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
		AsOf: r.AsOf.Format(time.DateOnly), Rebalance: r.Rebalance, Strategy: res.Strategy, Status: res.Status,
		Staff: len(r.Staff), CasesHeld: len(r.cases) - r.Waiting, CasesWaited: r.Waiting,
		Stats: res.Stats, Certificate: r.Certificate, Moves: r.Moves, Unassigned: res.Unassigned, Workloads: res.Workloads,
		TeamsBefore: r.Before, TeamsAfter: r.After,
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
