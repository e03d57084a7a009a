package planjson

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// Record is one DNS record a plan leaves live: a value of a record resource instance
// that is created, updated, replaced or kept. A resource with several values (Route 53's
// records, Huawei Cloud's and Google Cloud's record sets) gives one Record per value,
// as the guard judges them.
type Record struct {
	// Address is the resource instance, e.g. module.dns.aws_route53_record.www["a"].
	Address string
	// Module is its module instance address ("" for the root module); ModuleCalls the
	// module calls from the root to it; ConfigAddress the resource block in that module
	// (aws_route53_record.www): together they find the block in the configuration files.
	Module        string
	ModuleCalls   []string
	ConfigAddress string
	// ResourceType is the resource type; Actions the plan's actions for the instance.
	ResourceType string
	Actions      []string
	// Changed is true for a record the plan creates, or whose name, type, value or status
	// it changes; false for a record that stays as it is (judged as a live record).
	Changed bool
	// Name, Type and Value are as the guard reads them: the full host name (lower-case,
	// punycode, no trailing dot), the upper-case type, the value (a host name value
	// canonical). Enabled is false for a record the provider writes disabled.
	Name, Type, Value string
	Enabled           bool
	// From is the argument the value was read from (content, records, alias.name …).
	From string
	// Unknown lists the arguments known only after apply that the record needs; the
	// record cannot be judged from the plan then.
	Unknown []string
	// Problem says why the record cannot be judged although its values are known (its
	// zone cannot be found in the plan); "" otherwise.
	Problem string
	// Note says how a value was read when that is not plain (an alias given as a CNAME,
	// a name taken as written because its zone is not in the plan).
	Note string
	// Sensitive is true when the plan marks the value sensitive: it is judged, and must
	// not be shown.
	Sensitive bool
}

// Judgeable reports whether the record can be judged from the plan.
func (r Record) Judgeable() bool { return len(r.Unknown) == 0 && r.Problem == "" }

// Key identifies a record by what the guard judges: name, type, value, status.
func (r Record) Key() string {
	return fmt.Sprintf("%s|%s|%s|%t", r.Name, r.Type, r.Value, r.Enabled)
}

