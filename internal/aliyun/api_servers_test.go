package aliyun

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// A region whose ECS API refuses the key is skipped and named; the rest of the account is
// still scanned; and the answer — a failed scan too — is kept for the run.
func TestAccountAddressesSkipsRegionsWithoutPermission(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		params := r.URL.Query().Encode() + "&" + string(body)
		region := ""
		for _, p := range strings.Split(params, "&") {
			if strings.HasPrefix(p, "RegionId=") {
				region = strings.TrimPrefix(p, "RegionId=")
			}
		}
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.Contains(params, "Action=DescribeRegions"):
			writeRegions(w)
		case region == "cn-hongkong" && strings.Contains(params, "Action=DescribeInstances"):
			writeRPCError(w, http.StatusForbidden, "Forbidden.RAM", "req-403", "User not authorized to operate on the specified resource.")
		case region == "cn-hangzhou" && strings.Contains(params, "Action=DescribeInstances"):
			io.WriteString(w, `{"RequestId":"r","TotalCount":1,"Instances":{"Instance":[{"InstanceId":"i-hz1","RegionId":"cn-hangzhou","PublicIpAddress":{"IpAddress":["47.96.1.2"]}}]}}`) //nolint:errcheck
		case strings.Contains(params, "Action=DescribeEipAddresses"):
			io.WriteString(w, `{"RequestId":"r","TotalCount":0,"EipAddresses":{"EipAddress":[]}}`) //nolint:errcheck
		case strings.Contains(params, "Action=DescribeLoadBalancers"):
			writeRPCError(w, http.StatusBadRequest, "OperationDenied.SlbNotActivated", "req-slb", "The SLB service is not activated.")
		default:
			io.WriteString(w, `{"RequestId":"r","TotalCount":0,"Instances":{"Instance":[]}}`) //nolint:errcheck
		}
	})
	eps, err := NewEndpoints(nil, f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	clearProxyEnv(t)
	c, err := NewClient(Config{
		Credentials: Credentials{AccessKeyID: fakeAccessKeyID, AccessKeySecret: fakeSecret, Source: "test"},
		Region:      "cn-hangzhou", Endpoints: eps, MaxRetries: 1, BaseDelay: testBaseDelay,
	})
	if err != nil {
		t.Fatal(err)
	}
	scan, err := c.accountAddresses(context.Background())
	if err != nil {
		t.Fatalf("accountAddresses failed although only some regions refused: %v", err)
	}
	if a, ok := scan.Addresses[netip.MustParseAddr("47.96.1.2")]; !ok || a.ID != "i-hz1" || a.Region != "cn-hangzhou" {
		t.Errorf("the permitted region was not scanned: %+v", scan.Addresses)
	}
	joined := strings.Join(scan.Skipped, "\n")
	if !strings.Contains(joined, "ECS instances in cn-hongkong") || !strings.Contains(joined, "Forbidden.RAM") ||
		!strings.Contains(joined, "SLB instances in cn-hangzhou") {
		t.Errorf("Skipped = %q; want the refused ECS scan of cn-hongkong and the not-activated SLB scans named with their errors", scan.Skipped)
	}
	calls := f.count()
	if _, err := c.accountAddresses(context.Background()); err != nil || f.count() != calls {
		t.Errorf("second accountAddresses: err %v, %d more calls; want the run's answer reused", err, f.count()-calls)
	}
}

func TestAccountAddressesFailureIsCachedForTheRun(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
		writeRPCError(w, http.StatusBadRequest, "InvalidParameter", "req-1", "bad")
	})
	eps, err := NewEndpoints(nil, f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	clearProxyEnv(t)
	c, err := NewClient(Config{
		Credentials: Credentials{AccessKeyID: fakeAccessKeyID, AccessKeySecret: fakeSecret, Source: "test"},
		Region:      "cn-hangzhou", Endpoints: eps, MaxRetries: 1, BaseDelay: testBaseDelay,
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := c.accountAddresses(context.Background()); err == nil {
			t.Fatal("want the scan's error")
		}
	}
	if n := f.count(); n != 1 {
		t.Errorf("%d calls for three accountAddresses; want the failed scan made once per run", n)
	}
}

// A zone outside the account (a CNAME target elsewhere) is asked about once per run; a
// write to the zone forgets the answer.
func TestZoneRecordsNotFoundIsCached(t *testing.T) {
	c, srv := emulatorClient(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := c.ZoneRecords(ctx, "elsewhere.com"); !IsNotFound(err) {
			t.Fatalf("ZoneRecords(elsewhere.com) = %v, want not found", err)
		}
	}
	st, err := srv.Control.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if n := st.Calls["Alidns.DescribeDomainRecords"]; n != 1 {
		t.Errorf("DescribeDomainRecords calls = %d, want 1 (the not-found answer kept for the run)", n)
	}
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "elsewhere.com", RealNameStatus: "SUCCEED"}); err != nil {
		t.Fatal(err)
	}
	c.InvalidateZone("Elsewhere.com")
	if _, err := c.ZoneRecords(ctx, "elsewhere.com"); err != nil {
		t.Errorf("after InvalidateZone the zone is listed again: %v", err)
	}
}

