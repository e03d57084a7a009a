// Package dnsrecord holds the rules of DNS records as Alibaba Cloud DNS (云解析 DNS)
// takes them: which types exist, what a valid value of each type is, the canonical form
// used to compare values without perpetual diffs (case, trailing dot, IDN, IPv6 spelling),
// host names of records, and the import ID formats of beian_dns_record. Pure functions.
package dnsrecord

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// Types are the record types Alibaba Cloud DNS accepts. The current official Alidns
// 2015-01-09 models (alibabacloud-go/alidns-20150109, DescribeSubDomainRecords and
// DeleteSubDomainRecords "Type") list A, MX, CNAME, TXT, REDIRECT_URL, FORWARD_URL, NS,
// AAAA and SRV; older generated models and the alicloud Terraform provider spell implicit
// URL forwarding FORWORD_URL. Which spelling the API answers with (or whether it takes
// both) is unverified; the guard treats both as forwarding.
var Types = []string{"A", "AAAA", "CNAME", "TXT", "MX", "NS", "SRV", "CAA", "REDIRECT_URL", "FORWARD_URL"}

// The status of a record as Alibaba Cloud DNS lists it (DescribeDomainRecords "Status":
// ENABLE or DISABLE, alibabacloud-go/alidns-20150109 models) and as beian_dns_record and
// the alicloud provider's record resources write it. SetDomainRecordStatus takes the same
// words in another case (Enable, Disable).
const (
	StatusEnable  = "ENABLE"
	StatusDisable = "DISABLE"
)

// StatusEnabled reports whether a record of status answers queries: every status but
// DISABLE (in any case), so an unknown or empty status counts as live.
func StatusEnabled(status string) bool {
	return !strings.EqualFold(strings.TrimSpace(status), StatusDisable)
}

// IsHostType reports whether values of typ are host names (compared case-insensitively,
// without a trailing dot).
func IsHostType(typ string) bool {
	switch strings.ToUpper(typ) {
	case "CNAME", "MX", "NS":
		return true
	}
	return false
}

// ValidateValue checks value for a record of typ and returns a message naming what is
// wrong and the expected form, or "".
func ValidateValue(typ, value string) string {
	v := strings.TrimSpace(value)
	if v == "" {
		return "the value is empty"
	}
	switch strings.ToUpper(typ) {
	case "A":
		a, err := netip.ParseAddr(v)
		if err != nil || !a.Is4() {
			return fmt.Sprintf("%q is not an IPv4 address; an A record needs one, e.g. 203.0.113.10 (use AAAA for IPv6)", value)
		}
	case "AAAA":
		a, err := netip.ParseAddr(v)
		if err != nil || !a.Is6() || a.Is4In6() {
			return fmt.Sprintf("%q is not an IPv6 address; an AAAA record needs one, e.g. 2001:db8::10 (use A for IPv4)", value)
		}
	case "CNAME", "NS", "MX":
		if _, err := netip.ParseAddr(v); err == nil {
			return fmt.Sprintf("%q is an IP address; a %s record must point at a host name (use an A/AAAA record for addresses)", value, strings.ToUpper(typ))
		}
		if _, err := icp.NormalizeHostName(v); err != nil {
			return fmt.Sprintf("%q is not a host name; a %s record points at one, e.g. target.example.com (%v)", value, strings.ToUpper(typ), err)
		}
	case "SRV":
		f := strings.Fields(v)
		if len(f) != 4 {
			return fmt.Sprintf("%q is not an SRV value; write \"<priority> <weight> <port> <target>\", e.g. \"10 5 5060 sip.example.com\"", value)
		}
		for i, name := range []string{"priority", "weight", "port"} {
			if n, err := strconv.Atoi(f[i]); err != nil || n < 0 || n > 65535 {
				return fmt.Sprintf("%q: the SRV %s %q must be a number from 0 to 65535", value, name, f[i])
			}
		}
		if f[3] != "." {
			if _, err := icp.NormalizeHostName(f[3]); err != nil {
				return fmt.Sprintf("%q: the SRV target %q is not a host name", value, f[3])
			}
		}
	case "CAA":
		f := strings.SplitN(v, " ", 3)
		if len(f) != 3 {
			return fmt.Sprintf("%q is not a CAA value; write `<flags> <tag> \"<value>\"`, e.g. `0 issue \"letsencrypt.org\"`", value)
		}
		if n, err := strconv.Atoi(f[0]); err != nil || n < 0 || n > 255 {
			return fmt.Sprintf("%q: the CAA flags %q must be a number from 0 to 255", value, f[0])
		}
		switch strings.ToLower(f[1]) {
		case "issue", "issuewild", "iodef", "issuemail", "issuevmc":
		default:
			return fmt.Sprintf("%q: the CAA tag %q is not one of issue, issuewild, iodef, issuemail, issuevmc", value, f[1])
		}
	case "TXT":
		if len(v) > 4096 {
			return "the TXT value is longer than 4096 characters"
		}
	case "REDIRECT_URL", "FORWARD_URL":
		if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
			return fmt.Sprintf("%q: a %s record's value is a URL starting with http:// or https://", value, strings.ToUpper(typ))
		}
	default:
		return fmt.Sprintf("%q is not a record type Alibaba Cloud DNS supports (%s)", typ, strings.Join(Types, ", "))
	}
	return ""
}

