// Package netspecial is the one table of special-purpose IP address ranges the provider
// uses: the ranges that are not globally reachable unicast space (so they cannot place a
// server, and a page fetch must not reach them), and the IPv6 ranges whose addresses carry
// an IPv4 address (NAT64, 6to4, Teredo), which are judged by that IPv4 address.
//
// Both the ICP guard's classifier (internal/mainland: such an address is not a server
// anywhere) and the site compliance check's SSRF guard (internal/compliance: refuse to
// connect) read it, so the two cannot disagree about what is special.
//
// Sources: the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and the
// RFCs each entry cites, listed beside it below), the IPv4 multicast range (RFC 5771), the
// IPv6 multicast and deprecated site-local ranges (RFC 4291, RFC 3879). The IPv4-embedding
// forms are RFC 6052 §2.1–2.2 (NAT64 well-known prefix 64:ff9b::/96: the IPv4 address in
// bits 96–127), RFC 3056 §2 (6to4, 2002::/16: bits 16–47) and RFC 4380 §4 (Teredo,
// 2001::/32: the client's public IPv4 address in bits 96–127, every bit inverted).
// 64:ff9b:1::/48 (RFC 8215) is local-use: its operator picks the prefix length, and
// with it where the IPv4 address sits (RFC 6052 §2.2), so it is not unwrapped — it is in
// the table as not globally reachable, as IANA lists it.
package netspecial

import (
	"encoding/binary"
	"net/netip"
)

// Range is one special-purpose range.
type Range struct {
	// Prefix is the range, e.g. 10.0.0.0/8.
	Prefix netip.Prefix
	// Class is the short kind used in messages: "private", "loopback", "link-local",
	// "site-local", "unspecified", "shared (carrier-grade NAT)", "multicast", "broadcast",
	// "documentation", "reserved", "discard-only" or "local-use translation".
	Class string
	// Name describes it, e.g. "private range".
	Name string
	// Ref is the specification that defines it, e.g. "RFC 1918".
	Ref string
}

// String renders the range for evidence: "10.0.0.0/8, private range, RFC 1918".
func (r Range) String() string { return r.Prefix.String() + ", " + r.Name + ", " + r.Ref }

// Embedding is an IPv6 range whose addresses carry an IPv4 address.
type Embedding struct {
	// Prefix is the range, e.g. 64:ff9b::/96.
	Prefix netip.Prefix
	// Name describes it, e.g. "NAT64 well-known prefix".
	Name string
	// Ref is the specification that says where the IPv4 address is, e.g. "RFC 6052 §2.1".
	Ref string
}

// String renders the embedding for evidence: "64:ff9b::/96, NAT64 well-known prefix, RFC 6052 §2.1".
func (e Embedding) String() string { return e.Prefix.String() + ", " + e.Name + ", " + e.Ref }

type entry struct {
	Range
	hi, lo, mhi, mlo uint64 // the prefix and its mask as two 64-bit halves (IPv6) or lo only (IPv4)
}

func mk(p, class, name, ref string) entry {
	pr := netip.MustParsePrefix(p)
	e := entry{Range: Range{Prefix: pr, Class: class, Name: name, Ref: ref}}
	if pr.Addr().Is4() {
		b := pr.Addr().As4()
		e.lo = uint64(binary.BigEndian.Uint32(b[:]))
		e.mlo = uint64(^uint32(0) << (32 - pr.Bits()))
		if pr.Bits() == 0 {
			e.mlo = 0
		}
		return e
	}
	b := pr.Addr().As16()
	e.hi, e.lo = binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
	e.mhi, e.mlo = mask128(pr.Bits())
	return e
}

func mask128(bits int) (hi, lo uint64) {
	switch {
	case bits <= 0:
		return 0, 0
	case bits < 64:
		return ^uint64(0) << (64 - bits), 0
	case bits == 64:
		return ^uint64(0), 0
	case bits < 128:
		return ^uint64(0), ^uint64(0) << (128 - bits)
	}
	return ^uint64(0), ^uint64(0)
}

// The more specific of two nested ranges comes first (255.255.255.255/32 before
// 240.0.0.0/4): Lookup returns the first match.
var v4 = []entry{
	mk("0.0.0.0/8", "unspecified", `"this network"`, "RFC 791"),
	mk("10.0.0.0/8", "private", "private range", "RFC 1918"),
	mk("100.64.0.0/10", "shared (carrier-grade NAT)", "shared address space (carrier-grade NAT)", "RFC 6598"),
	mk("127.0.0.0/8", "loopback", "loopback", "RFC 1122"),
	mk("169.254.0.0/16", "link-local", "link-local", "RFC 3927"),
	mk("172.16.0.0/12", "private", "private range", "RFC 1918"),
	mk("192.0.0.0/24", "reserved", "IETF protocol assignments", "RFC 6890"),
	mk("192.0.2.0/24", "documentation", "documentation range TEST-NET-1", "RFC 5737"),
	mk("192.168.0.0/16", "private", "private range", "RFC 1918"),
	mk("198.18.0.0/15", "reserved", "benchmarking range", "RFC 2544"),
	mk("198.51.100.0/24", "documentation", "documentation range TEST-NET-2", "RFC 5737"),
	mk("203.0.113.0/24", "documentation", "documentation range TEST-NET-3", "RFC 5737"),
	mk("224.0.0.0/4", "multicast", "multicast", "RFC 5771"),
	mk("255.255.255.255/32", "broadcast", "limited broadcast", "RFC 919"),
	mk("240.0.0.0/4", "reserved", "reserved", "RFC 1112"),
}

