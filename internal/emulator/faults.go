package emulator

import "math/rand"

// Faults configures fault injection; POST /_emulator/faults. Faults apply only to cloud API
// calls, never to the control API. A new configuration replaces the previous one.
type Faults struct {
	// ThrottleRate is the probability (0..1) a call is answered 400 Throttling.User.
	ThrottleRate float64 `json:"throttle_rate,omitempty"`
	// ErrorRate is the probability (0..1) a call is answered 503 ServiceUnavailable.
	ErrorRate float64 `json:"error_rate,omitempty"`
	// LatencyMs delays every cloud API call.
	LatencyMs int `json:"latency_ms,omitempty"`
	// Seed seeds the random source, so the same seed and calls give the same faults.
	Seed int64 `json:"seed,omitempty"`
	// Actions (extension) restricts random faults and latency to these "Product.Action" keys.
	Actions []string `json:"actions,omitempty"`
	// DropAfterCommit (extension): the next N successful calls of "Product.Action" are fully
	// applied, then the connection is closed without a response.
	DropAfterCommit map[string]int `json:"drop_after_commit,omitempty"`
	// FailAfterCommit (extension): the next N successful calls of "Product.Action" are fully
	// applied, then answered 503 ServiceUnavailable.
	FailAfterCommit map[string]int `json:"fail_after_commit,omitempty"`
}

// Stats are the call and fault counters; GET /_emulator/stats.
type Stats struct {
	// Calls counts every cloud API call by "Product.Action", faulted ones included.
	Calls map[string]int `json:"calls"`
	// Faults counts injected faults: throttled, errors, dropped, failed_after_commit.
	Faults map[string]int `json:"faults"`
	// SignedWith counts authenticated calls by credential kind: "ak" (a configured access
	// key) or "sts" (temporary credentials issued by Sts.AssumeRole).
	SignedWith map[string]int `json:"signed_with"`
}

type faultKind int

const (
	faultNone faultKind = iota
	faultThrottle
	faultError
)

type afterKind int

const (
	afterNone afterKind = iota
	afterDrop
	afterFail
)

type faultState struct {
	cfg     Faults
	rng     *rand.Rand
	actions map[string]bool
	drop    map[string]int
	fail    map[string]int
}

func newFaultState(f Faults) faultState {
	rng := rand.New(rand.NewSource(f.Seed)) //nolint:gosec // G404: fault injection must be reproducible from Faults.Seed; not security-relevant
	fs := faultState{cfg: f, rng: rng, drop: map[string]int{}, fail: map[string]int{}}
	if len(f.Actions) > 0 {
		fs.actions = map[string]bool{}
		for _, a := range f.Actions {
			fs.actions[a] = true
		}
	}
	for k, v := range f.DropAfterCommit {
		fs.drop[k] = v
	}
	for k, v := range f.FailAfterCommit {
		fs.fail[k] = v
	}
	return fs
}

func (f *faultState) applies(key string) bool {
	return f.actions == nil || f.actions[key]
}

// decide draws the random fault for one call. One draw per applicable call keeps the
// sequence reproducible for a seed.
func (f *faultState) decide(key string) faultKind {
	if !f.applies(key) || (f.cfg.ThrottleRate <= 0 && f.cfg.ErrorRate <= 0) {
		return faultNone
	}
	x := f.rng.Float64()
	switch {
	case x < f.cfg.ThrottleRate:
		return faultThrottle
	case x < f.cfg.ThrottleRate+f.cfg.ErrorRate:
		return faultError
	}
	return faultNone
}

func (f *faultState) afterCommit(key string) afterKind {
	if f.drop[key] > 0 {
		f.drop[key]--
		return afterDrop
	}
	if f.fail[key] > 0 {
		f.fail[key]--
		return afterFail
	}
	return afterNone
}

func (e *Emulator) resetStatsLocked() {
	e.stats = Stats{Calls: map[string]int{}, Faults: map[string]int{"throttled": 0, "errors": 0, "dropped": 0, "failed_after_commit": 0},
		SignedWith: map[string]int{"ak": 0, "sts": 0}}
}

func (e *Emulator) statsLocked() Stats {
	s := Stats{Calls: map[string]int{}, Faults: map[string]int{}, SignedWith: map[string]int{}}
	for k, v := range e.stats.SignedWith {
		s.SignedWith[k] = v
	}
	for k, v := range e.stats.Calls {
		s.Calls[k] = v
	}
	for k, v := range e.stats.Faults {
		s.Faults[k] = v
	}
	return s
}
