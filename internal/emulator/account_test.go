package emulator_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	antiddos "github.com/aliyun/alibaba-cloud-sdk-go/services/antiddos-public"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/resourcecenter"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/slb"
	swas "github.com/aliyun/alibaba-cloud-sdk-go/services/swas-open"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

func days(n int) *int { return &n }

// seedAccount adds one server of every kind, each with its own billing.
func seedAccount(t *testing.T, e *env) {
	t.Helper()
	for _, s := range []emulator.ServerSeed{
		{Kind: "ecs", Region: "cn-hangzhou", IP: "47.96.1.1", ID: "i-sub", PeriodMonths: 3, ExpiresInDays: days(20)},
		{Kind: "ecs", Region: "cn-beijing", IP: "39.96.1.1", ID: "i-payg", ChargeType: "PostPaid", Status: "Stopped"},
		{Kind: "eip", Region: "cn-hangzhou", IP: "47.96.1.2", ID: "eip-solo"},
		{Kind: "slb", Region: "cn-hangzhou", IP: "47.96.1.3", ID: "lb-one", ChargeType: "PostPaid"},
		{Kind: "swas", Region: "cn-shanghai", IP: "106.15.1.4", ID: "0123456789abcdef0123456789abcdef", Name: "blog"},
		{Kind: "alb", Region: "cn-shenzhen", IP: "120.76.1.5", ID: "alb-one"},
		{Kind: "nlb", Region: "cn-shenzhen", IP: "120.76.1.6", ID: "nlb-one"},
		{Kind: "nat", Region: "cn-qingdao", IP: "47.104.1.7", ID: "ngw-one", ExpiresInDays: days(100)},
	} {
		if err := e.srv.Control.AddServer(s); err != nil {
			t.Fatal(err)
		}
	}
}

