package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// fakeTarball is a package tarball with the files locgen reads.
func fakeTarball(t *testing.T, name, version string) (path, integrity string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for n, body := range map[string]string{
		pkgJ: `{"name": "` + name + `", "version": "` + version + `", "license": "CC0-1.0"}`,
		// 52.81.0.0/24 twice, CN and US: a conflict; 52.81.1.0/24 has no country.
		csv4: "16777216,16777471,AU\n877658112,877723647,CN\n877723648,877723903,CN\n877723648,877723903,US\n877723904,877724159,ZZ\n",
		csv6: "42540528726795050063891204319802818560,42540528806023212578155541913346768895,HK\n",
		lic:  "The statistics data provided by NRO is licensed under CC BY 4.0.\n",
	} {
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(body))}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.Close()
	zw.Close()
	path = filepath.Join(t.TempDir(), "pkg.tgz")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha512.Sum512(buf.Bytes())
	return path, "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

func TestLocgen(t *testing.T) {
	tgz, integrity := fakeTarball(t, Package, "2.3.2026061719")
	out := t.TempDir()
	var stdout bytes.Buffer
	if err := run([]string{"-tarball", tgz, "-version", "2.3.2026061719", "-integrity", integrity, "-out", out}, &stdout); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, BinName))
	if err != nil {
		t.Fatal(err)
	}
	tab, err := mainland.DecodeLocationTable(b)
	if err != nil {
		t.Fatal(err)
	}
	if info := tab.Info(); info.Source != Package+"@2.3.2026061719" || info.Date != "2026-06-17" || info.Integrity != integrity {
		t.Errorf("info %+v", info)
	}
	for s, want := range map[string]mainland.Location{"1.0.0.1": mainland.LocationOffshore, "52.80.1.1": mainland.LocationMainland, "52.81.0.1": mainland.LocationUnknown, "2001:200::1": mainland.LocationHongKong} {
		if got := tab.Locate(netip.MustParseAddr(s)); got != want {
			t.Errorf("%s: %v, want %v", s, got, want)
		}
	}
	v, _ := os.ReadFile(filepath.Join(out, "VERSION"))
	for _, w := range []string{"version: 2.3.2026061719", "date: 2026-06-17", "integrity: " + integrity, "package_license: CC0-1.0", "CC BY 4.0", "ranges: 5 IPv4, 3 IPv6",
		"rows: 5 IPv4, 1 IPv6 (1 without a country", "conflicts: 1 IPv4, 0 IPv6"} {
		if !strings.Contains(string(v), w) {
			t.Errorf("VERSION lacks %q:\n%s", w, v)
		}
	}
}

func TestLocgenRefuses(t *testing.T) {
	tgz, integrity := fakeTarball(t, Package, "2.3.2026061719")
	other, otherIntegrity := fakeTarball(t, "@someone/else", "2.3.2026061719")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-tarball", tgz, "-version", "2.3.2026061719", "-integrity", "sha512-AAAA", "-out", t.TempDir()}, "not the pinned sha512-AAAA: refusing it"},
		{[]string{"-tarball", tgz, "-version", "2.3.2026061800", "-integrity", integrity, "-out", t.TempDir()}, "not " + Package + "@2.3.2026061800"},
		{[]string{"-tarball", other, "-version", "2.3.2026061719", "-integrity", otherIntegrity, "-out", t.TempDir()}, "the tarball is @someone/else"},
		{[]string{"-tarball", tgz, "-version", "latest", "-integrity", integrity, "-out", t.TempDir()}, "no YYYYMMDDHH build stamp"},
		{[]string{"-tarball", tgz}, "required"},
	} {
		if err := run(tt.args, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want %q", tt.args, err, tt.want)
		}
	}
}
