package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// The list resource (dns_record_list.go) through the plugin protocol, as Terraform 1.14's
// `terraform query` calls it: neither CLI available here (Terraform 1.11.4, OpenTofu
// 1.12.6) has `query`, so the protocol calls stand in for it — GetProviderSchema,
// ConfigureProvider, ListResource — and the results are checked as the CLI would use
// them: one per record, each with the identity an import block names and the state
// -generate-config-out writes.

// objectWithNulls is a value of typ whose attributes are null but for set.
func objectWithNulls(typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
			continue
		}
		vals[name] = tftypes.NewValue(at, nil)
	}
	return tftypes.NewValue(typ, vals)
}

// listServer is a protocol server that serves list resources (terraform-plugin-go's
// ProviderServerWithListResource, deprecated while it moves into ProviderServer).
type listServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
}

// configuredServer is the provider's protocol server, configured for srv.
func configuredServer(t *testing.T, srv *emulatortest.Server) (listServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	s, ok := protocolServer(t).(listServer)
	if !ok {
		t.Fatal("the provider server does not serve list resources")
	}
	ctx := context.Background()
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, diagsText(schemas.Diagnostics))
	}
	ptype := objectType(t, schemas.Provider.ValueType())
	eps := map[string]tftypes.Value{}
	for _, p := range aliyun.Products {
		eps[string(p.Product)] = tftypes.NewValue(tftypes.String, srv.URL)
	}
	cfg := objectWithNulls(ptype, map[string]tftypes.Value{
		"access_key":          tftypes.NewValue(tftypes.String, srv.AccessKeyID),
		"secret_key":          tftypes.NewValue(tftypes.String, srv.AccessKeySecret),
		"requests_per_second": tftypes.NewValue(tftypes.Number, 0),
		"endpoints":           objectWithNulls(ptype.AttributeTypes["endpoints"].(tftypes.Object), eps),
	})
	dv, err := tfprotov6.NewDynamicValue(ptype, cfg)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &dv})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, diagsText(resp.Diagnostics))
	}
	return s, schemas
}

type listed struct {
	display  string
	identity map[string]any
	state    map[string]any
	diags    string
}

// listRecords calls ListResource for beian_dns_record with the list block's config.
func listRecords(t *testing.T, s listServer, schemas *tfprotov6.GetProviderSchemaResponse, set map[string]string, limit int64) []listed {
	t.Helper()
	ltype := objectType(t, schemas.ListResourceSchemas["beian_dns_record"].ValueType())
	vals := map[string]tftypes.Value{}
	for k, v := range set {
		vals[k] = tftypes.NewValue(tftypes.String, v)
	}
	dv, err := tfprotov6.NewDynamicValue(ltype, objectWithNulls(ltype, vals))
	if err != nil {
		t.Fatal(err)
	}
	stream, err := s.ListResource(context.Background(), &tfprotov6.ListResourceRequest{TypeName: "beian_dns_record", Config: &dv, IncludeResource: true, Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	rtype := schemas.ResourceSchemas["beian_dns_record"].ValueType()
	itype := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"record_id": tftypes.String, "domain": tftypes.String}}
	var out []listed
	for r := range stream.Results {
		l := listed{display: r.DisplayName, diags: diagsText(r.Diagnostics)}
		if r.Identity != nil && r.Identity.IdentityData != nil {
			v, err := r.Identity.IdentityData.Unmarshal(itype)
			if err != nil {
				t.Fatal(err)
			}
			l.identity = stateMap(t, v)
		}
		if r.Resource != nil {
			v, err := r.Resource.Unmarshal(rtype)
			if err != nil {
				t.Fatal(err)
			}
			l.state = stateMap(t, v)
		}
		out = append(out, l)
	}
	return out
}

func TestDNSRecordListThroughTheProtocol(t *testing.T) {
	srv := startEmulator(t, "example.com")
	claim := dnsrecord.NewMarker(time.Now())
	seed := []emulator.Record{
		{Domain: "example.com", RR: "@", Type: "A", Value: "203.0.113.1"},
		{Domain: "example.com", RR: "www", Type: "A", Value: "203.0.113.2", Remark: "web," + claim.String()},
		{Domain: "example.com", RR: "www", Type: "AAAA", Value: "2001:db8::2"},
		{Domain: "example.com", RR: "@", Type: "MX", Value: "mx.example.net", Priority: 10, Status: "DISABLE"},
	}
	ids := map[string]string{}
	for _, r := range seed {
		id, err := srv.Control.AddRecord(r)
		if err != nil {
			t.Fatal(err)
		}
		ids[r.RR+"/"+r.Type] = id
	}
	s, schemas := configuredServer(t, srv)

	all := listRecords(t, s, schemas, map[string]string{"domain": "example.com"}, 0)
	if len(all) != len(seed) {
		t.Fatalf("listed %d results, want %d: %+v", len(all), len(seed), all)
	}
	byID := map[string]listed{}
	for _, l := range all {
		if l.diags != "" {
			t.Errorf("result %q has diagnostics: %s", l.display, l.diags)
		}
		if l.identity["domain"] != "example.com" || l.state["id"] != l.identity["record_id"] {
			t.Errorf("result %q: identity %v does not name its state's record %v", l.display, l.identity, l.state["id"])
		}
		byID[l.identity["record_id"].(string)] = l
	}
	www := byID[ids["www/A"]]
	if www.display != "www.example.com A 203.0.113.2 (line default)" || www.state["remark"] != "web" || www.state["ownership_marker"] != claim.String() {
		t.Errorf("www A: display %q, remark %v, ownership_marker %v; want the display name, the remark without the marker, and the marker as its own", www.display, www.state["remark"], www.state["ownership_marker"])
	}
	mx := byID[ids["@/MX"]]
	if mx.state["priority"] != int64(10) || mx.state["status"] != "DISABLE" || mx.state["fqdn"] != "example.com" || mx.state["allow_overwrite"] != false {
		t.Errorf("@ MX state = %v", mx.state)
	}

	if got := listRecords(t, s, schemas, map[string]string{"domain": "EXAMPLE.com", "rr": "WWW", "type": "a"}, 0); len(got) != 1 || got[0].identity["record_id"] != ids["www/A"] {
		t.Errorf("rr and type filters: %+v, want www A only", got)
	}
	if got := listRecords(t, s, schemas, map[string]string{"domain": "example.com"}, 2); len(got) != 2 {
		t.Errorf("limit 2 gave %d results", len(got))
	}
	got := listRecords(t, s, schemas, map[string]string{"domain": "not-mine.com"}, 0)
	if len(got) != 1 || !strings.Contains(got[0].diags, "not-mine.com is not in this Alibaba Cloud account") {
		t.Errorf("a zone not in the account: %+v, want one error naming it", got)
	}
}

// objectType is a schema's value type, an object.
func objectType(t *testing.T, typ tftypes.Type) tftypes.Object {
	t.Helper()
	o, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %s is not an object", typ)
	}
	return o
}
