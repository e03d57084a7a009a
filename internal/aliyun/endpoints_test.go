package aliyun

import (
	"strings"
	"testing"
)

func TestResolveDefaultEndpoints(t *testing.T) {
	eps, err := NewEndpoints(nil, "")
	if err != nil {
		t.Fatalf("NewEndpoints(nil, \"\"): %v", err)
	}
	want := map[Product]string{
		ProductDomain:         "domain.aliyuncs.com",
		ProductAlidns:         "alidns.aliyuncs.com",
		ProductCompanyreg:     "companyreg.aliyuncs.com",
		ProductBeian:          "beian.aliyuncs.com",
		ProductECS:            "ecs.cn-shanghai.aliyuncs.com",
		ProductVPC:            "vpc.cn-shanghai.aliyuncs.com",
		ProductSLB:            "slb.cn-shanghai.aliyuncs.com",
		ProductBSS:            "business.aliyuncs.com",
		ProductSTS:            "sts.aliyuncs.com",
		ProductResourceCenter: "resourcecenter.aliyuncs.com",
		ProductAntiDDoS:       "antiddos.aliyuncs.com",
		ProductSWAS:           "swas.cn-shanghai.aliyuncs.com",
	}
	if len(want) != len(Products) {
		t.Fatalf("test table covers %d products, Products lists %d: update the table", len(want), len(Products))
	}
	for _, info := range Products {
		p := info.Product
		t.Run(string(p), func(t *testing.T) {
			ep, err := eps.Resolve(p, "cn-shanghai")
			if err != nil {
				t.Fatalf("Resolve(%s): %v", p, err)
			}
			if ep.Scheme != "HTTPS" {
				t.Errorf("Scheme = %q, want HTTPS: the public endpoints must never be called over plain HTTP", ep.Scheme)
			}
			if ep.Host != want[p] {
				t.Errorf("Host = %q, want %q", ep.Host, want[p])
			}
			if ep.Source != "default" {
				t.Errorf("Source = %q, want default", ep.Source)
			}
			if got := ep.URL(); got != "https://"+want[p] {
				t.Errorf("URL() = %q, want %q", got, "https://"+want[p])
			}
		})
	}
}

func TestResolveRegionalProductNeedsRegion(t *testing.T) {
	var eps *Endpoints // a nil *Endpoints resolves the defaults
	ep, err := eps.Resolve(ProductECS, "ap-southeast-1")
	if err != nil || ep.Host != "ecs.ap-southeast-1.aliyuncs.com" {
		t.Fatalf("nil Endpoints Resolve(ecs, ap-southeast-1) = %+v, %v; want the regional default", ep, err)
	}
	for _, p := range []Product{ProductECS, ProductVPC, ProductSLB} {
		_, err := eps.Resolve(p, "")
		if err == nil {
			t.Errorf("Resolve(%s, \"\") succeeded; a regional product without region must fail", p)
			continue
		}
		if !strings.Contains(err.Error(), string(p)) || !strings.Contains(err.Error(), "region") {
			t.Errorf("Resolve(%s, \"\") error %q should name the product and say a region is missing", p, err)
		}
	}
	// Global products do not need a region.
	if ep, err := eps.Resolve(ProductAlidns, ""); err != nil || ep.Host != "alidns.aliyuncs.com" {
		t.Errorf("Resolve(alidns, \"\") = %+v, %v; want alidns.aliyuncs.com", ep, err)
	}
	if _, err := eps.Resolve(Product("nosuch"), "cn-hangzhou"); err == nil || !strings.Contains(err.Error(), "nosuch") {
		t.Errorf("Resolve(unknown product) error = %v; want an error naming the product", err)
	}
}

func TestParseEndpointURLAccepts(t *testing.T) {
	tests := []struct {
		raw        string
		wantScheme string
		wantHost   string
	}{
		{"https://alidns.aliyuncs.com", "HTTPS", "alidns.aliyuncs.com"},
		{"https://alidns.aliyuncs.com/", "HTTPS", "alidns.aliyuncs.com"},
		{"HTTPS://alidns.aliyuncs.com", "HTTPS", "alidns.aliyuncs.com"},
		{"http://127.0.0.1:18080", "HTTP", "127.0.0.1:18080"},
		{"http://localhost:18080/", "HTTP", "localhost:18080"},
		{"HTTP://emulator.internal", "HTTP", "emulator.internal"},
		// A bare host is HTTPS, never HTTP.
		{"alidns.aliyuncs.com", "HTTPS", "alidns.aliyuncs.com"},
		{"127.0.0.1:18080", "HTTPS", "127.0.0.1:18080"},
		{"  https://dns.example.com:8443  ", "HTTPS", "dns.example.com:8443"},
		{"https://[::1]:8443", "HTTPS", "[::1]:8443"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			ep, err := ParseEndpointURL(tt.raw)
			if err != nil {
				t.Fatalf("ParseEndpointURL(%q): %v", tt.raw, err)
			}
			if ep.Scheme != tt.wantScheme || ep.Host != tt.wantHost {
				t.Errorf("ParseEndpointURL(%q) = %s %s, want %s %s", tt.raw, ep.Scheme, ep.Host, tt.wantScheme, tt.wantHost)
			}
		})
	}
}

