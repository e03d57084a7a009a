package provider

// Stand-in providers for the DNS providers beian-guard reads (cmd/beian-guard, issue 27).
// The real providers (aliyun/alicloud, cloudflare/cloudflare, hashicorp/aws,
// tencentcloudstack/tencentcloud, huaweicloud/huaweicloud, hashicorp/google,
// hashicorp/azurerm) cannot be downloaded here, so the acceptance tests serve their
// record and zone resource types to the real CLI from this test binary, with the
// arguments and attributes those providers document (the source of each schema is
// named at it). The CLI plans them as it plans the real ones: computed attributes are
// unknown until apply, defaults are set at plan, a saved plan's JSON is what `show -json`
// writes. What the stand-ins do not do: talk to a cloud (apply invents IDs), validate
// values, or serve the providers' other resource types. They speak protocol 6 (the
// real alicloud, aws and tencentcloud providers speak protocol 5; the plan JSON is the
// same), and the cloudflare stand-in serves the v5 cloudflare_dns_record and
// cloudflare_zone together with v4's cloudflare_record, which no single real version
// has.
//
// The test binary is the stand-ins' executable: TestMain serves the stand-in named by
// its own file name (terraform-provider-<name>, a link to the test binary that
// standInProviderDir makes) when BEIAN_STANDIN_PROVIDER is set, as the CLI's
// dev_overrides start it.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/beian-dev/terraform-provider-beian/internal/planjson"
)

// standInEnv, set in the CLI's environment, makes the test binary serve a stand-in
// provider; standInDirEnv names the directory where the stand-ins keep their zones (an
// ID → name table, so a record's computed full name can be written as the real
// provider writes it).
const (
	standInEnv    = "BEIAN_STANDIN_PROVIDER"
	standInDirEnv = "BEIAN_STANDIN_DIR"
)

// standInProvider is a stand-in: its registry address and the types it serves.
type standInProvider struct {
	source      string // namespace/type in the registry
	provider    *tfprotov6.SchemaBlock
	resources   map[string]*tfprotov6.SchemaBlock
	dataSources map[string]*tfprotov6.SchemaBlock
}

// ---- schema builders -------------------------------------------------------------------

var (
	tStr  = tftypes.String
	tNum  = tftypes.Number
	tBool = tftypes.Bool
	tDyn  = tftypes.DynamicPseudoType
	tStrs = tftypes.List{ElementType: tftypes.String}
	tSetS = tftypes.Set{ElementType: tftypes.String}
	tMapS = tftypes.Map{ElementType: tftypes.String}
)

func req(name string, t tftypes.Type) *tfprotov6.SchemaAttribute {
	return &tfprotov6.SchemaAttribute{Name: name, Type: t, Required: true}
}
func opt(name string, t tftypes.Type) *tfprotov6.SchemaAttribute {
	return &tfprotov6.SchemaAttribute{Name: name, Type: t, Optional: true}
}
func comp(name string, t tftypes.Type) *tfprotov6.SchemaAttribute {
	return &tfprotov6.SchemaAttribute{Name: name, Type: t, Computed: true}
}
func optComp(name string, t tftypes.Type) *tfprotov6.SchemaAttribute {
	return &tfprotov6.SchemaAttribute{Name: name, Type: t, Optional: true, Computed: true}
}

// object is a nested attribute holding one object (the plugin framework's
// SingleNestedAttribute, as Cloudflare v5 writes data and settings).
// base is req, opt, comp or optComp of the attribute's name (its type comes from attrs).
func object(base *tfprotov6.SchemaAttribute, attrs ...*tfprotov6.SchemaAttribute) *tfprotov6.SchemaAttribute {
	base.Type = nil
	base.NestedType = &tfprotov6.SchemaObject{Nesting: tfprotov6.SchemaObjectNestingModeSingle, Attributes: attrs}
	return base
}

// blockList is a nested block written as a list (maxItems 0 = unbounded).
func blockList(name string, maxItems int64, attrs ...*tfprotov6.SchemaAttribute) *tfprotov6.SchemaNestedBlock {
	return &tfprotov6.SchemaNestedBlock{TypeName: name, Nesting: tfprotov6.SchemaNestedBlockNestingModeList, MaxItems: maxItems,
		Block: &tfprotov6.SchemaBlock{Attributes: attrs}}
}

func block(attrs []*tfprotov6.SchemaAttribute, blocks ...*tfprotov6.SchemaNestedBlock) *tfprotov6.SchemaBlock {
	return &tfprotov6.SchemaBlock{Attributes: attrs, BlockTypes: blocks}
}

func attrs(a ...*tfprotov6.SchemaAttribute) []*tfprotov6.SchemaAttribute { return a }

