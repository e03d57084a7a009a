package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Provider-defined functions need Terraform ≥ 1.8 (OpenTofu ≥ 1.7).
var functionVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

// cliErrorPattern matches the parts of a message, in order, in CLI output
// that wraps lines at spaces.
func cliErrorPattern(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

func TestAccFunction_parseICPNumber(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: `
output "site"   { value = provider::beian::parse_icp_number("京ICP备10046444号-9") }
output "entity" { value = provider::beian::parse_icp_number("粤ICP备2021012345号") }
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("site", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"province": knownvalue.StringExact("北京"), "province_code": knownvalue.StringExact("11"),
						"serial": knownvalue.StringExact("10046444"), "site_index": knownvalue.Int64Exact(9),
						"is_site_number": knownvalue.Bool(true), "entity_number": knownvalue.StringExact("京ICP备10046444号"),
					})),
					statecheck.ExpectKnownOutputValue("entity", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"province": knownvalue.StringExact("广东"), "province_code": knownvalue.StringExact("44"),
						"serial": knownvalue.StringExact("2021012345"), "site_index": knownvalue.Int64Exact(0),
						"is_site_number": knownvalue.Bool(false), "entity_number": knownvalue.StringExact("粤ICP备2021012345号"),
					})),
				},
			},
			{
				Config:      `output "bad" { value = provider::beian::parse_icp_number("浙ICP备123号") }`,
				ExpectError: cliErrorPattern(`number is not a valid ICP filing number (ICP备案号)`, `"浙ICP备123号"`, `the serial must have 6–10 digits (got 3)`),
			},
		},
	})
}

func TestAccFunction_parsePublicSecurityNumber(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: `output "ps" { value = provider::beian::parse_public_security_number("京公网安备11010502030143号") }`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("ps", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"province": knownvalue.StringExact("北京"), "province_code": knownvalue.StringExact("11"),
						"code":      knownvalue.StringExact("11010502030143"),
						"query_url": knownvalue.StringExact("https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143"),
					})),
				},
			},
			{
				Config:      `output "bad" { value = provider::beian::parse_public_security_number("沪公网安备11010502030143号") }`,
				ExpectError: cliErrorPattern(`number is not a valid public security filing number (公安联网备案号)`, `the code starts with 11, the division code of 北京 (Beijing)`),
			},
		},
	})
}

func TestAccFunction_parseICPLicense(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: `
output "b2"  { value = provider::beian::parse_icp_license("浙B2-20080101") }
output "icp" { value = provider::beian::parse_icp_license("京ICP证030173号").kind }
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("b2", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"province": knownvalue.StringExact("浙江"), "province_code": knownvalue.StringExact("33"),
						"kind": knownvalue.StringExact("B2"), "number": knownvalue.StringExact("20080101"),
					})),
					statecheck.ExpectKnownOutputValue("icp", knownvalue.StringExact("ICP证")),
				},
			},
			{
				Config:      `output "bad" { value = provider::beian::parse_icp_license("京ICP备10046444号") }`,
				ExpectError: cliErrorPattern(`number is not a valid commercial ICP licence (经营性ICP许可证)`, `this is an ICP filing number (ICP备案号), not a commercial ICP licence`),
			},
		},
	})
}

func TestAccFunction_isMainlandRegion(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: `
output "hangzhou"  { value = provider::beian::is_mainland_region("cn-hangzhou") }
output "hongkong"  { value = provider::beian::is_mainland_region("cn-hongkong") }
output "singapore" { value = provider::beian::is_mainland_region("ap-southeast-1") }
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("hangzhou", knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("hongkong", knownvalue.Bool(false)),
					statecheck.ExpectKnownOutputValue("singapore", knownvalue.Bool(false)),
				},
			},
			{
				Config:      `output "bad" { value = provider::beian::is_mainland_region("hangzhou") }`,
				ExpectError: cliErrorPattern(`region_id = "hangzhou" is not an Alibaba Cloud region ID (地域ID)`),
			},
		},
	})
}

func TestAccFunction_footerHTML(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: `
output "both"      { value = provider::beian::footer_html("浙ICP备12345678号-1", "浙公网安备33010602011234号") }
# null as the second argument is covered by TestFunctionFooterHTML: OpenTofu (1.12)
# sends a null function argument to providers as an empty value the framework rejects.
output "guangdong" { value = provider::beian::footer_html("粤ICP备2021012345号-3", "") }
output "empty_ps"  { value = provider::beian::footer_html("浙ICP备12345678号-1", "") }
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("both", knownvalue.StringExact(
						`<a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">浙ICP备12345678号-1</a> `+
							`<a href="https://beian.mps.gov.cn/#/query/webSearch?code=33010602011234" target="_blank" rel="noreferrer">浙公网安备33010602011234号</a>`)),
					statecheck.ExpectKnownOutputValue("guangdong", knownvalue.StringExact(
						`<a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">粤ICP备2021012345号</a>`)),
					statecheck.ExpectKnownOutputValue("empty_ps", knownvalue.StringExact(
						`<a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">浙ICP备12345678号-1</a>`)),
				},
			},
			{
				Config:      `output "bad" { value = provider::beian::footer_html("浙ICP备12345678号-1", "浙公网安备3301060201123号") }`,
				ExpectError: cliErrorPattern(`public_security_number is not a valid public security filing number (公安联网备案号)`, `must have 14 digits (got 13)`),
			},
		},
	})
}

// TestAccFunction_examples runs the documentation examples of every function,
// so that the registry docs show configurations that work.
func TestAccFunction_examples(t *testing.T) {
	for _, name := range []string{"parse_icp_number", "parse_public_security_number", "parse_icp_license", "is_mainland_region", "footer_html"} {
		t.Run(name, func(t *testing.T) {
			cfg, err := os.ReadFile(filepath.Join(examplesDir, "functions", name, "function.tf"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(cfg), "provider::beian::"+name+"(") {
				t.Fatalf("the example of %s does not call it", name)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				TerraformVersionChecks:   functionVersionChecks,
				Steps:                    []resource.TestStep{{Config: string(cfg)}},
			})
		})
	}
}
