package aliyun

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	antiddos "github.com/aliyun/alibaba-cloud-sdk-go/services/antiddos-public"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/resourcecenter"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/beian-dev/terraform-provider-beian/internal/memo"
)

// The account lookup: which resource of the caller's account holds a public address. It
// asks, in the order of account_lookup_methods (Config.AccountLookup):
//
//   - resource_center: Resource Center (资源中心) SearchResources (resourcecenter
//     2022-12-01) lists the account's resources of every region. Its official model
//     filters by resource type, region, id, name, resource group, tag, VPC and vSwitch —
//     not by IP address — so the lookup lists the seven types that hold public addresses
//     (resourceTypes) and reads the addresses from the answer (IpAddresses,
//     IpAddressAttributes): one listing a run, 100 a page, shared by every address.
//   - ip_location_service: Anti-DDoS basic DescribeIpLocationService (antiddos-public
//     2017-05-18) names the instance and region of one of the account's public addresses
//     (ECS, CLB, EIP; the Go model v3.0.4 adds Simple Application Servers): one call per
//     distinct address.
//   - region_scan: ECS, EIP and CLB listed in every region (api_servers.go): about three
//     calls per region, once a run.
//
// A method the account cannot use — no permission, Resource Center not enabled or still
// building its index — is left for the rest of the run and the lookup goes on with the
// next one; that is said once a run (AddressLookup.Notes, and a warning in the log) with
// the reason and the setting that avoids it. Any other failure (credentials rejected, the
// endpoint down, throttling beyond the retries) fails the lookup, as before: the guard
// then cannot judge the address rather than judge it without the account.

// AccountLookupMethod is one way of finding an address in the account.
type AccountLookupMethod string

// The methods of account_lookup_methods.
const (
	LookupResourceCenter AccountLookupMethod = "resource_center"
	LookupIPLocation     AccountLookupMethod = "ip_location_service"
	LookupRegionScan     AccountLookupMethod = "region_scan"
)

// DefaultAccountLookup is the order used when account_lookup_methods is not set.
var DefaultAccountLookup = []AccountLookupMethod{LookupResourceCenter, LookupIPLocation, LookupRegionScan}

// AccountLookupMethods are the valid methods, for validation and documentation.
func AccountLookupMethods() []string {
	return []string{string(LookupResourceCenter), string(LookupIPLocation), string(LookupRegionScan)}
}

// resourceTypes are the Resource Center types of resources that hold public addresses,
// and the kind each is, from Alibaba's own list of Resource Center types
// (aliyun/alibaba-cloud-ops-mcp-server@2232fb1307610d0ac1d7045ace1031d05c3e05d4,
// src/alibaba_cloud_ops_mcp_server/tools/other_tools.py). Sources disagree on the NAT
// gateway: ActionTrail and third-party code say ACS::VPC::NatGateway; that list, which is
// Resource Center's, says ACS::NAT::NatGateway. Only the latter is asked: a type Resource
// Center does not know could fail the whole listing.
var resourceTypes = map[string]string{
	"ACS::ECS::Instance":     KindECS,
	"ACS::EIP::EipAddress":   KindEIP,
	"ACS::SLB::LoadBalancer": KindSLB,
	"ACS::ALB::LoadBalancer": KindALB,
	"ACS::NLB::LoadBalancer": KindNLB,
	"ACS::NAT::NatGateway":   KindNAT,
	"ACS::SWAS::Instance":    KindSWAS,
}

// resourceCenterPage is SearchResources' MaxResults. Sources disagree: the metadata's
// schema allows 500, its description and the Go model's say 1 to 100; the smaller is sent.
const resourceCenterPage = 100

// resourceCenterRegion is the region whose endpoint the metadata gives
// resourcecenter.aliyuncs.com (cn-shanghai); the service is the account's, not a region's.
const resourceCenterRegion = "cn-shanghai"

// ipLocationRegion is a region alibaba-cloud-sdk-go's antiddos-public endpoint map sends to
// antiddos.aliyuncs.com; the service answers for the whole account's addresses.
const ipLocationRegion = "cn-hangzhou"

// ddosKinds maps DescribeIpLocationService's InstanceType to a kind: ecs, slb, eip (its
// metadata) and swas (the Go model v3.0.4, which also lists ipv6, waf and ga_basic).
var ddosKinds = map[string]string{"ecs": KindECS, "slb": KindSLB, "eip": KindEIP, "swas": KindSWAS,
	"ipv6": "IPv6 gateway", "waf": "WAF instance", "ga_basic": "Global Accelerator instance"}

// kindRank orders the holders of one address: a server before the EIP bound to it.
func kindRank(kind string) int {
	if kind == KindEIP {
		return 1
	}
	return 0
}

