package icp

import (
	"errors"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/icp/icptest"
)

func TestProvinces(t *testing.T) {
	ps := Provinces()
	if len(ps) != 31 {
		t.Fatalf("got %d provinces, want 31", len(ps))
	}
	want := map[string]string{
		"京": "11", "津": "12", "冀": "13", "晋": "14", "蒙": "15", "辽": "21", "吉": "22", "黑": "23",
		"沪": "31", "苏": "32", "浙": "33", "皖": "34", "闽": "35", "赣": "36", "鲁": "37", "豫": "41",
		"鄂": "42", "湘": "43", "粤": "44", "桂": "45", "琼": "46", "渝": "50", "川": "51", "蜀": "51",
		"黔": "52", "贵": "52", "滇": "53", "云": "53", "藏": "54", "陕": "61", "甘": "62", "陇": "62",
		"青": "63", "宁": "64", "新": "65",
	}
	for abbr, code := range want {
		p, ok := ProvinceByAbbr(abbr)
		if !ok || p.Code != code {
			t.Errorf("ProvinceByAbbr(%q) = %+v, %v; want code %s", abbr, p, ok, code)
		}
		q, ok := ProvinceByCode(code)
		if !ok || q != p {
			t.Errorf("ProvinceByCode(%q) = %+v, %v; want %+v", code, q, ok, p)
		}
	}
	seenCode := map[string]bool{}
	prev := ""
	for _, p := range ps {
		if p.Abbr == "" || p.Name == "" || p.EnglishName == "" || len(p.Code) != 2 {
			t.Errorf("incomplete province %+v", p)
		}
		if seenCode[p.Code] {
			t.Errorf("duplicate code %s", p.Code)
		}
		seenCode[p.Code] = true
		if p.Code <= prev {
			t.Errorf("provinces not ordered by code at %s", p.Code)
		}
		prev = p.Code
	}
	for _, bad := range []string{"", "港", "澳", "台", "X", "京津", "00"} {
		if _, ok := ProvinceByAbbr(bad); ok {
			t.Errorf("ProvinceByAbbr(%q) found a province", bad)
		}
	}
	for _, bad := range []string{"", "00", "71", "81", "82", "1", "110"} {
		if _, ok := ProvinceByCode(bad); ok {
			t.Errorf("ProvinceByCode(%q) found a province", bad)
		}
	}
	ps[0].Name = "changed"
	if Provinces()[0].Name != "北京" {
		t.Error("Provinces returned shared storage")
	}
	if p, _ := ProvinceByAbbr("粤"); p.String() != "广东 (Guangdong)" {
		t.Errorf("String = %q", p.String())
	}
}

// TestParseFilingNumberRealSpellings parses every number of the table of real
// spellings: each gives its kind and parts, and its canonical form parses to
// the same number.
func TestParseFilingNumberRealSpellings(t *testing.T) {
	if n := len(icptest.Spellings); n < 40 {
		t.Fatalf("the table of real spellings has %d rows; it must keep at least 40", n)
	}
	for _, sp := range icptest.Spellings {
		t.Run(sp.In, func(t *testing.T) {
			f, err := ParseFilingNumber(sp.In)
			if err != nil {
				t.Fatalf("ParseFilingNumber(%q): %v", sp.In, err)
			}
			entityKind := "filing"
			if f.Entity.IsLicense() {
				entityKind = "license"
			}
			got := icptest.Spelling{In: f.Raw, Kind: string(f.Kind), Number: f.String(), Entity: f.EntityNumber(), EntityKind: entityKind,
				CrossRegional: f.Entity.CrossRegional(), ProvinceCode: f.Entity.Province.Code, Serial: f.Entity.Serial, Index: f.Index, Letter: f.Kind.Letter()}
			if got != sp {
				t.Errorf("ParseFilingNumber(%q):\n got  %+v\n want %+v", sp.In, got, sp)
			}
			if f.IsSiteNumber != (sp.Kind == "website") {
				t.Errorf("IsSiteNumber = %v for kind %s", f.IsSiteNumber, sp.Kind)
			}
			again, err := ParseFilingNumber(f.String())
			if err != nil || again.String() != f.String() || again.Kind != f.Kind || !again.Entity.Same(f.Entity) {
				t.Errorf("canonical %q parses to %+v, %v", f.String(), again, err)
			}
			l, err := ParseLicense(sp.In)
			switch {
			case sp.EntityKind == "license" && err != nil:
				t.Errorf("ParseLicense(%q): %v", sp.In, err)
			case sp.EntityKind == "license" && (l.String() != sp.Entity || l.Record.String() != sp.Number):
				t.Errorf("ParseLicense(%q) = licence %q, record %q; want %q, %q", sp.In, l, l.Record, sp.Entity, sp.Number)
			case sp.EntityKind == "filing" && (err == nil || !strings.Contains(err.Error(), "not a commercial ICP licence")):
				t.Errorf("ParseLicense(%q) = %+v, %v; want the error that a filing number is not a licence", sp.In, l, err)
			}
		})
	}
}

