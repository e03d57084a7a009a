package provider

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
	"github.com/beian-dev/terraform-provider-beian/internal/memo"
)

const (
	enforcementError = "error"
	enforcementWarn  = "warn"
)

// guard is the ICP guard of one provider run (DESIGN.md §4): it classifies the address a
// record resolves to and, for a mainland server, requires an approved filing of the
// record's registrable domain. Everything it asks the cloud is cached for the run.
type guard struct {
	enforcement string
	icp         icpstatus.Source
	client      *aliyun.Client
	classifier  *mainland.Classifier // declared CIDRs + account; location and RIR data are loaded lazily
	locSources  []string             // location_sources; default: the embedded table only (no I/O)
	rirSources  []string             // rir_sources; default: none
	rirLoader   *mainland.Loader

	now func() time.Time

	loc memo.Value[*dataState[[]*mainland.LocationTable]] // location_sources, loaded on first need
	rir memo.Value[*dataState[*mainland.RIRData]]         // rir_sources, loaded when location data does not decide
}

// dataState is location or registry data once loaded (once per run; a failure is kept
// for the run too, so an unreachable host costs its timeout once), with the loader's
// warnings (a stale cached copy used).
type dataState[T any] struct {
	data     T
	warnings []string
}

// rirLoadTimeout bounds the download of the files of location_sources and rir_sources.
const rirLoadTimeout = 2 * time.Minute

// newGuard builds the guard from the provider settings. Bad settings are reported on the
// attribute that holds them. now is the provider's clock.
func newGuard(ctx context.Context, m *providerModel, client *aliyun.Client, now func() time.Time) (*guard, diag.Diagnostics) {
	var diags diag.Diagnostics
	if now == nil {
		now = time.Now
	}
	g := &guard{enforcement: enforcementError, client: client, now: now}
	if v := m.Enforcement.ValueString(); v != "" {
		g.enforcement = v
	}
	icpSource := icpstatus.SourceCompanyreg
	if v := m.IcpSource.ValueString(); v != "" {
		icpSource = v
	}

	declaredIn := map[string]string{}
	diags.Append(m.DeclaredFilings.ElementsAs(ctx, &declaredIn, false)...)
	declared, err := icpstatus.NewDeclared(declaredIn)
	if err != nil {
		diags.AddAttributeError(path.Root("declared_filings"), "Invalid declared ICP filing (备案号)", err.Error())
	}
	chain := icpstatus.Chain{Declared: declared}
	switch icpSource {
	case icpstatus.SourceCompanyreg:
		chain.Primary = icpstatus.Companyreg{Client: client}
	case icpstatus.SourceBeian:
		chain.Primary = icpstatus.Beian{Client: client}
	}
	g.icp = chain

	var mainlandCIDRs, offshoreCIDRs []string
	diags.Append(m.MainlandCIDRs.ElementsAs(ctx, &mainlandCIDRs, false)...)
	diags.Append(m.OffshoreCIDRs.ElementsAs(ctx, &offshoreCIDRs, false)...)
	decl, err := mainland.NewDeclared(mainlandCIDRs, offshoreCIDRs)
	var de *mainland.DeclaredError
	if errors.As(err, &de) {
		diags.AddAttributeError(path.Root(de.Setting).AtListIndex(de.Index), "Invalid "+de.Setting+" entry",
			err.Error()+". Write CIDRs like 203.0.113.0/24 or single addresses like 203.0.113.7.")
	}
	g.classifier = &mainland.Classifier{Declared: decl}
	if m.AccountLookup.IsNull() || m.AccountLookup.ValueBool() {
		g.classifier.Account = accountLookup{client: client}
	}

	// No download by default: the embedded location table decides, rir_sources is empty.
	g.locSources = []string{mainland.EmbeddedSource}
	if !m.LocationSources.IsNull() {
		g.locSources = nil
		diags.Append(m.LocationSources.ElementsAs(ctx, &g.locSources, false)...)
	}
	if !m.RIRSources.IsNull() {
		diags.Append(m.RIRSources.ElementsAs(ctx, &g.rirSources, false)...)
	}
	// A misspelled local path is a configuration error now, not a warning at first use.
	for _, src := range []struct {
		setting, what string
		list          []string
	}{{mainland.SettingLocationSources, "location data file", g.locSources}, {mainland.SettingRIRSources, "registry file", g.rirSources}} {
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
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("rir_cache_max_age"), "Invalid rir_cache_max_age",
				fmt.Sprintf("rir_cache_max_age = %q is not a positive duration; write it like 24h or 168h.", v))
		}
		maxAge = d
	}
	cacheDir := ""
	if dir, err := os.UserCacheDir(); err == nil {
		cacheDir = filepath.Join(dir, "terraform-provider-beian", "rir")
	}
	g.rirLoader = &mainland.Loader{CacheDir: cacheDir, MaxAge: maxAge}
	return g, diags
}

