package aliyun

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/domain"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

func emulatorClient(t *testing.T) (*Client, *emulatortest.Server) {
	t.Helper()
	srv := emulatortest.Start(t)
	if err := srv.Control.SetSettings(emulator.Settings{TaskDelayMs: 0}); err != nil {
		t.Fatal(err)
	}
	eps, err := NewEndpoints(nil, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(Config{
		Credentials: Credentials{AccessKeyID: srv.AccessKeyID, AccessKeySecret: srv.AccessKeySecret, Source: "test"},
		Endpoints:   eps, MaxRetries: 1, BaseDelay: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func TestQueryDomainAndCheckDomain(t *testing.T) {
	c, srv := emulatorClient(t)
	ctx := context.Background()
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "owned.com", RealNameStatus: "AUDITING",
		RegistrationDate: "2024-03-01", ExpirationDate: "2027-03-01", InstanceID: "S20240301000001"}); err != nil {
		t.Fatal(err)
	}
	d, err := c.QueryDomain(ctx, "owned.com")
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "owned.com" || d.InstanceID != "S20240301000001" || d.RealNameStatus != RealNameAuditing || d.DomainStatus != "3" {
		t.Fatalf("QueryDomain = %+v", d)
	}
	if got := d.RegistrationDate.In(ChinaTime).Format("2006-01-02"); got != "2024-03-01" {
		t.Errorf("registration date = %s, want 2024-03-01 (China time)", got)
	}
	if got := d.ExpirationDate.In(ChinaTime).Format("2006-01-02"); got != "2027-03-01" {
		t.Errorf("expiration date = %s, want 2027-03-01", got)
	}
	if len(d.DNSServers) != 2 || d.DNSServers[0] != "dns1.hichina.com" {
		t.Errorf("DNS servers = %v", d.DNSServers)
	}

	_, err = c.QueryDomain(ctx, "not-mine.com")
	if !IsNotFound(err) || CodeOf(err) != "DomainNotExist" {
		t.Fatalf("QueryDomain(not owned) err = %v (class %v), want not found", err, ClassOf(err))
	}

	if err := srv.Control.SetUnavailable("taken.com", "Domain exists"); err != nil {
		t.Fatal(err)
	}
	a, err := c.CheckDomain(ctx, "taken.com")
	if err != nil || a.Available || a.Reason != "Domain exists" {
		t.Fatalf("CheckDomain(taken) = %+v, %v", a, err)
	}
	a, err = c.CheckDomain(ctx, "free-name.com")
	if err != nil || !a.Available {
		t.Fatalf("CheckDomain(free) = %+v, %v", a, err)
	}
}

func TestRegisterDomainWaitAndAutoRenew(t *testing.T) {
	c, srv := emulatorClient(t)
	ctx := context.Background()
	if err := srv.Control.AddRegistrantProfile(emulator.ProfileSeed{ID: 4242, Organization: "示例科技有限公司"}); err != nil {
		t.Fatal(err)
	}
	p, err := c.QueryRegistrantProfile(ctx, 4242)
	if err != nil || p.RealNameStatus != RealNameSucceed || p.Organization != "示例科技有限公司" {
		t.Fatalf("QueryRegistrantProfile = %+v, %v", p, err)
	}
	if _, err := c.QueryRegistrantProfile(ctx, 1); !IsNotFound(err) {
		t.Fatalf("unknown profile err = %v, want not found", err)
	}

	taskNo, err := c.RegisterDomain(ctx, RegisterDomainInput{Domain: "new-site.com", Years: 5, RegistrantProfileID: 4242,
		DNSServers: []string{"ns1.example.net", "ns2.example.net"}, PrivacyProtection: true})
	if err != nil {
		t.Fatal(err)
	}
	task, err := c.WaitDomainTask(ctx, taskNo, TaskPoll{Initial: time.Millisecond})
	if err != nil || !task.Done() || task.Failed() || task.InstanceID == "" || task.Domain != "new-site.com" {
		t.Fatalf("WaitDomainTask = %+v, %v", task, err)
	}
	d, err := c.QueryDomain(ctx, "new-site.com")
	if err != nil {
		t.Fatal(err)
	}
	if d.InstanceID != task.InstanceID || !d.PrivacyProtection || len(d.DNSServers) != 2 || d.DNSServers[0] != "ns1.example.net" {
		t.Fatalf("registered domain = %+v", d)
	}
	if years := d.ExpirationDate.Year() - d.RegistrationDate.Year(); years != 5 {
		t.Errorf("registered for %d years, want 5", years)
	}

	// Auto-renew is read back from BSS.
	st, found, err := c.DomainRenewStatus(ctx, d.InstanceID)
	if err != nil || !found || st != RenewManual {
		t.Fatalf("renew status of a new domain = %q %v %v, want ManualRenewal", st, found, err)
	}
	if err := c.SetDomainAutoRenew(ctx, d.InstanceID, true); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := c.DomainRenewStatus(ctx, d.InstanceID); st != RenewAuto {
		t.Fatalf("renew status after SET = %q", st)
	}
	if err := c.SetDomainAutoRenew(ctx, d.InstanceID, false); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := c.DomainRenewStatus(ctx, d.InstanceID); st != RenewManual {
		t.Fatalf("renew status after CANCEL = %q", st)
	}
	if _, found, err := c.DomainRenewStatus(ctx, "S-unknown"); err != nil || found {
		t.Fatalf("unknown instance: found=%v err=%v", found, err)
	}

	// Name servers back to Alibaba Cloud DNS, privacy off.
	no, err := c.ModifyDomainDNS(ctx, "new-site.com", []string{"dns1.hichina.com", "dns2.hichina.com"})
	if err != nil {
		t.Fatal(err)
	}
	if task, err := c.WaitDomainTask(ctx, no, TaskPoll{Initial: time.Millisecond}); err != nil || task.Failed() {
		t.Fatalf("modify DNS task = %+v, %v", task, err)
	}
	if no, err = c.SetDomainPrivacy(ctx, "new-site.com", false); err != nil {
		t.Fatal(err)
	}
	if task, err := c.WaitDomainTask(ctx, no, TaskPoll{Initial: time.Millisecond}); err != nil || task.Failed() {
		t.Fatalf("privacy task = %+v, %v", task, err)
	}
	d, _ = c.QueryDomain(ctx, "new-site.com")
	if d.PrivacyProtection || d.DNSServers[0] != "dns1.hichina.com" {
		t.Fatalf("after modify: %+v", d)
	}
}

func TestWaitDomainTaskFailureAndTimeout(t *testing.T) {
	c, srv := emulatorClient(t)
	ctx := context.Background()
	if err := srv.Control.AddRegistrantProfile(emulator.ProfileSeed{ID: 7}); err != nil {
		t.Fatal(err)
	}
	const reason = "注册局拒绝: the registry rejected the name (code 2306)"
	if err := srv.Control.SetTaskFailure("rejected.com", reason); err != nil {
		t.Fatal(err)
	}
	no, err := c.RegisterDomain(ctx, RegisterDomainInput{Domain: "rejected.com", Years: 1, RegistrantProfileID: 7})
	if err != nil {
		t.Fatal(err)
	}
	task, err := c.WaitDomainTask(ctx, no, TaskPoll{Initial: time.Millisecond})
	if err != nil || !task.Failed() || task.FailReason != reason {
		t.Fatalf("failed task = %+v, %v; want the reason verbatim", task, err)
	}

	if err := srv.Control.SetSettings(emulator.Settings{TaskDelayMs: 60_000}); err != nil {
		t.Fatal(err)
	}
	no, err = c.RegisterDomain(ctx, RegisterDomainInput{Domain: "slow.com", Years: 1, RegistrantProfileID: 7})
	if err != nil {
		t.Fatal(err)
	}
	tctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.WaitDomainTask(tctx, no, TaskPoll{Initial: 20 * time.Millisecond, Max: 50 * time.Millisecond})
	var we *TaskWaitError
	if !errors.As(err, &we) || we.Task.TaskNo != no || we.Task.StatusCode != TaskExecuting || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("timeout err = %#v, want *TaskWaitError for %s while executing", err, no)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("WaitDomainTask ignored the context deadline: returned after %s", el)
	}
}

func TestSummarizeTask(t *testing.T) {
	d := func(code int, status, reason string) domain.TaskDetail {
		return domain.TaskDetail{TaskNo: "T", TaskStatusCode: code, TaskStatus: status, ErrorMsg: reason, DomainName: "A.com"}
	}
	cases := []struct {
		name    string
		details []domain.TaskDetail
		code    int
		reason  string
	}{
		{"no details yet", nil, TaskWaiting, ""},
		{"all succeeded", []domain.TaskDetail{d(2, "EXECUTE_SUCCESS", ""), d(2, "EXECUTE_SUCCESS", "")}, TaskSucceeded, ""},
		{"one still running", []domain.TaskDetail{d(2, "EXECUTE_SUCCESS", ""), d(1, "EXECUTING", "")}, TaskExecuting, ""},
		{"one waiting", []domain.TaskDetail{d(0, "WAITING_EXECUTE", "")}, TaskExecuting, ""},
		{"any failure wins", []domain.TaskDetail{d(1, "EXECUTING", ""), d(3, "EXECUTE_FAILURE", "first"), d(3, "EXECUTE_FAILURE", "second")}, TaskFailed, "first"},
		// FailReason first (the current model has it next to ErrorMsg), ErrorMsg when it is
		// empty; an ErrorMsg that says something else is kept too.
		{"FailReason first", []domain.TaskDetail{{TaskStatusCode: 3, ErrorMsg: "from ErrorMsg", FailReason: "from FailReason"}}, TaskFailed, "from FailReason"},
		{"ErrorMsg when FailReason is empty", []domain.TaskDetail{{TaskStatusCode: 3, ErrorMsg: "from ErrorMsg", FailReason: " "}}, TaskFailed, "from ErrorMsg"},
		{"FailReason only", []domain.TaskDetail{{TaskStatusCode: 3, FailReason: "from FailReason"}}, TaskFailed, "from FailReason"},
	}
	wantErrorMsg := map[string]string{"FailReason first": "from ErrorMsg"}
	for _, tc := range cases {
		got := summarizeTask("T", tc.details)
		if got.StatusCode != tc.code || got.FailReason != tc.reason || got.ErrorMsg != wantErrorMsg[tc.name] || got.Details != len(tc.details) {
			t.Errorf("%s: summarizeTask = %+v, want code %d reason %q, ErrorMsg %q", tc.name, got, tc.code, tc.reason, wantErrorMsg[tc.name])
		}
		if len(tc.details) > 0 && tc.details[0].DomainName != "" && got.Domain != "a.com" {
			t.Errorf("%s: domain = %q, want lower case", tc.name, got.Domain)
		}
	}
}

func TestDomainDate(t *testing.T) {
	want := time.Date(2025, 6, 1, 12, 30, 0, 0, ChinaTime)
	if got := domainDate(want.UnixMilli(), "garbage"); !got.Equal(want) {
		t.Errorf("from millis: %v", got)
	}
	if got := domainDate(0, "2025-06-01 12:30:00"); !got.Equal(want) {
		t.Errorf("from text: %v", got)
	}
	if got := domainDate(0, "2025-06-01"); !got.Equal(time.Date(2025, 6, 1, 0, 0, 0, 0, ChinaTime)) {
		t.Errorf("from a date: %v", got)
	}
	if got := domainDate(0, ""); !got.IsZero() {
		t.Errorf("empty: %v", got)
	}
}

// QueryDomainByDomainName and QueryAvailableInstances are made once per run and key;
// every write through the client makes the next read fresh.
func TestDomainReadsAreCachedPerRun(t *testing.T) {
	c, srv := emulatorClient(t)
	ctx := context.Background()
	if err := srv.Control.AddRegistrantProfile(emulator.ProfileSeed{ID: 9}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "cached.com", RealNameStatus: "SUCCEED",
		RegistrationDate: "2024-03-01", ExpirationDate: "2027-03-01", InstanceID: "S20240301000009"}); err != nil {
		t.Fatal(err)
	}
	calls := func() (query, renew int) {
		t.Helper()
		st, err := srv.Control.Stats()
		if err != nil {
			t.Fatal(err)
		}
		return st.Calls["Domain.QueryDomainByDomainName"], st.Calls["BssOpenApi.QueryAvailableInstances"]
	}
	want := func(step string, query, renew int) {
		t.Helper()
		if q, r := calls(); q != query || r != renew {
			t.Fatalf("%s: %d QueryDomainByDomainName and %d QueryAvailableInstances calls, want %d and %d", step, q, r, query, renew)
		}
	}
	if err := srv.Control.ResetStats(); err != nil {
		t.Fatal(err)
	}

	for i := 0; i < 3; i++ {
		d, err := c.QueryDomain(ctx, []string{"cached.com", "CACHED.com", "cached.com."}[i])
		if err != nil || d.InstanceID != "S20240301000009" {
			t.Fatalf("QueryDomain = %+v, %v", d, err)
		}
		d.DNSServers[0] = "changed-by-caller" // must not leak into the cache
		if st, found, err := c.DomainRenewStatus(ctx, d.InstanceID); err != nil || !found || st != RenewManual {
			t.Fatalf("DomainRenewStatus = %q %v %v", st, found, err)
		}
	}
	want("repeated reads", 1, 1)
	if d, _ := c.QueryDomain(ctx, "cached.com"); d.DNSServers[0] != "dns1.hichina.com" {
		t.Fatalf("cached copy was modified by a caller: %v", d.DNSServers)
	}

	// "Not found" answers are kept for the run too (registration forgets the domain).
	for i := 0; i < 2; i++ {
		if _, err := c.QueryDomain(ctx, "not-mine.com"); !IsNotFound(err) {
			t.Fatalf("not-mine.com: %v", err)
		}
		if _, found, err := c.DomainRenewStatus(ctx, "S-unknown"); err != nil || found {
			t.Fatalf("unknown instance: found=%v err=%v", found, err)
		}
	}
	want("not found twice", 2, 2)

	// Writes make the next read fresh.
	if err := c.SetDomainAutoRenew(ctx, "S20240301000009", true); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := c.DomainRenewStatus(ctx, "S20240301000009"); st != RenewAuto {
		t.Fatalf("renew status after SET = %q, want AutoRenewal (stale cache?)", st)
	}
	want("after SetDomainAutoRenew", 2, 3)

	no, err := c.ModifyDomainDNS(ctx, "cached.com", []string{"ns1.example.net", "ns2.example.net"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitDomainTask(ctx, no, TaskPoll{Initial: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if d, _ := c.QueryDomain(ctx, "cached.com"); len(d.DNSServers) != 2 || d.DNSServers[0] != "ns1.example.net" {
		t.Fatalf("name servers after ModifyDomainDNS = %v (stale cache?)", d.DNSServers)
	}
	want("after ModifyDomainDNS", 3, 3)

	no, err = c.SetDomainPrivacy(ctx, "cached.com", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitDomainTask(ctx, no, TaskPoll{Initial: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if d, _ := c.QueryDomain(ctx, "cached.com"); !d.PrivacyProtection {
		t.Fatalf("privacy after SetDomainPrivacy = %+v (stale cache?)", d)
	}
	want("after SetDomainPrivacy", 4, 3)

	// A registration: the domain was not found before, and is found after.
	if _, err := c.QueryDomain(ctx, "later.com"); !IsNotFound(err) {
		t.Fatalf("later.com before registration: %v", err)
	}
	no, err = c.RegisterDomain(ctx, RegisterDomainInput{Domain: "later.com", Years: 1, RegistrantProfileID: 9})
	if err != nil {
		t.Fatal(err)
	}
	if task, err := c.WaitDomainTask(ctx, no, TaskPoll{Initial: time.Millisecond}); err != nil || task.Failed() {
		t.Fatalf("registration = %+v, %v", task, err)
	}
	if d, err := c.QueryDomain(ctx, "later.com"); err != nil || d.Name != "later.com" {
		t.Fatalf("later.com after registration = %+v, %v", d, err)
	}
	want("after RegisterDomain", 6, 3)
}

// Diagnostics name a real-name status in words; an unknown code is not passed off as
// one of the three.
func TestDescribeRealNameStatus(t *testing.T) {
	seen := map[string]string{}
	for _, st := range []string{RealNameNone, RealNameAuditing, RealNameFailed} {
		d := DescribeRealNameStatus(st)
		if d == "" || d == "unknown status" || seen[d] != "" {
			t.Errorf("DescribeRealNameStatus(%s) = %q: want its own words (seen for %s)", st, d, seen[d])
		}
		seen[d] = st
	}
	if d := DescribeRealNameStatus("PENDING_SOMETHING"); d != "unknown status" {
		t.Errorf("unknown code described as %q", d)
	}
}
