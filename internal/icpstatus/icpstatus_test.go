package icpstatus

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

type fakeSource struct {
	ans icp.Answer
	err error
}

func (f fakeSource) Lookup(_ context.Context, reg string) (icp.Answer, error) {
	a := f.ans
	a.Domain = reg
	return a, f.err
}

func TestNewDeclared(t *testing.T) {
	d, err := NewDeclared(map[string]string{"WWW.Example.com.cn": "沪ICP备2026000002号-3", "例子.中国": "京ICP备2026000003号"})
	if err != nil {
		t.Fatal(err)
	}
	n, ok := d["example.com.cn"]
	if !ok || n.String() != "沪ICP备2026000002号-3" {
		t.Fatalf("declared keys are normalised to registrable domains: %+v", d)
	}
	if _, ok := d["xn--fsqu00a.xn--fiqs8s"]; !ok {
		t.Fatalf("IDN key not normalised to punycode: %+v", d)
	}
	for in, want := range map[string]string{"com.cn": "public suffix", "example.com": "serial"} {
		_, err := NewDeclared(map[string]string{in: "沪ICP备12号"})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "declared_filings[") {
			t.Errorf("NewDeclared(%q) = %v, want an error naming declared_filings and %q", in, err, want)
		}
	}
}

func TestDeclaredLookupIsApprovedButUnverified(t *testing.T) {
	d, _ := NewDeclared(map[string]string{"example.com": "京ICP备2026000003号-2"})
	a, err := d.Lookup(context.Background(), "example.com")
	if err != nil || !a.Approved() || a.Verified || a.ICPNumber != "京ICP备2026000003号" || a.SiteRecordNumber != "京ICP备2026000003号-2" {
		t.Fatalf("declared answer = %+v, %v", a, err)
	}
	a, _ = d.Lookup(context.Background(), "other.com")
	if a.Approved() || a.Status != icp.NotApproved {
		t.Fatalf("an undeclared domain is not approved: %+v", a)
	}
}

func TestChain(t *testing.T) {
	ctx := context.Background()
	declared, _ := NewDeclared(map[string]string{"declared.com": "京ICP备2026000003号"})
	approved := fakeSource{ans: icp.Answer{Status: icp.Approved, Source: SourceCompanyreg, Verified: true, ICPNumber: "浙ICP备2026000001号"}}
	notApproved := fakeSource{ans: icp.Answer{Status: icp.NotApproved, Source: SourceCompanyreg, Verified: true, Evidence: "not in the list"}}
	failing := fakeSource{ans: icp.Answer{Status: icp.Unknown, Source: SourceCompanyreg, Evidence: "API failed"}, err: errors.New("boom")}

	if a, err := (Chain{Primary: approved, Declared: declared}).Lookup(ctx, "x.com"); err != nil || !a.Verified || a.Source != SourceCompanyreg {
		t.Errorf("the primary's approval wins: %+v %v", a, err)
	}
	if a, _ := (Chain{Primary: notApproved, Declared: declared}).Lookup(ctx, "declared.com"); !a.Approved() || a.Verified || a.Source != SourceDeclared || !strings.Contains(a.Evidence, "not in the list") {
		t.Errorf("a declaration fills in for a filing made elsewhere, unverified, keeping the primary's evidence: %+v", a)
	}
	if a, err := (Chain{Primary: failing, Declared: declared}).Lookup(ctx, "declared.com"); err != nil || !a.Approved() {
		t.Errorf("a declaration also covers a failing primary: %+v %v", a, err)
	}
	if a, err := (Chain{Primary: failing, Declared: declared}).Lookup(ctx, "x.com"); err == nil || a.Status != icp.Unknown {
		t.Errorf("a failing primary without declaration is unknown with the error: %+v %v", a, err)
	}
	if a, _ := (Chain{Declared: declared}).Lookup(ctx, "x.com"); a.Approved() || a.Source != SourceDeclared {
		t.Errorf("icp_source = declared answers from the declarations only: %+v", a)
	}
}

func TestCoversDomain(t *testing.T) {
	for _, c := range []struct {
		entry, reg string
		want       bool
	}{
		{"example.com", "example.com", true},
		{"www.example.com", "example.com", true},
		{"EXAMPLE.COM.", "example.com", true},
		{"例子.中国", "xn--fsqu00a.xn--fiqs8s", true},
		{"example.com.cn", "example.com", false},
		{"shop.example.com", "example.com", false},
	} {
		if got := coversDomain(c.entry, c.reg); got != c.want {
			t.Errorf("coversDomain(%q, %q) = %v, want %v", c.entry, c.reg, got, c.want)
		}
	}
}
