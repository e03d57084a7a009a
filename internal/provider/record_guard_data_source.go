package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

var (
	_ datasource.DataSourceWithConfigure      = (*recordGuardDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*recordGuardDataSource)(nil)
)

// NewRecordGuardDataSource judges DNS records of any provider with the ICP guard.
func NewRecordGuardDataSource() datasource.DataSource { return &recordGuardDataSource{} }

type recordGuardDataSource struct{ dataSourceBase }

type recordGuardModel struct {
	Records    []guardedRecordModel `tfsdk:"records"`
	Results    []guardResultModel   `tfsdk:"results"`
	Allowed    types.Bool           `tfsdk:"allowed"`
	Violations []types.String       `tfsdk:"violations"`
}

type guardedRecordModel struct {
	Name    types.String `tfsdk:"name"`
	Type    types.String `tfsdk:"type"`
	Value   types.String `tfsdk:"value"`
	Enabled types.Bool   `tfsdk:"enabled"`
}

type guardResultModel struct {
	Name           types.String     `tfsdk:"name"`
	Type           types.String     `tfsdk:"type"`
	Value          types.String     `tfsdk:"value"`
	Location       types.String     `tfsdk:"location"`
	Evidence       types.String     `tfsdk:"evidence"`
	Registrable    types.String     `tfsdk:"registrable_domain"`
	FilingApproved types.Bool       `tfsdk:"filing_approved"`
	Allowed        types.Bool       `tfsdk:"allowed"`
	Ends           []guardEndModel  `tfsdk:"ends"`
	Findings       []guardFindModel `tfsdk:"findings"`
}

type guardEndModel struct {
	Target   types.String `tfsdk:"target"`
	Via      []string     `tfsdk:"via"`
	Location types.String `tfsdk:"location"`
	Evidence types.String `tfsdk:"evidence"`
}

type guardFindModel struct {
	Kind     types.String `tfsdk:"kind"`
	Severity types.String `tfsdk:"severity"`
	Blocks   types.Bool   `tfsdk:"blocks"`
	Summary  types.String `tfsdk:"summary"`
	Detail   types.String `tfsdk:"detail"`
}

func (d *recordGuardDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_record_guard"
}

