package planjson

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func decodeFile(t testing.TB, path string) *Plan {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// brief is a record as the tests compare it.
type brief struct {
	Address, Name, Type, Value string
	Enabled, Changed           bool
	From                       string
	Unknown                    []string
	Problem                    bool
}

func briefs(recs []Record) []brief {
	var out []brief
	for _, r := range recs {
		out = append(out, brief{r.Address, r.Name, r.Type, r.Value, r.Enabled, r.Changed, r.From, r.Unknown, r.Problem != ""})
	}
	return out
}

// The plans the CLI wrote for the provider's acceptance test (stand-in providers): every
// record type's records, names written the providers' ways resolved to full names.
func TestRecordsOfRealPlans(t *testing.T) {
	const ip, hk = "47.96.10.20", "47.242.10.20"
	want := map[string][]brief{
		"alicloud": {
			{"alicloud_alidns_record.apex", "example.com", "A", ip, true, true, "value", nil, false},
			{"alicloud_alidns_record.paused", "paused.example.com", "A", ip, false, true, "value", nil, false},
			{"alicloud_alidns_record.spf", "example.com", "TXT", "v=spf1 -all", true, true, "value", nil, false},
			{"alicloud_alidns_record.www", "www.example.com", "CNAME", "example.com", true, true, "value", nil, false},
			{"alicloud_dns_record.legacy", "legacy.example.com", "A", ip, true, true, "value", nil, false},
		},
		"aws": {
			{"aws_route53_record.apex", "example.com", "A", ip, true, true, "records", nil, false},
			{"aws_route53_record.api", "api.example.com", "A", hk, true, true, "records", nil, false},
			{"aws_route53_record.api", "api.example.com", "A", ip, true, true, "records", nil, false},
			{"aws_route53_record.org", "www.example.org", "A", ip, true, true, "records", nil, false},
			{"aws_route53_record.www", "www.example.com", "CNAME", "example.com", true, true, "alias.name", nil, false},
		},
		"azurerm": {
			{"azurerm_dns_a_record.apex", "example.com", "A", ip, true, true, "records", nil, false},
			{"azurerm_dns_a_record.lb", "lb.example.com", "ALIAS", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/web/providers/Microsoft.Network/publicIPAddresses/lb", true, true, "target_resource_id", nil, false},
			{"azurerm_dns_aaaa_record.v6", "v6.example.com", "AAAA", "2408:4000::1", true, true, "records", nil, false},
			{"azurerm_dns_cname_record.www", "www.example.com", "CNAME", "example.com", true, true, "record", nil, false},
		},
		"beian": {
			{"beian_dns_record.apex", "example.com", "A", ip, true, true, "value", nil, false},
			{"beian_dns_record.www", "www.example.com", "CNAME", "example.com", true, true, "value", nil, false},
		},
		"cloudflare": {
			{"cloudflare_dns_record.apex", "example.com", "A", ip, true, true, "content", nil, false},
			{"cloudflare_dns_record.www", "www.example.com", "CNAME", "example.com", true, true, "content", nil, false},
			{"cloudflare_record.shop", "shop.example.net", "A", ip, true, true, "content", nil, false},
		},
		"google": {
			{"google_dns_record_set.apex", "example.com", "A", ip, true, true, "rrdatas", nil, false},
			{"google_dns_record_set.weighted", "lb.example.com", "A", hk, true, true, "routing_policy.rrdatas", nil, false},
			{"google_dns_record_set.weighted", "lb.example.com", "A", ip, true, true, "routing_policy.rrdatas", nil, false},
			{"google_dns_record_set.www", "www.example.com", "CNAME", "example.com", true, true, "rrdatas", nil, false},
		},
		"huaweicloud": {
			{"huaweicloud_dns_recordset.apex", "example.com", "A", ip, true, true, "records", nil, false},
			{"huaweicloud_dns_recordset.apex", "example.com", "A", hk, true, true, "records", nil, false},
			{"huaweicloud_dns_recordset.www", "www.example.com", "CNAME", "example.com", true, true, "records", nil, false},
		},
		"tencentcloud": {
			{"tencentcloud_dnspod_record.apex", "example.com", "A", ip, true, true, "value", nil, false},
			{"tencentcloud_dnspod_record.paused", "paused.example.com", "A", ip, false, true, "value", nil, false},
			{"tencentcloud_dnspod_record.www", "www.example.com", "CNAME", "example.com", true, true, "value", nil, false},
		},
	}
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			got := briefs(decodeFile(t, filepath.Join("testdata", "plans", name+".json")).Records())
			if !reflect.DeepEqual(got, w) {
				t.Errorf("records:\n got %+v\nwant %+v", got, w)
			}
		})
	}
}

