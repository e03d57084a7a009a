package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

var (
	_ resource.ResourceWithConfigure      = (*dnsRecordResource)(nil)
	_ resource.ResourceWithImportState    = (*dnsRecordResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*dnsRecordResource)(nil)
	_ resource.ResourceWithValidateConfig = (*dnsRecordResource)(nil)
)

// NewDNSRecordResource manages one record in Alibaba Cloud DNS.
func NewDNSRecordResource() resource.Resource { return &dnsRecordResource{} }

type dnsRecordResource struct{ resourceBase }

func (r *dnsRecordResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dns_record"
}

// recordFQDN is the fqdn attribute of a record: its canonical host record under the
// canonical (lower-case punycode) domain. Every place that sets fqdn uses it.
func recordFQDN(rr, domain string) string {
	d, err := icp.NormalizeDomain(domain)
	if err != nil {
		d = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(domain), "."))
	}
	return dnsrecord.FQDN(dnsrecord.CanonicalRR(rr), d)
}

func editionName(code string) string {
	switch code {
	case "mianfei", "":
		return "free edition, mianfei"
	}
	return code
}

// input builds the API input from a plan, with canonical domain and rr.
func recordInput(m *dnsRecordModel) (aliyun.DNSRecordInput, error) {
	domain, err := icp.NormalizeDomain(m.Domain.ValueString())
	if err != nil {
		return aliyun.DNSRecordInput{}, err
	}
	in := aliyun.DNSRecordInput{
		Domain: domain, RR: dnsrecord.CanonicalRR(m.RR.ValueString()), Type: m.Type.ValueString(),
		Value: strings.TrimSpace(m.Value.ValueString()), TTL: m.TTL.ValueInt64(), Line: m.Line.ValueString(),
	}
	if dnsrecord.IsHostType(in.Type) {
		in.Value = dnsrecord.CanonicalValue(in.Type, in.Value)
	}
	if !m.Priority.IsNull() {
		in.Priority = m.Priority.ValueInt64()
	}
	return in, nil
}

func recordErrorDetail(err error, in aliyun.DNSRecordInput) string {
	switch {
	case aliyun.IsTTLBelowEdition(err):
		return apiErrorDetail(err) + fmt.Sprintf("\n\nThe TTL %d is below what the zone's DNS edition allows; raise ttl.", in.TTL)
	case aliyun.IsRecordConflict(err):
		return apiErrorDetail(err) + fmt.Sprintf("\n\nAnother record of %s conflicts with this one (a CNAME cannot coexist with other records of the same host). Remove or change the other record.", dnsrecord.FQDN(in.RR, in.Domain))
	case aliyun.IsZoneNotFound(err):
		return apiErrorDetail(err) + fmt.Sprintf("\n\nThe zone %s is not in this account's Alibaba Cloud DNS.", in.Domain)
	}
	return apiErrorDetail(err)
}

func (r *dnsRecordResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if r.refreshUnchanged(ctx, req) {
		return // the state is the refreshed state (dns_record_fastpath.go)
	}
	var state dnsRecordModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	domain, err := icp.NormalizeDomain(state.Domain.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Invalid domain in state", err.Error())
		return
	}
	snap, err := r.data.client.ZoneRecords(ctx, domain)
	if aliyun.IsNotFound(err) {
		tflog.Warn(ctx, "zone no longer exists; removing the record from state", map[string]any{"domain": domain})
		resp.Diagnostics.Append(goneWarning("beian_dns_record", state.RecordID.ValueString(),
			fmt.Sprintf("its zone %s is no longer in this account's Alibaba Cloud DNS (云解析 DNS)", domain))...)
		resp.Diagnostics.Append(keepRecordIdentity(ctx, resp.Identity, state.RecordID.ValueString(), domain)...)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read DNS records of "+domain, apiErrorDetail(err))
		return
	}
	rec, ok := snap.Lookup(state.RecordID.ValueString())
	if !ok {
		tflog.Warn(ctx, "DNS record deleted outside Terraform; removing it from state so the next plan recreates it",
			map[string]any{"record_id": state.RecordID.ValueString(), "domain": domain})
		resp.Diagnostics.Append(goneWarning("beian_dns_record", state.RecordID.ValueString(),
			fmt.Sprintf("the zone %s no longer has it (deleted outside Terraform)", domain))...)
		resp.Diagnostics.Append(keepRecordIdentity(ctx, resp.Identity, state.RecordID.ValueString(), domain)...)
		resp.State.RemoveResource(ctx)
		return
	}
	live := copyRecordInto(&state, rec)
	resp.Diagnostics.Append(takenOverWarning(state.OwnershipMarker.ValueString(), live, rec)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setRecordIdentity(ctx, resp.Identity, rec.RecordID, domain)...)
}

