package guard

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// fakeZones is a DNS account: zone name → records (rr, type, value).
type fakeZones struct {
	mu    sync.Mutex
	zones map[string][][3]string
	err   error
}

func (f *fakeZones) ZoneNames(context.Context) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	var out []string
	for z := range f.zones {
		out = append(out, z)
	}
	return out, nil
}

func (f *fakeZones) ZoneRecords(_ context.Context, zone string) (*aliyun.ZoneSnapshot, error) {
	recs, ok := f.zones[zone]
	if !ok {
		return nil, &aliyun.Error{Code: "InvalidDomainName.NoExist", Class: aliyun.ClassNotFound}
	}
	snap := &aliyun.ZoneSnapshot{Domain: zone}
	for i, r := range recs {
		snap.Records = append(snap.Records, aliyun.DNSRecord{RecordID: fmt.Sprint(i), Domain: zone, RR: r[0], Type: r[1], Value: r[2], Status: "ENABLE"})
	}
	return snap, nil
}

// fakeAccount holds servers: address → (kind, id, region).
type fakeAccount struct {
	mu      sync.Mutex
	servers map[string]aliyun.AccountAddress
	err     error
	asked   []string
}

func (f *fakeAccount) LookupAddress(_ context.Context, addr netip.Addr, fresh bool) (aliyun.AddressLookup, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, fmt.Sprintf("%s fresh=%v", addr, fresh))
	if f.err != nil {
		return aliyun.AddressLookup{}, f.err
	}
	held, ok := f.servers[addr.String()]
	return aliyun.AddressLookup{Found: ok, Held: held}, nil
}

// fakeFilings approves the domains it lists.
type fakeFilings map[string]icp.Answer

func (f fakeFilings) Lookup(_ context.Context, reg string) (icp.Answer, error) {
	if a, ok := f[reg]; ok {
		return a, nil
	}
	return icp.Answer{Domain: reg, Status: icp.NotApproved, Source: icpstatus.SourceCompanyreg, Evidence: "none of the account's filings lists " + reg}, nil
}

const (
	hzIP = "47.96.10.20"  // ECS in cn-hangzhou
	hkIP = "47.242.10.20" // ECS in cn-hongkong
)

func newTestGuard(t *testing.T, enf Enforcement, zones *fakeZones, filings icpstatus.Source) (*Guard, *fakeAccount) {
	t.Helper()
	acct := &fakeAccount{servers: map[string]aliyun.AccountAddress{
		hzIP: {Kind: "ECS instance", ID: "i-hz", Region: "cn-hangzhou"},
		hkIP: {Kind: "ECS instance", ID: "i-hk", Region: "cn-hongkong"},
	}}
	decl, err := mainland.NewDeclared(nil, []string{"198.18.0.0/15"})
	if err != nil {
		t.Fatal(err)
	}
	if filings == nil {
		filings = fakeFilings{}
	}
	g := New(Settings{
		Enforcement: enf, Filings: filings, Zones: zones,
		Locator: NewLocator(LocatorSettings{Declared: decl, Account: acct, LocationSources: []string{mainland.EmbeddedSource}}),
		Now:     func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) },
	})
	return g, acct
}

func rec(name, typ, value string) Record {
	return Record{Name: name, Type: typ, Value: value, Enabled: true}
}

// one asserts that j has exactly one finding, of the severity and kind, containing every
// part.
func one(t *testing.T, j Judgement, sev Severity, kind Kind, parts ...string) Finding {
	t.Helper()
	if len(j.Findings) != 1 {
		t.Fatalf("want one finding, got %d: %+v", len(j.Findings), j.Findings)
	}
	f := j.Findings[0]
	if f.Severity != sev || f.Kind != kind {
		t.Errorf("finding %s/%v, want %s/%v: %s", f.Kind, f.Severity, kind, sev, f.Summary)
	}
	text := f.Summary + "\n" + f.Detail
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("finding lacks %q:\n%s", p, text)
		}
	}
	return f
}

