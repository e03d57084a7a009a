package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// fakeASN writes a small @ip-location-db/asn tarball: 8.128.0.0/16 AS37963 with a /24 of
// another network inside; 16.162.0.0/16 AS16509; 52.80.0.0/16 AS55960; 2001:da8::/32 AS4538.
// It returns its directory, path and pin.
func fakeASN(t *testing.T) (dir, tgz, pin string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for n, body := range map[string]string{
		"package.json":       `{"name": "@ip-location-db/asn", "version": "2.3.2026061719", "license": "CC-BY-4.0"}`,
		"asn-ipv4-num.csv":   "142606336,142671871,37963,Alibaba\n142606592,142606847,64500,Other\n279052288,279117823,16509,Amazon\n877658112,877723647,55960,Sinnet\n",
		"asn-ipv6-num.csv":   "42541956123769884636017138956568135680,42541956202998047150281476550112067583,4538,CERNET\n",
		"ROUTEVIEWS-LICENSE": "RouteViews CC BY 4.0\n", "DBIP-LICENSE": "DB-IP CC BY 4.0\n", "NRO_LICENSE": "NRO CC BY 4.0\n",
	} {
		tw.WriteHeader(&tar.Header{Name: "package/" + n, Mode: 0o644, Size: int64(len(body))})
		tw.Write([]byte(body))
	}
	tw.Close()
	zw.Close()
	dir = t.TempDir()
	tgz = filepath.Join(dir, "asn.tgz")
	os.WriteFile(tgz, buf.Bytes(), 0o600)
	sum := sha512.Sum512(buf.Bytes())
	return dir, tgz, "@ip-location-db/asn@2.3.2026061719=sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

func TestTruthgen(t *testing.T) {
	dir, tgz, pin := fakeASN(t)
	nets := filepath.Join(dir, "networks.txt")
	os.WriteFile(nets, []byte("37963|mainland|rule|split|alibaba|Alibaba|Alibaba mainland\n16509|offshore|held-out|held|aws|Amazon|Amazon\n4538|mainland|rule|tune|cernet|CERNET|CERNET\n132203|mixed|rule|split|-|Tencent|Tencent\n"), 0o600)
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
		if _, err := os.Stat(filepath.Join(out, "publishers.csv")); !os.IsNotExist(err) {
			t.Errorf("without the publishers' files, publishers.csv was written (%v)", err)
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
			t.Errorf("%s: a held-back network's address in part %s", a, f[1])
		case f[0] == "cernet" && f[1] != "tune":
			t.Errorf("%s: a tune network's address in part %s", a, f[1])
		case f[0] == "alibaba" && f[1] != mainland.PartOf(a):
			t.Errorf("%s: a split network's address in part %s, its block's part is %s", a, f[1], mainland.PartOf(a))
		case f[0] == "alibaba" && !netip.MustParsePrefix("8.128.0.0/16").Contains(a):
			t.Errorf("%s sampled for alibaba", a)
		}
	}
	if counts["alibaba/mainland"] != samples4 || counts["aws/offshore"] != samples4 || counts["cernet/mainland"] != samples6 || len(counts) != 3 {
		t.Errorf("samples per group: %v", counts)
	}
	for _, w := range []string{"@ip-location-db/asn@2.3.2026061719 (built 2026-06-17", "RouteViews CC BY 4.0", "# group alibaba: mainland; AS37963 Alibaba mainland (rule; part split)"} {
		if !strings.Contains(outs[0], w) {
			t.Errorf("truth.csv lacks %q", w)
		}
	}
}

