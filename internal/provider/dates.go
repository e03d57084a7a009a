package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// dateLayout is how the provider writes and reads dates: YYYY-MM-DD, China time.
const dateLayout = "2006-01-02"

// chinaDate writes t's date in China time (UTC+8), the zone of the Domain and ICP APIs.
// A zero time (a date the API did not give) is "unknown", never 0001-01-01.
func chinaDate(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.In(icp.ChinaTime).Format(dateLayout)
}

// parseChinaDate reads a YYYY-MM-DD date as midnight China time.
func parseChinaDate(s string) (time.Time, error) {
	return time.ParseInLocation(dateLayout, strings.TrimSpace(s), icp.ChinaTime)
}

// calendarDaysUntil is icp.CalendarDaysUntil, under the name guard.go calls it by.
var calendarDaysUntil = icp.CalendarDaysUntil

// plural picks the singular or the plural word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// chinaDateProblem says why a YYYY-MM-DD attribute value is refused.
func chinaDateProblem(attr, value string) string {
	return fmt.Sprintf("%s = %q is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01.", attr, value)
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
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseChinaDate(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), chinaDateProblem(req.Path.String(), req.ConfigValue.ValueString()))
	}
}
