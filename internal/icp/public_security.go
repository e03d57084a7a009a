package icp

import (
	"fmt"
	"strings"
)

// Public security filing numbers (公安联网备案号).

// PublicSecurityNumber is a public security internet filing number
// (公安联网备案号) issued by the Ministry of Public Security's filing system,
// e.g. "京公网安备11010502030143号". Its 14 digits start with the division code
// of the province whose abbreviation prefixes it.
type PublicSecurityNumber struct {
	// Raw is the text as given to ParsePublicSecurityNumber.
	Raw string
	// Province is the province named by the prefix (and the code).
	Province Province
	// Abbr is the province abbreviation as written.
	Abbr string
	// Code is the 14-digit record code.
	Code string
}

// PublicSecurityQueryBase is the public security filing lookup page; a
// record's page is this followed by its 14-digit code.
const PublicSecurityQueryBase = "https://beian.mps.gov.cn/#/query/webSearch?code="

// ParsePublicSecurityNumber parses <province>公网安备<14 digits>号 and checks
// that the digits start with the province's two-digit division code (京 11,
// 沪 31, 粤 44, 浙 33, …). White space anywhere (京公网安备 11010502030143号),
// full-width and dash variants are handled as in ParseFilingNumber. Errors
// are *ParseError.
func ParsePublicSecurityNumber(s string) (PublicSecurityNumber, error) {
	n := normalizeNumber(s)
	abbr, code := "", "11010502030143"
	fail := func(problem string) (PublicSecurityNumber, error) {
		return PublicSecurityNumber{}, &ParseError{Input: s, Kind: KindPublicSecurity, Problem: problem,
			Example: exampleAbbr(abbr) + "公网安备" + code + "号"}
	}
	if n == "" {
		return fail("the number is empty")
	}
	p, abbr, rest, problem := cutProvince(n)
	if problem != "" {
		return fail(problem)
	}
	code = p.Code + "010502030143"
	switch {
	case strings.HasPrefix(rest, "公网安备"):
		rest = rest[len("公网安备"):]
	case strings.HasPrefix(rest, "ICP备"):
		return fail("this is an ICP filing number (ICP备案号), not a public security filing number")
	case strings.HasPrefix(rest, "ICP证"), startsCategory(rest):
		return fail("this is a commercial ICP licence number (经营性ICP许可证), not a public security filing number")
	default:
		return fail(`"公网安备" must follow the province abbreviation`)
	}
	d := leadingDigits(rest)
	if d != 14 {
		return fail(fmt.Sprintf("the code after 公网安备 must have 14 digits (got %d)", d))
	}
	if rest[d:] != "号" {
		return fail(`the 14 digits must be followed by "号" and nothing else`)
	}
	digits := rest[:d]
	if digits[:2] != p.Code {
		if q, ok := ProvinceByCode(digits[:2]); ok {
			return fail(fmt.Sprintf("the code starts with %s, the division code of %s, but the prefix %s is %s, whose division code is %s",
				digits[:2], q, abbr, p, p.Code))
		}
		return fail(fmt.Sprintf("the code starts with %s, which is not a province division code; the prefix %s is %s, whose division code is %s",
			digits[:2], abbr, p, p.Code))
	}
	return PublicSecurityNumber{Raw: s, Province: p, Abbr: abbr, Code: digits}, nil
}

// String returns the canonical form, e.g. "京公网安备11010502030143号".
func (n PublicSecurityNumber) String() string {
	if n.Code == "" {
		return ""
	}
	return n.Abbr + "公网安备" + n.Code + "号"
}

// QueryURL returns the record's page on the public security filing site,
// https://beian.mps.gov.cn/#/query/webSearch?code=<14 digits>.
func (n PublicSecurityNumber) QueryURL() string {
	return PublicSecurityQueryBase + n.Code
}
