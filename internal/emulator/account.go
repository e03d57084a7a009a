package emulator

import (
	"net/netip"
	"strconv"
	"strings"
)

// The account lookup and the servers behind it: Resource Center 2022-12-01
// (SearchResources, GetResourceCenterServiceStatus), Anti-DDoS basic 2017-05-18
// (DescribeIpLocationService), Simple Application Server 2020-06-01 (ListInstances) and
// VPC 2016-04-28 DescribeNatGateways. Shapes and limits are the OpenAPI metadata's of each
// product (testdata/contract.json names the snapshot). Unverified, and said so in the
// guide: what SearchResources answers before Resource Center is enabled (the product's
// ServiceNotEnabled), which resource types fill IpAddresses (here: every kind), what
// DescribeIpLocationService answers for an address the account does not hold (here: no
// Instance), and the NextToken format.

// Resource Center's settings (POST /_emulator/settings resource_center).
const (
	rcEnabled      = "enabled"
	rcDisabled     = "disabled"
	rcInitializing = "initializing" // enabled, InitialStatus Pending: nothing indexed yet
)

// rcFilter is one Filter.N of SearchResources.
type rcFilter struct {
	key, matchType string
	values         []string
}

// rcFilters reads Filter.N.Key, Filter.N.MatchType and Filter.N.Value.M (a repeatList of
// objects, the style of the metadata), N from 1 with no gap.
func rcFilters(q *request) ([]rcFilter, *apiError) {
	var out []rcFilter
	for n := 1; ; n++ {
		p := "Filter." + strconv.Itoa(n) + "."
		key := q.get(p + "Key")
		if key == "" {
			break
		}
		f := rcFilter{key: key, matchType: q.get(p + "MatchType")}
		if f.matchType == "" {
			f.matchType = "Equals"
		}
		for m := 1; ; m++ {
			v, ok := q.params[p+"Value."+strconv.Itoa(m)]
			if !ok {
				break
			}
			f.values = append(f.values, v)
		}
		if len(f.values) > 200 {
			return nil, errorf(400, "InvalidParameter", "The specified parameter %sValue has more than 200 values.", p)
		}
		out = append(out, f)
	}
	if len(out) > 10 {
		return nil, errorf(409, "ExceedLimit.Filter", "The maximum length of Filters is exceeded.")
	}
	return out, nil
}

// matches reports whether a resource's value for the filter's key matches. The keys the
// metadata documents that the emulator cannot model (ResourceGroupId, Tag, VpcId,
// VSwitchId) are refused by the handler.
func (f rcFilter) matches(v string) bool {
	for _, want := range f.values {
		switch f.matchType {
		case "Equals":
			if v == want {
				return true
			}
		case "Prefix":
			if strings.HasPrefix(v, want) {
				return true
			}
		case "Contains":
			if strings.Contains(v, want) {
				return true
			}
		}
	}
	return false
}

// rcMatchTypes are the match types each emulated filter key takes (the metadata's table of
// supported filter keys).
var rcMatchTypes = map[string][]string{
	"ResourceType": {"Equals"}, "RegionId": {"Equals"}, "ResourceId": {"Equals", "Prefix"}, "ResourceName": {"Equals", "Contains"},
}

