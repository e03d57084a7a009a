package mainland

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/netspecial"
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

// Classifier decides whether an address is in mainland China. Its fields are
// optional; set them before use and do not change them afterwards.
type Classifier struct {
	// Declared holds mainland_cidrs / offshore_cidrs; they win over all else.
	Declared *Declared
	// Account finds addresses held by the caller's cloud account.
	Account AccountLookup
	// Location holds location data (location_sources; by default the table embedded
	// in the provider), asked in order: the first table that places the address
	// decides.
	Location []*LocationTable
	// RIR holds registry delegations loaded from rir_sources.
	RIR *RIRData
}

// Classify returns the verdict for addr, trying in order:
//
//  1. Declared: the most specific mainland_cidrs / offshore_cidrs entry;
//  2. an IPv6 address carrying an IPv4 address (NAT64 64:ff9b::/96, 6to4
//     2002::/16, Teredo 2001::/32; internal/netspecial) is judged by that IPv4
//     address, from step 1;
//  3. addresses that are not public (private, loopback, link-local,
//     multicast, documentation, shared, reserved …): Unknown, saying so;
//  4. Account: a resource of the caller's account holding addr is Mainland
//     when its region is mainland (cn-* except cn-hongkong), else Offshore;
//  5. Location: where location data places addr (CN → Mainland; HK, MO, TW
//     and any other country → Offshore), evidence naming the data and its date;
//  6. RIR: the registry delegation covering addr (CN → Mainland, any other
//     country → Offshore, marked Weak);
//  7. otherwise Unknown, with evidence naming the settings that would decide.
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
	if v4, emb, ok := netspecial.EmbeddedIPv4(addr); ok {
		v, err := c.Classify(ctx, v4)
		v.Evidence = fmt.Sprintf("%s carries the IPv4 address %s (%s), which is judged: %s", addr, v4, emb, v.Evidence)
		return v, err
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
	for _, t := range c.Location {
		if v, ok := t.verdict(addr); ok {
			return v, nil
		}
	}
	var unknown []string
	if c.Account == nil {
		unknown = append(unknown, "no cloud account lookup is configured")
	} else {
		unknown = append(unknown, "no resource of the cloud account holds it")
	}
	if len(c.Location) == 0 {
		unknown = append(unknown, SettingLocationSources+" loads no location data")
	} else {
		labels := make([]string, len(c.Location))
		for i, t := range c.Location {
			labels[i] = t.Label()
		}
		unknown = append(unknown, strings.Join(labels, " and ")+" place(s) it nowhere (unallocated or reserved space)")
	}
	if c.RIR != nil && c.RIR.Len() > 0 {
		v := c.RIR.Classify(addr)
		if v.Class == Offshore {
			v.Weak = true
			v.Evidence += "; registry data names the country a block is registered to, not where its servers are (foreign clouds' China regions sit in blocks registered abroad): weaker evidence than a declaration, the cloud account or location data"
		}
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
	return Verdict{Class: Unknown, Evidence: fmt.Sprintf("cannot tell whether %s is in mainland China: %s; declare it in %s or %s, or point %s at location data that covers it",
		addr, strings.Join(unknown, ", "), SettingMainlandCIDRs, SettingOffshoreCIDRs, SettingLocationSources)}, nil
}

// locationVerdict is the verdict of a table's answer: "location data 2026-06-17: CN
// (mainland China) for 52.80.0.0/14, from the embedded
// @ip-location-db/geo-whois-asn-country@2.3.2026061719". Built with appends into a
// stack buffer: one allocation, since the guard and classify_address call it per
// address.
func locationVerdict(t *LocationTable, a LocationAnswer) Verdict {
	info := &t.info
	var arr [256]byte
	b := append(arr[:0], "location data"...)
	if info.Date != "" {
		b = append(b, ' ')
		b = append(b, info.Date...)
	}
	b = append(b, ": "...)
	b = append(b, a.Location.describe()...)
	b = append(b, " for "...)
	b = a.appendRange(b)
	if info.Embedded {
		b = append(b, ", from the embedded "...)
	} else {
		b = append(b, ", from "...)
	}
	b = append(b, info.Source...)
	return Verdict{Class: a.Location.Class(), Source: SourceLocation, Location: a.Location, DataDate: info.Date, Evidence: string(b)}
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

// NonPublic returns why addr is not a public (globally reachable unicast)
// address, e.g. "192.168.0.0/16, private range, RFC 1918", or "" when it is
// public. IPv4-mapped IPv6 addresses are checked as IPv4, and an IPv6 address
// that carries an IPv4 address (NAT64, 6to4, Teredo) by the address it carries.
// The ranges are internal/netspecial's, shared with the compliance check.
func NonPublic(addr netip.Addr) string {
	if !addr.IsValid() {
		return "invalid address"
	}
	addr = addr.Unmap().WithZone("")
	if v4, emb, ok := netspecial.EmbeddedIPv4(addr); ok {
		if why := NonPublic(v4); why != "" {
			return why + ", carried as " + v4.String() + " in " + addr.String() + " (" + emb.String() + ")"
		}
		return ""
	}
	if r, ok := netspecial.Lookup(addr); ok {
		return r.String()
	}
	return ""
}
