package aliyun

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/slb"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
	"golang.org/x/sync/errgroup"

	"github.com/beian-dev/terraform-provider-beian/internal/memo"
)

// AccountAddress is a public address held by a resource of the caller's account.
type AccountAddress struct {
	Kind   string // one of the Kind constants: "ECS instance", "EIP", "Simple Application Server", …
	ID     string
	Region string
	Name   string // the resource's name, when the answer gave one
}

// The kinds of account resources that hold public addresses.
const (
	KindECS  = "ECS instance"
	KindEIP  = "EIP"
	KindSLB  = "SLB instance"
	KindSWAS = "Simple Application Server"
	KindALB  = "ALB instance"
	KindNLB  = "NLB instance"
	KindNAT  = "NAT gateway"
)

// accountScan is what one scan of the account found.
type accountScan struct {
	// Addresses are the public addresses held by the account's resources.
	Addresses map[netip.Addr]AccountAddress
	// Skipped names the scans of a region that were left out because the credentials
	// lack permission there or the product is not activated, with the error: addresses
	// held there are not in Addresses. Sorted.
	Skipped []string
}

// AddressLookup is the answer for one address: where the account holds it, if it does.
type AddressLookup struct {
	Found   bool
	Held    AccountAddress
	Skipped []string // scans left out for lack of permission, as in accountScan
	// Via is the method that answered (account_lookup_methods).
	Via AccountLookupMethod
	// Notes say, once a run (to the first lookup after it happened), that a method of
	// account_lookup_methods could not be used and the lookup fell back to the next one,
	// why, and the setting that avoids it.
	Notes []string
}

type serverCache struct {
	full      memo.Value[*accountScan]
	refreshed memo.Value[*accountScan] // the one rescan a run may make (LookupAddress fresh)
	byAddr    memo.Map[AddressLookup]  // answers of lookups that may use what the run knows
	fresh     freshRounds              // lookups asked fresh, coalesced per address
	// gate lets one address at a time be asked about in the provider's region: the first
	// miss starts the scan of every region, and the addresses behind it then wait for that
	// scan instead of each making its own filtered calls (which, with a plan's
	// parallelism, cost more calls than the scan saved). It is held across network calls;
	// the lookups run detached inside memo computations, so no caller's cancellation
	// could cut the wait short anyway (each caller stops waiting for its memo answer).
	gate sync.Mutex
}

// freshRounds coalesces fresh lookups of one address without giving anyone an answer
// older than their question: a caller joins the address's round that has not begun yet,
// or opens one; a round stops taking callers when its lookup begins. So callers that ask
// while a lookup runs share the next one, and a caller that asks after a lookup ended —
// a record written after a server it depends on was created — gets a lookup of its own.
type freshRounds struct {
	mu      sync.Mutex
	pending map[netip.Addr]*freshRound
}

type freshRound struct {
	done   chan struct{}
	joined int // callers waiting for it (tests)
	ans    AddressLookup
	err    error
}

// join returns the address's round that has not begun, opening it (and starting it with
// begin) when there is none.
func (f *freshRounds) join(addr netip.Addr, begin func(*freshRound)) *freshRound {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.pending[addr]
	if r == nil {
		r = &freshRound{done: make(chan struct{})}
		if f.pending == nil {
			f.pending = map[netip.Addr]*freshRound{}
		}
		f.pending[addr] = r
		go begin(r)
	}
	r.joined++
	return r
}

// close stops r taking callers: the lookup it waits for begins now.
func (f *freshRounds) close(addr netip.Addr, r *freshRound) {
	f.mu.Lock()
	if f.pending[addr] == r {
		delete(f.pending, addr)
	}
	f.mu.Unlock()
}

// accountScanTimeout bounds one scan of the account.
const accountScanTimeout = 5 * time.Minute

