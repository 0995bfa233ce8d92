package allocation

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// watch is the clock every phase of a run stops by: each loop counts its
// work in units (a candidate pair examined, a case placed, a
// dynamic-programming cell, a bit-set word) with tick, and the context is
// read once every checkEvery units, so that a run stops soon after its
// context ends whatever phase it is in, while the reads cost nothing
// measurable. Once stopped it stays stopped. A nil *watch never stops.
type watch struct {
	ctx  context.Context
	work int64 // units counted so far
	next int64 // work at which the context is read next
	stop bool
}

// checkEvery is how many units of work pass between two reads of the
// context: 0.1–3 ms of any phase (a unit costs 2–50 ns), so that a
// cancelled run returns well within 50 ms.
const checkEvery = 1 << 16

// newWatch returns a watch on ctx; its first tick reads ctx.
func newWatch(ctx context.Context) *watch { return &watch{ctx: ctx} }

// tick counts n units of work and reports whether the run must stop.
func (w *watch) tick(n int64) bool {
	if w == nil {
		return false
	}
	w.work += n
	if !w.stop && w.work >= w.next {
		w.next = w.work + checkEvery
		w.stop = w.ctx.Err() != nil
	}
	return w.stop
}

// stopped reports whether the run must stop, reading the context when
// checkEvery units have passed since the last read.
func (w *watch) stopped() bool { return w.tick(0) }

// fork returns a watch on the same context for another goroutine.
func (w *watch) fork() *watch {
	if w == nil {
		return nil
	}
	return newWatch(w.ctx)
}

// parallel runs f over [0, n) split into contiguous chunks of at least
// grain items, on up to GOMAXPROCS goroutines, and waits for them. Each
// chunk gets a watch of its own; f must write only what belongs to its
// chunk, so that the outcome does not depend on how [0, n) is split or on
// GOMAXPROCS. A panic in a chunk is raised again in the caller, after
// every chunk has ended, where the run's guard turns it into a PhaseError.
// It reports whether any chunk was stopped.
func parallel(w *watch, n, grain int, f func(lo, hi int, w *watch)) (stopped bool) {
	workers := min(runtime.GOMAXPROCS(0), (n+grain-1)/max(grain, 1))
	if workers <= 1 {
		f(0, n, w)
		return w.stopped()
	}
	var wg sync.WaitGroup
	watches := make([]*watch, workers)
	panics := make([]any, workers)
	for k := range workers {
		lo, hi := k*n/workers, (k+1)*n/workers
		watches[k] = w.fork()
		wg.Go(func() {
			defer func() {
				if v := recover(); v != nil {
					panics[k] = fmt.Sprintf("%v\n%s", v, debug.Stack())
				}
			}()
			f(lo, hi, watches[k])
		})
	}
	wg.Wait()
	for k := range workers {
		if panics[k] != nil {
			panic(panics[k])
		}
		stopped = stopped || watches[k].stopped()
	}
	if stopped && w != nil {
		w.stop = true
	}
	return stopped
}