func (d *recordGuardDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Judges DNS records managed by **any** provider — `alicloud_alidns_record`, `cloudflare_dns_record`, " +
			"`tencentcloud_dnspod_record`, `huaweicloud_dns_recordset`, `aws_route53_record` … — with exactly the ICP guard " +
			"(备案检查) of `beian_dns_record`: each record is followed to where it ends (CNAMEs through the records given here, " +
			"then through the zones of this Alibaba Cloud account), each end is classified as a mainland-China server or not with " +
			"its evidence, and a mainland end needs an approved ICP filing of the record's registrable domain.\n\n" +
			"With the provider's `enforcement = \"error\"` a record that would resolve to a mainland server without an approved " +
			"filing fails the plan with the same diagnostic as `beian_dns_record`; with `\"warn\"` it is a warning. Either way " +
			"`allowed` is `false` and `violations` lists it, so a `precondition` on the other provider's record can stop its write.\n\n" +
			"**Ordering.** A value known only at apply (a server created in the same apply) makes Terraform read this data source " +
			"during the apply; the records it judges must then be written after that read: give the record resources " +
			"`depends_on = [data.beian_record_guard.<name>]`, or a `lifecycle { precondition { condition = " +
			"data.beian_record_guard.<name>.allowed } }` (which also creates the dependency). See the guide " +
			"\"ICP guard for other DNS providers\".\n\n" +
			"**Names that reach the records.** A name of this account's zones that reaches one of the records through a CNAME " +
			"chain is judged for it too, with the records given here in place of its targets' own: when it would newly resolve " +
			"to a mainland server without an approved filing of its own registrable domain, the record it reaches is blocked, " +
			"and the finding names the chain (`x3.example.com → origin3.example.net → 47.96.10.20`).\n\n" +
			"The cost is per provider run, not per record: one ICP listing, one zone list, one listing of every zone of the " +
			"account, and the account's servers asked once per distinct address.",
		Attributes: map[string]schema.Attribute{
			"records": schema.ListNestedAttribute{
				Required: true,
				MarkdownDescription: "The records to judge, in any order. Records that point at each other (a CNAME to another " +
					"name given here) are followed through each other first.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{
						Required: true,
						MarkdownDescription: "The full host name the record answers for, e.g. `www.example.com` (a trailing dot, as " +
							"Route 53 and Huawei Cloud write names, is fine; internationalised names are accepted).",
					},
					"type": schema.StringAttribute{
						Required: true,
						MarkdownDescription: "Record type: `A`, `AAAA`, `CNAME`, `NS`, `REDIRECT_URL`/`FORWARD_URL` (also spelt `FORWORD_URL`, as the alicloud provider does; Alibaba Cloud DNS's " +
							"URL forwarding); other types (MX, TXT …) are accepted and need no filing. Case and surrounding white space do not matter (`\"a \"` is `A`).",
					},
					"value": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "The record value: an address for A/AAAA, a host name for CNAME/NS, a URL for forwarding. A value that does not parse for its type (`047.096.010.020` for A) is an error: at plan time when it is known then, else when the data source is read.",
					},
					"enabled": schema.BoolAttribute{
						Optional:            true,
						MarkdownDescription: "`false` for a record that does not resolve (paused, disabled). Default `true`.",
					},
				}},
			},
			"results": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "One result per record, in the order of `records`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":               str("The record's name, as given."),
					"type":               str("The record's type, as given."),
					"value":              str("The record's value, as given."),
					"location":           str("Where the record ends: `mainland`, `offshore` or `unknown` (`mainland` when any end is, `unknown` when any end could not be placed and none is mainland)."),
					"evidence":           str("How the location was decided, for each end (for location data: the sources consulted, which decided, whether they agree)."),
					"registrable_domain": str("The registrable domain whose ICP filing a mainland end needs (`www.example.com.cn` → `example.com.cn`); empty when none is needed."),
					"filing_approved":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether `registrable_domain` has an approved ICP filing; `false` when no filing was needed or looked up."},
					"allowed":            schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether nothing the guard found blocks the record."},
					"ends": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "Every place the record ends at.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"target":   str("The address, or the host name when the end is not an address (an Alibaba Cloud service, a forwarding destination, a host the guard could not follow)."),
							"via":      schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The CNAME targets followed to get there, in order."},
							"location": str("`mainland`, `offshore` or `unknown`."),
							"evidence": str("How the location was decided. For the embedded location data: each source consulted (the origin network, two geolocation sources) with its answer, which decided, and whether they agree — an offshore answer they disagree on is also a `unknown_location` warning."),
						}},
					},
					"findings": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "What the guard has to say about the record: the same text as the diagnostics.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"kind":     str("`no_filing`, `cannot_judge`, `unknown_location`, `unfollowed`, `delegation`, `forwarding`, `risk`, `unverified_filing`, `stale_data` or `declaration_conflict`."),
							"severity": str("`error` or `warning`, as the diagnostic is shown."),
							"blocks":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the finding is a violation (it blocks the record; with `enforcement = \"warn\"` it is shown as a warning)."},
							"summary":  str("The diagnostic's summary."),
							"detail":   str("The diagnostic's detail."),
						}},
					},
				}},
			},
			"allowed": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "`true` when no record is blocked. Use it in a `precondition` of the records' resources.",
			},
			"violations": schema.ListAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The summaries of the findings that block a record, e.g. `ICP filing (备案) required: www.example.com → 47.96.10.20 is a mainland-China server`.",
			},
		},
	}
}

// ValidateConfig checks each known record at plan time: its name and its value for its
// type (as beian_dns_record does).
func (d *recordGuardDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var list types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("records"), &list)...)
	if resp.Diagnostics.HasError() || list.IsUnknown() || list.IsNull() {
		return // known later (a module's variable while validating): checked then
	}
	for i, el := range list.Elements() {
		obj, ok := el.(types.Object)
		if !ok || obj.IsUnknown() || obj.IsNull() {
			continue
		}
		var r guardedRecordModel
		if diags := obj.As(ctx, &r, basetypes.ObjectAsOptions{}); diags.HasError() {
			resp.Diagnostics.Append(diags...)
			return
		}
		p := path.Root("records").AtListIndex(i)
		if !r.Name.IsUnknown() && !r.Name.IsNull() {
			if _, err := icp.NormalizeHostName(strings.TrimSuffix(r.Name.ValueString(), ".")); err != nil {
				resp.Diagnostics.AddAttributeError(p.AtName("name"), "Invalid record name",
					fmt.Sprintf("records[%d].name = %q is not a host name: %v. Write the full name, e.g. www.example.com.", i, r.Name.ValueString(), err))
			}
		}
		if r.Type.IsUnknown() || r.Type.IsNull() || r.Value.IsUnknown() || r.Value.IsNull() {
			continue
		}
		typ := guardType(r.Type.ValueString())
		if !isDNSType(typ) {
			continue // types Alibaba Cloud DNS does not have (e.g. Route 53's ALIAS) are not judged here
		}
		if msg := dnsrecord.ValidateValue(typ, r.Value.ValueString()); msg != "" {
			resp.Diagnostics.AddAttributeError(p.AtName("value"), "Invalid "+typ+" record value", fmt.Sprintf("records[%d].value: %s.", i, msg))
		}
	}
}

