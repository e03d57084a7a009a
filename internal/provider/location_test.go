package provider

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// connRecorder is a listener standing in for the whole internet: the provider runs with
// HTTP_PROXY / HTTPS_PROXY pointing at it, so every request a proxy-aware client (Go's
// default transport, the loader's, the SDK's) makes to a host other than the loopback
// emulator lands here. It records the request line (CONNECT ftp.apnic.net:443 …) and
// closes the connection: the attempt fails at once instead of waiting.
type connRecorder struct {
	ln   net.Listener
	mu   sync.Mutex
	seen []string
}

// newConnRecorder starts a connRecorder, closed by the test's cleanup.
func newConnRecorder(t *testing.T) *connRecorder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &connRecorder{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			line, _ := bufio.NewReader(c).ReadString('\n')
			r.mu.Lock()
			r.seen = append(r.seen, strings.TrimSpace(line))
			r.mu.Unlock()
			_ = c.Close()
		}
	}()
	t.Cleanup(func() { _ = ln.Close() })
	return r
}

// url is the recorder as a proxy URL.
func (r *connRecorder) url() string { return "http://" + r.ln.Addr().String() }

// attempts are the request lines the recorder has seen so far.
func (r *connRecorder) attempts() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.seen...)
}

// offlineRun is a CLI run of the real provider binary whose only way out is the
// recorder, and — where strace can trace it — with every connect(2) of the provider
// process tree logged, proxy or not.
type offlineRun struct {
	*cliRun
	rec      *connRecorder
	strace   string // the connect log; "" when strace is unavailable
	emulator netip.AddrPort
}

// newOfflineRun is newCLIRun with the recorder as the only proxy, an empty user cache, and
// the provider wrapped in strace where strace works.
func newOfflineRun(t *testing.T, srv *emulatortest.Server, config string) *offlineRun {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Skip("TF_ACC_TERRAFORM_PATH is not set (make testacc sets it)")
	}
	bin := t.TempDir()
	o := &offlineRun{rec: newConnRecorder(t)}
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if o.emulator, err = netip.ParseAddrPort(u.Host); err != nil {
		t.Fatal(err)
	}
	provider := filepath.Join(providerBinDir(t), "terraform-provider-beian")
	if straceWorks() {
		o.strace = filepath.Join(t.TempDir(), "connect.log")
		wrapper := fmt.Sprintf("#!/bin/sh\nexec strace -f -qq -A -e trace=connect -o %q %q \"$@\"\n", o.strace, provider)
		if err := os.WriteFile(filepath.Join(bin, "terraform-provider-beian"), []byte(wrapper), 0o700); err != nil {
			t.Fatal(err)
		}
	} else {
		t.Log("strace cannot trace here: only proxy-aware clients are audited (the recorder)")
		if err := os.Symlink(provider, filepath.Join(bin, "terraform-provider-beian")); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	rc := writeDevOverridesRC(t, dir, bin)
	writeTestFile(t, dir, "main.tf", requiredBeian+config)
	var env []string
	for _, kv := range emulatorCLIEnv(rc, srv) {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(k) {
		case "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "XDG_CACHE_HOME":
			continue
		}
		env = append(env, kv)
	}
	// An empty user cache: no copy of any file from an earlier run can stand in for a
	// download.
	cache := t.TempDir()
	env = append(env, "XDG_CACHE_HOME="+cache,
		"HTTP_PROXY="+o.rec.url(), "HTTPS_PROXY="+o.rec.url(), "http_proxy="+o.rec.url(), "https_proxy="+o.rec.url(), "ALL_PROXY="+o.rec.url())
	o.cliRun = &cliRun{t: t, cli: cli, dir: dir, env: env}
	return o
}

// straceWorks reports whether strace is installed and may trace a child here (CI
// containers often forbid ptrace).
func straceWorks() bool {
	if _, err := exec.LookPath("strace"); err != nil {
		return false
	}
	return exec.Command("strace", "-f", "-qq", "-e", "trace=connect", "-o", os.DevNull, "true").Run() == nil
}

