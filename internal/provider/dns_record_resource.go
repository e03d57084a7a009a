package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
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

type dnsRecordModel struct {
	ID       types.String   `tfsdk:"id"`
	RecordID types.String   `tfsdk:"record_id"`
	Domain   types.String   `tfsdk:"domain"`
	RR       types.String   `tfsdk:"rr"`
	Type     types.String   `tfsdk:"type"`
	Value    types.String   `tfsdk:"value"`
	TTL      types.Int64    `tfsdk:"ttl"`
	Priority types.Int64    `tfsdk:"priority"`
	Line     types.String   `tfsdk:"line"`
	Status   types.String   `tfsdk:"status"`
	Remark   types.String   `tfsdk:"remark"`
	FQDN     types.String   `tfsdk:"fqdn"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

const defaultRecordTTL = 600

var recordTimeouts = operationTimeouts{create: 10 * time.Minute, update: 10 * time.Minute, delete: 10 * time.Minute,
	createCovers: "the ICP guard's apply-time check and the write, retries included"}

func (r *dnsRecordResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dns_record"
}

func (r *dnsRecordResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A DNS record in Alibaba Cloud DNS (云解析 DNS): above all the `@` and `www` A/AAAA records that point a domain at its " +
			"website, and any other record type.\n\n" +
			"**ICP guard (备案检查).** The plan follows the record to where it ends — the address of an A/AAAA record, a CNAME chain " +
			"through the account's zones, an Alibaba Cloud service host name that names its region, Alibaba Cloud DNS's own servers " +
			"for URL forwarding — and classifies each end as mainland China, offshore or unknown; when it is a mainland server and the " +
			"registrable domain has no approved ICP filing, the plan fails (or warns, with the provider's `enforcement = \"warn\"`). " +
			"It fails closed when Alibaba Cloud does not answer, judges values known only at apply just before the write, and judges " +
			"unchanged records again on every plan, as warnings. See the guide \"How the ICP guard decides\".\n\n" +
			"Creating is idempotent: if the record already exists with the same host record, type, value and line (for example after an " +
			"interrupted apply), it is adopted instead of duplicated. Refresh reads each zone once per run (500 records a call).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The record ID (same as `record_id`).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"record_id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Alibaba Cloud DNS record ID (RecordId).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"domain": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The zone (domain name in Alibaba Cloud DNS), e.g. `example.com`. Internationalised names (`例子.中国`) are " +
					"accepted and sent as punycode. Changing it replaces the record.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{domainNameValidator{}},
			},
			"rr": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Host record (主机记录): `@` for the domain itself, `www` for www.<domain>, `*` for a wildcard, " +
					"`_acme-challenge` and so on.",
				Validators: []validator.String{rrValidator{}},
			},
			"type": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Record type: one of " + backticked(dnsrecord.Types) + ".",
				Validators:          []validator.String{stringvalidator.OneOf(dnsrecord.Types...)},
			},
			"value": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Record value, checked against the type at plan time: an IPv4 address for A, an IPv6 address for AAAA, " +
					"a host name for CNAME/MX/NS (case and a trailing dot do not matter), `<priority> <weight> <port> <target>` for SRV, " +
					"`<flags> <tag> \"<value>\"` for CAA.",
			},
			"ttl": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(defaultRecordTTL),
				MarkdownDescription: fmt.Sprintf("Time to live in seconds. Default %d. Checked at plan time against the zone's minimum "+
					"for its DNS edition (`MinTtl` of DescribeDomainInfo: 600 on the free edition).", defaultRecordTTL),
				Validators: []validator.Int64{int64validator.Between(1, 86400)},
			},
			"priority": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "MX priority, 1–50 (lower is preferred). Required for MX records, not allowed for other types.",
				Validators:          []validator.Int64{int64validator.Between(1, 50)},
			},
			"line": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString("default"),
				MarkdownDescription: "Resolution line (解析线路), e.g. `default`, `telecom`, `unicom`, `mobile`, `oversea`. Default `default`.",
			},
			"status": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString("ENABLE"),
				MarkdownDescription: "`ENABLE` or `DISABLE` (a disabled record does not resolve). Default `ENABLE`.",
				Validators:          []validator.String{stringvalidator.OneOf("ENABLE", "DISABLE")},
			},
			"remark": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Free-text remark shown in the console.",
			},
			"fqdn": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The full host name the record answers for, e.g. `www.example.com` (punycode for IDN).",
			},
			"timeouts": recordTimeouts.attribute(ctx),
		},
	}
}

// article is the indefinite article spoken before a record type: "an A record",
// "an MX record", "a CNAME record".
func article(typ string) string {
	switch strings.ToUpper(typ) {
	case "A", "AAAA", "MX", "NS", "SRV":
		return "an"
	}
	return "a"
}

func backticked(xs []string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = "`" + x + "`"
	}
	return strings.Join(out, ", ")
}

// ValidateConfig checks what can be checked without the cloud: the value against the
// type, and priority against the type.
func (r *dnsRecordResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m dnsRecordModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Type.IsUnknown() || m.Type.IsNull() {
		return
	}
	typ := m.Type.ValueString()
	if !m.Value.IsUnknown() && !m.Value.IsNull() {
		if msg := dnsrecord.ValidateValue(typ, m.Value.ValueString()); msg != "" {
			resp.Diagnostics.AddAttributeError(path.Root("value"), "Invalid "+typ+" record value", msg+".")
		}
	}
	if !m.Priority.IsUnknown() {
		switch {
		case typ == "MX" && m.Priority.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("priority"), "MX record needs a priority",
				"Set priority (1–50, lower is preferred) on this MX record, e.g. priority = 10.")
		case typ != "MX" && !m.Priority.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("priority"), "priority is only for MX records",
				fmt.Sprintf("priority = %d is set on %s %s record. Remove it: only MX records have a priority.", m.Priority.ValueInt64(), article(typ), typ))
		}
	}
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
	timeout, d := plan.Timeouts.Create(ctx, recordTimeouts.create)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

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
	applyRecord(&state, rec)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// applyRecord copies a remote record into the model, keeping the user's spelling where
