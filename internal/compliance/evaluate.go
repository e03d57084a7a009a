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
	// ICP is the website's ICP record number or its entity number (an app's,
	// mini-program's or quick app's number is not a website's). The page
	// complies when it shows the entity number or the website's own record
	// number, in every province: sources disagree on which of the two a
	// province wants, and a user must not get a false alarm. Another
	// website's number, an app's number or another entity's number does not
	// comply. An expected entity number accepts any of its website numbers.
	// Without it, any entity or website number linked to MIIT will do.
	ICP *icp.FilingNumber
	// PublicSecurity is the public security filing number the page must show,
	// linked to its record. Without it a public security number is not
	// required (the filing may not be done yet), but one that is shown must
	// be linked to beian.mps.gov.cn (or its old address www.beian.gov.cn).
	PublicSecurity *icp.PublicSecurityNumber
}

// Report is the outcome of comparing a page with the expectations.
type Report struct {
	// ICPNumberFound is the ICP record number the page shows, in canonical
	// form: the first one the expectation accepts if any, otherwise the first
	// entity or website number linked to MIIT, otherwise the first such
	// number in the page text, otherwise the first app number; "" when there
	// is none.
	ICPNumberFound string
	// ICPLinkedToMIIT reports whether ICPNumberFound is inside a link to
	// beian.miit.gov.cn (or www.beian.miit.gov.cn).
	ICPLinkedToMIIT bool
	// PublicSecurityNumberFound and PublicSecurityLinkedToMPS: likewise for
	// the public security filing number and beian.mps.gov.cn (or its old
	// address www.beian.gov.cn).
	PublicSecurityNumberFound string
	PublicSecurityLinkedToMPS bool
	// Problems lists what is wrong, in words; empty when the page complies.
	Problems []string
	// Notes lists what could be better without making the page
	// non-compliant, e.g. a link to the old address of the public security
	// filing system.
	Notes []string
}

// Compliant reports whether no problem was found (notes do not count).
func (r Report) Compliant() bool { return len(r.Problems) == 0 }

func (r *Report) problem(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// FooterAccepts reports whether a website footer showing shown satisfies want,
// the website's record number or its entity number: shown must be the same
// entity's number or, when it is a website number, the website's own (any
// website of the entity when want is the entity number). App, mini-program
// and quick-app numbers never satisfy a website.
func FooterAccepts(shown, want icp.FilingNumber) bool {
	if !shown.Entity.Same(want.Entity) {
		return false
	}
	switch shown.Kind {
	case icp.RecordEntity:
		return true
	case icp.RecordWebsite:
		return want.Kind == icp.RecordEntity || shown.Index == want.Index
	}
	return false
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
	website := func(i int) bool { return found[i].Number.Kind.IsWebsiteFooterNumber() }
	i := -1
	if want != nil {
		i = pick(len(found), func(i int) bool { return FooterAccepts(found[i].Number, *want) }, linked)
	}
	if i < 0 {
		i = pick(len(found), website, linked)
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
	switch {
	case want != nil && !FooterAccepts(o.Number, *want):
		r.problem("expected %s but the page shows %s%s", want, o.Number, mismatch(o.Number, *want))
	case want == nil && !o.Number.Kind.IsWebsiteFooterNumber():
		r.problem("the page shows %s, the record number of %s, not of a website: a website's footer shows its own website "+
			"record number (网站备案号) or the entity number %s", o.Number, o.Number.Kind.Describe(), o.Number.EntityNumber())
	}
	if !o.Linked {
		r.problem("%s", notLinked("ICP filing number (ICP备案号)", o.Number.String(), o.Href, retiredMIITHosts, icp.MIITURL))
	}
}

// mismatch explains why shown does not satisfy want.
func mismatch(shown, want icp.FilingNumber) string {
	switch {
	case !shown.Entity.Same(want.Entity):
		return fmt.Sprintf(", the number of another entity (主体) than %s", want.EntityNumber())
	case !shown.Kind.IsWebsiteFooterNumber():
		return fmt.Sprintf(", the record number of %s of the same entity, not of this website: show %s or the entity number %s",
			shown.Kind.Describe(), want, want.EntityNumber())
	}
	return fmt.Sprintf(", the record number of another website of the same entity: show %s or the entity number %s", want, want.EntityNumber())
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
		r.problem("%s", notLinked("public security filing number (公安联网备案号)", o.Number.String(), o.Href, nil, o.Number.QueryURL()))
		return
	}
	if m := mpsCode.FindStringSubmatch(o.Href); m != nil && m[1] != o.Number.Code {
		r.problem("public security filing number (公安联网备案号) %s links to the record of code %s (%s); link it to %s", o.Number, m[1], o.Href, o.Number.QueryURL())
	}
	if o.OldAddress {
		r.Notes = append(r.Notes, fmt.Sprintf("public security filing number (公安联网备案号) %s links to %s on %s, the filing system's old "+
			"address; it counts, but the current address of its record is %s", o.Number, o.Href, OldMPSHost, o.Number.QueryURL()))
	}
}

func notLinked(kind, number, href string, retiredHosts []string, target string) string {
	switch {
	case href == "":
		return fmt.Sprintf("%s %s is shown but not linked; make it a link to %s", kind, number, target)
	case hrefHostIn(href, retiredHosts):
		u, _ := url.Parse(href)
		return fmt.Sprintf("%s %s links to %s on the retired host %s; link it to %s", kind, number, href, u.Hostname(), target)
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