// straceConnect matches an IPv4 or IPv6 connect(2) in strace's log.
var straceConnect = regexp.MustCompile(`connect\(\d+, \{sa_family=AF_INET6?, sin6?_port=htons\((\d+)\),.*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")`)

// outbound returns every connection the provider attempted to anything but the
// emulator: through the recorder (a proxy-aware client), and, with strace, every
// connect(2) of an IP socket to another address or port (a DNS query included).
func (o *offlineRun) outbound() []string {
	out := o.rec.attempts()
	if o.strace == "" {
		return out
	}
	b, err := os.ReadFile(o.strace)
	if err != nil {
		o.t.Fatalf("reading the strace log: %v", err)
	}
	toEmulator := 0
	defer func() {
		// The provider must have talked to the emulator (account scan, ICP listing): a
		// log without those connects means the trace did not work, not that all is well.
		if toEmulator == 0 {
			o.t.Errorf("strace logged no connect(2) to the emulator at %s: the audit is blind\n%s", o.emulator, b)
		}
	}()
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.Contains(line, "connect(") || !strings.Contains(line, "sa_family=AF_INET") {
			continue // AF_UNIX (the plugin protocol), or not a connect
		}
		m := straceConnect.FindStringSubmatch(line)
		if m == nil {
			out = append(out, "unparsed: "+line)
			continue
		}
		port, _ := strconv.Atoi(m[1])
		host := m[2] + m[3]
		a, err := netip.ParseAddr(host)
		if err == nil && a.Unmap() == o.emulator.Addr() && uint16(port) == o.emulator.Port() {
			toEmulator++
			continue
		}
		out = append(out, fmt.Sprintf("connect(2) to %s port %d", host, port))
	}
	return out
}

// The location-data issue's "done when": a plan with a record to 52.80.1.1 (AWS China,
// Beijing — ARIN space, so registry data says US) and no filing fails, mainland, with
// evidence naming the embedded location data and its date, and the provider attempts no
// connection to anything but the emulator: no download at plan time by default.
func TestAccLocation_offlinePlanBlocksAWSBeijingWithoutDownload(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	srv := startEmulator(t, "example.com")
	info := mainland.EmbeddedLocationInfo()
	r := newOfflineRun(t, srv, cliProvider()+aRecord("www", "example.com", "www", "A", "52.80.1.1"))
	code, out := r.run("plan", "-no-color")
	if code == 0 {
		t.Fatalf("plan passed; want the ICP guard's error\n%s", out)
	}
	want := cliErrorPattern("ICP filing (备案) required: www.example.com → 52.80.1.1 is a mainland-China server",
		"location data "+info.Date+": CN (mainland China) for 52.80.0.0/15, decided by origin network AS55960", "(embedded "+info.Source+")",
		"example.com has no approved ICP filing (未备案)")
	if !want.MatchString(out) {
		t.Fatalf("plan output lacks the mainland verdict from the embedded data:\n%s", out)
	}
	if strings.Contains(out, "could not be loaded") || strings.Contains(out, "rir_sources:") {
		t.Errorf("the plan mentions a download:\n%s", out)
	}
	if got := r.outbound(); len(got) != 0 {
		t.Errorf("the provider attempted connections other than to the emulator: %q", got)
	}
	if entries, _ := os.ReadDir(filepath.Join(r.envValue("XDG_CACHE_HOME"), "terraform-provider-beian")); len(entries) != 0 {
		t.Errorf("the plan wrote downloads to the user cache: %v", entries)
	}
}

