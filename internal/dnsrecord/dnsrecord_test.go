package dnsrecord

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestValidateValue(t *testing.T) {
	tests := []struct {
		typ, value string
		wantErr    string // "" = valid
	}{
		{"A", "203.0.113.10", ""},
		{"A", " 203.0.113.10 ", ""},
		{"A", "2001:db8::1", "not an IPv4 address"},
		{"A", "www.example.com", "not an IPv4 address"},
		{"A", "203.0.113", "not an IPv4 address"},
		{"AAAA", "2001:DB8::10", ""},
		{"AAAA", "203.0.113.10", "not an IPv6 address"},
		{"AAAA", "::ffff:203.0.113.10", "not an IPv6 address"},
		{"CNAME", "Target.Example.NET.", ""},
		{"CNAME", "例子.中国", ""},
		{"CNAME", "203.0.113.10", "is an IP address"},
		{"CNAME", "bad host", "not a host name"},
		{"CNAME", "selector1-example-com._domainkey.contoso.onmicrosoft.com", ""},
		{"CNAME", "_abc.xyz.acm-validations.aws.", ""},
		{"CNAME", "bad_.com", "not a host name"},
		{"MX", "_mx.example.com", ""},
		{"NS", "ns1.example.com\uff0e", ""},
		{"SRV", "0 5 443 _sip._tcp.example.com.", ""},
		{"MX", "mx1.example.com", ""},
		{"NS", "ns1.alidns.com.", ""},
		{"SRV", "10 5 5060 sip.example.com", ""},
		{"SRV", "10 5 sip.example.com", "not an SRV value"},
		{"SRV", "10 5 70000 sip.example.com", "port"},
		{"CAA", `0 issue "letsencrypt.org"`, ""},
		{"CAA", `0 issues "letsencrypt.org"`, "CAA tag"},
		{"CAA", `256 issue "x"`, "flags"},
		{"TXT", "v=spf1 include:spf1.example.com -all", ""},
		{"TXT", strings.Repeat("x", 4097), "longer than 4096"},
		{"REDIRECT_URL", "https://example.net/", ""},
		{"REDIRECT_URL", "example.net", "URL starting with"},
		{"SPF", "v=spf1", "not a record type"},
		{"A", "", "empty"},
	}
	for _, tt := range tests {
		got := ValidateValue(tt.typ, tt.value)
		if tt.wantErr == "" && got != "" {
			t.Errorf("ValidateValue(%s, %q) = %q, want valid", tt.typ, tt.value, got)
		}
		if tt.wantErr != "" && !strings.Contains(got, tt.wantErr) {
			t.Errorf("ValidateValue(%s, %q) = %q, want it to say %q", tt.typ, tt.value, got, tt.wantErr)
		}
	}
}

func TestSameValueNoPerpetualDiff(t *testing.T) {
	same := [][3]string{
		{"CNAME", "Target.Example.NET.", "target.example.net"},
		{"CNAME", "例子.中国", "xn--fsqu00a.xn--fiqs8s"},
		{"MX", "MX1.example.com.", "mx1.example.com"},
		{"AAAA", "2001:DB8:0:0::10", "2001:db8::10"},
		{"SRV", "10 5 5060 SIP.example.com.", "10 5 5060 sip.example.com"},
		{"CNAME", "Selector1-Example-com._DomainKey.contoso.onmicrosoft.com.", "selector1-example-com._domainkey.contoso.onmicrosoft.com"},
		{"CNAME", "_ABC.xyz.acm-validations.aws.", "_abc.xyz.acm-validations.aws"},
		{"SRV", "0 5 443 _SIP._tcp.Example.com.", "0 5 443 _sip._tcp.example.com"},
	}
	for _, c := range same {
		if !SameValue(c[0], c[1], c[2]) {
			t.Errorf("SameValue(%s, %q, %q) = false, want true", c[0], c[1], c[2])
		}
	}
	differ := [][3]string{
		{"TXT", "Hello", "hello"}, // TXT is case-sensitive
		{"A", "203.0.113.1", "203.0.113.2"},
		{"CNAME", "a.example.com", "b.example.com"},
	}
	for _, c := range differ {
		if SameValue(c[0], c[1], c[2]) {
			t.Errorf("SameValue(%s, %q, %q) = true, want false", c[0], c[1], c[2])
		}
	}
}

