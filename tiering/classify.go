package tiering

import (
	"runtime"
	"slices"
	"sync"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/internal/check"
)

// Classify computes the v2 tier of a case, and its v3 tier when in.V3 is
// set. A nil s means the zero Settings (current rules).
//
// Classify never panics on data. It first validates the input
// ([Input.Validate] plus the checks that need s, such as a missing
// AsOf); if anything is wrong it returns the zero Result and a
// *[probation.ValidationError] (Op "tiering.Classify") listing every bad
// value: Record "case" for the input's fields, "settings" for s's. Otherwise the result is a
// pure function of in and *s: the same input gives the same Result, and
// the order of in.Registrations and of the assessment's needs does not
// matter (see [Registration]). [Result.Explanation] explains it.
//
// Cost: O(registrations + convictions + needs) time; no allocation when
// the input is valid (the Result keeps a fixed-size record of what the
// rules read, not the Input's slices).
func Classify(in Input, s *Settings) (Result, error) {
	var st Settings
	if s != nil {
		st = *s
	}
	sp := settingsProblems(&st, nil)
	r, probs := classifyOne(&in, &st, nil)
	if len(sp) > 0 {
		return Result{}, check.Error(opClassify, append(probs, sp...))
	}
	return r, check.Error(opClassify, probs)
}

// ClassifyAll classifies every input with [Classify], using up to
// runtime.GOMAXPROCS(0) goroutines, and returns the results in input
// order. The results do not depend on the number of goroutines.
//
// Invalid Settings (an unknown Version, an impossible AsOf) give nil
// results and a *[probation.ValidationError] (Op "tiering.ClassifyAll")
// with one field error per bad setting. Otherwise an invalid input gets
// the zero Result; if any input is invalid the error is one
// *[probation.ValidationError] listing the bad values of all of them in
// input order, each with its 0-based Index in ins and its ID; the results
// of the valid inputs are returned all the same.
func ClassifyAll(ins []Input, s *Settings) ([]Result, error) {
	var st Settings
	if s != nil {
		st = *s
	}
	if sp := settingsProblems(&st, nil); len(sp) > 0 {
		return nil, check.Error(opAll, sp)
	}
	out := make([]Result, len(ins))
	const minChunk = 256
	workers := min(runtime.GOMAXPROCS(0), (len(ins)+minChunk-1)/minChunk)
	if workers <= 1 {
		probs := classifyRange(ins, out, 0, &st, nil)
		return out, check.Error(opAll, probs)
	}
	probs := make([][]probation.FieldError, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(ins)/workers, (w+1)*len(ins)/workers
		wg.Go(func() {
			probs[w] = classifyRange(ins[lo:hi], out[lo:hi], lo, &st, nil)
		})
	}
	wg.Wait()
	return out, check.Error(opAll, slices.Concat(probs...))
}

// classifyRange classifies ins into out, appending the problems of
// invalid inputs (with Index offset by base) to probs.
func classifyRange(ins []Input, out []Result, base int, st *Settings, probs []probation.FieldError) []probation.FieldError {
	for i := range ins {
		n := len(probs)
		out[i], probs = classifyOne(&ins[i], st, probs)
		for k := n; k < len(probs); k++ {
			probs[k].Index = base + i
		}
	}
	return probs
}

// classifyOne validates one input and classifies it, appending its
// problems to probs instead when it is invalid.
func classifyOne(in *Input, st *Settings, probs []probation.FieldError) (Result, []probation.FieldError) {
	var f facts
	f.derive(in.Registrations)
	n := len(probs)
	if probs = validate(in, &f, st, probs); len(probs) > n {
		return Result{}, probs
	}
	r := Result{ID: in.ID}
	r.rec.load(in, &f, st)
	r.Version = r.rec.version
	p, pp := r.rec.protect(nil)
	ch, cp := r.rec.change(nil)
	r.Tier = MakeTier(p, ch, r.rec.has(fUnsupervised))
	r.ProtectPoints, r.ChangePoints = pp, cp
	if r.rec.has(fV3) {
		r.V3, r.Provisional = r.rec.v3(nil)
	}
	return r, probs
}
