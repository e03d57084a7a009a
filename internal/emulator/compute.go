package emulator

import (
	"encoding/json"
	"strconv"
	"strings"
)

// ECS (2014-05-26), VPC (2016-04-28) and SLB (2014-05-15): read-only views of the servers
// seeded through the control API (servers.go). A server is only returned when the
// request's RegionId matches its region.

// regions are the regions DescribeRegions lists, with their LocalName in Chinese (zh-CN,
// the default) and in English (en-US). The English names are those of Alibaba Cloud's
// English API reference: ECS's own endpoint page
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-endpoint,
// updated 2026-01-12) for the Chinese mainland and Asia-Pacific regions it lists; the
// endpoint pages of ECI (https://www.alibabacloud.com/help/doc-detail/181099.htm) for
// China (Wuhan - Local Region), of Cloud Firewall
// (https://www.alibabacloud.com/help/en/cloud-firewall/cloudfirewall/developer-reference/api-cloudfw-2017-12-07-endpoint)
// for China (Chengdu), China (Hong Kong), Japan (Tokyo) and the US, UK and Germany
// regions, of PrivateZone (https://help.aliyun.com/en/dns/api-pvtz-2018-01-01-endpoint)
// for UAE (Dubai) and of ApsaraVideo Live
// (https://www.alibabacloud.com/help/en/live/developer-reference/api-live-2016-11-01-endpoint)
// for Saudi Arabia (Riyadh). The exact strings DescribeRegions returns for en-US are
// settled only for cn-qingdao ("China (Qingdao)", the example of the action's metadata);
// some Alibaba pages spell others differently ("China East 1 (Hangzhou)").
var regions = []struct{ id, zh, en string }{
	{"cn-qingdao", "华北1（青岛）", "China (Qingdao)"}, {"cn-beijing", "华北2（北京）", "China (Beijing)"},
	{"cn-zhangjiakou", "华北3（张家口）", "China (Zhangjiakou)"}, {"cn-huhehaote", "华北5（呼和浩特）", "China (Hohhot)"},
	{"cn-wulanchabu", "华北6（乌兰察布）", "China (Ulanqab)"}, {"cn-hangzhou", "华东1（杭州）", "China (Hangzhou)"},
	{"cn-shanghai", "华东2（上海）", "China (Shanghai)"}, {"cn-nanjing", "华东5（南京-本地地域）", "China (Nanjing - Local Region)"},
	{"cn-fuzhou", "华东6（福州-本地地域）", "China (Fuzhou - Local Region)"}, {"cn-shenzhen", "华南1（深圳）", "China (Shenzhen)"},
	{"cn-heyuan", "华南2（河源）", "China (Heyuan)"}, {"cn-guangzhou", "华南3（广州）", "China (Guangzhou)"},
	{"cn-chengdu", "西南1（成都）", "China (Chengdu)"}, {"cn-wuhan-lr", "华中1（武汉-本地地域）", "China (Wuhan - Local Region)"},
	{"cn-hongkong", "中国香港", "China (Hong Kong)"}, {"ap-northeast-1", "日本（东京）", "Japan (Tokyo)"},
	{"ap-northeast-2", "韩国（首尔）", "South Korea (Seoul)"}, {"ap-southeast-1", "新加坡", "Singapore"},
	{"ap-southeast-3", "马来西亚（吉隆坡）", "Malaysia (Kuala Lumpur)"}, {"ap-southeast-5", "印度尼西亚（雅加达）", "Indonesia (Jakarta)"},
	{"ap-southeast-6", "菲律宾（马尼拉）", "Philippines (Manila)"}, {"ap-southeast-7", "泰国（曼谷）", "Thailand (Bangkok)"},
	{"us-east-1", "美国（弗吉尼亚）", "US (Virginia)"}, {"us-west-1", "美国（硅谷）", "US (Silicon Valley)"},
	{"eu-west-1", "英国（伦敦）", "UK (London)"}, {"eu-central-1", "德国（法兰克福）", "Germany (Frankfurt)"},
	{"me-east-1", "阿联酋（迪拜）", "UAE (Dubai)"}, {"me-central-1", "沙特（利雅得）", "Saudi Arabia (Riyadh)"},
}

