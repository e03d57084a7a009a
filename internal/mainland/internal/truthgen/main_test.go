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
)

func TestTruthgen(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for n, body := range map[string]string{
		"package.json": `{"name": "@ip-location-db/asn", "version": "2.3.2026061719", "license": "CC-BY-4.0"}`,
		// 8.128.0.0/16 AS37963 with a /24 of another network inside; 16.162.0.0/16 AS16509;
		// 2001:da8::/32 AS4538.
		"asn-ipv4-num.csv":   "142606336,142671871,37963,Alibaba\n142606592,142606847,64500,Other\n279052288,279117823,16509,Amazon\n",
		"asn-ipv6-num.csv":   "42541956123769884636017138956568135680,42541956202998047150281476550112067583,4538,CERNET\n",
		"ROUTEVIEWS-LICENSE": "RouteViews CC BY 4.0\n", "DBIP-LICENSE": "DB-IP CC BY 4.0\n", "NRO_LICENSE": "NRO CC BY 4.0\n",
	} {
		tw.WriteHeader(&tar.Header{Name: "package/" + n, Mode: 0o644, Size: int64(len(body))})
		tw.Write([]byte(body))
	}
	tw.Close()
	zw.Close()
	dir := t.TempDir()
	tgz := filepath.Join(dir, "asn.tgz")
	os.WriteFile(tgz, buf.Bytes(), 0o600)
	sum := sha512.Sum512(buf.Bytes())
	pin := "@ip-location-db/asn@2.3.2026061719=sha512-" + base64.StdEncoding.EncodeToString(sum[:])
	nets := filepath.Join(dir, "networks.txt")
	os.WriteFile(nets, []byte("37963|mainland|rule|alibaba|Alibaba|Alibaba mainland\n16509|offshore|held-out|aws|Amazon|Amazon\n4538|mainland|rule|cernet|CERNET|CERNET\n132203|mixed|rule|-|Tencent|Tencent\n"), 0o600)
	var outs [2]string
	for i := range outs {
		out := t.TempDir()
		if err := run([]string{"-asn", pin, "-asn-tgz", tgz, "-networks", nets, "-out", out}, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, "truth.csv"))
		if err != nil {
			t.Fatal(err)
		}
		outs[i] = string(b)
	}
	if outs[0] != outs[1] {
		t.Fatal("two runs wrote different truth sets")
	}
	counts := map[string]int{}
	other := netip.MustParsePrefix("8.128.1.0/24")
	for _, l := range strings.Split(outs[0], "\n") {
		if l == "" || l[0] == '#' || strings.HasPrefix(l, "group,") {
			continue
		}
		f := strings.Split(l, ",")
		a := netip.MustParseAddr(f[2])
		counts[f[0]+"/"+f[3]]++
		switch {
		case other.Contains(a):
			t.Errorf("%s is announced by another network, sampled for %s", a, f[0])
		case f[0] == "aws" && f[1] != "held":
			t.Errorf("%s: a held-out network's address in part %s", a, f[1])
		case f[0] == "alibaba" && !netip.MustParsePrefix("8.128.0.0/16").Contains(a):
			t.Errorf("%s sampled for alibaba", a)
		}
	}
	if counts["alibaba/mainland"] != samples4 || counts["aws/offshore"] != samples4 || counts["cernet/mainland"] != samples6 || len(counts) != 3 {
		t.Errorf("samples per group: %v", counts)
	}
	for _, w := range []string{"@ip-location-db/asn@2.3.2026061719 (built 2026-06-17", "RouteViews CC BY 4.0", "# group alibaba: mainland; AS37963 Alibaba mainland (rule)"} {
		if !strings.Contains(outs[0], w) {
			t.Errorf("truth.csv lacks %q", w)
		}
	}
}
