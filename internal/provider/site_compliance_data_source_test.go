package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// The data source against complianceSite (testkit_emulator_test.go): what it finds in a
// footer, what it says is wrong, and which configurations it refuses.

// siteHas checks the attributes of siteData.
func siteHas(attrs map[string]knownvalue.Check) []statecheck.StateCheck {
	var out []statecheck.StateCheck
	for k, c := range attrs {
		out = append(out, statecheck.ExpectKnownValue(siteData, tfjsonpath.New(k), c))
	}
	return out
}

// problems checks the list of problems: exactly these, in order.
func problems(checks ...knownvalue.Check) knownvalue.Check {
	return knownvalue.ListExact(append([]knownvalue.Check{}, checks...))
}

func TestAccSiteCompliance_compliantPageAndFooterDrift(t *testing.T) {
	emu := startEmulator(t)
	site := complianceSite(t)
	prov := emuProvider(emu)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: prov + siteCheck(site.URL+"/moved",
					`expected_icp_number = "浙ICP备12345678号-1"`, `expected_public_security_number = "浙公网安备33010602011234号"`),
				ConfigStateChecks: siteHas(map[string]knownvalue.Check{
					"compliant":                     knownvalue.Bool(true),
					"problems":                      problems(),
					"status_code":                   knownvalue.Int64Exact(200),
					"final_url":                     knownvalue.StringExact(site.URL + "/ok"),
					"icp_number_found":              knownvalue.StringExact("浙ICP备12345678号-1"),
					"icp_linked_to_miit":            knownvalue.Bool(true),
					"public_security_number_found":  knownvalue.StringExact("浙公网安备33010602011234号"),
					"public_security_linked_to_mps": knownvalue.Bool(true),
				}),
			},
			{
				// no expectations: any ICP number linked to MIIT will do
				Config:            prov + siteCheck(site.URL+"/ok"),
				ConfigStateChecks: siteHas(map[string]knownvalue.Check{"compliant": knownvalue.Bool(true)}),
			},
			{
				Config: prov + siteCheck(site.URL+"/unlinked"),
				ConfigStateChecks: siteHas(map[string]knownvalue.Check{
					"compliant":          knownvalue.Bool(false),
					"status_code":        knownvalue.Int64Exact(200),
					"icp_number_found":   knownvalue.StringExact("浙ICP备12345678号-1"),
					"icp_linked_to_miit": knownvalue.Bool(false),
					"problems": problems(knownvalue.StringExact(
						"ICP filing number (ICP备案号) 浙ICP备12345678号-1 is shown but not linked; make it a link to https://beian.miit.gov.cn/")),
				}),
			},
			{
				Config: prov + siteCheck(site.URL+"/wrong", `expected_icp_number = "浙ICP备12345678号-1"`),
				ConfigStateChecks: siteHas(map[string]knownvalue.Check{
					"compliant":          knownvalue.Bool(false),
					"icp_number_found":   knownvalue.StringExact("浙ICP备12345678号-2"),
					"icp_linked_to_miit": knownvalue.Bool(true),
					"problems": problems(knownvalue.StringExact("expected 浙ICP备12345678号-1 but the page shows 浙ICP备12345678号-2, " +
						"the record number of another website of the same entity: show 浙ICP备12345678号-1 or the entity number 浙ICP备12345678号")),
				}),
			},
			{
				Config: prov + siteCheck(site.URL+"/missing"),
				ConfigStateChecks: siteHas(map[string]knownvalue.Check{
					"compliant":        knownvalue.Bool(false),
					"status_code":      knownvalue.Int64Exact(404),
					"icp_number_found": knownvalue.StringExact(""),
					"problems": problems(
						knownvalue.StringRegexp(regexp.MustCompile(`/missing answered HTTP 404 Not Found`)),
						knownvalue.StringRegexp(regexp.MustCompile(`^the page shows no ICP filing number \(ICP备案号\)`))),
				}),
			},
		},
	})
}

