package aliyun

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/domain"

	"github.com/beian-dev/terraform-provider-beian/internal/memo"
	"github.com/beian-dev/terraform-provider-beian/internal/retry"
)

// ChinaTime is the zone (UTC+8) in which the Domain API reports dates.
var ChinaTime = time.FixedZone("CST", 8*3600)

const domainTimeLayout = "2006-01-02 15:04:05"

// Real-name verification (实名认证) statuses of a domain or registrant profile.
const (
	RealNameNone     = "NONAUDIT"
	RealNameAuditing = "AUDITING"
	RealNameSucceed  = "SUCCEED"
	RealNameFailed   = "FAILED"
)

// DescribeRealNameStatus says in words what a real-name status that has not
// succeeded means, for diagnostics: "not submitted", "under review", "rejected".
func DescribeRealNameStatus(status string) string {
	switch status {
	case RealNameNone:
		return "not submitted"
	case RealNameAuditing:
		return "under review"
	case RealNameFailed:
		return "rejected"
	}
	return "unknown status"
}

// Domain is what QueryDomainByDomainName tells about a domain in the caller's account.
type Domain struct {
	Name             string // punycode, lower case
	InstanceID       string
	RegistrationDate time.Time
	ExpirationDate   time.Time
	RealNameStatus   string // NONAUDIT, AUDITING, SUCCEED, FAILED
	// DomainStatus is the API's code: "1" renewal urgently needed (急需续费), "2" redemption
	// urgently needed (急需赎回), "3" normal (正常).
	DomainStatus      string
	DNSServers        []string
	PrivacyProtection bool // DomainNameProxyService (隐私保护)
	Organization      string
}

// domainCache holds the per-run answers of QueryDomainByDomainName (by domain name) and of
// BSS QueryAvailableInstances (by instance ID). Failures are kept like answers (the memo
// rule: all but context errors), a domain not in the account and an instance BSS does
// not list included. Every write through this client forgets what it changes (a
// registration forgets the name it registers), so a read after a write is fresh.
type domainCache struct {
	domains memo.Map[Domain]
	renew   memo.Map[string]
}

// errRenewNotListed is the kept answer for an instance BSS does not list: the memo keeps
// it for the run like any failure, and DomainRenewStatus turns it back into found=false.
var errRenewNotListed = errors.New("instance not listed by BSS")

// forgetDomain drops the cached answer for a domain name.
func (c *Client) forgetDomain(name string) {
	c.domains.domains.Forget(strings.TrimSuffix(strings.TrimSpace(name), "."))
	// A registration (or a DNS change) may have added the domain to Alibaba Cloud DNS.
	c.dns.names.Forget()
}

// QueryDomain reads one domain of the caller's account. A domain that is not in the
// account is a ClassNotFound error. The answer is read once per provider run and domain,
// until a write through this client changes the domain.
func (c *Client) QueryDomain(ctx context.Context, name string) (Domain, error) {
	key := strings.TrimSuffix(strings.TrimSpace(name), ".")
	d, err := c.domains.domains.Get(ctx, key, 0, func(ctx context.Context) (Domain, error) {
		return c.queryDomain(ctx, name)
	})
	if err != nil {
		return Domain{}, err
	}
	d.DNSServers = append([]string(nil), d.DNSServers...) // callers may modify their copy
	return d, nil
}

func (c *Client) queryDomain(ctx context.Context, name string) (Domain, error) {
	req := domain.CreateQueryDomainByDomainNameRequest()
	req.DomainName = name
	resp := domain.CreateQueryDomainByDomainNameResponse()
	if err := c.Call(ctx, ProductDomain, "", req, resp); err != nil {
		return Domain{}, err
	}
	if resp.DomainName == "" && resp.InstanceId == "" {
		// Some Domain API versions answer an empty object instead of an error.
		return Domain{}, &Error{Product: ProductDomain, Action: req.GetActionName(), Code: "DomainNotExist", Class: ClassNotFound,
			Message: "the domain is not in this account", RequestID: resp.RequestId}
	}
	d := Domain{
		Name: strings.ToLower(resp.DomainName), InstanceID: resp.InstanceId,
		RealNameStatus: strings.ToUpper(resp.RealNameStatus), DomainStatus: resp.DomainStatus,
		PrivacyProtection: resp.DomainNameProxyService, Organization: resp.ZhRegistrantOrganization,
		RegistrationDate: domainDate(resp.RegistrationDateLong, resp.RegistrationDate),
		ExpirationDate:   domainDate(resp.ExpirationDateLong, resp.ExpirationDate),
	}
	if d.Organization == "" {
		d.Organization = resp.RegistrantOrganization
	}
	for _, s := range resp.DnsList.Dns {
		if s = strings.TrimSpace(s); s != "" {
			d.DNSServers = append(d.DNSServers, s)
		}
	}
	return d, nil
}

