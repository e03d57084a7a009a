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
)

// Creating a beian_dns_record, and what it does when the record exists already: the
// ownership rules of internal/dnsrecord (ownership.go) applied to one create. A create
// never takes over a record it did not write unless allow_overwrite says so; it adopts
// what its own earlier, interrupted attempt left; two resources of one run never share a
// record.

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

	now := r.data.now()
	claim := dnsrecord.NewMarker(now)
	if resp.Diagnostics.Append(r.claimInRun(in, claim)...); resp.Diagnostics.HasError() {
		return
	}

	client := r.data.client
	// Step 1: create with the birth TTL, so that a run interrupted before step 2 leaves a
	// record the next create recognises as this provider's (dnsrecord.BirthTTL).
	birth := in
	birth.TTL = dnsrecord.BirthTTL(in.TTL)
	id, err := client.AddDomainRecord(ctx, birth)
	// cur is the record as it is in the cloud now: a new record is enabled, has no remark
	// and the birth TTL; an adopted one has what it has.
	cur := aliyun.DNSRecord{TTL: birth.TTL, Priority: in.Priority, Status: dnsrecord.StatusEnable}
	adopted := err != nil
	if err != nil {
		rec, ok := r.existingRecord(ctx, resp, &plan, in, claim, err, now)
		if !ok {
			return
		}
		id, cur = rec.RecordID, rec
		// Taking over a record another resource marked writes this resource's marker over
		// theirs. A remark too long to carry one would erase their marker without leaving
		// ours: the record would belong to nobody, and either destroy would delete it.
		if _, theirs := dnsrecord.SplitRemark(rec.Remark); !theirs.IsZero() {
			if _, fits := dnsrecord.JoinRemark(plan.Remark.ValueString(), claim); !fits {
				resp.Diagnostics.AddAttributeError(path.Root("remark"), "Cannot take over DNS record "+id+": the remark leaves no room for the ownership marker",
					fmt.Sprintf("The existing record carries the ownership marker %s of another beian_dns_record. Taking it over replaces that marker with this "+
						"resource's, but a remark longer than %d characters leaves no room for one, so the record would be left with no owner. Nothing was written. "+
						"Shorten remark to at most %d characters, or leave the record to its owner.", theirs, dnsrecord.MaxRemarkWithMarker, dnsrecord.MaxRemarkWithMarker))
				return
			}
		}
	}
	// Save the ID first: if a later step fails, the record is tracked (tainted), not orphaned.
	plan.ID, plan.RecordID = types.StringValue(id), types.StringValue(id)
	plan.FQDN = types.StringValue(recordFQDN(in.RR, in.Domain))
	plan.OwnershipMarker = types.StringValue(claim.String())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setRecordIdentity(ctx, resp.Identity, id, in.Domain)...)

	r.bringCreatedToPlan(ctx, resp, &plan, in, cur, claim, adopted)
}

// claimInRun claims the record for this resource in the run: of two resources of one
// run creating the same record, the first claims it and the second fails here, before
// anything is written.
func (r *dnsRecordResource) claimInRun(in aliyun.DNSRecordInput, claim dnsrecord.Marker) diag.Diagnostics {
	var diags diag.Diagnostics
	key := dnsrecord.Key(in.Domain, in.RR, in.Type, in.Value, in.Line)
	first, loaded := r.data.claims.LoadOrStore(key, claim)
	if !loaded {
		return nil
	}
	owner := "unknown"
	if m, ok := first.(dnsrecord.Marker); ok {
		owner = m.String()
	}
	diags.AddAttributeError(path.Root("value"), fmt.Sprintf("Another beian_dns_record creates %s %s %s in this apply", dnsrecord.FQDN(in.RR, in.Domain), in.Type, in.Value),
		fmt.Sprintf("Two beian_dns_record resources of this configuration describe the same record (zone %s, rr %q, type %s, value %q, line %s). "+
			"Alibaba Cloud DNS holds one such record, and one resource must own it: the other one claimed it first (ownership marker %s). "+
			"Remove one of the two resources; if they differ in a way that matters, change this one's rr, value or line.",
			in.Domain, in.RR, in.Type, in.Value, in.Line, owner))
	return diags
}