// standInDefaults are the defaults the real providers set at plan time on arguments left
// out (SDK v2's Default), by type and argument.
var standInDefaults = map[string]map[string]tftypes.Value{
	"tencentcloud_dnspod_record": {"sub_domain": tftypes.NewValue(tStr, "@"), "ttl": tftypes.NewValue(tNum, 600), "status": tftypes.NewValue(tStr, "ENABLE")},
	"huaweicloud_dns_recordset":  {"ttl": tftypes.NewValue(tNum, 300)},
	"alicloud_alidns_record":     {"ttl": tftypes.NewValue(tNum, 600), "line": tftypes.NewValue(tStr, "default")},
	"alicloud_dns_record":        {"ttl": tftypes.NewValue(tNum, 600), "routing": tftypes.NewValue(tStr, "default")},
}

// standIns are the stand-in providers by type name.
var standIns = map[string]standInProvider{
	// aliyun/alicloud: website/docs/r/alidns_record.html.markdown (domain_name, rr, type,
	// value required; ttl, priority, line, lang, remark, status, user_client_ip; id),
	// website/docs/r/dns_record.html.markdown (name, host_record, type, value required;
	// ttl, priority, routing; computed status, locked), alicloud_alidns_domain
	// (domain_name; group_id, resource_group_id, lang, remark, tags; computed domain_id,
	// dns_servers, group_name).
	"alicloud": {source: "aliyun/alicloud", provider: block(attrs(opt("region", tStr))),
		resources: map[string]*tfprotov6.SchemaBlock{
			"alicloud_alidns_record": block(attrs(optComp("id", tStr), req("domain_name", tStr), req("rr", tStr), req("type", tStr), req("value", tStr),
				opt("ttl", tNum), opt("priority", tNum), opt("line", tStr), opt("lang", tStr), opt("remark", tStr), optComp("status", tStr), opt("user_client_ip", tStr))),
			"alicloud_dns_record": block(attrs(optComp("id", tStr), req("name", tStr), req("host_record", tStr), req("type", tStr), req("value", tStr),
				opt("ttl", tNum), opt("priority", tNum), opt("routing", tStr), comp("status", tStr), comp("locked", tBool))),
			"alicloud_alidns_domain": block(attrs(optComp("id", tStr), req("domain_name", tStr), opt("group_id", tStr), opt("resource_group_id", tStr),
				opt("lang", tStr), opt("remark", tStr), opt("tags", tMapS), comp("domain_id", tStr), comp("dns_servers", tSetS), comp("group_name", tStr))),
		}},
	// cloudflare/cloudflare: v5 docs/resources/dns_record.md (zone_id, name, ttl, type
	// required; comment, content, data, priority, proxied, settings, tags; computed id,
	// comment_modified_on, created_on, meta, modified_on, proxiable, tags_modified_on),
	// v4 docs/resources/record.md (zone_id, name, type required; allow_overwrite,
	// comment, content, value, data, priority, proxied, tags, ttl; computed hostname,
	// created_on, metadata, modified_on, proxiable), v5 cloudflare_zone (name, account
	// required; type, paused, vanity_name_servers; computed id, status, name_servers) and
	// its data source (zone_id, filter; computed id, name, status, name_servers …).
	"cloudflare": {source: "cloudflare/cloudflare", provider: block(attrs(opt("api_token", tStr))),
		resources: map[string]*tfprotov6.SchemaBlock{
			"cloudflare_dns_record": block(attrs(comp("id", tStr), req("zone_id", tStr), req("name", tStr), req("ttl", tNum), req("type", tStr),
				opt("comment", tStr), opt("content", tStr), opt("priority", tNum), optComp("proxied", tBool), opt("tags", tStrs),
				object(opt("data", nil), opt("algorithm", tNum), opt("altitude", tNum), opt("certificate", tStr), opt("digest", tStr),
					opt("digest_type", tNum), opt("fingerprint", tStr), opt("flags", tDyn), opt("key_tag", tNum), opt("lat_degrees", tNum),
					opt("lat_direction", tStr), opt("lat_minutes", tNum), opt("lat_seconds", tNum), opt("long_degrees", tNum),
					opt("long_direction", tStr), opt("long_minutes", tNum), opt("long_seconds", tNum), opt("matching_type", tNum),
					opt("order", tNum), opt("port", tNum), opt("precision_horz", tNum), opt("precision_vert", tNum), opt("preference", tNum),
					opt("priority", tNum), opt("protocol", tNum), opt("public_key", tStr), opt("regex", tStr), opt("replacement", tStr),
					opt("selector", tNum), opt("service", tStr), opt("size", tNum), opt("tag", tStr), opt("target", tStr), opt("type", tNum),
					opt("usage", tNum), opt("value", tStr), opt("weight", tNum)),
				object(optComp("settings", nil), opt("flatten_cname", tBool), opt("ipv4_only", tBool), opt("ipv6_only", tBool)),
				comp("comment_modified_on", tStr), comp("created_on", tStr), comp("meta", tStr), comp("modified_on", tStr),
				comp("proxiable", tBool), comp("tags_modified_on", tStr))),
			"cloudflare_record": block(attrs(optComp("id", tStr), req("zone_id", tStr), req("name", tStr), req("type", tStr),
				opt("allow_overwrite", tBool), opt("comment", tStr), optComp("content", tStr), optComp("value", tStr), opt("priority", tNum),
				opt("proxied", tBool), opt("tags", tSetS), optComp("ttl", tNum), comp("hostname", tStr), comp("created_on", tStr),
				comp("metadata", tMapS), comp("modified_on", tStr), comp("proxiable", tBool)),
				blockList("data", 1, opt("service", tStr), opt("proto", tStr), opt("name", tStr), opt("priority", tNum), opt("weight", tNum),
					opt("port", tNum), opt("target", tStr), opt("value", tStr), opt("tag", tStr), opt("flags", tNum))),
			"cloudflare_zone": block(attrs(comp("id", tStr), req("name", tStr), object(req("account", nil), opt("id", tStr)),
				opt("type", tStr), optComp("paused", tBool), opt("vanity_name_servers", tStrs), comp("status", tStr), comp("name_servers", tStrs))),
		},
		dataSources: map[string]*tfprotov6.SchemaBlock{
			"cloudflare_zone": block(attrs(optComp("zone_id", tStr), object(opt("filter", nil), opt("name", tStr), opt("status", tStr),
				opt("direction", tStr), opt("match", tStr), opt("order", tStr), object(opt("account", nil), opt("id", tStr), opt("name", tStr))),
				comp("id", tStr), comp("name", tStr), comp("status", tStr), comp("type", tStr), comp("paused", tBool), comp("name_servers", tStrs))),
		}},
	// hashicorp/aws: website/docs/r/route53_record.html.markdown (zone_id, name, type
	// required; ttl, records (set), set_identifier, health_check_id,
	// multivalue_answer_routing_policy, allow_overwrite; blocks alias (max 1: name,
	// zone_id, evaluate_target_health), failover_, geolocation_, latency_, weighted_,
	// cidr_routing_policy; computed fqdn), r/route53_zone (name; comment, force_destroy,
	// delegation_set_id, tags; computed zone_id, arn, name_servers, primary_name_server)
	// and d/route53_zone (name, zone_id, private_zone, vpc_id, tags; computed arn,
	// name_servers, comment …).
	"aws": {source: "hashicorp/aws", provider: block(attrs(opt("region", tStr))),
		resources: map[string]*tfprotov6.SchemaBlock{
			"aws_route53_record": block(attrs(optComp("id", tStr), req("zone_id", tStr), req("name", tStr), req("type", tStr), opt("ttl", tNum),
				opt("records", tSetS), opt("set_identifier", tStr), opt("health_check_id", tStr), opt("multivalue_answer_routing_policy", tBool),
				optComp("allow_overwrite", tBool), comp("fqdn", tStr)),
				blockList("alias", 1, req("name", tStr), req("zone_id", tStr), req("evaluate_target_health", tBool)),
				blockList("failover_routing_policy", 1, req("type", tStr)),
				blockList("geolocation_routing_policy", 1, opt("continent", tStr), opt("country", tStr), opt("subdivision", tStr)),
				blockList("latency_routing_policy", 1, req("region", tStr)),
				blockList("weighted_routing_policy", 1, req("weight", tNum)),
				blockList("cidr_routing_policy", 1, req("collection_id", tStr), req("location_name", tStr))),
			"aws_route53_zone": block(attrs(optComp("id", tStr), req("name", tStr), opt("comment", tStr), opt("force_destroy", tBool),
				opt("delegation_set_id", tStr), opt("tags", tMapS), comp("zone_id", tStr), comp("arn", tStr), comp("name_servers", tStrs),
				comp("primary_name_server", tStr))),
		},
		dataSources: map[string]*tfprotov6.SchemaBlock{
			"aws_route53_zone": block(attrs(optComp("id", tStr), optComp("name", tStr), optComp("zone_id", tStr), optComp("private_zone", tBool),
				optComp("vpc_id", tStr), optComp("tags", tMapS), comp("arn", tStr), comp("comment", tStr), comp("name_servers", tStrs),
				comp("primary_name_server", tStr), comp("caller_reference", tStr), comp("resource_record_set_count", tNum))),
		}},
	// tencentcloudstack/tencentcloud: website/docs/r/dnspod_record.html.markdown (domain,
	// record_line, record_type, value required; mx, status, sub_domain (default @), ttl
	// (default 600), weight, remark; computed monitor_status).
	"tencentcloud": {source: "tencentcloudstack/tencentcloud", provider: block(attrs(opt("region", tStr))),
		resources: map[string]*tfprotov6.SchemaBlock{
			"tencentcloud_dnspod_record": block(attrs(optComp("id", tStr), req("domain", tStr), req("record_line", tStr), req("record_type", tStr),
				req("value", tStr), opt("mx", tNum), opt("status", tStr), opt("sub_domain", tStr), opt("ttl", tNum), opt("weight", tNum),
				opt("remark", tStr), comp("monitor_status", tStr))),
		}},
	// huaweicloud/huaweicloud: docs/resources/dns_recordset.md (zone_id, name, type,
	// records required; region, ttl (default 300), status, tags, description, line_id,
	// weight; computed zone_name, zone_type) and dns_zone (name; email, description, ttl,
	// zone_type, tags; computed masters, status).
	"huaweicloud": {source: "huaweicloud/huaweicloud", provider: block(attrs(opt("region", tStr))),
		resources: map[string]*tfprotov6.SchemaBlock{
			"huaweicloud_dns_recordset": block(attrs(optComp("id", tStr), optComp("region", tStr), req("zone_id", tStr), req("name", tStr),
				req("type", tStr), req("records", tStrs), opt("ttl", tNum), optComp("status", tStr), opt("tags", tMapS), opt("description", tStr),
				opt("line_id", tStr), opt("weight", tNum), comp("zone_name", tStr), comp("zone_type", tStr))),
			"huaweicloud_dns_zone": block(attrs(optComp("id", tStr), req("name", tStr), opt("email", tStr), opt("description", tStr),
				opt("ttl", tNum), opt("zone_type", tStr), opt("tags", tMapS), comp("masters", tStrs), comp("status", tStr))),
		}},
	// hashicorp/google: website/docs/r/dns_record_set.html.markdown (managed_zone, name,
	// type required; rrdatas, ttl, project; block routing_policy with wrr {weight,
	// rrdatas}, geo {location, rrdatas}, primary_backup {trickle_ratio, backup_geo
	// {location, rrdatas}}, enable_geo_fencing) and r/dns_managed_zone (name, dns_name;
	// description, visibility; computed name_servers, managed_zone_id).
	"google": {source: "hashicorp/google", provider: block(attrs(opt("project", tStr))),
		resources: map[string]*tfprotov6.SchemaBlock{
			"google_dns_record_set": block(attrs(optComp("id", tStr), req("managed_zone", tStr), req("name", tStr), req("type", tStr),
				opt("rrdatas", tStrs), opt("ttl", tNum), optComp("project", tStr)),
				&tfprotov6.SchemaNestedBlock{TypeName: "routing_policy", Nesting: tfprotov6.SchemaNestedBlockNestingModeList, MaxItems: 1,
					Block: block(attrs(opt("enable_geo_fencing", tBool)),
						blockList("wrr", 0, req("weight", tNum), opt("rrdatas", tStrs)),
						blockList("geo", 0, req("location", tStr), opt("rrdatas", tStrs)),
						&tfprotov6.SchemaNestedBlock{TypeName: "primary_backup", Nesting: tfprotov6.SchemaNestedBlockNestingModeList, MaxItems: 1,
							Block: block(attrs(opt("trickle_ratio", tNum), opt("enable_geo_fencing_for_backups", tBool)),
								blockList("backup_geo", 0, req("location", tStr), opt("rrdatas", tStrs)))})}),
			"google_dns_managed_zone": block(attrs(optComp("id", tStr), req("name", tStr), req("dns_name", tStr), opt("description", tStr),
				opt("visibility", tStr), optComp("project", tStr), comp("name_servers", tStrs), comp("managed_zone_id", tNum))),
		}},
	// hashicorp/azurerm: website/docs/r/dns_a_record.html.markdown, dns_aaaa_record,
	// dns_cname_record (name, resource_group_name, zone_name, ttl required; records (set)
	// or, for CNAME, record; target_resource_id; tags; computed fqdn) and dns_zone (name,
	// resource_group_name; tags; computed name_servers, number_of_record_sets …).
	"azurerm": {source: "hashicorp/azurerm", provider: block(attrs(opt("subscription_id", tStr)),
		&tfprotov6.SchemaNestedBlock{TypeName: "features", Nesting: tfprotov6.SchemaNestedBlockNestingModeList, Block: block(nil)}),
		resources: map[string]*tfprotov6.SchemaBlock{
			"azurerm_dns_a_record":     azureRecordSchema("records", tSetS),
			"azurerm_dns_aaaa_record":  azureRecordSchema("records", tSetS),
			"azurerm_dns_cname_record": azureRecordSchema("record", tStr),
			"azurerm_dns_zone": block(attrs(optComp("id", tStr), req("name", tStr), req("resource_group_name", tStr), opt("tags", tMapS),
				comp("name_servers", tSetS), comp("number_of_record_sets", tNum), comp("max_number_of_record_sets", tNum))),
		}},
}

