package emulator

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// The servers of the emulated account: every holder of a public address the provider may
// look up (POST /_emulator/servers), with its billing. Which product answers for a kind,
// and under which names, is serverKinds.

// emulatorAccountID is the emulated account's id (Resource Center's AccountId).
const emulatorAccountID = "1234567890123456"

// Charge types, as ECS, SWAS, EIP and NAT spell them (CLB spells them PrePay/PayOnDemand).
const (
	chargePrePaid  = "PrePaid"
	chargePostPaid = "PostPaid"
)

// serverKind is what the emulator knows about one kind of server.
type serverKind struct {
	prefix string // of generated ids
	status string // default Status
	// charges are the charge types the kind may have, the default first: SWAS ListInstances
	// "PrePaid: only subscription is supported"; ALB and NLB LoadBalancerBillingConfig.PayType
	// "only PostPay is supported" (official models: swas-open 2020-06-01, alb 2020-06-16,
	// nlb 2022-04-30).
	charges []string
	// resourceType is the Resource Center type code, from Alibaba's own list of Resource
	// Center types (aliyun/alibaba-cloud-ops-mcp-server@2232fb1307610d0ac1d7045ace1031d05c3e05d4,
	// src/alibaba_cloud_ops_mcp_server/tools/other_tools.py). Third-party code spells the
	// NAT gateway ACS::VPC::NatGateway, ActionTrail's name for it; that list is Resource
	// Center's.
	resourceType string
	// ddosType is Anti-DDoS DescribeIpLocationService's InstanceType for the kind ("" when
	// it does not answer for it): ecs, slb and eip (its metadata, 2024) and swas (the Go
	// model antiddos-public-20170518 v3.0.4 adds it). ALB, NLB and NAT gateways are in no
	// list; a NAT gateway's address is an EIP, answered as one (natEIP).
	ddosType string
}

var serverKinds = map[string]serverKind{
	"ecs":  {prefix: "i-", status: "Running", charges: []string{chargePrePaid, chargePostPaid}, resourceType: "ACS::ECS::Instance", ddosType: "ecs"},
	"eip":  {prefix: "eip-", status: "Available", charges: []string{chargePrePaid, chargePostPaid}, resourceType: "ACS::EIP::EipAddress", ddosType: "eip"},
	"slb":  {prefix: "lb-", status: "active", charges: []string{chargePrePaid, chargePostPaid}, resourceType: "ACS::SLB::LoadBalancer", ddosType: "slb"},
	"swas": {prefix: "", status: "Running", charges: []string{chargePrePaid}, resourceType: "ACS::SWAS::Instance", ddosType: "swas"},
	"alb":  {prefix: "alb-", status: "Active", charges: []string{chargePostPaid}, resourceType: "ACS::ALB::LoadBalancer"},
	"nlb":  {prefix: "nlb-", status: "Active", charges: []string{chargePostPaid}, resourceType: "ACS::NLB::LoadBalancer"},
	"nat":  {prefix: "ngw-", status: "Available", charges: []string{chargePrePaid, chargePostPaid}, resourceType: "ACS::NAT::NatGateway"},
}

// serverKindNames lists the kinds for messages.
const serverKindNames = "ecs, eip, slb, swas, alb, nlb or nat"

// serverState is a server as the state keeps it: the seed with its defaults filled in, and
// its billing dates fixed when it was added.
type serverState struct {
	ServerSeed
	Created time.Time `json:"created"`
	// Expires is when the subscription ends; zero for PostPaid.
	Expires time.Time `json:"expires"`
}

