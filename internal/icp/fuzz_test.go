package icp

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Seeds beyond testdata/fuzz, shared by the number parsers.
var numberSeeds = []string{
	"京ICP备10046444号-9", "粤ICP备2021012345号", "蜀ICP备12345678号-2", "京ICP备１００４６４４４号－９",
	"浙B2-20080101", "京ICP证030173号", "京公网安备11010502030143号", "甘公网安备62010202000001号",
	"", "京", "号", "-", "京ICP备", "\xff",
}

func FuzzParseFilingNumber(f *testing.F) {
	for _, s := range numberSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseFilingNumber(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		c := n.String()
		m, err := ParseFilingNumber(c)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", c, s, err)
		}
		n.Raw, m.Raw = "", ""
		if n != m {
			t.Fatalf("round trip of %q: %+v != %+v", s, n, m)
		}
		if m.String() != c || !utf8.ValidString(c) {
			t.Fatalf("String not stable: %q vs %q", m.String(), c)
		}
		e, err := ParseFilingNumber(n.EntityNumber())
		if err != nil || e.IsSiteNumber || e.Serial != n.Serial || e.Province != n.Province {
			t.Fatalf("entity number %q: %+v, %v", n.EntityNumber(), e, err)
		}
		if n.IsSiteNumber != (n.SiteIndex > 0) || len(n.Serial) < 6 || len(n.Serial) > 10 {
			t.Fatalf("invariants broken: %+v", n)
		}
	})
}

func FuzzParseLicense(f *testing.F) {
	for _, s := range numberSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLicense(s)
		if err != nil {
			return
		}
		c := l.String()
		m, err := ParseLicense(c)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", c, s, err)
		}
		l.Raw, m.Raw = "", ""
		if l != m || m.String() != c {
			t.Fatalf("round trip of %q: %+v != %+v", s, l, m)
		}
		if l.Kind != LicenseKindB2 && l.Kind != LicenseKindICP {
			t.Fatalf("kind %q", l.Kind)
		}
	})
}

func FuzzParsePublicSecurityNumber(f *testing.F) {
	for _, s := range numberSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParsePublicSecurityNumber(s)
		if err != nil {
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
		if len(n.Code) != 14 || n.Code[:2] != n.Province.Code || !strings.HasSuffix(n.QueryURL(), n.Code) {
			t.Fatalf("invariants broken: %+v", n)
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
