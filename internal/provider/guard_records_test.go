package provider

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// The guard across records and apply order: a change to one record is judged for every
// name that reaches it, the verdict does not depend on the order in which the CLI plans
// and writes records, a record live in state is judged as live, and the rough edges
// around it (declarations that contradict the account, beian_record_guard's input, a
// domain that is not a zone, provider-level failures, IDN names). Each test is one case
// of the issue, through the CLI against the emulator: example.com is not filed,
// filed.com is.

// recordsEmulator is guardEmulator plus the zone filed.com, whose filing is approved.
func recordsEmulator(t testing.TB) *emulatortest.Server {
	t.Helper()
	srv := guardEmulator(t)
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "filed.com"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "filed.com", ICPNumber: "浙ICP备2026000009号"}); err != nil {
		t.Fatal(err)
	}
	return srv
}

// chainBlocked is the guard's error for the chain of names ending at the mainland
// test server: `x3.example.com → origin3.filed.com → 47.96.10.20 is a mainland-China
// server`, line breaks of the CLI's wrapping allowed anywhere between words.
func chainBlocked(names ...string) string {
	return `ICP\s+filing\s+\(备案\)\s+required:\s+` + wrapTolerant(strings.Join(append(names, mainlandIP), " → ")+" is a mainland-China server")
}

// on matches the CLI's "with <address>" line of the diagnostic just matched: the error
// sits on that resource.
func on(address string) string { return `[^╵]*with\s+` + regexp.QuoteMeta(address) + `,` }

// recordAt returns the records of zone at rr, any type.
func recordAt(t testing.TB, srv *emulatortest.Server, zone, rr string) []emulator.Record {
	t.Helper()
	var out []emulator.Record
	for _, r := range zoneRecords(t, srv, zone) {
		if r.RR == rr {
			out = append(out, r)
		}
	}
	return out
}

// 1. Re-pointing a shared origin: x3.example.com (managed elsewhere) CNAMEs into
// origin3.filed.com; moving origin3 from Hong Kong to the mainland makes example.com
// resolve there without a filing. The error names the chain and sits on origin3.
func TestAccGuardRecords_repointSharedOrigin(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	srv := recordsEmulator(t)
	if _, err := srv.Control.AddRecord(emulator.Record{Domain: "example.com", RR: "x3", Type: "CNAME", Value: "origin3.filed.com"}); err != nil {
		t.Fatal(err)
	}
	origin := func(ip string) string {
		return emuProvider(srv, "rir_sources = []") + aRecord("origin3", "filed.com", "origin3", "A", ip)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: origin(hongkongIP)},
			{
				Config:      origin(mainlandIP),
				ExpectError: regexp.MustCompile(`(?s)` + chainBlocked("x3.example.com", "origin3.filed.com") + on("beian_dns_record.origin3")),
			},
			{
				PreConfig: func() {
					if recs := recordAt(t, srv, "filed.com", "origin3"); len(recs) != 1 || recs[0].Value != hongkongIP {
						t.Errorf("origin3.filed.com after the blocked re-point: %+v; want it still on %s", recs, hongkongIP)
					}
				},
				Config:   origin(hongkongIP),
				PlanOnly: true,
			},
		},
	})
	// Once example.com is filed, nothing stops the move.
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备2026000001号"}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: origin(mainlandIP)}},
	})
}

// 2. A CNAME first, its target later: the CNAME to a name that does not exist yet gets
// a warning; creating the target (count 0 → 1) in a filed zone on a mainland server is
// an error on the target, naming the chain.
func TestAccGuardRecords_targetCreatedLater(t *testing.T) {
	srv := recordsEmulator(t)
	cfg := func(n int) string {
		return emuProvider(srv, "rir_sources = []") + testConfig(t, "guard_records_target_later", vars{"Count": n, "IP": mainlandIP})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg(0)},
			{
				Config:      cfg(1),
				ExpectError: regexp.MustCompile(`(?s)` + chainBlocked("x3.example.com", "target3.filed.com") + on("beian_dns_record.target[0]")),
			},
		},
	})
	if recs := recordAt(t, srv, "filed.com", "target3"); len(recs) != 0 {
		t.Errorf("the blocked target was written: %+v", recs)
	}
}

