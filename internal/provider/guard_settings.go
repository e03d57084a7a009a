package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/guardconfig"
)

// guardSettings turns the provider block's guard settings into the guard's plain
// settings, through guardconfig (which beian-guard builds its guard with too). Bad
// settings are reported on the attribute (or list entry) that holds them.
func guardSettings(ctx context.Context, m *providerModel, client *aliyun.Client, now func() time.Time) (guard.Settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := guardconfig.Guard{
		Enforcement:    m.Enforcement.ValueString(),
		ICPSource:      m.IcpSource.ValueString(),
		RIRCacheMaxAge: m.RIRCacheMaxAge.ValueString(),
	}
	diags.Append(m.DeclaredFilings.ElementsAs(ctx, &in.DeclaredFilings, false)...)
	diags.Append(m.MainlandCIDRs.ElementsAs(ctx, &in.MainlandCIDRs, false)...)
	diags.Append(m.OffshoreCIDRs.ElementsAs(ctx, &in.OffshoreCIDRs, false)...)
	if !m.LocationSources.IsNull() {
		in.LocationSources = []string{} // set, even to []: not the default
		diags.Append(m.LocationSources.ElementsAs(ctx, &in.LocationSources, false)...)
	}
	if !m.RIRSources.IsNull() {
		diags.Append(m.RIRSources.ElementsAs(ctx, &in.RIRSources, false)...)
	}
	if !m.AccountLookup.IsNull() {
		on := m.AccountLookup.ValueBool()
		in.AccountLookup = &on
	}
	s, problems := in.Settings(client, now)
	for _, p := range problems {
		diags.AddAttributeError(problemPath(p), p.Summary, p.Detail)
	}
	return s, diags
}

// findingDiags turns the guard's findings into diagnostics on the attribute at p.
func findingDiags(p path.Path, findings []guard.Finding) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, f := range findings {
		if f.Severity == guard.Error {
			diags.AddAttributeError(p, f.Summary, f.Detail)
		} else {
			diags.AddAttributeWarning(p, f.Summary, f.Detail)
		}
	}
	return diags
}
