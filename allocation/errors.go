package allocation

import "errors"

// Solve reports bad input as a *probation.ValidationError listing every
// bad field (Record "case", "practitioner" or "settings"; Index the
// position in Problem.Cases or Problem.Practitioners); reach it with
// errors.As. The errors below are those of Status.Err.

// ErrInfeasible is returned by Status.Err for StatusInfeasible: the hard
// limits (HardCap, MaxNew, the MinMax ceiling) leave cases unplaced.
var ErrInfeasible = errors.New("allocation: hard limits leave cases unplaced")

// ErrStopped is returned by Status.Err for StatusStopped.
var ErrStopped = errors.New("allocation: stopped before the search finished")

// ErrNoRun is returned by Status.Err for StatusNone: the Result was not
// made by a run.
var ErrNoRun = errors.New("allocation: no run")
