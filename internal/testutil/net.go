// Package testutil holds the test helpers that the tests of more than one package use:
// stand-ins for dead network endpoints. Only _test.go files import it (the depguard rule
// testutil-only-in-tests in .golangci.yml); it imports the standard library only.
package testutil

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// SilentListener is a blackholed endpoint: a loopback listener that accepts connections
// and never answers, so a call to it waits until its own timeout. It returns host:port
// and the number of connections accepted so far; the listener and every accepted
// connection are closed in t.Cleanup.
func SilentListener(t testing.TB) (addr string, accepted *atomic.Int32) {
	t.Helper()
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted = &atomic.Int32{}
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return ln.Addr().String(), accepted
}

// RefusedAddr is a loopback address nobody listens on, so a connection to it is refused
// at once: port 1 (tcpmux, unassigned in practice) rather than a port freed by a
// listener, which a test running in parallel may take again. It skips the test when
// something does listen there.
func RefusedAddr(t testing.TB) string {
	t.Helper()
	const addr = "127.0.0.1:1"
	c, err := (&net.Dialer{Timeout: time.Second}).DialContext(context.Background(), "tcp", addr)
	if err == nil {
		_ = c.Close()
		t.Skip("something listens on " + addr + "; cannot stage a refused endpoint")
	}
	return addr
}
