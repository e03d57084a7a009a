package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// The ICP guard through beian_dns_record: a plan that would point a name at a mainland
// server without an approved filing fails, and everything else passes. The servers and
// zones are guardEmulator's; the paths a record can take to a server are in
// guard_paths_test.go.

func TestAccGuard_mainlandWithoutFilingFailsPlanThenPassesOnceApproved(t *testing.T) {
	srv := guardEmulator(t)
	cfg := guardProvider(srv) + aRecord("apex", "example.com", "@", "A", mainlandIP) + aRecord("www", "example.com", "www", "A", mainlandIP)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: regexp.MustCompile(`(?s)ICP filing \(备案\) required: example.com → 47.96.10.20 is a mainland-China server.*` +
					`ECS instance i-bp1guardtest000001 in cn-hangzhou.*has no approved ICP filing.*` +
					`File for ICP \(提交备案\).*outside mainland China`),
			},
			{
				PreConfig: func() {
					if recs := zoneRecords(t, srv, "example.com"); len(recs) != 0 {
						t.Fatalf("a blocked plan must write nothing; found %+v", recs)
					}
					if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备2026000001号", SiteRecordNum: "浙ICP备2026000001号-1", Organizer: "示例科技有限公司"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				Check: func(*terraform.State) error {
					if n := countRecords(zoneRecords(t, srv, "example.com"), "www", "A", mainlandIP); n != 1 {
						return fmt.Errorf("www record not created after approval")
					}
					return nil
				},
			},
		},
	})
}

func TestAccGuard_offshoreNeedsNoFiling(t *testing.T) {
	srv := guardEmulator(t)
	rir := "2400:8901::10" // HK delegation in the test RIR file
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: guardProvider(srv) + aRecord("hk", "example.com", "www", "A", hongkongIP) + aRecord("v6", "example.com", "www", "AAAA", rir),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("beian_dns_record.hk", tfjsonpath.New("value"), knownvalue.StringExact(hongkongIP)),
			},
		}},
	})
	st := stats(t, srv)
	if st["Companyreg.QuerySuccessIcpData"] != 0 {
		t.Errorf("an offshore server needs no filing lookup; QuerySuccessIcpData was called %d times", st["Companyreg.QuerySuccessIcpData"])
	}
}

func TestAccGuard_subdomainOfFiledRegistrableDomainPasses(t *testing.T) {
	srv := guardEmulator(t)
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com.cn", ICPNumber: "沪ICP备2026000002号", SiteRecordNum: "沪ICP备2026000002号-1"}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: guardProvider(srv) + aRecord("shop", "example.com.cn", "shop.api", "A", "106.14.1.2") +
				aRecord("apex", "example.com.cn", "@", "A", mainlandIP) +
				// a different registrable domain on the same server is still blocked
				aRecord("other", "example.com", "www", "A", "106.14.1.2"),
			ExpectError: regexp.MustCompile(`(?s)www.example.com → 106.14.1.2.*EIP eip-uf6guard in cn-shanghai.*registrable domain example.com has no approved`),
		}, {
			Config: guardProvider(srv) + aRecord("shop", "example.com.cn", "shop.api", "A", "106.14.1.2") +
				aRecord("apex", "example.com.cn", "@", "A", mainlandIP),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("beian_dns_record.shop", tfjsonpath.New("fqdn"), knownvalue.StringExact("shop.api.example.com.cn")),
			},
		}},
	})
}

func TestAccGuard_unknownAtPlanIsCheckedBeforeWriting(t *testing.T) {
	srv := guardEmulator(t)
	cfg := guardProvider(srv) + testConfig(t, "guard_unknown_at_plan", vars{"Value": mainlandIP})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      cfg,
			ExpectError: regexp.MustCompile(`(?s)ICP filing \(备案\) required: www.example.com → 47.96.10.20`),
		}},
	})
	if recs := zoneRecords(t, srv, "example.com"); len(recs) != 0 {
		t.Fatalf("the guard must refuse the record before writing it; the emulator has %+v", recs)
	}
	if st := stats(t, srv); st["Alidns.AddDomainRecord"] != 0 {
		t.Fatalf("AddDomainRecord was called %d times for a blocked record", st["Alidns.AddDomainRecord"])
	}
}

