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
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// The guard service over the emulator, wired as Configure wires it: the ICP source, the
// account's address lookup and zones from one client. The guard's own logic is tested in
// internal/guard with fakes; these tests prove the wiring and the API cost against the
// emulator's real wire format.

// testGuard builds the guard over an emulator with the test registry file as the only
// location source besides the account.
func testGuard(t *testing.T, srv *emulatortest.Server, enforcement guard.Enforcement) (*guard.Guard, *aliyun.Client) {
	t.Helper()
	c := emuClient(t, srv)
	rir, _ := filepath.Abs("testdata/delegated-test.txt")
	return guard.New(guard.Settings{
		Enforcement: enforcement, Zones: c,
		Filings: icpstatus.Chain{Primary: icpstatus.Companyreg{Client: c}},
		Locator: guard.NewLocator(guard.LocatorSettings{Account: c, RIRSources: []string{rir}}),
		Now:     func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) },
	}), c
}

// judge is the guard's verdict on a new record (Plan) as the resource reports it.
func judge(g *guard.Guard, name, typ, value string) diag.Diagnostics {
	return findingDiags(path.Root("value"), g.Judge(context.Background(), guard.Record{Name: name, Type: typ, Value: value, Enabled: true}, guard.Plan).Findings)
}

// only asserts that diags is one diagnostic of severity sev whose text has every want.
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

func TestGuardServiceOverTheEmulator(t *testing.T) {
	srv := guardEmulator(t)
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com.cn", ICPNumber: "沪ICP备2026000002号",
		Risks: []emulator.Risk{{Type: "content", Description: "footer lacks the filing number", Deadline: "2026-12-10"}}}); err != nil {
		t.Fatal(err)
	}
	g, c := testGuard(t, srv, guard.EnforceError)
	only(t, judge(g, "www.example.com", "A", mainlandIP), diag.SeverityError,
		"www.example.com → 47.96.10.20", "ECS instance i-bp1guardtest000001 in cn-hangzhou", "example.com has no approved ICP filing", "提交备案", `enforcement = "warn"`)
	gw, _ := testGuard(t, srv, guard.EnforceWarn)
	only(t, judge(gw, "www.example.com", "A", mainlandIP), diag.SeverityWarning, "ICP filing (备案) required")
	only(t, judge(g, "www.example.com.cn", "A", mainlandIP), diag.SeverityWarning,
		"rectification deadline (整改期限) 2026-12-10", "footer lacks the filing number", "in 14 days")
	if d := judge(g, "www.example.com", "A", hongkongIP); len(d) != 0 {
		t.Errorf("Hong Kong server: %v", d)
	}
	// A CNAME is followed through the account's zones, which the client lists once a run.
	if _, err := srv.Control.AddRecord(emulator.Record{Domain: "example.com", RR: "origin", Type: "A", Value: mainlandIP}); err != nil {
		t.Fatal(err)
	}
	c.InvalidateZone("example.com")
	only(t, judge(g, "cdn.example.com", "CNAME", "Origin.Example.com."), diag.SeverityError, "via CNAME origin.example.com", "47.96.10.20")
	only(t, judge(g, "cdn.example.com", "CNAME", "x.cdn-provider.net"), diag.SeverityWarning, "cannot follow cdn.example.com → x.cdn-provider.net")
}

