package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
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
	resource.ParallelTest(t, resource.TestCase{
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
	resource.ParallelTest(t, resource.TestCase{
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

// Another spelling of the zone in the configuration (case, a trailing dot, Unicode or
// punycode) is the same zone: the plan updates the spelling in state only — no
// replacement, the same record —, and nothing is planned after it; another zone replaces.
func TestAccDNSRecord_zoneSpellingIsNotAnotherZone(t *testing.T) {
	srv := startEmulator(t, "example.com", "xn--fsqu00a.xn--fiqs8s")
	cfg := func(plain, idn string) string {
		return emuProvider(srv) + aRecord("www", plain, "www", "A", "203.0.113.10") + aRecord("idn", idn, "www", "A", "203.0.113.11")
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("example.com", "例子.中国"), ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue("beian_dns_record.www", tfjsonpath.New("record_id")),
			}},
			{
				Config: cfg("Example.COM.", "xn--fsqu00a.xn--fiqs8s"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("beian_dns_record.www", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("beian_dns_record.idn", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("domain"), knownvalue.StringExact("Example.COM.")),
					sameID.AddStateValue("beian_dns_record.www", tfjsonpath.New("record_id")),
				},
				Check: func(*terraform.State) error {
					if n := len(zoneRecords(t, srv, "example.com")); n != 1 {
						return fmt.Errorf("example.com has %d records after a spelling change, want the one record", n)
					}
					if n := len(zoneRecords(t, srv, "xn--fsqu00a.xn--fiqs8s")); n != 1 {
						return fmt.Errorf("例子.中国 has %d records after a spelling change, want the one record", n)
					}
					return nil
				},
			},
			{Config: cfg("Example.COM.", "xn--fsqu00a.xn--fiqs8s"), PlanOnly: true},
			// Another zone still replaces the record.
			{
				Config: cfg("例子.中国", "xn--fsqu00a.xn--fiqs8s"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("beian_dns_record.www", plancheck.ResourceActionReplace),
					plancheck.ExpectResourceAction("beian_dns_record.idn", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// A Read that removes a resource (gone outside Terraform) still answers its identity when
// the CLI sent none — Terraform before 1.12 sends none, and the framework then refuses the
// Read ("Missing Resource Identity After Read"; TestAccDNSRecord_driftOutOfBand under
// make testacc-terraform) — and leaves a prior identity as it came.
func TestKeepIdentityWhenGone(t *testing.T) {
	ctx := context.Background()
	var rs fwresource.IdentitySchemaResponse
	(&dnsRecordResource{}).IdentitySchema(ctx, fwresource.IdentitySchemaRequest{}, &rs)
	var ds fwresource.IdentitySchemaResponse
	(&domainResource{}).IdentitySchema(ctx, fwresource.IdentitySchemaRequest{}, &ds)
	null := func(s fwresource.IdentitySchemaResponse) *tfsdk.ResourceIdentity {
		return &tfsdk.ResourceIdentity{Schema: s.IdentitySchema, Raw: tftypes.NewValue(s.IdentitySchema.Type().TerraformType(ctx), nil)}
	}

	rec := null(rs)
	if d := keepRecordIdentity(ctx, rec, "1001", "Example.COM"); d.HasError() {
		t.Fatal(d)
	}
	if !identityIs(rec, "1001", "example.com") {
		t.Errorf("record identity after a removing Read = %s, want record_id 1001, domain example.com", rec.Raw)
	}
	// A prior identity stays as it came.
	if d := keepRecordIdentity(ctx, rec, "2002", "other.com"); d.HasError() {
		t.Fatal(d)
	}
	if !identityIs(rec, "1001", "example.com") {
		t.Errorf("a prior identity was overwritten: %s", rec.Raw)
	}
	if keepRecordIdentity(ctx, nil, "1001", "example.com").HasError() {
		t.Error("no identity to answer (a CLI without identities) must be no error")
	}

	dom := null(ds)
	if d := keepDomainIdentity(ctx, dom, "example.com"); d.HasError() {
		t.Fatal(d)
	}
	var name types.String
	if d := dom.GetAttribute(ctx, path.Root("domain_name"), &name); d.HasError() || name.ValueString() != "example.com" {
		t.Errorf("domain identity after a removing Read = %s (%v), want domain_name example.com", dom.Raw, d)
	}
}
