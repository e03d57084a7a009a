package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// plans are the plans of the provider's acceptance test TestAccBeianGuard_sameVerdictsAsRecordGuard
// (made by OpenTofu with the stand-in providers), one per configuration.
const plans = "../../internal/planjson/testdata/plans"

// noCloud is an environment without Alibaba Cloud credentials: beian-guard runs offline.
func noCloud(string) string { return "" }

// guardRun runs beian-guard with args and returns its exit code, standard output and error.
func guardRun(t *testing.T, getenv func(string) string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr, getenv)
	return code, stdout.String(), stderr.String()
}

// Offline (no credentials): the embedded location data places 47.96.10.20 in the
// mainland and 47.242.10.20 in Hong Kong; without a declared filing every record to the
// mainland fails (exit 1), with declared filings the plan passes (exit 0).
func TestCheckOffline(t *testing.T) {
	for _, tc := range []struct {
		plan       string
		violations int // without filings
		records    int
	}{
		{"alicloud", 3, 5}, {"aws", 4, 5}, {"azurerm", 3, 4}, {"beian", 2, 2}, {"cloudflare", 3, 3},
		{"google", 3, 4}, {"huaweicloud", 2, 3}, {"tencentcloud", 2, 3},
	} {
		t.Run(tc.plan, func(t *testing.T) {
			plan := filepath.Join(plans, tc.plan+".json")
			code, stdout, stderr := guardRun(t, noCloud, "check", "--format", "json", plan)
			var rep jsonReport
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatalf("exit %d: %v\n%s", code, err, stderr)
			}
			if code != exitViolations || rep.Verdict != "violations" || rep.Summary.Violations != tc.violations || len(rep.Records) != tc.records {
				t.Fatalf("without filings: exit %d, verdict %s, %d violations in %d records; want 1, %d in %d\n%s", code, rep.Verdict,
					rep.Summary.Violations, len(rep.Records), tc.violations, tc.records, stdout)
			}
			if !strings.HasPrefix(rep.Mode, "offline (no Alibaba Cloud credentials)") {
				t.Errorf("mode %q", rep.Mode)
			}
			for _, r := range rep.Records {
				for _, f := range r.Findings {
					if f.Kind == "no_filing" && (!strings.Contains(f.Detail, "location data") || !strings.Contains(f.Detail, "not in the provider's declared_filings")) {
						t.Errorf("%s: the finding does not name the offline evidence: %s", r.Address, f.Detail)
					}
				}
			}
			code, stdout, _ = guardRun(t, noCloud, "check", plan, "--declared_filings", "example.com=浙ICP备2026000001号",
				"--declared_filings", "example.net=浙ICP备2026000002号", "--declared_filings", "example.org=浙ICP备2026000003号")
			if code != exitClean || !strings.Contains(stdout, "0 violations, 0 errors") {
				t.Errorf("with every domain's filing declared: exit %d\n%s", code, stdout)
			}
			code, stdout, _ = guardRun(t, noCloud, "check", "--enforcement", "warn", plan)
			if code != exitClean || strings.Contains(stdout, "\nError: ") || !strings.Contains(stdout, "Warning: ICP filing (备案) required") {
				t.Errorf("enforcement = warn: exit %d\n%s", code, stdout)
			}
		})
	}
}