func TestValidateAndCanonicalRR(t *testing.T) {
	for _, ok := range []string{"@", "www", "*", "*.api", "_acme-challenge", "a.b.c", "WWW", "例子"} {
		if msg := ValidateRR(ok); msg != "" {
			t.Errorf("ValidateRR(%q) = %q, want valid", ok, msg)
		}
	}
	for _, bad := range []string{"", "www.", "a..b", "a/b", "api.*", "a b"} {
		if ValidateRR(bad) == "" {
			t.Errorf("ValidateRR(%q) accepted an invalid host record", bad)
		}
	}
	for in, want := range map[string]string{"WWW": "www", "@": "@", "*.API": "*.api", "例子": "xn--fsqu00a", "_acme-challenge": "_acme-challenge"} {
		if got := CanonicalRR(in); got != want {
			t.Errorf("CanonicalRR(%q) = %q, want %q", in, got, want)
		}
	}
	if FQDN("@", "example.com") != "example.com" || FQDN("www", "example.com") != "www.example.com" {
		t.Error("FQDN")
	}
}

func TestParseImportID(t *testing.T) {
	got, err := ParseImportID("1884593045583640579")
	if err != nil || got.RecordID != "1884593045583640579" {
		t.Fatalf("record ID form: %+v, %v", got, err)
	}
	got, err = ParseImportID("Example.COM/WWW/a")
	if err != nil || got.Domain != "example.com" || got.RR != "www" || got.Type != "A" || got.Value != "" {
		t.Fatalf("natural key: %+v, %v", got, err)
	}
	got, err = ParseImportID("example.com/@/REDIRECT_URL/https://example.net/a/b")
	if err != nil || got.RR != "@" || got.Value != "https://example.net/a/b" {
		t.Fatalf("value with slashes: %+v, %v", got, err)
	}
	got, err = ParseImportID("例子.中国/www/AAAA/2001:db8::1")
	if err != nil || got.Domain != "xn--fsqu00a.xn--fiqs8s" {
		t.Fatalf("IDN domain: %+v, %v", got, err)
	}
	for _, bad := range []struct{ id, want string }{
		{"", "empty"},
		{"example.com-www", "neither a record ID"},
		{"example.com/www", "neither a record ID"},
		{"exa mple.com/www/A", "domain"},
		{"example.com/www./A", "ends with a dot"},
		{"example.com/www/SPF", "not a record type"},
		{"example.com/www/A/", "empty value"},
	} {
		if _, err := ParseImportID(bad.id); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseImportID(%q) = %v, want an error saying %q", bad.id, err, bad.want)
		}
	}
}

// FuzzParseImportID: import IDs come from users. Parsing never panics; a refused ID's
// error names it (the empty one says it is empty); a record ID is the digits given and
// nothing else; an accepted natural key round-trips through its canonical form.
func FuzzParseImportID(f *testing.F) {
	for _, s := range []string{"123", "example.com/www/A", "example.com/@/MX/mx.example.com", "例子.中国/*/A/1.2.3.4", "a/b/c/d/e", "//", "\xff/\x00/A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseImportID(s)
		if err != nil {
			if strings.TrimSpace(s) == "" {
				if !strings.Contains(err.Error(), "empty") {
					t.Fatalf("ParseImportID(%q): %v, want it to say the ID is empty", s, err)
				}
			} else if !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
				t.Fatalf("ParseImportID(%q): %v does not name the ID", s, err)
			}
			return
		}
		if id.RecordID != "" {
			if id.RecordID != strings.TrimSpace(s) || (id != ImportID{RecordID: id.RecordID}) {
				t.Fatalf("ParseImportID(%q) = %+v, want the record ID alone", s, id)
			}
			return
		}
		key := id.Domain + "/" + id.RR + "/" + id.Type
		if id.Value != "" {
			key += "/" + id.Value
		}
		again, err := ParseImportID(key)
		if err != nil {
			t.Fatalf("ParseImportID(%q) accepted, but its canonical form %q is refused: %v", s, key, err)
		}
		if again != id {
			t.Fatalf("round trip: %+v → %q → %+v", id, key, again)
		}
	})
}

