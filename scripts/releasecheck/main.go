// Command releasecheck checks a goreleaser dist/ directory against what the Terraform and
// OpenTofu registries read, and what users of the release run, before anything is published:
//
//		go run ./scripts/releasecheck -dist dist -version 0.1.0 [-single-target] [-cli tofu] [-require-signature]
//
//	  - every provider platform of .goreleaser.yml has its zip,
//	    terraform-provider-beian_<version>_<os>_<arch>.zip, holding terraform-provider-beian_v<version>
//	    (.exe on Windows) at its root (with -single-target: the platform of this machine only);
//	  - terraform-provider-beian_<version>_SHA256SUMS lists every archive and the manifest, and
//	    each listed file has that SHA-256; its detached signature (…_SHA256SUMS.sig) verifies with
//	    gpg (GNUPGHOME chooses the keyring), required with -require-signature;
//	  - terraform-provider-beian_<version>_manifest.json is terraform-registry-manifest.json
//	    (protocol 6.0);
//	  - the binaries of this machine's platform report the version (-version) — the provider's,
//	    beian-emulator's and beian-guard's;
//	  - with -cli, that CLI installs the provider's zip as released from a filesystem mirror with
//	    `init` under `version = "<version>"`, records it in the lock file and reads its schema.
//
// It prints one line per check and exits 1 when one fails.
package main

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

const project = "terraform-provider-beian"

func main() {
	var o options
	flag.StringVar(&o.dist, "dist", "dist", "goreleaser's output directory")
	flag.StringVar(&o.version, "version", "", "the version built, without v (goreleaser's {{ .Version }})")
	flag.StringVar(&o.config, "config", ".goreleaser.yml", "the goreleaser configuration (its provider build lists the platforms)")
	flag.StringVar(&o.manifest, "manifest", "terraform-registry-manifest.json", "the registry manifest the release must carry")
	flag.BoolVar(&o.singleTarget, "single-target", false, "the build was goreleaser --single-target: expect this machine's platform only")
	flag.BoolVar(&o.requireSig, "require-signature", false, "fail when SHA256SUMS has no signature")
	flag.StringVar(&o.cli, "cli", "", "an OpenTofu or Terraform binary: install the release's zip with it (init from a filesystem mirror)")
	flag.Parse()
	if o.version == "" {
		fmt.Fprintln(os.Stderr, "releasecheck: -version is required")
		os.Exit(2)
	}
	r := check(o)
	for _, l := range r.lines {
		fmt.Println(l)
	}
	if r.failed {
		fmt.Printf("releasecheck: %s %s in %s is NOT ready to publish\n", project, o.version, o.dist)
		os.Exit(1)
	}
	fmt.Printf("releasecheck: %s %s in %s has the registry layout\n", project, o.version, o.dist)
}

type options struct {
	dist, version, config, manifest, cli string
	singleTarget, requireSig             bool
}

type report struct {
	lines  []string
	failed bool
}

func (r *report) ok(format string, a ...any) {
	r.lines = append(r.lines, "ok    "+fmt.Sprintf(format, a...))
}
func (r *report) fail(format string, a ...any) {
	r.failed = true
	r.lines = append(r.lines, "FAIL  "+fmt.Sprintf(format, a...))
}

// platform is an os_arch pair as goreleaser and the registries name it (linux_amd64).
type platform struct{ os, arch string }

func (p platform) String() string { return p.os + "_" + p.arch }