// addressSource is one kind of account resource that holds public addresses, listed
// with an optional filter on the address (ECS DescribeInstances PublicIpAddresses, VPC
// DescribeEipAddresses EipAddress, SLB DescribeLoadBalancers Address — request
// parameters of the official models, alibaba-cloud-sdk-go services/ecs, vpc, slb).
type addressSource struct {
	kind    string
	product Product
	page    func(ctx context.Context, c *Client, region, addr string, page int) ([]heldAddress, int, error)
}

// heldAddress is one address a listing found; kind overrides the source's kind.
type heldAddress struct{ ip, id, region, kind string }

var addressSources = []addressSource{
	{KindECS, ProductECS, func(ctx context.Context, c *Client, region, addr string, page int) ([]heldAddress, int, error) {
		req := ecs.CreateDescribeInstancesRequest()
		req.RegionId = region
		req.PageNumber = requests.NewInteger(page)
		req.PageSize = requests.NewInteger(scanPageSize)
		if addr != "" {
			req.PublicIpAddresses = fmt.Sprintf("[%q]", addr)
		}
		resp := ecs.CreateDescribeInstancesResponse()
		if err := c.Call(ctx, ProductECS, region, req, resp); err != nil {
			return nil, 0, err
		}
		var out []heldAddress
		for _, in := range resp.Instances.Instance {
			for _, ip := range in.PublicIpAddress.IpAddress {
				out = append(out, heldAddress{ip, in.InstanceId, in.RegionId, ""})
			}
			if in.EipAddress.IpAddress != "" {
				out = append(out, heldAddress{in.EipAddress.IpAddress, in.InstanceId, in.RegionId, ""})
			}
		}
		return out, resp.TotalCount, nil
	}},
	{KindEIP, ProductVPC, func(ctx context.Context, c *Client, region, addr string, page int) ([]heldAddress, int, error) {
		req := vpc.CreateDescribeEipAddressesRequest()
		req.RegionId = region
		req.PageNumber = requests.NewInteger(page)
		req.PageSize = requests.NewInteger(scanPageSize)
		req.EipAddress = addr
		resp := vpc.CreateDescribeEipAddressesResponse()
		if err := c.Call(ctx, ProductVPC, region, req, resp); err != nil {
			return nil, 0, err
		}
		out := make([]heldAddress, 0, len(resp.EipAddresses.EipAddress))
		for _, e := range resp.EipAddresses.EipAddress {
			// A NAT gateway's public addresses are EIPs bound to it (InstanceType "Nat" in
			// the metadata's enum): the gateway holds the address.
			if e.InstanceType == "Nat" && e.InstanceId != "" {
				out = append(out, heldAddress{e.IpAddress, e.InstanceId, e.RegionId, KindNAT})
				continue
			}
			out = append(out, heldAddress{e.IpAddress, e.AllocationId, e.RegionId, ""})
		}
		return out, resp.TotalCount, nil
	}},
	{KindSLB, ProductSLB, func(ctx context.Context, c *Client, region, addr string, page int) ([]heldAddress, int, error) {
		req := slb.CreateDescribeLoadBalancersRequest()
		req.RegionId = region
		req.PageNumber = requests.NewInteger(page)
		req.PageSize = requests.NewInteger(scanPageSize)
		req.Address = addr
		resp := slb.CreateDescribeLoadBalancersResponse()
		if err := c.Call(ctx, ProductSLB, region, req, resp); err != nil {
			return nil, 0, err
		}
		out := make([]heldAddress, 0, len(resp.LoadBalancers.LoadBalancer))
		for _, lb := range resp.LoadBalancers.LoadBalancer {
			out = append(out, heldAddress{lb.Address, lb.LoadBalancerId, lb.RegionId, ""})
		}
		return out, resp.TotalCount, nil
	}},
}

