package retry

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBackoffDelay(t *testing.T) {
	b := Backoff{Base: 100 * time.Millisecond, Max: time.Second}
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 4: 800 * time.Millisecond, 5: time.Second, 30: time.Second} {
		if got := b.Delay(n); got != want {
			t.Errorf("Delay(%d) = %v, want %v", n, got, want)
		}
	}
	lo, hi := Backoff{Base: time.Second, Rand: func() float64 { return 0 }}, Backoff{Base: time.Second, Rand: func() float64 { return 0.999999 }}
	if lo.Delay(1) != 100*time.Millisecond || hi.Delay(1) < 999*time.Millisecond {
		t.Errorf("jittered delays %v, %v; want within [cap/10, cap]", lo.Delay(1), hi.Delay(1))
	}
}

func TestDoStopsWhenDoneOrOutOfAttempts(t *testing.T) {
	var waits []time.Duration
	p := Policy{Backoff: Backoff{Base: time.Millisecond}, MaxAttempts: 3,
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
	boom := errors.New("boom")
	calls := 0
	err := Do(context.Background(), p, func(context.Context, int) (bool, error) { calls++; return true, boom })
	if !errors.Is(err, boom) || calls != 3 || len(waits) != 2 || waits[1] != 2*time.Millisecond {
		t.Errorf("err %v after %d calls and waits %v; want boom after 3 calls and 2 growing waits", err, calls, waits)
	}
	calls = 0
	err = Do(context.Background(), p, func(_ context.Context, n int) (bool, error) { calls++; return n < 2, nil })
	if err != nil || calls != 2 {
		t.Errorf("err %v after %d calls; want success at the second", err, calls)
	}
}

func TestDoEndsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	boom := errors.New("boom")
	p := Policy{Backoff: Backoff{Base: time.Hour}}
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	start := time.Now()
	err := Do(ctx, p, func(context.Context, int) (bool, error) { return true, boom })
	var se *StoppedError
	if !errors.As(err, &se) || !errors.Is(err, context.Canceled) || !errors.Is(err, boom) || time.Since(start) > 5*time.Second {
		t.Errorf("err = %v after %v; want a StoppedError carrying the cancellation and the last error, at once", err, time.Since(start))
	}
}

func TestSleepWithoutTimeLeftReturnsAtOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Errorf("Sleep past the deadline = %v after %v; want DeadlineExceeded at once", err, time.Since(start))
	}
}
