package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
)

// The schema and model of beian_dns_record, and the checks that need no cloud.

type dnsRecordModel struct {
	ID       types.String   `tfsdk:"id"`
	RecordID types.String   `tfsdk:"record_id"`
	Domain   domainName     `tfsdk:"domain"`
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

	AllowOverwrite  types.Bool   `tfsdk:"allow_overwrite"`
	OwnershipMarker types.String `tfsdk:"ownership_marker"`
}

const defaultRecordTTL = 600

var recordTimeouts = operationTimeouts{create: 10 * time.Minute, update: 10 * time.Minute, delete: 10 * time.Minute,
	createCovers: "the ICP guard's apply-time check and the write, retries included"}

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
			"**Ownership.** A create never takes over a record it did not write: when an identical record (same host record, type, value and " +
			"line) exists already, the apply fails with the record's ID, what it looks like and the `import` block to write — unless " +
			"`allow_overwrite = true`. Every record this resource creates carries an ownership marker at the end of its remark " +
			"(`ownership_marker`, e.g. `tf-beian-k3j7x2-hkq2z`), so that a create whose answer was lost, or an apply killed before the state " +
			"was saved, is recognised and adopted by the next apply instead of failing or duplicating; two resources never share a record, " +
			"and destroy deletes only a record whose marker is this resource's (or that has none). See the guide \"DNS record ownership\".\n\n" +
			"**Import** by record ID, by `<domain>/<rr>/<type>[/<value>]`, or (Terraform and OpenTofu 1.12+) by resource identity " +
			"(`record_id`). A `moved` block takes an `alicloud_alidns_record` or `alicloud_dns_record` over with nothing planned afterwards, " +
			"and the list resource of the same name lists a zone's records for `terraform query` (Terraform 1.14+): see the guide " +
			"\"Migrating from alicloud DNS records and console-managed zones\".\n\n" +
			"Refresh reads each zone once per run (500 records a call).",
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
				// Another spelling of the same zone (例子.中国 after an import wrote
				// xn--fsqu00a.xn--fiqs8s) is the same value (domainNameType): only another
				// zone replaces the record.
				CustomType:    domainNameType{},
				PlanModifiers: []planmodifier.String{replaceOnOtherDomain(true, "Changing the zone replaces the record.")},
				Validators:    []validator.String{validDomainName},
			},
			"rr": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Host record (主机记录): `@` for the domain itself, `www` for www.<domain>, `*` for a wildcard, " +
					"`_acme-challenge` and so on.",
				Validators: []validator.String{validRR},
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
				Optional: true, Computed: true, Default: stringdefault.StaticString(dnsrecord.StatusEnable),
				MarkdownDescription: "`ENABLE` or `DISABLE` (a disabled record does not resolve). Default `ENABLE`.",
				Validators:          []validator.String{stringvalidator.OneOf(dnsrecord.StatusEnable, dnsrecord.StatusDisable)},
			},
			"remark": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Free-text remark shown in the console, at most %d characters. The provider appends its ownership marker "+
					"to it (`,tf-beian-…`, %d characters), which is not part of this attribute; a remark longer than %d characters leaves no room for "+
					"the marker, and the record is then written without one (it is still owned through the state, but an interrupted create "+
					"of it is recognised only until its remark is written).", dnsrecord.RemarkMaxLen, dnsrecord.MarkerLen+1, dnsrecord.MaxRemarkWithMarker),
				Validators: []validator.String{userRemarkValidator},
			},
			"allow_overwrite": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Adopt an identical record (same host record, type, value and line) that exists already when this resource " +
					"is created, instead of failing — as `aws_route53_record`'s `allow_overwrite`. The record is brought to the plan (TTL, status, " +
					"remark) and marked as this resource's; a record another `beian_dns_record` owns is taken over (its plans then warn, and " +
					"its destroy leaves the record alone). Default `false`: the create fails and names the record and the `import` block to " +
					"write. Only the create reads it. A record left by this provider's own interrupted create is adopted either way.",
			},
			"ownership_marker": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The marker this resource wrote at the end of the record's remark when it created (or adopted) it, e.g. " +
					"`tf-beian-k3j7x2-hkq2z`: a random token and the minute of the claim. A later create of the same record recognises " +
					"it, and destroy deletes the record only while it carries this marker (or none). Null for a record imported or moved in " +
					"without one.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
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

// userRemarkValidator checks a remark against Alibaba Cloud DNS's limit and keeps the
// ownership marker's prefix out of it (dnsrecord.CheckUserRemark).
var userRemarkValidator = stringRule{fmt.Sprintf("at most %d characters, without %q", dnsrecord.RemarkMaxLen, dnsrecord.MarkerPrefix),
	func(attr, v string) (string, string) {
		if msg := dnsrecord.CheckUserRemark(v); msg != "" {
			return "Invalid remark", fmt.Sprintf("%s = %q: %s.", attr, v, msg)
		}
		return "", ""
	}}
