package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The resource identity of beian_domain (Terraform 1.12+, OpenTofu 1.12+): the domain
// name in lower-case punycode, which is also its ID.
//
//	import {
//	  to       = beian_domain.site
//	  identity = { domain_name = "example.com" }
//	}

var _ resource.ResourceWithIdentity = (*domainResource)(nil)

func (r *domainResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"domain_name": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The domain name in lower-case punycode, e.g. example.com or xn--fsqu00a.xn--fiqs8s.",
			},
		},
	}
}

// setDomainIdentity writes the identity of the domain name (canonical) into a response's
// identity, when the CLI deals in identities.
func setDomainIdentity(ctx context.Context, ident *tfsdk.ResourceIdentity, name string) diag.Diagnostics {
	if ident == nil || name == "" {
		return nil
	}
	return ident.SetAttribute(ctx, path.Root("domain_name"), types.StringValue(name))
}

// keepDomainIdentity answers the identity of a domain when a Read returns early (the
// domain removed from state, or kept while its registration task runs) and the request
// brought none (see keepRecordIdentity); a prior identity is kept as it came.
func keepDomainIdentity(ctx context.Context, ident *tfsdk.ResourceIdentity, name string) diag.Diagnostics {
	if ident == nil || !ident.Raw.IsFullyNull() {
		return nil
	}
	return setDomainIdentity(ctx, ident, name)
}

// importedDomainName is the name an import gives: its import ID, or the domain_name of
// its identity.
func importedDomainName(ctx context.Context, req resource.ImportStateRequest) (string, diag.Diagnostics) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, nil
	}
	var name types.String
	diags := req.Identity.GetAttribute(ctx, path.Root("domain_name"), &name)
	return name.ValueString(), diags
}