// 3. An update to a mainland value together with status = "DISABLE": the record is live
// in state, so it is judged as live; and a record is disabled before it is re-pointed,
// so a failed disable leaves it where it was, not live on the new server.
func TestAccGuardRecords_disableTogetherWithMainlandValue(t *testing.T) {
	srv := recordsEmulator(t)
	rec := func(ip, status string) string {
		return testConfig(t, "guard_records_status", vars{"IP": ip, "Status": status})
	}
	warn := emuProvider(srv, "rir_sources = []", `enforcement = "warn"`, "max_retries = 1")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: emuProvider(srv, "rir_sources = []") + rec(hongkongIP, "ENABLE")},
			{
				Config:      emuProvider(srv, "rir_sources = []") + rec(mainlandIP, "DISABLE"),
				ExpectError: regexp.MustCompile(`(?s)` + blockedPattern("www.example.com") + `.*live`),
			},
			{
				// With enforcement = "warn" the change goes ahead; disabling fails.
				PreConfig: func() {
					if err := srv.Control.SetFaults(emulator.Faults{ErrorRate: 1, Actions: []string{"Alidns.SetDomainRecordStatus"}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:      warn + rec(mainlandIP, "DISABLE"),
				ExpectError: regexp.MustCompile(`(?s)www.example.com\s+A\s+is\s+still\s+live.*` + regexp.QuoteMeta(hongkongIP)),
			},
			{
				PreConfig: func() {
					recs := recordAt(t, srv, "example.com", "www")
					if len(recs) != 1 || recs[0].Value != hongkongIP || recs[0].Status == "DISABLE" {
						t.Errorf("after the failed disable: %+v; want the record unchanged, live on %s (not re-pointed while live)", recs, hongkongIP)
					}
					if err := srv.Control.SetFaults(emulator.Faults{}); err != nil {
						t.Fatal(err)
					}
				},
				Config: warn + rec(mainlandIP, "DISABLE"),
				Check: func(*terraform.State) error {
					recs := recordAt(t, srv, "example.com", "www")
					if len(recs) != 1 || recs[0].Value != mainlandIP || recs[0].Status != "DISABLE" {
						return fmt.Errorf("after the apply: %+v; want %s, disabled", recs, mainlandIP)
					}
					return nil
				},
			},
		},
	})
}

// 9. A failed step that leaves a record live on a mainland server says so — that it is
// live and where it points — and later plans warn about it.
func TestAccGuardRecords_failedStepSaysRecordIsLiveOnMainland(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	srv := recordsEmulator(t)
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备2026000001号"}); err != nil {
		t.Fatal(err)
	}
	run := newCLIRun(t, srv, pathsProvider+testConfig(t, "guard_records_status", vars{"IP": mainlandIP, "Status": "ENABLE"}))
	if code, out := run.run("apply", "-auto-approve", "-no-color", "-input=false"); code != 0 {
		t.Fatalf("apply with the filing approved: exit %d\n%s", code, lastLines(out, 40))
	}
	// The filing is cancelled (注销); the site moves to Hong Kong and is disabled, and
	// disabling fails.
	if err := srv.Control.DeleteFiling("example.com"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Control.SetFaults(emulator.Faults{ErrorRate: 1, Actions: []string{"Alidns.SetDomainRecordStatus"}}); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, run.dir, "main.tf", requiredBeian+cliProvider("rir_sources = []", "max_retries = 1")+
		testConfig(t, "guard_records_status", vars{"IP": hongkongIP, "Status": "DISABLE"}))
	code, out := run.run("apply", "-auto-approve", "-no-color", "-input=false")
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"DNS record www.example.com A is still live", "points at 47.96.10.20", "mainland-China server",
		"ECS instance i-bp1guardtest000001 in cn-hangzhou", "example.com has no approved ICP filing"} {
		if code == 0 || !strings.Contains(flat, want) {
			t.Errorf("apply with the disable failing: exit %d, want an error saying %q\n%s", code, want, lastLines(out, 50))
		}
	}
	if err := srv.Control.SetFaults(emulator.Faults{}); err != nil {
		t.Fatal(err)
	}
	code, out = run.run("plan", "-no-color", "-input=false")
	mustWarn(t, code, out, "ICP filing (备案) required: www.example.com → 47.96.10.20", "live now")
}

