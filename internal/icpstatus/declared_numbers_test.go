package icpstatus

import (
	"context"
	"strings"
	"testing"
)

// Declarations take every real form of a website's record number or entity
// number (internal/icp's model), and refuse an app's number.
func TestNewDeclaredRealNumbers(t *testing.T) {
	d, err := NewDeclared(map[string]string{
		"baidu.com":      "京ICP证030173号-1",  // a website under a licence (ICP证)
		"qq.com":         "粤B2-20090059-5",  // a website under a B2 licence
		"10jqka.com.cn":  "B2-20080207",     // a cross-regional licence, no province
		"example.com.cn": "京ICP备 10046444号", // a space inside, as footers write it
	})
	if err != nil {
		t.Fatal(err)
	}
	for domain, want := range map[string][2]string{
		"baidu.com":      {"京ICP证030173号", "京ICP证030173号-1"},
		"qq.com":         {"粤B2-20090059", "粤B2-20090059-5"},
		"10jqka.com.cn":  {"B2-20080207", ""},
		"example.com.cn": {"京ICP备10046444号", ""},
	} {
		a, err := d.Lookup(context.Background(), domain)
		if err != nil || !a.Approved() || a.ICPNumber != want[0] || a.SiteRecordNumber != want[1] {
			t.Errorf("%s: %+v, %v; want entity %q, website %q", domain, a, err, want[0], want[1])
		}
	}
	_, err = NewDeclared(map[string]string{"example.com": "陕ICP备2024026116号-1A"})
	for _, part := range []string{`declared_filings["example.com"]`, "the record number of an app (App备案号)", "陕ICP备2024026116号-<N>", "entity number 陕ICP备2024026116号"} {
		if err == nil || !strings.Contains(err.Error(), part) {
			t.Errorf("declaring an app's number: %v; want an error containing %q", err, part)
		}
	}
}