// bringCreatedToPlan brings the status, the remark (with the marker: step 2) and the TTL
// of a created or adopted record (cur, as it is in the cloud now) to the plan, in this
// order: the marker before the TTL, so that there is no moment in which the record carries
// neither the birth TTL nor the marker.
func (r *dnsRecordResource) bringCreatedToPlan(ctx context.Context, resp *resource.CreateResponse, plan *dnsRecordModel, in aliyun.DNSRecordInput, cur aliyun.DNSRecord, claim dnsrecord.Marker, adopted bool) {
	client := r.data.client
	id := plan.RecordID.ValueString()
	if want := plan.Status.ValueString(); !strings.EqualFold(cur.Status, want) {
		if err := client.SetDomainRecordStatus(ctx, in.Domain, id, dnsrecord.StatusEnabled(want)); err != nil {
			if adopted {
				// Not this create's record to delete again: it stays in state, tainted.
				resp.Diagnostics.AddError("Cannot set the status of DNS record "+id, apiErrorDetail(err))
				return
			}
			resp.Diagnostics.Append(r.undoEnabledCreate(ctx, resp, in, id, want, err)...)
			return
		}
	}
	if remark, _ := dnsrecord.JoinRemark(plan.Remark.ValueString(), claim); cur.Remark != remark {
		if err := client.UpdateDomainRecordRemark(ctx, in.Domain, id, remark); err != nil {
			resp.Diagnostics.AddError("Cannot write the remark and ownership marker of DNS record "+id, apiErrorDetail(err))
			return
		}
	}
	if cur.TTL != in.TTL || (in.Priority > 0 && cur.Priority != in.Priority) {
		if err := client.UpdateDomainRecord(ctx, id, in); err != nil && !aliyun.IsRecordDuplicate(err) {
			resp.Diagnostics.AddError("Cannot set the TTL of DNS record "+id, recordErrorDetail(err, in))
		}
	}
}

// existingRecord handles an AddDomainRecord that failed: when the record may exist (a
// duplicate, or an answer that never came back) it finds it and decides, by the ownership
// rules, whether this resource may take it. It returns the record to continue with, or
// false after adding the error.
func (r *dnsRecordResource) existingRecord(ctx context.Context, resp *resource.CreateResponse, plan *dnsRecordModel, in aliyun.DNSRecordInput,
	claim dnsrecord.Marker, addErr error, now time.Time) (aliyun.DNSRecord, bool) {
	name := dnsrecord.FQDN(in.RR, in.Domain)
	summary := fmt.Sprintf("Cannot create DNS record %s %s", name, in.Type)
	// Other failures (permissions, quota, bad input) are reported as they are.
	if !aliyun.IsConflict(addErr) && aliyun.ClassOf(addErr) != aliyun.ClassUnavailable {
		resp.Diagnostics.AddError(summary, recordErrorDetail(addErr, in))
		return aliyun.DNSRecord{}, false
	}
	rec, found, err := findIdentical(ctx, r.data.client, in)
	if err != nil || !found {
		detail := recordErrorDetail(addErr, in)
		if err != nil {
			detail += "\n\nListing the zone to look for an identical record failed too: " + apiErrorDetail(err)
		}
		resp.Diagnostics.AddError(summary, detail)
		return aliyun.DNSRecord{}, false
	}
	kind, theirs := dnsrecord.Classify(rec.Remark, rec.TTL, in.TTL, now)
	allow := plan.AllowOverwrite.ValueBool()
	looks := describeRecord(rec)
	switch {
	case kind == dnsrecord.Unfinished:
		// Born with this provider's birth TTL and never marked: an earlier attempt of a
		// create of this record (an answer lost on the way back, or a run interrupted).
		tflog.Info(ctx, "adopting the record an earlier, unfinished create of this provider left", map[string]any{
			"record_id": rec.RecordID, "create_error_code": aliyun.CodeOf(addErr)})
	case kind == dnsrecord.RecentClaim:
		resp.Diagnostics.AddAttributeWarning(path.Root("value"), fmt.Sprintf("Adopted DNS record %s %s left by an interrupted create", name, in.Type),
			fmt.Sprintf("The existing %s carries the ownership marker %s, written by a beian_dns_record that claimed it %s and whose state was never saved "+
				"(an apply interrupted, or its answer lost). This resource has taken it over and written its own marker %s.\n\n"+
				"If instead another beian_dns_record — of this configuration or another — still manages this record (it holds ownership_marker = %q), "+
				"the two now share it: that resource's plans warn that the record was taken over, and its destroy leaves the record alone. Remove one of them. "+
				"(A claim made less than %s ago cannot be told apart from one an interrupted run left.)",
				looks, theirs, ago(now, theirs.Claimed), claim, theirs.String(), dnsrecord.RecoveryWindow))
	case allow && kind == dnsrecord.HeldClaim:
		resp.Diagnostics.AddAttributeWarning(path.Root("allow_overwrite"), fmt.Sprintf("Took over DNS record %s %s from another beian_dns_record", name, in.Type),
			fmt.Sprintf("The existing %s belonged to the beian_dns_record holding ownership_marker = %q (claimed %s). allow_overwrite = true, so this resource "+
				"has taken it over and written its own marker %s. The other resource's plans now warn that the record was taken over, and its destroy leaves the record alone.",
				looks, theirs.String(), theirs.Claimed.Format(time.RFC3339), claim))
	case allow:
		tflog.Info(ctx, "allow_overwrite: adopting an existing record this provider did not create", map[string]any{"record_id": rec.RecordID})
	case kind == dnsrecord.HeldClaim:
		resp.Diagnostics.AddAttributeError(path.Root("value"), summary+": another beian_dns_record owns it",
			fmt.Sprintf("Alibaba Cloud DNS already has this record — %s.\n\n"+
				"It belongs to another beian_dns_record: its remark ends with that resource's ownership marker %s, written when it created the record on %s. "+
				"That resource holds ownership_marker = %q in its state (look for it with `terraform state pull` in the configurations that manage this zone).\n\n"+
				"Two resources must not manage one record. Remove this resource, or remove the other one (a `removed` block, or `terraform state rm`) and import the record here:\n\n%s\n\n"+
				"The same import brings it back if no state holds it any more (an apply interrupted more than %s ago, before its state was saved). "+
				"Or set allow_overwrite = true on this resource to take the record over.",
				looks, theirs, theirs.Claimed.Format(time.RFC3339), theirs.String(), importBlock(rec.RecordID), dnsrecord.RecoveryWindow))
		return aliyun.DNSRecord{}, false
	default:
		resp.Diagnostics.AddAttributeError(path.Root("value"), summary+": an identical record exists already",
			fmt.Sprintf("Alibaba Cloud DNS already has this record — %s. It was not created by this provider (its remark carries no ownership marker): "+
				"it was made in the console, by another tool, or it is managed by another Terraform provider. This resource does not take it over silently.\n\n"+
				"To manage it with this resource, import it:\n\n%s\n\n"+
				"or set allow_overwrite = true on this resource to adopt it as it is created. If something else manages the record, leave it there and remove this resource.",
				looks, importBlock(rec.RecordID)))
		return aliyun.DNSRecord{}, false
	}
	return rec, true
}

