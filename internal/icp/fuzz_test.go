package icp

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/beian-dev/terraform-provider-beian/internal/icp/icptest"
)

// Seeds beyond testdata/fuzz, shared by the number parsers: every real
// spelling of the icptest tables plus edge cases.
func numberSeeds() []string {
	seeds := []string{
		"京ICP备１００４６４４４号－９", "京 ICP 备 09031924号", "B2-20080207-3", "粤B2-20090059号-5", "A2.B1.B2-20090003",
		"京ICP备10046444号-4K", "京ICP备10046444号-1AB", "苏B1-20130131", "B2.B1-20070020", "甘公网安备62010202000001号",
		"", "京", "号", "-", "京ICP备", "B2-", "B", "\xff",
	}
	for _, sp := range icptest.Spellings {
		seeds = append(seeds, sp.In)
	}
	for _, sp := range icptest.PublicSecuritySpellings {
		seeds = append(seeds, sp.In)
	}
	return seeds
}

// checkParseError checks the properties every parser error has: a
// *ParseError of the expected kind about the input, with a message.
func checkParseError(t *testing.T, s string, kind NumberKind, err error) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Kind != kind || pe.Input != s || pe.Problem == "" || pe.Example == "" {
		t.Fatalf("error for %q is not a complete *ParseError of kind %s: %#v", s, kind, err)
	}
	if !utf8.ValidString(pe.Problem) || !strings.Contains(err.Error(), pe.Problem) {
		t.Fatalf("error message %q lacks the problem %q", err, pe.Problem)
	}
}

// FuzzParseFilingNumber checks, for any input: an error is a complete
// *ParseError; a parsed number's canonical form parses to the same number,
// also with spaces inserted (the inner-space rule); its parts are consistent
// with its kind; its entity number parses to the entity; and ParseLicense
// accepts exactly the numbers whose entity is a licence.
func FuzzParseFilingNumber(f *testing.F) {
	for _, s := range numberSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseFilingNumber(s)
		l, lerr := ParseLicense(s)
		if err != nil {
			checkParseError(t, s, KindFilingNumber, err)
			if lerr == nil {
				t.Fatalf("ParseLicense accepts %q (%+v) but ParseFilingNumber does not: %v", s, l, err)
			}
			return
		}
		if (lerr == nil) != n.Entity.IsLicense() {
			t.Fatalf("ParseLicense(%q) error %v, but the entity %+v is a licence: %v", s, lerr, n.Entity, n.Entity.IsLicense())
		}
		if lerr == nil && (l.Record != n || l.Entity != n.Entity) {
			t.Fatalf("ParseLicense(%q) = %+v; ParseFilingNumber = %+v", s, l, n)
		}
		c := n.String()
		if !utf8.ValidString(c) {
			t.Fatalf("canonical form %q is not UTF-8", c)
		}
		for _, variant := range []string{c, " " + strings.Join(strings.Split(c, ""), "\u3000") + "\t"} {
			m, err := ParseFilingNumber(variant)
			if err != nil {
				t.Fatalf("canonical form %q of %q (as %q) does not parse: %v", c, s, variant, err)
			}
			m.Raw = n.Raw
			if m != n || m.String() != c {
				t.Fatalf("round trip of %q through %q: %+v != %+v", s, variant, m, n)
			}
		}
		e, err := ParseFilingNumber(n.EntityNumber())
		if err != nil || e.Kind != RecordEntity || e.Entity != n.Entity {
			t.Fatalf("entity number %q: %+v, %v", n.EntityNumber(), e, err)
		}
		if n.IsSiteNumber != (n.Kind == RecordWebsite) || (n.Kind == RecordEntity) != (n.Index == 0) ||
			!strings.HasSuffix(c, n.Kind.Letter()) || n.Index > 999999 {
			t.Fatalf("kind and index inconsistent: %+v (%q)", n, c)
		}
		switch ent := n.Entity; ent.Form {
		case FormFiling, FormICPCert:
			if len(ent.Serial) < 6 || len(ent.Serial) > 10 || ent.Abbr == "" || ent.Categories != "" {
				t.Fatalf("invariants of an %s number broken: %+v", ent.Form, ent)
			}
		case FormTelecomLicense:
			if len(ent.Serial) != 8 || !strings.Contains(ent.Categories, "B2") || ent.CrossRegional() != (ent.Province == Province{}) {
				t.Fatalf("invariants of a telecom licence broken: %+v", ent)
			}
		default:
			t.Fatalf("unknown form %q", ent.Form)
		}
	})
}

