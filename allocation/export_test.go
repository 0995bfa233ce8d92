package allocation

// SolveWithFault is Solve with the fault hook of the tests (see solve):
// fault is called as each phase starts, and an error it returns, or a
// panic, fails that phase.
var SolveWithFault = solve