// Each exit code means one thing: 2 is "could not judge", and says why first.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	os.WriteFile(state, []byte(`{"format_version":"1.0","terraform_version":"1.12.6","values":{"root_module":{}}}`), 0o600)
	errored := filepath.Join(dir, "errored.json")
	os.WriteFile(errored, []byte(`{"format_version":"1.2","errored":true,"planned_values":{"root_module":{}}}`), 0o600)
	future := filepath.Join(dir, "future.json")
	os.WriteFile(future, []byte(`{"format_version":"2.0","planned_values":{"root_module":{}}}`), 0o600)
	aws := filepath.Join(plans, "aws.json")
	for _, tc := range []struct {
		name string
		args []string
		code int
		says string
	}{
		{"no command", nil, 2, "Usage:"},
		{"unknown command", []string{"judge", aws}, 2, `unknown command "judge"`},
		{"two plans", []string{"check", aws, aws}, 2, "one plan file, got 2"},
		{"missing plan", []string{"check", filepath.Join(dir, "nope.json")}, 2, "no such file"},
		{"state", []string{"check", state}, 2, "this is a state, not a plan"},
		{"errored", []string{"check", errored}, 2, "marked errored"},
		{"format version", []string{"check", future}, 2, `format_version "2.0" is not supported`},
		{"bad format", []string{"check", "--format", "xml", aws}, 2, `--format "xml"`},
		{"bad cidr", []string{"check", "--mainland_cidrs", "47.96.10.0/24,not-a-cidr", aws}, 2, "mainland_cidrs[1]"},
		{"bad unknown_values", []string{"check", "--unknown_values", "ignore", aws}, 2, `unknown_values = "ignore"`},
		{"api source offline", []string{"check", "--icp_source", "companyreg", aws}, 2, `icp_source = "companyreg" asks Alibaba Cloud`},
		{"violations", []string{"check", aws}, 1, "Exit 1."},
		{"declared offshore", []string{"check", "--offshore_cidrs", "47.96.10.20", aws}, 0, "0 violations"},
		{"version", []string{"version"}, 0, "beian-guard dev"},
		{"help", []string{"-h"}, 0, "Exit codes: 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := guardRun(t, noCloud, tc.args...)
			if code != tc.code || !strings.Contains(stdout+stderr, tc.says) {
				t.Errorf("exit %d, want %d saying %q\n%s%s", code, tc.code, tc.says, stdout, stderr)
			}
			if code == exitCannot && tc.name != "no command" && !strings.HasPrefix(stderr, "beian-guard: ") {
				t.Errorf("exit 2 must say why first, on standard error: %q", stderr)
			}
		})
	}
}

