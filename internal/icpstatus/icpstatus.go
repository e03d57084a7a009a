// Package icpstatus answers "does this registrable domain have an approved ICP filing
// (备案)?" from the sources the provider can be configured with: the caller's approved
// filings (Alibaba Cloud companyreg QuerySuccessIcpData), the access-provider Beian API
// (QueryAccessorDomainStatus), or numbers the operator declares for filings made through
// another access provider. Answers are cached per provider run by the client below.
package icpstatus

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// Source names, as written in the provider's icp_source setting.
const (
	SourceCompanyreg = "companyreg"
	SourceBeian      = "beian"
	SourceDeclared   = "declared"
)

// Sources lists the valid icp_source values.
var Sources = []string{SourceCompanyreg, SourceBeian, SourceDeclared}

// Source answers for one registrable domain.
type Source interface {
	Lookup(ctx context.Context, registrable string) (icp.Answer, error)
}

// Companyreg reads the caller's approved filings: a domain is approved when it is in a
// website's DomainList of one of them. One listing per provider run.
type Companyreg struct{ Client *aliyun.Client }

// Lookup implements Source.
func (s Companyreg) Lookup(ctx context.Context, registrable string) (icp.Answer, error) {
	filings, err := s.Client.QuerySuccessIcpData(ctx)
	if err != nil {
		return icp.Answer{Domain: registrable, Status: icp.Unknown, Source: SourceCompanyreg,
			Evidence: "companyreg QuerySuccessIcpData lookup failed"}, err
	}
	for _, f := range filings {
		for _, w := range f.Websites {
			for _, d := range w.DomainList {
				if !coversDomain(d, registrable) {
					continue
				}
				a := icp.Answer{
					Domain: registrable, Status: icp.Approved, Source: SourceCompanyreg, Verified: true,
					Evidence:  fmt.Sprintf("website %s (%s) of filing %s lists %s (companyreg QuerySuccessIcpData)", w.SiteRecordNum, w.SiteName, f.IcpNumber, d),
					ICPNumber: f.IcpNumber, SiteRecordNumber: w.SiteRecordNum, Organizer: f.OrganizerName, OrganizerNature: f.OrganizerNature,
				}
				a.Risks = risksOf(f)
				a.Apps = appsOf(f)
				return a, nil
			}
		}
	}
	ev := fmt.Sprintf("none of the account's %d approved filings (companyreg QuerySuccessIcpData) lists %s in a website", len(filings), registrable)
	for _, f := range filings {
		for _, app := range f.Apps {
			for _, d := range app.DomainList {
				if coversDomain(d, registrable) {
					// An app or mini-program filing lists the domains the app uses; it is not
					// a website filing for them.
					ev += fmt.Sprintf("; it is listed by the app filing %s (%s) of %s, which does not cover a website", app.AppRecordNum, app.AppName, f.IcpNumber)
				}
			}
		}
	}
	return icp.Answer{Domain: registrable, Status: icp.NotApproved, Source: SourceCompanyreg, Verified: true, Evidence: ev}, nil
}

// risksOf maps a filing's RiskList: DeadLine is a date ("2026-04-24" in the model's
// example; a date-time is read too), RiskDetailList its details.
func risksOf(f aliyun.IcpFiling) []icp.Risk {
	var out []icp.Risk
	for _, r := range f.Risks {
		text := strings.TrimSpace(r.DeadLine)
		risk := icp.Risk{DeadlineText: text}
		for _, layout := range []string{"2006-01-02", "2006-01-02 15:04:05", time.RFC3339} {
			if t, err := time.ParseInLocation(layout, text, chinaTime); err == nil {
				risk.Deadline = t
				break
			}
		}
		for _, d := range r.Details {
			risk.Details = append(risk.Details, icp.RiskDetail{Source: d.RiskSource, RectifySuggestions: d.RectifySuggestList})
		}
		out = append(out, risk)
	}
	return out
}

// chinaTime is UTC+8, in which MIIT and Alibaba Cloud write dates.
var chinaTime = time.FixedZone("CST", 8*3600)

func appsOf(f aliyun.IcpFiling) []icp.App {
	var out []icp.App
	for _, a := range f.Apps {
		out = append(out, icp.App{Name: a.AppName, RecordNumber: a.AppRecordNum, Domains: a.DomainList})
	}
	return out
}

