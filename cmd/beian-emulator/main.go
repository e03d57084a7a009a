// Command beian-emulator serves the Alibaba Cloud emulator (internal/emulator) on a local
// port, for demos, users' CI and the provider's acceptance tests.
//
//	beian-emulator -listen 127.0.0.1:18080 -state state.json -seed-file seed.json
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
	"syscall"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

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
	listen, keyID, keySecret, state, seed string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("beian-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.listen, "listen", "127.0.0.1:18080", "address to listen on (loopback by default)")
	fs.StringVar(&o.keyID, "access-key-id", emulator.DefaultAccessKeyID, "accepted access key id")
	fs.StringVar(&o.keySecret, "access-key-secret", emulator.DefaultAccessKeySecret, "secret of the accepted access key")
	fs.StringVar(&o.state, "state", "", "JSON state file: loaded at start, saved after each change")
	fs.StringVar(&o.seed, "seed-file", "", "JSON seed file applied at start: {\"domains\", \"filings\", \"servers\", \"registrant_profiles\", \"records\", \"other_account_zones\"} (lists of control API objects); with -state, only when the state file is missing or empty")
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprint(out, `beian-emulator serves a local, wire-compatible emulator of the Alibaba Cloud APIs
terraform-provider-beian uses (Alidns, Domain, BssOpenApi, Companyreg, Beian, ECS, VPC,
SLB, STS), signed with RPC signature 1.0 (HMAC-SHA1) or V3 (ACS3-HMAC-SHA256).

Usage:
  beian-emulator [flags]

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

// run serves until ctx is done. ready, when non-nil, receives the base URL once listening.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, ready chan<- string) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
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
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", o.listen)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "beian-emulator listening on %s\n", url)
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
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
