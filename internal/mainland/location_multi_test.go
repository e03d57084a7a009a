package mainland

import (
	"net/netip"
	"strings"
	"testing"
)

func TestDecide(t *testing.T) {
	m := &LocationMeta{Networks: []Network{
		{ASN: 37963, Class: NetworkMainland, Company: "Alibaba", Name: "Alibaba mainland"},
		{ASN: 45102, Class: NetworkOffshore, Company: "Alibaba", Name: "Alibaba international"},
		{ASN: 132203, Class: NetworkMixed, Company: "Tencent", Name: "Tencent international"},
		{ASN: 16509, Class: NetworkOffshore, Company: "Amazon", Name: "Amazon", Publisher: "AWS's region list"},
	}}
	const none, mainlandNet, offshoreNet, mixedNet, confirmedNet = 0, 1, 2, 3, 4
	for _, tt := range []struct {
		name      string
		geo, geo2 Location
		net       int
		mixed     bool
		settled   NetworkClass
		want      Location
		basis     Basis
		caution   string // a part of the caution; "" for none
	}{
		{"settled mainland block over a mixed network and two offshore answers", LocationHongKong, LocationOffshore, mixedNet, false, NetworkMainland, LocationMainland, BasisBlock, ""},
		{"settled mainland block over an offshore network", LocationMainland, LocationOffshore, confirmedNet, false, NetworkMainland, LocationMainland, BasisBlock, ""},
		{"settled offshore block over a mainland network, HK from geolocation", LocationMainland, LocationHongKong, mainlandNet, true, NetworkOffshore, LocationHongKong, BasisBlock, ""},
		{"publisher-confirmed offshore network, CN from the other source: no caution", LocationMainland, LocationHongKong, confirmedNet, false, "", LocationHongKong, BasisNetwork, ""},
		{"publisher-confirmed offshore network, both CN: no caution", LocationMainland, LocationMainland, confirmedNet, false, "", LocationOffshore, BasisNetwork, ""},
		{"mainland network over SG", LocationOffshore, LocationMainland, mainlandNet, false, "", LocationMainland, BasisNetwork, ""},
		{"mainland network over two offshore answers", LocationOffshore, LocationHongKong, mainlandNet, false, "", LocationMainland, BasisNetwork, ""},
		{"offshore network, HK from dbip, CN from the other", LocationMainland, LocationHongKong, offshoreNet, false, "", LocationHongKong, BasisNetwork, "a source places it in mainland China"},
		{"offshore network, both CN", LocationMainland, LocationMainland, offshoreNet, false, "", LocationOffshore, BasisNetwork, "a source places it in mainland China"},
		{"offshore network, agreed", LocationTaiwan, LocationTaiwan, offshoreNet, false, "", LocationTaiwan, BasisNetwork, ""},
		{"no rule: dbip first", LocationOffshore, LocationMainland, none, false, "", LocationMainland, BasisGeo, ""},
		{"no rule: dbip HK, other CN", LocationMainland, LocationHongKong, none, false, "", LocationHongKong, BasisGeo, "a source places it in mainland China"},
		{"no rule: only the first places it", LocationMacau, LocationUnknown, none, false, "", LocationMacau, BasisGeo, ""},
		{"mixed network, geolocation offshore", LocationHongKong, LocationHongKong, mixedNet, false, "", LocationHongKong, BasisGeo, "serves both mainland China and elsewhere"},
		{"mixed network, geolocation CN", LocationMainland, LocationMainland, mixedNet, false, "", LocationMainland, BasisGeo, ""},
		{"mixed block, unannounced, geolocation offshore", LocationOffshore, LocationOffshore, none, true, "", LocationOffshore, BasisGeo, "interleave"},
		{"mixed block, another network's block", LocationOffshore, LocationOffshore, OtherNetwork, true, "", LocationOffshore, BasisGeo, "interleave"},
		{"mixed block, offshore network decides", LocationOffshore, LocationOffshore, offshoreNet, true, "", LocationOffshore, BasisNetwork, ""},
		{"nothing", LocationUnknown, LocationUnknown, none, false, "", LocationUnknown, BasisNone, ""},
	} {
		d := m.Decide(WithSettled(Code(tt.geo, tt.geo2, tt.net, tt.mixed), tt.settled))
		if d.Location != tt.want || d.Basis != tt.basis || (tt.caution == "") != (d.Caution == "") || !strings.Contains(d.Caution, tt.caution) {
			t.Errorf("%s: %+v; want %v basis %v caution %q", tt.name, d, tt.want, tt.basis, tt.caution)
		}
	}
}

