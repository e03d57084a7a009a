package emulator

import (
	"fmt"
	"sort"

	"github.com/beian-dev/terraform-provider-beian/internal/apicatalog"
)

// The handlers: one per action of the action table (internal/apicatalog), keyed by
// "Product.Action". The table says which actions exist, their product and API version and
// whether they read or write; this map says who answers each. The router, the stats keys,
// the fault filters and the contract test all read the table; each action is joined with
// its handler and its official contract (testdata/contract.json) at start, and an action
// without a handler or a contract entry, a handler or contract entry without an action, or
// a contract entry of another version, is a programming error that fails every test.
var handlers = map[string]handlerFunc{
	"Alidns.AddDomain":                              (*Emulator).alidnsAddDomain,
	"Alidns.DescribeDomains":                        (*Emulator).alidnsDescribeDomains,
	"Alidns.DescribeDomainInfo":                     (*Emulator).alidnsDescribeDomainInfo,
	"Alidns.AddDomainRecord":                        (*Emulator).alidnsAddDomainRecord,
	"Alidns.UpdateDomainRecord":                     (*Emulator).alidnsUpdateDomainRecord,
	"Alidns.DeleteDomainRecord":                     (*Emulator).alidnsDeleteDomainRecord,
	"Alidns.DescribeDomainRecords":                  (*Emulator).alidnsDescribeDomainRecords,
	"Alidns.DescribeDomainRecordInfo":               (*Emulator).alidnsDescribeDomainRecordInfo,
	"Alidns.DescribeSubDomainRecords":               (*Emulator).alidnsDescribeSubDomainRecords,
	"Alidns.SetDomainRecordStatus":                  (*Emulator).alidnsSetDomainRecordStatus,
	"Alidns.UpdateDomainRecordRemark":               (*Emulator).alidnsUpdateDomainRecordRemark,
	"Domain.CheckDomain":                            (*Emulator).domainCheckDomain,
	"Domain.QueryDomainByDomainName":                (*Emulator).domainQueryDomainByDomainName,
	"Domain.QueryDomainList":                        (*Emulator).domainQueryDomainList,
	"Domain.QueryRegistrantProfiles":                (*Emulator).domainQueryRegistrantProfiles,
	"Domain.QueryTaskDetailList":                    (*Emulator).domainQueryTaskDetailList,
	"Domain.PollTaskResult":                         (*Emulator).domainPollTaskResult,
	"Domain.SetupDomainAutoRenew":                   (*Emulator).domainSetupDomainAutoRenew,
	"Domain.SaveSingleTaskForCreatingOrderActivate": (*Emulator).domainSaveActivate,
	"Domain.SaveSingleTaskForCreatingOrderRenew":    (*Emulator).domainSaveRenew,
	"Domain.SaveBatchTaskForModifyingDomainDns":     (*Emulator).domainSaveBatchModifyDNS,
	"Domain.SaveBatchTaskForDomainNameProxyService": (*Emulator).domainSaveBatchProxyService,
	"BssOpenApi.QueryAvailableInstances":            (*Emulator).bssQueryAvailableInstances,
	"Companyreg.QuerySuccessIcpData":                (*Emulator).companyregQuerySuccessIcpData,
	"Beian.QueryAccessorDomainStatus":               (*Emulator).beianQueryAccessorDomainStatus,
	"Ecs.DescribeRegions":                           (*Emulator).ecsDescribeRegions,
	"Ecs.DescribeInstances":                         (*Emulator).ecsDescribeInstances,
	"Vpc.DescribeEipAddresses":                      (*Emulator).vpcDescribeEipAddresses,
	"Slb.DescribeLoadBalancers":                     (*Emulator).slbDescribeLoadBalancers,
	"Sts.AssumeRole":                                (*Emulator).stsAssumeRole,
	"Vpc.DescribeNatGateways":                       (*Emulator).vpcDescribeNatGateways,
	"ResourceCenter.SearchResources":                (*Emulator).resourceCenterSearchResources,
	"ResourceCenter.GetResourceCenterServiceStatus": (*Emulator).resourceCenterGetResourceCenterServiceStatus,
	"antiddos-public.DescribeIpLocationService":     (*Emulator).antiddosDescribeIpLocationService,
	"SWAS-OPEN.ListInstances":                       (*Emulator).swasListInstances,
	"Sts.AssumeRoleWithOIDC":                        (*Emulator).stsAssumeRoleWithOIDC,
}

