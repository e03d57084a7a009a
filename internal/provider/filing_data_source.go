package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/guard"
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
	Apps             []appModel   `tfsdk:"apps"`
}

// riskModel is one RiskList item of companyreg QuerySuccessIcpData.
type riskModel struct {
	Deadline types.String      `tfsdk:"deadline"`
	Details  []riskDetailModel `tfsdk:"details"`
}

type riskDetailModel struct {
	RiskSource         types.String   `tfsdk:"risk_source"`
	RectifySuggestions []types.String `tfsdk:"rectify_suggestions"`
}

// appModel is one AppList item: an app or mini-program filing of the entity.
type appModel struct {
	Name         types.String   `tfsdk:"name"`
	RecordNumber types.String   `tfsdk:"record_number"`
	Domains      []types.String `tfsdk:"domains"`
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
			"A rectification item (整改) with a deadline is reported as a warning. An answer of the API that says `Success: false` " +
			"is an error naming its `ErrorCode` and `ErrorMessage`, never an empty list of filings.",
		Attributes: map[string]schema.Attribute{
			"domain": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Any host name of the site, e.g. `www.example.com` or `例子.中国`.",
				Validators:          []validator.String{validDomainName},
			},
			"registrable_domain": str("The registrable domain (eTLD+1, via the public suffix list) the filing is looked up for, in punycode."),
			"approved":           schema.BoolAttribute{Computed: true, MarkdownDescription: "True when an approved ICP filing (已备案) covers the domain."},
			"status":             str("`approved`, `not_approved` or `unknown`."),
			"icp_number":         str("The entity's ICP filing number (主体备案号), e.g. `浙ICP备12345678号`."),
			"site_record_number": str("The website's record number (网站备案号), e.g. `浙ICP备12345678号-1`. A footer may show it or the entity number `icp_number` (sources disagree on which each province wants; `beian_site_compliance` accepts either, and `footer_html` renders the entity number for Guangdong as 粤 access providers ask). Empty when the source only knows the entity number."),
			"organizer":          str("The organiser (主办单位) of the filing."),
			"organizer_nature":   str("The organiser's nature (单位性质), e.g. 企业 or 个人."),
			"source":             str("Where the answer came from: `companyreg`, `beian` or `declared`."),
			"verified":           schema.BoolAttribute{Computed: true, MarkdownDescription: "False when the answer rests on `declared_filings` and was not confirmed by an API."},
			"evidence":           str("Why the answer is what it is, in words."),
			"risks": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "Open rectification items (整改) on the filing entity, as companyreg `QuerySuccessIcpData` reports them " +
					"(`RiskList[]`): each with its deadline (`DeadLine`) and what it is about (`RiskDetailList[]`). Empty for the " +
					"`beian` and `declared` sources, which report none.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"deadline": str("Resolve-by date (整改期限), `YYYY-MM-DD` in China time, or the text the API gave when it is not a date; empty when there is none."),
					"details": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "What the item is about (`RiskDetailList[]`).",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"risk_source": str("Where the risk comes from (`RiskSource`), as the API words it."),
							"rectify_suggestions": schema.ListAttribute{
								Computed: true, ElementType: types.StringType,
								MarkdownDescription: "Suggested fixes (`RectifySuggestList`), as the API words them.",
							},
						}},
					},
				}},
			},
			"apps": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "App and mini-program filings (App/小程序备案) of the same entity (`AppList[]` of companyreg " +
					"`QuerySuccessIcpData`). An app filing lists the domains the app uses but does not make them filed websites: " +
					"`approved` only counts website filings. Empty for the `beian` and `declared` sources.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":          str("The app's name (`AppName`)."),
					"record_number": str("The app's filing number (`AppRecordNum`), e.g. `浙ICP备12345678号-2A`."),
					"domains": schema.ListAttribute{
						Computed: true, ElementType: types.StringType,
						MarkdownDescription: "The domains the app filing lists (`DomainList`).",
					},
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
	ans, err := d.data.guard.Filings().Lookup(ctx, reg)
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
		dl := r.DeadlineText
		if !r.Deadline.IsZero() {
			dl = chinaDate(r.Deadline)
		}
		rm := riskModel{Deadline: types.StringValue(dl), Details: []riskDetailModel{}}
		for _, d := range r.Details {
			rm.Details = append(rm.Details, riskDetailModel{RiskSource: types.StringValue(d.Source), RectifySuggestions: stringValues(d.RectifySuggestions)})
		}
		m.Risks = append(m.Risks, rm)
	}
	m.Apps = []appModel{}
	for _, a := range ans.Apps {
		m.Apps = append(m.Apps, appModel{Name: types.StringValue(a.Name), RecordNumber: types.StringValue(a.RecordNumber), Domains: stringValues(a.Domains)})
	}
	resp.Diagnostics.Append(findingDiags(path.Root("risks"), guard.RiskFindings(ans, d.data.now()))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// stringValues converts strings to a non-null list of framework values.
func stringValues(in []string) []types.String {
	out := make([]types.String, 0, len(in))
	for _, v := range in {
		out = append(out, types.StringValue(v))
	}
	return out
}
