package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

var (
	_ resource.ResourceWithConfigure      = (*domainResource)(nil)
	_ resource.ResourceWithImportState    = (*domainResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*domainResource)(nil)
	_ resource.ResourceWithValidateConfig = (*domainResource)(nil)
)

// privateRegistrationTask is the private-state key holding the registration task of a
// resource whose registration was submitted but not seen to finish.
const privateRegistrationTask = "registration_task"

var domainTimeouts = operationTimeouts{create: 30 * time.Minute, update: 20 * time.Minute, delete: 5 * time.Minute,
	createCovers: "registration with its order task polled until it ends, or adoption"}

// NewDomainResource registers or adopts a domain and keeps it renewed.
func NewDomainResource() resource.Resource { return &domainResource{} }

type domainResource struct{ resourceBase }

type domainModel struct {
	ID                       types.String   `tfsdk:"id"`
	DomainName               types.String   `tfsdk:"domain_name"`
	Years                    types.Int64    `tfsdk:"years"`
	AutoRenew                types.Bool     `tfsdk:"auto_renew"`
	RegistrantProfileID      types.Int64    `tfsdk:"registrant_profile_id"`
	AdoptExisting            types.Bool     `tfsdk:"adopt_existing"`
	DNSServers               types.Set      `tfsdk:"dns_servers"`
	PrivacyProtection        types.Bool     `tfsdk:"privacy_protection"`
	CancelAutoRenewOnDestroy types.Bool     `tfsdk:"cancel_auto_renew_on_destroy"`
	InstanceID               types.String   `tfsdk:"instance_id"`
	RegistrationDate         types.String   `tfsdk:"registration_date"`
	ExpirationDate           types.String   `tfsdk:"expiration_date"`
	DomainStatus             types.String   `tfsdk:"domain_status"`
	RealNameStatus           types.String   `tfsdk:"real_name_status"`
	RealNameVerified         types.Bool     `tfsdk:"real_name_verified"`
	DaysUntilExpiry          types.Int64    `tfsdk:"days_until_expiry"`
	FilingEligibleAfter      types.String   `tfsdk:"filing_eligible_after"`
	Timeouts                 timeouts.Value `tfsdk:"timeouts"`
}

func (r *domainResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_domain"
}

func (r *domainResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A domain name in the Alibaba Cloud (阿里云) domain service: step one of every ICP filing (备案). " +
			"The resource either **registers** a new domain (a purchase, `adopt_existing = false`) or **adopts** one already in the " +
			"account (`adopt_existing = true`, nothing is bought), keeps it on auto-renew (自动续费), and shows its real-name " +
			"verification (实名认证) status and the date from which a filing may be submitted.\n\n" +
			"**Registration** is an asynchronous task: the provider submits it (`SaveSingleTaskForCreatingOrderActivate`), " +
			"polls `QueryTaskDetailList` with backoff until it succeeds or fails, and reports a failed task's reason verbatim. " +
			"Availability is checked with `CheckDomain` at plan time, so a taken name fails the plan before anything is bought. " +
			"The resource is saved in state as soon as the task is submitted: if the wait is interrupted or times out, the " +
			"resource is left *tainted*, never forgotten while a purchase may be running.\n\n" +
			"**Destroying never deletes the domain** (it is a purchase): the resource is removed from state with a warning, " +
			"and auto-renew is left as it was unless `cancel_auto_renew_on_destroy = true`.\n\n" +
			"Plan warnings: a domain expiring within 30 days with auto-renew off; real-name verification not passed (an ICP " +
			"filing cannot start until it succeeds); fewer than 3 years registered.\n\n" +
			"Import by domain name: `terraform import beian_domain.example example.com` (imported domains get `adopt_existing = true`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The domain name in canonical form: lower case, punycode for internationalised names (`xn--fsqu00a.xn--fiqs8s`).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"domain_name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The domain, e.g. `example.com`. Internationalised names are accepted in either spelling " +
					"(`例子.中国` or `xn--fsqu00a.xn--fiqs8s`) and your spelling is kept in state. Changing it to a different " +
					"domain replaces the resource (the old domain stays registered: see destroy).",
				Validators: []validator.String{domainNameValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(domainNameChanged,
					"Replaced when the domain changes (not when only its spelling does).",
					"Replaced when the domain changes (not when only its spelling does, e.g. `例子.中国` → `xn--fsqu00a.xn--fiqs8s`).")},
			},
			"years": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Subscription years (购买年限) for a new registration, 1–10. Required when `adopt_existing = false`; " +
					"not used when adopting, and changing it later does not renew the domain. The plan warns below 3: an ICP filing " +
					"is tied to the domain, and a domain that lapses loses its filing, so filings are made for domains held for several years.",
				Validators: []validator.Int64{int64validator.Between(1, 10)},
			},
			"auto_renew": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Auto-renew (自动续费). Default `true`. Set with the Domain API's `SetupDomainAutoRenew` " +
					"(`SET`/`CANCEL`) and read back from the BSS OpenAPI `QueryAvailableInstances` (`ProductCode = \"domain\"`, " +
					"`RenewStatus` `AutoRenewal` → true, `ManualRenewal`/`NotRenewal` → false), because the Domain API does not " +
					"report it; a change made outside Terraform therefore shows in the plan. Reading it needs the RAM permission " +
					"`bss:QueryAvailableInstances` (e.g. the `AliyunBSSReadOnlyAccess` policy).",
			},
			"registrant_profile_id": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "ID of the registrant profile (域名信息模板) to register the domain with. The profile must have " +
					"passed real-name verification (实名认证); it is checked at plan time. Required when `adopt_existing = false`. " +
					"Only used for registration: changing it later does not transfer the domain to another registrant (过户 is done in the console).",
			},
			"adopt_existing": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "`true`: the domain is already in this Alibaba Cloud account; nothing is bought, and the plan " +
					"fails if the domain is not in the account. `false` (default): register the domain; the plan fails clearly if " +
					"the name is taken, reserved or already in this account. Only affects creation.",
			},
			"dns_servers": schema.SetAttribute{
				ElementType: types.StringType, Optional: true, Computed: true,
				MarkdownDescription: "Name servers of the domain. Default: Alibaba Cloud DNS (云解析 DNS) — a new registration " +
					"uses it and gets its Alidns zone, so `beian_dns_record` can manage the records. Leave it unset to keep whatever " +
					"the domain uses (shown after apply); set 2–13 host names to manage them (`SaveBatchTaskForModifyingDomainDns`). " +
					"Case and a trailing dot do not matter.",
				Validators:    []validator.Set{setvalidator.SizeBetween(2, 13), setvalidator.ValueStringsAre(domainNameValidator{})},
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"privacy_protection": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Privacy protection (隐私保护) of the WHOIS record (`DomainNameProxyService`). Leave unset to keep " +
					"what the domain has (a new registration starts without it); set it to manage it " +
					"(`SaveBatchTaskForDomainNameProxyService`). Some registries (e.g. `.cn`) do not offer it.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"cancel_auto_renew_on_destroy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "When `true`, destroying the resource turns auto-renew off before removing the domain from " +
					"state, so the domain lapses at `expiration_date`. Default `false`: auto-renew is left as it is. The domain is never deleted.",
			},
			"instance_id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Instance ID of the domain in the Domain API and in billing (BSS), e.g. `S20261234567890`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"registration_date": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Registration date, `YYYY-MM-DD` in China Standard Time (UTC+8), from `RegistrationDate`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"expiration_date": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Expiration date, `YYYY-MM-DD` in China Standard Time (UTC+8), from `ExpirationDate`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"domain_status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Domain status from `DomainStatus`: `NORMAL` (3, 正常), `URGENT_RENEWAL` (1, 急需续费: expired, " +
					"renew now), `URGENT_REDEMPTION` (2, 急需赎回: in redemption); any other code is shown as the API returns it.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"real_name_status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Real-name verification (实名认证) status from `RealNameStatus`: `NONAUDIT` (not submitted), " +
					"`AUDITING` (under review), `SUCCEED` or `FAILED`. An ICP filing cannot start until it is `SUCCEED`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"real_name_verified": schema.BoolAttribute{
				Computed: true, MarkdownDescription: "`true` when `real_name_status` is `SUCCEED`.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"days_until_expiry": schema.Int64Attribute{
				Computed: true, MarkdownDescription: "Calendar days (China Standard Time) from the day the provider last read the domain until `expiration_date`: " +
					"0 on the expiration day, negative once expired.",
			},
			"filing_eligible_after": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: fmt.Sprintf("The date (`YYYY-MM-DD`, China Standard Time) from which an ICP filing (备案) "+
					"may be submitted for this domain, by this provider's conservative rule: real-name verification (实名认证) must "+
					"have succeeded, and the domain must have been registered for %d full days (registration date + %d days), "+
					"because real-name data takes days to reach the MIIT (工信部) system and several provinces (管局) and "+
					"access providers (接入商) reject domains registered more recently. Null while real-name verification has "+
					"not succeeded (the API does not tell when it will). Your access provider may be stricter.", icp.FilingWaitDays, icp.FilingWaitDays),
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": domainTimeouts.attribute(ctx),
		},
	}
}

