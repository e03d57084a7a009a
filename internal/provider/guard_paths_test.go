package provider

import (
	"fmt"
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

// pathsEmulator is guardEmulator plus the zones and records the paths need.
func pathsEmulator(t *testing.T) *emulatortest.Server {
	t.Helper()
	srv := guardEmulator(t)
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "sub.example.net"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []emulator.Record{
		{Domain: "example.com", RR: "hop", Type: "CNAME", Value: "origin.example.com"},
		{Domain: "example.com", RR: "origin", Type: "A", Value: mainlandIP},
		{Domain: "sub.example.net", RR: "edge", Type: "A", Value: mainlandIP},
	} {
		if _, err := srv.Control.AddRecord(r); err != nil {
			t.Fatal(err)
		}
	}
	return srv
}

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

const pathsProvider = `provider "beian" {
  requests_per_second = 0
  rir_sources         = []
}
`

// mustWarn asserts a CLI run passed (exit 0) and its output carries a warning with every
// part (line breaks of the CLI's wrapping folded).
func mustWarn(t *testing.T, code int, out string, parts ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(out), " ")
	if code != 0 {
		t.Fatalf("exit %d, want 0 with a warning:\n%s", code, lastLines(out, 60))
	}
	if !strings.Contains(flat, "Warning:") {
		t.Fatalf("no warning in the output:\n%s", lastLines(out, 60))
	}
	for _, p := range parts {
		if !strings.Contains(flat, p) {
			t.Errorf("output lacks %q:\n%s", p, lastLines(out, 60))
		}
	}
}

func planFails(t *testing.T, srv *emulatortest.Server, config string, pattern string) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: emuProvider(srv, "rir_sources = []") + config, PlanOnly: true, ExpectError: regexp.MustCompile(pattern)}},
	})
}

// blockedPattern is the guard's error for name → the mainland test server.
func blockedPattern(name string) string {
	return `ICP\s+filing\s+\(备案\)\s+required:\s+` + regexp.QuoteMeta(name) + `\s+→\s+47\.96\.10\.20`
}

// 1 and 2: CNAME chains of any depth, through any zone of the account.
func TestAccGuardPath_cnameChains(t *testing.T) {
	srv := pathsEmulator(t)
	planFails(t, srv, aRecord("www", "example.com", "www", "CNAME", "hop.example.com"), `(?s)`+blockedPattern("www.example.com")+`.*via\s+CNAME\s+hop.example.com\s+→\s+origin.example.com`)
	planFails(t, srv, aRecord("www", "example.com", "www", "CNAME", "edge.sub.example.net"), `(?s)`+blockedPattern("www.example.com")+`.*via\s+CNAME\s+edge.sub.example.net`)
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
func unknownAt(value string) string {
	return fmt.Sprintf(`
resource "terraform_data" "server" {
  input = %q
}

resource "beian_dns_record" "www" {
  domain = "example.com"
  rr     = "www"
  type   = "A"
  value  = terraform_data.server.output
}
`, value)
}

// 6: with enforcement = "warn", a value unknown at plan: the plan says the record will be
// written with the guard's warning, and the apply shows that warning.
func TestAccGuardPath_warnModeUnknownAtPlan(t *testing.T) {
	srv := pathsEmulator(t)
	config := `provider "beian" {
  requests_per_second = 0
  rir_sources         = []
  enforcement         = "warn"
}
` + unknownAt(mainlandIP)
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
	code, out := cliOutput(t, srv, pathsProvider+unknownAt("10.1.2.3"), "apply", "-auto-approve", "-no-color", "-input=false")
	mustWarn(t, code, out, "cannot classify 10.1.2.3", "not a public address")
	code, out = cliOutput(t, srv, pathsProvider+unknownAt(mainlandIP), "apply", "-auto-approve", "-no-color", "-input=false")
	if code == 0 || !strings.Contains(strings.Join(strings.Fields(out), " "), "ICP filing (备案) required: www.example.com → 47.96.10.20") {
		t.Fatalf("apply of a mainland record known only at apply: exit %d\n%s", code, lastLines(out, 40))
	}
	if n := countRecords(zoneRecords(t, srv, "example.com"), "www", "A", mainlandIP); n != 0 {
		t.Errorf("the blocked record was created (%d)", n)
	}
}

// 8: a record that does not change while the world does: its filing is cancelled (注销),
// or it is imported and then only its TTL changes — the next plan warns.
func TestAccGuardPath_unchangedRecordRejudged(t *testing.T) {
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
	imp := newCLIRun(t, srv, pathsProvider+`
import {
  to = beian_dns_record.api
  id = "example.com/api/A"
}
resource "beian_dns_record" "api" {
  domain = "example.com"
  rr     = "api"
  type   = "A"
  value  = "`+mainlandIP+`"
  ttl    = 1200
}
`)
	code, out = imp.run("apply", "-auto-approve", "-no-color", "-input=false")
	mustWarn(t, code, out, "ICP filing (备案) required: api.example.com → 47.96.10.20", "already live")
}

// 10: a record on one of the account's Alibaba Cloud mainland servers that passes only
// through declared_filings warns that the filing must name Alibaba Cloud as access
// provider.
func TestAccGuardPath_declaredFilingOnAlibabaServer(t *testing.T) {
	srv := pathsEmulator(t)
	code, out := cliOutput(t, srv, `provider "beian" {
  requests_per_second = 0
  rir_sources         = []
  declared_filings    = { "example.com" = "沪ICP备2026000002号-1" }
}
`+aRecord("www", "example.com", "www", "A", mainlandIP))
	mustWarn(t, code, out, "allowed only through declared_filings", "access provider (接入商)", "接入备案")
}

// 11: status = "DISABLE" at create is judged (the record is created enabled first), and a
// record whose disabling fails is deleted again instead of staying live.
func TestAccGuardPath_disabledAtCreate(t *testing.T) {
	srv := pathsEmulator(t)
	disabled := `
resource "beian_dns_record" "www" {
  domain = "example.com"
  rr     = "www"
  type   = "A"
  value  = "` + mainlandIP + `"
  status = "DISABLE"
}
`
	planFails(t, srv, disabled, blockedPattern("www.example.com"))

	// Offshore, so the guard allows it; SetDomainRecordStatus always fails.
	offshore := strings.Replace(disabled, mainlandIP, hongkongIP, 1)
	if err := srv.Control.SetFaults(emulator.Faults{ErrorRate: 1, Actions: []string{"Alidns.SetDomainRecordStatus"}}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
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