// regionLanguages are AcceptLanguage's values (the ecs-20140526 v7.9.5 model; default
// zh-CN) and whether LocalName is English for them. The action's metadata lists only
// zh-CN, en-US and ja; for zh-TW, ja, fr, de and ko no source gives the names, and the
// emulator answers English (UNVERIFIED).
var regionLanguages = map[string]bool{"zh-cn": false, "en-us": true, "zh-tw": true, "ja": true, "fr": true, "de": true, "ko": true}

func (e *Emulator) ecsDescribeRegions(q *request) (obj, *apiError) {
	lang := q.get("AcceptLanguage")
	english := false
	if lang != "" {
		var ok bool
		if english, ok = regionLanguages[strings.ToLower(lang)]; !ok {
			// The action's metadata (errorCodes): 404, and this message.
			return nil, errorf(404, "InvalidAcceptLanguage.NotFound", "Only Chinese (zh-CN), English (en-US), and Japanese (ja) are allowed.")
		}
	}
	list := []obj{}
	for _, r := range regions {
		name := r.zh
		if english {
			name = r.en
		}
		list = append(list, obj{"RegionId": r.id, "LocalName": name, "RegionEndpoint": "ecs." + r.id + ".aliyuncs.com", "Status": "available"})
	}
	return obj{"Regions": obj{"Region": list}}, nil
}

// jsonList parses a JSON array parameter such as PublicIpAddresses='["1.2.3.4"]'.
func jsonList(q *request, name string) (map[string]bool, *apiError) {
	v := strings.TrimSpace(q.get(name))
	if v == "" {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal([]byte(v), &list); err != nil {
		return nil, invalidParam(name, v)
	}
	set := map[string]bool{}
	for _, s := range list {
		set[s] = true
	}
	return set, nil
}

func (e *Emulator) ecsDescribeInstances(q *request) (obj, *apiError) {
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
		return nil, ae
	}
	eips, ae := jsonList(q, "EipAddresses")
	if ae != nil {
		return nil, ae
	}
	charge := q.get("InstanceChargeType")
	if charge != "" && charge != chargePrePaid && charge != chargePostPaid {
		return nil, errorf(404, "InvalidInstanceChargeType.NotFound", "The specified InstanceChargeType is not found.")
	}
	var matched []serverState
	for _, s := range e.serversIn("ecs", region) {
		if (ids != nil && !ids[s.ID]) || (pubs != nil && !pubs[s.IP]) || eips != nil || (charge != "" && s.ChargeType != charge) {
			// Seeded ECS servers carry a public IP, never an EIP.
			continue
		}
		matched = append(matched, s)
	}
	toJSON := func(s serverState) obj {
		expiry := payAsYouGoExpiry
		if s.prePaid() {
			expiry = s.Expires.Format(minuteTime)
		}
		return obj{"InstanceId": s.ID, "InstanceName": s.name(), "RegionId": s.Region, "ZoneId": s.Region + "-a",
			"Status": s.Status, "InstanceNetworkType": "vpc", "InstanceChargeType": s.ChargeType,
			"CreationTime": s.Created.Format(minuteTime), "StartTime": s.Created.Format(minuteTime), "ExpiredTime": expiry,
			"PublicIpAddress": obj{"IpAddress": []string{s.IP}}, "EipAddress": obj{"IpAddress": "", "AllocationId": ""}}
	}
	// Token paging when NextToken or MaxResults is given, else page numbers.
	if q.get("NextToken") != "" || q.get("MaxResults") != "" {
		start := 0
		if t := q.get("NextToken"); t != "" {
			n, err := strconv.Atoi(t)
			if err != nil || n < 0 {
				return nil, invalidParam("NextToken", t)
			}
			start = n
		}
		maxResults := 10
		if v := q.get("MaxResults"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 100 {
				return nil, invalidParam("MaxResults", v)
			}
			maxResults = n
		}
		list := []obj{}
		// A token past the end is an empty last page; start+maxResults could overflow.
		start = min(start, len(matched))
		end := start + min(maxResults, len(matched)-start)
		for i := start; i < end; i++ {
			list = append(list, toJSON(matched[i]))
		}
		next := ""
		if end < len(matched) {
			next = strconv.Itoa(end)
		}
		return obj{"NextToken": next, "TotalCount": len(matched), "Instances": obj{"Instance": list}}, nil
	}
	num, size, ae := paging(q, "PageNumber", 10, 100)
	if ae != nil {
		return nil, ae
	}
	list := pageMap(matched, num, size, toJSON)
	return obj{"PageNumber": num, "PageSize": size, "TotalCount": len(matched), "Instances": obj{"Instance": list}}, nil
}

