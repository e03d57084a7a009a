package compliance

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func scan(t *testing.T, page string) Page {
	t.Helper()
	base, _ := url.Parse("https://www.example.com/dir/index.html")
	return ScanHTML(strings.NewReader(page), base)
}

type seen struct {
	number string
	linked bool
	href   string
}

func icpSeen(p Page) []seen {
	var out []seen
	for _, o := range p.ICP {
		out = append(out, seen{o.Number.String(), o.Linked, o.Href})
	}
	return out
}

func psSeen(p Page) []seen {
	var out []seen
	for _, o := range p.PublicSecurity {
		out = append(out, seen{o.Number.String(), o.Linked, o.Href})
	}
	return out
}

func equalSeen(a, b []seen) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestComplianceScanHTML(t *testing.T) {
	const miit = "https://beian.miit.gov.cn/"
	tests := []struct {
		name string
		page string
		icp  []seen
		ps   []seen
	}{
		{
			name: "typical footer",
			page: `<!doctype html><html><body><main>内容</main><footer>
				<a href="https://beian.miit.gov.cn/" target="_blank">浙ICP备12345678号-1</a>
				<a href="https://beian.mps.gov.cn/#/query/webSearch?code=33010602011234"><img src="/ga.png">浙公网安备33010602011234号</a>
				</footer></body></html>`,
			icp: []seen{{"浙ICP备12345678号-1", true, miit}},
			ps:  []seen{{"浙公网安备33010602011234号", true, "https://beian.mps.gov.cn/#/query/webSearch?code=33010602011234"}},
		},
		{
			name: "number split over inline elements, entities, spaces and full-width",
			page: `<p>备案号：<A HREF=" //beian.miit.gov.cn/#/Integrated/index "><span>京ICP备</span><b>１００４６４４４</b>&#21495;－9</A></p>`,
			icp:  []seen{{"京ICP备10046444号-9", true, "https://beian.miit.gov.cn/#/Integrated/index"}},
		},
		{
			name: "plain text, not linked; spaces inside the number",
			page: `<div>沪ICP备 05000001号-12</div><div>京公网安备 11010502030143号</div>`,
			icp:  []seen{{"沪ICP备05000001号-12", false, ""}},
			ps:   []seen{{"京公网安备11010502030143号", false, ""}},
		},
		{
			name: "link elsewhere, relative link, http scheme, upper-case host",
			page: `<a href="https://example.org/">粤ICP备2021012345号</a> <a href="/beian">苏ICP备12345678号-3</a> <a href="HTTP://BEIAN.MIIT.GOV.CN.">蜀ICP备12345678号-2</a>`,
			icp: []seen{
				{"粤ICP备2021012345号", false, "https://example.org/"},
				{"苏ICP备12345678号-3", false, "https://www.example.com/beian"},
				{"蜀ICP备12345678号-2", true, "http://BEIAN.MIIT.GOV.CN."},
			},
		},
		{
			name: "only part of the number inside the link",
			page: `<a href="https://beian.miit.gov.cn/">浙ICP备12345678号</a>-1`,
			icp:  []seen{{"浙ICP备12345678号-1", false, ""}},
		},
		{
			name: "comments, scripts, styles, templates and noscript are not page text",
			page: `<!-- <a href="https://beian.miit.gov.cn/">浙ICP备11111111号-1</a> -->
				<script>var f = '<a href="https://beian.miit.gov.cn/">浙ICP备22222222号-1</a>';</script>
				<script/>var g = "浙ICP备66666666号-1";</script>
				<style>/* 浙ICP备33333333号-1 */</style><template><a href="https://beian.miit.gov.cn/">浙ICP备44444444号-1</a></template>
				<noscript>浙ICP备55555555号-1</noscript><p>京ICP备10046444号-9</p>`,
			icp: []seen{{"京ICP备10046444号-9", false, ""}},
		},
		{
			name: "invalid candidates are dropped, a too long site index falls back to the entity",
			page: `<p>京ICP备123号 港ICP备12345678号 浙公网安备11010502030143号 京ICP备10046444号-20240101</p>`,
			icp:  []seen{{"京ICP备10046444号", false, ""}},
		},
		{
			name: "block elements separate numbers; a dash before text is no site index",
			page: `<ul><li>京ICP备10046444号</li><li>-9</li></ul><p>粤ICP备2021012345号-<a href="x">更多</a></p>`,
			icp:  []seen{{"京ICP备10046444号", false, ""}, {"粤ICP备2021012345号", false, ""}},
		},
		{
			name: "an <a> start tag closes the open link; <a> without href is no link",
			page: `<a href="https://beian.miit.gov.cn/">京ICP备10046444号-1<a>京ICP备10046444号-2</a><a href="https://beian.miit.gov.cn/"/>京ICP备10046444号-3`,
			icp: []seen{
				{"京ICP备10046444号-1", true, miit},
				{"京ICP备10046444号-2", false, ""},
				{"京ICP备10046444号-3", true, miit},
			},
		},
		{
			name: "a retired MIIT host is not linked; the old public security address is",
			page: `<a href="http://www.miitbeian.gov.cn/">京ICP备10046444号-9</a><a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11010502030143">京公网安备11010502030143号</a>`,
			icp:  []seen{{"京ICP备10046444号-9", false, "http://www.miitbeian.gov.cn/"}},
			ps:   []seen{{"京公网安备11010502030143号", true, "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11010502030143"}},
		},
		{
			name: "MIIT with www, any path",
			page: `<a href="http://www.beian.miit.gov.cn/publish/query/indexFirst.action">粤B2-20090191-18</a>`,
			icp:  []seen{{"粤B2-20090191-18", true, "http://www.beian.miit.gov.cn/publish/query/indexFirst.action"}},
		},
		{
			name: "licence numbers: provincial, cross-regional, combined, with 号, with a website index",
			page: `<p>增值电信业务经营许可证: 粤B2-20090059 B2-20090028</p><p>经营许可证编号：A2.B1.B2-20090003</p>` +
				`<p>按许可证粤B2-20090059号文办</p><p>ICP证：<a href="https://beian.miit.gov.cn/">浙B2-20080224-1</a></p>`,
			icp: []seen{
				{"粤B2-20090059", false, ""}, {"B2-20090028", false, ""}, {"A2.B1.B2-20090003", false, ""},
				{"粤B2-20090059", false, ""}, {"浙B2-20080224-1", true, miit},
			},
		},
		{
			name: "licences of other categories, licences inside words and longer digit runs are not numbers",
			page: `<p>IDC/ISP证：湘B1-20130093 粤B2-20051052</p><p>SUB2-20130376.png B2-200802071 浙D3-20210002</p>`,
			icp:  []seen{{"粤B2-20051052", false, ""}},
		},
		{
			name: "app, mini-program and quick-app letters; a word after the index is not a letter",
			page: `<p>陕ICP备2024026116号-1A</p><p>津ICP备2024011617号-2X</p><p>京ICP备10046444号-4ｋ</p>` +
				`<p><span>京ICP备10046444号-1</span><span>About us</span></p><p>京ICP备10046444号-2Copyright</p>`,
			icp: []seen{
				{"陕ICP备2024026116号-1A", false, ""}, {"津ICP备2024011617号-2X", false, ""}, {"京ICP备10046444号-4K", false, ""},
				{"京ICP备10046444号-1", false, ""}, {"京ICP备10046444号-2", false, ""},
			},
		},
		{
			name: "numbers glued to the next one, spaces inside (bilibili.com, China Telecom)",
			page: `<p>沪ICP备13002172号-3沪ICP证：沪B2-20100043 |</p><p>ICP 证号：京 ICP 备 09031924号 客服</p>`,
			icp:  []seen{{"沪ICP备13002172号-3", false, ""}, {"沪B2-20100043", false, ""}, {"京ICP备09031924号", false, ""}},
		},
		{
			name: "javascript: hrefs and unterminated markup",
			page: `<a href="javascript:location='https://beian.miit.gov.cn/'">京ICP备10046444号-9</a><p><a href="https://beian.miit.gov.cn/">京ICP备10046444号-8`,
			icp:  []seen{{"京ICP备10046444号-9", false, "javascript:location='https://beian.miit.gov.cn/'"}, {"京ICP备10046444号-8", true, miit}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := scan(t, tt.page)
			if got := icpSeen(p); !equalSeen(got, tt.icp) {
				t.Errorf("ICP numbers:\n got  %+v\n want %+v", got, tt.icp)
			}
			if got := psSeen(p); !equalSeen(got, tt.ps) {
				t.Errorf("public security numbers:\n got  %+v\n want %+v", got, tt.ps)
			}
		})
	}
}

