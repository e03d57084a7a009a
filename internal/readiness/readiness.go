// Package readiness is beian_readiness's checklist: what still blocks the ICP filing (备案)
// of a domain, one function per check, each answering pass, fail or unknown with the
// evidence. It has no framework in it: the data source (internal/provider) reads its
// configuration, calls Run and writes the Result; the checks read the outside world through
// Sources, so tests give them fakes and a fixed clock.
package readiness

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/compliance"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// Status is a check's answer.
type Status string

// The answers.
const (
	Pass    Status = "pass"
	Fail    Status = "fail"
	Unknown Status = "unknown"
)

// Check is one line of the checklist.
type Check struct {
	Name     string
	Status   Status
	Evidence string
}

// The checks, in the order they are met.
const (
	DomainOwned          = "domain_owned"
	RealNameVerified     = "real_name_verified"
	WaitingPeriodElapsed = "waiting_period_elapsed"
	ServerInMainland     = "server_in_mainland"
	ServerEligible       = "server_eligible"
	HomepageReachable    = "homepage_reachable"
	ICPFiling            = "icp_filing"
	PublicSecurity       = "public_security_filing"
	CommercialLicense    = "commercial_license"
)

// Prerequisites are the checks a filing needs before it is submitted: ready_to_file is
// true when they all pass.
var Prerequisites = []string{DomainOwned, RealNameVerified, WaitingPeriodElapsed, ServerInMainland, ServerEligible, HomepageReachable}

// Warning is a warning to show on an attribute of the data source.
type Warning struct {
	Attribute, Summary, Detail string
}

// Domains reads a domain of the account (aliyun.Client).
type Domains interface {
	QueryDomain(ctx context.Context, name string) (aliyun.Domain, error)
}

// Account finds the server holding an address and reads its billing (aliyun.Client).
type Account interface {
	LookupAddress(ctx context.Context, addr netip.Addr, fresh bool) (aliyun.AddressLookup, error)
	ServerDetails(ctx context.Context, held aliyun.AccountAddress) (aliyun.Server, error)
}

// Locator classifies an address (guard.Locator).
type Locator interface {
	Locate(ctx context.Context, addr netip.Addr, phase guard.Phase) guard.Location
}

// Sources are where the checks read the outside world.
type Sources struct {
	Domains Domains
	Locator Locator
	// Account is nil when account_lookup = false.
	Account Account
	Filings icpstatus.Source
	// Fetch fetches the homepage; nil = compliance.Fetch.
	Fetch func(ctx context.Context, url string, opts compliance.FetchOptions) (*compliance.Response, error)
	Now   func() time.Time
}

// Input is the data source's configuration, parsed.
type Input struct {
	// Registrable is the registrable domain the checks are about.
	Registrable string
	// ServerIP is server_ip; the zero Addr when not set.
	ServerIP              netip.Addr
	HomepageURL           string
	AllowPrivateAddresses bool
	// GoLive is go_live_date, midnight China time; zero when not set.
	GoLive               time.Time
	PublicSecurityNumber string
	Commercial           bool
	ICPLicense           string
	// Rules are server_eligible's thresholds.
	Rules ServerRules
}

// Result is the checklist.
type Result struct {
	Checks         []Check
	ReadyToFile    bool
	FilingApproved bool
	Blocking       []string // names of the checks that did not pass
	// PublicSecurityDeadline is go_live_date + 30 days; zero without go_live_date.
	PublicSecurityDeadline time.Time
	Report                 string
	Warnings               []Warning
}

// Run makes every check.
func Run(ctx context.Context, s Sources, in Input) Result {
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	var r Result
	dom, derr := s.Domains.QueryDomain(ctx, in.Registrable)
	r.Checks = append(r.Checks, CheckDomainOwned(in.Registrable, dom, derr), CheckRealNameVerified(dom, derr), CheckWaitingPeriod(dom, derr, now))

	if !in.ServerIP.IsValid() {
		r.Checks = append(r.Checks, Check{ServerInMainland, Unknown, "set server_ip to check the server"},
			Check{ServerEligible, Unknown, "set server_ip to check the server"})
	} else {
		addr := in.ServerIP.Unmap()
		loc := s.Locator.Locate(ctx, addr, guard.Plan)
		for _, w := range loc.Stale {
			r.Warnings = append(r.Warnings, Warning{"server_ip", "The classification of server_ip may rest on stale data", w})
		}
		for _, n := range loc.AccountNotes {
			r.Warnings = append(r.Warnings, Warning{"server_ip", "The cloud account is searched another way", n})
		}
		r.Checks = append(r.Checks, CheckServerInMainland(loc), serverEligible(ctx, s.Account, addr, now, in.Rules))
	}

	if in.HomepageURL == "" {
		r.Checks = append(r.Checks, Check{HomepageReachable, Unknown, "set homepage_url to check that the site answers"})
	} else {
		opts := compliance.DefaultFetchOptions()
		opts.AllowPrivateAddresses = in.AllowPrivateAddresses
		fetch := s.Fetch
		if fetch == nil {
			fetch = compliance.Fetch
		}
		res, err := fetch(ctx, in.HomepageURL, opts)
		r.Checks = append(r.Checks, CheckHomepage(res, err))
	}

	ans, ferr := s.Filings.Lookup(ctx, in.Registrable)
	r.Checks = append(r.Checks, CheckFiling(ans, ferr))
	r.FilingApproved = ans.Approved()

	psn := strings.TrimSpace(in.PublicSecurityNumber)
	if !in.GoLive.IsZero() {
		r.PublicSecurityDeadline = icp.PublicSecurityDeadline(in.GoLive)
	}
	r.Checks = append(r.Checks, CheckPublicSecurity(psn, in.GoLive, now))
	if w, ok := publicSecurityWarning(in.Registrable, psn, in.GoLive, now); ok {
		r.Warnings = append(r.Warnings, w)
	}
	if in.Commercial {
		r.Checks = append(r.Checks, CheckCommercialLicense(in.ICPLicense))
	}

	r.ReadyToFile = true
	r.Blocking = []string{}
	var lines []string
	for _, c := range r.Checks {
		if c.Status != Pass {
			r.Blocking = append(r.Blocking, c.Name)
			for _, p := range Prerequisites {
				r.ReadyToFile = r.ReadyToFile && p != c.Name
			}
		}
		lines = append(lines, fmt.Sprintf("%-9s %-23s %s", "["+string(c.Status)+"]", c.Name, c.Evidence))
	}
	r.Report = strings.Join(lines, "\n")
	return r
}

