package emulator_test

import (
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/domain"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

func queryOwned(e *env) *domain.QueryDomainByDomainNameResponse {
	const name = "owned.com"
	e.t.Helper()
	req := domain.CreateQueryDomainByDomainNameRequest()
	req.DomainName = name
	resp := domain.CreateQueryDomainByDomainNameResponse()
	e.must(req, resp)
	return resp
}

func TestDomainModifyDNSAndPrivacy(t *testing.T) {
	e := newEnv(t)
	if err := e.srv.Control.AddDomain(emulator.DomainSeed{Domain: "owned.com"}); err != nil {
		t.Fatal(err)
	}

	modify := func(names, servers []string, aliyun bool) (string, error) {
		req := domain.CreateSaveBatchTaskForModifyingDomainDnsRequest()
		req.DomainName = &names
		if servers != nil {
			req.DomainNameServer = &servers
		}
		req.AliyunDns = requests.NewBoolean(aliyun)
		resp := domain.CreateSaveBatchTaskForModifyingDomainDnsResponse()
		err := e.call(req, resp)
		return resp.TaskNo, err
	}
	taskNo, err := modify([]string{"owned.com"}, []string{"NS1.Example.NET.", "ns2.example.net"}, false)
	if err != nil || taskNo == "" {
		t.Fatalf("modify DNS = %q, %v", taskNo, err)
	}
	if td := task(e, taskNo); td.TaskStatusCode != 2 || td.TaskType != "MODIFY_DNS" || td.DomainName != "owned.com" {
		t.Fatalf("modify DNS task = %+v", td)
	}
	if got := queryOwned(e).DnsList.Dns; len(got) != 2 || got[0] != "ns1.example.net" || got[1] != "ns2.example.net" {
		t.Fatalf("DnsList after modify = %v", got)
	}
	if _, err := modify([]string{"owned.com"}, nil, true); err != nil {
		t.Fatal(err)
	}
	if got := queryOwned(e).DnsList.Dns; len(got) != 2 || got[0] != "dns1.hichina.com" {
		t.Fatalf("DnsList after AliyunDns = %v", got)
	}
	_, err = modify([]string{"owned.com"}, nil, false)
	wantCode(t, err, "MissingDomainNameServer", 400)
	_, err = modify([]string{"owned.com"}, []string{"ns1.example.net"}, false)
	wantCode(t, err, "InvalidDomainNameServer", 400)
	_, err = modify([]string{"not-mine.com"}, []string{"ns1.example.net", "ns2.example.net"}, false)
	wantCode(t, err, "DomainNotExist", 400)

	privacy := func(on bool) string {
		req := domain.CreateSaveBatchTaskForDomainNameProxyServiceRequest()
		names := []string{"owned.com"}
		req.DomainName = &names
		req.Status = requests.NewBoolean(on)
		resp := domain.CreateSaveBatchTaskForDomainNameProxyServiceResponse()
		e.must(req, resp)
		return resp.TaskNo
	}
	no := privacy(true)
	if td := task(e, no); td.TaskStatusCode != 2 || td.TaskType != "DOMAIN_PROXY_SERVICE" {
		t.Fatalf("privacy task = %+v", td)
	}
	if !queryOwned(e).DomainNameProxyService {
		t.Fatal("privacy protection not on after Status=true")
	}
	privacy(false)
	if queryOwned(e).DomainNameProxyService {
		t.Fatal("privacy protection still on after Status=false")
	}

	// With a task delay the task runs (EXECUTING) before it succeeds.
	if err := e.srv.Control.SetSettings(emulator.Settings{TaskDelayMs: 60_000}); err != nil {
		t.Fatal(err)
	}
	if td := task(e, privacy(true)); td.TaskStatus != "EXECUTING" || td.TaskStatusCode != 1 {
		t.Fatalf("delayed task = %+v", td)
	}
}
