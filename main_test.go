package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionLinkedByTheReleaseBuild builds the provider the way .goreleaser.yml does
// (-ldflags "-X main.version=…") and asks the binary its version: the symbol the release
// sets must be the one the provider reports (Metadata, User-Agent, -version).
func TestVersionLinkedByTheReleaseBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the provider binary")
	}
	bin := filepath.Join(t.TempDir(), "terraform-provider-beian")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=0.1.0", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "-version").CombinedOutput()
	if err != nil {
		t.Fatalf("-version: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "terraform-provider-beian 0.1.0" {
		t.Fatalf("-version printed %q, want %q", got, "terraform-provider-beian 0.1.0")
	}
}
