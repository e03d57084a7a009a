package guard

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
)

// Zones are the account's DNS zones and their records (aliyun.Client implements it, each
// answer once per provider run).
type Zones interface {
	ZoneNames(ctx context.Context) ([]string, error)
	ZoneRecords(ctx context.Context, zone string) (*aliyun.ZoneSnapshot, error)
}

// maxChain bounds how many CNAME hops are followed: a longer chain is reported, not
// followed (DNS resolvers give up after a similar number of hops).
const maxChain = 8

// endKind is what kind of place a record ends at.
type endKind int

const (
	endAddress    endKind = iota // an IP address
	endService                   // an Alibaba Cloud service host name that names its region
	endForwarding                // Alibaba Cloud DNS's URL-forwarding servers
	endDelegation                // an NS record: other name servers answer for the name
	endUnfollowed                // a host the guard cannot follow
	endCannotList                // the account's zones could not be read
	endInvalid                   // an A or AAAA record whose value is not an address of its family
	endPending                   // a record planned in this run whose value is known only at apply
)

// end is a place a record ends at, before it is judged.
type end struct {
	kind    endKind
	addr    netip.Addr
	host    string   // service host, forwarding destination, unfollowed host, delegated-to server; the value of an invalid record
	via     []string // CNAME targets followed, in order
	why     string   // for endUnfollowed: why it could not be followed; for endInvalid: what is wrong
	region  string   // for endService: the region the name carries, "" when none
	service string   // for endService: what the host name is
	rule    string   // for endService without a region: when it needs a filing
	err     error    // for endCannotList
}

// key identifies where an end is, whatever the path to it.
func (e end) key() string {
	if e.kind == endAddress {
		return "addr " + e.addr.String()
	}
	return fmt.Sprintf("%d %s", e.kind, e.host)
}

// hostRecord is a record that answers for a host in a view.
type hostRecord struct {
	Record
	// pending is true for a record planned in this run whose value is known only at
	// apply.
	pending bool
}

func hostRecords(recs []Record) []hostRecord {
	out := make([]hostRecord, len(recs))
	for i, r := range recs {
		out[i] = hostRecord{Record: r}
	}
	return out
}

// resolver follows records through a view; it is used once.
type resolver struct {
	v view
}

// indexRecords indexes by name the records that may lead to a server: a name given only
// records that cannot (a TXT, an MX) is looked up in the account's zones as if it had
// been given none.
func indexRecords(recs []Record) map[string][]Record {
	if len(recs) == 0 {
		return nil
	}
	out := map[string][]Record{}
	for _, r := range recs {
		if MayLeadToServer(r.Type) {
			n := canonicalName(r.Name)
			out[n] = append(out[n], r)
		}
	}
	return out
}

// MayLeadToServer reports whether a record of type typ may lead to a server, so the
// guard judges it: every type except those that never say where a website is served
// from (MX, TXT, SRV, CAA …). A type the guard does not know counts as leading to one.
func MayLeadToServer(typ string) bool {
	switch strings.ToUpper(strings.TrimSpace(typ)) {
	case "MX", "TXT", "SRV", "CAA", "SPF", "PTR", "SOA", "DS", "DNSKEY", "TLSA", "SSHFP":
		return false
	}
	return true
}

func canonicalName(n string) string {
	return dnsrecord.CanonicalValue("CNAME", n)
}

// resolve returns where rec ends.
func (r *resolver) resolve(ctx context.Context, rec Record) []end {
	return r.follow(ctx, hostRecord{Record: rec}, nil, map[string]bool{canonicalName(rec.Name): true})
}

func (r *resolver) follow(ctx context.Context, rec hostRecord, via []string, seen map[string]bool) []end {
	if rec.pending {
		return []end{{kind: endPending, host: canonicalName(rec.Name), via: via}}
	}
	switch typ := strings.ToUpper(strings.TrimSpace(rec.Type)); typ {
	case "A", "AAAA":
		v := strings.TrimSpace(rec.Value)
		a, err := netip.ParseAddr(v)
		if err != nil || (typ == "A") != a.Unmap().Is4() {
			family := "IPv4"
			if typ == "AAAA" {
				family = "IPv6"
			}
			why := "it is not an " + family + " address"
			if err != nil {
				why += " (" + err.Error() + ")"
			}
			return []end{{kind: endInvalid, host: v, via: via, why: why}}
		}
		return []end{{kind: endAddress, addr: a.Unmap(), via: via}}
	case "CNAME":
		return r.followHost(ctx, canonicalName(rec.Value), via, seen)
	case "REDIRECT_URL", "FORWARD_URL", "FORWORD_URL": // both spellings of implicit forwarding occur (dnsrecord.Types)
		dest := strings.TrimSpace(rec.Value)
		if u, err := url.Parse(dest); err == nil && u.Hostname() != "" {
			dest = strings.ToLower(u.Hostname())
		}
		return []end{{kind: endForwarding, host: dest, via: via}}
	case "NS":
		return []end{{kind: endDelegation, host: canonicalName(rec.Value), via: via}}
	}
	if !MayLeadToServer(rec.Type) {
		return nil // not where a website is served from
	}
	// A type the guard does not know (given to beian_record_guard by another provider:
	// HTTPS, SVCB, ALIAS, ANAME …) may lead to a server: say so rather than pass it.
	return []end{{kind: endUnfollowed, host: strings.TrimSpace(rec.Value), via: via,
		why: "the guard does not know where records of type " + strings.ToUpper(rec.Type) + " lead; give the address or host it resolves to as an A, AAAA or CNAME record"}}
}

