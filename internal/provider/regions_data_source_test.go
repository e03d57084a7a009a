package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// The provider asks DescribeRegions for English names (AcceptLanguage=en-US), and
// local_name is what the service answers for it: China (Hangzhou), not 华东1（杭州）.
func TestAccRegions_englishNames(t *testing.T) {
	srv := startEmulator(t)
	region := func(id, name string, mainland bool) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(id),
			"local_name": knownvalue.StringExact(name), "mainland": knownvalue.Bool(mainland)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: emuProvider(srv) + `data "beian_regions" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				// Sorted by id: each index names its id, so a shifted list fails here too.
				statecheck.ExpectKnownValue("data.beian_regions.all", tfjsonpath.New("regions"), knownvalue.ListPartial(map[int]knownvalue.Check{
					0:  region("ap-northeast-1", "Japan (Tokyo)", false),
					11: region("cn-hangzhou", "China (Hangzhou)", true),
					13: region("cn-hongkong", "China (Hong Kong)", false),
				})),
			},
		}},
	})
}