func TestComposedTableRoundTrip(t *testing.T) {
	geo := buildLoc(t, "8.128.0.0,8.128.255.255,SG\n16.162.0.0,16.162.255.255,CN\n")
	geo2 := buildLoc(t, "8.128.0.0,8.128.255.255,CN\n16.162.0.0,16.162.255.255,HK\n2400:3200::,2400:3200:ffff:ffff:ffff:ffff:ffff:ffff,CN\n")
	p := func(s string) u128 { return u128{0, uint64(ipv4ToUint(mustAddr(s)))} }
	rows := []ASRow{
		{Start: p("8.128.0.0"), End: p("8.128.255.255"), ASN: 37963},
		{Start: p("8.129.0.0"), End: p("8.129.255.255"), ASN: 45102},
		{Start: p("16.162.0.0"), End: p("16.162.255.255"), ASN: 16509},
	}
	meta := LocationMeta{Sources: []DataSource{{Role: "geo", Package: "g", Version: "1", Date: "2026-01-01"}, {Role: "geo2", Package: "d", Version: "2", Date: "2026-01-02"}, {Role: "asn", Package: "a", Version: "3", Date: "2026-01-03"}},
		Networks: []Network{{ASN: 37963, Class: NetworkMainland, Company: "Alibaba", Name: "Alibaba mainland"}, {ASN: 45102, Class: NetworkOffshore, Company: "Alibaba", Name: "Alibaba intl"}, {ASN: 16509, Class: NetworkOffshore, Company: "Amazon", Name: "Amazon"}}}
	tab, err := ComposeLocation(LocationInfo{Source: "test", Date: "2026-01-03"}, geo, geo2, rows, meta)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := tab.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	dec, err := DecodeLocationTable(enc)
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]Location{"8.128.1.1": LocationMainland, "16.162.1.1": LocationHongKong, "2400:3200::1": LocationMainland, "9.9.9.9": LocationUnknown} {
		for _, tb := range []*LocationTable{tab, dec} {
			if got := tb.Locate(mustAddr(s)); got != want {
				t.Errorf("%s: %v, want %v", s, got, want)
			}
		}
	}
	// Alibaba's mainland (8.128.0.0/16) and international (8.129.0.0/16) networks in one
	// /8: the span between them is a mixed block; Amazon's /8 (one class) and the rest of
	// 8.0.0.0/8 are not.
	for s, want := range map[string]bool{"8.128.1.1": true, "8.129.255.255": true, "8.127.255.255": false, "8.130.0.0": false, "16.162.1.1": false} {
		if c, _ := dec.CodeOf(mustAddr(s)); codeMixed(c) != want {
			t.Errorf("%s: mixed %v, want %v", s, codeMixed(c), want)
		}
	}
	v, _ := dec.verdict(mustAddr("16.162.1.1"))
	if v.Agreed || v.Caution == "" || len(v.Sources) != 3 || !strings.Contains(v.Sources[0], "origin network AS16509") ||
		!strings.Contains(v.Evidence, "decided by origin network AS16509, Amazon; d says HK (agrees), g says CN (disagrees); the sources disagree — not proof of offshore") {
		t.Errorf("16.162.1.1: %+v", v)
	}
	if len(v.Decided) != 1 || !strings.HasPrefix(v.Decided[0], "origin network AS16509") {
		t.Errorf("decided %q", v.Decided)
	}
	// Without the international network, nothing is mixed; an unannounced address inside a
	// mixed span that geolocation places offshore gets a caution.
	tab, _ = ComposeLocation(LocationInfo{Source: "test"}, geo, geo2, rows[:1], LocationMeta{Networks: meta.Networks[:1]})
	if c, _ := tab.CodeOf(mustAddr("8.128.1.1")); codeMixed(c) {
		t.Error("8.128.0.0/16 with only Alibaba's mainland network is marked mixed")
	}
	geoSG := buildLoc(t, "8.128.0.0,8.130.255.255,SG\n")
	rows = append(rows, ASRow{Start: p("8.130.0.0"), End: p("8.130.255.255"), ASN: 45102})
	tab, _ = ComposeLocation(LocationInfo{Source: "test"}, geoSG, geoSG, append(rows[:1], rows[3]), meta)
	if c, _ := tab.CodeOf(mustAddr("8.129.1.1")); !codeMixed(c) || codeNet(c) != 0 || tab.meta.Decide(c).Caution == "" {
		t.Errorf("8.129.1.1, unannounced between Alibaba's networks: code %#x, decision %+v", c, tab.meta.Decide(c))
	}
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