// .beian-guard.hcl holds the provider's arguments under their names; flags win; a
// misspelt argument or a secret is refused with the file and line.
func TestSettingsFile(t *testing.T) {
	dir := t.TempDir()
	aws := filepath.Join(plans, "aws.json")
	write := func(s string) {
		p := filepath.Join(dir, ".beian-guard.hcl")
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`
enforcement      = "error"
icp_source       = "declared"
declared_filings = { "example.com" = "浙ICP备2026000001号" }
offshore_cidrs   = ["203.0.113.0/24"]
unknown_values   = "fail"
`)
	code, stdout, stderr := guardRun(t, noCloud, "check", "--chdir", dir, aws)
	if code != exitViolations || !strings.Contains(stdout, "1 violation,") || !strings.Contains(stdout, "www.example.org") {
		t.Fatalf("settings from the file (example.com declared): exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = guardRun(t, noCloud, "check", "--chdir", dir, "--declared_filings", "example.org=浙ICP备2026000003号", aws)
	if code != exitViolations || !strings.Contains(stdout, "3 violations") {
		t.Errorf("a flag replaces the file's declared_filings: exit %d\n%s", code, stdout)
	}
	other := filepath.Join(t.TempDir(), "guard.hcl")
	os.WriteFile(other, []byte(`enforcement = "warn"`), 0o600)
	if code, _, _ := guardRun(t, noCloud, "check", "--chdir", dir, "--config", other, aws); code != exitClean {
		t.Errorf("--config names another file (warn): exit %d", code)
	}
	for _, tc := range []struct{ file, says string }{
		{"enforcment = \"warn\"\n", `.beian-guard.hcl:1: Unsupported argument`},
		{"secret_key = \"x\"\n", "secret_key is not read from a settings file"},
		{"endpoints {\n  nope = \"https://x\"\n}\n", `endpoints has no product "nope"`},
		// The provider's rule: a bare number is milliseconds, and 30 ms is below the minimum.
		{"client_read_timeout = \"30\"\n", `client_read_timeout = "30" is shorter than the minimum of 100ms`},
		{"client_read_timeout = \"thirty\"\n", `client_read_timeout = "thirty" is not a duration`},
		{"enforcement = \"block\"\n", `enforcement = "block"`},
		// The provider's client settings, by the provider's rules (guardconfig.Client).
		{"account_lookup_methods = [\"region_scan\", \"nope\"]\n", `account_lookup_methods[1] = "nope" is not a way of searching the account`},
		{"assume_role_with_oidc {\n  oidc_token = \"eyJ\"\n}\n", "assume_role_with_oidc.oidc_token is not read from a settings file"},
		{"assume_role_with_oidc {\n  role_arn = \"acs:ram::1:role/x\"\n}\n", "oidc_provider_arn"},
		{"protocol = \"HTTP\"\nendpoints {\n  alidns = \"bad host:x\"\n}\n", "Invalid endpoint"},
	} {
		write(tc.file)
		code, _, stderr := guardRun(t, noCloud, "check", "--chdir", dir, aws)
		if code != exitCannot || !strings.Contains(stderr, tc.says) {
			t.Errorf("%q: exit %d, want 2 saying %q: %s", tc.file, code, tc.says, stderr)
		}
	}
	if code, _, stderr := guardRun(t, noCloud, "check", "--config", filepath.Join(dir, "missing.hcl"), aws); code != exitCannot || !strings.Contains(stderr, "missing.hcl") {
		t.Errorf("a named settings file that is missing: exit %d: %s", code, stderr)
	}
}

// Records are annotated with the file and line of their resource block, in the root
// module and in a module installed by init (.terraform/modules/modules.json).
func TestBlocksLocated(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../internal/provider/testdata/beian_guard/aws.tf")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "dns.tf"), src, 0o600)
	code, stdout, _ := guardRun(t, noCloud, "check", "--format", "json", "--chdir", dir, filepath.Join(plans, "aws.json"))
	var rep jsonReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("exit %d: %v", code, err)
	}
	want := map[string]int{"aws_route53_record.apex": 11, "aws_route53_record.www": 19, "aws_route53_record.api": 31, "aws_route53_record.org": 39}
	for _, r := range rep.Records {
		if r.Line != want[r.Address] || !strings.HasSuffix(r.File, "dns.tf") {
			t.Errorf("%s at %s:%d, want dns.tf:%d", r.Address, r.File, r.Line, want[r.Address])
		}
	}

	// A module's records: the block in the module's directory.
	mod := filepath.Join(dir, "mods", "dns")
	os.MkdirAll(mod, 0o755)
	os.MkdirAll(filepath.Join(dir, ".terraform", "modules"), 0o755)
	os.WriteFile(filepath.Join(mod, "records.tf"), []byte("\n\nresource \"cloudflare_dns_record\" \"www\" {\n}\n"), 0o600)
	os.WriteFile(filepath.Join(dir, ".terraform", "modules", "modules.json"), []byte(`{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"site.dns","Source":"./mods/dns","Dir":"mods/dns"}]}`), 0o600)
	l := &locator{root: dir, parsed: map[string]map[string]block{}}
	l.readModulesJSON()
	if b, ok := l.find([]string{"site", "dns"}, "cloudflare_dns_record.www"); !ok || b.line != 3 || !strings.HasSuffix(b.file, "records.tf") {
		t.Errorf("module block: %+v %v", b, ok)
	}
}

// JUnit XML: one test case per record, a violation is a failure, a record that cannot be
// judged an error, warnings are output.
func TestJUnit(t *testing.T) {
	code, stdout, _ := guardRun(t, noCloud, "check", "--format", "junit", filepath.Join(plans, "alicloud.json"))
	var doc junitSuites
	if err := xml.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("exit %d: %v\n%s", code, err, stdout)
	}
	if code != exitViolations || doc.Tests != 5 || doc.Failures != 3 || doc.Errors != 0 || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 5 {
		t.Fatalf("exit %d, %d tests, %d failures, %d errors\n%s", code, doc.Tests, doc.Failures, doc.Errors, stdout)
	}
	for _, c := range doc.Suites[0].Cases {
		for _, f := range c.Failures {
			if f.Type != "no_filing" || !strings.Contains(f.Message, "ICP filing (备案) required") || !strings.Contains(f.Text, "\n") {
				t.Errorf("%s: failure %+v", c.Name, f)
			}
		}
	}
}