// domainDate prefers the epoch-millisecond field and falls back on the text one
// ("YYYY-MM-DD HH:MM:SS", China time). Zero when neither is usable.
func domainDate(ms int64, text string) time.Time {
	if ms > 0 {
		return time.UnixMilli(ms).In(ChinaTime)
	}
	if t, err := time.ParseInLocation(domainTimeLayout, strings.TrimSpace(text), ChinaTime); err == nil {
		return t
	}
	if t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(text), ChinaTime); err == nil {
		return t
	}
	return time.Time{}
}

// DomainAvailability is CheckDomain's answer.
type DomainAvailability struct {
	Available bool
	Reason    string // why not, as the registry says (e.g. "Domain exists")
	Premium   bool
}

// CheckDomain asks whether a domain can be registered.
func (c *Client) CheckDomain(ctx context.Context, name string) (DomainAvailability, error) {
	req := domain.CreateCheckDomainRequest()
	req.DomainName = name
	resp := domain.CreateCheckDomainResponse()
	if err := c.Call(ctx, ProductDomain, "", req, resp); err != nil {
		return DomainAvailability{}, err
	}
	// Avail: 1 available, 0 taken, -1 reserved, -2 premium, -3 not available for other
	// reasons; only 1 means a plain registration will succeed.
	return DomainAvailability{Available: resp.Avail == "1", Reason: resp.Reason, Premium: strings.EqualFold(resp.Premium, "true")}, nil
}

// RegistrantProfile is a domain registrant profile (域名信息模板).
type RegistrantProfile struct {
	ID             int64
	RealNameStatus string
	Organization   string
}

// QueryRegistrantProfile reads one registrant profile; an unknown ID is a ClassNotFound error.
func (c *Client) QueryRegistrantProfile(ctx context.Context, id int64) (RegistrantProfile, error) {
	req := domain.CreateQueryRegistrantProfilesRequest()
	req.RegistrantProfileId = requests.NewInteger64(id)
	req.PageNum = requests.NewInteger(1)
	req.PageSize = requests.NewInteger(10)
	resp := domain.CreateQueryRegistrantProfilesResponse()
	if err := c.Call(ctx, ProductDomain, "", req, resp); err != nil {
		return RegistrantProfile{}, err
	}
	for _, p := range resp.RegistrantProfiles.RegistrantProfile {
		if p.RegistrantProfileId == id {
			org := p.ZhRegistrantOrganization
			if org == "" {
				org = p.RegistrantOrganization
			}
			return RegistrantProfile{ID: id, RealNameStatus: strings.ToUpper(p.RealNameStatus), Organization: org}, nil
		}
	}
	return RegistrantProfile{}, &Error{Product: ProductDomain, Action: req.GetActionName(), Code: "RegistrantProfileNotExist", Class: ClassNotFound,
		Message: fmt.Sprintf("no registrant profile with id %d in this account", id), RequestID: resp.RequestId}
}

// RegisterDomainInput is what SaveSingleTaskForCreatingOrderActivate takes.
type RegisterDomainInput struct {
	Domain              string
	Years               int
	RegistrantProfileID int64
	// DNSServers are the name servers to register with; none = Alibaba Cloud DNS. Only
	// two can be given at registration (Dns1, Dns2); more are set afterwards.
	DNSServers        []string
	PrivacyProtection bool
}

