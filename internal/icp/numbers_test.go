package icp

import (
	"errors"
	"strings"
	"testing"
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

func TestParseFilingNumber(t *testing.T) {
	tests := []struct {
		in       string
		code     string
		abbr     string
		serial   string
		index    int
		str      string
		entity   string
		errParts []string // non-empty: an error containing each part
	}{
		{in: "京ICP备10046444号-9", code: "11", abbr: "京", serial: "10046444", index: 9, str: "京ICP备10046444号-9", entity: "京ICP备10046444号"},
		{in: "京ICP备10046444号", code: "11", abbr: "京", serial: "10046444", str: "京ICP备10046444号", entity: "京ICP备10046444号"},
		{in: "  粤ICP备2021012345号-1\n", code: "44", abbr: "粤", serial: "2021012345", index: 1, str: "粤ICP备2021012345号-1", entity: "粤ICP备2021012345号"},
		{in: "浙ICP备123456号", code: "33", abbr: "浙", serial: "123456", str: "浙ICP备123456号", entity: "浙ICP备123456号"},
		{in: "沪ICP备05000001号-12", code: "31", abbr: "沪", serial: "05000001", index: 12, str: "沪ICP备05000001号-12", entity: "沪ICP备05000001号"},
		// alternate province forms keep the form written
		{in: "蜀ICP备12345678号-2", code: "51", abbr: "蜀", serial: "12345678", index: 2, str: "蜀ICP备12345678号-2", entity: "蜀ICP备12345678号"},
		{in: "川ICP备12345678号", code: "51", abbr: "川", serial: "12345678", str: "川ICP备12345678号", entity: "川ICP备12345678号"},
		{in: "黔ICP备12345678号", code: "52", abbr: "黔", serial: "12345678", str: "黔ICP备12345678号", entity: "黔ICP备12345678号"},
		{in: "贵ICP备12345678号", code: "52", abbr: "贵", serial: "12345678", str: "贵ICP备12345678号", entity: "贵ICP备12345678号"},
		{in: "滇ICP备12345678号", code: "53", abbr: "滇", serial: "12345678", str: "滇ICP备12345678号", entity: "滇ICP备12345678号"},
		{in: "云ICP备12345678号", code: "53", abbr: "云", serial: "12345678", str: "云ICP备12345678号", entity: "云ICP备12345678号"},
		{in: "陇ICP备12345678号", code: "62", abbr: "陇", serial: "12345678", str: "陇ICP备12345678号", entity: "陇ICP备12345678号"},
		{in: "甘ICP备12345678号", code: "62", abbr: "甘", serial: "12345678", str: "甘ICP备12345678号", entity: "甘ICP备12345678号"},
		// pasted variants: full-width digits, letters, hyphens, dashes, lower case, ideographic space
		{in: "京ICP备１００４６４４４号－９", code: "11", abbr: "京", serial: "10046444", index: 9, str: "京ICP备10046444号-9", entity: "京ICP备10046444号"},
		{in: "京ＩＣＰ备10046444号—9", code: "11", abbr: "京", serial: "10046444", index: 9, str: "京ICP备10046444号-9", entity: "京ICP备10046444号"},
		{in: "京icp备10046444号–9", code: "11", abbr: "京", serial: "10046444", index: 9, str: "京ICP备10046444号-9", entity: "京ICP备10046444号"},
		{in: "\u3000京ICP备10046444号-9\u3000", code: "11", abbr: "京", serial: "10046444", index: 9, str: "京ICP备10046444号-9", entity: "京ICP备10046444号"},
		{in: "京ICP备10046444号-999999", code: "11", abbr: "京", serial: "10046444", index: 999999, str: "京ICP备10046444号-999999", entity: "京ICP备10046444号"},

		// errors
		{in: "", errParts: []string{`"": the number is empty`, "京ICP备12345678号-1"}},
		{in: "   ", errParts: []string{"empty"}},
		{in: "浙ICP备123号", errParts: []string{`"浙ICP备123号": the serial must have 6–10 digits (got 3)`, "e.g. 浙ICP备12345678号-1", "ICP filing number (ICP备案号)"}},
		{in: "浙ICP备12345678901号", errParts: []string{"6–10 digits (got 11)"}},
		{in: "浙ICP备号-1", errParts: []string{"serial number after ICP备 is missing"}},
		{in: "ICP备12345678号", errParts: []string{"province abbreviation", "missing"}},
		{in: "港ICP备12345678号", errParts: []string{`"港" is not a mainland province`}},
		{in: "台ICP备12345678号", errParts: []string{"Taiwan"}},
		{in: "中ICP备12345678号", errParts: []string{`"中" is not the abbreviation of a mainland province`}},
		{in: "京ICP证030173号", errParts: []string{"commercial ICP licence", "not an ICP filing number"}},
		{in: "浙B2-20080101", errParts: []string{"commercial ICP licence"}},
		{in: "京公网安备11010502030143号", errParts: []string{"public security filing number"}},
		{in: "京备10046444号", errParts: []string{`"ICP备" must follow the province abbreviation`}},
		{in: "京ICP备10046444", errParts: []string{`followed by "号"`}},
		{in: "京ICP备10046444-9", errParts: []string{`followed by "号"`}},
		{in: "京ICP备10046444号-0", errParts: []string{"without leading zeros"}},
		{in: "京ICP备10046444号-01", errParts: []string{"without leading zeros"}},
		{in: "京ICP备10046444号-", errParts: []string{"website index"}},
		{in: "京ICP备10046444号-a", errParts: []string{"website index"}},
		{in: "京ICP备10046444号-1-2", errParts: []string{"website index"}},
		{in: "京ICP备10046444号-1234567", errParts: []string{"at most 6 digits"}},
		{in: "京ICP备10046444号 -1", errParts: []string{`unexpected " -1" after "号"`}},
		{in: "京ICP备10046444号x", errParts: []string{`unexpected "X"`}},
		{in: "京ICP备 10046444号", errParts: []string{"serial number after ICP备 is missing"}},
		{in: "\xff\xfe", errParts: []string{"not the abbreviation"}},
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
			if f.Raw != tt.in || f.Province.Code != tt.code || f.Abbr != tt.abbr || f.Serial != tt.serial ||
				f.SiteIndex != tt.index || f.IsSiteNumber != (tt.index > 0) {
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
	want := `"浙ICP备123号": the serial must have 6–10 digits (got 3); expected an ICP filing number (ICP备案号) of the form <province>ICP备<6–10 digits>号, optionally followed by -<site index>, e.g. 浙ICP备12345678号-1`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	long := "京" + strings.Repeat("x", 500)
	_, err = ParseFilingNumber(long)
	if err == nil || len(err.Error()) > 400 || !strings.Contains(err.Error(), "…") {
		t.Errorf("long input not shortened: %v", err)
	}
}

func TestParseLicense(t *testing.T) {
	tests := []struct {
		in       string
		code     string
		kind     string
		number   string
		str      string
		errParts []string
	}{
		{in: "浙B2-20080101", code: "33", kind: "B2", number: "20080101", str: "浙B2-20080101"},
		{in: "京ICP证030173号", code: "11", kind: "ICP证", number: "030173", str: "京ICP证030173号"},
		{in: " 粤b2－20090059 ", code: "44", kind: "B2", number: "20090059", str: "粤B2-20090059"},
		{in: "蜀B2-20120001", code: "51", kind: "B2", number: "20120001", str: "蜀B2-20120001"},
		{in: "沪ICP证1234567890号", code: "31", kind: "ICP证", number: "1234567890", str: "沪ICP证1234567890号"},
		{in: "沪ｉｃｐ证１２３４５６号", code: "31", kind: "ICP证", number: "123456", str: "沪ICP证123456号"},

		{in: "", errParts: []string{"empty", "京B2-20080101"}},
		{in: "浙B2-2008010", errParts: []string{`must have 8 digits (got 7)`, "e.g. 浙B2-20080101", "commercial ICP licence (经营性ICP许可证)"}},
		{in: "浙B2-200801011", errParts: []string{"8 digits (got 9)"}},
		{in: "浙B2-20080101-1", errParts: []string{`unexpected "-1"`}},
		{in: "浙B220080101", errParts: []string{`"B2" must be followed by "-"`}},
		{in: "浙B1-20080101", errParts: []string{"category B1"}},
		{in: "B2-20080101", errParts: []string{"province abbreviation"}},
		{in: "港B2-20080101", errParts: []string{"not a mainland province"}},
		{in: "京ICP证03017号", errParts: []string{"6–10 digits (got 5)"}},
		{in: "京ICP证030173", errParts: []string{`followed by "号"`}},
		{in: "京ICP证030173号-1", errParts: []string{`followed by "号" and nothing else`}},
		{in: "京ICP备10046444号", errParts: []string{"ICP filing number (ICP备案号), not a commercial ICP licence"}},
		{in: "京公网安备11010502030143号", errParts: []string{"public security"}},
		{in: "京X2-20080101", errParts: []string{`"B2-" or "ICP证" must follow`}},
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
			if l.Raw != tt.in || l.Province.Code != tt.code || l.Kind != tt.kind || l.Number != tt.number || l.String() != tt.str {
				t.Errorf("ParseLicense(%q) = %+v (String %q)", tt.in, l, l.String())
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

func TestZeroValues(t *testing.T) {
	if (FilingNumber{}).String() != "" || (FilingNumber{}).EntityNumber() != "" {
		t.Error("zero FilingNumber renders text")
	}
	if (License{}).String() != "" || (PublicSecurityNumber{}).String() != "" {
		t.Error("zero License/PublicSecurityNumber renders text")
	}
	if !(Province{}).IsZero() || (Province{}).String() != "" {
		t.Error("zero Province")
	}
}