func (e *Emulator) resourceCenterSearchResources(q *request) (obj, *apiError) {
	if e.st.Settings.ResourceCenter == rcDisabled {
		return nil, errorf(400, "ServiceNotEnabled", "ResourceCenter Service is not enabled.")
	}
	filters, ae := rcFilters(q)
	if ae != nil {
		return nil, ae
	}
	for _, f := range filters {
		types, ok := rcMatchTypes[f.key]
		if !ok {
			return nil, errorf(400, "InvalidParameter", "The emulator does not model the filter key %q (it models ResourceType, RegionId, ResourceId and ResourceName).", f.key)
		}
		known := false
		for _, t := range types {
			known = known || t == f.matchType
		}
		if !known {
			return nil, errorf(400, "InvalidParameter", "The specified parameter MatchType %q is not valid for the filter key %s.", f.matchType, f.key)
		}
	}
	// The metadata's schema allows 1 to 500; its description says 1 to 100.
	maxResults := 20
	if v := q.get("MaxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return nil, errorf(400, "InvalidParameter.MaxResults", "The specified parameter MaxResults is not valid.")
		}
		maxResults = n
	}
	start := 0
	if t := q.get("NextToken"); t != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(t, "rc-"))
		if err != nil || n < 0 || !strings.HasPrefix(t, "rc-") {
			return nil, invalidParam("NextToken", t)
		}
		start = n
	}
	var matched []serverState
	if e.st.Settings.ResourceCenter != rcInitializing {
		for _, s := range e.st.Servers {
			k := serverKinds[s.Kind]
			ok := true
			for _, f := range filters {
				v := map[string]string{"ResourceType": k.resourceType, "RegionId": s.Region, "ResourceId": s.ID, "ResourceName": s.name()}[f.key]
				ok = ok && f.matches(v)
			}
			if ok {
				matched = append(matched, s)
			}
		}
	}
	start = min(start, len(matched))
	end := start + min(maxResults, len(matched)-start)
	list := make([]obj, 0, end-start)
	for _, s := range matched[start:end] {
		version := "Ipv4"
		if a, err := netip.ParseAddr(s.IP); err == nil && a.Unmap().Is6() {
			version = "Ipv6"
		}
		r := obj{"ResourceType": serverKinds[s.Kind].resourceType, "ResourceId": s.ID, "ResourceName": s.name(),
			"RegionId": s.Region, "AccountId": emulatorAccountID, "ResourceGroupId": "rg-emulator-default",
			"CreateTime": s.Created.Format(secondTime), "Tags": []obj{},
			"IpAddresses":         []string{s.IP},
			"IpAddressAttributes": []obj{{"IpAddress": s.IP, "NetworkType": "Public", "Version": version}}}
		if s.Kind == "ecs" {
			r["ZoneId"] = s.Region + "-a"
		}
		list = append(list, r)
	}
	echo := make([]obj, 0, len(filters))
	for _, f := range filters {
		echo = append(echo, obj{"Key": f.key, "MatchType": f.matchType, "Values": f.values})
	}
	out := obj{"Resources": list, "Filters": echo, "MaxResults": maxResults}
	if end < len(matched) {
		out["NextToken"] = "rc-" + strconv.Itoa(end)
	}
	return out, nil
}

func (e *Emulator) resourceCenterGetResourceCenterServiceStatus(q *request) (obj, *apiError) {
	switch e.st.Settings.ResourceCenter {
	case rcDisabled:
		return obj{"ServiceStatus": "Disabled", "InitialStatus": "Finished"}, nil
	case rcInitializing:
		return obj{"ServiceStatus": "Enabled", "InitialStatus": "Pending"}, nil
	}
	return obj{"ServiceStatus": "Enabled", "InitialStatus": "Finished"}, nil
}

func (e *Emulator) antiddosDescribeIpLocationService(q *request) (obj, *apiError) {
	ip, ae := q.require("InternetIp")
	if ae != nil {
		return nil, ae
	}
	for _, s := range e.st.Servers {
		if !sameIP(s.IP, ip) {
			continue
		}
		id, typ := s.ID, serverKinds[s.Kind].ddosType
		if s.Kind == "nat" {
			id, typ = natEIP(s), "eip"
		}
		if typ == "" {
			continue
		}
		return obj{"Instance": obj{"InstanceId": id, "InstanceName": s.name(), "InternetIp": s.IP, "InstanceType": typ, "Region": s.Region}}, nil
	}
	// An address the account does not hold: no Instance (unverified).
	return obj{}, nil
}