func TestParseEndpointURLRejects(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		wantMsg string // a fragment the message must contain to tell the user what is wrong
	}{
		{"ftp scheme", "ftp://alidns.aliyuncs.com", `"ftp"`},
		{"ws scheme", "ws://127.0.0.1:8080", "https://"},
		{"path", "https://alidns.aliyuncs.com/v1", "path"},
		{"path on bare host", "127.0.0.1:18080/api", "path"},
		{"query", "https://alidns.aliyuncs.com/?Action=x", "query"},
		{"fragment", "https://alidns.aliyuncs.com#top", "fragment"},
		{"user info", "https://user:pw@alidns.aliyuncs.com", "credentials"},
		{"empty host", "https://", "no host"},
		{"empty http host", "http://", "no host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, err := ParseEndpointURL(tt.raw)
			if err == nil {
				t.Fatalf("ParseEndpointURL(%q) = %+v, want an error", tt.raw, ep)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("ParseEndpointURL(%q) error %q does not contain %q", tt.raw, err, tt.wantMsg)
			}
		})
	}
}

func TestEndpointsPrecedence(t *testing.T) {
	eps, err := NewEndpoints(map[Product]string{
		ProductAlidns: "https://alidns.internal.example.com",
		ProductECS:    "127.0.0.1:9443", // bare: HTTPS
		ProductVPC:    "   ",            // empty entries are ignored
	}, "http://127.0.0.1:18080")
	if err != nil {
		t.Fatalf("NewEndpoints: %v", err)
	}
	tests := []struct {
		product    Product
		wantScheme string
		wantHost   string
		wantSource string
	}{
		// The product's own entry wins over the override.
		{ProductAlidns, "HTTPS", "alidns.internal.example.com", "endpoints.alidns"},
		{ProductECS, "HTTPS", "127.0.0.1:9443", "endpoints.ecs"},
		// Everything else goes to the override, keeping its explicit http://.
		{ProductVPC, "HTTP", "127.0.0.1:18080", "BEIAN_ENDPOINT_OVERRIDE"},
		{ProductDomain, "HTTP", "127.0.0.1:18080", "BEIAN_ENDPOINT_OVERRIDE"},
		{ProductSTS, "HTTP", "127.0.0.1:18080", "BEIAN_ENDPOINT_OVERRIDE"},
	}
	for _, tt := range tests {
		ep, err := eps.Resolve(tt.product, "cn-beijing")
		if err != nil {
			t.Errorf("Resolve(%s): %v", tt.product, err)
			continue
		}
		if ep.Scheme != tt.wantScheme || ep.Host != tt.wantHost || ep.Source != tt.wantSource {
			t.Errorf("Resolve(%s) = {%s %s %s}, want {%s %s %s}", tt.product, ep.Scheme, ep.Host, ep.Source, tt.wantScheme, tt.wantHost, tt.wantSource)
		}
	}

	// A regional product with the override does not need a region.
	if ep, err := eps.Resolve(ProductSLB, ""); err != nil || ep.Host != "127.0.0.1:18080" {
		t.Errorf("Resolve(slb, \"\") with override = %+v, %v; want the override", ep, err)
	}

	// Without an override, products without an entry fall back on the default.
	eps, err = NewEndpoints(map[Product]string{ProductAlidns: "http://127.0.0.1:1"}, "")
	if err != nil {
		t.Fatalf("NewEndpoints: %v", err)
	}
	if ep, _ := eps.Resolve(ProductDomain, ""); ep.Host != "domain.aliyuncs.com" || ep.Scheme != "HTTPS" || ep.Source != "default" {
		t.Errorf("Resolve(domain) without override = %+v, want the HTTPS default", ep)
	}
	if ep, _ := eps.Resolve(ProductAlidns, ""); ep.Scheme != "HTTP" || ep.URL() != "http://127.0.0.1:1" {
		t.Errorf("Resolve(alidns) = %+v (URL %s), want the explicit http:// entry", ep, ep.URL())
	}

	// The override alone: a bare host means HTTPS.
	eps, err = NewEndpoints(nil, "emulator.example.com:8443")
	if err != nil {
		t.Fatalf("NewEndpoints: %v", err)
	}
	if ep, _ := eps.Resolve(ProductBeian, ""); ep.Scheme != "HTTPS" || ep.Host != "emulator.example.com:8443" {
		t.Errorf("Resolve(beian) with a bare-host override = %+v, want HTTPS emulator.example.com:8443", ep)
	}
}