// The location-truth issue's "done when", through the CLI against the emulator and with
// the same audit (no connection but to the emulator): an A record to 8.137.30.10 — Alibaba
// Cloud's mainland network AS37963, which the single geolocation table placed in Singapore
// and let through in silence — not in the account and without a filing fails the plan; one
// to 16.162.1.1 — AWS Hong Kong (ap-east-1), which it placed in the mainland and blocked —
// passes without a warning: one geolocation source says CN, but Amazon's network decides,
// and AWS's own region list confirms it serves outside mainland China only (the evidence,
// shown here through classify_address in the same plan, names both). One to a Hong Kong
// block of China Telecom Global that a source places in the mainland, where only the
// network list says offshore, passes with a warning naming the disagreement.
func TestAccLocation_sourcesDecideAlibabaMainlandAndAWSHongKong(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	srv := startEmulator(t, "example.com")
	r := newOfflineRun(t, srv, cliProvider()+aRecord("www", "example.com", "www", "A", "8.137.30.10"))
	code, out := r.run("plan", "-no-color")
	if code == 0 {
		t.Fatalf("plan passed; want the ICP guard's error\n%s", out)
	}
	if !cliErrorPattern("ICP filing (备案) required: www.example.com → 8.137.30.10 is a mainland-China server",
		"CN (mainland China)", "decided by origin network AS37963, Hangzhou Alibaba Advertising (Alibaba Cloud mainland network)",
		"dbip-country says CN (agrees), geo-whois-asn-country says another country (disagrees); the sources disagree",
		"example.com has no approved ICP filing (未备案)").MatchString(out) {
		t.Fatalf("plan output lacks the mainland verdict and its sources:\n%s", out)
	}
	if got := r.outbound(); len(got) != 0 {
		t.Errorf("the provider attempted connections other than to the emulator: %q", got)
	}

	r = newOfflineRun(t, srv, cliProvider()+aRecord("www", "example.com", "www", "A", "16.162.1.1")+`
output "aws_hong_kong" { value = join(" | ", provider::beian::classify_address("16.162.1.1").sources) }
`)
	code, out = r.run("plan", "-no-color")
	if code != 0 {
		t.Fatalf("plan of an AWS Hong Kong record failed: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "Error:") || strings.Contains(out, "ICP guard") || strings.Contains(out, "not proof") {
		t.Errorf("a diagnostic of the guard for an AWS Hong Kong record:\n%s", out)
	}
	if !cliErrorPattern("origin network AS16509, Amazon.com (AWS outside China) (serves outside mainland China only, as AWS's region list (ip-ranges.json) confirms",
		"dbip-country@2.3.2026060120: HK (Hong Kong)", "geo-whois-asn-country@2.3.2026061719: CN (mainland China)").MatchString(out) {
		t.Errorf("plan output lacks the sources of 16.162.1.1:\n%s", out)
	}
	if got := r.outbound(); len(got) != 0 {
		t.Errorf("the provider attempted connections other than to the emulator: %q", got)
	}

	r = newOfflineRun(t, srv, cliProvider()+aRecord("www", "example.com", "www", "A", "203.80.141.1"))
	code, out = r.run("plan", "-no-color")
	if code != 0 {
		t.Fatalf("plan of a China Telecom Global Hong Kong record failed: exit %d\n%s", code, out)
	}
	if !cliErrorPattern("Warning:", "the location data's offshore answer for 203.80.141.1 is not proof",
		"a source places it in mainland China", "HK (Hong Kong) for 203.80.141.0/24, decided by origin network AS23764",
		"dbip-country says HK (agrees), geo-whois-asn-country says CN (disagrees)").MatchString(out) {
		t.Errorf("plan output lacks the warning naming the disagreement:\n%s", out)
	}
	if strings.Contains(out, "Error:") {
		t.Errorf("an error for a Hong Kong record:\n%s", out)
	}
}

// The audit itself: with location data off and an APNIC URL in rir_sources, the
// provider does try to download, and the recorder sees it — so an empty audit above
// means something. The failure is reported in the evidence, and the address (ARIN space
// without location data) stays unclassified: a warning, not an error.
func TestAccLocation_auditSeesADownload(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	srv := startEmulator(t, "example.com")
	r := newOfflineRun(t, srv, cliProvider(`location_sources = []`, `rir_sources = ["https://ftp.apnic.net/stats/apnic/delegated-apnic-latest"]`)+
		aRecord("www", "example.com", "www", "A", "52.80.1.1"))
	code, out := r.run("plan", "-no-color")
	if code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, out)
	}
	if !cliErrorPattern("cannot classify 52.80.1.1", "the registry data of rir_sources could not be loaded", "ftp.apnic.net").MatchString(out) {
		t.Errorf("plan output lacks the failed download:\n%s", out)
	}
	got := r.outbound()
	if len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), "ftp.apnic.net:443") {
		t.Fatalf("the audit did not see the download attempt: %q", got)
	}
}

