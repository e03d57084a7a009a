package guard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// fakeZones is a DNS account: zone name → records (rr, type, value). Record IDs are
// "<zone>/<index>", unique across zones as Alibaba Cloud's are. It counts the calls.
type fakeZones struct {
	mu    sync.Mutex
	zones map[string][][3]string
	err   error
	calls map[string]int // "names", or the zone listed
}

func (f *fakeZones) count(what string) {
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[what]++
}

func (f *fakeZones) ZoneNames(context.Context) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.count("names")
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
	f.mu.Lock()
	defer f.mu.Unlock()
	f.count(zone)
	recs, ok := f.zones[zone]
	if !ok {
		return nil, &aliyun.Error{Code: "InvalidDomainName.NoExist", Class: aliyun.ClassNotFound}
	}
	snap := &aliyun.ZoneSnapshot{Domain: zone}
	for i, r := range recs {
		snap.Records = append(snap.Records, aliyun.DNSRecord{RecordID: fmt.Sprintf("%s/%d", zone, i), Domain: zone, RR: r[0], Type: r[1], Value: r[2], Status: "ENABLE"})
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
		"www.example.com → hop.example.com → origin.example.com → 47.96.10.20", "via CNAME hop.example.com → origin.example.com")
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "Edge.Sub.Example.NET."), Plan), Error, KindNoFiling,
		"www.example.com → edge.sub.example.net → 47.96.10.20", "via CNAME edge.sub.example.net")
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
	js := g.JudgeAll(ctx, []Record{rec("www.example.com", "CNAME", "origin.other.example"), rec("origin.other.example", "A", hzIP)}, Plan)
	one(t, js[0], Error, KindNoFiling, "via CNAME origin.other.example")
	one(t, js[1], Error, KindNoFiling, "origin.other.example → 47.96.10.20")
	// A name given only records that lead nowhere (a TXT) is still looked up in the zones:
	// the records given do not hide the zone's A record.
	js = g.JudgeAll(ctx, []Record{rec("www.example.com", "CNAME", "origin.example.com"), rec("origin.example.com", "TXT", "v=spf1 -all")}, Plan)
	one(t, js[0], Error, KindNoFiling, "www.example.com → origin.example.com → 47.96.10.20", "via CNAME origin.example.com")
	if len(js[1].Findings) != 0 {
		t.Errorf("a TXT record: %+v", js[1].Findings)
	}
	// A name given only disabled records resolves nowhere: said, not passed.
	off := rec("origin.other.example", "A", hzIP)
	off.Enabled = false
	js = g.JudgeAll(ctx, []Record{rec("www.example.com", "CNAME", "origin.other.example"), off}, Plan)
	one(t, js[0], Warning, KindUnfollowed, "none of the records given for it is an enabled A, AAAA or CNAME record")
}

// A delegation (NS) inside a zone answers for every name below it: a wildcard of the
// parent zone does not, and a name with only NS records is a delegation, not a missing
// record.
func TestJudgeDelegationInsideAZone(t *testing.T) {
	zones := &fakeZones{zones: map[string][][3]string{
		"example.com": {{"@", "NS", "ns1.alidns.com"}, {"@", "A", hkIP}, {"sub", "NS", "ns1.other.net"}, {"x.sub", "A", hkIP}, {"*", "A", hkIP}},
	}}
	g, _ := newTestGuard(t, EnforceError, zones, nil)
	ctx := context.Background()
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "deep.x.sub.example.com"), Plan), Warning, KindDelegation,
		"cannot see past the delegation of deep.x.sub.example.com to ns1.other.net")
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "sub.example.com"), Plan), Warning, KindDelegation, "ns1.other.net")
	// The apex's own NS records are the zone's name servers, not a delegation.
	if j := g.Judge(ctx, rec("www.example.com", "CNAME", "example.com"), Plan); len(j.Findings) != 0 || len(j.Ends) != 1 || j.Ends[0].Address.String() != hkIP {
		t.Errorf("apex: %+v", j)
	}
	if j := g.Judge(ctx, rec("www.example.com", "CNAME", "other.example.com"), Plan); len(j.Findings) != 0 || j.Ends[0].Address.String() != hkIP {
		t.Errorf("wildcard outside the delegation: %+v", j)
	}
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
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "www.example.com.w.kunlunsl.com"), Plan), Warning, KindUnknownLocation,
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
	f := one(t, noData.Judge(ctx, rec("www.example.com", "A", hzIP), Plan), Error, KindCannotJudge, "Alibaba Cloud could not be asked", "connection refused", "fails closed")
	if !strings.HasPrefix(f.Detail, "Cause: ") || !f.Blocks {
		t.Errorf("cause first and blocking: %q", f.Detail)
	}
	one(t, noData.Judge(ctx, rec("www.example.com", "A", hzIP), Unchanged), Warning, KindCannotJudge, "already live")
	// Location data placing an address offshore does not clear it without the account,
	// which ranks above it; a declared address needs no account.
	one(t, g.Judge(ctx, rec("www.example.com", "A", "8.8.8.8"), Plan), Error, KindCannotJudge,
		"could not be asked", "places it offshore", "ranks above location and registry data")
	if j := g.Judge(ctx, rec("www.example.com", "A", "198.18.0.1"), Plan); len(j.Findings) != 0 {
		t.Errorf("a declared offshore address: %+v", j.Findings)
	}
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "origin.example.com"), Plan), Error, KindCannotJudge, "lists the account's DNS zones, and that failed")
	// A filing source that fails blocks too.
	bad := New(Settings{Filings: failingFilings{}, Locator: g.s.Locator})
	one(t, bad.Judge(ctx, rec("www.example.com", "A", hzIP), Plan), Error, KindCannotJudge, "could not read the ICP filing (备案) status of example.com")
}

