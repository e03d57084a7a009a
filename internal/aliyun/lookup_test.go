package aliyun

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// calls returns the emulator's call counts since the last reset, and resets them.
func calls(t *testing.T, srv *emulatortest.Server) map[string]int {
	t.Helper()
	st, err := srv.Control.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Control.ResetStats(); err != nil {
		t.Fatal(err)
	}
	return st.Calls
}

func wantCalls(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: calls %v, want exactly %v", what, got, want)
	}
}

func addServers(t *testing.T, srv *emulatortest.Server, seeds ...emulator.ServerSeed) {
	t.Helper()
	for _, s := range seeds {
		if err := srv.Control.AddServer(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.Control.ResetStats(); err != nil {
		t.Fatal(err)
	}
}

// oneOfEach is a server of every kind, none in the provider's region (cn-hangzhou).
var oneOfEach = []emulator.ServerSeed{
	{Kind: "ecs", Region: "cn-beijing", IP: "39.96.0.1", ID: "i-bj"},
	{Kind: "eip", Region: "cn-shanghai", IP: "106.14.0.2", ID: "eip-sh"},
	{Kind: "slb", Region: "cn-shenzhen", IP: "120.24.0.3", ID: "lb-sz"},
	{Kind: "swas", Region: "cn-chengdu", IP: "47.108.0.4", ID: "0123456789abcdef0123456789abcdef", Name: "blog"},
	{Kind: "alb", Region: "cn-qingdao", IP: "47.104.0.5", ID: "alb-qd"},
	{Kind: "nlb", Region: "cn-zhangjiakou", IP: "39.98.0.6", ID: "nlb-zjk"},
	{Kind: "nat", Region: "cn-hongkong", IP: "47.242.0.7", ID: "ngw-hk"},
}

// With Resource Center, every address of the run — each kind, in any region, held or not
// — is answered from one SearchResources listing.
func TestLookupAddressResourceCenterAnswersTheRunInOneCall(t *testing.T) {
	c, srv := emulatorClient(t)
	addServers(t, srv, oneOfEach...)
	want := map[string]string{
		"39.96.0.1":  KindECS + " i-bj cn-beijing",
		"106.14.0.2": KindEIP + " eip-sh cn-shanghai",
		"120.24.0.3": KindSLB + " lb-sz cn-shenzhen",
		"47.108.0.4": KindSWAS + " 0123456789abcdef0123456789abcdef cn-chengdu",
		"47.104.0.5": KindALB + " alb-qd cn-qingdao",
		"39.98.0.6":  KindNLB + " nlb-zjk cn-zhangjiakou",
		"47.242.0.7": KindNAT + " ngw-hk cn-hongkong",
		"8.8.8.8":    "",
	}
	var wg sync.WaitGroup
	for ip, w := range want {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ans, err := c.LookupAddress(context.Background(), netip.MustParseAddr(ip), false)
			got := ""
			if ans.Found {
				got = ans.Held.Kind + " " + ans.Held.ID + " " + ans.Held.Region
			}
			if err != nil || got != w || ans.Via != LookupResourceCenter || len(ans.Notes) != 0 {
				t.Errorf("LookupAddress(%s) = %q via %s, notes %v, %v; want %q via resource_center", ip, got, ans.Via, ans.Notes, err, w)
			}
		}()
	}
	wg.Wait()
	wantCalls(t, "8 addresses", calls(t, srv), map[string]int{"ResourceCenter.SearchResources": 1})
	// A fresh question the listing answers "found" costs nothing.
	if ans, err := c.LookupAddress(context.Background(), netip.MustParseAddr("47.108.0.4"), true); err != nil || !ans.Found || ans.Held.Name != "blog" {
		t.Errorf("fresh lookup of a listed address = %+v, %v", ans, err)
	}
	wantCalls(t, "a fresh lookup of a listed address", calls(t, srv), map[string]int{})
}

// The listing pages with NextToken, 100 a page.
func TestLookupAddressResourceCenterPages(t *testing.T) {
	c, srv := emulatorClient(t)
	var seeds []emulator.ServerSeed
	for i := range 250 {
		seeds = append(seeds, emulator.ServerSeed{Kind: "ecs", Region: "cn-beijing", IP: fmt.Sprintf("39.96.%d.%d", i/200, i%200+1)})
	}
	addServers(t, srv, seeds...)
	if ans, err := c.LookupAddress(context.Background(), netip.MustParseAddr("39.96.1.50"), false); err != nil || !ans.Found {
		t.Fatalf("the 250th server: %+v, %v", ans, err)
	}
	wantCalls(t, "250 resources", calls(t, srv), map[string]int{"ResourceCenter.SearchResources": 3})
}

// An account whose Resource Center lists nothing is asked whether it is enabled: when it is,
// "not in the account" stands.
func TestLookupAddressEmptyResourceCenterIsCheckedOnce(t *testing.T) {
	c, srv := emulatorClient(t)
	for i := range 2 { // two addresses: the second is not answered by the address cache
		if ans, err := c.LookupAddress(context.Background(), netip.MustParseAddr(fmt.Sprintf("8.8.8.%d", i+1)), false); err != nil || ans.Found || ans.Via != LookupResourceCenter {
			t.Fatalf("LookupAddress = %+v, %v; want not found by resource_center", ans, err)
		}
	}
	wantCalls(t, "an empty account", calls(t, srv), map[string]int{"ResourceCenter.SearchResources": 1, "ResourceCenter.GetResourceCenterServiceStatus": 1})
}

// Each fallback is said once a run, to the first lookup after it, with the reason and the
// setting that avoids it; the next method answers.
func TestLookupAddressFallsBackOnceARun(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings emulator.Settings
		via      AccountLookupMethod
		calls    map[string]int // for the three lookups
		notes    []string
	}{
		{"Resource Center disabled", emulator.Settings{ResourceCenter: "disabled"}, LookupIPLocation,
			map[string]int{"ResourceCenter.SearchResources": 1, "antiddos-public.DescribeIpLocationService": 3},
			[]string{"could not use Resource Center (资源中心) SearchResources: ServiceNotEnabled", "Anti-DDoS DescribeIpLocationService, one call per address", `leave "resource_center" out of the provider's account_lookup_methods`}},
		{"Resource Center still indexing", emulator.Settings{ResourceCenter: "initializing"}, LookupIPLocation,
			map[string]int{"ResourceCenter.SearchResources": 1, "ResourceCenter.GetResourceCenterServiceStatus": 1, "antiddos-public.DescribeIpLocationService": 3},
			[]string{"InitialStatus Pending"}},
		{"neither permitted", emulator.Settings{DeniedActions: []string{"ResourceCenter.SearchResources", "antiddos-public.DescribeIpLocationService"}}, LookupRegionScan,
			map[string]int{"ResourceCenter.SearchResources": 1, "antiddos-public.DescribeIpLocationService": 1, "Ecs.DescribeRegions": 1,
				"Ecs.DescribeInstances": 29, "Vpc.DescribeEipAddresses": 29, "Slb.DescribeLoadBalancers": 29},
			[]string{"SearchResources: NoPermission: the credentials may not call it", "yundun-ddos:DescribeIpLocationService", "the scan of every region"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, srv := emulatorClient(t)
			addServers(t, srv, oneOfEach[:3]...)
			if err := srv.Control.SetSettings(tc.settings); err != nil {
				t.Fatal(err)
			}
			var notes []string
			for i, ip := range []string{"39.96.0.1", "106.14.0.2", "120.24.0.3"} {
				ans, err := c.LookupAddress(context.Background(), netip.MustParseAddr(ip), false)
				if err != nil || !ans.Found || ans.Held.ID != oneOfEach[i].ID || ans.Via != tc.via {
					t.Errorf("LookupAddress(%s) = %+v, %v; want %s found via %s", ip, ans, err, oneOfEach[i].ID, tc.via)
				}
				if i > 0 && len(ans.Notes) > 0 {
					t.Errorf("lookup %d was told again: %v", i+1, ans.Notes)
				}
				notes = append(notes, ans.Notes...)
			}
			joined := strings.Join(notes, "\n")
			for _, w := range tc.notes {
				if !strings.Contains(joined, w) {
					t.Errorf("notes %q do not say %q", joined, w)
				}
			}
			wantCalls(t, "three addresses", calls(t, srv), tc.calls)
		})
	}
}