var v6 = []entry{
	mk("::/128", "unspecified", "unspecified address", "RFC 4291"),
	mk("::1/128", "loopback", "loopback", "RFC 4291"),
	mk("64:ff9b:1::/48", "local-use translation", "local-use IPv4/IPv6 translation (where it carries an IPv4 address depends on the local translator's prefix length, RFC 6052 §2.2)", "RFC 8215"),
	mk("100::/64", "discard-only", "discard-only range", "RFC 6666"),
	mk("2001::/23", "reserved", "IETF protocol assignments", "RFC 2928"),
	mk("2001:db8::/32", "documentation", "documentation range", "RFC 3849"),
	mk("3fff::/20", "documentation", "documentation range", "RFC 9637"),
	mk("5f00::/16", "reserved", "segment routing (SRv6) SIDs", "RFC 9602"),
	mk("fc00::/7", "private", "unique local addresses", "RFC 4193"),
	mk("fe80::/10", "link-local", "link-local", "RFC 4291"),
	mk("fec0::/10", "site-local", "site-local (deprecated)", "RFC 3879"),
	mk("ff00::/8", "multicast", "multicast", "RFC 4291"),
}

// The IPv4-embedding forms, as Embedding values for evidence.
var (
	nat64 = Embedding{netip.MustParsePrefix("64:ff9b::/96"), "NAT64 well-known prefix", "RFC 6052 §2.1"}
	sixTo = Embedding{netip.MustParsePrefix("2002::/16"), "6to4", "RFC 3056 §2"}
	tered = Embedding{netip.MustParsePrefix("2001::/32"), "Teredo (the client's public IPv4 address, bits inverted)", "RFC 4380 §4"}
)

// Lookup returns the special-purpose range holding a, if any. IPv4-mapped IPv6 addresses
// (::ffff:0:0/96) are looked up as IPv4 and a zone is ignored. It does not unwrap an
// IPv4-embedding address (use EmbeddedIPv4 first): NAT64's 64:ff9b::/96 and 6to4's
// 2002::/16 are global space; Teredo's 2001::/32 is inside 2001::/23, reported here.
// It does not allocate.
func Lookup(a netip.Addr) (Range, bool) {
	a = a.Unmap()
	if a.Is4() {
		b := a.As4()
		u := uint64(binary.BigEndian.Uint32(b[:]))
		for i := range v4 {
			if u&v4[i].mlo == v4[i].lo {
				return v4[i].Range, true
			}
		}
		return Range{}, false
	}
	if !a.Is6() {
		return Range{}, false
	}
	b := a.As16()
	hi, lo := binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
	for i := range v6 {
		if hi&v6[i].mhi == v6[i].hi && lo&v6[i].mlo == v6[i].lo {
			return v6[i].Range, true
		}
	}
	return Range{}, false
}

// EmbeddedIPv4 returns the IPv4 address an IPv6 address carries and the form that
// carries it: NAT64's well-known prefix 64:ff9b::/96 (RFC 6052), 6to4's 2002::/16 (RFC
// 3056) or Teredo's 2001::/32 (RFC 4380, the client's public address). A gateway or relay
// delivers such an address's traffic to that IPv4 address, so the IPv4 address is what
// to judge. IPv4 and IPv4-mapped addresses carry nothing (ok = false).
func EmbeddedIPv4(a netip.Addr) (netip.Addr, Embedding, bool) {
	if !a.Is6() || a.Is4In6() {
		return netip.Addr{}, Embedding{}, false
	}
	b := a.As16()
	switch {
	case b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && allZero(b[4:12]):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), nat64, true
	case b[0] == 0x20 && b[1] == 0x02:
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), sixTo, true
	case b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0:
		return netip.AddrFrom4([4]byte{^b[12], ^b[13], ^b[14], ^b[15]}), tered, true
	}
	return netip.Addr{}, Embedding{}, false
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// ranges returns the table (IPv4 then IPv6), for tests.
func ranges() []Range {
	out := make([]Range, 0, len(v4)+len(v6))
	for _, e := range v4 {
		out = append(out, e.Range)
	}
	for _, e := range v6 {
		out = append(out, e.Range)
	}
	return out
}

// embeddings returns the IPv4-embedding forms EmbeddedIPv4 unwraps, for tests.
func embeddings() []Embedding { return []Embedding{nat64, sixTo, tered} }
