package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// NewParsePublicSecurityNumberFunction parses a public security filing number (公安联网备案号).
func NewParsePublicSecurityNumberFunction() function.Function {
	return &numberParser[publicSecurityResult]{
		name:    "parse_public_security_number",
		summary: "Parse a public security filing number (公安联网备案号)",
		description: "Parses a public security internet filing number (公安联网备案号) of the form `<province>公网安备<14 digits>号`, " +
			"e.g. `京公网安备11010502030143号`, checking that the digits start with the province's division code (京 11, 沪 31, " +
			"粤 44, 浙 33 …). White space anywhere (`京公网安备 11010502030143号`, as many footers write it), full-width digits " +
			"and dash variants are accepted.\n\n" +
			"**Returns** an object:\n\n" +
			"- `number`: the number in canonical form, e.g. `京公网安备11010502030143号`;\n" +
			"- `province`: the Chinese name of the province, e.g. `北京`;\n" +
			"- `province_code`: its two-digit division code, e.g. `11`;\n" +
			"- `code`: the 14-digit record code;\n" +
			"- `query_url`: the record's page on the Ministry of Public Security's filing system, " +
			"`" + icp.PublicSecurityQueryBase + "<code>` — the link the site's footer must carry.",
		example: "京公网安备11010502030143号",
		kind:    icp.KindPublicSecurity,
		parse:   parsePublicSecurityNumber,
	}
}

// publicSecurityResult is the object parse_public_security_number returns.
type publicSecurityResult struct {
	Number       string `tfsdk:"number"`
	Province     string `tfsdk:"province"`
	ProvinceCode string `tfsdk:"province_code"`
	Code         string `tfsdk:"code"`
	QueryURL     string `tfsdk:"query_url"`
}

func parsePublicSecurityNumber(s string) (publicSecurityResult, error) {
	n, err := icp.ParsePublicSecurityNumber(s)
	if err != nil {
		return publicSecurityResult{}, err
	}
	return publicSecurityResult{Number: n.String(), Province: n.Province.Name, ProvinceCode: n.Province.Code, Code: n.Code, QueryURL: n.QueryURL()}, nil
}