// The kinds and their billing: defaults, what each product allows, and a bad seed refused
// with the field named.
func TestServerSeedsBilling(t *testing.T) {
	e := newEnv(t)
	seedAccount(t, e)
	for _, bad := range []struct {
		seed emulator.ServerSeed
		want string
	}{
		{emulator.ServerSeed{Kind: "swas", Region: "cn-hangzhou", IP: "1.2.3.4", ChargeType: "PostPaid"}, "PrePaid only"},
		{emulator.ServerSeed{Kind: "alb", Region: "cn-hangzhou", IP: "1.2.3.4", ChargeType: "PrePaid"}, "PostPaid only"},
		{emulator.ServerSeed{Kind: "ecs", Region: "cn-hangzhou", IP: "1.2.3.4", ChargeType: "Monthly"}, "want PrePaid or PostPaid"},
		{emulator.ServerSeed{Kind: "vm", Region: "cn-hangzhou", IP: "1.2.3.4"}, "want ecs, eip, slb, swas, alb, nlb or nat"},
		{emulator.ServerSeed{Kind: "ecs", Region: "cn-hangzhou", IP: "1.2.3"}, "not an IP address"},
	} {
		if err := e.srv.Control.AddServer(bad.seed); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("AddServer(%+v) = %v; want an error saying %q", bad.seed, err, bad.want)
		}
	}

	req := ecs.CreateDescribeInstancesRequest()
	req.RegionId = "cn-hangzhou"
	resp := ecs.CreateDescribeInstancesResponse()
	e.must(req, resp)
	in := resp.Instances.Instance[0]
	created, err1 := time.Parse("2006-01-02T15:04Z", in.CreationTime)
	expires, err2 := time.Parse("2006-01-02T15:04Z", in.ExpiredTime)
	if err1 != nil || err2 != nil || in.InstanceChargeType != "PrePaid" || in.Status != "Running" {
		t.Fatalf("subscription ECS = %+v (%v, %v)", in, err1, err2)
	}
	if left := time.Until(expires).Hours() / 24; left < 19 || left > 20 {
		t.Errorf("expires in %.1f days; want 20", left)
	}
	if m := expires.Sub(created).Hours() / 24; m < 89 || m > 92 {
		t.Errorf("bought for %.0f days; want 3 months", m)
	}
	req = ecs.CreateDescribeInstancesRequest()
	req.RegionId = "cn-beijing"
	resp = ecs.CreateDescribeInstancesResponse()
	e.must(req, resp)
	if in := resp.Instances.Instance[0]; in.InstanceChargeType != "PostPaid" || in.ExpiredTime != "2099-12-31T15:59Z" || in.Status != "Stopped" {
		t.Errorf("pay-as-you-go ECS = %+v", in)
	}

	lbReq := slb.CreateDescribeLoadBalancersRequest()
	lbReq.RegionId = "cn-hangzhou"
	lbResp := slb.CreateDescribeLoadBalancersResponse()
	e.must(lbReq, lbResp)
	if lb := lbResp.LoadBalancers.LoadBalancer[0]; lb.PayType != "PayOnDemand" || lb.CreateTime == "" {
		t.Errorf("CLB = %+v; want PayType PayOnDemand (CLB's spelling of PostPaid)", lb)
	}

	// A NAT gateway's address is an EIP bound to it.
	eipReq := vpc.CreateDescribeEipAddressesRequest()
	eipReq.RegionId = "cn-qingdao"
	eipResp := vpc.CreateDescribeEipAddressesResponse()
	e.must(eipReq, eipResp)
	if got := eipResp.EipAddresses.EipAddress; len(got) != 1 || got[0].IpAddress != "47.104.1.7" || got[0].InstanceType != "Nat" || got[0].InstanceId != "ngw-one" {
		t.Errorf("the NAT gateway's EIP = %+v", got)
	}
	natReq := vpc.CreateDescribeNatGatewaysRequest()
	natReq.RegionId = "cn-qingdao"
	natReq.NatGatewayId = "ngw-one"
	natResp := vpc.CreateDescribeNatGatewaysResponse()
	e.must(natReq, natResp)
	if got := natResp.NatGateways.NatGateway; len(got) != 1 || got[0].InstanceChargeType != "PrePaid" || got[0].ExpiredTime == "" ||
		len(got[0].IpLists.IpList) != 1 || got[0].IpLists.IpList[0].IpAddress != "47.104.1.7" {
		t.Errorf("DescribeNatGateways = %+v", got)
	}
	natReq = vpc.CreateDescribeNatGatewaysRequest()
	natReq.RegionId = "cn-nowhere"
	wantCode(t, e.call(natReq, vpc.CreateDescribeNatGatewaysResponse()), "InvalidRegionId.NotFound", 404)

	swReq := swas.CreateListInstancesRequest()
	swReq.RegionId = "cn-shanghai"
	swReq.InstanceIds = `["0123456789abcdef0123456789abcdef"]`
	swResp := swas.CreateListInstancesResponse()
	e.must(swReq, swResp)
	if got := swResp.Instances; len(got) != 1 || got[0].InstanceName != "blog" || got[0].ChargeType != "PrePaid" || got[0].PublicIpAddress != "106.15.1.4" ||
		got[0].BusinessStatus != "Normal" || got[0].ExpiredTime == "" {
		t.Errorf("ListInstances = %+v", got)
	}
	swReq = swas.CreateListInstancesRequest()
	swReq.RegionId = "cn-shanghai"
	swReq.ChargeType = "PostPaid"
	wantCode(t, e.call(swReq, swas.CreateListInstancesResponse()), "InvalidChargeType.ValueNotSupported", 400)
}

