package allocation

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInfeasible is returned by Status.Err for Infeasible: the hard limits
// (HardCap, MaxNew) leave cases unplaced even when cases may be split.
var ErrInfeasible = errors.New("allocation: hard limits leave cases unplaced")

// ErrTimeLimit is returned by Status.Err for TimeLimit.
var ErrTimeLimit = errors.New("allocation: stopped before the search finished")

// ProblemError lists every bad record of a Problem, each with the record's
// ID and field. Solve returns it (reach it with errors.As) and solves
// nothing.
type ProblemError struct {
	Problems []FieldError
}

// FieldError is one bad field of one record.
type FieldError struct {
	Record string // "case" or "practitioner"
	Index  int    // position in Problem.Cases or Problem.Practitioners
	ID     string
	Field  string
	Msg    string
}

func (f FieldError) String() string {
	return fmt.Sprintf("%s %q (#%d) %s: %s", f.Record, f.ID, f.Index, f.Field, f.Msg)
}

func (e *ProblemError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "allocation: %d bad record field(s): ", len(e.Problems))
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// SettingsError lists every bad field of a Settings.
type SettingsError struct {
	Problems []string
}

func (e *SettingsError) Error() string {
	return "allocation: bad settings: " + strings.Join(e.Problems, "; ")
}
