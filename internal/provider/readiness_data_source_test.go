package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// fixedNowProviderFactories serves a provider whose clock is stopped at now, so that
// dates seeded relative to now give the same day counts whatever the wall clock says.
func fixedNowProviderFactories(now time.Time) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"beian": providerserver.NewProtocol6WithError(&beianProvider{version: "test", getenv: os.Getenv, home: os.UserHomeDir,
			now: func() time.Time { return now }}),
	}
}

func TestAccReadinessDataSource(t *testing.T) {
	srv := guardEmulator(t)
	// Five minutes before midnight in China: a day count taken from the wall clock, or in
	// 24-hour blocks, would be off by one here.
	today := time.Date(2026, 11, 20, 23, 55, 0, 0, aliyun.ChinaTime)
	for _, d := range []emulator.DomainSeed{
		{Domain: "ready.cn", RealNameStatus: "SUCCEED", RegistrationDate: today.AddDate(0, -2, 0).Format("2006-01-02"), ExpirationDate: today.AddDate(3, 0, 0).Format("2006-01-02")},
		{Domain: "fresh.cn", RealNameStatus: "AUDITING", RegistrationDate: today.Format("2006-01-02"), ExpirationDate: today.AddDate(1, 0, 0).Format("2006-01-02")},
	} {
		if err := srv.Control.AddDomain(d); err != nil {
			t.Fatal(err)
		}
	}
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "<html><body>hello</body></html>")
	}))
	defer home.Close()
	goLive := today.AddDate(0, 0, -25).Format("2006-01-02")
	cfg := guardProvider(srv) + fmt.Sprintf(`
data "beian_readiness" "ready" {
  domain                  = "www.ready.cn"
  server_ip               = %q
  homepage_url            = %q
  allow_private_addresses = true
  go_live_date            = %q
  commercial              = true
  icp_license             = "浙B2-20080101"
}
data "beian_readiness" "not_ready" {
  domain       = "fresh.cn"
  server_ip    = %q
  homepage_url = "%s/missing"
  allow_private_addresses = true
}
data "beian_readiness" "stranger" {
  domain     = "not-mine.cn"
  commercial = true
}
`, mainlandIP, home.URL, goLive, hongkongIP, home.URL)
	check := func(name, key, value string) resource.TestCheckFunc {
		return resource.TestCheckResourceAttr("data.beian_readiness."+name, key, value)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: fixedNowProviderFactories(today),
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				check("ready", "registrable_domain", "ready.cn"),
				check("ready", "ready_to_file", "true"),
				check("ready", "filing_approved", "false"),
				check("ready", "checks.0.name", "domain_owned"), check("ready", "checks.0.status", "pass"),
				check("ready", "checks.1.name", "real_name_verified"), check("ready", "checks.1.status", "pass"),
				check("ready", "checks.2.name", "waiting_period_elapsed"), check("ready", "checks.2.status", "pass"),
				check("ready", "checks.3.name", "server_in_mainland"), check("ready", "checks.3.status", "pass"),
				resource.TestMatchResourceAttr("data.beian_readiness.ready", "checks.3.evidence", regexp.MustCompile(`ECS instance i-bp1guardtest000001 in cn-hangzhou`)),
				check("ready", "checks.4.name", "homepage_reachable"), check("ready", "checks.4.status", "pass"),
				check("ready", "checks.5.name", "icp_filing"), check("ready", "checks.5.status", "fail"),
				check("ready", "checks.6.name", "public_security_filing"), check("ready", "checks.6.status", "fail"),
				resource.TestMatchResourceAttr("data.beian_readiness.ready", "checks.6.evidence", regexp.MustCompile(`due by .*in 5 days`)),
				check("ready", "public_security_deadline", today.AddDate(0, 0, 5).Format("2006-01-02")),
				check("ready", "checks.7.name", "commercial_license"), check("ready", "checks.7.status", "pass"),
				check("ready", "blocking.#", "2"),

				check("not_ready", "ready_to_file", "false"),
				check("not_ready", "checks.1.status", "fail"),
				resource.TestMatchResourceAttr("data.beian_readiness.not_ready", "checks.1.evidence", regexp.MustCompile(`AUDITING`)),
				check("not_ready", "checks.2.status", "unknown"),
				check("not_ready", "checks.3.status", "fail"),
				resource.TestMatchResourceAttr("data.beian_readiness.not_ready", "checks.3.evidence", regexp.MustCompile(`cn-hongkong.*needs no ICP filing`)),
				check("not_ready", "checks.4.status", "fail"),
				resource.TestMatchResourceAttr("data.beian_readiness.not_ready", "checks.4.evidence", regexp.MustCompile(`404`)),

				check("stranger", "checks.0.status", "fail"),
				resource.TestMatchResourceAttr("data.beian_readiness.stranger", "checks.0.evidence", regexp.MustCompile(`not in this Alibaba Cloud account`)),
				check("stranger", "checks.3.status", "unknown"),
				resource.TestMatchResourceAttr("data.beian_readiness.stranger", "checks.7.evidence", regexp.MustCompile(`set icp_license`)),
			),
		}, {
			Config: guardProvider(srv) + `
data "beian_readiness" "bad" {
  domain       = "ready.cn"
  go_live_date = "1 Dec 2026"
}`,
			ExpectError: cliErrorPattern(`go_live_date = "1 Dec 2026" is not a date`),
		}, {
			// Refused by the attribute validators, before anything is read.
			Config: guardProvider(srv) + `
data "beian_readiness" "bad" {
  domain       = "ready.cn"
  server_ip    = "47.96.10"
}`,
			ExpectError: cliErrorPattern(`server_ip = "47.96.10" is not an IP address`),
		}, {
			Config: guardProvider(srv) + `
data "beian_readiness" "bad" {
  domain       = "ready.cn"
  homepage_url = "47.96.10.20/index.html"
}`,
			ExpectError: cliErrorPattern(`homepage_url = "47.96.10.20/index.html" is not a page URL the check can fetch`),
		}, {
			// Last: a valid configuration, for the post-test destroy.
			Config: guardProvider(srv) + `
data "beian_readiness" "bad" {
  domain       = "ready.cn"
  homepage_url = "http://127.0.0.1:1/"
}`,
			Check: resource.ComposeAggregateTestCheckFunc(
				check("bad", "checks.4.status", "fail"),
				resource.TestMatchResourceAttr("data.beian_readiness.bad", "checks.4.evidence", regexp.MustCompile(`(?i)private|loopback`)),
			),
		}},
	})
}

