package emulator_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/beian"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/slb"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// icpResponse is QuerySuccessIcpData's answer in its darabonba model's shape.
type icpResponse struct {
	RequestId                 string
	Success                   bool
	ErrorCode                 int
	ErrorMessage              string
	BaSuccessDataWithRiskList []icpEntity
}

type icpEntity struct {
	IcpNumber        string
	OrganizersName   string
	OrganizersNature string
	WebsiteList      []struct {
		SiteRecordNum string
		SiteName      string
		DomainList    []string
	}
	AppList []struct {
		AppName, AppRecordNum string
		DomainList            []string
	}
	RiskList []struct {
		DeadLine       string
		RiskDetailList []struct {
			RiskSource         string
			RectifySuggestList []string
		}
	}
}

// entity returns the entity with the ICP number, or nil.
func (r icpResponse) entity(icp string) *icpEntity {
	for i := range r.BaSuccessDataWithRiskList {
		if r.BaSuccessDataWithRiskList[i].IcpNumber == icp {
			return &r.BaSuccessDataWithRiskList[i]
		}
	}
	return nil
}

func queryICP(e *env) icpResponse {
	e.t.Helper()
	req := requests.NewCommonRequest()
	req.Product, req.Version, req.ApiName = "companyreg", "2026-04-23", "QuerySuccessIcpData"
	req.Domain, req.Scheme = e.srv.Host, "HTTP"
	resp, err := e.client.ProcessCommonRequest(req)
	if err != nil {
		e.t.Fatal(err)
	}
	var out icpResponse
	if err := json.Unmarshal(resp.GetHttpContentBytes(), &out); err != nil {
		e.t.Fatal(err)
	}
	if out.RequestId == "" {
		e.t.Fatal("no RequestId")
	}
	return out
}

