package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// The list resource of beian_dns_record: the records of a zone, for `terraform query`
// (Terraform 1.14+), which prints an import block for each — and, with
// -generate-config-out, the resource blocks too — so that a zone managed in the console
// comes under Terraform in one step:
//
//	list "beian_dns_record" "zone" {
//	  provider = beian
//	  config {
//	    domain = "example.com"
//	  }
//	}

var (
	_ list.ListResource              = (*dnsRecordListResource)(nil)
	_ list.ListResourceWithConfigure = (*dnsRecordListResource)(nil)
)

// NewDNSRecordListResource lists the records of a zone.
func NewDNSRecordListResource() list.ListResource { return &dnsRecordListResource{} }

type dnsRecordListResource struct{ resourceBase }

type dnsRecordListModel struct {
	Domain types.String `tfsdk:"domain"`
	RR     types.String `tfsdk:"rr"`
	Type   types.String `tfsdk:"type"`
}

func (l *dnsRecordListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dns_record"
}

func (l *dnsRecordListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "The records of an Alibaba Cloud DNS zone, one `beian_dns_record` each, with their identity (`record_id`, " +
			"`domain`): `terraform query` prints the import block of each, and `-generate-config-out` writes their resource blocks. " +
			"One listing of the zone (500 records a call).",
		Attributes: map[string]listschema.Attribute{
			"domain": listschema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The zone, e.g. `example.com` (Unicode names are accepted and listed in punycode).",
				Validators:          []validator.String{validDomainName},
			},
			"rr": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only records of this host record (`@`, `www`, …).",
			},
			"type": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only records of this type (`A`, `CNAME`, …).",
			},
		},
	}
}

func (l *dnsRecordListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg dnsRecordListModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	fail := func(summary, detail string) {
		result := req.NewListResult(ctx)
		result.Diagnostics.AddError(summary, detail)
		stream.Results = func(push func(list.ListResult) bool) { push(result) }
	}
	if l.data == nil {
		fail("Provider not configured", "The beian provider must be configured to list records.")
		return
	}
	domain, err := icp.NormalizeDomain(cfg.Domain.ValueString())
	if err != nil {
		fail("Invalid domain", err.Error())
		return
	}
	snap, err := l.data.client.ZoneRecords(ctx, domain)
	if err != nil {
		detail := apiErrorDetail(err)
		if aliyun.IsNotFound(err) {
			detail = fmt.Sprintf("The zone %s is not in this Alibaba Cloud account's DNS (云解析 DNS).\n\n%s", domain, err)
		}
		fail("Cannot list the records of "+domain, detail)
		return
	}
	var recs []aliyun.DNSRecord
	for _, r := range snap.Records {
		if rr := cfg.RR.ValueString(); rr != "" && dnsrecord.CanonicalRR(rr) != dnsrecord.CanonicalRR(r.RR) {
			continue
		}
		if t := cfg.Type.ValueString(); t != "" && !strings.EqualFold(t, r.Type) {
			continue
		}
		recs = append(recs, r)
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i, rec := range recs {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = fmt.Sprintf("%s %s %s (line %s)", dnsrecord.FQDN(rec.RR, rec.Domain), rec.Type, rec.Value, rec.Line)
			result.Diagnostics.Append(setRecordIdentity(ctx, result.Identity, rec.RecordID, domain)...)
			if req.IncludeResource {
				m := importedRecordModel(rec)
				result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
			}
			if !push(result) {
				return
			}
		}
	}
}
