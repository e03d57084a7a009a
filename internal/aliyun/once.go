package aliyun

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
)

// onceValue computes a value once per provider run and shares it with concurrent callers.
// A failed computation is not cached, so the next caller tries again.
type onceValue[T any] struct {
	mu    sync.Mutex
	done  bool
	value T
	wait  chan struct{} // non-nil while a computation is in flight
}

func (o *onceValue[T]) get(ctx context.Context, compute func(context.Context) (T, error)) (T, error) {
	for {
		o.mu.Lock()
		if o.done {
			v := o.value
			o.mu.Unlock()
			return v, nil
		}
		if o.wait == nil {
			ch := make(chan struct{})
			o.wait = ch
			o.mu.Unlock()
			v, err := compute(ctx)
			o.mu.Lock()
			if err == nil {
				o.value, o.done = v, true
			}
			o.wait = nil
			close(ch)
			o.mu.Unlock()
			return v, err
		}
		ch := o.wait
		o.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
}

// onceMap holds one onceValue per key (a zone, a domain): computed once per provider run
// and key, shared by concurrent callers. Keys are compared case-insensitively.
type onceMap[V any] struct {
	mu    sync.Mutex
	slots map[string]*onceValue[V]
}

func (m *onceMap[V]) get(ctx context.Context, key string, compute func(context.Context) (V, error)) (V, error) {
	k := strings.ToLower(key)
	m.mu.Lock()
	if m.slots == nil {
		m.slots = map[string]*onceValue[V]{}
	}
	slot, ok := m.slots[k]
	if !ok {
		slot = &onceValue[V]{}
		m.slots[k] = slot
	}
	m.mu.Unlock()
	return slot.get(ctx, compute)
}

// forget drops the key's value, so the next get computes it again.
func (m *onceMap[V]) forget(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.slots, strings.ToLower(key))
}

// Lazy computes a value once per provider run and shares it with concurrent callers.
// Unlike onceValue it caches a failure too — a failure that would repeat for every caller
// of the run should cost one attempt — except a context error (a cancellation or a
// deadline), after which the next caller tries again.
//
// The computation runs detached from the caller that starts it: with
// context.WithoutCancel of its context (values such as loggers are kept) and its own
// timeout, so that one caller giving up does not fail the others. Each caller waits at
// most until its own context ends.
type Lazy[T any] struct {
	mu   sync.Mutex
	call *lazyCall[T] // the cached or in-flight computation; nil before the first
}

type lazyCall[T any] struct {
	done  chan struct{}
	value T
	err   error
}

// Peek returns the value when it has been computed successfully, without computing it.
func (l *Lazy[T]) Peek() (T, bool) {
	l.mu.Lock()
	c := l.call
	l.mu.Unlock()
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

// Get returns the value (or the cached failure), computing it on first need. timeout
// bounds the computation; 0 means no bound other than compute's own.
func (l *Lazy[T]) Get(ctx context.Context, timeout time.Duration, compute func(context.Context) (T, error)) (T, error) {
	l.mu.Lock()
	c := l.call
	if c == nil {
		c = &lazyCall[T]{done: make(chan struct{})}
		l.call = c
		cctx := context.WithoutCancel(ctx)
		go func() {
			defer close(c.done)
			ctx, cancel := cctx, context.CancelFunc(func() {})
			if timeout > 0 {
				ctx, cancel = context.WithTimeout(cctx, timeout)
			}
			defer cancel()
			c.value, c.err = compute(ctx)
			if c.err != nil && (errors.Is(c.err, context.Canceled) || errors.Is(c.err, context.DeadlineExceeded)) {
				l.mu.Lock()
				if l.call == c {
					l.call = nil // not cached: the next caller tries again
				}
				l.mu.Unlock()
			}
		}()
	}
	l.mu.Unlock()
	select {
	case <-c.done:
		return c.value, c.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