func (e *Emulator) vpcDescribeEipAddresses(q *request) (obj, *apiError) {
	region, ae := q.require("RegionId")
	if ae != nil {
		return nil, ae
	}
	num, size, ae := paging(q, "PageNumber", 10, 100)
	if ae != nil {
		return nil, ae
	}
	ipFilter, allocFilter := q.get("EipAddress"), q.get("AllocationId")
	// The EIPs of the region: those seeded as EIPs, and the one of each NAT gateway
	// (pay-as-you-go, bound to it).
	type eip struct {
		s                        serverState
		id, instanceType, status string
		instance                 string
	}
	var all []eip
	for _, s := range e.st.Servers {
		switch {
		case s.Region != region:
		case s.Kind == "eip":
			all = append(all, eip{s: s, id: s.ID, status: s.Status})
		case s.Kind == "nat":
			n := s
			n.ChargeType = chargePostPaid
			all = append(all, eip{s: n, id: natEIP(s), instanceType: "Nat", instance: s.ID, status: "InUse"})
		}
	}
	var matched []eip
	for _, x := range all {
		if (ipFilter != "" && !sameIP(x.s.IP, ipFilter)) || (allocFilter != "" && x.id != allocFilter) {
			continue
		}
		matched = append(matched, x)
	}
	list := pageMap(matched, num, size, func(x eip) obj {
		o := obj{"IpAddress": x.s.IP, "AllocationId": x.id, "RegionId": x.s.Region, "Status": x.status, "Name": x.s.Name,
			"InstanceType": x.instanceType, "InstanceId": x.instance, "InstanceRegionId": "", "ChargeType": x.s.ChargeType,
			"InternetChargeType": "PayByTraffic", "Bandwidth": "5", "AllocationTime": x.s.Created.Format(secondTime),
			"BusinessStatus": "Normal"}
		if x.instance != "" {
			o["InstanceRegionId"] = x.s.Region
		}
		if x.s.prePaid() {
			o["ExpiredTime"] = x.s.Expires.Format(secondTime)
		}
		return o
	})
	return obj{"PageNumber": num, "PageSize": size, "TotalCount": len(matched), "EipAddresses": obj{"EipAddress": list}}, nil
}

func (e *Emulator) slbDescribeLoadBalancers(q *request) (obj, *apiError) {
	region, ae := q.require("RegionId")
	if ae != nil {
		return nil, ae
	}
	num, size, ae := paging(q, "PageNumber", 50, 100)
	if ae != nil {
		return nil, ae
	}
	addr, id := q.get("Address"), q.get("LoadBalancerId")
	var ids map[string]bool
	if id != "" {
		ids = map[string]bool{}
		for _, x := range strings.Split(id, ",") {
			ids[strings.TrimSpace(x)] = true
		}
	}
	var matched []serverState
	for _, s := range e.serversIn("slb", region) {
		if (addr != "" && !sameIP(s.IP, addr)) || (ids != nil && !ids[s.ID]) {
			continue
		}
		matched = append(matched, s)
	}
	list := pageMap(matched, num, size, func(s serverState) obj {
		// CLB spells the charge types PrePay and PayOnDemand (its metadata's PayType).
		pay := "PayOnDemand"
		if s.prePaid() {
			pay = "PrePay"
		}
		return obj{"LoadBalancerId": s.ID, "LoadBalancerName": s.name(), "Address": s.IP, "RegionId": s.Region,
			"RegionIdAlias": s.Region, "AddressType": "internet", "LoadBalancerStatus": s.Status, "NetworkType": "classic",
			"PayType": pay, "CreateTime": s.Created.Format(secondTime), "CreateTimeStamp": s.Created.UnixMilli()}
	})
	return obj{"PageNumber": num, "PageSize": size, "TotalCount": len(matched), "LoadBalancers": obj{"LoadBalancer": list}}, nil
}
