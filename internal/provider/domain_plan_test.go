package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
)

func TestDomainPlanWarnings(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, aliyun.ChinaTime)
	off, on := false, true
	summaries := func(ws []planWarning) string {
		var s []string
		for _, w := range ws {
			s = append(s, w.Attr+": "+w.Summary)
		}
		return strings.Join(s, "; ")
	}
	cases := []struct {
		name string
		f    domainFacts
		want []string // attributes warned about, in order
	}{
		{"healthy", domainFacts{Domain: "a.com", Expiration: now.AddDate(2, 0, 0), RealNameStatus: "SUCCEED", AutoRenew: &on}, nil},
		{"short registration", domainFacts{Domain: "a.com", Registering: true, Years: 2, AutoRenew: &on}, []string{"years"}},
		{"3 years is enough", domainFacts{Domain: "a.com", Registering: true, Years: 3, AutoRenew: &on}, nil},
		{"years only matter when registering", domainFacts{Domain: "a.com", Years: 1, AutoRenew: &on}, nil},
		{"real-name auditing", domainFacts{Domain: "a.com", RealNameStatus: "AUDITING"}, []string{"real_name_status"}},
		{"expires in 29 days, auto-renew off", domainFacts{Domain: "a.com", Expiration: now.AddDate(0, 0, 29), RealNameStatus: "SUCCEED", AutoRenew: &off}, []string{"auto_renew"}},
		{"expires in 31 days, auto-renew off", domainFacts{Domain: "a.com", Expiration: now.AddDate(0, 0, 31), RealNameStatus: "SUCCEED", AutoRenew: &off}, nil},
		{"expires in 5 days, auto-renew on", domainFacts{Domain: "a.com", Expiration: now.AddDate(0, 0, 5), AutoRenew: &on}, nil},
		{"expired, auto-renew off", domainFacts{Domain: "a.com", Expiration: now.AddDate(0, 0, -3), AutoRenew: &off}, []string{"auto_renew"}},
		{"all three", domainFacts{Domain: "a.com", Registering: true, Years: 1, Expiration: now.AddDate(0, 0, 1), RealNameStatus: "NONAUDIT", AutoRenew: &off},
			[]string{"years", "real_name_status", "auto_renew"}},
	}
	for _, c := range cases {
		ws := domainPlanWarnings(c.f, now)
		var got []string
		for _, w := range ws {
			got = append(got, w.Attr)
			if !strings.Contains(w.Detail, `"a.com"`) {
				t.Errorf("%s: warning %q does not name the domain: %s", c.name, w.Summary, w.Detail)
			}
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: warnings = [%s], want %v", c.name, summaries(ws), c.want)
		}
	}
	ws := domainPlanWarnings(domainFacts{Domain: "a.com", RealNameStatus: "AUDITING"}, now)
	if !strings.Contains(ws[0].Detail, "ICP filing cannot start until real-name verification succeeds") || !strings.Contains(ws[0].Summary, "实名认证") {
		t.Errorf("real-name warning = %+v", ws[0])
	}
	ws = domainPlanWarnings(domainFacts{Domain: "a.com", Expiration: now.AddDate(0, 0, 10), AutoRenew: &off}, now)
	if !strings.Contains(ws[0].Detail, "expires in 10 days (on 2026-06-11)") {
		t.Errorf("expiry warning = %s", ws[0].Detail)
	}
}

// On the expiry day (China time), the warning says so, never "expired 1 days ago".
func TestDomainPlanWarningOnExpiryDay(t *testing.T) {
	off := false
	exp := time.Date(2026, 6, 1, 0, 0, 0, 0, aliyun.ChinaTime)
	for _, c := range []struct {
		now  time.Time
		want string
	}{
		{exp.Add(20 * time.Hour), "expires today (2026-06-01)"},
		{exp.Add(-4 * time.Hour), "expires tomorrow (2026-06-01)"},
		{exp.Add(30 * time.Hour), "expired 1 day ago (on 2026-06-01)"},
		{exp.Add(60 * time.Hour), "expired 2 days ago (on 2026-06-01)"},
	} {
		ws := domainPlanWarnings(domainFacts{Domain: "a.com", Expiration: exp, AutoRenew: &off}, c.now)
		if len(ws) != 1 || !strings.Contains(ws[0].Detail, c.want) {
			t.Errorf("at %v: warnings %+v, want one saying %q", c.now, ws, c.want)
		}
	}
}