// The guard's API cost for a plan of 200 records across 5 zones: one ICP listing and one
// zone list per run, one listing per zone a CNAME leads into, and the account's servers in
// one Resource Center listing that answers every address of the run — however many
// records there are, and wherever their servers are. Half the records are CNAMEs through a
// two-hop chain; the same records re-judged as unchanged cost nothing more. One record (a
// CNAME) costs the same but for the zone listings: one zone, not five.
func TestGuardAPICallsFor200RecordsIn5Zones(t *testing.T) {
	srv, zones := guardCostEmulator(t)
	g, _ := testGuard(t, srv, guard.EnforceError)
	all := make([]int, 200)
	for i := range all {
		all[i] = i
	}
	for i, j := range judgeCostRecords(g, zones, all, guard.Plan) {
		if j.Allowed() || len(j.Findings) != 1 || j.Findings[0].Kind != guard.KindNoFiling {
			t.Fatalf("record %d: want the guard to block (no filing), got %+v", i, j.Findings)
		}
	}
	calls := stats(t, srv)
	t.Logf("guard API calls for 200 records (100 of them CNAME chains) in 5 zones: %d calls %v", callsTotal(calls), calls)
	checkCalls(t, "200 records in 5 zones", calls, guardCost(len(zones)), guardCostWhy)
	if n := callsTotal(calls); n > 8 {
		t.Errorf("200 records cost %d calls; the target is at most 8", n)
	}
	if err := srv.Control.ResetStats(); err != nil {
		t.Fatal(err)
	}
	for i, j := range judgeCostRecords(g, zones, all, guard.Unchanged) {
		if len(j.Findings) != 1 || j.Findings[0].Severity != guard.Warning {
			t.Fatalf("record %d re-judged: want one warning, got %+v", i, j.Findings)
		}
	}
	if again := stats(t, srv); len(again) != 0 {
		t.Errorf("re-judging the same 200 records in the same run cost %v; want nothing more", again)
	}

	// One record — record 1, a CNAME into z2.com — on a fresh emulator and guard: the
	// same per-run cost, and one zone listing.
	srv1, zones1 := guardCostEmulator(t)
	g1, _ := testGuard(t, srv1, guard.EnforceError)
	if j := judgeCostRecords(g1, zones1, []int{1}, guard.Plan)[0]; j.Allowed() || len(j.Findings) != 1 || j.Findings[0].Kind != guard.KindNoFiling {
		t.Fatalf("one record: want the guard to block (no filing), got %+v", j.Findings)
	}
	one := stats(t, srv1)
	t.Logf("guard API calls for 1 record (a CNAME chain): %d calls %v", callsTotal(one), one)
	checkCalls(t, "1 record", one, guardCost(1), guardCostWhy)
}

// Where Resource Center cannot be used, the same 200 records cost what the fallback costs:
// one DescribeIpLocationService per distinct address, or (neither permitted) the scan of
// every region of before; the fallback is said once, on one record.
func TestGuardAPICallsFor200RecordsWithoutResourceCenter(t *testing.T) {
	base := guardCost(5)
	delete(base, "ResourceCenter.SearchResources")
	for _, tc := range []struct {
		name      string
		settings  emulator.Settings
		fallbacks int
		account   map[string]int
	}{
		{"Resource Center not enabled", emulator.Settings{ResourceCenter: "disabled"}, 1,
			map[string]int{"ResourceCenter.SearchResources": 1, "antiddos-public.DescribeIpLocationService": 20}},
		{"neither permitted", emulator.Settings{DeniedActions: []string{"ResourceCenter.SearchResources", "antiddos-public.DescribeIpLocationService"}}, 2,
			// The first address asked in the provider's region (ECS, EIP, CLB filtered),
			// then one scan of the emulator's 28 regions.
			map[string]int{"ResourceCenter.SearchResources": 1, "antiddos-public.DescribeIpLocationService": 1, "Ecs.DescribeRegions": 1,
				"Ecs.DescribeInstances": 29, "Vpc.DescribeEipAddresses": 29, "Slb.DescribeLoadBalancers": 29}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, zones := guardCostEmulator(t)
			if err := srv.Control.SetSettings(tc.settings); err != nil {
				t.Fatal(err)
			}
			g, _ := testGuard(t, srv, guard.EnforceError)
			all := make([]int, 200)
			for i := range all {
				all[i] = i
			}
			told := 0
			for i, j := range judgeCostRecords(g, zones, all, guard.Plan) {
				if j.Allowed() || !hasFinding(j, guard.KindNoFiling) {
					t.Fatalf("record %d: want the guard to block (no filing), got %+v", i, j.Findings)
				}
				for _, f := range j.Findings {
					if f.Kind == guard.KindAccountLookup {
						told++
					}
				}
			}
			if told != tc.fallbacks {
				t.Errorf("the fallback was said %d times, want %d: once per method left, once a run", told, tc.fallbacks)
			}
			want := map[string]int{}
			for k, v := range base {
				want[k] = v
			}
			for k, v := range tc.account {
				want[k] = v
			}
			calls := stats(t, srv)
			t.Logf("%s: %d calls %v", tc.name, callsTotal(calls), calls)
			checkCalls(t, tc.name, calls, want, map[string]string{})
		})
	}
}

func hasFinding(j guard.Judgement, k guard.Kind) bool {
	for _, f := range j.Findings {
		if f.Kind == k {
			return true
		}
	}
	return false
}

