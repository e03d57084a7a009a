package icp

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRegistrableDomain(t *testing.T) {
	tests := []struct {
		in, want string
		errPart  string
	}{
		{in: "www.example.com.cn", want: "example.com.cn"},
		{in: "a.b.example.com", want: "example.com"},
		{in: "example.com", want: "example.com"},
		{in: "WWW.Example.COM.", want: "example.com"},
		{in: "  www.example.cn  ", want: "example.cn"},
		{in: "www.example.gov.cn", want: "example.gov.cn"},
		{in: "shop.example.net.cn", want: "example.net.cn"},
		{in: "www.example.co.uk", want: "example.co.uk"},
		{in: "例子.中国", want: "xn--fsqu00a.xn--fiqs8s"},
		{in: "www.例子.中国", want: "xn--fsqu00a.xn--fiqs8s"},
		{in: "www.例子。中国", want: "xn--fsqu00a.xn--fiqs8s"},
		{in: "www.ＥＸＡＭＰＬＥ.com", want: "example.com"},
		{in: "xn--fsqu00a.xn--fiqs8s", want: "xn--fsqu00a.xn--fiqs8s"},
		{in: "*.example.com", want: "example.com"},
		{in: "_dmarc.mail.example.com", want: "example.com"},
		// private-section suffixes are not registrable: the ICANN suffix decides
		{in: "user.github.io", want: "github.io"},
		{in: "bucket.oss-cn-hangzhou.aliyuncs.com", want: "aliyuncs.com"},
		// unknown top-level domain: default rule
		{in: "a.b.example.unknowntld", want: "example.unknowntld"},

		{in: "", errPart: "is empty"},
		{in: "   ", errPart: "is empty"},
		{in: ".", errPart: "has no labels"},
		{in: "com", errPart: "is a public suffix (com)"},
		{in: "com.cn", errPart: "is a public suffix (com.cn)"},
		{in: "localhost", errPart: "public suffix"},
		{in: "1.2.3.4", errPart: "IP address"},
		{in: "::1", errPart: "IP address"},
		{in: "[2001:db8::1]", errPart: "IP address"},
		{in: "1.2.3.4.5", errPart: "all digits"},
		{in: "a..example.com", errPart: ""},
		{in: "-a.example.com", errPart: "invalid label"},
		{in: "a-.example.com", errPart: "invalid label"},
		{in: "ex ample.com", errPart: ""},
		{in: "example.com:443", errPart: ""},
		{in: "http://example.com", errPart: ""},
		{in: "foo_bar.com", errPart: "not allowed in a host name"},
		{in: "foo_bar.com.cn", errPart: "underscore"},
		{in: "a." + strings.Repeat("b", 64) + ".com", errPart: ""},
		{in: strings.Repeat("abcdefgh.", 32) + "com", errPart: ""},
		{in: "example.com..", errPart: ""},
		{in: "*.*.example.com", errPart: ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := RegistrableDomain(tt.in)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("RegistrableDomain(%q) = %q, want error", tt.in, got)
				}
				var de *DomainError
				if !errors.As(err, &de) || !strings.Contains(err.Error(), tt.errPart) {
					t.Errorf("error %v (%T) does not contain %q", err, err, tt.errPart)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("RegistrableDomain(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeHostName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"selector1-example-com._domainkey.contoso.onmicrosoft.com", "selector1-example-com._domainkey.contoso.onmicrosoft.com"},
		{"_abc.xyz.acm-validations.aws.", "_abc.xyz.acm-validations.aws"},
		{"_Sip._TCP.Example.com", "_sip._tcp.example.com"},
		{"target.example.com\uff0e", "target.example.com"},
		{"例子.中国", "xn--fsqu00a.xn--fiqs8s"},
		{"example_.com", ""}, // the registrable domain itself cannot have an underscore
		{"bad!.example.com", ""},
		{"203.0.113.10", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := NormalizeHostName(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("NormalizeHostName(%q) = %q, want error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeHostName(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNormalizeDomain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Example.COM.", "example.com"},
		{" example.com.cn ", "example.com.cn"},
		{"example.com\uff0e", "example.com"}, // trailing full-width full stop
		{"example.com\uff61", "example.com"}, // trailing half-width ideographic full stop
		{"例子．中国．", "xn--fsqu00a.xn--fiqs8s"},
		{"example.com..", ""},
		{"\uff0e", ""},
		{"例子.中国", "xn--fsqu00a.xn--fiqs8s"},
		{"中国", "xn--fiqs8s"},
		{"com", "com"},
		{"www.example.com", "www.example.com"},
		{"_dmarc.example.com", ""},
		{"*.example.com", ""},
		{"1.2.3.4", ""},
		{"", ""},
		{"exa mple.com", ""},
		{"bad!.com", ""},
	}
	for _, tt := range tests {
		got, err := NormalizeDomain(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("NormalizeDomain(%q) = %q, want error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeDomain(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestIsMainlandRegion(t *testing.T) {
	tests := map[string]bool{
		"cn-hangzhou":           true,
		"cn-beijing":            true,
		"cn-shanghai":           true,
		"cn-shenzhen":           true,
		"cn-qingdao":            true,
		"cn-zhangjiakou":        true,
		"cn-huhehaote":          true,
		"cn-wulanchabu":         true,
		"cn-chengdu":            true,
		"cn-guangzhou":          true,
		"cn-heyuan":             true,
		"cn-shanghai-finance-1": true,
		"cn-hangzhou-h":         true,
		" CN-Hangzhou ":         true,
		"cn-hongkong":           false,
		"CN-HONGKONG":           false,
		"cn-hongkong-b":         false,
		"ap-southeast-1":        false,
		"us-west-1":             false,
		"eu-central-1":          false,
		"":                      false,
		"cn-":                   false,
		"cn":                    false,
		"hangzhou":              false,
	}
	for in, want := range tests {
		if got := IsMainlandRegion(in); got != want {
			t.Errorf("IsMainlandRegion(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestTimelineAndStatus(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	live := time.Date(2026, 1, 15, 10, 0, 0, 0, shanghai)
	if got, want := PublicSecurityDeadline(live), time.Date(2026, 2, 14, 10, 0, 0, 0, shanghai); !got.Equal(want) {
		t.Errorf("PublicSecurityDeadline = %v, want %v", got, want)
	}
	if !(Answer{Status: Approved}).Approved() || (Answer{Status: NotApproved}).Approved() || (Answer{Status: Unknown}).Approved() || (Answer{}).Approved() {
		t.Error("Answer.Approved")
	}
	if Approved != "approved" || NotApproved != "not_approved" || Unknown != "unknown" {
		t.Error("status values changed")
	}
	if MIITURL != "https://beian.miit.gov.cn/" {
		t.Error("MIITURL")
	}
}

func TestDisplayName(t *testing.T) {
	for in, want := range map[string]string{
		"www.xn--fsqu00a.xn--fiqs8s": "www.例子.中国 (www.xn--fsqu00a.xn--fiqs8s)",
		"www.例子.中国":                  "www.例子.中国 (www.xn--fsqu00a.xn--fiqs8s)",
		"xn--fsqu00a.xn--fiqs8s":     "例子.中国 (xn--fsqu00a.xn--fiqs8s)",
		"www.example.com":            "www.example.com",
		"*.example.com":              "*.example.com",
		"47.96.10.20":                "47.96.10.20",
		"xn--bad--":                  "xn--bad--",
	} {
		if got := DisplayName(in); got != want {
			t.Errorf("DisplayName(%q) = %q, want %q", in, got, want)
		}
	}
}