// scanClient is emulatorClient with the region scan as the only account lookup method:
// the tests below are about that method's costs.
func scanClient(t *testing.T) (*Client, *emulatortest.Server) {
	t.Helper()
	c, srv := emulatorClient(t)
	c.cfg.AccountLookup = []AccountLookupMethod{LookupRegionScan}
	return c, srv
}

// An address held in the provider's region costs one call (ECS, filtered by the
// address); one held elsewhere costs the provider-region calls plus the one scan of
// every region, which every other address then shares.
func TestLookupAddressAsksTheProviderRegionFirst(t *testing.T) {
	c, srv := scanClient(t) // provider region cn-hangzhou
	for _, s := range []emulator.ServerSeed{
		{Kind: "ecs", Region: "cn-hangzhou", IP: "47.96.1.1", ID: "i-hz"},
		{Kind: "slb", Region: "cn-hangzhou", IP: "47.96.1.2", ID: "lb-hz"},
		{Kind: "eip", Region: "cn-beijing", IP: "39.96.1.3", ID: "eip-bj"},
	} {
		if err := srv.Control.AddServer(s); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	calls := func() int {
		st, err := srv.Control.Stats()
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for k, v := range st.Calls {
			if strings.HasPrefix(k, "Ecs.") || strings.HasPrefix(k, "Vpc.") || strings.HasPrefix(k, "Slb.") {
				n += v
			}
		}
		return n
	}
	check := func(ip string, wantFound bool, wantID string, wantCalls int) {
		t.Helper()
		before := calls()
		ans, err := c.LookupAddress(ctx, netip.MustParseAddr(ip), false)
		if err != nil {
			t.Fatalf("LookupAddress(%s): %v", ip, err)
		}
		if ans.Found != wantFound || ans.Held.ID != wantID {
			t.Errorf("LookupAddress(%s) = %+v, want found=%v id=%q", ip, ans, wantFound, wantID)
		}
		if got := calls() - before; got != wantCalls {
			t.Errorf("LookupAddress(%s) made %d calls, want %d", ip, got, wantCalls)
		}
	}
	check("47.96.1.1", true, "i-hz", 1)  // ECS of the provider's region: one filtered call
	check("47.96.1.2", true, "lb-hz", 3) // ECS, EIP, then SLB of the provider's region
	regions, _ := c.DescribeRegions(ctx)
	// The provider region's three filtered calls, then every region's three listings
	// (DescribeRegions is cached: the test just made it).
	check("39.96.1.3", true, "eip-bj", 3+3*len(regions))
	check("192.0.2.9", false, "", 0) // the scan of every region, made for the address before, answers
	check("47.96.1.2", true, "lb-hz", 0)
	check("47.96.1.1", true, "i-hz", 0)
}

// At apply a server created earlier in the same run must be found: fresh asks the
// provider's region again and rescans the account at most once a run.
func TestLookupAddressFreshFindsAServerCreatedSince(t *testing.T) {
	c, srv := scanClient(t)
	ctx := context.Background()
	addr := netip.MustParseAddr("39.96.7.7")
	if ans, err := c.LookupAddress(ctx, addr, false); err != nil || ans.Found {
		t.Fatalf("before: %+v, %v; want not found", ans, err)
	}
	if err := srv.Control.AddServer(emulator.ServerSeed{Kind: "ecs", Region: "cn-shanghai", IP: addr.String(), ID: "i-new"}); err != nil {
		t.Fatal(err)
	}
	if ans, _ := c.LookupAddress(ctx, addr, false); ans.Found {
		t.Fatal("the kept answer should still say not found")
	}
	ans, err := c.LookupAddress(ctx, addr, true)
	if err != nil || !ans.Found || ans.Held.ID != "i-new" || ans.Held.Region != "cn-shanghai" {
		t.Fatalf("fresh: %+v, %v; want i-new in cn-shanghai", ans, err)
	}
	st, _ := srv.Control.Stats()
	scans := st.Calls["Ecs.DescribeRegions"]
	if ans, _ := c.LookupAddress(ctx, netip.MustParseAddr("192.0.2.1"), true); ans.Found {
		t.Fatal("unexpected hit")
	}
	st, _ = srv.Control.Stats()
	if st.Calls["Ecs.DescribeRegions"] != scans {
		t.Errorf("a second fresh lookup rescanned the account; want at most one rescan a run")
	}
}

// A wrong secret is not "no permission in this region": the scan fails instead of
// skipping every region and answering "the account holds nothing".
func TestAccountScanFailsOnRejectedCredentials(t *testing.T) {
	srv := emulatortest.Start(t)
	eps, _ := NewEndpoints(nil, srv.URL)
	c, err := NewClient(Config{
		Credentials: Credentials{AccessKeyID: srv.AccessKeyID, AccessKeySecret: "wrong-secret", Source: "test"},
		Endpoints:   eps, MaxRetries: 1, BaseDelay: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	ans, err := c.LookupAddress(context.Background(), netip.MustParseAddr("47.96.1.1"), false)
	if err == nil || !CredentialsRejected(err) {
		t.Fatalf("LookupAddress with a wrong secret = %+v, %v; want the rejection", ans, err)
	}
}

// The address gate needs no construction: a Client not built by NewClient (a test's, a
// future constructor's) answers instead of blocking forever on it.
func TestLookupAddressGateIsZeroValueSafe(t *testing.T) {
	c := &Client{cfg: Config{CredentialsErr: credErr("no credentials in this test"), Endpoints: &Endpoints{}}}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.LookupAddress(ctx, netip.MustParseAddr("47.96.1.1"), false)
	if !IsCredentialError(err) {
		t.Fatalf("LookupAddress on a Client{} = %v; want the credentials error, not a wait", err)
	}
}

// Addresses looked up at once (a plan's parallelism) queue behind the first miss and take
// their answers from the one scan of every region it starts: the filtered calls of the
// provider's region are made for the first address only.
func TestLookupAddressConcurrentMissesShareTheScan(t *testing.T) {
	c, srv := scanClient(t)
	if err := srv.Control.AddServer(emulator.ServerSeed{Kind: "eip", Region: "cn-beijing", IP: "39.96.1.3", ID: "eip-bj"}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	regions, err := c.DescribeRegions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Control.ResetStats(); err != nil {
		t.Fatal(err)
	}
	const n = 20
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			addr := netip.AddrFrom4([4]byte{192, 0, 2, byte(i)})
			if i == 0 {
				addr = netip.MustParseAddr("39.96.1.3")
			}
			ans, err := c.LookupAddress(ctx, addr, false)
			if err == nil && ans.Found != (i == 0) {
				err = fmt.Errorf("%s: found=%v", addr, ans.Found)
			}
			errs <- err
		}()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	st, err := srv.Control.Stats()
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, v := range st.Calls {
		total += v
	}
	if want := 3 + 3*len(regions); total != want {
		t.Errorf("%d lookups at once made %d calls (%v), want %d: one address's 3 filtered calls, then one scan of %d regions", n, total, st.Calls, want, len(regions))
	}
}

// At apply (a provider process of its own, so every address is unseen) a fresh lookup
// costs what a plan-time one does: the provider region's filtered calls and the run's
// scan — not a second pass of both. Asked again later it is asked again (a server may
// have been created since), but only in the provider's region once the run's one rescan
// is made; asked while a lookup of it runs, it shares the next one.
func TestLookupAddressFreshCallCounts(t *testing.T) {
	var hold atomic.Pointer[chan struct{}] // when set, filtered DescribeInstances waits for it
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		switch q.Get("Action") {
		case "DescribeRegions": // two available regions: cn-hangzhou, cn-hongkong
			writeRegions(w)
		case "DescribeInstances":
			if h := hold.Load(); h != nil && q.Get("PublicIpAddresses") != "" {
				<-*h
			}
			io.WriteString(w, `{"RequestId":"r","TotalCount":0,"Instances":{"Instance":[]}}`) //nolint:errcheck
		case "DescribeEipAddresses":
			if q.Get("RegionId") == "cn-hongkong" && q.Get("EipAddress") == "" {
				io.WriteString(w, `{"RequestId":"r","TotalCount":1,"EipAddresses":{"EipAddress":[{"IpAddress":"198.51.100.9","AllocationId":"eip-hk","RegionId":"cn-hongkong"}]}}`) //nolint:errcheck
				return
			}
			io.WriteString(w, `{"RequestId":"r","TotalCount":0,"EipAddresses":{"EipAddress":[]}}`) //nolint:errcheck
		case "DescribeLoadBalancers":
			io.WriteString(w, `{"RequestId":"r","TotalCount":0,"LoadBalancers":{"LoadBalancer":[]}}`) //nolint:errcheck
		default:
			t.Errorf("unexpected action %s", q.Get("Action"))
		}
	})
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) {
		cfg.Endpoints, _ = NewEndpoints(nil, f.srv.URL)
		cfg.AccountLookup = []AccountLookupMethod{LookupRegionScan}
	})
	ctx := context.Background()
	step := func(what, ip string, fresh bool, wantCalls int, wantFound bool) {
		t.Helper()
		before := f.count()
		ans, err := c.LookupAddress(ctx, netip.MustParseAddr(ip), fresh)
		if err != nil || ans.Found != wantFound {
			t.Fatalf("%s: %+v, %v; want found=%v", what, ans, err, wantFound)
		}
		if got := f.count() - before; got != wantCalls {
			t.Errorf("%s: %d calls, want %d", what, got, wantCalls)
		}
	}
	// 3 filtered calls in the provider's region, DescribeRegions, 3 listings × 2 regions.
	step("first fresh lookup of an unseen address", "203.0.113.7", true, 3+1+6, false)
	step("a plan-style lookup of it", "203.0.113.7", false, 0, false)
	step("an address the run's scan found", "198.51.100.9", true, 0, true)
	step("the first address asked fresh again (a later record)", "203.0.113.7", true, 3+6, false)
	step("and again, after the run's one rescan", "203.0.113.7", true, 3, false)

	// Twenty records asking while a lookup of their address runs share the next lookup.
	release := make(chan struct{})
	hold.Store(&release)
	addr := netip.MustParseAddr("203.0.113.7")
	before := f.count()
	first := make(chan error, 1)
	go func() { _, err := c.LookupAddress(ctx, addr, true); first <- err }()
	waitFor := func(cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("timed out")
			}
		}
	}
	waitFor(func() bool { return f.count() > before }) // the first lookup is running
	const n = 20
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() { _, err := c.LookupAddress(ctx, addr, true); errs <- err }()
	}
	waitFor(func() bool {
		c.servers.fresh.mu.Lock()
		defer c.servers.fresh.mu.Unlock()
		r := c.servers.fresh.pending[addr]
		return r != nil && r.joined == n
	})
	hold.Store(nil)
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := f.count() - before; got != 3+3 {
		t.Errorf("one lookup running and %d asked meanwhile: %d calls, want 6 (the running lookup, one shared)", n, got)
	}
}

