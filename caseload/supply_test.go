package caseload_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
)

// TestSupplyTrainee follows a trainee who starts on the as-of date through
// the protected stages: PQiP1 at 80% off, PQiP2 and PQiP3 at 60% and 40%
// off in the PSO pool, an NQO at 20% off in the PO pool, then a PO.
func TestSupplyTrainee(t *testing.T) {
	cl, err := caseload.Build(nil, []caseload.Practitioner{{ID: "T", Grade: grades.PQiP1, Team: "T1"}}, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := cl.Supply(&caseload.SupplySettings{Months: 30})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Grade  grades.Grade
		Pool   caseload.Pool
		Points float64
	}
	tests := []struct {
		month  int
		reason string
		want   row
	}{
		{0, "PQiP1: 37 − 29.6 h = 7.4 h of 37 → 435 points", row{grades.PQiP1, caseload.PoolPQiP1, 435}},
		{5, "still in the first 6 months", row{grades.PQiP1, caseload.PoolPQiP1, 435}},
		{6, "PQiP2: 60% off → 870", row{grades.PQiP2, caseload.PoolPSO, 870}},
		{12, "PQiP3: 40% off → 1,305", row{grades.PQiP3, caseload.PoolPSO, 1305}},
		{18, "qualified: NQO, 20% off → 1,740", row{grades.NQO, caseload.PoolPO, 1740}},
		{27, "after the 9 NQO months: a PO with no reduction", row{grades.PO, caseload.PoolPO, 2176}},
	}
	for _, tt := range tests {
		sm := s.Staff[0].Months[tt.month]
		got := row{sm.Grade, sm.Pool, sm.Points}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("month %d (%s) mismatch (-want +got):\n%s", tt.month, tt.reason, diff)
		}
	}
	if m := s.Teams[0].Months[0]; m.Trainees != 1 || m.TraineeFTE != 1 || m.TraineePoints != 435 || m.PQiP1Points != 435 {
		t.Errorf("team month 0 %+v, want one trainee of 1 FTE bringing 435 points in the PQiP1 pool", m)
	}
	// A new trainee post is the same person.
	post := s.Post(grades.PQiP, asOf)
	if diff := cmp.Diff(s.Staff[0].Months, post); diff != "" {
		t.Errorf("Post(PQiP) differs from a trainee in post (-in post +post):\n%s", diff)
	}
}

