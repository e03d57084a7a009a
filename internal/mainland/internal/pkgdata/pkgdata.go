// Package pkgdata opens the npm package tarballs the location data is made from: it refuses
// a tarball whose SHA-512 is not the pinned npm integrity hash, or whose package.json names
// another package or version, and returns the files asked for. Used by the generators
// internal/locgen and internal/truthgen (commands, not linked into the provider).
package pkgdata

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"
)

// Pin names a package version and the npm integrity hash of its tarball.
type Pin struct {
	Package, Version, Integrity string
}

// ParsePin reads "name@version=sha512-…" (the form the update script passes).
func ParsePin(s string) (Pin, error) {
	spec, integrity, ok := strings.Cut(s, "=")
	at := strings.LastIndexByte(spec, '@')
	if !ok || at <= 0 || !strings.HasPrefix(integrity, "sha512-") {
		return Pin{}, fmt.Errorf("%q is not name@version=sha512-…", s)
	}
	return Pin{Package: spec[:at], Version: spec[at+1:], Integrity: integrity}, nil
}

// Package is an opened tarball.
type Package struct {
	Pin
	// License is package.json's "license".
	License string
	// Files are the files read, by their name inside the package ("README.md").
	Files map[string][]byte
}

// TarballURL is where npm serves the tarball.
func (p Pin) TarballURL() string {
	base := p.Package
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	return "https://registry.npmjs.org/" + p.Package + "/-/" + base + "-" + p.Version + ".tgz"
}

// versionDate matches the build stamp ip-location-db puts in its package versions
// (2.3.2026061719: built 2026-06-17, 19h).
var versionDate = regexp.MustCompile(`\.(\d{4})(\d{2})(\d{2})\d{2}$`)

// Date returns the build date carried by the version, YYYY-MM-DD.
func (p Pin) Date() (string, error) {
	m := versionDate.FindStringSubmatch(p.Version)
	if m == nil {
		return "", fmt.Errorf("version %q carries no YYYYMMDDHH build stamp", p.Version)
	}
	d := m[1] + "-" + m[2] + "-" + m[3]
	if _, err := time.Parse("2006-01-02", d); err != nil {
		return "", fmt.Errorf("version %q: %w", p.Version, err)
	}
	return d, nil
}

// Open reads the tarball at path, checks it against pin, and returns the named files (all
// of which must be present) of its package/ directory.
func Open(path string, pin Pin, names ...string) (*Package, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha512.Sum512(raw)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != pin.Integrity {
		return nil, fmt.Errorf("%s has integrity %s, not the pinned %s: refusing it", path, got, pin.Integrity)
	}
	files, err := readTarball(raw, append([]string{"package.json"}, names...)...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var meta struct{ Name, Version, License string }
	if err := json.Unmarshal(files["package.json"], &meta); err != nil {
		return nil, fmt.Errorf("%s: package.json: %w", path, err)
	}
	if meta.Name != pin.Package || meta.Version != pin.Version {
		return nil, fmt.Errorf("the tarball is %s@%s, not %s@%s", meta.Name, meta.Version, pin.Package, pin.Version)
	}
	return &Package{Pin: pin, License: meta.License, Files: files}, nil
}

func readTarball(raw []byte, names ...string) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, n := range names {
		want["package/"+n] = true
	}
	out := map[string][]byte{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if !want[h.Name] {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, 256<<20))
		if err != nil {
			return nil, err
		}
		out[strings.TrimPrefix(h.Name, "package/")] = b
	}
	for _, n := range names {
		if _, ok := out[n]; !ok {
			return nil, fmt.Errorf("the tarball has no package/%s", n)
		}
	}
	return out, nil
}

// OneLine joins a file's words with single spaces (licence notes in VERSION files).
func OneLine(b []byte) string { return string(bytes.Join(bytes.Fields(b), []byte(" "))) }
