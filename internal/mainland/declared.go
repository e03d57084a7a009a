package mainland

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// Declared holds the operator's explicit declarations: the provider settings
// mainland_cidrs and offshore_cidrs. They win over every other source. It is
// immutable and safe for concurrent use.
type Declared struct {
	entries []declaredEntry // sorted by prefix length, longest first
}

type declaredEntry struct {
	prefix  netip.Prefix
	class   Class
	setting string
}

// NewDeclared parses the mainland_cidrs and offshore_cidrs settings. Each entry
// is a CIDR prefix ("203.0.113.0/24", "2001:db8::/32") or a single address
// ("203.0.113.7"); surrounding white space is ignored and IPv4-mapped IPv6
// forms are converted to IPv4. A prefix with bits set after its length
// ("203.0.113.7/24") is rejected as ambiguous. When entries of the two lists
// overlap, the more specific prefix wins; the same prefix in both lists is an
// error. Errors name the setting, the index and the entry.
func NewDeclared(mainland, offshore []string) (*Declared, error) {
	d, err := newDeclared(mainland, offshore)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DeclaredError is an entry of mainland_cidrs / offshore_cidrs that cannot be used:
// Setting and Index say where it is, so the caller can point at the attribute.
type DeclaredError struct {
	Setting string
	Index   int
	Err     error
}

func (e *DeclaredError) Error() string { return e.Err.Error() }
func (e *DeclaredError) Unwrap() error { return e.Err }

func newDeclared(mainland, offshore []string) (*Declared, *DeclaredError) {
	d := &Declared{}
	seen := map[netip.Prefix]string{}
	for _, list := range []struct {
		setting string
		class   Class
		items   []string
	}{{SettingMainlandCIDRs, Mainland, mainland}, {SettingOffshoreCIDRs, Offshore, offshore}} {
		for i, raw := range list.items {
			where := fmt.Sprintf("%s[%d] %q", list.setting, i, raw)
			p, err := parseDeclared(raw)
			if err != nil {
				return nil, &DeclaredError{list.setting, i, fmt.Errorf("%s: %w", where, err)}
			}
			if prev, ok := seen[p]; ok {
				if strings.HasPrefix(prev, list.setting) {
					continue // duplicate within one list: harmless
				}
				return nil, &DeclaredError{list.setting, i, fmt.Errorf("%s: %s is also listed in %s; an address cannot be both mainland and offshore", where, p, prev)}
			}
			seen[p] = where
			d.entries = append(d.entries, declaredEntry{prefix: p, class: list.class, setting: list.setting})
		}
	}
	slices.SortStableFunc(d.entries, func(a, b declaredEntry) int { return b.prefix.Bits() - a.prefix.Bits() })
	return d, nil
}

func parseDeclared(raw string) (netip.Prefix, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return netip.Prefix{}, fmt.Errorf("empty entry; expected a CIDR prefix such as 203.0.113.0/24 or an address such as 203.0.113.7")
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("not a CIDR prefix (%w); expected e.g. 203.0.113.0/24 or 2001:db8::/32", err)
		}
		if p.Masked() != p {
			return netip.Prefix{}, fmt.Errorf("has bits set after the prefix length; did you mean %s (or the single address %s)?", p.Masked(), p.Addr())
		}
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("not an IP address or CIDR prefix; expected e.g. 203.0.113.0/24 or 203.0.113.7")
	}
	if a.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("an address with a zone (%%%s) is not a public address", a.Zone())
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// Len returns the number of declared prefixes.
func (d *Declared) Len() int {
	if d == nil {
		return 0
	}
	return len(d.entries)
}

// Classify returns the class of the most specific declared prefix containing
// addr, or ok=false when none does.
func (d *Declared) Classify(addr netip.Addr) (v Verdict, ok bool) {
	if d == nil {
		return Verdict{}, false
	}
	addr = addr.Unmap().WithZone("")
	for _, e := range d.entries {
		if e.prefix.Contains(addr) {
			return Verdict{Class: e.class, Source: SourceDeclared, Evidence: "provider setting " + e.setting + " " + e.prefix.String()}, true
		}
	}
	return Verdict{}, false
}