// TestSupplyRecordedStage infers the training start from a recorded stage
// reduction.
func TestSupplyRecordedStage(t *testing.T) {
	c := caseload.NationalCapacity()
	r, err := c.NewReduction(caseload.ReasonPQiP2, 37, asOf.AddDate(0, -1, 0))
	if err != nil {
		t.Fatal(err)
	}
	cl, err := caseload.Build(nil, []caseload.Practitioner{{ID: "T", Grade: grades.PQiP2, Team: "T1", Reductions: []caseload.Reduction{r}}}, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := cl.Supply(nil)
	if err != nil {
		t.Fatal(err)
	}
	// Training started 7 months ago: PQiP2 until month 4, PQiP3 from month 5.
	for m, want := range map[int]grades.Grade{0: grades.PQiP2, 4: grades.PQiP2, 5: grades.PQiP3, 11: grades.NQO} {
		if got := s.Staff[0].Months[m].Grade; got != want {
			t.Errorf("month %d grade %v, want %v", m, got, want)
		}
	}
}

func TestSupplyLeaversStartersVacancies(t *testing.T) {
	ps := []caseload.Practitioner{
		{ID: "P1", Grade: grades.PO, Team: "T1", PDU: "D1", Region: "R1"},
		{ID: "P2", Grade: grades.PSO, Team: "T1", PDU: "D1", Region: "R1", Hours: new(18.5)},
		{ID: "S", Grade: grades.SPO, Team: "T1", PDU: "D1", Region: "R1"},
	}
	cl, err := caseload.Build(nil, ps, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := func(m int) time.Time { return caseload.MonthDates(asOf, 12)[m] }
	s, err := cl.Supply(&caseload.SupplySettings{
		Months:    6,
		Leavers:   []caseload.Leaver{{Practitioner: "P1", Date: at(2)}},
		Starters:  []caseload.Starter{{ID: "N", Team: "T1", Grade: grades.PO, Start: at(3)}},
		Vacancies: []caseload.Vacancy{{Team: "T1", Grade: grades.PSO, Posts: 2, Filled: at(4)}, {Team: "T2", Grade: grades.PO, Posts: 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ PO, PSO, Vacant float64 }
	var got []row
	for _, m := range s.Teams[0].Months {
		got = append(got, row{m.POPoints, m.PSOPoints, m.VacantPosts})
	}
	want := []row{
		{2176, 1088, 2}, {2176, 1088, 2}, // P1 and half-time P2; two PSO posts vacant
		{0, 1088, 2},             // P1 has left
		{2176, 1088, 2},          // the starter
		{2176, 1088 + 2*2176, 0}, // the vacancies filled
		{2176, 1088 + 2*2176, 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("T1 supply mismatch (-want +got):\n%s", diff)
	}
	if len(s.Teams) != 2 || s.Teams[1].Key != "T2" || s.Teams[1].Months[5].VacantPosts != 1 || s.Teams[1].Months[5].Points() != 0 {
		t.Errorf("T2 %+v, want an unfilled PO vacancy and no capacity", s.Teams[1:])
	}
	if reg := s.At(caseload.Region); len(reg) != 2 || reg[0].Key != "" || reg[1].Key != "R1" {
		t.Errorf("region keys %v, want T2 (no practitioner, no region) and R1", reg)
	}
}

func TestSupplyAttrition(t *testing.T) {
	cl, err := caseload.Build(nil, []caseload.Practitioner{{ID: "P1", Grade: grades.PO, Team: "T1"}}, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := cl.Supply(&caseload.SupplySettings{Months: 13, AttritionPerYear: 0.1,
		Starters: []caseload.Starter{{ID: "N", Team: "T1", Grade: grades.PSO, Start: asOf}}})
	if err != nil {
		t.Fatal(err)
	}
	m := s.Teams[0].Months[12]
	if math.Abs(m.POPoints-2176*0.9) > 1e-9 || m.PSOPoints != 2176 {
		t.Errorf("after a year PO %v PSO %v, want 90%% of 2,176 for the staff in post and all of the starter's", m.POPoints, m.PSOPoints)
	}
}

func TestSupplySettingsErrors(t *testing.T) {
	cl := planning(t)
	_, err := cl.Supply(&caseload.SupplySettings{
		AttritionPerYear: 2,
		Leavers:          []caseload.Leaver{{Practitioner: "GHOST", Date: asOf}, {Practitioner: "P1"}},
		Starters:         []caseload.Starter{{ID: "N", Grade: grades.SPO, Hours: 40}},
		Vacancies:        []caseload.Vacancy{{Team: "T1", Grade: grades.PO}},
	})
	var ve *probation.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Supply error %v, want a *probation.ValidationError", err)
	}
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Record+"."+f.Field)
	}
	want := []string{"settings.attrition_per_year", "leaver.practitioner", "leaver.date", "starter.team", "starter.grade", "starter.hours", "starter.start", "vacancy.posts"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields mismatch (-want +got):\n%s", diff)
	}
}

func TestMonthDates(t *testing.T) {
	got := caseload.MonthDates(time.Date(2024, time.January, 31, 0, 0, 0, 0, time.UTC), 3)
	want := []time.Time{
		time.Date(2024, time.January, 31, 0, 0, 0, 0, time.UTC),
		time.Date(2024, time.February, 29, 0, 0, 0, 0, time.UTC),
		time.Date(2024, time.March, 31, 0, 0, 0, 0, time.UTC),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("MonthDates mismatch (-want +got):\n%s", diff)
	}
}
