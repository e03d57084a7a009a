package icp

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// NumberKind names the kind of number a parser expected.
type NumberKind string

// The kinds of numbers parsed by this package.
const (
	KindFilingNumber   NumberKind = "ICP filing number (ICP备案号)"
	KindLicense        NumberKind = "commercial ICP licence (经营性ICP许可证)"
	KindPublicSecurity NumberKind = "public security filing number (公安联网备案号)"
)

// form returns the expected shape of a number of kind k, for error messages.
func (k NumberKind) form() string {
	switch k {
	case KindFilingNumber:
		return "<province>ICP备<6–10 digits>号, optionally followed by -<site index>"
	case KindLicense:
		return "<province>B2-<8 digits> or <province>ICP证<6–10 digits>号"
	case KindPublicSecurity:
		return "<province>公网安备<14 digits>号, the digits starting with the province's division code"
	}
	return string(k)
}

// ParseError reports a number that does not have the expected form. Its
// message quotes the input, names what is wrong and shows the expected form
// with an example.
type ParseError struct {
	// Input is the text as given to the parser.
	Input string
	// Kind is the kind of number that was expected.
	Kind NumberKind
	// Problem says what is wrong, e.g. "the serial must have 6–10 digits (got 3)".
	Problem string
	// Example is a well-formed number of the expected kind.
	Example string
}

func (e *ParseError) Error() string {
	article := "a"
	if e.Kind == KindFilingNumber {
		article = "an"
	}
	return fmt.Sprintf("%s: %s; expected %s %s of the form %s, e.g. %s",
		quoteInput(e.Input), e.Problem, article, e.Kind, e.Kind.form(), e.Example)
}

// quoteInput quotes s for an error message, shortening hostile input.
func quoteInput(s string) string {
	const maxRunes = 64
	if utf8.RuneCountInString(s) > maxRunes {
		i, n := 0, 0
		for i = range s {
			if n == maxRunes {
				break
			}
			n++
		}
		return strconv.Quote(s[:i]) + "…"
	}
	return strconv.Quote(s)
}

