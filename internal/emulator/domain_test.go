package emulator_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/alidns"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/domain"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

func register(e *env, name string, profile int) (string, error) {
	req := domain.CreateSaveSingleTaskForCreatingOrderActivateRequest()
	req.DomainName = name
	req.SubscriptionDuration = requests.NewInteger(3)
	req.RegistrantProfileId = requests.NewInteger(profile)
	req.AliyunDns = requests.NewBoolean(true)
	req.EnableDomainProxy = requests.NewBoolean(false)
	req.PermitPremiumActivation = requests.NewBoolean(false)
	resp := domain.CreateSaveSingleTaskForCreatingOrderActivateResponse()
	err := e.call(req, resp)
	return resp.TaskNo, err
}

func task(e *env, taskNo string) domain.TaskDetail {
	e.t.Helper()
	req := domain.CreateQueryTaskDetailListRequest()
	req.TaskNo = taskNo
	req.PageNum = requests.NewInteger(1)
	req.PageSize = requests.NewInteger(10)
	resp := domain.CreateQueryTaskDetailListResponse()
	e.must(req, resp)
	if len(resp.Data.TaskDetail) != 1 || resp.TotalItemNum != 1 {
		e.t.Fatalf("QueryTaskDetailList(%s) = %+v", taskNo, resp)
	}
	return resp.Data.TaskDetail[0]
}

func bssInstance(e *env, id string) bssopenapi.Instance {
	e.t.Helper()
	req := bssopenapi.CreateQueryAvailableInstancesRequest()
	req.ProductCode = "domain"
	req.InstanceIDs = id
	resp := bssopenapi.CreateQueryAvailableInstancesResponse()
	e.must(req, resp)
	if !resp.Success || resp.Code != "Success" || resp.Data.TotalCount != 1 || len(resp.Data.InstanceList) != 1 {
		e.t.Fatalf("QueryAvailableInstances(%s) = %+v", id, resp)
	}
	return resp.Data.InstanceList[0]
}

