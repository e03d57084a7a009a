package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Real record numbers in every place that reads one besides the functions
// (function_*_test.go): beian_site_compliance, declared_filings and
// beian_readiness. Each test names the row of issue 16's table it covers.

// realFooters are footers as real sites write them (the numbers and links of
// baidu.com's footer; an app's number; a space inside the number).
var realFooters = map[string]string{
	// row "<a href=https://beian.miit.gov.cn/>京ICP证030173号-1</a> in a footer"
	"/licensed-site": `<footer><a href="https://beian.miit.gov.cn/">京ICP证030173号-1</a></footer>`,
	// baidu.com's footer: the licence number linked to MIIT, the public security number on the old address
	"/baidu": `<div id="bottom"><p class="lh"><a class="text-color" href="//www.beian.gov.cn/portal/registerSystemInfo?recordcode=11000002000001" target="_blank">京公网安备11000002000001号</a></p>` +
		`<p class="lh"><a class="text-color" href="//beian.miit.gov.cn/" target="_blank">京ICP证030173号</a></p></div>`,
	// row "a footer showing …号-1A where website -1 is expected"
	"/app-number": `<footer><a href="https://beian.miit.gov.cn/">陕ICP备2024026116号-1A</a></footer>`,
	// row "京ICP备 10046444号, 京公网安备 11010502030143号 (a space inside)"
	"/spaces": `<footer><a href="http://www.beian.miit.gov.cn/publish/query/indexFirst.action">京ICP备 10046444号</a> ` +
		`<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">京公网安备 11010502030143号</a></footer>`,
}