func TestParseFilingNumber(t *testing.T) {
	tests := []struct {
		in       string
		kind     RecordKind
		code     string
		abbr     string
		serial   string
		index    int
		str      string
		entity   string
		errParts []string // non-empty: an error containing each part
	}{
		{in: "京ICP备10046444号-9", kind: RecordWebsite, code: "11", abbr: "京", serial: "10046444", index: 9, str: "京ICP备10046444号-9", entity: "京ICP备10046444号"},
		{in: "  粤ICP备2021012345号-1\n", kind: RecordWebsite, code: "44", abbr: "粤", serial: "2021012345", index: 1, str: "粤ICP备2021012345号-1", entity: "粤ICP备2021012345号"},
		{in: "浙ICP备123456号", kind: RecordEntity, code: "33", abbr: "浙", serial: "123456", str: "浙ICP备123456号", entity: "浙ICP备123456号"},
		// alternate province forms keep the form written
		{in: "川ICP备12345678号", kind: RecordEntity, code: "51", abbr: "川", serial: "12345678", str: "川ICP备12345678号", entity: "川ICP备12345678号"},
		{in: "贵ICP备12345678号", kind: RecordEntity, code: "52", abbr: "贵", serial: "12345678", str: "贵ICP备12345678号", entity: "贵ICP备12345678号"},
		{in: "滇ICP备12345678号", kind: RecordEntity, code: "53", abbr: "滇", serial: "12345678", str: "滇ICP备12345678号", entity: "滇ICP备12345678号"},
		{in: "云ICP备12345678号", kind: RecordEntity, code: "53", abbr: "云", serial: "12345678", str: "云ICP备12345678号", entity: "云ICP备12345678号"},
		{in: "陇ICP备12345678号", kind: RecordEntity, code: "62", abbr: "陇", serial: "12345678", str: "陇ICP备12345678号", entity: "陇ICP备12345678号"},
		{in: "甘ICP备12345678号", kind: RecordEntity, code: "62", abbr: "甘", serial: "12345678", str: "甘ICP备12345678号", entity: "甘ICP备12345678号"},
		// pasted variants: full-width digits, letters, hyphens, dashes, lower case, spaces anywhere
		{in: "京ICP备１００４６４４４号－９", kind: RecordWebsite, code: "11", abbr: "京", serial: "10046444", index: 9, str: "京ICP备10046444号-9", entity: "京ICP备10046444号"},
		{in: "京ＩＣＰ备10046444号—9", kind: RecordWebsite, code: "11", abbr: "京", serial: "10046444", index: 9, str: "京ICP备10046444号-9", entity: "京ICP备10046444号"},
		{in: "京icp备10046444号–9", kind: RecordWebsite, code: "11", abbr: "京", serial: "10046444", index: 9, str: "京ICP备10046444号-9", entity: "京ICP备10046444号"},
		{in: "\u3000京ICP备10046444号-9\u3000", kind: RecordWebsite, code: "11", abbr: "京", serial: "10046444", index: 9, str: "京ICP备10046444号-9", entity: "京ICP备10046444号"},
		{in: "京ICP备 10046444号", kind: RecordEntity, code: "11", abbr: "京", serial: "10046444", str: "京ICP备10046444号", entity: "京ICP备10046444号"},
		{in: "京\u3000ICP备\u00a010046444\t号 - 9", kind: RecordWebsite, code: "11", abbr: "京", serial: "10046444", index: 9, str: "京ICP备10046444号-9", entity: "京ICP备10046444号"},
		{in: "京ICP备10046444号-999999", kind: RecordWebsite, code: "11", abbr: "京", serial: "10046444", index: 999999, str: "京ICP备10046444号-999999", entity: "京ICP备10046444号"},
		// licences: lower case, full width, 号 after the digits, a record under a combined licence
		{in: "粤b2－２００９００５９", kind: RecordEntity, code: "44", abbr: "粤", serial: "20090059", str: "粤B2-20090059", entity: "粤B2-20090059"},
		{in: "粤B2-20090059号-5", kind: RecordWebsite, code: "44", abbr: "粤", serial: "20090059", index: 5, str: "粤B2-20090059-5", entity: "粤B2-20090059"},
		{in: "ｂ２－２００８０２０７", kind: RecordEntity, serial: "20080207", str: "B2-20080207", entity: "B2-20080207"},
		{in: "B2-20080207-3", kind: RecordWebsite, serial: "20080207", index: 3, str: "B2-20080207-3", entity: "B2-20080207"},
		{in: "皖B1.B2-20070020-13", kind: RecordWebsite, code: "34", abbr: "皖", serial: "20070020", index: 13, str: "皖B1.B2-20070020-13", entity: "皖B1.B2-20070020"},
		{in: "京ICP证030173号-2a", kind: RecordApp, code: "11", abbr: "京", serial: "030173", index: 2, str: "京ICP证030173号-2A", entity: "京ICP证030173号"},
		// the letters: app, mini-program, quick app (no real quick-app number was found; this one is constructed)
		{in: "京ICP备10046444号-4K", kind: RecordQuickApp, code: "11", abbr: "京", serial: "10046444", index: 4, str: "京ICP备10046444号-4K", entity: "京ICP备10046444号"},
		{in: "京ICP备10046444号-3ｘ", kind: RecordMiniProgram, code: "11", abbr: "京", serial: "10046444", index: 3, str: "京ICP备10046444号-3X", entity: "京ICP备10046444号"},

		// errors
		{in: "", errParts: []string{`"": the number is empty`, "京ICP备12345678号-1"}},
		{in: "   ", errParts: []string{"empty"}},
		{in: "浙ICP备123号", errParts: []string{`"浙ICP备123号": the serial after ICP备 must have 6–10 digits (got 3)`, "e.g. 浙ICP备12345678号-1", "ICP filing number (ICP备案号)"}},
		{in: "浙ICP备12345678901号", errParts: []string{"6–10 digits (got 11)"}},
		{in: "浙ICP备号-1", errParts: []string{"serial number after ICP备 is missing"}},
		{in: "ICP备12345678号", errParts: []string{"province abbreviation", "missing", "only licences issued by MIIT itself"}},
		{in: "港ICP备12345678号", errParts: []string{`"港" is not a mainland province`}},
		{in: "台ICP备12345678号", errParts: []string{"Taiwan"}},
		{in: "中ICP备12345678号", errParts: []string{`"中" is not the abbreviation of a mainland province`}},
		{in: "京公网安备11010502030143号", errParts: []string{"public security filing number"}},
		{in: "京备10046444号", errParts: []string{`"ICP备", "ICP证" or a licence category such as "B2-" must follow the province abbreviation`}},
		{in: "京ICP备10046444", errParts: []string{`followed by "号", as in 京ICP备10046444号`}},
		{in: "京ICP备10046444-9", errParts: []string{`followed by "号"`}},
		{in: "京ICP备10046444号-0", errParts: []string{"without leading zeros"}},
		{in: "京ICP备10046444号-01", errParts: []string{"without leading zeros"}},
		{in: "京ICP备10046444号-", errParts: []string{"record index"}},
		{in: "京ICP备10046444号-a", errParts: []string{"record index", "whole number"}},
		{in: "京ICP备10046444号-1-2", errParts: []string{`unexpected "-2" after the record index 1`}},
		{in: "京ICP备10046444号-1AB", errParts: []string{`unexpected "AB"`, "one letter (A, X or K)"}},
		{in: "京ICP备10046444号-1B", errParts: []string{`unknown letter "B"`, "A (an app, App备案)", "X (a mini-program", "K (a quick app"}},
		{in: "京ICP备10046444号-1号", errParts: []string{`unexpected "号" after the record index 1`}},
		{in: "京ICP备10046444号-1234567", errParts: []string{"at most 6 digits"}},
		{in: "京ICP备2024000000号A", errParts: []string{`unexpected "A" after the entity number 京ICP备2024000000号`, "-1A"}},
		{in: "京ICP备10046444号x", errParts: []string{`unexpected "X"`}},
		{in: "\xff\xfe", errParts: []string{"not the abbreviation"}},
		// licence forms
		{in: "粤B2-2009005", errParts: []string{`the number after "B2-" must have 8 digits (got 7)`}},
		{in: "粤B220090059", errParts: []string{`"B2" must be followed by "-" and 8 digits`}},
		{in: "苏B1-20130131", errParts: []string{"category B1 covers first-category value-added services", "not internet information services (ICP, category B25 within B2)"}},
		{in: "粤A2-20044005", errParts: []string{"category A2 covers basic telecommunications services (基础电信业务)"}},
		{in: "B2.B1-20070020", errParts: []string{"in the order A1.A2.B1.B2 (got B2.B1)"}},
		{in: "B2.B2-20070020", errParts: []string{"listed once each"}},
		{in: "B3-20070020", errParts: []string{"B3 is not a telecommunications licence category"}},
		{in: "B1.-20070020", errParts: []string{"a licence category (B2, or a list such as B1.B2) was expected"}},
		{in: "合字B1.B2-20130004", errParts: []string{`"合" is not the abbreviation of a mainland province`}},
		{in: "辽B-2-4-20080039", errParts: []string{`"ICP备", "ICP证" or a licence category`}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f, err := ParseFilingNumber(tt.in)
			if len(tt.errParts) > 0 {
				if err == nil {
					t.Fatalf("ParseFilingNumber(%q) = %+v, want error", tt.in, f)
				}
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Kind != KindFilingNumber || pe.Input != tt.in {
					t.Fatalf("error %T %v is not a *ParseError for this input", err, err)
				}
				for _, part := range tt.errParts {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("error %q does not contain %q", err, part)
					}
				}
				if f != (FilingNumber{}) {
					t.Errorf("non-zero value %+v returned with error", f)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseFilingNumber(%q): %v", tt.in, err)
			}
			if f.Raw != tt.in || f.Kind != tt.kind || f.Entity.Province.Code != tt.code || f.Entity.Abbr != tt.abbr || f.Entity.Serial != tt.serial ||
				f.Index != tt.index || f.IsSiteNumber != (tt.kind == RecordWebsite) {
				t.Errorf("ParseFilingNumber(%q) = %+v", tt.in, f)
			}
			if f.String() != tt.str {
				t.Errorf("String() = %q, want %q", f.String(), tt.str)
			}
			if f.EntityNumber() != tt.entity {
				t.Errorf("EntityNumber() = %q, want %q", f.EntityNumber(), tt.entity)
			}
		})
	}
}