func azureRecordSchema(valueAttr string, t tftypes.Type) *tfprotov6.SchemaBlock {
	return block(attrs(optComp("id", tStr), req("name", tStr), req("resource_group_name", tStr), req("zone_name", tStr), req("ttl", tNum),
		opt(valueAttr, t), opt("target_resource_id", tStr), opt("tags", tMapS), comp("fqdn", tStr)))
}

// ---- serving -------------------------------------------------------------------------

// serveStandIn serves the stand-in this binary is named for, when the CLI starts it
// through dev_overrides; it reports whether it did (then the process must end).
func serveStandIn() bool {
	if os.Getenv(standInEnv) == "" {
		return false
	}
	exe := filepath.Base(os.Args[0])
	name := strings.TrimPrefix(exe, "terraform-provider-")
	p, ok := standIns[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "%s: %s is set but %s is no stand-in provider\n", exe, standInEnv, name)
		os.Exit(1)
	}
	err := tf6server.Serve("registry.terraform.io/"+p.source, func() tfprotov6.ProviderServer {
		return &standInServer{p: p, zones: zoneStore{dir: os.Getenv(standInDirEnv)}}
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	return true
}

// standInProviderDir makes a directory holding every stand-in's executable (links to
// this test binary) for dev_overrides, and returns it with the directory the stand-ins
// keep their zones in.
func standInProviderDir(t testing.TB) (bin, zones string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin, zones = t.TempDir(), t.TempDir()
	for name := range standIns {
		if err := os.Symlink(exe, filepath.Join(bin, "terraform-provider-"+name)); err != nil {
			t.Fatal(err)
		}
	}
	return bin, zones
}

// standInDevOverrides are the dev_overrides lines of every stand-in, for both registry
// hosts, pointing at dir.
func standInDevOverrides(dir string) string {
	var names []string
	for n := range standIns {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		for _, host := range []string{"registry.opentofu.org", "registry.terraform.io"} {
			fmt.Fprintf(&b, "    %q = %q\n", host+"/"+standIns[n].source, filepath.ToSlash(dir))
		}
	}
	return b.String()
}

// zoneStore is the stand-ins' table of zones they created or read, by ID, shared by the
// provider processes of a test through files.
type zoneStore struct {
	dir string
	mu  sync.Mutex
}

func (z *zoneStore) put(id, name string) {
	if z.dir == "" || id == "" {
		return
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	_ = os.WriteFile(filepath.Join(z.dir, "zone-"+hashOf(id)), []byte(strings.TrimSuffix(strings.ToLower(name), ".")), 0o600)
}

func (z *zoneStore) name(id string) string {
	if z.dir == "" {
		return ""
	}
	b, _ := os.ReadFile(filepath.Join(z.dir, "zone-"+hashOf(id)))
	return string(b)
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// standInServer serves one stand-in provider.
type standInServer struct {
	p     standInProvider
	zones zoneStore
}

func (s *standInServer) schemas() (map[string]*tfprotov6.Schema, map[string]*tfprotov6.Schema) {
	res, data := map[string]*tfprotov6.Schema{}, map[string]*tfprotov6.Schema{}
	for n, b := range s.p.resources {
		res[n] = &tfprotov6.Schema{Block: b}
	}
	for n, b := range s.p.dataSources {
		data[n] = &tfprotov6.Schema{Block: b}
	}
	return res, data
}

func (s *standInServer) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	resp := &tfprotov6.GetMetadataResponse{ServerCapabilities: &tfprotov6.ServerCapabilities{GetProviderSchemaOptional: false}}
	for n := range s.p.resources {
		resp.Resources = append(resp.Resources, tfprotov6.ResourceMetadata{TypeName: n})
	}
	for n := range s.p.dataSources {
		resp.DataSources = append(resp.DataSources, tfprotov6.DataSourceMetadata{TypeName: n})
	}
	return resp, nil
}

func (s *standInServer) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	res, data := s.schemas()
	return &tfprotov6.GetProviderSchemaResponse{Provider: &tfprotov6.Schema{Block: s.p.provider}, ResourceSchemas: res, DataSourceSchemas: data,
		Functions: map[string]*tfprotov6.Function{}, EphemeralResourceSchemas: map[string]*tfprotov6.Schema{},
		ListResourceSchemas: map[string]*tfprotov6.Schema{}, ActionSchemas: map[string]*tfprotov6.ActionSchema{}}, nil
}

func (s *standInServer) GetResourceIdentitySchemas(context.Context, *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{IdentitySchemas: map[string]*tfprotov6.ResourceIdentitySchema{}}, nil
}

func (s *standInServer) ValidateProviderConfig(_ context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return &tfprotov6.ValidateProviderConfigResponse{PreparedConfig: req.Config}, nil
}

func (s *standInServer) ConfigureProvider(context.Context, *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (s *standInServer) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

func (s *standInServer) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

func (s *standInServer) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	typ := s.p.resources[req.TypeName].ValueType()
	v, err := req.RawState.UnmarshalWithOpts(typ, tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: diagErr(err)}, nil
	}
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &dv, Diagnostics: diagErr(err)}, nil
}

