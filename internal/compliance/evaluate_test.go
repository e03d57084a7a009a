package compliance

import (
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

func mustICP(t *testing.T, s string) *icp.FilingNumber {
	t.Helper()
	n, err := icp.ParseFilingNumber(s)
	if err != nil {
		t.Fatal(err)
	}
	return &n
}

func mustPS(t *testing.T, s string) *icp.PublicSecurityNumber {
	t.Helper()
	n, err := icp.ParsePublicSecurityNumber(s)
	if err != nil {
		t.Fatal(err)
	}
	return &n
}

const (
	miitLink = `<a href="https://beian.miit.gov.cn/">%s</a>`
	psZJ     = "浙公网安备33010602011234号"
	psZJLink = `<a href="https://beian.mps.gov.cn/#/query/webSearch?code=33010602011234">` + psZJ + `</a>`
)

func link(n string) string { return strings.Replace(miitLink, "%s", n, 1) }

func TestComplianceEvaluate(t *testing.T) {
	type want struct {
		icpFound string
		icpLink  bool
		psFound  string
		psLink   bool
		problems []string // each problem must contain its string, in order
		notes    []string // likewise for the notes
	}
	tests := []struct {
		name    string
		page    string
		wantICP string
		wantPS  string
		want    want
	}{
		{name: "compliant without expectations", page: link("浙ICP备12345678号-1"),
			want: want{icpFound: "浙ICP备12345678号-1", icpLink: true}},
		{name: "compliant with both expectations", page: link("浙ICP备12345678号-1") + psZJLink, wantICP: "浙ICP备12345678号-1", wantPS: psZJ,
			want: want{icpFound: "浙ICP备12345678号-1", icpLink: true, psFound: psZJ, psLink: true}},
		{name: "no number at all", page: "<p>hello</p>",
			want: want{problems: []string{"the page shows no ICP filing number (ICP备案号)"}}},
		{name: "no number, expected one", page: "<p>hello</p>", wantICP: "浙ICP备12345678号-1",
			want: want{problems: []string{"expected 浙ICP备12345678号-1 but the page shows no ICP filing number (ICP备案号)"}}},
		{name: "another website of the entity", page: link("浙ICP备12345678号-2"), wantICP: "浙ICP备12345678号-1",
			want: want{icpFound: "浙ICP备12345678号-2", icpLink: true, problems: []string{"expected 浙ICP备12345678号-1 but the page shows 浙ICP备12345678号-2, the record number of another website of the same entity: show 浙ICP备12345678号-1 or the entity number 浙ICP备12345678号"}}},
		{name: "another entity", page: link("浙ICP备87654321号-1"), wantICP: "浙ICP备12345678号-1",
			want: want{icpFound: "浙ICP备87654321号-1", icpLink: true, problems: []string{"expected 浙ICP备12345678号-1 but the page shows 浙ICP备87654321号-1, the number of another entity (主体) than 浙ICP备12345678号"}}},
		{name: "an app's number where the website's is expected", page: link("陕ICP备2024026116号-1A"), wantICP: "陕ICP备2024026116号-1",
			want: want{icpFound: "陕ICP备2024026116号-1A", icpLink: true, problems: []string{"expected 陕ICP备2024026116号-1 but the page shows 陕ICP备2024026116号-1A, the record number of an app (App备案号) of the same entity, not of this website"}}},
		{name: "an app's number where the entity's is expected", page: link("陕ICP备2024026116号-1A"), wantICP: "陕ICP备2024026116号",
			want: want{icpFound: "陕ICP备2024026116号-1A", icpLink: true, problems: []string{"the record number of an app (App备案号) of the same entity"}}},
		{name: "only a mini-program's number, no expectation", page: link("粤B2-20090059-1626X"),
			want: want{icpFound: "粤B2-20090059-1626X", icpLink: true, problems: []string{"the page shows 粤B2-20090059-1626X, the record number of a mini-program (小程序备案号), not of a website"}}},
		{name: "a website number is preferred over an app's", page: link("陕ICP备2024026116号-1A") + link("陕ICP备2024026116号-2"),
			want: want{icpFound: "陕ICP备2024026116号-2", icpLink: true}},
		{name: "baidu.com: website record under a licence, as the issue quotes it", page: link("京ICP证030173号-1"), wantICP: "京ICP证030173号-1",
			want: want{icpFound: "京ICP证030173号-1", icpLink: true}},
		{name: "baidu.com's footer: the licence number, the old public security address", page: `<p><a href="//beian.miit.gov.cn/" target="_blank">京ICP证030173号</a></p>` +
			`<p><a href="//www.beian.gov.cn/portal/registerSystemInfo?recordcode=11000002000001" target="_blank">京公网安备11000002000001号</a></p>`,
			wantICP: "京ICP证030173号-1", wantPS: "京公网安备11000002000001号",
			want: want{icpFound: "京ICP证030173号", icpLink: true, psFound: "京公网安备11000002000001号", psLink: true,
				notes: []string{"links to https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11000002000001 on www.beian.gov.cn, the filing system's old address; it counts, but the current address of its record is https://beian.mps.gov.cn/#/query/webSearch?code=11000002000001"}}},
		{name: "qq.com: the licence and the cross-regional licence", page: `<p>增值电信业务经营许可证: <a href="https://beian.miit.gov.cn">粤B2-20090059</a> B2-20090028</p>`, wantICP: "粤B2-20090059-5",
			want: want{icpFound: "粤B2-20090059", icpLink: true}},
		{name: "a cross-regional licence's website", page: link("B2-20080207-1"), wantICP: "B2-20080207",
			want: want{icpFound: "B2-20080207-1", icpLink: true}},
		{name: "a provincial licence is not the cross-regional one", page: link("浙B2-20080207"), wantICP: "B2-20080207",
			want: want{icpFound: "浙B2-20080207", icpLink: true, problems: []string{"the number of another entity"}}},
		{name: "MIIT links with www, http, a path, a query", page: `<a href="http://www.beian.miit.gov.cn/publish/query/indexFirst.action">京ICP备10046444号-1</a>` +
			`<a href="https://beian.miit.gov.cn/#/Integrated/index?x=1">京ICP备10046444号-2</a>`, wantICP: "京ICP备10046444号-2",
			want: want{icpFound: "京ICP备10046444号-2", icpLink: true}},
		{name: "MIIT link with www", page: `<a href="http://www.beian.miit.gov.cn/publish/query/indexFirst.action">京ICP备10046444号-1</a>`, wantICP: "京ICP备10046444号-1",
			want: want{icpFound: "京ICP备10046444号-1", icpLink: true}},
		{name: "entity number shown outside Guangdong: either number complies", page: link("浙ICP备12345678号"), wantICP: "浙ICP备12345678号-1",
			want: want{icpFound: "浙ICP备12345678号", icpLink: true}},
		{name: "Guangdong shows the entity number", page: link("粤ICP备2021012345号"), wantICP: "粤ICP备2021012345号-3",
			want: want{icpFound: "粤ICP备2021012345号", icpLink: true}},
		{name: "expected entity number accepts a website number", page: link("京ICP备10046444号-9"), wantICP: "京ICP备10046444号",
			want: want{icpFound: "京ICP备10046444号-9", icpLink: true}},
		{name: "alternative province abbreviation is the same filing", page: link("川ICP备12345678号-2"), wantICP: "蜀ICP备12345678号-2",
			want: want{icpFound: "川ICP备12345678号-2", icpLink: true}},
		{name: "matching number preferred over an earlier other one", page: "<p>合作方 京ICP备10046444号</p>" + link("浙ICP备12345678号-1"), wantICP: "浙ICP备12345678号-1",
			want: want{icpFound: "浙ICP备12345678号-1", icpLink: true}},
		{name: "linked number preferred without expectation", page: "<p>浙ICP备12345678号</p>" + link("浙ICP备12345678号-1"),
			want: want{icpFound: "浙ICP备12345678号-1", icpLink: true}},
		{name: "not linked", page: "<footer>浙ICP备12345678号-1</footer>",
			want: want{icpFound: "浙ICP备12345678号-1", problems: []string{"ICP filing number (ICP备案号) 浙ICP备12345678号-1 is shown but not linked; make it a link to https://beian.miit.gov.cn/"}}},
		{name: "linked elsewhere", page: `<a href="https://example.com/icp">浙ICP备12345678号-1</a>`,
			want: want{icpFound: "浙ICP备12345678号-1", problems: []string{"links to https://example.com/icp, not to the official site"}}},
		{name: "retired MIIT host", page: `<a href="http://www.miitbeian.gov.cn">浙ICP备12345678号-1</a>`,
			want: want{icpFound: "浙ICP备12345678号-1", problems: []string{"on the retired host www.miitbeian.gov.cn; link it to https://beian.miit.gov.cn/"}}},
		{name: "older retired MIIT host", page: `<a href="http://www.miibeian.gov.cn">京ICP证030173号</a>`,
			want: want{icpFound: "京ICP证030173号", problems: []string{"on the retired host www.miibeian.gov.cn"}}},
		{name: "wrong number and not linked: two problems", page: "<p>浙ICP备12345678号-2</p>", wantICP: "浙ICP备12345678号-1",
			want: want{icpFound: "浙ICP备12345678号-2", problems: []string{"expected 浙ICP备12345678号-1 but the page shows 浙ICP备12345678号-2", "is shown but not linked"}}},
		{name: "public security number expected but missing", page: link("浙ICP备12345678号-1"), wantPS: psZJ,
			want: want{icpFound: "浙ICP备12345678号-1", icpLink: true, problems: []string{"expected public security filing number (公安联网备案号) 浙公网安备33010602011234号 but the page shows none; show it linked to https://beian.mps.gov.cn/#/query/webSearch?code=33010602011234"}}},
		{name: "public security number wrong", page: link("浙ICP备12345678号-1") + `<a href="https://beian.mps.gov.cn/#/query/webSearch?code=33010602019999">浙公网安备33010602019999号</a>`, wantPS: psZJ,
			want: want{icpFound: "浙ICP备12345678号-1", icpLink: true, psFound: "浙公网安备33010602019999号", psLink: true, problems: []string{"expected public security filing number (公安联网备案号) 浙公网安备33010602011234号 but the page shows 浙公网安备33010602019999号"}}},
		{name: "public security number shown unlinked without expectation", page: link("浙ICP备12345678号-1") + "<p>" + psZJ + "</p>",
			want: want{icpFound: "浙ICP备12345678号-1", icpLink: true, psFound: psZJ, problems: []string{"public security filing number (公安联网备案号) 浙公网安备33010602011234号 is shown but not linked"}}},
		{name: "public security link to another record", page: link("浙ICP备12345678号-1") + `<a href="https://beian.mps.gov.cn/#/query/webSearch?code=33010602019999">` + psZJ + `</a>`,
			want: want{icpFound: "浙ICP备12345678号-1", icpLink: true, psFound: psZJ, psLink: true, problems: []string{"links to the record of code 33010602019999"}}},
		{name: "public security on the old address counts, with a note", page: link("浙ICP备12345678号-1") + `<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33010602011234">` + psZJ + `</a>`,
			want: want{icpFound: "浙ICP备12345678号-1", icpLink: true, psFound: psZJ, psLink: true, notes: []string{"the filing system's old address; it counts"}}},
		{name: "the old address with another record's code", page: link("浙ICP备12345678号-1") + `<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33010602019999">` + psZJ + `</a>`,
			want: want{icpFound: "浙ICP备12345678号-1", icpLink: true, psFound: psZJ, psLink: true, problems: []string{"links to the record of code 33010602019999"}, notes: []string{"old address"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var exp Expectations
			if tt.wantICP != "" {
				exp.ICP = mustICP(t, tt.wantICP)
			}
			if tt.wantPS != "" {
				exp.PublicSecurity = mustPS(t, tt.wantPS)
			}
			r := Evaluate(scan(t, tt.page), exp)
			if r.ICPNumberFound != tt.want.icpFound || r.ICPLinkedToMIIT != tt.want.icpLink ||
				r.PublicSecurityNumberFound != tt.want.psFound || r.PublicSecurityLinkedToMPS != tt.want.psLink {
				t.Errorf("found ICP %q linked %v, PS %q linked %v; want %+v", r.ICPNumberFound, r.ICPLinkedToMIIT,
					r.PublicSecurityNumberFound, r.PublicSecurityLinkedToMPS, tt.want)
			}
			if len(r.Problems) != len(tt.want.problems) {
				t.Fatalf("problems %q; want %d containing %q", r.Problems, len(tt.want.problems), tt.want.problems)
			}
			for i, p := range tt.want.problems {
				if !strings.Contains(r.Problems[i], p) {
					t.Errorf("problem %d = %q; want it to contain %q", i, r.Problems[i], p)
				}
			}
			if len(r.Notes) != len(tt.want.notes) {
				t.Fatalf("notes %q; want %d containing %q", r.Notes, len(tt.want.notes), tt.want.notes)
			}
			for i, n := range tt.want.notes {
				if !strings.Contains(r.Notes[i], n) {
					t.Errorf("note %d = %q; want it to contain %q", i, r.Notes[i], n)
				}
			}
			if r.Compliant() != (len(tt.want.problems) == 0) {
				t.Errorf("Compliant() = %v with problems %q", r.Compliant(), r.Problems)
			}
		})
	}
}
