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

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var _ = emulator.FilingSeed{}