func (s *standInServer) ReadResource(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

// PlanResourceChange plans as the real providers do: arguments left out get their
// defaults, and computed attributes without a value are unknown until apply.
func (s *standInServer) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	b := s.p.resources[req.TypeName]
	typ := b.ValueType()
	proposed, err := req.ProposedNewState.Unmarshal(typ)
	if err != nil || proposed.IsNull() {
		return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, Diagnostics: diagErr(err)}, nil
	}
	prior, _ := req.PriorState.Unmarshal(typ)
	defaults := standInDefaults[req.TypeName]
	planned, err := walkBlock(b, proposed, func(a *tfprotov6.SchemaAttribute, v tftypes.Value, top bool) tftypes.Value {
		if d, ok := defaults[a.Name]; ok && top && v.IsNull() {
			return d
		}
		if a.Computed && v.IsNull() && (prior.IsNull() || a.Name != "id") {
			return tftypes.NewValue(v.Type(), tftypes.UnknownValue)
		}
		return v
	})
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: diagErr(err)}, nil
	}
	dv, err := tfprotov6.NewDynamicValue(typ, planned)
	// The SDK v2 providers (all but Cloudflare v5's framework one) plan their defaults
	// into non-computed arguments, which the CLI accepts from them because the SDK marks
	// its plans as of the legacy type system; the stand-ins of those providers do the same.
	legacy := s.p.source != "cloudflare/cloudflare"
	resp := &tfprotov6.PlanResourceChangeResponse{PlannedState: &dv, Diagnostics: diagErr(err)}
	//lint:ignore SA1019 deprecated for new providers; the SDK v2 providers stood in for set it
	resp.UnsafeToUseLegacyTypeSystem = legacy //nolint:staticcheck // as above
	return resp, nil
}

