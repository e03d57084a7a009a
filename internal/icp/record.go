package icp

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ICP record numbers: an entity number (备案号 or licence), a website record number (-N), an app, mini-program or quick-app record number (-N and a letter).

// RecordKind says what an ICP record number (备案号) names.
type RecordKind string

// The kinds of record numbers. Websites, apps, mini-programs and quick apps of
// one entity are numbered in one sequence under the entity number (-1, -2A,
// -3X, -4K): a website's number ends in the index alone, the others in the
// index and a letter (A app, X mini-program, K quick app). Sources: Huawei
// Cloud's ICP filing FAQ "App备案号与网站备案号的区别？" (an access provider's
// documentation, as published in Huawei's ICP knowledge base), which gives
// the four suffixes, and records that show A and X in use:
// 粤B2-20090059-1626X is the mini-program 腾讯客服 in MIIT's records,
// 陕ICP备2024026116号-1A is shown in an app's about page. No real quick-app
// number was found; K rests on the FAQ alone. No MIIT text defining the
// letters was found.
const (
	// RecordEntity is the entity's own number (主体备案号), or its commercial
	// licence number (经营许可证编号) for commercial entities.
	RecordEntity RecordKind = "entity"
	// RecordWebsite is a website's record number (网站备案号): entity-N.
	RecordWebsite RecordKind = "website"
	// RecordApp is an app's record number (App备案号): entity-NA.
	RecordApp RecordKind = "app"
	// RecordMiniProgram is a mini-program's record number (小程序备案号): entity-NX.
	RecordMiniProgram RecordKind = "mini_program"
	// RecordQuickApp is a quick app's record number (快应用备案号): entity-NK.
	RecordQuickApp RecordKind = "quick_app"
)

// recordLetters maps the letter after the index to the kind it marks.
var recordLetters = map[byte]RecordKind{'A': RecordApp, 'X': RecordMiniProgram, 'K': RecordQuickApp}

// Letter returns the letter that ends a record number of kind k ("A", "X"
// or "K"), "" for entity and website numbers.
func (k RecordKind) Letter() string {
	for l, kind := range recordLetters {
		if kind == k {
			return string(l)
		}
	}
	return ""
}

// Describe names the kind in English with the Chinese term, e.g. "an app
// (App备案号)".
func (k RecordKind) Describe() string {
	switch k {
	case RecordEntity:
		return "the entity (主体备案号)"
	case RecordWebsite:
		return "a website (网站备案号)"
	case RecordApp:
		return "an app (App备案号)"
	case RecordMiniProgram:
		return "a mini-program (小程序备案号)"
	case RecordQuickApp:
		return "a quick app (快应用备案号)"
	}
	return string(k)
}

// IsWebsiteFooterNumber reports whether a website's footer may show a number
// of kind k: the entity number or a website number, not an app's.
func (k RecordKind) IsWebsiteFooterNumber() bool {
	return k == RecordEntity || k == RecordWebsite
}

// EntityForm is how an entity number is written.
type EntityForm string

// Entity number forms.
const (
	// FormFiling is the filing number of a non-commercial entity
	// (非经营性备案): 京ICP备10046444号.
	FormFiling EntityForm = "ICP备"
	// FormICPCert is a commercial licence (经营许可证) written in the ICP证
	// form: 京ICP证030173号 (baidu.com), 京ICP证070359号 (jd.com).
	FormICPCert EntityForm = "ICP证"
	// FormTelecomLicense is a value-added telecommunications business licence
	// (增值电信业务经营许可证): 粤B2-20090059, or without a province for a
	// cross-regional licence issued by MIIT itself: B2-20080207. Combined
	// licences list their categories: A2.B1.B2-20090003.
	FormTelecomLicense EntityForm = "telecom_license"
)

// Entity is the number of the organiser (主办者) a record number belongs to:
// its filing number or its commercial licence number.
type Entity struct {
	// Province is the issuing province; zero for a cross-regional licence.
	Province Province
	// Abbr is the province abbreviation as written (e.g. "蜀" or "川"); ""
	// for a cross-regional licence.
	Abbr string
	// Form says how the number is written.
	Form EntityForm
	// Categories are the licence categories of a FormTelecomLicense number
	// as written, in order: "B2", "B1.B2", "A2.B1.B2". "" for other forms.
	Categories string
	// Serial is the digits, leading zeros kept: 6–10 for ICP备 and ICP证, 8
	// for a telecom licence.
	Serial string
}

// IsLicense reports whether the entity number is a commercial licence
// (经营性: ICP证 or B2) rather than a non-commercial filing (ICP备).
func (e Entity) IsLicense() bool { return e.Form == FormICPCert || e.Form == FormTelecomLicense }

// CrossRegional reports whether e is a cross-regional licence (跨地区增值电信
// 业务经营许可证), issued by MIIT and written without a province.
func (e Entity) CrossRegional() bool { return e.Form == FormTelecomLicense && e.Abbr == "" }

