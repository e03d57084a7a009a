package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// What beian_dns_record checks before anything is written: at plan time (ModifyPlan:
// the zone, its minimum TTL, the ICP guard) and again just before each write (the
// guard's apply-time check, for creates, updates and deletes).
//
// The guard sees every change of the run: each planned change is registered with it
// (guard.JudgeChange) before it is judged, at plan and again at apply, so a change is
// judged for every name that reaches the record — whichever the CLI plans or writes
// first. A record live in state is judged as live whatever its planned status.

// ModifyPlan checks the zone, the TTL against the zone's minimum and the line against the
// zone's lines at plan time (one cached DescribeDomainInfo per zone and run, which answers
// both) and runs the ICP guard.
func (r *dnsRecordResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return // provider not configured (validate)
	}
	if req.Plan.Raw.IsNull() {
		if !req.State.Raw.IsNull() {
			var state dnsRecordModel
			if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); !resp.Diagnostics.HasError() {
				resp.Diagnostics.Append(r.judgeDelete(ctx, &state, guard.Plan)...)
			}
		}
		return
	}
	if !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) {
		// Nothing changes — the common case, every record of a plan that changes nothing:
		// only the guard's re-judgement, read straight from the state.
		if rec, ok := unchangedRecord(req.State.Raw); ok {
			if r.data.guard != nil && guard.MayLeadToServer(rec.Type) {
				resp.Diagnostics.Append(findingDiags(path.Root("value"), r.data.guard.Judge(ctx, rec, guard.Unchanged).Findings)...)
			}
			return
		}
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
	checkTTL := !plan.TTL.IsUnknown() && ttlChanged
	checkLine := !plan.Line.IsUnknown() && lineChanged(state, &plan)
	if known && (checkTTL || checkLine) {
		zone, err := r.data.client.ZoneInfo(ctx, domain)
		switch {
		case aliyun.IsNotFound(err):
			if resp.Diagnostics.Append(r.notAZone(ctx, &plan, domain, in.RR, err)...); resp.Diagnostics.HasError() {
				return // nothing else to say about a record that cannot be written
			}
		case aliyun.IsZoneOfAnotherAccount(err):
			// The zone exists, in another account (IncorrectDomainUser): the write would fail.
			resp.Diagnostics.AddAttributeError(path.Root("domain"), "DNS zone belongs to another Alibaba Cloud account",
				fmt.Sprintf("The zone %s is hosted in Alibaba Cloud DNS by another Alibaba Cloud account, so this record cannot be written with the provider's credentials.\n\n%s", icp.DisplayName(domain), apiErrorDetail(err)))
		case aliyun.CloudDown(err):
			resp.Diagnostics.AddAttributeError(path.Root("domain"), "Cannot plan DNS record: Alibaba Cloud did not answer",
				fmt.Sprintf("Cause: %s\n\nDescribeDomainInfo for the zone %s could not be made, so this plan cannot be trusted (the same call failing at apply would leave the record unwritten). Fix the cause and plan again.", apiErrorDetail(err), icp.DisplayName(domain)))
		case err != nil:
			resp.Diagnostics.AddAttributeWarning(path.Root("ttl"), "Could not check the TTL against the zone minimum",
				fmt.Sprintf("DescribeDomainInfo for %s failed, so the TTL (and the line) are checked when the record is written instead: %s", icp.DisplayName(domain), apiErrorDetail(err)))
		case checkLine && !zone.OffersLine(plan.Line.ValueString()):
			resp.Diagnostics.Append(lineNotOffered(zone, plan.Line.ValueString())...)
		case !plan.TTL.IsUnknown() && zone.MinTTL > 0 && plan.TTL.ValueInt64() < zone.MinTTL:
			resp.Diagnostics.AddAttributeError(path.Root("ttl"), "TTL below the zone's minimum",
				fmt.Sprintf("ttl = %d is below the minimum TTL of %d seconds for %s on its Alibaba Cloud DNS edition (%s). Set ttl to %d or more, or upgrade the zone's DNS edition.",
					plan.TTL.ValueInt64(), zone.MinTTL, icp.DisplayName(domain), editionName(zone.Edition), zone.MinTTL))
		}
	}
	if known && !plan.RR.IsUnknown() {
		// Setting an attribute of the plan costs a walk of the schema: skipped when the
		// plan holds the value already (every unchanged record).
		if fq := recordFQDN(in.RR, domain); plan.FQDN.IsNull() || plan.FQDN.IsUnknown() || plan.FQDN.ValueString() != fq {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("fqdn"), fq)...)
		}
	}
	resp.Diagnostics.Append(r.judgeAtPlan(ctx, state, &plan, in)...)
}

