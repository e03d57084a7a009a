package emulator

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Domain (2018-01-29) and BssOpenApi (2017-12-14).

const domainTimeLayout = "2006-01-02 15:04:05"

func domainTime(t time.Time) string { return t.In(cst).Format(domainTimeLayout) }

func errDomainNotFound(name string) *apiError {
	return errorf(400, "DomainNotExist", "The domain name %s does not exist in your account.", name)
}

func domainType(name string) string {
	tld := name[strings.LastIndex(name, ".")+1:]
	switch tld {
	case "com", "net", "org", "info", "biz":
		return "gTLD"
	case "cn":
		return "ccTLD"
	}
	return "New gTLD"
}

func (e *Emulator) domainJSON(d *domainState) obj {
	now := e.now()
	diff := int(d.ExpirationDate.Sub(now).Hours() / 24)
	expStatus, status := "1", "3"
	if !d.ExpirationDate.After(now) {
		expStatus, status = "2", "1"
	}
	return obj{
		"DomainName": d.Name, "InstanceId": d.InstanceID,
		"RegistrationDate": domainTime(d.RegistrationDate), "RegistrationDateLong": d.RegistrationDate.UnixMilli(),
		"ExpirationDate": domainTime(d.ExpirationDate), "ExpirationDateLong": d.ExpirationDate.UnixMilli(),
		"ExpirationCurrDateDiff": diff, "ExpirationDateStatus": expStatus, "DomainStatus": status,
		"RealNameStatus": d.RealNameStatus, "DomainType": domainType(d.Name), "RegistrantType": "1",
		"ZhRegistrantOrganization": d.Organization, "RegistrantOrganization": d.Organization,
		"Premium": false, "DomainNameProxyService": d.ProxyService,
		"TransferOutStatus": "NORMAL", "TransferProhibitionLock": "CLOSE", "UpdateProhibitionLock": "CLOSE",
		"DnsList": obj{"Dns": d.DNS},
	}
}

func (e *Emulator) domainCheckDomain(q *request) (obj, *apiError) {
	name, ae := q.domainName()
	if ae != nil {
		return nil, ae
	}
	avail, reason := "1", ""
	if _, owned := e.st.Domains[name]; owned {
		avail, reason = "0", "Domain exists"
	} else if r, ok := e.st.Unavailable[name]; ok {
		avail, reason = "0", r
	}
	return obj{"DomainName": name, "Avail": avail, "Reason": reason, "Premium": "false", "DynamicCheck": false, "Price": 0}, nil
}

func (e *Emulator) domainQueryDomainByDomainName(q *request) (obj, *apiError) {
	name, ae := q.require("DomainName")
	if ae != nil {
		return nil, ae
	}
	d, ok := e.st.Domains[normDomain(name)]
	if !ok {
		return nil, errDomainNotFound(name)
	}
	return e.domainJSON(d), nil
}

func pageInfo(total, num, size int) obj {
	pages := (total + size - 1) / size
	return obj{"TotalItemNum": total, "CurrentPageNum": num, "PageSize": size, "TotalPageNum": pages,
		"PrePage": num > 1, "NextPage": num < pages}
}

func merge(a, b obj) obj {
	for k, v := range b {
		a[k] = v
	}
	return a
}

