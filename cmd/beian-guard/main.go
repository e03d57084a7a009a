// Command beian-guard is the ICP guard (备案检查) of terraform-provider-beian for any
// plan: it reads a Terraform or OpenTofu plan, finds the DNS records it creates, changes
// or keeps — of Alibaba Cloud DNS, Cloudflare, Route 53, DNSPod, Huawei Cloud, Google
// Cloud DNS, Azure DNS and beian_dns_record — and judges each with the same guard as
// beian_dns_record and beian_record_guard, without a change to the configuration.
//
//	terraform plan -out plan.out
//	terraform show -json plan.out > plan.json
//	beian-guard check plan.json                 # human text, exit 0 / 1 / 2
//	beian-guard check --format sarif plan.json  # GitHub code scanning
//
// Exit codes: 0 nothing blocks; 1 a record violates; 2 the guard could not judge (a
// cloud lookup failed, a value is known only after apply with unknown_values = "fail",
// the plan or the settings cannot be read) — it fails closed, cause first.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/buildinfo"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
	"github.com/beian-dev/terraform-provider-beian/internal/planjson"
)

// version is set by the release build (goreleaser -ldflags "-X main.version=…");
// buildinfo.Version falls back to the module version of `go install …@v0.1.0`, else "dev".
var version = buildinfo.Dev

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// usage is the command's help.
const usage = `beian-guard judges the DNS records of a Terraform or OpenTofu plan with the ICP guard
(备案检查) of terraform-provider-beian: a record that would point a domain at a server in
mainland China before the domain's ICP filing is approved is a violation.

Usage:
  beian-guard check [flags] PLAN     PLAN is the JSON of a plan (terraform show -json plan.out),
                                     or a saved plan (plan.out), read with the tofu or terraform on PATH
  beian-guard version

It reads alicloud_alidns_record, alicloud_dns_record, beian_dns_record, cloudflare_dns_record,
cloudflare_record, aws_route53_record, tencentcloud_dnspod_record, huaweicloud_dns_recordset,
google_dns_record_set and azurerm_dns_a_record / _aaaa_record / _cname_record.

Settings are the provider's arguments, under the same names, from .beian-guard.hcl in the
working directory (or --config) and from flags, which win. Without Alibaba Cloud credentials
(ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET or a CLI profile) it runs offline: filings from
declared_filings, addresses from mainland_cidrs / offshore_cidrs and the embedded location data.

Exit codes: 0 nothing blocks; 1 a record violates; 2 the guard could not judge (cause first).

Flags of check:
`

// options are check's own flags.
type options struct {
	format, output, config, chdir, cli string
	offline                            bool
	flags                              settingFlags
}

func newFlagSet(o *options, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("beian-guard check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.format, "format", "text", "output: text (the provider's diagnostics), json, sarif (GitHub code scanning) or junit")
	fs.StringVar(&o.output, "output", "", "write the report to this file instead of standard output")
	fs.StringVar(&o.config, "config", "", "settings file (default: "+defaultSettingsFile+" in the working directory, when there is one)")
	fs.StringVar(&o.chdir, "chdir", ".", "the configuration's root directory, where the plan was made: saved plans are read there, and resource blocks are looked up there for file and line")
	fs.StringVar(&o.cli, "cli", "", "the CLI that reads a saved plan (default: tofu, then terraform, on PATH)")
	fs.BoolVar(&o.offline, "offline", false, "never call Alibaba Cloud, even with credentials (icp_source \"declared\", no account lookup)")
	o.flags.register(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	return fs
}

// run is the command; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		newFlagSet(&options{}, stderr).PrintDefaults()
		return exitCannot
	}
	switch args[0] {
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "beian-guard", buildinfo.Version(version))
		return exitClean
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		newFlagSet(&options{}, stdout).PrintDefaults()
		return exitClean
	case "check":
	default:
		fmt.Fprintf(stderr, "beian-guard: unknown command %q: run beian-guard check PLAN (beian-guard -h for help)\n", args[0])
		return exitCannot
	}
	var o options
	fs := newFlagSet(&o, stderr)
	positional, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		return fail(stderr, err)
	}
	if len(positional) != 1 {
		return fail(stderr, fmt.Errorf("check takes one plan file, got %d: beian-guard check [flags] plan.json", len(positional)))
	}
	switch o.format {
	case "text", "json", "sarif", "junit":
	default:
		return fail(stderr, fmt.Errorf("--format %q: write text, json, sarif or junit", o.format))
	}
	rep, err := check(ctx, o, positional[0], getenv)
	if err != nil {
		return fail(stderr, err)
	}
	out := stdout
	var file *os.File
	if o.output != "" {
		if file, err = os.Create(o.output); err != nil {
			return fail(stderr, err)
		}
		out = file
	}
	w := bufio.NewWriter(out)
	switch o.format {
	case "json":
		err = writeJSON(w, rep)
	case "sarif":
		err = writeSARIF(w, rep)
	case "junit":
		err = writeJUnit(w, rep)
	default:
		writeText(w, rep)
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fail(stderr, err)
	}
	if o.output != "" && o.format != "text" {
		// The report went to a file: say the verdict where CI logs show it.
		c := rep.counts()
		fmt.Fprintf(stderr, "beian-guard: %s\n", summaryLine(rep, c))
	}
	return rep.exitCode()
}

// fail reports an error that stops the check: the guard could not judge, cause first.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "beian-guard: could not judge the plan: %v\n", err)
	return exitCannot
}

