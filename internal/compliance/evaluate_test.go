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
		{name: "wrong site index", page: link("浙ICP备12345678号-2"), wantICP: "浙ICP备12345678号-1",
			want: want{icpFound: "浙ICP备12345678号-2", icpLink: true, problems: []string{"expected 浙ICP备12345678号-1 but the page shows 浙ICP备12345678号-2"}}},
		{name: "entity number shown outside Guangdong", page: link("浙ICP备12345678号"), wantICP: "浙ICP备12345678号-1",
			want: want{icpFound: "浙ICP备12345678号", icpLink: true, problems: []string{"expected 浙ICP备12345678号-1 but the page shows 浙ICP备12345678号; sites filed outside Guangdong (粤) show the website number"}}},
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
		{name: "public security on the retired host", page: link("浙ICP备12345678号-1") + `<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33010602011234">` + psZJ + `</a>`,
			want: want{icpFound: "浙ICP备12345678号-1", icpLink: true, psFound: psZJ, problems: []string{"on the retired host www.beian.gov.cn"}}},
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
			if r.Compliant() != (len(tt.want.problems) == 0) {
				t.Errorf("Compliant() = %v with problems %q", r.Compliant(), r.Problems)
			}
		})
	}
}
