package provider

// The test kit of internal/provider: every helper that more than one test file uses lives
// in testkit_*_test.go, each with a doc comment. A helper of a single suite sits at the top
// of that suite's file, next to its only users.
//
//	testkit_test.go            TestMain; provider blocks from the product table; configurations
//	                           from testdata/ (testConfig); HCL builders; CLI error patterns
//	testkit_emulator_test.go   the emulator (start, seed, read back) and the other stand-ins
//	                           for the outside world: dead endpoints, a site with a footer
//	testkit_cli_test.go        the real CLI and provider binary driven like a user (cliRun),
//	                           the provider built once per test process, example trees
//	testkit_functions_test.go  calling provider functions directly, as the framework does
//	testkit_workflow_test.go   GitHub workflows and actions run as written (ghRunner), the Go
//	                           module proxy and the release binaries stood in for by this tree
//	testkit_live_test.go       live mode: TestAccLive's target (the cloud or the emulator), the
//	                           answer recorder (shapes only) and the comparison with recordings
//	testkit_standins_test.go   stand-ins for other DNS providers (Cloudflare, Route 53 …),
//	                           served to the CLI by this test binary, for beian-guard
//	testkit_alicloud_test.go   a stand-in for the alicloud provider (its record resource's
//	                           schema, records in the emulator), for moves from alicloud
//
// # Naming rule
//
//   - x_test.go tests x.go: dns_record_resource_test.go tests dns_record_resource.go, its unit
//     tests and its acceptance tests side by side.
//   - A suite that tests no single file is named for its topic: account_lookup_test.go,
//     beian_guard_test.go, chaos_test.go, crash_test.go, credentials_test.go, failclosed_test.go,
//     filing_official_answer_test.go,
//     functions_test.go, guard_test.go, guard_paths_test.go, guard_records_test.go, guard_service_test.go,
//     live_test.go, location_test.go, other_dns_providers_test.go, real_numbers_test.go,
//     scale_test.go,
//     and examples_*_test.go, one per documented path that is run as written.
//   - testkit_*_test.go hold the shared helpers and their own tests, nothing else.
//   - No file suffix marks acceptance tests: they are the functions named TestAcc*, and they
//     skip without TF_ACC (resource.Test does that itself; a test that drives the CLI on its
//     own calls requireAcc). Everything else runs under plain `go test`.
//
// # Parallel tests
//
// An acceptance test runs in parallel with the others — resource.ParallelTest, or
// t.Parallel() first thing in a test that drives the CLI itself or calls resource.Test more
// than once — because each has its own emulator (startEmulator, guardEmulator) and
// terraform-plugin-testing / newCLIRun give each its own working directory. A table's rows
// are subtests (t.Run), parallel too when each row has its own emulator. Not in parallel:
// a test that changes process-wide state (t.Setenv — Go refuses it in a parallel test —,
// package variables, http.DefaultTransport), that kills processes or asserts on timings
// (crash_test.go, failclosed_test.go), or whose rows compare results with each other. `go
// test -parallel` (default GOMAXPROCS; TESTPARALLEL in the GNUmakefile) bounds how many CLIs
// run at once.
//
// # Configurations
//
// A test's configuration that is a fixed document lives in testdata/<test or topic>.tf, or
// .tftpl (text/template) when a few values vary, and is loaded by name with testConfig.
// Snippets a test generates (one record, a list of them, a provider block) are Go builders
// below. Provider blocks are generated from the product table aliyun.Products, so a new
// product needs no change here.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"unicode"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
)

// testAccProtoV6ProviderFactories serves the provider in-process to the CLI that
// terraform-plugin-testing drives (OpenTofu from .tools/bin by default, see GNUmakefile),
// through the same protocol server as the provider binary (NewServer).
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"beian": NewServer("test"),
}