// A settled block decides over its origin network and geolocation, survives the encoding
// and is named, with its source, in the evidence; an offshore network a publisher confirms
// decides without a caution, and the evidence says who confirms it.
func TestComposedTableSettledBlocksAndPublishers(t *testing.T) {
	geo := buildLoc(t, "119.29.0.0,119.29.255.255,HK\n16.162.0.0,16.162.255.255,CN\n")
	geo2 := buildLoc(t, "119.29.0.0,119.29.255.255,HK\n16.162.0.0,16.162.255.255,HK\n")
	p := func(s string) u128 { return u128{0, uint64(ipv4ToUint(mustAddr(s)))} }
	rows := []ASRow{
		{Start: p("119.29.0.0"), End: p("119.29.255.255"), ASN: 132203},
		{Start: p("16.162.0.0"), End: p("16.162.255.255"), ASN: 16509},
	}
	meta := LocationMeta{
		Networks: []Network{
			{ASN: 132203, Class: NetworkMixed, Company: "Tencent", Name: "Tencent international"},
			{ASN: 16509, Class: NetworkOffshore, Company: "Amazon", Name: "Amazon", Publisher: "AWS's region list (ip-ranges.json)"},
		},
		SettledBlocks: []SettledBlock{
			{Prefix: "119.29.29.0/24", Class: NetworkMainland, Company: "Tencent", Why: "DNSPod Public DNS, served in mainland China"},
			{Prefix: "16.162.7.0/25", Class: NetworkMainland, Company: "AWS China", Why: "listed in cn-north-1"},
			{Prefix: "16.162.7.128/25", Class: NetworkMainland, Company: "AWS China", Why: "listed in cn-north-1"},
		},
	}
	tab, err := ComposeLocation(LocationInfo{Source: "test", Date: "2026-01-03"}, geo, geo2, rows, meta)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := tab.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	dec, err := DecodeLocationTable(enc)
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]Location{"119.29.29.29": LocationMainland, "119.29.28.255": LocationHongKong, "119.29.30.0": LocationHongKong,
		"16.162.7.1": LocationMainland, "16.162.7.200": LocationMainland, "16.162.6.255": LocationHongKong, "16.162.8.0": LocationHongKong} {
		if got := dec.Locate(mustAddr(s)); got != want {
			t.Errorf("%s: %v, want %v", s, got, want)
		}
	}
	for _, tt := range []struct {
		addr, evidence, caution string
		decided                 string
	}{
		{"119.29.29.29", "CN (mainland China) for 119.29.29.0/24, decided by block 119.29.29.0/24 (Tencent: DNSPod Public DNS, served in mainland China)", "", "block 119.29.29.0/24"},
		{"119.29.1.1", "not proof of offshore", "serves both mainland China and elsewhere", "geo2"},
		// Two adjacent blocks of one class are one range of the table: both are named.
		{"16.162.7.1", "decided by blocks 16.162.7.0/25, 16.162.7.128/25 (AWS China: listed in cn-north-1)", "", "blocks 16.162.7.0/25, 16.162.7.128/25"},
		{"16.162.1.1", "decided by origin network AS16509, Amazon; geo2 says HK (agrees), geo says CN (disagrees); the sources disagree — AWS's region list (ip-ranges.json) confirms that AS16509 serves outside mainland China only", "", "origin network AS16509"},
	} {
		v, _ := dec.verdict(mustAddr(tt.addr))
		if !strings.Contains(v.Evidence, tt.evidence) || !strings.Contains(v.Caution, tt.caution) || (tt.caution == "") != (v.Caution == "") ||
			len(v.Decided) != 1 || !strings.HasPrefix(v.Decided[0], tt.decided) {
			t.Errorf("%s: evidence %q, caution %q, decided %q", tt.addr, v.Evidence, v.Caution, v.Decided)
		}
	}
	if v, _ := dec.verdict(mustAddr("16.162.1.1")); !strings.Contains(v.Sources[0], "serves outside mainland China only, as AWS's region list (ip-ranges.json) confirms") {
		t.Errorf("16.162.1.1: sources %q", v.Sources)
	}
	bad := meta
	bad.SettledBlocks = []SettledBlock{{Prefix: "1.2.3.0/24", Class: NetworkMixed}}
	if _, err := ComposeLocation(LocationInfo{}, geo, geo2, rows, bad); err == nil || !strings.Contains(err.Error(), "not mainland or offshore") {
		t.Errorf("a settled block of class mixed: %v", err)
	}
}

