package provider

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// silentEndpoint accepts connections and never answers: a blackholed API endpoint.
func silentEndpoint(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String()
}

// refusedEndpoint is a loopback port nobody listens on: port 1 (tcpmux, unassigned in
// practice), rather than a port freed by a listener, which a test running in parallel
// may take again.
func refusedEndpoint(t *testing.T) string {
	t.Helper()
	c, err := net.DialTimeout("tcp", "127.0.0.1:1", time.Second)
	if err == nil {
		c.Close()
		t.Skip("something listens on 127.0.0.1:1; cannot stage a refused endpoint")
	}
	return "http://127.0.0.1:1"
}

// The guard fails closed: a record to a mainland server that the guard could not judge
// because the cloud refused or did not answer fails the plan, with the cause first. No
// registry data is configured (rir_sources = []), so only the cloud could place the
// address: before, each of these plans passed with a "cannot classify" warning.
func TestAccGuard_failsClosedWhenTheCloudDoesNotAnswer(t *testing.T) {
	srv := guardEmulator(t)
	record := aRecord("www", "example.com", "www", "A", mainlandIP)
	for _, tc := range []struct {
		name     string
		provider string
		want     string
	}{
		{"wrong secret",
			providerBlock(srv.URL, srv.AccessKeyID, "not-the-secret", "requests_per_second = 0", "rir_sources = []"),
			`(?s)Cause:.*SignatureDoesNotMatch.*rejected\s+the\s+credentials\s+themselves`},
		{"refused endpoint",
			providerBlock(refusedEndpoint(t), srv.AccessKeyID, srv.AccessKeySecret, "requests_per_second = 0", "rir_sources = []", "max_retries = 1"),
			`(?s)Cause:.*connection\s+refused`},
		{"blackholed endpoint",
			providerBlock(silentEndpoint(t), srv.AccessKeyID, srv.AccessKeySecret, "requests_per_second = 0", "rir_sources = []", `client_read_timeout = "1s"`),
			`(?s)Cause:.*(Timeout|timeout)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.provider + record,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			t.Logf("plan failed after %v", time.Since(start).Round(10*time.Millisecond))
		})
	}
	// The same record with a cloud that answers is judged on its merits: blocked for the
	// missing filing, not for a failure.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      emuProvider(srv, "rir_sources = []") + record,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`ICP\s+filing\s+\(备案\)\s+required:\s+www.example.com\s+→\s+47.96.10.20`),
		}},
	})
}

// An explicit provider "beian" {} without any credentials: the provider functions and
// beian_site_compliance make no Alibaba Cloud call and work; an object that needs the
// cloud reports the missing credentials on itself.
func TestAccProvider_offlineFeaturesNeedNoCredentials(t *testing.T) {
	home := t.TempDir() // no ~/.aliyun/config.json
	t.Setenv("HOME", home)
	for _, k := range []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
		"ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE", "BEIAN_ENDPOINT_OVERRIDE"} {
		t.Setenv(k, "")
	}
	site := complianceSite(t)
	offline := `provider "beian" {}

output "number" {
  value = provider::beian::parse_icp_number("京ICP备10046444号-9").entity_number
}
` + siteCheck(site.URL+"/ok")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{{
			Config: offline,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("number", knownvalue.StringExact("京ICP备10046444号")),
				statecheck.ExpectKnownValue(siteData, tfjsonpath.New("icp_number_found"), knownvalue.NotNull()),
			},
		}, {
			Config:      offline + `data "beian_filing" "f" { domain = "example.com" }`,
			ExpectError: regexp.MustCompile(`(?s)credentials\s+\(阿里云凭证\)\s+are\s+missing\s+or\s+conflicting.*no\s+Alibaba\s+Cloud\s+credentials\s+found`),
		}},
	})
}

// A call that times out must not print the signed request URL: the STS token, the
// signature and every parameter are in its query string. The plan runs through the real
// CLI with TRACE logging, so the provider's own logs are searched too, and the
// configured timeout bounds it.
func TestAccProvider_timeoutLeaksNothing(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc does)")
	}
	const token = "STS-TOKEN-must-never-be-printed-6c1f"
	srv := startEmulator(t)
	silent := silentEndpoint(t)
	// No keys in the block: they and the token come from the environment, as in CI.
	endpoints := ""
	for _, p := range aliyun.Products {
		endpoints += fmt.Sprintf("    %s = %q\n", p.Product, silent)
	}
	run := newCLIRun(t, srv, `provider "beian" {
  client_read_timeout    = "1s"
  client_connect_timeout = "1s"
  rir_sources            = []
  requests_per_second    = 0
  endpoints {
`+endpoints+`  }
}
`+aRecord("www", "example.com", "www", "A", mainlandIP))
	run.env = append(run.env, "ALIBABA_CLOUD_SECURITY_TOKEN="+token, "TF_LOG=TRACE")
	start := time.Now()
	code, out := run.run("plan", "-no-color")
	elapsed := time.Since(start)
	if code == 0 {
		t.Fatalf("plan against a blackholed endpoint passed; want it to fail closed:\n%s", lastLines(out, 40))
	}
	for _, secret := range []string{token, srv.AccessKeySecret, "Signature=", "SignatureNonce=", "SecurityToken="} {
		if strings.Contains(out, secret) {
			t.Errorf("the CLI output (TRACE log included) contains %q", secret)
		}
	}
	if !regexp.MustCompile(`(?i)timeout`).MatchString(out) {
		t.Errorf("the plan should name the timeout:\n%s", lastLines(out, 40))
	}
	// Reported, not asserted (shared machines are noisy): the read timeout (1s), its one
	// retry, and nothing per later call to the same endpoint.
	t.Logf("plan against a blackholed endpoint with client_read_timeout = 1s failed after %v", elapsed.Round(10*time.Millisecond))
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// The quickstart (icp-site module: domain, @ and www records, filing check, footer check,
// readiness) once applied: a plan that changes nothing costs at most 5 API calls. The
// account scan used to cost 1 + 3 per region (89 calls) on every plan.
func TestAccQuickstart_noChangePlanCalls(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc does)")
	}
	cli := exampleCLI(t)
	if !cliHasProviderFunctions(t, cli) {
		t.Skip("the quickstart uses provider functions (Terraform ≥ 1.8 / OpenTofu ≥ 1.7)")
	}
	srv := startEmulator(t)
	seed, err := os.Open(filepath.Join("..", "..", "examples", "quickstart", "emulator-seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer seed.Close()
	if err := srv.Emulator.LoadSeed(seed); err != nil {
		t.Fatal(err)
	}
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备2026000001号", SiteRecordNum: "浙ICP备2026000001号-1"}); err != nil {
		t.Fatal(err)
	}
	tree := t.TempDir()
	copyExampleTree(t, filepath.Join("..", "..", "examples"), tree)
	run := newCLIRun(t, srv, "")
	run.dir = filepath.Join(tree, "quickstart")
	// Under dev_overrides the CLI needs no init: `get` fetches the local module.
	for _, args := range [][]string{{"get", "-no-color"}, {"apply", "-auto-approve", "-no-color", "-var", `rir_sources=[]`}} {
		if code, out := run.run(args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, lastLines(out, 60))
		}
	}
	if err := srv.Control.ResetStats(); err != nil {
		t.Fatal(err)
	}
	code, out := run.run("plan", "-detailed-exitcode", "-no-color", "-var", `rir_sources=[]`)
	if code != 0 {
		t.Fatalf("no-change plan: exit %d (2 = changes)\n%s", code, lastLines(out, 60))
	}
	calls := stats(t, srv)
	total := 0
	for _, n := range calls {
		total += n
	}
	t.Logf("quickstart no-change plan: %d API calls %v", total, calls)
	if total > 5 {
		t.Errorf("quickstart no-change plan made %d API calls, want ≤ 5: %v", total, calls)
	}
}

// A bad mainland_cidrs / offshore_cidrs entry is reported on the entry itself.
func TestAccProvider_declaredCIDRErrorNamesTheEntry(t *testing.T) {
	srv := startEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      emuProvider(srv, `mainland_cidrs = ["47.96.0.0/16", "47.96.0.1/16"]`) + `data "beian_regions" "all" {}`,
			ExpectError: regexp.MustCompile(`(?s)Invalid mainland_cidrs entry.*with provider\["[^"]+"\]\.mainland_cidrs\[1\]|(?s)Invalid mainland_cidrs entry.*mainland_cidrs\[1\] "47.96.0.1/16"`),
		}},
	})
}
