package provider

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"gopkg.in/yaml.v3"
)

// GitHub Actions files run as written (see testkit_test.go): the `run:` steps of a workflow
// job or of a composite action, in bash, with the runner's files (GITHUB_ENV, GITHUB_OUTPUT,
// RUNNER_TEMP) and the `${{ }}` expressions these files use. This is no GitHub runner: a
// step that `uses:` an action runs only when the test says what it stands for (ghRunner.uses),
// and an expression or `if:` the kit does not know fails the test instead of being skipped.

// ghStep is one step of a job or a composite action.
type ghStep struct {
	ID               string            `yaml:"id"`
	Name             string            `yaml:"name"`
	If               string            `yaml:"if"`
	Uses             string            `yaml:"uses"`
	With             map[string]string `yaml:"with"`
	Run              string            `yaml:"run"`
	Shell            string            `yaml:"shell"`
	Env              map[string]string `yaml:"env"`
	WorkingDirectory string            `yaml:"working-directory"`
}

// ghWorkflow is a workflow file (.github/workflows/*.yml).
type ghWorkflow struct {
	Name string            `yaml:"name"`
	On   any               `yaml:"on"`
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		RunsOn string            `yaml:"runs-on"`
		Needs  any               `yaml:"needs"`
		If     string            `yaml:"if"`
		Env    map[string]string `yaml:"env"`
		Steps  []ghStep          `yaml:"steps"`
	} `yaml:"jobs"`
}

// ghAction is an action's action.yml.
type ghAction struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Author      string `yaml:"author"`
	Branding    struct {
		Icon  string `yaml:"icon"`
		Color string `yaml:"color"`
	} `yaml:"branding"`
	Inputs map[string]struct {
		Description string `yaml:"description"`
		Required    bool   `yaml:"required"`
		Default     string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string   `yaml:"using"`
		Steps []ghStep `yaml:"steps"`
	} `yaml:"runs"`
}

