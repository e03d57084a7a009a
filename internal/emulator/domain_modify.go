package emulator

import (
	"strconv"
	"strings"
)

// Domain (2018-01-29) batch tasks that change an owned domain: name servers and privacy
// protection. Request and response shapes follow the contract (testdata/contract.json).
//
// Unverified behaviour (no source settles it): the change is applied when the task is
// submitted (the task then reports EXECUTING for task_delay_ms and succeeds); task types
// MODIFY_DNS and DOMAIN_PROXY_SERVICE; an unknown domain fails the whole batch with
// DomainNotExist.

func init() {
	taskTypeDescriptions["MODIFY_DNS"] = "修改DNS"
	taskTypeDescriptions["DOMAIN_PROXY_SERVICE"] = "隐私保护"
}

// repeated collects Name.1, Name.2, … (the SDK's encoding of repeated parameters).
func repeated(q *request, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := q.params[name+"."+strconv.Itoa(i)]
		if !ok {
			return out
		}
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
}

// batchDomains resolves the DomainName.N list; every domain must be owned.
func (e *Emulator) batchDomains(q *request) ([]*domainState, *apiError) {
	names := repeated(q, "DomainName")
	if len(names) == 0 {
		return nil, missing("DomainName")
	}
	var out []*domainState
	for _, n := range names {
		d, ok := e.st.Domains[normDomain(n)]
		if !ok {
			return nil, errDomainNotFound(n)
		}
		out = append(out, d)
	}
	return out, nil
}

// batchTask records one task number for the batch, one detail per domain.
func (e *Emulator) batchTask(typ string, domains []*domainState) string {
	var taskNo string
	for _, d := range domains {
		t := e.newTaskLocked(typ, d.Name, e.taskDelay())
		t.InstanceID = d.InstanceID
		if taskNo == "" {
			taskNo = t.TaskNo
		} else {
			t.TaskNo = taskNo // stored under its own key, listed under the batch's number
		}
	}
	return taskNo
}

func (e *Emulator) domainSaveBatchModifyDNS(q *request) (obj, *apiError) {
	domains, ae := e.batchDomains(q)
	if ae != nil {
		return nil, ae
	}
	var servers []string
	if parseBool(q.get("AliyunDns")) {
		servers = defaultDNSServers()
	} else {
		for _, s := range repeated(q, "DomainNameServer") {
			servers = append(servers, strings.TrimSuffix(strings.ToLower(s), "."))
		}
		if len(servers) == 0 {
			return nil, missing("DomainNameServer")
		}
		// At most 13: DomainNameServer's maxItems in Domain's OpenAPI metadata (the snapshot
		// testdata/contract.json names). Unverified (no source settles it): the minimum of
		// 2, and the code InvalidDomainNameServer with its message.
		if len(servers) < 2 || len(servers) > 13 {
			return nil, errorf(400, "InvalidDomainNameServer", "Between 2 and 13 name servers are required, got %d.", len(servers))
		}
	}
	for _, d := range domains {
		d.DNS = append([]string(nil), servers...)
	}
	e.dirty = true
	return obj{"TaskNo": e.batchTask("MODIFY_DNS", domains)}, nil
}

func (e *Emulator) domainSaveBatchProxyService(q *request) (obj, *apiError) {
	domains, ae := e.batchDomains(q)
	if ae != nil {
		return nil, ae
	}
	status, ae := q.require("Status")
	if ae != nil {
		return nil, ae
	}
	on, err := strconv.ParseBool(status)
	if err != nil {
		return nil, invalidParam("Status", status)
	}
	for _, d := range domains {
		d.ProxyService = on
	}
	e.dirty = true
	return obj{"TaskNo": e.batchTask("DOMAIN_PROXY_SERVICE", domains)}, nil
}
