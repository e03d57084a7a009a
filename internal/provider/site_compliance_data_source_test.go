package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

const (
	siteFooterOK = `<html><body><main>欢迎</main><footer>
<a href="https://beian.miit.gov.cn/" target="_blank">浙ICP备12345678号-1</a>
<a href="https://beian.mps.gov.cn/#/query/webSearch?code=33010602011234" target="_blank">浙公网安备33010602011234号</a>
</footer></body></html>`
	siteFooterUnlinked = `<html><body><footer>浙ICP备12345678号-1</footer></body></html>`
	siteFooterWrong    = `<html><body><footer><a href="https://beian.miit.gov.cn/">浙ICP备12345678号-2</a></footer></body></html>`
)

// complianceSite serves the pages the acceptance tests check.
func complianceSite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/ok", page(siteFooterOK))
	mux.HandleFunc("/unlinked", page(siteFooterUnlinked))
	mux.HandleFunc("/wrong", page(siteFooterWrong))
	mux.HandleFunc("/huge", page(`<html><body>`+strings.Repeat(`<p>很长的页面内容</p>`, 200)+siteFooterOK))
	mux.HandleFunc("/loop-a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-b", http.StatusFound) })
	mux.HandleFunc("/loop-b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-a", http.StatusFound) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(30 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// siteCheck renders a beian_site_compliance data source named "site"; tests
// run against httptest on 127.0.0.1, so private addresses are allowed unless
// extra says otherwise.
func siteCheck(url string, extra ...string) string {
	allow := true
	for _, e := range extra {
		allow = allow && !strings.HasPrefix(strings.TrimSpace(e), "allow_private_addresses")
	}
	if allow {
		extra = append(extra, "allow_private_addresses = true")
	}
	return fmt.Sprintf("data \"beian_site_compliance\" \"site\" {\n  url = %q\n  %s\n}\n", url, strings.Join(extra, "\n  "))
}

const siteData = "data.beian_site_compliance.site"

func TestAccSiteCompliance_compliantPageAndFooterDrift(t *testing.T) {
	emu := startEmulator(t)
	site := complianceSite(t)
	prov := emuProvider(emu)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: prov + siteCheck(site.URL+"/moved",
					`expected_icp_number = "浙ICP备12345678号-1"`, `expected_public_security_number = "浙公网安备33010602011234号"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(siteData, "compliant", "true"),
					resource.TestCheckResourceAttr(siteData, "problems.#", "0"),
					resource.TestCheckResourceAttr(siteData, "status_code", "200"),
					resource.TestCheckResourceAttr(siteData, "final_url", site.URL+"/ok"),
					resource.TestCheckResourceAttr(siteData, "icp_number_found", "浙ICP备12345678号-1"),
					resource.TestCheckResourceAttr(siteData, "icp_linked_to_miit", "true"),
					resource.TestCheckResourceAttr(siteData, "public_security_number_found", "浙公网安备33010602011234号"),
					resource.TestCheckResourceAttr(siteData, "public_security_linked_to_mps", "true"),
				),
			},
			{
				// no expectations: any ICP number linked to MIIT will do
				Config: prov + siteCheck(site.URL+"/ok"),
				Check:  resource.TestCheckResourceAttr(siteData, "compliant", "true"),
			},
			{
				Config: prov + siteCheck(site.URL+"/unlinked"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(siteData, "compliant", "false"),
					resource.TestCheckResourceAttr(siteData, "status_code", "200"),
					resource.TestCheckResourceAttr(siteData, "icp_number_found", "浙ICP备12345678号-1"),
					resource.TestCheckResourceAttr(siteData, "icp_linked_to_miit", "false"),
					resource.TestCheckResourceAttr(siteData, "problems.#", "1"),
					resource.TestCheckResourceAttr(siteData, "problems.0",
						"ICP filing number (ICP备案号) 浙ICP备12345678号-1 is shown but not linked; make it a link to https://beian.miit.gov.cn/"),
				),
			},
			{
				Config: prov + siteCheck(site.URL+"/wrong", `expected_icp_number = "浙ICP备12345678号-1"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(siteData, "compliant", "false"),
					resource.TestCheckResourceAttr(siteData, "icp_number_found", "浙ICP备12345678号-2"),
					resource.TestCheckResourceAttr(siteData, "icp_linked_to_miit", "true"),
					resource.TestCheckResourceAttr(siteData, "problems.#", "1"),
					resource.TestCheckResourceAttr(siteData, "problems.0", "expected 浙ICP备12345678号-1 but the page shows 浙ICP备12345678号-2, "+
						"the record number of another website of the same entity: show 浙ICP备12345678号-1 or the entity number 浙ICP备12345678号"),
				),
			},
			{
				Config: prov + siteCheck(site.URL+"/missing"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(siteData, "compliant", "false"),
					resource.TestCheckResourceAttr(siteData, "status_code", "404"),
					resource.TestCheckResourceAttr(siteData, "icp_number_found", ""),
					resource.TestMatchResourceAttr(siteData, "problems.0", regexp.MustCompile(`/missing answered HTTP 404 Not Found`)),
					resource.TestMatchResourceAttr(siteData, "problems.1", regexp.MustCompile(`^the page shows no ICP filing number \(ICP备案号\)`)),
				),
			},
		},
	})
}

func TestAccSiteCompliance_fetchProblemsAreReportedNotErrors(t *testing.T) {
	emu := startEmulator(t)
	site := complianceSite(t)
	prov := emuProvider(emu)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: prov + siteCheck(site.URL+"/loop-a"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(siteData, "compliant", "false"),
					resource.TestCheckResourceAttr(siteData, "status_code", "0"),
					resource.TestCheckResourceAttr(siteData, "problems.#", "1"),
					resource.TestCheckResourceAttr(siteData, "problems.0", fmt.Sprintf(
						"redirect loop: %[1]s/loop-a → %[1]s/loop-b → %[1]s/loop-a; the site keeps redirecting to a page it already redirected from", site.URL)),
				),
			},
			{
				Config: prov + siteCheck(site.URL+"/huge", "max_body_bytes = 2048"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(siteData, "compliant", "false"),
					resource.TestCheckResourceAttr(siteData, "status_code", "200"),
					resource.TestCheckResourceAttr(siteData, "problems.0",
						"the page is larger than max_body_bytes (2048 bytes); only the first 2048 bytes were scanned, so the result is not reliable: raise max_body_bytes"),
				),
			},
			{
				// the same page under the default limit (2 MiB) complies
				Config: prov + siteCheck(site.URL+"/huge"),
				Check:  resource.TestCheckResourceAttr(siteData, "compliant", "true"),
			},
			{
				Config: prov + siteCheck(site.URL+"/slow", `timeout = "1s"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(siteData, "compliant", "false"),
					resource.TestCheckResourceAttr(siteData, "status_code", "0"),
					resource.TestCheckResourceAttr(siteData, "problems.#", "1"),
					resource.TestCheckResourceAttr(siteData, "problems.0", fmt.Sprintf(
						"timed out after 1s (timeout) fetching %s/slow: the site did not send a complete answer in time", site.URL)),
				),
			},
		},
	})
}

func TestAccSiteCompliance_configurationErrors(t *testing.T) {
	emu := startEmulator(t)
	site := complianceSite(t)
	prov := emuProvider(emu)
	port := site.URL[strings.LastIndex(site.URL, ":"):]
	resource.Test(t, resource.TestCase{
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
