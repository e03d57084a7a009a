// Package aliyun is the provider's one door to Alibaba Cloud: credentials, endpoint
// resolution, HTTPS, timeouts, retry with backoff, client-side rate limiting, paging,
// per-run caches and error classes all live here, so resources never loop on errors or
// compare error strings. Nothing above this package imports the Alibaba Cloud SDK.
package aliyun

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Product names one Alibaba Cloud API product the provider talks to. The value is the
// attribute name used in the provider's `endpoints` block.
type Product string

// The products the provider uses.
const (
	ProductDomain     Product = "domain"
	ProductAlidns     Product = "alidns"
	ProductCompanyreg Product = "companyreg"
	ProductBeian      Product = "beian"
	ProductECS        Product = "ecs"
	ProductVPC        Product = "vpc"
	ProductSLB        Product = "slb"
	ProductBSS        Product = "bssopenapi"
	ProductSTS        Product = "sts"
	// ProductResourceCenter, ProductAntiDDoS and ProductSWAS find the account's addresses
	// and Simple Application Servers (lookup.go).
	ProductResourceCenter Product = "resourcecenter"
	ProductAntiDDoS       Product = "antiddos_public"
	ProductSWAS           Product = "swas_open"
)

// ProductInfo is one row of the product table: everything the provider knows about a
// product in one place — its endpoints attribute, what it is for, and its public host.
type ProductInfo struct {
	Product Product
	// Title says what the product is for, in the endpoints attribute's description.
	Title string
	// Host is the public endpoint; "{region}" is replaced by the request's region for
	// regional products.
	Host string
}

// Products is the product table, in the order of the provider's `endpoints` block.
var Products = []ProductInfo{
	{ProductDomain, "Domain", "domain.aliyuncs.com"},
	{ProductAlidns, "Alibaba Cloud DNS", "alidns.aliyuncs.com"},
	{ProductCompanyreg, "companyreg (ICP filing status)", "companyreg.aliyuncs.com"},
	{ProductBeian, "Beian (access-provider filing status)", "beian.aliyuncs.com"},
	{ProductECS, "ECS", "ecs.{region}.aliyuncs.com"},
	{ProductVPC, "VPC (EIPs, NAT gateways)", "vpc.{region}.aliyuncs.com"},
	{ProductSLB, "SLB", "slb.{region}.aliyuncs.com"},
	{ProductBSS, "BSS OpenAPI (renewal status)", "business.aliyuncs.com"},
	{ProductSTS, "STS (assume_role)", "sts.aliyuncs.com"},
	// Central: the OpenAPI metadata of resourcecenter 2022-12-01 lists this host (and
	// resourcecenter-intl.aliyuncs.com for the international site).
	{ProductResourceCenter, "Resource Center (the account's addresses, `account_lookup_methods`)", "resourcecenter.aliyuncs.com"},
	// The host alibaba-cloud-sdk-go's antiddos-public endpoint map gives cn-hangzhou and the
	// other first regions; the service answers for the whole account's public addresses.
	{ProductAntiDDoS, "Anti-DDoS basic (`DescribeIpLocationService`, `account_lookup_methods`)", "antiddos.aliyuncs.com"},
	{ProductSWAS, "Simple Application Server (轻量应用服务器)", "swas.{region}.aliyuncs.com"},
}

func productInfo(p Product) (ProductInfo, bool) {
	for _, info := range Products {
		if info.Product == p {
			return info, true
		}
	}
	return ProductInfo{}, false
}

// Endpoint is where requests for one product go.
type Endpoint struct {
	Scheme string // "HTTPS" or "HTTP", as the SDK spells it
	Host   string // host[:port]
	Source string // "default", "endpoints.<product>" or "BEIAN_ENDPOINT_OVERRIDE"
}

// URL renders the endpoint as a URL, for diagnostics.
func (e Endpoint) URL() string { return strings.ToLower(e.Scheme) + "://" + e.Host }