// With credentials, a cloud that does not answer is a record the guard could not judge:
// exit 2, those records first, the cause in them.
func TestCloudDownFailsClosed(t *testing.T) {
	env := map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIexample0000000000", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "not-a-secret",
		"BEIAN_ENDPOINT_OVERRIDE": "http://127.0.0.1:1", "HOME": t.TempDir()}
	cfg := filepath.Join(t.TempDir(), "guard.hcl")
	os.WriteFile(cfg, []byte("max_retries = 0\n"), 0o600)
	code, stdout, stderr := guardRun(t, func(k string) string { return env[k] }, "check", "--config", cfg, filepath.Join(plans, "beian.json"))
	if code != exitCannot || !strings.Contains(stdout, "with Alibaba Cloud (access key LTAI******** ") || strings.Contains(stdout+stderr, "not-a-secret") {
		t.Fatalf("exit %d, want 2 without the secret\n%s%s", code, stdout, stderr)
	}
	first := strings.Index(stdout, "\nError: ")
	if first < 0 || !strings.HasPrefix(stdout[first+1:], "Error: ICP guard (备案检查) could not ") || !strings.Contains(stdout, "Cause: ") {
		t.Errorf("the records that could not be judged are not first, with their cause:\n%s", stdout)
	}
	if !strings.Contains(stdout, "The guard could not judge 2 records: exit 2.") {
		t.Errorf("summary:\n%s", stdout)
	}
}

// A value the plan marks sensitive is judged, and shown nowhere: not as the record's
// value, not in the guard's texts, in no format.
func TestSensitiveValuesAreNotShown(t *testing.T) {
	plan := "../../internal/planjson/testdata/modules.json"
	for _, format := range []string{"text", "json", "sarif", "junit"} {
		_, stdout, stderr := guardRun(t, noCloud, "check", "--format", format, plan)
		if strings.Contains(stdout+stderr, "10.1.2.3") {
			t.Errorf("%s shows the sensitive value:\n%s", format, stdout)
		}
		if !strings.Contains(stdout, "(sensitive value)") {
			t.Errorf("%s does not say a value was hidden:\n%s", format, stdout)
		}
	}
	// A CNAME leading to the sensitive record shows the chain, not the value.
	chain := filepath.Join(t.TempDir(), "chain.json")
	rc := func(name, after, sensitive string) string {
		return `{"address":"beian_dns_record.` + name + `","mode":"managed","type":"beian_dns_record","name":"` + name +
			`","change":{"actions":["create"],"before":null,"after":` + after + `,"after_unknown":{},"after_sensitive":` + sensitive + `}}`
	}
	doc := `{"format_version":"1.2","planned_values":{"root_module":{}},"resource_changes":[` +
		rc("origin", `{"domain":"example.com","rr":"origin","type":"A","value":"47.96.10.20"}`, `{"value":true}`) + "," +
		rc("www", `{"domain":"example.com","rr":"www","type":"CNAME","value":"origin.example.com"}`, `{}`) + `]}`
	if err := os.WriteFile(chain, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "sarif", "junit"} {
		_, stdout, stderr := guardRun(t, noCloud, "check", "--format", format, chain)
		if strings.Contains(stdout+stderr, "47.96.10.20") {
			t.Errorf("%s shows the sensitive value through the CNAME's chain:\n%s", format, stdout)
		}
		if !strings.Contains(stdout, "www.example.com") {
			t.Errorf("%s does not report the CNAME:\n%s", format, stdout)
		}
	}
	// It was judged: a non-public address cannot be placed.
	_, stdout, _ := guardRun(t, noCloud, "check", plan)
	if !strings.Contains(stdout, "Warning: ICP guard (备案检查) cannot classify (sensitive value)") {
		t.Errorf("the sensitive record was not judged:\n%s", stdout)
	}
}
