// Package retry is the provider's one way of trying again: exponential backoff (with
// full jitter where many callers may retry at once), waits that end with the context,
// and a loop that calls an attempt until it is done, fails for good, or runs out of
// attempts. The Alibaba Cloud client, the domain task poller and the web page fetcher
// all use it; nothing else loops on errors.
package retry

import (
	"context"
	"math"
	"time"
)

// Backoff shapes the waits between attempts: Base·2^(n-1) before attempt n+1, capped at
// Max. With Rand set, each wait is drawn uniformly from [cap/10, cap] ("full jitter"
// with a floor, so that throttled callers spread out without retrying at once).
type Backoff struct {
	Base, Max time.Duration
	// Rand returns a number in [0, 1); nil means no jitter.
	Rand func() float64
}

// Delay is the wait after the attempt-th attempt (attempt ≥ 1).
func (b Backoff) Delay(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	d := float64(b.Base) * math.Pow(2, float64(attempt-1))
	if b.Max > 0 && d > float64(b.Max) {
		d = float64(b.Max)
	}
	if b.Rand != nil {
		d = d/10 + b.Rand()*d*0.9
	}
	return time.Duration(d)
}

// Sleep waits d or until ctx ends, whichever is first, and returns ctx's error in the
// second case. When ctx's deadline comes before d is over it returns
// context.DeadlineExceeded at once: there is no time left for another attempt.
func Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return context.DeadlineExceeded
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Policy says how often and how patiently Do tries.
type Policy struct {
	Backoff Backoff
	// MaxAttempts bounds the attempts (the first included); 0 means no bound other
	// than the context.
	MaxAttempts int
	// Sleep waits between attempts; nil means Sleep. Tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Waiting, when set, is told of each wait before it starts: the attempt that asked
	// for another, its error and the wait (for logs).
	Waiting func(ctx context.Context, n int, err error, d time.Duration)
}

// Attempt is one try. It returns again = true to ask for another attempt, with err as
// the reason (kept as the result if no attempt is left); again = false ends the loop
// with err (nil for success).
type Attempt func(ctx context.Context, n int) (again bool, err error)

// Do calls try until it stops asking for another attempt, the attempts run out, or
// ctx ends while waiting. It returns try's last error; a wait cut short by ctx returns
// a *StoppedError holding ctx's error and the last attempt's error.
func Do(ctx context.Context, p Policy, try Attempt) error {
	sleep := p.Sleep
	if sleep == nil {
		sleep = Sleep
	}
	for n := 1; ; n++ {
		again, err := try(ctx, n)
		if !again || (p.MaxAttempts > 0 && n >= p.MaxAttempts) {
			return err
		}
		d := p.Backoff.Delay(n)
		if p.Waiting != nil {
			p.Waiting(ctx, n, err, d)
		}
		if serr := sleep(ctx, d); serr != nil {
			return &StoppedError{Waiting: serr, Last: err, Attempts: n}
		}
	}
}

// StoppedError is returned by Do when the context ended (or its deadline left no room)
// while waiting for the next attempt.
type StoppedError struct {
	Waiting  error // the context's error
	Last     error // the last attempt's error, nil when it asked to go on without one
	Attempts int
}

func (e *StoppedError) Error() string {
	if e.Last == nil {
		return "gave up waiting: " + e.Waiting.Error()
	}
	return "gave up waiting (" + e.Waiting.Error() + "); last error: " + e.Last.Error()
}

// Unwrap exposes both the context's error and the last attempt's error.
func (e *StoppedError) Unwrap() []error {
	if e.Last == nil {
		return []error{e.Waiting}
	}
	return []error{e.Waiting, e.Last}
}
