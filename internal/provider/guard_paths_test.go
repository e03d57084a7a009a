package provider

import (
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// The paths of the guard issue ("no silent path from a record to a mainland server"),
// one test each, through the CLI against the emulator. Errors are asserted with
// resource.Test; warnings, which resource.Test cannot see, through the real CLI and the
// provider binary (newCLIRun), by their text in the plan or apply output.

// cliOutput runs config through the real CLI and returns the exit code and output of
// the command (plan by default).
func cliOutput(t *testing.T, srv *emulatortest.Server, config string, args ...string) (int, string) {
	t.Helper()
	if len(args) == 0 {
		args = []string{"plan", "-no-color", "-input=false"}
	}
	run := newCLIRun(t, srv, config)
	return run.run(args...)
}

// pathsProvider is the provider block of the CLI runs: no registry data, so only the
// account and the location data place an address.
var pathsProvider = cliProvider("rir_sources = []")

// planFails asserts that config, after an emulator provider block without registry data,
// fails at plan with an error matching pattern.
func planFails(t *testing.T, srv *emulatortest.Server, config string, pattern string) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: emuProvider(srv, "rir_sources = []") + config, PlanOnly: true, ExpectError: regexp.MustCompile(pattern)}},
	})
}

// 1 and 2: CNAME chains of any depth, through any zone of the account.
func TestAccGuardPath_cnameChains(t *testing.T) {
	srv := pathsEmulator(t)
	planFails(t, srv, aRecord("www", "example.com", "www", "CNAME", "hop.example.com"), `(?s)`+chainBlocked("www.example.com", "hop.example.com", "origin.example.com")+`.*via\s+CNAME\s+hop.example.com\s+→\s+origin.example.com`)
	planFails(t, srv, aRecord("www", "example.com", "www", "CNAME", "edge.sub.example.net"), `(?s)`+chainBlocked("www.example.com", "edge.sub.example.net")+`.*via\s+CNAME\s+edge.sub.example.net`)
}

// 3: a CNAME to an Alibaba Cloud service host in a mainland region fails; one outside the
// account's zones warns, naming the record and the target.
func TestAccGuardPath_cnameToServicesAndExternalHosts(t *testing.T) {
	srv := pathsEmulator(t)
	planFails(t, srv, aRecord("static", "example.com", "static", "CNAME", "mybucket.oss-cn-hangzhou.aliyuncs.com"),
		`(?s)ICP\s+filing\s+\(备案\)\s+required:\s+static.example.com\s+→\s+mybucket.oss-cn-hangzhou.aliyuncs.com.*names\s+the\s+region\s+cn-hangzhou`)
	code, out := cliOutput(t, srv, pathsProvider+aRecord("cdn", "example.com", "cdn", "CNAME", "x.cdn-provider.example"))
	mustWarn(t, code, out, "cannot follow cdn.example.com → x.cdn-provider.example", "not in any zone")
}

// 4: URL forwarding is served from Alibaba Cloud DNS's servers in mainland China.
func TestAccGuardPath_urlForwarding(t *testing.T) {
	srv := pathsEmulator(t)
	for _, typ := range []string{"REDIRECT_URL", "FORWARD_URL"} {
		planFails(t, srv, aRecord("go", "example.com", "go", typ, "https://www.example.org/"),
			`(?s)go.example.com\s+is\s+a\s+URL-forwarding\s+record,\s+served\s+from\s+mainland\s+China.*troubleshoot-url-forwarding-issues`)
	}
}

// 5: NS delegation of a subdomain warns that the delegated zone cannot be seen.
func TestAccGuardPath_nsDelegation(t *testing.T) {
	srv := pathsEmulator(t)
	code, out := cliOutput(t, srv, pathsProvider+aRecord("shop", "example.com", "shop", "NS", "ns1.other-dns.example"))
	mustWarn(t, code, out, "cannot see past the delegation of shop.example.com to ns1.other-dns.example")
}

