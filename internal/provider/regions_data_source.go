package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

var _ datasource.DataSourceWithConfigure = (*regionsDataSource)(nil)

// NewRegionsDataSource lists Alibaba Cloud regions and whether each is in mainland China.
func NewRegionsDataSource() datasource.DataSource { return &regionsDataSource{} }

type regionsDataSource struct{ dataSourceBase }

type regionsModel struct {
	MainlandOnly types.Bool   `tfsdk:"mainland_only"`
	Regions      []regionItem `tfsdk:"regions"`
	IDs          []string     `tfsdk:"ids"`
}

type regionItem struct {
	ID        types.String `tfsdk:"id"`
	LocalName types.String `tfsdk:"local_name"`
	Mainland  types.Bool   `tfsdk:"mainland"`
}

func (d *regionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_regions"
}

func (d *regionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Alibaba Cloud regions available to the account (ECS `DescribeRegions`) and whether each is in " +
			"mainland China (中国内地). A website served from a mainland region needs an approved ICP filing (ICP备案); " +
			"`cn-hongkong` and regions outside China do not.",
		Attributes: map[string]schema.Attribute{
			"mainland_only": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Only list mainland regions (`cn-*` except `cn-hongkong`).",
			},
			"ids": schema.ListAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The listed region IDs, sorted.",
			},
			"regions": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The listed regions, sorted by ID.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "Region ID, e.g. `cn-hangzhou`."},
					"local_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The region's display name in English, as Alibaba Cloud gives it (`China (Hangzhou)`): the provider asks `DescribeRegions` for `en-US`."},
					"mainland":   schema.BoolAttribute{Computed: true, MarkdownDescription: "True for mainland-China regions: a site served there needs an ICP filing."},
				}},
			},
		},
	}
}

func (d *regionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m regionsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	regions, err := d.data.client.DescribeRegions(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot list Alibaba Cloud regions", apiErrorDetail(err))
		return
	}
	m.Regions, m.IDs = []regionItem{}, []string{}
	for _, r := range regions {
		mainland := icp.IsMainlandRegion(r.ID)
		if m.MainlandOnly.ValueBool() && !mainland {
			continue
		}
		m.Regions = append(m.Regions, regionItem{ID: types.StringValue(r.ID), LocalName: types.StringValue(r.LocalName), Mainland: types.BoolValue(mainland)})
		m.IDs = append(m.IDs, r.ID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