func (e *Emulator) swasListInstances(q *request) (obj, *apiError) {
	region, ae := q.require("RegionId")
	if ae != nil {
		return nil, ae
	}
	ids, ae := jsonList(q, "InstanceIds")
	if ae != nil {
		return nil, ae
	}
	pubs, ae := jsonList(q, "PublicIpAddresses")
	if ae != nil {
		return nil, errorf(400, "InvalidPublicIpAddresses.ValueNotSupported", "The specified parameter PublicIpAddresses is invalid.")
	}
	if c := q.get("ChargeType"); c != "" && c != chargePrePaid {
		return nil, errorf(400, "InvalidChargeType.ValueNotSupported", "The specified parameter ChargeType is invalid.")
	}
	num, size, ae := paging(q, "PageNumber", 10, 100)
	if ae != nil {
		return nil, ae
	}
	status := q.get("Status")
	now := e.now()
	var matched []serverState
	for _, s := range e.serversIn("swas", region) {
		if (ids != nil && !ids[s.ID]) || (pubs != nil && !pubs[s.IP]) || (status != "" && s.Status != status) {
			continue
		}
		matched = append(matched, s)
	}
	list := pageMap(matched, num, size, func(s serverState) obj {
		// BusinessStatus and DisableReason are strings in the official model (SWAS-OPEN
		// 2020-06-01 ListInstances); the values an expired instance answers with are
		// unverified: no source here lists them.
		business, disable := "Normal", ""
		if s.expired(now) {
			business, disable = "Expired", "EXPIRED"
		}
		return obj{"InstanceId": s.ID, "InstanceName": s.name(), "RegionId": s.Region, "Status": s.Status,
			"BusinessStatus": business, "DisableReason": disable, "ChargeType": s.ChargeType,
			"CreationTime": s.Created.Format(secondTime), "ExpiredTime": s.Expires.Format(secondTime),
			"PublicIpAddress": s.IP, "DdosStatus": "Normal", "Tags": []obj{}, "Disks": []obj{}}
	})
	return obj{"TotalCount": len(matched), "PageNumber": num, "PageSize": size, "Instances": list}, nil
}

func (e *Emulator) vpcDescribeNatGateways(q *request) (obj, *apiError) {
	region, ae := q.require("RegionId")
	if ae != nil {
		return nil, ae
	}
	if !knownRegion(region) {
		return nil, errorf(404, "InvalidRegionId.NotFound", "The specified RegionId does not exist in our records.")
	}
	num, size, ae := paging(q, "PageNumber", 10, 50)
	if ae != nil {
		return nil, ae
	}
	id, charge := q.get("NatGatewayId"), q.get("InstanceChargeType")
	var matched []serverState
	for _, s := range e.serversIn("nat", region) {
		if (id != "" && s.ID != id) || (charge != "" && s.ChargeType != charge) {
			continue
		}
		matched = append(matched, s)
	}
	list := pageMap(matched, num, size, func(s serverState) obj {
		o := obj{"NatGatewayId": s.ID, "Name": s.name(), "RegionId": s.Region, "Status": s.Status, "BusinessStatus": "Normal",
			"InstanceChargeType": s.ChargeType, "CreationTime": s.Created.Format(secondTime), "NetworkType": "internet",
			"NatType": "Enhanced", "IpLists": obj{"IpList": []obj{{"IpAddress": s.IP, "AllocationId": natEIP(s), "UsingStatus": "UsedByForwardTable"}}}}
		if s.prePaid() {
			o["ExpiredTime"] = s.Expires.Format(minuteTime)
		}
		return o
	})
	return obj{"TotalCount": len(matched), "PageNumber": num, "PageSize": size, "NatGateways": obj{"NatGateway": list}}, nil
}

// knownRegion reports whether region is one DescribeRegions lists.
func knownRegion(region string) bool {
	for _, r := range regions {
		if r.id == region {
			return true
		}
	}
	return false
}