// EndpointOverrideEnv is the environment variable that points every product at one base
// URL (the emulator in tests, the demo and users' CI).
const EndpointOverrideEnv = "BEIAN_ENDPOINT_OVERRIDE"

// Endpoints resolves where each product's requests go. Precedence: a product's entry in
// the provider's `endpoints` block, then BEIAN_ENDPOINT_OVERRIDE, then the public default.
// HTTPS is used unless a URL says http:// explicitly.
type Endpoints struct {
	perProduct map[Product]Endpoint
	override   *Endpoint
}

// NewEndpoints validates the configured URLs. perProduct keys must be known products;
// empty values are ignored. override may be empty.
func NewEndpoints(perProduct map[Product]string, override string) (*Endpoints, error) {
	e := &Endpoints{perProduct: map[Product]Endpoint{}}
	keys := make([]string, 0, len(perProduct))
	for p := range perProduct {
		keys = append(keys, string(p))
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := Product(k)
		raw := strings.TrimSpace(perProduct[p])
		if raw == "" {
			continue
		}
		if _, ok := productInfo(p); !ok {
			return nil, fmt.Errorf("endpoints: unknown product %q", k)
		}
		ep, err := ParseEndpointURL(raw)
		if err != nil {
			return nil, fmt.Errorf("endpoints.%s = %q: %w", k, redactURL(raw), err)
		}
		ep.Source = "endpoints." + k
		e.perProduct[p] = ep
	}
	if o := strings.TrimSpace(override); o != "" {
		ep, err := ParseEndpointURL(o)
		if err != nil {
			return nil, fmt.Errorf("%s = %q: %w", EndpointOverrideEnv, redactURL(o), err)
		}
		ep.Source = EndpointOverrideEnv
		e.override = &ep
	}
	return e, nil
}

// ParseEndpointURL accepts "https://host[:port]", "http://host[:port]" or a bare
// "host[:port]" (HTTPS). RPC APIs are served at "/", so a path is rejected.
func ParseEndpointURL(raw string) (Endpoint, error) {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return Endpoint{}, fmt.Errorf("not a URL: %w", err)
	}
	var scheme string
	switch strings.ToLower(u.Scheme) {
	case "https":
		scheme = "HTTPS"
	case "http":
		scheme = "HTTP"
	default:
		return Endpoint{}, fmt.Errorf("scheme %q is not supported; use https:// (or http:// for a local emulator)", u.Scheme)
	}
	if u.Hostname() == "" {
		return Endpoint{}, fmt.Errorf("no host; write it like https://alidns.aliyuncs.com or http://127.0.0.1:18080")
	}
	if u.User != nil {
		return Endpoint{}, fmt.Errorf("credentials in the URL are not allowed; use the provider's credential settings")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return Endpoint{}, fmt.Errorf("a path, query or fragment is not supported: Alibaba Cloud RPC APIs are served at /")
	}
	return Endpoint{Scheme: scheme, Host: u.Host}, nil
}

// Resolve returns the endpoint for product in region.
func (e *Endpoints) Resolve(p Product, region string) (Endpoint, error) {
	if e != nil {
		if ep, ok := e.perProduct[p]; ok {
			return ep, nil
		}
		if e.override != nil {
			return *e.override, nil
		}
	}
	info, ok := productInfo(p)
	host := info.Host
	if !ok {
		return Endpoint{}, fmt.Errorf("no endpoint known for product %q", p)
	}
	if strings.Contains(host, "{region}") {
		if region == "" {
			return Endpoint{}, fmt.Errorf("product %q is regional and no region was given", p)
		}
		host = strings.ReplaceAll(host, "{region}", region)
	}
	return Endpoint{Scheme: "HTTPS", Host: host, Source: "default"}, nil
}

// redactURL hides a password in a URL quoted in an error message.
func redactURL(raw string) string {
	s := raw
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	if u, err := url.Parse(s); err == nil && u.User != nil {
		return u.Redacted()
	}
	if i := strings.LastIndex(raw, "@"); i >= 0 {
		return "****" + raw[i:]
	}
	return raw
}
