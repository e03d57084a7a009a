package readiness

import (
	"context"
	"errors"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/compliance"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// now is a fixed moment: five minutes before midnight in China, where a day count taken in
// 24-hour blocks or in UTC would be off by one.
var now = time.Date(2026, 11, 20, 23, 55, 0, 0, icp.ChinaTime)

var serverIP = netip.MustParseAddr("47.96.10.20")

// ecs is a subscription ECS instance in cn-hangzhou bought for months, with days left.
func ecs(months, days int) aliyun.Server {
	expires := now.AddDate(0, 0, days)
	return aliyun.Server{Held: aliyun.AccountAddress{Kind: aliyun.KindECS, ID: "i-bp1test", Region: "cn-hangzhou"},
		Status: "Running", Billing: aliyun.BillingSubscription, ChargeType: "PrePaid",
		Created: expires.AddDate(0, -months, 0), Expires: expires, Source: "ECS DescribeInstances"}
}

func with(s aliyun.Server, edit func(*aliyun.Server)) aliyun.Server {
	edit(&s)
	return s
}

func TestCheckServer(t *testing.T) {
	rules := ServerRules{MinDaysLeft: DefaultMinDaysLeft, MinMonths: DefaultMinMonths}
	for _, tc := range []struct {
		name   string
		srv    aliyun.Server
		err    error
		rules  ServerRules
		status Status
		want   []string // regexps the evidence must match
	}{
		{"12-month subscription", ecs(12, 300), nil, rules, Pass,
			[]string{`ECS instance i-bp1test in cn-hangzhou \(ECS DescribeInstances\)`, `subscription \(包年包月, PrePaid\)`, `bought for 12 months`, `300 days left \(expires 2027-09-16\)`,
				`status Running`, `public IP 47\.96\.10\.20`, `备案服务号\) issued and left: not readable`}},
		{"pay-as-you-go", with(ecs(12, 300), func(s *aliyun.Server) {
			s.Billing, s.ChargeType, s.Expires = aliyun.BillingPayAsYouGo, "PostPaid", time.Time{}
		}), nil, rules, Fail, []string{`pay-as-you-go \(按量付费, PostPaid\)`, `Fix: the ICP filing system does not accept pay-as-you-go servers: convert to subscription \(按量转包年包月\)`}},
		{"20 days left", ecs(12, 20), nil, rules, Fail, []string{`20 days left`, `Fix: renew: 20 days left, fewer than server_min_days_left = 90`}},
		{"20 days left, 14 allowed", ecs(12, 20), nil, ServerRules{MinDaysLeft: 14}, Pass, []string{`20 days left`}},
		{"one day left", ecs(12, 1), nil, rules, Fail, []string{`1 day left`}},
		{"expired", ecs(12, -3), nil, rules, Fail, []string{`expired 3 days ago`, `renew: it expired 3 days ago`}},
		{"bought for one month", ecs(1, 200), nil, rules, Fail, []string{`bought for 1 month`, `at least 3 months`}},
		{"stopped and locked", with(ecs(12, 300), func(s *aliyun.Server) {
			s.Status, s.Locks = "Stopped", []string{"OperationLocks financial"}
		}), nil, rules, Fail, []string{`start it: only a running server`, `locked or disabled \(OperationLocks financial\): settle the overdue payment`}},
		{"outside the mainland", with(ecs(12, 300), func(s *aliyun.Server) { s.Held.Region = "cn-hongkong" }), nil, rules, Fail,
			[]string{`not in a mainland region`}},
		{"Simple Application Server", with(ecs(12, 300), func(s *aliyun.Server) {
			s.Held, s.Name, s.Source = aliyun.AccountAddress{Kind: aliyun.KindSWAS, ID: "0123456789abcdef0123456789abcdef", Region: "cn-shanghai"}, "blog", "SWAS ListInstances"
		}), nil, rules, Pass, []string{`Simple Application Server 0123456789abcdef0123456789abcdef \(blog\) in cn-shanghai`, `third-party accounts`}},
		{"ALB", aliyun.Server{Held: aliyun.AccountAddress{Kind: aliyun.KindALB, ID: "alb-1", Region: "cn-shenzhen"}, Billing: aliyun.BillingPayAsYouGo, ChargeType: "PostPay"},
			nil, rules, Fail, []string{`an ALB instance cannot issue filing service numbers`}},
		{"EIP bound to nothing", aliyun.Server{Held: aliyun.AccountAddress{Kind: aliyun.KindEIP, ID: "eip-1", Region: "cn-shanghai"}, Billing: aliyun.BillingPayAsYouGo, ChargeType: "PostPaid", Status: "Available"},
			nil, rules, Fail, []string{`EIP bound to no instance`}},
		{"ECS behind its EIP", with(ecs(12, 300), func(s *aliyun.Server) {
			s.Via = &aliyun.AccountAddress{Kind: aliyun.KindEIP, ID: "eip-2", Region: "cn-hangzhou"}
		}), nil, rules, Pass, []string{`behind EIP eip-2`}},
		{"CLB subscription, expiry not read", aliyun.Server{Held: aliyun.AccountAddress{Kind: aliyun.KindSLB, ID: "lb-1", Region: "cn-hangzhou"}, Billing: aliyun.BillingSubscription, ChargeType: "PrePay", Status: "active", Source: "CLB DescribeLoadBalancers"},
			nil, rules, Unknown, []string{`Not known: its expiry is not read`}},
		{"billing could not be read", aliyun.Server{Held: aliyun.AccountAddress{Kind: aliyun.KindECS, ID: "i-x", Region: "cn-hangzhou"}}, errors.New("boom"), rules, Unknown,
			[]string{`its billing could not be read: boom`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := CheckServer(tc.srv, tc.err, serverIP, now, tc.rules)
			if c.Name != ServerEligible || c.Status != tc.status {
				t.Errorf("status %s, want %s: %s", c.Status, tc.status, c.Evidence)
			}
			for _, w := range tc.want {
				if !regexp.MustCompile(w).MatchString(c.Evidence) {
					t.Errorf("evidence does not match %q:\n%s", w, c.Evidence)
				}
			}
		})
	}
}

// fakeAccount holds one server and counts the billing reads.
type fakeAccount struct {
	found   aliyun.AddressLookup
	err     error
	srv     aliyun.Server
	details int
}

func (f *fakeAccount) LookupAddress(context.Context, netip.Addr, bool) (aliyun.AddressLookup, error) {
	return f.found, f.err
}

func (f *fakeAccount) ServerDetails(context.Context, aliyun.AccountAddress) (aliyun.Server, error) {
	f.details++
	return f.srv, nil
}

// Finding the server: without the account, not in it, or outside the mainland (decided
// without reading its billing).
func TestServerEligibleFindsTheServer(t *testing.T) {
	ctx := context.Background()
	rules := ServerRules{}
	if c := serverEligible(ctx, nil, serverIP, now, rules); c.Status != Unknown || !strings.Contains(c.Evidence, "account_lookup = false") {
		t.Errorf("without the account: %+v", c)
	}
	if c := serverEligible(ctx, &fakeAccount{err: errors.New("throttled")}, serverIP, now, rules); c.Status != Unknown || !strings.Contains(c.Evidence, "could not be searched: throttled") {
		t.Errorf("account error: %+v", c)
	}
	if c := serverEligible(ctx, &fakeAccount{}, serverIP, now, rules); c.Status != Unknown || !strings.Contains(c.Evidence, "not held by a server of this Alibaba Cloud account") {
		t.Errorf("not in the account: %+v", c)
	}
	hk := &fakeAccount{found: aliyun.AddressLookup{Found: true, Held: aliyun.AccountAddress{Kind: aliyun.KindECS, ID: "i-hk", Region: "cn-hongkong"}}}
	if c := serverEligible(ctx, hk, serverIP, now, rules); c.Status != Fail || hk.details != 0 {
		t.Errorf("offshore: %+v, %d billing reads; want fail without one", c, hk.details)
	}
	hz := &fakeAccount{found: aliyun.AddressLookup{Found: true, Held: ecs(12, 300).Held}, srv: ecs(12, 300)}
	if c := serverEligible(ctx, hz, serverIP, now, rules); c.Status != Pass || hz.details != 1 {
		t.Errorf("mainland subscription: %+v, %d billing reads", c, hz.details)
	}
}

func TestCheckServerInMainland(t *testing.T) {
	down := errors.New("endpoint down")
	for _, tc := range []struct {
		loc    guard.Location
		status Status
		want   string
	}{
		{guard.Location{Verdict: mainland.Verdict{Class: mainland.Mainland, Evidence: "ECS instance i-1 in cn-hangzhou (mainland region)"}}, Pass, "i-1"},
		{guard.Location{Verdict: mainland.Verdict{Class: mainland.Offshore, Evidence: "ECS instance i-2 in cn-hongkong"}}, Fail, "needs no ICP filing"},
		{guard.Location{Verdict: mainland.Verdict{Class: mainland.Offshore, Evidence: "location data"}, CloudErr: down}, Unknown, "ranks above them"},
		{guard.Location{Verdict: mainland.Verdict{Class: mainland.Unknown}, CloudErr: down}, Unknown, "could not be searched: endpoint down"},
		{guard.Location{Verdict: mainland.Verdict{Class: mainland.Unknown, Evidence: "not a public address"}}, Unknown, "not a public address"},
	} {
		if c := CheckServerInMainland(tc.loc); c.Status != tc.status || !strings.Contains(c.Evidence, tc.want) {
			t.Errorf("%+v: %+v, want %s saying %q", tc.loc, c, tc.status, tc.want)
		}
	}
}

func TestDomainChecks(t *testing.T) {
	notFound := &aliyun.Error{Class: aliyun.ClassNotFound, Code: "DomainNotExist"}
	reg := time.Date(2026, 11, 18, 10, 0, 0, 0, icp.ChinaTime)
	ok := aliyun.Domain{Name: "ready.cn", InstanceID: "S1", RegistrationDate: reg, ExpirationDate: reg.AddDate(1, 0, 0), RealNameStatus: aliyun.RealNameSucceed}
	if c := CheckDomainOwned("ready.cn", ok, nil); c.Status != Pass || !strings.Contains(c.Evidence, "registered 2026-11-18") {
		t.Errorf("owned: %+v", c)
	}
	if c := CheckDomainOwned("ready.cn", aliyun.Domain{}, notFound); c.Status != Fail || !strings.Contains(c.Evidence, "register it (beian_domain)") {
		t.Errorf("not owned: %+v", c)
	}
	if c := CheckDomainOwned("ready.cn", aliyun.Domain{}, errors.New("x")); c.Status != Unknown {
		t.Errorf("unreadable: %+v", c)
	}
	if c := CheckRealNameVerified(with2(ok, "AUDITING"), nil); c.Status != Fail || !strings.Contains(c.Evidence, "AUDITING") {
		t.Errorf("auditing: %+v", c)
	}
	// Registered on the 18th, verified: a filing from the 21st, China time — not yet at
	// 23:55 on the 20th.
	if c := CheckWaitingPeriod(ok, nil, now); c.Status != Fail || !strings.Contains(c.Evidence, "from 2026-11-21") {
		t.Errorf("waiting: %+v", c)
	}
	if c := CheckWaitingPeriod(ok, nil, now.Add(10*time.Minute)); c.Status != Pass {
		t.Errorf("after midnight: %+v", c)
	}
	if c := CheckWaitingPeriod(with2(ok, "NONAUDIT"), nil, now); c.Status != Unknown {
		t.Errorf("unverified: %+v", c)
	}
}

func with2(d aliyun.Domain, realName string) aliyun.Domain {
	d.RealNameStatus = realName
	return d
}

func TestPublicSecurityAndLicence(t *testing.T) {
	goLive := time.Date(2026, 10, 26, 0, 0, 0, 0, icp.ChinaTime) // due 2026-11-25: in 5 days
	if c := CheckPublicSecurity("", goLive, now); c.Status != Fail || !strings.Contains(c.Evidence, "due by 2026-11-25, in 5 days") {
		t.Errorf("due: %+v", c)
	}
	if w, ok := publicSecurityWarning("ready.cn", "", goLive, now); !ok || !strings.Contains(w.Summary, "due soon") || w.Attribute != "public_security_number" {
		t.Errorf("warning: %+v %v", w, ok)
	}
	if c := CheckPublicSecurity("", goLive.AddDate(0, -1, 0), now); !strings.Contains(c.Evidence, "ago") {
		t.Errorf("overdue: %+v", c)
	}
	if c := CheckPublicSecurity("京公网安备11010502030143号", goLive, now); c.Status != Pass {
		t.Errorf("given: %+v", c)
	}
	if c := CheckPublicSecurity("", time.Time{}, now); c.Status != Unknown {
		t.Errorf("no go-live date: %+v", c)
	}
	if c := CheckCommercialLicense(""); c.Status != Fail || !strings.Contains(c.Evidence, "set icp_license") {
		t.Errorf("no licence: %+v", c)
	}
	if c := CheckCommercialLicense("浙B2-20080101"); c.Status != Pass || !strings.Contains(c.Evidence, "issued in") {
		t.Errorf("licence: %+v", c)
	}
}

func TestCheckHomepage(t *testing.T) {
	if c := CheckHomepage(&compliance.Response{StatusCode: 200, Status: "200 OK", FinalURL: "http://47.96.10.20/"}, nil); c.Status != Pass {
		t.Errorf("200: %+v", c)
	}
	if c := CheckHomepage(&compliance.Response{StatusCode: 404, Status: "404 Not Found", FinalURL: "http://47.96.10.20/x"}, nil); c.Status != Fail || !strings.Contains(c.Evidence, "404") {
		t.Errorf("404: %+v", c)
	}
	if c := CheckHomepage(nil, errors.New("refused")); c.Status != Fail {
		t.Errorf("error: %+v", c)
	}
}

// fakes for Run.
type fakeDomains struct{ d aliyun.Domain }

func (f fakeDomains) QueryDomain(context.Context, string) (aliyun.Domain, error) { return f.d, nil }

type fakeLocator struct{ loc guard.Location }

func (f fakeLocator) Locate(context.Context, netip.Addr, guard.Phase) guard.Location { return f.loc }

type fakeFilings struct{}

func (fakeFilings) Lookup(context.Context, string) (icp.Answer, error) {
	return icp.Answer{Status: icp.NotApproved, Evidence: "not in the account's filings"}, nil
}

// ready_to_file needs server_eligible too; the account's fallback note and stale data are
// warnings on server_ip; the report has one line per check.
func TestRun(t *testing.T) {
	reg := now.AddDate(0, -2, 0)
	s := Sources{
		Domains: fakeDomains{aliyun.Domain{InstanceID: "S1", RegistrationDate: reg, ExpirationDate: reg.AddDate(3, 0, 0), RealNameStatus: aliyun.RealNameSucceed}},
		Locator: fakeLocator{guard.Location{Verdict: mainland.Verdict{Class: mainland.Mainland, Evidence: "ECS instance i-bp1test in cn-hangzhou (mainland region)"},
			AccountNotes: []string{"could not use Resource Center"}, Stale: []string{"stale copy"}}},
		Filings: fakeFilings{},
		Fetch: func(context.Context, string, compliance.FetchOptions) (*compliance.Response, error) {
			return &compliance.Response{StatusCode: 200, Status: "200 OK", FinalURL: "http://47.96.10.20/"}, nil
		},
		Now: func() time.Time { return now },
	}
	in := Input{Registrable: "ready.cn", ServerIP: serverIP, HomepageURL: "http://47.96.10.20/", PublicSecurityNumber: "京公网安备11010502030143号"}
	for _, tc := range []struct {
		srv   aliyun.Server
		ready bool
	}{{ecs(12, 300), true}, {ecs(12, 20), false}} {
		s.Account = &fakeAccount{found: aliyun.AddressLookup{Found: true, Held: tc.srv.Held}, srv: tc.srv}
		r := Run(context.Background(), s, in)
		var names []string
		for _, c := range r.Checks {
			names = append(names, c.Name+"="+string(c.Status))
		}
		eligible := "pass"
		if !tc.ready {
			eligible = "fail"
		}
		want := "domain_owned=pass real_name_verified=pass waiting_period_elapsed=pass server_in_mainland=pass server_eligible=" + eligible +
			" homepage_reachable=pass icp_filing=fail public_security_filing=pass"
		if strings.Join(names, " ") != want || r.ReadyToFile != tc.ready {
			t.Errorf("checks %v, ready %v; want %s, ready %v", names, r.ReadyToFile, want, tc.ready)
		}
		if len(r.Warnings) != 2 || r.Warnings[1].Summary != "The cloud account is searched another way" || r.Warnings[0].Attribute != "server_ip" {
			t.Errorf("warnings %+v", r.Warnings)
		}
		if lines := strings.Split(r.Report, "\n"); len(lines) != len(r.Checks) || !strings.HasPrefix(lines[4], "[") || !strings.Contains(lines[4], "server_eligible") {
			t.Errorf("report:\n%s", r.Report)
		}
	}
}
