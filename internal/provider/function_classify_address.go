package provider

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

var _ function.Function = (*classifyAddressFunction)(nil)

// NewClassifyAddressFunction places an IP address with the provider's built-in data only.
func NewClassifyAddressFunction() function.Function { return &classifyAddressFunction{} }

type classifyAddressFunction struct{}

var classifyAddressAttrTypes = map[string]attr.Type{
	"location": types.StringType, "source": types.StringType, "data_date": types.StringType,
	"sources": types.ListType{ElemType: types.StringType}, "agreed": types.BoolType, "caution": types.StringType,
}

type classifyAddressResult struct {
	Location string   `tfsdk:"location"`
	Source   string   `tfsdk:"source"`
	DataDate string   `tfsdk:"data_date"`
	Sources  []string `tfsdk:"sources"`
	Agreed   bool     `tfsdk:"agreed"`
	Caution  string   `tfsdk:"caution"`
}

func (f *classifyAddressFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "classify_address"
}

func (f *classifyAddressFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	info := mainland.EmbeddedLocationInfo()
	resp.Definition = function.Definition{
		Summary: "Where an IP address is: mainland China (中国内地), Hong Kong, Macau, Taiwan, elsewhere, or unknown",
		MarkdownDescription: "Places an IPv4 or IPv6 address with the data built into the provider only — no provider configuration, no " +
			"cloud account, no file, no network — so that a `precondition` of any resource of any provider can refuse a server in " +
			"mainland China, where a website needs an approved ICP filing (ICP备案). Returns:\n\n" +
			"- `location`: `mainland` (country code `CN`), `hong_kong` (`HK`), `macau` (`MO`), `taiwan` (`TW`), `offshore` (any other " +
			"country) or `unknown` (a special-purpose address such as a private, loopback, link-local or documentation address, or " +
			"space the data places nowhere — unallocated or reserved);\n" +
			"- `source`: what decided: `embedded location data " + info.Source + "` (origin networks from routing data and two " +
			"geolocation sources, see the ICP guard guide for how they are combined, their licences and how to refresh them), or " +
			"`special-purpose range <prefix>, <name>, <RFC>`;\n" +
			"- `data_date`: the date of the location data (`" + info.Date + "` in this build), `\"\"` when a special-purpose range " +
			"decided;\n" +
			"- `sources`: each source the embedded data consulted with its answer, the deciding ones first — a block whose place " +
			"its operator's own documentation settles (`block 119.29.29.0/24, Tencent (DNSPod Public DNS …): mainland`), the origin network " +
			"(`origin network AS37963, … (serves mainland China only; routing data …): mainland`) and the two geolocation sources " +
			"(`geolocation 2026-06-01 @ip-location-db/dbip-country@…: CN (mainland China)`); empty for a special-purpose address;\n" +
			"- `agreed`: `true` when every source that places the address places it on the same side (mainland or offshore), " +
			"`false` when they disagree;\n" +
			"- `caution`: `\"\"`, or why an offshore answer is not proof: a source places the address in mainland China, or only " +
			"geolocation places it offshore inside a network known to serve both sides (the ICP guard warns in that case). A source's " +
			"`CN` is no caution where the deciding network is one its cloud's own region list confirms to serve outside mainland China " +
			"only (Amazon's, Microsoft's: AWS Hong Kong `16.162.1.1`); `agreed` is still `false` and `sources` name both. A " +
			"cautious precondition refuses `location == \"mainland\" || caution != \"\"`.\n\n" +
			"IPv4-mapped IPv6 addresses (`::ffff:52.80.1.1`) are placed as IPv4; NAT64 (`64:ff9b::/96`, RFC 6052), 6to4 (`2002::/16`, " +
			"RFC 3056) and Teredo (`2001::/32`, RFC 4380) addresses by the IPv4 address they carry. This is the data the ICP guard asks " +
			"after `mainland_cidrs`/`offshore_cidrs` and the account's own servers, which this function does not see: for a server in " +
			"the account, the guard's answer may differ. Location data can be wrong for a block announced elsewhere than it is " +
			"registered; a value that is not an IP address (a host name, a CIDR prefix, an empty string) is an error.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "address", MarkdownDescription: "An IPv4 or IPv6 address, e.g. `52.80.1.1` or `2400:3200::1`."},
		},
		Return: function.ObjectReturn{AttributeTypes: classifyAddressAttrTypes},
	}
}

func (f *classifyAddressFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var s string
	resp.Error = req.Arguments.Get(ctx, &s)
	if resp.Error != nil {
		return
	}
	in := strings.TrimSpace(s)
	addr, err := netip.ParseAddr(in)
	if err != nil {
		hint := "write it like 52.80.1.1 or 2400:3200::1"
		if strings.Contains(in, "/") {
			hint = "it is a CIDR prefix; pass one address of it, e.g. " + strings.SplitN(in, "/", 2)[0]
		} else if in != "" && strings.ContainsAny(in, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") && !strings.Contains(in, ":") {
			hint = "it looks like a host name; the function does not resolve names — pass the address the name resolves to"
		}
		resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("address = %q is not an IP address: %s", s, hint))
		return
	}
	a, err := mainland.ClassifyOffline(addr)
	if err != nil {
		resp.Error = function.NewFuncError(fmt.Sprintf("classifying %s: %v", addr, err))
		return
	}
	sources := a.Sources
	if sources == nil {
		sources = []string{}
	}
	resp.Error = resp.Result.Set(ctx, classifyAddressResult{Location: a.Location.String(), Source: a.Source, DataDate: a.DataDate,
		Sources: sources, Agreed: a.Agreed, Caution: a.Caution})
}
