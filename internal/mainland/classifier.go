package mainland

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
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
// address. A table of several sources says which decided and whether they agreed
// (multiVerdict).
func locationVerdict(t *LocationTable, a LocationAnswer) Verdict {
	if t.meta != nil {
		if c, ok := t.CodeOf(a.From); ok {
			return multiVerdict(t, a, c)
		}
	}
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

// multiVerdict is the verdict of a range of a table of several sources: what each source
// says, which decided, whether they agreed, and a caution where an offshore answer could
// hide a mainland server.
func multiVerdict(t *LocationTable, a LocationAnswer, code uint16) Verdict {
	m := t.meta
	d := m.Decide(code)
	geoSrc, geo2Src, asSrc := m.Source("geo"), m.Source("geo2"), m.Source("asn")
	geo, geo2 := codeGeo(code), codeGeo2(code)
	n, hasNet := m.network(code)
	type opinion struct {
		text    string
		class   Class
		says    string
		placed  bool
		decides bool
		name    string
	}
	var ops []opinion
	if settled := codeSettled(code); settled != "" {
		var prefixes, whys []string
		company := ""
		for _, b := range m.settledIn(a.From, a.To) {
			prefixes = append(prefixes, b.Prefix)
			if !slices.Contains(whys, b.Why) {
				whys = append(whys, b.Why)
			}
			company = b.Company
		}
		cls := Mainland
		if settled == NetworkOffshore {
			cls = Offshore
		}
		what := "block " + strings.Join(prefixes, ", ")
		if len(prefixes) > 1 {
			what = "blocks " + strings.Join(prefixes, ", ")
		}
		ops = append(ops, opinion{
			text:  fmt.Sprintf("%s, %s (%s): %s", what, company, strings.Join(whys, "; "), settled),
			class: cls, says: string(settled), placed: true, decides: d.Basis == BasisBlock,
			name: fmt.Sprintf("%s (%s: %s),", what, company, strings.Join(whys, "; ")),
		})
	}
	if hasNet {
		var cls Class
		switch n.Class {
		case NetworkMainland:
			cls = Mainland
		case NetworkOffshore:
			cls = Offshore
		}
		what := map[NetworkClass]string{NetworkMainland: "serves mainland China only", NetworkOffshore: "serves outside mainland China only", NetworkMixed: "serves both mainland China and elsewhere: decides nothing"}[n.Class]
		if n.Publisher != "" {
			what += ", as " + n.Publisher + " confirms"
		}
		ops = append(ops, opinion{
			text:  fmt.Sprintf("origin network AS%d, %s (%s; routing data %s %s): %s", n.ASN, n.Name, what, asSrc.Date, asSrc.Label(), n.Class),
			class: cls, says: string(n.Class), placed: n.Class != NetworkMixed, decides: d.Basis == BasisNetwork,
			name: fmt.Sprintf("origin network AS%d, %s,", n.ASN, n.Name),
		})
	} else {
		what := "no announcement of this block"
		if codeNet(code) == OtherNetwork {
			what = "a network without a rule"
		}
		ops = append(ops, opinion{text: fmt.Sprintf("origin network: %s (routing data %s %s)", what, asSrc.Date, asSrc.Label())})
	}
	geoDecides := d.Basis == BasisGeo
	ops = append(ops,
		opinion{text: fmt.Sprintf("geolocation %s %s: %s", geo2Src.Date, geo2Src.Label(), geo2.describe()), class: geo2.Class(), says: geo2.short(),
			placed: geo2 != LocationUnknown, decides: geoDecides && geo2 != LocationUnknown, name: geo2Src.Short()},
		opinion{text: fmt.Sprintf("geolocation %s %s: %s", geoSrc.Date, geoSrc.Label(), geo.describe()), class: geo.Class(), says: geo.short(),
			placed: geo != LocationUnknown, decides: geoDecides && geo2 == LocationUnknown && geo != LocationUnknown, name: geoSrc.Short()},
	)
	v := Verdict{Class: a.Location.Class(), Source: SourceLocation, Location: a.Location, DataDate: t.info.Date, Agreed: true, Caution: d.Caution}
	var decided, others []string
	var first Class
	seen := false
	for _, o := range ops {
		if o.placed {
			if seen && o.class != first {
				v.Agreed = false
			}
			first, seen = o.class, true
		}
		if o.decides {
			v.Sources = append(v.Sources, o.text)
			v.Decided = append(v.Decided, o.name)
			decided = append(decided, o.name)
		}
	}
	for _, o := range ops {
		if !o.decides {
			v.Sources = append(v.Sources, o.text)
			if o.placed {
				agree := "agrees"
				if o.class != a.Location.Class() {
					agree = "disagrees"
				}
				others = append(others, fmt.Sprintf("%s says %s (%s)", strings.TrimSuffix(o.name, ","), o.says, agree))
			}
		}
	}
	var b strings.Builder
	b.WriteString("location data")
	if t.info.Date != "" {
		b.WriteString(" " + t.info.Date)
	}
	b.WriteString(": " + a.Location.describe() + " for " + a.rangeString())
	if len(decided) > 0 {
		b.WriteString(", decided by " + strings.TrimSuffix(strings.Join(decided, " and "), ","))
	}
	if len(others) > 0 {
		b.WriteString("; " + strings.Join(others, ", "))
	}
	if v.Agreed {
		b.WriteString("; the sources agree")
	} else {
		b.WriteString("; the sources disagree")
	}
	if d.Caution != "" {
		b.WriteString(" — not proof of offshore: " + d.Caution)
	} else if !v.Agreed && d.Basis == BasisNetwork && n.Publisher != "" {
		fmt.Fprintf(&b, " — %s confirms that AS%d serves %s only", n.Publisher, n.ASN,
			map[NetworkClass]string{NetworkMainland: "mainland China", NetworkOffshore: "outside mainland China"}[n.Class])
	}
	if t.info.Embedded {
		b.WriteString(" (embedded " + t.info.Source + ")")
	}
	v.Evidence = b.String()
	return v
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
