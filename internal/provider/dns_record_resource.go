package provider

import (
	"context"
	"fmt"
	"strings"

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

func (r *dnsRecordResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan dnsRecordModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, d := recordTimeouts.forCreate(ctx, plan.Timeouts)
	defer cancel()
	resp.Diagnostics.Append(d...)

	in, err := recordInput(&plan)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("domain"), "Invalid domain", err.Error())
		return
	}
	// The guard runs again here: the value may have been unknown at plan time. A record
	// is created enabled (AddDomainRecord takes no status), so it is judged as enabled.
	if resp.Diagnostics.Append(r.judgeAtApply(ctx, in, true)...); resp.Diagnostics.HasError() {
		return
	}

	client := r.data.client
	id, err := client.AddDomainRecord(ctx, in)
	// A new record is enabled and has no remark; an adopted one has what it has.
	curStatus, curRemark := "ENABLE", ""
	if err != nil {
		// The record may exist already: created by an earlier attempt whose answer was lost
		// (a timeout or connection failure: ClassUnavailable) or by hand (a conflict). Adopt
		// an identical record then instead of failing or duplicating it. Other failures
		// (permissions, quota, bad input) are reported as they are.
		var rec aliyun.DNSRecord
		found := false
		if aliyun.IsConflict(err) || aliyun.ClassOf(err) == aliyun.ClassUnavailable {
			var ferr error
			rec, found, ferr = findIdentical(ctx, client, in)
			found = found && ferr == nil
		}
		if !found {
			resp.Diagnostics.AddError(fmt.Sprintf("Cannot create DNS record %s %s", dnsrecord.FQDN(in.RR, in.Domain), in.Type), recordErrorDetail(err, in))
			return
		}
		tflog.Info(ctx, "adopting an identical existing DNS record instead of creating a duplicate", map[string]any{
			"record_id": rec.RecordID, "create_error_code": aliyun.CodeOf(err),
		})
		id, curStatus, curRemark = rec.RecordID, rec.Status, rec.Remark
		// An adopted record may differ in TTL/priority: bring it to the plan.
		if rec.TTL != in.TTL || (in.Priority > 0 && rec.Priority != in.Priority) {
			if err := client.UpdateDomainRecord(ctx, id, in); err != nil && aliyun.CodeOf(err) != "DomainRecordDuplicate" {
				resp.Diagnostics.AddError("Cannot update adopted DNS record "+id, recordErrorDetail(err, in))
				return
			}
		}
	}
	// Save the ID first: if a later step fails, the record is tracked (tainted), not orphaned.
	plan.ID, plan.RecordID = types.StringValue(id), types.StringValue(id)
	plan.FQDN = types.StringValue(recordFQDN(in.RR, in.Domain))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)

	// Bring status and remark to the plan (a null remark means none).
	if want := plan.Status.ValueString(); !strings.EqualFold(curStatus, want) {
		if err := client.SetDomainRecordStatus(ctx, in.Domain, id, want); err != nil {
			resp.Diagnostics.Append(r.undoEnabledCreate(ctx, resp, in, id, want, err)...)
			return
		}
	}
	if want := plan.Remark.ValueString(); curRemark != want {
		if err := client.UpdateDomainRecordRemark(ctx, in.Domain, id, want); err != nil {
			resp.Diagnostics.AddError("Cannot set the remark of DNS record "+id, apiErrorDetail(err))
			return
		}
	}
}

// undoEnabledCreate handles a record that was created (enabled: AddDomainRecord takes
// no status) but could not be set to the planned status, DISABLE: an enabled record the
// plan meant to be disabled must not stay live, so it is deleted again; the client has
// retried the status change already. When the delete fails too, the record stays in
// state (tainted, so the next apply replaces it) and the error says it is live.
func (r *dnsRecordResource) undoEnabledCreate(ctx context.Context, resp *resource.CreateResponse, in aliyun.DNSRecordInput, id, want string, statusErr error) diag.Diagnostics {
	var diags diag.Diagnostics
	name := dnsrecord.FQDN(in.RR, in.Domain)
	if want != "DISABLE" {
		diags.AddError("Cannot set the status of DNS record "+id, apiErrorDetail(statusErr))
		return diags
	}
	if err := r.data.client.DeleteDomainRecord(ctx, in.Domain, id); err != nil {
		diags.AddError(fmt.Sprintf("DNS record %s %s is ENABLED although the plan says DISABLE", name, in.Type),
			fmt.Sprintf("The record was created (AddDomainRecord creates records enabled) but could not be disabled: %s\n\nDeleting it again failed too: %s\n\n"+
				"It resolves now. It is kept in state as tainted, so the next apply replaces it; disable or delete record %s in the console if it must not resolve until then.",
				apiErrorDetail(statusErr), apiErrorDetail(err), id))
		return diags
	}
	resp.State.RemoveResource(ctx)
	diags.AddError(fmt.Sprintf("DNS record %s %s was not created: it could not be disabled", name, in.Type),
		fmt.Sprintf("AddDomainRecord creates records enabled, and setting this one to DISABLE failed: %s\n\n"+
			"The record was deleted again so that it does not resolve against the plan. Nothing is left behind: apply again once the cause is fixed.", apiErrorDetail(statusErr)))
	return diags
}

