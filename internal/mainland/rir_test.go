package mainland

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

const sampleDelegated = `# comment line
2.3|apnic|20260101|8|19830613|20251231|+1000
apnic|*|asn|*|1|summary
apnic|*|ipv4|*|5|summary
apnic|*|ipv6|*|2|summary

apnic|CN|ipv4|1.0.1.0|768|20110414|allocated
apnic|AU|ipv4|1.0.0.0|256|20110811|assigned
apnic|HK|ipv4|1.0.4.0|1024|20110412|allocated|A91E1C7F
apnic|MO|ipv4|1.0.8.0|256|20110412|allocated
apnic|TW|ipv4|1.0.9.0|256|20110412|allocated
apnic|CN|ipv6|2001:250::|31|20000426|allocated
apnic|JP|ipv6|2001:200::|32|19990813|allocated
apnic|CN|asn|4134|1|19971218|allocated
apnic||ipv4|1.0.10.0|256||available
apnic|ZZ|ipv4|1.0.11.0|256||reserved
apnic|CN|ipv4|1.0.12.0|256|20110414|reserved
`

func mustParse(t testing.TB, s string) *RIRData {
	t.Helper()
	d, err := ParseDelegated(strings.NewReader(s), "delegated-apnic-latest")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseDelegated(t *testing.T) {
	d := mustParse(t, sampleDelegated)
	if d.Len() != 7 || d.Skipped() != 4 {
		t.Errorf("Len %d Skipped %d, want 7 and 4", d.Len(), d.Skipped())
	}
	tests := []struct {
		addr     string
		class    Class
		evidence string
	}{
		{"1.0.1.0", Mainland, "APNIC delegation 1.0.1.0-1.0.3.255 (CN) from delegated-apnic-latest (2025-12-31)"},
		{"1.0.2.17", Mainland, "APNIC delegation 1.0.1.0-1.0.3.255 (CN) from delegated-apnic-latest (2025-12-31)"},
		{"1.0.3.255", Mainland, "APNIC delegation 1.0.1.0-1.0.3.255 (CN) from delegated-apnic-latest (2025-12-31)"},
		{"1.0.0.255", Offshore, "APNIC delegation 1.0.0.0/24 (AU) from delegated-apnic-latest (2025-12-31)"},
		{"1.0.4.0", Offshore, "APNIC delegation 1.0.4.0/22 (HK) from delegated-apnic-latest (2025-12-31)"},
		{"1.0.7.255", Offshore, "APNIC delegation 1.0.4.0/22 (HK) from delegated-apnic-latest (2025-12-31)"},
		{"1.0.8.1", Offshore, "APNIC delegation 1.0.8.0/24 (MO) from delegated-apnic-latest (2025-12-31)"},
		{"1.0.9.1", Offshore, "APNIC delegation 1.0.9.0/24 (TW) from delegated-apnic-latest (2025-12-31)"},
		{"::ffff:1.0.1.1", Mainland, "APNIC delegation 1.0.1.0-1.0.3.255 (CN) from delegated-apnic-latest (2025-12-31)"},
		{"2001:250::1", Mainland, "APNIC delegation 2001:250::/31 (CN) from delegated-apnic-latest (2025-12-31)"},
		{"2001:251:ffff::1", Mainland, "APNIC delegation 2001:250::/31 (CN) from delegated-apnic-latest (2025-12-31)"},
		{"2001:252::1", Unknown, ""},
		{"2001:200::1", Offshore, "APNIC delegation 2001:200::/32 (JP) from delegated-apnic-latest (2025-12-31)"},
		{"1.0.10.1", Unknown, ""}, // available
		{"1.0.11.1", Unknown, ""}, // reserved
		{"1.0.12.1", Unknown, ""}, // reserved although CN
		{"8.8.8.8", Unknown, ""},
	}
	for _, tt := range tests {
		v := d.Classify(netip.MustParseAddr(tt.addr))
		if v.Class != tt.class {
			t.Errorf("%s: class %v, want %v (%s)", tt.addr, v.Class, tt.class, v.Evidence)
		}
		if tt.class != Unknown && (v.Source != SourceRIR || v.Evidence != tt.evidence) {
			t.Errorf("%s: source %q evidence %q, want rir %q", tt.addr, v.Source, v.Evidence, tt.evidence)
		}
		if tt.class == Unknown && (v.Source != "" || !strings.Contains(v.Evidence, "no delegation in rir_sources (delegated-apnic-latest) covers")) {
			t.Errorf("%s: unknown verdict %+v", tt.addr, v)
		}
	}
	if got := d.MainlandSet().Prefixes(); fmt.Sprint(got) != "[1.0.1.0/24 1.0.2.0/23 2001:250::/31]" {
		t.Errorf("mainland prefixes %v", got)
	}
	if !d.OffshoreSet().Contains(netip.MustParseAddr("1.0.9.255")) {
		t.Error("offshore set")
	}
	if s := d.Sources(); len(s) != 1 || s[0] != "delegated-apnic-latest" {
		t.Errorf("Sources %v", s)
	}
}

func TestParseDelegatedCounts(t *testing.T) {
	// Non-power-of-two counts become ranges, split into prefixes in the set.
	d := mustParse(t, "apnic|CN|ipv4|10.0.0.0|1280|20200101|allocated\napnic|CN|ipv4|255.255.255.0|256|20200101|assigned\n")
	if got := fmt.Sprint(d.MainlandSet().Prefixes()); got != "[10.0.0.0/22 10.0.4.0/24 255.255.255.0/24]" {
		t.Errorf("prefixes %s", got)
	}
	if v := d.Classify(netip.MustParseAddr("10.0.4.255")); v.Class != Mainland || !strings.Contains(v.Evidence, "10.0.0.0-10.0.4.255") {
		t.Errorf("%+v", v)
	}
	if v := d.Classify(netip.MustParseAddr("10.0.5.0")); v.Class != Unknown {
		t.Errorf("%+v", v)
	}
	// IPv6 /0 and /128.
	d = mustParse(t, "ripencc|DE|ipv6|::|0|20200101|allocated\nripencc|CN|ipv6|2400::1|128|20200101|allocated\n")
	// A CN block inside a DE block is a conflict, reported as such.
	if v := d.Classify(netip.MustParseAddr("2400::1")); v.Class != Unknown || !strings.Contains(v.Evidence, "RIPENCC delegation 2400::1/128 (CN)") {
		t.Errorf("%+v", v)
	}
	if v := d.Classify(netip.MustParseAddr("2400::2")); v.Class != Offshore || !strings.Contains(v.Evidence, "::/0 (DE)") {
		t.Errorf("%+v", v)
	}
	// Windows line endings and surrounding white space.
	d = mustParse(t, "  apnic|CN|ipv4|1.2.3.0|256|20200101|allocated  \r\n\r\n")
	if v := d.Classify(netip.MustParseAddr("1.2.3.4")); v.Class != Mainland {
		t.Errorf("%+v", v)
	}
}

func TestParseDelegatedConflict(t *testing.T) {
	a := mustParse(t, "apnic|CN|ipv4|5.0.0.0|512|20200101|allocated\n")
	b, err := ParseDelegated(strings.NewReader("arin|US|ipv4|5.0.1.0|256|20200101|allocated\n"), "delegated-arin-extended-latest")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Merge(a, nil, b)
	if err != nil {
		t.Fatal(err)
	}
	if v := m.Classify(netip.MustParseAddr("5.0.0.1")); v.Class != Mainland {
		t.Errorf("%+v", v)
	}
	v := m.Classify(netip.MustParseAddr("5.0.1.1"))
	if v.Class != Unknown || v.Source != SourceRIR || !strings.Contains(v.Evidence, "disagrees") ||
		!strings.Contains(v.Evidence, "ARIN delegation 5.0.1.0/24 (US) from delegated-arin-extended-latest") ||
		!strings.Contains(v.Evidence, "APNIC delegation 5.0.0.0/23 (CN)") {
		t.Errorf("%+v", v)
	}
	if got := m.Sources(); fmt.Sprint(got) != "[delegated-apnic-latest delegated-arin-extended-latest]" {
		t.Errorf("sources %v", got)
	}
	// Nested delegations: the narrowest covering one is the evidence.
	n := mustParse(t, "apnic|AU|ipv4|6.0.0.0|65536|20200101|allocated\napnic|AU|ipv4|6.0.8.0|256|20200101|assigned\n")
	if v := n.Classify(netip.MustParseAddr("6.0.8.8")); !strings.Contains(v.Evidence, "6.0.8.0/24") {
		t.Errorf("%+v", v)
	}
	if v := n.Classify(netip.MustParseAddr("6.0.9.8")); !strings.Contains(v.Evidence, "6.0.0.0/16") {
		t.Errorf("%+v", v)
	}
}

func TestParseDelegatedErrors(t *testing.T) {
	tests := []struct {
		in   string
		line int
		msg  string
	}{
		{"apnic|CN|ipv4|1.0.1.0|256", 1, "at least 7 fields"},
		{"# c\napnic|CN|ipv4|1.0.1.0|256|20110414", 2, "at least 7 fields"},
		{"|CN|ipv4|1.0.1.0|256|20110414|allocated", 1, "registry field is empty"},
		{"apnic|China|ipv4|1.0.1.0|256|20110414|allocated", 1, `country code "China"`},
		{"apnic|cn|ipv4|1.0.1.0|256|20110414|allocated", 1, `country code "cn"`},
		{"apnic|CN|ipv4|1.0.1|256|20110414|allocated", 1, `start address "1.0.1"`},
		{"apnic|CN|ipv4|fe80::1%eth0|256|20110414|allocated", 1, "start address"},
		{"apnic|CN|ipv4|2001::|256|20110414|allocated", 1, "not IPv4"},
		{"apnic|CN|ipv4|1.0.1.0|0|20110414|allocated", 1, "not a positive whole number"},
		{"apnic|CN|ipv4|1.0.1.0|-1|20110414|allocated", 1, "not a positive whole number"},
		{"apnic|CN|ipv4|1.0.1.0|x|20110414|allocated", 1, "not a positive whole number"},
		{"apnic|CN|ipv4|255.255.255.0|257|20110414|allocated", 1, "runs past 255.255.255.255"},
		{"apnic|CN|ipv4|0.0.0.0|4294967297|20110414|allocated", 1, "runs past"},
		{"apnic|CN|ipv6|1.2.3.4|32|20110414|allocated", 1, "not IPv6"},
		{"apnic|CN|ipv6|2001:250::|129|20110414|allocated", 1, "prefix length"},
		{"apnic|CN|ipv6|2001:250::|-1|20110414|allocated", 1, "prefix length"},
		{"apnic|CN|ipv6|2001:250::1|32|20110414|allocated", 1, "bits set after the prefix length"},
		{"apnic|CN|ipv4|1.0.1.0|256|20110414|allocated\n" + strings.Repeat("x", 5000), 2, "longer than 4096"},
	}
	for _, tt := range tests {
		_, err := ParseDelegated(strings.NewReader(tt.in), "test-file")
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != tt.line || pe.Name != "test-file" || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%.80q: error %v, want line %d containing %q", tt.in, err, tt.line, tt.msg)
			continue
		}
		if !strings.HasPrefix(err.Error(), fmt.Sprintf("test-file:%d: ", tt.line)) {
			t.Errorf("error %q does not start with name:line", err)
		}
	}
	// Whole-0.0.0.0/0 in one record is fine.
	if _, err := ParseDelegated(strings.NewReader("x|US|ipv4|0.0.0.0|4294967296||assigned"), "f"); err != nil {
		t.Error(err)
	}
	// Skipped: unknown types and statuses.
	d := mustParse(t, "apnic|CN|asn|4134|1|19971218|allocated\napnic|CN|ipv5|x|1|1|allocated\napnic|CN|ipv4|1.0.1.0|256|1|weird\n")
	if d.Len() != 0 || d.Skipped() != 3 {
		t.Errorf("Len %d Skipped %d", d.Len(), d.Skipped())
	}
}