// notAZone says what to do about a record whose domain is not a zone of the account:
// an error at plan time — the apply would write the other records and then fail on this
// one — with the likely fix when the domain is a name inside a zone of the account
// (domain = "www.example.com" → domain = "example.com", rr = "www"). The one exception
// is a zone that a beian_domain of this run registers or adopts (the record refers to
// it, so it is planned first): the zone comes with the domain, and the record is only
// warned about.
func (r *dnsRecordResource) notAZone(ctx context.Context, plan *dnsRecordModel, domain, rr string, cause error) diag.Diagnostics {
	var diags diag.Diagnostics
	if _, ok := r.data.plannedZones.Load(domain); ok {
		diags.AddAttributeWarning(path.Root("domain"), "Domain is not in Alibaba Cloud DNS yet",
			fmt.Sprintf("The zone %s does not exist in this Alibaba Cloud account's DNS (云解析 DNS) now; a beian_domain in this plan registers or adopts it, and the zone comes with the domain. "+
				"The TTL is checked when the record is written.\n\n%s", icp.DisplayName(domain), cause))
		return diags
	}
	written := plan.Domain.ValueString()
	summary := fmt.Sprintf("%s is not a zone of this Alibaba Cloud account's DNS", written)
	zones, zerr := r.data.client.ZoneNames(ctx)
	parent := ""
	for _, z := range zones {
		if strings.HasSuffix(domain, "."+z) && len(z) > len(parent) {
			parent = z
		}
	}
	if parent != "" {
		host := strings.TrimSuffix(domain, "."+parent)
		newRR := host
		if rr != "@" {
			newRR = rr + "." + host
		}
		diags.AddAttributeError(path.Root("domain"), summary,
			fmt.Sprintf("domain = %q names a host inside the zone %s, not a zone: Alibaba Cloud DNS would refuse the record when it is written (InvalidDomainName.NoExist), after the other records of the apply had been written. "+
				"The domain is the zone, the host goes into rr. Write\n\n  domain = %q\n  rr     = %q\n\nfor the record %s.",
				written, icp.DisplayName(parent), icp.DisplayName(parent), newRR, icp.DisplayName(dnsrecord.FQDN(rr, domain))))
		return diags
	}
	known := ""
	if zerr == nil {
		sort.Strings(zones)
		shown := zones
		if len(shown) > 10 {
			shown = append(shown[:10:10], fmt.Sprintf("… (%d in all)", len(zones)))
		}
		if len(shown) == 0 {
			known = " The account has no zones."
		} else {
			known = " The account's zones: " + strings.Join(shown, ", ") + "."
		}
	}
	diags.AddAttributeError(path.Root("domain"), summary,
		fmt.Sprintf("The zone %s does not exist in this Alibaba Cloud account's DNS (云解析 DNS), so the record could not be written (InvalidDomainName.NoExist) — after the other records of the apply had been.%s "+
			"Fix the spelling, add the domain to Alibaba Cloud DNS, or, if a beian_domain registers or adopts it, set domain = beian_domain.<name>.domain_name so that the domain is planned first.\n\n%s",
			icp.DisplayName(domain), known, cause))
	return diags
}

// guardRecord is the record of in as the ICP guard sees it.
func guardRecord(in aliyun.DNSRecordInput, enabled bool) guard.Record {
	return guard.Record{Name: dnsrecord.FQDN(in.RR, in.Domain), Type: in.Type, Value: in.Value, Enabled: enabled}
}

// live reports whether a record in state resolves: live until proven otherwise, so
// anything but DISABLE.
func live(m *dnsRecordModel) bool {
	return m != nil && m.Status.ValueString() != dnsrecord.StatusDisable
}

// stateSide is the record in state as the guard's change registry sees it; nil when the
// state's domain is not usable.
func stateSide(state *dnsRecordModel) *guard.PlannedRecord {
	if state == nil {
		return nil
	}
	in, err := recordInput(state)
	if err != nil {
		return nil
	}
	return &guard.PlannedRecord{Record: guardRecord(in, live(state)), ID: state.RecordID.ValueString()}
}

