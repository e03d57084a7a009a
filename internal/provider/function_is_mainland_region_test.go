package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

func TestFunctionIsMainlandRegion(t *testing.T) {
	f := NewIsMainlandRegionFunction()
	for in, want := range map[string]bool{
		"cn-hangzhou": true, "cn-shanghai-finance-1": true, "cn-hangzhou-h": true, " CN-Beijing ": true,
		"cn-hongkong": false, "cn-hongkong-b": false, "ap-southeast-1": false, "us-west-1": false,
	} {
		got, err := runFunction(t, f, fnStr(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if !got.Equal(types.BoolValue(want)) {
			t.Errorf("%q: got %s, want %v", in, got, want)
		}
	}
	for _, in := range []string{"", "hangzhou", "cn_hangzhou", "cn-", "杭州"} {
		_, err := runFunction(t, f, fnStr(in))
		wantFuncError(t, err, 0, "region_id = ", "is not an Alibaba Cloud region ID (地域ID)", "cn-hangzhou")
	}
}

func TestAccFunction_isMainlandRegion(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
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
