package provider

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// testGuard builds a guard over an emulator as Configure would, with the test RIR file.
func testGuard(t testing.TB, srv *emulatortest.Server, enforcement string) *guard {
	t.Helper()
	c := emuClient(t.(*testing.T), srv)
	rir, _ := filepath.Abs("testdata/delegated-test.txt")
	decl, _ := mainland.NewDeclared(nil, nil)
	return &guard{
		enforcement: enforcement, client: c,
		icp:        icpstatus.Chain{Primary: icpstatus.Companyreg{Client: c}},
		classifier: &mainland.Classifier{Declared: decl, Account: accountLookup{client: c}},
		rirSources: []string{rir}, rirLoader: &mainland.Loader{},
		now: func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) },
	}
}

func only(t *testing.T, diags diag.Diagnostics, sev diag.Severity, want ...string) {
	t.Helper()
	if len(diags) != 1 || diags[0].Severity() != sev {
		t.Fatalf("want exactly one %v diagnostic, got %d: %v", sev, len(diags), diags)
	}
	text := diags[0].Summary() + "\n" + diags[0].Detail()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("diagnostic lacks %q:\n%s", w, text)
		}
	}
}

func TestGuardCheckDiagnostics(t *testing.T) {
	srv := guardEmulator(t)
	ctx := context.Background()
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com.cn", ICPNumber: "沪ICP备2026000002号",
		Risks: []emulator.Risk{{Type: "content", Description: "footer lacks the filing number", Deadline: "2026-12-10"}}}); err != nil {
		t.Fatal(err)
	}
	g := testGuard(t, srv, enforcementError)
	c := emuClient(t, srv)

	t.Run("mainland without filing is an error naming the evidence and the way forward", func(t *testing.T) {
		only(t, g.check(ctx, guardTarget{fqdn: "www.example.com", typ: "A", value: mainlandIP, enabled: true}, false), diag.SeverityError,
			"www.example.com → 47.96.10.20", "ECS instance i-bp1guardtest000001 in cn-hangzhou", "example.com has no approved ICP filing",
			"提交备案", "outside mainland China", `enforcement = "warn"`)
	})
	t.Run("warn mode turns the error into a warning", func(t *testing.T) {
		gw := testGuard(t, srv, enforcementWarn)
		only(t, gw.check(ctx, guardTarget{fqdn: "www.example.com", typ: "A", value: mainlandIP, enabled: true}, false), diag.SeverityWarning, "ICP filing (备案) required")
	})
	t.Run("an address nobody can classify warns and names the settings", func(t *testing.T) {
		only(t, g.check(ctx, guardTarget{fqdn: "www.example.com", typ: "A", value: "8.8.8.8", enabled: true}, false), diag.SeverityWarning,
			"cannot classify 8.8.8.8", "mainland_cidrs", "offshore_cidrs", "rir_sources")
	})
	t.Run("a private address warns", func(t *testing.T) {
		only(t, g.check(ctx, guardTarget{fqdn: "www.example.com", typ: "A", value: "10.1.2.3", enabled: true}, false), diag.SeverityWarning, "not a public address")
	})
	t.Run("approved filing with a rectification deadline warns", func(t *testing.T) {
		only(t, g.check(ctx, guardTarget{fqdn: "www.example.com.cn", typ: "A", value: mainlandIP, enabled: true}, false), diag.SeverityWarning,
			"rectification deadline (整改期限) 2026-12-10", "footer lacks the filing number", "in 14 days")
	})
	t.Run("a disabled record is not checked", func(t *testing.T) {
		if d := g.check(ctx, guardTarget{fqdn: "www.example.com", typ: "A", value: mainlandIP}, false); len(d) != 0 {
			t.Fatalf("got %v", d)
		}
	})
	t.Run("a CNAME to a managed record is checked through that record", func(t *testing.T) {
		if _, err := srv.Control.AddRecord(emulator.Record{Domain: "example.com", RR: "origin", Type: "A", Value: mainlandIP}); err != nil {
			t.Fatal(err)
		}
		c.InvalidateZone("example.com")
		only(t, g.check(ctx, guardTarget{fqdn: "cdn.example.com", typ: "CNAME", value: "Origin.Example.com.", enabled: true}, false), diag.SeverityError,
			"via CNAME origin.example.com", "47.96.10.20")
	})
	t.Run("a CNAME to a foreign host is not checked", func(t *testing.T) {
		if d := g.check(ctx, guardTarget{fqdn: "cdn.example.com", typ: "CNAME", value: "x.cdn-provider.net", enabled: true}, false); len(d) != 0 {
			t.Fatalf("got %v", d)
		}
	})
}

