package icp

import (
	"fmt"
	"net/netip"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// DomainError reports a host or domain name that cannot be used.
type DomainError struct {
	// Input is the name as given.
	Input string
	// Problem says what is wrong.
	Problem string
}

func (e *DomainError) Error() string {
	return fmt.Sprintf("domain name %s: %s", quoteInput(e.Input), e.Problem)
}

// idnaProfile maps Unicode names for lookup (UTS #46: case folding,
// full-width forms, ideographic full stop 。 as a dot) and converts them to
// punycode. Label syntax is checked by checkLabels, not by the profile, so
// that record names such as "_dmarc" can be handled where they are allowed.
var idnaProfile = idna.New(
	idna.MapForLookup(),
	idna.StrictDomainName(false),
	idna.BidiRule(),
	idna.Transitional(false),
	idna.VerifyDNSLength(true),
)

// normalize returns the lower-case punycode form of name without a trailing
// dot. allowSub permits, in labels other than the last two, underscores and a
// leading wildcard label "*", as found in DNS record names.
func normalize(name string, allowSub bool) (string, error) {
	fail := func(problem string) (string, error) {
		return "", &DomainError{Input: name, Problem: problem}
	}
	s := strings.TrimSpace(name)
	if s == "" {
		return fail("is empty")
	}
	if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
		return fail("is not valid UTF-8 text")
	}
	if _, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		return fail("is an IP address, not a domain name")
	}
	wildcard := false
	if allowSub && strings.HasPrefix(s, "*.") {
		wildcard, s = true, s[2:]
	}
	s = strings.TrimSuffix(s, ".")
	s = strings.TrimSuffix(s, "。")
	if s == "" {
		return fail("has no labels")
	}
	a, err := idnaProfile.ToASCII(s)
	if err != nil {
		return fail(fmt.Sprintf("is not a valid internationalised domain name (%v)", err))
	}
	// A trailing full-width dot (．U+FF0E, ｡ U+FF61) is mapped to "." by ToASCII only.
	a = strings.ToLower(a)
	if !strings.HasSuffix(s, ".") {
		a = strings.TrimSuffix(a, ".")
	}
	if a == "" {
		return fail("has no labels")
	}
	if err := checkLabels(a, allowSub); err != "" {
		return fail(err)
	}
	// The punycode form must be stable: converting it again gives itself.
	// This rejects labels whose xn-- form does not decode to a valid name.
	if again, err := idnaProfile.ToASCII(a); err != nil || again != a {
		return fail("is not a valid internationalised domain name (its punycode form does not convert back)")
	}
	if wildcard {
		a = "*." + a
		if len(a) > 253 {
			return fail("is longer than 253 characters")
		}
	}
	return a, nil
}

// checkLabels validates the punycode form a: 1–63 characters per label,
// letters, digits and inner hyphens only (underscores allowed in labels other
// than the last two when allowSub), a top-level label that is not all digits,
// at most 253 characters in all.
func checkLabels(a string, allowSub bool) string {
	if len(a) > 253 {
		return "is longer than 253 characters"
	}
	labels := strings.Split(a, ".")
	for i, l := range labels {
		if l == "" {
			return "has an empty label"
		}
		if len(l) > 63 {
			return fmt.Sprintf("label %q is longer than 63 characters", l)
		}
		sub := i < len(labels)-2
		for j := 0; j < len(l); j++ {
			c := l[j]
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			case c == '-':
				if j == 0 || j == len(l)-1 {
					return fmt.Sprintf("label %q starts or ends with a hyphen", l)
				}
			case c == '_' && allowSub && sub:
			default:
				return fmt.Sprintf("label %q contains %q, which is not allowed in a host name", l, rune(c))
			}
		}
	}
	tld := labels[len(labels)-1]
	if leadingDigits(tld) == len(tld) {
		return fmt.Sprintf("the top-level label %q is all digits", tld)
	}
	return ""
}

// NormalizeDomain returns the canonical form of a DNS zone or host name:
// white space trimmed, the trailing dot removed, internationalised names
// converted to lower-case punycode (例子.中国 → xn--fsqu00a.xn--fiqs8s). Every
// label must be a valid host name label (letters, digits, inner hyphens, at
// most 63 characters); IP addresses are rejected. Errors are *DomainError.
func NormalizeDomain(name string) (string, error) {
	return normalize(name, false)
}

// NormalizeHostName is NormalizeDomain for a host name that a record points at (a CNAME,
// MX, NS or SRV target) rather than a zone: labels left of the registrable domain may
// contain underscores (selector1._domainkey.example.com, _abc.acm-validations.aws) and
// the first may be the wildcard "*". Errors are *DomainError.
func NormalizeHostName(name string) (string, error) {
	return normalize(name, true)
}

// DisplayName is a host or domain name for a message: an internationalised name as
// written and in punycode, "www.例子.中国 (www.xn--fsqu00a.xn--fiqs8s)", so that both the
// author of the configuration and the DNS console's spelling find it; any other name
// as it is. name is in either form; a name that does not convert is returned as it is.
func DisplayName(name string) string {
	if !strings.Contains(name, "xn--") {
		if a, err := idnaProfile.ToASCII(name); err == nil && a != name && strings.Contains(a, "xn--") {
			return name + " (" + a + ")"
		}
		return name
	}
	u, err := idna.ToUnicode(name)
	if err != nil || u == name {
		return name
	}
	return u + " (" + name + ")"
}

// RegistrableDomain returns the registrable domain (eTLD+1) of host: the
// domain an ICP filing is made for, which covers all of its subdomains
// (www.example.com.cn → example.com.cn, a.b.example.com → example.com).
//
// host is normalised as by NormalizeDomain, except that labels left of the
// registrable domain may contain underscores and the first may be the
// wildcard "*". The public suffix is taken from the ICANN section of the
// Public Suffix List (golang.org/x/net/publicsuffix): suffixes that companies
// list for their customers' subdomains (the private section, e.g. github.io)
// are not registrable with a registrar and so carry no filing of their own.
// Names under a top-level domain the list does not know are split by the
// default rule (the last label is the suffix). Errors are *DomainError.
func RegistrableDomain(host string) (string, error) {
	a, err := normalize(host, true)
	if err != nil {
		return "", err
	}
	a = strings.TrimPrefix(a, "*.")
	suffix := icannSuffix(a)
	if len(a) <= len(suffix) {
		return "", &DomainError{Input: host, Problem: fmt.Sprintf("is a public suffix (%s); a registrable domain has one more label, e.g. example.%s", suffix, suffix)}
	}
	rest := a[:len(a)-len(suffix)-1]
	reg := rest[strings.LastIndexByte(rest, '.')+1:] + "." + suffix
	if strings.Contains(reg, "_") {
		return "", &DomainError{Input: host, Problem: fmt.Sprintf("the registrable domain %q contains an underscore", reg)}
	}
	return reg, nil
}

// icannSuffix returns the public suffix of the valid, normalised name a
// according to the ICANN section of the list (or the default rule).
func icannSuffix(a string) string {
	s := a
	for {
		ps, icann := publicsuffix.PublicSuffix(s)
		if icann {
			return ps
		}
		// A private-section rule (or the default rule) matched. Look again
		// below the private suffix for the ICANN one.
		i := strings.IndexByte(ps, '.')
		if i < 0 {
			return ps // default rule: the top-level label
		}
		s = ps[i+1:]
	}
}