// Same reports whether e and o are the same entity number. The province is
// compared by division code, so the two abbreviations of one province
// (川/蜀, 黔/贵, 滇/云, 甘/陇) name the same entity.
func (e Entity) Same(o Entity) bool {
	return e.Form == o.Form && e.Province.Code == o.Province.Code && e.Categories == o.Categories && e.Serial == o.Serial
}

// String returns the canonical entity number: 京ICP备10046444号,
// 京ICP证030173号, 粤B2-20090059 (no 号: MIIT's records write licences
// without it), B2-20080207. The zero Entity renders "".
func (e Entity) String() string {
	switch e.Form {
	case FormFiling, FormICPCert:
		return e.Abbr + string(e.Form) + e.Serial + "号"
	case FormTelecomLicense:
		return e.Abbr + e.Categories + "-" + e.Serial
	}
	return ""
}

// FilingNumber is an ICP record number (ICP备案号) issued by a provincial
// communications administration (通信管理局): an entity number
// (京ICP备10046444号, 京ICP证030173号, 粤B2-20090059, B2-20080207), a website
// record number under it (京ICP备10046444号-9, 京ICP证030173号-1,
// 粤B2-20090059-5) or the record number of an app, mini-program or quick app
// (陕ICP备2024026116号-1A, 粤B2-20090059-1626X).
type FilingNumber struct {
	// Raw is the text as given to ParseFilingNumber.
	Raw string
	// Entity is the entity number the record belongs to.
	Entity Entity
	// Kind says what the number names.
	Kind RecordKind
	// Index is N of entity-N (a website) or entity-N<letter> (an app,
	// mini-program or quick app); 0 for an entity number.
	Index int
	// IsSiteNumber reports whether the number names a website (Kind ==
	// RecordWebsite).
	IsSiteNumber bool
}

// EntityNumber returns the canonical entity number (see Entity.String).
func (f FilingNumber) EntityNumber() string { return f.Entity.String() }

// String returns the canonical form, e.g. "京ICP备10046444号-9",
// "粤B2-20090059-5" or "陕ICP备2024026116号-1A", keeping the province
// abbreviation as written.
func (f FilingNumber) String() string {
	e := f.Entity.String()
	if f.Kind == RecordEntity || e == "" {
		return e
	}
	return e + "-" + strconv.Itoa(f.Index) + f.Kind.Letter()
}

// ParseFilingNumber parses an ICP record number of any kind (see
// FilingNumber and KindFilingNumber's form). White space anywhere is
// ignored; full-width digits and letters, dash variants (－ — –) and lower
// case are accepted; a telecom licence may be followed by 号 (as business
// registrations write it; MIIT's records do not). The province abbreviation
// may be either form where there are two (川/蜀, 黔/贵, 滇/云, 甘/陇). Errors are
// *ParseError.
func ParseFilingNumber(s string) (FilingNumber, error) {
	f, abbr, problem := parseRecord(s)
	if problem != "" {
		return FilingNumber{}, &ParseError{Input: s, Kind: KindFilingNumber, Problem: problem,
			Example: exampleAbbr(abbr) + "ICP备12345678号-1"}
	}
	return f, nil
}

// maxIndexDigits bounds the record index (…-N).
const maxIndexDigits = 6