// lookupState is what the run learned about the methods.
type lookupState struct {
	index memo.Value[*resourceIndex] // the run's Resource Center listing
	ipLoc memo.Map[AddressLookup]    // DescribeIpLocationService answers
	// ipGate lets one DescribeIpLocationService call at a time through until one has been
	// answered (ipProven): lookups of many addresses at once then learn that the account
	// may not use it from one call, not one each.
	ipGate   sync.Mutex
	ipProven atomic.Bool
	// details are ServerDetails' answers, per resource.
	details memo.Map[Server]

	mu    sync.Mutex
	off   map[AccountLookupMethod]string // methods the run cannot use, with why
	order []AccountLookupMethod          // in the order they were turned off
	notes []string                       // not yet given to a caller
}

// resourceIndex is what Resource Center listed: each public address and what holds it.
type resourceIndex struct {
	addrs map[netip.Addr]AccountAddress
}

// unusableError is a method the account cannot use, and why.
type unusableError struct {
	why string
	err error
}

func (e *unusableError) Error() string { return e.why }
func (e *unusableError) Unwrap() error { return e.err }

// unusable tells whether err means the method cannot be used by this account (and so the
// lookup should go on with the next one), and why.
func unusable(err error) (string, bool) {
	var u *unusableError
	if errors.As(err, &u) {
		return u.why, true
	}
	if err == nil || IsCredentialError(err) || CredentialsRejected(err) {
		return "", false
	}
	var e *Error
	if !errors.As(err, &e) {
		return "", false
	}
	if e.Class == ClassAuth {
		return e.Code + ": the credentials may not call it", true
	}
	if notOffered(e) {
		return e.Code + ": the service is not enabled or not offered to this account", true
	}
	switch strings.ToLower(e.Code) {
	case "invalidapi.notfound", "invalidaction.notfound", "invalidversion", "nosuchversion":
		return e.Code + ": the endpoint does not serve it", true
	}
	return "", false
}

// lookupMethods is the run's order of methods.
func (c *Client) lookupMethods() []AccountLookupMethod {
	if c.cfg.AccountLookup == nil {
		return DefaultAccountLookup
	}
	return c.cfg.AccountLookup
}

// LookupAddress finds which resource of the account holds addr, with the methods of
// account_lookup_methods (see the top of this file). Answers are kept for the run: an
// address is looked up once however many records point at it.
//
// fresh asks again instead of using a kept "not found": an address looked up earlier may
// belong to a server created since, earlier in the same apply. A kept "found" is used as
// it is. Resource Center indexes new resources with a delay no source states, so a fresh
// question its listing does not answer goes on to the next method, which asks about the
// one address (ip_location_service) or scans again (region_scan, at most once more a run).
func (c *Client) LookupAddress(ctx context.Context, addr netip.Addr, fresh bool) (AddressLookup, error) {
	key := addr.String()
	var ans AddressLookup
	var err error
	if !fresh {
		ans, err = c.servers.byAddr.Get(ctx, key, 0, func(ctx context.Context) (AddressLookup, error) {
			return c.lookupChain(ctx, addr, false)
		})
	} else if prev, ok := c.servers.byAddr.Peek(key); ok && prev.Found {
		ans = prev
	} else {
		ans, err = c.lookupChain(ctx, addr, true)
	}
	ans.Notes = c.lookup.untold()
	return ans, err
}

func (c *Client) lookupChain(ctx context.Context, addr netip.Addr, fresh bool) (AddressLookup, error) {
	methods := c.lookupMethods()
	var missed *AddressLookup // Resource Center's "not found", when a fresh question goes on
	var last error
	for i, m := range methods {
		if c.lookup.isOff(m) {
			continue
		}
		var ans AddressLookup
		var err error
		switch m {
		case LookupResourceCenter:
			var idx *resourceIndex
			if idx, err = c.resourceCenterIndex(ctx); err == nil {
				held, ok := idx.addrs[addr]
				ans = AddressLookup{Found: ok, Held: held, Via: m}
				if !ok && fresh {
					missed = &ans
					continue
				}
			}
		case LookupIPLocation:
			ans, err = c.ipLocationLookup(ctx, addr, fresh)
			ans.Via = m
			if _, off := unusable(err); err != nil && !off && ClassOf(err) == ClassOther {
				// A refusal of this one address (its model documents no error codes: an
				// address form it does not take, say) says nothing about the others: the
				// next method answers for this address, and the method stays on.
				last = err
				continue
			}
		case LookupRegionScan:
			ans, err = c.scanLookup(ctx, addr, fresh)
			ans.Via = m
		default:
			err = fmt.Errorf("unknown account lookup method %q", m)
		}
		if err != nil {
			why, ok := unusable(err)
			if !ok {
				return AddressLookup{}, err
			}
			c.lookup.turnOff(ctx, m, why, c.next(methods[i+1:]))
			last = err
			continue
		}
		return ans, nil
	}
	if missed != nil {
		return *missed, nil
	}
	if last == nil {
		last = errors.New("account_lookup_methods lists no method")
	}
	if reasons := c.lookup.offReasons(); reasons != "" {
		return AddressLookup{}, fmt.Errorf("no method of account_lookup_methods could search the account (%s): %w", reasons, last)
	}
	return AddressLookup{}, fmt.Errorf("the account lookup could not answer for %s: %w", addr, last)
}