func TestAccSiteCompliance_fetchProblemsAreReportedNotErrors(t *testing.T) {
	emu := startEmulator(t)
	site := complianceSite(t)
	prov := emuProvider(emu)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: prov + siteCheck(site.URL+"/loop-a"),
				ConfigStateChecks: siteHas(map[string]knownvalue.Check{
					"compliant":   knownvalue.Bool(false),
					"status_code": knownvalue.Int64Exact(0),
					"problems": problems(knownvalue.StringExact(fmt.Sprintf(
						"redirect loop: %[1]s/loop-a → %[1]s/loop-b → %[1]s/loop-a; the site keeps redirecting to a page it already redirected from", site.URL))),
				}),
			},
			{
				Config: prov + siteCheck(site.URL+"/huge", "max_body_bytes = 2048"),
				ConfigStateChecks: siteHas(map[string]knownvalue.Check{
					"compliant":   knownvalue.Bool(false),
					"status_code": knownvalue.Int64Exact(200),
					"problems": knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.StringExact(
						"the page is larger than max_body_bytes (2048 bytes); only the first 2048 bytes were scanned, so the result is not reliable: raise max_body_bytes")}),
				}),
			},
			{
				// the same page under the default limit (2 MiB) complies
				Config:            prov + siteCheck(site.URL+"/huge"),
				ConfigStateChecks: siteHas(map[string]knownvalue.Check{"compliant": knownvalue.Bool(true)}),
			},
			{
				Config: prov + siteCheck(site.URL+"/slow", `timeout = "1s"`),
				ConfigStateChecks: siteHas(map[string]knownvalue.Check{
					"compliant":   knownvalue.Bool(false),
					"status_code": knownvalue.Int64Exact(0),
					"problems": problems(knownvalue.StringExact(fmt.Sprintf(
						"timed out after 1s (timeout) fetching %s/slow: the site did not send a complete answer in time", site.URL))),
				}),
			},
		},
	})
}

func TestAccSiteCompliance_configurationErrors(t *testing.T) {
	emu := startEmulator(t)
	site := complianceSite(t)
	prov := emuProvider(emu)
	port := site.URL[strings.LastIndex(site.URL, ":"):]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: prov + siteCheck(site.URL+"/ok", "allow_private_addresses = false"),
				ExpectError: cliErrorPattern(`Private address refused (内网地址)`, fmt.Sprintf(`url = "%s/ok": 127.0.0.1 is a loopback address`, site.URL),
					`refused unless allow_private_addresses = true (SSRF guard)`),
			},
			{
				// a name that resolves to a private address is refused too (default: not allowed)
				Config:      prov + fmt.Sprintf("data \"beian_site_compliance\" \"site\" {\n  url = %q\n}\n", "http://localhost"+port+"/ok"),
				ExpectError: cliErrorPattern(`localhost resolves to`, `a loopback address`),
			},
			{
				Config:      prov + siteCheck("ftp://example.com/"),
				ExpectError: cliErrorPattern(`url = "ftp://example.com/" is not a page URL the check can fetch: the scheme "ftp" is not http or https`),
			},
			{
				Config: prov + siteCheck(site.URL+"/ok", `expected_icp_number = "浙ICP备123号-1"`),
				ExpectError: cliErrorPattern(`expected_icp_number is not a valid ICP filing number (ICP备案号)`, `"浙ICP备123号-1"`,
					`the serial after ICP备 must have 6–10 digits (got 3)`),
			},
			{
				Config:      prov + siteCheck(site.URL+"/ok", `expected_public_security_number = "浙ICP备12345678号-1"`),
				ExpectError: cliErrorPattern(`expected_public_security_number is not a valid public security filing number (公安联网备案号)`, `this is an ICP filing number`),
			},
			{
				Config:      prov + siteCheck(site.URL+"/ok", `timeout = "ten seconds"`),
				ExpectError: cliErrorPattern(`timeout = "ten seconds" is not a duration`),
			},
			{
				Config:      prov + siteCheck(site.URL+"/ok", `max_body_bytes = 10`),
				ExpectError: cliErrorPattern(`Attribute max_body_bytes value must be between 1024 and 67108864, got: 10`),
			},
		},
	})
}
