package icp

import "time"

// MIITURL is the MIIT ICP filing system (工信部政务服务平台). A website's ICP
// number in its footer must link here.
const MIITURL = "https://beian.miit.gov.cn/"

// Status is the ICP filing status of a domain.
type Status string

// Filing statuses.
const (
	// Approved: the domain has an approved ICP filing (已备案).
	Approved Status = "approved"
	// NotApproved: no approved filing was found (未备案, or still under review).
	NotApproved Status = "not_approved"
	// Unknown: the status could not be determined.
	Unknown Status = "unknown"
)

// Risk is a rectification item (整改) on a filing with its deadline, as Alibaba Cloud
// companyreg QuerySuccessIcpData reports it (RiskList[]: DeadLine,
// RiskDetailList[]{RiskSource, RectifySuggestList[]}).
type Risk struct {
	// Deadline is when it must be resolved; zero if there is none or DeadlineText is not
	// a date.
	Deadline time.Time
	// DeadlineText is the deadline as the source wrote it.
	DeadlineText string
	// Details say what the risk is about and what to do.
	Details []RiskDetail
}

// RiskDetail is one part of a risk.
type RiskDetail struct {
	// Source is where the risk comes from (RiskSource), as the source reports it.
	Source string
	// RectifySuggestions are the suggested fixes (RectifySuggestList).
	RectifySuggestions []string
}

// App is an app or mini-program filing (App/小程序备案) of the entity.
type App struct {
	Name         string
	RecordNumber string // e.g. 浙ICP备12345678号-2A
	Domains      []string
}

// Answer is what is known about the ICP filing of a registrable domain.
type Answer struct {
	// Domain is the registrable domain (eTLD+1) the answer is about.
	Domain string
	// Status is the filing status.
	Status Status
	// Source names where the answer came from (e.g. an API name).
	Source string
	// Verified reports whether the answer was confirmed by an authoritative
	// source rather than assumed or declared.
	Verified bool
	// Evidence is a human-readable account of why the answer is what it is.
	Evidence string
	// ICPNumber is the entity filing number (主体备案号), e.g. 京ICP备10046444号.
	ICPNumber string
	// SiteRecordNumber is the website filing number (网站备案号), e.g. 京ICP备10046444号-9.
	SiteRecordNumber string
	// Organizer is the filing entity (主办单位).
	Organizer string
	// OrganizerNature is the nature of the entity (单位性质), e.g. 企业 or 个人.
	OrganizerNature string
	// Risks lists issues attached to the filing.
	Risks []Risk
	// Apps lists the entity's app and mini-program filings.
	Apps []App
}

// Approved reports whether the answer says the domain has an approved filing.
func (a Answer) Approved() bool { return a.Status == Approved }