// accountLookup adapts the client's per-run address lookup to mainland.AccountLookup.
// fresh asks the account again for an address it did not hold when last asked (at apply
// time, a server created earlier in the same apply).
type accountLookup struct {
	client *aliyun.Client
	fresh  bool
	// skipped collects the scans left out for lack of permission, for the evidence.
	skipped *[]string
}

func (a accountLookup) LookupIP(ctx context.Context, addr netip.Addr) (mainland.AccountResource, bool, error) {
	ans, err := a.client.LookupAddress(ctx, addr, a.fresh)
	if err != nil {
		return mainland.AccountResource{}, false, err
	}
	if a.skipped != nil {
		*a.skipped = ans.Skipped
	}
	return mainland.AccountResource{Kind: ans.Held.Kind, ID: ans.Held.ID, Region: ans.Held.Region}, ans.Found, nil
}

// located is where an address is, as far as the guard could tell.
type located struct {
	mainland.Verdict
	// cloudErr is set when the account could not be searched (credentials, network,
	// throttling): the verdict may then be Unknown only because the cloud did not answer.
	cloudErr error
	// warnings are notes about the data used (a stale registry copy).
	warnings []string
}

// classify decides where addr is: declared CIDRs, then the account, then location data
// (location_sources; by default the embedded table, decoded on first need), then registry
// data (rir_sources, loaded only when location data does not decide). Each is loaded once
// per run. A failed account search does not stop the data from deciding; it is kept in
// cloudErr and named in the evidence. fresh asks the account again for an address it did
// not hold at plan time.
func (g *guard) classify(ctx context.Context, addr netip.Addr, fresh bool) located {
	var skipped []string
	c := *g.classifier
	if a, ok := c.Account.(accountLookup); ok {
		a.fresh, a.skipped = fresh, &skipped
		c.Account = a
	}
	v, accErr := c.Classify(ctx, addr)
	out := located{Verdict: v, cloudErr: accErr}
	if !addr.IsValid() {
		return out
	}
	if (accErr != nil || v.Class == mainland.Unknown) && mainland.NonPublic(addr) == "" && len(g.locSources)+len(g.rirSources) > 0 {
		dc := mainland.Classifier{Declared: c.Declared}
		if accErr == nil {
			dc.Account = c.Account // answers from the run's cache by now
		}
		var notes []string
		if len(g.locSources) > 0 {
			ls, err := g.loc.Get(ctx, rirLoadTimeout, g.loadLocation)
			if err != nil {
				// Not an error of the check: the address falls through to the registry data
				// or stays Unknown, and the evidence says why.
				notes = append(notes, fmt.Sprintf("the location data of location_sources could not be loaded: %v", err))
			} else {
				dc.Location, out.warnings = ls.data, append(out.warnings, ls.warnings...)
			}
		}
		rv, _ := dc.Classify(ctx, addr)
		if rv.Class == mainland.Unknown && len(g.rirSources) > 0 {
			rs, err := g.rir.Get(ctx, rirLoadTimeout, g.loadRIR)
			if err != nil {
				notes = append(notes, fmt.Sprintf("the registry data of rir_sources could not be loaded: %v", err))
			} else {
				dc.RIR, out.warnings = rs.data, append(out.warnings, rs.warnings...)
				rv, _ = dc.Classify(ctx, addr)
			}
		}
		out.Verdict = rv
		for _, n := range notes {
			out.Evidence += "; " + n
		}
	}
	if accErr != nil {
		out.Evidence += "; the cloud account could not be searched (account_lookup): " + accErr.Error()
	} else if len(skipped) > 0 && out.Source != mainland.SourceDeclared && out.Source != mainland.SourceAccount {
		out.Evidence += "; the cloud account scan left out (no permission or product not activated): " + strings.Join(skipped, "; ")
	}
	return out
}

