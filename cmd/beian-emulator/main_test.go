package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestParseFlags(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	if err != nil || o.listen != "127.0.0.1:18080" || o.keyID != emulator.DefaultAccessKeyID || o.keySecret != emulator.DefaultAccessKeySecret {
		t.Fatalf("defaults = %+v, %v", o, err)
	}
	o, err = parseFlags([]string{"-listen", "127.0.0.1:9", "-access-key-id", "k", "-access-key-secret", "s", "-state", "st.json", "-seed-file", "seed.json"}, io.Discard)
	if err != nil || o.listen != "127.0.0.1:9" || o.keyID != "k" || o.keySecret != "s" || o.state != "st.json" || o.seed != "seed.json" {
		t.Fatalf("flags = %+v, %v", o, err)
	}
	if _, err := parseFlags([]string{"-nope"}, io.Discard); err == nil {
		t.Fatal("unknown flag accepted")
	}
	if _, err := parseFlags([]string{"-access-key-secret", ""}, io.Discard); err == nil {
		t.Fatal("empty secret accepted")
	}
}

// -h lists every flag and everything a seed file may hold, and is not reported as an error.
func TestHelp(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"-h"}, io.Discard, &out, nil)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v, want flag.ErrHelp (exit 0 in main)", err)
	}
	help := out.String()
	for _, want := range []string{"-listen", "-access-key-id", "-access-key-secret", "-state", "-seed-file",
		`"domains"`, `"filings"`, `"servers"`, `"registrant_profiles"`, `"records"`, "no subcommands", "/_emulator/"} {
		if !strings.Contains(help, want) {
			t.Errorf("-h does not mention %s:\n%s", want, help)
		}
	}
	if strings.Contains(help, "help requested") {
		t.Errorf("-h prints flag's \"help requested\":\n%s", help)
	}
}

func TestRunServesAndShutsDown(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(seed, []byte(`{"domains":[{"domain":"demo.com"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-state", state, "-seed-file", seed}, &stdout, &stderr, ready)
	}()
	var url string
	select {
	case url = <-ready:
	case err := <-done:
		t.Fatalf("run exited: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("not ready")
	}
	if !strings.Contains(stdout.String(), "beian-emulator listening on "+url) {
		t.Fatalf("stdout = %q", stdout.String())
	}
	recs, err := emulator.NewControlClient(url).Records("demo.com")
	if err != nil || len(recs) != 0 {
		t.Fatalf("seeded zone: %v %v", recs, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no shutdown")
	}
	if !strings.Contains(stderr.String(), "/_emulator/records") {
		t.Fatalf("request not logged: %q", stderr.String())
	}
	if b, err := os.ReadFile(state); err != nil || !strings.Contains(string(b), "demo.com") {
		t.Fatalf("state file: %v", err)
	}
}

// startRun runs the command with args until the returned stop function is called.
func startRun(t *testing.T, args ...string) (url string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, &stdout, &stderr, ready) }()
	select {
	case url = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("run exited: %v", err)
	case <-time.After(5 * time.Second):
		cancel()
		t.Fatal("not ready")
	}
	return url, func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no shutdown")
		}
	}
}

// A restart with the same -state and -seed-file resumes the state: the seed is not applied
// again (no duplicated records, same instance id, changes made since kept).
func TestRestartWithStateDoesNotReapplySeed(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(seed, []byte(`{"domains":[{"domain":"demo.com","auto_renew":true}],
		"records":[{"domain":"demo.com","rr":"www","type":"A","value":"203.0.113.1"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state.json")
	args := []string{"-listen", "127.0.0.1:0", "-state", state, "-seed-file", seed}

	url, stop := startRun(t, args...)
	c := emulator.NewControlClient(url)
	before, err := c.Domains()
	if err != nil || len(before) != 1 {
		t.Fatalf("domains after first start: %+v %v", before, err)
	}
	if err := c.DeleteFiling("none.com"); err == nil {
		t.Fatal("deleting a missing filing succeeded")
	}
	if _, err := c.AddRecord(emulator.Record{Domain: "demo.com", RR: "api", Type: "A", Value: "203.0.113.2"}); err != nil {
		t.Fatal(err)
	}
	stop()

	url, stop = startRun(t, args...)
	defer stop()
	c = emulator.NewControlClient(url)
	after, err := c.Domains()
	if err != nil || len(after) != 1 || after[0].InstanceID != before[0].InstanceID {
		t.Fatalf("domains after restart: %+v (before %+v) %v", after, before, err)
	}
	recs, err := c.Records("demo.com")
	if err != nil || len(recs) != 2 {
		t.Fatalf("records after restart (want the seeded one and the added one): %+v %v", recs, err)
	}
}