// FuzzValidateValue checks what a configuration's record value gets, for any type and
// value. A refused value has a message that names it, quoted (the empty value says it is
// empty, an over-long TXT value says how long it may be, an unsupported type is named
// instead); white space around a value changes neither the verdict nor the canonical form.
// An accepted value is the same value as its canonical form (SameValue), that form is
// accepted and is its own canonical form; a host name is the same with a trailing dot and,
// spelled in ASCII, in capitals.
func FuzzValidateValue(f *testing.F) {
	for _, t := range Types {
		f.Add(t, "example.com")
	}
	f.Add("SRV", "1 2 3")
	f.Add("CAA", "0 issue")
	f.Add("cname", "Static.Example-CDN.NET.")
	f.Add("MX", "例子.中国")
	f.Add("AAAA", "2001:DB8:0:0::10")
	f.Add("TXT", "  v=spf1 -all ")
	f.Add("SPF", "v=spf1 -all")
	f.Fuzz(func(t *testing.T, typ, value string) {
		msg := ValidateValue(typ, value)
		spaced := " " + value + "\t"
		if again := ValidateValue(typ, spaced); (again == "") != (msg == "") {
			t.Fatalf("ValidateValue(%q, %q) = %q but with white space around it %q", typ, value, msg, again)
		}
		upper := strings.ToUpper(typ)
		if msg != "" {
			switch {
			case strings.TrimSpace(value) == "":
				if msg != "the value is empty" {
					t.Fatalf("ValidateValue(%q, %q) = %q, want it to say the value is empty", typ, value, msg)
				}
			case !slices.Contains(Types, upper):
				if !strings.Contains(msg, fmt.Sprintf("%q", typ)) {
					t.Fatalf("ValidateValue(%q, %q) = %q does not name the type", typ, value, msg)
				}
			case upper == "TXT":
				if len(strings.TrimSpace(value)) <= 4096 || !strings.Contains(msg, "4096") {
					t.Fatalf("ValidateValue(TXT, %d bytes) = %q", len(value), msg)
				}
			default:
				if !strings.Contains(msg, fmt.Sprintf("%q", value)) {
					t.Fatalf("ValidateValue(%q, %q) = %q does not name the value", typ, value, msg)
				}
			}
			return
		}
		c := CanonicalValue(typ, value)
		if !SameValue(typ, value, c) {
			t.Fatalf("%s %q: not the same value as its canonical form %q", typ, value, c)
		}
		if m := ValidateValue(typ, c); m != "" {
			t.Fatalf("%s %q is accepted, its canonical form %q is not: %s", typ, value, c, m)
		}
		if cc := CanonicalValue(typ, c); cc != c {
			t.Fatalf("%s %q: the canonical form %q is not its own canonical form (%q)", typ, value, c, cc)
		}
		if cs := CanonicalValue(typ, spaced); cs != c {
			t.Fatalf("%s %q: canonical form %q, with white space around it %q", typ, value, c, cs)
		}
		if IsHostType(typ) {
			v := strings.TrimSpace(value)
			if !strings.HasSuffix(v, ".") && !SameValue(typ, v, v+".") {
				t.Fatalf("%s %q: not the same host name with a trailing dot", typ, value)
			}
			if isASCII(v) && !SameValue(typ, v, strings.ToUpper(v)) {
				t.Fatalf("%s %q: not the same host name in capitals", typ, value)
			}
		}
	})
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// An over-long label is named once, and an internationalised one with the length it
// has on the wire (punycode).
func TestValidateRRLongLabelMessage(t *testing.T) {
	long := strings.Repeat("a", 64)
	if msg := ValidateRR(long); strings.Count(msg, long) != 1 || !strings.Contains(msg, "63") {
		t.Errorf("ValidateRR(64 a's) = %q; want the label quoted once and the limit named", msg)
	}
	if msg := ValidateRR("www." + long); !strings.Contains(msg, `the label "`+long+`"`) {
		t.Errorf("ValidateRR(www.<64 a's>) = %q; want the offending label named", msg)
	}
	idn := "一二三四五六七八九十百千万亿东南西北中上下左右前后" // 25 runes, 66 characters as punycode
	if msg := ValidateRR(idn); !strings.Contains(msg, "punycode") || !strings.Contains(msg, "xn--") {
		t.Errorf("ValidateRR(%s) = %q; want the punycode length explained", idn, msg)
	}
}

func TestStatusEnabled(t *testing.T) {
	for status, want := range map[string]bool{StatusEnable: true, StatusDisable: false, "disable": false, " DISABLE ": false, "": true, "enable": true} {
		if got := StatusEnabled(status); got != want {
			t.Errorf("StatusEnabled(%q) = %v, want %v", status, got, want)
		}
	}
}
