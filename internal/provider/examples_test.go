package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// examplesDir holds the documentation examples (tfplugindocs inputs) and the runnable
// compositions: provider/, resources/<type>/, data-sources/<type>/, functions/<name>/,
// quickstart/, modules/<name>/.
const examplesDir = "../../examples"

// TestExamplesValidate runs `validate` of the real CLI (TF_ACC_TERRAFORM_PATH, OpenTofu
// from .tools/bin under `make testacc`) on every directory of examples/ that holds *.tf
// files, against a provider binary built once for the test. The CLI reads the provider's
// schema through dev_overrides, so an example that uses an attribute the provider does not
// have, a wrong type or a bad value fails here instead of in a user's hands. No `init` and
// no registry: examples may use only this provider (and built-ins such as terraform_data);
// local modules are fetched with `get`.
func TestExamplesValidate(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc) to validate examples/ with the real CLI")
	}
	cli := exampleCLI(t)
	functions := cliHasProviderFunctions(t, cli)
	dirs := exampleDirs(t)
	if len(dirs) == 0 {
		t.Fatalf("no example directories with *.tf files found under %s", examplesDir)
	}

	work := t.TempDir()
	bin := filepath.Join(work, "bin")
	buildExampleProvider(t, bin)
	cliConfig := writeDevOverridesRC(t, work, bin)

	for _, dir := range dirs {
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			t.Parallel()
			// The whole examples tree is copied so that relative module sources
			// (quickstart → ../modules/x) resolve as they do in the repository.
			root := filepath.Join(t.TempDir(), "examples")
			copyExampleTree(t, examplesDir, root)
			wd := filepath.Join(root, dir)
			files := exampleTFFiles(t, wd)
			if !functions && (exampleMentions(files, exampleProviderFunctionRE) || exampleMentions(files, exampleRequires18RE)) {
				t.Skipf("examples/%s uses provider functions, which this CLI lacks (Terraform < 1.8 / OpenTofu < 1.7)", filepath.ToSlash(dir))
			}
			if !exampleMentions(files, exampleRequiredProvidersRE) {
				// A documentation snippet without a terraform block: require the provider
				// the way users do (source beian-dev/beian), not as hashicorp/beian.
				req := "terraform {\n  required_providers {\n    beian = {\n      source = \"beian-dev/beian\"\n    }\n  }\n}\n"
				if err := os.WriteFile(filepath.Join(wd, "examples_test_providers.tf"), []byte(req), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if exampleMentions(files, exampleProviderBlockRE) {
				// The CLI validates a provider block only when something uses it: give the
				// provider example's settings a user so their validators run.
				use := "data \"beian_regions\" \"examples_test_uses_the_provider\" {}\n"
				if err := os.WriteFile(filepath.Join(wd, "examples_test_uses_provider.tf"), []byte(use), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if exampleMentions(files, exampleModuleBlockRE) {
				runExampleCLI(t, cli, cliConfig, wd, "get", "-no-color")
			}
			out := runExampleCLI(t, cli, cliConfig, wd, "validate", "-json", "-no-color")
			checkExampleValidate(t, out)
			// Examples are documentation: they must be formatted the canonical way too.
			fmtCmd := exec.Command(cli, "fmt", "-check", "-diff", "-no-color")
			fmtCmd.Dir = wd
			fmtCmd.Env = exampleCLIEnv(cliConfig)
			if b, err := fmtCmd.CombinedOutput(); err != nil {
				t.Errorf("examples/%s is not formatted (run `tofu fmt examples/%s`): %v\n%s", filepath.ToSlash(dir), filepath.ToSlash(dir), err, b)
			}
		})
	}
}

var (
	exampleProviderFunctionRE  = regexp.MustCompile(`provider::beian::`)
	exampleRequires18RE        = regexp.MustCompile(`required_version\s*=\s*">=\s*1\.8`)
	exampleRequiredProvidersRE = regexp.MustCompile(`(?m)^\s*required_providers\s*\{`)
	exampleModuleBlockRE       = regexp.MustCompile(`(?m)^\s*module\s+"`)
	exampleProviderBlockRE     = regexp.MustCompile(`(?m)^\s*provider\s+"beian"\s*\{`)
)

// exampleCLI returns the CLI the acceptance tests use.
func exampleCLI(t *testing.T) string {
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

// exampleDirs lists the directories under examplesDir that hold *.tf files, relative to it.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(examplesDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != examplesDir && skipExamplePath(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".tf") && !skipExamplePath(d.Name()) {
			rel, err := filepath.Rel(examplesDir, filepath.Dir(p))
			if err != nil {
				return err
			}
			if !slices.Contains(dirs, rel) {
				dirs = append(dirs, rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing %s: %v", examplesDir, err)
	}
	slices.Sort(dirs)
	return dirs
}

// skipExamplePath is true for working files a local run leaves behind (.terraform/,
// state, lock files) and for names the CLI ignores itself.
func skipExamplePath(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".tfstate") || strings.Contains(name, ".tfstate.") || strings.HasSuffix(name, ".tfplan")
}

func copyExampleTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		if rel != "." && skipExamplePath(d.Name()) {
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
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatalf("copying %s: %v", from, err)
	}
}

