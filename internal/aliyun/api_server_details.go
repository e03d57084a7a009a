package aliyun

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/slb"
	swas "github.com/aliyun/alibaba-cloud-sdk-go/services/swas-open"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
)

// Billing is how a server is paid for.
type Billing string

// The billings. The products spell them differently: PrePaid/PostPaid (ECS, SWAS, EIP,
// NAT gateway), PrePay/PayOnDemand (CLB), PostPay (ALB, NLB).
const (
	BillingSubscription Billing = "subscription"  // 包年包月
	BillingPayAsYouGo   Billing = "pay-as-you-go" // 按量付费
	BillingUnknown      Billing = ""
)

// Server is what the account's own API says about the resource holding an address: its
// billing and state, for beian_readiness's server_eligible.
type Server struct {
	Held    AccountAddress
	Name    string
	Status  string // the product's own word: Running, Stopped, active, Available, …
	Billing Billing
	// ChargeType is the product's own spelling of the billing.
	ChargeType string
	// Created is when the resource was created; Expires when its subscription ends (zero
	// when unknown or not a subscription).
	Created, Expires time.Time
	// Locks say why the product has locked or disabled the resource (overdue payment,
	// expiry, security).
	Locks []string
	// Via is the EIP the address belongs to when the server is the instance that EIP is
	// bound to.
	Via *AccountAddress
	// Source names the call (or the model) that answered.
	Source string
}

// ServerDetails reads the billing and state of the resource held (an AccountAddress of
// LookupAddress), once a run per resource: ECS DescribeInstances, SWAS ListInstances, CLB
// DescribeLoadBalancers, VPC DescribeEipAddresses and DescribeNatGateways, each filtered
// by the resource's id in its region. An EIP bound to an ECS instance, a CLB instance or a
// NAT gateway answers for that instance (the server behind the address). ALB and NLB are
// pay-as-you-go only by their official models (LoadBalancerBillingConfig.PayType: "only
// PostPay is supported"), which is answered without a call.
func (c *Client) ServerDetails(ctx context.Context, held AccountAddress) (Server, error) {
	return c.lookup.details.Get(ctx, held.Kind+"/"+held.Region+"/"+held.ID, 0, func(ctx context.Context) (Server, error) {
		return c.serverDetails(ctx, held, true)
	})
}

