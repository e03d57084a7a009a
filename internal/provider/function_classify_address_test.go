package provider

import (
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// unplacedIPv4 returns a public IPv4 address the embedded data places nowhere.
func unplacedIPv4(t *testing.T) string {
	t.Helper()
	for _, s := range []string{"102.195.0.1", "100.128.0.1", "185.0.0.1", "45.0.0.1"} {
		if a, err := mainland.ClassifyOffline(netip.MustParseAddr(s)); err == nil && a.Location == mainland.LocationUnknown && a.DataDate != "" {
			return s
		}
	}
	tab, err := mainland.EmbeddedLocation()
	if err != nil {
		t.Fatal(err)
	}
	for a := netip.MustParseAddr("1.0.0.0"); a.Is4(); {
		ans := tab.Lookup(a)
		if ans.Location == mainland.LocationUnknown && mainland.NonPublic(a) == "" {
			return a.String()
		}
		a = ans.To.Next()
	}
	t.Fatal("every public IPv4 address is placed")
	return ""
}

func TestFunctionClassifyAddress(t *testing.T) {
	f := NewClassifyAddressFunction()
	info := mainland.EmbeddedLocationInfo()
	embedded := "embedded location data " + info.Source
	for in, want := range map[string][3]string{
		// Foreign clouds' China regions, in blocks registered abroad.
		"52.80.1.1":   {"mainland", embedded, info.Date}, // AWS China (Beijing)
		"54.222.3.4":  {"mainland", embedded, info.Date}, // AWS China (Beijing)
		"139.217.0.9": {"mainland", embedded, info.Date}, // Azure operated by 21Vianet
		// Alibaba Cloud inside and outside the mainland.
		"47.96.10.20":      {"mainland", embedded, info.Date},
		"47.242.10.20":     {"hong_kong", embedded, info.Date}, // Alibaba Cloud international network AS45102, DB-IP: HK
		"8.210.1.1":        {"hong_kong", embedded, info.Date},
		"60.246.1.1":       {"macau", embedded, info.Date},
		"168.95.1.1":       {"taiwan", embedded, info.Date},
		" 2400:3200::1 ":   {"mainland", embedded, info.Date},
		"::ffff:52.80.1.1": {"mainland", embedded, info.Date},
		unplacedIPv4(t):    {"unknown", embedded, info.Date}, // public space no source places
		// NAT64 and 6to4 are judged by the IPv4 address they carry.
		"64:ff9b::3450:101": {"mainland", embedded + ", for 52.80.1.1, carried in 64:ff9b::3450:101 (64:ff9b::/96, NAT64 well-known prefix, RFC 6052 §2.1)", info.Date},
		"2002:3450:101::1":  {"mainland", embedded + ", for 52.80.1.1, carried in 2002:3450:101::1 (2002::/16, 6to4, RFC 3056 §2)", info.Date},
		// Special-purpose addresses are nowhere.
		"10.1.2.3":     {"unknown", "special-purpose range 10.0.0.0/8, private range, RFC 1918", ""},
		"203.0.113.10": {"unknown", "special-purpose range 203.0.113.0/24, documentation range TEST-NET-3, RFC 5737", ""},
		"fe80::1%eth0": {"unknown", "special-purpose range fe80::/10, link-local, RFC 4291", ""},
	} {
		got, err := runFunction(t, f, fnStr(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		attrs := got.(types.Object).Attributes()
		for k, w := range map[string]string{"location": want[0], "source": want[1], "data_date": want[2]} {
			if !attrs[k].Equal(types.StringValue(w)) {
				t.Errorf("%q: %s = %s, want %q", in, k, attrs[k], w)
			}
		}
		// A special-purpose address consults no source: agreed, no caution, no sources.
		if want[2] == "" && (!attrs["agreed"].Equal(types.BoolValue(true)) || !attrs["caution"].Equal(types.StringValue("")) ||
			len(attrs["sources"].(types.List).Elements()) != 0) {
			t.Errorf("%q: %s", in, got)
		}
		if want[2] != "" && len(attrs["sources"].(types.List).Elements()) != 3 {
			t.Errorf("%q: want the three sources named: %s", in, got)
		}
	}
	// The sources and whether they agreed (the location-truth issue): Alibaba's mainland
	// network that one geolocation source places in Singapore; AWS Hong Kong that one places
	// in the mainland (offshore: Amazon's network, which AWS's own region list confirms,
	// decides — no caution); China Telecom Global's Hong Kong block that one places in the
	// mainland (offshore, not proof: only the network list says so); DNSPod's resolver,
	// settled by DNSPod's own page; AWS Beijing, where all agree.
	for in, want := range map[string]struct {
		location string
		agreed   bool
		caution  string
		sources  []string
	}{
		"8.137.30.10":  {"mainland", false, "", []string{"origin network AS37963", "dbip-country@2.3.2026060120: CN (mainland China)", "geo-whois-asn-country@2.3.2026061719: a country other than CN, HK, MO and TW"}},
		"16.162.1.1":   {"hong_kong", false, "", []string{"origin network AS16509, Amazon.com (AWS outside China) (serves outside mainland China only, as AWS's region list (ip-ranges.json) confirms", "dbip-country@2.3.2026060120: HK (Hong Kong)", "geo-whois-asn-country@2.3.2026061719: CN (mainland China)"}},
		"203.80.141.1": {"hong_kong", false, "a source places it in mainland China", []string{"origin network AS23764", "dbip-country@2.3.2026060120: HK (Hong Kong)", "geo-whois-asn-country@2.3.2026061719: CN (mainland China)"}},
		"119.29.29.29": {"mainland", false, "", []string{"block 119.29.29.0/24, Tencent (DNSPod Public DNS 119.29.29.29, served from cache clusters in mainland China over BGP anycast: https://docs.dnspod.com/public-dns/public-dns-introduction/): mainland", "origin network AS132203", "dbip-country@2.3.2026060120: a country other than CN, HK, MO and TW", "geo-whois-asn-country@2.3.2026061719: HK (Hong Kong)"}},
		"52.80.1.1":    {"mainland", true, "", []string{"origin network AS55960", "CN (mainland China)", "CN (mainland China)"}},
	} {
		got, err := runFunction(t, f, fnStr(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		attrs := got.(types.Object).Attributes()
		srcs := attrs["sources"].(types.List).Elements()
		if !attrs["location"].Equal(types.StringValue(want.location)) || !attrs["agreed"].Equal(types.BoolValue(want.agreed)) ||
			!strings.Contains(attrs["caution"].(types.String).ValueString(), want.caution) || (want.caution == "") != (attrs["caution"].(types.String).ValueString() == "") ||
			len(srcs) != len(want.sources) {
			t.Errorf("%q: %s", in, got)
			continue
		}
		for i, w := range want.sources {
			if !strings.Contains(srcs[i].(types.String).ValueString(), w) {
				t.Errorf("%q: sources[%d] = %s, want it to contain %q", in, i, srcs[i], w)
			}
		}
	}
	if info.Date == "" || !strings.HasPrefix(info.Source, "@ip-location-db/geo-whois-asn-country@") {
		t.Errorf("embedded data info %+v", info)
	}
	for in, parts := range map[string][]string{
		"":                {`address = "" is not an IP address`, "52.80.1.1"},
		"www.example.com": {"is not an IP address", "looks like a host name", "does not resolve names"},
		"52.80.0.0/16":    {"is not an IP address", "CIDR prefix", "e.g. 52.80.0.0"},
		"52.80.1":         {"is not an IP address", "write it like 52.80.1.1 or 2400:3200::1"},
		"2400:3200::zz":   {"is not an IP address"},
	} {
		_, err := runFunction(t, f, fnStr(in))
		wantFuncError(t, err, 0, parts...)
	}
}

func TestAccFunction_classifyAddress(t *testing.T) {
	date := mainland.EmbeddedLocationInfo().Date
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: `
output "aws_beijing" { value = provider::beian::classify_address("52.80.1.1") }
output "aws_hong_kong" { value = provider::beian::classify_address("16.162.1.1") }
output "ctg_hong_kong" { value = provider::beian::classify_address("203.80.141.1") }
output "alibaba_hk"  { value = provider::beian::classify_address("8.210.1.1").location }
output "nat64"       { value = provider::beian::classify_address("64:ff9b::3450:101").location }
output "private"     { value = provider::beian::classify_address("192.168.1.1") }
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("aws_beijing", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"location":  knownvalue.StringExact("mainland"),
						"source":    knownvalue.StringRegexp(regexp.MustCompile(`^embedded location data @ip-location-db/geo-whois-asn-country@`)),
						"data_date": knownvalue.StringExact(date),
						"sources": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringRegexp(regexp.MustCompile(`^origin network AS55960, .*: mainland$`)),
							knownvalue.StringRegexp(regexp.MustCompile(`^geolocation .* @ip-location-db/dbip-country@.*: CN \(mainland China\)$`)),
							knownvalue.StringRegexp(regexp.MustCompile(`^geolocation .* @ip-location-db/geo-whois-asn-country@.*: CN \(mainland China\)$`)),
						}),
						"agreed":  knownvalue.Bool(true),
						"caution": knownvalue.StringExact(""),
					})),
					statecheck.ExpectKnownOutputValue("aws_hong_kong", knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"location": knownvalue.StringExact("hong_kong"),
						"agreed":   knownvalue.Bool(false),
						"caution":  knownvalue.StringExact(""),
					})),
					statecheck.ExpectKnownOutputValue("ctg_hong_kong", knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"location": knownvalue.StringExact("hong_kong"),
						"agreed":   knownvalue.Bool(false),
						"caution":  knownvalue.StringExact("a source places it in mainland China"),
					})),
					statecheck.ExpectKnownOutputValue("alibaba_hk", knownvalue.StringExact("hong_kong")),
					statecheck.ExpectKnownOutputValue("nat64", knownvalue.StringExact("mainland")),
					statecheck.ExpectKnownOutputValue("private", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"location":  knownvalue.StringExact("unknown"),
						"source":    knownvalue.StringExact("special-purpose range 192.168.0.0/16, private range, RFC 1918"),
						"data_date": knownvalue.StringExact(""),
						"sources":   knownvalue.ListExact([]knownvalue.Check{}),
						"agreed":    knownvalue.Bool(true),
						"caution":   knownvalue.StringExact(""),
					})),
				},
			},
			{
				// The use the function exists for: a precondition of another provider's resource.
				Config: `
variable "origin" {
  type    = string
  default = "52.80.1.1"
}
resource "terraform_data" "dns" {
  input = var.origin
  lifecycle {
    precondition {
      condition     = provider::beian::classify_address(var.origin).location != "mainland"
      error_message = "52.80.1.1 is in mainland China: file for ICP first."
    }
  }
}
`,
				ExpectError: regexp.MustCompile(`52\.80\.1\.1 is in mainland China: file for ICP first`),
			},
			{
				Config:      `output "bad" { value = provider::beian::classify_address("www.example.com") }`,
				ExpectError: cliErrorPattern(`address = "www.example.com" is not an IP address`, `looks like a host name`),
			},
		},
	})
}

// The documentation example runs as written.
func TestAccFunction_classifyAddressExample(t *testing.T) {
	cfg, err := os.ReadFile(filepath.Join(examplesDir, "functions", "classify_address", "function.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cfg), "provider::beian::classify_address(") {
		t.Fatal("the example does not call classify_address")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{{
			Config: string(cfg),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValueAtPath("origin", tfjsonpath.New("location"), knownvalue.StringExact("hong_kong")),
				statecheck.ExpectKnownOutputValueAtPath("origin", tfjsonpath.New("agreed"), knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValueAtPath("origin", tfjsonpath.New("caution"), knownvalue.StringExact("")),
			},
		}, {
			// China Telecom Global's Hong Kong block: offshore, but one source says CN and only
			// the network list says otherwise — the example's second precondition refuses it,
			// naming the sources.
			Config:      strings.Replace(string(cfg), `"47.242.10.20"`, `"203.80.141.1"`, 1),
			ExpectError: cliErrorPattern("203.80.141.1 may be in mainland China: a source places it in mainland China.", "Sources: origin network AS23764"),
		}, {
			// AWS Hong Kong: one source says CN, but AWS's own region list confirms the
			// network that decides — both preconditions hold.
			Config: strings.Replace(string(cfg), `"47.242.10.20"`, `"16.162.1.1"`, 1),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValueAtPath("origin", tfjsonpath.New("location"), knownvalue.StringExact("hong_kong")),
				statecheck.ExpectKnownOutputValueAtPath("origin", tfjsonpath.New("agreed"), knownvalue.Bool(false)),
				statecheck.ExpectKnownOutputValueAtPath("origin", tfjsonpath.New("caution"), knownvalue.StringExact("")),
			},
		}},
	})
}