// server_ip, go_live_date and homepage_url are checked by attribute validators, so a
// mistake is reported at validate time, before the domain is read.
func TestReadinessAttributeValidators(t *testing.T) {
	ctx := context.Background()
	var sr datasource.SchemaResponse
	NewReadinessDataSource().Schema(ctx, datasource.SchemaRequest{}, &sr)
	for attr, c := range map[string]struct{ good, bad string }{
		"server_ip":    {"2400:3200::1", "47.96.10"},
		"go_live_date": {"2026-12-01", "2026-13-01"},
		"homepage_url": {"http://47.96.10.20/", "ftp://47.96.10.20/"},
	} {
		vs := sr.Schema.Attributes[attr].(interface{ StringValidators() []validator.String }).StringValidators()
		if len(vs) == 0 {
			t.Errorf("%s has no validator", attr)
			continue
		}
		for v, wantErr := range map[string]bool{c.good: false, c.bad: true} {
			var resp validator.StringResponse
			for _, val := range vs {
				val.ValidateString(ctx, validator.StringRequest{Path: path.Root(attr), ConfigValue: types.StringValue(v)}, &resp)
			}
			if resp.Diagnostics.HasError() != wantErr {
				t.Errorf("%s = %q: errors %v, want error %v", attr, v, resp.Diagnostics, wantErr)
			}
		}
	}
}
