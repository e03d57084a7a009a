package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// validate runs v on value as attribute attr and returns the error's detail, "" when
// the value is accepted.
func validate(t *testing.T, v validator.String, attr, value string) string {
	t.Helper()
	var resp validator.StringResponse
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root(attr), ConfigValue: types.StringValue(value)}, &resp)
	if !resp.Diagnostics.HasError() {
		return ""
	}
	d := resp.Diagnostics.Errors()[0]
	if !strings.HasPrefix(d.Summary(), "Invalid ") {
		t.Errorf("%s = %q: summary %q does not say what is invalid", attr, value, d.Summary())
	}
	return d.Detail()
}

// The uses of durationValidator: the client timeouts (a minimum, a bare number named
// as such), the compliance check's timeout and rir_cache_max_age (positive, a maximum
// with its reason). Every refusal names the attribute and the value and says how to write it.
func TestDurationValidator(t *testing.T) {
	client := durationValidator{min: 100 * time.Millisecond, max: 5 * time.Minute}
	for _, c := range []struct {
		v     durationValidator
		attr  string
		value string
		want  string // "" = accepted
	}{
		{client, "client_connect_timeout", "5s", ""},
		{client, "client_connect_timeout", "100ms", ""},
		{client, "client_connect_timeout", "5m", ""},
		{client, "client_connect_timeout", "99ms", `client_connect_timeout = "99ms" is shorter than the minimum of 100ms.`},
		{client, "client_connect_timeout", "0s", `client_connect_timeout = "0s" is shorter than the minimum of 100ms.`},
		{client, "client_connect_timeout", "6m", `client_connect_timeout = "6m" is longer than the maximum of 5m0s.`},
		{client, "client_connect_timeout", "5000", `client_connect_timeout = "5000" is not a duration: write it with a unit, like "10s", "1m30s" or "500ms" (a bare number is not accepted: write "5000s" for seconds or "5000ms" for milliseconds).`},
		// The provider's timeouts take the alicloud provider's bare milliseconds too.
		{connectTimeout, "client_connect_timeout", "60000", ""},
		{connectTimeout, "client_connect_timeout", "5s", ""},
		{connectTimeout, "client_connect_timeout", "600000", `client_connect_timeout = "600000" is longer than the maximum of 5m0s.`},
		{connectTimeout, "client_connect_timeout", "50", `client_connect_timeout = "50" is shorter than the minimum of 100ms.`},
		{readTimeout, "client_read_timeout", "60000", ""},
		{readTimeout, "client_read_timeout", "1.5", `client_read_timeout = "1.5" is not a duration: write it with a unit, like "10s", "1m30s" or "500ms" (a bare number must be a whole number of milliseconds: write "1.5s" for seconds or "1.5ms" for milliseconds).`},
		{complianceTimeout, "timeout", "30s", ""},
		{complianceTimeout, "timeout", "1ns", ""},
		{complianceTimeout, "timeout", "0s", `timeout = "0s" must be positive.`},
		{complianceTimeout, "timeout", "-1s", `timeout = "-1s" must be positive.`},
		{complianceTimeout, "timeout", "6m", `timeout = "6m" is longer than the maximum of 5m0s: a check runs in every plan.`},
		{complianceTimeout, "timeout", "ten seconds", `timeout = "ten seconds" is not a duration: write it with a unit, like "10s", "1m30s" or "500ms".`},
		{rirCacheMaxAge, "rir_cache_max_age", "168h", ""},
		{rirCacheMaxAge, "rir_cache_max_age", "24", `rir_cache_max_age = "24" is not a duration: write it with a unit, like "10s", "1m30s" or "500ms" (a bare number is not accepted: write "24s" for seconds or "24ms" for milliseconds).`},
		{rirCacheMaxAge, "rir_cache_max_age", "9000h", `rir_cache_max_age = "9000h" is longer than the maximum of 8760h0m0s: address blocks are reallocated, and data a year old misplaces them.`},
	} {
		if got := validate(t, c.v, c.attr, c.value); got != c.want {
			t.Errorf("%s = %q:\n got %q\nwant %q", c.attr, c.value, got, c.want)
		}
		// Read checks the value again with the same words.
		if d, problem := c.v.parse(c.attr, c.value); problem != c.want || (problem == "" && d <= 0) {
			t.Errorf("parse(%q) = %v, %q; want the validator's verdict %q", c.value, d, problem, c.want)
		}
	}
}

func TestFilingNumberAndPageURLValidators(t *testing.T) {
	for _, c := range []struct {
		v     validator.String
		value string
		want  string // a fragment of the refusal; "" = accepted
	}{
		{validNumber(icp.KindFilingNumber), "京ICP备10046444号-1", ""},
		{validNumber(icp.KindFilingNumber), "陕ICP备2024026116号-1A", "not of a website"},
		{validNumber(icp.KindFilingNumber), "ICP 12345", "is not a valid"},
		{validNumber(icp.KindPublicSecurity), "京公网安备11010502030143号", ""},
		{validNumber(icp.KindPublicSecurity), "京ICP备10046444号", "is not a valid public security filing number"},
		{validPageURL, "https://www.example.com/", ""},
		{validPageURL, "www.example.com", "Write it like https://www.example.com/"},
	} {
		got := validate(t, c.v, "attr", c.value)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%T %q: got %q, want %q", c.v, c.value, got, c.want)
		}
	}
}

// Null and unknown values are the framework's business: no validator refuses them.
func TestValidatorsSkipNullAndUnknown(t *testing.T) {
	for _, v := range []validator.String{validDomainName, validRR, complianceTimeout, validChinaDate,
		validIPAddress, validPageURL, validNumber(icp.KindFilingNumber)} {
		for _, val := range []types.String{types.StringNull(), types.StringUnknown()} {
			var resp validator.StringResponse
			v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("a"), ConfigValue: val}, &resp)
			if resp.Diagnostics.HasError() {
				t.Errorf("%T refused %v: %v", v, val, resp.Diagnostics)
			}
		}
	}
}
