package provider

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// The account lookup at the physical limit (account_lookup, account_lookup_methods): one
// Resource Center listing a run finds every server of the account, wherever it is and
// whatever it is; each fallback is said once, with the setting that avoids it.

// outOfRegionIP is an ECS instance in cn-beijing: outside the provider's region
// (cn-hangzhou), where the region scan of before had to list every region to find it.
const outOfRegionIP = "39.96.30.1"

// A plan that changes nothing, of one record on a server outside the provider's region:
// the record's zone listed once, the filing once, the account once — 3 calls. With the
// region scan alone (account_lookup_methods = ["region_scan"]) the same plan costs what
// every such plan cost before: the provider's region asked, then every region scanned.
func TestAccDNSRecord_noChangePlanOnOutOfRegionServerCalls(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	requireAcc(t)
	for _, tc := range []struct {
		name    string
		methods string
		want    map[string]int
	}{
		{"resource center", "", map[string]int{"Alidns.DescribeDomainRecords": 1, "Companyreg.QuerySuccessIcpData": 1, "ResourceCenter.SearchResources": 1}},
		// 1 + 3 × (the provider's region + the emulator's 28 regions).
		{"region scan", `account_lookup_methods = ["region_scan"]`, map[string]int{"Alidns.DescribeDomainRecords": 1, "Companyreg.QuerySuccessIcpData": 1,
			"Ecs.DescribeRegions": 1, "Ecs.DescribeInstances": 29, "Vpc.DescribeEipAddresses": 29, "Slb.DescribeLoadBalancers": 29}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startEmulator(t, "example.com")
			if err := srv.Control.AddServer(emulator.ServerSeed{Kind: "ecs", Region: "cn-beijing", IP: outOfRegionIP, ID: "i-2zeoutofregion01"}); err != nil {
				t.Fatal(err)
			}
			if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "京ICP备2026000003号"}); err != nil {
				t.Fatal(err)
			}
			// The provider's default client-side rate limit (20 calls a second), as users run it:
			// the logged wall time is theirs.
			run := newCLIRun(t, srv, "provider \"beian\" {\n  rir_sources = []\n  "+tc.methods+"\n}\n"+aRecord("www", "example.com", "www", "A", outOfRegionIP))
			if code, out := run.run("apply", "-auto-approve", "-no-color", "-input=false"); code != 0 {
				t.Fatalf("apply: exit %d\n%s", code, lastLines(out, 40))
			}
			if err := srv.Control.ResetStats(); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			code, out := run.run("plan", "-detailed-exitcode", "-no-color", "-input=false")
			took := time.Since(start)
			if code != 0 {
				t.Fatalf("no-change plan: exit %d (2 = changes)\n%s", code, lastLines(out, 40))
			}
			calls := stats(t, srv)
			t.Logf("%s: no-change plan of one record on a server in cn-beijing: %d API calls in %s %v", tc.name, callsTotal(calls), took.Round(10*time.Millisecond), calls)
			checkCalls(t, tc.name, calls, tc.want, map[string]string{
				"Alidns.DescribeDomainRecords":   "the record's refresh: one listing of its zone",
				"Companyreg.QuerySuccessIcpData": "the ICP guard's re-judging of the unchanged record: the filing of example.com",
				"ResourceCenter.SearchResources": "the account's servers, every region, one listing",
			})
			if tc.methods == "" && callsTotal(calls) > 3 {
				t.Errorf("%d calls; the target is at most 3", callsTotal(calls))
			}
		})
	}
}

