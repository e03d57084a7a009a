package compliance

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/icp/icptest"
)

// FuzzScanHTML feeds hostile documents to the footer scanner and the
// evaluation: what they report must be consistent with the page — every
// number found parses back from its own text, its link flag matches its
// href, and a compliant report stays compliant when its number is expected.
func FuzzScanHTML(f *testing.F) {
	for _, s := range []string{
		compliantPage,
		`<a href="//beian.miit.gov.cn"><span>京ICP备</span>１００４６４４４号－9</a>`,
		`<a href="https://beian.miit.gov.cn/"><a>粤ICP备2021012345号</a>`,
		`<script>京ICP备10046444号-9</script><!-- 浙ICP备12345678号 -->`,
		"<a href=\"\xff\">京ICP备10046444号-9\xff</a>",
		`<a href="%zz">京公网安备11010502030143号</a>`,
		`<<<a href=>>>京ICP备 10046444 号-9</`,
		`<a href="//beian.miit.gov.cn/">京ICP证030173号</a><a href="//www.beian.gov.cn/portal/registerSystemInfo?recordcode=11000002000001">京公网安备 11000002000001号</a>`,
		`<p>沪ICP备13002172号-3沪ICP证：沪B2-20100043</p><a href="http://www.beian.miit.gov.cn/x">陕ICP备2024026116号-1A</a>`,
		`<p>粤B2-20090059 B2-20090028 SUB2-20130376 B2-200802071 A2.B1.B2-20090003 京ICP备10046444号-1About</p>`,
		"",
	} {
		f.Add([]byte(s), "text/html")
	}
	for _, sp := range icptest.Spellings {
		f.Add([]byte(`<footer><a href="https://beian.miit.gov.cn/">`+sp.In+`</a></footer>`), "text/html")
	}
	f.Add([]byte("<meta charset=gbk>\xd5\xe3ICP\xb1\xb812345678\xba\xc5-1"), "text/html; charset=gbk")
	base, _ := url.Parse("https://www.example.com/")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		p := ScanHTML(bytes.NewReader(DecodeHTML(body, contentType)), base)
		if len(p.ICP) > MaxOccurrences || len(p.PublicSecurity) > MaxOccurrences {
			t.Fatalf("more than %d occurrences", MaxOccurrences)
		}
		for _, o := range p.ICP {
			// what was found is a number the parser reads back from the page text
			again, err := icp.ParseFilingNumber(o.Text)
			if err != nil || again.String() != o.Number.String() || !utf8.ValidString(o.Number.String()) {
				t.Fatalf("occurrence %+v does not parse back from its text: %+v, %v", o, again, err)
			}
			if o.Linked != hrefHostIn(o.Href, miitHosts) {
				t.Fatalf("linked %v for href %q", o.Linked, o.Href)
			}
		}
		for _, o := range p.PublicSecurity {
			again, err := icp.ParsePublicSecurityNumber(o.Text)
			if err != nil || again.Code != o.Number.Code || o.OldAddress != hrefHostIn(o.Href, []string{OldMPSHost}) ||
				o.Linked != (o.OldAddress || hrefHostIn(o.Href, []string{MPSHost})) {
				t.Fatalf("bad occurrence %+v (%v)", o, err)
			}
		}
		r := Evaluate(p, Expectations{})
		if r.Compliant() != (r.ICPLinkedToMIIT && (r.PublicSecurityNumberFound == "" || r.PublicSecurityLinkedToMPS) && len(r.Problems) == 0) {
			t.Fatalf("inconsistent report %+v", r)
		}
		if r.ICPNumberFound == "" && r.Compliant() {
			t.Fatal("compliant without an ICP number")
		}
		if r.Compliant() {
			// a compliant page shows a website footer number, and expecting that number keeps it compliant
			n, err := icp.ParseFilingNumber(r.ICPNumberFound)
			if err != nil || !n.Kind.IsWebsiteFooterNumber() {
				t.Fatalf("compliant with %q (%+v, %v)", r.ICPNumberFound, n, err)
			}
			if again := Evaluate(p, Expectations{ICP: &n}); !again.Compliant() {
				t.Fatalf("compliant without expectations, not when expecting the number found %s: %q", n, again.Problems)
			}
		}
	})
}