func TestICPData(t *testing.T) {
	e := newEnv(t)
	c := e.srv.Control
	for _, f := range []emulator.FilingSeed{
		{Domain: "example.com", ICPNumber: "浙ICP备12345678号", Organizer: "示例科技有限公司",
			Risks: []emulator.Risk{{Type: "FOOTER", Description: "备案号未悬挂", Deadline: "2026-12-31"}},
			Apps:  []emulator.AppSeed{{AppName: "示例小程序", AppRecordNum: "浙ICP备12345678号-3X", DomainList: []string{"API.Example.com"}}}},
		{Domain: "example.net", ICPNumber: "浙ICP备12345678号", SiteRecordNum: "浙ICP备12345678号-2", Organizer: "示例科技有限公司",
			Risks: []emulator.Risk{{Deadline: "2027-01-15", Details: []emulator.RiskDetail{{RiskSource: "网站内容", RectifySuggestions: []string{"删除", "更新"}}}}}},
		{Domain: "other.cn", ICPNumber: "京ICP备10046444号", SiteRecordNum: "京ICP备10046444号-9", Organizer: "北京某公司", OrganizerNature: "企业"},
	} {
		if err := c.AddFiling(f); err != nil {
			t.Fatal(err)
		}
	}
	all := queryICP(e)
	if !all.Success || all.ErrorCode != 0 || len(all.BaSuccessDataWithRiskList) != 2 {
		t.Fatalf("all = %+v", all)
	}
	one := all.entity("浙ICP备12345678号")
	if one == nil || one.OrganizersName != "示例科技有限公司" || one.OrganizersNature != "企业" ||
		len(one.WebsiteList) != 2 || one.WebsiteList[0].SiteRecordNum != "浙ICP备12345678号-1" || one.WebsiteList[0].DomainList[0] != "example.com" {
		t.Fatalf("example.com entity = %+v", one)
	}
	// The control API's original risk fields become one RiskDetailList item; details
	// give the items in full.
	if len(one.RiskList) != 2 || one.RiskList[0].DeadLine != "2026-12-31" || len(one.RiskList[0].RiskDetailList) != 1 ||
		one.RiskList[0].RiskDetailList[0].RiskSource != "FOOTER" || one.RiskList[0].RiskDetailList[0].RectifySuggestList[0] != "备案号未悬挂" ||
		one.RiskList[1].DeadLine != "2027-01-15" || len(one.RiskList[1].RiskDetailList[0].RectifySuggestList) != 2 {
		t.Fatalf("risks = %+v", one.RiskList)
	}
	if len(one.AppList) != 1 || one.AppList[0].AppRecordNum != "浙ICP备12345678号-3X" || one.AppList[0].DomainList[0] != "api.example.com" {
		t.Fatalf("apps = %+v", one.AppList)
	}

	acc := func(d string) *beian.QueryAccessorDomainStatusResponse {
		req := beian.CreateQueryAccessorDomainStatusRequest()
		req.Domain = d
		req.Caller = "test"
		resp := beian.CreateQueryAccessorDomainStatusResponse()
		e.must(req, resp)
		return resp
	}
	if r := acc("other.cn"); r.Code != 200 || r.Data.Status != "NORMAL" || r.Data.Domain != "other.cn" {
		t.Fatalf("accessor status = %+v", r)
	}
	// The model marks Caller required.
	noCaller := beian.CreateQueryAccessorDomainStatusRequest()
	noCaller.Domain = "other.cn"
	wantCode(t, e.call(noCaller, beian.CreateQueryAccessorDomainStatusResponse()), "MissingCaller", 400)

	if err := c.DeleteFiling("example.com"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteFiling("example.com"); err == nil {
		t.Fatal("second delete succeeded")
	}
	if r := queryICP(e).entity("浙ICP备12345678号"); r == nil || len(r.WebsiteList) != 1 || r.WebsiteList[0].DomainList[0] != "example.net" {
		t.Fatalf("after delete = %+v", r)
	}
	if err := c.DeleteFiling("other.cn"); err != nil {
		t.Fatal(err)
	}
	if r := acc("other.cn"); r.Data.Status != "NOT_FILED" || r.Data.ReasonCode == 0 {
		t.Fatalf("accessor status after delete = %+v", r)
	}
}

// POST /_emulator/icp_failure makes QuerySuccessIcpData answer Success false with the
// code and message; DELETE clears it.
func TestICPFailure(t *testing.T) {
	e := newEnv(t)
	if err := e.srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备12345678号"}); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Control.SetICPFailure(emulator.ICPFailure{ErrorCode: 403, ErrorMessage: "NoPermission"}); err != nil {
		t.Fatal(err)
	}
	if r := queryICP(e); r.Success || r.ErrorCode != 403 || r.ErrorMessage != "NoPermission" || len(r.BaSuccessDataWithRiskList) != 0 {
		t.Fatalf("failure answer = %+v", r)
	}
	if err := e.srv.Control.ClearICPFailure(); err != nil {
		t.Fatal(err)
	}
	if r := queryICP(e); !r.Success || len(r.BaSuccessDataWithRiskList) != 1 {
		t.Fatalf("after clearing = %+v", r)
	}
}