// publisherFiles writes small publisher files: AWS lists 52.80.0.0/16 in cn-north-1 (with a
// /24 of it in GLOBAL), 16.162.0.0/16 in ap-east-1 and extra for the other regions; Azure's
// Public cloud eastasia and the China cloud chinanorth. It returns the truthgen flags.
func publisherFiles(t *testing.T, dir, aws string) []string {
	t.Helper()
	files := map[string]string{
		"aws": aws,
		"azure-public": `{"changeNumber": 375, "cloud": "Public", "values": [
		  {"name": "AzureCloud", "properties": {"region": "", "addressPrefixes": ["20.0.0.0/8"]}},
		  {"name": "AzureCloud.eastasia", "properties": {"region": "eastasia", "addressPrefixes": ["20.2.0.0/16", "2603:1040::/47"]}},
		  {"name": "AzureCloud.westus", "properties": {"region": "westus", "addressPrefixes": ["20.3.0.0/16"]}}]}`,
		"azure-china": `{"changeNumber": 400, "cloud": "China", "values": [
		  {"name": "AzureCloud.chinanorth", "properties": {"region": "chinanorth", "addressPrefixes": ["42.159.0.0/16"]}}]}`,
	}
	var args []string
	for _, n := range []string{"aws", "azure-public", "azure-china"} {
		path := filepath.Join(dir, n+".json")
		os.WriteFile(path, []byte(files[n]), 0o600)
		sum := sha256.Sum256([]byte(files[n]))
		args = append(args, "-"+n, path, "-"+n+"-sha256", hex.EncodeToString(sum[:]), "-"+n+"-from", "test repo, commit abc, "+n+".json")
	}
	return args
}

const awsFile = `{"syncToken": "1781705825", "createDate": "2026-06-17-14-17-05",
  "prefixes": [
    {"ip_prefix": "52.80.0.0/16", "region": "cn-north-1", "service": "AMAZON"},
    {"ip_prefix": "52.80.0.0/16", "region": "cn-north-1", "service": "EC2"},
    {"ip_prefix": "52.80.9.0/24", "region": "GLOBAL", "service": "CLOUDFRONT"},
    {"ip_prefix": "16.162.0.0/16", "region": "ap-east-1", "service": "AMAZON"},
    {"ip_prefix": "16.162.8.0/24", "region": "ap-east-1", "service": "EC2"},
    {"ip_prefix": "16.163.0.0/16", "region": "ap-east-2", "service": "AMAZON"},
    {"ip_prefix": "3.0.0.0/16", "region": "us-east-1", "service": "AMAZON"},
    {"ip_prefix": "161.189.0.0/16", "region": "cn-northwest-1", "service": "AMAZON"}%s],
  "ipv6_prefixes": [{"ipv6_prefix": "2404:c2c0::/40", "region": "cn-northwest-1", "service": "AMAZON"}]}`