// ResourceTypes lists the record resource types Records reads, sorted.
func ResourceTypes() []string {
	out := make([]string, 0, len(recordTypes))
	for t := range recordTypes {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Records returns the DNS records of the plan's record resources that stay or become
// live, in the order of the plan's resource changes. Deleted records, data sources and
// other resources are left out.
func (p *Plan) Records() []Record {
	var out []Record
	for i := range p.ResourceChanges {
		rc := &p.ResourceChanges[i]
		kind, ok := recordTypes[rc.Type]
		if !ok || (rc.Mode != "" && rc.Mode != "managed") || !leavesLive(rc.Change.Actions) {
			continue
		}
		cfg := p.idx.configResource(rc.ModuleAddress, "managed", rc.Type, rc.Name)
		after := &view{x: p.idx, module: rc.ModuleAddress, cfg: cfg, values: rc.Change.After, unknown: rc.Change.AfterUnknown, sensitive: rc.Change.AfterSensitive}
		recs := kind(after)
		unchanged := map[string]bool{}
		switch {
		case slices.Equal(rc.Change.Actions, []string{"no-op"}):
			for _, r := range recs {
				unchanged[r.Key()] = true
			}
		case rc.Change.Before != nil: // an update or a replacement: what was live before stays so
			before := &view{x: p.idx, module: rc.ModuleAddress, cfg: cfg, values: rc.Change.Before, sensitive: rc.Change.BeforeSensitive, prior: true}
			for _, r := range kind(before) {
				if r.Judgeable() {
					unchanged[r.Key()] = true
				}
			}
		}
		calls := moduleCalls(rc.ModuleAddress)
		for _, r := range recs {
			r.Address, r.Module, r.ModuleCalls = rc.Address, rc.ModuleAddress, calls
			r.ConfigAddress, r.ResourceType, r.Actions = rc.Type+"."+rc.Name, rc.Type, rc.Change.Actions
			r.Changed = !r.Judgeable() || !unchanged[r.Key()]
			out = append(out, r)
		}
	}
	return out
}

// leavesLive reports whether a change leaves the instance in place: created, updated,
// replaced or unchanged — not deleted, forgotten, or read.
func leavesLive(actions []string) bool {
	for _, a := range actions {
		switch a {
		case "create", "update", "no-op":
			return true
		}
	}
	return false
}

// Unjudged lists the resource types of the plan that look like DNS records (their name
// says dns and record, or ends in _record, _recordset or _record_set) but that Records
// does not read, each once, sorted: records the guard cannot see, to be said rather than
// passed in silence.
func (p *Plan) Unjudged() []string {
	seen := map[string]bool{}
	for _, rc := range p.ResourceChanges {
		t := rc.Type
		if _, ok := recordTypes[t]; ok || seen[t] || (rc.Mode != "" && rc.Mode != "managed") || !leavesLive(rc.Change.Actions) {
			continue
		}
		if (strings.Contains(t, "dns") && strings.Contains(t, "record")) || strings.HasSuffix(t, "_record") ||
			strings.HasSuffix(t, "_recordset") || strings.HasSuffix(t, "_record_set") {
			seen[t] = true
		}
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// ---- reading one instance -------------------------------------------------------------

// view reads one instance's values: after the plan (with AfterUnknown) or before it.
type view struct {
	x         *index
	module    string
	cfg       *ConfigResource
	values    map[string]any
	unknown   any
	sensitive any // after_sensitive (before_sensitive for the values before)
	prior     bool
}

// str reads a string argument: its value, and whether it is known at plan time. A null
// argument is known and "".
func (v *view) str(attr string) (string, bool) {
	if v.isUnknown(attr) {
		return "", false
	}
	switch s := lookup(v.values, attr).(type) {
	case string:
		return s, true
	case float64:
		return fmt.Sprint(s), true
	case bool:
		return fmt.Sprint(s), true
	}
	return "", true
}

// isUnknown reports whether the argument at path (dotted; a list of one block is
// stepped into) is known only after apply.
func (v *view) isUnknown(path string) bool { return flagAt(v.unknown, path) }

// isSensitive reports whether the argument at path is marked sensitive in the plan.
func (v *view) isSensitive(path string) bool { return flagAt(v.sensitive, path) }

// flagAt reads a flag of after_unknown / after_sensitive, which mirror the values: true
// at a path (or at any object above it) sets it.
func flagAt(tree any, path string) bool {
	cur := tree
	for _, part := range strings.Split(path, ".") {
		if b, ok := cur.(bool); ok {
			return b
		}
		if l, ok := cur.([]any); ok {
			if len(l) == 0 {
				return false
			}
			cur = l[0]
			if b, ok := cur.(bool); ok {
				return b
			}
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		cur = m[part]
	}
	b, _ := cur.(bool)
	return b
}

// elem is an element of a list or set argument.
type elem struct {
	value     string
	known     bool
	sensitive bool
}

// list reads a list or set of strings. A list known only as a whole after apply is one
// unknown element; each element known only after apply is an unknown element.
func (v *view) list(attr string) []elem {
	wholeSensitive := v.isSensitive(attr)
	if v.isUnknown(attr) {
		return []elem{{sensitive: wholeSensitive}}
	}
	raw, _ := lookup(v.values, attr).([]any)
	unk, _ := lookup(asMap(v.unknown), attr).([]any)
	sens, _ := lookup(asMap(v.sensitive), attr).([]any)
	flag := func(l []any, i int) bool {
		if i < len(l) {
			b, _ := l[i].(bool)
			return b
		}
		return false
	}
	var out []elem
	for i, e := range raw {
		sensitive := wholeSensitive || flag(sens, i)
		if flag(unk, i) {
			out = append(out, elem{sensitive: sensitive})
			continue
		}
		s, _ := e.(string)
		out = append(out, elem{value: s, known: true, sensitive: sensitive})
	}
	for i := len(raw); i < len(unk); i++ { // unknown elements are absent from after
		if flag(unk, i) {
			out = append(out, elem{sensitive: wholeSensitive || flag(sens, i)})
		}
	}
	return out
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// blocks are the nested blocks (or a list of objects) of an argument, each as a view.
// A block known only after apply, as a whole or as one element, is a view whose every
// value is unknown: what it holds is reported as unknown, never dropped.
func (v *view) blocks(attr string) []*view {
	unknownBlock := func(sensitive bool) *view {
		return &view{x: v.x, module: v.module, values: map[string]any{}, prior: v.prior, unknown: true, sensitive: sensitive}
	}
	if v.isUnknown(attr) {
		return []*view{unknownBlock(v.isSensitive(attr))}
	}
	raw, _ := lookup(v.values, attr).([]any)
	unk, _ := lookup(asMap(v.unknown), attr).([]any)
	var out []*view
	for len(raw) < len(unk) { // elements known only after apply are absent from after
		raw = append(raw, nil)
	}
	for i, b := range raw {
		m, ok := b.(map[string]any)
		if !ok {
			if i < len(unk) {
				if whole, _ := unk[i].(bool); whole {
					out = append(out, unknownBlock(v.isSensitive(attr)))
				}
			}
			continue
		}
		sub := &view{x: v.x, module: v.module, values: m, prior: v.prior}
		if i < len(unk) {
			sub.unknown = unk[i]
		}
		if b, ok := v.sensitive.(bool); ok {
			sub.sensitive = b
		} else if l, ok := lookup(asMap(v.sensitive), attr).([]any); ok && i < len(l) {
			sub.sensitive = l[i]
		} else if b, ok := lookup(asMap(v.sensitive), attr).(bool); ok {
			sub.sensitive = b
		}
		out = append(out, sub)
	}
	return out
}

// zone resolves the zone name a record's zone argument names (see index.zoneOf).
func (v *view) zone(attr string) (string, string) {
	id, known := v.str(attr)
	return v.x.zoneOf(v.module, v.cfg, attr, id, known)
}

// ---- the record resources ----------------------------------------------------------

// recordTypes maps each record resource type to how its records are read. The argument
// names are the providers' documented schemas (the source of each is named at its
// function); internal/provider's stand-in providers serve the same schemas to the CLI in
// the acceptance tests.
var recordTypes = map[string]func(*view) []Record{
	"beian_dns_record":           beianRecord,
	"alicloud_alidns_record":     alidnsRecord,
	"alicloud_dns_record":        alicloudDNSRecord,
	"tencentcloud_dnspod_record": dnspodRecord,
	"huaweicloud_dns_recordset":  huaweiRecordset,
	"cloudflare_dns_record":      cloudflareRecord,
	"cloudflare_record":          cloudflareRecord,
	"aws_route53_record":         route53Record,
	"google_dns_record_set":      googleRecordSet,
	"azurerm_dns_a_record":       azureRecord("A", "records"),
	"azurerm_dns_aaaa_record":    azureRecord("AAAA", "records"),
	"azurerm_dns_cname_record":   azureRecord("CNAME", "record"),
}

// builder collects one resource's records.
type builder struct {
	v       *view
	name    string
	typ     string
	enabled bool
	unknown []string
	problem string
	note    string
}

// need reads a string argument the record needs, noting it when it is unknown, and as the
// record's problem when the plan gives none: a record is never judged under an empty name
// or type.
func (b *builder) need(attr string) string {
	s, known := b.v.str(attr)
	switch {
	case !known:
		b.unknown = appendUnique(b.unknown, attr)
	case strings.TrimSpace(s) == "" && b.problem == "":
		b.problem = "the plan gives no " + attr
	}
	return s
}

// status reads the status argument, written ENABLE / DISABLE (any case): a record is
// enabled unless it says DISABLE. A status known only after apply counts as enabled.
func (b *builder) status() {
	s, known := b.v.str("status")
	b.enabled = !known || dnsrecord.StatusEnabled(s)
}

// record makes one record of value (read from the argument from).
func (b *builder) record(value, from string, known, sensitive bool) Record {
	r := Record{Name: normalizeName(b.name), Type: strings.ToUpper(strings.TrimSpace(b.typ)), Enabled: b.enabled,
		From: from, Unknown: append([]string(nil), b.unknown...), Problem: b.problem, Note: b.note, Sensitive: sensitive}
	if !known {
		r.Unknown = appendUnique(r.Unknown, from)
	}
	r.Value = strings.TrimSpace(value)
	if dnsrecord.IsHostType(r.Type) {
		r.Value = dnsrecord.CanonicalValue(r.Type, r.Value)
	}
	return r
}

// one makes the record of a single-valued argument.
func (b *builder) one(attr string) []Record {
	s, known := b.v.str(attr)
	return []Record{b.record(s, attr, known, b.v.isSensitive(attr))}
}

// each makes one record per element of a list or set argument (none for an empty one).
func (b *builder) each(attr string) []Record {
	var out []Record
	for _, e := range b.v.list(attr) {
		out = append(out, b.record(e.value, attr, e.known, e.sensitive))
	}
	return out
}

// normalizeName writes a host name as the guard reads it, as beian_record_guard does:
// trailing dot dropped, lower-case, punycode.
func normalizeName(name string) string {
	n := strings.TrimSuffix(strings.TrimSpace(name), ".")
	if out, err := icp.NormalizeHostName(n); err == nil {
		return out
	}
	return strings.ToLower(n)
}

// relativeName is rr under domain, as Alibaba Cloud DNS and DNSPod write it: "@" (or
// empty) is the domain itself.
func relativeName(rr, domain string) string {
	return dnsrecord.FQDN(strings.TrimSpace(rr), strings.TrimSuffix(strings.TrimSpace(domain), "."))
}

// inZone is the full name of a record name written as Route 53 and Cloudflare accept it:
// "@" or "" is the zone apex; a name that is the zone or ends in it is already full;
// anything else is relative to the zone (both services append the zone's name).
func inZone(name, zone string) string {
	n := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
	z := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(zone)), ".")
	switch {
	case n == "" || n == "@":
		return z
	case n == z || strings.HasSuffix(n, "."+z):
		return n
	}
	return n + "." + z
}

// zonedName reads the name of a record whose zone is named by a zone-id argument:
// the computed full name when the plan knows it (fqdnAttr: Route 53's fqdn, Cloudflare
// v4's hostname), else the name expanded with the zone found in the plan; when the zone
// is not found, a name that has a registrable domain is taken as written (noted), and
// any other (@, www) cannot be judged.
func (b *builder) zonedName(nameAttr, zoneAttr, fqdnAttr string) {
	name := b.need(nameAttr)
	if fqdnAttr != "" {
		if f, known := b.v.str(fqdnAttr); known && f != "" {
			b.name = f
			return
		}
	}
	zone, why := b.v.zone(zoneAttr)
	if zone != "" {
		b.name = inZone(name, zone)
		return
	}
	b.name = name
	if strings.TrimSpace(name) == "" || slices.Contains(b.unknown, nameAttr) {
		return
	}
	if _, err := icp.RegistrableDomain(strings.TrimSuffix(name, ".")); err == nil && strings.TrimSpace(name) != "@" {
		b.note = fmt.Sprintf("%s is taken as written: the zone of the record could not be found in the plan (%s)", nameAttr, why)
		return
	}
	b.problem = fmt.Sprintf("%s = %q is relative to the record's zone, and the zone could not be found in the plan: %s. "+
		"Write the full name (www.example.com), or give %s from a zone resource or data source of the plan (aws_route53_zone, cloudflare_zone)", nameAttr, name, why, zoneAttr)
}

// hostInZone reads the record resources that name the host relative to its zone, one
// value each, with a status attribute (ENABLE/DISABLE, or Enable/Disable): host, zone
// and typ are the resource's attribute names.
func hostInZone(host, zone, typ string) func(*view) []Record {
	return func(v *view) []Record {
		b := &builder{v: v}
		b.name = relativeName(b.need(host), b.need(zone))
		b.typ = b.need(typ)
		b.status()
		return b.one("value")
	}
}

// The record resources read by hostInZone, each with where its attributes are documented:
//   - beian_dns_record (this provider): domain, rr, type, value, status. Alibaba Cloud DNS
//     creates a record enabled and only then disables it, so a record created with
//     status = "DISABLE" is judged as live (as the resource does).
//   - alicloud_alidns_record (aliyun/alicloud, website/docs/r/alidns_record.html.markdown):
//     domain_name, rr, type (FORWORD_URL spelt as the provider does), value, status.
//   - alicloud_dns_record (aliyun/alicloud, website/docs/r/dns_record.html.markdown, the
//     older resource): name (the domain), host_record, type, value; status is computed
//     (Enable/Disable).
//   - tencentcloud_dnspod_record (tencentcloudstack/tencentcloud,
//     website/docs/r/dnspod_record.html.markdown): domain, sub_domain (default "@"),
//     record_type, value, status. Records on every record_line are judged alike.
var (
	beianRecord       = hostInZone("rr", "domain", "type")
	alidnsRecord      = hostInZone("rr", "domain_name", "type")
	alicloudDNSRecord = hostInZone("host_record", "name", "type")
	dnspodRecord      = hostInZone("sub_domain", "domain", "record_type")
)

// huaweicloud_dns_recordset (huaweicloud/huaweicloud, docs/resources/dns_recordset.md):
// name (the full name ending with a dot), type, records (one record each), status
// (ENABLE/DISABLE).
func huaweiRecordset(v *view) []Record {
	b := &builder{v: v}
	b.name = b.need("name")
	b.typ = b.need("type")
	b.status()
	return b.each("records")
}

// cloudflare_dns_record (cloudflare/cloudflare v5, docs/resources/dns_record.md) and
// cloudflare_record (v4, docs/resources/record.md): zone_id, name ("@" or relative to
// the zone, or full), type, content (v4 also the older value); v4 computes hostname,
// the full name. The origin in content is judged whether or not the record is proxied:
// Cloudflare fetches the domain's pages from it.
func cloudflareRecord(v *view) []Record {
	b := &builder{v: v, enabled: true}
	fqdn := ""
	if _, ok := v.values["hostname"]; ok || v.isUnknown("hostname") {
		fqdn = "hostname"
	}
	b.zonedName("name", "zone_id", fqdn)
	b.typ = b.need("type")
	if c, known := v.str("content"); !known || c != "" {
		return b.one("content")
	}
	if _, ok := v.values["value"]; ok || v.isUnknown("value") {
		return b.one("value")
	}
	return b.one("content")
}

// aws_route53_record (hashicorp/aws, website/docs/r/route53_record.html.markdown):
// zone_id, name (full, or relative to the zone), type, records (a set: one record each)
// or one alias block {name, zone_id, evaluate_target_health}; fqdn is computed. An alias
// answers with the addresses of its target, so it is read as a CNAME to alias.name.
func route53Record(v *view) []Record {
	b := &builder{v: v, enabled: true}
	b.zonedName("name", "zone_id", "fqdn")
	b.typ = b.need("type")
	if aliases := v.blocks("alias"); len(aliases) > 0 {
		b.typ = "CNAME"
		b.note = joinNote(b.note, "an alias record, read as a CNAME to its target alias.name")
		s, known := aliases[0].str("name")
		return []Record{b.record(s, "alias.name", known, aliases[0].isSensitive("name"))}
	}
	return b.each("records")
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// google_dns_record_set (hashicorp/google, website/docs/r/dns_record_set.html.markdown):
// name (the full name ending with a dot), type, rrdatas (one record each); with a
// routing_policy, the rrdatas of each wrr item, each geo item and each backup_geo item
// of primary_backup, since some visitors get each of them.
func googleRecordSet(v *view) []Record {
	b := &builder{v: v, enabled: true}
	b.name = b.need("name")
	b.typ = b.need("type")
	out := b.each("rrdatas")
	var routed []Record
	sub := func(item *view) *builder {
		return &builder{v: item, name: b.name, typ: b.typ, enabled: true, unknown: b.unknown, problem: b.problem, note: b.note}
	}
	for _, rp := range v.blocks("routing_policy") {
		for _, item := range rp.blocks("wrr") {
			routed = append(routed, sub(item).each("rrdatas")...)
		}
		for _, item := range rp.blocks("geo") {
			routed = append(routed, sub(item).each("rrdatas")...)
		}
		for _, pb := range rp.blocks("primary_backup") {
			for _, item := range pb.blocks("backup_geo") {
				routed = append(routed, sub(item).each("rrdatas")...)
			}
		}
	}
	for i := range routed {
		routed[i].From = "routing_policy.rrdatas"
	}
	return append(out, routed...)
}

// azurerm_dns_a_record, azurerm_dns_aaaa_record (records, a set) and
// azurerm_dns_cname_record (record) (hashicorp/azurerm, website/docs/r/dns_*_record.html.markdown):
// name ("@" for the apex) under zone_name; fqdn is computed (with a trailing dot). A
// record with target_resource_id instead (an alias to an Azure resource) cannot be
// followed from the plan: it is given to the guard as type ALIAS, which it reports as a
// host it cannot follow.
func azureRecord(typ, valueAttr string) func(*view) []Record {
	return func(v *view) []Record {
		b := &builder{v: v, enabled: true, typ: typ}
		name, zone := b.need("name"), b.need("zone_name")
		if f, known := v.str("fqdn"); known && f != "" {
			b.name = f
		} else {
			b.name = relativeName(name, zone)
		}
		if t, known := v.str("target_resource_id"); !known || t != "" {
			b.typ = "ALIAS"
			b.note = "an alias record set to an Azure resource (target_resource_id)"
			return b.one("target_resource_id")
		}
		if valueAttr == "record" {
			return b.one("record")
		}
		return b.each("records")
	}
}