// TestMain guards against a trap seen on developer and CI machines: TF_CLI_CONFIG_FILE
// pointing at a file that does not exist makes OpenTofu print a warning before its
// version line, and terraform-plugin-testing then fails to parse the version. The tests
// must not depend on the user's CLI configuration anyway, so under TF_ACC they use an empty
// one (BEIAN_TEST_KEEP_CLI_CONFIG=1 keeps an existing file). It also removes the provider
// binaries that providerBinDir and releaseBinaries built for this test process. Started by the CLI as a
// stand-in provider (testkit_standins_test.go), the binary serves that instead.
func TestMain(m *testing.M) {
	if serveStandIn() {
		return
	}
	code := runTests(m)
	removeProviderBinDir()
	removeReleaseBinaries()
	os.Exit(code)
}

// runTests runs the tests, under TF_ACC with the empty CLI configuration of TestMain, and
// returns their exit code.
func runTests(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		return m.Run()
	}
	if f := os.Getenv("TF_CLI_CONFIG_FILE"); f != "" && fileExists(f) && os.Getenv("BEIAN_TEST_KEEP_CLI_CONFIG") != "" {
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "beian-acc-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer os.RemoveAll(dir)
	cfg := filepath.Join(dir, "empty.tfrc")
	if err := os.WriteFile(cfg, []byte("# empty: acceptance tests ignore the user's CLI configuration\n"), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cfg)
	return m.Run()
}

// fileExists reports whether p names an existing file or directory.
func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// requireAcc skips an acceptance test that does not go through resource.Test (which skips
// by itself) unless TF_ACC is set.
func requireAcc(t testing.TB) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc does)")
	}
}

// ---- provider blocks -------------------------------------------------------------------

// endpointsHCL is an endpoints block sending every product of the product table to
// baseURL, indented for a provider block.
func endpointsHCL(baseURL string) string {
	var b strings.Builder
	b.WriteString("  endpoints {\n")
	for _, p := range aliyun.Products {
		fmt.Fprintf(&b, "    %s = %q\n", p.Product, baseURL)
	}
	b.WriteString("  }\n")
	return b.String()
}

// providerBlock renders a provider block that sends every product to baseURL with the
// given static credentials, plus extra attribute lines.
func providerBlock(baseURL, accessKey, secret string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"beian\" {\n  access_key = %q\n  secret_key = %q\n", accessKey, secret)
	for _, e := range extra {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	b.WriteString(endpointsHCL(baseURL))
	b.WriteString("}\n")
	return b.String()
}

