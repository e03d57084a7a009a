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

// stringRule is a validator of a string attribute: check says why a known value is
// refused (the diagnostic's summary and detail), or returns "" to accept it.
type stringRule struct {
	desc  string
	check func(attr, value string) (summary, detail string)
}

func (r stringRule) Description(context.Context) string         { return r.desc }
func (r stringRule) MarkdownDescription(context.Context) string { return r.desc }
func (r stringRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if skipValidation(req) {
		return
	}
	if summary, detail := r.check(req.Path.String(), req.ConfigValue.ValueString()); summary != "" {
		resp.Diagnostics.AddAttributeError(req.Path, summary, detail)
	}
}

// validDomainName accepts a DNS zone or host name (IDN allowed).
var validDomainName = stringRule{"must be a domain name such as example.com (IDN allowed)", func(attr, v string) (string, string) {
	if _, err := icp.NormalizeDomain(v); err != nil {
		return "Invalid domain name", fmt.Sprintf("%s = %q is not a valid domain name: %v. Write it like example.com or 例子.中国, without a scheme or path.", attr, v, err)
	}
	return "", ""
}}

// validRR accepts a host record (@, www, *, _acme-challenge …).
var validRR = stringRule{`must be a host record such as "@", "www" or "*"`, func(_, v string) (string, string) {
	if msg := dnsrecord.ValidateRR(v); msg != "" {
		return "Invalid host record (主机记录)", fmt.Sprintf("rr: %s.", msg)
	}
	return "", ""
}}

// durationValidator accepts a positive Go duration ("10s", "1m30s", "500ms") of at
// least min, when min is set, and at most max. maxReason, when set, says why there is
// a maximum.
type durationValidator struct {
	min, max  time.Duration
	maxReason string
	// bareMillis accepts a bare whole number as milliseconds (the unit of the alicloud
	// provider's client timeouts).
	bareMillis bool
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
	if ms, merr := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err != nil && v.bareMillis && merr == nil {
		d, err = time.Duration(ms)*time.Millisecond, nil
	}
	switch {
	case err != nil:
		problem = "is not a duration: write it with a unit, like \"10s\", \"1m30s\" or \"500ms\""
		if _, nerr := strconv.ParseFloat(s, 64); nerr == nil {
			bare := "a bare number is not accepted"
			if v.bareMillis {
				bare = "a bare number must be a whole number of milliseconds"
			}
			problem += fmt.Sprintf(" (%s: write %q for seconds or %q for milliseconds)", bare, s+"s", s+"ms")
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

// validChinaDate accepts a YYYY-MM-DD date.
var validChinaDate = stringRule{"must be a date written as YYYY-MM-DD", func(attr, v string) (string, string) {
	if _, err := parseChinaDate(v); err != nil {
		return "Invalid " + attr, chinaDateProblem(attr, v)
	}
	return "", ""
}}

// chinaDateProblem says why a YYYY-MM-DD attribute value is refused.
func chinaDateProblem(attr, value string) string {
	return fmt.Sprintf("%s = %q is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01.", attr, value)
}

// validIPAddress accepts an IPv4 or IPv6 address.
var validIPAddress = stringRule{"must be an IPv4 or IPv6 address", func(attr, v string) (string, string) {
	if _, err := netip.ParseAddr(strings.TrimSpace(v)); err != nil {
		return "Invalid " + attr, fmt.Sprintf("%s = %q is not an IP address; write it like 47.96.10.20 or 2400:3200::1.", attr, v)
	}
	return "", ""
}}

// validPageURL accepts the URL of a web page to fetch: absolute, http or https, with a
// host.
var validPageURL = stringRule{"must be an absolute http:// or https:// URL", func(attr, v string) (string, string) {
	if _, err := compliance.ValidateURL(v); err != nil {
		return "Invalid URL", fmt.Sprintf("%s = %q is not a page URL the check can fetch: %v. Write it like https://www.example.com/.", attr, v, err)
	}
	return "", ""
}}

// validNumber accepts a number of the given kind: an ICP number a website's footer may
// show (parseWebsiteICPNumber) or a public security filing number.
func validNumber(kind icp.NumberKind) stringRule {
	parse := func(s string) error { _, err := parseWebsiteICPNumber(s); return err }
	if kind == icp.KindPublicSecurity {
		parse = func(s string) error { _, err := icp.ParsePublicSecurityNumber(s); return err }
	}
	return stringRule{"must be a valid " + string(kind), func(attr, v string) (string, string) {
		if err := parse(v); err != nil {
			return "Invalid " + string(kind), fmt.Sprintf("%s is not a valid %s: %v", attr, kind, err)
		}
		return "", ""
	}}
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
