package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// companyregFixture answers QuerySuccessIcpData with a file of testdata/companyreg/ (an
// answer in the official shape, written from the darabonba model; the emulator's
// contract test checks the files against the contract table). Every other product goes
// to the emulator.
type companyregFixture struct {
	srv   *httptest.Server
	file  atomic.Value // string
	calls atomic.Int32
}

// newCompanyregFixture starts the fixture answering with file, stopped by the test's
// cleanup.
func newCompanyregFixture(t *testing.T, file string) *companyregFixture {
	t.Helper()
	f := &companyregFixture{}
	f.file.Store(file)
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.Form.Get("Action") != "QuerySuccessIcpData" || r.Form.Get("Version") != "2026-04-23" {
			http.Error(w, `{"Code":"InvalidAction.NotFound","Message":"fixture serves QuerySuccessIcpData only"}`, http.StatusNotFound)
			return
		}
		// The official model has no paging parameters.
		for _, p := range []string{"PageNum", "PageSize"} {
			if r.Form.Has(p) {
				http.Error(w, fmt.Sprintf(`{"Code":"InvalidParameter","Message":"%s is not a parameter of QuerySuccessIcpData"}`, p), http.StatusBadRequest)
				return
			}
		}
		f.calls.Add(1)
		b, err := os.ReadFile(f.file.Load().(string))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		_, _ = w.Write(b)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// withCompanyreg points the provider block's companyreg endpoint at the fixture.
func (f *companyregFixture) withCompanyreg(providerBlock, emulatorURL string) string {
	return strings.Replace(providerBlock, fmt.Sprintf("companyreg = %q", emulatorURL), fmt.Sprintf("companyreg = %q", f.srv.URL), 1)
}

// An answer in the official shape holding one approved filing makes beian_filing report
// it approved, with its risks and apps, and lets the ICP guard pass a record pointing the
// domain at a mainland server; an answer with Success false is an error naming its
// ErrorCode and ErrorMessage, never "0 filings".
func TestAccFilingOfficialAnswer(t *testing.T) {
	srv := guardEmulator(t)
	fx := newCompanyregFixture(t, "testdata/companyreg/approved.json")
	provider := fx.withCompanyreg(guardProvider(srv), srv.URL)
	filing := `
data "beian_filing" "site" {
  domain = "www.example.com.cn"
}
`
	record := aRecord("www", "example.com.cn", "www", "A", mainlandIP)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + filing + record,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.beian_filing.site", tfjsonpath.New("approved"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.beian_filing.site", tfjsonpath.New("icp_number"), knownvalue.StringExact("沪ICP备2026000002号")),
				statecheck.ExpectKnownValue("data.beian_filing.site", tfjsonpath.New("site_record_number"), knownvalue.StringExact("沪ICP备2026000002号-3")),
				statecheck.ExpectKnownValue("data.beian_filing.site", tfjsonpath.New("organizer"), knownvalue.StringExact("示例网络科技（上海）有限公司")),
				statecheck.ExpectKnownValue("data.beian_filing.site", tfjsonpath.New("risks"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"deadline": knownvalue.StringExact("2026-12-10"),
						"details": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
							"risk_source": knownvalue.StringExact("网站内容核查"),
							"rectify_suggestions": knownvalue.ListExact([]knownvalue.Check{
								knownvalue.StringExact("在网站底部悬挂备案号"), knownvalue.StringExact("链接至 https://beian.miit.gov.cn/")}),
						})}),
					}),
				})),
				statecheck.ExpectKnownValue("data.beian_filing.site", tfjsonpath.New("apps"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"name":          knownvalue.StringExact("alipay"),
						"record_number": knownvalue.StringExact("沪ICP备2026000002号-4A"),
						"domains":       knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("api.example.com.cn")}),
					}),
				})),
				// The guarded record to a mainland server was created.
				statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("value"), knownvalue.StringExact(mainlandIP)),
			},
			Check: func(*terraform.State) error {
				recs, err := srv.Control.Records("example.com.cn")
				if err != nil {
					return err
				}
				for _, r := range recs {
					if r.RR == "www" && r.Value == mainlandIP {
						return nil
					}
				}
				return fmt.Errorf("the guarded record is not in the zone: %+v", recs)
			},
		}, {
			PreConfig: func() { fx.file.Store("testdata/companyreg/failure.json") },
			Config:    provider + filing + record,
			ExpectError: regexp.MustCompile(`(?s)Cannot read the ICP filing \(备案\) status of example\.com\.cn.*` +
				`ErrorCode\s+403,\s+ErrorMessage\s+"NoPermission: the caller has no access to ICP\s+filing data"`),
		}, {
			// Back to the approved answer, so that the test's destroy can read the filing.
			PreConfig: func() { fx.file.Store("testdata/companyreg/approved.json") },
			Config:    provider + filing + record,
		}},
	})
	if fx.calls.Load() == 0 {
		t.Fatal("the fixture was never asked")
	}
}
