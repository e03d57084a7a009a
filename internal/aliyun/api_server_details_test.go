package aliyun

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

func days(n int) *int { return &n }

// The billing and state of each kind of server, read from its own product, for the address
// the lookup found.
func TestServerDetails(t *testing.T) {
	c, srv := emulatorClient(t)
	addServers(t, srv,
		emulator.ServerSeed{Kind: "ecs", Region: "cn-beijing", IP: "39.96.0.1", ID: "i-sub", PeriodMonths: 3, ExpiresInDays: days(20)},
		emulator.ServerSeed{Kind: "ecs", Region: "cn-beijing", IP: "39.96.0.2", ID: "i-payg", ChargeType: "PostPaid", Status: "Stopped"},
		emulator.ServerSeed{Kind: "swas", Region: "cn-chengdu", IP: "47.108.0.4", ID: "0123456789abcdef0123456789abcdef", Name: "blog", ExpiresInDays: days(-1)},
		emulator.ServerSeed{Kind: "slb", Region: "cn-shenzhen", IP: "120.24.0.3", ID: "lb-sz", ChargeType: "PostPaid"},
		emulator.ServerSeed{Kind: "eip", Region: "cn-shanghai", IP: "106.14.0.2", ID: "eip-sh"},
		emulator.ServerSeed{Kind: "nat", Region: "cn-qingdao", IP: "47.104.0.7", ID: "ngw-qd", PeriodMonths: 24, ExpiresInDays: days(400)},
		emulator.ServerSeed{Kind: "nlb", Region: "cn-zhangjiakou", IP: "39.98.0.6", ID: "nlb-zjk"},
	)
	ctx := context.Background()
	get := func(ip string) Server {
		t.Helper()
		ans, err := c.LookupAddress(ctx, netip.MustParseAddr(ip), false)
		if err != nil || !ans.Found {
			t.Fatalf("LookupAddress(%s) = %+v, %v", ip, ans, err)
		}
		s, err := c.ServerDetails(ctx, ans.Held)
		if err != nil {
			t.Fatalf("ServerDetails(%+v): %v", ans.Held, err)
		}
		return s
	}
	now := time.Now()
	if s := get("39.96.0.1"); s.Billing != BillingSubscription || s.Status != "Running" || s.Expires.Sub(now) > 21*24*time.Hour ||
		s.Expires.Sub(now) < 19*24*time.Hour || s.Expires.Sub(s.Created) < 89*24*time.Hour || s.Expires.Sub(s.Created) > 92*24*time.Hour {
		t.Errorf("subscription ECS: %+v", s)
	}
	if s := get("39.96.0.2"); s.Billing != BillingPayAsYouGo || !s.Expires.IsZero() || s.Status != "Stopped" {
		t.Errorf("pay-as-you-go ECS: %+v", s)
	}
	if s := get("47.108.0.4"); s.Billing != BillingSubscription || s.Name != "blog" || len(s.Locks) != 2 || s.Source != "SWAS ListInstances" {
		t.Errorf("expired Simple Application Server: %+v", s)
	}
	if s := get("120.24.0.3"); s.Billing != BillingPayAsYouGo || s.ChargeType != "PayOnDemand" {
		t.Errorf("pay-as-you-go CLB: %+v", s)
	}
	if s := get("106.14.0.2"); s.Billing != BillingSubscription || s.Via != nil || s.Held.Kind != KindEIP {
		t.Errorf("an EIP bound to nothing: %+v", s)
	}
	if s := get("47.104.0.7"); s.Billing != BillingSubscription || s.Held.ID != "ngw-qd" || s.Expires.Sub(now) < 399*24*time.Hour {
		t.Errorf("subscription NAT gateway: %+v", s)
	}
	if s := get("39.98.0.6"); s.Billing != BillingPayAsYouGo || s.ChargeType != "PostPay" {
		t.Errorf("NLB: %+v", s)
	}
	// A NAT gateway's EIP, found by DescribeIpLocationService as an EIP, answers for the gateway.
	s, err := c.ServerDetails(ctx, AccountAddress{Kind: KindEIP, ID: "eip-qd", Region: "cn-qingdao"})
	if err != nil || s.Held.Kind != KindNAT || s.Via == nil || s.Via.ID != "eip-qd" {
		t.Errorf("the NAT gateway's EIP: %+v, %v", s, err)
	}
	calls(t, srv)
	get("39.96.0.1")
	wantCalls(t, "details asked again", calls(t, srv), map[string]int{})
}
