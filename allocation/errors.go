package allocation

import (
	"context"
	"errors"
	"fmt"
)

// Solve reports bad input as a *probation.ValidationError listing every
// bad field (Record "case", "practitioner", "settings" or "problem"; Index
// the position in Problem.Cases or Problem.Practitioners); reach it with
// errors.As. A run that ends early in a phase is reported with a
// *PhaseError (see Solve). The errors below are those of Status.Err; a
// PhaseError matches ErrStopped or ErrFailed with errors.Is.

// ErrInfeasible is returned by Status.Err for StatusInfeasible: the hard
// limits (HardCap, MaxNew, the MinMax ceiling) leave cases unplaced.
var ErrInfeasible = errors.New("allocation: hard limits leave cases unplaced")

// ErrStopped is returned by Status.Err for StatusStopped.
var ErrStopped = errors.New("allocation: stopped before the search finished")

// ErrFailed is returned by Status.Err for StatusFailed: an internal step
// failed.
var ErrFailed = errors.New("allocation: an internal step failed")

// ErrNoRun is returned by Status.Err for StatusNone: the Result was not
// made by a run.
var ErrNoRun = errors.New("allocation: no run")

// PhaseError reports a run that ended early, and in which phase. Solve
// returns it in two cases:
//
//   - The context ended (or Settings.TimeLimit passed) before the run had
//     any whole allocation: while the model was being built, or before
//     the first naive allocation was complete. Err is the context's error
//     and the Result is nil. errors.Is(err, ErrStopped) and
//     errors.Is(err, context.Canceled) (or context.DeadlineExceeded) hold.
//     A run stopped later is not an error: its Result has StatusStopped.
//   - An internal step failed: the flow relaxation reported an error, or
//     a step panicked (a bug: please report it). Err says what went
//     wrong and errors.Is(err, ErrFailed) holds. The Result, when not
//     nil, holds the best whole allocation found before the failure, with
//     StatusFailed; it is nil only when the step failed before any whole
//     allocation existed.
type PhaseError struct {
	// Phase is the phase the run was in.
	Phase Phase
	// Err is the context's error when the run was stopped, or what went
	// wrong.
	Err error
}

// Error says in which phase the run ended and why.
func (e *PhaseError) Error() string {
	if e.stopped() {
		return fmt.Sprintf("allocation: stopped in phase %v before any whole allocation: %v", e.Phase, e.Err)
	}
	return fmt.Sprintf("allocation: phase %v failed: %v", e.Phase, e.Err)
}

// Unwrap returns Err.
func (e *PhaseError) Unwrap() error { return e.Err }

// Is reports whether target is ErrStopped (Err is a context's error) or
// ErrFailed (any other Err).
func (e *PhaseError) Is(target error) bool {
	switch target {
	case ErrStopped:
		return e.stopped()
	case ErrFailed:
		return !e.stopped()
	}
	return false
}

func (e *PhaseError) stopped() bool {
	return errors.Is(e.Err, context.Canceled) || errors.Is(e.Err, context.DeadlineExceeded)
}