func TestRIRDataNilAndEmpty(t *testing.T) {
	var d *RIRData
	if v := d.Classify(netip.MustParseAddr("1.1.1.1")); v.Class != Unknown {
		t.Error(v)
	}
	if d.Len() != 0 || d.Skipped() != 0 || d.Sources() != nil || d.MainlandSet() == nil || d.OffshoreSet() == nil {
		t.Error("nil accessors")
	}
	if v := (&RIRData{}).Classify(netip.MustParseAddr("1.1.1.1")); v.Class != Unknown {
		t.Error(v)
	}
	e := mustParse(t, "")
	if v := e.Classify(netip.MustParseAddr("1.1.1.1")); v.Class != Unknown {
		t.Error(v)
	}
	if v := e.Classify(netip.Addr{}); v.Class != Unknown {
		t.Error(v)
	}
}

// syntheticDelegated returns a delegated file of n ipv4 records of varied
// sizes (every third CN) laid out without gaps from 1.0.0.0, plus n/8 ipv6
// records.
func syntheticDelegated(n int) (string, []netip.Addr) {
	var b strings.Builder
	b.WriteString("2|apnic|20260101|0|19830613|20251231|+1000\n")
	r := rand.New(rand.NewPCG(1, 2))
	next := uint32(1 << 24)
	var addrs []netip.Addr
	ccs := []string{"CN", "HK", "JP", "TW", "AU", "MO", "KR", "SG"}
	for i := 0; i < n; i++ {
		count := uint32(256 * (1 + r.IntN(16)))
		cc := ccs[r.IntN(len(ccs))]
		if i%3 == 0 {
			cc = "CN"
		}
		start := uintToIPv4(next)
		fmt.Fprintf(&b, "apnic|%s|ipv4|%s|%d|20100101|allocated\n", cc, start, count)
		addrs = append(addrs, uintToIPv4(next+uint32(r.IntN(int(count)))))
		next += count
	}
	for i := 0; i < n/8; i++ {
		p := netip.AddrFrom16([16]byte{0x24, 0x00, byte(i >> 8), byte(i)})
		fmt.Fprintf(&b, "apnic|%s|ipv6|%s|32|20100101|allocated\n", ccs[i%len(ccs)], p)
		addrs = append(addrs, p.Next())
	}
	// Some addresses no delegation covers.
	for i := 0; i < n/10; i++ {
		addrs = append(addrs, uintToIPv4(0xC0000000+uint32(r.IntN(1<<24))))
	}
	r.Shuffle(len(addrs), func(i, j int) { addrs[i], addrs[j] = addrs[j], addrs[i] })
	return b.String(), addrs
}