// providerPlatforms reads the provider build's goos × goarch, less its ignore list, from
// the goreleaser configuration.
func providerPlatforms(config string) ([]platform, error) {
	b, err := os.ReadFile(config)
	if err != nil {
		return nil, err
	}
	var cfg struct {
		Builds []struct {
			ID     string   `yaml:"id"`
			Goos   []string `yaml:"goos"`
			Goarch []string `yaml:"goarch"`
			Ignore []struct {
				Goos   string `yaml:"goos"`
				Goarch string `yaml:"goarch"`
			} `yaml:"ignore"`
		} `yaml:"builds"`
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", config, err)
	}
	for _, bld := range cfg.Builds {
		if bld.ID != "provider" {
			continue
		}
		var out []platform
		for _, goos := range bld.Goos {
			for _, goarch := range bld.Goarch {
				ignored := slices.ContainsFunc(bld.Ignore, func(i struct {
					Goos   string `yaml:"goos"`
					Goarch string `yaml:"goarch"`
				}) bool {
					return i.Goos == goos && i.Goarch == goarch
				})
				if p := (platform{goos, goarch}); !ignored && !slices.Contains(out, p) {
					out = append(out, p)
				}
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s has no build with id provider", config)
}

func check(o options) *report {
	r := &report{}
	v := o.version
	host := platform{runtime.GOOS, runtime.GOARCH}
	want, err := providerPlatforms(o.config)
	if err != nil {
		r.fail("platforms: %v", err)
		return r
	}
	if o.singleTarget {
		want = []platform{host}
	}

	// SHA256SUMS: every line's file has that hash; every archive and the manifest is listed.
	sumsName := fmt.Sprintf("%s_%s_SHA256SUMS", project, v)
	sums, err := readSums(filepath.Join(o.dist, sumsName))
	if err != nil {
		r.fail("%s: %v", sumsName, err)
		return r
	}
	// goreleaser lists the registry manifest in SHA256SUMS under its release name but leaves it
	// in the repository (release.extra_files uploads it from there): check that file.
	manifestName := fmt.Sprintf("%s_%s_manifest.json", project, v)
	manifestPath := filepath.Join(o.dist, manifestName)
	if _, err := os.Stat(manifestPath); err != nil {
		manifestPath = o.manifest
	}
	bad := 0
	for name, sum := range sums {
		path := filepath.Join(o.dist, name)
		if name == manifestName {
			path = manifestPath
		}
		got, err := fileSHA256(path)
		if err != nil || got != sum {
			bad++
			r.fail("%s: %s listed with %s, file has %s (%v)", sumsName, name, sum, got, err)
		}
	}
	entries, err := os.ReadDir(o.dist)
	if err != nil {
		r.fail("%s: %v", o.dist, err)
		return r
	}
	for _, e := range entries {
		n := e.Name()
		if (strings.HasSuffix(n, ".zip") || strings.HasSuffix(n, ".tar.gz") || strings.HasSuffix(n, "_manifest.json")) && sums[n] == "" {
			bad++
			r.fail("%s does not list %s", sumsName, n)
		}
	}
	if bad == 0 {
		r.ok("%s: %d files, each with its SHA-256", sumsName, len(sums))
	}

	// The signature.
	sig := filepath.Join(o.dist, sumsName+".sig")
	switch _, err := os.Stat(sig); {
	case err == nil:
		out, err := exec.Command("gpg", "--batch", "--verify", sig, filepath.Join(o.dist, sumsName)).CombinedOutput()
		if err != nil {
			r.fail("%s.sig does not verify: %v\n%s", sumsName, err, out)
		} else {
			r.ok("%s.sig verifies (%s)", sumsName, firstMatch(`using \S+ key \S+`, string(out)))
		}
	case o.requireSig:
		r.fail("%s.sig is missing", sumsName)
	default:
		r.ok("%s.sig: none (unsigned build)", sumsName)
	}

	// The manifest.
	if sums[manifestName] == "" {
		r.fail("%s does not list %s, which the registries require", sumsName, manifestName)
	}
	gotManifest, err1 := os.ReadFile(manifestPath)
	wantManifest, err2 := os.ReadFile(o.manifest)
	var m struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	switch {
	case err1 != nil || err2 != nil:
		r.fail("manifest: %v %v", err1, err2)
	case !bytes.Equal(gotManifest, wantManifest):
		r.fail("%s differs from %s", manifestName, o.manifest)
	case json.Unmarshal(gotManifest, &m) != nil || m.Version != 1 || !slices.Equal(m.Metadata.ProtocolVersions, []string{"6.0"}):
		r.fail("%s: want version 1 and protocol_versions [6.0], have %s", manifestName, gotManifest)
	default:
		r.ok("%s: protocol 6.0", manifestName)
	}

	// One zip per platform, with the binary the registries look for.
	var missing, names []string
	for _, p := range want {
		zipName := fmt.Sprintf("%s_%s_%s.zip", project, v, p)
		bin := fmt.Sprintf("%s_v%s", project, v)
		if p.os == "windows" {
			bin += ".exe"
		}
		files, err := zipFiles(filepath.Join(o.dist, zipName))
		if err != nil {
			missing = append(missing, p.String())
			r.fail("%s: %v", zipName, err)
			continue
		}
		mode, ok := files[bin]
		if !ok {
			r.fail("%s: no %s at its root (has %v)", zipName, bin, keys(files))
			continue
		}
		if p.os != "windows" && mode&0o111 == 0 {
			r.fail("%s: %s is not executable (%v)", zipName, bin, mode)
			continue
		}
		names = append(names, p.String())
	}
	if len(missing) == 0 && len(names) == len(want) {
		r.ok("provider zips for %d platforms, each holding %s_v%s: %s", len(names), project, v, strings.Join(names, " "))
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, project+"_") && strings.HasSuffix(n, ".zip") {
			plat := strings.TrimSuffix(strings.TrimPrefix(n, project+"_"+v+"_"), ".zip")
			if !slices.ContainsFunc(want, func(p platform) bool { return p.String() == plat }) {
				r.fail("%s: a platform the configuration does not build", n)
			}
		}
	}

	// The binaries of this machine report the version.
	if !slices.Contains(want, host) {
		r.ok("binaries: this machine (%s) is not a release platform; not run", host)
		return r
	}
	tmp, err := os.MkdirTemp("", "releasecheck-")
	if err != nil {
		r.fail("%v", err)
		return r
	}
	defer os.RemoveAll(tmp)
	hostZip := filepath.Join(o.dist, fmt.Sprintf("%s_%s_%s.zip", project, v, host))
	provider := filepath.Join(tmp, "provider", fmt.Sprintf("%s_v%s", project, v))
	if err := extractZip(hostZip, filepath.Base(provider), provider); err != nil {
		r.fail("%s: %v", hostZip, err)
	} else {
		checkVersion(r, provider, project+" "+v)
	}
	for _, tool := range []string{"beian-emulator", "beian-guard"} {
		archive := filepath.Join(o.dist, fmt.Sprintf("%s_%s_%s.tar.gz", tool, v, host))
		bin := filepath.Join(tmp, tool)
		if err := extractTarGz(archive, tool, bin); err != nil {
			r.fail("%s: %v", filepath.Base(archive), err)
		} else {
			checkVersion(r, bin, tool+" "+v)
		}
	}
	if o.cli != "" {
		installWithCLI(r, o.cli, hostZip, v, host, tmp)
	}
	return r
}

// installWithCLI installs the released zip with the CLI the way a user without registry
// access does: a filesystem mirror in the packed layout, `version = "<v>"`, init.
func installWithCLI(r *report, cli, zipPath, v string, host platform, tmp string) {
	mirror := filepath.Join(tmp, "mirror")
	for _, h := range []string{"registry.opentofu.org", "registry.terraform.io"} {
		dir := filepath.Join(mirror, h, "beian-dev", "beian")
		b, err := os.ReadFile(zipPath)
		if err == nil {
			err = os.MkdirAll(dir, 0o755)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, filepath.Base(zipPath)), b, 0o644)
		}
		if err != nil {
			r.fail("mirror: %v", err)
			return
		}
	}
	work := filepath.Join(tmp, "work")
	rc := filepath.Join(tmp, "cli.tfrc")
	cfg := fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["registry.opentofu.org/beian-dev/beian", "registry.terraform.io/beian-dev/beian"]
  }
  direct {
    exclude = ["registry.opentofu.org/beian-dev/beian", "registry.terraform.io/beian-dev/beian"]
  }
}
`, mirror)
	main := fmt.Sprintf(`terraform {
  required_providers {
    beian = {
      source  = "beian-dev/beian"
      version = %q
    }
  }
}
`, v)
	if err := errors.Join(os.MkdirAll(work, 0o755), os.WriteFile(rc, []byte(cfg), 0o644), os.WriteFile(filepath.Join(work, "main.tf"), []byte(main), 0o644)); err != nil {
		r.fail("%v", err)
		return
	}
	env := []string{"TF_CLI_CONFIG_FILE=" + rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "HOME=" + tmp}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "TF_") && k != "HOME" {
			env = append(env, kv)
		}
	}
	run := func(args ...string) (string, error) {
		cmd := exec.Command(cli, args...)
		cmd.Dir, cmd.Env = work, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("init", "-input=false", "-no-color"); err != nil {
		r.fail("%s init with the release's zip in a filesystem mirror: %v\n%s", cli, err, out)
		return
	}
	lock, _ := os.ReadFile(filepath.Join(work, ".terraform.lock.hcl"))
	if !regexp.MustCompile(`provider "registry\.(opentofu\.org|terraform\.io)/beian-dev/beian" \{\s+version\s+=\s+"` + regexp.QuoteMeta(v) + `"`).Match(lock) {
		r.fail("the lock file after init does not pin beian-dev/beian %s:\n%s", v, lock)
		return
	}
	out, err := run("providers", "schema", "-json")
	if err != nil || !strings.Contains(out, `"beian_dns_record"`) {
		r.fail("%s providers schema with the installed release: %v\n%.400s", cli, err, out)
		return
	}
	r.ok("%s init installs %s from the zip (version = %q, pinned in .terraform.lock.hcl) and reads its schema", filepath.Base(cli), host, v)
}

func checkVersion(r *report, bin, want string) {
	out, err := exec.Command(bin, "-version").Output()
	if got := strings.TrimSpace(string(out)); err != nil || got != want {
		r.fail("%s -version = %q (%v), want %q", filepath.Base(bin), got, err, want)
		return
	}
	r.ok("%s -version: %s", filepath.Base(bin), want)
}

// readSums parses a SHA256SUMS file: "<hex>  <name>" lines.
func readSums(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	line := regexp.MustCompile(`^([0-9a-f]{64})  (\S+)$`)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			return nil, fmt.Errorf("line %q is not \"<sha256>  <file>\"", sc.Text())
		}
		sums[m[2]] = m[1]
	}
	if len(sums) == 0 {
		return nil, errors.New("empty")
	}
	return sums, sc.Err()
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// zipFiles lists the regular files of a zip with their modes.
func zipFiles(path string) (map[string]os.FileMode, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	out := map[string]os.FileMode{}
	for _, f := range zr.File {
		if !f.FileInfo().IsDir() {
			out[f.Name] = f.Mode()
		}
	}
	return out, nil
}

func extractZip(path, name, to string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		return writeExecutable(rc, to)
	}
	return fmt.Errorf("no %s in it", name)
}

func extractTarGz(path, name, to string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return fmt.Errorf("no %s in it", name)
		}
		if err != nil {
			return err
		}
		if h.Name == name {
			return writeExecutable(tr, to)
		}
	}
}

func writeExecutable(r io.Reader, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	return errors.Join(err, f.Close())
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func firstMatch(re, s string) string {
	if m := regexp.MustCompile(re).FindString(s); m != "" {
		return m
	}
	return "gpg"
}
