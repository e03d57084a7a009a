package guardconfig

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DurationRule is what a duration setting accepts: a positive Go duration ("10s",
// "1m30s", "500ms") from Min (when set) to Max, and with BareMillis a bare whole number of
// milliseconds (the unit of the alicloud provider's client timeouts). Parse is the one
// place every duration setting is read, by the provider's validators and Configure,
// beian_site_compliance and beian-guard alike.
type DurationRule struct {
	Min, Max time.Duration
	// MaxReason, when set, says why there is a maximum.
	MaxReason  string
	BareMillis bool
}

// The duration settings shared by the provider and beian-guard.
var (
	ClientConnectTimeout = DurationRule{Min: 100 * time.Millisecond, Max: 5 * time.Minute, BareMillis: true}
	ClientReadTimeout    = DurationRule{Min: 100 * time.Millisecond, Max: 30 * time.Minute, BareMillis: true}
	RIRCacheMaxAge       = DurationRule{Max: MaxRIRCacheAge, MaxReason: "address blocks are reallocated, and data a year old misplaces them"}
)

// Describe says what the rule accepts, for a schema's validator description.
func (r DurationRule) Describe() string {
	if r.Min > 0 {
		return fmt.Sprintf("must be a duration such as \"10s\", from %s to %s", r.Min, r.Max)
	}
	return fmt.Sprintf("must be a positive duration such as \"10s\", at most %s", r.Max)
}

// Parse reads the value s of setting. problem is "" when s is accepted, else the sentence
// naming the setting and the value, saying why not and how to write it.
func (r DurationRule) Parse(setting, s string) (d time.Duration, problem string) {
	d, err := time.ParseDuration(s)
	if ms, merr := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err != nil && r.BareMillis && merr == nil {
		d, err = time.Duration(ms)*time.Millisecond, nil
	}
	switch {
	case err != nil:
		problem = "is not a duration: write it with a unit, like \"10s\", \"1m30s\" or \"500ms\""
		if _, nerr := strconv.ParseFloat(s, 64); nerr == nil {
			bare := "a bare number is not accepted"
			if r.BareMillis {
				bare = "a bare number must be a whole number of milliseconds"
			}
			problem += fmt.Sprintf(" (%s: write %q for seconds or %q for milliseconds)", bare, s+"s", s+"ms")
		}
	case r.Min > 0 && d < r.Min:
		problem = fmt.Sprintf("is shorter than the minimum of %s", r.Min)
	case d <= 0:
		problem = "must be positive"
	case d > r.Max:
		problem = fmt.Sprintf("is longer than the maximum of %s", r.Max)
		if r.MaxReason != "" {
			problem += ": " + r.MaxReason
		}
	default:
		return d, ""
	}
	return 0, fmt.Sprintf("%s = %q %s.", setting, s, problem)
}
