package provider

// Plan time for beian_domain: configuration checks, the account checks before a
// purchase or an adoption, and the plan warnings.

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

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
		// Records planned after this domain (they refer to it) may be in a zone that comes
		// with it.
		r.data.plannedZones.Store(name, true)
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