func TestTruthgenPublishers(t *testing.T) {
	dir, tgz, pin := fakeASN(t)
	nets := filepath.Join(dir, "networks.txt")
	list := "16509|offshore|rule|split|amazon|Amazon|Amazon\n55960|mainland|rule|split|sinnet|AWS China|Sinnet\n4538|mainland|rule|split|cernet|CERNET|CERNET\n"
	os.WriteFile(nets, []byte(list+"publisher|aws|AWS's region list|16509 55960\n"), 0o600)
	base := []string{"-asn", pin, "-asn-tgz", tgz, "-networks", nets}
	var outs [2]string
	for i := range outs {
		out := t.TempDir()
		var stdout bytes.Buffer
		if err := run(append(append(base, "-out", out), publisherFiles(t, dir, fmt.Sprintf(awsFile, ""))...), &stdout); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, "publishers.csv"))
		if err != nil {
			t.Fatal(err)
		}
		outs[i] = string(b)
	}
	if outs[0] != outs[1] {
		t.Fatal("two runs wrote different publishers.csv")
	}
	counts := map[string]int{}
	for _, l := range strings.Split(outs[0], "\n") {
		if l == "" || l[0] == '#' || strings.HasPrefix(l, "group,") {
			continue
		}
		f := strings.Split(l, ",")
		a, p := netip.MustParseAddr(f[2]), netip.MustParsePrefix(f[6])
		counts[f[0]]++
		switch {
		case f[1] != "independent" || !p.Contains(a):
			t.Errorf("row %q", l)
		case netip.MustParsePrefix("52.80.9.0/24").Contains(a):
			t.Errorf("%s is listed GLOBAL (narrower than cn-north-1), sampled for %s", a, f[0])
		case f[0] == "aws-ap-east-1" && netip.MustParsePrefix("16.162.8.0/24").Contains(a) && p.Bits() != 24:
			t.Errorf("%s: the narrowest prefix listing it is 16.162.8.0/24, not %s", a, p)
		case (f[0] == "aws-cn-north-1" || f[0] == "aws-cn-northwest-1" || f[0] == "azure-china") != (f[3] == "mainland"):
			t.Errorf("row %q: wrong truth", l)
		}
	}
	for g, n := range map[string]int{"aws-cn-north-1": samples4, "aws-cn-northwest-1": samples4 + samples6, "aws-ap-east-1": samples4, "aws-ap-east-2": samples4,
		"aws-other-regions": samples4, "azure-china": samples4, "azure-eastasia": samples4 + samples6, "azure-other-regions": samples4} {
		if counts[g] != n {
			t.Errorf("group %s: %d rows, want %d (%v)", g, counts[g], n, counts)
		}
	}
	for _, w := range []string{"# aws: AWS (syncToken 1781705825, createDate 2026-06-17-14-17-05), read from test repo, commit abc, aws.json, sha256 ",
		"# azure-china: Azure China (cloud China, changeNumber 400)", "# Terms, AWS: AWS's page on the file", "It names no licence",
		"AS16509 65536 IPv4 addresses and 0 IPv6 /64s, all in regions outside mainland China; AS55960 65280 IPv4 addresses",
		"# checked: AS16509 AS55960\n", "# group aws-ap-east-1: offshore; Asia Pacific (Hong Kong)"} {
		if !strings.Contains(outs[0], w) {
			t.Errorf("publishers.csv lacks %q:\n%s", w, outs[0][:2000])
		}
	}

	// AWS lists a block of Amazon's network in a China region: the publisher line no longer
	// holds, until a settled block of networks.txt says where that block is.
	contra := fmt.Sprintf(awsFile, `, {"ip_prefix": "16.162.200.0/28", "region": "cn-north-1", "service": "AMAZON"}`)
	err := run(append(append(base, "-out", t.TempDir()), publisherFiles(t, dir, contra)...), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "AS16509 (offshore) originates 16.162.200.0-16.162.200.15, which aws lists in cn-north-1") {
		t.Errorf("a contradiction of the publisher line: %v", err)
	}
	os.WriteFile(nets, []byte(list+"block|16.162.200.0/28|mainland|AWS China|listed in cn-north-1\npublisher|aws|AWS's region list|16509 55960\n"), 0o600)
	if err := run(append(append(base, "-out", t.TempDir()), publisherFiles(t, dir, contra)...), &bytes.Buffer{}); err != nil {
		t.Errorf("the contradiction settled by a block: %v", err)
	}
	os.WriteFile(nets, []byte(list+"block|16.162.200.0/28|offshore|AWS|wrong\npublisher|aws|AWS's region list|16509 55960\n"), 0o600)
	if err := run(append(append(base, "-out", t.TempDir()), publisherFiles(t, dir, contra)...), &bytes.Buffer{}); err == nil ||
		!strings.Contains(err.Error(), "settled block 16.162.200.0/28 (offshore) holds 16.162.200.0/28, which aws lists in cn-north-1") {
		t.Errorf("a settled block the publisher contradicts: %v", err)
	}

	// Pins: a file whose SHA-256 is not the pinned one is refused; all three files or none.
	os.WriteFile(nets, []byte(list+"publisher|aws|AWS's region list|16509 55960\n"), 0o600)
	flags := publisherFiles(t, dir, fmt.Sprintf(awsFile, ""))
	bad := slices.Clone(flags)
	bad[3] = strings.Repeat("0", 64)
	if err := run(append(append(base, "-out", t.TempDir()), bad...), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "is not the pinned "+strings.Repeat("0", 64)+": refusing it") {
		t.Errorf("a file of another SHA-256: %v", err)
	}
	if err := run(append(append(base, "-out", t.TempDir()), flags[:6]...), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "are required together") {
		t.Errorf("only the AWS file: %v", err)
	}
}
