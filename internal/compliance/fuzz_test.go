package compliance

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzScanHTML feeds hostile documents to the footer scanner and the
// evaluation: they must never panic, and what they report must be
// consistent with the page.
func FuzzScanHTML(f *testing.F) {
	for _, s := range []string{
		compliantPage,
		`<a href="//beian.miit.gov.cn"><span>京ICP备</span>１００４６４４４号－9</a>`,
		`<a href="https://beian.miit.gov.cn/"><a>粤ICP备2021012345号</a>`,
		`<script>京ICP备10046444号-9</script><!-- 浙ICP备12345678号 -->`,
		"<a href=\"\xff\">京ICP备10046444号-9\xff</a>",
		`<a href="%zz">京公网安备11010502030143号</a>`,
		`<<<a href=>>>京ICP备 10046444 号-9</`,
		"",
	} {
		f.Add([]byte(s), "text/html")
	}
	f.Add([]byte("<meta charset=gbk>\xd5\xe3ICP\xb1\xb812345678\xba\xc5-1"), "text/html; charset=gbk")
	base, _ := url.Parse("https://www.example.com/")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		p := ScanHTML(bytes.NewReader(DecodeHTML(body, contentType)), base)
		if len(p.ICP) > MaxOccurrences || len(p.PublicSecurity) > MaxOccurrences {
			t.Fatalf("more than %d occurrences", MaxOccurrences)
		}
		for _, o := range p.ICP {
			if o.Number.Serial == "" || !strings.Contains(o.Text, "号") || !utf8.ValidString(o.Number.String()) {
				t.Fatalf("bad occurrence %+v", o)
			}
			if o.Linked != hrefHostIs(o.Href, MIITHost) {
				t.Fatalf("linked %v for href %q", o.Linked, o.Href)
			}
		}
		for _, o := range p.PublicSecurity {
			if len(o.Number.Code) != 14 || (o.Linked && !hrefHostIs(o.Href, MPSHost)) {
				t.Fatalf("bad occurrence %+v", o)
			}
		}
		r := Evaluate(p, Expectations{})
		if r.Compliant() != (r.ICPLinkedToMIIT && (r.PublicSecurityNumberFound == "" || r.PublicSecurityLinkedToMPS) && len(r.Problems) == 0) {
			t.Fatalf("inconsistent report %+v", r)
		}
		if r.ICPNumberFound == "" && r.Compliant() {
			t.Fatal("compliant without an ICP number")
		}
	})
}