// findIdentical looks for a record with the same rr, type, value and line.
// AddDomainRecord has dropped the zone's snapshot, so this lists the zone afresh.
func findIdentical(ctx context.Context, c *aliyun.Client, in aliyun.DNSRecordInput) (aliyun.DNSRecord, bool, error) {
	snap, err := c.ZoneRecords(ctx, in.Domain)
	if err != nil {
		return aliyun.DNSRecord{}, false, err
	}
	for _, rec := range snap.Find(in.RR, in.Type) {
		if dnsrecord.SameValue(in.Type, rec.Value, in.Value) && strings.EqualFold(rec.Line, in.Line) {
			return rec, true, nil
		}
	}
	return aliyun.DNSRecord{}, false, nil
}

func recordErrorDetail(err error, in aliyun.DNSRecordInput) string {
	switch aliyun.CodeOf(err) {
	case "QuotaExceeded.TTL":
		return apiErrorDetail(err) + fmt.Sprintf("\n\nThe TTL %d is below what the zone's DNS edition allows; raise ttl.", in.TTL)
	case "DomainRecordConflict":
		return apiErrorDetail(err) + fmt.Sprintf("\n\nAnother record of %s conflicts with this one (a CNAME cannot coexist with other records of the same host). Remove or change the other record.", dnsrecord.FQDN(in.RR, in.Domain))
	case "InvalidDomainName.NoExist":
		return apiErrorDetail(err) + fmt.Sprintf("\n\nThe zone %s is not in this account's Alibaba Cloud DNS.", in.Domain)
	}
	return apiErrorDetail(err)
}

func (r *dnsRecordResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if r.refreshUnchanged(ctx, req.State.Raw) {
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
		resp.State.RemoveResource(ctx)
		return
	}
	copyRecordInto(&state, rec)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// copyRecordInto copies a remote record into the model, keeping the user's spelling where
// it means the same thing (IDN vs punycode, case, trailing dot), so there is no
// perpetual diff.
func copyRecordInto(m *dnsRecordModel, rec aliyun.DNSRecord) {
	m.ID, m.RecordID = types.StringValue(rec.RecordID), types.StringValue(rec.RecordID)
	if d, err := icp.NormalizeDomain(m.Domain.ValueString()); m.Domain.IsNull() || err != nil || !strings.EqualFold(d, rec.Domain) {
		m.Domain = types.StringValue(rec.Domain)
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
	if rec.Remark == "" {
		if !m.Remark.IsNull() && m.Remark.ValueString() != "" {
			m.Remark = types.StringNull()
		}
	} else {
		m.Remark = types.StringValue(rec.Remark)
	}
	m.FQDN = types.StringValue(recordFQDN(rec.RR, rec.Domain))
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
		if resp.Diagnostics.Append(r.judgeUpdateAtApply(ctx, &state, in, plan.Status.ValueString() != "DISABLE")...); resp.Diagnostics.HasError() {
			return
		}
	}
	id := state.RecordID.ValueString()
	client := r.data.client
	old, _ := recordInput(&state)
	wantStatus := plan.Status.ValueString()
	// Disabling comes before re-pointing, enabling after it: a record is never live on a
	// value the plan meant to be disabled, also when the second call fails.
	disableFirst := wantStatus == "DISABLE" && live(&state)
	if disableFirst {
		if err := client.SetDomainRecordStatus(ctx, in.Domain, id, wantStatus); err != nil {
			resp.Diagnostics.AddError(fmt.Sprintf("DNS record %s %s is still live: disabling it failed", icp.DisplayName(dnsrecord.FQDN(old.RR, old.Domain)), old.Type),
				fmt.Sprintf("SetDomainRecordStatus (DISABLE) failed: %s\n\n%s\n\nNothing else was changed: a record is disabled before it is re-pointed. Apply again once the cause is fixed, or disable record %s in the console if it must not resolve until then.",
					apiErrorDetail(err), r.stillLive(ctx, &state), id))
			return
		}
		// From here on the record is disabled, whatever fails next.
		state.Status = plan.Status
	}
	if recordChanged(old, in) {
		err := client.UpdateDomainRecord(ctx, id, in)
		// UpdateDomainRecord answers DomainRecordDuplicate when nothing changes (e.g. a
		// retried call that had already been applied): that is success.
		if err != nil && aliyun.CodeOf(err) != "DomainRecordDuplicate" {
			detail := recordErrorDetail(err, in)
			if live(&state) {
				detail += "\n\n" + r.stillLive(ctx, &state)
			} else if disableFirst {
				detail += fmt.Sprintf("\n\nThe record was disabled first (as planned) and is not live; it still has its old value %s.", old.Value)
				resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			}
			resp.Diagnostics.AddError("Cannot update DNS record "+id, detail)
			return
		}
	}
	if wantStatus != state.Status.ValueString() {
		if err := client.SetDomainRecordStatus(ctx, in.Domain, id, wantStatus); err != nil {
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
		if err := client.UpdateDomainRecordRemark(ctx, in.Domain, id, plan.Remark.ValueString()); err != nil {
			resp.Diagnostics.AddError("Cannot change the remark of DNS record "+id, apiErrorDetail(err))
			return
		}
	}
	plan.ID, plan.RecordID = state.ID, state.RecordID
	plan.FQDN = types.StringValue(recordFQDN(in.RR, in.Domain))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
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
	// The guard judges the names that reach the record once it is gone, just before.
	if resp.Diagnostics.Append(r.judgeDelete(ctx, &state, guard.Apply)...); resp.Diagnostics.HasError() {
		return
	}
	if err := r.data.client.DeleteDomainRecord(ctx, domain, state.RecordID.ValueString()); err != nil {
		resp.Diagnostics.AddError("Cannot delete DNS record "+state.RecordID.ValueString(), apiErrorDetail(err))
	}
}
