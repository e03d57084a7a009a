package guard

import (
	"regexp"
	"strings"
)

// service is an Alibaba Cloud service host name a CNAME can point at.
type service struct {
	what string // e.g. "OSS bucket endpoint"
	// region is the region the name carries; "" for a service whose name carries none
	// (CDN, Global Accelerator, OSS transfer acceleration).
	region string
	// rule says, for a service without a region, when it needs the domain's ICP filing,
	// with its source.
	rule string
}

// servicePattern recognises one product's host names. A regional pattern has a
// "region" group.
type servicePattern struct {
	what string
	re   *regexp.Regexp
	rule string
	// source is where Alibaba Cloud documents the form.
	source string
}

// regionID is the form of an Alibaba Cloud region ID: a two-letter area, then labels
// (cn-hangzhou, cn-shanghai-finance-1, ap-southeast-1, us-west-1, …; the list:
// https://www.alibabacloud.com/help/en/ecs/product-overview/regions-and-zones/).
const regionID = `(?P<region>(?:cn|ap|us|eu|me|na|sa|af)(?:-[a-z0-9]+)+?)`

const (
	cdnRule = "Alibaba Cloud CDN and DCDN need the domain's ICP filing when the accelerated region is \"Chinese Mainland Only\" or \"Global\", " +
		"not when it is \"Global (Excluding the Chinese Mainland)\" (https://help.aliyun.com/en/cdn/user-guide/change-the-accelerated-region); " +
		"the CNAME does not say which is configured"
	gaRule = "Global Accelerator needs an ICP number for an accelerated domain name hosted in the Chinese mainland " +
		"(https://www.alibabacloud.com/help/en/ga/api-createdomain); the CNAME does not say where the endpoints are"
	ossAccelerateRule = "OSS transfer acceleration serves from access points worldwide, the Chinese mainland included (oss-accelerate) or outside it " +
		"(oss-accelerate-overseas), for a bucket in any region (https://www.alibabacloud.com/help/en/oss/user-guide/transfer-acceleration); " +
		"the name does not say the bucket's region"
)

// servicePatterns are the host-name forms of Alibaba Cloud services a custom domain is
// pointed at with a CNAME, as Alibaba Cloud documents them.
var servicePatterns = []servicePattern{
	{
		what:   "OSS bucket endpoint",
		re:     regexp.MustCompile(`^(?:[a-z0-9][a-z0-9-]*\.)?oss-` + regionID + `(?:-internal)?\.aliyuncs\.com$`),
		source: "https://help.aliyun.com/en/oss/user-guide/regions-and-endpoints (<bucket>.oss-<region>.aliyuncs.com; -internal: the VPC endpoint)",
	},
	{
		what:   "OSS dual-stack bucket endpoint",
		re:     regexp.MustCompile(`^(?:[a-z0-9][a-z0-9-]*\.)?` + regionID + `\.oss\.aliyuncs\.com$`),
		source: "https://help.aliyun.com/en/oss/user-guide/regions-and-endpoints (dual-stack endpoints <region>.oss.aliyuncs.com)",
	},
	{
		what:   "OSS transfer-acceleration endpoint",
		re:     regexp.MustCompile(`^(?:[a-z0-9][a-z0-9-]*\.)?oss-accelerate(?:-overseas)?\.aliyuncs\.com$`),
		rule:   ossAccelerateRule,
		source: "https://www.alibabacloud.com/help/en/oss/user-guide/transfer-acceleration",
	},
	{
		what: "ALB instance",
		re:   regexp.MustCompile(`^alb-[a-z0-9]+\.(?:internal\.)?` + regionID + `\.alb\.(?:aliyuncs|aliyuncsslb|aliyuncsslbintl)\.com$`),
		source: "alb-<id>.<region>.alb.aliyuncs.com: the DNSName example of the official ALB 2020-06-16 model (alibabacloud PHP SDK Alb V20200616 ListLoadBalancersResponseBody loadBalancers, \"alb-95qnr2itwu9orb****.cn-hangzhou.alb.aliyuncs.com\"; an example value, not a documented format); from 2024-11-15 <…>.alb.aliyuncsslb.com in the mainland and " +
			"<…>.alb.aliyuncsslbintl.com outside it (https://www.alibabacloud.com/help/doc-detail/2856595.html)",
	},
	{
		what:   "NLB instance",
		re:     regexp.MustCompile(`^nlb-[a-z0-9]+\.(?:internal\.)?` + regionID + `\.nlb\.(?:aliyuncs|aliyuncsslb|aliyuncsslbintl)\.com$`),
		source: "https://help.aliyun.com/en/slb/network-load-balancer/user-guide/nlb-instance/ (nlb-<id>.<region>.nlb.aliyuncs.com; the 2024-11-15 suffixes as for ALB)",
	},
	{
		what:   "Function Compute endpoint",
		re:     regexp.MustCompile(`^[0-9]+\.` + regionID + `(?:-internal)?\.fc\.aliyuncs\.com$`),
		source: "https://www.alibabacloud.com/help/en/functioncompute/fc-3-0/developer-reference/fc-endpoints (<account-id>.<region>.fc.aliyuncs.com)",
	},
	{
		what:   "Function Compute HTTP trigger",
		re:     regexp.MustCompile(`^[a-z0-9][a-z0-9-]*\.` + regionID + `(?:-vpc)?\.fcapp\.run$`),
		source: "https://www.alibabacloud.com/help/en/functioncompute/api-fc-2023-03-30-struct-httptrigger (<name>.<region>.fcapp.run)",
	},
	{
		what: "API Gateway group domain",
		re:   regexp.MustCompile(`^[0-9a-f]{32}-` + regionID + `\.alicloudapi\.com$`),
		source: "<group id>-<region>.alicloudapi.com: the SubDomain example of the official CloudAPI 2016-07-14 model (alibabacloud PHP SDK CloudAPI V20160714 DescribeApiGroupsResponseBody apiGroupAttribute, \"be6d2abcc0dd4f749fc2d2edd6567164-cn-hangzhou.alicloudapi.com\"; an example value, not a documented format); " +
			"binding a custom domain: https://help.aliyun.com/en/api-gateway/traditional-api-gateway/user-guide/bind-a-domain-name-to-an-api-group",
	},
	{
		what:   "Alibaba Cloud CDN / DCDN",
		re:     regexp.MustCompile(`\.w\.(?:kunlunsl|kunlunle|cdngslb)\.com$`),
		rule:   cdnRule,
		source: "https://www.alibabacloud.com/help/en/dcdn/getting-started/add-a-cname-record-for-a-domain-name (<domain>.w.kunlunsl.com, .w.kunlunle.com, .w.cdngslb.com)",
	},
	{
		what:   "Global Accelerator",
		re:     regexp.MustCompile(`^ga-[a-z0-9]+\.aliyunga0019\.com$`),
		rule:   gaRule,
		source: "ga-<id>.aliyunga0019.com: the DnsName example of the official GA 2019-11-20 model (com.aliyun.ga20191120 DescribeAcceleratorResponseBody, \"ga-bp15u1i2hmtbk8c3i****.aliyunga0019.com\"; an example value, not a documented format: other aliyungaNNNN suffixes are not recognised, unverified)",
	},
}

// serviceHost recognises an Alibaba Cloud service host name.
func serviceHost(host string) (service, bool) {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	for _, p := range servicePatterns {
		m := p.re.FindStringSubmatch(h)
		if m == nil {
			continue
		}
		s := service{what: p.what, rule: p.rule}
		if i := p.re.SubexpIndex("region"); i >= 0 {
			s.region = m[i]
		}
		return s, true
	}
	return service{}, false
}
