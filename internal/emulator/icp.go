package emulator

import (
	"maps"
	"slices"
	"sort"
)

// Companyreg (2026-04-23) QuerySuccessIcpData and Beian (2016-08-10)
// QueryAccessorDomainStatus, shaped by their darabonba models (testdata/contract.json).
//
// QuerySuccessIcpData lists every approved filing entity of the caller, unpaged (the
// model has no paging parameters; its only parameter, Caller, is optional):
//
//	{"RequestId", "Success": true, "ErrorCode": 0, "ErrorMessage": "",
//	 "BaSuccessDataWithRiskList": [{"IcpNumber", "OrganizersName", "OrganizersNature",
//	   "ResponsiblePersonName",
//	   "WebsiteList": [{"SiteRecordNum", "SiteName", "DomainList": [...], "ResponsiblePersonName"}],
//	   "AppList": [{"AppName", "AppRecordNum", "DomainList": [...], "ResponsiblePersonName"}],
//	   "RiskList": [{"DeadLine", "RiskDetailList": [{"RiskSource", "RectifySuggestList": [...]}]}]}]}
//
// Filings sharing an icp_number form one entity; filings sharing a site_record_num form
// one website with several domains. With an ICPFailure set the answer is Success false
// with its ErrorCode and ErrorMessage.
//
// Unverified (no source settles it): the values of ErrorCode (the model types it as an
// integer but gives "NoPermission" as its example), whether Success false comes with HTTP
// 200 (assumed here, as the model puts it in the body), and the order of the lists
// (sorted here by number).

func (e *Emulator) companyregQuerySuccessIcpData(q *request) (obj, *apiError) {
	if f := e.st.ICPFailure; f != nil {
		return obj{"Success": false, "ErrorCode": f.ErrorCode, "ErrorMessage": f.ErrorMessage, "BaSuccessDataWithRiskList": []obj{}}, nil
	}
	type site struct {
		num, name, person string
		domains           []string
	}
	type entity struct {
		icp, org, nature, person string
		sites                    map[string]*site
		apps                     map[string]AppSeed
		risks                    []Risk
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
			en = &entity{icp: f.ICPNumber, nature: f.OrganizerNature, sites: map[string]*site{}, apps: map[string]AppSeed{}}
			entities[f.ICPNumber] = en
		}
		if en.org == "" {
			en.org = f.Organizer
		}
		if en.person == "" {
			en.person = f.ResponsiblePersonName
		}
		s, ok := en.sites[f.SiteRecordNum]
		if !ok {
			s = &site{num: f.SiteRecordNum, name: f.SiteName, person: f.SiteResponsiblePersonName}
			en.sites[f.SiteRecordNum] = s
		}
		s.domains = append(s.domains, f.Domain)
		for _, a := range f.Apps {
			en.apps[a.AppRecordNum] = a
		}
		en.risks = append(en.risks, f.Risks...)
	}
	icps := make([]string, 0, len(entities))
	for icp := range entities {
		icps = append(icps, icp)
	}
	sort.Strings(icps)
	list := make([]obj, 0, len(icps))
	for _, icp := range icps {
		en := entities[icp]
		sites := []obj{}
		for _, n := range slices.Sorted(maps.Keys(en.sites)) {
			s := en.sites[n]
			sites = append(sites, obj{"SiteRecordNum": s.num, "SiteName": s.name, "DomainList": s.domains, "ResponsiblePersonName": s.person})
		}
		apps := []obj{}
		for _, n := range slices.Sorted(maps.Keys(en.apps)) {
			a := en.apps[n]
			ds := a.DomainList
			if ds == nil {
				ds = []string{}
			}
			apps = append(apps, obj{"AppName": a.AppName, "AppRecordNum": a.AppRecordNum, "DomainList": ds, "ResponsiblePersonName": a.ResponsiblePersonName})
		}
		risks := []obj{}
		for _, r := range en.risks {
			details := []obj{}
			for _, d := range r.riskDetails() {
				sugg := d.RectifySuggestions
				if sugg == nil {
					sugg = []string{}
				}
				details = append(details, obj{"RiskSource": d.RiskSource, "RectifySuggestList": sugg})
			}
			risks = append(risks, obj{"DeadLine": r.Deadline, "RiskDetailList": details})
		}
		list = append(list, obj{"IcpNumber": en.icp, "OrganizersName": en.org, "OrganizersNature": en.nature,
			"ResponsiblePersonName": en.person, "WebsiteList": sites, "AppList": apps, "RiskList": risks})
	}
	return obj{"Success": true, "ErrorCode": 0, "ErrorMessage": "", "BaSuccessDataWithRiskList": list}, nil
}

// beianQueryAccessorDomainStatus answers in the darabonba model's shape (Code int, Message,
// Data{Domain, Status, Reason, ReasonCode}); Caller and Domain are required by the model
// (the router enforces both). Unverified (no source settles them): the Status values —
// "NORMAL" when an approved filing covers the domain (or a parent of it), "NOT_FILED"
// (ReasonCode 1) otherwise — and Code 200 for success.
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
		"Data": obj{"Domain": name, "Status": status, "Reason": reason, "ReasonCode": code}}, nil
}