// disableThenRepoint is the first half of an update: a record planned disabled is
// disabled first (state's status follows), then its value is changed. false when a call
// failed (reported in resp).
func (r *dnsRecordResource) disableThenRepoint(ctx context.Context, resp *resource.UpdateResponse, state, plan *dnsRecordModel, in, old aliyun.DNSRecordInput) bool {
	id := state.RecordID.ValueString()
	client := r.data.client
	wantStatus := plan.Status.ValueString()
	disableFirst := wantStatus == dnsrecord.StatusDisable && live(state)
	if disableFirst {
		if err := client.SetDomainRecordStatus(ctx, in.Domain, id, dnsrecord.StatusEnabled(wantStatus)); err != nil {
			resp.Diagnostics.AddError(fmt.Sprintf("DNS record %s %s is still live: disabling it failed", icp.DisplayName(dnsrecord.FQDN(old.RR, old.Domain)), old.Type),
				fmt.Sprintf("SetDomainRecordStatus (DISABLE) failed: %s\n\n%s\n\nNothing else was changed: a record is disabled before it is re-pointed. Apply again once the cause is fixed, or disable record %s in the console if it must not resolve until then.",
					apiErrorDetail(err), r.stillLive(ctx, state), id))
			return false
		}
		// From here on the record is disabled, whatever fails next.
		state.Status = plan.Status
	}
	if recordChanged(old, in) {
		err := client.UpdateDomainRecord(ctx, id, in)
		// UpdateDomainRecord answers DomainRecordDuplicate when nothing changes (e.g. a
		// retried call that had already been applied): that is success.
		if err != nil && !aliyun.IsRecordDuplicate(err) {
			detail := recordErrorDetail(err, in)
			if live(state) {
				detail += "\n\n" + r.stillLive(ctx, state)
			} else if disableFirst {
				detail += fmt.Sprintf("\n\nThe record was disabled first (as planned) and is not live; it still has its old value %s.", old.Value)
				resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
			}
			resp.Diagnostics.AddError("Cannot update DNS record "+id, detail)
			return false
		}
	}
	return true
}

// takenOverWarning warns when the record carries another resource's ownership marker
// than this one's (mine, "" for a record imported without one): another beian_dns_record
// took it over with allow_overwrite, and this resource's destroy will leave it alone.
func takenOverWarning(mine string, live dnsrecord.Marker, rec aliyun.DNSRecord) diag.Diagnostics {
	var diags diag.Diagnostics
	if !ownedByAnother(mine, live) {
		return nil
	}
	diags.AddAttributeWarning(path.Root("ownership_marker"), "DNS record "+rec.RecordID+" now belongs to another beian_dns_record",
		fmt.Sprintf("Record %s (%s %s %s) carries the ownership marker %s, claimed %s, not this resource's (%s): another beian_dns_record took it over "+
			"(allow_overwrite = true, or an import). Both now describe the record; this resource's destroy will leave it alone. "+
			"Remove one of the two: this one with a `removed` block or `terraform state rm`.",
			rec.RecordID, dnsrecord.FQDN(rec.RR, rec.Domain), rec.Type, rec.Value, live, live.Claimed.Format(time.RFC3339), orNone(mine)))
	return diags
}