type failingFilings struct{}

func (failingFilings) Lookup(_ context.Context, reg string) (icp.Answer, error) {
	return icp.Answer{Domain: reg, Status: icp.Unknown}, &aliyun.Error{Product: aliyun.ProductCompanyreg, Action: "QuerySuccessIcpData", Code: "Forbidden.RAM", Class: aliyun.ClassAuth}
}

// Path 8: an unchanged record is judged again, as a warning, with the account asked
// first like any record: a lapsed filing on a live record is found even when the
// location data places the server's block abroad. At apply the account is asked afresh.
func TestJudgePhases(t *testing.T) {
	g, acct := newTestGuard(t, EnforceError, nil, nil)
	ctx := context.Background()
	f := one(t, g.Judge(ctx, rec("www.example.com", "A", hzIP), Unchanged), Warning, KindNoFiling, "already live")
	if !f.Blocks {
		t.Error("an unchanged violation is still a violation (Blocks), shown as a warning")
	}
	// Alibaba Cloud international space (AS45102) every location source places in HK; the
	// earlier 8.136.1.1 is Alibaba's mainland network AS37963, which the data now places
	// in the mainland (the location-truth issue).
	const inOffshoreBlock = "47.243.1.1"
	if v := g.s.Locator.Locate(ctx, netip.MustParseAddr(inOffshoreBlock), Plan); v.Class != mainland.Offshore || v.Source != mainland.SourceLocation {
		// Without the account the embedded location data must place it abroad, or this
		// test proves nothing.
		noAcct := NewLocator(LocatorSettings{LocationSources: []string{mainland.EmbeddedSource}})
		if v := noAcct.Locate(ctx, netip.MustParseAddr(inOffshoreBlock), Plan); v.Class != mainland.Offshore {
			t.Fatalf("the embedded data no longer places %s offshore (%s): pick another address", inOffshoreBlock, v.Evidence)
		}
	}
	acct.servers[inOffshoreBlock] = aliyun.AccountAddress{Kind: "ECS instance", ID: "i-8", Region: "cn-hangzhou"}
	one(t, g.Judge(ctx, rec("www.example.com", "A", inOffshoreBlock), Unchanged), Warning, KindNoFiling, "already live", "i-8 in cn-hangzhou")
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

// Registry data alone placing an address abroad is weak evidence, and an account scan
// that left regions out cannot confirm an offshore answer: both warn.
func TestJudgeWeakOffshore(t *testing.T) {
	ctx := context.Background()
	arin := filepath.Join(t.TempDir(), "delegated-arin-extended-latest")
	if err := os.WriteFile(arin, []byte("2|arin|20260101|1|19700101|20260101|-0500\narin|US|ipv4|8.0.0.0|16777216|19921201|allocated\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	g := New(Settings{Filings: fakeFilings{}, Locator: NewLocator(LocatorSettings{RIRSources: []string{arin}})})
	f := one(t, g.Judge(ctx, rec("www.example.com", "A", "8.8.8.8"), Plan), Warning, KindUnknownLocation,
		"only registry data places 8.8.8.8 outside mainland China", "mainland_cidrs or offshore_cidrs")
	if f.Blocks {
		t.Error("weak evidence warns, it does not block")
	}

	partial := &skippingAccount{skipped: []string{"ECS instances in cn-beijing (Forbidden.RAM)"}}
	g = New(Settings{Filings: fakeFilings{}, Locator: NewLocator(LocatorSettings{Account: partial, LocationSources: []string{mainland.EmbeddedSource}})})
	one(t, g.Judge(ctx, rec("www.example.com", "A", "8.8.8.8"), Plan), Warning, KindUnknownLocation,
		"could not be searched everywhere", "ECS instances in cn-beijing (Forbidden.RAM)", "offshore_cidrs")
}

type skippingAccount struct{ skipped []string }

func (a *skippingAccount) LookupAddress(context.Context, netip.Addr, bool) (aliyun.AddressLookup, error) {
	return aliyun.AddressLookup{Skipped: a.skipped}, nil
}

// A stale download is said once a run, not once for every record.
func TestJudgeStaleDataSaidOnce(t *testing.T) {
	ctx := context.Background()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) }))
	t.Cleanup(srv.Close)
	url := srv.URL + "/delegated-apnic-latest"
	l := &mainland.Loader{HTTPClient: srv.Client(), CacheDir: t.TempDir(), MaxAge: time.Hour}
	if err := os.WriteFile(l.CachePath(url), []byte("apnic|CN|ipv4|1.0.1.0|256|20110414|allocated\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-72 * time.Hour)
	if err := os.Chtimes(l.CachePath(url), old, old); err != nil {
		t.Fatal(err)
	}
	g := New(Settings{Filings: fakeFilings{}, Locator: NewLocator(LocatorSettings{RIRSources: []string{url}, Loader: l})})
	var stale int
	for _, j := range g.JudgeAll(ctx, []Record{rec("www.example.com", "A", "1.0.1.1"), rec("example.com", "A", "1.0.1.2")}, Plan) {
		for _, f := range j.Findings {
			if f.Kind == KindStaleData {
				stale++
			}
		}
		if !hasKind(j, KindNoFiling) {
			t.Errorf("the stale copy still decides: %+v", j.Findings)
		}
	}
	if stale != 1 {
		t.Errorf("stale-data warnings: %d, want 1", stale)
	}
}

func hasKind(j Judgement, k Kind) bool {
	for _, f := range j.Findings {
		if f.Kind == k {
			return true
		}
	}
	return false
}

// Every service host-name form the guard trusts names where it comes from.
func TestServicePatternsNameTheirSource(t *testing.T) {
	for _, p := range servicePatterns {
		if !strings.Contains(p.source, "https://") && !strings.Contains(p.source, "official") {
			t.Errorf("%s: no source: %q", p.what, p.source)
		}
	}
}

// A CNAME chain is followed 8 hops deep; the ninth is reported, not followed.
func TestJudgeChainLimit(t *testing.T) {
	var recs [][3]string
	for i := 1; i <= 9; i++ {
		recs = append(recs, [3]string{fmt.Sprintf("h%d", i), "CNAME", fmt.Sprintf("h%d.example.com", i+1)})
	}
	recs = append(recs, [3]string{"h10", "A", hzIP})
	g, _ := newTestGuard(t, EnforceError, &fakeZones{zones: map[string][][3]string{"example.com": recs}}, nil)
	ctx := context.Background()
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "h3.example.com"), Plan), Error, KindNoFiling, "via CNAME h3.example.com → h4.example.com")
	one(t, g.Judge(ctx, rec("www.example.com", "CNAME", "h1.example.com"), Plan), Warning, KindUnfollowed, "longer than the guard follows")
}

