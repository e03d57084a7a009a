package provider

import (
	"strings"
	"time"

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

// plural picks the singular or the plural word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
