package icp

import (
	"strings"
	"testing"
)

func TestFooterHTML(t *testing.T) {
	const miit = `<a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">`
	tests := []struct {
		icp, ps, want string
		errParts      []string
	}{
		{
			icp:  "京ICP备10046444号-9",
			ps:   "京公网安备11010502030143号",
			want: miit + `京ICP备10046444号-9</a> <a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143" target="_blank" rel="noreferrer">京公网安备11010502030143号</a>`,
		},
		{
			icp:  " 浙ICP备12345678号－2 ",
			want: miit + `浙ICP备12345678号-2</a>`,
		},
		{ // Guangdong shows the entity number
			icp:  "粤ICP备2021012345号-3",
			ps:   "粤公网安备44030502000001号",
			want: miit + `粤ICP备2021012345号</a> <a href="https://beian.mps.gov.cn/#/query/webSearch?code=44030502000001" target="_blank" rel="noreferrer">粤公网安备44030502000001号</a>`,
		},
		{ // an entity number elsewhere is shown as given
			icp:  "沪ICP备12345678号",
			ps:   "   ",
			want: miit + `沪ICP备12345678号</a>`,
		},
		{ // baidu.com: a website under a licence shows the licence number, as www.baidu.com does
			icp:  "京ICP证030173号-1",
			ps:   "京公网安备 11000002000001号",
			want: miit + `京ICP证030173号</a> <a href="https://beian.mps.gov.cn/#/query/webSearch?code=11000002000001" target="_blank" rel="noreferrer">京公网安备11000002000001号</a>`,
		},
		{ // qq.com
			icp:  "粤B2-20090059-5",
			want: miit + `粤B2-20090059</a>`,
		},
		{ // a cross-regional licence
			icp:  "B2-20080207-1",
			want: miit + `B2-20080207</a>`,
		},
		{icp: "陕ICP备2024026116号-1A", errParts: []string{"the record number of an app (App备案号), not of a website", "陕ICP备2024026116号-<N>", "e.g. 陕ICP备2024026116号-1"}},
		{icp: "粤B2-20090059-1626X", errParts: []string{"a mini-program (小程序备案号)", "粤B2-20090059-<N>"}},
		{icp: "<script>", errParts: []string{"province abbreviation (such as 京, 沪 or 粤) is missing"}},
		{icp: "京ICP备10046444号-9", ps: "京公网安备31010502030143号", errParts: []string{"public security filing number", "division code"}},
		{icp: "", errParts: []string{"empty"}},
	}
	for _, tt := range tests {
		got, err := FooterHTML(tt.icp, tt.ps)
		if len(tt.errParts) > 0 {
			if err == nil {
				t.Errorf("FooterHTML(%q, %q) = %q, want error", tt.icp, tt.ps, got)
				continue
			}
			for _, p := range tt.errParts {
				if !strings.Contains(err.Error(), p) {
					t.Errorf("FooterHTML(%q, %q) error %q lacks %q", tt.icp, tt.ps, err, p)
				}
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("FooterHTML(%q, %q) =\n%q, %v\nwant\n%q", tt.icp, tt.ps, got, err, tt.want)
		}
		again, _ := FooterHTML(tt.icp, tt.ps)
		if again != got {
			t.Error("FooterHTML not deterministic")
		}
	}
	var b strings.Builder
	writeLink(&b, `https://x/?a=1&b="2"`, `<b>&</b>`)
	if want := `<a href="https://x/?a=1&amp;b=&#34;2&#34;" target="_blank" rel="noreferrer">&lt;b&gt;&amp;&lt;/b&gt;</a>`; b.String() != want {
		t.Errorf("writeLink escaping: %q", b.String())
	}
}

func TestParseWebsiteNumber(t *testing.T) {
	for _, tc := range []struct{ in, wantErr string }{
		{"京ICP备10046444号-1", ""},
		{"京ICP备10046444号", ""},
		{"陕ICP备2024026116号-1A", "not of a website"},
		{"ICP 12345", "ICP"},
	} {
		n, err := ParseWebsiteNumber(tc.in)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("ParseWebsiteNumber(%q) = %v", tc.in, err)
		case tc.wantErr == "" && !n.Kind.IsWebsiteFooterNumber():
			t.Errorf("ParseWebsiteNumber(%q) accepted kind %v", tc.in, n.Kind)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("ParseWebsiteNumber(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
		}
	}
}