// domainNameChanged replaces the resource only when the domain itself changes, not when
// its spelling does (IDN vs punycode, case, trailing dot).
func domainNameChanged(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	resp.RequiresReplace = !sameDomain(req.StateValue.ValueString(), req.PlanValue.ValueString())
}

func sameDomain(a, b string) bool {
	na, errA := icp.NormalizeDomain(a)
	nb, errB := icp.NormalizeDomain(b)
	if errA != nil || errB != nil {
		return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
	}
	return na == nb
}

// ValidateConfig: a registration needs years and a registrant profile.
func (r *domainResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m domainModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.AdoptExisting.IsUnknown() || m.AdoptExisting.ValueBool() {
		return
	}
	name := m.DomainName.ValueString()
	if m.Years.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("years"), "years is required to register a domain",
			fmt.Sprintf("beian_domain %q has adopt_existing = false, so it registers (buys) the domain, and a registration needs a "+
				"subscription length (购买年限). Set years (1–10; 3 or more is advised for an ICP filing), or set adopt_existing = true "+
				"if the domain is already in your Alibaba Cloud account.", name))
	}
	if m.RegistrantProfileID.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("registrant_profile_id"), "registrant_profile_id is required to register a domain",
			fmt.Sprintf("beian_domain %q has adopt_existing = false, so it registers the domain, and the registrant comes from a "+
				"registrant profile (域名信息模板) that has passed real-name verification (实名认证). Create one in the Alibaba Cloud "+
				"console (Domains → Registrant profiles / 信息模板) and set its ID here, or set adopt_existing = true if the domain "+
				"is already in your account.", name))
	}
}

// domainFacts is what the plan warnings are computed from.
type domainFacts struct {
	Domain         string
	Registering    bool      // a new registration is planned
	Years          int64     // planned years of a registration; 0 = unknown
	Expiration     time.Time // zero = unknown
	RealNameStatus string    // "" = unknown
	AutoRenew      *bool     // planned auto_renew; nil = unknown
}

type planWarning struct {
	Attr    string
	Summary string
	Detail  string
}