// RegisterDomain submits the registration (a purchase) and returns the task number.
// The registration is asynchronous: wait for the task with WaitDomainTask.
func (c *Client) RegisterDomain(ctx context.Context, in RegisterDomainInput) (string, error) {
	req := domain.CreateSaveSingleTaskForCreatingOrderActivateRequest()
	req.DomainName = in.Domain
	req.SubscriptionDuration = requests.NewInteger(in.Years)
	req.RegistrantProfileId = requests.NewInteger64(in.RegistrantProfileID)
	req.EnableDomainProxy = requests.NewBoolean(in.PrivacyProtection)
	req.PermitPremiumActivation = requests.NewBoolean(false)
	if len(in.DNSServers) == 2 {
		req.AliyunDns = requests.NewBoolean(false)
		req.Dns1, req.Dns2 = in.DNSServers[0], in.DNSServers[1]
	} else {
		req.AliyunDns = requests.NewBoolean(true)
	}
	resp := domain.CreateSaveSingleTaskForCreatingOrderActivateResponse()
	defer c.forgetDomain(in.Domain)
	if err := c.Call(ctx, ProductDomain, "", req, resp); err != nil {
		return "", err
	}
	if resp.TaskNo == "" {
		return "", &Error{Product: ProductDomain, Action: req.GetActionName(), Class: ClassOther,
			Message: "the registration was accepted but no task number was returned", RequestID: resp.RequestId}
	}
	return resp.TaskNo, nil
}

// ModifyDomainDNS sets a domain's name servers (SaveBatchTaskForModifyingDomainDns).
// Returns the task number.
func (c *Client) ModifyDomainDNS(ctx context.Context, name string, servers []string) (string, error) {
	req := domain.CreateSaveBatchTaskForModifyingDomainDnsRequest()
	names := []string{name}
	req.DomainName = &names
	req.AliyunDns = requests.NewBoolean(false)
	s := append([]string(nil), servers...)
	req.DomainNameServer = &s
	resp := domain.CreateSaveBatchTaskForModifyingDomainDnsResponse()
	defer c.forgetDomain(name)
	if err := c.Call(ctx, ProductDomain, "", req, resp); err != nil {
		return "", err
	}
	return resp.TaskNo, nil
}

// SetDomainPrivacy turns privacy protection (隐私保护, DomainNameProxyService) on or off
// (SaveBatchTaskForDomainNameProxyService). Returns the task number.
func (c *Client) SetDomainPrivacy(ctx context.Context, name string, on bool) (string, error) {
	req := domain.CreateSaveBatchTaskForDomainNameProxyServiceRequest()
	names := []string{name}
	req.DomainName = &names
	req.Status = requests.NewBoolean(on)
	resp := domain.CreateSaveBatchTaskForDomainNameProxyServiceResponse()
	defer c.forgetDomain(name)
	if err := c.Call(ctx, ProductDomain, "", req, resp); err != nil {
		return "", err
	}
	return resp.TaskNo, nil
}

// SetDomainAutoRenew turns auto-renew (自动续费) of a domain instance on or off
// (SetupDomainAutoRenew, Operation SET/CANCEL).
func (c *Client) SetDomainAutoRenew(ctx context.Context, instanceID string, on bool) error {
	req := domain.CreateSetupDomainAutoRenewRequest()
	req.InstanceId = instanceID
	req.Operation = "CANCEL"
	if on {
		req.Operation = "SET"
	}
	resp := domain.CreateSetupDomainAutoRenewResponse()
	defer c.domains.renew.Forget(instanceID)
	return c.Call(ctx, ProductDomain, "", req, resp)
}

// Renewal statuses of a BSS instance.
const (
	RenewAuto   = "AutoRenewal"
	RenewManual = "ManualRenewal"
	RenewNone   = "NotRenewal"
)