// readYAML decodes the YAML file path into v, refusing keys v does not know (a misspelt
// `working-directory` fails here, as GitHub would refuse it).
func readYAML(t testing.TB, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// ghRunner runs steps like a GitHub-hosted Linux runner would, in workspace (the checkout).
type ghRunner struct {
	t         testing.TB
	workspace string
	temp      string            // RUNNER_TEMP
	envFile   string            // GITHUB_ENV
	env       map[string]string // the workflow's env, and what steps wrote to GITHUB_ENV
	base      []string          // the process environment every step starts from
	path      []string          // directories put before PATH (what setup actions install)
	// uses says what a `uses:` step stands for, by the action reference as written; a step
	// using anything else fails the test.
	uses map[string]func(r *ghRunner, with map[string]string) map[string]string
	// outputs are the steps' outputs by step id.
	outputs map[string]map[string]string
	failed  bool
	log     bytes.Buffer
}

// newGHRunner is a runner for workspace; base is the environment of every step (without
// the runner's own variables, which it adds).
func newGHRunner(t testing.TB, workspace string, base []string) *ghRunner {
	t.Helper()
	temp := t.TempDir()
	r := &ghRunner{t: t, workspace: workspace, temp: temp, envFile: filepath.Join(temp, "github_env"),
		env: map[string]string{}, base: base, outputs: map[string]map[string]string{},
		uses: map[string]func(*ghRunner, map[string]string) map[string]string{}}
	if err := os.WriteFile(r.envFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return r
}

var ghExprRE = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// expand replaces the ${{ }} expressions of s: env.X (the workflow's env and GITHUB_ENV),
// inputs.X (inputs, in an action), steps.ID.outputs.X. Anything else fails the test.
func (r *ghRunner) expand(s string, inputs map[string]string, outputs map[string]map[string]string) string {
	r.t.Helper()
	return ghExprRE.ReplaceAllStringFunc(s, func(m string) string {
		expr := ghExprRE.FindStringSubmatch(m)[1]
		parts := strings.Split(expr, ".")
		switch {
		case len(parts) == 2 && parts[0] == "env":
			return r.env[parts[1]]
		case len(parts) == 2 && parts[0] == "inputs" && inputs != nil:
			v, ok := inputs[parts[1]]
			if !ok {
				r.t.Fatalf("expression %s: no input %q", m, parts[1])
			}
			return v
		case len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs":
			return outputs[parts[1]][parts[3]]
		}
		r.t.Fatalf("expression %s: the test kit does not evaluate it (env.X, inputs.X, steps.ID.outputs.X only)", m)
		return ""
	})
}

// runSteps runs steps in order, as a job (inputs nil) or as a composite action's steps
// (inputs its inputs, actionPath its directory), and returns the steps' outputs by id. After
// a failed step, only steps with `if: failure()` run; runSteps reports whether all passed.
func (r *ghRunner) runSteps(steps []ghStep, inputs map[string]string, actionPath string) (map[string]map[string]string, bool) {
	r.t.Helper()
	outputs := map[string]map[string]string{}
	if inputs == nil {
		outputs = r.outputs
	}
	ok := true
	for i, s := range steps {
		switch s.If {
		case "":
			if !ok {
				continue
			}
		case "failure()":
			if ok {
				continue
			}
		default:
			r.t.Fatalf("step %d (%s): if: %q is not evaluated by the test kit", i, s.Name, s.If)
		}
		var out map[string]string
		if s.Uses != "" {
			f, known := r.uses[s.Uses]
			if !known {
				r.t.Fatalf("step %d (%s) uses %s, which this test does not stand in for", i, s.Name, s.Uses)
			}
			with := map[string]string{}
			for k, v := range s.With {
				with[k] = r.expand(v, inputs, outputs)
			}
			out = f(r, with)
			if out == nil {
				ok = false
				r.failed = true
			}
		} else {
			var passed bool
			out, passed = r.runShell(i, s, inputs, outputs, actionPath)
			if !passed {
				ok = false
				r.failed = true
			}
		}
		if s.ID != "" {
			outputs[s.ID] = out
		}
	}
	return outputs, ok
}

// runShell runs one `run:` step in bash (`bash --noprofile --norc -eo pipefail`, GitHub's
// `shell: bash`), in its own process group: what it leaves running in the background (an
// emulator) lives on like on a runner, and is killed when the test ends.
func (r *ghRunner) runShell(i int, s ghStep, inputs map[string]string, outputs map[string]map[string]string, actionPath string) (map[string]string, bool) {
	r.t.Helper()
	if s.Shell != "" && s.Shell != "bash" {
		r.t.Fatalf("step %d (%s): shell %q; the kit runs bash", i, s.Name, s.Shell)
	}
	script := filepath.Join(r.temp, fmt.Sprintf("step-%d.sh", i))
	if err := os.WriteFile(script, []byte(r.expand(s.Run, inputs, outputs)), 0o600); err != nil {
		r.t.Fatal(err)
	}
	outFile := filepath.Join(r.temp, fmt.Sprintf("step-%d.output", i))
	if err := os.WriteFile(outFile, nil, 0o600); err != nil {
		r.t.Fatal(err)
	}
	env := append([]string{}, r.base...)
	if len(r.path) > 0 {
		basePath := os.Getenv("PATH")
		for _, kv := range r.base {
			if p, ok := strings.CutPrefix(kv, "PATH="); ok {
				basePath = p
			}
		}
		env = append(env, "PATH="+strings.Join(append(slices.Clone(r.path), basePath), string(os.PathListSeparator)))
	}
	env = append(env, "CI=true", "GITHUB_ACTIONS=true", "RUNNER_OS=Linux", "RUNNER_TEMP="+r.temp,
		"GITHUB_WORKSPACE="+r.workspace, "GITHUB_ENV="+r.envFile, "GITHUB_OUTPUT="+outFile)
	if actionPath != "" {
		env = append(env, "GITHUB_ACTION_PATH="+actionPath)
	}
	for k, v := range r.env {
		env = append(env, k+"="+v)
	}
	for k, v := range s.Env {
		env = append(env, k+"="+r.expand(v, inputs, outputs))
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
	cmd.Dir = filepath.Join(r.workspace, s.WorkingDirectory)
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	pgid := cmd.Process.Pid
	r.t.Cleanup(func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) })
	err := cmd.Wait()
	fmt.Fprintf(&r.log, "--- step %d: %s\n%s", i, s.Name, regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out.String(), ""))
	if err != nil {
		fmt.Fprintf(&r.log, "--- step %d failed: %v\n", i, err)
	}
	r.readEnvFile()
	return readKeyValues(r.t, outFile), err == nil
}

// readEnvFile takes what steps wrote to GITHUB_ENV into the env of the steps after them.
func (r *ghRunner) readEnvFile() {
	for k, v := range readKeyValues(r.t, r.envFile) {
		r.env[k] = v
	}
}

// readKeyValues reads a GITHUB_ENV / GITHUB_OUTPUT file: NAME=value lines (the multi-line
// NAME<<DELIMITER form is refused: nothing here writes it).
func readKeyValues(t testing.TB, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	kv := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.Contains(k, "<<") {
			t.Fatalf("%s: line %q is not NAME=value", path, line)
		}
		kv[k] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return kv
}