// domainPlanWarnings are the plan warnings of a domain, given the clock.
func domainPlanWarnings(f domainFacts, now time.Time) []planWarning {
	var out []planWarning
	if f.Registering && f.Years > 0 && f.Years < icp.RecommendedRegistrationYears {
		out = append(out, planWarning{"years", fmt.Sprintf("Domain registered for fewer than %d years", icp.RecommendedRegistrationYears),
			fmt.Sprintf("beian_domain %q is registered for years = %d. An ICP filing (备案) is tied to the domain and is cancelled "+
				"if the domain lapses, and access providers (接入商) expect a domain held for several years. Consider years = %d or "+
				"more, and keep auto_renew = true.", f.Domain, f.Years, icp.RecommendedRegistrationYears)})
	}
	if f.RealNameStatus != "" && f.RealNameStatus != aliyun.RealNameSucceed {
		out = append(out, planWarning{"real_name_status", "Real-name verification (实名认证) has not succeeded",
			fmt.Sprintf("beian_domain %q has real_name_status = %s (%s). ICP filing cannot start until real-name verification "+
				"succeeds. Submit or fix the verification in the Alibaba Cloud console (Domains → %s → 实名认证), or register "+
				"with a registrant profile that is already verified.", f.Domain, f.RealNameStatus, aliyun.DescribeRealNameStatus(f.RealNameStatus), f.Domain)})
	}
	if f.AutoRenew != nil && !*f.AutoRenew && !f.Expiration.IsZero() {
		if days := icp.CalendarDaysUntil(now, f.Expiration); days < icp.ExpiryWarningDays {
			when := fmt.Sprintf("expires in %d days (on %s)", days, chinaDate(f.Expiration))
			switch {
			case days < 0:
				when = fmt.Sprintf("expired %d %s ago (on %s)", -days, plural(-days, "day", "days"), chinaDate(f.Expiration))
			case days == 0:
				when = fmt.Sprintf("expires today (%s)", chinaDate(f.Expiration))
			case days == 1:
				when = fmt.Sprintf("expires tomorrow (%s)", chinaDate(f.Expiration))
			}
			out = append(out, planWarning{"auto_renew", "Domain expires soon and auto-renew is off",
				fmt.Sprintf("beian_domain %q %s and auto_renew = false. A lapsed domain stops resolving and its ICP filing (备案) "+
					"is cancelled. Set auto_renew = true, or renew it in the console (续费).", f.Domain, when)})
		}
	}
	return out
}

// domainStatusName turns the Domain API's DomainStatus code into a word.
func domainStatusName(code string) string {
	switch code {
	case "1":
		return "URGENT_RENEWAL"
	case "2":
		return "URGENT_REDEMPTION"
	case "3":
		return "NORMAL"
	}
	return code
}

// canonicalNameServer compares name servers case- and trailing-dot-insensitively.
func canonicalNameServer(s string) string {
	if n, err := icp.NormalizeDomain(s); err == nil {
		return n
	}
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
}

// sameNameServers reports whether two name server lists are the same set.
func sameNameServers(a, b []string) bool {
	ca, cb := canonicalSet(a), canonicalSet(b)
	if len(ca) != len(cb) {
		return false
	}
	for i := range ca {
		if ca[i] != cb[i] {
			return false
		}
	}
	return true
}

func canonicalSet(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		c := canonicalNameServer(x)
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

func setStrings(ctx context.Context, s types.Set) ([]string, diag.Diagnostics) {
	if s.IsNull() || s.IsUnknown() {
		return nil, nil
	}
	var out []string
	d := s.ElementsAs(ctx, &out, false)
	return out, d
}

// ModifyPlan checks a registration or adoption against the account at plan time and
// adds the warnings of domainPlanWarnings.
func (r *domainResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		if !req.State.Raw.IsNull() {
			var st domainModel
			if resp.Diagnostics.Append(req.State.Get(ctx, &st)...); !resp.Diagnostics.HasError() {
				resp.Diagnostics.AddWarning("Destroying beian_domain does not delete the domain",
					destroyMessage(st.DomainName.ValueString(), st.CancelAutoRenewOnDestroy.ValueBool()))
			}
		}
		return
	}
	if r.data == nil {
		return
	}
	var plan domainModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.DomainName.IsUnknown() {
		return
	}
	name, err := icp.NormalizeDomain(plan.DomainName.ValueString())
	if err != nil {
		return // the validator reports it
	}
	facts := domainFacts{Domain: name}
	if !plan.AutoRenew.IsUnknown() {
		v := plan.AutoRenew.ValueBool()
		facts.AutoRenew = &v
	}

	if req.State.Raw.IsNull() {
		if plan.AdoptExisting.IsUnknown() {
			return
		}
		if plan.AdoptExisting.ValueBool() {
			d, err := r.data.client.QueryDomain(ctx, name)
			if err == nil {
				facts.Expiration, facts.RealNameStatus = d.ExpirationDate, d.RealNameStatus
			} else if notFound, detail := domainQueryProblem(name, err, true); notFound {
				resp.Diagnostics.AddAttributeError(path.Root("adopt_existing"), "Domain is not in this Alibaba Cloud account", detail)
			} else if cloudDown(err) {
				resp.Diagnostics.AddAttributeError(path.Root("domain_name"), "Cannot plan beian_domain: Alibaba Cloud did not answer",
					fmt.Sprintf("Cause: %s\n\nQueryDomainByDomainName for %s could not be made, so the plan cannot say whether the domain is in this account. Fix the cause and plan again.", detail, name))
			} else {
				resp.Diagnostics.AddAttributeWarning(path.Root("domain_name"), "Could not check the domain at plan time",
					fmt.Sprintf("QueryDomainByDomainName for %s failed, so the domain is checked when it is adopted instead: %s", name, detail))
			}
		} else {
			facts.Registering = true
			if !plan.Years.IsUnknown() {
				facts.Years = plan.Years.ValueInt64()
			}
			resp.Diagnostics.Append(r.checkRegistrable(ctx, name, plan.RegistrantProfileID)...)
		}
	} else {
		var state domainModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if t, err := parseChinaDate(state.ExpirationDate.ValueString()); err == nil {
			facts.Expiration = t
		}
		facts.RealNameStatus = state.RealNameStatus.ValueString()
		if !plan.RegistrantProfileID.IsUnknown() && !state.RegistrantProfileID.IsNull() && !plan.RegistrantProfileID.Equal(state.RegistrantProfileID) {
			resp.Diagnostics.AddAttributeWarning(path.Root("registrant_profile_id"), "Changing registrant_profile_id does not change the registrant",
				fmt.Sprintf("beian_domain %q is already registered; registrant_profile_id is only used for a registration, so the new value is "+
					"recorded but the domain's registrant is not changed. A change of registrant (过户) is done in the Alibaba Cloud console.", name))
		}
	}
	for _, w := range domainPlanWarnings(facts, r.data.now()) {
		resp.Diagnostics.AddAttributeWarning(path.Root(w.Attr), w.Summary, w.Detail)
	}
}

