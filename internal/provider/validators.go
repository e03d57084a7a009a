package provider

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// domainNameValidator accepts a DNS zone or host name (IDN allowed).
type domainNameValidator struct{}

func (domainNameValidator) Description(context.Context) string {
	return "must be a domain name such as example.com (IDN allowed)"
}
func (v domainNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (domainNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
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
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := dnsrecord.ValidateRR(req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid host record (主机记录)", fmt.Sprintf("rr: %s.", msg))
	}
}

// durationValidator accepts a Go duration ("10s", "1m30s", "500ms") between min and max.
type durationValidator struct{ min, max time.Duration }

func (v durationValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a duration such as \"10s\", from %s to %s", v.min, v.max)
}
func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	d, err := time.ParseDuration(s)
	var problem string
	switch {
	case err != nil:
		problem = "is not a duration: write it with a unit, like \"10s\", \"1m30s\" or \"500ms\""
		if _, nerr := strconv.ParseFloat(s, 64); nerr == nil {
			problem += " (a bare number is not accepted: the alicloud provider's milliseconds would be read wrongly)"
		}
	case d < v.min:
		problem = fmt.Sprintf("is shorter than the minimum of %s", v.min)
	case d > v.max:
		problem = fmt.Sprintf("is longer than the maximum of %s", v.max)
	default:
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s = %q %s.", req.Path, s, problem))
}