func TestDomainRegistrationFlow(t *testing.T) {
	e := newEnv(t)
	c := e.srv.Control
	if err := c.AddRegistrantProfile(emulator.ProfileSeed{ID: 1001, Organization: "示例科技有限公司"}); err != nil {
		t.Fatal(err)
	}
	if err := c.AddRegistrantProfile(emulator.ProfileSeed{ID: 1002, RealNameStatus: "AUDITING"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetUnavailable("taken.com", "Domain exists"); err != nil {
		t.Fatal(err)
	}

	check := func(name string) *domain.CheckDomainResponse {
		req := domain.CreateCheckDomainRequest()
		req.DomainName = name
		resp := domain.CreateCheckDomainResponse()
		e.must(req, resp)
		return resp
	}
	if r := check("new-site.com"); r.Avail != "1" {
		t.Fatalf("CheckDomain(new) = %+v", r)
	}
	if r := check("taken.com"); r.Avail != "0" || r.Reason != "Domain exists" {
		t.Fatalf("CheckDomain(taken) = %+v", r)
	}

	_, err := register(e, "new-site.com", 1002)
	wantCode(t, err, "RegistrantProfileNotVerified", 400)
	_, err = register(e, "new-site.com", 9999)
	wantCode(t, err, "RegistrantProfileNotExist", 400)

	taskNo, err := register(e, "new-site.com", 1001)
	if err != nil || taskNo == "" {
		t.Fatalf("register = %q, %v", taskNo, err)
	}
	td := task(e, taskNo)
	if td.TaskStatus != "EXECUTE_SUCCESS" || td.TaskStatusCode != 2 || td.DomainName != "new-site.com" || td.InstanceId == "" {
		t.Fatalf("task = %+v", td)
	}

	q := domain.CreateQueryDomainByDomainNameRequest()
	q.DomainName = "new-site.com"
	d := domain.CreateQueryDomainByDomainNameResponse()
	e.must(q, d)
	if d.InstanceId != td.InstanceId || d.RealNameStatus != "SUCCEED" || d.ZhRegistrantOrganization != "示例科技有限公司" ||
		len(d.DnsList.Dns) != 2 || d.DomainStatus != "3" {
		t.Fatalf("QueryDomainByDomainName = %+v", d)
	}
	reg, err1 := time.Parse("2006-01-02 15:04:05", d.RegistrationDate)
	exp, err2 := time.Parse("2006-01-02 15:04:05", d.ExpirationDate)
	if err1 != nil || err2 != nil || exp.Year()-reg.Year() != 3 || d.ExpirationDateLong-d.RegistrationDateLong < 3*365*86400000 {
		t.Fatalf("dates %q %q (%v %v)", d.RegistrationDate, d.ExpirationDate, err1, err2)
	}
	q.DomainName = "unknown.com"
	wantCode(t, e.call(q, domain.CreateQueryDomainByDomainNameResponse()), "DomainNotExist", 400)

	// The zone exists in Alidns.
	zi := alidns.CreateDescribeDomainInfoRequest()
	zi.DomainName = "new-site.com"
	e.must(zi, alidns.CreateDescribeDomainInfoResponse())

	// Auto-renew: off, SET, read back through BSS, CANCEL.
	if inst := bssInstance(e, d.InstanceId); inst.RenewStatus != "ManualRenewal" || inst.InstanceID != d.InstanceId || inst.ProductCode != "domain" || inst.EndTime == "" {
		t.Fatalf("BSS instance = %+v", inst)
	}
	ar := domain.CreateSetupDomainAutoRenewRequest()
	ar.InstanceId, ar.Operation = d.InstanceId, "SET"
	arResp := domain.CreateSetupDomainAutoRenewResponse()
	e.must(ar, arResp)
	if !arResp.Result {
		t.Fatalf("SetupDomainAutoRenew = %+v", arResp)
	}
	if inst := bssInstance(e, d.InstanceId); inst.RenewStatus != "AutoRenewal" {
		t.Fatalf("after SET: %+v", inst)
	}
	filter := bssopenapi.CreateQueryAvailableInstancesRequest()
	filter.ProductCode, filter.RenewStatus = "domain", "ManualRenewal"
	fr := bssopenapi.CreateQueryAvailableInstancesResponse()
	e.must(filter, fr)
	if fr.Data.TotalCount != 0 {
		t.Fatalf("RenewStatus filter = %+v", fr.Data)
	}
	ar.Operation = "CANCEL"
	e.must(ar, domain.CreateSetupDomainAutoRenewResponse())
	if inst := bssInstance(e, d.InstanceId); inst.RenewStatus != "ManualRenewal" {
		t.Fatalf("after CANCEL: %+v", inst)
	}
	ar.Operation = "MAYBE"
	wantCode(t, e.call(ar, domain.CreateSetupDomainAutoRenewResponse()), "InvalidParameter", 400)

	// Renew one year.
	rn := domain.CreateSaveSingleTaskForCreatingOrderRenewRequest()
	rn.DomainName, rn.SubscriptionDuration = "new-site.com", requests.NewInteger(1)
	rn.CurrentExpirationDate = requests.NewInteger64(d.ExpirationDateLong)
	rnResp := domain.CreateSaveSingleTaskForCreatingOrderRenewResponse()
	e.must(rn, rnResp)
	if td := task(e, rnResp.TaskNo); td.TaskStatusCode != 2 {
		t.Fatalf("renew task = %+v", td)
	}
	d2 := domain.CreateQueryDomainByDomainNameResponse()
	q.DomainName = "new-site.com"
	e.must(q, d2)
	if exp2, _ := time.Parse("2006-01-02 15:04:05", d2.ExpirationDate); exp2.Year() != exp.Year()+1 {
		t.Fatalf("renewed expiration %s (was %s)", d2.ExpirationDate, d.ExpirationDate)
	}

	// Registering an unavailable domain: the task fails with the reason.
	taskNo, err = register(e, "taken.com", 1001)
	if err != nil {
		t.Fatal(err)
	}
	if td := task(e, taskNo); td.TaskStatusCode != 3 || td.TaskStatus != "EXECUTE_FAILURE" || td.ErrorMsg != "Domain exists" {
		t.Fatalf("failed task = %+v", td)
	}
	if err := c.SetTaskFailure("broken.com", "Registry timeout"); err != nil {
		t.Fatal(err)
	}
	taskNo, _ = register(e, "broken.com", 1001)
	if td := task(e, taskNo); td.TaskStatusCode != 3 || td.ErrorMsg != "Registry timeout" {
		t.Fatalf("failed task = %+v", td)
	}

	// PollTaskResult lists finished tasks; TaskResultStatus 1 = failed.
	poll := domain.CreatePollTaskResultRequest()
	poll.PageNum, poll.PageSize, poll.TaskResultStatus = requests.NewInteger(1), requests.NewInteger(50), requests.NewInteger(1)
	pr := domain.CreatePollTaskResultResponse()
	e.must(poll, pr)
	if pr.TotalItemNum != 2 {
		t.Fatalf("PollTaskResult = %+v", pr)
	}

	// QueryDomainList and QueryRegistrantProfiles.
	if err := c.AddDomain(emulator.DomainSeed{Domain: "old.com", RealNameStatus: "FAILED", RegistrationDate: "2020-01-02", ExpirationDate: "2030-01-02", AutoRenew: true}); err != nil {
		t.Fatal(err)
	}
	dl := domain.CreateQueryDomainListRequest()
	dl.PageNum, dl.PageSize = requests.NewInteger(1), requests.NewInteger(1)
	dlr := domain.CreateQueryDomainListResponse()
	e.must(dl, dlr)
	if dlr.TotalItemNum != 2 || dlr.TotalPageNum != 2 || !dlr.NextPage || len(dlr.Data.Domain) != 1 || dlr.Data.Domain[0].DomainName != "new-site.com" {
		t.Fatalf("QueryDomainList = %+v", dlr)
	}
	q.DomainName = "old.com"
	old := domain.CreateQueryDomainByDomainNameResponse()
	e.must(q, old)
	if old.RegistrationDate != "2020-01-02 00:00:00" || old.ExpirationDate != "2030-01-02 00:00:00" || old.RealNameStatus != "FAILED" {
		t.Fatalf("seeded domain = %+v", old)
	}
	if inst := bssInstance(e, "old.com"); inst.RenewStatus != "AutoRenewal" {
		t.Fatalf("seeded auto renew: %+v", inst)
	}
	pq := domain.CreateQueryRegistrantProfilesRequest()
	pq.RealNameStatus = "SUCCEED"
	pqr := domain.CreateQueryRegistrantProfilesResponse()
	e.must(pq, pqr)
	if pqr.TotalItemNum != 1 || pqr.RegistrantProfiles.RegistrantProfile[0].RegistrantProfileId != 1001 {
		t.Fatalf("QueryRegistrantProfiles = %+v", pqr)
	}
}

// fakeClock is a settable clock for Config.Now. It starts at the real time so that the
// SDK's request timestamps stay within the allowed clock skew.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestDomainTaskDelay(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	srv := emulatortest.StartWithConfig(t, emulator.Config{Now: clock.Now})
	e := &env{t: t, srv: srv, client: newClient(t, srv.AccessKeyID, srv.AccessKeySecret)}
	if err := e.srv.Control.SetSettings(emulator.Settings{TaskDelayMs: 300}); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Control.AddRegistrantProfile(emulator.ProfileSeed{ID: 7}); err != nil {
		t.Fatal(err)
	}
	taskNo, err := register(e, "slow.com", 7)
	if err != nil {
		t.Fatal(err)
	}
	if td := task(e, taskNo); td.TaskStatusCode != 1 || td.TaskStatus != "EXECUTING" {
		t.Fatalf("running task = %+v", td)
	}
	q := domain.CreateQueryDomainByDomainNameRequest()
	q.DomainName = "slow.com"
	wantCode(t, e.call(q, domain.CreateQueryDomainByDomainNameResponse()), "DomainNotExist", 400)
	clock.Advance(299 * time.Millisecond)
	if td := task(e, taskNo); td.TaskStatusCode != 1 {
		t.Fatalf("task finished before its delay: %+v", td)
	}
	clock.Advance(2 * time.Millisecond)
	if td := task(e, taskNo); td.TaskStatusCode != 2 {
		t.Fatalf("finished task = %+v", td)
	}
	e.must(q, domain.CreateQueryDomainByDomainNameResponse())
}

func TestDomainMissingParameter(t *testing.T) {
	e := newEnv(t)
	err := e.call(domain.CreateCheckDomainRequest(), domain.CreateCheckDomainResponse())
	wantCode(t, err, "MissingDomainName", 400)
	if !strings.Contains(err.Error(), "DomainName is mandatory") {
		t.Fatalf("message: %v", err)
	}
}

// A failed registration carries its reason in FailReason and ErrorMsg of QueryTaskDetailList
// (its model has both; no source says which the service fills) and in ErrorMsg of
// PollTaskResult (whose model has no FailReason); error_msg sets ErrorMsg apart.
func TestDomainTaskFailReason(t *testing.T) {
	e := newEnv(t)
	c := e.srv.Control
	if err := c.AddRegistrantProfile(emulator.ProfileSeed{ID: 7}); err != nil {
		t.Fatal(err)
	}
	other := "registry: name reserved (2306)"
	for _, f := range []emulator.TaskFailure{
		{Domain: "both.com", Reason: "注册局拒绝: name reserved"},
		{Domain: "apart.com", Reason: "注册局拒绝: name reserved", ErrorMsg: &other},
	} {
		if err := c.AddTaskFailure(f); err != nil {
			t.Fatal(err)
		}
	}
	r := &rpc{t: t, srv: e.srv}
	for _, tc := range []struct{ domain, failReason, errorMsg string }{
		{"both.com", "注册局拒绝: name reserved", "注册局拒绝: name reserved"},
		{"apart.com", "注册局拒绝: name reserved", other},
	} {
		taskNo, err := register(e, tc.domain, 7)
		if err != nil {
			t.Fatal(err)
		}
		if td := task(e, taskNo); td.TaskStatusCode != 3 || td.FailReason != tc.failReason || td.ErrorMsg != tc.errorMsg {
			t.Errorf("%s: QueryTaskDetailList detail = %+v, want FailReason %q and ErrorMsg %q", tc.domain, td, tc.failReason, tc.errorMsg)
		}
		status, out := r.call("Domain.PollTaskResult", map[string]string{"PageNum": "1", "PageSize": "100", "DomainName": tc.domain})
		details, _ := out["Data"].(map[string]any)["TaskDetail"].([]any)
		if status != 200 || len(details) != 1 {
			t.Fatalf("%s: PollTaskResult = HTTP %d %v", tc.domain, status, out)
		}
		d := details[0].(map[string]any)
		if _, has := d["FailReason"]; has || d["ErrorMsg"] != tc.errorMsg {
			t.Errorf("%s: PollTaskResult detail = %v, want ErrorMsg %q and no FailReason (not in its model)", tc.domain, d, tc.errorMsg)
		}
	}
}

// QueryDomainList answers AutoRenewEnabled and DnsList (domain v6.0.1/v6.0.2) and reads the
// request's AutoRenewEnabled and Dns as filters.
func TestQueryDomainListAutoRenewAndDns(t *testing.T) {
	e := newEnv(t)
	for _, d := range []emulator.DomainSeed{{Domain: "auto.com", AutoRenew: true}, {Domain: "manual.com"}} {
		if err := e.srv.Control.AddDomain(d); err != nil {
			t.Fatal(err)
		}
	}
	r := &rpc{t: t, srv: e.srv}
	list := func(kv ...string) map[string]map[string]any {
		t.Helper()
		params := map[string]string{"PageNum": "1", "PageSize": "20"}
		for i := 0; i+1 < len(kv); i += 2 {
			params[kv[i]] = kv[i+1]
		}
		status, out := r.call("Domain.QueryDomainList", params)
		if status != 200 {
			t.Fatalf("QueryDomainList %v: HTTP %d %v", kv, status, out)
		}
		got := map[string]map[string]any{}
		for _, d := range out["Data"].(map[string]any)["Domain"].([]any) {
			m := d.(map[string]any)
			got[m["DomainName"].(string)] = m
		}
		return got
	}
	all := list()
	if len(all) != 2 || all["auto.com"]["AutoRenewEnabled"] != true || all["manual.com"]["AutoRenewEnabled"] != false {
		t.Fatalf("AutoRenewEnabled: %v", all)
	}
	dns, _ := all["auto.com"]["DnsList"].(map[string]any)["DnsList"].([]any)
	if len(dns) != 2 || dns[0] != "dns1.hichina.com" {
		t.Fatalf("DnsList of auto.com = %v, want its two name servers", all["auto.com"]["DnsList"])
	}
	if got := list("AutoRenewEnabled", "true"); len(got) != 1 || got["auto.com"] == nil {
		t.Errorf("AutoRenewEnabled=true lists %v, want auto.com only", got)
	}
	if got := list("AutoRenewEnabled", "false"); len(got) != 1 || got["manual.com"] == nil {
		t.Errorf("AutoRenewEnabled=false lists %v, want manual.com only", got)
	}
	if got := list("Dns", "DNS1.hichina.com."); len(got) != 2 {
		t.Errorf("Dns=dns1.hichina.com lists %v, want both domains", got)
	}
	if got := list("Dns", "ns1.example.net"); len(got) != 0 {
		t.Errorf("Dns=ns1.example.net lists %v, want none", got)
	}
}
