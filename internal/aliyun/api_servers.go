package aliyun

import (
	"context"
	"net/netip"
	"sync"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/slb"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
	"golang.org/x/sync/errgroup"
)

// AccountAddress is a public address held by a resource of the caller's account.
type AccountAddress struct {
	Kind   string // "ECS instance", "EIP", "SLB instance"
	ID     string
	Region string
}

type serverCache struct {
	once onceValue[map[netip.Addr]AccountAddress]
}

// AccountAddresses scans every region of the account once per provider run (ECS
// DescribeInstances, VPC DescribeEipAddresses, SLB DescribeLoadBalancers, all paged) and
// returns the public addresses found, with what holds them.
func (c *Client) AccountAddresses(ctx context.Context) (map[netip.Addr]AccountAddress, error) {
	return c.servers.once.get(ctx, func(ctx context.Context) (map[netip.Addr]AccountAddress, error) {
		regions, err := c.DescribeRegions(ctx)
		if err != nil {
			return nil, err
		}
		out := map[netip.Addr]AccountAddress{}
		var mu sync.Mutex
		add := func(ip, kind, id, region string) {
			a, err := netip.ParseAddr(ip)
			if err != nil {
				return
			}
			mu.Lock()
			out[a.Unmap()] = AccountAddress{Kind: kind, ID: id, Region: region}
			mu.Unlock()
		}
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(4)
		for _, r := range regions {
			region := r.ID
			g.Go(func() error { return c.scanInstances(gctx, region, add) })
			g.Go(func() error { return c.scanEIPs(gctx, region, add) })
			g.Go(func() error { return c.scanSLBs(gctx, region, add) })
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
		return out, nil
	})
}

const scanPageSize = 100

func (c *Client) scanInstances(ctx context.Context, region string, add func(ip, kind, id, region string)) error {
	items, err := ListAll(ctx, scanPageSize, 1, func(ctx context.Context, page int) (Page[ecs.Instance], error) {
		req := ecs.CreateDescribeInstancesRequest()
		req.RegionId = region
		req.PageNumber = requests.NewInteger(page)
		req.PageSize = requests.NewInteger(scanPageSize)
		resp := ecs.CreateDescribeInstancesResponse()
		if err := c.Call(ctx, ProductECS, region, req, resp); err != nil {
			return Page[ecs.Instance]{}, err
		}
		return Page[ecs.Instance]{Items: resp.Instances.Instance, Total: resp.TotalCount}, nil
	})
	if err != nil {
		return err
	}
	for _, in := range items {
		r := in.RegionId
		if r == "" {
			r = region
		}
		for _, ip := range in.PublicIpAddress.IpAddress {
			add(ip, "ECS instance", in.InstanceId, r)
		}
		if in.EipAddress.IpAddress != "" {
			add(in.EipAddress.IpAddress, "ECS instance", in.InstanceId, r)
		}
	}
	return nil
}

func (c *Client) scanEIPs(ctx context.Context, region string, add func(ip, kind, id, region string)) error {
	items, err := ListAll(ctx, scanPageSize, 1, func(ctx context.Context, page int) (Page[vpc.EipAddress], error) {
		req := vpc.CreateDescribeEipAddressesRequest()
		req.RegionId = region
		req.PageNumber = requests.NewInteger(page)
		req.PageSize = requests.NewInteger(scanPageSize)
		resp := vpc.CreateDescribeEipAddressesResponse()
		if err := c.Call(ctx, ProductVPC, region, req, resp); err != nil {
			return Page[vpc.EipAddress]{}, err
		}
		return Page[vpc.EipAddress]{Items: resp.EipAddresses.EipAddress, Total: resp.TotalCount}, nil
	})
	if err != nil {
		return err
	}
	for _, e := range items {
		r := e.RegionId
		if r == "" {
			r = region
		}
		add(e.IpAddress, "EIP", e.AllocationId, r)
	}
	return nil
}

func (c *Client) scanSLBs(ctx context.Context, region string, add func(ip, kind, id, region string)) error {
	items, err := ListAll(ctx, scanPageSize, 1, func(ctx context.Context, page int) (Page[slb.LoadBalancer], error) {
		req := slb.CreateDescribeLoadBalancersRequest()
		req.RegionId = region
		req.PageNumber = requests.NewInteger(page)
		req.PageSize = requests.NewInteger(scanPageSize)
		resp := slb.CreateDescribeLoadBalancersResponse()
		if err := c.Call(ctx, ProductSLB, region, req, resp); err != nil {
			return Page[slb.LoadBalancer]{}, err
		}
		return Page[slb.LoadBalancer]{Items: resp.LoadBalancers.LoadBalancer, Total: resp.TotalCount}, nil
	})
	if err != nil {
		return err
	}
	for _, lb := range items {
		r := lb.RegionId
		if r == "" {
			r = region
		}
		add(lb.Address, "SLB instance", lb.LoadBalancerId, r)
	}
	return nil
}