// parseInterspersed parses flags given before and after the positional arguments
// (beian-guard check plan.json --format sarif).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// check reads the plan and the settings, builds the guard and judges the plan.
func check(ctx context.Context, o options, planPath string, getenv func(string) string) (*report, error) {
	var s settings
	s.unknownValues = unknownWarn
	cfgPath, named := o.config, o.config != ""
	if !named {
		cfgPath = filepath.Join(o.chdir, defaultSettingsFile)
	}
	if err := loadSettingsFile(cfgPath, named, &s); err != nil {
		return nil, err
	}
	o.flags.apply(&s)
	if s.unknownValues != unknownWarn && s.unknownValues != unknownFail {
		return nil, fmt.Errorf("unknown_values = %q: write \"warn\" or \"fail\"", s.unknownValues)
	}
	plan, cliVersion, err := readPlan(ctx, planPath, o.chdir, o.cli)
	if err != nil {
		return nil, err
	}
	client, mode, err := s.connect(o.offline, getenv)
	if err != nil {
		return nil, err
	}
	j, problems := newJudge(s.guard, client)
	if len(problems) > 0 {
		var msgs []string
		for _, p := range problems {
			msgs = append(msgs, p.Where()+": "+p.Detail)
		}
		where := "flags"
		if s.from != "" {
			where = s.from + " or flags"
		}
		return nil, fmt.Errorf("invalid settings (%s):\n  %s", where, strings.Join(msgs, "\n  "))
	}
	rep := &report{planFile: planPath, cliVersion: cliVersion, mode: mode, root: repoRoot(o.chdir)}
	if rep.root == "" {
		rep.root = o.chdir
	}
	rep.build(ctx, j, plan, s.unknownValues)
	locateBlocks(rep, plan, o.chdir)
	return rep, nil
}

// connect makes the Alibaba Cloud client, when credentials are there and the check is
// not offline, and says how the guard runs.
func (s *settings) connect(offline bool, getenv func(string) string) (*aliyun.Client, string, error) {
	goOffline := func(why string) (*aliyun.Client, string, error) {
		if s.icpSourceSet && s.guard.ICPSource != icpstatus.SourceDeclared {
			return nil, "", fmt.Errorf("icp_source = %q asks Alibaba Cloud, and %s: give credentials (%s/%s or a CLI profile), or set icp_source = \"declared\"",
				s.guard.ICPSource, why, aliyun.EnvAccessKeyID[0], aliyun.EnvAccessKeySecret[0])
		}
		s.guard.ICPSource = icpstatus.SourceDeclared
		off := false
		s.guard.AccountLookup = &off
		return nil, "offline (" + why + "): filings from declared_filings; addresses from mainland_cidrs, offshore_cidrs and the location data", nil
	}
	if offline {
		return goOffline("--offline")
	}
	home, _ := os.UserHomeDir()
	s.client.UserAgent = "beian-guard/" + buildinfo.Version(version)
	cfg, err := s.client.Config(getenv, home)
	if err != nil {
		return nil, "", err
	}
	if cfg.CredentialsErr != nil {
		if s.client.Profile != "" || s.client.AssumeRole != nil || s.client.OIDC != nil {
			return nil, "", cfg.CredentialsErr // credentials were asked for and are broken
		}
		return goOffline("no Alibaba Cloud credentials")
	}
	client, err := aliyun.NewClient(cfg)
	if err != nil {
		return nil, "", fmt.Errorf("cannot initialise the Alibaba Cloud client: %w", err)
	}
	src := s.guard.ICPSource
	if src == "" {
		src = icpstatus.SourceCompanyreg
	}
	mode := fmt.Sprintf("with Alibaba Cloud (%s, region %s): filings from icp_source = %q", client.Credentials(), cfg.Region, src)
	if s.guard.AccountLookup == nil || *s.guard.AccountLookup {
		mode += ", addresses from the account's servers"
	}
	return client, mode, nil
}

// readPlan reads a plan: its JSON, or a saved plan through `<cli> show -json` in the
// configuration's directory (the CLI needs its providers' schemas, so it must have been
// initialised there).
func readPlan(ctx context.Context, path, chdir, cli string) (*planjson.Plan, string, error) {
	f, err := os.Open(path) //nolint:gosec // G703: reading the plan file the user names is the command's job
	if err != nil {
		return nil, "", err
	}
	defer func() { _ = f.Close() }() // read only: a failed close loses nothing
	br := bufio.NewReaderSize(f, 1<<20)
	head, _ := br.Peek(4)
	if !bytes.HasPrefix(head, []byte("PK\x03\x04")) { // a saved plan is a zip archive
		p, err := planjson.Decode(br)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", path, err)
		}
		return p, p.TerraformVersion, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, "", err
	}
	var clis []string
	if cli != "" {
		clis = []string{cli}
	} else {
		for _, name := range []string{"tofu", "terraform"} {
			if p, err := exec.LookPath(name); err == nil {
				clis = append(clis, p)
			}
		}
		if len(clis) == 0 {
			return nil, "", fmt.Errorf("%s is a saved plan, and neither tofu nor terraform is on PATH to read it: run terraform show -json %s > plan.json and check plan.json, or give --cli", path, path)
		}
	}
	var errs []string
	for _, c := range clis {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		cmd := exec.CommandContext(ctx, c, "show", "-json", "-no-color", abs) //nolint:gosec // G204: the CLI is the user's (--cli, or tofu/terraform on PATH), run without a shell
		cmd.Dir = chdir
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		cancel()
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s show -json: %v: %s", c, err, strings.TrimSpace(lastLine(stderr.String()+stdout.String()))))
			continue
		}
		p, err := planjson.Decode(&stdout)
		if err != nil {
			return nil, "", fmt.Errorf("%s show -json %s: %w", c, path, err)
		}
		return p, p.TerraformVersion, nil
	}
	return nil, "", fmt.Errorf("%s is a saved plan that no CLI could read (run beian-guard in the directory where the plan was made, after init, or give --chdir):\n  %s", path, strings.Join(errs, "\n  "))
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
