package provider

import (
	"bytes"
	"context"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The local-install guide, as users read it (generated from templates/guides by `make docs`;
// docs-check keeps the two equal).
const localInstallGuide = "../../docs/guides/local-install.md"

// TestAccExamples_localInstallGuide follows docs/guides/local-install.md as a user would: every ```sh
// block of the guide, in order, verbatim, in one bash session started at the root of a copy
// of the repository — `make install`, the emulator, the dev_overrides configuration with
// `tofu get` and `tofu test` of examples/ci, then the filesystem mirror with `tofu init` and
// `tofu test`. What differs from a user's machine is the surroundings only: HOME and GOBIN
// are scratch directories (the Go build and module caches stay shared), `tofu` on PATH is
// the CLI under test (TF_ACC_TERRAFORM_PATH), and the emulator's 127.0.0.1:18080 is replaced
// by a port found free just before the emulator starts, so parallel runs do not collide. A
// guide step that stops working — a wrong path, a CLI configuration the CLI rejects, an
// `init` that fails, an emulator that does not start — fails this test.
func TestAccExamples_localInstallGuide(t *testing.T) {
	requireAcc(t)
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("the guide's commands are for a POSIX shell; no bash here")
	}
	cli := exampleCLI(t)
	if !cliHasProviderFunctions(t, cli) {
		t.Skip("examples/ci, which the guide runs, needs provider functions (Terraform 1.8+ / OpenTofu 1.7+)")
	}
	guide, err := os.ReadFile(localInstallGuide)
	if err != nil {
		t.Fatal(err)
	}
	blocks := shellBlocks(string(guide))
	script := strings.Join(blocks, "\n")
	for _, want := range []string{"make install", "dev_overrides", "tofu get", "filesystem_mirror", "tofu init", "tofu test", "127.0.0.1:18080", "emulator did not start"} {
		if !strings.Contains(script, want) {
			t.Fatalf("the guide's commands no longer contain %q; update this test with the guide:\n%s", want, script)
		}
	}
	// The blocks before the emulator's start (make install, minutes of building) run first,
	// in a session of their own; the emulator's port is picked after them, just before the
	// block that starts it, so that nothing else on the machine has had minutes to take it.
	start := slices.IndexFunc(blocks, func(b string) bool { return strings.Contains(b, "127.0.0.1:18080") })
	before, after := blocks[:start], blocks[start:]
	for _, b := range before {
		if strings.Contains(b, "export ") || strings.Contains(b, "cd ") {
			t.Fatalf("a block before the emulator's start sets up the shell (export, cd), which the second session would lose; split the guide's run elsewhere:\n%s", b)
		}
	}

	work := t.TempDir()
	repo := filepath.Join(work, "repo")
	copyRepoForGuide(t, "../..", repo)
	home, gobin, shim := filepath.Join(work, "home"), filepath.Join(work, "gobin"), filepath.Join(work, "cli")
	for _, d := range []string{home, gobin, shim} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(cli, filepath.Join(shim, "tofu")); err != nil {
		t.Fatal(err)
	}
	env := guideEnv(t, home, gobin, shim)

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	log := runGuideSession(ctx, t, repo, env, strings.Join(before, "\n"))
	addr := freeLoopbackAddr(t)
	log += runGuideSession(ctx, t, repo, env, strings.ReplaceAll(strings.Join(after, "\n"), "127.0.0.1:18080", addr))

	// Both ways ran examples/ci's test to a pass: dev_overrides (without init, so the
	// provider can only have come from the override), then the mirror.
	if n := strings.Count(log, "1 passed, 0 failed"); n != 2 {
		t.Errorf("want examples/ci's test to pass twice (dev_overrides, filesystem mirror), passed %d times:\n%s", n, log)
	}
	lock, err := os.ReadFile(filepath.Join(repo, "examples", "ci", ".terraform.lock.hcl"))
	if err != nil {
		t.Fatalf("init from the filesystem mirror wrote no lock file: %v\n%s", err, log)
	}
	if !regexp.MustCompile(`provider "registry\.(opentofu\.org|terraform\.io)/beian-dev/beian" \{\s+version\s+=\s+"0\.0\.1"`).Match(lock) {
		t.Errorf("the lock file does not pin beian-dev/beian 0.0.1 from the mirror:\n%s", lock)
	}
	for _, bin := range []string{"terraform-provider-beian", "beian-emulator", "beian-guard"} {
		if _, err := os.Stat(filepath.Join(gobin, bin)); err != nil {
			t.Errorf("make install did not install %s into GOBIN: %v", bin, err)
		}
	}
}

// runGuideSession runs script (guide blocks) in one bash session started in dir, failing
// t if a command fails, and returns its output without the CLI's colours. The session has
// its own process group: an emulator it starts in the background is stopped by the
// guide's last step, and by this cleanup when a step before it fails.
func runGuideSession(ctx context.Context, t *testing.T, dir string, env []string, script string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, "bash", "-c", "set -eo pipefail -x\n"+script)
	cmd.Dir = dir
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	err := cmd.Wait()
	log := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out.String(), "") // the CLI colours its output
	if err != nil {
		t.Fatalf("the guide's commands failed: %v\n%s", err, log)
	}
	return log
}

