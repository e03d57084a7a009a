package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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
	for _, want := range []string{"-listen", "-addr-file", "-version", "127.0.0.1:0", "-access-key-id", "-access-key-secret", "-state", "-seed-file",
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

// -addr-file receives the base URL once the emulator serves (port 0: a free port the
// system picked), and is removed at a clean shutdown.
func TestAddrFile(t *testing.T) {
	addrFile := filepath.Join(t.TempDir(), "addr")
	url, stop := startRun(t, "-listen", "127.0.0.1:0", "-addr-file", addrFile)
	b, err := os.ReadFile(addrFile)
	if err != nil {
		t.Fatalf("address file after start: %v", err)
	}
	if string(b) != url+"\n" || strings.HasSuffix(url, ":0") {
		t.Fatalf("address file holds %q, want %q and a newline (a real port)", b, url)
	}
	if _, err := emulator.NewControlClient(strings.TrimSpace(string(b))).Stats(); err != nil {
		t.Fatalf("the address in the file does not answer: %v", err)
	}
	stop()
	if _, err := os.Stat(addrFile); !os.IsNotExist(err) {
		t.Fatalf("address file after a clean shutdown: %v, want it removed", err)
	}
	// Nothing else is left in its directory (the temporary file is renamed, not copied).
	if left, _ := os.ReadDir(filepath.Dir(addrFile)); len(left) != 0 {
		t.Fatalf("left in the address file's directory: %v", left)
	}
}

func TestAddrFileUnwritable(t *testing.T) {
	err := run(context.Background(), []string{"-listen", "127.0.0.1:0", "-addr-file", filepath.Join(t.TempDir(), "missing", "addr")}, io.Discard, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "-addr-file") {
		t.Fatalf("run = %v, want an -addr-file error", err)
	}
}

func TestBaseURL(t *testing.T) {
	for _, c := range []struct{ listen, bound, want string }{
		{"127.0.0.1:0", "127.0.0.1:18080", "http://127.0.0.1:18080"},
		{"0.0.0.0:18080", "[::]:18080", "http://127.0.0.1:18080"}, // Go listens dual-stack and reports [::]
		{"0.0.0.0:18080", "0.0.0.0:18080", "http://127.0.0.1:18080"},
		{":18080", "[::]:18080", "http://127.0.0.1:18080"},
		{"[::]:18080", "[::]:18080", "http://[::1]:18080"},
		{"[::1]:0", "[::1]:9", "http://[::1]:9"},
	} {
		addr, err := net.ResolveTCPAddr("tcp", c.bound)
		if err != nil {
			t.Fatal(err)
		}
		if got := baseURL(addr, c.listen); got != c.want {
			t.Errorf("baseURL(%s, -listen %s) = %s, want %s", c.bound, c.listen, got, c.want)
		}
	}
}

// emulatorBin is beian-emulator built once per test process the way the release builds
// it (-ldflags "-X main.version=…"), for tests of the program as a process: exit codes.
var emulatorBin struct {
	once sync.Once
	path string
	err  error
}

const linkedVersion = "0.1.0-test"

func buildEmulator(t *testing.T) string {
	t.Helper()
	emulatorBin.once.Do(func() {
		dir, err := os.MkdirTemp("", "beian-emulator-bin-") //nolint:usetesting // built once for every test of the process
		if err != nil {
			emulatorBin.err = err
			return
		}
		emulatorBin.path = filepath.Join(dir, "beian-emulator")
		out, err := exec.Command("go", "build", "-ldflags", "-X main.version="+linkedVersion, "-o", emulatorBin.path, ".").CombinedOutput()
		if err != nil {
			emulatorBin.err = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if emulatorBin.err != nil {
		t.Fatal(emulatorBin.err)
	}
	return emulatorBin.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if emulatorBin.path != "" {
		os.RemoveAll(filepath.Dir(emulatorBin.path))
	}
	os.Exit(code)
}

func TestVersionFlag(t *testing.T) {
	out, err := exec.Command(buildEmulator(t), "-version").Output()
	if err != nil {
		t.Fatalf("-version: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != "beian-emulator "+linkedVersion {
		t.Fatalf("-version printed %q, want the linked version %q", got, "beian-emulator "+linkedVersion)
	}
}

// A port held by another process ends the start at once with exit status 1 and a message
// naming the way out; no address file is written, so a script waiting on the file and the
// process stops waiting when the process dies.
func TestBindFailureExitsAtOnce(t *testing.T) {
	bin := buildEmulator(t)
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	dir := t.TempDir()
	addrFile := filepath.Join(dir, "addr")
	seed := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(seed, []byte(`{"domains":[{"domain":"demo.com"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a hang, not a speed target
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-listen", held.Addr().String(), "-addr-file", addrFile, "-seed-file", seed)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || ctx.Err() != nil {
		t.Fatalf("emulator on a held port: %v (ctx %v), want exit status 1 at once\n%s", err, ctx.Err(), stderr.String())
	}
	for _, want := range []string{"address already in use", "-listen 127.0.0.1:0 -addr-file"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if _, err := os.Stat(addrFile); !os.IsNotExist(err) {
		t.Errorf("address file after a failed start: %v, want none", err)
	}
}

// dockerInstruction is one instruction of a Dockerfile: its keyword and its arguments.
type dockerInstruction struct{ cmd, args string }

// readDockerfile returns the instructions of a Dockerfile (comments dropped, continuation
// lines joined).
func readDockerfile(t *testing.T, path string) []dockerInstruction {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []dockerInstruction
	var cur strings.Builder
	for _, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			cur.WriteString(strings.TrimSuffix(trimmed, "\\") + " ")
			continue
		}
		cur.WriteString(trimmed)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, dockerInstruction{strings.ToUpper(cmd), strings.TrimSpace(args)})
		cur.Reset()
	}
	return out
}

// TestDockerfile checks the emulator's container image definition as far as this machine
// allows (it has no Docker engine, so the image itself is not built here): the build stage's
// Go is go.mod's, everything it copies exists and the build context leaves the tools and
// build outputs out; its build command, run as written (the stage's /out mapped to a
// temporary directory), builds the emulator with the version passed in; and the image's
// entrypoint serves, run as written with the port 18080 replaced by 0 (a shared machine) and
// the flags a user appends (-seed-file, -addr-file), on every interface, seeded.
func TestDockerfile(t *testing.T) {
	steps := readDockerfile(t, "Dockerfile")
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(gomod)
	var from []string
	var build, entrypoint string
	var user, expose string
	for _, s := range steps {
		switch s.cmd {
		case "FROM":
			from = append(from, s.args)
		case "COPY":
			fields := strings.Fields(s.args)
			if strings.HasPrefix(fields[0], "--from=") {
				continue
			}
			for _, src := range fields[:len(fields)-1] {
				if _, err := os.Stat(filepath.Join("../..", src)); err != nil {
					t.Errorf("COPY %s: %v", src, err)
				}
			}
		case "RUN":
			if strings.Contains(s.args, "go build") {
				build = s.args
			}
		case "ENTRYPOINT":
			entrypoint = s.args
		case "USER":
			user = s.args
		case "EXPOSE":
			expose = s.args
		}
	}
	if len(from) != 2 || goLine == nil || !strings.HasPrefix(from[0], "golang:"+string(goLine[1])+" ") {
		t.Fatalf("FROM %v: want the build stage on golang:%s (go.mod) and one image stage", from, goLine)
	}
	if !strings.HasPrefix(from[1], "scratch") || user == "" || strings.HasPrefix(user, "0") || expose != "18080" {
		t.Errorf("image stage FROM %q USER %q EXPOSE %q: want scratch, a non-root user, port 18080", from[1], user, expose)
	}
	ignore, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".tools", ".git", "bin", "dist"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(want) + `$`).Match(ignore) {
			t.Errorf(".dockerignore does not leave %s out of the build context", want)
		}
	}

	out := t.TempDir()
	if !strings.Contains(build, "/out/beian-emulator") || !strings.Contains(build, "${VERSION}") {
		t.Fatalf("the build stage's go build %q: want it to write /out/beian-emulator with ${VERSION} linked", build)
	}
	cmd := exec.Command("sh", "-c", strings.ReplaceAll(build, "/out/", out+"/"))
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "VERSION=0.1.0-image")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("RUN %s: %v\n%s", build, err, b)
	}
	bin := filepath.Join(out, "beian-emulator")
	if v, err := exec.Command(bin, "-version").Output(); err != nil || strings.TrimSpace(string(v)) != "beian-emulator 0.1.0-image" {
		t.Errorf("the image's binary -version = %q, %v; want the VERSION build argument", v, err)
	}

	var argv []string
	if err := json.Unmarshal([]byte(entrypoint), &argv); err != nil || len(argv) < 1 || argv[0] != "/beian-emulator" {
		t.Fatalf("ENTRYPOINT %s: want the exec form running /beian-emulator (%v)", entrypoint, err)
	}
	if !slices.Contains(argv, "0.0.0.0:18080") {
		t.Fatalf("ENTRYPOINT %s: want -listen 0.0.0.0:18080 (reachable from outside the container)", entrypoint)
	}
	args := slices.Clone(argv[1:])
	for i, a := range args {
		args[i] = strings.Replace(a, ":18080", ":0", 1)
	}
	addrFile := filepath.Join(t.TempDir(), "addr")
	args = append(args, "-seed-file", "../../examples/ci/seed.json", "-addr-file", addrFile)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	emu := exec.CommandContext(ctx, bin, args...)
	var logs bytes.Buffer
	emu.Stdout, emu.Stderr = &logs, &logs
	if err := emu.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); _ = emu.Wait() }()
	var url string
	for i := 0; i < 300 && url == ""; i++ {
		if b, err := os.ReadFile(addrFile); err == nil {
			url = strings.TrimSpace(string(b))
		} else {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if url == "" {
		t.Fatalf("the entrypoint did not serve:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "listening on http://127.0.0.1:") {
		t.Errorf("log %q", logs.String())
	}
	doms, err := emulator.NewControlClient(url).Domains()
	if err != nil || len(doms) != 1 || doms[0].Domain != "example.com" {
		t.Errorf("the entrypoint's emulator with the seed file: domains %+v, %v", doms, err)
	}
}