// The guard's API cost for a plan of 200 records across 5 zones: one ICP listing per
// run and one account scan (ECS + EIP + SLB) per region, however many records there are.
func TestGuardAPICallsFor200RecordsIn5Zones(t *testing.T) {
	srv := guardEmulator(t)
	zones := []string{"z1.com", "z2.com", "z3.net", "z4.cn", "z5.com.cn"}
	for _, z := range zones {
		if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: z}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 20; i++ {
		if err := srv.Control.AddServer(emulator.ServerSeed{Kind: "ecs", Region: "cn-beijing", IP: fmt.Sprintf("39.96.0.%d", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.Control.ResetStats(); err != nil {
		t.Fatal(err)
	}
	g := testGuard(t, srv, enforcementError)
	c := emuClient(t, srv)
	var wg sync.WaitGroup
	errs := make([]int, 200)
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := g.check(context.Background(), guardTarget{fqdn: fmt.Sprintf("h%d.%s", i, zones[i%5]), typ: "A", value: fmt.Sprintf("39.96.0.%d", i%20+1), enabled: true}, false)
			errs[i] = d.ErrorsCount()
		}()
	}
	wg.Wait()
	for i, n := range errs {
		if n != 1 {
			t.Fatalf("record %d: want the guard to block (no filing), got %d errors", i, n)
		}
	}
	calls := stats(t, srv)
	regions, err := c.DescribeRegions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("guard API calls for 200 records in 5 zones (%d regions): %v", len(regions), calls)
	if calls["Companyreg.QuerySuccessIcpData"] != 1 {
		t.Errorf("QuerySuccessIcpData calls = %d, want 1 per run", calls["Companyreg.QuerySuccessIcpData"])
	}
	// The servers are in cn-beijing, the provider in cn-hangzhou: addresses looked up
	// before the scan of every region is done ask cn-hangzhou first (one filtered call
	// each), then the one scan answers the rest. Never per record: at most one filtered
	// call per distinct address (20) on top of one listing per region.
	for _, a := range []string{"Ecs.DescribeInstances", "Vpc.DescribeEipAddresses", "Slb.DescribeLoadBalancers"} {
		if calls[a] < len(regions) || calls[a] > len(regions)+20 {
			t.Errorf("%s calls = %d, want one per region (%d) plus at most one per distinct address (20)", a, calls[a], len(regions))
		}
	}
	if calls["Ecs.DescribeRegions"] != 1 {
		t.Errorf("DescribeRegions calls = %d, want 1", calls["Ecs.DescribeRegions"])
	}
}

type icpSourceFunc func(ctx context.Context, registrable string) (icp.Answer, error)

func (f icpSourceFunc) Lookup(ctx context.Context, reg string) (icp.Answer, error) {
	return f(ctx, reg)
}

// A failed account scan does not stop the registry data from deciding, and the failure
// is named in the evidence.
func TestGuardAccountFailureStillUsesRegistryData(t *testing.T) {
	srv := guardEmulator(t)
	g := testGuard(t, srv, enforcementError)
	g.classifier.Account = mainland.AccountLookupFunc(func(context.Context, netip.Addr) (mainland.AccountResource, bool, error) {
		return mainland.AccountResource{}, false, &aliyun.Error{Product: aliyun.ProductECS, Action: "DescribeRegions", Code: "Forbidden.RAM", Class: aliyun.ClassAuth}
	})
	only(t, g.check(context.Background(), guardTarget{fqdn: "www.example.com", typ: "A", value: "58.16.1.1", enabled: true}, false), diag.SeverityError,
		"ICP filing (备案) required", "58.16.1.1", "CN", "the cloud account could not be searched", "Forbidden.RAM")
	v := g.classify(context.Background(), netip.MustParseAddr("1.32.0.9"), false)
	if v.Class != mainland.Offshore || !strings.Contains(v.Evidence, "Forbidden.RAM") {
		t.Errorf("classify(HK address) = %+v; want offshore by the registry, naming the account error", v)
	}
}

// The registry data is classified by mainland.Classifier: conflicting delegations say so,
// and an address the loaded data does not cover says which data was searched.
func TestGuardRegistryVerdicts(t *testing.T) {
	srv := guardEmulator(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "delegated.txt")
	data := "2|apnic|20261125|3|19830613|20261124|+1000\n" +
		"apnic|*|ipv4|*|3|summary\n" +
		"apnic|CN|ipv4|5.5.0.0|256|20110414|allocated\n" +
		"apnic|HK|ipv4|5.5.0.0|256|20110414|allocated\n" +
		"apnic|CN|ipv4|58.16.0.0|65536|20050421|allocated\n"
	if err := os.WriteFile(file, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	g := testGuard(t, srv, enforcementError)
	g.rirSources = []string{file}
	ctx := context.Background()
	v := g.classify(ctx, netip.MustParseAddr("5.5.0.7"), false)
	if v.cloudErr != nil || v.Class != mainland.Unknown || v.Source != mainland.SourceRIR {
		t.Errorf("conflicting delegations: %+v; want Unknown decided by the registry data", v)
	}
	v = g.classify(ctx, netip.MustParseAddr("9.9.9.9"), false)
	if v.cloudErr != nil || v.Class != mainland.Unknown || strings.Contains(v.Evidence, "loads no registry data") || !strings.Contains(v.Evidence, "no delegation in rir_sources") {
		t.Errorf("uncovered address: %+v; want evidence naming the loaded registry data", v)
	}
}

// A failed ICP lookup shows the error with its hint, once.
func TestGuardICPLookupErrorDetail(t *testing.T) {
	srv := guardEmulator(t)
	g := testGuard(t, srv, enforcementError)
	g.icp = icpSourceFunc(func(_ context.Context, reg string) (icp.Answer, error) {
		return icp.Answer{Domain: reg, Status: icp.Unknown, Evidence: "companyreg QuerySuccessIcpData lookup failed"},
			&aliyun.Error{Product: aliyun.ProductCompanyreg, Action: "QuerySuccessIcpData", Code: "Forbidden.RAM", Class: aliyun.ClassAuth}
	})
	d := g.check(context.Background(), guardTarget{fqdn: "www.example.com", typ: "A", value: mainlandIP, enabled: true}, false)
	only(t, d, diag.SeverityError, "could not read the ICP filing (备案) status of example.com", "Cause: companyreg.QuerySuccessIcpData: Forbidden.RAM", "lack permission", "fails closed")
	if !strings.HasPrefix(d[0].Detail(), "Cause: ") {
		t.Errorf("the cause must come first:\n%s", d[0].Detail())
	}
	if n := strings.Count(d[0].Detail(), "Forbidden.RAM"); n != 1 {
		t.Errorf("the lookup error appears %d times in the detail; want once", n)
	}
}

// Addresses the classifier settles without the account (declared or non-public) must not
// cost an account scan: a plan full of documentation or private addresses makes no ECS,
// EIP or SLB call.
func TestGuardNonPublicAddressesCostNoAccountScan(t *testing.T) {
	srv := guardEmulator(t)
	g := testGuard(t, srv, enforcementError)
	if err := srv.Control.ResetStats(); err != nil {
		t.Fatal(err)
	}
	for _, ip := range []string{"10.1.2.3", "203.0.113.10", "2001:db8::1", "127.0.0.1"} {
		typ := "A"
		if strings.Contains(ip, ":") {
			typ = "AAAA"
		}
		if d := g.check(context.Background(), guardTarget{fqdn: "www.example.com", typ: typ, value: ip, enabled: true}, false); d.ErrorsCount() != 0 {
			t.Fatalf("%s: %v", ip, d)
		}
	}
	for action, n := range stats(t, srv) {
		if n != 0 {
			t.Errorf("checking non-public addresses called %s %d times", action, n)
		}
	}
}