// Only the configured methods are used; when none can search the account the lookup fails
// (the guard then cannot judge), naming why for each.
func TestLookupAddressFailsWhenNoMethodCanBeUsed(t *testing.T) {
	c, srv := emulatorClient(t)
	c.cfg.AccountLookup = []AccountLookupMethod{LookupResourceCenter, LookupIPLocation}
	if err := srv.Control.SetSettings(emulator.Settings{ResourceCenter: "disabled", DeniedActions: []string{"antiddos-public.DescribeIpLocationService"}}); err != nil {
		t.Fatal(err)
	}
	ans, err := c.LookupAddress(context.Background(), netip.MustParseAddr("39.96.0.1"), false)
	if err == nil || !strings.Contains(err.Error(), "resource_center: ServiceNotEnabled") || !strings.Contains(err.Error(), "ip_location_service: Forbidden.RAM") {
		t.Fatalf("LookupAddress = %+v, %v; want an error naming both methods' reasons", ans, err)
	}
	if len(ans.Notes) != 2 || !strings.Contains(ans.Notes[1], "nothing: no other method") {
		t.Errorf("notes %q: want both fallbacks said, the last saying nothing is left", ans.Notes)
	}
	wantCalls(t, "no usable method", calls(t, srv), map[string]int{"ResourceCenter.SearchResources": 1, "antiddos-public.DescribeIpLocationService": 1})
}

