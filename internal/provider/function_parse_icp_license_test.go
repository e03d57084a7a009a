package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// licenseObject is the object parse_icp_license returns for license, field by field.
func licenseObject(license, kind, number string, cross bool, province, code, recordKind, record string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{
		"license_number": knownvalue.StringExact(license), "kind": knownvalue.StringExact(kind), "number": knownvalue.StringExact(number),
		"cross_regional": knownvalue.Bool(cross), "province": knownvalue.StringExact(province), "province_code": knownvalue.StringExact(code),
		"record_kind": knownvalue.StringExact(recordKind), "record_number": knownvalue.StringExact(record),
	}
}

func TestFunctionParseICPLicense(t *testing.T) {
	f := NewParseICPLicenseFunction()
	for in, want := range map[string][8]string{
		"浙B2-20080101":      {"浙B2-20080101", "B2", "20080101", "false", "浙江", "33", "entity", "浙B2-20080101"},
		"京ICP证030173号":      {"京ICP证030173号", "ICP证", "030173", "false", "北京", "11", "entity", "京ICP证030173号"},
		"B2-20080207":       {"B2-20080207", "B2", "20080207", "true", "", "", "entity", "B2-20080207"},
		"A2.B1.B2-20090003": {"A2.B1.B2-20090003", "A2.B1.B2", "20090003", "true", "", "", "entity", "A2.B1.B2-20090003"},
		"京ICP证030173号-1":    {"京ICP证030173号", "ICP证", "030173", "false", "北京", "11", "website", "京ICP证030173号-1"},
		"粤B2-20090059号":     {"粤B2-20090059", "B2", "20090059", "false", "广东", "44", "entity", "粤B2-20090059"},
	} {
		got, err := runFunction(t, f, fnStr(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		w, diags := types.ObjectValue(objectAttrTypes[licenseResult](), map[string]attr.Value{
			"license_number": fnStr(want[0]), "kind": fnStr(want[1]), "number": fnStr(want[2]), "cross_regional": types.BoolValue(want[3] == "true"),
			"province": fnStr(want[4]), "province_code": fnStr(want[5]), "record_kind": fnStr(want[6]), "record_number": fnStr(want[7]),
		})
		if diags.HasError() {
			t.Fatal(diags)
		}
		if !got.Equal(w) {
			t.Errorf("%q: got %s, want %s", in, got, w)
		}
	}
	for in, parts := range map[string][]string{
		"浙B2-2008010":    {"number is not a valid commercial ICP licence (经营性ICP许可证)", `must have 8 digits (got 7)`},
		"京ICP备10046444号": {"this is an ICP filing number (ICP备案号) of a non-commercial entity, not a commercial ICP licence"},
		"浙B1-20080101":   {"a licence of category B1 covers first-category value-added services", "a commercial ICP licence has category B2"},
		"B2-2008020":     {`the number after "B2-" must have 8 digits (got 7)`, "e.g. 京B2-20080101"},
	} {
		_, err := runFunction(t, f, fnStr(in))
		wantFuncError(t, err, 0, parts...)
	}
}

// TestAccFunction_parseICPLicense: the rows, through the CLI. A
// cross-regional licence has no province; a website record number given as a
// licence says what it is and returns the licence it belongs to.
func TestAccFunction_parseICPLicense(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: `
output "b2"             { value = provider::beian::parse_icp_license("浙B2-20080101") }
output "cross_regional" { value = provider::beian::parse_icp_license("B2-20080207") }
output "website"        { value = provider::beian::parse_icp_license("京ICP证030173号-1") }
output "combined"       { value = provider::beian::parse_icp_license("A2.B1.B2-20202637").kind }
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("b2", knownvalue.ObjectExact(licenseObject("浙B2-20080101", "B2", "20080101", false, "浙江", "33", "entity", "浙B2-20080101"))),
					statecheck.ExpectKnownOutputValue("cross_regional", knownvalue.ObjectExact(licenseObject("B2-20080207", "B2", "20080207", true, "", "", "entity", "B2-20080207"))),
					statecheck.ExpectKnownOutputValue("website", knownvalue.ObjectExact(licenseObject("京ICP证030173号", "ICP证", "030173", false, "北京", "11", "website", "京ICP证030173号-1"))),
					statecheck.ExpectKnownOutputValue("combined", knownvalue.StringExact("A2.B1.B2")),
				},
			},
			{
				Config:      `output "bad" { value = provider::beian::parse_icp_license("京ICP备10046444号") }`,
				ExpectError: cliErrorPattern(`number is not a valid commercial ICP licence (经营性ICP许可证)`, `this is an ICP filing number (ICP备案号) of a non-commercial entity`),
			},
		},
	})
}