// ownedByAnother reports whether a record whose remark carries the marker live belongs to
// another beian_dns_record than the one whose state keeps mine ("" for a record imported
// or moved without one): a record without a marker belongs to nobody else.
func ownedByAnother(mine string, live dnsrecord.Marker) bool {
	if live.IsZero() {
		return false
	}
	m, ok := dnsrecord.ParseMarker(mine)
	return !ok || m.Token != live.Token
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// copyRecordInto copies a remote record into the model, keeping the user's spelling where
// it means the same thing (IDN vs punycode, case, trailing dot), so there is no
// perpetual diff. The remark is the user's part of the record's remark; the ownership
// marker at its end is returned, not copied (ownership_marker is this resource's own).
func copyRecordInto(m *dnsRecordModel, rec aliyun.DNSRecord) dnsrecord.Marker {
	m.ID, m.RecordID = types.StringValue(rec.RecordID), types.StringValue(rec.RecordID)
	if d, err := icp.NormalizeDomain(m.Domain.ValueString()); m.Domain.IsNull() || err != nil || !strings.EqualFold(d, rec.Domain) {
		m.Domain = domainNameValue(rec.Domain)
	}
	if m.RR.IsNull() || dnsrecord.CanonicalRR(m.RR.ValueString()) != dnsrecord.CanonicalRR(rec.RR) {
		m.RR = types.StringValue(rec.RR)
	}
	m.Type = types.StringValue(strings.ToUpper(rec.Type))
	if m.Value.IsNull() || !dnsrecord.SameValue(rec.Type, m.Value.ValueString(), rec.Value) {
		m.Value = types.StringValue(rec.Value)
	}
	m.TTL = types.Int64Value(rec.TTL)
	if strings.EqualFold(rec.Type, "MX") {
		m.Priority = types.Int64Value(rec.Priority)
	} else {
		m.Priority = types.Int64Null()
	}
	m.Line = types.StringValue(rec.Line)
	m.Status = types.StringValue(rec.Status)
	remark, live := dnsrecord.SplitRemark(rec.Remark)
	if remark == "" {
		if !m.Remark.IsNull() && m.Remark.ValueString() != "" {
			m.Remark = types.StringNull()
		}
	} else {
		m.Remark = types.StringValue(remark)
	}
	m.FQDN = types.StringValue(recordFQDN(rec.RR, rec.Domain))
	return live
}

func (r *dnsRecordResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state dnsRecordModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, d := recordTimeouts.forUpdate(ctx, plan.Timeouts)
	defer cancel()
	resp.Diagnostics.Append(d...)

	in, err := recordInput(&plan)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("domain"), "Invalid domain", err.Error())
		return
	}
	// As at plan time, the guard only judges changes to where the record resolves: a TTL
	// or remark change of an existing record is not held back.
	if resolutionChanged(&state, &plan) {
		if resp.Diagnostics.Append(r.judgeUpdateAtApply(ctx, &state, in, plan.Status.ValueString() != dnsrecord.StatusDisable)...); resp.Diagnostics.HasError() {
			return
		}
	}
	id := state.RecordID.ValueString()
	client := r.data.client
	// Change only a record this resource owns, as Delete: a record another
	// beian_dns_record took over since (allow_overwrite) is not re-pointed or re-marked
	// back — that would make ownership whoever wrote last.
	if rec, err := client.DescribeDomainRecordInfo(ctx, id); err != nil && !aliyun.IsNotFound(err) {
		resp.Diagnostics.AddError("Cannot update DNS record "+id, "Reading the record to check that this resource owns it failed: "+apiErrorDetail(err))
		return
	} else if _, live := dnsrecord.SplitRemark(rec.Remark); err == nil && ownedByAnother(state.OwnershipMarker.ValueString(), live) {
		resp.Diagnostics.AddError("DNS record "+id+" belongs to another beian_dns_record: not changed",
			fmt.Sprintf("Record %s (%s %s %s) carries the ownership marker %s (claimed %s), not this resource's (%s): another beian_dns_record took it over "+
				"(allow_overwrite = true). Nothing was written. Remove one of the two resources — this one with a `removed` block or `terraform state rm` — "+
				"and make the change in the other.",
				id, dnsrecord.FQDN(rec.RR, rec.Domain), rec.Type, rec.Value, live, live.Claimed.Format(time.RFC3339), orNone(state.OwnershipMarker.ValueString())))
		return
	}
	old, _ := recordInput(&state)
	wantStatus := plan.Status.ValueString()
	// Disabling comes before re-pointing, enabling after it: a record is never live on a
	// value the plan meant to be disabled, also when the second call fails.
	if !r.disableThenRepoint(ctx, resp, &state, &plan, in, old) {
		return
	}
	if wantStatus != state.Status.ValueString() {
		if err := client.SetDomainRecordStatus(ctx, in.Domain, id, dnsrecord.StatusEnabled(wantStatus)); err != nil {
			// Enabling failed after the re-point: the record has its new value, disabled.
			applied := plan
			applied.ID, applied.RecordID, applied.Status = state.ID, state.RecordID, state.Status
			applied.Remark = state.Remark
			applied.FQDN = types.StringValue(recordFQDN(in.RR, in.Domain))
			resp.Diagnostics.Append(resp.State.Set(ctx, &applied)...)
			resp.Diagnostics.AddError("Cannot change the status of DNS record "+id,
				fmt.Sprintf("%s\n\nThe record has its new value %s and is still %s: it is not live. Apply again once the cause is fixed.", apiErrorDetail(err), in.Value, state.Status.ValueString()))
			return
		}
	}
	if plan.Remark.ValueString() != state.Remark.ValueString() {
		// The ownership marker stays at the end of the remark (dns_record_create.go).
		if err := client.UpdateDomainRecordRemark(ctx, in.Domain, id, remarkWithMarker(plan.Remark.ValueString(), state.OwnershipMarker.ValueString())); err != nil {
			resp.Diagnostics.AddError("Cannot change the remark of DNS record "+id, apiErrorDetail(err))
			return
		}
	}
	plan.ID, plan.RecordID = state.ID, state.RecordID
	plan.FQDN = types.StringValue(recordFQDN(in.RR, in.Domain))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	// The identity too: a CLI that deals in identities (Terraform 1.11 included) refuses an
	// update answered without one when it planned none.
	resp.Diagnostics.Append(setRecordIdentity(ctx, resp.Identity, id, in.Domain)...)
}

