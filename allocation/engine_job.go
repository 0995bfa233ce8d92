package allocation

import (
	"context"
	"sync"
)

// Job is work an Engine runs on its own goroutine: a batch (StartBatch)
// or a rebalance proposal (StartRebalance). Its progress comes as copies
// on a channel that keeps only the latest report, so a slow reader never
// slows the work and always sees the newest; the final result is always
// delivered, by Wait, once the work has stopped. A Job is safe for
// concurrent use.
type Job[T any] struct {
	cancel   context.CancelFunc
	done     chan struct{}
	progress chan Progress
	once     sync.Once
	result   T
	err      error
}

// startJob runs work on a new goroutine under a context derived from ctx.
func startJob[T any](ctx context.Context, work func(ctx context.Context, report func(Progress)) (T, error)) *Job[T] {
	ctx, cancel := context.WithCancel(ctx)
	j := &Job[T]{cancel: cancel, done: make(chan struct{}), progress: make(chan Progress, 1)}
	go func() {
		defer close(j.done)
		defer close(j.progress)
		defer cancel()
		j.result, j.err = work(ctx, j.report)
	}()
	return j
}

// report offers p to the progress channel, replacing a report nobody
// has read yet.
func (j *Job[T]) report(p Progress) {
	for {
		select {
		case j.progress <- p:
			return
		default:
		}
		select {
		case <-j.progress:
		default:
		}
	}
}

// Progress returns the channel of progress reports. It holds at most the
// latest report and is closed when the work has stopped.
func (j *Job[T]) Progress() <-chan Progress { return j.progress }

// Done returns a channel closed when the work has stopped and the result
// is ready.
func (j *Job[T]) Done() <-chan struct{} { return j.done }

// Wait waits until the work has stopped and returns its result.
func (j *Job[T]) Wait() (T, error) {
	<-j.done
	return j.result, j.err
}

// Cancel stops the work, waits until it has stopped, and returns the
// result: the best found before the stop (a stopped batch still commits
// what it placed; see StartBatch). Calling it after the work ended just
// returns the result.
func (j *Job[T]) Cancel() (T, error) {
	j.once.Do(j.cancel)
	return j.Wait()
}