func TestJudgeAddressRecords(t *testing.T) {
	g, _ := newTestGuard(t, EnforceError, nil, nil)
	ctx := context.Background()
	j := g.Judge(ctx, rec("www.example.com", "A", hzIP), Plan)
	f := one(t, j, Error, KindNoFiling, "www.example.com → 47.96.10.20 is a mainland-China server", "ECS instance i-hz in cn-hangzhou",
		"example.com has no approved ICP filing", "提交备案", `enforcement = "warn"`)
	if !f.Blocks || j.Allowed() {
		t.Error("a mainland record without filing must block")
	}
	if j := g.Judge(ctx, rec("www.example.com", "A", hkIP), Plan); len(j.Findings) != 0 || !j.Allowed() || j.Ends[0].Location != mainland.Offshore {
		t.Errorf("Hong Kong server: %+v", j)
	}
	// AWS China (Beijing) sits in a block registered abroad; the location data knows.
	one(t, g.Judge(ctx, rec("www.example.com", "A", "52.80.1.1"), Plan), Error, KindNoFiling, "location data", "52.80.1.1")
	// NAT64 and 6to4 carry the IPv4 address they are judged by.
	one(t, g.Judge(ctx, rec("www.example.com", "AAAA", "64:ff9b::2f60:a14"), Plan), Error, KindNoFiling, "carries the IPv4 address 47.96.10.20")
	one(t, g.Judge(ctx, rec("www.example.com", "AAAA", "2002:2f60:a14::1"), Plan), Error, KindNoFiling, "carries the IPv4 address 47.96.10.20")
	// Unallocated or special space: a warning naming the evidence.
	one(t, g.Judge(ctx, rec("www.example.com", "A", "10.1.2.3"), Plan), Warning, KindUnknownLocation, "cannot classify 10.1.2.3", "not a public address")
	// Warn mode: the same violation, as a warning that still blocks in the data model.
	gw, _ := newTestGuard(t, EnforceWarn, nil, nil)
	fw := one(t, gw.Judge(ctx, rec("www.example.com", "A", hzIP), Plan), Warning, KindNoFiling, "ICP filing (备案) required")
	if !fw.Blocks || strings.Contains(fw.Detail, "To only warn") {
		t.Errorf("warn mode: Blocks=%v, detail %q", fw.Blocks, fw.Detail)
	}
	// A disabled record does not resolve.
	if j := g.Judge(ctx, Record{Name: "www.example.com", Type: "A", Value: hzIP}, Plan); len(j.Findings) != 0 {
		t.Errorf("disabled record: %+v", j.Findings)
	}
}

// Paths 1 and 2 of the guard issue: CNAME chains of any depth, through any zone of the
// account (the longest zone name the target ends in), cycle-safe.
func TestJudgeFollowsCNAMEChains(t *testing.T) {
	zones := &fakeZones{zones: map[string][][3]string{
		"example.com":     {{"hop", "CNAME", "origin.example.com"}, {"origin", "A", hzIP}, {"loop1", "CNAME", "loop2.example.com"}, {"loop2", "CNAME", "loop1.example.com"}, {"*", "A", hkIP}},
		"example.net":     {{"x", "A", hkIP}},
		"sub.example.net": {{"edge", "A", hzIP}},
	}}
	g, _ := newTestGuard(t, EnforceError, zones, nil)
	ctx := context.Background()
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "hop.example.com"), Plan), Error, KindNoFiling,
		"www.example.com → 47.96.10.20", "via CNAME hop.example.com → origin.example.com")
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "Edge.Sub.Example.NET."), Plan), Error, KindNoFiling,
		"www.example.com → 47.96.10.20", "via CNAME edge.sub.example.net")
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "loop1.example.com"), Plan), Warning, KindUnfollowed, "loops back to loop1.example.com")
	// A name with no records of its own is answered by the zone's wildcard.
	if j := g.Judge(ctx, rec("www.example.com", "CNAME", "anything.example.com"), Plan); len(j.Findings) != 0 || j.Ends[0].Address.String() != hkIP {
		t.Errorf("wildcard: %+v", j)
	}
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "nothing.example.net"), Plan), Warning, KindUnfollowed, "has no enabled A, AAAA or CNAME record")
	// Path 3: outside the account's zones: a warning, never a debug line.
	one(t, g.Judge(ctx, rec("cdn.example.com", "CNAME", "x.cdn-provider.example"), Plan), Warning, KindUnfollowed,
		"cannot follow cdn.example.com → x.cdn-provider.example", "not in any zone")
	// Records the caller gives are followed before the zones (beian_record_guard).
	j := g.Judge(ctx, rec("www.example.com", "CNAME", "origin.other.example"), Plan, rec("origin.other.example", "A", hzIP))
	one(t, j, Error, KindNoFiling, "via CNAME origin.other.example")
}

