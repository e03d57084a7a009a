package aliyun

import (
	"context"
	"strings"
	"sync"
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