func TestParseFilingNumberErrorMessage(t *testing.T) {
	_, err := ParseFilingNumber("浙ICP备123号")
	want := `"浙ICP备123号": the serial after ICP备 must have 6–10 digits (got 3); expected an ICP filing number (ICP备案号) of the form ` +
		`<entity number>, <entity number>-<N> for a website or <entity number>-<N><A, X or K> for an app, mini-program or quick app, ` +
		`the entity number being <province>ICP备<6–10 digits>号, <province>ICP证<6–10 digits>号 or a licence [<province>]B2-<8 digits>, ` +
		`e.g. 浙ICP备12345678号-1`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	long := "京" + strings.Repeat("x", 500)
	_, err = ParseFilingNumber(long)
	if err == nil || len(err.Error()) > 800 || !strings.Contains(err.Error(), "…") {
		t.Errorf("long input not shortened: %v", err)
	}
}

func TestRecordKinds(t *testing.T) {
	for kind, letter := range map[RecordKind]string{RecordEntity: "", RecordWebsite: "", RecordApp: "A", RecordMiniProgram: "X", RecordQuickApp: "K"} {
		if kind.Letter() != letter {
			t.Errorf("%s.Letter() = %q, want %q", kind, kind.Letter(), letter)
		}
		if kind.IsWebsiteFooterNumber() != (letter == "") {
			t.Errorf("%s.IsWebsiteFooterNumber() = %v", kind, kind.IsWebsiteFooterNumber())
		}
		if !strings.Contains(kind.Describe(), "备案号") {
			t.Errorf("%s.Describe() = %q lacks the Chinese term", kind, kind.Describe())
		}
	}
	a, _ := ParseFilingNumber("川ICP备12345678号-2")
	b, _ := ParseFilingNumber("蜀ICP备12345678号")
	c, _ := ParseFilingNumber("B2-12345678")
	d, _ := ParseFilingNumber("川B2-12345678")
	if !a.Entity.Same(b.Entity) || a.Entity.Same(c.Entity) || c.Entity.Same(d.Entity) {
		t.Errorf("Same: 川/蜀 must be one entity, a cross-regional licence not the provincial one: %+v %+v %+v %+v", a.Entity, b.Entity, c.Entity, d.Entity)
	}
	if !c.Entity.CrossRegional() || d.Entity.CrossRegional() || !c.Entity.IsLicense() || a.Entity.IsLicense() {
		t.Errorf("CrossRegional/IsLicense: %+v %+v", c.Entity, d.Entity)
	}
}

