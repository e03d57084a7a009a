package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// The real CLI and the real provider binary, driven like a user (see testkit_test.go):
// for what resource.Test cannot see (warnings, `state list`, a kill mid-apply, timings)
// and for the documented paths (examples/, the guides).

// examplesDir holds the documentation examples (tfplugindocs inputs) and the runnable
// compositions: provider/, resources/<type>/, data-sources/<type>/, functions/<name>/,
// quickstart/, modules/<name>/, ci/, other-dns-providers/<provider>/.
const examplesDir = "../../examples"

// cliRun is a Terraform/OpenTofu working directory driven like a user would, with the
// provider built from this tree installed through a dev_overrides CLI configuration.
type cliRun struct {
	t   testing.TB
	cli string
	dir string
	env []string
}

// newCLIRun is a working directory holding config (after a required_providers block for
// beian-dev/beian) in main.tf, run by the CLI under test (TF_ACC_TERRAFORM_PATH; the test
// skips without it) with the provider binary of this tree (providerBinDir) and the
// environment of emulatorCLIEnv: every product at srv, with its keys. A provider block in
// config needs no endpoints or keys (cliProvider).
func newCLIRun(t testing.TB, srv *emulatortest.Server, config string) *cliRun {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Skip("TF_ACC_TERRAFORM_PATH is not set (make testacc sets it)")
	}
	dir := t.TempDir()
	rc := writeDevOverridesRC(t, dir, providerBinDir(t))
	writeTestFile(t, dir, "main.tf", requiredBeian+config)
	return &cliRun{t: t, cli: cli, dir: dir, env: emulatorCLIEnv(rc, srv)}
}

// requiredBeian is the terraform block of a configuration that uses the provider as users
// do, as beian-dev/beian.
const requiredBeian = `terraform {
  required_providers {
    beian = { source = "beian-dev/beian" }
  }
}
`

// command is the CLI command args in the run's directory and environment, not started.
func (r *cliRun) command(args ...string) *exec.Cmd {
	cmd := exec.Command(r.cli, args...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	return cmd
}

// run runs the CLI to completion and returns its exit code and output (stdout and stderr
// together).
func (r *cliRun) run(args ...string) (int, string) {
	r.t.Helper()
	var out bytes.Buffer
	cmd := r.command(args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String()
	}
	if err != nil {
		r.t.Fatalf("%s %v: %v", r.cli, args, err)
	}
	return 0, out.String()
}

// stateIDs returns the IDs of the beian_dns_record instances in the working dir's state.
func (r *cliRun) stateIDs() map[string]bool {
	r.t.Helper()
	code, out := r.run("show", "-json")
	if code != 0 {
		r.t.Fatalf("show -json: exit %d\n%s", code, out)
	}
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string `json:"type"`
					Values struct {
						ID string `json:"id"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		r.t.Fatalf("show -json: %v\n%s", err, out)
	}
	ids := map[string]bool{}
	for _, res := range st.Values.RootModule.Resources {
		if res.Type == "beian_dns_record" {
			ids[res.Values.ID] = true
		}
	}
	return ids
}

// mustWarn asserts a CLI run passed (exit 0) and its output carries a warning with every
// part (line breaks of the CLI's wrapping folded).
func mustWarn(t testing.TB, code int, out string, parts ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(out), " ")
	if code != 0 {
		t.Fatalf("exit %d, want 0 with a warning:\n%s", code, lastLines(out, 60))
	}
	if !strings.Contains(flat, "Warning:") {
		t.Fatalf("no warning in the output:\n%s", lastLines(out, 60))
	}
	for _, p := range parts {
		if !strings.Contains(flat, p) {
			t.Errorf("output lacks %q:\n%s", p, lastLines(out, 60))
		}
	}
}

// emulatorCLIEnv is the CLI environment of a test against the emulator: the test's CLI
// configuration (exampleCLIEnv), the emulator's endpoint and credentials, no prompts.
func emulatorCLIEnv(cliConfig string, srv *emulatortest.Server) []string {
	return append(exampleCLIEnv(cliConfig), "TF_INPUT=0",
		"BEIAN_ENDPOINT_OVERRIDE="+srv.URL,
		"ALIBABA_CLOUD_ACCESS_KEY_ID="+srv.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET="+srv.AccessKeySecret)
}

// exampleCLIEnv is the environment without the variables that would make the user's
// setup leak into the run, plus the test's CLI configuration.
func exampleCLIEnv(cliConfig string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "TF_CLI_CONFIG_FILE" || k == "TF_DATA_DIR" || k == "TF_WORKSPACE" || strings.HasPrefix(k, "TF_CLI_ARGS") || k == "TF_LOG" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
}

// writeDevOverridesRC writes a CLI configuration into dir that installs the provider
// binary in bin through dev_overrides (no registry, no init), and returns its path.
func writeDevOverridesRC(t testing.TB, dir, bin string) string {
	t.Helper()
	rc := filepath.Join(dir, "cli.tfrc")
	cfg := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.opentofu.org/beian-dev/beian" = %q
    "registry.terraform.io/beian-dev/beian" = %q
  }
  direct {}
}
`, filepath.ToSlash(bin), filepath.ToSlash(bin))
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return rc
}

// writeTestFile writes content to dir/name.
func writeTestFile(t testing.TB, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// providerBin is the provider binary of this tree, built once per test process.
var providerBin struct {
	once sync.Once
	dir  string
	err  error
}

// providerBinDir returns a directory holding the provider binary built from this tree,
// under the name dev_overrides expects (terraform-provider-beian). The first call builds it
// (go build), into a temporary directory that TestMain removes; later calls, from any test,
// return the same directory. Nothing may write there.
func providerBinDir(t testing.TB) string {
	t.Helper()
	providerBin.once.Do(func() {
		dir, err := os.MkdirTemp("", "beian-provider-bin-") //nolint:usetesting // shared by every test of the process (TestMain removes it), not one test's
		if err != nil {
			providerBin.err = err
			return
		}
		providerBin.dir = dir
		providerBin.err = buildProvider(dir)
	})
	if providerBin.err != nil {
		t.Fatalf("building the provider: %v", providerBin.err)
	}
	return providerBin.dir
}

// removeProviderBinDir removes what providerBinDir built (TestMain, after the tests).
func removeProviderBinDir() {
	if providerBin.dir != "" {
		os.RemoveAll(providerBin.dir)
	}
}

// buildProvider builds the provider binary into dir.
func buildProvider(dir string) error {
	// `go test` puts GOROOT/bin first in PATH; GOROOT covers a test binary run by hand.
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goroot := os.Getenv("GOROOT")
		if goroot == "" {
			return fmt.Errorf("no go command to build the provider with: %w (put it in PATH or set GOROOT)", err)
		}
		goCmd = filepath.Join(goroot, "bin", "go")
	}
	out := filepath.Join(dir, "terraform-provider-beian")
	if runtime.GOOS == "windows" {
		out += ".exe"
	}
	cmd := exec.Command(goCmd, "build", "-o", out, "github.com/beian-dev/terraform-provider-beian")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w\n%s", err, b)
	}
	return nil
}