// checkRegistrable is the plan-time (and apply-time) check before a purchase: not already
// in this account, available at the registry, and a usable registrant profile.
func (r *domainResource) checkRegistrable(ctx context.Context, name string, profile types.Int64) diag.Diagnostics {
	var diags diag.Diagnostics
	client := r.data.client
	d, err := client.QueryDomain(ctx, name)
	switch {
	case err == nil:
		diags.AddAttributeError(path.Root("adopt_existing"), "Domain is already in this Alibaba Cloud account",
			fmt.Sprintf("%s is already registered in this Alibaba Cloud account (instance %s, registered %s, expires %s), so "+
				"adopt_existing = false would buy it again. Set adopt_existing = true to manage it, or import it: "+
				"terraform import <address> %s. If an earlier apply registered it and timed out, the resource is tainted: "+
				"run terraform untaint <address> instead.", name, d.InstanceID, chinaDate(d.RegistrationDate), chinaDate(d.ExpirationDate), name))
		return diags
	case cloudDown(err):
		diags.AddAttributeError(path.Root("domain_name"), "Cannot plan beian_domain: Alibaba Cloud did not answer",
			fmt.Sprintf("Cause: %s\n\nQueryDomainByDomainName for %s could not be made, so the plan cannot tell whether registering would buy a domain this account already holds. Nothing is bought from a plan like this: fix the cause and plan again.", apiErrorDetail(err), name))
		return diags
	case !aliyun.IsNotFound(err):
		diags.AddAttributeWarning(path.Root("domain_name"), "Could not check the domain at plan time",
			fmt.Sprintf("QueryDomainByDomainName for %s failed, so availability is checked when the domain is registered instead: %s", name, apiErrorDetail(err)))
		return diags
	}
	avail, err := client.CheckDomain(ctx, name)
	switch {
	case err != nil:
		diags.AddAttributeWarning(path.Root("domain_name"), "Could not check whether the domain is available",
			fmt.Sprintf("CheckDomain for %s failed, so availability is checked by the registration itself: %s", name, apiErrorDetail(err)))
	case !avail.Available:
		reason := avail.Reason
		if reason == "" {
			reason = "no reason given"
		}
		diags.AddAttributeError(path.Root("domain_name"), "Domain is not available for registration",
			fmt.Sprintf("%s cannot be registered: CheckDomain answered %q. Nothing was bought. Choose another name, or, if the "+
				"domain is already yours in this account, set adopt_existing = true.", name, reason))
	}
	if profile.IsNull() || profile.IsUnknown() {
		return diags
	}
	p, err := client.QueryRegistrantProfile(ctx, profile.ValueInt64())
	switch {
	case aliyun.IsNotFound(err):
		diags.AddAttributeError(path.Root("registrant_profile_id"), "Registrant profile not found",
			fmt.Sprintf("registrant_profile_id = %d is not a registrant profile (域名信息模板) of this Alibaba Cloud account. Check the ID "+
				"in the console (Domains → Registrant profiles / 信息模板).", profile.ValueInt64()))
	case err != nil:
		diags.AddAttributeWarning(path.Root("registrant_profile_id"), "Could not check the registrant profile",
			fmt.Sprintf("QueryRegistrantProfiles for %d failed, so the profile is checked by the registration itself: %s", profile.ValueInt64(), apiErrorDetail(err)))
	case p.RealNameStatus != aliyun.RealNameSucceed:
		diags.AddAttributeError(path.Root("registrant_profile_id"), "Registrant profile has not passed real-name verification (实名认证)",
			fmt.Sprintf("Registrant profile %d has real-name status %s (%s). A domain is registered with a verified profile: finish its "+
				"real-name verification in the console, or use another profile.", p.ID, p.RealNameStatus, aliyun.DescribeRealNameStatus(p.RealNameStatus)))
	}
	return diags
}

// domainQueryProblem explains a failed QueryDomainByDomainName: notFound when the domain is
// simply not in the account (detail then says what to do, for an adoption when adopting,
// else for an import), otherwise the API error in words.
func domainQueryProblem(name string, err error, adopting bool) (notFound bool, detail string) {
	if !aliyun.IsNotFound(err) {
		return false, apiErrorDetail(err)
	}
	if !adopting {
		return true, fmt.Sprintf("%s is not in this Alibaba Cloud account (QueryDomainByDomainName: %s). Check the spelling and the provider's credentials.", name, err)
	}
	return true, fmt.Sprintf("adopt_existing = true, but %s is not in this Alibaba Cloud account (QueryDomainByDomainName: %s). Check the "+
		"spelling and the account of the provider's credentials, or set adopt_existing = false (with years and "+
		"registrant_profile_id) to register it.", name, err)
}

func destroyMessage(name string, cancel bool) string {
	renew := "Auto-renew (自动续费) is left as it is."
	if cancel {
		renew = "Auto-renew (自动续费) is turned off (cancel_auto_renew_on_destroy = true), so the domain lapses at its expiration date unless renewed by hand."
	}
	return fmt.Sprintf("The domain %s is a purchase and stays registered in your Alibaba Cloud account; it is only removed from "+
		"Terraform state. %s Manage it in the console, or import it again with terraform import.", name, renew)
}

