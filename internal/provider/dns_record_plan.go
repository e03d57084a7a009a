package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
)

// What beian_dns_record checks before anything is written: at plan time (ModifyPlan:
// the zone's minimum TTL, the ICP guard) and again just before the write (the guard's
// apply-time check).

// ModifyPlan checks the TTL against the zone's minimum at plan time (one cached
// DescribeDomainInfo per zone and run) and runs the ICP guard.
func (r *dnsRecordResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // destroy, or provider not configured (validate)
	}
	var plan dnsRecordModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *dnsRecordModel
	if !req.State.Raw.IsNull() {
		state = &dnsRecordModel{}
		if resp.Diagnostics.Append(req.State.Get(ctx, state)...); resp.Diagnostics.HasError() {
			return
		}
	}
	// One canonical input for every check below (domain, rr and value normalised once).
	in, inErr := recordInput(&plan)
	domain := in.Domain
	known := !plan.Domain.IsUnknown() && inErr == nil
	// An unchanged TTL of an existing record was checked when it was written: no call.
	ttlChanged := state == nil || !state.TTL.Equal(plan.TTL) || !state.Domain.Equal(plan.Domain)
	if known && !plan.TTL.IsUnknown() && ttlChanged {
		zone, err := r.data.client.ZoneInfo(ctx, domain)
		switch {
		case aliyun.IsNotFound(err):
			// A warning, not an error: a beian_domain registered in the same apply brings its
			// zone with it, and that zone cannot exist yet at plan time.
			resp.Diagnostics.AddAttributeWarning(path.Root("domain"), "Domain is not in Alibaba Cloud DNS (yet)",
				fmt.Sprintf("The zone %q does not exist in this Alibaba Cloud account's DNS (云解析 DNS) now. If a beian_domain registers it in this apply, "+
					"that is expected: registration adds the zone, and the TTL is checked when the record is written. Otherwise add the domain to "+
					"Alibaba Cloud DNS or fix the spelling: writing the record will fail with InvalidDomainName.NoExist.\n\n%s", domain, err))
		case aliyun.IsZoneOfAnotherAccount(err):
			// The zone exists, in another account (IncorrectDomainUser): the write would fail.
			resp.Diagnostics.AddAttributeError(path.Root("domain"), "DNS zone belongs to another Alibaba Cloud account",
				fmt.Sprintf("The zone %s is hosted in Alibaba Cloud DNS by another Alibaba Cloud account, so this record cannot be written with the provider's credentials.\n\n%s", domain, apiErrorDetail(err)))
		case cloudDown(err):
			resp.Diagnostics.AddAttributeError(path.Root("domain"), "Cannot plan DNS record: Alibaba Cloud did not answer",
				fmt.Sprintf("Cause: %s\n\nDescribeDomainInfo for the zone %s could not be made, so this plan cannot be trusted (the same call failing at apply would leave the record unwritten). Fix the cause and plan again.", apiErrorDetail(err), domain))
		case err != nil:
			resp.Diagnostics.AddAttributeWarning(path.Root("ttl"), "Could not check the TTL against the zone minimum",
				fmt.Sprintf("DescribeDomainInfo for %s failed, so the TTL is checked when the record is written instead: %s", domain, apiErrorDetail(err)))
		case zone.MinTTL > 0 && plan.TTL.ValueInt64() < zone.MinTTL:
			resp.Diagnostics.AddAttributeError(path.Root("ttl"), "TTL below the zone's minimum",
				fmt.Sprintf("ttl = %d is below the minimum TTL of %d seconds for %s on its Alibaba Cloud DNS edition (%s). Set ttl to %d or more, or upgrade the zone's DNS edition.",
					plan.TTL.ValueInt64(), zone.MinTTL, domain, editionName(zone.Edition), zone.MinTTL))
		}
	}
	if known && !plan.RR.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("fqdn"), recordFQDN(in.RR, domain))...)
	}
	resp.Diagnostics.Append(r.judgeAtPlan(ctx, state, &plan, in)...)
}

// guardRecord is the record of in as the ICP guard sees it.
func guardRecord(in aliyun.DNSRecordInput, enabled bool) guard.Record {
	return guard.Record{Name: dnsrecord.FQDN(in.RR, in.Domain), Type: in.Type, Value: in.Value, Enabled: enabled}
}

// judgeAtPlan runs the ICP guard at plan time. A record being created or re-pointed is
// judged with the enforcement setting; a record that does not change is judged again
// anyway (its server may have moved, its filing lapsed), but only with warnings. A value
// not known yet is judged at apply instead.
func (r *dnsRecordResource) judgeAtPlan(ctx context.Context, state, plan *dnsRecordModel, in aliyun.DNSRecordInput) diag.Diagnostics {
	var diags diag.Diagnostics
	if r.data.guard == nil {
		return nil
	}
	changed := state == nil || resolutionChanged(state, plan)
	if plan.Type.IsUnknown() || plan.Value.IsUnknown() || plan.Domain.IsUnknown() || plan.RR.IsUnknown() || plan.Status.IsUnknown() {
		t := plan.Type.ValueString()
		if changed && (plan.Type.IsUnknown() || guard.MayLeadToServer(t)) {
			outcome := "A record that would point a domain without an approved filing at a mainland-China server is not created: the apply stops with the guard's error."
			if r.data.guard.Enforcement() == guard.EnforceWarn {
				outcome = "With enforcement = \"warn\", a record that would point a domain without an approved filing at a mainland-China server is written, with the guard's warning shown at apply."
			}
			diags.AddAttributeWarning(path.Root("value"), "ICP guard (备案检查) will run at apply",
				"The record's value is not known until apply (for example a server created in the same apply), so the ICP filing check runs just before the record is written. "+outcome)
		}
		return diags
	}
	if in.Domain == "" {
		return nil // an invalid domain: reported by the validators
	}
	phase := guard.Plan
	if !changed {
		phase = guard.Unchanged
	}
	// A record is created enabled and only then disabled (AddDomainRecord has no status):
	// at create it is judged whatever its status.
	enabled := state == nil || plan.Status.ValueString() != "DISABLE"
	j := r.data.guard.Judge(ctx, guardRecord(in, enabled), phase)
	return findingDiags(path.Root("value"), j.Findings)
}

// judgeAtApply repeats the check just before a record is written, with the values known
// now and the account asked again about an address it did not hold at plan time. It
// reports everything the plan-time check would: errors stop the write, warnings are
// shown at apply.
func (r *dnsRecordResource) judgeAtApply(ctx context.Context, in aliyun.DNSRecordInput, enabled bool) diag.Diagnostics {
	if r.data.guard == nil {
		return nil
	}
	j := r.data.guard.Judge(ctx, guardRecord(in, enabled), guard.Apply)
	return findingDiags(path.Root("value"), j.Findings)
}

// resolutionChanged reports whether the plan changes where the record resolves: its
// name, type or value, or it is enabled again.
func resolutionChanged(state, plan *dnsRecordModel) bool {
	return !state.Value.Equal(plan.Value) || !state.Type.Equal(plan.Type) || !state.RR.Equal(plan.RR) ||
		!state.Domain.Equal(plan.Domain) || (!state.Status.Equal(plan.Status) && plan.Status.ValueString() == "ENABLE")
}
