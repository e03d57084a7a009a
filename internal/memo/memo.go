// Package memo keeps what one provider run has learned: an answer computed once and
// shared by every caller of the run (the account's regions, a zone's records, the ICP
// filings, the location data), whoever asks first and however many ask at once.
//
// One rule for failures everywhere: a failure is kept too — a failure that would repeat
// for every caller of the run (wrong credentials, an endpoint that does not answer,
// throttling that outlasted the retries) should cost one attempt, not one per record —
// except a context error (a cancellation or a deadline), after which the next caller
// tries again. Forget drops a kept answer, for a caller that knows it is stale (the
// run's own writes to a zone).
//
// The computation runs detached from the caller that starts it, with
// context.WithoutCancel of its context (values such as loggers are kept) and its own
// timeout, so that one caller giving up does not fail the others; each caller waits at
// most until its own context ends.
package memo

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
)

// Value is one answer of a run.
type Value[T any] struct {
	mu   sync.Mutex
	call *call[T] // the kept or in-flight computation; nil before the first
}

type call[T any] struct {
	done  chan struct{}
	value T
	err   error
}

// Get returns the answer (or the kept failure), computing it on first need. timeout
// bounds the computation; 0 means no bound other than compute's own.
func (v *Value[T]) Get(ctx context.Context, timeout time.Duration, compute func(context.Context) (T, error)) (T, error) {
	v.mu.Lock()
	c := v.call
	if c == nil {
		if err := ctx.Err(); err != nil {
			// A caller that has given up already starts nothing.
			v.mu.Unlock()
			var zero T
			return zero, err
		}
		c = &call[T]{done: make(chan struct{})}
		v.call = c
		go v.run(c, context.WithoutCancel(ctx), timeout, compute)
	}
	v.mu.Unlock()
	select {
	case <-c.done:
		return c.value, c.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

func (v *Value[T]) run(c *call[T], ctx context.Context, timeout time.Duration, compute func(context.Context) (T, error)) {
	defer close(c.done)
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	c.value, c.err = compute(ctx)
	if c.err != nil && (errors.Is(c.err, context.Canceled) || errors.Is(c.err, context.DeadlineExceeded)) {
		v.mu.Lock()
		if v.call == c {
			v.call = nil // not kept: the next caller tries again
		}
		v.mu.Unlock()
	}
}

// Peek returns the answer when it has been computed successfully, without computing it.
func (v *Value[T]) Peek() (T, bool) {
	v.mu.Lock()
	c := v.call
	v.mu.Unlock()
	var zero T
	if c == nil {
		return zero, false
	}
	select {
	case <-c.done:
		return c.value, c.err == nil
	default:
		return zero, false
	}
}

// Started reports whether the answer is computed or being computed: a caller that would
// rather wait for it than do cheaper work of its own can tell.
func (v *Value[T]) Started() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.call != nil
}

// Forget drops the kept answer: the next Get computes it again. A computation in flight
// still answers the callers waiting for it.
func (v *Value[T]) Forget() {
	v.mu.Lock()
	v.call = nil
	v.mu.Unlock()
}

// Map keeps one answer per key: a zone, a domain, an address. Keys are compared without
// regard to case (domain names and host names are what it is keyed by).
type Map[V any] struct {
	mu    sync.Mutex
	slots map[string]*Value[V]
}

func (m *Map[V]) slot(key string) *Value[V] {
	k := strings.ToLower(key)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.slots == nil {
		m.slots = map[string]*Value[V]{}
	}
	s, ok := m.slots[k]
	if !ok {
		s = &Value[V]{}
		m.slots[k] = s
	}
	return s
}

// Get returns the key's answer, computing it on first need (see Value.Get).
func (m *Map[V]) Get(ctx context.Context, key string, timeout time.Duration, compute func(context.Context) (V, error)) (V, error) {
	return m.slot(key).Get(ctx, timeout, compute)
}

// Peek returns the key's answer when it has been computed successfully, without
// computing it (see Value.Peek).
func (m *Map[V]) Peek(key string) (V, bool) {
	m.mu.Lock()
	s := m.slots[strings.ToLower(key)]
	m.mu.Unlock()
	if s == nil {
		var zero V
		return zero, false
	}
	return s.Peek()
}

// Forget drops the key's answer.
func (m *Map[V]) Forget(key string) { m.slot(key).Forget() }