// DomainRenewStatus reads the renewal status of a domain instance from the BSS OpenAPI
// (QueryAvailableInstances, ProductCode "domain"): AutoRenewal, ManualRenewal or
// NotRenewal. QueryDomainByDomainName does not report auto-renew. found is false when
// BSS does not list the instance. The answer, "not listed" included, is read once per
// provider run and instance, until SetDomainAutoRenew changes it.
func (c *Client) DomainRenewStatus(ctx context.Context, instanceID string) (status string, found bool, err error) {
	st, err := c.domains.renew.Get(ctx, instanceID, 0, func(ctx context.Context) (string, error) {
		st, found, err := c.domainRenewStatus(ctx, instanceID)
		if err == nil && !found {
			return "", errRenewNotListed
		}
		return st, err
	})
	switch {
	case errors.Is(err, errRenewNotListed):
		return "", false, nil
	case err != nil:
		return "", false, err
	}
	return st, true, nil
}

// AutoRenewOn reports whether a BSS renewal status means auto-renew is on.
func AutoRenewOn(status string) bool { return status == RenewAuto }

func (c *Client) domainRenewStatus(ctx context.Context, instanceID string) (status string, found bool, err error) {
	req := bssopenapi.CreateQueryAvailableInstancesRequest()
	req.ProductCode = "domain"
	req.InstanceIDs = instanceID
	req.PageNum = requests.NewInteger(1)
	req.PageSize = requests.NewInteger(20)
	resp := bssopenapi.CreateQueryAvailableInstancesResponse()
	if err := c.Call(ctx, ProductBSS, "", req, resp); err != nil {
		return "", false, err
	}
	if !resp.Success && resp.Code != "" && !strings.EqualFold(resp.Code, "Success") {
		return "", false, &Error{Product: ProductBSS, Action: req.GetActionName(), Code: resp.Code, Message: resp.Message,
			Class: codeClass(ProductBSS, req.GetActionName(), resp.Code, 0), RequestID: resp.RequestId}
	}
	for _, inst := range resp.Data.InstanceList {
		// InstanceID is the model's key (the SDK's struct also has an InstanceId that
		// the model of this action does not).
		if inst.InstanceID == instanceID {
			return inst.RenewStatus, true, nil
		}
	}
	return "", false, nil
}

// Domain task status codes (QueryTaskDetailList TaskStatusCode).
const (
	TaskWaiting   = 0
	TaskExecuting = 1
	TaskSucceeded = 2
	TaskFailed    = 3
)

// DomainTask is the state of one Domain API task (all its details together).
type DomainTask struct {
	TaskNo     string
	Type       string
	Domain     string
	InstanceID string
	// Status is the API's TaskStatus of the least advanced detail (EXECUTING …).
	Status     string
	StatusCode int
	// FailReason is the failing detail's reason, verbatim: its FailReason, or its ErrorMsg
	// when FailReason is empty. QueryTaskDetailList's model (domain-20180129 v6.0.4) has
	// both fields and no source says which one the service fills.
	FailReason string
	// ErrorMsg is the failing detail's ErrorMsg when it says something FailReason does not
	// (set, and different); empty otherwise.
	ErrorMsg string
	Details  int
}

// Done reports whether the task has finished, successfully or not.
func (t DomainTask) Done() bool { return t.StatusCode == TaskSucceeded || t.StatusCode == TaskFailed }

// Failed reports whether the task finished with a failure.
func (t DomainTask) Failed() bool { return t.StatusCode == TaskFailed }

// QueryDomainTask reads a task's details (QueryTaskDetailList) and sums them up: failed
// when any detail failed, executing while any is not finished, succeeded when all did.
// A task with no details yet is reported as waiting.
func (c *Client) QueryDomainTask(ctx context.Context, taskNo string) (DomainTask, error) {
	details, err := ListAll(ctx, 100, 1, func(ctx context.Context, page int) (Page[domain.TaskDetail], error) {
		req := domain.CreateQueryTaskDetailListRequest()
		req.TaskNo = taskNo
		req.PageNum = requests.NewInteger(page)
		req.PageSize = requests.NewInteger(100)
		resp := domain.CreateQueryTaskDetailListResponse()
		if err := c.Call(ctx, ProductDomain, "", req, resp); err != nil {
			return Page[domain.TaskDetail]{}, err
		}
		return Page[domain.TaskDetail]{Items: resp.Data.TaskDetail, Total: resp.TotalItemNum}, nil
	})
	if err != nil {
		return DomainTask{}, err
	}
	return summarizeTask(taskNo, details), nil
}