// normalizeNumber trims surrounding white space (including the ideographic
// space) and folds what people paste from web pages into plain forms:
// full-width ASCII (０-９, Ａ-Ｚ, －) to ASCII, dash variants (‐ ‑ ‒ – — ― −
// ﹘ ﹣) to '-', and ASCII letters to upper case (icp → ICP, b2 → B2).
func normalizeNumber(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII variants
			r -= 0xFEE0
		case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE58, r == 0xFE63:
			r = '-'
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// leadingDigits returns the number of ASCII digits at the start of s.
func leadingDigits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// cutProvince splits the leading province abbreviation off n. On failure it
// returns a problem description.
func cutProvince(n string) (p Province, abbr, rest, problem string) {
	r, size := utf8.DecodeRuneInString(n)
	abbr = n[:size]
	if p, ok := ProvinceByAbbr(abbr); ok {
		return p, abbr, n[size:], ""
	}
	switch {
	case r < utf8.RuneSelf:
		problem = "the province abbreviation (such as 京, 沪 or 粤) is missing at the start"
	case abbr == "港" || abbr == "澳" || abbr == "台":
		problem = fmt.Sprintf("%q is not a mainland province: Hong Kong, Macau and Taiwan issue no ICP filings", abbr)
	default:
		problem = fmt.Sprintf("%q is not the abbreviation of a mainland province (such as 京, 沪 or 粤)", abbr)
	}
	return Province{}, "", "", problem
}

func exampleAbbr(abbr string) string {
	if abbr == "" {
		return "京"
	}
	return abbr
}

// FilingNumber is an ICP filing number (ICP备案号) issued by a provincial
// communications administration (通信管理局): the entity (主体) number
// "京ICP备10046444号" or a website (网站) number "京ICP备10046444号-9".
type FilingNumber struct {
	// Raw is the text as given to ParseFilingNumber.
	Raw string
	// Province is the issuing province.
	Province Province
	// Abbr is the province abbreviation as written (e.g. "蜀" or "川").
	Abbr string
	// Serial is the 6–10 digit serial, leading zeros kept.
	Serial string
	// SiteIndex is the website index N of a site number "…号-N", 0 for an
	// entity number.
	SiteIndex int
	// IsSiteNumber reports whether the number names a website (has -N).
	IsSiteNumber bool
}

// ParseFilingNumber parses an ICP filing number of the form
// <province>ICP备<6–10 digits>号, optionally followed by -N (N ≥ 1, the
// website index). Surrounding white space is ignored; full-width digits and
// letters, dash variants (－ — –) and lower-case "icp" are accepted. The
// province abbreviation may be either form where there are two (川/蜀,
// 黔/贵, 滇/云, 甘/陇). Errors are *ParseError.
func ParseFilingNumber(s string) (FilingNumber, error) {
	n := normalizeNumber(s)
	abbr := ""
	fail := func(problem string) (FilingNumber, error) {
		return FilingNumber{}, &ParseError{Input: s, Kind: KindFilingNumber, Problem: problem,
			Example: exampleAbbr(abbr) + "ICP备12345678号-1"}
	}
	if n == "" {
		return fail("the number is empty")
	}
	p, abbr, rest, problem := cutProvince(n)
	if problem != "" {
		return fail(problem)
	}
	switch {
	case strings.HasPrefix(rest, "ICP备"):
		rest = rest[len("ICP备"):]
	case strings.HasPrefix(rest, "ICP证"), strings.HasPrefix(rest, "B2-"):
		return fail("this is a commercial ICP licence number (经营性ICP许可证), not an ICP filing number")
	case strings.HasPrefix(rest, "公网安备"):
		return fail("this is a public security filing number (公安联网备案号), not an ICP filing number")
	default:
		return fail(`"ICP备" must follow the province abbreviation`)
	}
	d := leadingDigits(rest)
	switch {
	case d == 0:
		return fail("the serial number after ICP备 is missing")
	case d < 6 || d > 10:
		return fail(fmt.Sprintf("the serial must have 6–10 digits (got %d)", d))
	}
	serial := rest[:d]
	rest = rest[d:]
	if !strings.HasPrefix(rest, "号") {
		return fail(`the serial must be followed by "号"`)
	}
	rest = rest[len("号"):]
	f := FilingNumber{Raw: s, Province: p, Abbr: abbr, Serial: serial}
	if rest == "" {
		return f, nil
	}
	if rest[0] != '-' {
		return fail(fmt.Sprintf(`unexpected %s after "号": only a website index such as -1 may follow`, quoteInput(rest)))
	}
	idx, problem := parseSiteIndex(rest[1:])
	if problem != "" {
		return fail(problem)
	}
	f.SiteIndex, f.IsSiteNumber = idx, true
	return f, nil
}

// maxSiteIndexDigits bounds the website index (…号-N).
const maxSiteIndexDigits = 6

func parseSiteIndex(s string) (int, string) {
	d := leadingDigits(s)
	switch {
	case d == 0 || d != len(s):
		return 0, `the website index after "号-" must be a whole number, e.g. -1`
	case s[0] == '0':
		return 0, "the website index must be a number from 1 up, without leading zeros"
	case d > maxSiteIndexDigits:
		return 0, fmt.Sprintf("the website index must have at most %d digits", maxSiteIndexDigits)
	}
	n, _ := strconv.Atoi(s)
	return n, ""
}

// EntityNumber returns the entity (主体) number: the canonical form without
// the website index, e.g. "京ICP备10046444号".
func (f FilingNumber) EntityNumber() string {
	if f.Serial == "" {
		return ""
	}
	return f.Abbr + "ICP备" + f.Serial + "号"
}

// String returns the canonical form, e.g. "京ICP备10046444号-9", keeping the
// province abbreviation as written.
func (f FilingNumber) String() string {
	if !f.IsSiteNumber {
		return f.EntityNumber()
	}
	return f.EntityNumber() + "-" + strconv.Itoa(f.SiteIndex)
}

// License kinds.
const (
	LicenseKindB2  = "B2"
	LicenseKindICP = "ICP证"
)

// License is a commercial ICP licence (经营性ICP许可证, value-added
// telecommunications business licence for internet information services),
// written "浙B2-20080101" or "京ICP证030173号".
type License struct {
	// Raw is the text as given to ParseLicense.
	Raw string
	// Province is the issuing province.
	Province Province
	// Abbr is the province abbreviation as written.
	Abbr string
	// Kind is LicenseKindB2 ("B2") or LicenseKindICP ("ICP证").
	Kind string
	// Number is the digits: 8 for B2, 6–10 for ICP证.
	Number string
}

// ParseLicense parses a commercial ICP licence number: <province>B2-<8
// digits> or <province>ICP证<6–10 digits>号. White space, full-width and dash
// variants are handled as in ParseFilingNumber. Errors are *ParseError.
func ParseLicense(s string) (License, error) {
	n := normalizeNumber(s)
	abbr := ""
	fail := func(problem string) (License, error) {
		return License{}, &ParseError{Input: s, Kind: KindLicense, Problem: problem,
			Example: exampleAbbr(abbr) + "B2-20080101"}
	}
	if n == "" {
		return fail("the number is empty")
	}
	p, abbr, rest, problem := cutProvince(n)
	if problem != "" {
		return fail(problem)
	}
	l := License{Raw: s, Province: p, Abbr: abbr}
	switch {
	case strings.HasPrefix(rest, "B2-"):
		rest = rest[len("B2-"):]
		d := leadingDigits(rest)
		if d != 8 {
			return fail(fmt.Sprintf(`the number after "B2-" must have 8 digits (got %d)`, d))
		}
		if d != len(rest) {
			return fail(fmt.Sprintf("unexpected %s after the 8 digits", quoteInput(rest[d:])))
		}
		l.Kind, l.Number = LicenseKindB2, rest
	case strings.HasPrefix(rest, "B2"):
		return fail(`"B2" must be followed by "-" and 8 digits`)
	case strings.HasPrefix(rest, "ICP证"):
		rest = rest[len("ICP证"):]
		d := leadingDigits(rest)
		if d < 6 || d > 10 {
			return fail(fmt.Sprintf(`the number after "ICP证" must have 6–10 digits (got %d)`, d))
		}
		if rest[d:] != "号" {
			return fail(`the number after "ICP证" must be followed by "号" and nothing else`)
		}
		l.Kind, l.Number = LicenseKindICP, rest[:d]
	case strings.HasPrefix(rest, "ICP备"):
		return fail("this is an ICP filing number (ICP备案号), not a commercial ICP licence")
	case strings.HasPrefix(rest, "公网安备"):
		return fail("this is a public security filing number (公安联网备案号), not a commercial ICP licence")
	case len(rest) >= 2 && rest[0] == 'B' && rest[1] >= '1' && rest[1] <= '9':
		return fail(fmt.Sprintf("category %s is not the commercial ICP licence category B2", rest[:2]))
	default:
		return fail(`"B2-" or "ICP证" must follow the province abbreviation`)
	}
	return l, nil
}

// String returns the canonical form, e.g. "浙B2-20080101" or "京ICP证030173号".
func (l License) String() string {
	switch l.Kind {
	case LicenseKindB2:
		return l.Abbr + "B2-" + l.Number
	case LicenseKindICP:
		return l.Abbr + "ICP证" + l.Number + "号"
	}
	return ""
}

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
// 沪 31, 粤 44, 浙 33, …). White space, full-width and dash variants are
// handled as in ParseFilingNumber. Errors are *ParseError.
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
	case strings.HasPrefix(rest, "ICP证"), strings.HasPrefix(rest, "B2-"):
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