// CanonicalValue is the form two values are compared in: host names lower-case, in
// punycode, without a trailing dot; IP addresses in their canonical spelling; SRV targets
// likewise; other types as written (TXT is case-sensitive).
func CanonicalValue(typ, value string) string {
	v := strings.TrimSpace(value)
	switch strings.ToUpper(typ) {
	case "A", "AAAA":
		if a, err := netip.ParseAddr(v); err == nil {
			return a.String()
		}
	case "CNAME", "NS", "MX":
		if n, err := icp.NormalizeHostName(v); err == nil {
			return n
		}
		return strings.TrimSuffix(strings.ToLower(v), ".")
	case "SRV":
		f := strings.Fields(v)
		if len(f) == 4 {
			if n, err := icp.NormalizeHostName(f[3]); err == nil {
				f[3] = n
			}
			return strings.Join(f, " ")
		}
	}
	return v
}

// SameValue reports whether two values of a record of typ mean the same thing.
func SameValue(typ, a, b string) bool { return CanonicalValue(typ, a) == CanonicalValue(typ, b) }

// ValidateRR checks a host record (主机记录): "@" for the apex, "*" or "*.sub" for
// wildcards, or labels of letters, digits, hyphens and underscores.
func ValidateRR(rr string) string {
	r := strings.TrimSpace(rr)
	if r == "" {
		return `the host record is empty; use "@" for the domain itself, "www" for www.<domain>`
	}
	if r == "@" {
		return ""
	}
	if strings.HasSuffix(r, ".") {
		return fmt.Sprintf("%q ends with a dot; write the host record relative to the domain, e.g. \"www\"", rr)
	}
	if !utf8.ValidString(r) {
		return fmt.Sprintf("%q is not valid UTF-8 text", rr)
	}
	labels := strings.Split(r, ".")
	for i, l := range labels {
		if l == "*" && i == 0 {
			continue
		}
		if l == "" {
			return fmt.Sprintf("%q has an empty label", rr)
		}
		ascii := true
		for _, c := range l {
			ok := c == '-' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c > 127
			if !ok {
				return fmt.Sprintf("%q contains %q; a host record has letters, digits, '-', '_' and '*' (first label only)", rr, c)
			}
			ascii = ascii && c <= 127
		}
		// What counts is the label as sent: punycode for an internationalised label.
		wire := l
		if !ascii {
			a, err := idna.Lookup.ToASCII(l)
			if err != nil {
				return fmt.Sprintf("%q: the label %q is not a valid internationalised name (%v)", rr, l, err)
			}
			wire = a
		}
		if len(wire) > 63 {
			if len(labels) == 1 && wire == r {
				return fmt.Sprintf("%q is longer than 63 characters, the most a DNS label may have", rr)
			}
			if wire != l {
				return fmt.Sprintf("%q: the label %q is %d characters long as punycode (%s), more than the 63 a DNS label may have", rr, l, len(wire), wire)
			}
			return fmt.Sprintf("%q: the label %q is longer than 63 characters, the most a DNS label may have", rr, wire)
		}
	}
	return ""
}

// CanonicalRR lower-cases a host record and converts IDN labels to punycode.
func CanonicalRR(rr string) string {
	r := strings.ToLower(strings.TrimSpace(rr))
	labels := strings.Split(r, ".")
	for i, l := range labels {
		if a, err := idna.Lookup.ToASCII(l); err == nil && a != l && l != "*" {
			labels[i] = a
		}
	}
	return strings.Join(labels, ".")
}

// FQDN is the full host name of a record: the domain for "@", else rr.domain.
func FQDN(rr, domain string) string {
	if rr == "@" || rr == "" {
		return domain
	}
	return rr + "." + domain
}

// ImportID is a parsed beian_dns_record import ID.
type ImportID struct {
	RecordID string // set for the record-ID form
	Domain   string
	RR       string
	Type     string
	Value    string // optional in the natural-key form
}

// ParseImportID accepts a record ID ("1234567890123456") or the natural key
// "<domain>/<rr>/<type>[/<value>]" (the value may contain slashes, e.g. a URL).
func ParseImportID(id string) (ImportID, error) {
	s := strings.TrimSpace(id)
	if s == "" {
		return ImportID{}, fmt.Errorf("the import ID is empty; use a record ID or <domain>/<rr>/<type>[/<value>], e.g. example.com/www/A")
	}
	if isDigits(s) {
		return ImportID{RecordID: s}, nil
	}
	parts := strings.SplitN(s, "/", 4)
	if len(parts) < 3 {
		return ImportID{}, fmt.Errorf("import ID %q is neither a record ID (digits) nor <domain>/<rr>/<type>[/<value>], e.g. example.com/@/A or example.com/www/A/203.0.113.10", id)
	}
	domain, err := icp.NormalizeDomain(parts[0])
	if err != nil {
		return ImportID{}, fmt.Errorf("import ID %q: the domain %q is not valid: %w", id, parts[0], err)
	}
	if msg := ValidateRR(parts[1]); msg != "" {
		return ImportID{}, fmt.Errorf("import ID %q: %s", id, msg)
	}
	typ := strings.ToUpper(strings.TrimSpace(parts[2]))
	known := false
	for _, t := range Types {
		known = known || t == typ
	}
	if !known {
		return ImportID{}, fmt.Errorf("import ID %q: %q is not a record type (%s)", id, parts[2], strings.Join(Types, ", "))
	}
	out := ImportID{Domain: domain, RR: CanonicalRR(parts[1]), Type: typ}
	if len(parts) == 4 {
		if parts[3] == "" {
			return ImportID{}, fmt.Errorf("import ID %q ends with an empty value; drop the trailing slash or give the value", id)
		}
		out.Value = parts[3]
	}
	return out, nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