// notingAccount holds hzIP in cn-hangzhou and says once that it fell back.
type notingAccount struct {
	mu   sync.Mutex
	told bool
}

func (a *notingAccount) LookupAddress(_ context.Context, addr netip.Addr, _ bool) (aliyun.AddressLookup, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var ans aliyun.AddressLookup
	if addr.String() == hzIP {
		ans = aliyun.AddressLookup{Found: true, Held: aliyun.AccountAddress{Kind: aliyun.KindSWAS, ID: "0123456789abcdef0123456789abcdef", Region: "cn-hangzhou"}}
	}
	if !a.told {
		a.told, ans.Notes = true, []string{"could not use Resource Center (资源中心) SearchResources: ServiceNotEnabled"}
	}
	return ans, nil
}

// The account lookup's fallback is a warning on the first record that met it, and only
// there; the verdict is the account's all the same.
func TestJudgeAccountLookupFallbackSaidOnce(t *testing.T) {
	g := New(Settings{Filings: fakeFilings{}, Locator: NewLocator(LocatorSettings{Account: &notingAccount{}})})
	ctx := context.Background()
	j := g.Judge(ctx, rec("www.example.com", "A", hzIP), Plan)
	if !hasKind(j, KindAccountLookup) || !hasKind(j, KindNoFiling) {
		t.Fatalf("first record: %+v; want the fallback warning and the account's verdict", j.Findings)
	}
	for _, f := range j.Findings {
		if f.Kind == KindAccountLookup && (f.Severity != Warning || f.Blocks || !strings.Contains(f.Detail, "ServiceNotEnabled")) {
			t.Errorf("fallback finding %+v: want a warning that does not block and names the reason", f)
		}
	}
	if j := g.Judge(ctx, rec("example.com", "A", hzIP), Plan); hasKind(j, KindAccountLookup) {
		t.Errorf("second record told again: %+v", j.Findings)
	}
}

