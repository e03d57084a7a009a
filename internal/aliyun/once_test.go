package aliyun

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestOnceValueCachesSuccess(t *testing.T) {
	var o onceValue[string]
	var calls atomic.Int32
	compute := func(context.Context) (string, error) {
		n := calls.Add(1)
		if n > 1 {
			return "second", nil
		}
		return "first", nil
	}
	for i := 0; i < 3; i++ {
		v, err := o.get(context.Background(), compute)
		if err != nil || v != "first" {
			t.Fatalf("get #%d = %q, %v; want the first value, cached", i+1, v, err)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("compute ran %d times, want 1", n)
	}
}

func TestOnceValueDoesNotCacheFailure(t *testing.T) {
	var o onceValue[int]
	var calls atomic.Int32
	boom := errors.New("boom")
	compute := func(context.Context) (int, error) {
		if calls.Add(1) == 1 {
			return 0, boom
		}
		return 42, nil
	}
	if _, err := o.get(context.Background(), compute); !errors.Is(err, boom) {
		t.Fatalf("first get err = %v, want boom", err)
	}
	v, err := o.get(context.Background(), compute)
	if err != nil || v != 42 {
		t.Fatalf("second get = %d, %v; want a fresh computation after a failure", v, err)
	}
	v, err = o.get(context.Background(), compute)
	if err != nil || v != 42 {
		t.Fatalf("third get = %d, %v; want the cached 42", v, err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("compute ran %d times, want 2 (failure, then success cached)", n)
	}
}

func TestOnceValueConcurrentCallersShareOneComputation(t *testing.T) {
	var o onceValue[[]string]
	var calls atomic.Int32
	started := make(chan struct{})
	release := make(chan struct{})
	compute := func(context.Context) ([]string, error) {
		if calls.Add(1) == 1 {
			close(started)
		}
		<-release
		return []string{"cn-hangzhou"}, nil
	}
	const n = 16
	var wg sync.WaitGroup
	results := make([][]string, n)
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i], errs[i] = o.get(context.Background(), compute)
		}(i)
	}
	<-started
	time.Sleep(30 * time.Millisecond) // let the other callers queue behind the computation
	close(release)
	wg.Wait()
	if c := calls.Load(); c != 1 {
		t.Errorf("compute ran %d times for %d concurrent callers, want 1", c, n)
	}
	for i := range results {
		if errs[i] != nil || len(results[i]) != 1 || results[i][0] != "cn-hangzhou" {
			t.Errorf("caller %d got %v, %v", i, results[i], errs[i])
		}
	}
}

func TestOnceValueWaitersRetryAfterInFlightFailure(t *testing.T) {
	var o onceValue[int]
	var calls atomic.Int32
	started := make(chan struct{})
	release := make(chan struct{})
	compute := func(context.Context) (int, error) {
		if calls.Add(1) == 1 {
			close(started)
			<-release
			return 0, errors.New("first attempt failed")
		}
		return 7, nil
	}
	const n = 8
	var wg sync.WaitGroup
	var failures, successes atomic.Int32
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := o.get(context.Background(), compute)
			switch {
			case err != nil:
				failures.Add(1)
			case v == 7:
				successes.Add(1)
			}
		}()
	}
	<-started
	time.Sleep(30 * time.Millisecond)
	close(release)
	wg.Wait()
	if f := failures.Load(); f != 1 {
		t.Errorf("%d callers saw the failure, want only the one whose computation failed", f)
	}
	if s := successes.Load(); s != n-1 {
		t.Errorf("%d callers got the value, want %d", s, n-1)
	}
	if c := calls.Load(); c != 2 {
		t.Errorf("compute ran %d times, want 2 (the failure, then one shared retry)", c)
	}
}

func TestOnceValueWaiterHonoursItsContext(t *testing.T) {
	var o onceValue[int]
	started := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	go o.get(context.Background(), func(context.Context) (int, error) { //nolint:errcheck
		close(started)
		<-release
		return 1, nil
	})
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	begin := time.Now()
	_, err := o.get(ctx, func(context.Context) (int, error) {
		t.Error("a waiter must not start a second computation while one is in flight")
		return 0, nil
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiter err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(begin); d > 5*time.Second {
		t.Errorf("waiter returned after %v, want promptly after its deadline", d)
	}
}

func TestLazyCachesFailuresButNotContextErrors(t *testing.T) {
	var l Lazy[int]
	calls := 0
	boom := errors.New("boom")
	for i := 0; i < 3; i++ {
		if _, err := l.Get(context.Background(), time.Second, func(context.Context) (int, error) { calls++; return 0, boom }); !errors.Is(err, boom) {
			t.Fatalf("Get = %v, want boom", err)
		}
	}
	if calls != 1 {
		t.Errorf("a failure was computed %d times; want once per run", calls)
	}

	var l2 Lazy[int]
	if _, err := l2.Get(context.Background(), time.Millisecond, func(ctx context.Context) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Get = %v, want the computation's deadline", err)
	}
	if v, err := l2.Get(context.Background(), time.Second, func(context.Context) (int, error) { return 7, nil }); err != nil || v != 7 {
		t.Errorf("after a context error Get = %d, %v; want a new computation", v, err)
	}
}

// The caller that starts the computation giving up does not fail it for the others.
func TestLazyDetachesFromTheFirstCaller(t *testing.T) {
	var l Lazy[int]
	release := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() {
		_, err := l.Get(ctx, time.Minute, func(ctx context.Context) (int, error) {
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
	v, err := l.Get(context.Background(), time.Minute, func(context.Context) (int, error) { return 0, errors.New("recomputed") })
	if err != nil || v != 42 {
		t.Errorf("second caller = %d, %v; want the first computation's 42", v, err)
	}
}
