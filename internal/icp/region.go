package icp

import "strings"

// IsMainlandRegion reports whether an Alibaba Cloud region (or zone) id is in
// mainland China, where serving a website requires an ICP filing: ids of the
// form cn-* (cn-hangzhou, cn-beijing, cn-shanghai-finance-1, zone
// cn-hangzhou-h, …) except Hong Kong (cn-hongkong and its zones such as
// cn-hongkong-b). Case and surrounding white space are ignored; anything not
// starting with "cn-" (ap-southeast-1, us-west-1, …) is not mainland.
func IsMainlandRegion(regionID string) bool {
	r := strings.ToLower(strings.TrimSpace(regionID))
	if !strings.HasPrefix(r, "cn-") || len(r) == len("cn-") {
		return false
	}
	if r == "cn-hongkong" || strings.HasPrefix(r, "cn-hongkong-") {
		return false
	}
	return true
}