// CheckDomainOwned: the domain is in this Alibaba Cloud account (QueryDomainByDomainName).
func CheckDomainOwned(registrable string, dom aliyun.Domain, err error) Check {
	switch {
	case err == nil:
		return Check{DomainOwned, Pass, fmt.Sprintf("%s is in this Alibaba Cloud account (instance %s), registered %s, expires %s",
			registrable, dom.InstanceID, chinaDate(dom.RegistrationDate), chinaDate(dom.ExpirationDate))}
	case aliyun.IsNotFound(err):
		return Check{DomainOwned, Fail, fmt.Sprintf("%s is not in this Alibaba Cloud account: register it (beian_domain) or transfer it in; a filing through Alibaba Cloud needs the domain's real-name data", registrable)}
	}
	return Check{DomainOwned, Unknown, "could not read the domain: " + aliyun.Explain(err)}
}

// CheckRealNameVerified: the domain's real-name verification (实名认证) succeeded.
func CheckRealNameVerified(dom aliyun.Domain, err error) Check {
	switch {
	case aliyun.IsNotFound(err):
		return Check{RealNameVerified, Unknown, "the domain is not in the account"}
	case err != nil:
		return Check{RealNameVerified, Unknown, "could not read the domain"}
	case dom.RealNameStatus == aliyun.RealNameSucceed:
		return Check{RealNameVerified, Pass, "real-name verification (实名认证) succeeded"}
	}
	return Check{RealNameVerified, Fail, fmt.Sprintf("real-name verification (实名认证) status is %s (%s); the filing cannot start before it succeeds",
		dom.RealNameStatus, aliyun.DescribeRealNameStatus(dom.RealNameStatus))}
}

// CheckWaitingPeriod: the waiting period after registration has elapsed (icp.FilingWaitDays,
// the rule of beian_domain.filing_eligible_after).
func CheckWaitingPeriod(dom aliyun.Domain, err error, now time.Time) Check {
	switch {
	case aliyun.IsNotFound(err):
		return Check{WaitingPeriodElapsed, Unknown, "the domain is not in the account"}
	case err != nil:
		return Check{WaitingPeriodElapsed, Unknown, "could not read the domain"}
	}
	from, ok := icp.FilingEligibleFrom(dom.RegistrationDate, dom.RealNameStatus == aliyun.RealNameSucceed)
	switch {
	case !ok:
		return Check{WaitingPeriodElapsed, Unknown, "known once real-name verification succeeds"}
	case !now.Before(from):
		return Check{WaitingPeriodElapsed, Pass, fmt.Sprintf("a filing may be submitted since %s (registration + %d days)", chinaDate(from), icp.FilingWaitDays)}
	}
	return Check{WaitingPeriodElapsed, Fail, fmt.Sprintf("a filing may be submitted from %s (registration %s + %d days)", chinaDate(from), chinaDate(dom.RegistrationDate), icp.FilingWaitDays)}
}

// CheckServerInMainland: the server is in mainland China, as the ICP guard places it
// (filings go through the access provider of a mainland server).
func CheckServerInMainland(loc guard.Location) Check {
	switch {
	case loc.CloudErr != nil && loc.Class == mainland.Offshore:
		// The account ranks above location data: without it, an offshore answer is not sure.
		return Check{ServerInMainland, Unknown, "only location or registry data places it outside mainland China, and the cloud account, which ranks above them, could not be searched: " + aliyun.Explain(loc.CloudErr)}
	case loc.CloudErr != nil && loc.Class == mainland.Unknown:
		return Check{ServerInMainland, Unknown, "the cloud account could not be searched: " + aliyun.Explain(loc.CloudErr)}
	case loc.Class == mainland.Mainland:
		return Check{ServerInMainland, Pass, loc.Evidence}
	case loc.Class == mainland.Offshore:
		return Check{ServerInMainland, Fail, loc.Evidence + "; a server outside mainland China needs no ICP filing, and a filing through Alibaba Cloud needs a mainland server"}
	}
	return Check{ServerInMainland, Unknown, loc.Evidence}
}

