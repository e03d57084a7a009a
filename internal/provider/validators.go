package provider

// Every attribute validator of the provider's own. Each refuses a value with an error
// that names the attribute, quotes the value and says how to write it; unknown and
// null values are left to the framework.

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/beian-dev/terraform-provider-beian/internal/compliance"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// skipValidation: a validator checks known values only.
func skipValidation(req validator.StringRequest) bool {
	return req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown()
}

// domainNameValidator accepts a DNS zone or host name (IDN allowed).
type domainNameValidator struct{}

func (domainNameValidator) Description(context.Context) string {
	return "must be a domain name such as example.com (IDN allowed)"
}
func (v domainNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (domainNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if skipValidation(req) {
		return
	}
	if _, err := icp.NormalizeDomain(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid domain name",
			fmt.Sprintf("%s = %q is not a valid domain name: %v. Write it like example.com or 例子.中国, without a scheme or path.", req.Path, req.ConfigValue.ValueString(), err))
	}
}

// rrValidator accepts a host record (@, www, *, _acme-challenge …).
type rrValidator struct{}

func (rrValidator) Description(context.Context) string {
	return `must be a host record such as "@", "www" or "*"`
}
func (v rrValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (rrValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if skipValidation(req) {
		return
	}
	if msg := dnsrecord.ValidateRR(req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid host record (主机记录)", fmt.Sprintf("rr: %s.", msg))
	}
}

// durationValidator accepts a positive Go duration ("10s", "1m30s", "500ms") of at
// least min, when min is set, and at most max. maxReason, when set, says why there is
// a maximum.
type durationValidator struct {
	min, max  time.Duration
	maxReason string
}

func (v durationValidator) Description(context.Context) string {
	if v.min > 0 {
		return fmt.Sprintf("must be a duration such as \"10s\", from %s to %s", v.min, v.max)
	}
	return fmt.Sprintf("must be a positive duration such as \"10s\", at most %s", v.max)
}
func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if skipValidation(req) {
		return
	}
	if _, problem := v.parse(req.Path.String(), req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), problem)
	}
}

// rirCacheMaxAge validates rir_cache_max_age.
var rirCacheMaxAge = durationValidator{max: 365 * 24 * time.Hour, maxReason: "address blocks are reallocated, and data a year old misplaces them"}

// parse reads the value s of attribute attr. problem is "" when s is accepted, else
// the sentence saying why not and how to write it.
func (v durationValidator) parse(attr, s string) (d time.Duration, problem string) {
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		problem = "is not a duration: write it with a unit, like \"10s\", \"1m30s\" or \"500ms\""
		if _, nerr := strconv.ParseFloat(s, 64); nerr == nil {
			problem += fmt.Sprintf(" (a bare number is not accepted: write %q for seconds or %q for milliseconds)", s+"s", s+"ms")
		}
	case v.min > 0 && d < v.min:
		problem = fmt.Sprintf("is shorter than the minimum of %s", v.min)
	case d <= 0:
		problem = "must be positive"
	case d > v.max:
		problem = fmt.Sprintf("is longer than the maximum of %s", v.max)
		if v.maxReason != "" {
			problem += ": " + v.maxReason
		}
	default:
		return d, ""
	}
	return 0, fmt.Sprintf("%s = %q %s.", attr, s, problem)
}

// chinaDateValidator accepts a YYYY-MM-DD date.
type chinaDateValidator struct{}

func (chinaDateValidator) Description(context.Context) string {
	return "must be a date written as YYYY-MM-DD"
}
func (v chinaDateValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (chinaDateValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if skipValidation(req) {
		return
	}
	if _, err := parseChinaDate(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), chinaDateProblem(req.Path.String(), req.ConfigValue.ValueString()))
	}
}

// chinaDateProblem says why a YYYY-MM-DD attribute value is refused.
func chinaDateProblem(attr, value string) string {
	return fmt.Sprintf("%s = %q is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01.", attr, value)
}

// ipAddressValidator accepts an IPv4 or IPv6 address.
type ipAddressValidator struct{}

func (ipAddressValidator) Description(context.Context) string {
	return "must be an IPv4 or IPv6 address"
}
func (v ipAddressValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (ipAddressValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if skipValidation(req) {
		return
	}
	if _, err := netip.ParseAddr(strings.TrimSpace(req.ConfigValue.ValueString())); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s = %q is not an IP address; write it like 47.96.10.20 or 2400:3200::1.", req.Path, req.ConfigValue.ValueString()))
	}
}

// pageURLValidator accepts the URL of a web page to fetch: absolute, http or https,
// with a host.
type pageURLValidator struct{}

func (pageURLValidator) Description(context.Context) string {
	return "must be an absolute http:// or https:// URL"
}
func (v pageURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (pageURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if skipValidation(req) {
		return
	}
	if _, err := compliance.ValidateURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("%s = %q is not a page URL the check can fetch: %v. Write it like https://www.example.com/.", req.Path, req.ConfigValue.ValueString(), err))
	}
}

// filingNumberValidator accepts a number of the given kind: an ICP number a website's
// footer may show (parseWebsiteICPNumber) or a public security filing number.
type filingNumberValidator struct{ kind icp.NumberKind }

func (v filingNumberValidator) Description(context.Context) string {
	return "must be a valid " + string(v.kind)
}
func (v filingNumberValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (v filingNumberValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if skipValidation(req) {
		return
	}
	var err error
	switch v.kind {
	case icp.KindPublicSecurity:
		_, err = icp.ParsePublicSecurityNumber(req.ConfigValue.ValueString())
	default:
		_, err = parseWebsiteICPNumber(req.ConfigValue.ValueString())
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+string(v.kind),
			fmt.Sprintf("%s is not a valid %s: %v", req.Path, v.kind, err))
	}
}

// parseWebsiteICPNumber parses the ICP number a website's footer must show:
// an entity or website record number, not an app's.
func parseWebsiteICPNumber(s string) (icp.FilingNumber, error) {
	n, err := icp.ParseFilingNumber(s)
	if err == nil && !n.Kind.IsWebsiteFooterNumber() {
		err = fmt.Errorf("%q is the record number of %s, not of a website: a website's footer shows its own website record "+
			"number (网站备案号, %s-<N>) or the entity number %s", s, n.Kind.Describe(), n.EntityNumber(), n.EntityNumber())
	}
	return n, err
}