func TestParseNetworkList(t *testing.T) {
	const good = `# a comment
37963 | mainland | rule     | split | ali | Alibaba | Alibaba mainland
16509 | offshore | rule     | split | aws | Amazon  | Amazon
4538  | mainland | held-out | held  | edu | CERNET  | CERNET
133478| mainland | rule     | tune  | ten | Tencent | Tencent Beijing
block | 8.128.0.0/9    | mixed    | Alibaba | interleaved
block | 119.29.29.0/24 | mainland | Tencent | DNSPod's page
publisher | aws | AWS's region list | 16509
`
	l, err := ParseNetworkList(strings.NewReader(good), "n.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Networks) != 4 || l.Networks[1].Publisher != "AWS's region list" || l.Networks[0].Publisher != "" ||
		l.Networks[2].Part != TruthHeld || l.Networks[3].Part != TruthTune || len(l.MixedBlocks) != 1 ||
		len(l.SettledBlocks) != 1 || l.SettledBlocks[0].Why != "DNSPod's page" || len(l.Publishers) != 1 {
		t.Errorf("%+v", l)
	}
	for _, tt := range []struct{ line, want string }{
		{"1 | mainland | rule | held | g | C | N", "has a rule but is wholly held back"},
		{"1 | mainland | rule | half | g | C | N", `part "half"`},
		{"1 | mainland | rule | g | C | N", "expected asn|class|rule|part|group|company|name"},
		{"block | 1.0.0.0/8 | Alibaba | why", "expected block|prefix|class|company|why"},
		{"block | 1.0.0.0/8 | somewhere | A | why", `block class "somewhere"`},
		{"block | 1.0.0.0/8 | mainland | A |", "say which source settles it"},
		{"publisher | aws | AWS | 4538", "AS4538 is not a listed mainland or offshore network with a rule"},
		{"publisher | aws | AWS | 64500", "AS64500 is not a listed"},
	} {
		if _, err := ParseNetworkList(strings.NewReader(good+tt.line+"\n"), "n.txt"); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.line, err, tt.want)
		}
	}
	if _, err := ParseNetworkList(strings.NewReader(good+"publisher | azure | Azure | 16509\n"), "n.txt"); err == nil || !strings.Contains(err.Error(), "two publishers") {
		t.Errorf("a network two publishers confirm: %v", err)
	}
}

// PartOf depends on the address's block only.
func TestPartOf(t *testing.T) {
	for _, pair := range [][2]string{{"8.128.0.1", "8.128.255.254"}, {"2400:3200::1", "2400:3200:ffff::1"}} {
		if PartOf(mustAddr(pair[0])) != PartOf(mustAddr(pair[1])) {
			t.Errorf("%s and %s are in one block but in different parts", pair[0], pair[1])
		}
	}
	seen := map[string]bool{}
	for i := range 64 {
		seen[PartOf(netip.AddrFrom4([4]byte{10, byte(i), 0, 1}))] = true
	}
	if !seen[TruthHeld] || !seen[TruthTune] {
		t.Errorf("64 blocks all in one part: %v", seen)
	}
}
