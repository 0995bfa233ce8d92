//go:build !unix

package bench

// processCPU reports that the process's CPU time is not known here.
func processCPU() (float64, bool) { return 0, false }