// A fresh answer is never older than its question: an address asked fresh, then held by
// a server created since, is found when asked fresh again — a record written after the
// server it points at. Elsewhere than the provider's region that takes the run's one
// rescan; in the provider's region it is found every time.
func TestLookupAddressFreshAnswerIsNotReused(t *testing.T) {
	c, srv := scanClient(t) // provider region cn-hangzhou
	ctx := context.Background()
	for _, s := range []emulator.ServerSeed{
		{Kind: "slb", Region: "cn-shanghai", IP: "8.130.1.2", ID: "lb-there"}, // found by the rescan
		{Kind: "ecs", Region: "cn-hangzhou", IP: "8.130.1.1", ID: "i-here"},   // by the provider region's calls
		{Kind: "eip", Region: "cn-hangzhou", IP: "8.130.1.3", ID: "eip-here"},
	} {
		addr := netip.MustParseAddr(s.IP)
		if ans, err := c.LookupAddress(ctx, addr, true); err != nil || ans.Found {
			t.Fatalf("before: %+v, %v; want not found", ans, err)
		}
		if err := srv.Control.AddServer(s); err != nil {
			t.Fatal(err)
		}
		if ans, err := c.LookupAddress(ctx, addr, true); err != nil || !ans.Found || ans.Held.ID != s.ID {
			t.Errorf("after %s was created: %+v, %v; want it found", s.ID, ans, err)
		}
	}
}