// judgeAtPlan runs the ICP guard at plan time. A record being created or re-pointed is
// registered with the guard and judged with the enforcement setting, itself and for
// every name that reaches it; what a re-pointed record resolves to now is judged too,
// as warnings. A record that does not change is judged again anyway (its server may have
// moved, its filing lapsed), but only with warnings. A value not known yet is registered
// as pending and judged at apply.
func (r *dnsRecordResource) judgeAtPlan(ctx context.Context, state, plan *dnsRecordModel, in aliyun.DNSRecordInput) diag.Diagnostics {
	var diags diag.Diagnostics
	g := r.data.guard
	if g == nil {
		return nil
	}
	changed := state == nil || resolutionChanged(state, plan)
	// Live until proven otherwise: a record is created enabled (AddDomainRecord has no
	// status), and one live in state stays live until it is disabled.
	enabled := state == nil || plan.Status.ValueString() != dnsrecord.StatusDisable || live(state)
	if plan.Type.IsUnknown() || plan.Value.IsUnknown() || plan.Domain.IsUnknown() || plan.RR.IsUnknown() || plan.Status.IsUnknown() {
		t := plan.Type.ValueString()
		if changed && (plan.Type.IsUnknown() || guard.MayLeadToServer(t)) {
			outcome := "A record that would point a domain without an approved filing at a mainland-China server is not created: the apply stops with the guard's error."
			if g.Enforcement() == guard.EnforceWarn {
				outcome = "With enforcement = \"warn\", a record that would point a domain without an approved filing at a mainland-China server is written, with the guard's warning shown at apply."
			}
			diags.AddAttributeWarning(path.Root("value"), "ICP guard (备案检查) will run at apply",
				"The record's value is not known until apply (for example a server created in the same apply), so the ICP filing check runs just before the record is written, for the record and for every name that reaches it. "+outcome)
			if !plan.Domain.IsUnknown() && !plan.RR.IsUnknown() && !plan.Type.IsUnknown() && in.Domain != "" {
				// Names that reach it, judged before its value is known, see it as pending.
				g.JudgeChange(ctx, guard.Change{Old: stateSide(state),
					New: &guard.PlannedRecord{Record: guardRecord(in, enabled), ValueUnknown: true}}, guard.Plan)
			}
		}
		return diags
	}
	if in.Domain == "" {
		return nil // an invalid domain: reported by the validators
	}
	rec := guardRecord(in, enabled)
	if !changed {
		return findingDiags(path.Root("value"), g.Judge(ctx, rec, guard.Unchanged).Findings)
	}
	var id string
	if state != nil {
		id = state.RecordID.ValueString()
	}
	j := g.JudgeChange(ctx, guard.Change{Old: stateSide(state), New: &guard.PlannedRecord{Record: rec, ID: id}}, guard.Plan)
	if note := disabledButLive(state, plan); note != "" {
		for i, f := range j.Findings {
			if f.Blocks {
				j.Findings[i].Detail += "\n\n" + note
			}
		}
	}
	diags.Append(findingDiags(path.Root("value"), j.Findings)...)
	diags.Append(r.judgeLiveNow(ctx, state)...)
	return diags
}

// disabledButLive explains why a record planned with status = "DISABLE" is judged as
// live, or "" when it is not planned disabled.
func disabledButLive(state, plan *dnsRecordModel) string {
	if plan.Status.ValueString() != dnsrecord.StatusDisable {
		return ""
	}
	if state == nil {
		return "The record is planned with status = \"DISABLE\", but Alibaba Cloud DNS creates records enabled (AddDomainRecord has no status) and disables them with a second call, so it is judged as live: it would resolve until then, and stay live if that call failed."
	}
	if !live(state) {
		return ""
	}
	return "The record is planned with status = \"DISABLE\", but it is live now (ENABLE), so it is judged as live: live until proven otherwise. " +
		"It is disabled before it is re-pointed; to stage a disabled record on a mainland server before the filing is approved, apply status = \"DISABLE\" alone first, then the new value."
}