// SearchResources lists every region's resources of the types asked for, pages with
// NextToken, and answers ServiceNotEnabled while Resource Center is off.
func TestResourceCenterSearch(t *testing.T) {
	e := newEnv(t)
	seedAccount(t, e)
	search := func(maxResults int, token string, types ...string) *resourcecenter.SearchResourcesResponse {
		t.Helper()
		req := resourcecenter.CreateSearchResourcesRequest()
		req.MaxResults = requests.NewInteger(maxResults)
		req.NextToken = token
		req.Filter = &[]resourcecenter.SearchResourcesFilter{{Key: "ResourceType", MatchType: "Equals", Value: &types}}
		resp := resourcecenter.CreateSearchResourcesResponse()
		e.must(req, resp)
		return resp
	}
	all := []string{"ACS::ECS::Instance", "ACS::EIP::EipAddress", "ACS::SLB::LoadBalancer", "ACS::ALB::LoadBalancer",
		"ACS::NLB::LoadBalancer", "ACS::NAT::NatGateway", "ACS::SWAS::Instance"}
	seen := map[string]string{}
	token, pages := "", 0
	for {
		resp := search(3, token, all...)
		pages++
		for _, r := range resp.Resources {
			if len(r.IpAddresses) != 1 || r.RegionId == "" || r.AccountId == "" {
				t.Errorf("resource %+v", r)
			}
			seen[r.ResourceId] = r.ResourceType + " " + r.RegionId + " " + strings.Join(r.IpAddresses, ",")
		}
		if token = resp.NextToken; token == "" {
			break
		}
	}
	if len(seen) != 8 || pages != 3 || seen["0123456789abcdef0123456789abcdef"] != "ACS::SWAS::Instance cn-shanghai 106.15.1.4" {
		t.Errorf("%d pages, resources %v", pages, seen)
	}
	if got := search(100, "", "ACS::SWAS::Instance").Resources; len(got) != 1 || got[0].ResourceName != "blog" {
		t.Errorf("filtered by type: %+v", got)
	}

	st := resourcecenter.CreateGetResourceCenterServiceStatusRequest()
	stResp := resourcecenter.CreateGetResourceCenterServiceStatusResponse()
	e.must(st, stResp)
	if stResp.ServiceStatus != "Enabled" || stResp.InitialStatus != "Finished" {
		t.Errorf("status = %+v", stResp)
	}
	if err := e.srv.Control.SetSettings(emulator.Settings{ResourceCenter: "disabled"}); err != nil {
		t.Fatal(err)
	}
	req := resourcecenter.CreateSearchResourcesRequest()
	wantCode(t, e.call(req, resourcecenter.CreateSearchResourcesResponse()), "ServiceNotEnabled", 400)
	e.must(st, stResp)
	if stResp.ServiceStatus != "Disabled" {
		t.Errorf("status = %+v; want Disabled", stResp)
	}
	if err := e.srv.Control.SetSettings(emulator.Settings{ResourceCenter: "initializing"}); err != nil {
		t.Fatal(err)
	}
	if got := search(100, "", all...).Resources; len(got) != 0 {
		t.Errorf("while initializing: %d resources; want none yet", len(got))
	}
	if err := e.srv.Control.SetSettings(emulator.Settings{ResourceCenter: "sleeping"}); err == nil || !strings.Contains(err.Error(), "enabled, disabled or initializing") {
		t.Errorf("a bad resource_center: %v", err)
	}
}

// DescribeIpLocationService answers for ECS, SLB, EIP and SWAS addresses (a NAT gateway's
// as its EIP), and with no Instance for an address the account does not hold.
func TestIPLocationService(t *testing.T) {
	e := newEnv(t)
	seedAccount(t, e)
	for ip, want := range map[string]string{
		"47.96.1.1": "ecs i-sub cn-hangzhou", "106.15.1.4": "swas 0123456789abcdef0123456789abcdef cn-shanghai",
		"47.104.1.7": "eip eip-one cn-qingdao", "47.96.1.3": "slb lb-one cn-hangzhou",
		"120.76.1.5": "", "8.8.8.8": "",
	} {
		req := antiddos.CreateDescribeIpLocationServiceRequest()
		req.InternetIp = ip
		resp := antiddos.CreateDescribeIpLocationServiceResponse()
		e.must(req, resp)
		got := ""
		if resp.Instance.InstanceId != "" {
			got = resp.Instance.InstanceType + " " + resp.Instance.InstanceId + " " + resp.Instance.Region
		}
		if got != want {
			t.Errorf("%s: %q, want %q", ip, got, want)
		}
	}
}

// An action in denied_actions answers as RAM refuses it: Resource Center's own NoPermission
// (400, its metadata), Forbidden.RAM (403) elsewhere; [] clears the list.
func TestDeniedActions(t *testing.T) {
	e := newEnv(t)
	seedAccount(t, e)
	if err := e.srv.Control.SetSettings(emulator.Settings{DeniedActions: []string{"ResourceCenter.SearchResources", "antiddos-public.DescribeIpLocationService"}}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, e.call(resourcecenter.CreateSearchResourcesRequest(), resourcecenter.CreateSearchResourcesResponse()), "NoPermission", 400)
	ddos := antiddos.CreateDescribeIpLocationServiceRequest()
	ddos.InternetIp = "47.96.1.1"
	wantCode(t, e.call(ddos, antiddos.CreateDescribeIpLocationServiceResponse()), "Forbidden.RAM", 403)
	// Other settings keep the list.
	if err := e.srv.Control.SetSettings(emulator.Settings{TaskDelayMs: 5}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, e.call(ddos, antiddos.CreateDescribeIpLocationServiceResponse()), "Forbidden.RAM", 403)
	if err := e.srv.Control.SetSettings(emulator.Settings{DeniedActions: []string{}}); err != nil {
		t.Fatal(err)
	}
	e.must(ddos, antiddos.CreateDescribeIpLocationServiceResponse())
	if err := e.srv.Control.SetSettings(emulator.Settings{DeniedActions: []string{"Ecs.RunInstances"}}); err == nil || !strings.Contains(err.Error(), "Ecs.RunInstances") {
		t.Errorf("an unknown action in denied_actions: %v", err)
	}
}
