package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

var _ datasource.DataSourceWithConfigure = (*dnsRecordsDataSource)(nil)

// NewDNSRecordsDataSource lists the records of a zone, from the same per-run zone
// snapshot beian_dns_record reads through.
func NewDNSRecordsDataSource() datasource.DataSource { return &dnsRecordsDataSource{} }

type dnsRecordsDataSource struct{ dataSourceBase }

type dnsRecordsModel struct {
	Domain  types.String      `tfsdk:"domain"`
	RR      types.String      `tfsdk:"rr"`
	Type    types.String      `tfsdk:"type"`
	Status  types.String      `tfsdk:"status"`
	Records []dnsRecordsEntry `tfsdk:"records"`
	IDs     []string          `tfsdk:"ids"`
}

type dnsRecordsEntry struct {
	RecordID types.String `tfsdk:"record_id"`
	RR       types.String `tfsdk:"rr"`
	Type     types.String `tfsdk:"type"`
	Value    types.String `tfsdk:"value"`
	TTL      types.Int64  `tfsdk:"ttl"`
	Priority types.Int64  `tfsdk:"priority"`
	Line     types.String `tfsdk:"line"`
	Status   types.String `tfsdk:"status"`
	Remark   types.String `tfsdk:"remark"`
	FQDN     types.String `tfsdk:"fqdn"`
}

func (d *dnsRecordsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dns_records"
}

func (d *dnsRecordsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The records of a zone in Alibaba Cloud DNS (云解析 DNS), optionally filtered. The zone is listed once per " +
			"provider run (500 records a call) and the listing is shared with every `beian_dns_record` of the zone, so reading " +
			"it costs nothing extra when the zone is managed too. Useful to find the records a zone already has before " +
			"importing them, or to feed `for_each`.",
		Attributes: map[string]schema.Attribute{
			"domain": schema.StringAttribute{Required: true, MarkdownDescription: "The zone, e.g. `example.com` (IDN allowed).", Validators: []validator.String{validDomainName}},
			"rr":     schema.StringAttribute{Optional: true, MarkdownDescription: "Only records of this host record (`@`, `www` …), compared case-insensitively.", Validators: []validator.String{validRR}},
			"type":   schema.StringAttribute{Optional: true, MarkdownDescription: "Only records of this type.", Validators: []validator.String{stringvalidator.OneOf(dnsrecord.Types...)}},
			"status": schema.StringAttribute{Optional: true, MarkdownDescription: "Only `ENABLE` or only `DISABLE` records.", Validators: []validator.String{stringvalidator.OneOf(dnsrecord.StatusEnable, dnsrecord.StatusDisable)}},
			"ids":    schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Record IDs of the matching records, in the zone's order."},
			"records": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "The matching records, in the zone's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"record_id": str("Record ID: `terraform import beian_dns_record.<name> <record_id>` adopts it."),
					"rr":        str("Host record."),
					"type":      str("Record type."),
					"value":     str("Value."),
					"ttl":       schema.Int64Attribute{Computed: true, MarkdownDescription: "TTL in seconds."},
					"priority":  schema.Int64Attribute{Computed: true, MarkdownDescription: "MX priority; null for other types."},
					"line":      str("Resolution line."),
					"status":    str("`ENABLE` or `DISABLE`."),
					"remark":    str("Remark."),
					"fqdn":      str("Full host name (punycode for IDN)."),
				}},
			},
		},
	}
}

func (d *dnsRecordsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m dnsRecordsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	zone, err := icp.NormalizeDomain(m.Domain.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("domain"), "Invalid domain", err.Error())
		return
	}
	snap, err := d.data.client.ZoneRecords(ctx, zone)
	if err != nil {
		detail := apiErrorDetail(err)
		if aliyun.IsNotFound(err) {
			detail = fmt.Sprintf("The zone %q is not in this account's Alibaba Cloud DNS.\n\n%s", zone, err)
		}
		resp.Diagnostics.AddAttributeError(path.Root("domain"), "Cannot list the records of "+zone, detail)
		return
	}
	wantRR := ""
	if !m.RR.IsNull() {
		wantRR = dnsrecord.CanonicalRR(m.RR.ValueString())
	}
	m.Records, m.IDs = []dnsRecordsEntry{}, []string{}
	for _, r := range snap.Records {
		if (wantRR != "" && dnsrecord.CanonicalRR(r.RR) != wantRR) ||
			(!m.Type.IsNull() && !strings.EqualFold(r.Type, m.Type.ValueString())) ||
			(!m.Status.IsNull() && !strings.EqualFold(r.Status, m.Status.ValueString())) {
			continue
		}
		e := dnsRecordsEntry{
			RecordID: types.StringValue(r.RecordID), RR: types.StringValue(r.RR), Type: types.StringValue(strings.ToUpper(r.Type)),
			Value: types.StringValue(r.Value), TTL: types.Int64Value(r.TTL), Priority: types.Int64Null(), Line: types.StringValue(r.Line),
			Status: types.StringValue(r.Status), Remark: types.StringValue(r.Remark), FQDN: types.StringValue(dnsrecord.FQDN(dnsrecord.CanonicalRR(r.RR), zone)),
		}
		if strings.EqualFold(r.Type, "MX") {
			e.Priority = types.Int64Value(r.Priority)
		}
		m.Records = append(m.Records, e)
		m.IDs = append(m.IDs, r.RecordID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
