package provider

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Moving records from the alicloud provider (dns_record_move.go): through the plugin
// protocol with state fixtures written in the alicloud resources' documented schemas, and
// through the CLI with a moved block after an alicloud stand-in made the state.

// protocolServer is the provider's protocol 6 server, as a CLI talks to it.
func protocolServer(t *testing.T) tfprotov6.ProviderServer {
	t.Helper()
	s, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// resourceType is the value type of a resource's state, from the provider's schema.
func resourceType(t *testing.T, s tfprotov6.ProviderServer, typeName string) tftypes.Type {
	t.Helper()
	resp, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, resp.Diagnostics)
	}
	return resp.ResourceSchemas[typeName].ValueType()
}

// stateMap flattens an object value into attribute name → Go value (string, int64,
// bool or nil).
func stateMap(t *testing.T, v tftypes.Value) map[string]any {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for k, a := range attrs {
		switch {
		case a.IsNull():
			out[k] = nil
		case a.Type().Is(tftypes.String):
			var s string
			_ = a.As(&s)
			out[k] = s
		case a.Type().Is(tftypes.Number):
			var n big.Float
			_ = a.As(&n)
			i, _ := n.Int64()
			out[k] = i
		case a.Type().Is(tftypes.Bool):
			var b bool
			_ = a.As(&b)
			out[k] = b
		}
	}
	return out
}

// The alicloud states below are what the alicloud provider (SDKv2, schema version 0)
// writes for its documented schemas: every attribute present, unset ones null, the
// timeouts block null, an A record's priority 0.
func TestMoveStateFromAlicloudFixtures(t *testing.T) {
	s := protocolServer(t)
	typ := resourceType(t, s, "beian_dns_record")
	for _, tc := range []struct {
		name, addr, source, json string
		want                     map[string]any
		wantIdentity             string
	}{
		{
			name: "alicloud_alidns_record A with a remark", addr: "registry.terraform.io/aliyun/alicloud", source: "alicloud_alidns_record",
			json: `{"domain_name":"example.com","id":"1884593045583640577","lang":null,"line":"default","priority":0,"remark":"web server","rr":"www","status":"ENABLE","timeouts":null,"ttl":600,"type":"A","user_client_ip":null,"value":"203.0.113.10"}`,
			want: map[string]any{"id": "1884593045583640577", "record_id": "1884593045583640577", "domain": "example.com", "rr": "www", "type": "A",
				"value": "203.0.113.10", "ttl": int64(600), "priority": nil, "line": "default", "status": "ENABLE", "remark": "web server",
				"fqdn": "www.example.com", "allow_overwrite": false, "ownership_marker": nil},
			wantIdentity: `"record_id":"1884593045583640577"`,
		},
		{
			name: "alicloud_alidns_record MX, disabled, on a line", addr: "registry.opentofu.org/aliyun/alicloud", source: "alicloud_alidns_record",
			json: `{"domain_name":"example.com","id":"42","lang":"en","line":"telecom","priority":10,"remark":null,"rr":"@","status":"DISABLE","timeouts":null,"ttl":3600,"type":"MX","user_client_ip":null,"value":"mx.example.net"}`,
			want: map[string]any{"id": "42", "domain": "example.com", "rr": "@", "type": "MX", "value": "mx.example.net", "ttl": int64(3600),
				"priority": int64(10), "line": "telecom", "status": "DISABLE", "remark": nil, "fqdn": "example.com"},
			wantIdentity: `"domain":"example.com"`,
		},
		{
			name: "alicloud_dns_record (deprecated names), from the old hashicorp/alicloud address", addr: "registry.terraform.io/hashicorp/alicloud", source: "alicloud_dns_record",
			json: `{"host_record":"www","id":"43","locked":false,"name":"example.com","priority":0,"routing":"default","status":"ENABLE","ttl":600,"type":"CNAME","value":"site.example.net"}`,
			want: map[string]any{"id": "43", "domain": "example.com", "rr": "www", "type": "CNAME", "value": "site.example.net", "ttl": int64(600),
				"priority": nil, "line": "default", "status": "ENABLE", "remark": nil, "fqdn": "www.example.com"},
			wantIdentity: `"record_id":"43"`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := s.MoveResourceState(context.Background(), &tfprotov6.MoveResourceStateRequest{
				SourceProviderAddress: tc.addr, SourceTypeName: tc.source, SourceSchemaVersion: 0,
				SourceState: &tfprotov6.RawState{JSON: []byte(tc.json)}, TargetTypeName: "beian_dns_record",
			})
			if err != nil || len(resp.Diagnostics) > 0 {
				t.Fatalf("MoveResourceState: %v %+v", err, diagsText(resp.Diagnostics))
			}
			v, err := resp.TargetState.Unmarshal(typ)
			if err != nil {
				t.Fatal(err)
			}
			got := stateMap(t, v)
			for k, want := range tc.want {
				if got[k] != want {
					t.Errorf("%s = %#v, want %#v", k, got[k], want)
				}
			}
			if resp.TargetIdentity == nil || !strings.Contains(string(mustJSON(t, resp.TargetIdentity)), tc.wantIdentity) {
				t.Errorf("identity %s lacks %s", mustJSON(t, resp.TargetIdentity), tc.wantIdentity)
			}
		})
	}
	// What is not a move from alicloud is refused, and says why.
	for _, tc := range []struct {
		name, addr, source string
		version            int64
		want               string
	}{
		{"another provider's record", "registry.terraform.io/cloudflare/cloudflare", "cloudflare_dns_record", 0, "cloudflare_dns_record of registry.terraform.io/cloudflare/cloudflare is not supported"},
		{"another alicloud resource", "registry.terraform.io/aliyun/alicloud", "alicloud_instance", 0, "alicloud_instance of registry.terraform.io/aliyun/alicloud is not supported"},
		{"a schema version alicloud never wrote", "registry.terraform.io/aliyun/alicloud", "alicloud_alidns_record", 1, "schema version 1"},
	} {
		resp, err := s.MoveResourceState(context.Background(), &tfprotov6.MoveResourceStateRequest{
			SourceProviderAddress: tc.addr, SourceTypeName: tc.source, SourceSchemaVersion: tc.version,
			SourceState: &tfprotov6.RawState{JSON: []byte(`{"id":"1","domain_name":"example.com","rr":"www","type":"A","value":"203.0.113.1"}`)}, TargetTypeName: "beian_dns_record",
		})
		if err != nil {
			t.Fatal(err)
		}
		if msg := diagsText(resp.Diagnostics); !strings.Contains(msg, tc.want) {
			t.Errorf("%s: diagnostics %q, want one saying %q", tc.name, msg, tc.want)
		}
	}
}