func exampleTFFiles(t *testing.T, dir string) [][]byte {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, m := range matches {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func exampleMentions(files [][]byte, re *regexp.Regexp) bool {
	for _, f := range files {
		if re.Match(f) {
			return true
		}
	}
	return false
}

// buildExampleProvider builds the provider binary into dir, under the name dev_overrides expects.
func buildExampleProvider(t *testing.T, dir string) {
	t.Helper()
	// `go test` puts GOROOT/bin first in PATH; GOROOT covers a test binary run by hand.
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goroot := os.Getenv("GOROOT")
		if goroot == "" {
			t.Fatalf("no go command to build the provider with: %v (put it in PATH or set GOROOT)", err)
		}
		goCmd = filepath.Join(goroot, "bin", "go")
	}
	out := filepath.Join(dir, "terraform-provider-beian")
	if runtime.GOOS == "windows" {
		out += ".exe"
	}
	cmd := exec.Command(goCmd, "build", "-o", out, "github.com/beian-dev/terraform-provider-beian")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, b)
	}
}

// runExampleCLI runs the CLI in dir with a CLI configuration of the test's own: the user's (or
// a TF_CLI_CONFIG_FILE naming a missing file) must not matter, nor TF_CLI_ARGS*.
func runExampleCLI(t *testing.T, cli, cliConfig, dir string, args ...string) []byte {
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

// exampleValidateOutput is the part of `validate -json` the test reads.
type exampleValidateOutput struct {
	Valid       bool `json:"valid"`
	Diagnostics []struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
		Range    *struct {
			Filename string `json:"filename"`
			Start    struct {
				Line int `json:"line"`
			} `json:"start"`
		} `json:"range"`
		Snippet *struct {
			Code string `json:"code"`
		} `json:"snippet"`
	} `json:"diagnostics"`
}

// checkExampleValidate fails on errors and on warnings: an example must be clean (a
// deprecated attribute in the docs is a bug). The dev_overrides notice is expected.
func checkExampleValidate(t *testing.T, raw []byte) {
	t.Helper()
	var out exampleValidateOutput
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("cannot parse validate -json output: %v\n%s", err, raw)
	}
	var problems []string
	for _, d := range out.Diagnostics {
		if d.Severity == "warning" && strings.Contains(d.Summary, "Provider development overrides are in effect") {
			continue
		}
		where := ""
		if d.Range != nil {
			where = fmt.Sprintf(" (%s:%d)", d.Range.Filename, d.Range.Start.Line)
		}
		p := fmt.Sprintf("%s: %s%s\n  %s", d.Severity, d.Summary, where, strings.ReplaceAll(strings.TrimSpace(d.Detail), "\n", "\n  "))
		if d.Snippet != nil && d.Snippet.Code != "" {
			p += "\n  > " + strings.TrimSpace(d.Snippet.Code)
		}
		problems = append(problems, p)
	}
	if !out.Valid || len(problems) > 0 {
		t.Errorf("validate (valid=%v) reported:\n%s", out.Valid, strings.Join(problems, "\n\n"))
	}
}

// cliHasProviderFunctions reports whether the CLI supports provider-defined functions:
// OpenTofu from 1.7, Terraform from 1.8.
func cliHasProviderFunctions(t *testing.T, cli string) bool {
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
	major, _ := strconv.Atoi(m[2])
	minor, _ := strconv.Atoi(m[3])
	if m[1] == "OpenTofu" {
		return major > 1 || minor >= 7
	}
	return major > 1 || minor >= 8
}

// writeDevOverridesRC writes a CLI configuration into dir that installs the provider
// binary in bin through dev_overrides (no registry, no init), and returns its path.
func writeDevOverridesRC(t *testing.T, dir, bin string) string {
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
