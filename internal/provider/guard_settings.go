package provider

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// guardSettings turns the provider block's guard settings into the guard's plain
// settings. Bad settings are reported on the attribute (or list entry) that holds them.
func guardSettings(ctx context.Context, m *providerModel, client *aliyun.Client, now func() time.Time) (guard.Settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := guard.Settings{Enforcement: guard.EnforceError, Now: now}
	if client != nil {
		s.Zones = client
	}
	if v := m.Enforcement.ValueString(); v != "" {
		s.Enforcement = guard.Enforcement(v)
	}

	declaredIn := map[string]string{}
	diags.Append(m.DeclaredFilings.ElementsAs(ctx, &declaredIn, false)...)
	declared, err := icpstatus.NewDeclared(declaredIn)
	if err != nil {
		diags.AddAttributeError(path.Root("declared_filings"), "Invalid declared ICP filing (备案号)", err.Error())
	}
	chain := icpstatus.Chain{Declared: declared}
	switch m.IcpSource.ValueString() {
	case "", icpstatus.SourceCompanyreg:
		chain.Primary = icpstatus.Companyreg{Client: client}
	case icpstatus.SourceBeian:
		chain.Primary = icpstatus.Beian{Client: client}
	}
	s.Filings = chain

	var mainlandCIDRs, offshoreCIDRs []string
	diags.Append(m.MainlandCIDRs.ElementsAs(ctx, &mainlandCIDRs, false)...)
	diags.Append(m.OffshoreCIDRs.ElementsAs(ctx, &offshoreCIDRs, false)...)
	decl, err := mainland.NewDeclared(mainlandCIDRs, offshoreCIDRs)
	var de *mainland.DeclaredError
	if errors.As(err, &de) {
		diags.AddAttributeError(path.Root(de.Setting).AtListIndex(de.Index), "Invalid "+de.Setting+" entry",
			err.Error()+". Write CIDRs like 203.0.113.0/24 or single addresses like 203.0.113.7.")
	}
	ls := guard.LocatorSettings{Declared: decl, LocationSources: []string{mainland.EmbeddedSource}}
	if client != nil && (m.AccountLookup.IsNull() || m.AccountLookup.ValueBool()) {
		ls.Account = client
	}
	// No download by default: the embedded location table decides, rir_sources is empty.
	if !m.LocationSources.IsNull() {
		ls.LocationSources = nil
		diags.Append(m.LocationSources.ElementsAs(ctx, &ls.LocationSources, false)...)
	}
	if !m.RIRSources.IsNull() {
		diags.Append(m.RIRSources.ElementsAs(ctx, &ls.RIRSources, false)...)
	}
	// A misspelled local path is a configuration error, not a warning at first use.
	for _, src := range []struct {
		setting, what string
		list          []string
	}{{mainland.SettingLocationSources, "location data file", ls.LocationSources}, {mainland.SettingRIRSources, "registry file", ls.RIRSources}} {
		bad := mainland.CheckLocalSources(src.setting, src.list)
		for i := range src.list {
			if err, ok := bad[i]; ok {
				diags.AddAttributeError(path.Root(src.setting).AtListIndex(i), "Invalid "+src.setting+": "+src.what+" not found",
					err.Error()+". Fix the path (relative paths are resolved from the directory Terraform runs in), or remove the entry.")
			}
		}
	}
	maxAge := mainland.DefaultMaxAge
	if v := m.RIRCacheMaxAge.ValueString(); v != "" {
		if d, problem := rirCacheMaxAge.parse("rir_cache_max_age", v); problem == "" { // reported by the validator
			maxAge = d
		}
	}
	cacheDir := ""
	if dir, err := os.UserCacheDir(); err == nil {
		cacheDir = filepath.Join(dir, "terraform-provider-beian", "rir")
	}
	ls.Loader = &mainland.Loader{CacheDir: cacheDir, MaxAge: maxAge}
	s.Locator = guard.NewLocator(ls)
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