func (c *Client) serverDetails(ctx context.Context, held AccountAddress, followEIP bool) (Server, error) {
	s := Server{Held: held, Name: held.Name}
	switch held.Kind {
	case KindECS:
		req := ecs.CreateDescribeInstancesRequest()
		req.RegionId = held.Region
		req.InstanceIds = fmt.Sprintf("[%q]", held.ID)
		resp := ecs.CreateDescribeInstancesResponse()
		if err := c.Call(ctx, ProductECS, held.Region, req, resp); err != nil {
			return s, err
		}
		if len(resp.Instances.Instance) == 0 {
			return s, notListed(held, "ECS DescribeInstances")
		}
		in := resp.Instances.Instance[0]
		s.Name, s.Status, s.ChargeType, s.Source = in.InstanceName, in.Status, in.InstanceChargeType, "ECS DescribeInstances"
		s.Billing = billingOf(in.InstanceChargeType)
		s.Created = apiTime(in.CreationTime)
		if s.Billing == BillingSubscription {
			s.Expires = apiTime(in.ExpiredTime)
		}
		for _, l := range in.OperationLocks.LockReason {
			s.Locks = append(s.Locks, "OperationLocks "+l.LockReason)
		}
	case KindSWAS:
		req := swas.CreateListInstancesRequest()
		req.RegionId = held.Region
		req.InstanceIds = fmt.Sprintf("[%q]", held.ID)
		resp := swas.CreateListInstancesResponse()
		if err := c.Call(ctx, ProductSWAS, held.Region, req, resp); err != nil {
			return s, err
		}
		if len(resp.Instances) == 0 {
			return s, notListed(held, "SWAS ListInstances")
		}
		in := resp.Instances[0]
		s.Name, s.Status, s.ChargeType, s.Source = in.InstanceName, in.Status, in.ChargeType, "SWAS ListInstances"
		s.Billing = billingOf(in.ChargeType)
		s.Created, s.Expires = apiTime(in.CreationTime), apiTime(in.ExpiredTime)
		if in.BusinessStatus != "" && in.BusinessStatus != "Normal" {
			s.Locks = append(s.Locks, "BusinessStatus "+in.BusinessStatus)
		}
		if in.DisableReason != "" {
			s.Locks = append(s.Locks, "DisableReason "+in.DisableReason)
		}
	case KindSLB:
		req := slb.CreateDescribeLoadBalancersRequest()
		req.RegionId = held.Region
		req.LoadBalancerId = held.ID
		resp := slb.CreateDescribeLoadBalancersResponse()
		if err := c.Call(ctx, ProductSLB, held.Region, req, resp); err != nil {
			return s, err
		}
		if len(resp.LoadBalancers.LoadBalancer) == 0 {
			return s, notListed(held, "CLB DescribeLoadBalancers")
		}
		lb := resp.LoadBalancers.LoadBalancer[0]
		s.Name, s.Status, s.ChargeType, s.Source = lb.LoadBalancerName, lb.LoadBalancerStatus, lb.PayType, "CLB DescribeLoadBalancers"
		s.Billing = billingOf(lb.PayType)
		s.Created = apiTime(lb.CreateTime)
		if lb.LoadBalancerStatus == "locked" {
			s.Locks = append(s.Locks, "LoadBalancerStatus locked")
		}
		// Its expiry is in DescribeLoadBalancerAttribute (EndTime), which is not called.
	case KindNAT:
		req := vpc.CreateDescribeNatGatewaysRequest()
		req.RegionId = held.Region
		req.NatGatewayId = held.ID
		resp := vpc.CreateDescribeNatGatewaysResponse()
		if err := c.Call(ctx, ProductVPC, held.Region, req, resp); err != nil {
			return s, err
		}
		if len(resp.NatGateways.NatGateway) == 0 {
			return s, notListed(held, "VPC DescribeNatGateways")
		}
		n := resp.NatGateways.NatGateway[0]
		s.Name, s.Status, s.ChargeType, s.Source = n.Name, n.Status, n.InstanceChargeType, "VPC DescribeNatGateways"
		s.Billing = billingOf(n.InstanceChargeType)
		s.Created = apiTime(n.CreationTime)
		if s.Billing == BillingSubscription {
			s.Expires = apiTime(n.ExpiredTime)
		}
		if n.BusinessStatus != "" && n.BusinessStatus != "Normal" {
			s.Locks = append(s.Locks, "BusinessStatus "+n.BusinessStatus)
		}
	case KindEIP:
		req := vpc.CreateDescribeEipAddressesRequest()
		req.RegionId = held.Region
		req.AllocationId = held.ID
		req.PageSize = requests.NewInteger(10)
		resp := vpc.CreateDescribeEipAddressesResponse()
		if err := c.Call(ctx, ProductVPC, held.Region, req, resp); err != nil {
			return s, err
		}
		if len(resp.EipAddresses.EipAddress) == 0 {
			return s, notListed(held, "VPC DescribeEipAddresses")
		}
		e := resp.EipAddresses.EipAddress[0]
		bound := map[string]string{"EcsInstance": KindECS, "SlbInstance": KindSLB, "Nat": KindNAT}[e.InstanceType]
		if followEIP && bound != "" && e.InstanceId != "" {
			region := e.InstanceRegionId
			if region == "" {
				region = held.Region
			}
			inner, err := c.serverDetails(ctx, AccountAddress{Kind: bound, ID: e.InstanceId, Region: region}, false)
			via := held
			inner.Via = &via
			return inner, err
		}
		s.Name, s.Status, s.ChargeType, s.Source = e.Name, e.Status, e.ChargeType, "VPC DescribeEipAddresses"
		s.Billing = billingOf(e.ChargeType)
		s.Created = apiTime(e.AllocationTime)
		if s.Billing == BillingSubscription {
			s.Expires = apiTime(e.ExpiredTime)
		}
		if e.BusinessStatus != "" && e.BusinessStatus != "Normal" {
			s.Locks = append(s.Locks, "BusinessStatus "+e.BusinessStatus)
		}
	case KindALB, KindNLB:
		s.Billing, s.ChargeType = BillingPayAsYouGo, "PostPay"
		s.Source = "the official model (" + strings.Split(held.Kind, " ")[0] + " LoadBalancerBillingConfig.PayType: only PostPay is supported)"
	default:
		return s, fmt.Errorf("the billing of a %s is not read by the provider", held.Kind)
	}
	if s.Name == "" {
		s.Name = held.Name
	}
	return s, nil
}

// notListed is the error for a resource its product does not list (any more).
func notListed(held AccountAddress, call string) error {
	return fmt.Errorf("%s does not list the %s %s in %s (released since it was found?)", call, held.Kind, held.ID, held.Region)
}

// billingOf reads a product's charge type.
func billingOf(chargeType string) Billing {
	switch strings.ToLower(chargeType) {
	case "prepaid", "prepay":
		return BillingSubscription
	case "postpaid", "payondemand", "postpay":
		return BillingPayAsYouGo
	}
	return BillingUnknown
}

// apiTime parses the ISO 8601 UTC times of the answers: with seconds (SWAS, CLB, EIP, NAT
// CreationTime) or without (ECS, NAT ExpiredTime). Zero when empty or unreadable.
func apiTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02T15:04:05Z", "2006-01-02T15:04Z", time.RFC3339} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t
		}
	}
	return time.Time{}
}
