package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// Resource identity of beian_domain (Terraform 1.12+, OpenTofu 1.12+): the canonical
// domain name; an import block naming only the identity imports the domain.
func TestAccDomain_identity(t *testing.T) {
	srv := startEmulator(t)
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "owned.com"}); err != nil {
		t.Fatal(err)
	}
	cfg := emuProvider(srv) + "resource \"beian_domain\" \"owned\" {\n  domain_name    = \"owned.com\"\n  adopt_existing = true\n}\n"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("beian_domain.owned", map[string]knownvalue.Check{"domain_name": knownvalue.StringExact("owned.com")}),
				},
			},
			{ResourceName: "beian_domain.owned", ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		},
	})
}
