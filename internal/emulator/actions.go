package emulator

import (
	"fmt"
	"sort"
)

// The action table: every operation the emulator serves, once. The router, the stats
// keys ("Product.Action"), the fault filters and the contract test all read it; each
// entry is joined with its official contract (testdata/contract.json) at start, and a
// handler without a contract entry, or a contract entry without a handler, is a
// programming error that fails every test.
var actionTable = []actionDef{
	// Alidns 2015-01-09
	{"Alidns", "2015-01-09", "AddDomain", (*Emulator).alidnsAddDomain},
	{"Alidns", "2015-01-09", "DescribeDomains", (*Emulator).alidnsDescribeDomains},
	{"Alidns", "2015-01-09", "DescribeDomainInfo", (*Emulator).alidnsDescribeDomainInfo},
	{"Alidns", "2015-01-09", "AddDomainRecord", (*Emulator).alidnsAddDomainRecord},
	{"Alidns", "2015-01-09", "UpdateDomainRecord", (*Emulator).alidnsUpdateDomainRecord},
	{"Alidns", "2015-01-09", "DeleteDomainRecord", (*Emulator).alidnsDeleteDomainRecord},
	{"Alidns", "2015-01-09", "DescribeDomainRecords", (*Emulator).alidnsDescribeDomainRecords},
	{"Alidns", "2015-01-09", "DescribeDomainRecordInfo", (*Emulator).alidnsDescribeDomainRecordInfo},
	{"Alidns", "2015-01-09", "DescribeSubDomainRecords", (*Emulator).alidnsDescribeSubDomainRecords},
	{"Alidns", "2015-01-09", "SetDomainRecordStatus", (*Emulator).alidnsSetDomainRecordStatus},
	{"Alidns", "2015-01-09", "UpdateDomainRecordRemark", (*Emulator).alidnsUpdateDomainRecordRemark},
	// Domain 2018-01-29
	{"Domain", "2018-01-29", "CheckDomain", (*Emulator).domainCheckDomain},
	{"Domain", "2018-01-29", "QueryDomainByDomainName", (*Emulator).domainQueryDomainByDomainName},
	{"Domain", "2018-01-29", "QueryDomainList", (*Emulator).domainQueryDomainList},
	{"Domain", "2018-01-29", "QueryRegistrantProfiles", (*Emulator).domainQueryRegistrantProfiles},
	{"Domain", "2018-01-29", "QueryTaskDetailList", (*Emulator).domainQueryTaskDetailList},
	{"Domain", "2018-01-29", "PollTaskResult", (*Emulator).domainPollTaskResult},
	{"Domain", "2018-01-29", "SetupDomainAutoRenew", (*Emulator).domainSetupDomainAutoRenew},
	{"Domain", "2018-01-29", "SaveSingleTaskForCreatingOrderActivate", (*Emulator).domainSaveActivate},
	{"Domain", "2018-01-29", "SaveSingleTaskForCreatingOrderRenew", (*Emulator).domainSaveRenew},
	{"Domain", "2018-01-29", "SaveBatchTaskForModifyingDomainDns", (*Emulator).domainSaveBatchModifyDNS},
	{"Domain", "2018-01-29", "SaveBatchTaskForDomainNameProxyService", (*Emulator).domainSaveBatchProxyService},
	// BssOpenApi 2017-12-14
	{"BssOpenApi", "2017-12-14", "QueryAvailableInstances", (*Emulator).bssQueryAvailableInstances},
	// Companyreg 2026-04-23 and Beian 2016-08-10
	{"Companyreg", "2026-04-23", "QuerySuccessIcpData", (*Emulator).companyregQuerySuccessIcpData},
	{"Beian", "2016-08-10", "QueryAccessorDomainStatus", (*Emulator).beianQueryAccessorDomainStatus},
	// Ecs 2014-05-26, Vpc 2016-04-28, Slb 2014-05-15
	{"Ecs", "2014-05-26", "DescribeRegions", (*Emulator).ecsDescribeRegions},
	{"Ecs", "2014-05-26", "DescribeInstances", (*Emulator).ecsDescribeInstances},
	{"Vpc", "2016-04-28", "DescribeEipAddresses", (*Emulator).vpcDescribeEipAddresses},
	{"Slb", "2014-05-15", "DescribeLoadBalancers", (*Emulator).slbDescribeLoadBalancers},
	// Sts 2015-04-01
	{"Sts", "2015-04-01", "AssumeRole", (*Emulator).stsAssumeRole},
	{"Sts", "2015-04-01", "AssumeRoleWithOIDC", (*Emulator).stsAssumeRoleWithOIDC},
}

type actionDef struct {
	product, version, action string
	handler                  handlerFunc
}

// boundAction is an action of the table with its contract.
type boundAction struct {
	actionDef
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
	s, err := bindActions(actionTable)
	if err != nil {
		panic(err)
	}
	return s
}

func bindActions(table []actionDef) (*actionSet, error) {
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
	s := &actionSet{byVersion: map[string]string{}, byKey: map[string]*boundAction{}, common: map[string]bool{}}
	for _, p := range c.CommonParameters {
		s.common[p] = true
	}
	for _, d := range table {
		key := d.product + "." + d.action
		ca, ok := contracts[key]
		if !ok {
			return nil, fmt.Errorf("emulator: action %s has no entry in testdata/contract.json", key)
		}
		if ca.Version != d.version {
			return nil, fmt.Errorf("emulator: action %s is version %s in the table but %s in the contract", key, d.version, ca.Version)
		}
		if p, ok := s.byVersion[d.version]; ok && p != d.product {
			return nil, fmt.Errorf("emulator: version %s is both %s and %s", d.version, p, d.product)
		}
		if _, dup := s.byKey[key]; dup {
			return nil, fmt.Errorf("emulator: action %s is in the table twice", key)
		}
		s.byVersion[d.version] = d.product
		s.byKey[key] = &boundAction{actionDef: d, contract: ca}
		delete(contracts, key)
	}
	if len(contracts) > 0 {
		var left []string
		for k := range contracts {
			left = append(left, k)
		}
		sort.Strings(left)
		return nil, fmt.Errorf("emulator: contract entries without a handler: %v", left)
	}
	return s, nil
}

// ActionInfo describes one emulated action.
type ActionInfo struct {
	Product, Version, Action string
	// Source is the official model its contract was transcribed from.
	Source string
}

// Key is "Product.Action".
func (a ActionInfo) Key() string { return a.Product + "." + a.Action }

// Actions lists every action the emulator serves, in table order, with the source of its
// contract.
func Actions() []ActionInfo {
	out := make([]ActionInfo, 0, len(actionTable))
	for _, d := range actionTable {
		b := actions.byKey[d.product+"."+d.action]
		out = append(out, ActionInfo{Product: d.product, Version: d.version, Action: d.action, Source: b.contract.Source})
	}
	return out
}