// loadLocation loads the location data of location_sources.
func (g *guard) loadLocation(ctx context.Context) (*dataState[[]*mainland.LocationTable], error) {
	tabs, warns, err := g.rirLoader.LoadLocation(ctx, g.locSources)
	if err != nil {
		return nil, err
	}
	return &dataState[[]*mainland.LocationTable]{data: tabs, warnings: warns}, nil
}

// loadRIR loads the registry data of rir_sources.
func (g *guard) loadRIR(ctx context.Context) (*dataState[*mainland.RIRData], error) {
	data, warns, err := g.rirLoader.Load(ctx, g.rirSources)
	if err != nil {
		return nil, err
	}
	return &dataState[*mainland.RIRData]{data: data, warnings: warns}, nil
}

// guardTarget is what a record resolves to, as far as the guard is concerned.
type guardTarget struct {
	fqdn    string // the record's host name
	typ     string
	value   string
	enabled bool
}

// check runs the guard for one record and returns its diagnostics (on `value`). fresh
// is set at apply time: the account is asked again about addresses it did not hold at
// plan time.
//
// The guard fails closed: a record it could not judge because the cloud refused or did
// not answer (credentials, network, throttling after retries) is an error with
// enforcement = "error", with the cause first; only an address that no source can place
// (and no cloud failure is to blame for) is a warning.
func (g *guard) check(ctx context.Context, t guardTarget, fresh bool) diag.Diagnostics {
	var diags diag.Diagnostics
	if !t.enabled {
		return nil // a disabled record does not resolve
	}
	addrs, via := g.targets(ctx, t)
	if len(addrs) == 0 {
		return nil
	}
	for _, addr := range addrs {
		loc := g.classify(ctx, addr, fresh)
		for _, w := range loc.warnings {
			diags.AddAttributeWarning(path.Root("value"), "Registry data for the ICP guard is stale", w)
		}
		switch loc.Class {
		case mainland.Offshore:
			tflog.Debug(ctx, "ICP guard: offshore server, no filing needed", map[string]any{"fqdn": t.fqdn, "ip": addr.String(), "evidence": loc.Evidence})
			continue
		case mainland.Unknown:
			if loc.cloudErr != nil {
				g.add(&diags, "ICP guard (备案检查) could not judge "+t.fqdn+" → "+addr.String()+": Alibaba Cloud did not answer",
					fmt.Sprintf("Cause: %s\n\n%s (%s%s) points at %s. The guard could not search the cloud account for that address, and no other source (mainland_cidrs, offshore_cidrs, rir_sources) places it, so it cannot tell whether the server is in mainland China and whether an ICP filing (备案) is required.\n\n%s",
						apiErrorDetail(loc.cloudErr), t.fqdn, t.typ, via, addr, g.failClosedAdvice()))
				continue
			}
			diags.AddAttributeWarning(path.Root("value"), "ICP guard (备案检查) cannot classify "+addr.String(),
				fmt.Sprintf("%s (%s%s) points at %s, and the provider cannot tell whether that server is in mainland China, so the ICP filing (备案) requirement was not checked.\n\nEvidence: %s",
					t.fqdn, t.typ, via, addr, loc.Evidence))
			continue
		}
		registrable, err := icp.RegistrableDomain(t.fqdn)
		if err != nil {
			diags.AddAttributeWarning(path.Root("value"), "ICP guard cannot find the registrable domain", fmt.Sprintf("%s: %v", t.fqdn, err))
			continue
		}
		ans, err := g.icp.Lookup(ctx, registrable)
		if ans.Approved() {
			tflog.Debug(ctx, "ICP guard: filing approved", map[string]any{"domain": registrable, "icp_number": ans.ICPNumber, "source": ans.Source})
			diags.Append(riskWarnings(path.Root("value"), ans, g.now())...)
			continue
		}
		if err != nil || ans.Status == icp.Unknown {
			cause := ans.Evidence
			if err != nil {
				cause = apiErrorDetail(err)
			}
			g.add(&diags, "ICP guard (备案检查) could not read the ICP filing (备案) status of "+registrable,
				fmt.Sprintf("Cause: %s\n\n%s (%s%s) would resolve to %s, a server in mainland China (中国内地): %s. Whether %s has an approved ICP filing could not be read from icp_source, so the record cannot be allowed.\n\n%s",
					cause, t.fqdn, t.typ, via, addr, loc.Evidence, registrable, g.failClosedAdvice()))
			continue
		}
		summary := fmt.Sprintf("ICP filing (备案) required: %s → %s is a mainland-China server", t.fqdn, addr)
		detail := fmt.Sprintf("beian_dns_record %s (%s%s) would resolve to %s, a server in mainland China (中国内地): %s.\n\n"+
			"The registrable domain %s has no approved ICP filing (未备案). Evidence: %s\n\n"+
			"A domain must not resolve to a mainland server before its ICP filing is approved: the site gets blocked and the filing rejected. Two ways forward:\n"+
			"  1. File for ICP (提交备案) with your access provider (接入商, e.g. Alibaba Cloud's ICP filing system) and apply this record once the filing is approved — the plan passes by itself then.\n"+
			"  2. Until approval, point the record at a server outside mainland China (Hong Kong, Macau, Taiwan or abroad, e.g. a cn-hongkong instance): no filing is needed there.\n\n"+
			"If the filing was made through another access provider, declare it in the provider's declared_filings.",
			t.fqdn, t.typ, via, addr, loc.Evidence, registrable, ans.Evidence)
		if g.enforcement != enforcementWarn {
			detail += " To only warn, set enforcement = \"warn\" in the provider block."
		}
		g.add(&diags, summary, detail)
	}
	return diags
}