// A Unicode name given to the control API is stored in punycode, the form the provider
// (and Alibaba Cloud's APIs) use.
func TestControlNormalisesUnicodeNames(t *testing.T) {
	e := newEnv(t)
	c := e.srv.Control
	if err := c.AddDomain(emulator.DomainSeed{Domain: "例子.中国"}); err != nil {
		t.Fatal(err)
	}
	if err := c.AddFiling(emulator.FilingSeed{Domain: "例子.中国", ICPNumber: "京ICP备10046444号"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddRecord(emulator.Record{Domain: "例子.中国", RR: "www", Type: "A", Value: "203.0.113.7"}); err != nil {
		t.Fatal(err)
	}
	const puny = "xn--fsqu00a.xn--fiqs8s"
	doms, err := c.Domains()
	if err != nil || len(doms) != 1 || doms[0].Domain != puny {
		t.Fatalf("domains = %+v %v", doms, err)
	}
	if recs, err := c.Records(puny); err != nil || len(recs) != 1 || recs[0].Domain != puny {
		t.Fatalf("records by punycode = %+v %v", recs, err)
	}
	if recs, err := c.Records("例子.中国"); err != nil || len(recs) != 1 {
		t.Fatalf("records by Unicode name = %+v %v", recs, err)
	}
	if en := queryICP(e).entity("京ICP备10046444号"); en == nil || en.WebsiteList[0].DomainList[0] != puny {
		t.Fatalf("filing = %+v", en)
	}
	if err := c.DeleteFiling("例子.中国"); err != nil {
		t.Fatal(err)
	}
}

func TestComputeServers(t *testing.T) {
	e := newEnv(t)
	c := e.srv.Control
	for _, s := range []emulator.ServerSeed{
		{Kind: "ecs", Region: "cn-hangzhou", IP: "47.96.1.1", ID: "i-hz1"},
		{Kind: "ecs", Region: "cn-hangzhou", IP: "47.96.1.2"},
		{Kind: "ecs", Region: "cn-hongkong", IP: "47.242.1.1", ID: "i-hk1"},
		{Kind: "eip", Region: "cn-shanghai", IP: "106.14.1.1", ID: "eip-sh1"},
		{Kind: "slb", Region: "ap-southeast-1", IP: "8.219.1.1", ID: "lb-sg1"},
	} {
		if err := c.AddServer(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.AddServer(emulator.ServerSeed{Kind: "vm", Region: "x", IP: "1.1.1.1"}); err == nil {
		t.Fatal("bad kind accepted")
	}

	rr := ecs.CreateDescribeRegionsResponse()
	e.must(ecs.CreateDescribeRegionsRequest(), rr)
	found := map[string]bool{}
	for _, r := range rr.Regions.Region {
		found[r.RegionId] = true
	}
	if !found["cn-hangzhou"] || !found["cn-hongkong"] || !found["ap-southeast-1"] {
		t.Fatalf("regions = %+v", rr.Regions)
	}

	di := ecs.CreateDescribeInstancesRequest()
	di.RegionId = "cn-hangzhou"
	dr := ecs.CreateDescribeInstancesResponse()
	e.must(di, dr)
	if dr.TotalCount != 2 || len(dr.Instances.Instance) != 2 || dr.Instances.Instance[0].InstanceId != "i-hz1" ||
		dr.Instances.Instance[0].RegionId != "cn-hangzhou" || dr.Instances.Instance[0].PublicIpAddress.IpAddress[0] != "47.96.1.1" {
		t.Fatalf("DescribeInstances = %+v", dr)
	}
	di.PublicIpAddresses = `["47.96.1.2"]`
	dr = ecs.CreateDescribeInstancesResponse()
	e.must(di, dr)
	if dr.TotalCount != 1 || dr.Instances.Instance[0].PublicIpAddress.IpAddress[0] != "47.96.1.2" {
		t.Fatalf("DescribeInstances(ip) = %+v", dr)
	}
	di.PublicIpAddresses = `["47.242.1.1"]` // in another region
	dr = ecs.CreateDescribeInstancesResponse()
	e.must(di, dr)
	if dr.TotalCount != 0 {
		t.Fatalf("DescribeInstances(other region) = %+v", dr)
	}
	// Token paging.
	tok := ecs.CreateDescribeInstancesRequest()
	tok.RegionId, tok.MaxResults = "cn-hangzhou", requests.NewInteger(1)
	tr := ecs.CreateDescribeInstancesResponse()
	e.must(tok, tr)
	if len(tr.Instances.Instance) != 1 || tr.NextToken == "" {
		t.Fatalf("token page 1 = %+v", tr)
	}
	tok.NextToken = tr.NextToken
	tr = ecs.CreateDescribeInstancesResponse()
	e.must(tok, tr)
	if len(tr.Instances.Instance) != 1 || tr.NextToken != "" {
		t.Fatalf("token page 2 = %+v", tr)
	}

	ei := vpc.CreateDescribeEipAddressesRequest()
	ei.RegionId, ei.EipAddress = "cn-shanghai", "106.14.1.1"
	er := vpc.CreateDescribeEipAddressesResponse()
	e.must(ei, er)
	if er.TotalCount != 1 || er.EipAddresses.EipAddress[0].AllocationId != "eip-sh1" || er.EipAddresses.EipAddress[0].RegionId != "cn-shanghai" {
		t.Fatalf("DescribeEipAddresses = %+v", er)
	}
	ei = vpc.CreateDescribeEipAddressesRequest() // the SDK keeps RegionId of a reused request
	ei.RegionId, ei.EipAddress = "cn-beijing", "106.14.1.1"
	er = vpc.CreateDescribeEipAddressesResponse()
	e.must(ei, er)
	if er.TotalCount != 0 {
		t.Fatalf("DescribeEipAddresses(other region) = %+v", er)
	}

	lb := slb.CreateDescribeLoadBalancersRequest()
	lb.RegionId, lb.Address = "ap-southeast-1", "8.219.1.1"
	lr := slb.CreateDescribeLoadBalancersResponse()
	e.must(lb, lr)
	if lr.TotalCount != 1 || lr.LoadBalancers.LoadBalancer[0].LoadBalancerId != "lb-sg1" || lr.LoadBalancers.LoadBalancer[0].Address != "8.219.1.1" {
		t.Fatalf("DescribeLoadBalancers = %+v", lr)
	}
}

func TestStsAssumeRole(t *testing.T) {
	e := newEnv(t)
	req := sts.CreateAssumeRoleRequest()
	req.RoleArn, req.RoleSessionName = "acs:ram::123456789012:role/terraform", "ci-run"
	resp := sts.CreateAssumeRoleResponse()
	e.must(req, resp)
	c := resp.Credentials
	if !strings.HasPrefix(c.AccessKeyId, "STS.") || c.AccessKeySecret == "" || c.SecurityToken == "" || c.Expiration == "" ||
		resp.AssumedRoleUser.Arn != "acs:ram::123456789012:assumed-role/terraform/ci-run" {
		t.Fatalf("AssumeRole = %+v", resp)
	}
	// The temporary credentials work, with their token and only with it.
	tmp, err := sdk.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), credentials.NewStsTokenCredential(c.AccessKeyId, c.AccessKeySecret, c.SecurityToken))
	if err != nil {
		t.Fatal(err)
	}
	if err := callWith(tmp, e.srv.Host, ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse()); err != nil {
		t.Fatalf("call with the temporary credentials: %v", err)
	}
	// Role chaining: a RAM role's temporary credentials may call AssumeRole (Alibaba's
	// AssumeRole reference: the requester is a RAM user or a RAM role).
	chain := sts.CreateAssumeRoleRequest()
	chain.RoleArn, chain.RoleSessionName = "acs:ram::123456789012:role/deploy", "ci-run-2"
	chained := sts.CreateAssumeRoleResponse()
	if err := callWith(tmp, e.srv.Host, chain, chained); err != nil || !strings.HasPrefix(chained.Credentials.AccessKeyId, "STS.") ||
		chained.AssumedRoleUser.Arn != "acs:ram::123456789012:assumed-role/deploy/ci-run-2" {
		t.Fatalf("AssumeRole with temporary credentials = %+v, %v", chained, err)
	}
	wrong, err := sdk.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), credentials.NewStsTokenCredential(c.AccessKeyId, c.AccessKeySecret, "CAISforged"))
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, callWith(wrong, e.srv.Host, ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse()), "InvalidSecurityToken.MismatchWithAccessKey", 400)
	st, err := e.srv.Control.Stats()
	if err != nil || st.SignedWith["sts"] != 2 || st.SignedWith["ak"] != 1 {
		t.Fatalf("signed_with stats = %+v, %v", st.SignedWith, err)
	}
	// Bad input.
	bad := sts.CreateAssumeRoleRequest()
	bad.RoleArn, bad.RoleSessionName = "arn:aws:iam::1:role/x", "s1"
	wantCode(t, e.call(bad, sts.CreateAssumeRoleResponse()), "InvalidParameter.RoleArn", 400)
	bad = sts.CreateAssumeRoleRequest()
	bad.RoleArn, bad.RoleSessionName, bad.DurationSeconds = "acs:ram::1:role/x", "s1", requests.NewInteger(60)
	wantCode(t, e.call(bad, sts.CreateAssumeRoleResponse()), "InvalidParameter.DurationSeconds", 400)
	// RoleSessionName: 2 to 64 letters, digits and ".@-_" (STS's OpenAPI metadata).
	for _, name := range []string{"a", "ci run", "忍者", strings.Repeat("x", 65)} {
		bad = sts.CreateAssumeRoleRequest()
		bad.RoleArn, bad.RoleSessionName = "acs:ram::1:role/x", name
		wantCode(t, e.call(bad, sts.CreateAssumeRoleResponse()), "InvalidParameter.RoleSessionName", 400)
	}
	ok := sts.CreateAssumeRoleRequest()
	ok.RoleArn, ok.RoleSessionName = "acs:ram::1:role/x", "ci.run@example_1-"+strings.Repeat("x", 47)
	e.must(ok, sts.CreateAssumeRoleResponse())
}

