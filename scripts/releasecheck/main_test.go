package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const testVersion = "0.1.0"

// fakeDist writes a dist/ as goreleaser makes it for the platforms of a small configuration
// (linux_amd64, windows_amd64 and this machine's): zips holding a "binary" (for this machine, a
// script that answers -version like the provider), the emulator's tar.gz, SHA256SUMS listing
// them and the manifest. mutate changes it before SHA256SUMS is written.
func fakeDist(t *testing.T, mutate func(dist string)) options {
	t.Helper()
	dir := t.TempDir()
	dist := filepath.Join(dir, "dist")
	if err := os.MkdirAll(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	host := platform{runtime.GOOS, runtime.GOARCH}
	config := filepath.Join(dir, "goreleaser.yml")
	// linux and windows on amd64 and arm64, less windows_arm64, plus this machine's platform
	// (listed twice when it is one of them: the checker counts each platform once).
	write(t, config, fmt.Sprintf(`builds:
  - id: provider
    goos: [linux, windows, %s]
    goarch: [amd64, arm64, %s]
    ignore:
      - goos: windows
        goarch: arm64
`, host.os, host.arch))
	manifest := filepath.Join(dir, "terraform-registry-manifest.json")
	write(t, manifest, `{"version": 1, "metadata": {"protocol_versions": ["6.0"]}}`+"\n")
	plats, err := providerPlatforms(config)
	if err != nil {
		t.Fatal(err)
	}
	answer := func(name string) []byte {
		return []byte(fmt.Sprintf("#!/bin/sh\n[ \"$1\" = -version ] && echo '%s %s'\n", name, testVersion))
	}
	for _, p := range plats {
		bin := fmt.Sprintf("%s_v%s", project, testVersion)
		if p.os == "windows" {
			bin += ".exe"
		}
		writeZipFile(t, filepath.Join(dist, fmt.Sprintf("%s_%s_%s.zip", project, testVersion, p)), map[string][]byte{
			bin: answer(project), "LICENSE": []byte("MPL-2.0"),
		})
	}
	writeTarGzFile(t, filepath.Join(dist, fmt.Sprintf("beian-emulator_%s_%s.tar.gz", testVersion, host)), map[string][]byte{"beian-emulator": answer("beian-emulator")})
	writeTarGzFile(t, filepath.Join(dist, fmt.Sprintf("beian-guard_%s_%s.tar.gz", testVersion, host)), map[string][]byte{"beian-guard": answer("beian-guard")})
	if mutate != nil {
		mutate(dist)
	}
	// SHA256SUMS as goreleaser writes it: the archives, and the manifest under its release name.
	var sums strings.Builder
	entries, _ := os.ReadDir(dist)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".zip") || strings.HasSuffix(e.Name(), ".tar.gz") {
			b, _ := os.ReadFile(filepath.Join(dist, e.Name()))
			fmt.Fprintf(&sums, "%x  %s\n", sha256.Sum256(b), e.Name())
		}
	}
	m, _ := os.ReadFile(manifest)
	fmt.Fprintf(&sums, "%x  %s_%s_manifest.json\n", sha256.Sum256(m), project, testVersion)
	write(t, filepath.Join(dist, fmt.Sprintf("%s_%s_SHA256SUMS", project, testVersion)), sums.String())
	return options{dist: dist, version: testVersion, config: config, manifest: manifest}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeZipFile(t *testing.T, path string, files map[string][]byte) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, b := range files {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		h.SetMode(0o755)
		w, err := zw.CreateHeader(h)
		if err == nil {
			_, err = w.Write(b)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := errors.Join(zw.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
}

func writeTarGzFile(t *testing.T, path string, files map[string][]byte) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for name, b := range files {
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

func lines(r *report) string { return strings.Join(r.lines, "\n") }

func TestCheckPassesTheRegistryLayout(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake binaries are shell scripts")
	}
	o := fakeDist(t, nil)
	plats, _ := providerPlatforms(o.config)
	r := check(o)
	if r.failed {
		t.Fatalf("a complete dist fails:\n%s", lines(r))
	}
	for _, want := range []string{"SHA256SUMS: ", "_manifest.json: protocol 6.0", fmt.Sprintf("provider zips for %d platforms", len(plats)),
		"-version: terraform-provider-beian 0.1.0", "beian-emulator -version: beian-emulator 0.1.0", "beian-guard -version: beian-guard 0.1.0", ".sig: none (unsigned build)"} {
		if !strings.Contains(lines(r), want) {
			t.Errorf("report lacks %q:\n%s", want, lines(r))
		}
	}
}

// Every way a dist can be wrong for the registries or for users is reported.
func TestCheckFindsWhatIsWrong(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake binaries are shell scripts")
	}
	zipOf := func(p string) string { return fmt.Sprintf("%s_%s_%s.zip", project, testVersion, p) }
	for _, c := range []struct {
		name   string
		mutate func(dist string)
		after  func(o *options)
		want   string
	}{
		{"a platform's zip missing", func(d string) { os.Remove(filepath.Join(d, zipOf("linux_amd64"))) }, nil, zipOf("linux_amd64")},
		{"a zip without the binary", func(d string) {
			writeZipFile(t, filepath.Join(d, zipOf("windows_amd64")), map[string][]byte{"terraform-provider-beian.exe": nil})
		}, nil, "no terraform-provider-beian_v0.1.0.exe at its root"},
		{"a platform not configured", func(d string) {
			writeZipFile(t, filepath.Join(d, zipOf("plan9_amd64")), map[string][]byte{"x": nil})
		}, nil, "a platform the configuration does not build"},
		{"a zip changed after SHA256SUMS", nil, func(o *options) {
			writeZipFile(t, filepath.Join(o.dist, zipOf("windows_amd64")), map[string][]byte{"terraform-provider-beian_v0.1.0.exe": []byte("other")})
		}, "listed with"},
		{"an archive not in SHA256SUMS", nil, func(o *options) {
			writeZipFile(t, filepath.Join(o.dist, "beian-guard_0.1.0_linux_amd64.zip"), map[string][]byte{"beian-guard": nil})
		}, "does not list beian-guard_0.1.0_linux_amd64.zip"},
		{"another manifest", nil, func(o *options) {
			write(t, filepath.Join(o.dist, project+"_0.1.0_manifest.json"), `{"version": 1, "metadata": {"protocol_versions": ["5.0"]}}`)
		}, "manifest.json"},
		{"a binary that reports another version", func(d string) {
			host := platform{runtime.GOOS, runtime.GOARCH}
			writeZipFile(t, filepath.Join(d, zipOf(host.String())), map[string][]byte{
				"terraform-provider-beian_v0.1.0": []byte("#!/bin/sh\necho terraform-provider-beian dev\n")})
		}, nil, `-version = "terraform-provider-beian dev"`},
		{"no signature when one is required", nil, func(o *options) { o.requireSig = true }, ".sig is missing"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := fakeDist(t, c.mutate)
			if c.after != nil {
				c.after(&o)
			}
			r := check(o)
			if !r.failed || !strings.Contains(lines(r), c.want) {
				t.Errorf("failed=%v, want a failure naming %q:\n%s", r.failed, c.want, lines(r))
			}
		})
	}
}