// 9. IDN names are shown as written and in punycode.
func TestAccGuardRecords_idnNamesAsWrittenAndInPunycode(t *testing.T) {
	srv := recordsEmulator(t)
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "例子.中国"}); err != nil {
		t.Fatal(err)
	}
	planFails(t, srv, aRecord("idn", "例子.中国", "www", "A", mainlandIP),
		`(?s)ICP\s+filing\s+\(备案\)\s+required:\s+www\.例子\.中国\s+\(www\.xn--fsqu00a\.xn--fiqs8s\)\s+→\s+47\.96\.10\.20.*registrable\s+domain\s+例子\.中国\s+\(xn--fsqu00a\.xn--fiqs8s\)`)
}

// 4. A declaration that contradicts the account's own servers still decides, with a
// warning naming both.
func TestAccGuardRecords_declarationsConflictingWithTheAccount(t *testing.T) {
	srv := recordsEmulator(t)
	code, out := cliOutput(t, srv, cliProvider("rir_sources = []", `offshore_cidrs = ["47.96.10.0/24"]`, fmt.Sprintf(`mainland_cidrs = [%q]`, hongkongIP))+
		aRecord("www", "example.com", "www", "A", mainlandIP)+aRecord("hk", "filed.com", "hk", "A", hongkongIP))
	mustWarn(t, code, out,
		"offshore_cidrs 47.96.10.0/24 places 47.96.10.20 outside mainland China", "ECS instance i-bp1guardtest000001 in cn-hangzhou, a mainland region",
		"mainland_cidrs 47.242.10.20/32 places 47.242.10.20 in mainland China", "ECS instance i-j6cguardtest000002 in cn-hongkong, a region outside")
}