func (e *Emulator) domainQueryDomainList(q *request) (obj, *apiError) {
	num, size, ae := paging(q, "PageNum", 20, 1000)
	if ae != nil {
		return nil, ae
	}
	kw := normDomain(q.get("DomainName"))
	// AutoRenewEnabled and Dns (domain v6.0.1/v6.0.2) have no description in the model; they
	// are read as filters, as the action's other parameters are (UNVERIFIED, see the
	// contract's notes): the domain's auto-renewal, and a name server the domain uses.
	var autoRenew *bool
	if v := q.get("AutoRenewEnabled"); v != "" {
		b := parseBool(v)
		autoRenew = &b
	}
	dns := normDomain(q.get("Dns"))
	var names []string
	for name, d := range e.st.Domains {
		if kw != "" && !strings.Contains(name, kw) {
			continue
		}
		if autoRenew != nil && d.AutoRenew != *autoRenew {
			continue
		}
		if dns != "" && !slices.ContainsFunc(d.DNS, func(s string) bool { return normDomain(s) == dns }) {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	// A list item has fewer keys than QueryDomainByDomainName's answer (the contract's
	// QueryDomainList tree): real-name status, privacy and locks are not listed, and the name
	// servers are DnsList.DnsList (QueryDomainByDomainName: DnsList.Dns).
	list := pageMap(names, num, size, func(n string) obj {
		d := e.st.Domains[n]
		o := e.domainJSON(d)
		for _, k := range []string{"DnsList", "DomainNameProxyService", "RealNameStatus", "RegistrantOrganization",
			"ZhRegistrantOrganization", "TransferOutStatus", "TransferProhibitionLock", "UpdateProhibitionLock"} {
			delete(o, k)
		}
		o["DnsList"] = obj{"DnsList": d.DNS}
		o["AutoRenewEnabled"] = d.AutoRenew
		if d.Organization != "" {
			o["Ccompany"] = d.Organization
		}
		return o
	})
	return merge(pageInfo(len(names), num, size), obj{"Data": obj{"Domain": list}}), nil
}

func (e *Emulator) domainQueryRegistrantProfiles(q *request) (obj, *apiError) {
	num, size, ae := paging(q, "PageNum", 20, 1000)
	if ae != nil {
		return nil, ae
	}
	var ids []int64
	wantID, wantStatus := q.get("RegistrantProfileId"), strings.ToUpper(q.get("RealNameStatus"))
	for id, p := range e.st.Profiles {
		if wantID != "" && strconv.FormatInt(id, 10) != wantID {
			continue
		}
		if wantStatus != "" && p.RealNameStatus != wantStatus {
			continue
		}
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	list := pageMap(ids, num, size, func(id int64) obj {
		p := e.st.Profiles[id]
		return obj{
			"RegistrantProfileId": p.ID, "RealNameStatus": p.RealNameStatus,
			"ZhRegistrantOrganization": p.Organization, "RegistrantOrganization": p.Organization,
			"RegistrantType": "1", "RegistrantProfileType": "common", "DefaultRegistrantProfile": false,
			"CreateTime": domainTime(p.CreateTime), "UpdateTime": domainTime(p.CreateTime), "Country": "CN",
		}
	})
	return merge(pageInfo(len(ids), num, size), obj{"RegistrantProfiles": obj{"RegistrantProfile": list}}), nil
}

func parseBool(s string) bool { b, _ := strconv.ParseBool(s); return b }

func (e *Emulator) newTaskLocked(typ, domain string, delay time.Duration) *taskState {
	now := e.now()
	t := &taskState{TaskNo: newUUID(), DetailNo: strconv.FormatInt(e.st.nextID(), 10), Type: typ, Domain: domain,
		Created: now, Due: now.Add(delay), Updated: now}
	e.st.Tasks[t.TaskNo] = t
	e.st.TaskOrder = append(e.st.TaskOrder, t.TaskNo)
	e.dirty = true
	return t
}

func (e *Emulator) taskDelay() time.Duration {
	return time.Duration(e.st.Settings.TaskDelayMs) * time.Millisecond
}

func (e *Emulator) domainSaveActivate(q *request) (obj, *apiError) {
	name, ae := q.domainName()
	if ae != nil {
		return nil, ae
	}
	years := 1
	if v := q.get("SubscriptionDuration"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10 {
			return nil, invalidParam("SubscriptionDuration", v)
		}
		years = n
	}
	var profileID int64
	org := q.get("ZhRegistrantOrganization")
	if v := q.get("RegistrantProfileId"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, invalidParam("RegistrantProfileId", v)
		}
		p, ok := e.st.Profiles[id]
		if !ok {
			return nil, errorf(400, "RegistrantProfileNotExist", "The registrant profile %d does not exist.", id)
		}
		if p.RealNameStatus != "SUCCEED" {
			return nil, errorf(400, "RegistrantProfileNotVerified", "The registrant profile %d has not passed real-name verification (status %s).", id, p.RealNameStatus)
		}
		profileID = id
		if org == "" {
			org = p.Organization
		}
	} else if org == "" && q.get("RegistrantName") == "" && q.get("ZhRegistrantName") == "" {
		return nil, missing("RegistrantProfileId")
	}
	// Unverified (no source settles it): a second registration of a domain while one runs
	// answers LastOperationNotFinished (code, message and status are the emulator's).
	for _, t := range e.st.Tasks {
		if t.Type == "ORDER_ACTIVATE" && t.Domain == name && !t.Done {
			return nil, errorf(400, "LastOperationNotFinished", "A registration task for %s is still running.", name)
		}
	}
	var dns []string
	for i := 1; i <= 6; i++ {
		if v := strings.TrimSpace(q.get("Dns" + strconv.Itoa(i))); v != "" {
			dns = append(dns, strings.ToLower(v))
		}
	}
	if len(dns) == 0 {
		dns = defaultDNSServers()
	}
	t := e.newTaskLocked("ORDER_ACTIVATE", name, e.taskDelay())
	t.Years, t.ProfileID, t.DNS, t.Proxy = years, profileID, dns, parseBool(q.get("EnableDomainProxy"))
	t.Org = org
	return obj{"TaskNo": t.TaskNo}, nil
}

func (e *Emulator) domainSaveRenew(q *request) (obj, *apiError) {
	name, ae := q.require("DomainName")
	if ae != nil {
		return nil, ae
	}
	name = normDomain(name)
	v, ae := q.require("SubscriptionDuration")
	if ae != nil {
		return nil, ae
	}
	years, err := strconv.Atoi(v)
	if err != nil || years < 1 || years > 10 {
		return nil, invalidParam("SubscriptionDuration", v)
	}
	d, ok := e.st.Domains[name]
	if !ok {
		return nil, errDomainNotFound(name)
	}
	if cur := q.get("CurrentExpirationDate"); cur != "" && cur != strconv.FormatInt(d.ExpirationDate.UnixMilli(), 10) {
		return nil, errorf(400, "InvalidCurrentExpirationDate", "CurrentExpirationDate %s does not match the domain's expiration date.", cur)
	}
	t := e.newTaskLocked("ORDER_RENEW", name, e.taskDelay())
	t.Years, t.InstanceID = years, d.InstanceID
	return obj{"TaskNo": t.TaskNo}, nil
}

// advanceTasksLocked finishes tasks that are due. Callers hold e.mu.
func (e *Emulator) advanceTasksLocked() {
	now := e.now()
	for _, no := range e.st.TaskOrder {
		t := e.st.Tasks[no]
		if t == nil || t.Done || now.Before(t.Due) {
			continue
		}
		t.Done, t.Updated = true, t.Due
		e.dirty = true
		switch t.Type {
		case "ORDER_ACTIVATE":
			org := t.Org
			if r, ok := e.st.TaskFailures[t.Domain]; ok {
				t.Failed, t.Reason = true, r
				if m, ok := e.st.TaskFailureErrorMsgs[t.Domain]; ok {
					t.ErrorMsg = &m
				}
			} else if r, ok := e.st.Unavailable[t.Domain]; ok {
				t.Failed, t.Reason = true, r
			} else if _, owned := e.st.Domains[t.Domain]; owned {
				t.Failed, t.Reason = true, "The domain name has already been registered."
			}
			if t.Failed {
				continue
			}
			rn := "NONAUDIT"
			if p, ok := e.st.Profiles[t.ProfileID]; ok {
				rn = p.RealNameStatus
			}
			d := &domainState{Name: t.Domain, InstanceID: e.newInstanceIDLocked(), RegistrationDate: t.Due,
				ExpirationDate: t.Due.AddDate(t.Years, 0, 0), RealNameStatus: rn, DNS: t.DNS, Organization: org,
				ProfileID: t.ProfileID, ProxyService: t.Proxy}
			e.st.Domains[t.Domain] = d
			e.ensureZoneLocked(t.Domain, "")
			t.InstanceID = d.InstanceID
		case "ORDER_RENEW":
			d, ok := e.st.Domains[t.Domain]
			if !ok {
				t.Failed, t.Reason = true, "The domain name does not exist."
				continue
			}
			d.ExpirationDate = d.ExpirationDate.AddDate(t.Years, 0, 0)
		}
	}
}

var taskTypeDescriptions = map[string]string{
	"ORDER_ACTIVATE": "域名注册",
	"ORDER_RENEW":    "域名续费",
	"SET_AUTO_RENEW": "设置自动续费",
}

// taskJSON is a TaskDetail of QueryTaskDetailList (withFailReason) or PollTaskResult.
// QueryTaskDetailList's model has FailReason next to ErrorMsg, PollTaskResult's ErrorMsg
// only; no source says which of the two the service fills for a failed task, so the
// reason is in both (ErrorMsg can be set apart through /_emulator/task_failures).
func taskJSON(t *taskState, withFailReason bool) obj {
	status, code := "EXECUTING", 1
	if t.Done {
		status, code = "EXECUTE_SUCCESS", 2
		if t.Failed {
			status, code = "EXECUTE_FAILURE", 3
		}
	}
	errorMsg := t.Reason
	if t.ErrorMsg != nil {
		errorMsg = *t.ErrorMsg
	}
	o := obj{
		"TaskNo": t.TaskNo, "TaskDetailNo": t.DetailNo, "DomainName": t.Domain, "InstanceId": t.InstanceID,
		"TaskType": t.Type, "TaskTypeDescription": taskTypeDescriptions[t.Type],
		"TaskStatus": status, "TaskStatusCode": code, "ErrorMsg": errorMsg,
		"TryCount": 1, "CreateTime": domainTime(t.Created), "UpdateTime": domainTime(t.Updated), "TaskResult": "",
	}
	if withFailReason {
		o["FailReason"] = t.Reason
	}
	return o
}

func (e *Emulator) listTasks(q *request, onlyDone bool) (obj, *apiError) {
	num, size, ae := paging(q, "PageNum", 20, 1000)
	if ae != nil {
		return nil, ae
	}
	taskNo, domain, inst := q.get("TaskNo"), normDomain(q.get("DomainName")), q.get("InstanceId")
	statusFilter := q.get("TaskStatus")
	resultFilter := q.get("TaskResultStatus")
	var matched []*taskState
	for _, no := range e.st.TaskOrder {
		t := e.st.Tasks[no]
		if t == nil || (taskNo != "" && t.TaskNo != taskNo) || (domain != "" && t.Domain != domain) || (inst != "" && t.InstanceID != inst) {
			continue
		}
		if onlyDone && !t.Done {
			continue
		}
		code := taskJSON(t, false)["TaskStatusCode"].(int) //nolint:forcetypeassert // taskJSON always sets it, an int
		if statusFilter != "" && statusFilter != strconv.Itoa(code) {
			continue
		}
		// TaskResultStatus: 1 = failed, 2 = succeeded.
		if resultFilter == "1" && !t.Failed || resultFilter == "2" && t.Failed {
			continue
		}
		matched = append(matched, t)
	}
	list := pageMap(matched, num, size, func(t *taskState) obj { return taskJSON(t, !onlyDone) })
	return merge(pageInfo(len(matched), num, size), obj{"Data": obj{"TaskDetail": list}}), nil
}

func (e *Emulator) domainQueryTaskDetailList(q *request) (obj, *apiError) {
	if _, ae := q.require("TaskNo"); ae != nil {
		return nil, ae
	}
	return e.listTasks(q, false)
}

func (e *Emulator) domainPollTaskResult(q *request) (obj, *apiError) {
	return e.listTasks(q, true)
}

// findDomains resolves domain names or instance ids.
func (e *Emulator) findDomain(ref string) *domainState {
	ref = strings.TrimSpace(ref)
	if d, ok := e.st.Domains[normDomain(ref)]; ok {
		return d
	}
	for _, d := range e.st.Domains {
		if d.InstanceID == ref {
			return d
		}
	}
	return nil
}

func (e *Emulator) domainSetupDomainAutoRenew(q *request) (obj, *apiError) {
	op, ae := q.require("Operation")
	if ae != nil {
		return nil, ae
	}
	op = strings.ToUpper(op)
	if op != "SET" && op != "CANCEL" {
		return nil, invalidParam("Operation", op)
	}
	// The model's only target is InstanceId (required). A comma list of instance ids is
	// accepted too, and so is a domain name in their place (emulator leniency).
	var refs []string
	for _, r := range strings.Split(q.get("InstanceId"), ",") {
		if strings.TrimSpace(r) != "" {
			refs = append(refs, r)
		}
	}
	if len(refs) == 0 {
		return nil, missing("InstanceId")
	}
	var found []*domainState
	for _, r := range refs {
		d := e.findDomain(r)
		if d == nil {
			return nil, errDomainNotFound(strings.TrimSpace(r))
		}
		found = append(found, d)
	}
	for _, d := range found {
		d.AutoRenew = op == "SET"
		d.RenewStatus = ""
	}
	e.dirty = true
	// The model answers RequestId and Result only: no task number.
	return obj{"Result": true}, nil
}

func (e *Emulator) bssQueryAvailableInstances(q *request) (obj, *apiError) {
	num, size, ae := paging(q, "PageNum", 20, 300)
	if ae != nil {
		return nil, ae
	}
	pc := strings.ToLower(q.get("ProductCode"))
	renew := q.get("RenewStatus")
	sub := q.get("SubscriptionType")
	var want map[string]bool
	if ids := q.get("InstanceIDs"); ids != "" {
		want = map[string]bool{}
		for _, id := range strings.Split(ids, ",") {
			want[strings.TrimSpace(id)] = true
		}
	}
	var names []string
	if pc == "" || pc == "domain" {
		if sub == "" || sub == "Subscription" {
			for name, d := range e.st.Domains {
				if want != nil && !want[d.InstanceID] && !want[name] {
					continue
				}
				if renew != "" && renew != d.renewStatus() {
					continue
				}
				names = append(names, name)
			}
		}
	}
	sort.Strings(names)
	list := pageMap(names, num, size, func(n string) obj {
		d := e.st.Domains[n]
		rs := d.renewStatus()
		status := "Normal"
		if !d.ExpirationDate.After(e.now()) {
			status = "Expired"
		}
		iso := "2006-01-02T15:04:05Z"
		return obj{
			"InstanceID": d.InstanceID, "ProductCode": "domain", "ProductType": "", "SubscriptionType": "Subscription",
			"RenewStatus": rs, "RenewalDuration": 1, "RenewalDurationUnit": "Y", "Status": status, "SubStatus": "Normal",
			"CreateTime": d.RegistrationDate.UTC().Format(iso), "EndTime": d.ExpirationDate.UTC().Format(iso),
			"Region": "cn-hangzhou", "Seller": "26842",
		}
	})
	return obj{"Code": "Success", "Message": "Successful!", "Success": true,
		"Data": obj{"PageNum": num, "PageSize": size, "TotalCount": len(names), "InstanceList": list}}, nil
}

// domainName is the request's DomainName, required, normalised, and a name with a dot.
// The answer for one without is unverified (InvalidDomainName is the code the Domain API
// documents for a malformed name; its message here is the emulator's).
func (q *request) domainName() (string, *apiError) {
	name, ae := q.require("DomainName")
	if ae != nil {
		return "", ae
	}
	name = normDomain(name)
	if !strings.Contains(name, ".") {
		return "", errorf(400, "InvalidDomainName", "The domain name %q is invalid.", name)
	}
	return name, nil
}