// newServer validates s, fills in its defaults and dates it from now.
func newServer(s ServerSeed, now time.Time, nextID func() int64) (serverState, error) {
	s.Kind = strings.ToLower(strings.TrimSpace(s.Kind))
	k, ok := serverKinds[s.Kind]
	if !ok {
		return serverState{}, fmt.Errorf("server kind %q: want %s", s.Kind, serverKindNames)
	}
	if s.Region == "" || s.IP == "" {
		return serverState{}, fmt.Errorf("server: region and ip are required")
	}
	if _, err := netip.ParseAddr(s.IP); err != nil {
		return serverState{}, fmt.Errorf("server ip %q: not an IP address", s.IP)
	}
	if s.ID == "" {
		if s.Kind == "swas" {
			// Simple Application Server ids are 32 hex digits (ListInstances' examples).
			s.ID = randomHex(16)
		} else {
			s.ID = fmt.Sprintf("%semu%016x", k.prefix, nextID())
		}
	}
	if s.Status == "" {
		s.Status = k.status
	}
	if s.ChargeType == "" {
		s.ChargeType = k.charges[0]
	}
	allowed := false
	for _, c := range k.charges {
		allowed = allowed || c == s.ChargeType
	}
	if !allowed {
		if s.ChargeType != chargePrePaid && s.ChargeType != chargePostPaid {
			return serverState{}, fmt.Errorf("server charge_type %q: want PrePaid or PostPaid", s.ChargeType)
		}
		return serverState{}, fmt.Errorf("server kind %s cannot be %s: its official model allows %s only", s.Kind, s.ChargeType, k.charges[0])
	}
	if s.PeriodMonths == 0 {
		s.PeriodMonths = 12
	}
	if s.PeriodMonths < 0 {
		return serverState{}, fmt.Errorf("server period_months %d: want a positive number of months", s.PeriodMonths)
	}
	if s.ExpiresInDays == nil {
		days := 365
		s.ExpiresInDays = &days
	}
	st := serverState{ServerSeed: s}
	now = now.UTC().Truncate(time.Minute)
	if s.ChargeType == chargePrePaid {
		st.Expires = now.AddDate(0, 0, *s.ExpiresInDays)
		st.Created = st.Expires.AddDate(0, -s.PeriodMonths, 0)
	} else {
		st.Created = now.AddDate(0, -s.PeriodMonths, 0)
	}
	return st, nil
}

// name is the server's display name.
func (s serverState) name() string {
	if s.Name != "" {
		return s.Name
	}
	return s.ID
}

// prePaid reports whether the server is a subscription.
func (s serverState) prePaid() bool { return s.ChargeType == chargePrePaid }

// expired reports whether the subscription has ended at now.
func (s serverState) expired(now time.Time) bool {
	return s.prePaid() && !s.Expires.After(now)
}

// natEIP is the EIP that gives a NAT gateway its public address (a NAT gateway's public
// addresses are EIPs bound to it: VPC DescribeEipAddresses InstanceType "Nat"): its
// allocation id.
func natEIP(s serverState) string { return "eip-" + strings.TrimPrefix(s.ID, "ngw-") }

// sameIP compares two addresses as addresses (an IPv6 address may be spelled many ways).
func sameIP(a, b string) bool {
	x, err1 := netip.ParseAddr(a)
	y, err2 := netip.ParseAddr(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	return x.Unmap() == y.Unmap()
}

// serversIn returns the servers of kind in region, in the order they were added.
func (e *Emulator) serversIn(kind, region string) []serverState {
	var out []serverState
	for _, s := range e.st.Servers {
		if s.Kind == kind && s.Region == region {
			out = append(out, s)
		}
	}
	return out
}

// Time formats of the answers: ECS (and a NAT gateway's ExpiredTime) in minutes, the
// others in seconds, as their official models describe them.
const (
	minuteTime = "2006-01-02T15:04Z"
	secondTime = "2006-01-02T15:04:05Z"
)

// payAsYouGoExpiry is the ExpiredTime ECS gives a pay-as-you-go instance. UNVERIFIED: the
// ECS reference does not say; it is what published samples of DescribeInstances show
// (Ansible's ali_instance_info) and what other Alibaba Cloud models document for
// pay-as-you-go resources.
const payAsYouGoExpiry = "2099-12-31T15:59Z"