// it means the same thing (IDN vs punycode, case, trailing dot), so there is no
// perpetual diff.
func applyRecord(m *dnsRecordModel, rec aliyun.DNSRecord) {
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
	timeout, d := plan.Timeouts.Update(ctx, recordTimeouts.update)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	in, err := recordInput(&plan)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("domain"), "Invalid domain", err.Error())
		return
	}
	// As at plan time, the guard only judges changes to where the record resolves: a TTL
	// or remark change of an existing record is not held back.
	if resolutionChanged(&state, &plan) {
		if resp.Diagnostics.Append(r.judgeAtApply(ctx, in, plan.Status.ValueString() != "DISABLE")...); resp.Diagnostics.HasError() {
			return
		}
	}
	id := state.RecordID.ValueString()
	client := r.data.client
	old, _ := recordInput(&state)
	if recordChanged(old, in) {
		err := client.UpdateDomainRecord(ctx, id, in)
		// UpdateDomainRecord answers DomainRecordDuplicate when nothing changes (e.g. a
		// retried call that had already been applied): that is success.
		if err != nil && aliyun.CodeOf(err) != "DomainRecordDuplicate" {
			resp.Diagnostics.AddError("Cannot update DNS record "+id, recordErrorDetail(err, in))
			return
		}
	}
	if plan.Status.ValueString() != state.Status.ValueString() {
		if err := client.SetDomainRecordStatus(ctx, in.Domain, id, plan.Status.ValueString()); err != nil {
			resp.Diagnostics.AddError("Cannot change the status of DNS record "+id, apiErrorDetail(err))
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
	timeout, d := state.Timeouts.Delete(ctx, recordTimeouts.delete)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	domain, _ := icp.NormalizeDomain(state.Domain.ValueString())
	if err := r.data.client.DeleteDomainRecord(ctx, domain, state.RecordID.ValueString()); err != nil {
		resp.Diagnostics.AddError("Cannot delete DNS record "+state.RecordID.ValueString(), apiErrorDetail(err))
	}
}

// ImportState accepts a record ID or <domain>/<rr>/<type>[/<value>].
func (r *dnsRecordResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.data == nil {
		resp.Diagnostics.AddError("Provider not configured", "The beian provider must be configured to import records.")
		return
	}
	id, err := dnsrecord.ParseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	var rec aliyun.DNSRecord
	if id.RecordID != "" {
		rec, err = r.data.client.DescribeDomainRecordInfo(ctx, id.RecordID)
		if err != nil {
			msg := apiErrorDetail(err)
			if aliyun.IsNotFound(err) {
				msg = fmt.Sprintf("No DNS record with ID %s exists in this account. Check the ID, or import by <domain>/<rr>/<type>[/<value>].\n\n%s", id.RecordID, err)
			}
			resp.Diagnostics.AddError("Cannot import DNS record "+id.RecordID, msg)
			return
		}
	} else {
		rec, err = r.findForImport(ctx, id)
		if err != nil {
			resp.Diagnostics.AddError("Cannot import DNS record "+req.ID, err.Error())
			return
		}
	}
	var m dnsRecordModel
	m.Domain, m.RR, m.Value = types.StringNull(), types.StringNull(), types.StringNull()
	m.Remark, m.Priority = types.StringNull(), types.Int64Null()
	applyRecord(&m, rec)
	m.Timeouts = nullTimeouts()
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *dnsRecordResource) findForImport(ctx context.Context, id dnsrecord.ImportID) (aliyun.DNSRecord, error) {
	snap, err := r.data.client.ZoneRecords(ctx, id.Domain)
	if aliyun.IsNotFound(err) {
		return aliyun.DNSRecord{}, fmt.Errorf("the zone %s is not in the Alibaba Cloud DNS (云解析 DNS) of this account (%v). "+
			"Check the spelling of the domain in the import ID (<domain>/<rr>/<type>[/<value>]) and that the provider's credentials belong to the account that holds the zone", id.Domain, err)
	}
	if err != nil {
		return aliyun.DNSRecord{}, fmt.Errorf("%s", apiErrorDetail(err))
	}
	var matches []aliyun.DNSRecord
	for _, rec := range snap.Find(id.RR, id.Type) {
		if id.Value == "" || dnsrecord.SameValue(id.Type, rec.Value, id.Value) {
			matches = append(matches, rec)
		}
	}
	fq := dnsrecord.FQDN(id.RR, id.Domain)
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		withValue := ""
		if id.Value != "" {
			withValue = " with value " + id.Value
		}
		return aliyun.DNSRecord{}, fmt.Errorf("no %s record for %s%s exists in Alibaba Cloud DNS. The data source beian_dns_records lists the zone's records with their IDs", id.Type, fq, withValue)
	}
	var vals []string
	for _, m := range matches {
		vals = append(vals, fmt.Sprintf("%s (id %s, line %s)", m.Value, m.RecordID, m.Line))
	}
	return aliyun.DNSRecord{}, fmt.Errorf("%d %s records exist for %s: %s. Add the value to the import ID (%s/%s/%s/<value>) or import by record ID",
		len(matches), id.Type, fq, strings.Join(vals, "; "), id.Domain, id.RR, id.Type)
}
