package provider

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
// of the repository — `make install`, the emulator on a port the system picks (its address
// read from -addr-file), the dev_overrides configuration with `tofu get` and `tofu test` of
// examples/ci, then the filesystem mirror with `tofu init` and `tofu test`, and the
// emulator stopped. What differs from a user's machine is the surroundings only: HOME and
// GOBIN are scratch directories (the Go build and module caches stay shared) and `tofu` on
// PATH is the CLI under test (TF_ACC_TERRAFORM_PATH). A guide step that stops working — a
// wrong path, a CLI configuration the CLI rejects, an `init` that fails, an emulator that
// does not start — fails this test.
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
	script := strings.Join(shellBlocks(string(guide)), "\n")
	for _, want := range []string{"make install", "dev_overrides", "tofu get", "filesystem_mirror", "tofu init", "tofu test",
		"-listen 127.0.0.1:0", "-addr-file", "emulator did not start", `kill "$emulator_pid"`} {
		if !strings.Contains(script, want) {
			t.Fatalf("the guide's commands no longer contain %q; update this test with the guide:\n%s", want, script)
		}
	}
	if strings.Contains(script, "18080") {
		t.Fatalf("the guide's commands use the fixed port 18080, which another process may hold:\n%s", script)
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
	log := runGuideSession(ctx, t, repo, env, script)

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

// emulatorStartBlock is the guide's ```sh block that starts the emulator, exports its
// address and keys (step 2 of the local-install guide).
func emulatorStartBlock(t *testing.T) string {
	t.Helper()
	guide, err := os.ReadFile(localInstallGuide)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range shellBlocks(string(guide)) {
		if strings.Contains(b, "beian-emulator\" -listen") {
			return b
		}
	}
	t.Fatal("the local-install guide has no ```sh block that starts beian-emulator")
	return ""
}

// TestExamples_localInstallGuideEmulatorsDoNotCollide starts the emulator twice at once
// with the guide's own commands (step 2, verbatim, in two bash sessions on one machine, as
// two CI jobs on a shared runner would) and checks that each session talks to its own
// emulator: a domain one session adds through its BEIAN_ENDPOINT_OVERRIDE is not seen by
// the other. A third session whose emulator cannot start (a seed file that does not exist)
// must stop waiting because the process died, print the emulator's own message and fail.
func TestExamples_localInstallGuideEmulatorsDoNotCollide(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("the guide's commands are for a POSIX shell; no bash here")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("the sessions ask the emulator with curl; no curl here")
	}
	block := emulatorStartBlock(t)
	gobin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", gobin, "github.com/beian-dev/terraform-provider-beian/cmd/beian-emulator").CombinedOutput(); err != nil {
		t.Fatalf("building beian-emulator: %v\n%s", err, out)
	}
	env := guideEnv(t, t.TempDir(), gobin, t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// Each session: the guide's block, then its own domain added and the domains listed
	// through the address the block exported, then the guide's stop step.
	session := func(name string) string {
		return block + fmt.Sprintf(`
echo "url=$BEIAN_ENDPOINT_OVERRIDE"
curl -fsS -X POST "$BEIAN_ENDPOINT_OVERRIDE/_emulator/domains" -H 'Content-Type: application/json' -d '{"domain":"%s.example"}' >/dev/null
echo "domains=$(curl -fsS "$BEIAN_ENDPOINT_OVERRIDE/_emulator/domains")"
kill "$emulator_pid"; wait "$emulator_pid"
rm -rf "$emulator_dir"
`, name)
	}
	type result struct {
		out string
		err error
	}
	results := make([]chan result, 2)
	start := make(chan struct{})
	for i, name := range []string{"first", "second"} {
		results[i] = make(chan result, 1)
		go func() {
			<-start
			out, err := guideSession(ctx, "../..", env, session(name))
			results[i] <- result{out, err}
		}()
	}
	close(start) // both sessions start their emulators at the same moment
	urls := map[string]bool{}
	for i, name := range []string{"first", "second"} {
		r := <-results[i]
		if r.err != nil {
			t.Fatalf("session %s: %v\n%s", name, r.err, r.out)
		}
		url := regexp.MustCompile(`(?m)^url=(http://127\.0\.0\.1:\d+)$`).FindStringSubmatch(r.out)
		domains := regexp.MustCompile(`(?m)^domains=(.*)$`).FindStringSubmatch(r.out)
		if url == nil || domains == nil {
			t.Fatalf("session %s printed no url= and domains= lines:\n%s", name, r.out)
		}
		urls[url[1]] = true
		other := map[string]string{"first": "second", "second": "first"}[name]
		if !strings.Contains(domains[1], name+".example") || strings.Contains(domains[1], other+".example") ||
			!strings.Contains(domains[1], "example.com") {
			t.Errorf("session %s's emulator (%s) lists %s; want its own domain and the seeded example.com, not the other session's", name, url[1], domains[1])
		}
	}
	if len(urls) != 2 {
		t.Errorf("both sessions got the same emulator address %v", urls)
	}

	// A start that fails: the wait ends with the process, not at the loop's 30 s bound.
	began := time.Now()
	out, err := guideSession(ctx, "../..", env, strings.Replace(block, "examples/ci/seed.json", "examples/ci/no-such-seed.json", 1))
	took := time.Since(began)
	if err == nil {
		t.Fatalf("the guide's block succeeded with a missing seed file:\n%s", out)
	}
	for _, want := range []string{"emulator did not start", "no-such-seed.json: no such file or directory"} {
		if !strings.Contains(out, want) {
			t.Errorf("a failed start does not print %q:\n%s", want, out)
		}
	}
	if took > 20*time.Second {
		t.Errorf("a failed start was noticed after %s: the wait should end when the process exits, not at its 30 s bound\n%s", took, out)
	}
}