// followHost follows a CNAME target: an Alibaba Cloud service host name is judged by the
// region it names; any other name through the records that answer for it in the view
// (records the caller gave for it, else the account's zone — the longest zone name it
// ends with — with the run's planned changes laid over it).
func (r *resolver) followHost(ctx context.Context, host string, via []string, seen map[string]bool) []end {
	via = append(append([]string(nil), via...), host)
	if seen[host] {
		return []end{{kind: endUnfollowed, host: host, via: via, why: "the CNAME chain loops back to " + host}}
	}
	if len(via) > maxChain {
		return []end{{kind: endUnfollowed, host: host, via: via, why: "the CNAME chain is longer than the guard follows"}}
	}
	seen = copySeen(seen, host)
	if svc, ok := serviceHost(host); ok {
		return []end{{kind: endService, host: host, via: via, region: svc.region, service: svc.what, rule: svc.rule}}
	}
	recs, why, stop := r.v.records(ctx, host)
	if stop != nil {
		stop.via = via
		return []end{*stop}
	}
	return r.followAll(ctx, recs, host, why, via, seen)
}

// followAll follows the records of host; when none of them resolves, the name ends
// nowhere the guard can see, and that is said (why), not passed.
func (r *resolver) followAll(ctx context.Context, recs []hostRecord, host, why string, via []string, seen map[string]bool) []end {
	var out []end
	for _, rec := range recs {
		if rec.Enabled {
			out = append(out, r.follow(ctx, rec, via, seen)...)
		}
	}
	if len(out) == 0 {
		return []end{{kind: endUnfollowed, host: host, via: via, why: why}}
	}
	return out
}

func copySeen(seen map[string]bool, add string) map[string]bool {
	out := make(map[string]bool, len(seen)+1)
	for k := range seen {
		out[k] = true
	}
	out[add] = true
	return out
}

// longestZone returns the longest of zones that host is or ends in, or "".
func longestZone(zones []string, host string) string {
	best := ""
	for _, z := range zones {
		z = strings.ToLower(strings.TrimSuffix(z, "."))
		if (host == z || strings.HasSuffix(host, "."+z)) && len(z) > len(best) {
			best = z
		}
	}
	return best
}

// zoneRecordsFor returns the records of a zone that answer for host, as a DNS server
// answers the name; at(rr) gives the zone's records at a host record, in the view:
//   - a delegation (NS records) at host or at a name between it and the zone's apex
//     answers for everything below it: those NS records, followed as a delegation;
//   - else host's own records;
//   - else, when host has no records at all, those of the closest wildcard above it
//     (`*.b` for `a.b`, then `*`).
//
// Only the types that lead to a server are returned, named host.
func zoneRecordsFor(at func(rr string) []hostRecord, zone, host string) []hostRecord {
	rr := "@"
	if host != zone {
		rr = strings.TrimSuffix(host, "."+zone)
	}
	pick := func(rr string, types ...string) []hostRecord {
		var out []hostRecord
		for _, rec := range at(rr) {
			if t := strings.ToUpper(rec.Type); slices.Contains(types, t) {
				rec.Name, rec.Type = host, t
				out = append(out, rec)
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Type+out[i].Value < out[j].Type+out[j].Value })
		return out
	}
	if rr == "@" {
		return pick(rr, servingTypes...) // the apex's NS records are the zone's own
	}
	labels := strings.Split(rr, ".")
	for i := len(labels) - 1; i >= 0; i-- {
		if ns := pick(strings.Join(labels[i:], "."), "NS"); len(ns) > 0 {
			return ns
		}
	}
	if out := pick(rr, servingTypes...); len(out) > 0 || len(at(rr)) > 0 {
		return out // a name with records of its own is not answered by a wildcard
	}
	for i := 1; i <= len(labels); i++ {
		w := "*"
		if i < len(labels) {
			w = "*." + strings.Join(labels[i:], ".")
		}
		if out := pick(w, servingTypes...); len(out) > 0 {
			return out
		}
	}
	return nil
}

// servingTypes are the record types of a zone that lead to a server.
var servingTypes = []string{"A", "AAAA", "CNAME", "REDIRECT_URL", "FORWARD_URL", "FORWORD_URL"}
