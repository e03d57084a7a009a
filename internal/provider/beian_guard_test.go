package provider

// beian-guard (cmd/beian-guard, issue 27) on real plans: configurations using each record
// resource type it reads — served by the stand-in providers of testkit_standins_test.go,
// and beian_dns_record by this provider — are planned by the real CLI, and beian-guard's
// verdict on each record is compared with beian_record_guard's on the same record in the
// same plan. The guard's scenarios (CNAME chains, forwarding, delegation, unknown values,
// a lapsed filing on a live record) are run as plans of other providers' resources.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// beianGuardBin is the beian-guard binary of this tree, built once per test process.
var beianGuardBin struct {
	once sync.Once
	path string
	err  error
}

// beianGuardPath builds beian-guard (go build ./cmd/beian-guard) into the provider
// binary's temporary directory, which TestMain removes.
func beianGuardPath(t testing.TB) string {
	t.Helper()
	dir := providerBinDir(t)
	beianGuardBin.once.Do(func() {
		goCmd, err := exec.LookPath("go")
		if err != nil {
			beianGuardBin.err = err
			return
		}
		out := filepath.Join(dir, "beian-guard")
		if runtime.GOOS == "windows" {
			out += ".exe"
		}
		cmd := exec.Command(goCmd, "build", "-o", out, "github.com/beian-dev/terraform-provider-beian/cmd/beian-guard")
		if b, err := cmd.CombinedOutput(); err != nil {
			beianGuardBin.err = fmt.Errorf("%w\n%s", err, b)
			return
		}
		beianGuardBin.path = out
	})
	if beianGuardBin.err != nil {
		t.Fatalf("building beian-guard: %v", beianGuardBin.err)
	}
	return beianGuardBin.path
}

// requiredStandIns is the terraform block of a configuration using the stand-ins and
// beian, with each provider's registry source.
func requiredStandIns() string {
	var names []string
	for n := range standIns {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    beian = { source = \"beian-dev/beian\" }\n")
	for _, n := range names {
		fmt.Fprintf(&b, "    %s = { source = %q }\n", n, standIns[n].source)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// guardVars are the variables of the testdata/beian_guard configurations.
const guardVars = `
variable "ip" {
  type    = string
  default = "47.96.10.20"
}

variable "hk_ip" {
  type    = string
  default = "47.242.10.20"
}
`

// newGuardRun is a working directory holding config after the terraform block, the
// variables ip and hk_ip and a beian provider block (cliProvider with extra), run by the
// CLI under test with this tree's provider and the stand-ins, against srv.
func newGuardRun(t *testing.T, srv *emulatortest.Server, config string, extra ...string) *cliRun {
	t.Helper()
	requireAcc(t)
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Skip("TF_ACC_TERRAFORM_PATH is not set (make testacc sets it)")
	}
	dir := t.TempDir()
	bin, zones := standInProviderDir(t)
	rc := filepath.Join(dir, "cli.tfrc")
	beian := filepath.ToSlash(providerBinDir(t))
	writeTestFile(t, dir, "cli.tfrc", fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.opentofu.org/beian-dev/beian" = %q
    "registry.terraform.io/beian-dev/beian" = %q
%s  }
  direct {}
}
`, beian, beian, standInDevOverrides(bin)))
	writeTestFile(t, dir, "main.tf", requiredStandIns()+guardVars+cliProvider(append([]string{"rir_sources = []"}, extra...)...)+config)
	env := append(emulatorCLIEnv(rc, srv), standInEnv+"=1", standInDirEnv+"="+zones)
	return &cliRun{t: t, cli: cli, dir: dir, env: env}
}

// planJSON plans the run's configuration into plan.out with args (-var …) and writes
// its JSON to plan.json, returning that path. The plan must succeed.
func planJSON(t *testing.T, run *cliRun, args ...string) string {
	t.Helper()
	if code, out := run.run(append([]string{"plan", "-no-color", "-input=false", "-out=plan.out"}, args...)...); code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, lastLines(out, 60))
	}
	cmd := run.command("show", "-json", "plan.out")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("show -json: %v\n%s", err, stderr.String())
	}
	p := filepath.Join(run.dir, "plan.json")
	if err := os.WriteFile(p, stdout.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// runGuard runs beian-guard in the run's directory and environment (the emulator's
// endpoint and keys) with args, and returns its exit code, standard output and error.
func runGuard(t *testing.T, run *cliRun, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(beianGuardPath(t), args...)
	cmd.Dir = run.dir
	cmd.Env = env
	if env == nil {
		cmd.Env = run.env
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), stdout.String(), stderr.String()
	case err != nil:
		t.Fatalf("beian-guard: %v", err)
	}
	return 0, stdout.String(), stderr.String()
}

// guardJSON is beian-guard's --format json output, the parts the tests read.
type guardJSON struct {
	Verdict  string `json:"verdict"`
	ExitCode int    `json:"exit_code"`
	Records  []struct {
		Address        string           `json:"address"`
		JudgedAs       string           `json:"judged_as"`
		Name           string           `json:"name"`
		Type           string           `json:"type"`
		Value          string           `json:"value"`
		Enabled        bool             `json:"enabled"`
		File           string           `json:"file"`
		Line           int              `json:"line"`
		Allowed        bool             `json:"allowed"`
		Location       string           `json:"location"`
		Registrable    string           `json:"registrable_domain"`
		FilingApproved bool             `json:"filing_approved"`
		Findings       []verdictFinding `json:"findings"`
	} `json:"records"`
	PlanFindings []verdictFinding `json:"plan_findings"`
}

// verdictFinding is a finding as both beian-guard and beian_record_guard show it.
type verdictFinding struct {
	Kind     string `json:"kind"`
	Severity string `json:"severity"`
	Blocks   bool   `json:"blocks"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
}

// verdict is what is compared between beian-guard and beian_record_guard for a record.
type verdict struct {
	Allowed        bool
	Location       string
	Registrable    string
	FilingApproved bool
	Findings       []verdictFinding
}

// recordKey identifies a record by name, type and value, written alike by both sides.
func recordKey(name, typ, value string) string {
	norm := func(s string) string { return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".") }
	return norm(name) + " " + strings.ToUpper(strings.TrimSpace(typ)) + " " + norm(value)
}