// runGuideSession runs script (guide blocks) in one bash session started in dir, failing
// t if a command fails, and returns its output without the CLI's colours.
func runGuideSession(ctx context.Context, t *testing.T, dir string, env []string, script string) string {
	t.Helper()
	log, err := guideSession(ctx, dir, env, script)
	if err != nil {
		t.Fatalf("the guide's commands failed: %v\n%s", err, log)
	}
	return log
}

// guideSession runs script in `bash -c` with `set -eo pipefail -x`, in dir, and returns
// its output (stdout and stderr, the CLI's colours removed) and how it ended. The session
// has its own process group, killed when it ends: an emulator it started in the background
// and did not stop (a step failed before the guide's stop step) goes with it.
func guideSession(ctx context.Context, dir string, env []string, script string) (string, error) {
	cmd := exec.CommandContext(ctx, "bash", "-c", "set -eo pipefail -x\n"+script)
	cmd.Dir = dir
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return "", err
	}
	err := cmd.Wait()
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // whatever the session left running
	return regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out.String(), ""), err
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

// TestDocsStartTheEmulatorOnAFreePort reads every place that tells a user, a script or a CI
// job how to start beian-emulator in the background — the README, the generated docs, the
// examples' READMEs and workflows, the scripts, the GitHub action — and checks that each lets
// the system pick the port (-listen 127.0.0.1:0), reads the address from -addr-file, and
// waits on the process too (kill -0), never on a fixed port. The commands themselves are run
// by the tests of each path (the local-install guide, the demo, examples/ci's workflows, the
// action); this keeps the copies that are not run from drifting back to 18080.
func TestDocsStartTheEmulatorOnAFreePort(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../*.md", "../../docs/*.md", "../../docs/guides/*.md", "../../examples/*/README.md",
		"../../examples/ci/*.yml", "../../scripts/*.sh", "../../.github/actions/*/*.sh", "../../.github/workflows/*.yml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	background := regexp.MustCompile(`beian-emulator"? .*&\s*$`)
	starts := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts := []string{string(b)}
		if strings.HasSuffix(f, ".md") {
			texts = shellBlocks(string(b))
		}
		for _, text := range texts {
			lines := strings.Split(text, "\n")
			for i, line := range lines {
				if strings.Contains(line, "_emulator/stats") && (strings.Contains(text, "for i in") || strings.Contains(text, "until ")) &&
					regexp.MustCompile(`127\.0\.0\.1:\d{2,}`).MatchString(line) {
					t.Errorf("%s: waits for the emulator by polling a fixed port: %s", f, strings.TrimSpace(line))
				}
				// A start in the background, possibly continued on the next line (\).
				start := line
				if strings.HasSuffix(strings.TrimSpace(line), "\\") && i+1 < len(lines) {
					start += lines[i+1]
				}
				if !strings.Contains(line, "beian-emulator") || !background.MatchString(strings.ReplaceAll(start, "\\\n", " ")) {
					continue
				}
				starts++
				if !strings.Contains(start, "-addr-file") || !regexp.MustCompile(`-listen "?127\.0\.0\.1:(0|\$port)"?`).MatchString(start) {
					t.Errorf("%s: starts the emulator without -listen 127.0.0.1:0 and -addr-file: %s", f, strings.TrimSpace(start))
				}
				if !strings.Contains(text, "kill -0 ") {
					t.Errorf("%s: starts the emulator but does not watch its process (kill -0) while it waits", f)
				}
			}
		}
	}
	t.Logf("%d background starts of the emulator in %d files", starts, len(files))
	if starts < 6 {
		t.Errorf("found %d background starts of the emulator in %d files; the file list of this test no longer matches the repository", starts, len(files))
	}
}