func TestNewEndpointsErrorsNameTheSetting(t *testing.T) {
	tests := []struct {
		name       string
		perProduct map[Product]string
		override   string
		wantInMsg  []string
	}{
		{"ftp per product", map[Product]string{ProductAlidns: "ftp://alidns.aliyuncs.com"}, "", []string{"endpoints.alidns", "ftp"}},
		{"path per product", map[Product]string{ProductECS: "https://ecs.aliyuncs.com/api"}, "", []string{"endpoints.ecs", "path"}},
		{"user info per product", map[Product]string{ProductSTS: "https://user@sts.aliyuncs.com"}, "", []string{"endpoints.sts", "credentials"}},
		{"empty host per product", map[Product]string{ProductDomain: "https://"}, "", []string{"endpoints.domain", "no host"}},
		{"ftp override", nil, "ftp://127.0.0.1", []string{"BEIAN_ENDPOINT_OVERRIDE", "ftp"}},
		{"path override", nil, "http://127.0.0.1:18080/emulator", []string{"BEIAN_ENDPOINT_OVERRIDE", "path"}},
		{"empty host override", nil, "http://", []string{"BEIAN_ENDPOINT_OVERRIDE", "no host"}},
		{"unknown product", map[Product]string{"dns": "https://dns.example.com"}, "", []string{"unknown product", `"dns"`}},
		// A valid per-product entry does not excuse an invalid override.
		{"valid entry, bad override", map[Product]string{ProductAlidns: "https://alidns.aliyuncs.com"}, "ftp://x", []string{"BEIAN_ENDPOINT_OVERRIDE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eps, err := NewEndpoints(tt.perProduct, tt.override)
			if err == nil {
				t.Fatalf("NewEndpoints succeeded (%+v), want an error", eps)
			}
			for _, frag := range tt.wantInMsg {
				if !strings.Contains(err.Error(), frag) {
					t.Errorf("error %q does not contain %q", err, frag)
				}
			}
		})
	}
}

// An endpoint URL with user info is rejected because it carries credentials; the
// rejection must not then print those credentials back in the diagnostic.
func TestNewEndpointsUserInfoErrorDoesNotEchoPassword(t *testing.T) {
	const password = "PW-do-not-print-7f3a"
	for _, tc := range []struct {
		perProduct map[Product]string
		override   string
	}{
		{map[Product]string{ProductAlidns: "https://admin:" + password + "@alidns.aliyuncs.com"}, ""},
		{nil, "http://admin:" + password + "@127.0.0.1:18080"},
	} {
		_, err := NewEndpoints(tc.perProduct, tc.override)
		if err == nil {
			t.Fatal("NewEndpoints accepted a URL with user info")
		}
		if strings.Contains(err.Error(), password) {
			t.Errorf("error %q contains the password from the URL", err)
		}
	}
}

func TestClientEndpointUsesProviderRegion(t *testing.T) {
	c, err := NewClient(Config{
		Credentials: Credentials{AccessKeyID: "LTAIclientendpoint", AccessKeySecret: "s"},
		Region:      "cn-qingdao",
	})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	ep, err := c.Endpoint(ProductVPC, "")
	if err != nil || ep.Host != "vpc.cn-qingdao.aliyuncs.com" || ep.Scheme != "HTTPS" {
		t.Errorf("Endpoint(vpc, \"\") = %+v, %v; want HTTPS vpc.cn-qingdao.aliyuncs.com", ep, err)
	}
	ep, err = c.Endpoint(ProductVPC, "cn-zhangjiakou")
	if err != nil || ep.Host != "vpc.cn-zhangjiakou.aliyuncs.com" {
		t.Errorf("Endpoint(vpc, cn-zhangjiakou) = %+v, %v; want vpc.cn-zhangjiakou.aliyuncs.com", ep, err)
	}

	// Without a region the client defaults to cn-hangzhou.
	c, err = NewClient(Config{Credentials: Credentials{AccessKeyID: "LTAIclientendpoint", AccessKeySecret: "s"}})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	if ep, _ := c.Endpoint(ProductECS, ""); ep.Host != "ecs.cn-hangzhou.aliyuncs.com" {
		t.Errorf("Endpoint(ecs) with no region configured = %q, want ecs.cn-hangzhou.aliyuncs.com", ep.Host)
	}
}
