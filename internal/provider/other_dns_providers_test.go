package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// otherDNSProvidersDir holds one runnable configuration per DNS provider that the guide
// "ICP guard for other DNS providers" covers, with terraform_data resources standing in
// for that provider's record resource.
var otherDNSProvidersDir = filepath.Join(examplesDir, "other-dns-providers")

// otherDNSProviders is what each directory of otherDNSProvidersDir must do: which
// resource its stand-ins stand in for, the stand-in instances a passing plan creates, the
// chains the guard blocks when example.com points at a mainland server without a filing
// (the apex and every name led to it, each with the names on its way), and what else an
// offshore plan must say.
var otherDNSProviders = map[string]struct {
	resource     string
	instances    []string
	blocked      []string
	offshoreSays []string
}{
	"alicloud": {
		resource:  "alicloud_alidns_record",
		instances: []string{`terraform_data.site["apex"]`, `terraform_data.site["www"]`},
		blocked:   []string{"example.com", "www.example.com → example.com"},
	},
	"aws": {
		resource:  "aws_route53_record",
		instances: []string{`terraform_data.apex`, `terraform_data.alias["cdn"]`, `terraform_data.alias["www"]`},
		blocked:   []string{"example.com", "www.example.com → example.com"},
		// An alias to a CloudFront distribution: the guard cannot follow it, says so and
		// does not block the record.
		offshoreSays: []string{"Warning: ICP guard (备案检查) cannot follow cdn.example.com → d111111abcdef8.cloudfront.net"},
	},
	"cloudflare": {
		resource:  "cloudflare_dns_record",
		instances: []string{`terraform_data.site["apex"]`, `terraform_data.site["www"]`},
		blocked:   []string{"example.com", "www.example.com → example.com"},
	},
	"huaweicloud": {
		resource:  "huaweicloud_dns_recordset",
		instances: []string{`terraform_data.site["apex"]`, `terraform_data.site["www"]`},
		blocked:   []string{"example.com", "www.example.com → example.com"}, // the trailing dots of the record set names are dropped
	},
	"tencentcloud": {
		resource:  "tencentcloud_dnspod_record",
		instances: []string{`terraform_data.site["apex"]`, `terraform_data.site["www"]`},
		blocked:   []string{"example.com", "www.example.com → example.com"},
	},
}