func (r *domainResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan domainModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, domainTimeouts.create)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	name, err := icp.NormalizeDomain(plan.DomainName.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("domain_name"), "Invalid domain name", err.Error())
		return
	}
	client := r.data.client
	var dom aliyun.Domain
	var currentAutoRenew *bool
	if plan.AdoptExisting.ValueBool() {
		dom, err = client.QueryDomain(ctx, name)
		if err != nil {
			if notFound, detail := domainQueryProblem(name, err, true); notFound {
				resp.Diagnostics.AddAttributeError(path.Root("adopt_existing"), "Domain is not in this Alibaba Cloud account", detail)
			} else {
				resp.Diagnostics.AddError("Cannot read domain "+name, detail)
			}
			return
		}
		r.saveEarly(ctx, &plan, name, resp)
		if st, found, err := client.DomainRenewStatus(ctx, dom.InstanceID); err == nil && found {
			v := aliyun.AutoRenewOn(st)
			currentAutoRenew = &v
		}
	} else {
		// Checked again before buying: values may have been unknown at plan time.
		if diags := r.checkRegistrable(ctx, name, plan.RegistrantProfileID); diags.HasError() {
			resp.Diagnostics.Append(diags...)
			return
		}
		var ok bool
		if dom, ok = r.register(ctx, &plan, name, timeout, resp); !ok {
			return
		}
	}
	resp.Diagnostics.Append(r.reconcile(ctx, &plan, dom, currentAutoRenew, "create", timeout)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if found, diags := r.readInto(ctx, &plan, autoRenewKeepPlanned); !found {
		resp.Diagnostics.AddError("Cannot read domain "+name,
			fmt.Sprintf("QueryDomainByDomainName does not find %s right after it was registered or adopted. The resource was kept in state as tainted; refresh again in a few minutes.", name))
		return
	} else if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateRegistrationTask, nil)...)
}

// saveEarly records the resource in state before anything that can fail or be
// interrupted, so that a failure leaves it tainted, not orphaned.
func (r *domainResource) saveEarly(ctx context.Context, plan *domainModel, name string, resp *resource.CreateResponse) {
	for attr, v := range map[string]attr.Value{
		"id": types.StringValue(name), "domain_name": plan.DomainName, "years": plan.Years,
		"registrant_profile_id": plan.RegistrantProfileID, "adopt_existing": plan.AdoptExisting, "auto_renew": plan.AutoRenew,
		"cancel_auto_renew_on_destroy": plan.CancelAutoRenewOnDestroy,
	} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), v)...)
	}
}

type registrationTask struct {
	TaskNo    string `json:"task_no"`
	Submitted string `json:"submitted"`
}

// register submits the registration, saves the resource, and waits for the task.
func (r *domainResource) register(ctx context.Context, plan *domainModel, name string, timeout time.Duration, resp *resource.CreateResponse) (aliyun.Domain, bool) {
	client := r.data.client
	servers, d := setStrings(ctx, plan.DNSServers)
	resp.Diagnostics.Append(d...)
	in := aliyun.RegisterDomainInput{Domain: name, Years: int(plan.Years.ValueInt64()), RegistrantProfileID: plan.RegistrantProfileID.ValueInt64(),
		PrivacyProtection: plan.PrivacyProtection.ValueBool()}
	// Only two name servers can be given at registration (Dns1, Dns2); more, or two that
	// are the same server spelt differently, are set by reconcile afterwards.
	if servers := canonicalSet(servers); len(servers) == 2 {
		in.DNSServers = servers
	}
	taskNo, err := client.RegisterDomain(ctx, in)
	if err != nil {
		resp.Diagnostics.AddError("Cannot register domain "+name+" (域名注册)", registerErrorDetail(err, name, in))
		return aliyun.Domain{}, false
	}
	tflog.Info(ctx, "domain registration submitted", map[string]any{"domain": name, "task_no": taskNo, "years": in.Years})
	// From here on a purchase may be running: keep the resource in state.
	r.saveEarly(ctx, plan, name, resp)
	b, _ := json.Marshal(registrationTask{TaskNo: taskNo, Submitted: r.data.now().UTC().Format(time.RFC3339)})
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateRegistrationTask, b)...)

	task, err := client.WaitDomainTask(ctx, taskNo, aliyun.DefaultTaskPoll)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Registration of %s (域名注册) did not finish: task %s", name, taskNo),
			taskWaitDetail(err, "registration", name, taskNo, "create", timeout)+
				"\n\nThe domain may still be registered (it is a purchase), so the resource was kept in state as tainted rather than forgotten. "+
				"When the task has finished (console: Domains → Operation records / 操作记录, task "+taskNo+"), run terraform untaint on this "+
				"resource and apply again to keep it; the next refresh also reads the task's outcome.")
		return aliyun.Domain{}, false
	}
	if task.Failed() {
		resp.State.RemoveResource(ctx)
		resp.Diagnostics.AddAttributeError(path.Root("domain_name"), fmt.Sprintf("Registration of %s (域名注册) failed", name),
			fmt.Sprintf("The registration task %s of %s failed with this reason (verbatim from QueryTaskDetailList):\n\n%s\n\n"+
				"Nothing was registered, and the resource was not saved. Fix the cause (another name, another registrant profile, account balance) and apply again.",
				taskNo, name, task.FailReason))
		return aliyun.Domain{}, false
	}
	dom, err := client.QueryDomain(ctx, name)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read domain "+name+" after its registration",
			fmt.Sprintf("The registration task %s succeeded, but reading the domain failed: %s\n\nThe resource was saved as tainted; run terraform untaint on it and apply again.", taskNo, apiErrorDetail(err)))
		return aliyun.Domain{}, false
	}
	return dom, true
}

