package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The commands the CI examples and the guide show are beian-guard's: each `beian-guard
// check …` line parses with the command's own flags and names one plan.
func TestExamplesAndGuideCommandsParse(t *testing.T) {
	files := []string{
		"../../examples/beian-guard/github-actions.yml",
		"../../examples/beian-guard/gitlab-ci.yml",
		"../../templates/guides/guard-every-plan.md.tmpl",
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, line := range strings.Split(string(b), "\n") {
			_, rest, ok := strings.Cut(line, "beian-guard check")
			if !ok || strings.Contains(line, "`beian-guard check`") {
				continue
			}
			n++
			args := strings.Fields(strings.TrimSuffix(strings.TrimSpace(rest), "`"))
			var o options
			positional, err := parseInterspersed(newFlagSet(&o, io.Discard), args)
			if err != nil || len(positional) != 1 {
				t.Errorf("%s: %q: %v, plans %q", filepath.Base(f), strings.TrimSpace(line), err, positional)
			}
			switch o.format {
			case "text", "json", "sarif", "junit":
			default:
				t.Errorf("%s: %q: --format %q", filepath.Base(f), strings.TrimSpace(line), o.format)
			}
		}
		if n == 0 {
			t.Errorf("%s shows no beian-guard check command", f)
		}
	}
}

// The example settings file is read as written, and decides as its comments say:
// example.com is declared, so only the aws plan's example.org record still fails.
func TestExampleSettingsFile(t *testing.T) {
	cfg := "../../examples/beian-guard/.beian-guard.hcl"
	code, stdout, stderr := guardRun(t, noCloud, "check", "--config", cfg, filepath.Join(plans, "aws.json"))
	if code != exitViolations || !strings.Contains(stdout, "1 violation,") || !strings.Contains(stdout, "www.example.org → 47.96.10.20") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
}
