package provider

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// pinnedRelease is the release examples/ci's workflow, the emulator action's default and the
// README pin.
const pinnedRelease = "v0.1.0"

// emulatorActionDir is the composite action that starts beian-emulator in a GitHub job.
const emulatorActionDir = "../../.github/actions/beian-emulator"

// emulatorActionRef is how users (and examples/ci's workflow) refer to the action.
const emulatorActionRef = "beian-dev/terraform-provider-beian/.github/actions/beian-emulator@" + pinnedRelease

// TestEmulatorAction runs the beian-emulator action's step as a runner would: it installs
// the emulator of its default release with go install (served from this checkout by
// releaseGoShim, which refuses any other version), starts it seeded, and hands the URL to
// the job. Two emulators started by the action in one job run side by side on their own
// ports; a start that fails fails the step with the emulator's log; an `emulator` binary
// given as input is run without installing anything.
func TestEmulatorAction(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("the action's step is bash; no bash here")
	}
	shim, calls := releaseGoShim(t, pinnedRelease)
	ws := t.TempDir()
	seed, err := os.ReadFile(filepath.Join(examplesDir, "ci", "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, ws, "seed.json", string(seed))
	r := newGHRunner(t, ws, guideEnv(t, t.TempDir(), t.TempDir(), shim))

	first := r.runAction(map[string]string{"seed-file": "seed.json"})
	if first == nil {
		t.Fatalf("the action failed:\n%s", r.log.String())
	}
	env := r.env // what the first start exported for the job's later steps
	if env["BEIAN_ENDPOINT_OVERRIDE"] != first["url"] || env["ALIBABA_CLOUD_ACCESS_KEY_ID"] != emulator.DefaultAccessKeyID ||
		env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] != emulator.DefaultAccessKeySecret {
		t.Errorf("GITHUB_ENV after the action = %v; want BEIAN_ENDPOINT_OVERRIDE=%s and the emulator's keys", env, first["url"])
	}
	second := r.runAction(map[string]string{"seed-file": "seed.json", "export-env": "false"})
	if second == nil {
		t.Fatalf("the second start failed:\n%s", r.log.String())
	}
	if r.env["BEIAN_ENDPOINT_OVERRIDE"] != first["url"] {
		t.Errorf("export-env: false changed BEIAN_ENDPOINT_OVERRIDE to %s", r.env["BEIAN_ENDPOINT_OVERRIDE"])
	}
	for _, out := range []map[string]string{first, second} {
		pid, err := strconv.Atoi(out["pid"])
		if err != nil || !processAlive(pid) {
			t.Fatalf("outputs %v: the pid is not a live process (%v)", out, err)
		}
		defer stopProcess(t, pid)
		if !strings.HasPrefix(out["url"], "http://127.0.0.1:") || !fileExists(out["log"]) {
			t.Errorf("outputs %v: want a loopback URL and the log's path", out)
		}
	}
	if first["url"] == second["url"] {
		t.Fatalf("two emulators of one job share %s", first["url"])
	}
	// Each is its own emulator, seeded from the file.
	a, b := emulator.NewControlClient(first["url"]), emulator.NewControlClient(second["url"])
	if err := a.AddDomain(emulator.DomainSeed{Domain: "only-first.example"}); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*emulator.ControlClient{"first": a, "second": b} {
		doms, err := c.Domains()
		if err != nil {
			t.Fatal(err)
		}
		names := []string{}
		for _, d := range doms {
			names = append(names, d.Domain)
		}
		want := []string{"example.com"}
		if name == "first" {
			want = append(want, "only-first.example")
		}
		slices.Sort(names)
		if !slices.Equal(names, want) {
			t.Errorf("%s emulator's domains = %v, want %v (the seed file's, and only its own additions)", name, names, want)
		}
	}
	if !strings.Contains(r.log.String(), "beian-emulator 0.1.0 serves at "+first["url"]) {
		t.Errorf("the step does not say which release serves where:\n%s", r.log.String())
	}
	installs, err := os.ReadFile(calls)
	if err != nil || strings.Count(string(installs), "github.com/beian-dev/terraform-provider-beian/cmd/beian-emulator@"+pinnedRelease) != 2 {
		t.Errorf("go install calls %q (%v); want the emulator of %s installed once per start", installs, err, pinnedRelease)
	}

	// A start that fails (a seed file that is not there) fails the step, with the log.
	r.log.Reset()
	if out := r.runAction(map[string]string{"seed-file": "no-such-seed.json"}); out != nil {
		t.Fatalf("the action passed with a missing seed file: %v\n%s", out, r.log.String())
	}
	for _, want := range []string{"::error::beian-emulator did not start", "no-such-seed.json: no such file or directory"} {
		if !strings.Contains(r.log.String(), want) {
			t.Errorf("the failed step does not print %q:\n%s", want, r.log.String())
		}
	}

	// A binary given as input runs as is: nothing is installed.
	before, _ := os.ReadFile(calls)
	bin := filepath.Join(t.TempDir(), "beian-emulator")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/beian-dev/terraform-provider-beian/cmd/beian-emulator").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	r.log.Reset()
	own := r.runAction(map[string]string{"emulator": bin, "export-env": "false"})
	if own == nil {
		t.Fatalf("the action failed with an emulator binary:\n%s", r.log.String())
	}
	if pid, err := strconv.Atoi(own["pid"]); err == nil {
		defer stopProcess(t, pid)
	}
	if after, _ := os.ReadFile(calls); string(after) != string(before) {
		t.Errorf("the action installed the emulator although one was given: %q", after)
	}
}

