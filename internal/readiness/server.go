package readiness

import (
	"context"
	"fmt"
	"math"
	"net/netip"
	"strings"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// server_eligible: the server behind server_ip can issue the filing service number
// (备案服务号) an ICP filing through Alibaba Cloud needs. The rules and where they come from:
//
//   - a product that issues service numbers: the Filing Service API's resourceType enum
//     (bsn 2015-05-12, GetBsnByResource / ProductBindBsn, https://help.aliyun.com/document_detail/143224.htm)
//     lists ECS (1), SLB (2), NAT (6) among others, and neither EIP, ALB nor NLB. Simple
//     Application Servers qualify by third-party accounts only (e.g.
//     https://www.yunzhuji.net/aliyun/279217.html: subscription, at most 5 numbers); no page
//     of Alibaba's found here says so — they are accepted, and the evidence says it.
//   - in a mainland region, subscription (包年包月), not pay-as-you-go: "The Alibaba Cloud
//     ICP Filing system does not support Pay-As-You-Go instances", "the ECS instance must
//     have at least a 3-month subscription", "five ICP Filing service codes" per ECS
//     instance (https://www.alibabacloud.com/help/faq-detail/36938.htm); "purchased through
//     annual or monthly subscription, and have a public IP address"
//     (https://www.alibabacloud.com/help/faq-detail/86396.htm). ALB and NLB are
//     pay-as-you-go only by their official models.
//   - running, with a public address: ProductBindBsn's reference says only a running
//     instance generates service numbers, and none for a product without a public IP.
//   - time left: no source found states a minimum. Alibaba's "Prepare and check the
//     instance" page asks to renew before expiry, else the filing may be cancelled, and the
//     figures that circulate are 30 and 90 days. The stricter, 90, is the default
//     (server_min_days_left) until a source settles it.
//   - service numbers issued and left: not readable by an account. The Filing Service API
//     is a partner API — GrantBsnCode "授权服务码，供虚商使用" (for resellers), ProductBindBsn's
//     limit "商务合作确认的限量" (set by a business agreement), GetBsnByResource needs the
//     owner's account id — so the provider does not call it; the evidence says to look in
//     the ICP filing console (备案服务号管理).

// ServerRules are server_eligible's thresholds.
type ServerRules struct {
	// MinDaysLeft is server_min_days_left: the fewest days a subscription may have left.
	MinDaysLeft int
	// MinMonths is the shortest subscription a filing accepts (FAQ 36938: 3 months).
	MinMonths int
}

// Defaults of ServerRules.
const (
	DefaultMinDaysLeft = 90
	DefaultMinMonths   = 3
)

// eligibleKinds are the products that issue service numbers, with the source that says so.
var eligibleKinds = map[string]string{
	aliyun.KindECS:  "ECS issues filing service numbers (five per instance, FAQ 36938; bsn resourceType 1)",
	aliyun.KindSLB:  "CLB (SLB) issues filing service numbers (bsn resourceType 2)",
	aliyun.KindNAT:  "a NAT gateway issues filing service numbers (bsn resourceType 6)",
	aliyun.KindSWAS: "a Simple Application Server issues filing service numbers (third-party accounts; no Alibaba Cloud page found here says so, and it is not in bsn's resourceType list)",
}

// runningStatus are the statuses of a resource that is up, per product.
var runningStatus = map[string]bool{"Running": true, "active": true, "Active": true, "Available": true, "InUse": true}

// serverEligible finds the server behind addr in the account and judges it.
func serverEligible(ctx context.Context, account Account, addr netip.Addr, now time.Time, rules ServerRules) Check {
	if account == nil {
		return Check{ServerEligible, Unknown, "account_lookup = false: the server's product and billing are not read from the account"}
	}
	found, err := account.LookupAddress(ctx, addr, false)
	if err != nil {
		return Check{ServerEligible, Unknown, "the cloud account could not be searched: " + aliyun.Explain(err)}
	}
	if !found.Found {
		return Check{ServerEligible, Unknown, fmt.Sprintf("%s is not held by a server of this Alibaba Cloud account: the filing service number (备案服务号) comes from the account that holds the server; check its eligibility there", addr)}
	}
	if !icp.IsMainlandRegion(found.Held.Region) {
		return CheckServer(aliyun.Server{Held: found.Held, Name: found.Held.Name}, nil, addr, now, rules)
	}
	srv, err := account.ServerDetails(ctx, found.Held)
	return CheckServer(srv, err, addr, now, rules)
}

// CheckServer judges the server holding addr: srv as ServerDetails read it (only its Held
// when the region already decides), err when it could not be read.
func CheckServer(srv aliyun.Server, err error, addr netip.Addr, now time.Time, rules ServerRules) Check {
	if rules.MinDaysLeft <= 0 {
		rules.MinDaysLeft = DefaultMinDaysLeft
	}
	if rules.MinMonths <= 0 {
		rules.MinMonths = DefaultMinMonths
	}
	held := srv.Held
	name := held.Kind + " " + held.ID
	if srv.Name != "" && srv.Name != held.ID {
		name += " (" + srv.Name + ")"
	}
	facts := []string{name + " in " + held.Region}
	if srv.Via != nil {
		facts[0] += ", behind " + srv.Via.Kind + " " + srv.Via.ID
	}
	var fails, unknowns []string

	if !icp.IsMainlandRegion(held.Region) {
		fails = append(fails, "it is not in a mainland region: a filing through Alibaba Cloud needs a server in a mainland region (cn-* except cn-hongkong)")
		return verdict(facts, fails, nil)
	}
	if err != nil {
		return Check{ServerEligible, Unknown, facts[0] + ": its billing could not be read: " + aliyun.Explain(err)}
	}
	if srv.Source != "" {
		facts[0] += " (" + srv.Source + ")"
	}
	if why, ok := eligibleKinds[held.Kind]; ok {
		if held.Kind == aliyun.KindSWAS {
			facts = append(facts, why)
		}
	} else {
		switch held.Kind {
		case aliyun.KindEIP:
			fails = append(fails, "it is an EIP bound to no instance: the instance an EIP is bound to issues the filing service number (EIP has no resource type in the Filing Service API); bind it to a subscription ECS instance")
		case aliyun.KindALB, aliyun.KindNLB:
			fails = append(fails, "an "+strings.Split(held.Kind, " ")[0]+" instance cannot issue filing service numbers (it is pay-as-you-go only, and the Filing Service API has no resource type for it): serve the site from a subscription ECS instance or Simple Application Server behind it")
		default:
			unknowns = append(unknowns, "the provider does not know whether a "+held.Kind+" can issue filing service numbers")
		}
	}

	switch srv.Billing {
	case aliyun.BillingPayAsYouGo:
		facts = append(facts, "pay-as-you-go (按量付费, "+srv.ChargeType+")")
		if held.Kind != aliyun.KindALB && held.Kind != aliyun.KindNLB && held.Kind != aliyun.KindEIP {
			fails = append(fails, "the ICP filing system does not accept pay-as-you-go servers: convert to subscription (按量转包年包月)")
		}
	case aliyun.BillingSubscription:
		facts = append(facts, "subscription (包年包月, "+srv.ChargeType+")")
		switch {
		case srv.Expires.IsZero():
			unknowns = append(unknowns, "its expiry is not read ("+srv.Source+" does not give it)")
		default:
			left := daysLeft(now, srv.Expires)
			if !srv.Created.IsZero() {
				months := monthsBetween(srv.Created, srv.Expires)
				facts = append(facts, fmt.Sprintf("bought for %d %s (%s to %s)", months, plural(months, "month", "months"), chinaDate(srv.Created), chinaDate(srv.Expires)))
				if months < rules.MinMonths {
					fails = append(fails, fmt.Sprintf("a filing needs a subscription of at least %d months: renew it to %d months or more", rules.MinMonths, rules.MinMonths))
				}
			}
			switch {
			case left < 0:
				facts = append(facts, fmt.Sprintf("expired %d %s ago (%s)", -left, plural(-left, "day", "days"), chinaDate(srv.Expires)))
				fails = append(fails, fmt.Sprintf("renew: it expired %d %s ago", -left, plural(-left, "day", "days")))
			default:
				facts = append(facts, fmt.Sprintf("%d %s left (expires %s)", left, plural(left, "day", "days"), chinaDate(srv.Expires)))
				if left < rules.MinDaysLeft {
					fails = append(fails, fmt.Sprintf("renew: %d %s left, fewer than server_min_days_left = %d (the filing takes up to 20 working days and lapses with the server)", left, plural(left, "day", "days"), rules.MinDaysLeft))
				}
			}
		}
	default:
		unknowns = append(unknowns, "its billing is not known")
	}

	if srv.Status != "" {
		facts = append(facts, "status "+srv.Status)
		if !runningStatus[srv.Status] {
			fails = append(fails, "start it: only a running server can issue filing service numbers (status "+srv.Status+")")
		}
	}
	if len(srv.Locks) > 0 {
		fails = append(fails, "it is locked or disabled ("+strings.Join(srv.Locks, ", ")+"): settle the overdue payment or renew it")
	}
	facts = append(facts, "public IP "+addr.String())
	return verdict(facts, fails, unknowns)
}

// verdict joins the facts, what fails and what is unknown into the check: fail when
// anything fails, else unknown when anything is unknown, else pass.
func verdict(facts, fails, unknowns []string) Check {
	ev := strings.Join(facts, "; ")
	ev += "; filing service numbers (备案服务号) issued and left: not readable by an account (the Filing Service API is for partners); see 备案服务号管理 in the ICP filing console"
	switch {
	case len(fails) > 0:
		return Check{ServerEligible, Fail, ev + ". Fix: " + strings.Join(fails, "; ")}
	case len(unknowns) > 0:
		return Check{ServerEligible, Unknown, ev + ". Not known: " + strings.Join(unknowns, "; ")}
	}
	return Check{ServerEligible, Pass, ev}
}

// daysLeft counts the calendar days in China from now to expires (negative once past).
func daysLeft(now, expires time.Time) int {
	if !expires.After(now) {
		return -int(math.Ceil(now.Sub(expires).Hours() / 24))
	}
	return icp.CalendarDaysUntil(now, expires)
}

// monthsBetween counts the whole months from a to b, rounding to the nearest month (a
// subscription bought on the 31st ends on the 30th or the 1st).
func monthsBetween(a, b time.Time) int {
	return int(math.Round(b.Sub(a).Hours() / 24 / (365.25 / 12)))
}