// parseRecord parses a record number. It returns the province abbreviation
// read so far (for the error's example) and, on failure, a problem.
func parseRecord(s string) (f FilingNumber, abbr, problem string) {
	n := normalizeNumber(s)
	if n == "" {
		return f, "", "the number is empty"
	}
	var e Entity
	rest := n
	if n[0] >= utf8.RuneSelf {
		p, a, after, prob := cutProvince(n)
		if prob != "" {
			return f, "", prob
		}
		e.Province, e.Abbr, rest = p, a, after
	}
	abbr = e.Abbr
	switch {
	case strings.HasPrefix(rest, "ICP备"), strings.HasPrefix(rest, "ICP证"):
		if e.Abbr == "" {
			return f, abbr, provinceMissing + "; only licences issued by MIIT itself (B2-…) have none"
		}
		e.Form = EntityForm(rest[:len("ICP备")])
		rest = rest[len("ICP备"):] // 备 and 证 have the same length
		d := leadingDigits(rest)
		switch {
		case d == 0:
			return f, abbr, fmt.Sprintf("the serial number after %s is missing", e.Form)
		case d < 6 || d > 10:
			return f, abbr, fmt.Sprintf("the serial after %s must have 6–10 digits (got %d)", e.Form, d)
		}
		e.Serial, rest = rest[:d], rest[d:]
		if !strings.HasPrefix(rest, "号") {
			return f, abbr, fmt.Sprintf(`the serial must be followed by "号", as in %s`, e.String())
		}
		rest = rest[len("号"):]
	case startsCategory(rest):
		cats, after, prob := cutCategories(rest)
		if prob != "" {
			return f, abbr, prob
		}
		rest = after
		if !strings.HasPrefix(rest, "-") {
			return f, abbr, fmt.Sprintf(`%q must be followed by "-" and 8 digits`, cats)
		}
		rest = rest[1:]
		if d := leadingDigits(rest); d != 8 {
			return f, abbr, fmt.Sprintf(`the number after "%s-" must have 8 digits (got %d)`, cats, d)
		}
		e.Form, e.Categories, e.Serial, rest = FormTelecomLicense, cats, rest[:8], rest[8:]
		rest = strings.TrimPrefix(rest, "号")
	case strings.HasPrefix(rest, "公网安备"):
		return f, abbr, "this is a public security filing number (公安联网备案号), not an ICP filing number"
	case e.Abbr == "":
		return f, abbr, provinceMissing
	default:
		return f, abbr, `"ICP备", "ICP证" or a licence category such as "B2-" must follow the province abbreviation`
	}
	f.Raw, f.Entity, f.Kind = s, e, RecordEntity
	if rest == "" {
		return f, abbr, ""
	}
	if rest[0] != '-' {
		return FilingNumber{}, abbr, fmt.Sprintf("unexpected %s after the entity number %s: only a record index may follow, "+
			"-1 for a website or -1A, -1X, -1K for an app, mini-program or quick app", quoteInput(rest), e.String())
	}
	rest = rest[1:]
	d := leadingDigits(rest)
	switch {
	case d == 0:
		return FilingNumber{}, abbr, fmt.Sprintf(`the record index after "%s-" must be a whole number, e.g. -1`, e.String())
	case rest[0] == '0':
		return FilingNumber{}, abbr, "the record index must be a number from 1 up, without leading zeros"
	case d > maxIndexDigits:
		return FilingNumber{}, abbr, fmt.Sprintf("the record index must have at most %d digits", maxIndexDigits)
	}
	f.Index, _ = strconv.Atoi(rest[:d])
	f.Kind = RecordWebsite
	switch tail := rest[d:]; {
	case tail == "":
	case len(tail) == 1 && recordLetters[tail[0]] != "":
		f.Kind = recordLetters[tail[0]]
	case len(tail) == 1 && tail[0] >= 'A' && tail[0] <= 'Z':
		return FilingNumber{}, abbr, fmt.Sprintf("unknown letter %q after the record index %d: record numbers end in A (an app, App备案), "+
			"X (a mini-program, 小程序备案) or K (a quick app, 快应用备案), or in the index alone (a website)", tail, f.Index)
	default:
		return FilingNumber{}, abbr, fmt.Sprintf("unexpected %s after the record index %d: a website's number ends in the index, "+
			"an app's, mini-program's or quick app's in one letter (A, X or K)", quoteInput(tail), f.Index)
	}
	f.IsSiteNumber = f.Kind == RecordWebsite
	return f, abbr, ""
}

// Licence categories (电信业务分类目录, MIIT's catalogue of telecommunications
// services): A1/A2 basic services (基础电信业务), B1 first-category
// value-added services (data centres, CDN, internet access: 第一类增值电信业务),
// B2 second-category value-added services, which include internet
// information services (信息服务业务, B25), the business an ICP licence allows.
var categoryOrder = map[string]int{"A1": 1, "A2": 2, "B1": 3, "B2": 4}

func startsCategory(s string) bool {
	return len(s) >= 2 && (s[0] == 'A' || s[0] == 'B') && s[1] >= '0' && s[1] <= '9'
}

// cutCategories reads the licence categories at the start of s: one or more
// of A1, A2, B1, B2 joined by '.', in catalogue order, one of them B2.
func cutCategories(s string) (cats, rest, problem string) {
	i, prev := 0, 0
	for {
		if !startsCategory(s[i:]) {
			return "", "", fmt.Sprintf("a licence category (B2, or a list such as B1.B2) was expected at %s", quoteInput(s[i:]))
		}
		c := s[i : i+2]
		ord, ok := categoryOrder[c]
		switch {
		case !ok:
			return "", "", fmt.Sprintf("%s is not a telecommunications licence category (A1, A2, B1 or B2)", c)
		case ord <= prev:
			return "", "", fmt.Sprintf("licence categories are listed once each, in the order A1.A2.B1.B2 (got %s)", s[:i+2])
		}
		prev = ord
		i += 2
		if i < len(s) && s[i] == '.' {
			i++
			continue
		}
		break
	}
	cats = s[:i]
	if !strings.Contains(cats, "B2") {
		what := "basic telecommunications services (基础电信业务)"
		if strings.Contains(cats, "B1") {
			what = "first-category value-added services such as data centres, CDN and internet access (第一类增值电信业务)"
		}
		return "", "", fmt.Sprintf("a licence of category %s covers %s, not internet information services (ICP, category B25 "+
			"within B2): a commercial ICP licence has category B2", cats, what)
	}
	return cats, s[i:], ""
}