// Path 3: Alibaba Cloud service host names are judged by the region they name.
func TestJudgeAlibabaServiceHosts(t *testing.T) {
	g, _ := newTestGuard(t, EnforceError, &fakeZones{}, nil)
	ctx := context.Background()
	for host, mainlandWant := range map[string]bool{
		"mybucket.oss-cn-hangzhou.aliyuncs.com":                        true,
		"mybucket.oss-cn-hangzhou-internal.aliyuncs.com":               true,
		"mybucket.cn-shanghai.oss.aliyuncs.com":                        true,
		"mybucket.oss-cn-hongkong.aliyuncs.com":                        false,
		"mybucket.oss-ap-southeast-1.aliyuncs.com":                     false,
		"alb-95qnr2itwu9orb0000.cn-hangzhou.alb.aliyuncs.com":          true,
		"alb-8spmn0s34shb88t0gb.cn-hongkong.alb.aliyuncsslbintl.com":   false,
		"nlb-wb7r6dlwetvt5j0000.cn-beijing.nlb.aliyuncsslb.com":        true,
		"123456789012.cn-hangzhou.fc.aliyuncs.com":                     true,
		"svc-func-abc.cn-shenzhen.fcapp.run":                           true,
		"523e8dc7bbe04613b5b1d726c2a7889d-cn-hangzhou.alicloudapi.com": true,
		"523e8dc7bbe04613b5b1d726c2a7889d-us-west-1.alicloudapi.com":   false,
	} {
		j := g.Judge(ctx, rec("static.example.com", "CNAME", host), Plan)
		if mainlandWant {
			one(t, j, Error, KindNoFiling, "static.example.com → "+host, "names the region")
		} else if len(j.Findings) != 0 || j.Ends[0].Location != mainland.Offshore {
			t.Errorf("%s: want offshore and allowed, got %+v", host, j)
		}
	}
	// Services whose name carries no region warn unless the domain is filed.
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "www.example.com.w.kunlunsl.com"), Plan), Warning, KindUnfollowed,
		"CDN", "Global (Excluding the Chinese Mainland)")
	filed, _ := newTestGuard(t, EnforceError, &fakeZones{}, fakeFilings{"example.com": approved("example.com")})
	if j := filed.Judge(ctx, rec("www.example.com", "CNAME", "www.example.com.w.kunlunsl.com"), Plan); len(j.Findings) != 0 {
		t.Errorf("filed domain behind CDN: %+v", j.Findings)
	}
}

func approved(domain string) icp.Answer {
	return icp.Answer{Domain: domain, Status: icp.Approved, Source: icpstatus.SourceCompanyreg, Verified: true, ICPNumber: "浙ICP备2026000001号", Evidence: "filed"}
}

// Path 4: URL forwarding is served from Alibaba Cloud DNS's mainland servers and needs the
// domain's filing; path 5: NS delegation warns.
func TestJudgeForwardingAndDelegation(t *testing.T) {
	g, _ := newTestGuard(t, EnforceError, &fakeZones{}, nil)
	ctx := context.Background()
	for _, typ := range []string{"REDIRECT_URL", "FORWARD_URL", "FORWORD_URL"} {
		one(t, g.Judge(ctx, rec("go.example.com", typ, "https://www.example.org/landing"), Plan), Error, KindNoFiling,
			"URL-forwarding record, served from mainland China", "troubleshoot-url-forwarding-issues")
	}
	filed, _ := newTestGuard(t, EnforceError, &fakeZones{}, fakeFilings{"example.com": approved("example.com")})
	one(t, filed.Judge(ctx, rec("go.example.com", "REDIRECT_URL", "https://www.example.org/"), Plan), Warning, KindForwarding,
		"www.example.org", "both the source and the destination")
	if j := g.Judge(ctx, rec("example.com", "MX", "mx.example.org"), Plan); len(j.Findings) != 0 {
		t.Errorf("MX record: %+v", j.Findings)
	}
	one(t, g.Judge(ctx, rec("example.com", "ALIAS", "lb.example.org"), Plan), Warning, KindUnfollowed, "does not know where records of type ALIAS lead")
	// Without an ICP source the guard cannot allow a mainland server.
	one(t, New(Settings{Locator: g.s.Locator}).Judge(ctx, rec("www.example.com", "A", hzIP), Plan), Error, KindCannotJudge, "no ICP source")
	one(t, g.Judge(ctx, rec("shop.example.com", "NS", "ns1.other-dns.example"), Plan), Warning, KindDelegation,
		"delegation of shop.example.com to ns1.other-dns.example", "cannot see where the delegated zone points")
}

