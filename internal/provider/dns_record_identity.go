package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// The resource identity of beian_dns_record (Terraform 1.12+, OpenTofu 1.12+): the record
// ID, which Alibaba Cloud DNS keeps for the record's life, and its zone. An import block
// can name a record by identity instead of by import ID:
//
//	import {
//	  to       = beian_dns_record.www
//	  identity = { record_id = "1884593045583640577" }
//	}

var _ resource.ResourceWithIdentity = (*dnsRecordResource)(nil)

// dnsRecordIdentityModel is the identity's data.
type dnsRecordIdentityModel struct {
	RecordID types.String `tfsdk:"record_id"`
	Domain   types.String `tfsdk:"domain"`
}

func (r *dnsRecordResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"record_id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The Alibaba Cloud DNS record ID (RecordId).",
			},
			"domain": identityschema.StringAttribute{
				OptionalForImport: true,
				Description:       "The record's zone, in lower-case punycode. Not needed to import: the record ID says it.",
			},
		},
	}
}

// recordIdentity is the identity of the record id in zone domain (as written in state).
func recordIdentity(id, domain string) dnsRecordIdentityModel {
	d, err := icp.NormalizeDomain(domain)
	if err != nil {
		d = domain
	}
	return dnsRecordIdentityModel{RecordID: types.StringValue(id), Domain: types.StringValue(d)}
}

// setRecordIdentity writes the identity of a record into a response's identity, when the
// CLI deals in identities (the framework hands out nil otherwise).
func setRecordIdentity(ctx context.Context, ident *tfsdk.ResourceIdentity, id, domain string) diag.Diagnostics {
	if ident == nil {
		return nil
	}
	m := recordIdentity(id, domain)
	return ident.Set(ctx, &m)
}

// keepRecordIdentity answers the identity of a record that Read removes from state (gone
// from the zone, or the zone gone) when the request brought none: the framework refuses a
// Read answered without an identity ("Missing Resource Identity After Read"), and a CLI
// that sends no prior identity (Terraform 1.11) would otherwise fail the very plan that
// should recreate the record. A prior identity is kept as it came.
func keepRecordIdentity(ctx context.Context, ident *tfsdk.ResourceIdentity, id, domain string) diag.Diagnostics {
	if ident == nil || !ident.Raw.IsFullyNull() || id == "" {
		return nil
	}
	return setRecordIdentity(ctx, ident, id, domain)
}

// importedRecordID is the record ID an import names: its import ID, or the record_id of
// its identity.
func importedRecordID(ctx context.Context, req resource.ImportStateRequest) (string, diag.Diagnostics) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, nil
	}
	var id types.String
	diags := req.Identity.GetAttribute(ctx, path.Root("record_id"), &id)
	return id.ValueString(), diags
}