// ApplyResourceChange "creates" the instance: every unknown attribute gets a value (IDs
// derived from the arguments; the full names the real providers compute).
func (s *standInServer) ApplyResourceChange(_ context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	b := s.p.resources[req.TypeName]
	typ := b.ValueType()
	planned, err := req.PlannedState.Unmarshal(typ)
	if err != nil || planned.IsNull() {
		return &tfprotov6.ApplyResourceChangeResponse{NewState: req.PlannedState, Diagnostics: diagErr(err)}, nil
	}
	state, err := s.fill(req.TypeName, b, planned, func(v tftypes.Value) bool { return !v.IsKnown() })
	if err != nil {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: diagErr(err)}, nil
	}
	dv, err := tfprotov6.NewDynamicValue(typ, state)
	return &tfprotov6.ApplyResourceChangeResponse{NewState: &dv, Diagnostics: diagErr(err)}, nil
}

// fill gives every attribute that need selects a value, then records a zone.
func (s *standInServer) fill(typeName string, b *tfprotov6.SchemaBlock, v tftypes.Value, need func(tftypes.Value) bool) (tftypes.Value, error) {
	var top map[string]tftypes.Value
	if err := v.As(&top); err != nil {
		return v, err
	}
	seed := typeName + v.String()
	out, err := walkBlock(b, v, func(a *tfprotov6.SchemaAttribute, v tftypes.Value, isTop bool) tftypes.Value {
		if !a.Computed || !need(v) {
			return v
		}
		if a.NestedType != nil {
			return tftypes.NewValue(v.Type(), nil) // a computed object the real API leaves empty
		}
		if isTop {
			if s, ok := s.computed(typeName, a.Name, top); ok {
				return tftypes.NewValue(tStr, s)
			}
		}
		return invented(v.Type(), seed+a.Name)
	})
	if err != nil {
		return out, err
	}
	var vals map[string]tftypes.Value
	_ = out.As(&vals)
	switch typeName {
	case "aws_route53_zone":
		s.zones.put(str(vals["zone_id"]), str(vals["name"]))
	case "cloudflare_zone":
		s.zones.put(str(vals["id"]), str(vals["name"]))
	}
	return out, nil
}

