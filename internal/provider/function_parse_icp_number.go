package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// NewParseICPNumberFunction parses an ICP record number (ICP备案号) of any kind.
func NewParseICPNumberFunction() function.Function {
	return &numberParser[icpNumberResult]{
		name:    "parse_icp_number",
		summary: "Parse an ICP filing number (ICP备案号): entity, website, app, mini-program or quick app",
		description: "Parses an ICP record number (ICP备案号) in any of the forms MIIT issues and returns its kind and parts.\n\n" +
			"**Forms.** The entity number (主体备案号) is the organiser's filing number `<province>ICP备<6–10 digits>号` " +
			"(`京ICP备10046444号`) or, for a commercial organiser, its licence number: `<province>ICP证<digits>号` " +
			"(`京ICP证030173号`) or a value-added telecommunications licence `<province>B2-<8 digits>` (`粤B2-20090059`), " +
			"written without a province when MIIT issued it cross-regionally (`B2-20080207`), with its categories when it " +
			"is a combined licence (`A2.B1.B2-20090003`). A website's record number (网站备案号) is the entity number " +
			"followed by `-N` (`京ICP备10046444号-9`, `京ICP证030173号-1`, `粤B2-20090059-5`); the record number of an app " +
			"(App备案号), mini-program (小程序备案号) or quick app (快应用备案号) is followed by `-N` and the letter `A`, `X` " +
			"or `K` (`陕ICP备2024026116号-1A`, `粤B2-20090059-1626X`).\n\n" +
			"**Spellings.** White space anywhere (`京ICP备 10046444号`), full-width digits and letters, dash variants " +
			"(`－`, `—`), lower case and a `号` after a licence's digits (`粤B2-20090059号`) are accepted; both abbreviations " +
			"of the provinces that have two (川/蜀, 黔/贵, 滇/云, 甘/陇) are accepted and kept as written.\n\n" +
			"**Returns** an object:\n\n" +
			"- `kind`: `entity`, `website`, `app`, `mini_program` or `quick_app`;\n" +
			"- `number`: the number in canonical form, e.g. `京ICP备10046444号-9`;\n" +
			"- `entity_number`: the entity number in canonical form, e.g. `京ICP备10046444号`, `粤B2-20090059`;\n" +
			"- `entity_kind`: `filing` (ICP备, a non-commercial entity) or `license` (ICP证 or B2, a commercial licence, 经营许可证);\n" +
			"- `cross_regional`: whether the entity number is a cross-regional licence issued by MIIT (no province);\n" +
			"- `province`: the Chinese name of the issuing province, e.g. `北京`; `\"\"` when cross-regional;\n" +
			"- `province_code`: its two-digit administrative division code (行政区划代码), e.g. `11`; `\"\"` when cross-regional;\n" +
			"- `serial`: the digits of the entity number, leading zeros kept;\n" +
			"- `index`: `N` of `-N` or `-N<letter>`, `0` for an entity number;\n" +
			"- `letter`: `A` (app), `X` (mini-program) or `K` (quick app), `\"\"` otherwise.\n\n" +
			"A website's footer may show the entity number or its own website number (`kind` `entity` or `website`); " +
			"`provider::beian::footer_html` renders it.",
		example: "浙ICP备12345678号-1",
		kind:    icp.KindFilingNumber,
		parse:   parseICPNumber,
	}
}

// icpNumberResult is the object parse_icp_number returns.
type icpNumberResult struct {
	Kind          string `tfsdk:"kind"`
	Number        string `tfsdk:"number"`
	EntityNumber  string `tfsdk:"entity_number"`
	EntityKind    string `tfsdk:"entity_kind"`
	CrossRegional bool   `tfsdk:"cross_regional"`
	Province      string `tfsdk:"province"`
	ProvinceCode  string `tfsdk:"province_code"`
	Serial        string `tfsdk:"serial"`
	Index         int64  `tfsdk:"index"`
	Letter        string `tfsdk:"letter"`
}

func parseICPNumber(s string) (icpNumberResult, error) {
	n, err := icp.ParseFilingNumber(s)
	if err != nil {
		return icpNumberResult{}, err
	}
	e := n.Entity
	return icpNumberResult{
		Kind: string(n.Kind), Number: n.String(), EntityNumber: e.String(), EntityKind: entityKind(e),
		CrossRegional: e.CrossRegional(), Province: e.Province.Name, ProvinceCode: e.Province.Code, Serial: e.Serial,
		Index: int64(n.Index), Letter: n.Kind.Letter(),
	}, nil
}

// entityKind is the entity_kind attribute: "license" for a commercial
// licence (ICP证, B2), "filing" for a non-commercial filing (ICP备).
func entityKind(e icp.Entity) string {
	if e.IsLicense() {
		return "license"
	}
	return "filing"
}