// list pages through one source in one region; addr filters by address when set. It
// reports every held address it finds to add.
func (src addressSource) list(ctx context.Context, c *Client, region, addr string, add func(ip string, held AccountAddress)) error {
	items, err := ListAll(ctx, scanPageSize, 1, func(ctx context.Context, page int) (Page[heldAddress], error) {
		items, total, err := src.page(ctx, c, region, addr, page)
		return Page[heldAddress]{Items: items, Total: total}, err
	})
	if err != nil {
		return err
	}
	for _, h := range items {
		r := h.region
		if r == "" {
			r = region
		}
		kind := src.kind
		if h.kind != "" {
			kind = h.kind
		}
		add(h.ip, AccountAddress{Kind: kind, ID: h.id, Region: r})
	}
	return nil
}

// skipNote is the Skipped entry for a source left out in a region.
func (src addressSource) skipNote(region string, err error) string {
	return fmt.Sprintf("%ss in %s (%v)", src.kind, region, err)
}

// scanLookup is the region_scan method of LookupAddress (lookup.go). It finds which
// resource of the account holds addr, cheaply: first the provider's region, asking each product for that one address (ECS, then EIP, then
// SLB: one call when an ECS instance of the provider's region holds it), then — only
// when the address is not there — the scan of every region (accountAddresses), made
// once per run and shared by every address; once that scan exists it answers every
// later lookup without a call. Answers are kept for the run.
//
// fresh asks again instead of using a kept "not found" (an address looked up earlier
// may belong to a server created since, earlier in the same apply). A kept "found" —
// of a lookup or of a scan of this run — is used as it is. Otherwise the address is
// asked about in a lookup that begins after the caller asked: the provider's region,
// then a scan of every region that began no earlier — the run's scan if none has begun
// yet, else the one rescan a run makes, after which only the provider's region is asked
// again. Fresh lookups of one address that are asked while one runs share the next.
// (LookupAddress keeps the answers of the run and answers a kept "found" itself.)
func (c *Client) scanLookup(ctx context.Context, addr netip.Addr, fresh bool) (AddressLookup, error) {
	if !fresh {
		return c.lookupAddress(ctx, addr, false)
	}
	// Like a memo computation, the lookup runs detached from the caller that opens the
	// round, so that one caller giving up does not fail the others.
	detached := context.WithoutCancel(ctx)
	r := c.servers.fresh.join(addr, func(r *freshRound) {
		defer close(r.done)
		c.servers.gate.Lock()
		defer c.servers.gate.Unlock()
		c.servers.fresh.close(addr, r)
		r.ans, r.err = c.lookupAddressLocked(detached, addr, true)
	})
	select {
	case <-r.done:
		return r.ans, r.err
	case <-ctx.Done():
		return AddressLookup{}, ctx.Err()
	}
}

func (c *Client) lookupAddress(ctx context.Context, addr netip.Addr, fresh bool) (AddressLookup, error) {
	c.servers.gate.Lock()
	defer c.servers.gate.Unlock()
	return c.lookupAddressLocked(ctx, addr, fresh)
}

// lookupAddressLocked is lookupAddress with the gate held.
func (c *Client) lookupAddressLocked(ctx context.Context, addr netip.Addr, fresh bool) (AddressLookup, error) {
	var ans AddressLookup
	if fresh {
		// A scan of this run that found the address answers at no cost: "found" needs
		// no freshness.
		for _, scans := range []*memo.Value[*accountScan]{&c.servers.refreshed, &c.servers.full} {
			if scan, ok := scans.Peek(); ok {
				if held, ok := scan.Addresses[addr]; ok {
					return AddressLookup{Found: true, Held: held, Skipped: scan.Skipped}, nil
				}
			}
		}
	} else if c.servers.full.Started() {
		// Once the run scans every region, that scan answers at no cost: wait for it
		// rather than ask the provider's region about this one address.
		scan, err := c.accountAddresses(ctx)
		if err != nil {
			return ans, err
		}
		ans.Skipped = scan.Skipped
		ans.Held, ans.Found = scan.Addresses[addr]
		return ans, nil
	}
	region := c.cfg.Region
	for _, src := range addressSources {
		found := false
		err := src.list(ctx, c, region, addr.String(), func(ip string, held AccountAddress) {
			if a, err := netip.ParseAddr(ip); err == nil && a.Unmap() == addr && !found {
				found, ans.Held = true, held
			}
		})
		if err != nil {
			if !skippableScanError(err) {
				return ans, err
			}
			ans.Skipped = append(ans.Skipped, src.skipNote(region, err))
			continue
		}
		if found {
			ans.Found = true
			return ans, nil
		}
	}
	// The run's scan, unless a fresh answer is wanted and that scan began before this
	// lookup (the gate is held: a scan that has started is over): then the rescan.
	// A scan that begins now is fresh either way.
	scans := &c.servers.full
	if fresh && c.servers.full.Started() {
		scans = &c.servers.refreshed
	}
	scan, err := scans.Get(ctx, accountScanTimeout, c.scanAccount)
	if err != nil {
		return ans, err
	}
	ans.Skipped = append(ans.Skipped, scan.Skipped...)
	sort.Strings(ans.Skipped)
	ans.Skipped = slices.Compact(ans.Skipped)
	if held, ok := scan.Addresses[addr]; ok {
		ans.Found, ans.Held = true, held
	}
	return ans, nil
}

