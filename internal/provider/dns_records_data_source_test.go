package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

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
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: emuProvider(srv) + `
data "beian_dns_records" "all" {
  domain = "Example.COM"
}
data "beian_dns_records" "www" {
  domain = "example.com"
  rr     = "WWW"
}
data "beian_dns_records" "enabled_www" {
  domain = "example.com"
  rr     = "www"
  status = "ENABLE"
}
data "beian_dns_records" "mx" {
  domain = "example.com"
  type   = "MX"
}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.beian_dns_records.all", "records.#", "4"),
				resource.TestCheckResourceAttr("data.beian_dns_records.all", "ids.#", "4"),
				resource.TestCheckResourceAttr("data.beian_dns_records.www", "records.#", "2"),
				resource.TestCheckResourceAttr("data.beian_dns_records.www", "records.0.fqdn", "www.example.com"),
				resource.TestCheckResourceAttr("data.beian_dns_records.enabled_www", "records.#", "1"),
				resource.TestCheckResourceAttr("data.beian_dns_records.enabled_www", "records.0.type", "A"),
				resource.TestCheckResourceAttr("data.beian_dns_records.mx", "records.#", "1"),
				resource.TestCheckResourceAttr("data.beian_dns_records.mx", "records.0.priority", "10"),
				resource.TestCheckResourceAttr("data.beian_dns_records.mx", "records.0.fqdn", "example.com"),
				func(*terraform.State) error {
					// Four data sources of one zone: one listing.
					if n := stats(t, srv)["Alidns.DescribeDomainRecords"]; n != 1 {
						t.Errorf("DescribeDomainRecords calls = %d for four data sources of one zone, want 1 per run", n)
					}
					return nil
				},
			),
		}, {
			Config:      emuProvider(srv) + `data "beian_dns_records" "x" { domain = "not-mine.com" }`,
			ExpectError: regexp.MustCompile(`zone "not-mine.com" is not in this account`),
		}},
	})
}
