package provider

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestAccExamples_validate runs `validate` of the real CLI (TF_ACC_TERRAFORM_PATH, OpenTofu
// from .tools/bin under `make testacc`) on every directory of examples/ that holds *.tf
// files, against a provider binary built once for the test. The CLI reads the provider's
// schema through dev_overrides, so an example that uses an attribute the provider does not
// have, a wrong type or a bad value fails here instead of in a user's hands. No `init` and
// no registry: examples may use only this provider (and built-ins such as terraform_data);
// local modules are fetched with `get`.
func TestAccExamples_validate(t *testing.T) {
	requireAcc(t)
	cli := exampleCLI(t)
	functions := cliHasProviderFunctions(t, cli)
	identityImports := cliHasIdentityImports(t, cli)
	dirs := exampleDirs(t)
	if len(dirs) == 0 {
		t.Fatalf("no example directories with *.tf files found under %s", examplesDir)
	}

	cliConfig := writeDevOverridesRC(t, t.TempDir(), providerBinDir(t))

	for _, dir := range dirs {
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			t.Parallel()
			// The whole examples tree is copied so that relative module sources
			// (quickstart → ../modules/x) resolve as they do in the repository.
			root := filepath.Join(t.TempDir(), "examples")
			copyExampleTree(t, examplesDir, root)
			wd := filepath.Join(root, dir)
			files := exampleTFFiles(t, wd)
			if !identityImports {
				dropIdentityImports(t, wd)
				files = exampleTFFiles(t, wd)
			}
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

// What TestAccExamples_validate looks for in an example's files.
var (
	exampleProviderFunctionRE  = regexp.MustCompile(`provider::beian::`)
	exampleRequires18RE        = regexp.MustCompile(`required_version\s*=\s*">=\s*1\.8`)
	exampleRequiredProvidersRE = regexp.MustCompile(`(?m)^\s*required_providers\s*\{`)
	exampleModuleBlockRE       = regexp.MustCompile(`(?m)^\s*module\s+"`)
	exampleProviderBlockRE     = regexp.MustCompile(`(?m)^\s*provider\s+"beian"\s*\{`)
	exampleImportIdentityRE    = regexp.MustCompile(`(?m)^\s*identity\s*=\s*\{`)
)

// dropIdentityImports removes from wd the files with an import block by identity, which a
// CLI before 1.12 cannot read; the rest of the example is still validated.
func dropIdentityImports(t *testing.T, wd string) {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(wd, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range matches {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !exampleImportIdentityRE.Match(b) {
			continue
		}
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s imports by identity, which this CLI lacks (Terraform / OpenTofu < 1.12): not validated here", filepath.Base(f))
	}
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

// exampleTFFiles returns the contents of the *.tf files of dir.
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

// exampleMentions reports whether any of files matches re.
func exampleMentions(files [][]byte, re *regexp.Regexp) bool {
	for _, f := range files {
		if re.Match(f) {
			return true
		}
	}
	return false
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