// boundAction is an action of the table with its handler and its contract.
type boundAction struct {
	apicatalog.Action
	handler  handlerFunc
	contract *ContractAction
}

// actionSet indexes the table for the router.
type actionSet struct {
	byVersion map[string]string       // API version → product
	byKey     map[string]*boundAction // "Product.Action" → action
	common    map[string]bool
}

var actions = mustBindActions()

func mustBindActions() *actionSet {
	s, err := bindActions(apicatalog.Actions(), handlers)
	if err != nil {
		panic(err)
	}
	return s
}

// bindActions joins each action of table with its handler and its contract entry.
func bindActions(table []apicatalog.Action, hs map[string]handlerFunc) (*actionSet, error) {
	c, err := LoadContract()
	if err != nil {
		return nil, err
	}
	contracts := map[string]*ContractAction{}
	for i := range c.Actions {
		a := &c.Actions[i]
		if _, dup := contracts[a.Key()]; dup {
			return nil, fmt.Errorf("emulator: contract lists %s twice", a.Key())
		}
		contracts[a.Key()] = a
	}
	unhandled := map[string]bool{}
	for k := range hs {
		unhandled[k] = true
	}
	s := &actionSet{byVersion: map[string]string{}, byKey: map[string]*boundAction{}, common: map[string]bool{}}
	for _, p := range c.CommonParameters {
		s.common[p] = true
	}
	for _, a := range table {
		key := a.Key()
		ca, ok := contracts[key]
		if !ok {
			return nil, fmt.Errorf("emulator: action %s of internal/apicatalog has no entry in testdata/contract.json", key)
		}
		if ca.Version != a.Version {
			return nil, fmt.Errorf("emulator: action %s is version %s in internal/apicatalog but %s in the contract", key, a.Version, ca.Version)
		}
		h, ok := hs[key]
		if !ok {
			return nil, fmt.Errorf("emulator: action %s of internal/apicatalog has no handler", key)
		}
		if p, ok := s.byVersion[a.Version]; ok && p != a.Product {
			return nil, fmt.Errorf("emulator: version %s is both %s and %s", a.Version, p, a.Product)
		}
		s.byVersion[a.Version] = a.Product
		s.byKey[key] = &boundAction{Action: a, handler: h, contract: ca}
		delete(contracts, key)
		delete(unhandled, key)
	}
	if left := sortedKeys(contracts); len(left) > 0 {
		return nil, fmt.Errorf("emulator: contract entries without an action in internal/apicatalog: %v", left)
	}
	if left := sortedKeys(unhandled); len(left) > 0 {
		return nil, fmt.Errorf("emulator: handlers without an action in internal/apicatalog: %v", left)
	}
	return s, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ActionInfo describes one emulated action.
type ActionInfo struct {
	Product, Version, Action string
	// Access is "read" or "write", from the action table.
	Access string
	// Source is the official model its contract was transcribed from.
	Source string
}

// Key is "Product.Action".
func (a ActionInfo) Key() string { return a.Product + "." + a.Action }

// Actions lists every action the emulator serves, in the order of the action table, with
// the source of its contract.
func Actions() []ActionInfo {
	table := apicatalog.Actions()
	out := make([]ActionInfo, 0, len(table))
	for _, a := range table {
		b := actions.byKey[a.Key()]
		out = append(out, ActionInfo{Product: a.Product, Version: a.Version, Action: a.Name, Access: a.Access.String(), Source: b.contract.Source})
	}
	return out
}