func diagsText(ds []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s: %s; ", d.Summary, d.Detail)
	}
	return b.String()
}

// mustJSON renders a resource identity's data as JSON, for assertions.
func mustJSON(t *testing.T, id *tfprotov6.ResourceIdentityData) []byte {
	t.Helper()
	if id == nil || id.IdentityData == nil {
		return nil
	}
	v, err := id.IdentityData.Unmarshal(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"record_id": tftypes.String, "domain": tftypes.String}})
	if err != nil {
		t.Fatal(err)
	}
	m := stateMap(t, v)
	return []byte(fmt.Sprintf(`{"domain":%q,"record_id":%q}`, m["domain"], m["record_id"]))
}

// Through the CLI: records an alicloud provider created (the stand-in writes state in
// alicloud_alidns_record's schema) move to beian_dns_record with a moved block, and the
// plan has nothing to change — not even the remark or the MX priority.
func TestAccDNSRecord_movedFromAlicloud(t *testing.T) {
	srv := startEmulator(t, "example.com")
	before := `
resource "alicloud_alidns_record" "www" {
  domain_name = "example.com"
  rr          = "www"
  type        = "A"
  value       = "203.0.113.10"
  remark      = "web server"
}

resource "alicloud_alidns_record" "mail" {
  domain_name = "example.com"
  rr          = "@"
  type        = "MX"
  value       = "mx.example.net"
  priority    = 10
  ttl         = 3600
}
`
	after := emuProvider(srv) + `
resource "beian_dns_record" "www" {
  domain = "example.com"
  rr     = "www"
  type   = "A"
  value  = "203.0.113.10"
  remark = "web server"
}

resource "beian_dns_record" "mail" {
  domain   = "example.com"
  rr       = "@"
  type     = "MX"
  value    = "mx.example.net"
  priority = 10
  ttl      = 3600
}

moved {
  from = alicloud_alidns_record.www
  to   = beian_dns_record.www
}

moved {
  from = alicloud_alidns_record.mail
  to   = beian_dns_record.mail
}
`
	var ids map[string]string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: alicloudFactories(srv, t),
		Steps: []resource.TestStep{
			{
				Config: `provider "alicloud" {}` + before,
				Check: func(s *terraform.State) error {
					ids = map[string]string{}
					for _, n := range []string{"www", "mail"} {
						ids[n] = s.RootModule().Resources["alicloud_alidns_record."+n].Primary.ID
					}
					return nil
				},
			},
			{
				Config: after,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("beian_dns_record.www", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("beian_dns_record.mail", plancheck.ResourceActionNoop),
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("remark"), knownvalue.StringExact("web server")),
					statecheck.ExpectKnownValue("beian_dns_record.mail", tfjsonpath.New("priority"), knownvalue.Int64Exact(10)),
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("ownership_marker"), knownvalue.Null()),
				},
				Check: func(s *terraform.State) error {
					for _, n := range []string{"www", "mail"} {
						if got := s.RootModule().Resources["beian_dns_record."+n].Primary.ID; got != ids[n] {
							return fmt.Errorf("beian_dns_record.%s has ID %s, want the alicloud record's %s", n, got, ids[n])
						}
					}
					if recs := zoneRecords(t, srv, "example.com"); len(recs) != 2 {
						return fmt.Errorf("the zone has %d records after the move, want the same 2", len(recs))
					}
					return nil
				},
			},
			{Config: after, PlanOnly: true},
		},
	})
}
