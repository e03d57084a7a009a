package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

func TestAccFilingDataSource(t *testing.T) {
	srv := guardEmulator(t)
	if err := srv.Control.AddFiling(emulator.FilingSeed{
		Domain: "example.com.cn", ICPNumber: "沪ICP备2026000002号", SiteRecordNum: "沪ICP备2026000002号-3",
		Organizer: "示例网络科技（上海）有限公司", OrganizerNature: "企业",
		Risks: []emulator.Risk{{Type: "content", Description: "footer lacks the filing number", Deadline: "2026-12-10"}},
	}); err != nil {
		t.Fatal(err)
	}
	cfg := guardProvider(srv) + `
data "beian_filing" "filed" {
  domain = "WWW.Example.com.cn."
}
data "beian_filing" "unfiled" {
  domain = "shop.example.com"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.beian_filing.filed", "registrable_domain", "example.com.cn"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "approved", "true"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "status", "approved"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "icp_number", "沪ICP备2026000002号"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "site_record_number", "沪ICP备2026000002号-3"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "organizer", "示例网络科技（上海）有限公司"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "organizer_nature", "企业"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "source", "companyreg"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "verified", "true"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "risks.#", "1"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "risks.0.deadline", "2026-12-10"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "risks.0.details.0.risk_source", "content"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "risks.0.details.0.rectify_suggestions.0", "footer lacks the filing number"),
				resource.TestCheckResourceAttr("data.beian_filing.filed", "apps.#", "0"),
				resource.TestCheckResourceAttr("data.beian_filing.unfiled", "registrable_domain", "example.com"),
				resource.TestCheckResourceAttr("data.beian_filing.unfiled", "approved", "false"),
				resource.TestCheckResourceAttr("data.beian_filing.unfiled", "status", "not_approved"),
				resource.TestCheckResourceAttr("data.beian_filing.unfiled", "icp_number", ""),
			),
		}, {
			// The precondition pattern from the docs stops an apply before anything is written.
			Config: cfg + `
resource "beian_dns_record" "www" {
  domain = "example.com"
  rr     = "www"
  type   = "A"
  value  = "47.242.10.20"
  lifecycle {
    precondition {
      condition     = data.beian_filing.unfiled.approved
      error_message = "example.com has no approved ICP filing (备案) yet."
    }
  }
}`,
			ExpectError: regexp.MustCompile(`example.com has no approved ICP filing \(备案\) yet`),
		}, {
			Config:      guardProvider(srv) + `data "beian_filing" "bad" { domain = "com.cn" }`,
			ExpectError: regexp.MustCompile(`(?s)Not a domain an ICP filing can cover.*public suffix`),
		}, {
			// The emulator's icp_failure extension: Success false is an error naming the
			// code and message, not "no filing".
			PreConfig: func() {
				if err := srv.Control.SetICPFailure(emulator.ICPFailure{ErrorCode: 1001, ErrorMessage: "SystemBusy"}); err != nil {
					t.Fatal(err)
				}
			},
			Config:      guardProvider(srv) + `data "beian_filing" "failing" { domain = "example.com.cn" }`,
			ExpectError: regexp.MustCompile(`(?s)Cannot read the ICP filing \(备案\) status of example\.com\.cn.*ErrorCode\s+1001,\s+ErrorMessage\s+"SystemBusy"`),
		}},
	})
}
