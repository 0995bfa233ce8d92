package staffing_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/staffing"
)

// FuzzReadProblem: ReadProblem never panics; a problem it accepts writes
// back to JSON it reads as equal, and Solve answers it without panicking.
func FuzzReadProblem(f *testing.F) {
	for _, p := range []*staffing.Problem{
		problem(2, staffing.Budget{FTEPosts: 1}, unit("A", 2, [3]float64{100, 0, 0}, [3]float64{}), unit("B", 2, [3]float64{0, 3000, 0}, [3]float64{0, 2176, 0})),
		problem(3, staffing.Budget{POPosts: 1, PSOPosts: 1, Cohorts: []staffing.Cohort{{Month: 1, Trainees: 2}}}, unit("A", 3, [3]float64{2000, 500, 0}, [3]float64{1000, 0, 0})),
	} {
		b, err := json.Marshal(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"level":"PDU","dates":[],"units":3}`))
	f.Add([]byte(`{"budget":{"po_posts":9223372036854775807,"pso_posts":1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := staffing.ReadProblem(bytes.NewReader(data))
		if err != nil {
			return
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := staffing.ReadProblem(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("ReadProblem of a problem it read, written back: %v\n%s", err, b)
		}
		if diff := cmp.Diff(p, q); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
		if _, err := staffing.Solve(p); err != nil {
			t.Fatalf("Solve of a valid problem: %v", err)
		}
	})
}
