package mainland

import (
	"net/netip"
	"strings"
	"testing"
)

func TestDecide(t *testing.T) {
	m := &LocationMeta{Networks: []Network{
		{ASN: 37963, Class: NetworkMainland, Company: "Alibaba", Name: "Alibaba mainland"},
		{ASN: 16509, Class: NetworkOffshore, Company: "Amazon", Name: "Amazon"},
		{ASN: 132203, Class: NetworkMixed, Company: "Tencent", Name: "Tencent international"},
	}}
	const none, mainlandNet, offshoreNet, mixedNet = 0, 1, 2, 3
	for _, tt := range []struct {
		name      string
		geo, geo2 Location
		net       int
		mixed     bool
		want      Location
		basis     Basis
		caution   string // a part of the caution; "" for none
	}{
		{"mainland network over SG", LocationOffshore, LocationMainland, mainlandNet, false, LocationMainland, BasisNetwork, ""},
		{"mainland network over two offshore answers", LocationOffshore, LocationHongKong, mainlandNet, false, LocationMainland, BasisNetwork, ""},
		{"offshore network, HK from dbip, CN from the other", LocationMainland, LocationHongKong, offshoreNet, false, LocationHongKong, BasisNetwork, "a source places it in mainland China"},
		{"offshore network, both CN", LocationMainland, LocationMainland, offshoreNet, false, LocationOffshore, BasisNetwork, "a source places it in mainland China"},
		{"offshore network, agreed", LocationTaiwan, LocationTaiwan, offshoreNet, false, LocationTaiwan, BasisNetwork, ""},
		{"no rule: dbip first", LocationOffshore, LocationMainland, none, false, LocationMainland, BasisGeo, ""},
		{"no rule: dbip HK, other CN", LocationMainland, LocationHongKong, none, false, LocationHongKong, BasisGeo, "a source places it in mainland China"},
		{"no rule: only the first places it", LocationMacau, LocationUnknown, none, false, LocationMacau, BasisGeo, ""},
		{"mixed network, geolocation offshore", LocationHongKong, LocationHongKong, mixedNet, false, LocationHongKong, BasisGeo, "serves both mainland China and elsewhere"},
		{"mixed network, geolocation CN", LocationMainland, LocationMainland, mixedNet, false, LocationMainland, BasisGeo, ""},
		{"mixed block, unannounced, geolocation offshore", LocationOffshore, LocationOffshore, none, true, LocationOffshore, BasisGeo, "interleave"},
		{"mixed block, another network's block", LocationOffshore, LocationOffshore, OtherNetwork, true, LocationOffshore, BasisGeo, "interleave"},
		{"mixed block, offshore network decides", LocationOffshore, LocationOffshore, offshoreNet, true, LocationOffshore, BasisNetwork, ""},
		{"nothing", LocationUnknown, LocationUnknown, none, false, LocationUnknown, BasisNone, ""},
	} {
		d := m.Decide(Code(tt.geo, tt.geo2, tt.net, tt.mixed))
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