// cliProvider is the provider block of a configuration run through cliRun, whose
// environment already points every product at the emulator with its keys
// (BEIAN_ENDPOINT_OVERRIDE, ALIBABA_CLOUD_ACCESS_KEY_*): the client-side rate limit off,
// plus extra attribute lines.
func cliProvider(extra ...string) string {
	var b strings.Builder
	b.WriteString("provider \"beian\" {\n  requests_per_second = 0\n")
	for _, e := range extra {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	b.WriteString("}\n")
	return b.String()
}

// ---- configurations from testdata/ -----------------------------------------------------

// vars are the values a testdata/*.tftpl template is executed with.
type vars map[string]any

// testConfig returns the configuration testdata/<name>.tf, or, when data is not nil,
// testdata/<name>.tftpl executed with data (text/template; a missing key is an error). In
// templates, {{hcl .X}} writes a Go value as an HCL literal (hclValue).
func testConfig(t testing.TB, name string, data vars) string {
	t.Helper()
	if data == nil {
		b, err := os.ReadFile(filepath.Join("testdata", name+".tf"))
		if err != nil {
			t.Fatalf("test configuration: %v", err)
		}
		return string(b)
	}
	file := filepath.Join("testdata", name+".tftpl")
	tmpl, err := template.New(filepath.Base(file)).Option("missingkey=error").
		Funcs(template.FuncMap{"hcl": hclValue}).ParseFiles(file)
	if err != nil {
		t.Fatalf("test configuration: %v", err)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, map[string]any(data)); err != nil {
		t.Fatalf("test configuration %s: %v", file, err)
	}
	return b.String()
}

// hclValue writes a string, a list of strings, an integer or a bool as an HCL literal.
func hclValue(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return hclString(x), nil
	case []string:
		return hclList(x), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	return "", fmt.Errorf("hcl: no HCL literal for %T", v)
}

// ---- HCL builders ----------------------------------------------------------------------

// hclString writes s as an HCL quoted string: quotes and backslashes escaped, template
// sequences (${, %{) doubled, and characters that are not printable (the ideographic and
// no-break spaces real numbers contain) as \uNNNN, so the CLI receives exactly s.
func hclString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		case r == ' ' || (unicode.IsPrint(r) && r < 0x10000):
			b.WriteRune(r)
		case r < 0x10000:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// hclList writes xs as an HCL list of strings.
func hclList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = hclString(x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// aRecord is a beian_dns_record resource called name.
func aRecord(name, domain, rr, typ, value string) string {
	return fmt.Sprintf(`
resource "beian_dns_record" %q {
  domain = %q
  rr     = %q
  type   = %q
  value  = %q
}
`, name, domain, rr, typ, value)
}

// siteData is the address of the data source siteCheck renders.
const siteData = "data.beian_site_compliance.site"

// siteCheck renders a beian_site_compliance data source named "site" (siteData); tests
// run against httptest on 127.0.0.1, so private addresses are allowed unless extra says
// otherwise.
func siteCheck(url string, extra ...string) string {
	allow := true
	for _, e := range extra {
		allow = allow && !strings.HasPrefix(strings.TrimSpace(e), "allow_private_addresses")
	}
	if allow {
		extra = append(extra, "allow_private_addresses = true")
	}
	return fmt.Sprintf("data \"beian_site_compliance\" \"site\" {\n  url = %q\n  %s\n}\n", url, strings.Join(extra, "\n  "))
}

// ---- what the CLI prints ---------------------------------------------------------------

// cliErrorPattern matches the parts of a message, in order, in CLI output that wraps lines
// at spaces: any run of white space in a part matches any run in the output.
func cliErrorPattern(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = wrapTolerant(p)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// wrapTolerant quotes text for a regexp, with any white space between its words.
func wrapTolerant(text string) string {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(words, `\s+`)
}

// blockedPattern is the guard's error for name → the mainland test server (mainlandIP).
func blockedPattern(name string) string {
	return `ICP\s+filing\s+\(备案\)\s+required:\s+` + regexp.QuoteMeta(name) + `\s+→\s+` + regexp.QuoteMeta(mainlandIP)
}

// lastLines returns the last n lines of s, for failure messages about long CLI output.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// ---- the kit's own tests ---------------------------------------------------------------

func TestHCLString(t *testing.T) {
	for in, want := range map[string]string{
		`京ICP备 10046444号`:   `"京ICP备 10046444号"`,
		"京\u3000ICP\u00a0备": `"京\u3000ICP\u00A0备"`,
		`a"b\c`:             `"a\"b\\c"`,
		"${x} %{y} $ %":     `"$${x} %%{y} $ %"`,
		"\n":                `"\u000A"`,
	} {
		if got := hclString(in); got != want {
			t.Errorf("hclString(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestTestdataConfigs loads every configuration of testdata/ the way the tests do (a
// template with empty values) and checks that each is used by a test: a file nobody loads
// is dead, and a template that does not parse fails here rather than in one acceptance test.
func TestTestdataConfigs(t *testing.T) {
	sources, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, s := range sources {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.tf*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no configurations in testdata/")
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(f), ".tftpl"), ".tf")
		if !strings.Contains(all.String(), strconv.Quote(name)) {
			t.Errorf("%s is not loaded by any test (testConfig(t, %q, …))", f, name)
		}
		if strings.HasSuffix(f, ".tftpl") {
			if _, err := template.New(filepath.Base(f)).Funcs(template.FuncMap{"hcl": hclValue}).ParseFiles(f); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}