// add reports a finding that blocks the record: an error, or a warning with
// enforcement = "warn".
func (g *guard) add(diags *diag.Diagnostics, summary, detail string) {
	if g.enforcement == enforcementWarn {
		diags.AddAttributeWarning(path.Root("value"), summary, detail)
		return
	}
	diags.AddAttributeError(path.Root("value"), summary, detail)
}

// failClosedAdvice ends a "could not judge" finding.
func (g *guard) failClosedAdvice() string {
	if g.enforcement == enforcementWarn {
		return "With enforcement = \"warn\" this is a warning and the record is written unchecked. Fix the cause and plan again to have it checked."
	}
	return "The guard fails closed: a record it could not check is not allowed (enforcement = \"error\"). Fix the cause and plan again. If the address is known to you, mainland_cidrs or offshore_cidrs in the provider block decide without the cloud; enforcement = \"warn\" turns this into a warning."
}

// targets returns the addresses a record resolves to: the value of A/AAAA; for a CNAME,
// the A/AAAA records of its target when the target is in one of the account's zones.
func (g *guard) targets(ctx context.Context, t guardTarget) ([]netip.Addr, string) {
	switch t.typ {
	case "A", "AAAA":
		a, err := netip.ParseAddr(strings.TrimSpace(t.value))
		if err != nil {
			return nil, ""
		}
		return []netip.Addr{a.Unmap()}, ""
	case "CNAME":
		target := dnsrecord.CanonicalValue("CNAME", t.value)
		zone, err := icp.RegistrableDomain(target)
		if err != nil {
			return nil, ""
		}
		snap, err := g.client.ZoneRecords(ctx, zone)
		if err != nil {
			tflog.Debug(ctx, "ICP guard: CNAME target is not in a zone of this account; not checked", map[string]any{"target": target})
			return nil, ""
		}
		rr := "@"
		if target != zone {
			rr = strings.TrimSuffix(target, "."+zone)
		}
		var out []netip.Addr
		for _, rec := range snap.Find(rr, "") {
			if (rec.Type == "A" || rec.Type == "AAAA") && rec.Status != "DISABLE" {
				if a, err := netip.ParseAddr(rec.Value); err == nil {
					out = append(out, a.Unmap())
				}
			}
		}
		return out, ", via CNAME " + target
	}
	return nil, ""
}