// FuzzParseLicense checks that a licence's canonical number parses to the
// same licence and names itself, and that errors are complete.
func FuzzParseLicense(f *testing.F) {
	for _, s := range numberSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLicense(s)
		if err != nil {
			checkParseError(t, s, KindLicense, err)
			return
		}
		c := l.String()
		m, err := ParseLicense(c)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", c, s, err)
		}
		if m.Entity != l.Entity || m.String() != c || m.Record.Kind != RecordEntity || m.Record.String() != c {
			t.Fatalf("round trip of %q: %+v != %+v", s, l, m)
		}
		if k := l.Kind(); k != "ICP证" && !strings.Contains(k, "B2") {
			t.Fatalf("kind %q of %q", k, s)
		}
	})
}

// FuzzParsePublicSecurityNumber checks the round trip, the code's province
// and the query URL of every number parsed, and that errors are complete.
func FuzzParsePublicSecurityNumber(f *testing.F) {
	for _, s := range numberSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParsePublicSecurityNumber(s)
		if err != nil {
			checkParseError(t, s, KindPublicSecurity, err)
			return
		}
		c := n.String()
		m, err := ParsePublicSecurityNumber(c)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", c, s, err)
		}
		n.Raw, m.Raw = "", ""
		if n != m || m.String() != c {
			t.Fatalf("round trip of %q: %+v != %+v", s, n, m)
		}
		if len(n.Code) != 14 || n.Code[:2] != n.Province.Code || n.QueryURL() != PublicSecurityQueryBase+n.Code {
			t.Fatalf("invariants broken: %+v", n)
		}
	})
}

// FuzzFooterHTML checks that a rendered footer links the number it shows to
// MIIT, that the number shown is the footer number of the input, and that
// app numbers are refused.
func FuzzFooterHTML(f *testing.F) {
	for _, s := range numberSeeds() {
		f.Add(s, "")
		f.Add(s, "京公网安备11010502030143号")
	}
	f.Fuzz(func(t *testing.T, number, ps string) {
		out, err := FooterHTML(number, ps)
		n, nerr := ParseFilingNumber(number)
		if err != nil {
			if nerr == nil && n.Kind.IsWebsiteFooterNumber() {
				if _, perr := ParsePublicSecurityNumber(ps); strings.TrimSpace(ps) == "" || perr == nil {
					t.Fatalf("FooterHTML(%q, %q) failed although both numbers parse: %v", number, ps, err)
				}
			}
			return
		}
		if nerr != nil || !n.Kind.IsWebsiteFooterNumber() {
			t.Fatalf("FooterHTML(%q) rendered %q for a number that is not a website's: %+v, %v", number, out, n, nerr)
		}
		want := `<a href="` + MIITURL + `" target="_blank" rel="noreferrer">` + FooterNumber(n) + `</a>`
		if !strings.HasPrefix(out, want) || !utf8.ValidString(out) {
			t.Fatalf("FooterHTML(%q) = %q, want it to start with %q", number, out, want)
		}
		if again, _ := FooterHTML(number, ps); again != out {
			t.Fatal("FooterHTML not deterministic")
		}
	})
}

func FuzzRegistrableDomain(f *testing.F) {
	for _, s := range []string{"www.example.com.cn", "例子.中国", "a.b.example.com", "user.github.io", "1.2.3.4", "", ".", "*.example.com", "_x.example.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := RegistrableDomain(s)
		if err != nil {
			return
		}
		again, err := RegistrableDomain(d)
		if err != nil || again != d {
			t.Fatalf("RegistrableDomain(%q) = %q, but RegistrableDomain(%q) = %q, %v", s, d, d, again, err)
		}
		n, err := NormalizeDomain(d)
		if err != nil || n != d {
			t.Fatalf("NormalizeDomain(%q) = %q, %v", d, n, err)
		}
		if !strings.Contains(d, ".") || len(d) > 253 {
			t.Fatalf("registrable domain %q of %q", d, s)
		}
	})
}