func summarizeTask(taskNo string, details []domain.TaskDetail) DomainTask {
	t := DomainTask{TaskNo: taskNo, Status: "WAITING", StatusCode: TaskWaiting, Details: len(details)}
	if len(details) == 0 {
		return t
	}
	allDone := true
	t.StatusCode, t.Status = TaskSucceeded, details[0].TaskStatus
	for _, d := range details {
		if t.Type == "" {
			t.Type = d.TaskType
		}
		if t.Domain == "" {
			t.Domain = strings.ToLower(d.DomainName)
		}
		if t.InstanceID == "" {
			t.InstanceID = d.InstanceId
		}
		switch d.TaskStatusCode {
		case TaskFailed:
			if t.StatusCode != TaskFailed {
				t.StatusCode, t.Status = TaskFailed, d.TaskStatus
				t.FailReason = d.FailReason
				if strings.TrimSpace(t.FailReason) == "" {
					t.FailReason = d.ErrorMsg
				} else if strings.TrimSpace(d.ErrorMsg) != "" && d.ErrorMsg != d.FailReason {
					t.ErrorMsg = d.ErrorMsg
				}
			}
		case TaskSucceeded:
		default:
			allDone = false
			if t.StatusCode != TaskFailed {
				t.Status = d.TaskStatus
			}
		}
	}
	if !allDone && t.StatusCode != TaskFailed {
		t.StatusCode = TaskExecuting
	}
	return t
}

// TaskPoll shapes how WaitDomainTask polls: the first poll is immediate, then the interval
// starts at Initial and doubles up to Max.
type TaskPoll struct {
	Initial, Max time.Duration
}

// DefaultTaskPoll is the polling used by resources.
var DefaultTaskPoll = TaskPoll{Initial: 500 * time.Millisecond, Max: 15 * time.Second}

// TaskWaitError is returned when the context ends (the resource's timeout) before a task
// finishes. Task is the last state seen.
type TaskWaitError struct {
	Task   DomainTask
	Waited time.Duration
	Err    error
}

func (e *TaskWaitError) Error() string {
	return fmt.Sprintf("Domain task %s still %s after waiting %s: %v", e.Task.TaskNo, strings.ToLower(e.Task.Status), e.Waited.Round(time.Millisecond), e.Err)
}

func (e *TaskWaitError) Unwrap() error { return e.Err }

// WaitDomainTask polls a task until it finishes and returns its final state; a failed
// task is not an error (check Failed). The wait ends with a *TaskWaitError when ctx ends
// first; API errors (already retried by Call) end it too.
func (c *Client) WaitDomainTask(ctx context.Context, taskNo string, poll TaskPoll) (DomainTask, error) {
	if poll.Initial <= 0 {
		poll.Initial = DefaultTaskPoll.Initial
	}
	if poll.Max < poll.Initial {
		poll.Max = poll.Initial
	}
	start := time.Now()
	last := DomainTask{TaskNo: taskNo, Status: "WAITING"}
	// Poll until the task is done: every answer that says "not yet" asks for another
	// look, after a wait that doubles from Initial up to Max.
	policy := retry.Policy{Backoff: retry.Backoff{Base: poll.Initial, Max: poll.Max}, Sleep: c.cfg.Sleep}
	err := retry.Do(ctx, policy, func(ctx context.Context, _ int) (bool, error) {
		t, err := c.QueryDomainTask(ctx, taskNo)
		if err != nil {
			if ctx.Err() != nil {
				return false, &TaskWaitError{Task: last, Waited: time.Since(start), Err: ctx.Err()}
			}
			return false, err
		}
		last = t
		return !t.Done(), nil
	})
	var stopped *retry.StoppedError
	if errors.As(err, &stopped) {
		return last, &TaskWaitError{Task: last, Waited: time.Since(start), Err: stopped.Waiting}
	}
	if err != nil {
		return last, err
	}
	if last.Domain != "" {
		// The task changed the domain after it was submitted: read it afresh.
		c.forgetDomain(last.Domain)
	}
	return last, nil
}
