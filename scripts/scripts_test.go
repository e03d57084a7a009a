// Package scripts holds the shell scripts the make targets run; its tests run them, and
// read the CI definitions of .github/, as a user or CI would meet them.
package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// fakeCLI writes an executable named name into dir that answers `version` with the first line
// given (and fails on anything else).
func fakeCLI(t *testing.T, dir, name, versionLine string) {
	t.Helper()
	script := "#!/bin/sh\n[ \"$1\" = version ] || exit 3\necho '" + versionLine + "'\n"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestDocsScriptChoosesCLI runs docs.sh --which-cli in a copy of the repository's scripts with
// PATH holding fake CLIs: make docs-check uses a CLI this machine already has (OpenTofu 1.12+
// or Terraform 1.12+ on PATH — the first whose schema output has resource identities —, or the
// one make tools built) and builds OpenTofu only when there is none.
func TestDocsScriptChoosesCLI(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	b, err := os.ReadFile("docs.sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		path  map[string]string // fake CLIs on PATH: name → version line
		tools bool              // .tools/bin/tofu exists
		env   string
		want  string
	}{
		{"terraform on PATH", map[string]string{"terraform": "Terraform v1.12.2"}, false, "", `^\S+/path/terraform \(found on PATH\)$`},
		{"tofu before terraform", map[string]string{"tofu": "OpenTofu v1.12.6", "terraform": "Terraform v1.14.0"}, false, "", `/path/tofu \(found on PATH\)$`},
		{"an old tofu is passed over", map[string]string{"tofu": "OpenTofu v1.11.2", "terraform": "Terraform v1.13.0"}, false, "", `/path/terraform \(found on PATH\)$`},
		{"Terraform 1.11 has no identities in its schema", map[string]string{"terraform": "Terraform v1.11.4"}, false, "", `^none: would build OpenTofu with make tools$`},
		{"Terraform 1.7 has no functions in its schema", map[string]string{"terraform": "Terraform v1.7.5"}, false, "", `^none: would build OpenTofu with make tools$`},
		{"nothing at all", nil, false, "", `^none: would build OpenTofu with make tools$`},
		{"the OpenTofu make tools built comes first", map[string]string{"terraform": "Terraform v1.11.4"}, true, "", `/\.tools/bin/tofu \(built earlier by make tools\)$`},
		{"DOCS_CLI wins", map[string]string{"terraform": "Terraform v1.11.4"}, true, "DOCS_CLI=/opt/tofu", `^/opt/tofu \(DOCS_CLI\)$`},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			for _, d := range []string{"scripts", "path"} {
				if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(root, "scripts", "docs.sh"), b, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, v := range c.path {
				fakeCLI(t, filepath.Join(root, "path"), name, v)
			}
			if c.tools {
				if err := os.MkdirAll(filepath.Join(root, ".tools", "bin"), 0o755); err != nil {
					t.Fatal(err)
				}
				fakeCLI(t, filepath.Join(root, ".tools", "bin"), "tofu", "OpenTofu v1.12.6")
			}
			cmd := exec.Command("bash", filepath.Join(root, "scripts", "docs.sh"), "--which-cli")
			cmd.Env = []string{"PATH=" + filepath.Join(root, "path") + ":/usr/bin:/bin", "HOME=" + root}
			if c.env != "" {
				cmd.Env = append(cmd.Env, c.env)
			}
			// The test's PATH must not reach a real CLI in /usr/bin or /bin.
			for _, dir := range []string{"/usr/bin", "/bin"} {
				for _, name := range []string{"tofu", "terraform"} {
					if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
						t.Skipf("%s/%s exists; the fake PATH cannot leave it out", dir, name)
					}
				}
			}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("docs.sh --which-cli: %v\n%s", err, out)
			}
			if got := strings.TrimSpace(string(out)); !regexp.MustCompile(c.want).MatchString(got) {
				t.Errorf("chose %q, want %s", got, c.want)
			}
		})
	}
}