// Zones found through a module's input variable, values known only after apply, updates
// that change or keep what a record resolves to, deletions, unknown DNS types.
func TestRecordsResolveAndClassify(t *testing.T) {
	p := decodeFile(t, filepath.Join("testdata", "modules.json"))
	recs := p.Records()
	got := briefs(recs)
	want := []brief{
		{"cloudflare_dns_record.app", "app.example.com", "A", "", true, true, "content", []string{"content"}, false},
		{"cloudflare_dns_record.kept", "kept.example.com", "A", "47.96.10.20", true, false, "content", nil, false},
		{"cloudflare_dns_record.moved", "moved.example.com", "A", "47.96.10.21", true, true, "content", nil, false},
		{"cloudflare_dns_record.ttl", "ttl.example.com", "A", "47.96.10.22", true, false, "content", nil, false},
		{"cloudflare_dns_record.private", "intranet.example.com", "A", "10.1.2.3", true, true, "content", nil, false},
		{`module.dns["a"].aws_route53_record.www`, "www.example.com", "A", "47.96.10.20", true, true, "records", nil, false},
		{`module.dns["a"].aws_route53_record.each["x"]`, "x", "A", "47.96.10.20", true, true, "records", nil, true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("records:\n got %+v\nwant %+v", got, want)
	}
	if r := recs[6]; !strings.Contains(r.Problem, `name = "x" is relative to the record's zone`) || !strings.Contains(r.Problem, "each.value") {
		t.Errorf("problem of a zone the plan cannot name: %q", r.Problem)
	}
	if r := recs[1]; !strings.Contains(r.Note, "taken as written") {
		t.Errorf("a full name whose zone is not in the plan: note %q", r.Note)
	}
	for i, r := range recs {
		if r.Sensitive != (r.Address == "cloudflare_dns_record.private") {
			t.Errorf("record %d %s: Sensitive = %v", i, r.Address, r.Sensitive)
		}
	}
	if r := recs[5]; !slices.Equal(r.ModuleCalls, []string{"dns"}) || r.ConfigAddress != "aws_route53_record.www" || r.Module != `module.dns["a"]` {
		t.Errorf("module record located as %q %v %q", r.Module, r.ModuleCalls, r.ConfigAddress)
	}
	if u := p.Unjudged(); !slices.Equal(u, []string{"ns1_record"}) {
		t.Errorf("Unjudged = %v", u)
	}
	if s := p.ModuleSources([]string{"dns"}); !slices.Equal(s, []string{"./modules/dns"}) {
		t.Errorf("ModuleSources = %v", s)
	}
}

func TestDecodeRefuses(t *testing.T) {
	for _, tc := range []struct{ doc, says string }{
		{`not json`, "not a plan in JSON"},
		{`{"planned_values":{}}`, "no format_version"},
		{`{"format_version":"1.0","values":{"root_module":{}}}`, "this is a state"},
		{`{"format_version":"0.2","planned_values":{}}`, "not supported"},
		{`{"format_version":"1.2","errored":true,"planned_values":{}}`, "errored"},
	} {
		if _, err := Decode(strings.NewReader(tc.doc)); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want an error saying %q", tc.doc, err, tc.says)
		}
	}
}

func TestParseTraversal(t *testing.T) {
	for in, want := range map[string][]step{
		"aws_route53_zone.main.zone_id":         {{name: "aws_route53_zone"}, {name: "main"}, {name: "zone_id"}},
		`module.a["x.y"].module.b[0]`:           {{name: "module"}, {name: "a", index: `"x.y"`, hasIndex: true}, {name: "module"}, {name: "b", index: "0", hasIndex: true}},
		`data.cloudflare_zone.z["a]b"].zone_id`: {{name: "data"}, {name: "cloudflare_zone"}, {name: "z", index: `"a]b"`, hasIndex: true}, {name: "zone_id"}},
	} {
		if got := parseTraversal(in); !reflect.DeepEqual(got, want) {
			t.Errorf("parseTraversal(%q) = %+v, want %+v", in, got, want)
		}
	}
	if p, c, ok := parentModule(`module.a["k"].module.b`); !ok || p != `module.a["k"]` || c != "b" {
		t.Errorf("parentModule: %q %q %v", p, c, ok)
	}
	if got := inZone("www", "example.com"); got != "www.example.com" {
		t.Errorf("inZone relative: %q", got)
	}
	if got := inZone("@", "example.com."); got != "example.com" {
		t.Errorf("inZone apex: %q", got)
	}
	if got := inZone("WWW.Example.com.", "example.com"); got != "www.example.com" {
		t.Errorf("inZone full: %q", got)
	}
}

// A nested block known only after apply — an alias whose target is computed, a routing
// policy built from another resource — is reported as unknown, never dropped: a plan whose
// records vanished would pass beian-guard unjudged.
func TestUnknownBlocksAreUnknownRecords(t *testing.T) {
	change := func(typ, after, unknown string) string {
		return `{"address":"` + typ + `.r","mode":"managed","type":"` + typ + `","name":"r","change":{"actions":["create"],"before":null,"after":` + after + `,"after_unknown":` + unknown + `}}`
	}
	for _, tc := range []struct{ name, rc, from string }{
		{"alias unknown as a whole", change("aws_route53_record", `{"name":"www.example.com.","type":"A","zone_id":"Z1"}`, `{"alias":true}`), "alias.name"},
		{"alias element unknown", change("aws_route53_record", `{"name":"www.example.com.","type":"A","zone_id":"Z1","alias":[]}`, `{"alias":[true]}`), "alias.name"},
		{"routing policy unknown", change("google_dns_record_set", `{"name":"www.example.com.","type":"A","rrdatas":[]}`, `{"routing_policy":true}`), "routing_policy.rrdatas"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := `{"format_version":"1.2","planned_values":{"root_module":{}},"resource_changes":[` + tc.rc + `]}`
			p, err := Decode(strings.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			recs := p.Records()
			if len(recs) == 0 {
				t.Fatalf("no record; want the block's records reported unknown (%s)", tc.from)
			}
			for _, r := range recs {
				if r.Judgeable() || len(r.Unknown) == 0 || r.From != tc.from {
					t.Errorf("record %+v; want it unknown, read from %s", r, tc.from)
				}
			}
		})
	}
}