// riskWarnings turns a filing's rectification items with a deadline into warnings.
func riskWarnings(p path.Path, ans icp.Answer, now time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, r := range ans.Risks {
		if r.Deadline.IsZero() {
			continue
		}
		days := calendarDaysUntil(now, r.Deadline)
		when := fmt.Sprintf("in %d days", days)
		if days < 0 {
			when = fmt.Sprintf("%d days ago", -days)
		}
		diags.AddAttributeWarning(p, fmt.Sprintf("ICP filing %s has a rectification deadline (整改期限) %s", ans.ICPNumber, r.Deadline.Format("2006-01-02")),
			fmt.Sprintf("The filing of %s has an open rectification item (整改)%s. It must be resolved by %s (%s), or the filing may be cancelled (注销).",
				ans.Domain, riskDetailText(r), r.Deadline.Format("2006-01-02"), when))
	}
	return diags
}

// riskDetailText renders a risk's details (RiskSource and RectifySuggestList) for a
// diagnostic: ": source A (suggested: x; y); source B", or "" without details.
func riskDetailText(r icp.Risk) string {
	var parts []string
	for _, d := range r.Details {
		part := d.Source
		if part == "" {
			part = "unnamed source"
		}
		if len(d.RectifySuggestions) > 0 {
			part += " (suggested: " + strings.Join(d.RectifySuggestions, "; ") + ")"
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, "; ")
}

// guardPlan runs the guard at plan time for a record being created (state nil) or changed
// in a way that affects where it resolves; in is the plan's canonical API input. A value
// not known yet is checked at apply instead.
func (r *dnsRecordResource) guardPlan(ctx context.Context, state, plan *dnsRecordModel, in aliyun.DNSRecordInput) diag.Diagnostics {
	var diags diag.Diagnostics
	if r.data.guard == nil {
		return nil
	}
	if state != nil && !resolutionChanged(state, plan) {
		return nil
	}
	if plan.Type.IsUnknown() || plan.Value.IsUnknown() || plan.Domain.IsUnknown() || plan.RR.IsUnknown() || plan.Status.IsUnknown() {
		t := plan.Type.ValueString()
		if plan.Type.IsUnknown() || t == "A" || t == "AAAA" || t == "CNAME" {
			diags.AddAttributeWarning(path.Root("value"), "ICP guard (备案检查) will run at apply",
				"The record's value is not known until apply (for example a server created in the same apply), so the ICP filing check runs just before the record is written. A record that would point a domain without an approved filing at a mainland-China server is not created.")
		}
		return diags
	}
	if in.Domain == "" {
		return nil // an invalid domain: reported by the validators
	}
	return r.data.guard.check(ctx, guardTarget{
		fqdn: dnsrecord.FQDN(in.RR, in.Domain), typ: in.Type, value: in.Value, enabled: plan.Status.ValueString() != "DISABLE",
	}, false)
}

// guardApply repeats the check just before a record is written. Warnings were shown at
// plan time already (when the value was known), so only errors are returned here.
func (r *dnsRecordResource) guardApply(ctx context.Context, plan *dnsRecordModel, in aliyun.DNSRecordInput) diag.Diagnostics {
	if r.data.guard == nil {
		return nil
	}
	all := r.data.guard.check(ctx, guardTarget{
		fqdn: dnsrecord.FQDN(in.RR, in.Domain), typ: in.Type, value: in.Value, enabled: plan.Status.ValueString() != "DISABLE",
	}, true)
	var out diag.Diagnostics
	for _, d := range all {
		if d.Severity() == diag.SeverityError {
			out.Append(d)
		}
	}
	return out
}

func resolutionChanged(state, plan *dnsRecordModel) bool {
	return !state.Value.Equal(plan.Value) || !state.Type.Equal(plan.Type) || !state.RR.Equal(plan.RR) ||
		!state.Domain.Equal(plan.Domain) || (!state.Status.Equal(plan.Status) && plan.Status.ValueString() == "ENABLE")
}