// next describes the first method of rest the run can still use, for a note.
func (c *Client) next(rest []AccountLookupMethod) string {
	for _, m := range rest {
		if c.lookup.isOff(m) {
			continue
		}
		switch m {
		case LookupResourceCenter:
			return "Resource Center SearchResources (resource_center)"
		case LookupIPLocation:
			return "Anti-DDoS DescribeIpLocationService, one call per address (ip_location_service; it does not see ALB, NLB or NAT gateway addresses)"
		case LookupRegionScan:
			return "the scan of every region, about three calls a region once a run (region_scan: ECS instances, EIPs — a NAT gateway's too — and CLB instances; it does not see Simple Application Servers, ALB or NLB)"
		}
	}
	return "nothing: no other method is in account_lookup_methods, so addresses are judged without the account"
}

func (l *lookupState) isOff(m AccountLookupMethod) bool {
	_, off := l.offWhy(m)
	return off
}

func (l *lookupState) offWhy(m AccountLookupMethod) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	why, off := l.off[m]
	return why, off
}

// methodsAfter are the run's methods after m.
func (c *Client) methodsAfter(m AccountLookupMethod) []AccountLookupMethod {
	methods := c.lookupMethods()
	for i, x := range methods {
		if x == m {
			return methods[i+1:]
		}
	}
	return nil
}

// turnOff leaves m for the rest of the run and notes it, once.
func (l *lookupState) turnOff(ctx context.Context, m AccountLookupMethod, why, next string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, off := l.off[m]; off {
		return
	}
	if l.off == nil {
		l.off = map[AccountLookupMethod]string{}
	}
	l.off[m] = why
	l.order = append(l.order, m)
	var what, avoid string
	switch m {
	case LookupResourceCenter:
		what = "Resource Center (资源中心) SearchResources"
		avoid = "Enable Resource Center for the account (it is free) and allow resourcecenter:SearchResources and resourcecenter:GetResourceCenterServiceStatus to the provider's credentials, " +
			"or leave \"resource_center\" out of the provider's account_lookup_methods"
	case LookupIPLocation:
		what = "Anti-DDoS DescribeIpLocationService"
		avoid = "Allow yundun-ddos:DescribeIpLocationService to the provider's credentials, or leave \"ip_location_service\" out of the provider's account_lookup_methods"
	default:
		what = string(m)
		avoid = "Leave it out of the provider's account_lookup_methods"
	}
	note := fmt.Sprintf("The cloud account lookup (account_lookup_methods) could not use %s: %s. For the rest of this run it uses %s. %s.", what, why, next, avoid)
	l.notes = append(l.notes, note)
	tflog.Warn(ctx, note, map[string]any{"account_lookup_method": string(m)})
}

// untold returns the notes not given yet, once.
func (l *lookupState) untold() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.notes
	l.notes = nil
	return out
}

func (l *lookupState) offReasons() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	parts := make([]string, 0, len(l.order))
	for _, m := range l.order {
		parts = append(parts, string(m)+": "+l.off[m])
	}
	return strings.Join(parts, "; ")
}