// guardCostEmulator is the guard emulator with 5 zones of 20 two-hop CNAME chains each
// (hopN → originN → 39.96.0.N+1) and the 20 servers behind them as ECS instances in
// cn-beijing, outside the provider's region (cn-hangzhou); its statistics start empty.
func guardCostEmulator(t *testing.T) (*emulatortest.Server, []string) {
	t.Helper()
	srv := guardEmulator(t)
	zones := []string{"z1.com", "z2.com", "z3.net", "z4.cn", "z5.com.cn"}
	for _, z := range zones {
		if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: z}); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 20; i++ {
			for _, r := range []emulator.Record{
				{Domain: z, RR: fmt.Sprintf("hop%d", i), Type: "CNAME", Value: fmt.Sprintf("origin%d.%s", i, z)},
				{Domain: z, RR: fmt.Sprintf("origin%d", i), Type: "A", Value: fmt.Sprintf("39.96.0.%d", i+1)},
			} {
				if _, err := srv.Control.AddRecord(r); err != nil {
					t.Fatal(err)
				}
			}
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
	return srv, zones
}

// judgeCostRecords judges the records numbered indices concurrently, as a plan does:
// record i is h<i> in zones[i%5], an A record to 39.96.0.(i%20+1) for even i, a CNAME to
// hop(i%20) in its zone for odd i.
func judgeCostRecords(g *guard.Guard, zones []string, indices []int, phase guard.Phase) []guard.Judgement {
	var wg sync.WaitGroup
	out := make([]guard.Judgement, len(indices))
	for k, i := range indices {
		wg.Add(1)
		go func() {
			defer wg.Done()
			z := zones[i%len(zones)]
			r := guard.Record{Name: fmt.Sprintf("h%d.%s", i, z), Type: "A", Value: fmt.Sprintf("39.96.0.%d", i%20+1), Enabled: true}
			if i%2 == 1 {
				r.Type, r.Value = "CNAME", fmt.Sprintf("hop%d.%s", i%20, z)
			}
			out[k] = g.Judge(context.Background(), r, phase)
		}()
	}
	wg.Wait()
	return out
}

// guardCost is every API call a run of the guard makes over guardCostEmulator, with CNAMEs
// leading into zones zones.
func guardCost(zones int) map[string]int {
	return map[string]int{
		"Companyreg.QuerySuccessIcpData": 1,
		"Alidns.DescribeDomains":         1,
		"Alidns.DescribeDomainRecords":   zones,
		"ResourceCenter.SearchResources": 1,
	}
}

// guardCostWhy says what each call of guardCost is for.
var guardCostWhy = map[string]string{
	"Companyreg.QuerySuccessIcpData": "the account's filings, listed once a run",
	"Alidns.DescribeDomains":         "the account's zones, listed once a run to find the zone of a CNAME's target",
	"Alidns.DescribeDomainRecords":   "one listing of each zone a CNAME leads into, once a run",
	"ResourceCenter.SearchResources": "the account's servers of every region, listed once a run (20 servers: one page)",
}

// icpSourceFunc is an ICP source answering with a function.
type icpSourceFunc func(ctx context.Context, registrable string) (icp.Answer, error)

// Lookup calls f.
func (f icpSourceFunc) Lookup(ctx context.Context, reg string) (icp.Answer, error) {
	return f(ctx, reg)
}

// failingAccount is an account lookup that always fails with err.
type failingAccount struct{ err error }

// LookupAddress fails with f.err.
func (f failingAccount) LookupAddress(context.Context, netip.Addr, bool) (aliyun.AddressLookup, error) {
	return aliyun.AddressLookup{}, f.err
}

// A failed account search does not stop the registry data from deciding, and the failure
// is named in the evidence.
func TestGuardAccountFailureStillUsesRegistryData(t *testing.T) {
	rir, _ := filepath.Abs("testdata/delegated-test.txt")
	loc := guard.NewLocator(guard.LocatorSettings{RIRSources: []string{rir},
		Account: failingAccount{&aliyun.Error{Product: aliyun.ProductECS, Action: "DescribeRegions", Code: "Forbidden.RAM", Class: aliyun.ClassAuth}}})
	g := guard.New(guard.Settings{Filings: icpSourceFunc(func(_ context.Context, reg string) (icp.Answer, error) {
		return icp.Answer{Domain: reg, Status: icp.NotApproved, Evidence: "not filed"}, nil
	}), Locator: loc})
	only(t, judge(g, "www.example.com", "A", "58.16.1.1"), diag.SeverityError,
		"ICP filing (备案) required", "58.16.1.1", "CN", "the cloud account could not be searched", "Forbidden.RAM")
	v := loc.Locate(context.Background(), netip.MustParseAddr("1.32.0.9"), guard.Plan)
	if v.Class != mainland.Offshore || !strings.Contains(v.Evidence, "Forbidden.RAM") {
		t.Errorf("Locate(HK address) = %+v; want offshore by the registry, naming the account error", v)
	}
}