// computed is what a real provider computes for an attribute, where tests depend on it.
func (s *standInServer) computed(typeName, attr string, v map[string]tftypes.Value) (string, bool) {
	switch typeName + "." + attr {
	case "aws_route53_zone.zone_id", "aws_route53_zone.id":
		return "Z" + strings.ToUpper(hashOf(str(v["name"])))[:13], true // Route 53 zone IDs: Z + 13 letters and digits
	case "data.aws_route53_zone.zone_id", "data.aws_route53_zone.id":
		return "Z" + strings.ToUpper(hashOf(str(v["name"])))[:13], true
	case "data.aws_route53_zone.name":
		return s.zones.name(str(v["zone_id"])), true
	case "cloudflare_zone.id":
		return hashOf(str(v["name"]))[:32], true // Cloudflare zone IDs: 32 hex digits
	case "data.cloudflare_zone.id", "data.cloudflare_zone.zone_id":
		if id := str(v["zone_id"]); id != "" {
			return id, true
		}
		return hashOf(filterName(v))[:32], true
	case "data.cloudflare_zone.name":
		if n := filterName(v); n != "" {
			return n, true
		}
		return s.zones.name(str(v["zone_id"])), true
	case "aws_route53_record.fqdn":
		return fullName(str(v["name"]), s.zones.name(str(v["zone_id"]))), true
	case "cloudflare_record.hostname":
		return fullName(str(v["name"]), s.zones.name(str(v["zone_id"]))), true
	case "azurerm_dns_a_record.fqdn", "azurerm_dns_aaaa_record.fqdn", "azurerm_dns_cname_record.fqdn":
		n, z := str(v["name"]), str(v["zone_name"])
		if n == "@" {
			return z + ".", true
		}
		return n + "." + z + ".", true
	}
	return "", false
}