// 5. beian_record_guard normalises type as the resource does and refuses a value it
// cannot parse, at plan time when the value is known then and before the write when it
// is known only at apply.
func TestAccGuardRecords_recordGuardTypeAndUnparseableValue(t *testing.T) {
	srv := recordsEmulator(t)
	guardOf := func(typ, value string) string {
		return fmt.Sprintf("data \"beian_record_guard\" \"g\" {\n  records = [{ name = \"www.example.com\", type = %q, value = %s }]\n}\n", typ, value)
	}
	p := emuProvider(srv, "rir_sources = []")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      p + guardOf("A ", `"047.096.010.020"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid\s+A\s+record\s+value.*047\.096\.010\.020`),
			},
			{
				Config:      p + guardOf(" a", fmt.Sprintf("%q", mainlandIP)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(blockedPattern("www.example.com")),
			},
			{
				Config: p + `
resource "terraform_data" "v" {
  input = "047.096.010.020"
}
` + guardOf("A ", "terraform_data.v.output"),
				ExpectError: regexp.MustCompile(`(?s)047\.096\.010\.020.*not\s+an\s+IPv4\s+address`),
			},
			{
				Config: p + guardOf("A ", fmt.Sprintf("%q", hongkongIP)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.beian_record_guard.g", tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("location"), knownvalue.StringExact("offshore")),
					statecheck.ExpectKnownValue("data.beian_record_guard.g", tfjsonpath.New("allowed"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

// 7. A domain that is not a zone of the account is a plan-time error with the likely
// fix, so that apply does not write the other records and then fail.
func TestAccGuardRecords_domainThatIsNotAZone(t *testing.T) {
	srv := recordsEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: emuProvider(srv, "rir_sources = []") + aRecord("ok", "example.com", "ok", "A", hongkongIP) +
				aRecord("bad", "www.example.com", "api", "A", hongkongIP),
			ExpectError: regexp.MustCompile(`(?s)www\.example\.com\s+is\s+not\s+a\s+zone.*` + on("beian_dns_record.bad") +
				`.*domain\s+=\s+"example\.com".*rr\s+=\s+"api\.www"`),
		}},
	})
	if n := stats(t, srv)["Alidns.AddDomainRecord"]; n != 0 {
		t.Errorf("AddDomainRecord was called %d times: a plan-time error must write nothing", n)
	}
}

// 8. A provider-level failure — no credentials at all — is reported once, not once per
// resource.
func TestAccGuardRecords_missingCredentialsReportedOnce(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	srv := recordsEmulator(t)
	run := newCLIRun(t, srv, testConfig(t, "guard_records_credentials", nil))
	run.env = append(run.env, "HOME="+t.TempDir())
	for _, k := range []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
		"ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE"} {
		run.env = append(run.env, k+"=")
	}
	code, out := run.run("plan", "-no-color", "-input=false")
	errs := cliErrors(out)
	if code == 0 || len(errs) != 1 || !strings.Contains(errs[0], "credentials (阿里云凭证) are missing") {
		t.Errorf("plan without credentials: exit %d, %d errors %q; want exactly one, about the missing credentials\n%s", code, len(errs), errs, lastLines(out, 80))
	}
}

// cliErrors returns the summaries of the errors in CLI output (-no-color), in order.
func cliErrors(out string) []string {
	var errs []string
	for _, m := range regexp.MustCompile(`(?m)^[│ ]*Error: (.*)$`).FindAllStringSubmatch(out, -1) {
		errs = append(errs, strings.TrimSpace(m[1]))
	}
	return errs
}

// Order independence: the same configuration — a CNAME and its target written in one
// apply, the target's address known at plan or only at apply — gives the same errors
// whichever record the CLI plans and writes first (depends_on either way, or none) and
// whatever the parallelism; and at no point does the cloud hold the chain.
func TestAccGuardRecords_verdictDoesNotDependOnOrder(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	requireAcc(t)
	want := []string{"ICP filing (备案) required: x3.example.com → target3.filed.com → 47.96.10.20 is a mainland-China server"}
	for _, unknown := range []bool{false, true} {
		for _, order := range []string{"cname-first", "target-first", "none"} {
			for _, parallelism := range []int{1, 10} {
				name := fmt.Sprintf("%s/parallelism=%d/known-at-plan=%t", order, parallelism, !unknown)
				t.Run(name, func(t *testing.T) {
					srv := recordsEmulator(t)
					run := newCLIRun(t, srv, pathsProvider+testConfig(t, "guard_records_order", vars{"Order": order, "Unknown": unknown, "IP": mainlandIP}))
					code, out := run.run("apply", "-auto-approve", "-no-color", "-input=false", fmt.Sprintf("-parallelism=%d", parallelism))
					got := distinct(cliErrors(out))
					if code == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
						t.Errorf("apply: exit %d, errors %q; want %q\n%s", code, got, want, lastLines(out, 60))
					}
					x3, target := recordAt(t, srv, "example.com", "x3"), recordAt(t, srv, "filed.com", "target3")
					if len(x3) > 0 && len(target) > 0 {
						t.Errorf("the cloud holds the chain: x3 %+v, target3 %+v", x3, target)
					}
				})
			}
		}
	}
}

// distinct returns the distinct strings of xs, sorted.
func distinct(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}