func TestParseLicense(t *testing.T) {
	tests := []struct {
		in         string
		code       string
		kind       string
		number     string
		str        string
		recordKind RecordKind
		record     string
		errParts   []string
	}{
		{in: "浙B2-20080101", code: "33", kind: "B2", number: "20080101", str: "浙B2-20080101", recordKind: RecordEntity, record: "浙B2-20080101"},
		{in: "京ICP证030173号", code: "11", kind: "ICP证", number: "030173", str: "京ICP证030173号", recordKind: RecordEntity, record: "京ICP证030173号"},
		{in: " 粤b2－20090059 ", code: "44", kind: "B2", number: "20090059", str: "粤B2-20090059", recordKind: RecordEntity, record: "粤B2-20090059"},
		{in: "蜀B2-20120001", code: "51", kind: "B2", number: "20120001", str: "蜀B2-20120001", recordKind: RecordEntity, record: "蜀B2-20120001"},
		{in: "沪ICP证1234567890号", code: "31", kind: "ICP证", number: "1234567890", str: "沪ICP证1234567890号", recordKind: RecordEntity, record: "沪ICP证1234567890号"},
		{in: "沪ｉｃｐ证１２３４５６号", code: "31", kind: "ICP证", number: "123456", str: "沪ICP证123456号", recordKind: RecordEntity, record: "沪ICP证123456号"},
		// cross-regional, issued by MIIT: no province
		{in: "B2-20080207", kind: "B2", number: "20080207", str: "B2-20080207", recordKind: RecordEntity, record: "B2-20080207"},
		{in: "A2.B1.B2-20090003", kind: "A2.B1.B2", number: "20090003", str: "A2.B1.B2-20090003", recordKind: RecordEntity, record: "A2.B1.B2-20090003"},
		// a record number names its licence
		{in: "京ICP证030173号-1", code: "11", kind: "ICP证", number: "030173", str: "京ICP证030173号", recordKind: RecordWebsite, record: "京ICP证030173号-1"},
		{in: "粤B2-20090059-1626X", code: "44", kind: "B2", number: "20090059", str: "粤B2-20090059", recordKind: RecordMiniProgram, record: "粤B2-20090059-1626X"},
		{in: "粤B2-20090059号", code: "44", kind: "B2", number: "20090059", str: "粤B2-20090059", recordKind: RecordEntity, record: "粤B2-20090059"},

		{in: "", errParts: []string{"empty", "京B2-20080101"}},
		{in: "浙B2-2008010", errParts: []string{`must have 8 digits (got 7)`, "e.g. 浙B2-20080101", "commercial ICP licence (经营性ICP许可证)"}},
		{in: "浙B2-200801011", errParts: []string{"8 digits (got 9)"}},
		{in: "浙B2-20080101-x", errParts: []string{`the record index after "浙B2-20080101-" must be a whole number`}},
		{in: "浙B220080101", errParts: []string{`"B2" must be followed by "-"`}},
		{in: "浙B1-20080101", errParts: []string{"category B1 covers first-category value-added services"}},
		{in: "港B2-20080101", errParts: []string{"not a mainland province"}},
		{in: "京ICP证03017号", errParts: []string{"the serial after ICP证 must have 6–10 digits (got 5)"}},
		{in: "京ICP证030173", errParts: []string{`followed by "号"`}},
		{in: "京ICP备10046444号", errParts: []string{"ICP filing number (ICP备案号) of a non-commercial entity, not a commercial ICP licence"}},
		{in: "京ICP备10046444号-1", errParts: []string{"non-commercial entity, not a commercial ICP licence"}},
		{in: "京公网安备11010502030143号", errParts: []string{"public security filing number (公安联网备案号), not a commercial ICP licence"}},
		{in: "京X2-20080101", errParts: []string{`"ICP备", "ICP证" or a licence category`}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			l, err := ParseLicense(tt.in)
			if len(tt.errParts) > 0 {
				var pe *ParseError
				if err == nil || !errors.As(err, &pe) || pe.Kind != KindLicense {
					t.Fatalf("ParseLicense(%q) = %+v, %v; want *ParseError", tt.in, l, err)
				}
				for _, part := range tt.errParts {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("error %q does not contain %q", err, part)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseLicense(%q): %v", tt.in, err)
			}
			if l.Raw != tt.in || l.Entity.Province.Code != tt.code || l.Kind() != tt.kind || l.Entity.Serial != tt.number || l.String() != tt.str ||
				l.Record.Kind != tt.recordKind || l.Record.String() != tt.record || l.Entity.CrossRegional() != (tt.code == "") {
				t.Errorf("ParseLicense(%q) = %+v (String %q, Kind %q)", tt.in, l, l.String(), l.Kind())
			}
		})
	}
}

