package emulator

import (
	"sort"
	"strings"
)

// Companyreg (2026-04-23) QuerySuccessIcpData and Beian (2016-08-10)
// QueryAccessorDomainStatus.
//
// QuerySuccessIcpData is not in the SDK and its response shape is a documented GUESS:
//
//	{"RequestId", "TotalCount", "PageNum", "PageSize", "Data": [{
//	   "IcpNumber": "浙ICP备12345678号", "OrganizerName", "OrganizerNature": "企业",
//	   "WebsiteList": [{"SiteRecordNum": "浙ICP备12345678号-1", "SiteName", "DomainList": ["example.com"]}],
//	   "Risks": [{"Type", "Description", "Deadline": "2026-12-31"}]}]}
//
// Filings sharing an icp_number form one entity; filings sharing a site_record_num form
// one website with several domains. Optional filters: Domain (or DomainName) keeps the
// entities with a website covering that domain (or a parent of it), IcpNumber keeps one
// entity. Paging: PageNum (default 1), PageSize (default 20, max 100), over entities.

func (e *Emulator) companyregQuerySuccessIcpData(q *request) (obj, *apiError) {
	num, size, ae := paging(q, "PageNum", "PageSize", 20, 100)
	if ae != nil {
		return nil, ae
	}
	domainFilter := normDomain(q.get("Domain"))
	if domainFilter == "" {
		domainFilter = normDomain(q.get("DomainName"))
	}
	icpFilter := strings.TrimSpace(q.get("IcpNumber"))

	type site struct {
		num, name string
		domains   []string
	}
	type entity struct {
		icp, org, nature string
		sites            map[string]*site
		risks            []Risk
		covers           bool
	}
	entities := map[string]*entity{}
	var domains []string
	for d := range e.st.Filings {
		domains = append(domains, d)
	}
	sort.Strings(domains)
	for _, d := range domains {
		f := e.st.Filings[d]
		en, ok := entities[f.ICPNumber]
		if !ok {
			en = &entity{icp: f.ICPNumber, org: f.Organizer, nature: f.OrganizerNature, sites: map[string]*site{}}
			entities[f.ICPNumber] = en
		}
		if en.org == "" {
			en.org = f.Organizer
		}
		s, ok := en.sites[f.SiteRecordNum]
		if !ok {
			s = &site{num: f.SiteRecordNum, name: f.SiteName}
			en.sites[f.SiteRecordNum] = s
		}
		s.domains = append(s.domains, f.Domain)
		en.risks = append(en.risks, f.Risks...)
		if domainFilter != "" && inDomain(domainFilter, f.Domain) {
			en.covers = true
		}
	}
	var icps []string
	for icp, en := range entities {
		if icpFilter != "" && icp != icpFilter {
			continue
		}
		if domainFilter != "" && !en.covers {
			continue
		}
		icps = append(icps, icp)
	}
	sort.Strings(icps)
	data := pageMap(icps, num, size, func(icp string) obj {
		en := entities[icp]
		var siteNums []string
		for n := range en.sites {
			siteNums = append(siteNums, n)
		}
		sort.Strings(siteNums)
		sites := []obj{}
		for _, n := range siteNums {
			s := en.sites[n]
			sites = append(sites, obj{"SiteRecordNum": s.num, "SiteName": s.name, "DomainList": s.domains})
		}
		risks := []obj{}
		for _, r := range en.risks {
			risks = append(risks, obj{"Type": r.Type, "Description": r.Description, "Deadline": r.Deadline})
		}
		return obj{"IcpNumber": en.icp, "OrganizerName": en.org, "OrganizerNature": en.nature,
			"WebsiteList": sites, "Risks": risks}
	})
	return obj{"Data": data, "TotalCount": len(icps), "PageNum": num, "PageSize": size}, nil
}

// beianQueryAccessorDomainStatus matches the SDK's QueryAccessorDomainStatusResponse
// (Code int, Message, Data{Domain, Status, Reason, ReasonCode, White}). The Status values
// are a GUESS: "NORMAL" when an approved filing covers the domain (or a parent of it),
// "NOT_FILED" (ReasonCode 1) otherwise.
func (e *Emulator) beianQueryAccessorDomainStatus(q *request) (obj, *apiError) {
	name, ae := q.require("Domain")
	if ae != nil {
		return nil, ae
	}
	name = normDomain(name)
	status, reason, code := "NOT_FILED", "No approved ICP filing covers this domain.", 1
	for d := range e.st.Filings {
		if inDomain(name, d) {
			status, reason, code = "NORMAL", "", 0
			break
		}
	}
	return obj{"Code": 200, "Message": "success",
		"Data": obj{"Domain": name, "Status": status, "Reason": reason, "ReasonCode": code, "White": false}}, nil
}