// resourceCenterIndex lists the account's resources of resourceTypes once a run, every page.
// When it lists none at all it asks GetResourceCenterServiceStatus whether that is the
// truth: an empty answer from a Resource Center that is disabled or still building its
// index (InitialStatus Pending) would say "not in the account" about every address.
func (c *Client) resourceCenterIndex(ctx context.Context) (*resourceIndex, error) {
	return c.lookup.index.Get(ctx, accountScanTimeout, func(ctx context.Context) (*resourceIndex, error) {
		types := make([]string, 0, len(resourceTypes))
		for t := range resourceTypes {
			types = append(types, t)
		}
		sort.Strings(types)
		idx := &resourceIndex{addrs: map[netip.Addr]AccountAddress{}}
		listed, token := 0, ""
		for page := 0; ; page++ {
			if page >= maxResourcePages {
				return nil, fmt.Errorf("SearchResources (Resource Center): more than %d pages of %d: the listing was stopped", maxResourcePages, resourceCenterPage)
			}
			req := resourcecenter.CreateSearchResourcesRequest()
			req.MaxResults = requests.NewInteger(resourceCenterPage)
			req.NextToken = token
			req.Filter = &[]resourcecenter.SearchResourcesFilter{{Key: "ResourceType", MatchType: "Equals", Value: &types}}
			resp := resourcecenter.CreateSearchResourcesResponse()
			if err := c.Call(ctx, ProductResourceCenter, resourceCenterRegion, req, resp); err != nil {
				var e *Error
				if errors.As(err, &e) && e.Class == ClassOther && (strings.HasPrefix(e.Code, "InvalidParameter") || strings.HasPrefix(e.Code, "ExceedLimit")) {
					// The listing's own request refused (a resource type it does not know, a
					// page size): no listing this run, but the next method works.
					return nil, &unusableError{why: "it refused the listing (" + e.Code + ": " + e.Message + ")", err: err}
				}
				return nil, err
			}
			for _, r := range resp.Resources {
				listed++
				kind, ok := resourceTypes[r.ResourceType]
				if !ok {
					continue
				}
				held := AccountAddress{Kind: kind, ID: r.ResourceId, Region: r.RegionId, Name: r.ResourceName}
				ips := append([]string(nil), r.IpAddresses...)
				for _, a := range r.IpAddressAttributes {
					if !strings.EqualFold(a.NetworkType, "Private") {
						ips = append(ips, a.IpAddress)
					}
				}
				for _, ip := range ips {
					a, err := netip.ParseAddr(strings.TrimSpace(ip))
					if err != nil {
						continue
					}
					a = a.Unmap()
					if old, ok := idx.addrs[a]; ok && kindRank(old.Kind) <= kindRank(kind) {
						continue
					}
					idx.addrs[a] = held
				}
			}
			if token = resp.NextToken; token == "" {
				break
			}
		}
		if listed == 0 {
			req := resourcecenter.CreateGetResourceCenterServiceStatusRequest()
			resp := resourcecenter.CreateGetResourceCenterServiceStatusResponse()
			if err := c.Call(ctx, ProductResourceCenter, resourceCenterRegion, req, resp); err != nil {
				return nil, &unusableError{why: "it listed no resource, and whether it is enabled could not be read (GetResourceCenterServiceStatus: " + codeOrText(err) + ")", err: err}
			}
			switch {
			case !strings.EqualFold(resp.ServiceStatus, "Enabled"):
				return nil, &unusableError{why: fmt.Sprintf("it is not enabled for the account (GetResourceCenterServiceStatus: ServiceStatus %q)", resp.ServiceStatus)}
			case strings.EqualFold(resp.InitialStatus, "Pending"):
				return nil, &unusableError{why: "it is still building its first index of the account (GetResourceCenterServiceStatus: InitialStatus Pending)"}
			}
		}
		return idx, nil
	})
}

// maxResourcePages bounds one listing: 100,000 resources of the seven types.
const maxResourcePages = 1000

// ipLocationLookup asks DescribeIpLocationService about one address, once a run (fresh:
// again, unless it was found).
func (c *Client) ipLocationLookup(ctx context.Context, addr netip.Addr, fresh bool) (AddressLookup, error) {
	key := addr.String()
	if fresh {
		if prev, ok := c.lookup.ipLoc.Peek(key); ok && prev.Found {
			return prev, nil
		}
		c.lookup.ipLoc.Forget(key)
	}
	if !c.lookup.ipProven.Load() {
		c.lookup.ipGate.Lock()
		defer c.lookup.ipGate.Unlock()
		if why, off := c.lookup.offWhy(LookupIPLocation); off {
			return AddressLookup{}, &unusableError{why: why}
		}
	}
	return c.lookup.ipLoc.Get(ctx, key, 0, func(ctx context.Context) (AddressLookup, error) {
		req := antiddos.CreateDescribeIpLocationServiceRequest()
		req.InternetIp = key
		resp := antiddos.CreateDescribeIpLocationServiceResponse()
		if err := c.Call(ctx, ProductAntiDDoS, ipLocationRegion, req, resp); err != nil {
			if why, ok := unusable(err); ok {
				// Turned off before the gate opens: the callers behind it see it.
				c.lookup.turnOff(ctx, LookupIPLocation, why, c.next(c.methodsAfter(LookupIPLocation)))
			}
			return AddressLookup{}, err
		}
		c.lookup.ipProven.Store(true)
		in := resp.Instance
		// What the service answers for an address the account does not hold is documented
		// nowhere: an answer without an instance is "not in the account".
		if in.InstanceId == "" {
			return AddressLookup{}, nil
		}
		kind, ok := ddosKinds[strings.ToLower(in.InstanceType)]
		if !ok {
			kind = in.InstanceType + " instance"
		}
		return AddressLookup{Found: true, Held: AccountAddress{Kind: kind, ID: in.InstanceId, Region: in.Region, Name: in.InstanceName}}, nil
	})
}