// TestChangelogCheck runs changelog-check.sh on CHANGELOGs a release meets: the release needs
// a section with entries for its version; a snapshot is content with "## Unreleased".
func TestChangelogCheck(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	const unreleased = "# Changelog\n\n## Unreleased\n\n### Added\n- the guard\n"
	const released = "# Changelog\n\n## Unreleased\n\n## 0.1.0 — 2026-12-24\n\n### Added\n- the guard\n\n## 0.0.9\n- before\n"
	for _, c := range []struct {
		name, changelog string
		args            []string
		ok              bool
		out             string
	}{
		{"release without its section", unreleased, []string{"0.1.0"}, false, `rename "## Unreleased" to "## 0.1.0`},
		{"release with its section", released, []string{"0.1.0"}, true, "has a section for 0.1.0"},
		{"the tag's v is ignored", released, []string{"v0.1.0"}, true, "has a section for 0.1.0"},
		{"[0.1.0] headings", "## [0.1.0] - 2026-12-24\n### Added\n- x\n", []string{"0.1.0"}, true, "has a section"},
		{"another version's section does not count", released, []string{"0.1.1"}, false, "no section for 0.1.1"},
		{"0.1.0 is not 0x1x0", released, []string{"0x1x0"}, false, "no section for 0x1x0"},
		{"0.1 is not 0.1.0", released, []string{"0.1"}, false, "no section for 0.1"},
		{"a section without entries", "## 0.1.0\n\nnothing yet\n\n## 0.0.9\n- x\n", []string{"0.1.0"}, false, "no entries"},
		{"snapshot of Unreleased", unreleased, []string{"--snapshot", "0.1.0-snapshot.abc1234"}, true, `snapshot of "## Unreleased"`},
		{"snapshot with nothing unreleased", "## Unreleased\n\n## 0.0.9\n- x\n", []string{"--snapshot", "0.1.0-snapshot.abc1234"}, false, "no section for 0.1.0"},
		{"release notes", released, []string{"--notes", "v0.1.0"}, true, "### Added\n- the guard"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := filepath.Join(t.TempDir(), "CHANGELOG.md")
			if err := os.WriteFile(f, []byte(c.changelog), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("bash", append([]string{"changelog-check.sh"}, c.args...)...)
			cmd.Env = append(os.Environ(), "CHANGELOG="+f)
			out, err := cmd.CombinedOutput()
			if (err == nil) != c.ok || !strings.Contains(string(out), c.out) {
				t.Errorf("changelog-check.sh %v: %v\n%s\nwant ok=%v and %q", c.args, err, out, c.ok, c.out)
			}
			if c.name == "release notes" && strings.Contains(string(out), "before") {
				t.Errorf("the notes run into the next section:\n%s", out)
			}
		})
	}
	// The project's own CHANGELOG can be snapshotted now.
	if out, err := exec.Command("bash", "changelog-check.sh", "--snapshot", "0.1.0-snapshot.test").CombinedOutput(); err != nil {
		t.Errorf("CHANGELOG.md: %v\n%s", err, out)
	}
}

