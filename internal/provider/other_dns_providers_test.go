package provider

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// otherDNSProvidersDir holds one runnable configuration per DNS provider that the guide
// "ICP guard for other DNS providers" covers, with terraform_data resources standing in
// for that provider's record resource.
var otherDNSProvidersDir = filepath.Join(examplesDir, "other-dns-providers")

// otherDNSProviders is what each directory of otherDNSProvidersDir must do: which
// resource its stand-ins stand in for, the stand-in instances a passing plan creates, the
// names the guard blocks when example.com points at a mainland server without a filing
// (the apex and every name led to it), and what else an offshore plan must say.
var otherDNSProviders = map[string]struct {
	resource     string
	instances    []string
	blocked      []string
	offshoreSays []string
}{
	"alicloud": {
		resource:  "alicloud_alidns_record",
		instances: []string{`terraform_data.site["apex"]`, `terraform_data.site["www"]`},
		blocked:   []string{"example.com", "www.example.com"},
	},
	"aws": {
		resource:  "aws_route53_record",
		instances: []string{`terraform_data.apex`, `terraform_data.alias["cdn"]`, `terraform_data.alias["www"]`},
		blocked:   []string{"example.com", "www.example.com"},
		// An alias to a CloudFront distribution: the guard cannot follow it, says so and
		// does not block the record.
		offshoreSays: []string{"Warning: ICP guard (备案检查) cannot follow cdn.example.com → d111111abcdef8.cloudfront.net"},
	},
	"cloudflare": {
		resource:  "cloudflare_dns_record",
		instances: []string{`terraform_data.site["apex"]`, `terraform_data.site["www"]`},
		blocked:   []string{"example.com", "www.example.com"},
	},
	"huaweicloud": {
		resource:  "huaweicloud_dns_recordset",
		instances: []string{`terraform_data.site["apex"]`, `terraform_data.site["www"]`},
		blocked:   []string{"example.com", "www.example.com"}, // the trailing dots of the record set names are dropped
	},
	"tencentcloud": {
		resource:  "tencentcloud_dnspod_record",
		instances: []string{`terraform_data.site["apex"]`, `terraform_data.site["www"]`},
		blocked:   []string{"example.com", "www.example.com"},
	},
}

// TestAccOtherDNSProviders_examples runs every configuration of
// examples/other-dns-providers through the CLI against the emulator, as a user runs it:
// pointed at a mainland ECS instance without an ICP filing the plan fails with the guard's
// diagnostic on every record that leads there; pointed at a Hong Kong instance it plans
// the stand-in records; once the filing is approved the mainland server passes too.
func TestAccOtherDNSProviders_examples(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc does)")
	}
	dirs := otherDNSProviderDirs(t)
	var want []string
	for name := range otherDNSProviders {
		want = append(want, name)
	}
	slices.Sort(want)
	if !slices.Equal(dirs, want) {
		t.Fatalf("examples/other-dns-providers holds %v, want one directory per provider of the guide: %v", dirs, want)
	}
	cli := exampleCLI(t)
	work := t.TempDir()
	bin := filepath.Join(work, "bin")
	buildExampleProvider(t, bin)
	rc := writeDevOverridesRC(t, work, bin)

	for _, name := range dirs {
		tc := otherDNSProviders[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := guardEmulator(t)
			wd := filepath.Join(t.TempDir(), name)
			copyExampleTree(t, filepath.Join(otherDNSProvidersDir, name), wd)
			// The examples have no provider block (the guide shows one); the test's only
			// turns the client-side rate limit off.
			writeTestFile(t, wd, "emulator_test_provider.tf", "provider \"beian\" {\n  requests_per_second = 0\n}\n")
			run := &cliRun{t: t, cli: cli, dir: wd, env: emulatorCLIEnv(rc, srv)}
			plan := func(ip string) (int, string) {
				t.Helper()
				code, out := run.run("plan", "-no-color", "-input=false", "-detailed-exitcode", "-var", "server_ip="+ip)
				return code, strings.Join(strings.Fields(strings.ReplaceAll(out, "│", "")), " ")
			}

			code, out := plan(mainlandIP)
			if code != 1 {
				t.Fatalf("plan with a mainland server and no filing: exit %d, want 1 (error)\n%s", code, out)
			}
			for _, n := range tc.blocked {
				if s := "Error: ICP filing (备案) required: " + n + " → 47.96.10.20 is a mainland-China server"; !strings.Contains(out, s) {
					t.Errorf("mainland plan: no %q\n%s", s, out)
				}
			}
			for _, s := range []string{"with data.beian_record_guard.site", "ECS instance i-bp1guardtest000001 in cn-hangzhou", "has no approved ICP filing (未备案)"} {
				if !strings.Contains(out, s) {
					t.Errorf("mainland plan: the guard's diagnostic lacks %q\n%s", s, out)
				}
			}
			if n := strings.Count(out, "Error: ICP filing (备案) required"); n != len(tc.blocked) {
				t.Errorf("mainland plan: %d errors, want one per blocked record %v\n%s", n, tc.blocked, out)
			}

			code, out = plan(hongkongIP)
			if code != 2 || strings.Contains(out, "Error:") {
				t.Fatalf("plan with a Hong Kong server: exit %d, want 2 (changes, no error)\n%s", code, out)
			}
			for _, inst := range tc.instances {
				if !strings.Contains(out, "# "+inst+" will be created") {
					t.Errorf("offshore plan does not create %s (standing in for %s)\n%s", inst, tc.resource, out)
				}
			}
			for _, s := range tc.offshoreSays {
				if !strings.Contains(out, s) {
					t.Errorf("offshore plan: no %q\n%s", s, out)
				}
			}

			if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备2026000001号"}); err != nil {
				t.Fatal(err)
			}
			if code, out = plan(mainlandIP); code != 2 || strings.Contains(out, "Error:") {
				t.Fatalf("plan with a mainland server once the filing is approved: exit %d, want 2\n%s", code, out)
			}
		})
	}
}

func otherDNSProviderDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(otherDNSProvidersDir)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && !skipExamplePath(e.Name()) {
			dirs = append(dirs, e.Name())
		}
	}
	slices.Sort(dirs)
	return dirs
}

// emulatorCLIEnv is the CLI environment of a test against the emulator: the test's CLI
// configuration, the emulator's endpoint and credentials, no prompts.
func emulatorCLIEnv(cliConfig string, srv *emulatortest.Server) []string {
	return append(exampleCLIEnv(cliConfig), "TF_INPUT=0",
		"BEIAN_ENDPOINT_OVERRIDE="+srv.URL,
		"ALIBABA_CLOUD_ACCESS_KEY_ID="+srv.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET="+srv.AccessKeySecret)
}

func writeTestFile(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