// CheckHomepage: the homepage answers with HTTP 2xx.
func CheckHomepage(res *compliance.Response, err error) Check {
	switch {
	case err != nil:
		return Check{HomepageReachable, Fail, err.Error()}
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return Check{HomepageReachable, Pass, fmt.Sprintf("%s answered %s", res.FinalURL, res.Status)}
	}
	return Check{HomepageReachable, Fail, fmt.Sprintf("%s answered %s; the access provider checks that the site is reachable", res.FinalURL, res.Status)}
}

// CheckFiling: an approved ICP filing covers the domain.
func CheckFiling(ans icp.Answer, err error) Check {
	switch {
	case ans.Approved():
		return Check{ICPFiling, Pass, fmt.Sprintf("approved: %s (%s)", firstNonEmpty(ans.SiteRecordNumber, ans.ICPNumber), ans.Evidence)}
	case err != nil || ans.Status == icp.Unknown:
		return Check{ICPFiling, Unknown, ans.Evidence}
	}
	return Check{ICPFiling, Fail, "no approved ICP filing (未备案): " + ans.Evidence}
}

// CheckPublicSecurity: the public-security filing (公安联网备案), due within 30 days of going
// live (icp.PublicSecurityDeadline).
func CheckPublicSecurity(psn string, goLive, now time.Time) Check {
	if psn != "" {
		n, err := icp.ParsePublicSecurityNumber(psn)
		if err != nil {
			return Check{PublicSecurity, Fail, err.Error()}
		}
		return Check{PublicSecurity, Pass, fmt.Sprintf("%s (%s)", n.String(), n.QueryURL())}
	}
	if goLive.IsZero() {
		return Check{PublicSecurity, Unknown, "set go_live_date (and public_security_number once issued): the filing is due within 30 days of going live"}
	}
	return Check{PublicSecurity, Fail, "no public-security filing number (公安联网备案号) given; " + dueText(icp.PublicSecurityDeadline(goLive), now)}
}

// dueText says when the public-security filing is (or was) due.
func dueText(deadline, now time.Time) string {
	days := icp.CalendarDaysUntil(now, deadline)
	switch {
	case days < 0:
		return fmt.Sprintf("was due %s, %d %s ago", chinaDate(deadline), -days, plural(-days, "day", "days"))
	case days == 0:
		return fmt.Sprintf("is due today (%s)", chinaDate(deadline))
	}
	return fmt.Sprintf("due by %s, in %d %s", chinaDate(deadline), days, plural(days, "day", "days"))
}

// publicSecurityWarning warns when the public-security filing is due within 7 days or late.
func publicSecurityWarning(registrable, psn string, goLive, now time.Time) (Warning, bool) {
	if psn != "" || goLive.IsZero() {
		return Warning{}, false
	}
	deadline := icp.PublicSecurityDeadline(goLive)
	days := icp.CalendarDaysUntil(now, deadline)
	if days > 7 {
		return Warning{}, false
	}
	state := "due soon"
	if days < 0 {
		state = "overdue"
	}
	return Warning{"public_security_number", "Public-security filing (公安联网备案) " + state,
		fmt.Sprintf("%s went live on %s: the public-security filing at https://beian.mps.gov.cn/ %s. File it and set public_security_number.", registrable, chinaDate(goLive), dueText(deadline, now))}, true
}

// CheckCommercialLicense: a commercial site (经营性网站) holds a commercial ICP licence.
func CheckCommercialLicense(license string) Check {
	lic := strings.TrimSpace(license)
	if lic == "" {
		return Check{CommercialLicense, Fail, "a commercial site (经营性网站) needs a commercial ICP licence (经营性ICP许可证); set icp_license"}
	}
	l, err := icp.ParseLicense(lic)
	if err != nil {
		return Check{CommercialLicense, Fail, err.Error()}
	}
	return Check{CommercialLicense, Pass, licenseEvidence(l)}
}

// licenseEvidence describes a commercial ICP licence for the checklist: its number, who
// issued it and, when a record number was given, which record.
func licenseEvidence(l icp.License) string {
	ev := "licence " + l.String()
	if l.Entity.CrossRegional() {
		ev += " (cross-regional, issued by MIIT)"
	} else {
		ev += " (issued in " + l.Entity.Province.String() + ")"
	}
	if l.Record.Kind != icp.RecordEntity {
		ev += fmt.Sprintf(", read from %s, the record number of %s filed under it", l.Record, l.Record.Kind.Describe())
	}
	return ev
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

// chinaDate is t's date in China, YYYY-MM-DD ("unknown" for the zero time).
func chinaDate(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.In(icp.ChinaTime).Format("2006-01-02")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