// A signature made by goreleaser's signs step (gpg --detach-sign of SHA256SUMS) verifies; one
// that no longer matches SHA256SUMS fails.
func TestCheckVerifiesTheSignature(t *testing.T) {
	if _, err := exec.LookPath("gpg"); err != nil || runtime.GOOS == "windows" {
		t.Skip("no gpg here")
	}
	home := t.TempDir()
	t.Setenv("GNUPGHOME", home)
	if out, err := exec.Command("gpg", "--batch", "--passphrase", "", "--quick-gen-key", "releasecheck test <test@invalid>", "rsa2048", "sign", "1d").CombinedOutput(); err != nil {
		t.Fatalf("gpg key: %v\n%s", err, out)
	}
	o := fakeDist(t, nil)
	o.requireSig = true
	sums := filepath.Join(o.dist, fmt.Sprintf("%s_%s_SHA256SUMS", project, testVersion))
	if out, err := exec.Command("gpg", "--batch", "--output", sums+".sig", "--detach-sign", sums).CombinedOutput(); err != nil {
		t.Fatalf("gpg sign: %v\n%s", err, out)
	}
	if r := check(o); r.failed || !strings.Contains(lines(r), ".sig verifies") {
		t.Fatalf("a signed dist fails:\n%s", lines(r))
	}
	f, err := os.OpenFile(sums, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "%064x  extra.zip\n", 0)
	f.Close()
	if r := check(o); !r.failed || !strings.Contains(lines(r), ".sig does not verify") {
		t.Fatalf("a SHA256SUMS changed after signing passes:\n%s", lines(r))
	}
}

// The platforms come from the real configuration: the registry platforms the project builds.
func TestProviderPlatformsOfTheProject(t *testing.T) {
	got, err := providerPlatforms("../../.goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range got {
		names = append(names, p.String())
	}
	want := "linux_amd64 linux_arm64 linux_386 linux_arm darwin_amd64 darwin_arm64 windows_amd64 windows_arm64 windows_386 freebsd_amd64 freebsd_arm64 freebsd_386 freebsd_arm"
	if strings.Join(names, " ") != want {
		t.Errorf("provider platforms = %s\nwant %s", strings.Join(names, " "), want)
	}
}