// workflow is the part of a GitHub workflow these tests read.
type workflow struct {
	On   any `yaml:"on"`
	Jobs map[string]struct {
		Steps []struct {
			ID   string            `yaml:"id"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func readWorkflow(t *testing.T, path string) (workflow, string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(b, &w); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return w, string(b)
}

// TestWorkflows checks the project's GitHub workflows as far as this machine allows (they
// cannot run here; `make lint` runs actionlint on them): each parses, each run step is valid
// bash, the test workflow runs the README's test command, and the release workflow runs on a
// tag v*, checks the CHANGELOG for the tag's version, signs with the key from the repository's
// secrets through GPG_FINGERPRINT (what .goreleaser.yml's signs step reads), uses the
// goreleaser the Makefile pins, and publishes only after scripts/releasecheck passed.
func TestWorkflows(t *testing.T) {
	expr := regexp.MustCompile(`\$\{\{[^}]*\}\}`)
	files, err := filepath.Glob("../.github/workflows/*.yml")
	if err != nil || len(files) < 2 {
		t.Fatalf("workflows: %v %v", files, err)
	}
	for _, f := range append(files, "../examples/ci/github-actions.yml") {
		w, _ := readWorkflow(t, f)
		if len(w.Jobs) == 0 {
			t.Errorf("%s: no jobs", f)
		}
		for name, j := range w.Jobs {
			for i, s := range j.Steps {
				if s.Run == "" {
					continue
				}
				cmd := exec.Command("bash", "-n")
				cmd.Stdin = strings.NewReader(expr.ReplaceAllString(s.Run, "EXPR"))
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("%s: job %s step %d is not valid bash: %v\n%s", f, name, i, err, out)
				}
			}
		}
	}

	test, _ := readWorkflow(t, "../.github/workflows/test.yml")
	if on, _ := test.On.(map[string]any); on == nil || !hasKey(on, "pull_request") {
		t.Errorf("test.yml does not run on pull requests: %v", test.On)
	}
	ran := false
	for _, s := range test.Jobs["test"].Steps {
		ran = ran || strings.TrimSpace(s.Run) == "make test"
	}
	if !ran {
		t.Errorf("test.yml's job test does not run `make test`, the README's test command")
	}

	release, text := readWorkflow(t, "../.github/workflows/release.yml")
	on, _ := release.On.(map[string]any)
	push, _ := on["push"].(map[string]any)
	if tags, _ := push["tags"].([]any); len(tags) != 1 || tags[0] != "v*" || len(on) != 1 || len(push) != 1 {
		t.Errorf("release.yml runs on %v, want push of tags v* only", release.On)
	}
	steps := release.Jobs["goreleaser"].Steps
	var order []string
	gpgStep := ""
	for _, s := range steps {
		switch {
		case strings.Contains(s.Run, "changelog-check.sh") && strings.Contains(s.Run, "$GITHUB_REF_NAME"):
			order = append(order, "changelog")
		case strings.HasPrefix(s.Uses, "crazy-max/ghaction-import-gpg@"):
			order = append(order, "key")
			gpgStep = s.ID
			if !strings.Contains(s.With["gpg_private_key"], "secrets.GPG_PRIVATE_KEY") || !strings.Contains(s.With["passphrase"], "secrets.PASSPHRASE") {
				t.Errorf("the key is not imported from the secrets GPG_PRIVATE_KEY and PASSPHRASE: %v", s.With)
			}
		case strings.Contains(s.Run, "goreleaser release"):
			order = append(order, "release")
			if s.Env["GPG_FINGERPRINT"] != "${{ steps."+gpgStep+".outputs.fingerprint }}" || gpgStep == "" {
				t.Errorf("goreleaser does not get GPG_FINGERPRINT from the imported key: %v", s.Env)
			}
			rel := strings.Index(s.Run, "goreleaser release")
			chk := strings.Index(s.Run, "scripts/releasecheck")
			pub := strings.Index(s.Run, "--draft=false")
			if !strings.Contains(s.Run, "--draft") || chk < rel || pub < chk || !strings.Contains(s.Run, "-require-signature") {
				t.Errorf("the release is not a draft until scripts/releasecheck -require-signature passed:\n%s", s.Run)
			}
		}
	}
	if strings.Join(order, ",") != "changelog,key,release" {
		t.Errorf("release.yml's goreleaser job does %v, want the CHANGELOG check, the key import, then the release", order)
	}
	mk, err := os.ReadFile("../GNUmakefile")
	if err != nil {
		t.Fatal(err)
	}
	pinned := regexp.MustCompile(`(?m)^GORELEASER_VERSION \?= (v\S+)`).FindSubmatch(mk)
	if pinned == nil || !strings.Contains(text, ".tools/bin/goreleaser") {
		t.Errorf("release.yml does not use the goreleaser the Makefile pins (%s)", pinned)
	}
}

func hasKey(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}