// unknownAt is a record whose value is known only at apply (it comes from another
// resource created in the same apply).
func unknownAt(t *testing.T, value string) string {
	return testConfig(t, "guard_unknown_at_plan", vars{"Value": value})
}

// 6: with enforcement = "warn", a value unknown at plan: the plan says the record will be
// written with the guard's warning, and the apply shows that warning.
func TestAccGuardPath_warnModeUnknownAtPlan(t *testing.T) {
	srv := pathsEmulator(t)
	config := cliProvider("rir_sources = []", `enforcement = "warn"`) + unknownAt(t, mainlandIP)
	code, out := cliOutput(t, srv, config)
	mustWarn(t, code, out, "will run at apply", `With enforcement = "warn"`, "is written, with the guard's warning shown at apply")
	if strings.Contains(out, "is not created") {
		t.Errorf("warn mode says the record is not created:\n%s", out)
	}
	code, out = cliOutput(t, srv, config, "apply", "-auto-approve", "-no-color", "-input=false")
	mustWarn(t, code, out, "ICP filing (备案) required: www.example.com → 47.96.10.20")
}

// 7: a value unknown at plan that turns out unclassifiable at apply: the warning is shown
// at apply; a mainland one stops the apply with enforcement = "error".
func TestAccGuardPath_unknownAtPlanJudgedAtApply(t *testing.T) {
	srv := pathsEmulator(t)
	code, out := cliOutput(t, srv, pathsProvider+unknownAt(t, "10.1.2.3"), "apply", "-auto-approve", "-no-color", "-input=false")
	mustWarn(t, code, out, "cannot classify 10.1.2.3", "not a public address")
	code, out = cliOutput(t, srv, pathsProvider+unknownAt(t, mainlandIP), "apply", "-auto-approve", "-no-color", "-input=false")
	if code == 0 || !strings.Contains(strings.Join(strings.Fields(out), " "), "ICP filing (备案) required: www.example.com → 47.96.10.20") {
		t.Fatalf("apply of a mainland record known only at apply: exit %d\n%s", code, lastLines(out, 40))
	}
	if n := countRecords(zoneRecords(t, srv, "example.com"), "www", "A", mainlandIP); n != 0 {
		t.Errorf("the blocked record was created (%d)", n)
	}
}

// Path 7's variant of the guard issue, through the CLI: a mainland server created earlier
// in the same apply must be found when a later record to it is written. The first record
// asks the account about the address (not held yet: the location data calls it offshore,
// so it is allowed and written); then a server with that address appears in cn-hangzhou
// (a local-exec stands in for alicloud_instance, adding it through the emulator's control
// API); the second record to the same address is judged at apply with the account asked
// again — a kept "not found" would let it through.
func TestAccGuardPath_serverCreatedEarlierInTheSameApply(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	requireAcc(t)
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is needed to stand in for the server's creation")
	}
	// Alibaba Cloud international space (AS45102) the location data places in HK; not
	// 8.130.1.1 any more, which is Alibaba's mainland network AS37963 (the location-truth issue).
	const ip = "47.243.1.1"
	srv := guardEmulator(t)
	run := newCLIRun(t, srv, cliProvider("rir_sources = []")+testConfig(t, "guard_paths_server_created_in_apply", vars{"IP": ip, "EmulatorURL": srv.URL}))
	code, out := run.run("apply", "-auto-approve", "-no-color", "-input=false")
	flat := strings.Join(strings.Fields(out), " ")
	if code == 0 || !strings.Contains(flat, "ICP filing (备案) required: second.example.com → "+ip) ||
		!strings.Contains(flat, "i-bp1createdinapply01 in cn-hangzhou") {
		t.Fatalf("apply: exit %d, want the second record blocked by the server created in the same apply\n%s", code, lastLines(out, 50))
	}
	recs := zoneRecords(t, srv, "example.com")
	if countRecords(recs, "first", "A", ip) != 1 || countRecords(recs, "second", "A", ip) != 0 {
		t.Errorf("records after the apply: %+v; want first written, second not", recs)
	}
}