// describeRecord says what a record looks like, for diagnostics.
func describeRecord(rec aliyun.DNSRecord) string {
	s := fmt.Sprintf("%s %s %s, line %s, TTL %d, %s", dnsrecord.FQDN(rec.RR, rec.Domain), rec.Type, rec.Value, rec.Line, rec.TTL, rec.Status)
	if strings.EqualFold(rec.Type, "MX") {
		s += fmt.Sprintf(", priority %d", rec.Priority)
	}
	if rec.Remark != "" {
		s += fmt.Sprintf(", remark %q", rec.Remark)
	} else {
		s += ", no remark"
	}
	return "record ID " + rec.RecordID + ": " + s
}

// importBlock is the import block that brings record id under this resource. The provider
// does not know the resource's address: the CLI prints it with the error ("with …").
func importBlock(id string) string {
	return fmt.Sprintf("import {\n  to = beian_dns_record.<name>   # this resource's address, printed above\n  id = %q\n}\n\n(or: terraform import beian_dns_record.<name> %s)", id, id)
}

// ago says how long before now t was, in words.
func ago(now, t time.Time) string {
	d := now.Sub(t).Round(time.Minute)
	if d < time.Minute {
		return "less than a minute ago"
	}
	return d.String() + " ago (" + t.Format(time.RFC3339) + ")"
}

// undoEnabledCreate handles a record that was created (enabled: AddDomainRecord takes
// no status) but could not be set to the planned status, DISABLE: an enabled record the
// plan meant to be disabled must not stay live, so it is deleted again; the client has
// retried the status change already. When the delete fails too, the record stays in
// state (tainted, so the next apply replaces it) and the error says it is live.
func (r *dnsRecordResource) undoEnabledCreate(ctx context.Context, resp *resource.CreateResponse, in aliyun.DNSRecordInput, id, want string, statusErr error) diag.Diagnostics {
	var diags diag.Diagnostics
	name := dnsrecord.FQDN(in.RR, in.Domain)
	if want != dnsrecord.StatusDisable {
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
