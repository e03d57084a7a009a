package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

const (
	footerMIITLink = `<a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">`
	footerPSLinkZJ = `<a href="https://beian.mps.gov.cn/#/query/webSearch?code=33010602011234" target="_blank" rel="noreferrer">`
	// baidu.com's footer shows its licence number 京ICP证030173号 linked to MIIT and
	// 京公网安备11000002000001号 linked to its record (on the filing system's old
	// address; this function links the current one).
	footerBaidu = footerMIITLink + `京ICP证030173号</a> ` +
		`<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11000002000001" target="_blank" rel="noreferrer">京公网安备11000002000001号</a>`
)

func TestFunctionFooterHTML(t *testing.T) {
	f := NewFooterHTMLFunction()
	tests := []struct{ icp, ps, out string }{
		{"浙ICP备12345678号-1", "浙公网安备33010602011234号", footerMIITLink + `浙ICP备12345678号-1</a> ` + footerPSLinkZJ + `浙公网安备33010602011234号</a>`},
		{"浙ICP备12345678号-1", "", footerMIITLink + `浙ICP备12345678号-1</a>`},
		{"粤ICP备2021012345号-3", "", footerMIITLink + `粤ICP备2021012345号</a>`}, // Guangdong shows the entity number
		{"京ICP证030173号-1", "京公网安备 11000002000001号", footerBaidu},            // a licence's website shows the licence
		{"粤B2-20090059-5", "", footerMIITLink + `粤B2-20090059</a>`},
	}
	for _, tt := range tests {
		got, err := runFunction(t, f, fnStr(tt.icp), fnStr(tt.ps))
		if err != nil {
			t.Fatalf("%q, %q: %v", tt.icp, tt.ps, err)
		}
		if !got.Equal(fnStr(tt.out)) {
			t.Errorf("%q, %q:\n got  %s\n want %q", tt.icp, tt.ps, got, tt.out)
		}
	}
	_, err := runFunction(t, f, fnStr("浙ICP备12号"), fnStr(""))
	wantFuncError(t, err, 0, "icp_number is not a valid ICP filing number (ICP备案号)", `"浙ICP备12号"`)
	_, err = runFunction(t, f, fnStr("陕ICP备2024026116号-1A"), fnStr(""))
	wantFuncError(t, err, 0, "the record number of an app (App备案号), not of a website", "陕ICP备2024026116号-<N>")
	_, err = runFunction(t, f, fnStr("浙ICP备12345678号-1"), fnStr("浙公网安备11010502030143号"))
	wantFuncError(t, err, 1, "public_security_number is not a valid public security filing number (公安联网备案号)", "the division code of 北京")
}

func TestAccFunction_footerHTML(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: `
output "both"      { value = provider::beian::footer_html("浙ICP备12345678号-1", "浙公网安备33010602011234号") }
output "guangdong" { value = provider::beian::footer_html("粤ICP备2021012345号-3", "") }
output "empty_ps"  { value = provider::beian::footer_html("浙ICP备12345678号-1", "") }
output "baidu"     { value = provider::beian::footer_html("京ICP证030173号-1", "京公网安备 11000002000001号") }
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("both", knownvalue.StringExact(footerMIITLink+`浙ICP备12345678号-1</a> `+footerPSLinkZJ+`浙公网安备33010602011234号</a>`)),
					statecheck.ExpectKnownOutputValue("guangdong", knownvalue.StringExact(footerMIITLink+`粤ICP备2021012345号</a>`)),
					statecheck.ExpectKnownOutputValue("empty_ps", knownvalue.StringExact(footerMIITLink+`浙ICP备12345678号-1</a>`)),
					statecheck.ExpectKnownOutputValue("baidu", knownvalue.StringExact(footerBaidu)),
				},
			},
			{
				Config:      `output "bad" { value = provider::beian::footer_html("浙ICP备12345678号-1", "浙公网安备3301060201123号") }`,
				ExpectError: cliErrorPattern(`public_security_number is not a valid public security filing number (公安联网备案号)`, `must have 14 digits (got 13)`),
			},
			{
				Config:      `output "bad" { value = provider::beian::footer_html("陕ICP备2024026116号-1A", "") }`,
				ExpectError: cliErrorPattern(`icp_number is not a valid ICP filing number (ICP备案号)`, `the record number of an app (App备案号), not of a website`),
			},
			{
				// null is refused by the CLI itself, with the same clear message in
				// OpenTofu and Terraform; "" means "no public security number yet".
				Config:      `output "bad" { value = provider::beian::footer_html("浙ICP备12345678号-1", null) }`,
				ExpectError: cliErrorPattern(`Invalid value for "public_security_number" parameter: argument must not be null`),
			},
		},
	})
}
