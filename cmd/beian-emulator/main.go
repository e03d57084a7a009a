// Command beian-emulator serves the Alibaba Cloud emulator (internal/emulator) on a local
// port, for demos, users' CI and the provider's acceptance tests.
//
//	beian-emulator -listen 127.0.0.1:0 -addr-file "$dir/addr" -seed-file seed.json
//
// With port 0 the system picks a free port; -addr-file receives the base URL once the
// emulator serves, so a script waits for that file (and for the process to be alive)
// instead of polling a fixed port that another process may hold.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/buildinfo"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// version is set by the release build (-ldflags "-X main.version={{ .Version }}");
// buildinfo.Version falls back to the module version of `go install …@v0.1.0`, else "dev".
var version = buildinfo.Dev

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // -h / -help: the usage was printed; that is not a failure
		}
		fmt.Fprintln(os.Stderr, "beian-emulator:", err)
		os.Exit(1)
	}
}

type options struct {
	listen, addrFile, keyID, keySecret, state, seed string
	version                                         bool
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("beian-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.listen, "listen", "127.0.0.1:18080", "address to listen on (loopback by default); port 0 picks a free port (use it with -addr-file)")
	fs.StringVar(&o.addrFile, "addr-file", "", "file to write the base URL to (http://127.0.0.1:PORT and a newline) once the emulator serves; replaced atomically, removed again at a clean shutdown")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.StringVar(&o.keyID, "access-key-id", emulator.DefaultAccessKeyID, "accepted access key id")
	fs.StringVar(&o.keySecret, "access-key-secret", emulator.DefaultAccessKeySecret, "secret of the accepted access key")
	fs.StringVar(&o.state, "state", "", "JSON state file: loaded at start, saved after each change")
	fs.StringVar(&o.seed, "seed-file", "", "JSON seed file applied at start: {\"domains\", \"filings\", \"servers\", \"registrant_profiles\", \"records\", \"other_account_zones\"} (lists of control API objects); with -state, only when the state file is missing or empty")
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprint(out, `beian-emulator serves a local, wire-compatible emulator of the Alibaba Cloud APIs
terraform-provider-beian uses (Alidns, Domain, BssOpenApi, Companyreg, Beian, ECS, VPC,
SLB, STS, Resource Center, Anti-DDoS, Simple Application Server), signed with RPC signature 1.0 (HMAC-SHA1) or V3 (ACS3-HMAC-SHA256).

Usage:
  beian-emulator [flags]

In scripts and CI, let the system pick the port and wait for the address file while
the process is alive (a port in use, or any other start failure, exits 1 at once):
  beian-emulator -listen 127.0.0.1:0 -addr-file "$dir/addr" -seed-file seed.json &

It takes no arguments and has no subcommands. Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(out, `
Control API (JSON) under /_emulator/: reset, domains, filings, icp_failure, servers,
registrant_profiles, unavailable, task_failures, other_account_zones, settings, faults,
stats, records.
See docs/guides/emulator.md.
`)
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if o.keyID == "" || o.keySecret == "" {
		return o, errors.New("-access-key-id and -access-key-secret must not be empty")
	}
	return o, nil
}

// run serves until ctx is done. ready, when non-nil, receives the base URL once serving.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, ready chan<- string) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if o.version {
		fmt.Fprintln(stdout, "beian-emulator", buildinfo.Version(version))
		return nil
	}
	// Bind before anything else: a port in use ends the start at once (exit 1), before a
	// state or seed file is read, so a script waiting for -addr-file sees the process die.
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", o.listen)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%w\n(another process holds that port: use -listen 127.0.0.1:0 -addr-file FILE to let the system pick a free one)", err)
		}
		return err
	}
	// Closed by srv.Serve once it runs; this covers the returns before it does.
	defer func() { _ = ln.Close() }()
	logger := log.New(stderr, "", log.LstdFlags)
	emu, err := emulator.New(emulator.Config{
		AccessKeys: map[string]string{o.keyID: o.keySecret},
		StatePath:  o.state,
		Logger:     logger,
	})
	if err != nil {
		return err
	}
	// With -state, the seed initialises a new state file only: once the file holds state,
	// a restart resumes it instead of applying the seed again (which would duplicate
	// records and reset domains).
	if o.seed != "" && emu.StateLoaded() {
		logger.Printf("state loaded from %s; seed file %s not applied", o.state, o.seed)
	}
	if o.seed != "" && !emu.StateLoaded() {
		f, err := os.Open(o.seed)
		if err != nil {
			return err
		}
		err = emu.LoadSeed(f)
		// Opened read-only: a Close error cannot lose data, and LoadSeed's error is the one to report.
		_ = f.Close()
		if err != nil {
			return err
		}
	}
	url := baseURL(ln.Addr(), o.listen)
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if o.addrFile != "" {
		if err := writeAddrFile(o.addrFile, url); err != nil {
			_ = srv.Close() // the write error is the one to report
			<-errc          //nolint:errcheck // Serve's answer after Close (ErrServerClosed); the write error is the one to report
			return err
		}
		defer removeAddrFile(o.addrFile, url, logger)
	}
	fmt.Fprintf(stdout, "beian-emulator listening on %s\n", url)
	if ready != nil {
		ready <- url
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// ctx is done by now; shut down within a fresh deadline that keeps ctx's values.
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Print("beian-emulator stopped")
	return nil
}

// baseURL is the URL clients reach the listener at: a listener on every interface
// (-listen 0.0.0.0:… or :…, as in a container; Go reports it as [::]) is reached on IPv4
// loopback, which works wherever IPv4 does; on IPv6 loopback when -listen named [::].
func baseURL(addr net.Addr, listen string) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if asked, _, err := net.SplitHostPort(listen); err == nil && strings.Contains(asked, ":") {
			host = "::1"
		}
	}
	return "http://" + net.JoinHostPort(host, port)
}

// writeAddrFile writes url and a newline to path atomically (a temporary file in the same
// directory, renamed over path): a script polling for the file never reads half of it.
func writeAddrFile(path, url string) error {
	// 0644: the address file is for other programs (CI steps) to read.
	if err := emulator.WriteFileAtomic(path, []byte(url+"\n"), 0o644); err != nil {
		return fmt.Errorf("-addr-file: %w", err)
	}
	return nil
}

// removeAddrFile removes the address file at shutdown, unless it no longer holds url
// (another emulator was pointed at the same file since).
func removeAddrFile(path, url string, logger *log.Logger) {
	b, err := os.ReadFile(path)
	if err != nil || string(b) != url+"\n" {
		return
	}
	if err := os.Remove(path); err != nil {
		logger.Printf("removing %s: %v", path, err)
	}
}