// exampleCLI returns the CLI the acceptance tests use: TF_ACC_TERRAFORM_PATH, else tofu
// or terraform on PATH.
func exampleCLI(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"tofu", "terraform"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no CLI to validate the examples with: set TF_ACC_TERRAFORM_PATH (make testacc sets it to .tools/bin/tofu)")
	return ""
}

// cliHasProviderFunctions reports whether the CLI supports provider-defined functions:
// OpenTofu from 1.7, Terraform from 1.8.
func cliHasProviderFunctions(t testing.TB, cli string) bool {
	t.Helper()
	name, major, minor := cliVersion(t, cli)
	if name == "OpenTofu" {
		return major > 1 || minor >= 7
	}
	return major > 1 || minor >= 8
}

// cliHasIdentityImports reports whether the CLI at cli knows import blocks by resource
// identity (identity = { … }): Terraform and OpenTofu 1.12 and later.
func cliHasIdentityImports(t testing.TB, cli string) bool {
	t.Helper()
	_, major, minor := cliVersion(t, cli)
	return major > 1 || minor >= 12
}

// cliVersion is the name (OpenTofu or Terraform) and version of the CLI at cli.
func cliVersion(t testing.TB, cli string) (name string, major, minor int) {
	t.Helper()
	cmd := exec.Command(cli, "version")
	cmd.Env = exampleCLIEnv(os.DevNull)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version: %v", cli, err)
	}
	m := regexp.MustCompile(`(OpenTofu|Terraform) v(\d+)\.(\d+)`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("cannot read the version of %s from %q", cli, out)
	}
	major, _ = strconv.Atoi(m[2])
	minor, _ = strconv.Atoi(m[3])
	return m[1], major, minor
}

// runExampleCLI runs the CLI in dir with a CLI configuration of the test's own: the user's (or
// a TF_CLI_CONFIG_FILE naming a missing file) must not matter, nor TF_CLI_ARGS*. It fails
// the test when the command fails, except `validate`, which reports failure in its output.
func runExampleCLI(t testing.TB, cli, cliConfig, dir string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(cli, args...)
	cmd.Dir = dir
	cmd.Env = exampleCLIEnv(cliConfig)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil && args[0] != "validate" { // validate -json reports failure in its output
		t.Fatalf("%s %s in %s: %v\n%s%s", filepath.Base(cli), strings.Join(args, " "), dir, err, stdout.Bytes(), stderr.Bytes())
	}
	if err != nil && stdout.Len() == 0 {
		t.Fatalf("%s %s in %s: %v\n%s", filepath.Base(cli), strings.Join(args, " "), dir, err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// skipExamplePath is true for working files a local run leaves behind (.terraform/,
// state, lock files) and for names the CLI ignores itself.
func skipExamplePath(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".tfstate") || strings.Contains(name, ".tfstate.") || strings.HasSuffix(name, ".tfplan")
}

// copyExampleTree copies the tree from into to, without the working files of local runs
// (skipExamplePath): a test runs an example in a copy, so relative module sources resolve
// as in the repository and nothing is written into it.
func copyExampleTree(t testing.TB, from, to string) {
	t.Helper()
	copyTree(t, from, to, func(_ string, d fs.DirEntry) bool { return skipExamplePath(d.Name()) })
}

// copyTree copies the regular files and directories below from into to, keeping file
// modes, and leaves out every entry skip names (rel is its path below from).
func copyTree(t testing.TB, from, to string, skip func(rel string, d fs.DirEntry) bool) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		if rel != "." && skip(rel, d) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatalf("copying %s: %v", from, err)
	}
}