// The location-truth issue through the guard: an address of Alibaba Cloud's mainland
// network that one geolocation source places in Singapore is mainland (origin network
// AS37963 decides) and blocks without a filing; AWS Hong Kong (origin AS16509, which AWS's
// own region list confirms to serve no mainland region; one geolocation source says CN) is
// allowed in silence, its evidence naming the disagreement and who settles it; a Hong Kong
// block of China Telecom Global (AS23764, offshore by the network list only) that one
// source places in the mainland is allowed with a warning naming the disagreement; an
// offshore answer resting on geolocation inside Tencent's mixed network AS132203 warns too.
// DNSPod's public resolver, settled as mainland by DNSPod's own page, blocks.
func TestJudgeLocationSources(t *testing.T) {
	g, _ := newTestGuard(t, EnforceError, nil, nil)
	ctx := context.Background()
	j := g.Judge(ctx, rec("www.example.com", "A", "8.137.30.10"), Plan)
	f := one(t, j, Error, KindNoFiling, "www.example.com → 8.137.30.10", "decided by origin network AS37963", "geo-whois-asn-country says another country (disagrees)")
	if !f.Blocks || j.Allowed() {
		t.Error("8.137.30.10 without a filing is allowed")
	}
	j = g.Judge(ctx, rec("www.example.com", "A", "16.162.1.1"), Plan)
	if !j.Allowed() || len(j.Findings) != 0 || len(j.Ends) != 1 || j.Ends[0].Location != mainland.Offshore ||
		!strings.Contains(j.Ends[0].Evidence, "decided by origin network AS16509") ||
		!strings.Contains(j.Ends[0].Evidence, "geo-whois-asn-country says CN (disagrees); the sources disagree — AWS's region list (ip-ranges.json) confirms that AS16509 serves outside mainland China only") {
		t.Errorf("AWS Hong Kong: %+v", j)
	}
	j = g.Judge(ctx, rec("www.example.com", "A", "203.80.141.1"), Plan)
	one(t, j, Warning, KindUnknownLocation, "offshore answer for 203.80.141.1 is not proof", "a source places it in mainland China",
		"decided by origin network AS23764", "dbip-country says HK (agrees), geo-whois-asn-country says CN (disagrees)")
	if !j.Allowed() {
		t.Errorf("China Telecom Global, Hong Kong: %+v", j)
	}
	j = g.Judge(ctx, rec("www.example.com", "A", "119.29.29.29"), Plan)
	one(t, j, Error, KindNoFiling, "www.example.com → 119.29.29.29", "decided by block 119.29.29.0/24 (Tencent: DNSPod Public DNS")
	j = g.Judge(ctx, rec("www.example.com", "A", "43.128.1.1"), Plan)
	one(t, j, Warning, KindUnknownLocation, "not proof", "origin network AS132203", "serves both mainland China and elsewhere")
	// Where every source agrees on offshore, nothing is said.
	if j := g.Judge(ctx, rec("www.example.com", "A", "47.243.1.1"), Plan); len(j.Findings) != 0 || !j.Allowed() {
		t.Errorf("47.243.1.1 (Alibaba international, HK by every source): %+v", j.Findings)
	}
}