// Rejected credentials are not a reason to fall back: every method would be refused.
func TestLookupAddressDoesNotFallBackOnRejectedCredentials(t *testing.T) {
	srv := emulatortest.Start(t)
	eps, _ := NewEndpoints(nil, srv.URL)
	c, err := NewClient(Config{Credentials: Credentials{AccessKeyID: srv.AccessKeyID, AccessKeySecret: "wrong", Source: "test"}, Endpoints: eps, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	ans, err := c.LookupAddress(context.Background(), netip.MustParseAddr("39.96.0.1"), false)
	if err == nil || !CredentialsRejected(err) || len(ans.Notes) != 0 {
		t.Fatalf("LookupAddress = %+v, %v; want the credentials error and no fallback", ans, err)
	}
	if st, _ := srv.Control.Stats(); st.Calls["antiddos-public.DescribeIpLocationService"] != 0 || st.Calls["Ecs.DescribeRegions"] != 0 {
		t.Errorf("fell back after rejected credentials: %v", st.Calls)
	}
}

// A server created after the run's listing (earlier in the same apply) is found by a fresh
// lookup: Resource Center may not have indexed it, so the address is asked about with
// DescribeIpLocationService.
func TestLookupAddressFreshAsksBeyondTheListing(t *testing.T) {
	c, srv := emulatorClient(t)
	addServers(t, srv, oneOfEach[0])
	addr := netip.MustParseAddr("47.108.9.9")
	if ans, err := c.LookupAddress(context.Background(), addr, false); err != nil || ans.Found {
		t.Fatalf("before the server exists: %+v, %v", ans, err)
	}
	addServers(t, srv, emulator.ServerSeed{Kind: "swas", Region: "cn-chengdu", IP: addr.String(), ID: "fedcba9876543210fedcba9876543210"})
	if ans, err := c.LookupAddress(context.Background(), addr, false); err != nil || ans.Found {
		t.Errorf("a lookup that is not fresh uses the run's answer: %+v, %v", ans, err)
	}
	ans, err := c.LookupAddress(context.Background(), addr, true)
	if err != nil || !ans.Found || ans.Held.Kind != KindSWAS || ans.Via != LookupIPLocation {
		t.Fatalf("fresh lookup = %+v, %v; want the new Simple Application Server via ip_location_service", ans, err)
	}
	wantCalls(t, "the fresh lookup", calls(t, srv), map[string]int{"antiddos-public.DescribeIpLocationService": 1})
}

// Resource Center refusing the listing's own request (a resource type it does not know — the
// NAT gateway's code is one sources disagree on) falls back instead of failing every lookup;
// Anti-DDoS refusing one address (an address form it does not take) hands that address to
// the next method and stays on for the others.
func TestLookupAddressRefusedRequestsFallBack(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		params, _ := url.ParseQuery(r.URL.RawQuery + "&" + string(body))
		w.Header().Set("Content-Type", "application/json")
		switch params.Get("Action") {
		case "SearchResources":
			writeRPCError(w, http.StatusBadRequest, "InvalidParameter.ResourceType", "req-rc", "The specified ResourceType is not valid.")
		case "DescribeIpLocationService":
			if strings.Contains(params.Get("InternetIp"), ":") {
				writeRPCError(w, http.StatusBadRequest, "InvalidParameter", "req-ddos", "The specified InternetIp is not valid.")
				return
			}
			io.WriteString(w, `{"RequestId":"r","Instance":{"InstanceId":"i-bj","InstanceType":"ecs","Region":"cn-beijing","InternetIp":"39.96.0.1"}}`) //nolint:errcheck
		case "DescribeInstances":
			if params.Get("PublicIpAddresses") != "" && strings.Contains(params.Get("PublicIpAddresses"), "2408") {
				io.WriteString(w, `{"RequestId":"r","TotalCount":1,"Instances":{"Instance":[{"InstanceId":"i-v6","RegionId":"cn-hangzhou","PublicIpAddress":{"IpAddress":["2408:4005::1"]}}]}}`) //nolint:errcheck
				return
			}
			io.WriteString(w, `{"RequestId":"r","TotalCount":0,"Instances":{"Instance":[]}}`) //nolint:errcheck
		default:
			t.Errorf("unexpected %s", params.Get("Action"))
			writeRPCError(w, http.StatusBadRequest, "InvalidParameter", "req-x", "unexpected")
		}
	})
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) { cfg.Endpoints, _ = NewEndpoints(nil, f.srv.URL) })
	ctx := context.Background()
	ans, err := c.LookupAddress(ctx, netip.MustParseAddr("39.96.0.1"), false)
	if err != nil || !ans.Found || ans.Via != LookupIPLocation || len(ans.Notes) != 1 || !strings.Contains(ans.Notes[0], "it refused the listing (InvalidParameter.ResourceType") {
		t.Fatalf("LookupAddress(39.96.0.1) = %+v, %v; want found via ip_location_service after one note", ans, err)
	}
	ans, err = c.LookupAddress(ctx, netip.MustParseAddr("2408:4005::1"), false)
	if err != nil || !ans.Found || ans.Held.ID != "i-v6" || ans.Via != LookupRegionScan || len(ans.Notes) != 0 {
		t.Fatalf("LookupAddress(2408:4005::1) = %+v, %v; want found by the region scan, and no note", ans, err)
	}
	if c.lookup.isOff(LookupIPLocation) {
		t.Error("one refused address turned ip_location_service off for the run")
	}
}
