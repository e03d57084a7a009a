package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// Resource identity (Terraform 1.12+, OpenTofu 1.12+): a created record carries its record
// ID and zone as identity, and an import block that names only the identity's record_id
// brings the record under a resource with the same state as an import by ID.
func TestAccDNSRecord_identity(t *testing.T) {
	srv := startEmulator(t, "example.com", "xn--fsqu00a.xn--fiqs8s")
	cfg := emuProvider(srv) + aRecord("www", "example.com", "www", "A", "203.0.113.10") + aRecord("idn", "例子.中国", "www", "A", "203.0.113.11")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("beian_dns_record.www", map[string]knownvalue.Check{
						"record_id": knownvalue.NotNull(), "domain": knownvalue.StringExact("example.com")}),
					statecheck.ExpectIdentityValueMatchesState("beian_dns_record.www", tfjsonpath.New("record_id")),
					// The zone in the identity is canonical, whatever the configuration's spelling.
					statecheck.ExpectIdentity("beian_dns_record.idn", map[string]knownvalue.Check{
						"record_id": knownvalue.NotNull(), "domain": knownvalue.StringExact("xn--fsqu00a.xn--fiqs8s")}),
				},
			},
			{ResourceName: "beian_dns_record.www", ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		},
	})
}

// A record imported into a configuration that spells its zone in Unicode (例子.中国) is the
// same record as the punycode one the import reads: the plan updates the spelling in
// state, it does not replace the record.
func TestAccDNSRecord_importIntoAnIDNSpelling(t *testing.T) {
	srv := startEmulator(t, "xn--fsqu00a.xn--fiqs8s")
	id, err := srv.Control.AddRecord(emulator.Record{Domain: "xn--fsqu00a.xn--fiqs8s", RR: "www", Type: "A", Value: "203.0.113.11"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := emuProvider(srv) + aRecord("idn", "例子.中国", "www", "A", "203.0.113.11")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg + fmt.Sprintf("import {\n  to = beian_dns_record.idn\n  id = %q\n}\n", id),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("beian_dns_record.idn", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_dns_record.idn", tfjsonpath.New("id"), knownvalue.StringExact(id)),
				},
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}