// judgeLiveNow warns about where a record live in state points now, while the plan
// changes it: a record left live on a mainland server by a failed step (or one whose
// filing lapsed) is said to be so by every later plan, until the change is written.
func (r *dnsRecordResource) judgeLiveNow(ctx context.Context, state *dnsRecordModel) diag.Diagnostics {
	if !live(state) {
		return nil
	}
	in, err := recordInput(state)
	if err != nil || !guard.MayLeadToServer(in.Type) {
		return nil
	}
	var diags diag.Diagnostics
	for _, f := range r.data.guard.Judge(ctx, guardRecord(in, true), guard.Current).Findings {
		if f.Blocks {
			diags.AddAttributeWarning(path.Root("value"), f.Summary+" (live now)", f.Detail)
		}
	}
	return diags
}

// judgeAtApply repeats the check of a record about to be created, just before it is
// written, with the values known now and the account asked again about an address it did
// not hold at plan time: the change is registered (so records written after it see it)
// and judged against the zones as the run has written them so far. It reports
// everything the plan-time check would: errors stop the write, warnings are shown at
// apply.
func (r *dnsRecordResource) judgeAtApply(ctx context.Context, in aliyun.DNSRecordInput, enabled bool) diag.Diagnostics {
	if r.data.guard == nil {
		return nil
	}
	j := r.data.guard.JudgeChange(ctx, guard.Change{New: &guard.PlannedRecord{Record: guardRecord(in, enabled)}}, guard.Apply)
	return findingDiags(path.Root("value"), j.Findings)
}

// judgeUpdateAtApply is judgeAtApply for an update that changes where the record
// resolves: the old record goes, the new one (live, if the record is live in state or
// planned enabled) comes.
func (r *dnsRecordResource) judgeUpdateAtApply(ctx context.Context, state *dnsRecordModel, in aliyun.DNSRecordInput, planEnabled bool) diag.Diagnostics {
	if r.data.guard == nil {
		return nil
	}
	rec := guardRecord(in, planEnabled || live(state))
	j := r.data.guard.JudgeChange(ctx, guard.Change{Old: stateSide(state),
		New: &guard.PlannedRecord{Record: rec, ID: state.RecordID.ValueString()}}, guard.Apply)
	return findingDiags(path.Root("value"), j.Findings)
}

// judgeDelete judges the deletion of a record, at plan and again just before it is
// deleted: a name that reaches it may resolve elsewhere once it is gone (a wildcard on a
// mainland server answers a name without records of its own).
func (r *dnsRecordResource) judgeDelete(ctx context.Context, state *dnsRecordModel, phase guard.Phase) diag.Diagnostics {
	if r.data == nil || r.data.guard == nil {
		return nil
	}
	old := stateSide(state)
	if old == nil || !old.Enabled || !guard.MayLeadToServer(old.Type) {
		return nil
	}
	var diags diag.Diagnostics
	for _, f := range r.data.guard.JudgeChange(ctx, guard.Change{Old: old}, phase).Findings {
		if f.Severity == guard.Error {
			diags.AddError(f.Summary, f.Detail)
		} else {
			diags.AddWarning(f.Summary, f.Detail)
		}
	}
	return diags
}

// stillLive describes a record that a failed step left live: where it points now and,
// when the guard finds that a violation, what it found (a mainland server without an
// approved filing), so the error says the site may be blocked.
func (r *dnsRecordResource) stillLive(ctx context.Context, state *dnsRecordModel) string {
	in, err := recordInput(state)
	if err != nil {
		return ""
	}
	name := icp.DisplayName(dnsrecord.FQDN(in.RR, in.Domain))
	text := fmt.Sprintf("DNS record %s %s is still live (ENABLE) and points at %s (record ID %s).", name, in.Type, in.Value, state.RecordID.ValueString())
	if r.data.guard == nil || !guard.MayLeadToServer(in.Type) {
		return text
	}
	for _, f := range r.data.guard.Judge(ctx, guardRecord(in, true), guard.Current).Findings {
		if f.Blocks {
			text += "\n\n" + f.Summary + ":\n" + f.Detail
		}
	}
	return text
}

// resolutionChanged reports whether the plan changes where the record resolves: its
// name, type or value, or it is enabled again.
func resolutionChanged(state, plan *dnsRecordModel) bool {
	return !state.Value.Equal(plan.Value) || !state.Type.Equal(plan.Type) || !state.RR.Equal(plan.RR) ||
		!state.Domain.Equal(plan.Domain) || (!state.Status.Equal(plan.Status) && plan.Status.ValueString() == dnsrecord.StatusEnable)
}