// FuzzFooterHTMLComplies checks that what icp.FooterHTML renders for any
// number is a compliant footer for that number: the functions footer_html and
// beian_site_compliance never disagree.
func FuzzFooterHTMLComplies(f *testing.F) {
	for _, sp := range icptest.Spellings {
		f.Add(sp.In, "")
	}
	for _, sp := range icptest.PublicSecuritySpellings {
		f.Add("京ICP证030173号-1", sp.In)
	}
	f.Add("粤ICP备2021012345号-3", "粤公网安备44030502000001号")
	base, _ := url.Parse("https://www.example.com/")
	f.Fuzz(func(t *testing.T, number, ps string) {
		footer, err := icp.FooterHTML(number, ps)
		if err != nil {
			return
		}
		want, err := icp.ParseFilingNumber(number)
		if err != nil {
			t.Fatalf("FooterHTML accepted %q, ParseFilingNumber does not: %v", number, err)
		}
		exp := Expectations{ICP: &want}
		if psn, err := icp.ParsePublicSecurityNumber(ps); err == nil {
			exp.PublicSecurity = &psn
		}
		page := "<html><body><main>内容</main><footer>" + footer + "</footer></body></html>"
		r := Evaluate(ScanHTML(bytes.NewReader([]byte(page)), base), exp)
		if !r.Compliant() || len(r.Notes) != 0 {
			t.Fatalf("footer_html(%q, %q) = %q is not compliant for its own numbers: problems %q, notes %q", number, ps, footer, r.Problems, r.Notes)
		}
	})
}

// FuzzMatchLines checks that the line-by-line search finds exactly what a
// search of the whole text finds, except candidates whose own text fails the
// line filter (no 号, no B2, no 公网安备), which the parsers reject anyway.
func FuzzMatchLines(f *testing.F) {
	for _, sp := range icptest.Spellings {
		f.Add(sp.In)
		f.Add("页脚\n" + sp.In + " 版权所有\nB1-20130131 京ICP备123")
	}
	f.Add("京公网安备 11010502030143号\n粤B2-20090059号-5\nＢ２－２００８０２０７")
	f.Add("B 2-20080207") // parses (spaces anywhere) but is no candidate: the scanner reads no space inside a category
	psLine := func(l string) bool { return strings.Contains(l, "公网安备") }
	f.Fuzz(func(t *testing.T, text string) {
		for _, c := range []struct {
			re       *regexp.Regexp
			mayMatch func(string) bool
		}{{icpCandidate, mayHoldICPNumber}, {psCandidate, psLine}} {
			got := map[[2]int]bool{}
			for _, m := range matchLines(c.re, text, c.mayMatch) {
				got[[2]int{m[0], m[1]}] = true
			}
			whole := map[[2]int]bool{}
			for _, m := range c.re.FindAllStringIndex(text, -1) {
				whole[[2]int{m[0], m[1]}] = true
				if !got[[2]int{m[0], m[1]}] && c.mayMatch(text[m[0]:m[1]]) {
					t.Fatalf("the line search misses %q at %v", text[m[0]:m[1]], m)
				}
			}
			for m := range got {
				if !whole[m] {
					t.Fatalf("the line search finds %q at %v, the whole-text search does not", text[m[0]:m[1]], m)
				}
			}
		}
		// the filters let every candidate the parsers accept through
		if _, err := icp.ParseFilingNumber(text); err == nil && icpParts.MatchString(text) && !mayHoldICPNumber(text) {
			t.Fatalf("the line filter drops %q, a candidate that parses", text)
		}
		if _, err := icp.ParsePublicSecurityNumber(text); err == nil && psCandidate.FindString(text) == text && !psLine(text) {
			t.Fatalf("the line filter drops %q, a candidate that parses", text)
		}
	})
}
