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

// fakeTarball writes a package tarball holding files under package/ and returns its path and
// the pin flag value (name@version=integrity).
func fakeTarball(t *testing.T, name, version string, files map[string]string) (path, pin string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	files["package.json"] = `{"name": "` + name + `", "version": "` + version + `", "license": "CC-BY-4.0"}`
	for n, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: "package/" + n, Mode: 0o644, Size: int64(len(body))}); err != nil {
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
	return path, name + "@" + version + "=sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

func ip4(s string) string {
	a := netip.MustParseAddr(s).As4()
	return itoa(uint64(a[0])<<24 | uint64(a[1])<<16 | uint64(a[2])<<8 | uint64(a[3]))
}

func itoa(u uint64) string { return strings.TrimSpace(strings.Repeat(" ", 0) + uitoa(u)) }

func uitoa(u uint64) string {
	if u == 0 {
		return "0"
	}
	var b []byte
	for ; u > 0; u /= 10 {
		b = append([]byte{byte('0' + u%10)}, b...)
	}
	return string(b)
}

func row(from, to, v string) string { return ip4(from) + "," + ip4(to) + "," + v + "\n" }

// args builds the three packages of a small world: 8.128.0.0/16 is announced by a mainland
// network (AS37963) that geolocation 1 places in SG; 16.162.0.0/16 by an offshore network
// (AS16509) that geolocation 1 places in CN and geolocation 2 in HK; 9.0.0.0/16 by no listed
// network, geolocation 2 saying CN, geolocation 1 US; 10.0.0.0/8 is in neither.
func args(t *testing.T, out string) []string {
	geo, geoPin := fakeTarball(t, "@ip-location-db/geo-whois-asn-country", "2.3.2026061719", map[string]string{
		"geo-whois-asn-country-ipv4-num.csv": row("8.128.0.0", "8.128.255.255", "SG") + row("9.0.0.0", "9.0.255.255", "US") + row("16.162.0.0", "16.162.255.255", "CN"),
		"geo-whois-asn-country-ipv6-num.csv": "42540528726795050063891204319802818560,42540528806023212578155541913346768895,JP\n",
		"NRO_LICENSE":                        "NRO data, CC BY 4.0.\n",
	})
	geo2, geo2Pin := fakeTarball(t, "@ip-location-db/dbip-country", "2.3.2026060120", map[string]string{
		"dbip-country-ipv4-num.csv": row("8.128.0.0", "8.128.255.255", "CN") + row("9.0.0.0", "9.0.255.255", "CN") + row("16.162.0.0", "16.162.255.255", "HK"),
		"dbip-country-ipv6-num.csv": "",
		"DBIP-LICENSE":              "DB-IP, CC BY 4.0.\n",
	})
	asn, asnPin := fakeTarball(t, "@ip-location-db/asn", "2.3.2026061719", map[string]string{
		"asn-ipv4-num.csv":   row("8.128.0.0", "8.128.255.255", `37963,"Hangzhou Alibaba Advertising Co.,Ltd."`) + row("16.162.0.0", "16.162.255.255", "16509,Amazon") + row("9.0.0.0", "9.0.255.255", "64500,Other"),
		"asn-ipv6-num.csv":   "",
		"ROUTEVIEWS-LICENSE": "RouteViews, CC BY 4.0.\n",
		"DBIP-LICENSE":       "DB-IP ASN, CC BY 4.0.\n",
		"NRO_LICENSE":        "NRO, CC BY 4.0.\n",
	})
	nets := filepath.Join(t.TempDir(), "networks.txt")
	os.WriteFile(nets, []byte("# test\n37963|mainland|rule|split|a|Alibaba|Alibaba mainland\n16509|offshore|rule|split|b|Amazon|Amazon\n64501|mainland|held-out|held|c|X|held out\n"+
		"block|9.0.0.0/16|mixed|X|test\nblock|16.162.9.0/24|mainland|AWS China|listed in cn-north-1\npublisher|aws|AWS's region list|16509\n"), 0o600)
	return []string{"-geo", geoPin, "-geo-tgz", geo, "-geo2", geo2Pin, "-geo2-tgz", geo2, "-asn", asnPin, "-asn-tgz", asn, "-networks", nets, "-out", out}
}

func TestLocgen(t *testing.T) {
	out := t.TempDir()
	var stdout bytes.Buffer
	a := args(t, out)
	if err := run(a, &stdout); err != nil {
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
	meta := tab.Meta()
	if meta == nil || len(meta.Sources) != 3 || len(meta.Networks) != 2 {
		t.Fatalf("meta %+v", meta)
	}
	for s, want := range map[string]mainland.Location{
		"8.128.1.1":  mainland.LocationMainland, // the mainland network decides over SG
		"16.162.1.1": mainland.LocationHongKong, // the offshore network decides over CN, HK from dbip
		"9.0.1.1":    mainland.LocationMainland, // no rule: dbip-country's CN
		"10.0.0.1":   mainland.LocationUnknown,  // nobody places it
		"2001:200::": mainland.LocationOffshore, // IPv6 from geolocation 1 only
	} {
		if got := tab.Locate(netip.MustParseAddr(s)); got != want {
			t.Errorf("%s: %v, want %v", s, got, want)
		}
	}
	// A source says CN, but the network AWS's list confirms decides: no caution.
	if c, ok := tab.CodeOf(netip.MustParseAddr("16.162.1.1")); !ok || meta.Decide(c).Caution != "" || meta.Networks[1].Publisher != "AWS's region list" {
		t.Errorf("16.162.1.1: %v, %+v", ok, meta.Networks)
	}
	if got := tab.Locate(netip.MustParseAddr("16.162.9.1")); got != mainland.LocationMainland {
		t.Errorf("16.162.9.1, in a settled mainland block: %v", got)
	}
	if len(meta.MixedBlocks) != 1 || meta.MixedBlocks[0].Prefix != "9.0.0.0/16" || len(meta.SettledBlocks) != 1 || meta.SettledBlocks[0].Why != "listed in cn-north-1" {
		t.Errorf("mixed blocks %+v, settled blocks %+v", meta.MixedBlocks, meta.SettledBlocks)
	}
	v, _ := os.ReadFile(filepath.Join(out, "VERSION"))
	for _, w := range []string{"source.geo: @ip-location-db/geo-whois-asn-country@2.3.2026061719", "source.geo2.date: 2026-06-01",
		"source.asn.ROUTEVIEWS-LICENSE: RouteViews, CC BY 4.0.", "networks: 2 with a rule (AS37963 mainland, AS16509 offshore)", "mixed_blocks: 9.0.0.0/16 X", "date: 2026-06-17",
		"settled_blocks: 16.162.9.0/24 mainland AWS China (listed in cn-north-1)", "publishers: AWS's region list confirms AS16509 (checked by the truth set's generator; no publisher's list is embedded)"} {
		if !strings.Contains(string(v), w) {
			t.Errorf("VERSION lacks %q:\n%s", w, v)
		}
	}
	// The same inputs give the same bytes.
	out2 := t.TempDir()
	a[len(a)-1] = out2
	if err := run(a, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	b2, _ := os.ReadFile(filepath.Join(out2, BinName))
	if !bytes.Equal(b, b2) {
		t.Error("two runs on the same inputs wrote different tables")
	}
}

func TestLocgenRefuses(t *testing.T) {
	a := args(t, t.TempDir())
	bad := append([]string{}, a...)
	bad[1] = strings.SplitN(bad[1], "=", 2)[0] + "=sha512-AAAA"
	other := append([]string{}, a...)
	other[1] = strings.Replace(other[1], "@2.3.2026061719=", "@2.3.2026061800=", 1)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{bad, "not the pinned sha512-AAAA: refusing it"},
		{other, "the tarball is @ip-location-db/geo-whois-asn-country@2.3.2026061719, not @ip-location-db/geo-whois-asn-country@2.3.2026061800"},
		{a[:4], "required"},
	} {
		if err := run(tt.args, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want %q", tt.args, err, tt.want)
		}
	}
}