// envValue returns the value of an environment variable of the run.
func (o *offlineRun) envValue(k string) string {
	for _, kv := range o.env {
		if v, ok := strings.CutPrefix(kv, k+"="); ok {
			return v
		}
	}
	return ""
}

// A provider run pays for the embedded location table only when it classifies a public
// address: configuring the provider, and classifying declared or private addresses, leave
// it undecoded. Runs in a child process, where nothing else has decoded it yet.
func TestGuardDecodesEmbeddedLocationOnFirstNeed(t *testing.T) {
	if os.Getenv("BEIAN_LAZY_LOCATION_CHILD") != "1" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestGuardDecodesEmbeddedLocationOnFirstNeed$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "BEIAN_LAZY_LOCATION_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestGuardDecodesEmbeddedLocationOnFirstNeed") {
			t.Fatalf("child: %v\n%s", err, out)
		}
		return
	}
	ctx := t.Context()
	if mainland.EmbeddedLocationDecoded() {
		t.Fatal("decoded before anything asked for it")
	}
	null := types.ListNull(types.StringType)
	m := &providerModel{AccountLookup: types.BoolValue(false), DeclaredFilings: types.MapNull(types.StringType),
		OffshoreCIDRs: null, LocationSources: null, RIRSources: null}
	var err error
	if m.MainlandCIDRs, err = listOf("203.0.113.0/24"); err != nil {
		t.Fatal(err)
	}
	settings, diags := guardSettings(ctx, m, nil, nil)
	if diags.HasError() {
		t.Fatal(diags)
	}
	loc := settings.Locator
	for _, a := range []string{"203.0.113.7", "10.1.2.3", "64:ff9b::a00:1", "fe80::1"} {
		if v := loc.Locate(ctx, netip.MustParseAddr(a), guard.Plan); v.CloudErr != nil {
			t.Fatal(v.CloudErr)
		}
	}
	if mainland.EmbeddedLocationDecoded() {
		t.Fatal("configuring the provider or classifying declared / non-public addresses decoded the table")
	}
	v := loc.Locate(ctx, netip.MustParseAddr("52.80.1.1"), guard.Plan)
	if err := v.CloudErr; err != nil || v.Class != mainland.Mainland || v.Source != mainland.SourceLocation || !mainland.EmbeddedLocationDecoded() {
		t.Fatalf("first public address: %+v %v, decoded %v", v, err, mainland.EmbeddedLocationDecoded())
	}
}

// listOf is a list of strings as the framework holds it.
func listOf(items ...string) (types.List, error) {
	vals := make([]attr.Value, len(items))
	for i, s := range items {
		vals[i] = types.StringValue(s)
	}
	l, diags := types.ListValue(types.StringType, vals)
	if diags.HasError() {
		return l, fmt.Errorf("%v", diags)
	}
	return l, nil
}

// A misspelled local path in location_sources or rir_sources is a configuration error on
// that entry, naming the attribute and the path — not a warning at the first record.
func TestAccLocation_missingLocalSourceIsAConfigurationError(t *testing.T) {
	srv := startEmulator(t, "example.com")
	missing := filepath.Join(t.TempDir(), "geo-whois-asn-country-ipv4-num.cvs")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      emuProvider(srv, fmt.Sprintf(`location_sources = [%q, "embedded"]`, missing)) + aRecord("www", "example.com", "www", "A", "52.80.1.1"),
			PlanOnly:    true,
			ExpectError: cliErrorPattern("Invalid location_sources: location data file not found", `location_sources[0]: the file "`+missing+`" does not exist`, "Fix the path"),
		}, {
			Config:      emuProvider(srv, fmt.Sprintf(`rir_sources = [%q]`, missing)) + aRecord("www", "example.com", "www", "A", "52.80.1.1"),
			PlanOnly:    true,
			ExpectError: cliErrorPattern("Invalid rir_sources: registry file not found", `rir_sources[0]: the file "`+missing+`"`),
		}},
	})
}

