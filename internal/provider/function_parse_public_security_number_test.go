package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/icp/icptest"
)

func TestFunctionParsePublicSecurityNumber(t *testing.T) {
	f := NewParsePublicSecurityNumberFunction()
	got, err := runFunction(t, f, fnStr("京公网安备 11010502030143号"))
	if err != nil {
		t.Fatal(err)
	}
	want, diags := types.ObjectValue(objectAttrTypes[publicSecurityResult](), map[string]attr.Value{
		"number": fnStr("京公网安备11010502030143号"), "province": fnStr("北京"), "province_code": fnStr("11"), "code": fnStr("11010502030143"),
		"query_url": fnStr("https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143"),
	})
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !got.Equal(want) {
		t.Errorf("got %s, want %s", got, want)
	}
	for in, parts := range map[string][]string{
		"京公网安备44010502030143号": {"number is not a valid public security filing number (公安联网备案号)", "starts with 44, the division code of 广东 (Guangdong)", "北京 (Beijing)"},
		"京公网安备1101050203014号":  {"must have 14 digits (got 13)"},
		"京ICP备10046444号":       {"this is an ICP filing number (ICP备案号), not a public security filing number"},
	} {
		_, err := runFunction(t, f, fnStr(in))
		wantFuncError(t, err, 0, parts...)
	}
}

// TestAccFunction_parsePublicSecurityNumber parses every real public
// security spelling of icptest through the CLI.
func TestAccFunction_parsePublicSecurityNumber(t *testing.T) {
	var cfg strings.Builder
	var checks []statecheck.StateCheck
	for i, sp := range icptest.PublicSecuritySpellings {
		name := fmt.Sprintf("ps%02d", i)
		p, _ := icp.ProvinceByCode(sp.ProvinceCode)
		fmt.Fprintf(&cfg, "output %q { value = provider::beian::parse_public_security_number(%s) }\n", name, hclString(sp.In))
		checks = append(checks, statecheck.ExpectKnownOutputValue(name, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"number": knownvalue.StringExact(sp.Number), "province": knownvalue.StringExact(p.Name), "province_code": knownvalue.StringExact(sp.ProvinceCode),
			"code": knownvalue.StringExact(sp.Code), "query_url": knownvalue.StringExact(icp.PublicSecurityQueryBase + sp.Code),
		})))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{
			{Config: cfg.String(), ConfigStateChecks: checks},
			{
				Config:      `output "bad" { value = provider::beian::parse_public_security_number("沪公网安备11010502030143号") }`,
				ExpectError: cliErrorPattern(`number is not a valid public security filing number (公安联网备案号)`, `the code starts with 11, the division code of 北京 (Beijing)`),
			},
		},
	})
}