func registerErrorDetail(err error, name string, in aliyun.RegisterDomainInput) string {
	switch aliyun.CodeOf(err) {
	case "RegistrantProfileNotExist":
		return apiErrorDetail(err) + fmt.Sprintf("\n\nregistrant_profile_id = %d is not a registrant profile (域名信息模板) of this account. Nothing was bought.", in.RegistrantProfileID)
	case "RegistrantProfileNotVerified":
		return apiErrorDetail(err) + fmt.Sprintf("\n\nRegistrant profile %d has not passed real-name verification (实名认证). Finish it in the console or use another profile. Nothing was bought.", in.RegistrantProfileID)
	}
	if aliyun.IsConflict(err) {
		return apiErrorDetail(err) + fmt.Sprintf("\n\n%s is taken or already being registered. Nothing was bought.", name)
	}
	return apiErrorDetail(err) + "\n\nThe registration was not accepted; nothing was bought."
}

// taskWaitDetail explains a task wait that ended without an outcome.
func taskWaitDetail(err error, what, name, taskNo, op string, timeout time.Duration) string {
	var we *aliyun.TaskWaitError
	if errors.As(err, &we) {
		return fmt.Sprintf("The %s task %s of %s was still %s when the %s timeout of %s ran out (%v). Raise timeouts.%s if tasks take longer.",
			what, taskNo, name, strings.ToLower(we.Task.Status), op, timeout, we.Err, op)
	}
	return fmt.Sprintf("Polling the %s task %s of %s (QueryTaskDetailList) failed: %s", what, taskNo, name, apiErrorDetail(err))
}

// reconcile brings auto-renew, name servers and privacy protection to the plan.
// currentAutoRenew is nil when unknown.
func (r *domainResource) reconcile(ctx context.Context, plan *domainModel, dom aliyun.Domain, currentAutoRenew *bool, op string, timeout time.Duration) diag.Diagnostics {
	var diags diag.Diagnostics
	client := r.data.client
	name := dom.Name
	if !plan.AutoRenew.IsUnknown() && !plan.AutoRenew.IsNull() {
		want := plan.AutoRenew.ValueBool()
		if currentAutoRenew == nil || *currentAutoRenew != want {
			if err := client.SetDomainAutoRenew(ctx, dom.InstanceID, want); err != nil {
				diags.AddAttributeError(path.Root("auto_renew"), fmt.Sprintf("Cannot turn auto-renew (自动续费) %s for %s", onOff(want), name),
					fmt.Sprintf("SetupDomainAutoRenew for instance %s failed: %s", dom.InstanceID, apiErrorDetail(err)))
				return diags
			}
		}
	}
	servers, d := setStrings(ctx, plan.DNSServers)
	diags.Append(d...)
	if len(servers) > 0 && !sameNameServers(servers, dom.DNSServers) {
		no, err := client.ModifyDomainDNS(ctx, name, canonicalSet(servers))
		if err != nil {
			diags.AddAttributeError(path.Root("dns_servers"), "Cannot change the name servers of "+name, apiErrorDetail(err))
			return diags
		}
		diags.Append(r.waitChange(ctx, "name server change (修改DNS)", "dns_servers", name, no, op, timeout)...)
		if diags.HasError() {
			return diags
		}
	}
	if !plan.PrivacyProtection.IsUnknown() && !plan.PrivacyProtection.IsNull() && plan.PrivacyProtection.ValueBool() != dom.PrivacyProtection {
		want := plan.PrivacyProtection.ValueBool()
		no, err := client.SetDomainPrivacy(ctx, name, want)
		if err != nil {
			diags.AddAttributeError(path.Root("privacy_protection"), fmt.Sprintf("Cannot turn privacy protection (隐私保护) %s for %s", onOff(want), name), apiErrorDetail(err))
			return diags
		}
		diags.Append(r.waitChange(ctx, "privacy protection (隐私保护)", "privacy_protection", name, no, op, timeout)...)
	}
	return diags
}