// The guard fails closed: a cloud that does not answer blocks, cause first; an unchanged
// record only warns.
func TestJudgeFailsClosed(t *testing.T) {
	down := &aliyun.Error{Product: aliyun.ProductECS, Action: "DescribeInstances", Class: aliyun.ClassUnavailable, Err: errors.New("connection refused")}
	g, acct := newTestGuard(t, EnforceError, &fakeZones{err: down}, nil)
	acct.err = down
	ctx := context.Background()
	// The location data places 47.96.x.x in the mainland even without the account; the
	// filing is then required, and missing.
	one(t, g.Judge(ctx, rec("www.example.com", "A", hzIP), Plan), Error, KindNoFiling, "the cloud account could not be searched")
	// An address only the account could place (no location data) cannot be judged.
	noData := New(Settings{Filings: fakeFilings{}, Locator: NewLocator(LocatorSettings{Account: acct})})
	f := one(t, noData.Judge(ctx, rec("www.example.com", "A", hzIP), Plan), Error, KindCannotJudge, "Alibaba Cloud did not answer", "connection refused", "fails closed")
	if !strings.HasPrefix(f.Detail, "Cause: ") || !f.Blocks {
		t.Errorf("cause first and blocking: %q", f.Detail)
	}
	one(t, noData.Judge(ctx, rec("www.example.com", "A", hzIP), Unchanged), Warning, KindCannotJudge, "already live")
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "origin.example.com"), Plan), Error, KindCannotJudge, "lists the account's DNS zones, and that failed")
	// A filing source that fails blocks too.
	bad := New(Settings{Filings: failingFilings{}, Locator: g.s.Locator})
	one(t, bad.Judge(ctx, rec("www.example.com", "A", hzIP), Plan), Error, KindCannotJudge, "could not read the ICP filing (备案) status of example.com")
}

type failingFilings struct{}

func (failingFilings) Lookup(_ context.Context, reg string) (icp.Answer, error) {
	return icp.Answer{Domain: reg, Status: icp.Unknown}, &aliyun.Error{Product: aliyun.ProductCompanyreg, Action: "QuerySuccessIcpData", Code: "Forbidden.RAM", Class: aliyun.ClassAuth}
}

// Path 8: an unchanged record is judged again, as a warning; an address the location data
// settles as offshore costs no account lookup then. At apply the account is asked afresh.
func TestJudgePhases(t *testing.T) {
	g, acct := newTestGuard(t, EnforceError, nil, nil)
	ctx := context.Background()
	f := one(t, g.Judge(ctx, rec("www.example.com", "A", hzIP), Unchanged), Warning, KindNoFiling, "already live")
	if !f.Blocks {
		t.Error("an unchanged violation is still a violation (Blocks), shown as a warning")
	}
	acct.asked = nil
	g.Judge(ctx, rec("www.example.com", "A", "8.8.8.8"), Unchanged)
	if len(acct.asked) != 0 {
		t.Errorf("an offshore address (location data) cost account lookups when re-judged: %v", acct.asked)
	}
	g.Judge(ctx, rec("www.example.com", "A", hzIP), Apply)
	if last := acct.asked[len(acct.asked)-1]; !strings.HasSuffix(last, "fresh=true") {
		t.Errorf("apply-time lookup %q, want fresh", last)
	}
}

// Path 10: a filing only declared (another access provider) does not cover Alibaba
// Cloud's mainland servers until Alibaba Cloud is added to it.
func TestJudgeDeclaredFilingOnAlibabaServer(t *testing.T) {
	declared := icp.Answer{Domain: "example.com", Status: icp.Approved, Source: icpstatus.SourceDeclared, ICPNumber: "沪ICP备2026000002号", Evidence: "declared"}
	g, _ := newTestGuard(t, EnforceError, nil, fakeFilings{"example.com": declared})
	ctx := context.Background()
	one(t, g.Judge(ctx, rec("www.example.com", "A", hzIP), Plan), Warning, KindUnverifiedFiling, "access provider (接入商)", "接入备案")
	// On a mainland server outside the account the provider cannot tell who hosts it.
	if j := g.Judge(ctx, rec("www.example.com", "A", "52.80.1.1"), Plan); len(j.Findings) != 0 {
		t.Errorf("declared filing, non-Alibaba server: %+v", j.Findings)
	}
}

func TestJudgeRiskDeadline(t *testing.T) {
	a := approved("example.com")
	a.Risks = []icp.Risk{{Deadline: time.Date(2026, 12, 10, 0, 0, 0, 0, icp.ChinaTime), Details: []icp.RiskDetail{{Source: "footer check", RectifySuggestions: []string{"show the number"}}}}}
	g, _ := newTestGuard(t, EnforceError, nil, fakeFilings{"example.com": a})
	one(t, g.Judge(context.Background(), rec("www.example.com", "A", hzIP), Plan), Warning, KindRisk,
		"rectification deadline (整改期限) 2026-12-10", "footer check (suggested: show the number)", "in 9 days")
}