func TestAccGuard_warnModeOnlyWarns(t *testing.T) {
	srv := guardEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: guardProvider(srv, `enforcement = "warn"`) + aRecord("www", "example.com", "www", "A", mainlandIP),
			Check: func(*terraform.State) error {
				if n := countRecords(zoneRecords(t, srv, "example.com"), "www", "A", mainlandIP); n != 1 {
					return fmt.Errorf("warn mode must not block the record")
				}
				return nil
			},
		}},
	})
}

func TestAccGuard_AAAAMainlandByRegistryData(t *testing.T) {
	srv := guardEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// Location data off: the registry file decides.
			Config:      guardProvider(srv, "location_sources = []") + aRecord("v6", "example.com", "www", "AAAA", "240e:3b0::1"),
			ExpectError: regexp.MustCompile(`(?s)www.example.com → 240e:3b0::1 is a mainland-China server.*APNIC delegation 240e::/20 \(CN\)`),
		}, {
			// IPv4 in a CN delegation whose count (768) is not a power of two.
			Config:      guardProvider(srv, "location_sources = []") + aRecord("v4", "example.com", "www", "A", "1.0.3.200"),
			ExpectError: regexp.MustCompile(`(?s)1.0.3.200 is a mainland-China server.*\(CN\)`),
		}},
	})
}

func TestAccGuard_declaredSource(t *testing.T) {
	srv := guardEmulator(t)
	cfg := guardProvider(srv, `icp_source = "declared"`, `declared_filings = { "example.com" = "京ICP备2026000003号-2" }`) +
		aRecord("www", "example.com", "www", "A", mainlandIP) + `
data "beian_filing" "site" {
  domain = "www.example.com"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      guardProvider(srv, `declared_filings = { "example.com" = "京ICP备123号" }`) + aRecord("www", "example.com", "www", "A", mainlandIP),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Invalid declared ICP filing.*declared_filings\["example.com"\]`),
		}, {
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.beian_filing.site", tfjsonpath.New("approved"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.beian_filing.site", tfjsonpath.New("verified"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.beian_filing.site", tfjsonpath.New("source"), knownvalue.StringExact("declared")),
				statecheck.ExpectKnownValue("data.beian_filing.site", tfjsonpath.New("icp_number"), knownvalue.StringExact("京ICP备2026000003号")),
				statecheck.ExpectKnownValue("data.beian_filing.site", tfjsonpath.New("site_record_number"), knownvalue.StringExact("京ICP备2026000003号-2")),
			},
		}},
	})
	if st := stats(t, srv); st["Companyreg.QuerySuccessIcpData"] != 0 {
		t.Errorf("icp_source = declared must not call the API; QuerySuccessIcpData called %d times", st["Companyreg.QuerySuccessIcpData"])
	}
}

// The guard judges changes to where a record resolves: a TTL change of a record that
// already points at a mainland server is not held back, a new address is.
func TestAccGuard_onlyResolutionChangesAreJudged(t *testing.T) {
	srv := guardEmulator(t)
	rec := func(ip string, ttl int) string {
		return fmt.Sprintf(`
resource "beian_dns_record" "www" {
  domain = "example.com"
  rr     = "www"
  type   = "A"
  value  = %q
  ttl    = %d
}
`, ip, ttl)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: guardProvider(srv, `enforcement = "warn"`) + rec(mainlandIP, 600)},
			{
				Config: guardProvider(srv) + rec(mainlandIP, 900),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("ttl"), knownvalue.Int64Exact(900)),
				},
			},
			{
				Config:      guardProvider(srv) + rec("106.14.1.2", 900),
				ExpectError: regexp.MustCompile(`www.example.com → 106.14.1.2 is a mainland-China server`),
			},
		},
	})
}
