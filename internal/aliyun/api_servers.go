package aliyun

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"time"

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

// AccountScan is what one scan of the account found.
type AccountScan struct {
	// Addresses are the public addresses held by the account's resources.
	Addresses map[netip.Addr]AccountAddress
	// Skipped names the scans of a region that were left out because the credentials
	// lack permission there or the product is not activated, with the error: addresses
	// held there are not in Addresses. Sorted.
	Skipped []string
}

type serverCache struct {
	once Lazy[*AccountScan]
}

// accountScanTimeout bounds one scan of the account.
const accountScanTimeout = 5 * time.Minute

// AccountAddresses scans every region of the account once per provider run (ECS
// DescribeInstances, VPC DescribeEipAddresses, SLB DescribeLoadBalancers, all paged) and
// returns the public addresses found, with what holds them.
//
// A region whose ECS, VPC or SLB API refuses the credentials (no permission, product not
// activated) is skipped and named in AccountScan.Skipped rather than failing the scan:
// a key limited to some regions or products still classifies what it can see. The answer
// — a failure too, except a cancellation — is kept for the run, so the scan runs once
// however many records ask.
func (c *Client) AccountAddresses(ctx context.Context) (*AccountScan, error) {
	return c.servers.once.Get(ctx, accountScanTimeout, func(ctx context.Context) (*AccountScan, error) {
		regions, err := c.DescribeRegions(ctx)
		if err != nil {
			return nil, err
		}
		scan := &AccountScan{Addresses: map[netip.Addr]AccountAddress{}}
		var mu sync.Mutex
		add := func(ip, kind, id, region string) {
			a, err := netip.ParseAddr(ip)
			if err != nil {
				return
			}
			mu.Lock()
			scan.Addresses[a.Unmap()] = AccountAddress{Kind: kind, ID: id, Region: region}
			mu.Unlock()
		}
		skip := func(what, region string, err error) error {
			if err == nil || !skippableScanError(err) {
				return err
			}
			mu.Lock()
			scan.Skipped = append(scan.Skipped, fmt.Sprintf("%s in %s (%v)", what, region, err))
			mu.Unlock()
			return nil
		}
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(4)
		for _, r := range regions {
			region := r.ID
			g.Go(func() error { return skip("ECS instances", region, c.scanInstances(gctx, region, add)) })
			g.Go(func() error { return skip("EIPs", region, c.scanEIPs(gctx, region, add)) })
			g.Go(func() error { return skip("SLB instances", region, c.scanSLBs(gctx, region, add)) })
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
		sort.Strings(scan.Skipped)
		return scan, nil
	})
}

// skippableScanError reports whether a region's scan failed because the credentials may
// not use the product there (or it is not activated), which says nothing about the
// other regions.
func skippableScanError(err error) bool {
	if ClassOf(err) == ClassAuth {
		return true
	}
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	s := strings.ToLower(e.Code + " " + e.Message)
	return strings.Contains(s, "not activated") || strings.Contains(s, "notactivated") || strings.Contains(s, "notopen") ||
		strings.Contains(s, "forbidden") || strings.Contains(s, "notapplied")
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
