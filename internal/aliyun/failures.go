package aliyun

import "sync"

// failureKind says what a call's final failure tells about later calls of the run.
type failureKind int

const (
	// failureOnce: later calls may fare otherwise; nothing is remembered.
	failureOnce failureKind = iota
	// failureEveryCall: the endpoint host rejected the credentials themselves; every later
	// call to it would be rejected the same way.
	failureEveryCall
	// failureTimedOutTwice: the action timed out twice (its first attempt and its one
	// resend) on the host.
	failureTimedOutTwice
)

// failureMemory remembers, per endpoint host, the failures later calls of the run would
// repeat, so that the run fails fast with the first cause instead of asking again:
//   - credentials the host rejected, for every call to that host;
//   - an action that timed out twice, for that action on that host only — with an
//     `endpoints` override every product shares one host, and one slow listing must not
//     fail the writes;
//   - once two different actions have timed out twice on a host, every call to it: the
//     endpoint does not answer, and asking each action in turn would cost the run two
//     timeouts per action.
//
// The zero value is ready to use and safe for concurrent use.
type failureMemory struct {
	mu    sync.Mutex
	hosts map[string]*hostFailures
}

// hostFailures is what is remembered about one host.
type hostFailures struct {
	rejected *Error            // the credentials were rejected (failureEveryCall)
	silent   *Error            // set once two different actions timed out twice each
	timedOut map[string]*Error // action → its failure after timing out twice
}

// remember records a call's final failure e of action on host, when kind says later calls
// would repeat it. The first failure of each kind is kept.
func (m *failureMemory) remember(host, action string, e *Error, kind failureKind) {
	if kind == failureOnce {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.hosts == nil {
		m.hosts = map[string]*hostFailures{}
	}
	h := m.hosts[host]
	if h == nil {
		h = &hostFailures{timedOut: map[string]*Error{}}
		m.hosts[host] = h
	}
	switch kind {
	case failureEveryCall:
		if h.rejected == nil {
			h.rejected = e
		}
	case failureTimedOutTwice:
		if _, seen := h.timedOut[action]; seen {
			return
		}
		h.timedOut[action] = e
		if len(h.timedOut) >= 2 && h.silent == nil {
			h.silent = e
		}
	}
}

// recall returns the remembered failure a call of action to host would repeat, and why
// it is not sent.
func (m *failureMemory) recall(host, action string) (*Error, string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.hosts[host]
	switch {
	case h == nil:
		return nil, "", false
	case h.rejected != nil:
		return h.rejected, "an earlier call of this run to the same endpoint was refused in a way every call would repeat", true
	case h.silent != nil:
		return h.silent, "two different calls of this run to the same endpoint timed out twice each", true
	case h.timedOut[action] != nil:
		return h.timedOut[action], "an earlier " + action + " call of this run to the same endpoint timed out twice", true
	}
	return nil, "", false
}
