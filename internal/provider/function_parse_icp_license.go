package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// NewParseICPLicenseFunction parses a commercial ICP licence number (经营性ICP许可证).
func NewParseICPLicenseFunction() function.Function {
	return &numberParser[licenseResult]{
		name:    "parse_icp_license",
		summary: "Parse a commercial ICP licence number (经营性ICP许可证)",
		description: "Parses a commercial ICP licence number (经营性ICP许可证, needed to do business online): a value-added " +
			"telecommunications licence `<province>B2-<8 digits>` (`浙B2-20080101`), `B2-<8 digits>` for a cross-regional " +
			"licence issued by MIIT itself (`B2-20080207`), a combined licence that includes category B2 " +
			"(`A2.B1.B2-20090003`), or `<province>ICP证<6–10 digits>号` (`京ICP证030173号`). Spellings are read as by " +
			"`parse_icp_number` (spaces, full-width forms, a `号` after a licence's digits).\n\n" +
			"A record number filed under a licence (`京ICP证030173号-1`, a website; `粤B2-20090059-1626X`, a mini-program) " +
			"is accepted too: the result is its licence, and `record_kind` says what the number given names.\n\n" +
			"**Returns** an object:\n\n" +
			"- `license_number`: the licence number in canonical form, e.g. `粤B2-20090059`, `京ICP证030173号`;\n" +
			"- `kind`: `ICP证`, or the licence categories as written: `B2`, `B1.B2`, `A2.B1.B2`;\n" +
			"- `number`: the digits (8 for a telecom licence, 6–10 for ICP证);\n" +
			"- `cross_regional`: whether MIIT issued the licence cross-regionally (no province);\n" +
			"- `province`: the Chinese name of the issuing province, e.g. `浙江`; `\"\"` when cross-regional;\n" +
			"- `province_code`: its two-digit division code, e.g. `33`; `\"\"` when cross-regional;\n" +
			"- `record_kind`: `entity` when the number given is the licence itself, otherwise `website`, `app`, " +
			"`mini_program` or `quick_app`;\n" +
			"- `record_number`: the number given, in canonical form.\n\n" +
			"An ICP filing number (ICP备案号, `…ICP备…`) is not a licence, and a licence of category B1 (data centres, CDN, " +
			"internet access) or A (basic telecommunications) alone does not cover internet information services: passing " +
			"one is an error that says so.",
		example: "浙B2-20080101",
		kind:    icp.KindLicense,
		parse:   parseICPLicense,
	}
}

// licenseResult is the object parse_icp_license returns.
type licenseResult struct {
	LicenseNumber string `tfsdk:"license_number"`
	Kind          string `tfsdk:"kind"`
	Number        string `tfsdk:"number"`
	CrossRegional bool   `tfsdk:"cross_regional"`
	Province      string `tfsdk:"province"`
	ProvinceCode  string `tfsdk:"province_code"`
	RecordKind    string `tfsdk:"record_kind"`
	RecordNumber  string `tfsdk:"record_number"`
}

func parseICPLicense(s string) (licenseResult, error) {
	l, err := icp.ParseLicense(s)
	if err != nil {
		return licenseResult{}, err
	}
	return licenseResult{
		LicenseNumber: l.String(), Kind: l.Kind(), Number: l.Entity.Serial, CrossRegional: l.Entity.CrossRegional(),
		Province: l.Entity.Province.Name, ProvinceCode: l.Entity.Province.Code,
		RecordKind: string(l.Record.Kind), RecordNumber: l.Record.String(),
	}, nil
}
