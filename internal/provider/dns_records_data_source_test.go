package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

func TestAccDNSRecordsDataSource(t *testing.T) {
	srv := startEmulator(t, "example.com")
	for _, r := range []emulator.Record{
		{Domain: "example.com", RR: "@", Type: "A", Value: "203.0.113.1"},
		{Domain: "example.com", RR: "www", Type: "A", Value: "203.0.113.1"},
		{Domain: "example.com", RR: "www", Type: "AAAA", Value: "2001:db8::1", Status: "DISABLE"},
		{Domain: "example.com", RR: "@", Type: "MX", Value: "mx1.example.net", Priority: 10},
	} {
		if _, err := srv.Control.AddRecord(r); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: emuProvider(srv) + testConfig(t, "dns_records_data_source", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.beian_dns_records.all", tfjsonpath.New("records"), knownvalue.ListSizeExact(4)),
				statecheck.ExpectKnownValue("data.beian_dns_records.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(4)),
				statecheck.ExpectKnownValue("data.beian_dns_records.www", tfjsonpath.New("records"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("data.beian_dns_records.www", tfjsonpath.New("records").AtSliceIndex(0).AtMapKey("fqdn"), knownvalue.StringExact("www.example.com")),
				statecheck.ExpectKnownValue("data.beian_dns_records.enabled_www", tfjsonpath.New("records"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"type": knownvalue.StringExact("A")}),
				})),
				statecheck.ExpectKnownValue("data.beian_dns_records.mx", tfjsonpath.New("records"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"priority": knownvalue.Int64Exact(10), "fqdn": knownvalue.StringExact("example.com")}),
				})),
			},
			Check: func(*terraform.State) error {
				// Four data sources of one zone: one listing.
				if n := stats(t, srv)["Alidns.DescribeDomainRecords"]; n != 1 {
					t.Errorf("DescribeDomainRecords calls = %d for four data sources of one zone, want 1 per run", n)
				}
				return nil
			},
		}, {
			Config:      emuProvider(srv) + `data "beian_dns_records" "x" { domain = "not-mine.com" }`,
			ExpectError: regexp.MustCompile(`zone "not-mine.com" is not in this account`),
		}},
	})
}