// fullName is the name Route 53 and Cloudflare write for a record name in a zone.
func fullName(name, zone string) string {
	n := strings.TrimSuffix(strings.ToLower(name), ".")
	switch {
	case zone == "":
		return n
	case n == "@" || n == "":
		return zone
	case n == zone || strings.HasSuffix(n, "."+zone):
		return n
	}
	return n + "." + zone
}

func filterName(v map[string]tftypes.Value) string {
	f := v["filter"]
	if f.IsNull() || !f.IsKnown() {
		return ""
	}
	var m map[string]tftypes.Value
	_ = f.As(&m)
	return str(m["name"])
}

func str(v tftypes.Value) string {
	var s string
	if v.IsKnown() && !v.IsNull() {
		_ = v.As(&s)
	}
	return s
}

// invented is a value for a computed attribute the tests do not look at.
func invented(t tftypes.Type, seed string) tftypes.Value {
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, "standin-"+hashOf(seed)[:12])
	case t.Is(tftypes.Number):
		return tftypes.NewValue(t, big.NewFloat(0))
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, false)
	case t.Is(tftypes.List{}), t.Is(tftypes.Set{}), t.Is(tftypes.Map{}):
		return tftypes.NewValue(t, nil)
	}
	return tftypes.NewValue(t, nil)
}

// walkBlock calls fn on every attribute of an object of block b (top is true for the
// block's own attributes) and on those of its nested attribute objects and nested
// blocks, and returns the object with fn's values.
func walkBlock(b *tfprotov6.SchemaBlock, v tftypes.Value, fn func(a *tfprotov6.SchemaAttribute, v tftypes.Value, top bool) tftypes.Value) (tftypes.Value, error) {
	return walk(b, v, fn, true)
}

func walk(b *tfprotov6.SchemaBlock, v tftypes.Value, fn func(*tfprotov6.SchemaAttribute, tftypes.Value, bool) tftypes.Value, top bool) (tftypes.Value, error) {
	if v.IsNull() || !v.IsKnown() {
		return v, nil
	}
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		return v, err
	}
	for _, a := range b.Attributes {
		av := m[a.Name]
		if a.NestedType != nil && a.NestedType.Nesting == tfprotov6.SchemaObjectNestingModeSingle {
			nv, err := walk(&tfprotov6.SchemaBlock{Attributes: a.NestedType.Attributes}, av, fn, false)
			if err != nil {
				return v, err
			}
			av = nv
		}
		m[a.Name] = fn(a, av, top)
	}
	for _, nb := range b.BlockTypes {
		bv := m[nb.TypeName]
		if bv.IsNull() || !bv.IsKnown() {
			continue
		}
		switch nb.Nesting {
		case tfprotov6.SchemaNestedBlockNestingModeList, tfprotov6.SchemaNestedBlockNestingModeSet:
			var elems []tftypes.Value
			if err := bv.As(&elems); err != nil {
				return v, err
			}
			for i := range elems {
				e, err := walk(nb.Block, elems[i], fn, false)
				if err != nil {
					return v, err
				}
				elems[i] = e
			}
			m[nb.TypeName] = tftypes.NewValue(bv.Type(), elems)
		case tfprotov6.SchemaNestedBlockNestingModeSingle:
			e, err := walk(nb.Block, bv, fn, false)
			if err != nil {
				return v, err
			}
			m[nb.TypeName] = e
		}
	}
	return tftypes.NewValue(v.Type(), m), nil
}

func diagErr(err error) []*tfprotov6.Diagnostic {
	if err == nil {
		return nil
	}
	return []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: "stand-in provider", Detail: err.Error()}}
}

func (s *standInServer) ImportResourceState(_ context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return &tfprotov6.ImportResourceStateResponse{Diagnostics: diagErr(fmt.Errorf("the stand-in of %s does not import", req.TypeName))}, nil
}

func (s *standInServer) MoveResourceState(context.Context, *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return &tfprotov6.MoveResourceStateResponse{Diagnostics: diagErr(fmt.Errorf("the stand-ins do not move state"))}, nil
}

