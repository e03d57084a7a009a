package compliance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// Expectations say what a page must show. A nil field means: no specific
// number is required.
type Expectations struct {
	// ICP is the ICP filing number the page must show. An entity number
	// (京ICP备10046444号) accepts the entity's number and any of its website
	// numbers; a website number (…号-9) accepts that number and, for sites
	// filed in Guangdong (粤), which show the entity number, the entity number.
	// Without it, any valid ICP filing number linked to MIIT will do.
	ICP *icp.FilingNumber
	// PublicSecurity is the public security filing number the page must show,
	// linked to its record. Without it a public security number is not
	// required (the filing may not be done yet), but one that is shown must
	// be linked to beian.mps.gov.cn.
	PublicSecurity *icp.PublicSecurityNumber
}

// Report is the outcome of comparing a page with the expectations.
type Report struct {
	// ICPNumberFound is the ICP filing number the page shows, in canonical
	// form: the first one matching Expectations.ICP if any, otherwise the
	// first one linked to MIIT, otherwise the first one in the page text; ""
	// when there is none.
	ICPNumberFound string
	// ICPLinkedToMIIT reports whether ICPNumberFound is inside a link to
	// beian.miit.gov.cn.
	ICPLinkedToMIIT bool
	// PublicSecurityNumberFound and PublicSecurityLinkedToMPS: likewise for
	// the public security filing number and beian.mps.gov.cn.
	PublicSecurityNumberFound string
	PublicSecurityLinkedToMPS bool
	// Problems lists what is wrong, in words; empty when the page complies.
	Problems []string
}

// Compliant reports whether no problem was found.
func (r Report) Compliant() bool { return len(r.Problems) == 0 }