// realFooterSite serves realFooters, each in a page of its own.
func realFooterSite(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := realFooters[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><html><body><main>内容</main>"+body+"</body></html>")
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAccRealNumbers_siteCompliance(t *testing.T) {
	emu := startEmulator(t)
	site := realFooterSite(t)
	prov := emuProvider(emu)
	data := func(name string) tfjsonpath.Path { return tfjsonpath.New(name) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// an app's number is not what a website's footer must show: refused at plan time
				Config:      prov + siteCheck(site.URL+"/app-number", `expected_icp_number = "陕ICP备2024026116号-1A"`),
				ExpectError: cliErrorPattern(`expected_icp_number is not a valid ICP filing number (ICP备案号)`, `is the record number of an app (App备案号), not of a website`),
			},
			{
				Config: prov + siteCheck(site.URL+"/licensed-site", `expected_icp_number = "京ICP证030173号-1"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(siteData, data("compliant"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(siteData, data("icp_number_found"), knownvalue.StringExact("京ICP证030173号-1")),
					statecheck.ExpectKnownValue(siteData, data("icp_linked_to_miit"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(siteData, data("problems"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
			{
				// baidu.com's real footer complies with its website record number and its public security
				// number; the old public security address is a note, not a failure
				Config: prov + siteCheck(site.URL+"/baidu", `expected_icp_number = "京ICP证030173号-1"`, `expected_public_security_number = "京公网安备11000002000001号"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(siteData, data("compliant"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(siteData, data("icp_number_found"), knownvalue.StringExact("京ICP证030173号")),
					statecheck.ExpectKnownValue(siteData, data("public_security_linked_to_mps"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(siteData, data("problems"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringRegexp(regexp.MustCompile(`^note: public security filing number \(公安联网备案号\) 京公网安备11000002000001号 links to ` +
							`http://www\.beian\.gov\.cn/portal/registerSystemInfo\?recordcode=11000002000001 on www\.beian\.gov\.cn, the filing system's old address; ` +
							`it counts, but the current address of its record is https://beian\.mps\.gov\.cn/#/query/webSearch\?code=11000002000001$`)),
					})),
				},
			},
			{
				Config: prov + siteCheck(site.URL+"/app-number", `expected_icp_number = "陕ICP备2024026116号-1"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(siteData, data("compliant"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(siteData, data("icp_number_found"), knownvalue.StringExact("陕ICP备2024026116号-1A")),
					statecheck.ExpectKnownValue(siteData, data("problems"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("expected 陕ICP备2024026116号-1 but the page shows 陕ICP备2024026116号-1A, the record number of an app (App备案号) " +
							"of the same entity, not of this website: show 陕ICP备2024026116号-1 or the entity number 陕ICP备2024026116号"),
					})),
				},
			},
			{
				Config: prov + siteCheck(site.URL+"/spaces", `expected_icp_number = "京ICP备 10046444号-9"`, `expected_public_security_number = "京公网安备 11010502030143号"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(siteData, data("compliant"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(siteData, data("icp_number_found"), knownvalue.StringExact("京ICP备10046444号")),
					statecheck.ExpectKnownValue(siteData, data("public_security_number_found"), knownvalue.StringExact("京公网安备11010502030143号")),
				},
			},
		},
	})
}

// Row "declared_filings = { "baidu.com" = "京ICP证030173号-1" }": accepted, and
// beian_filing reports the licence as the entity number.
func TestAccRealNumbers_declaredFilings(t *testing.T) {
	emu := startEmulator(t)
	cfg := emuProvider(emu, `icp_source = "declared"`, `declared_filings = { "baidu.com" = "京ICP证030173号-1", "qq.com" = "粤B2-20090059-5" }`) + `
data "beian_filing" "baidu" {
  domain = "www.baidu.com"
}
data "beian_filing" "qq" {
  domain = "qq.com"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      emuProvider(emu, `icp_source = "declared"`, `declared_filings = { "example.com" = "陕ICP备2024026116号-1A" }`) + `data "beian_filing" "x" { domain = "example.com" }`,
				ExpectError: cliErrorPattern(`declared_filings["example.com"] = "陕ICP备2024026116号-1A" is the record number of an app (App备案号)`),
			},
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.beian_filing.baidu", tfjsonpath.New("approved"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.beian_filing.baidu", tfjsonpath.New("icp_number"), knownvalue.StringExact("京ICP证030173号")),
					statecheck.ExpectKnownValue("data.beian_filing.baidu", tfjsonpath.New("site_record_number"), knownvalue.StringExact("京ICP证030173号-1")),
					statecheck.ExpectKnownValue("data.beian_filing.qq", tfjsonpath.New("icp_number"), knownvalue.StringExact("粤B2-20090059")),
					statecheck.ExpectKnownValue("data.beian_filing.qq", tfjsonpath.New("site_record_number"), knownvalue.StringExact("粤B2-20090059-5")),
				},
			},
		},
	})
}

// Row "a commercial site whose licence is cross-regional B2-…": the
// commercial-licence check of beian_readiness passes.
func TestAccRealNumbers_readinessLicence(t *testing.T) {
	emu := startEmulator(t)
	cfg := emuProvider(emu) + `
data "beian_readiness" "cross_regional" {
  domain      = "10jqka.com.cn"
  commercial  = true
  icp_license = "B2-20080207"
}
data "beian_readiness" "website_record" {
  domain      = "baidu.com"
  commercial  = true
  icp_license = "京ICP证030173号-1"
}
data "beian_readiness" "b1_only" {
  domain      = "suning.com"
  commercial  = true
  icp_license = "苏B1-20130131"
}
`
	commercial := tfjsonpath.New("checks").AtSliceIndex(8) // after the eight checks every readiness makes
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.beian_readiness.cross_regional", commercial, knownvalue.ObjectExact(map[string]knownvalue.Check{
					"name": knownvalue.StringExact("commercial_license"), "status": knownvalue.StringExact("pass"),
					"evidence": knownvalue.StringExact("licence B2-20080207 (cross-regional, issued by MIIT)"),
				})),
				statecheck.ExpectKnownValue("data.beian_readiness.website_record", commercial, knownvalue.ObjectExact(map[string]knownvalue.Check{
					"name": knownvalue.StringExact("commercial_license"), "status": knownvalue.StringExact("pass"),
					"evidence": knownvalue.StringExact("licence 京ICP证030173号 (issued in 北京 (Beijing)), read from 京ICP证030173号-1, the record number of a website (网站备案号) filed under it"),
				})),
				statecheck.ExpectKnownValue("data.beian_readiness.b1_only", commercial, knownvalue.ObjectExact(map[string]knownvalue.Check{
					"name": knownvalue.StringExact("commercial_license"), "status": knownvalue.StringExact("fail"),
					"evidence": knownvalue.StringRegexp(regexp.MustCompile(`a licence of category B1 covers first-category value-added services.*a commercial ICP licence has category B2`)),
				})),
			},
		}},
	})
}
