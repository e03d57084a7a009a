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

// spellingProvince is the province name a spelling's parts name.
func spellingProvince(t *testing.T, sp icptest.Spelling) string {
	t.Helper()
	if sp.ProvinceCode == "" {
		return ""
	}
	p, ok := icp.ProvinceByCode(sp.ProvinceCode)
	if !ok {
		t.Fatalf("spelling %q names no province %q", sp.In, sp.ProvinceCode)
	}
	return p.Name
}

// icpNumberChecks is the object parse_icp_number must return for a spelling.
func icpNumberChecks(t *testing.T, sp icptest.Spelling) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"kind": knownvalue.StringExact(sp.Kind), "number": knownvalue.StringExact(sp.Number),
		"entity_number": knownvalue.StringExact(sp.Entity), "entity_kind": knownvalue.StringExact(sp.EntityKind),
		"cross_regional": knownvalue.Bool(sp.CrossRegional), "province": knownvalue.StringExact(spellingProvince(t, sp)),
		"province_code": knownvalue.StringExact(sp.ProvinceCode), "serial": knownvalue.StringExact(sp.Serial),
		"index": knownvalue.Int64Exact(int64(sp.Index)), "letter": knownvalue.StringExact(sp.Letter),
	})
}

func TestFunctionParseICPNumber(t *testing.T) {
	f := NewParseICPNumberFunction()
	for _, sp := range icptest.Spellings {
		got, err := runFunction(t, f, fnStr(sp.In))
		if err != nil {
			t.Errorf("%q: %v", sp.In, err)
			continue
		}
		want, diags := types.ObjectValue(objectAttrTypes[icpNumberResult](), map[string]attr.Value{
			"kind": fnStr(sp.Kind), "number": fnStr(sp.Number), "entity_number": fnStr(sp.Entity), "entity_kind": fnStr(sp.EntityKind),
			"cross_regional": types.BoolValue(sp.CrossRegional), "province": fnStr(spellingProvince(t, sp)), "province_code": fnStr(sp.ProvinceCode),
			"serial": fnStr(sp.Serial), "index": types.Int64Value(int64(sp.Index)), "letter": fnStr(sp.Letter),
		})
		if diags.HasError() {
			t.Fatal(diags)
		}
		if !got.Equal(want) {
			t.Errorf("%q:\n got  %s\n want %s", sp.In, got, want)
		}
	}
	for in, parts := range map[string][]string{
		"浙ICP备123号":            {`number is not a valid ICP filing number (ICP备案号)`, `"浙ICP备123号"`, "6–10 digits (got 3)", "浙ICP备12345678号-1"},
		"":                     {"the number is empty"},
		"港ICP备12345678号":       {"Hong Kong, Macau and Taiwan issue no ICP filings"},
		"苏B1-20130131":         {"category B1 covers first-category value-added services", "not internet information services"},
		"京ICP备10046444号-0":     {"without leading zeros"},
		"京ICP备10046444号-1B":    {`unknown letter "B"`, "A (an app, App备案)"},
		"京公网安备11010502030143号": {"public security filing number (公安联网备案号), not an ICP filing number"},
	} {
		_, err := runFunction(t, f, fnStr(in))
		wantFuncError(t, err, 0, parts...)
	}
}

// TestAccFunction_parseICPNumber parses every real spelling of icptest
// through the CLI: each output must be the spelling's kind and parts.
func TestAccFunction_parseICPNumber(t *testing.T) {
	var cfg strings.Builder
	var checks []statecheck.StateCheck
	for i, sp := range icptest.Spellings {
		name := fmt.Sprintf("n%02d", i)
		fmt.Fprintf(&cfg, "output %q { value = provider::beian::parse_icp_number(%s) }\n", name, hclString(sp.In))
		checks = append(checks, statecheck.ExpectKnownOutputValue(name, icpNumberChecks(t, sp)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{
			{Config: cfg.String(), ConfigStateChecks: checks},
			{
				Config:      `output "bad" { value = provider::beian::parse_icp_number("浙ICP备123号") }`,
				ExpectError: cliErrorPattern(`number is not a valid ICP filing number (ICP备案号)`, `"浙ICP备123号"`, `the serial after ICP备 must have 6–10 digits (got 3)`),
			},
			{
				Config:      `output "bad" { value = provider::beian::parse_icp_number("京ICP备10046444号-1Q") }`,
				ExpectError: cliErrorPattern(`unknown letter "Q" after the record index 1`, `A (an app, App备案)`, `X (a mini-program, 小程序备案)`, `K (a quick app, 快应用备案)`),
			},
		},
	})
}