func TestParsePublicSecurityNumber(t *testing.T) {
	tests := []struct {
		in       string
		code     string
		digits   string
		str      string
		errParts []string
	}{
		{in: "京公网安备11010502030143号", code: "11", digits: "11010502030143", str: "京公网安备11010502030143号"},
		{in: "沪公网安备31011502000001号", code: "31", digits: "31011502000001", str: "沪公网安备31011502000001号"},
		{in: "粤公网安备44030502000001号", code: "44", digits: "44030502000001", str: "粤公网安备44030502000001号"},
		{in: " 浙公网安备３３０１０６０２０００００１号 ", code: "33", digits: "33010602000001", str: "浙公网安备33010602000001号"},
		{in: "川公网安备51010702000001号", code: "51", digits: "51010702000001", str: "川公网安备51010702000001号"},
		{in: "贵公网安备52010202000001号", code: "52", digits: "52010202000001", str: "贵公网安备52010202000001号"},
		{in: "云公网安备53010202000001号", code: "53", digits: "53010202000001", str: "云公网安备53010202000001号"},
		{in: "甘公网安备62010202000001号", code: "62", digits: "62010202000001", str: "甘公网安备62010202000001号"},
		{in: "新公网安备65010202000001号", code: "65", digits: "65010202000001", str: "新公网安备65010202000001号"},
		{in: "京公网安备 11010502030143号", code: "11", digits: "11010502030143", str: "京公网安备11010502030143号"},
		{in: "京公网安备\u300011010502030143\u00a0号", code: "11", digits: "11010502030143", str: "京公网安备11010502030143号"},

		{in: "京公网安备31010502030143号", errParts: []string{"starts with 31, the division code of 上海 (Shanghai), but the prefix 京 is 北京 (Beijing), whose division code is 11", "e.g. 京公网安备11010502030143号"}},
		{in: "粤公网安备33010502030143号", errParts: []string{"starts with 33", "广东 (Guangdong)", "44", "粤公网安备44010502030143号"}},
		{in: "京公网安备99010502030143号", errParts: []string{"starts with 99, which is not a province division code", "11"}},
		{in: "京公网安备1101050203014号", errParts: []string{"14 digits (got 13)"}},
		{in: "京公网安备110105020301433号", errParts: []string{"14 digits (got 15)"}},
		{in: "京公网安备11010502030143", errParts: []string{`followed by "号"`}},
		{in: "京公网安备11010502030143号-1", errParts: []string{"nothing else"}},
		{in: "京公安备11010502030143号", errParts: []string{`"公网安备" must follow`}},
		{in: "公网安备11010502030143号", errParts: []string{"not the abbreviation"}},
		{in: "京ICP备10046444号", errParts: []string{"ICP filing number"}},
		{in: "京B2-20080101", errParts: []string{"commercial ICP licence number"}},
		{in: "", errParts: []string{"empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, err := ParsePublicSecurityNumber(tt.in)
			if len(tt.errParts) > 0 {
				var pe *ParseError
				if err == nil || !errors.As(err, &pe) || pe.Kind != KindPublicSecurity {
					t.Fatalf("ParsePublicSecurityNumber(%q) = %+v, %v; want *ParseError", tt.in, n, err)
				}
				for _, part := range tt.errParts {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("error %q does not contain %q", err, part)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePublicSecurityNumber(%q): %v", tt.in, err)
			}
			if n.Raw != tt.in || n.Province.Code != tt.code || n.Code != tt.digits || n.String() != tt.str {
				t.Errorf("ParsePublicSecurityNumber(%q) = %+v (String %q)", tt.in, n, n.String())
			}
			if want := "https://beian.mps.gov.cn/#/query/webSearch?code=" + tt.digits; n.QueryURL() != want {
				t.Errorf("QueryURL() = %q, want %q", n.QueryURL(), want)
			}
		})
	}
}

func TestParsePublicSecurityNumberRealSpellings(t *testing.T) {
	for _, sp := range icptest.PublicSecuritySpellings {
		n, err := ParsePublicSecurityNumber(sp.In)
		if err != nil {
			t.Errorf("ParsePublicSecurityNumber(%q): %v", sp.In, err)
			continue
		}
		if n.String() != sp.Number || n.Province.Code != sp.ProvinceCode || n.Code != sp.Code {
			t.Errorf("ParsePublicSecurityNumber(%q) = %+v (String %q); want %+v", sp.In, n, n.String(), sp)
		}
	}
}

func TestZeroValues(t *testing.T) {
	if (FilingNumber{}).String() != "" || (FilingNumber{}).EntityNumber() != "" {
		t.Error("zero FilingNumber renders text")
	}
	if (License{}).String() != "" || (License{}).Kind() != "" || (PublicSecurityNumber{}).String() != "" {
		t.Error("zero License/PublicSecurityNumber renders text")
	}
	if (Province{}).String() != "" {
		t.Error("zero Province renders text")
	}
}

// BenchmarkParseFilingNumber parses every real spelling once per iteration.
func BenchmarkParseFilingNumber(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, sp := range icptest.Spellings {
			if _, err := ParseFilingNumber(sp.In); err != nil {
				b.Fatal(err)
			}
		}
	}
}