// A team can point location_sources at a fresher copy of the data in the same CSV format,
// asked before the embedded table; the verdict names that file and its date.
func TestAccLocation_fresherLocationFileComesFirst(t *testing.T) {
	srv := startEmulator(t, "example.com")
	fresh := filepath.Join(t.TempDir(), "geo-whois-asn-country-ipv4.csv")
	// The fresher copy says 52.80.0.0/16 moved to Singapore and 1.2.3.0/24 is in China.
	if err := os.WriteFile(fresh, []byte("52.80.0.0,52.80.255.255,SG\n1.2.3.0,1.2.3.255,CN\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2026, 9, 30, 8, 0, 0, 0, time.UTC)
	if err := os.Chtimes(fresh, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	p := emuProvider(srv, fmt.Sprintf(`location_sources = [%q, "embedded"]`, fresh))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: p + aRecord("www", "example.com", "www", "A", "52.80.1.1"), // offshore now: passes
		}, {
			Config:      p + aRecord("www", "example.com", "www", "A", "1.2.3.4"),
			ExpectError: cliErrorPattern("www.example.com → 1.2.3.4 is a mainland-China server", "location data 2026-09-30: CN (mainland China) for 1.2.3.0/24, from "+fresh),
		}, {
			// Addresses the file does not cover fall through to the embedded table.
			Config:      p + aRecord("www", "example.com", "www", "A", "54.222.1.1"),
			ExpectError: cliErrorPattern("54.222.1.1 is a mainland-China server", "(embedded @ip-location-db/geo-whois-asn-country@"),
		}},
	})
}

// An AAAA record to an IPv6 address that carries a mainland server's IPv4 address is
// judged by that IPv4 address (issue 14, path 12): the account's ECS behind NAT64, and an
// AWS Beijing address behind 6to4, both fail the plan like their IPv4 addresses would.
func TestAccGuard_ipv4EmbeddingAAAAIsJudgedByItsIPv4Address(t *testing.T) {
	srv := guardEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// 64:ff9b::2f60:a14 is 47.96.10.20 (mainlandIP) under the NAT64 well-known prefix.
			Config: guardProvider(srv) + aRecord("v6", "example.com", "www", "AAAA", "64:ff9b::2f60:a14"),
			ExpectError: cliErrorPattern("www.example.com → 64:ff9b::2f60:a14 is a mainland-China server",
				"64:ff9b::2f60:a14 carries the IPv4 address 47.96.10.20 (64:ff9b::/96, NAT64 well-known prefix, RFC 6052 §2.1)",
				"ECS instance i-bp1guardtest000001 in cn-hangzhou"),
		}, {
			Config: guardProvider(srv) + aRecord("v6", "example.com", "www", "AAAA", "2002:3450:101::1"),
			ExpectError: cliErrorPattern("www.example.com → 2002:3450:101::1 is a mainland-China server",
				"carries the IPv4 address 52.80.1.1 (2002::/16, 6to4, RFC 3056 §2)", "location data"),
		}, {
			// The Hong Kong server behind NAT64 passes.
			Config: guardProvider(srv) + aRecord("v6", "example.com", "www", "AAAA", "64:ff9b::2ff2:a14"),
		}},
	})
}