func (r *domainResource) waitChange(ctx context.Context, what, attr, name, taskNo, op string, timeout time.Duration) diag.Diagnostics {
	var diags diag.Diagnostics
	if taskNo == "" {
		return diags
	}
	task, err := r.data.client.WaitDomainTask(ctx, taskNo, aliyun.DefaultTaskPoll)
	switch {
	case err != nil:
		diags.AddAttributeError(path.Root(attr), fmt.Sprintf("The %s of %s did not finish: task %s", what, name, taskNo),
			taskWaitDetail(err, what, name, taskNo, op, timeout)+" The change may still be applied; the next plan shows where it stands.")
	case task.Failed():
		diags.AddAttributeError(path.Root(attr), fmt.Sprintf("The %s of %s failed", what, name),
			fmt.Sprintf("Task %s failed with this reason (verbatim from QueryTaskDetailList):\n\n%s", taskNo, task.FailReason))
	}
	return diags
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// autoRenewCheck says what readInto does when the auto-renew read back from BSS differs
// from the one in the model.
type autoRenewCheck int

const (
	// autoRenewRead takes BSS's value (refresh: shows a change made outside Terraform).
	autoRenewRead autoRenewCheck = iota
	// autoRenewKeepPlanned keeps the planned value with a warning (create: billing lags
	// behind a new purchase, and an error would leave a tainted resource that cannot be
	// created again; the next refresh shows BSS's value).
	autoRenewKeepPlanned
	// autoRenewStrict is an error (update: nothing is tainted, and applying again sets
	// auto-renew again).
	autoRenewStrict
)

// readInto reads the domain and its renewal status into m, keeping the user's spelling of
// the domain and name servers where it means the same. check says what to do when the
// read-back auto-renew differs from m's (right after setting it). found is false (with
// no diagnostics) when the domain is not in the account.
func (r *domainResource) readInto(ctx context.Context, m *domainModel, check autoRenewCheck) (found bool, diags diag.Diagnostics) {
	client := r.data.client
	name, err := icp.NormalizeDomain(m.DomainName.ValueString())
	if err != nil {
		name = m.ID.ValueString()
	}
	dom, err := client.QueryDomain(ctx, name)
	if aliyun.IsNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Cannot read domain "+name, apiErrorDetail(err))
		return true, diags
	}
	diags.Append(r.apply(ctx, m, dom)...)
	want := m.AutoRenew
	st, listed, err := client.DomainRenewStatus(ctx, dom.InstanceID)
	switch {
	case err != nil && aliyun.IsAuth(err):
		diags.AddAttributeWarning(path.Root("auto_renew"), "Cannot read auto-renew (自动续费) back",
			fmt.Sprintf("BSS QueryAvailableInstances for %s (instance %s) was refused, so a change of auto-renew made outside Terraform "+
				"cannot be detected. Grant bss:QueryAvailableInstances (e.g. the AliyunBSSReadOnlyAccess policy).\n\n%s", name, dom.InstanceID, err))
		if m.AutoRenew.IsUnknown() {
			m.AutoRenew = types.BoolNull()
		}
	case err != nil:
		diags.AddError("Cannot read the auto-renew status of "+name, apiErrorDetail(err))
		return true, diags
	case !listed:
		tflog.Warn(ctx, "BSS does not list the domain instance; keeping auto_renew as it was", map[string]any{"domain": name, "instance_id": dom.InstanceID})
		if m.AutoRenew.IsUnknown() {
			m.AutoRenew = types.BoolNull()
		}
	default:
		m.AutoRenew = types.BoolValue(aliyun.AutoRenewOn(st))
		if st == aliyun.RenewNone {
			diags.AddAttributeWarning(path.Root("auto_renew"), "Domain set not to renew (不续费)",
				fmt.Sprintf("BSS QueryAvailableInstances reports RenewStatus NotRenewal for %s (instance %s): billing will not renew it, so it "+
					"lapses at its expiration date and its ICP filing (备案) lapses with it. auto_renew reads false. Set auto_renew = true "+
					"(SetupDomainAutoRenew SET) or change the renewal setting (续费设置) in the console.", name, dom.InstanceID))
		}
		if check == autoRenewRead || want.IsNull() || want.IsUnknown() || want.ValueBool() == m.AutoRenew.ValueBool() {
			break
		}
		if check == autoRenewKeepPlanned {
			m.AutoRenew = want
			diags.AddAttributeWarning(path.Root("auto_renew"), "Auto-renew (自动续费) not yet confirmed by billing",
				fmt.Sprintf("auto_renew = %t was set on %s (instance %s) with SetupDomainAutoRenew, but BSS QueryAvailableInstances still reports "+
					"RenewStatus %s: billing can lag behind a new purchase. The planned value is kept in state; if the next plan shows a "+
					"change of auto_renew, the setting did not take effect and applying again sets it again.", want.ValueBool(), name, dom.InstanceID, st))
			break
		}
		diags.AddAttributeError(path.Root("auto_renew"), "Auto-renew (自动续费) did not take effect",
			fmt.Sprintf("auto_renew = %t was set on %s (instance %s) with SetupDomainAutoRenew, but BSS QueryAvailableInstances reports RenewStatus %s. "+
				"Billing can lag behind the Domain API: run apply again in a few minutes.", want.ValueBool(), name, dom.InstanceID, st))
	}
	return true, diags
}

// apply copies a domain's attributes into m.
func (r *domainResource) apply(ctx context.Context, m *domainModel, dom aliyun.Domain) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(dom.Name)
	if m.DomainName.IsNull() || m.DomainName.IsUnknown() || !sameDomain(m.DomainName.ValueString(), dom.Name) {
		m.DomainName = types.StringValue(dom.Name)
	}
	m.InstanceID = types.StringValue(dom.InstanceID)
	m.RegistrationDate, m.ExpirationDate = dateValue(dom.RegistrationDate), dateValue(dom.ExpirationDate)
	m.DomainStatus = types.StringValue(domainStatusName(dom.DomainStatus))
	m.RealNameStatus = types.StringValue(dom.RealNameStatus)
	m.RealNameVerified = types.BoolValue(dom.RealNameStatus == aliyun.RealNameSucceed)
	if dom.ExpirationDate.IsZero() {
		m.DaysUntilExpiry = types.Int64Null()
	} else {
		m.DaysUntilExpiry = types.Int64Value(int64(icp.CalendarDaysUntil(r.data.now(), dom.ExpirationDate)))
	}
	if day, ok := icp.FilingEligibleFrom(dom.RegistrationDate, dom.RealNameStatus == aliyun.RealNameSucceed); ok {
		m.FilingEligibleAfter = types.StringValue(chinaDate(day))
	} else {
		m.FilingEligibleAfter = types.StringNull()
	}
	prior, d := setStrings(ctx, m.DNSServers)
	diags.Append(d...)
	if len(prior) == 0 || !sameNameServers(prior, dom.DNSServers) {
		servers := dom.DNSServers
		if servers == nil {
			servers = []string{}
		}
		v, d := types.SetValueFrom(ctx, types.StringType, servers)
		diags.Append(d...)
		m.DNSServers = v
	}
	m.PrivacyProtection = types.BoolValue(dom.PrivacyProtection)
	return diags
}

func dateValue(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(chinaDate(t))
}