func recordChanged(a, b aliyun.DNSRecordInput) bool {
	return a.RR != b.RR || a.Type != b.Type || !dnsrecord.SameValue(b.Type, a.Value, b.Value) || a.TTL != b.TTL ||
		!strings.EqualFold(a.Line, b.Line) || a.Priority != b.Priority
}

func (r *dnsRecordResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state dnsRecordModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, d := recordTimeouts.forDelete(ctx, state.Timeouts)
	defer cancel()
	resp.Diagnostics.Append(d...)
	domain, _ := icp.NormalizeDomain(state.Domain.ValueString())
	id := state.RecordID.ValueString()
	// Delete only a record this resource owns: one whose remark carries this resource's
	// ownership marker, or none at all (created before the marker could be written,
	// imported, moved from alicloud). A record another beian_dns_record took over since
	// (allow_overwrite) is left to it.
	rec, err := r.data.client.DescribeDomainRecordInfo(ctx, id)
	if aliyun.IsNotFound(err) {
		tflog.Info(ctx, "DNS record already gone", map[string]any{"record_id": id})
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot delete DNS record "+id, "Reading the record to check that this resource owns it failed: "+apiErrorDetail(err))
		return
	}
	if _, live := dnsrecord.SplitRemark(rec.Remark); ownedByAnother(state.OwnershipMarker.ValueString(), live) {
		resp.Diagnostics.AddWarning("DNS record "+id+" left in place: another beian_dns_record owns it",
			fmt.Sprintf("Record %s (%s %s %s) carries the ownership marker %s (claimed %s), not this resource's (%s): another beian_dns_record took it over. "+
				"It was removed from this state only; the record itself is left to its owner.",
				id, dnsrecord.FQDN(rec.RR, rec.Domain), rec.Type, rec.Value, live, live.Claimed.Format(time.RFC3339), orNone(state.OwnershipMarker.ValueString())))
		return
	}
	// The guard judges the names that reach the record once it is gone, just before.
	if resp.Diagnostics.Append(r.judgeDelete(ctx, &state, guard.Apply)...); resp.Diagnostics.HasError() {
		return
	}
	if err := r.data.client.DeleteDomainRecord(ctx, domain, id); err != nil {
		resp.Diagnostics.AddError("Cannot delete DNS record "+id, apiErrorDetail(err))
	}
}

// remarkWithMarker is the remark to write for the user's remark and this resource's
// ownership marker (as kept in state; none for a record imported without one).
func remarkWithMarker(user, marker string) string {
	m, ok := dnsrecord.ParseMarker(marker)
	if !ok {
		return user
	}
	r, _ := dnsrecord.JoinRemark(user, m)
	return r
}