// TestAccExamples_ciWorkflow runs examples/ci/github-actions.yml as written, in a workspace
// laid out as its header says (infra/ci, with the icp-site module beside it in
// infra/modules): the provider and the emulator are installed with `go install …@v0.1.0`
// (releaseGoShim builds them from this checkout and refuses any other version, so a workflow
// that builds HEAD or installs @latest fails), the emulator action starts the emulator,
// `tofu get` and `tofu test` pass. actions/checkout and actions/setup-go stand for what the
// test environment already has; opentofu/setup-opentofu puts the CLI under test on PATH.
func TestAccExamples_ciWorkflow(t *testing.T) {
	requireAcc(t)
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("the workflow's steps are bash; no bash here")
	}
	cli := exampleCLI(t)
	if !cliHasProviderFunctions(t, cli) {
		t.Skip("examples/ci uses provider functions, which this CLI lacks (Terraform < 1.8 / OpenTofu < 1.7)")
	}
	var wf ghWorkflow
	readYAML(t, filepath.Join(examplesDir, "ci", "github-actions.yml"), &wf)
	job, ok := wf.Jobs["module-tests"]
	if !ok || len(wf.Jobs) != 1 {
		t.Fatalf("examples/ci/github-actions.yml: want one job, module-tests; have %v", wf.Jobs)
	}

	ws := t.TempDir()
	copyExampleTree(t, filepath.Join(examplesDir, "ci"), filepath.Join(ws, "infra", "ci"))
	copyExampleTree(t, filepath.Join(examplesDir, "modules"), filepath.Join(ws, "infra", "modules"))
	shim, calls := releaseGoShim(t, pinnedRelease)
	r := newGHRunner(t, ws, guideEnv(t, t.TempDir(), t.TempDir(), shim))
	for k, v := range wf.Env {
		r.env[k] = r.expand(v, nil, nil)
	}
	for k, v := range job.Env {
		r.env[k] = r.expand(v, nil, nil)
	}
	r.uses["actions/checkout@v4"] = ghUsesNothing
	r.uses["actions/setup-go@v5"] = ghUsesNothing
	r.uses["opentofu/setup-opentofu@v1"] = func(r *ghRunner, with map[string]string) map[string]string {
		if with["tofu_wrapper"] != "false" {
			t.Errorf("setup-opentofu without tofu_wrapper: false: the wrapper changes tofu's output and exit codes")
		}
		dir := t.TempDir()
		if err := os.Symlink(cli, filepath.Join(dir, "tofu")); err != nil {
			t.Fatal(err)
		}
		r.path = append(r.path, dir)
		return map[string]string{}
	}
	r.uses[emulatorActionRef] = func(r *ghRunner, with map[string]string) map[string]string {
		if with["version"] != pinnedRelease {
			t.Errorf("the emulator action is asked for version %q, want the pinned %s", with["version"], pinnedRelease)
		}
		return r.runAction(with)
	}
	_, passed := r.runSteps(job.Steps, nil, "")
	log := r.log.String()
	if out := r.outputs["emulator"]; out != nil {
		if pid, err := strconv.Atoi(out["pid"]); err == nil && processAlive(pid) {
			defer stopProcess(t, pid)
		}
	}
	if !passed {
		t.Fatalf("the workflow failed:\n%s", log)
	}
	for _, want := range []string{"terraform-provider-beian 0.1.0", "beian-emulator 0.1.0 serves at", "1 passed, 0 failed"} {
		if !strings.Contains(log, want) {
			t.Errorf("the workflow's output lacks %q:\n%s", want, log)
		}
	}
	installs, err := os.ReadFile(calls)
	if err != nil {
		t.Fatal(err)
	}
	want := "github.com/beian-dev/terraform-provider-beian@" + pinnedRelease + "\n" +
		"github.com/beian-dev/terraform-provider-beian/cmd/beian-emulator@" + pinnedRelease + "\n"
	if string(installs) != want {
		t.Errorf("go install calls:\n%s\nwant the provider and the emulator of %s:\n%s", installs, pinnedRelease, want)
	}
}

