package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

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
	cfg := guardProvider(srv) + testConfig(t, "filing_data_source", nil)
	const filed, unfiled = "data.beian_filing.filed", "data.beian_filing.unfiled"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(filed, tfjsonpath.New("registrable_domain"), knownvalue.StringExact("example.com.cn")),
				statecheck.ExpectKnownValue(filed, tfjsonpath.New("approved"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(filed, tfjsonpath.New("status"), knownvalue.StringExact("approved")),
				statecheck.ExpectKnownValue(filed, tfjsonpath.New("icp_number"), knownvalue.StringExact("沪ICP备2026000002号")),
				statecheck.ExpectKnownValue(filed, tfjsonpath.New("site_record_number"), knownvalue.StringExact("沪ICP备2026000002号-3")),
				statecheck.ExpectKnownValue(filed, tfjsonpath.New("organizer"), knownvalue.StringExact("示例网络科技（上海）有限公司")),
				statecheck.ExpectKnownValue(filed, tfjsonpath.New("organizer_nature"), knownvalue.StringExact("企业")),
				statecheck.ExpectKnownValue(filed, tfjsonpath.New("source"), knownvalue.StringExact("companyreg")),
				statecheck.ExpectKnownValue(filed, tfjsonpath.New("verified"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(filed, tfjsonpath.New("risks"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"deadline": knownvalue.StringExact("2026-12-10"),
						"details": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"risk_source":         knownvalue.StringExact("content"),
							"rectify_suggestions": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("footer lacks the filing number")}),
						})}),
					}),
				})),
				statecheck.ExpectKnownValue(filed, tfjsonpath.New("apps"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(unfiled, tfjsonpath.New("registrable_domain"), knownvalue.StringExact("example.com")),
				statecheck.ExpectKnownValue(unfiled, tfjsonpath.New("approved"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(unfiled, tfjsonpath.New("status"), knownvalue.StringExact("not_approved")),
				statecheck.ExpectKnownValue(unfiled, tfjsonpath.New("icp_number"), knownvalue.StringExact("")),
			},
		}, {
			// The precondition pattern from the docs stops an apply before anything is written.
			Config:      cfg + testConfig(t, "filing_precondition", nil),
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
