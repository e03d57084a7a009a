package memo

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestValueKeepsSuccessAndFailure(t *testing.T) {
	var v Value[string]
	var calls atomic.Int32
	for i := 0; i < 3; i++ {
		got, err := v.Get(context.Background(), 0, func(context.Context) (string, error) { calls.Add(1); return "first", nil })
		if err != nil || got != "first" {
			t.Fatalf("Get #%d = %q, %v", i, got, err)
		}
	}
	var f Value[int]
	boom := errors.New("boom")
	for i := 0; i < 3; i++ {
		if _, err := f.Get(context.Background(), 0, func(context.Context) (int, error) { calls.Add(1); return 0, boom }); !errors.Is(err, boom) {
			t.Fatalf("Get = %v, want boom", err)
		}
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("computed %d times, want once for the success and once for the failure", n)
	}
}

func TestValueDoesNotKeepContextErrors(t *testing.T) {
	var v Value[int]
	if _, err := v.Get(context.Background(), time.Millisecond, func(ctx context.Context) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Get = %v, want the computation's deadline", err)
	}
	if got, err := v.Get(context.Background(), 0, func(context.Context) (int, error) { return 7, nil }); err != nil || got != 7 {
		t.Errorf("after a context error Get = %d, %v; want a new computation", got, err)
	}
}

func TestValueConcurrentCallersShareOneComputation(t *testing.T) {
	var v Value[int]
	var calls atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	results := make([]int, 20)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _ = v.Get(context.Background(), 0, func(context.Context) (int, error) {
				calls.Add(1)
				<-release
				return 42, nil
			})
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	for i, r := range results {
		if r != 42 {
			t.Fatalf("caller %d got %d", i, r)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("computed %d times for 20 concurrent callers, want 1", n)
	}
}

// The caller that starts the computation giving up does not fail it for the others.
func TestValueDetachesFromTheFirstCaller(t *testing.T) {
	var v Value[int]
	release := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() {
		_, err := v.Get(ctx, time.Minute, func(ctx context.Context) (int, error) {
			select {
			case <-release:
				return 42, nil
			case <-ctx.Done():
				return 0, ctx.Err()
			}
		})
		first <- err
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Fatalf("first caller: %v, want its own cancellation", err)
	}
	close(release)
	got, err := v.Get(context.Background(), time.Minute, func(context.Context) (int, error) { return 0, errors.New("recomputed") })
	if err != nil || got != 42 {
		t.Errorf("second caller = %d, %v; want the first computation's 42", got, err)
	}
}

func TestMapKeysIgnoreCaseAndForget(t *testing.T) {
	var m Map[int]
	n := 0
	compute := func(context.Context) (int, error) { n++; return n, nil }
	a, _ := m.Get(context.Background(), "Example.com", 0, compute)
	b, _ := m.Get(context.Background(), "example.COM", 0, compute)
	if a != 1 || b != 1 {
		t.Errorf("Get = %d, %d; want one computation for both spellings", a, b)
	}
	m.Forget("EXAMPLE.com")
	if c, _ := m.Get(context.Background(), "example.com", 0, compute); c != 2 {
		t.Errorf("after Forget Get = %d, want a new computation", c)
	}
}

func TestValueCancelledCallerStartsNothing(t *testing.T) {
	var v Value[int]
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if _, err := v.Get(ctx, 0, func(context.Context) (int, error) { ran = true; return 1, nil }); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("Get with a cancelled context = %v, ran=%v; want Canceled and no computation", err, ran)
	}
}

// Peek answers only what was computed successfully, under any case of the key, and
// computes nothing.
func TestMapPeek(t *testing.T) {
	var m Map[int]
	if _, ok := m.Peek("Example.com"); ok {
		t.Fatal("Peek of an unknown key answered")
	}
	if _, err := m.Get(context.Background(), "example.com", 0, func(context.Context) (int, error) { return 7, nil }); err != nil {
		t.Fatal(err)
	}
	if v, ok := m.Peek("EXAMPLE.com"); !ok || v != 7 {
		t.Errorf("Peek = %d, %v; want the kept 7", v, ok)
	}
	boom := errors.New("boom")
	_, _ = m.Get(context.Background(), "failed.com", 0, func(context.Context) (int, error) { return 0, boom })
	if _, ok := m.Peek("failed.com"); ok {
		t.Error("Peek answered a kept failure")
	}
	started, release := make(chan struct{}), make(chan struct{})
	go func() {
		_, _ = m.Get(context.Background(), "slow.com", 0, func(context.Context) (int, error) { close(started); <-release; return 1, nil })
	}()
	<-started
	if _, ok := m.Peek("slow.com"); ok {
		t.Error("Peek answered a computation in flight")
	}
	close(release)
	m.mu.Lock()
	n := len(m.slots)
	m.mu.Unlock()
	if n != 3 {
		t.Errorf("%d slots, want 3: Peek must not add any", n)
	}
}