// runAction runs the emulator's composite action (emulatorActionDir) with inputs with (the
// action's defaults for the others) and returns its outputs, or nil when a step failed.
func (r *ghRunner) runAction(with map[string]string) map[string]string {
	r.t.Helper()
	dir := emulatorActionDir
	var a ghAction
	readYAML(r.t, filepath.Join(dir, "action.yml"), &a)
	if a.Runs.Using != "composite" {
		r.t.Fatalf("%s: runs.using %q; the kit runs composite actions", dir, a.Runs.Using)
	}
	inputs := map[string]string{}
	for name, in := range a.Inputs {
		inputs[name] = in.Default
	}
	for k, v := range with {
		if _, ok := a.Inputs[k]; !ok {
			r.t.Fatalf("%s has no input %q", dir, k)
		}
		inputs[k] = v
	}
	for name, in := range a.Inputs {
		if in.Required && inputs[name] == "" {
			r.t.Fatalf("%s: required input %q not given", dir, name)
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		r.t.Fatal(err)
	}
	stepOutputs, ok := r.runSteps(a.Runs.Steps, inputs, abs)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for name, o := range a.Outputs {
		out[name] = r.expand(o.Value, inputs, stepOutputs)
	}
	return out
}

// releaseGoShim writes a `go` command into a new directory (returned, for PATH) that
// stands in for the Go module proxy serving release `release` of this module: `go install
// github.com/beian-dev/terraform-provider-beian[/cmd/beian-emulator]@<release>` installs the
// binary releaseBinaries built from this checkout into GOBIN. Any other `go install` of this
// module (@latest, @main, a commit, another tag) fails, so a file that does not pin the
// release fails its test; other go commands run the real go. Every install of this module
// is appended to the file calls.
func releaseGoShim(t testing.TB, release string) (dir, calls string) {
	t.Helper()
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	built := releaseBinaries(t)
	dir = t.TempDir()
	calls = filepath.Join(dir, "calls")
	script := fmt.Sprintf(`#!/usr/bin/env bash
# Test stand-in for the Go module proxy serving %[1]s of this module (testkit_workflow_test.go).
set -euo pipefail
module=github.com/beian-dev/terraform-provider-beian
if [ "${1:-}" != install ]; then exec %[2]q "$@"; fi
for arg in "${@:2}"; do
  case $arg in
    -*) continue ;;
    "$module"@*|"$module"/*@*) ;;
    *) exec %[2]q "$@" ;;
  esac
  pkg=${arg%%@*} version=${arg#*@}
  echo "$arg" >>%[3]q
  if [ "$version" != %[1]q ]; then echo "go install $arg: the test serves $module@%[1]s only (pin the release)" >&2; exit 1; fi
  case $pkg in
    "$module") name=terraform-provider-beian ;;
    "$module"/cmd/beian-emulator) name=beian-emulator ;;
    *) echo "go install $arg: no such command in the module" >&2; exit 1 ;;
  esac
  mkdir -p "${GOBIN:?the test expects GOBIN}"
  cp %[4]q/"$name" "$GOBIN/$name"
done
`, release, realGo, calls, built)
	if err := os.WriteFile(filepath.Join(dir, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, calls
}

// releaseVersion is the version releaseBinaries links in: what goreleaser's {{ .Version }}
// is for the tag pinnedRelease.
const releaseVersion = "0.1.0"

// releaseBin holds the binaries releaseBinaries builds, once per test process.
var releaseBin struct {
	once sync.Once
	dir  string
	err  error
}

// releaseBinaries returns a directory holding terraform-provider-beian and beian-emulator
// built from this checkout as release releaseVersion (-ldflags "-X main.version=…", as
// .goreleaser.yml links it), built on first use and removed by TestMain. Nothing may write
// there.
func releaseBinaries(t testing.TB) string {
	t.Helper()
	releaseBin.once.Do(func() {
		dir, err := os.MkdirTemp("", "beian-release-bin-") //nolint:usetesting // built once for every test of the process
		if err != nil {
			releaseBin.err = err
			return
		}
		releaseBin.dir = dir
		cmd := exec.Command("go", "build", "-ldflags", "-X main.version="+releaseVersion, "-o", dir+string(os.PathSeparator),
			"github.com/beian-dev/terraform-provider-beian", "github.com/beian-dev/terraform-provider-beian/cmd/beian-emulator")
		if out, err := cmd.CombinedOutput(); err != nil {
			releaseBin.err = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if releaseBin.err != nil {
		t.Fatalf("building the release binaries: %v", releaseBin.err)
	}
	return releaseBin.dir
}

// removeReleaseBinaries removes what releaseBinaries built (TestMain, after the tests).
func removeReleaseBinaries() {
	if releaseBin.dir != "" {
		os.RemoveAll(releaseBin.dir)
	}
}

// ghUsesNothing stands for an action whose work the test environment already did
// (actions/checkout: the workspace is in place; actions/setup-go: Go is on PATH).
func ghUsesNothing(*ghRunner, map[string]string) map[string]string { return map[string]string{} }

// processAlive reports whether pid names a live process.
func processAlive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// stopProcess sends SIGTERM to pid.
func stopProcess(t testing.TB, pid int) {
	t.Helper()
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Errorf("stopping process %d: %v", pid, err)
	}
}