// TestExamplesCIReadmeFollowsGuide keeps examples/ci/README.md and the local-install guide
// saying the same thing: every command of the README's shell blocks appears in the guide,
// whose commands TestAccExamples_localInstallGuide runs.
func TestExamplesCIReadmeFollowsGuide(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(examplesDir, "ci", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	guide, err := os.ReadFile(localInstallGuide)
	if err != nil {
		t.Fatal(err)
	}
	guideLines := map[string]bool{}
	for _, b := range shellBlocks(string(guide)) {
		for _, l := range strings.Split(b, "\n") {
			guideLines[strings.TrimSpace(l)] = true
		}
	}
	blocks := shellBlocks(string(readme))
	if len(blocks) == 0 {
		t.Fatal("examples/ci/README.md has no ```sh block: it must show how to run the example")
	}
	for _, b := range blocks {
		for _, l := range strings.Split(b, "\n") {
			l = strings.TrimSpace(l)
			if l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			if !guideLines[l] {
				t.Errorf("examples/ci/README.md runs %q, which docs/guides/local-install.md (the tested steps) does not", l)
			}
		}
	}
}

// shellBlockRE matches a ```sh fenced block of Markdown.
var shellBlockRE = regexp.MustCompile("(?ms)^```sh\n(.*?)^```")

// shellBlocks returns the contents of the ```sh fenced blocks of a Markdown text, in order.
func shellBlocks(md string) []string {
	var out []string
	for _, m := range shellBlockRE.FindAllStringSubmatch(md, -1) {
		out = append(out, m[1])
	}
	return out
}

// freeLoopbackAddr is a loopback address with a port that was free a moment ago.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// copyRepoForGuide copies the repository's source tree (what a checkout holds) without git
// data, tools, build outputs and CLI working files.
func copyRepoForGuide(t *testing.T, from, to string) {
	t.Helper()
	copyTree(t, from, to, func(rel string, d fs.DirEntry) bool {
		name := d.Name()
		if d.IsDir() {
			return name == ".git" || name == ".tools" || name == ".terraform" || rel == "bin" || rel == "dist" || skipExamplePath(name)
		}
		return name == ".git" || name == ".tools" || strings.HasSuffix(name, ".tfstate") || name == ".terraform.lock.hcl"
	})
}

// guideEnv is the environment of a user who has Go, make, curl and a CLI on PATH: HOME and
// GOBIN are scratch directories, the Go caches are the ones this run already uses (so the
// build is not repeated from nothing), and nothing of the CLI or make setup of the test run
// leaks in (TF_CLI_CONFIG_FILE, TF_ACC*, MAKEFLAGS).
func guideEnv(t *testing.T, home, gobin, shim string) []string {
	t.Helper()
	goEnv := func(name string) string {
		out, err := exec.Command("go", "env", name).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", name, err)
		}
		return strings.TrimSpace(string(out))
	}
	set := map[string]string{
		"HOME": home, "GOBIN": gobin,
		"PATH":               shim + string(os.PathListSeparator) + os.Getenv("PATH"),
		"CHECKPOINT_DISABLE": "1",
	}
	// HOME moves, so everything Go derives from it is pinned to what this run uses.
	for _, k := range []string{"GOPATH", "GOCACHE", "GOMODCACHE", "GOENV", "GOFLAGS", "GOPROXY", "GOROOT"} {
		set[k] = goEnv(k)
	}
	var env []string
	for k, v := range set {
		env = append(env, k+"="+v)
	}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := set[k]; ok || k == "MAKEFLAGS" || k == "MAKELEVEL" || k == "MFLAGS" ||
			strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "BEIAN_") || strings.HasPrefix(k, "ALIBABA_CLOUD_") || strings.HasPrefix(k, "ALICLOUD_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}