func (r *Report) problem(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// sameEntity reports whether two filing numbers belong to the same entity.
func sameEntity(a, b icp.FilingNumber) bool {
	return a.Province.Code == b.Province.Code && a.Serial == b.Serial
}

// matchesICP reports whether shown satisfies the expected number (see
// Expectations.ICP).
func matchesICP(shown, want icp.FilingNumber) bool {
	if !sameEntity(shown, want) {
		return false
	}
	switch {
	case !want.IsSiteNumber:
		return true
	case shown.IsSiteNumber:
		return shown.SiteIndex == want.SiteIndex
	default:
		return want.Province.Code == "44" // Guangdong shows the entity number
	}
}

// pick returns the index of the occurrence to report: the first that
// matches and is linked, else the first that matches, else -1.
func pick(n int, matches func(int) bool, linked func(int) bool) int {
	first := -1
	for i := 0; i < n; i++ {
		if !matches(i) {
			continue
		}
		if linked(i) {
			return i
		}
		if first < 0 {
			first = i
		}
	}
	return first
}

func always(int) bool { return true }

// Evaluate compares what ScanHTML found with the expectations.
func Evaluate(p Page, exp Expectations) Report {
	var r Report
	evaluateICP(&r, p.ICP, exp.ICP)
	evaluatePublicSecurity(&r, p.PublicSecurity, exp.PublicSecurity)
	return r
}

func evaluateICP(r *Report, found []ICPOccurrence, want *icp.FilingNumber) {
	linked := func(i int) bool { return found[i].Linked }
	i := -1
	if want != nil {
		i = pick(len(found), func(i int) bool { return matchesICP(found[i].Number, *want) }, linked)
	}
	if i < 0 {
		i = pick(len(found), always, linked)
	}
	if i < 0 {
		if want != nil {
			r.problem("expected %s but the page shows no ICP filing number (ICP备案号); a site served from mainland China must show it, usually in the footer, linked to %s", want, icp.MIITURL)
		} else {
			r.problem("the page shows no ICP filing number (ICP备案号); a site served from mainland China must show it, usually in the footer, linked to %s", icp.MIITURL)
		}
		return
	}
	o := found[i]
	r.ICPNumberFound, r.ICPLinkedToMIIT = o.Number.String(), o.Linked
	if want != nil && !matchesICP(o.Number, *want) {
		msg := fmt.Sprintf("expected %s but the page shows %s", want, o.Number)
		if sameEntity(o.Number, *want) && !o.Number.IsSiteNumber && want.Province.Code != "44" {
			msg += fmt.Sprintf("; sites filed outside Guangdong (粤) show the website number (网站备案号) %s, not the entity number (主体备案号)", want)
		}
		r.problem("%s", msg)
	}
	if !o.Linked {
		r.problem("%s", notLinked("ICP filing number (ICP备案号)", o.Number.String(), o.Href, RetiredMIITHost, icp.MIITURL))
	}
}

// mpsCode finds the record code a beian.mps.gov.cn or www.beian.gov.cn link
// carries (…?code=… or …?recordcode=…, also inside the fragment).
var mpsCode = regexp.MustCompile(`(?i)(?:^|[?&#/])(?:record)?code=([0-9]+)`)

func evaluatePublicSecurity(r *Report, found []PublicSecurityOccurrence, want *icp.PublicSecurityNumber) {
	linked := func(i int) bool { return found[i].Linked }
	i := -1
	if want != nil {
		i = pick(len(found), func(i int) bool { return found[i].Number.Code == want.Code }, linked)
	}
	if i < 0 {
		i = pick(len(found), always, linked)
	}
	if i < 0 {
		if want != nil {
			r.problem("expected public security filing number (公安联网备案号) %s but the page shows none; show it linked to %s", want, want.QueryURL())
		}
		return
	}
	o := found[i]
	r.PublicSecurityNumberFound, r.PublicSecurityLinkedToMPS = o.Number.String(), o.Linked
	if want != nil && o.Number.Code != want.Code {
		r.problem("expected public security filing number (公安联网备案号) %s but the page shows %s", want, o.Number)
	}
	if !o.Linked {
		r.problem("%s", notLinked("public security filing number (公安联网备案号)", o.Number.String(), o.Href, RetiredMPSHost, o.Number.QueryURL()))
		return
	}
	if m := mpsCode.FindStringSubmatch(o.Href); m != nil && m[1] != o.Number.Code {
		r.problem("public security filing number (公安联网备案号) %s links to the record of code %s (%s); link it to %s", o.Number, m[1], o.Href, o.Number.QueryURL())
	}
}

func notLinked(kind, number, href, retiredHost, target string) string {
	switch {
	case href == "":
		return fmt.Sprintf("%s %s is shown but not linked; make it a link to %s", kind, number, target)
	case hrefHostIs(href, retiredHost):
		return fmt.Sprintf("%s %s links to %s on the retired host %s; link it to %s", kind, number, href, retiredHost, target)
	}
	return fmt.Sprintf("%s %s links to %s, not to the official site; link it to %s", kind, number, href, target)
}

// Result is the outcome of Check.
type Result struct {
	// StatusCode is the HTTP status of the last response, 0 when none came.
	StatusCode int
	// FinalURL is the URL of the last response (after redirects), or the URL
	// that failed.
	FinalURL string
	Report
}

// Check fetches rawURL, scans the page and evaluates it. Everything that is
// the site's doing — an HTTP error status, a timeout, a bad certificate, a
// redirect loop, a page over the size limit, a missing or wrong number — is
// a problem in the Result. The error is for what the caller must fix: an
// invalid URL, a refused private address of the URL's own host
// (*BlockedAddressError), or cancellation.
//
// A page larger than MaxBodyBytes is scanned up to the limit and is reported
// as a problem even when the numbers were found in the part read, so that a
// check never passes on a page it could not read whole.
func Check(ctx context.Context, rawURL string, exp Expectations, opts FetchOptions) (Result, error) {
	res := Result{FinalURL: rawURL}
	resp, err := Fetch(ctx, rawURL, opts)
	if err != nil {
		var fe *FetchError
		if !errors.As(err, &fe) {
			return res, err
		}
		res.FinalURL = fe.URL
		res.problem("%s", fe.Reason)
		return res, nil
	}
	res.StatusCode, res.FinalURL = resp.StatusCode, resp.FinalURL
	base, _ := url.Parse(resp.FinalURL)
	page := ScanHTML(bytes.NewReader(DecodeHTML(resp.Body, resp.ContentType)), base)
	res.Report = Evaluate(page, exp)
	var first []string
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		status := resp.Status
		if status == "" || status == strconv.Itoa(resp.StatusCode) {
			status = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
		}
		msg := fmt.Sprintf("%s answered HTTP %s", resp.FinalURL, status)
		if resp.StatusCode >= 500 && resp.Attempts > 1 {
			msg += fmt.Sprintf(" (%d attempts)", resp.Attempts)
		}
		first = append(first, msg+"; visitors do not get a working page")
	}
	if resp.Truncated {
		first = append(first, fmt.Sprintf("the page is larger than max_body_bytes (%d bytes); only the first %d bytes were scanned, so the result is not reliable: raise max_body_bytes", opts.MaxBodyBytes, opts.MaxBodyBytes))
	}
	res.Problems = append(first, res.Problems...)
	return res, nil
}
