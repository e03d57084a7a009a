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
