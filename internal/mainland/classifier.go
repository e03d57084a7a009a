package mainland

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// AccountResource is a resource of the caller's cloud account that holds an
// address.
type AccountResource struct {
	// Kind says what it is, e.g. "ECS instance", "EIP", "SLB instance".
	Kind string
	// ID is its id, e.g. "i-bp1abc".
	ID string
	// Region is its region id, e.g. "cn-hangzhou".
	Region string
}

// AccountLookup finds the resource of the caller's account that holds an
// address. Implementations do the I/O (for example listing ECS instances and
// EIPs) and should cache; they must be safe for concurrent use.
type AccountLookup interface {
	// LookupIP returns the resource holding addr, found=false when the
	// account has none, or an error when the account could not be searched.
	LookupIP(ctx context.Context, addr netip.Addr) (res AccountResource, found bool, err error)
}

// AccountLookupFunc adapts a function to AccountLookup.
type AccountLookupFunc func(ctx context.Context, addr netip.Addr) (AccountResource, bool, error)

// LookupIP calls f.
func (f AccountLookupFunc) LookupIP(ctx context.Context, addr netip.Addr) (AccountResource, bool, error) {
	return f(ctx, addr)
}

// Classifier decides whether an address is in mainland China. Its fields are
// optional; set them before use and do not change them afterwards.
type Classifier struct {
	// Declared holds mainland_cidrs / offshore_cidrs; they win over all else.
	Declared *Declared
	// Account finds addresses held by the caller's cloud account.
	Account AccountLookup
	// RIR holds registry delegations loaded from rir_sources.
	RIR *RIRData
}

// Classify returns the verdict for addr, trying in order:
//
//  1. Declared: the most specific mainland_cidrs / offshore_cidrs entry;
//  2. addresses that are not public (private, loopback, link-local,
//     multicast, documentation, shared, reserved …): Unknown, saying so;
//  3. Account: a resource of the caller's account holding addr is Mainland
//     when its region is mainland (cn-* except cn-hongkong), else Offshore;
//  4. RIR: the registry delegation covering addr (CN → Mainland, any other
//     country → Offshore);
//  5. otherwise Unknown, with evidence naming the settings that would decide.
//
// IPv4-mapped IPv6 addresses are classified as IPv4. An error is returned only
// when addr is invalid or the account lookup fails; the verdict is then
// Unknown.
func (c *Classifier) Classify(ctx context.Context, addr netip.Addr) (Verdict, error) {
	if !addr.IsValid() {
		return Verdict{Evidence: "invalid address"}, fmt.Errorf("classifying an invalid IP address")
	}
	addr = addr.Unmap().WithZone("")
	if v, ok := c.Declared.Classify(addr); ok {
		return v, nil
	}
	if why := NonPublic(addr); why != "" {
		return Verdict{Class: Unknown, Evidence: fmt.Sprintf("%s is not a public address (%s); declare it in %s or %s if it should be classified",
			addr, why, SettingMainlandCIDRs, SettingOffshoreCIDRs)}, nil
	}
	if c.Account != nil {
		res, found, err := c.Account.LookupIP(ctx, addr)
		if err != nil {
			return Verdict{Class: Unknown, Evidence: "account lookup failed"}, fmt.Errorf("looking up %s in the cloud account: %w", addr, err)
		}
		if found && strings.TrimSpace(res.Region) != "" {
			return accountVerdict(res), nil
		}
	}
	var unknown []string
	if c.RIR != nil && c.RIR.Len() > 0 {
		v := c.RIR.Classify(addr)
		if v.Class != Unknown {
			return v, nil
		}
		if v.Source == SourceRIR {
			return v, nil // conflicting delegations: say so
		}
		unknown = append(unknown, "no delegation in "+SettingRIRSources+" ("+strings.Join(c.RIR.sources, ", ")+") covers it")
	} else {
		unknown = append(unknown, SettingRIRSources+" loads no registry data")
	}
	if c.Account == nil {
		unknown = append([]string{"no cloud account lookup is configured"}, unknown...)
	} else {
		unknown = append([]string{"no resource of the cloud account holds it"}, unknown...)
	}
	return Verdict{Class: Unknown, Evidence: fmt.Sprintf("cannot tell whether %s is in mainland China: %s; declare it in %s or %s, or add a registry file to %s",
		addr, strings.Join(unknown, ", "), SettingMainlandCIDRs, SettingOffshoreCIDRs, SettingRIRSources)}, nil
}

func accountVerdict(res AccountResource) Verdict {
	kind := res.Kind
	if kind == "" {
		kind = "resource"
	}
	name := kind
	if res.ID != "" {
		name += " " + res.ID
	}
	region := strings.TrimSpace(res.Region)
	if icp.IsMainlandRegion(region) {
		return Verdict{Class: Mainland, Source: SourceAccount, Evidence: name + " in " + region + " (mainland region)"}
	}
	return Verdict{Class: Offshore, Source: SourceAccount, Evidence: name + " in " + region + " (outside mainland China)"}
}

type specialRange struct {
	prefix netip.Prefix
	what   string
}

// specialRanges are the IANA special-purpose ranges that are not globally
// reachable (RFC 6890 and its registry), checked by NonPublic.
var specialRanges = func() []specialRange {
	list := []struct{ p, what string }{
		{"0.0.0.0/8", `"this network", RFC 791`},
		{"10.0.0.0/8", "private range, RFC 1918"},
		{"100.64.0.0/10", "shared address space (carrier-grade NAT), RFC 6598"},
		{"127.0.0.0/8", "loopback, RFC 1122"},
		{"169.254.0.0/16", "link-local, RFC 3927"},
		{"172.16.0.0/12", "private range, RFC 1918"},
		{"192.0.0.0/24", "IETF protocol assignments, RFC 6890"},
		{"192.0.2.0/24", "documentation range TEST-NET-1, RFC 5737"},
		{"192.168.0.0/16", "private range, RFC 1918"},
		{"198.18.0.0/15", "benchmarking range, RFC 2544"},
		{"198.51.100.0/24", "documentation range TEST-NET-2, RFC 5737"},
		{"203.0.113.0/24", "documentation range TEST-NET-3, RFC 5737"},
		{"224.0.0.0/4", "multicast, RFC 5771"},
		{"240.0.0.0/4", "reserved, RFC 1112"},
		{"::/128", "unspecified address, RFC 4291"},
		{"::1/128", "loopback, RFC 4291"},
		{"64:ff9b:1::/48", "local-use IPv4/IPv6 translation, RFC 8215"},
		{"100::/64", "discard-only range, RFC 6666"},
		{"2001:db8::/32", "documentation range, RFC 3849"},
		{"3fff::/20", "documentation range, RFC 9637"},
		{"fc00::/7", "unique local addresses, RFC 4193"},
		{"fe80::/10", "link-local, RFC 4291"},
		{"ff00::/8", "multicast, RFC 4291"},
	}
	out := make([]specialRange, len(list))
	for i, e := range list {
		out[i] = specialRange{netip.MustParsePrefix(e.p), e.p + ", " + e.what}
	}
	return out
}()

// NonPublic returns why addr is not a public (globally reachable unicast)
// address, e.g. "192.168.0.0/16, private range, RFC 1918", or "" when it is
// public. IPv4-mapped IPv6 addresses are checked as IPv4.
func NonPublic(addr netip.Addr) string {
	if !addr.IsValid() {
		return "invalid address"
	}
	addr = addr.Unmap().WithZone("")
	for _, r := range specialRanges {
		if r.prefix.Contains(addr) {
			return r.what
		}
	}
	return ""
}