// A Simple Application Server (轻量应用服务器) of the account is the account's own server:
// the ICP guard and beian_readiness name the instance, and place it by its region.
func TestAccAccountLookup_simpleApplicationServer(t *testing.T) {
	srv := guardEmulator(t)
	const swasIP, swasID = "47.108.30.4", "5f1e0c2a9b8d4e7f8a6b5c4d3e2f1a0b"
	if err := srv.Control.AddServer(emulator.ServerSeed{Kind: "swas", Region: "cn-chengdu", IP: swasIP, ID: swasID, Name: "blog"}); err != nil {
		t.Fatal(err)
	}
	// The embedded location data alone would place this address; the account's answer must
	// be the one the evidence names.
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: emuProvider(srv, "rir_sources = []") + aRecord("www", "example.com", "www", "A", swasIP),
			ExpectError: cliErrorPattern("ICP filing (备案) required: www.example.com → "+swasIP,
				"Simple Application Server "+swasID+" in cn-chengdu (mainland region)"),
		}, {
			Config: emuProvider(srv, "rir_sources = []") + `
data "beian_readiness" "blog" {
  domain    = "example.com"
  server_ip = "` + swasIP + `"
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.beian_readiness.blog", tfjsonpath.New("checks"), knownvalue.ListPartial(map[int]knownvalue.Check{
					3: knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("server_in_mainland"), "status": knownvalue.StringExact("pass"),
						"evidence": knownvalue.StringExact("Simple Application Server " + swasID + " in cn-chengdu (mainland region)")}),
					4: knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("server_eligible"), "status": knownvalue.StringExact("pass"),
						"evidence": knownvalue.StringRegexp(regexp.MustCompile(`^Simple Application Server ` + swasID + ` \(blog\) in cn-chengdu \(SWAS ListInstances\); .*subscription \(包年包月, PrePaid\); bought for 12 months`))}),
				})),
			},
		}},
	})
}

// When Resource Center is not enabled the plan says so once — why, what it uses instead
// and the setting that avoids it — and still finds the server; leaving resource_center out
// of account_lookup_methods asks it nothing and says nothing.
func TestAccAccountLookup_fallbackSaidOnce(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	requireAcc(t)
	srv := guardEmulator(t)
	if err := srv.Control.SetSettings(emulator.Settings{ResourceCenter: "disabled"}); err != nil {
		t.Fatal(err)
	}
	records := aRecord("www", "example.com", "www", "A", mainlandIP) + aRecord("apex", "example.com", "@", "A", mainlandIP) +
		aRecord("cn", "example.com.cn", "www", "A", mainlandIP)
	filed := `declared_filings = { "example.com" = "浙ICP备2026000001号", "example.com.cn" = "浙ICP备2026000001号" }`
	run := newCLIRun(t, srv, cliProvider("rir_sources = []", filed)+records)
	code, out := run.run("plan", "-no-color", "-input=false")
	mustWarn(t, code, out, "The cloud account lookup (account_lookup_methods) could not use Resource Center (资源中心) SearchResources: ServiceNotEnabled",
		"For the rest of this run it uses Anti-DDoS DescribeIpLocationService", `leave "resource_center" out of the provider's account_lookup_methods`)
	if n := strings.Count(strings.Join(strings.Fields(out), " "), "could not use Resource Center"); n != 1 {
		t.Errorf("the fallback is said %d times in one plan of three records; want once", n)
	}
	calls := stats(t, srv)
	if calls["ResourceCenter.SearchResources"] != 1 || calls["antiddos-public.DescribeIpLocationService"] != 1 {
		t.Errorf("calls %v: want one SearchResources and one DescribeIpLocationService for the one address", calls)
	}

	if err := srv.Control.ResetStats(); err != nil {
		t.Fatal(err)
	}
	run = newCLIRun(t, srv, cliProvider("rir_sources = []", filed, `account_lookup_methods = ["ip_location_service"]`)+records)
	code, out = run.run("plan", "-no-color", "-input=false")
	if code != 0 || strings.Contains(out, "could not use") {
		t.Fatalf("plan with resource_center left out: exit %d\n%s", code, lastLines(out, 40))
	}
	if calls := stats(t, srv); calls["ResourceCenter.SearchResources"] != 0 || calls["antiddos-public.DescribeIpLocationService"] != 1 {
		t.Errorf("calls %v: want no SearchResources", calls)
	}
}

// account_lookup_methods is checked at validate time: a name the provider does not know,
// or one listed twice, is refused naming the attribute.
func TestAccAccountLookup_methodsValidated(t *testing.T) {
	srv := startEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      emuProvider(srv, `account_lookup_methods = ["resource_centre"]`) + `data "beian_regions" "all" {}`,
			ExpectError: cliErrorPattern("account_lookup_methods", `value must be one of`, `"resource_center"`),
		}, {
			Config:      emuProvider(srv, `account_lookup_methods = ["region_scan", "region_scan"]`) + `data "beian_regions" "all" {}`,
			ExpectError: regexp.MustCompile(`(?s)Duplicate List Value.*account_lookup_methods`),
		}},
	})
}