// TestAccLocation_plansInANetworkNamespaceWithOnlyLoopback is the offline promise in its
// strictest form: the CLI, the provider and the emulator run in a network namespace of
// their own (unshare -rn) whose only interface is loopback — no route anywhere, no DNS
// resolver — so any attempt to reach the internet fails, proxy-aware or not. A record to
// 8.137.30.10 (Alibaba Cloud mainland, not in the account) still fails the plan, and one
// to 16.162.1.1 (AWS Hong Kong) still passes: the verdicts come from the embedded data.
func TestAccLocation_plansInANetworkNamespaceWithOnlyLoopback(t *testing.T) {
	requireAcc(t)
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Skip("TF_ACC_TERRAFORM_PATH is not set (make testacc sets it)")
	}
	if out, err := exec.Command("unshare", "-rn", "ip", "link", "set", "lo", "up").CombinedOutput(); err != nil {
		t.Skipf("this machine refuses an unprivileged network namespace (unshare -rn; ip link): %v %s", err, out)
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin, "./cmd/beian-emulator")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building beian-emulator: %v\n%s", err, out)
	}
	seed := filepath.Join(t.TempDir(), "seed.json")
	writeTestFile(t, filepath.Dir(seed), filepath.Base(seed), `{"domains": [{"domain": "example.com", "real_name_status": "SUCCEED"}]}`)
	// The script run inside the namespace: loopback up, the namespace's interfaces listed
	// (the test checks there is no other), the emulator started on a free port and waited
	// for through its address file, then the plan.
	const script = `set -u
ip link set lo up || exit 90
echo "LINKS $(ip -o link show | wc -l)"
"$EMULATOR" -listen 127.0.0.1:0 -addr-file "$WORK/addr" -seed-file "$SEED" >"$WORK/emulator.log" 2>&1 &
pid=$!
i=0
until [ -s "$WORK/addr" ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$WORK/emulator.log"; exit 91; }
  i=$((i + 1)); [ "$i" -lt 400 ] || exit 92
  sleep 0.05
done
export BEIAN_ENDPOINT_OVERRIDE="$(cat "$WORK/addr")"
cd "$DIR" && "$CLI" plan -no-color -input=false
code=$?
kill "$pid"; wait "$pid" 2>/dev/null
exit "$code"
`
	plan := func(value string) (int, string) {
		dir := t.TempDir()
		rc := writeDevOverridesRC(t, dir, providerBinDir(t))
		writeTestFile(t, dir, "main.tf", requiredBeian+cliProvider()+aRecord("www", "example.com", "www", "A", value))
		cmd := exec.Command("unshare", "-rn", "sh", "-c", script)
		cmd.Env = append(exampleCLIEnv(rc), "TF_INPUT=0",
			"ALIBABA_CLOUD_ACCESS_KEY_ID="+emulator.DefaultAccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET="+emulator.DefaultAccessKeySecret,
			"EMULATOR="+filepath.Join(bin, "beian-emulator"), "SEED="+seed, "WORK="+t.TempDir(), "DIR="+dir, "CLI="+cli)
		out, err := cmd.CombinedOutput()
		code := 0
		if err != nil {
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("unshare: %v\n%s", err, out)
			}
			code = exit.ExitCode()
		}
		if code >= 90 && code <= 92 {
			t.Fatalf("the namespace's setup failed (exit %d):\n%s", code, out)
		}
		if !strings.Contains(string(out), "LINKS 1\n") {
			t.Fatalf("the namespace has an interface besides loopback:\n%s", out)
		}
		return code, string(out)
	}

	code, out := plan("8.137.30.10")
	if code == 0 {
		t.Fatalf("plan passed in the namespace; want the ICP guard's error\n%s", out)
	}
	if !cliErrorPattern("ICP filing (备案) required: www.example.com → 8.137.30.10 is a mainland-China server",
		"decided by origin network AS37963").MatchString(out) {
		t.Fatalf("plan output lacks the mainland verdict from the embedded data:\n%s", out)
	}
	code, out = plan("16.162.1.1")
	if code != 0 {
		t.Fatalf("plan of an AWS Hong Kong record failed in the namespace: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "Error:") || strings.Contains(out, "ICP guard") {
		t.Errorf("a diagnostic of the guard for an AWS Hong Kong record:\n%s", out)
	}
}