// coversDomain reports whether a filed domain entry covers the registrable domain.
func coversDomain(entry, registrable string) bool {
	e := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(entry), "."))
	e = strings.TrimPrefix(e, "www.")
	if n, err := icp.NormalizeDomain(e); err == nil {
		e = n
	}
	return e == registrable
}

// Beian asks the access-provider Beian API about each domain.
type Beian struct{ Client *aliyun.Client }

// Lookup implements Source.
func (s Beian) Lookup(ctx context.Context, registrable string) (icp.Answer, error) {
	st, err := s.Client.QueryAccessorDomainStatus(ctx, registrable)
	if err != nil {
		return icp.Answer{Domain: registrable, Status: icp.Unknown, Source: SourceBeian,
			Evidence: "Beian QueryAccessorDomainStatus lookup failed"}, err
	}
	if st.Approved() {
		return icp.Answer{Domain: registrable, Status: icp.Approved, Source: SourceBeian, Verified: true,
			Evidence: fmt.Sprintf("Beian QueryAccessorDomainStatus reports %s for %s", st.Status, registrable)}, nil
	}
	ev := fmt.Sprintf("Beian QueryAccessorDomainStatus reports %s for %s", st.Status, registrable)
	if st.Reason != "" {
		ev += ": " + st.Reason
	}
	return icp.Answer{Domain: registrable, Status: icp.NotApproved, Source: SourceBeian, Verified: true, Evidence: ev}, nil
}

// Declared holds ICP numbers the operator declares for filings made through another
// access provider. They are accepted by the guard but reported as unverified.
type Declared map[string]icp.FilingNumber

// NewDeclared validates a domain → ICP number map (keys normalised to registrable
// domains). Errors name the entry and the expected form.
func NewDeclared(in map[string]string) (Declared, error) {
	out := Declared{}
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		reg, err := icp.RegistrableDomain(k)
		if err != nil {
			return nil, fmt.Errorf("declared_filings[%q]: %w", k, err)
		}
		n, err := icp.ParseFilingNumber(in[k])
		if err != nil {
			return nil, fmt.Errorf("declared_filings[%q] = %q: %w", k, in[k], err)
		}
		if !n.Kind.IsWebsiteFooterNumber() {
			return nil, fmt.Errorf("declared_filings[%q] = %q is the record number of %s, which does not cover a domain's website: "+
				"declare the website's record number (网站备案号, %s-<N>) or the entity number %s", k, in[k], n.Kind.Describe(), n.EntityNumber(), n.EntityNumber())
		}
		out[reg] = n
	}
	return out, nil
}

// Lookup implements Source.
func (d Declared) Lookup(_ context.Context, registrable string) (icp.Answer, error) {
	n, ok := d[registrable]
	if !ok {
		return icp.Answer{Domain: registrable, Status: icp.NotApproved, Source: SourceDeclared,
			Evidence: fmt.Sprintf("%s is not in the provider's declared_filings", registrable)}, nil
	}
	a := icp.Answer{Domain: registrable, Status: icp.Approved, Source: SourceDeclared, Verified: false,
		Evidence:  fmt.Sprintf("declared by the operator in declared_filings as %s (not verified with an API)", n.String()),
		ICPNumber: n.EntityNumber()}
	if n.IsSiteNumber {
		a.SiteRecordNumber = n.String()
	}
	return a, nil
}

// Chain asks the primary source, then falls back to the declared numbers when the
// primary says "not approved" (a filing made through another access provider is not in
// this account's list). An error of the primary is returned with an Unknown answer
// unless a declaration covers the domain.
type Chain struct {
	Primary  Source // nil when icp_source = "declared"
	Declared Declared
}

// Lookup implements Source.
func (c Chain) Lookup(ctx context.Context, registrable string) (icp.Answer, error) {
	if c.Primary == nil {
		return c.Declared.Lookup(ctx, registrable)
	}
	a, err := c.Primary.Lookup(ctx, registrable)
	if a.Status == icp.Approved && err == nil {
		return a, nil
	}
	if _, ok := c.Declared[registrable]; ok {
		d, _ := c.Declared.Lookup(ctx, registrable)
		d.Evidence += "; " + a.Evidence
		return d, nil
	}
	return a, err
}