func (r *domainResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state domainModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	if n, err := icp.NormalizeDomain(state.DomainName.ValueString()); err == nil {
		name = n
	}
	client := r.data.client

	// A registration that was submitted but not seen to finish (interrupted or timed out).
	raw, d := req.Private.GetKey(ctx, privateRegistrationTask)
	resp.Diagnostics.Append(d...)
	if len(raw) > 0 && state.InstanceID.IsNull() {
		var rt registrationTask
		if json.Unmarshal(raw, &rt) == nil && rt.TaskNo != "" {
			task, err := client.QueryDomainTask(ctx, rt.TaskNo)
			switch {
			case err != nil:
				resp.Diagnostics.AddError("Cannot read registration task "+rt.TaskNo+" of "+name, apiErrorDetail(err))
				return
			case task.Failed():
				resp.Diagnostics.AddWarning(fmt.Sprintf("Registration of %s (域名注册) failed", name),
					fmt.Sprintf("The registration task %s failed with this reason (verbatim):\n\n%s\n\nNothing was registered; the resource is removed from state.", rt.TaskNo, task.FailReason))
				resp.State.RemoveResource(ctx)
				return
			case !task.Done():
				resp.Diagnostics.AddWarning(fmt.Sprintf("Registration of %s (域名注册) is still running", name),
					fmt.Sprintf("The registration task %s submitted at %s is still %s. The resource stays in state (tainted) until the task "+
						"finishes; refresh again later.", rt.TaskNo, rt.Submitted, strings.ToLower(task.Status)))
				return
			}
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateRegistrationTask, nil)...)
		}
	}

	found, diags := r.readInto(ctx, &state, autoRenewRead)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		tflog.Warn(ctx, "domain is no longer in the account; removing it from state", map[string]any{"domain": name})
		resp.Diagnostics.AddWarning("Domain "+name+" is no longer in this Alibaba Cloud account",
			fmt.Sprintf("QueryDomainByDomainName no longer finds %s (transferred out, expired and deleted, or the provider uses another account). "+
				"It is removed from state; the next plan registers or adopts it again.", name))
		resp.State.RemoveResource(ctx)
		return
	}
	if state.AdoptExisting.IsNull() {
		state.AdoptExisting = types.BoolValue(true)
	}
	if state.CancelAutoRenewOnDestroy.IsNull() {
		state.CancelAutoRenewOnDestroy = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *domainResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state domainModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, domainTimeouts.update)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	name := state.ID.ValueString()
	servers, d := setStrings(ctx, state.DNSServers)
	resp.Diagnostics.Append(d...)
	current := aliyun.Domain{Name: name, InstanceID: state.InstanceID.ValueString(), DNSServers: servers,
		PrivacyProtection: state.PrivacyProtection.ValueBool()}
	var currentAutoRenew *bool
	if !state.AutoRenew.IsNull() {
		v := state.AutoRenew.ValueBool()
		currentAutoRenew = &v
	}
	resp.Diagnostics.Append(r.reconcile(ctx, &plan, current, currentAutoRenew, "update", timeout)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if found, diags := r.readInto(ctx, &plan, autoRenewStrict); !found {
		resp.Diagnostics.AddError("Domain "+name+" is no longer in this Alibaba Cloud account",
			fmt.Sprintf("QueryDomainByDomainName does not find %s after the update. Refresh (terraform plan) to drop it from state, then check the console.", name))
		return
	} else if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *domainResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state domainModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, domainTimeouts.delete)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	name := state.ID.ValueString()
	cancelRenew := state.CancelAutoRenewOnDestroy.ValueBool()
	if cancelRenew && state.InstanceID.ValueString() != "" {
		err := r.data.client.SetDomainAutoRenew(ctx, state.InstanceID.ValueString(), false)
		switch {
		case aliyun.IsNotFound(err):
			tflog.Info(ctx, "domain no longer in the account; nothing to cancel", map[string]any{"domain": name})
		case err != nil:
			resp.Diagnostics.AddError("Cannot turn auto-renew (自动续费) off for "+name,
				fmt.Sprintf("cancel_auto_renew_on_destroy = true, but SetupDomainAutoRenew (CANCEL) for instance %s failed, so the resource "+
					"was kept in state: %s\n\nRun destroy again, or set cancel_auto_renew_on_destroy = false to leave auto-renew on.", state.InstanceID.ValueString(), apiErrorDetail(err)))
			return
		}
	}
	msg := destroyMessage(name, cancelRenew)
	if state.InstanceID.IsNull() {
		msg += " Its registration had not been seen to finish: check the domain's operation records (操作记录) in the console."
	}
	resp.Diagnostics.AddWarning("Domain "+name+" removed from Terraform state, not deleted", msg)
}

// ImportState takes the domain name (either spelling).
func (r *domainResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	raw := strings.TrimSpace(req.ID)
	name, err := icp.NormalizeDomain(raw)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("beian_domain is imported by domain name, e.g. terraform import beian_domain.example example.com; %q is not one: %v", req.ID, err))
		return
	}
	if r.data != nil {
		if _, err := r.data.client.QueryDomain(ctx, name); err != nil {
			_, detail := domainQueryProblem(name, err, false)
			resp.Diagnostics.AddError("Cannot import domain "+name, detail)
			return
		}
	}
	m := domainModel{
		ID: types.StringValue(name), DomainName: types.StringValue(strings.TrimSuffix(raw, ".")),
		Years: types.Int64Null(), AutoRenew: types.BoolNull(), RegistrantProfileID: types.Int64Null(),
		AdoptExisting: types.BoolValue(true), DNSServers: types.SetNull(types.StringType), PrivacyProtection: types.BoolNull(),
		CancelAutoRenewOnDestroy: types.BoolValue(false),
		InstanceID:               types.StringNull(), RegistrationDate: types.StringNull(), ExpirationDate: types.StringNull(),
		DomainStatus: types.StringNull(), RealNameStatus: types.StringNull(), RealNameVerified: types.BoolNull(),
		DaysUntilExpiry: types.Int64Null(), FilingEligibleAfter: types.StringNull(),
		Timeouts: nullTimeouts(),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