// glJob is a job of a .gitlab-ci.yml, the keys examples/ci/gitlab-ci.yml uses.
type glJob struct {
	Image        string              `yaml:"image"`
	Rules        []map[string]string `yaml:"rules"`
	BeforeScript []string            `yaml:"before_script"`
	Script       []string            `yaml:"script"`
	Artifacts    struct {
		When  string   `yaml:"when"`
		Paths []string `yaml:"paths"`
	} `yaml:"artifacts"`
}

// readGitLabCI reads a .gitlab-ci.yml with top-level `variables` and jobs.
func readGitLabCI(t *testing.T, path string) (map[string]string, map[string]glJob) {
	t.Helper()
	var top map[string]yaml.Node
	readYAML(t, path, &top)
	vars := map[string]string{}
	jobs := map[string]glJob{}
	for name, node := range top {
		var err error
		if name == "variables" {
			err = node.Decode(&vars)
		} else {
			var j glJob
			b, _ := yaml.Marshal(&node)
			dec := yaml.NewDecoder(bytes.NewReader(b))
			dec.KnownFields(true)
			err = dec.Decode(&j)
			jobs[name] = j
		}
		if err != nil {
			t.Fatalf("%s: %s: %v", path, name, err)
		}
	}
	return vars, jobs
}

// TestAccExamples_ciGitLab runs the job of examples/ci/gitlab-ci.yml as written — its
// before_script and script lines, in order, in one `bash -eo pipefail` session, as the GitLab
// runner does — in a workspace laid out as its header says (infra/ci, infra/modules). The
// network is what differs: `curl` is served from a local copy of the two releases the job
// pins (OpenTofu, a tarball of the CLI under test with a SHA256SUMS; terraform-provider-beian
// 0.1.0 in the release layout, built from this checkout), and any other URL fails; apt-get
// does nothing. So the checksums are checked, the provider's zip installs from the packed
// filesystem mirror with `tofu init` (pinned in the lock file), the emulator starts on its
// own port, and `tofu test` passes — or this test fails.
func TestAccExamples_ciGitLab(t *testing.T) {
	requireAcc(t)
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("the job runs linux_amd64 release archives")
	}
	for _, tool := range []string{"bash", "tar", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the job's commands need %s", tool)
		}
	}
	cli := exampleCLI(t)
	if !cliHasProviderFunctions(t, cli) {
		t.Skip("examples/ci uses provider functions, which this CLI lacks (Terraform < 1.8 / OpenTofu < 1.7)")
	}
	vars, jobs := readGitLabCI(t, filepath.Join(examplesDir, "ci", "gitlab-ci.yml"))
	job, ok := jobs["infra-tests"]
	if !ok || len(jobs) != 1 {
		t.Fatalf("examples/ci/gitlab-ci.yml: want one job, infra-tests; have %v", jobs)
	}
	if vars["BEIAN_VERSION"] != releaseVersion {
		t.Fatalf("examples/ci/gitlab-ci.yml pins BEIAN_VERSION %q, want %s", vars["BEIAN_VERSION"], releaseVersion)
	}

	// The two releases the job downloads, served by a curl stand-in.
	serve := t.TempDir()
	tofuVersion := vars["TOFU_VERSION"]
	writeTarGz(t, filepath.Join(serve, "tofu_"+tofuVersion+"_linux_amd64.tar.gz"), map[string]string{"tofu": cli})
	writeSHA256SUMS(t, serve, "tofu_"+tofuVersion+"_SHA256SUMS", "tofu_"+tofuVersion+"_linux_amd64.tar.gz")
	built := releaseBinaries(t)
	zipName := "terraform-provider-beian_" + releaseVersion + "_linux_amd64.zip"
	writeZip(t, filepath.Join(serve, zipName), map[string]string{"terraform-provider-beian_v" + releaseVersion: filepath.Join(built, "terraform-provider-beian")})
	emuName := "beian-emulator_" + releaseVersion + "_linux_amd64.tar.gz"
	writeTarGz(t, filepath.Join(serve, emuName), map[string]string{"beian-emulator": filepath.Join(built, "beian-emulator")})
	writeSHA256SUMS(t, serve, "terraform-provider-beian_"+releaseVersion+"_SHA256SUMS", zipName, emuName)
	shims := t.TempDir()
	writeScript(t, shims, "curl", fmt.Sprintf(`#!/usr/bin/env bash
# Test stand-in for the network: serves the pinned releases from a local directory.
set -euo pipefail
[ "$1" = -fsSLo ] || { echo "curl stand-in: want -fsSLo FILE URL, got $*" >&2; exit 2; }
case $3 in
  https://github.com/opentofu/opentofu/releases/download/v%[1]s/*|https://github.com/beian-dev/terraform-provider-beian/releases/download/v%[2]s/*) ;;
  *) echo "curl: (22) the test serves no $3" >&2; exit 22 ;;
esac
[ -f %[3]q/"${3##*/}" ] || { echo "curl: (22) 404 $3" >&2; exit 22; }
cp %[3]q/"${3##*/}" "$2"
`, tofuVersion, releaseVersion, serve))
	writeScript(t, shims, "apt-get", "#!/bin/sh\nexit 0\n")

	ws := t.TempDir()
	copyExampleTree(t, filepath.Join(examplesDir, "ci"), filepath.Join(ws, "infra", "ci"))
	copyExampleTree(t, filepath.Join(examplesDir, "modules"), filepath.Join(ws, "infra", "modules"))
	env := guideEnv(t, t.TempDir(), t.TempDir(), shims)
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	env = append(env, "CI=true", "GITLAB_CI=true", "CI_PROJECT_DIR="+ws, "CI_PIPELINE_SOURCE=merge_request_event")
	script := strings.Join(append(slices.Clone(job.BeforeScript), job.Script...), "\n")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	log, err := guideSession(ctx, ws, env, script)
	if err != nil {
		t.Fatalf("the GitLab job failed: %v\n%s", err, log)
	}
	for _, want := range []string{": OK", "Installed beian-dev/beian v" + releaseVersion, "1 passed, 0 failed"} {
		if !strings.Contains(log, want) {
			t.Errorf("the job's output lacks %q:\n%s", want, log)
		}
	}
	if n := strings.Count(log, ": OK"); n != 3 {
		t.Errorf("%d downloads checked against SHA256SUMS, want 3:\n%s", n, log)
	}
	lock, err := os.ReadFile(filepath.Join(ws, "infra", "ci", ".terraform.lock.hcl"))
	if err != nil || !regexp.MustCompile(`provider "registry\.(opentofu\.org|terraform\.io)/beian-dev/beian" \{\s+version\s+=\s+"`+regexp.QuoteMeta(releaseVersion)+`"`).Match(lock) {
		t.Errorf("the lock file does not pin beian-dev/beian %s: %v\n%s", releaseVersion, err, lock)
	}

	// A download that does not match the release's SHA256SUMS stops the job before anything runs.
	if err := os.WriteFile(filepath.Join(serve, emuName), []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	ws2 := t.TempDir()
	copyExampleTree(t, filepath.Join(examplesDir, "ci"), filepath.Join(ws2, "infra", "ci"))
	env = append(env, "CI_PROJECT_DIR="+ws2)
	log, err = guideSession(ctx, ws2, env, strings.Join(job.BeforeScript, "\n"))
	if err == nil || !strings.Contains(log, emuName+" does not match its release's SHA256SUMS") {
		t.Errorf("a tampered download did not stop the job (%v):\n%s", err, log)
	}
}

// writeScript writes an executable script into dir.
func writeScript(t testing.TB, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}

// writeZip writes a zip archive at path holding, under each name, the file at its source path
// (executable).
func writeZip(t testing.TB, path string, files map[string]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, src := range files {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		h.SetMode(0o755)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := errors.Join(zw.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
}

// writeTarGz writes a gzip-compressed tar archive at path holding, under each name, the file
// at its source path (executable).
func writeTarGz(t testing.TB, path string, files map[string]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for name, src := range files {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := errors.Join(tw.Close(), gz.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
}

// writeSHA256SUMS writes dir/name listing the SHA-256 of each of files (in dir), in the
// format of sha256sum and goreleaser: "<hex>  <name>".
func writeSHA256SUMS(t testing.TB, dir, name string, files ...string) {
	t.Helper()
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%x  %s\n", sha256.Sum256(data), f)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