func TestSynthetic(t *testing.T) {
	text, addrs := syntheticDelegated(2000)
	d := mustParse(t, text)
	if d.Len() != 2000+250 {
		t.Fatalf("Len %d", d.Len())
	}
	if !d.disjoint {
		t.Fatal("synthetic data should use the flat tables")
	}
	slow := *d
	slow.disjoint = false
	for _, a := range addrs {
		v := d.Classify(a)
		if sv := slow.Classify(a); !reflect.DeepEqual(sv, v) {
			t.Fatalf("%s: fast %+v, slow %+v", a, v, sv)
		}
		if v.Class != Unknown && v.Evidence == "" {
			t.Fatalf("%s: no evidence", a)
		}
		// The evidence names the class's country.
		if v.Class == Mainland && !strings.Contains(v.Evidence, "(CN)") || v.Class == Offshore && strings.Contains(v.Evidence, "(CN)") {
			t.Fatalf("%s: %+v", a, v)
		}
	}
}

// BenchmarkRIRClassify measures classification against a file the size of
// delegated-apnic-latest (about 50,000 address records).
func BenchmarkRIRClassify(b *testing.B) {
	text, addrs := syntheticDelegated(50000)
	d, err := ParseDelegated(strings.NewReader(text), "delegated-apnic-latest")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		_ = d.Classify(addrs[i%len(addrs)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "classifications/s")
}

func BenchmarkParseDelegated(b *testing.B) {
	text, _ := syntheticDelegated(50000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := ParseDelegated(strings.NewReader(text), "delegated-apnic-latest"); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParseDelegated(f *testing.F) {
	f.Add(sampleDelegated)
	f.Add("apnic|CN|ipv4|1.0.1.0|768|20110414|allocated\n")
	f.Add("apnic|CN|ipv6|2001:250::|31|20000426|allocated\napnic|US|ipv6|::|0||assigned\n")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDelegated(strings.NewReader(s), "fuzz")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		// Every delegation start classifies consistently with the sets.
		for _, del := range d.dels {
			for _, a := range []netip.Addr{del.from, del.to} {
				if a.Is4In6() {
					continue // classified as the IPv4 address it maps
				}
				v := d.Classify(a)
				slow := *d
				slow.disjoint = false
				if sv := slow.Classify(a); !reflect.DeepEqual(sv, v) {
					t.Fatalf("%s: fast %+v, slow %+v", a, v, sv)
				}
				switch {
				case d.MainlandSet().Contains(a) && v.Class != Mainland,
					d.OffshoreSet().Contains(a) && v.Class != Offshore,
					v.Class != Unknown && v.Evidence == "":
					t.Fatalf("%s: %+v", a, v)
				}
			}
		}
		if d.MainlandSet().Overlaps(d.OffshoreSet()) {
			t.Fatal("mainland and offshore sets overlap")
		}
	})
}