// guardType is a record type as given to the data source, as the guard and
// beian_dns_record spell it: white space trimmed, upper case ("a " → "A").
func guardType(t string) string { return strings.ToUpper(strings.TrimSpace(t)) }

func isDNSType(t string) bool {
	for _, x := range dnsrecord.Types {
		if x == t {
			return true
		}
	}
	return false
}

func (d *recordGuardDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m recordGuardModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	recs := make([]guard.Record, len(m.Records))
	for i, r := range m.Records {
		name, err := icp.NormalizeHostName(strings.TrimSuffix(strings.TrimSpace(r.Name.ValueString()), "."))
		if err != nil {
			name = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(r.Name.ValueString()), "."))
		}
		typ := guardType(r.Type.ValueString())
		value := strings.TrimSpace(r.Value.ValueString())
		if dnsrecord.IsHostType(typ) {
			value = dnsrecord.CanonicalValue(typ, value)
		}
		recs[i] = guard.Record{Name: name, Type: typ, Value: value, Enabled: r.Enabled.IsNull() || r.Enabled.ValueBool()}
	}
	m.Results = make([]guardResultModel, len(recs))
	m.Violations = []types.String{}
	allowed := true
	for i, j := range d.data.guard.JudgeAll(ctx, recs, guard.Plan) {
		resp.Diagnostics.Append(findingDiags(path.Root("records").AtListIndex(i).AtName("value"), j.Findings)...)
		res := resultModel(m.Records[i], j)
		for _, f := range j.Findings {
			if f.Blocks {
				m.Violations = append(m.Violations, types.StringValue(f.Summary))
			}
		}
		allowed = allowed && j.Allowed()
		m.Results[i] = res
	}
	m.Allowed = types.BoolValue(allowed)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// resultModel is one record's judgement as the data source shows it.
func resultModel(in guardedRecordModel, j guard.Judgement) guardResultModel {
	out := guardResultModel{
		Name: in.Name, Type: in.Type, Value: in.Value,
		Allowed: types.BoolValue(j.Allowed()), FilingApproved: types.BoolValue(false),
		Ends: []guardEndModel{}, Findings: []guardFindModel{},
	}
	location := mainland.Offshore
	if len(j.Ends) == 0 {
		location = mainland.Unknown // nothing to judge (a disabled record, a TXT record): no server
	}
	var evidence []string
	registrable := ""
	for _, e := range j.Ends {
		target := e.Host
		if e.Address.IsValid() {
			target = e.Address.String()
		}
		out.Ends = append(out.Ends, guardEndModel{Target: types.StringValue(target), Via: append([]string{}, e.Via...),
			Location: types.StringValue(e.Location.String()), Evidence: types.StringValue(e.Evidence)})
		evidence = append(evidence, target+": "+e.Evidence)
		switch {
		case e.Location == mainland.Mainland:
			location = mainland.Mainland
		case e.Location == mainland.Unknown && location != mainland.Mainland:
			location = mainland.Unknown
		}
		if e.Registrable != "" {
			registrable = e.Registrable
			out.FilingApproved = types.BoolValue(e.Filing.Approved())
		}
	}
	if len(j.Ends) == 0 {
		evidence = append(evidence, "the record does not lead to a server (disabled, or a type that serves no website)")
	}
	out.Location = types.StringValue(location.String())
	out.Evidence = types.StringValue(strings.Join(evidence, "; "))
	out.Registrable = types.StringValue(registrable)
	for _, f := range j.Findings {
		sev := "warning"
		if f.Severity == guard.Error {
			sev = "error"
		}
		out.Findings = append(out.Findings, guardFindModel{Kind: types.StringValue(string(f.Kind)), Severity: types.StringValue(sev),
			Blocks: types.BoolValue(f.Blocks), Summary: types.StringValue(f.Summary), Detail: types.StringValue(f.Detail)})
	}
	return out
}
