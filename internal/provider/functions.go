package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// Provider-defined functions (Terraform ≥ 1.8, OpenTofu ≥ 1.7), called as
// provider::beian::<name>(…). They are pure: no provider configuration and
// no network.

var (
	_ function.Function = (*parseICPNumberFunction)(nil)
	_ function.Function = (*parsePublicSecurityNumberFunction)(nil)
	_ function.Function = (*parseICPLicenseFunction)(nil)
	_ function.Function = (*isMainlandRegionFunction)(nil)
	_ function.Function = (*footerHTMLFunction)(nil)
)

// numberArgError is the function error for a number argument the icp parsers
// rejected; the parser's message quotes the value, says what is wrong and
// shows the expected form.
func numberArgError(pos int64, arg string, kind icp.NumberKind, err error) *function.FuncError {
	return function.NewArgumentFuncError(pos, fmt.Sprintf("%s is not a valid %s: %v", arg, kind, err))
}

// ---- parse_icp_number ------------------------------------------------------

// NewParseICPNumberFunction parses an ICP filing number (ICP备案号).
func NewParseICPNumberFunction() function.Function { return &parseICPNumberFunction{} }

type parseICPNumberFunction struct{}

var icpNumberAttrTypes = map[string]attr.Type{
	"province": types.StringType, "province_code": types.StringType, "serial": types.StringType,
	"site_index": types.Int64Type, "is_site_number": types.BoolType, "entity_number": types.StringType,
}

type icpNumberResult struct {
	Province     string `tfsdk:"province"`
	ProvinceCode string `tfsdk:"province_code"`
	Serial       string `tfsdk:"serial"`
	SiteIndex    int64  `tfsdk:"site_index"`
	IsSiteNumber bool   `tfsdk:"is_site_number"`
	EntityNumber string `tfsdk:"entity_number"`
}

func (f *parseICPNumberFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "parse_icp_number"
}

func (f *parseICPNumberFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Parse an ICP filing number (ICP备案号)",
		MarkdownDescription: "Parses an ICP filing number (ICP备案号) of the form `<province>ICP备<6–10 digits>号`, optionally followed by " +
			"`-N` for the N-th website of the entity (`京ICP备10046444号-9`), and returns its parts:\n\n" +
			"- `province`: the Chinese name of the issuing province, e.g. `北京`;\n" +
			"- `province_code`: its two-digit administrative division code (行政区划代码), e.g. `11`;\n" +
			"- `serial`: the 6–10 digit serial, leading zeros kept;\n" +
			"- `site_index`: the website index N, `0` for an entity number;\n" +
			"- `is_site_number`: whether the number names a website (网站备案号, has `-N`) rather than the entity (主体备案号);\n" +
			"- `entity_number`: the entity number in canonical form, e.g. `京ICP备10046444号`.\n\n" +
			"Surrounding white space, full-width digits and letters, dash variants (`－`, `—`) and lower-case `icp` are accepted; " +
			"both forms of the provinces with two abbreviations (川/蜀, 黔/贵, 滇/云, 甘/陇) are accepted. " +
			"A malformed number is an error that says what is wrong and shows the expected form.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "number", MarkdownDescription: "The ICP filing number, e.g. `浙ICP备12345678号-1`."},
		},
		Return: function.ObjectReturn{AttributeTypes: icpNumberAttrTypes},
	}
}

func (f *parseICPNumberFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var s string
	resp.Error = req.Arguments.Get(ctx, &s)
	if resp.Error != nil {
		return
	}
	n, err := icp.ParseFilingNumber(s)
	if err != nil {
		resp.Error = numberArgError(0, "number", icp.KindFilingNumber, err)
		return
	}
	resp.Error = resp.Result.Set(ctx, icpNumberResult{
		Province: n.Province.Name, ProvinceCode: n.Province.Code, Serial: n.Serial,
		SiteIndex: int64(n.SiteIndex), IsSiteNumber: n.IsSiteNumber, EntityNumber: n.EntityNumber(),
	})
}

// ---- parse_public_security_number -----------------------------------------

// NewParsePublicSecurityNumberFunction parses a public security filing number (公安联网备案号).
func NewParsePublicSecurityNumberFunction() function.Function {
	return &parsePublicSecurityNumberFunction{}
}

type parsePublicSecurityNumberFunction struct{}

var publicSecurityAttrTypes = map[string]attr.Type{
	"province": types.StringType, "province_code": types.StringType, "code": types.StringType, "query_url": types.StringType,
}

type publicSecurityResult struct {
	Province     string `tfsdk:"province"`
	ProvinceCode string `tfsdk:"province_code"`
	Code         string `tfsdk:"code"`
	QueryURL     string `tfsdk:"query_url"`
}

func (f *parsePublicSecurityNumberFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "parse_public_security_number"
}

func (f *parsePublicSecurityNumberFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Parse a public security filing number (公安联网备案号)",
		MarkdownDescription: "Parses a public security internet filing number (公安联网备案号) of the form `<province>公网安备<14 digits>号`, " +
			"e.g. `京公网安备11010502030143号`, checking that the digits start with the province's division code (京 11, 沪 31, 粤 44, 浙 33 …). " +
			"Returns:\n\n" +
			"- `province`: the Chinese name of the province, e.g. `北京`;\n" +
			"- `province_code`: its two-digit division code, e.g. `11`;\n" +
			"- `code`: the 14-digit record code;\n" +
			"- `query_url`: the record's page on the Ministry of Public Security's filing system, " +
			"`" + icp.PublicSecurityQueryBase + "<code>` — the link the site's footer must carry.\n\n" +
			"A malformed number is an error that says what is wrong and shows the expected form.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "number", MarkdownDescription: "The public security filing number, e.g. `京公网安备11010502030143号`."},
		},
		Return: function.ObjectReturn{AttributeTypes: publicSecurityAttrTypes},
	}
}

func (f *parsePublicSecurityNumberFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var s string
	resp.Error = req.Arguments.Get(ctx, &s)
	if resp.Error != nil {
		return
	}
	n, err := icp.ParsePublicSecurityNumber(s)
	if err != nil {
		resp.Error = numberArgError(0, "number", icp.KindPublicSecurity, err)
		return
	}
	resp.Error = resp.Result.Set(ctx, publicSecurityResult{
		Province: n.Province.Name, ProvinceCode: n.Province.Code, Code: n.Code, QueryURL: n.QueryURL(),
	})
}

// ---- parse_icp_license -----------------------------------------------------

// NewParseICPLicenseFunction parses a commercial ICP licence number (经营性ICP许可证).
func NewParseICPLicenseFunction() function.Function { return &parseICPLicenseFunction{} }

type parseICPLicenseFunction struct{}

var licenseAttrTypes = map[string]attr.Type{
	"province": types.StringType, "province_code": types.StringType, "kind": types.StringType, "number": types.StringType,
}

type licenseResult struct {
	Province     string `tfsdk:"province"`
	ProvinceCode string `tfsdk:"province_code"`
	Kind         string `tfsdk:"kind"`
	Number       string `tfsdk:"number"`
}

func (f *parseICPLicenseFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "parse_icp_license"
}

func (f *parseICPLicenseFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Parse a commercial ICP licence number (经营性ICP许可证)",
		MarkdownDescription: "Parses a commercial ICP licence number (经营性ICP许可证, needed to do business online) written " +
			"`<province>B2-<8 digits>` (`浙B2-20080101`) or `<province>ICP证<6–10 digits>号` (`京ICP证030173号`). Returns:\n\n" +
			"- `province`: the Chinese name of the issuing province, e.g. `浙江`;\n" +
			"- `province_code`: its two-digit division code, e.g. `33`;\n" +
			"- `kind`: `B2` or `ICP证`;\n" +
			"- `number`: the digits (8 for B2, 6–10 for ICP证).\n\n" +
			"An ICP filing number (ICP备案号) is not a licence: passing one is an error that says so.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "number", MarkdownDescription: "The licence number, e.g. `浙B2-20080101`."},
		},
		Return: function.ObjectReturn{AttributeTypes: licenseAttrTypes},
	}
}

func (f *parseICPLicenseFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var s string
	resp.Error = req.Arguments.Get(ctx, &s)
	if resp.Error != nil {
		return
	}
	l, err := icp.ParseLicense(s)
	if err != nil {
		resp.Error = numberArgError(0, "number", icp.KindLicense, err)
		return
	}
	resp.Error = resp.Result.Set(ctx, licenseResult{
		Province: l.Province.Name, ProvinceCode: l.Province.Code, Kind: l.Kind, Number: l.Number,
	})
}

// ---- is_mainland_region ----------------------------------------------------

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

// ---- footer_html -----------------------------------------------------------

// NewFooterHTMLFunction renders the filing footer a mainland-China website must show.
func NewFooterHTMLFunction() function.Function { return &footerHTMLFunction{} }

type footerHTMLFunction struct{}

func (f *footerHTMLFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "footer_html"
}

func (f *footerHTMLFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Render the filing footer (备案信息) a website in mainland China must show",
		MarkdownDescription: "Renders the HTML snippet with the filing links a website served from mainland China must show, usually in its footer:\n\n" +
			"- the ICP filing number (ICP备案号) as the text of a link to " + icp.MIITURL + ";\n" +
			"- when `public_security_number` is neither null nor empty, the public security filing number (公安联网备案号) as the text " +
			"of a link to its record, `" + icp.PublicSecurityQueryBase + "<code>`.\n\n" +
			"Sites filed in Guangdong (粤) show the entity number (主体备案号, without `-N`) even when given the website number; " +
			"sites in other provinces show the number as given (normally the website number, 网站备案号, with `-N`). Numbers are shown " +
			"in canonical form, links open in a new tab (`target=\"_blank\" rel=\"noreferrer\"`), the two links are separated by one " +
			"space, everything is HTML-escaped and the output is deterministic. Check a deployed page with the " +
			"`beian_site_compliance` data source.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "icp_number", MarkdownDescription: "The ICP filing number, e.g. `浙ICP备12345678号-1`."},
			function.StringParameter{Name: "public_security_number", AllowNullValue: true,
				MarkdownDescription: "The public security filing number, e.g. `浙公网安备33010602011234号`, or `\"\"`/`null` while it is not yet issued (it is due within 30 days of going live). " +
					"Prefer `\"\"` under OpenTofu: up to at least 1.12 it does not pass a `null` function argument on to providers."},
		},
		Return: function.StringReturn{},
	}
}

func (f *footerHTMLFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var number string
	var ps types.String
	resp.Error = req.Arguments.Get(ctx, &number, &ps)
	if resp.Error != nil {
		return
	}
	out, err := icp.FooterHTML(number, ps.ValueString())
	if err != nil {
		var pe *icp.ParseError
		if errors.As(err, &pe) && pe.Kind == icp.KindPublicSecurity {
			resp.Error = numberArgError(1, "public_security_number", icp.KindPublicSecurity, err)
		} else {
			resp.Error = numberArgError(0, "icp_number", icp.KindFilingNumber, err)
		}
		return
	}
	resp.Error = resp.Result.Set(ctx, out)
}
