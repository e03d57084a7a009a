package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

var _ function.Function = (*isMainlandRegionFunction)(nil)

// NewIsMainlandRegionFunction tells whether an Alibaba Cloud region is in mainland China.
func NewIsMainlandRegionFunction() function.Function { return &isMainlandRegionFunction{} }

type isMainlandRegionFunction struct{}

func (f *isMainlandRegionFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "is_mainland_region"
}

func (f *isMainlandRegionFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Whether an Alibaba Cloud region is in mainland China (中国内地)",
		MarkdownDescription: "Returns `true` when an Alibaba Cloud region or zone ID is in mainland China, where serving a website " +
			"requires an approved ICP filing (ICP备案): IDs `cn-*` (`cn-hangzhou`, `cn-beijing`, `cn-shanghai-finance-1`, zone " +
			"`cn-hangzhou-h`, …) except Hong Kong (`cn-hongkong` and its zones). Other regions (`ap-southeast-1`, `us-west-1`, …) " +
			"return `false`. Case and surrounding white space are ignored; a value that is not a region or zone ID " +
			"(empty, `hangzhou`, `cn_hangzhou`) is an error rather than a silent `false`.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "region_id", MarkdownDescription: "An Alibaba Cloud region or zone ID, e.g. `cn-hangzhou`."},
		},
		Return: function.BoolReturn{},
	}
}

func (f *isMainlandRegionFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var s string
	resp.Error = req.Arguments.Get(ctx, &s)
	if resp.Error != nil {
		return
	}
	if id := strings.ToLower(strings.TrimSpace(s)); !regionPattern.MatchString(id) {
		resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf(
			"region_id = %q is not an Alibaba Cloud region ID (地域ID) or zone ID: write it like cn-hangzhou, cn-hongkong or ap-southeast-1", s))
		return
	}
	resp.Error = resp.Result.Set(ctx, icp.IsMainlandRegion(s))
}