// TestAccOtherDNSProviders_examples runs every configuration of
// examples/other-dns-providers through the CLI against the emulator, as a user runs it:
// pointed at a mainland ECS instance without an ICP filing the plan fails with the guard's
// diagnostic on every record that leads there; pointed at a Hong Kong instance it plans
// the stand-in records; once the filing is approved the mainland server passes too.
func TestAccOtherDNSProviders_examples(t *testing.T) {
	requireAcc(t)
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
	rc := writeDevOverridesRC(t, work, providerBinDir(t))

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

// The icp-site module's extra_records: records the module does not manage are judged by
// the same guard. In error mode a mainland record without a filing fails the plan at the
// module's beian_record_guard; in warn mode the module's check block and the output
// extra_records.allowed (in the caller's precondition) still stop the record; offshore,
// the output says where the record ends.
func TestAccICPSiteModule_extraRecords(t *testing.T) {
	requireAcc(t)
	cli := exampleCLI(t)
	if !cliHasProviderFunctions(t, cli) {
		t.Skip("the icp-site module uses provider functions (Terraform ≥ 1.8 / OpenTofu ≥ 1.7)")
	}
	work := t.TempDir()
	rc := writeDevOverridesRC(t, work, providerBinDir(t))
	tree := filepath.Join(work, "examples")
	copyExampleTree(t, examplesDir, tree)
	srv := guardEmulator(t)

	root := filepath.Join(tree, "extra-records-test")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, root, "main.tf", testConfig(t, "icp_site_extra_records", vars{"HongkongIP": hongkongIP}))
	run := &cliRun{t: t, cli: cli, dir: root, env: emulatorCLIEnv(rc, srv)}
	if code, out := run.run("get", "-no-color"); code != 0 {
		t.Fatalf("get: exit %d\n%s", code, out)
	}
	plan := func(enforcement, ip string, extra ...string) (int, string) {
		t.Helper()
		args := append([]string{"plan", "-no-color", "-input=false", "-detailed-exitcode", "-var", "enforcement=" + enforcement, "-var", "cdn_ip=" + ip}, extra...)
		code, out := run.run(args...)
		return code, strings.Join(strings.Fields(strings.ReplaceAll(out, "│", "")), " ")
	}

	code, out := plan("error", mainlandIP)
	if code != 1 {
		t.Fatalf("error mode, mainland extra record: exit %d, want 1\n%s", code, out)
	}
	for _, s := range []string{
		"Error: ICP filing (备案) required: cdn.example.com → 47.96.10.20 is a mainland-China server",
		"Error: ICP filing (备案) required: static.example.com → cdn.example.com → 47.96.10.20 is a mainland-China server",
		"with module.site.data.beian_record_guard.extra[0]",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("error mode: no %q\n%s", s, out)
		}
	}

	code, out = plan("warn", mainlandIP)
	if code != 1 {
		t.Fatalf("warn mode, mainland extra record: exit %d, want 1 (the caller's precondition)\n%s", code, out)
	}
	for _, s := range []string{
		"Warning: ICP filing (备案) required: cdn.example.com → 47.96.10.20",
		"Warning: Check block assertion failed",
		"Records of example.com managed outside this module need an approved ICP filing (备案) first: ICP filing (备案) required: cdn.example.com → 47.96.10.20",
		"Error: Resource precondition failed", `in resource "terraform_data" "cdn"`,
		"module.site.extra_records.allowed is false ICP filing (备案) required: cdn.example.com → 47.96.10.20 is a mainland-China server; ICP filing (备案) required: static.example.com → cdn.example.com → 47.96.10.20",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("warn mode: no %q\n%s", s, out)
		}
	}

	planFile := filepath.Join(root, "offshore.tfplan")
	if code, out = plan("error", hongkongIP, "-out", planFile); code != 2 || strings.Contains(out, "Error:") || strings.Contains(out, "Warning: Check block assertion failed") {
		t.Fatalf("offshore extra record: exit %d, want 2 without errors or failed checks\n%s", code, out)
	}
	cmd := run.command("show", "-json", planFile)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("show -json: %v\n%s", err, stderr.String())
	}
	var shown struct {
		PlannedValues struct {
			Outputs map[string]struct {
				Value struct {
					Allowed    bool     `json:"allowed"`
					Violations []string `json:"violations"`
					Records    []struct {
						Name     string `json:"name"`
						Location string `json:"location"`
						Allowed  bool   `json:"allowed"`
					} `json:"records"`
				} `json:"value"`
			} `json:"outputs"`
		} `json:"planned_values"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &shown); err != nil {
		t.Fatalf("show -json: %v", err)
	}
	got := shown.PlannedValues.Outputs["extra"].Value
	if !got.Allowed || len(got.Violations) != 0 || len(got.Records) != 2 {
		t.Fatalf("output extra_records offshore = %+v, want allowed, no violations, 2 records", got)
	}
	for _, r := range got.Records {
		if r.Location != "offshore" || !r.Allowed {
			t.Errorf("output extra_records: %s is %q (allowed %v), want offshore and allowed", r.Name, r.Location, r.Allowed)
		}
	}
}

// TestOtherDNSProvidersGuideShowsTheStandIns: the guide shows each provider's real
// record resource, and the examples (validated and run above) carry its attributes in a
// terraform_data stand-in; both must have the same attributes with the same values, so
// that what the guide shows is what the tests ran. Needs no CLI.
func TestOtherDNSProvidersGuideShowsTheStandIns(t *testing.T) {
	guide, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", "other-dns-providers.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range otherDNSProviderDirs(t) {
		t.Run(name, func(t *testing.T) {
			tf, err := os.ReadFile(filepath.Join(otherDNSProvidersDir, name, "records.tf"))
			if err != nil {
				t.Fatal(err)
			}
			standIns := standInBlocks(t, string(tf))
			if len(standIns) == 0 {
				t.Fatalf("examples/other-dns-providers/%s/records.tf has no `# Stands in for: resource \"<type>\" \"<name>\"` stand-in", name)
			}
			for _, s := range standIns {
				if want := otherDNSProviders[name].resource; s.typ != want {
					t.Errorf("%s stands in for %s, want %s", s.label, s.typ, want)
				}
				block, ok := hclBlock(string(guide), fmt.Sprintf("resource %q %q {", s.typ, s.name))
				if !ok {
					t.Errorf("the guide does not show resource %q %q (stood in for by %s)", s.typ, s.name, s.label)
					continue
				}
				shown := flattenHCLBlock(block)
				for k, v := range s.attrs {
					if shown[k] != v {
						t.Errorf("resource %q %q: %s = %q in the guide, %q in the stand-in %s", s.typ, s.name, k, shown[k], v, s.label)
					}
				}
				for k, v := range shown {
					if _, ok := s.attrs[k]; !ok {
						t.Errorf("resource %q %q: the guide sets %s = %q, the stand-in %s does not", s.typ, s.name, k, v, s.label)
					}
				}
			}
		})
	}
}