func TestComplianceScanHTMLBoundsOccurrences(t *testing.T) {
	page := strings.Repeat("<p>京ICP备10046444号-9</p>", MaxOccurrences+50)
	if n := len(scan(t, page).ICP); n != MaxOccurrences {
		t.Fatalf("got %d occurrences, want the cap %d", n, MaxOccurrences)
	}
}

// longASCIIHead is a <head> of more than a kilobyte of plain ASCII with no charset.
var longASCIIHead = "<!DOCTYPE html><html><head><title>Example</title>" +
	strings.Repeat(`<link rel="stylesheet" href="/static/css/site-styles.css">`+"\n", 40) + "</head><body>"

func TestComplianceDecodeHTML(t *testing.T) {
	const text = `<a href="https://beian.miit.gov.cn/">浙ICP备12345678号-1</a>`
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, body, contentType string
	}{
		{"header", gbk, "text/html; charset=GBK"},
		{"meta", `<html><head><meta charset="gb2312"></head><body>` + gbk, "text/html"},
		{"utf-8", text, "text/html; charset=utf-8"},
		// Nothing declared and more than a kilobyte of ASCII before the number: the
		// sniffer only sees ASCII and guesses windows-1252.
		{"undeclared utf-8 after a long ascii head", longASCIIHead + text, "text/html"},
		{"undeclared gbk after a long ascii head", longASCIIHead + gbk, "text/html"},
		{"undeclared utf-8 no content type", longASCIIHead + text, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := DecodeHTML([]byte(tc.body), tc.contentType)
			if !bytes.Contains(out, []byte("浙ICP备12345678号-1")) {
				t.Fatalf("decoded body %q lacks the number", out)
			}
			p := ScanHTML(bytes.NewReader(out), nil)
			if len(p.ICP) != 1 || !p.ICP[0].Linked {
				t.Fatalf("scan of decoded body: %+v", p.ICP)
			}
		})
	}
	// Without decoding, GBK bytes hide the number: the decoding matters.
	if p := ScanHTML(strings.NewReader(gbk), nil); len(p.ICP) != 0 {
		t.Fatalf("GBK bytes scanned as UTF-8 found %+v", p.ICP)
	}
}

// BenchmarkScanHTML scans a 200 KB page whose footer carries the numbers of
// a large site (licence, website number, cross-regional licence, public
// security number) — the work of one beian_site_compliance read.
func BenchmarkScanHTML(b *testing.B) {
	page := []byte("<!doctype html><html><body><main>" + strings.Repeat(`<p class="item">新闻标题 2026-01-01 阅读 12345 评论 678 <a href="/n/1">更多</a></p>`, 2000) +
		`</main><footer>增值电信业务经营许可证: <a href="https://beian.miit.gov.cn/">粤B2-20090059-5</a> B2-20090028 ` +
		`<a href="https://beian.mps.gov.cn/#/query/webSearch?code=44030002000001">粤公网安备44030002000001号</a></footer></body></html>`)
	base, _ := url.Parse("https://www.example.com/")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if p := ScanHTML(bytes.NewReader(page), base); len(p.ICP) != 2 || len(p.PublicSecurity) != 1 {
			b.Fatalf("scan found %d ICP and %d public security numbers", len(p.ICP), len(p.PublicSecurity))
		}
	}
}