// DescribeRegions names regions in Chinese by default and for zh-CN, in English for en-US
// (what internal/aliyun asks for), and refuses a language outside the model with the
// metadata's 404 InvalidAcceptLanguage.NotFound.
func TestDescribeRegionsLanguage(t *testing.T) {
	e := newEnv(t)
	names := func(lang string) map[string]string {
		t.Helper()
		req := ecs.CreateDescribeRegionsRequest()
		req.AcceptLanguage = lang
		resp := ecs.CreateDescribeRegionsResponse()
		e.must(req, resp)
		out := map[string]string{}
		for _, r := range resp.Regions.Region {
			out[r.RegionId] = r.LocalName
		}
		return out
	}
	for _, tc := range []struct{ lang, hangzhou, qingdao, riyadh string }{
		{"", "华东1（杭州）", "华北1（青岛）", "沙特（利雅得）"},
		{"zh-CN", "华东1（杭州）", "华北1（青岛）", "沙特（利雅得）"},
		{"en-US", "China (Hangzhou)", "China (Qingdao)", "Saudi Arabia (Riyadh)"},
		{"EN-us", "China (Hangzhou)", "China (Qingdao)", "Saudi Arabia (Riyadh)"},
	} {
		got := names(tc.lang)
		if got["cn-hangzhou"] != tc.hangzhou || got["cn-qingdao"] != tc.qingdao || got["me-central-1"] != tc.riyadh || len(got) != 28 {
			t.Errorf("AcceptLanguage %q: cn-hangzhou %q, cn-qingdao %q, me-central-1 %q (%d regions); want %q, %q, %q (28)",
				tc.lang, got["cn-hangzhou"], got["cn-qingdao"], got["me-central-1"], len(got), tc.hangzhou, tc.qingdao, tc.riyadh)
		}
	}
	for id, name := range names("en-US") {
		if name == "" || strings.ContainsFunc(name, func(r rune) bool { return r > 0x7f }) {
			t.Errorf("en-US name of %s = %q, want English", id, name)
		}
	}
	req := ecs.CreateDescribeRegionsRequest()
	req.AcceptLanguage = "en"
	wantCode(t, e.call(req, ecs.CreateDescribeRegionsResponse()), "InvalidAcceptLanguage.NotFound", 404)
}
