package guardconfig

import (
	"testing"
	"time"
)

// The shared duration settings: the client timeouts take the alicloud provider's bare
// milliseconds, rir_cache_max_age does not; every refusal names the setting and value.
func TestDurationRules(t *testing.T) {
	for _, c := range []struct {
		rule    DurationRule
		setting string
		in      string
		want    time.Duration
		problem string
	}{
		{ClientConnectTimeout, "client_connect_timeout", "5s", 5 * time.Second, ""},
		{ClientConnectTimeout, "client_connect_timeout", "60000", time.Minute, ""},
		{ClientConnectTimeout, "client_connect_timeout", "50", 0, `client_connect_timeout = "50" is shorter than the minimum of 100ms.`},
		{ClientReadTimeout, "client_read_timeout", "30m", 30 * time.Minute, ""},
		{ClientReadTimeout, "client_read_timeout", "31m", 0, `client_read_timeout = "31m" is longer than the maximum of 30m0s.`},
		{RIRCacheMaxAge, "rir_cache_max_age", "168h", 168 * time.Hour, ""},
		{RIRCacheMaxAge, "rir_cache_max_age", "24", 0, `rir_cache_max_age = "24" is not a duration: write it with a unit, like "10s", "1m30s" or "500ms" (a bare number is not accepted: write "24s" for seconds or "24ms" for milliseconds).`},
		{RIRCacheMaxAge, "rir_cache_max_age", "0s", 0, `rir_cache_max_age = "0s" must be positive.`},
	} {
		d, problem := c.rule.Parse(c.setting, c.in)
		if d != c.want || problem != c.problem {
			t.Errorf("%s = %q: got %v, %q; want %v, %q", c.setting, c.in, d, problem, c.want, c.problem)
		}
	}
}

func TestDurationRuleDescribe(t *testing.T) {
	if d := ClientReadTimeout.Describe(); d != `must be a duration such as "10s", from 100ms to 30m0s` {
		t.Errorf("Describe = %q", d)
	}
	if d := RIRCacheMaxAge.Describe(); d != `must be a positive duration such as "10s", at most 8760h0m0s` {
		t.Errorf("Describe = %q", d)
	}
}