// accountAddresses scans every region of the account once per provider run (ECS
// DescribeInstances, VPC DescribeEipAddresses, SLB DescribeLoadBalancers, all paged) and
// returns the public addresses found, with what holds them.
//
// A region whose ECS, VPC or SLB API refuses the action (no permission there, product
// not activated) is skipped and named in accountScan.Skipped rather than failing the
// scan: a key limited to some regions or products still classifies what it can see.
// Credentials that are rejected outright fail the scan. The answer — a failure too,
// except a cancellation — is kept for the run, so the scan runs once however many
// records ask.
func (c *Client) accountAddresses(ctx context.Context) (*accountScan, error) {
	return c.servers.full.Get(ctx, accountScanTimeout, c.scanAccount)
}

func (c *Client) scanAccount(ctx context.Context) (*accountScan, error) {
	regions, err := c.DescribeRegions(ctx)
	if err != nil {
		return nil, err
	}
	scan := &accountScan{Addresses: map[netip.Addr]AccountAddress{}}
	var mu sync.Mutex
	add := func(ip string, held AccountAddress) {
		a, err := netip.ParseAddr(ip)
		if err != nil {
			return
		}
		mu.Lock()
		scan.Addresses[a.Unmap()] = held
		mu.Unlock()
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for _, r := range regions {
		for _, src := range addressSources {
			region := r.ID
			g.Go(func() error {
				err := src.list(gctx, c, region, "", add)
				mu.Lock()
				defer mu.Unlock()
				if err != nil && skippableScanError(err) {
					scan.Skipped = append(scan.Skipped, src.skipNote(region, err))
					return nil
				}
				return err
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	sort.Strings(scan.Skipped)
	return scan, nil
}

// skippableScanError reports whether a region's scan failed because the credentials may
// not use the product there (or it is not activated), which says nothing about the
// other regions. Credentials rejected outright (wrong secret, unknown key, bad token)
// or missing are not skippable: they would make every region "skipped" and the scan an
// empty success.
func skippableScanError(err error) bool {
	if CredentialsRejected(err) {
		return false
	}
	if ClassOf(err) == ClassAuth {
		return true
	}
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return notOffered(e) || strings.Contains(strings.ToLower(e.Code+" "+e.Message), "forbidden")
}

// notOffered reports whether a service error says the product is not enabled, activated
// or offered for this account or region (ServiceNotEnabled, *.NotActivated,
// *.NotOpen, NotApplied, Unsupported…): the account's answer, not a failure. Codes vary
// per product; the words are read from the code and the message.
func notOffered(e *Error) bool {
	s := strings.ToLower(e.Code + " " + e.Message)
	for _, w := range []string{"notenabled", "not enabled", "notactivated", "not activated", "notopen", "notsupport", "unsupported", "notapplied"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

const scanPageSize = 100
