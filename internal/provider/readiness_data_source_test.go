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
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

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
	cfg := guardProvider(srv) + testConfig(t, "readiness", vars{"MainlandIP": mainlandIP, "HongkongIP": hongkongIP, "HomeURL": home.URL, "GoLive": goLive})
	// check is one entry of a data source's checks: its name, status and evidence.
	check := func(name, status string, evidence ...string) knownvalue.Check {
		c := map[string]knownvalue.Check{"name": knownvalue.StringExact(name), "status": knownvalue.StringExact(status)}
		if len(evidence) > 0 {
			c["evidence"] = knownvalue.StringRegexp(regexp.MustCompile(evidence[0]))
		}
		return knownvalue.ObjectPartial(c)
	}
	// status is an entry of checks of which only the status matters here.
	status := func(status string, evidence ...string) knownvalue.Check {
		c := map[string]knownvalue.Check{"status": knownvalue.StringExact(status)}
		if len(evidence) > 0 {
			c["evidence"] = knownvalue.StringRegexp(regexp.MustCompile(evidence[0]))
		}
		return knownvalue.ObjectPartial(c)
	}
	const ready, notReady, stranger = "data.beian_readiness.ready", "data.beian_readiness.not_ready", "data.beian_readiness.stranger"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: fixedNowProviderFactories(today),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ready, tfjsonpath.New("registrable_domain"), knownvalue.StringExact("ready.cn")),
				statecheck.ExpectKnownValue(ready, tfjsonpath.New("ready_to_file"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(ready, tfjsonpath.New("filing_approved"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(ready, tfjsonpath.New("checks"), knownvalue.ListExact([]knownvalue.Check{
					check("domain_owned", "pass"),
					check("real_name_verified", "pass"),
					check("waiting_period_elapsed", "pass"),
					check("server_in_mainland", "pass", `ECS instance i-bp1guardtest000001 in cn-hangzhou`),
					check("server_eligible", "pass", `^ECS instance i-bp1guardtest000001 in cn-hangzhou \(ECS DescribeInstances\); subscription \(包年包月, PrePaid\); bought for 12 months`),
					check("homepage_reachable", "pass"),
					check("icp_filing", "fail"),
					check("public_security_filing", "fail", `due by .*in 5 days`),
					check("commercial_license", "pass"),
				})),
				statecheck.ExpectKnownValue(ready, tfjsonpath.New("public_security_deadline"), knownvalue.StringExact(today.AddDate(0, 0, 5).Format("2006-01-02"))),
				statecheck.ExpectKnownValue(ready, tfjsonpath.New("blocking"), knownvalue.ListSizeExact(2)),

				statecheck.ExpectKnownValue(notReady, tfjsonpath.New("ready_to_file"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(notReady, tfjsonpath.New("checks"), knownvalue.ListPartial(map[int]knownvalue.Check{
					1: status("fail", `AUDITING`),
					2: status("unknown"),
					3: status("fail", `cn-hongkong.*needs no ICP filing`),
					4: status("fail", `not in a mainland region`),
					5: status("fail", `404`),
				})),

				statecheck.ExpectKnownValue(stranger, tfjsonpath.New("checks"), knownvalue.ListPartial(map[int]knownvalue.Check{
					0: status("fail", `not in this Alibaba Cloud account`),
					3: status("unknown"),
					4: status("unknown", `set server_ip`),
					8: knownvalue.ObjectPartial(map[string]knownvalue.Check{"evidence": knownvalue.StringRegexp(regexp.MustCompile(`set icp_license`))}),
				})),
			},
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
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.beian_readiness.bad", tfjsonpath.New("checks"), knownvalue.ListPartial(map[int]knownvalue.Check{
					5: status("fail", `(?i)private|loopback`),
				})),
			},
		}},
	})
}

// server_eligible through the CLI: a pay-as-you-go ECS instance and one with 20 days left
// fail, each with its fix; a 12-month subscription passes; server_min_days_left moves the
// threshold.
func TestAccReadiness_serverEligible(t *testing.T) {
	srv := guardEmulator(t)
	twenty := 20
	for _, s := range []emulator.ServerSeed{
		{Kind: "ecs", Region: "cn-beijing", IP: "39.96.40.1", ID: "i-2zepayasyougo01", ChargeType: "PostPaid"},
		{Kind: "ecs", Region: "cn-shanghai", IP: "106.14.40.2", ID: "i-uf6twentydays01", ExpiresInDays: &twenty},
		{Kind: "ecs", Region: "cn-shenzhen", IP: "120.24.40.3", ID: "i-wz9oneyear00001", PeriodMonths: 12},
	} {
		if err := srv.Control.AddServer(s); err != nil {
			t.Fatal(err)
		}
	}
	eligible := func(name, status, evidence string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.beian_readiness."+name, tfjsonpath.New("checks"), knownvalue.ListPartial(map[int]knownvalue.Check{
			4: knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("server_eligible"), "status": knownvalue.StringExact(status),
				"evidence": knownvalue.StringRegexp(regexp.MustCompile(evidence))}),
		}))
	}
	server := func(name, ip string, extra string) string {
		return fmt.Sprintf("data \"beian_readiness\" %q {\n  domain    = \"example.com\"\n  server_ip = %q\n%s}\n", name, ip, extra)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: guardProvider(srv) + server("payg", "39.96.40.1", "") + server("short", "106.14.40.2", "") + server("year", "120.24.40.3", "") +
				server("short_ok", "106.14.40.2", "  server_min_days_left = 14\n"),
			ConfigStateChecks: []statecheck.StateCheck{
				eligible("payg", "fail", `ECS instance i-2zepayasyougo01 in cn-beijing .*pay-as-you-go \(按量付费, PostPaid\).*Fix: .*convert to subscription \(按量转包年包月\)`),
				eligible("short", "fail", `(19|20) days left \(expires .*\).*Fix: renew: (19|20) days left, fewer than server_min_days_left = 90`),
				eligible("year", "pass", `subscription \(包年包月, PrePaid\); bought for 12 months \(.*\); 36[45] days left .*; status Running; public IP 120\.24\.40\.3; filing service numbers \(备案服务号\) issued and left: not readable`),
				eligible("short_ok", "pass", `(19|20) days left`),
				statecheck.ExpectKnownValue("data.beian_readiness.payg", tfjsonpath.New("blocking"), knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.StringExact("server_eligible")})),
			},
		}, {
			Config:      guardProvider(srv) + server("bad", "120.24.40.3", "  server_min_days_left = 0\n"),
			ExpectError: cliErrorPattern("server_min_days_left", "between 1 and 3650"),
		}, {
			// Last: a valid configuration, for the post-test destroy.
			Config: guardProvider(srv) + server("year", "120.24.40.3", ""),
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