// Registry data: conflicting delegations say so, and an address the loaded data does not
// cover says which data was searched.
func TestGuardRegistryVerdicts(t *testing.T) {
	file := filepath.Join(t.TempDir(), "delegated.txt")
	data := "2|apnic|20261125|3|19830613|20261124|+1000\n" +
		"apnic|*|ipv4|*|3|summary\n" +
		"apnic|CN|ipv4|5.5.0.0|256|20110414|allocated\n" +
		"apnic|HK|ipv4|5.5.0.0|256|20110414|allocated\n" +
		"apnic|CN|ipv4|58.16.0.0|65536|20050421|allocated\n"
	if err := os.WriteFile(file, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	loc := guard.NewLocator(guard.LocatorSettings{RIRSources: []string{file}})
	ctx := context.Background()
	v := loc.Locate(ctx, netip.MustParseAddr("5.5.0.7"), guard.Plan)
	if v.CloudErr != nil || v.Class != mainland.Unknown || v.Source != mainland.SourceRIR {
		t.Errorf("conflicting delegations: %+v; want Unknown decided by the registry data", v)
	}
	v = loc.Locate(ctx, netip.MustParseAddr("9.9.9.9"), guard.Plan)
	if v.Class != mainland.Unknown || strings.Contains(v.Evidence, "loads no registry data") || !strings.Contains(v.Evidence, "no delegation in rir_sources") {
		t.Errorf("uncovered address: %+v; want evidence naming the loaded registry data", v)
	}
}

// A failed ICP lookup fails closed with its cause first, once.
func TestGuardICPLookupErrorDetail(t *testing.T) {
	srv := guardEmulator(t)
	_, c := testGuard(t, srv, guard.EnforceError)
	g := guard.New(guard.Settings{Locator: guard.NewLocator(guard.LocatorSettings{Account: c}),
		Filings: icpSourceFunc(func(_ context.Context, reg string) (icp.Answer, error) {
			return icp.Answer{Domain: reg, Status: icp.Unknown, Evidence: "companyreg QuerySuccessIcpData lookup failed"},
				&aliyun.Error{Product: aliyun.ProductCompanyreg, Action: "QuerySuccessIcpData", Code: "Forbidden.RAM", Class: aliyun.ClassAuth}
		})})
	d := judge(g, "www.example.com", "A", mainlandIP)
	only(t, d, diag.SeverityError, "could not read the ICP filing (备案) status of example.com", "Cause: companyreg.QuerySuccessIcpData: Forbidden.RAM", "lack permission", "fails closed")
	if !strings.HasPrefix(d[0].Detail(), "Cause: ") {
		t.Errorf("the cause must come first:\n%s", d[0].Detail())
	}
	if n := strings.Count(d[0].Detail(), "Forbidden.RAM"); n != 1 {
		t.Errorf("the lookup error appears %d times in the detail; want once", n)
	}
}

// Addresses the classifier settles without the account (declared or non-public) cost no
// account lookup: a plan full of documentation or private addresses makes no ECS, EIP or
// SLB call.
func TestGuardNonPublicAddressesCostNoAccountScan(t *testing.T) {
	srv := guardEmulator(t)
	g, _ := testGuard(t, srv, guard.EnforceError)
	if err := srv.Control.ResetStats(); err != nil {
		t.Fatal(err)
	}
	for _, ip := range []string{"10.1.2.3", "203.0.113.10", "2001:db8::1", "127.0.0.1"} {
		typ := "A"
		if strings.Contains(ip, ":") {
			typ = "AAAA"
		}
		if d := judge(g, "www.example.com", typ, ip); d.ErrorsCount() != 0 {
			t.Fatalf("%s: %v", ip, d)
		}
	}
	for action, n := range stats(t, srv) {
		if n != 0 {
			t.Errorf("checking non-public addresses called %s %d times", action, n)
		}
	}
}

// Judging the names that reach each changed record costs the run's zone listings and
// nothing per record: 100 origins re-pointed (each reached by a CNAME in its zone), judged
// concurrently as a plan does, cost exactly what one does — one ICP listing, one zone
// list, one listing of every zone of the account, and the account's servers listed once.
func TestGuardReverseJudgingCostsNoCallPerRecord(t *testing.T) {
	zones := []string{"z1.com", "z2.com", "z3.net", "z4.cn", "z5.com.cn"}
	setup := func(t *testing.T) (*guard.Guard, *emulatortest.Server) {
		srv := guardEmulator(t)
		for _, z := range zones {
			if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: z}); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 20; i++ {
				for _, r := range []emulator.Record{
					{Domain: z, RR: fmt.Sprintf("hop%d", i), Type: "CNAME", Value: fmt.Sprintf("origin%d.%s", i, z)},
					{Domain: z, RR: fmt.Sprintf("origin%d", i), Type: "A", Value: fmt.Sprintf("203.0.113.%d", i+1)}, // not public: placed by no source, asked of no one
				} {
					if _, err := srv.Control.AddRecord(r); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		if err := srv.Control.ResetStats(); err != nil {
			t.Fatal(err)
		}
		g, _ := testGuard(t, srv, guard.EnforceError)
		return g, srv
	}
	// change re-points origin i of zone z to the mainland server, as the resource
	// registers it: the old record by its ID, the new one in its place.
	change := func(t *testing.T, srv *emulatortest.Server, z string, i int) guard.Change {
		for _, r := range zoneRecords(t, srv, z) {
			if r.RR == fmt.Sprintf("origin%d", i) {
				name := r.RR + "." + z
				return guard.Change{
					Old: &guard.PlannedRecord{Record: guard.Record{Name: name, Type: "A", Value: r.Value, Enabled: true}, ID: r.RecordID},
					New: &guard.PlannedRecord{Record: guard.Record{Name: name, Type: "A", Value: mainlandIP, Enabled: true}, ID: r.RecordID},
				}
			}
		}
		t.Fatalf("no origin%d in %s", i, z)
		return guard.Change{}
	}
	want := map[string]int{
		"Companyreg.QuerySuccessIcpData": 1,
		"Alidns.DescribeDomains":         1,
		"Alidns.DescribeDomainRecords":   len(zones) + 2, // every zone of the account: the five, example.com and example.com.cn
		"ResourceCenter.SearchResources": 1,              // the account's servers, for the one address
	}
	why := map[string]string{
		"Companyreg.QuerySuccessIcpData": "the account's filings, listed once a run",
		"Alidns.DescribeDomains":         "the account's zones, listed once a run",
		"Alidns.DescribeDomainRecords":   "one listing of every zone of the account, once a run: the names that reach a record are found there",
		"ResourceCenter.SearchResources": "the account's servers of every region, listed once a run",
	}
	for _, n := range []int{100, 1} {
		t.Run(fmt.Sprintf("%d changes", n), func(t *testing.T) {
			g, srv := setup(t)
			chs := make([]guard.Change, n)
			for k := range chs {
				chs[k] = change(t, srv, zones[k%5], k/5)
			}
			if err := srv.Control.ResetStats(); err != nil { // zoneRecords above is the control API, but be sure
				t.Fatal(err)
			}
			js := make([]guard.Judgement, n)
			var wg sync.WaitGroup
			for k := range chs {
				wg.Add(1)
				go func() { defer wg.Done(); js[k] = g.JudgeChange(context.Background(), chs[k], guard.Plan) }()
			}
			wg.Wait()
			for k, j := range js {
				z, i := zones[k%5], k/5
				chain := fmt.Sprintf("ICP filing (备案) required: hop%d.%s → origin%d.%s → %s is a mainland-China server", i, z, i, z, mainlandIP)
				found := false
				for _, f := range j.Findings {
					found = found || (f.Blocks && f.Summary == chain)
				}
				if !found {
					t.Fatalf("change %d: no %q among %+v", k, chain, j.Findings)
				}
			}
			checkCalls(t, fmt.Sprintf("%d re-pointed records", n), stats(t, srv), want, why)
		})
	}
}
