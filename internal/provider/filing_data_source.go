package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

var _ datasource.DataSourceWithConfigure = (*filingDataSource)(nil)

// NewFilingDataSource reads the ICP filing status of a domain.
func NewFilingDataSource() datasource.DataSource { return &filingDataSource{} }

type filingDataSource struct{ dataSourceBase }

type filingModel struct {
	Domain           types.String `tfsdk:"domain"`
	Registrable      types.String `tfsdk:"registrable_domain"`
	Approved         types.Bool   `tfsdk:"approved"`
	Status           types.String `tfsdk:"status"`
	ICPNumber        types.String `tfsdk:"icp_number"`
	SiteRecordNumber types.String `tfsdk:"site_record_number"`
	Organizer        types.String `tfsdk:"organizer"`
	OrganizerNature  types.String `tfsdk:"organizer_nature"`
	Source           types.String `tfsdk:"source"`
	Verified         types.Bool   `tfsdk:"verified"`
	Evidence         types.String `tfsdk:"evidence"`
	Risks            []riskModel  `tfsdk:"risks"`
}

type riskModel struct {
	Type        types.String `tfsdk:"type"`
	Description types.String `tfsdk:"description"`
	Deadline    types.String `tfsdk:"deadline"`
}

func (d *filingDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_filing"
}

func (d *filingDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The ICP filing (ICP备案) status of a domain, from the source chosen by the provider's `icp_source` " +
			"(default: the account's approved filings, Alibaba Cloud companyreg `QuerySuccessIcpData`). A filing is made for a " +
			"registrable domain and covers its subdomains, so `www.example.com.cn` is looked up as `example.com.cn`.\n\n" +
			"Use it in `lifecycle.precondition` blocks to stop an apply, or in `check` blocks to see the status in every plan. " +
			"A rectification item (整改) with a deadline is reported as a warning.",
		Attributes: map[string]schema.Attribute{
			"domain": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Any host name of the site, e.g. `www.example.com` or `例子.中国`.",
				Validators:          []validator.String{domainNameValidator{}},
			},
			"registrable_domain": str("The registrable domain (eTLD+1, via the public suffix list) the filing is looked up for, in punycode."),
			"approved":           schema.BoolAttribute{Computed: true, MarkdownDescription: "True when an approved ICP filing (已备案) covers the domain."},
			"status":             str("`approved`, `not_approved` or `unknown`."),
			"icp_number":         str("The entity's ICP filing number (主体备案号), e.g. `浙ICP备12345678号`."),
			"site_record_number": str("The website's filing number (网站备案号), e.g. `浙ICP备12345678号-1`: what the footer shows (Guangdong sites show the entity number)."),
			"organizer":          str("The organiser (主办单位) of the filing."),
			"organizer_nature":   str("The organiser's nature (单位性质), e.g. 企业 or 个人."),
			"source":             str("Where the answer came from: `companyreg`, `beian` or `declared`."),
			"verified":           schema.BoolAttribute{Computed: true, MarkdownDescription: "False when the answer rests on `declared_filings` and was not confirmed by an API."},
			"evidence":           str("Why the answer is what it is, in words."),
			"risks": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Open issues on the filing, such as rectification notices (整改通知) with their deadlines.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type":        str("Kind of issue."),
					"description": str("What is wrong."),
					"deadline":    str("Resolve-by date, `YYYY-MM-DD`, or empty."),
				}},
			},
		},
	}
}

func (d *filingDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m filingModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	reg, err := icp.RegistrableDomain(m.Domain.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("domain"), "Not a domain an ICP filing can cover", err.Error())
		return
	}
	ans, err := d.data.guard.icp.Lookup(ctx, reg)
	if err != nil && !ans.Approved() {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot read the ICP filing (备案) status of %s", reg), apiErrorDetail(err))
		return
	}
	m.Registrable = types.StringValue(reg)
	m.Approved = types.BoolValue(ans.Approved())
	m.Status = types.StringValue(string(ans.Status))
	m.ICPNumber = types.StringValue(ans.ICPNumber)
	m.SiteRecordNumber = types.StringValue(ans.SiteRecordNumber)
	m.Organizer = types.StringValue(ans.Organizer)
	m.OrganizerNature = types.StringValue(ans.OrganizerNature)
	m.Source = types.StringValue(ans.Source)
	m.Verified = types.BoolValue(ans.Verified)
	m.Evidence = types.StringValue(ans.Evidence)
	m.Risks = []riskModel{}
	for _, r := range ans.Risks {
		dl := ""
		if !r.Deadline.IsZero() {
			dl = chinaDate(r.Deadline)
		}
		m.Risks = append(m.Risks, riskModel{Type: types.StringValue(r.Type), Description: types.StringValue(r.Description), Deadline: types.StringValue(dl)})
	}
	resp.Diagnostics.Append(riskWarnings(path.Root("risks"), ans, d.data.now())...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