// recordGuardVerdicts reads data.beian_record_guard.cmp's results from a plan's JSON.
func recordGuardVerdicts(t *testing.T, planFile string) map[string]verdict {
	t.Helper()
	b, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	type resultT struct {
		Name           string           `json:"name"`
		Type           string           `json:"type"`
		Value          string           `json:"value"`
		Allowed        bool             `json:"allowed"`
		Location       string           `json:"location"`
		Registrable    string           `json:"registrable_domain"`
		FilingApproved bool             `json:"filing_approved"`
		Findings       []verdictFinding `json:"findings"`
	}
	var p struct {
		PriorState struct {
			Values struct {
				RootModule struct {
					Resources []struct {
						Address string `json:"address"`
						Values  struct {
							Results []resultT `json:"results"`
						} `json:"values"`
					} `json:"resources"`
				} `json:"root_module"`
			} `json:"values"`
		} `json:"prior_state"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	out := map[string]verdict{}
	for _, r := range p.PriorState.Values.RootModule.Resources {
		if r.Address != "data.beian_record_guard.cmp" {
			continue
		}
		for _, res := range r.Values.Results {
			out[recordKey(res.Name, res.Type, res.Value)] = verdict{Allowed: res.Allowed, Location: res.Location, Registrable: res.Registrable,
				FilingApproved: res.FilingApproved, Findings: append([]verdictFinding{}, res.Findings...)}
		}
	}
	if len(out) == 0 {
		t.Fatalf("the plan has no results of data.beian_record_guard.cmp (read during the plan)")
	}
	return out
}

// beianGuardVerdicts runs beian-guard --format json on a plan and returns its verdicts by
// record, with its report.
func beianGuardVerdicts(t *testing.T, run *cliRun, env []string, args ...string) (map[string]verdict, guardJSON, int) {
	t.Helper()
	code, stdout, stderr := runGuard(t, run, env, append([]string{"check", "--format", "json"}, args...)...)
	var g guardJSON
	if err := json.Unmarshal([]byte(stdout), &g); err != nil {
		t.Fatalf("beian-guard exit %d: %v\n%s\n%s", code, err, stdout, stderr)
	}
	out := map[string]verdict{}
	for _, r := range g.Records {
		f := r.Findings
		if f == nil {
			f = []verdictFinding{}
		}
		out[recordKey(r.Name, r.Type, r.Value)] = verdict{Allowed: r.Allowed, Location: r.Location, Registrable: r.Registrable,
			FilingApproved: r.FilingApproved, Findings: f}
	}
	return out, g, code
}

// The guard's verdicts on each record type beian-guard reads are beian_record_guard's on
// the same records: the same plan (made by the real CLI with the stand-ins) holds the
// records and the data source's results, and beian-guard judges the plan. With
// enforcement = "warn" the plan succeeds and both sides show every finding; then, with
// enforcement = "error", beian-guard fails (exit 1) with the provider's error text.
func TestAccBeianGuard_sameVerdictsAsRecordGuard(t *testing.T) {
	requireAcc(t)
	files, err := filepath.Glob(filepath.Join("testdata", "beian_guard", "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no configurations in testdata/beian_guard: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".tf")
		t.Run(name, func(t *testing.T) {
			srv := guardEmulator(t)
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			run := newGuardRun(t, srv, string(src), `enforcement = "warn"`)
			plan := planJSON(t, run)
			keepPlanFixture(t, plan, name)
			want := recordGuardVerdicts(t, plan)
			got, report, code := beianGuardVerdicts(t, run, nil, "--enforcement", "warn", plan)
			if code != 0 {
				t.Errorf("warn mode: exit %d, want 0", code)
			}
			if len(report.Records) == 0 {
				t.Fatal("beian-guard found no records")
			}
			if len(got) != len(want) {
				t.Errorf("beian-guard judged %d records, beian_record_guard %d:\n%v\n%v", len(got), len(want), keys(got), keys(want))
			}
			violations := 0
			for k, w := range want {
				g, ok := got[k]
				if !ok {
					t.Errorf("beian-guard did not judge %s", k)
					continue
				}
				if !reflect.DeepEqual(g, w) {
					t.Errorf("%s:\nbeian-guard        %+v\nbeian_record_guard %+v", k, g, w)
				}
				if !w.Allowed {
					violations++
				}
			}
			if violations == 0 {
				t.Fatalf("no record of %s is blocked: the comparison would pass a guard that allows everything", name)
			}
			// enforcement = "error" (the default): the same violations fail the check.
			code, stdout, _ := runGuard(t, run, nil, "check", plan)
			t.Logf("beian-guard check:\n%s", stdout)
			if code != 1 || !strings.Contains(stdout, "Error: ICP filing (备案) required: ") {
				t.Errorf("error mode: exit %d, want 1 with the provider's error\n%s", code, stdout)
			}
		})
	}
}

// Every record type beian-guard reads has a configuration in testdata/beian_guard that
// the comparison above plans.
func TestBeianGuardConfigurationsCoverEveryType(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "beian_guard", "*.tf"))
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	for _, typ := range []string{"alicloud_alidns_record", "alicloud_dns_record", "beian_dns_record", "cloudflare_dns_record", "cloudflare_record",
		"aws_route53_record", "tencentcloud_dnspod_record", "huaweicloud_dns_recordset", "google_dns_record_set",
		"azurerm_dns_a_record", "azurerm_dns_aaaa_record", "azurerm_dns_cname_record"} {
		if !strings.Contains(all.String(), fmt.Sprintf("resource %q ", typ)) {
			t.Errorf("no configuration in testdata/beian_guard has a %s", typ)
		}
	}
}

// errorSummaries are the summaries of the "Error: …" diagnostics in CLI or beian-guard
// text output (box characters and line wrapping folded), sorted.
func errorSummaries(out string) []string {
	var sums []string
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "│╷╵"))
		if s, ok := strings.CutPrefix(line, "Error: "); ok {
			sums = append(sums, strings.Join(strings.Fields(s), " "))
		}
	}
	sort.Strings(sums)
	return nonNil(sums)
}

// guardScenario is one of the guard's scenarios written with other providers' record
// resources, with the same records given to beian_record_guard.
type guardScenario struct {
	name   string
	config string
	// wantErrors are the error summaries both sides must show (empty: the plan passes).
	wantErrors []string
	// warnings are parts of warnings beian-guard must show.
	warnings []string
}

var guardScenarios = []guardScenario{{
	name: "cname_chains",
	// Through the account's zones (hop.example.com → origin.example.com, a zone of
	// another domain), and through the plan's own records (shop → app).
	config: `
data "cloudflare_zone" "example" {
  filter = { name = "example.com" }
}

resource "cloudflare_dns_record" "www" {
  zone_id = data.cloudflare_zone.example.zone_id
  name    = "www"
  type    = "CNAME"
  content = "hop.example.com"
  ttl     = 1
}

resource "aws_route53_record" "static" {
  zone_id = "Z0000000000001"
  name    = "static.example.com"
  type    = "CNAME"
  ttl     = 300
  records = ["edge.sub.example.net"]
}

resource "huaweicloud_dns_recordset" "app" {
  zone_id = "ff8080820000000000000000000000001"
  name    = "app.example.com."
  type    = "A"
  records = [var.ip]
}

resource "huaweicloud_dns_recordset" "shop" {
  zone_id = "ff8080820000000000000000000000001"
  name    = "shop.example.com."
  type    = "CNAME"
  records = ["app.example.com."]
}

data "beian_record_guard" "cmp" {
  records = [
    { name = "www.example.com", type = "CNAME", value = "hop.example.com" },
    { name = "static.example.com", type = "CNAME", value = "edge.sub.example.net" },
    { name = "app.example.com.", type = "A", value = var.ip },
    { name = "shop.example.com.", type = "CNAME", value = "app.example.com." },
  ]
}
`,
	wantErrors: []string{
		"ICP filing (备案) required: app.example.com → 47.96.10.20 is a mainland-China server",
		"ICP filing (备案) required: shop.example.com → app.example.com → 47.96.10.20 is a mainland-China server",
		"ICP filing (备案) required: static.example.com → edge.sub.example.net → 47.96.10.20 is a mainland-China server",
		"ICP filing (备案) required: www.example.com → hop.example.com → origin.example.com → 47.96.10.20 is a mainland-China server",
	},
}, {
	name: "forwarding_and_services",
	// Alibaba Cloud DNS's URL forwarding (both of the alicloud provider's spellings), and a
	// CNAME to an OSS bucket in a mainland region, from DNSPod.
	config: `
resource "alicloud_alidns_record" "go" {
  domain_name = "example.com"
  rr          = "go"
  type        = "REDIRECT_URL"
  value       = "https://www.example.org/"
}

resource "alicloud_alidns_record" "jump" {
  domain_name = "example.com"
  rr          = "jump"
  type        = "FORWORD_URL"
  value       = "https://www.example.org/"
}

resource "tencentcloud_dnspod_record" "static" {
  domain      = "example.com"
  sub_domain  = "static"
  record_type = "CNAME"
  record_line = "默认"
  value       = "mybucket.oss-cn-hangzhou.aliyuncs.com."
}

data "beian_record_guard" "cmp" {
  records = [
    { name = "go.example.com", type = "REDIRECT_URL", value = "https://www.example.org/" },
    { name = "jump.example.com", type = "FORWORD_URL", value = "https://www.example.org/" },
    { name = "static.example.com", type = "CNAME", value = "mybucket.oss-cn-hangzhou.aliyuncs.com." },
  ]
}
`,
	wantErrors: []string{
		"ICP filing (备案) required: go.example.com is a URL-forwarding record, served from mainland China",
		"ICP filing (备案) required: jump.example.com is a URL-forwarding record, served from mainland China",
		"ICP filing (备案) required: static.example.com → mybucket.oss-cn-hangzhou.aliyuncs.com is a mainland-China server",
	},
}, {
	name: "delegation_and_external_hosts",
	// An NS delegation (Route 53) and a CNAME out of reach (Google Cloud DNS): warnings,
	// the plan passes.
	config: `
resource "aws_route53_record" "shop" {
  zone_id = "Z0000000000001"
  name    = "shop.example.com"
  type    = "NS"
  ttl     = 300
  records = ["ns1.other-dns.example"]
}

resource "google_dns_record_set" "cdn" {
  managed_zone = "example"
  name         = "cdn.example.com."
  type         = "CNAME"
  rrdatas      = ["x.cdn-provider.example."]
}

data "beian_record_guard" "cmp" {
  records = [
    { name = "shop.example.com", type = "NS", value = "ns1.other-dns.example" },
    { name = "cdn.example.com.", type = "CNAME", value = "x.cdn-provider.example." },
  ]
}
`,
	warnings: []string{"cannot see past the delegation of shop.example.com to ns1.other-dns.example", "cannot follow cdn.example.com → x.cdn-provider.example"},
}, {
	name: "unknown_values",
	// A value known only after apply (the address of a server created in the same apply),
	// and a CNAME to that record: the provider judges them at apply; beian-guard reports
	// them as not judgeable from the plan (a warning; unknown_values = "fail": exit 2).
	config: `
resource "terraform_data" "server" {
  input = var.ip
}

resource "cloudflare_dns_record" "www" {
  zone_id = "023e105f4ecef8ad9ca31a8372d0c353"
  name    = "www.example.com"
  type    = "A"
  content = terraform_data.server.output
  ttl     = 1
}

resource "azurerm_dns_cname_record" "app" {
  name                = "app"
  zone_name           = "example.com"
  resource_group_name = "dns"
  ttl                 = 300
  record              = "www.example.com"
}

data "beian_record_guard" "cmp" {
  records = [
    { name = "www.example.com", type = "A", value = terraform_data.server.output },
    { name = "app.example.com", type = "CNAME", value = "www.example.com" },
  ]
}
`,
	warnings: []string{"cannot judge www.example.com from the plan: content known only after apply",
		"cannot judge app.example.com → www.example.com from the plan: www.example.com is known only after apply"},
}}

// The guard's scenarios, as plans of other providers' record resources, fail or pass
// through beian-guard as they do through the provider: the same configuration planned
// with beian_record_guard under enforcement = "error" fails with the same errors
// beian-guard reports (exit 1), or passes where beian-guard exits 0.
func TestAccBeianGuard_scenarios(t *testing.T) {
	for _, sc := range guardScenarios {
		t.Run(sc.name, func(t *testing.T) {
			srv := pathsEmulator(t)
			// Through the provider: the plan in error mode.
			strict := newGuardRun(t, srv, sc.config)
			pcode, pout := strict.run("plan", "-no-color", "-input=false", "-detailed-exitcode")
			providerErrs := errorSummaries(pout)
			if (pcode == 1) != (len(sc.wantErrors) > 0) || !reflect.DeepEqual(providerErrs, nonNil(sc.wantErrors)) {
				t.Fatalf("through the provider: exit %d, errors %q; want %q\n%s", pcode, providerErrs, sc.wantErrors, lastLines(pout, 40))
			}
			// Through beian-guard: a plan made in warn mode (so that it is written), judged
			// with beian-guard's own default, enforcement = "error".
			run := newGuardRun(t, srv, sc.config, `enforcement = "warn"`)
			plan := planJSON(t, run)
			code, stdout, stderr := runGuard(t, run, nil, "check", plan)
			wantCode := 0
			if len(sc.wantErrors) > 0 {
				wantCode = 1
			}
			if code != wantCode || !reflect.DeepEqual(errorSummaries(stdout), nonNil(sc.wantErrors)) {
				t.Fatalf("beian-guard: exit %d (want %d), errors %q; want %q\n%s%s", code, wantCode, errorSummaries(stdout), sc.wantErrors, stdout, stderr)
			}
			flat := strings.Join(strings.Fields(stdout), " ")
			for _, w := range sc.warnings {
				if !strings.Contains(flat, "Warning: ICP guard (备案检查) "+w) {
					t.Errorf("beian-guard does not warn %q:\n%s", w, stdout)
				}
			}
			t.Logf("beian-guard check:\n%s", stdout)
			if sc.name == "unknown_values" {
				code, stdout, stderr := runGuard(t, run, nil, "check", "--unknown_values", "fail", plan)
				if code != 2 || !strings.Contains(stdout, "Error: ICP guard (备案检查) cannot judge www.example.com from the plan") ||
					!strings.Contains(stdout, "could not judge 2 records: exit 2") {
					t.Errorf("unknown_values = fail: exit %d, want 2 with the records that could not be judged first\n%s%s", code, stdout, stderr)
				}
			}
		})
	}
}

// A record that does not change is judged as live: once its filing is cancelled (注销),
// beian-guard warns about it, as beian_dns_record does, and does not fail the plan; a
// record re-pointed in the same plan is an error. A saved plan is read through the CLI
// with the same verdicts as its JSON.
func TestAccBeianGuard_unchangedRecordsWarn(t *testing.T) {
	srv := guardEmulator(t)
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备2026000001号"}); err != nil {
		t.Fatal(err)
	}
	run := newGuardRun(t, srv, `
variable "www_ip" {
  type    = string
  default = "47.96.10.20"
}

resource "cloudflare_dns_record" "www" {
  zone_id = "023e105f4ecef8ad9ca31a8372d0c353"
  name    = "www.example.com"
  type    = "A"
  content = var.www_ip
  ttl     = 1
}

resource "beian_dns_record" "apex" {
  domain = "example.com"
  rr     = "@"
  type   = "A"
  value  = var.ip
}
`)
	if code, out := run.run("apply", "-auto-approve", "-no-color", "-input=false"); code != 0 {
		t.Fatalf("apply with the filing approved: exit %d\n%s", code, lastLines(out, 40))
	}
	if err := srv.Control.DeleteFiling("example.com"); err != nil {
		t.Fatal(err)
	}
	plan := planJSON(t, run)
	_, report, code := beianGuardVerdicts(t, run, nil, plan)
	if code != 0 || len(report.Records) != 2 {
		t.Fatalf("unchanged records after the filing was cancelled: exit %d, %d records, want 0 and 2: %+v", code, len(report.Records), report)
	}
	for _, r := range report.Records {
		if r.JudgedAs != "unchanged" || r.Allowed || len(r.Findings) == 0 || r.Findings[0].Severity != "warning" ||
			!strings.Contains(r.Findings[0].Summary, "ICP filing (备案) required: "+r.Name+" → 47.96.10.20") ||
			!strings.Contains(r.Findings[0].Detail, "already live and does not change in this plan") {
			t.Errorf("%s: judged as %s, findings %+v; want a warning that the live record needs the filing", r.Address, r.JudgedAs, r.Findings)
		}
	}
	// The saved plan, read with the CLI named by --cli, or found on PATH, gives the same
	// report.
	onPath := append([]string{}, run.env...)
	for i, kv := range onPath {
		if strings.HasPrefix(kv, "PATH=") {
			onPath[i] = "PATH=" + filepath.Dir(run.cli) + string(os.PathListSeparator) + strings.TrimPrefix(kv, "PATH=")
		}
	}
	for _, how := range []struct {
		env  []string
		args []string
	}{{run.env, []string{"--cli", run.cli}}, {onPath, nil}} {
		code2, stdout2, stderr2 := runGuard(t, run, how.env, append(append([]string{"check", "--format", "json"}, how.args...), "plan.out")...)
		var fromSaved guardJSON
		if err := json.Unmarshal([]byte(stdout2), &fromSaved); err != nil || code2 != code || !reflect.DeepEqual(fromSaved.Records, report.Records) {
			t.Errorf("saved plan %v: exit %d, %v\n%s%s\nwant the records of the plan's JSON: %+v", how.args, code2, err, stdout2, stderr2, report.Records)
		}
	}

	// Re-pointed to another mainland server in the same plan: an error for that record.
	plan = planJSON(t, run, "-var", "www_ip=106.14.1.2")
	code, stdout, _ := runGuard(t, run, nil, "check", plan)
	if code != 1 || !reflect.DeepEqual(errorSummaries(stdout), []string{"ICP filing (备案) required: www.example.com → 106.14.1.2 is a mainland-China server"}) ||
		!strings.Contains(stdout, "Warning: ICP filing (备案) required: example.com → 47.96.10.20") {
		t.Errorf("re-pointed record: exit %d, want 1 with its error and the apex's warning\n%s", code, stdout)
	}
}

// keepPlanFixture copies a plan's JSON to $BEIAN_GUARD_PLAN_FIXTURES/<name>.json when
// that is set: the plans under internal/planjson/testdata/plans, which beian-guard's unit
// tests read, were made so (BEIAN_GUARD_PLAN_FIXTURES=$PWD/internal/planjson/testdata/plans
// with -run TestAccBeianGuard_sameVerdictsAsRecordGuard).
func keepPlanFixture(t *testing.T, plan, name string) {
	dir := os.Getenv("BEIAN_GUARD_PLAN_FIXTURES")
	if dir == "" {
		return
	}
	b, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, b, "", " "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	if err := os.WriteFile(filepath.Join(dir, name+".json"), pretty.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
