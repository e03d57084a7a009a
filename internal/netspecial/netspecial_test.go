package netspecial

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

func TestLookupClasses(t *testing.T) {
	for s, want := range map[string]string{
		"0.1.2.3": "unspecified", "10.1.2.3": "private", "100.100.100.200": "shared (carrier-grade NAT)",
		"127.0.0.1": "loopback", "169.254.169.254": "link-local", "172.31.255.255": "private",
		"192.0.0.170": "reserved", "192.0.2.1": "documentation", "192.168.1.1": "private",
		"198.18.0.1": "reserved", "198.19.255.254": "reserved", "198.51.100.7": "documentation",
		"203.0.113.5": "documentation", "224.0.0.1": "multicast", "239.255.255.250": "multicast",
		"255.255.255.255": "broadcast", "240.0.0.1": "reserved", "::ffff:10.0.0.1": "private",
		"::": "unspecified", "::1": "loopback", "64:ff9b:1::a00:1": "local-use translation",
		"100::1": "discard-only", "2001:2::1": "reserved", "2001:db8::1": "documentation",
		"3fff::1": "documentation", "5f00::1": "reserved", "fd00::1": "private", "fe80::1%eth0": "link-local",
		"fec0::1": "site-local", "ff02::1": "multicast",
		// public
		"1.1.1.1": "", "8.8.8.8": "", "47.96.10.20": "", "52.80.1.1": "", "192.0.1.1": "", "198.20.0.1": "",
		"223.255.255.255": "", "2400:3200::1": "", "2404:6800::1": "", "64:ff9b::808:808": "", "2002:3450:101::1": "",
	} {
		r, ok := Lookup(netip.MustParseAddr(s))
		if ok != (want != "") || r.Class != want {
			t.Errorf("Lookup(%s) = %+v, %v; want class %q", s, r, ok, want)
		}
	}
	if r, _ := Lookup(netip.MustParseAddr("10.0.0.1")); r.String() != "10.0.0.0/8, private range, RFC 1918" {
		t.Errorf("String: %q", r.String())
	}
	if _, ok := Lookup(netip.Addr{}); ok {
		t.Error("the zero Addr is special")
	}
}

// The bit masks agree with netip.Prefix.Contains for every range, at its edges and for
// random addresses inside and around it.
func TestLookupAgreesWithPrefixContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	table := ranges()
	first := func(a netip.Addr) (Range, bool) {
		a = a.Unmap()
		for _, r := range table {
			if r.Prefix.Contains(a) {
				return r, true
			}
		}
		return Range{}, false
	}
	check := func(a netip.Addr) {
		got, gok := Lookup(a)
		want, wok := first(a)
		if gok != wok || got.Prefix != want.Prefix {
			t.Fatalf("Lookup(%s) = %v %v; Prefix.Contains says %v %v", a, got.Prefix, gok, want.Prefix, wok)
		}
	}
	for _, r := range table {
		p := r.Prefix
		check(p.Addr())
		check(lastOf(p))
		if prev := p.Addr().Prev(); prev.IsValid() {
			check(prev)
		}
		if next := lastOf(p).Next(); next.IsValid() {
			check(next)
		}
	}
	for i := 0; i < 200000; i++ {
		var b [16]byte
		for j := range b {
			b[j] = byte(rng.UintN(256))
		}
		if i%2 == 0 {
			check(netip.AddrFrom4([4]byte{b[0], b[1], b[2], b[3]}))
		} else {
			// Bias the first bytes towards the special ranges' neighbourhood.
			switch i % 6 {
			case 1:
				b[0], b[1] = 0x20, 0x01
			case 3:
				b[0], b[1] = 0xfe, 0x80|b[1]&0x7f
			}
			check(netip.AddrFrom16(b))
		}
	}
}

func lastOf(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

func TestEmbeddedIPv4(t *testing.T) {
	for s, want := range map[string]string{
		// RFC 6052 §2.4: 192.0.2.33 under the well-known prefix.
		"64:ff9b::c000:221":  "192.0.2.33",
		"64:ff9b::52.80.1.1": "52.80.1.1",
		// RFC 3056 §2: 2002:V4ADDR::/48.
		"2002:c000:221::1":      "192.0.2.33",
		"2002:3450:101:abcd::1": "52.80.1.1",
		// RFC 4380 §4: the client's address is the last 32 bits inverted. Server
		// 65.54.227.120 (4136:e378), client 192.0.2.45 (~3fff:fdd2).
		"2001:0:4136:e378:8000:63bf:3fff:fdd2": "192.0.2.45",
	} {
		v4, e, ok := EmbeddedIPv4(netip.MustParseAddr(s))
		if !ok || v4.String() != want || e.Ref == "" {
			t.Errorf("EmbeddedIPv4(%s) = %v %+v %v; want %s", s, v4, e, ok, want)
		}
	}
	for _, s := range []string{"52.80.1.1", "::ffff:52.80.1.1", "64:ff9b:1::3450:101", "64:ff9b:0:1::3450:101", "2001:1::1", "2003::1", "2400:3200::1", "::3450:101"} {
		if v4, _, ok := EmbeddedIPv4(netip.MustParseAddr(s)); ok {
			t.Errorf("EmbeddedIPv4(%s) = %v; want nothing", s, v4)
		}
	}
	if len(embeddings()) != 3 {
		t.Error("embeddings")
	}
}

func BenchmarkLookup(b *testing.B) {
	addrs := []netip.Addr{netip.MustParseAddr("47.96.10.20"), netip.MustParseAddr("2400:3200::1"), netip.MustParseAddr("10.0.0.1")}
	for i := 0; b.Loop(); i++ {
		Lookup(addrs[i%len(addrs)])
	}
}