// 8: a record that does not change while the world does: its filing is cancelled (注销),
// or it is imported and then only its TTL changes — the next plan warns.
func TestAccGuardPath_unchangedRecordRejudged(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	srv := pathsEmulator(t)
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备2026000001号"}); err != nil {
		t.Fatal(err)
	}
	config := pathsProvider + aRecord("www", "example.com", "www", "A", mainlandIP)
	run := newCLIRun(t, srv, config)
	if code, out := run.run("apply", "-auto-approve", "-no-color", "-input=false"); code != 0 {
		t.Fatalf("apply with the filing approved: exit %d\n%s", code, lastLines(out, 40))
	}
	if err := srv.Control.DeleteFiling("example.com"); err != nil {
		t.Fatal(err)
	}
	code, out := run.run("plan", "-no-color", "-input=false", "-detailed-exitcode")
	mustWarn(t, code, out, "ICP filing (备案) required: www.example.com → 47.96.10.20", "already live and does not change in this plan")

	// Imported, then only the TTL changes: the same warning, and the change is not held
	// back.
	if _, err := srv.Control.AddRecord(emulator.Record{Domain: "example.com", RR: "api", Type: "A", Value: mainlandIP}); err != nil {
		t.Fatal(err)
	}
	imp := newCLIRun(t, srv, pathsProvider+testConfig(t, "guard_paths_import", vars{"Value": mainlandIP}))
	code, out = imp.run("apply", "-auto-approve", "-no-color", "-input=false")
	mustWarn(t, code, out, "ICP filing (备案) required: api.example.com → 47.96.10.20", "already live")
}

// 10: a record on one of the account's Alibaba Cloud mainland servers that passes only
// through declared_filings warns that the filing must name Alibaba Cloud as access
// provider.
func TestAccGuardPath_declaredFilingOnAlibabaServer(t *testing.T) {
	srv := pathsEmulator(t)
	code, out := cliOutput(t, srv, cliProvider("rir_sources = []", `declared_filings = { "example.com" = "沪ICP备2026000002号-1" }`)+
		aRecord("www", "example.com", "www", "A", mainlandIP))
	mustWarn(t, code, out, "allowed only through declared_filings", "access provider (接入商)", "接入备案")
}

// 11: status = "DISABLE" at create is judged (the record is created enabled first), and a
// record whose disabling fails is deleted again instead of staying live.
func TestAccGuardPath_disabledAtCreate(t *testing.T) {
	srv := pathsEmulator(t)
	disabled := func(value string) string {
		return fmt.Sprintf(`
resource "beian_dns_record" "www" {
  domain = "example.com"
  rr     = "www"
  type   = "A"
  value  = %q
  status = "DISABLE"
}
`, value)
	}
	planFails(t, srv, disabled(mainlandIP), blockedPattern("www.example.com"))

	// Offshore, so the guard allows it; SetDomainRecordStatus always fails.
	offshore := disabled(hongkongIP)
	if err := srv.Control.SetFaults(emulator.Faults{ErrorRate: 1, Actions: []string{"Alidns.SetDomainRecordStatus"}}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      emuProvider(srv, "max_retries = 1") + offshore,
			ExpectError: regexp.MustCompile(`(?s)was\s+not\s+created:\s+it\s+could\s+not\s+be\s+disabled.*deleted\s+again`),
		}, {
			PreConfig: func() {
				if n := countRecords(zoneRecords(t, srv, "example.com"), "www", "A", hongkongIP); n != 0 {
					t.Errorf("%d enabled records left live after the failed disable, want 0", n)
				}
				if err := srv.Control.SetFaults(emulator.Faults{}); err != nil {
					t.Fatal(err)
				}
			},
			Config: emuProvider(srv) + offshore,
		}},
	})
}