// standIn is a terraform_data resource of an example that stands in for another provider's
// record resource.
type standIn struct {
	typ, name string            // the real resource it stands in for
	label     string            // terraform_data.<name>
	attrs     map[string]string // flattened, input = { … } unwrapped
}

// standInRE matches a stand-in: the comment naming the real resource, then the
// terraform_data block's first line.
var standInRE = regexp.MustCompile(`(?m)^# Stands in for: resource "(\w+)" "(\w+)".*\n(?:#.*\n)*resource "terraform_data" "(\w+)" \{\n`)

// standInBlocks finds the terraform_data stand-ins of a file and their attributes, with
// the real resource's arguments unwrapped from input = { … } (its nested blocks are
// objects there: alias = { … } for alias { … }).
func standInBlocks(t *testing.T, src string) []standIn {
	t.Helper()
	var out []standIn
	for _, m := range standInRE.FindAllStringSubmatchIndex(src, -1) {
		head := src[m[0]:m[1]]
		sub := standInRE.FindStringSubmatch(head)
		block, ok := hclBlock(src[m[0]:], fmt.Sprintf("resource \"terraform_data\" %q {", sub[3]))
		if !ok {
			t.Fatalf("cannot read the block of terraform_data.%s", sub[3])
		}
		attrs := map[string]string{}
		for k, v := range flattenHCLBlock(block) {
			attrs[strings.TrimPrefix(k, "input.")] = v
		}
		out = append(out, standIn{typ: sub[1], name: sub[2], label: "terraform_data." + sub[3], attrs: attrs})
	}
	return out
}

// hclBlock returns the lines of the top-level block that opens with header (a line of its
// own) up to its closing brace, both excluded.
func hclBlock(src, header string) ([]string, bool) {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if l != header {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if lines[j] == "}" {
				return lines[i+1 : j], true
			}
		}
	}
	return nil, false
}

// A block's opening line and an attribute line of canonically formatted HCL.
var (
	hclOpenRE = regexp.MustCompile(`^\s*(\w+)\s*(?:=\s*)?\{$`)
	hclAttrRE = regexp.MustCompile(`^\s*(\w+)\s*=\s*(.+?)\s*(?:#.*)?$`)
)

// flattenHCLBlock flattens the body of a canonically formatted block into path → value:
// `alias { name = x }` and `alias = { name = x }` both give alias.name = x, so a nested
// block of the real resource matches the object of its stand-in.
func flattenHCLBlock(lines []string) map[string]string {
	out := map[string]string{}
	var path []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case l == "}":
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		case hclOpenRE.MatchString(l):
			path = append(path, hclOpenRE.FindStringSubmatch(l)[1])
		case hclAttrRE.MatchString(l):
			m := hclAttrRE.FindStringSubmatch(l)
			out[strings.Join(append(append([]string(nil), path...), m[1]), ".")] = m[2]
		}
	}
	return out
}

// otherDNSProviderDirs lists the directories of otherDNSProvidersDir, sorted.
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
