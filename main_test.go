package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestVersionLinkedByTheReleaseBuild builds the provider with the ldflags .goreleaser.yml's
// provider build links it with ({{ .Version }} = 0.1.0) and asks the binary its version: the
// symbol the release sets must be the one the provider reports (Metadata, User-Agent,
// -version). The release's other flags (-trimpath) are left out: they do not touch the
// symbol, and would make this test compile every package again.
func TestVersionLinkedByTheReleaseBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the provider binary")
	}
	b, err := os.ReadFile(".goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Builds []struct {
			ID      string   `yaml:"id"`
			Main    string   `yaml:"main"`
			Ldflags []string `yaml:"ldflags"`
		} `yaml:"builds"`
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, bld := range cfg.Builds {
		if bld.ID == "provider" && bld.Main == "." {
			args = append(args, "-ldflags", strings.ReplaceAll(strings.Join(bld.Ldflags, " "), "{{ .Version }}", "0.1.0"))
		}
	}
	if len(args) == 0 {
		t.Fatal(".goreleaser.yml has no build with id provider and main .")
	}
	bin := filepath.Join(t.TempDir(), "terraform-provider-beian")
	build := exec.Command("go", append(append([]string{"build"}, args...), "-o", bin, ".")...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build %v: %v\n%s", args, err, out)
	}
	out, err := exec.Command(bin, "-version").CombinedOutput()
	if err != nil {
		t.Fatalf("-version: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "terraform-provider-beian 0.1.0" {
		t.Fatalf("-version printed %q, want %q", got, "terraform-provider-beian 0.1.0")
	}
}