func (s *standInServer) UpgradeResourceIdentity(context.Context, *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return &tfprotov6.UpgradeResourceIdentityResponse{Diagnostics: diagErr(fmt.Errorf("the stand-ins have no resource identities"))}, nil
}

func (s *standInServer) GenerateResourceConfig(context.Context, *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return &tfprotov6.GenerateResourceConfigResponse{Diagnostics: diagErr(fmt.Errorf("the stand-ins do not generate configuration"))}, nil
}

func (s *standInServer) ValidateDataResourceConfig(context.Context, *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return &tfprotov6.ValidateDataResourceConfigResponse{}, nil
}

// ReadDataSource answers from the arguments: a zone looked up by name gets the ID the
// stand-in gives that zone, and is recorded.
func (s *standInServer) ReadDataSource(_ context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	b := s.p.dataSources[req.TypeName]
	typ := b.ValueType()
	cfg, err := req.Config.Unmarshal(typ)
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: diagErr(err)}, nil
	}
	state, err := s.fill("data."+req.TypeName, b, cfg, func(v tftypes.Value) bool { return v.IsNull() || !v.IsKnown() })
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: diagErr(err)}, nil
	}
	// Only computed attributes are filled: put the configuration's own values back.
	var vals map[string]tftypes.Value
	_ = state.As(&vals)
	switch req.TypeName {
	case "aws_route53_zone":
		s.zones.put(str(vals["zone_id"]), str(vals["name"]))
	case "cloudflare_zone":
		s.zones.put(str(vals["id"]), str(vals["name"]))
	}
	dv, err := tfprotov6.NewDynamicValue(typ, state)
	return &tfprotov6.ReadDataSourceResponse{State: &dv, Diagnostics: diagErr(err)}, nil
}

func (s *standInServer) CallFunction(context.Context, *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return &tfprotov6.CallFunctionResponse{}, nil
}

func (s *standInServer) GetFunctions(context.Context, *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return &tfprotov6.GetFunctionsResponse{Functions: map[string]*tfprotov6.Function{}}, nil
}

func (s *standInServer) ValidateEphemeralResourceConfig(context.Context, *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return &tfprotov6.ValidateEphemeralResourceConfigResponse{}, nil
}

func (s *standInServer) OpenEphemeralResource(context.Context, *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return &tfprotov6.OpenEphemeralResourceResponse{}, nil
}

func (s *standInServer) RenewEphemeralResource(context.Context, *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return &tfprotov6.RenewEphemeralResourceResponse{}, nil
}

func (s *standInServer) CloseEphemeralResource(context.Context, *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return &tfprotov6.CloseEphemeralResourceResponse{}, nil
}

// ---- the stand-ins' own tests -------------------------------------------------------

// Every record type beian-guard reads of another provider has a stand-in, and every
// stand-in schema is one the CLI accepts: each attribute required, optional or computed
// (a required one never computed), named once.
func TestStandInsServeWhatBeianGuardReads(t *testing.T) {
	served := map[string]bool{}
	for name, p := range standIns {
		blocks := map[string]*tfprotov6.SchemaBlock{"provider " + name: p.provider}
		for n, b := range p.resources {
			served[n] = true
			blocks[n] = b
		}
		for n, b := range p.dataSources {
			blocks["data "+n] = b
		}
		for n, b := range blocks {
			checkStandInBlock(t, n, b)
		}
	}
	for _, typ := range planjson.ResourceTypes() {
		if typ != "beian_dns_record" && !served[typ] {
			t.Errorf("beian-guard reads %s, and no stand-in serves it", typ)
		}
	}
}

func checkStandInBlock(t *testing.T, where string, b *tfprotov6.SchemaBlock) {
	t.Helper()
	seen := map[string]bool{}
	for _, a := range b.Attributes {
		if seen[a.Name] {
			t.Errorf("%s: %s twice", where, a.Name)
		}
		seen[a.Name] = true
		if !a.Required && !a.Optional && !a.Computed || a.Required && (a.Optional || a.Computed) {
			t.Errorf("%s.%s: required %v, optional %v, computed %v", where, a.Name, a.Required, a.Optional, a.Computed)
		}
		if (a.Type == nil) == (a.NestedType == nil) {
			t.Errorf("%s.%s: needs a type or a nested type", where, a.Name)
		}
		if a.NestedType != nil {
			checkStandInBlock(t, where+"."+a.Name, &tfprotov6.SchemaBlock{Attributes: a.NestedType.Attributes})
		}
	}
	for _, nb := range b.BlockTypes {
		if seen[nb.TypeName] {
			t.Errorf("%s: %s twice", where, nb.TypeName)
		}
		seen[nb.TypeName] = true
		checkStandInBlock(t, where+"."+nb.TypeName, nb.Block)
	}
}
