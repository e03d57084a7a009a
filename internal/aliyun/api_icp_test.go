package aliyun

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// QuerySuccessIcpData reads the official shape (BaSuccessDataWithRiskList, OrganizersName,
// RiskList with DeadLine and RiskDetailList, AppList) in one unpaged call.
func TestQuerySuccessIcpData(t *testing.T) {
	c, srv := emulatorClient(t)
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备12345678号", Organizer: "示例科技有限公司",
		Risks: []emulator.Risk{{Deadline: "2026-04-24", Details: []emulator.RiskDetail{{RiskSource: "核查", RectifySuggestions: []string{"a", "b"}}}}},
		Apps:  []emulator.AppSeed{{AppName: "示例", AppRecordNum: "浙ICP备12345678号-2A", DomainList: []string{"api.example.com"}}}}); err != nil {
		t.Fatal(err)
	}
	fs, err := c.QuerySuccessIcpData(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].OrganizerName != "示例科技有限公司" || fs[0].OrganizerNature != "企业" || len(fs[0].Websites) != 1 ||
		fs[0].Websites[0].DomainList[0] != "example.com" {
		t.Fatalf("filings = %+v", fs)
	}
	if r := fs[0].Risks; len(r) != 1 || r[0].DeadLine != "2026-04-24" || len(r[0].Details) != 1 || r[0].Details[0].RiskSource != "核查" || len(r[0].Details[0].RectifySuggestList) != 2 {
		t.Fatalf("risks = %+v", r)
	}
	if a := fs[0].Apps; len(a) != 1 || a[0].AppRecordNum != "浙ICP备12345678号-2A" || a[0].DomainList[0] != "api.example.com" {
		t.Fatalf("apps = %+v", a)
	}
	st, _ := srv.Control.Stats()
	if n := st.Calls["Companyreg.QuerySuccessIcpData"]; n != 1 {
		t.Fatalf("%d calls, want 1 (no paging)", n)
	}
}

// Success false is an error naming ErrorCode and ErrorMessage, not an empty list.
func TestQuerySuccessIcpDataSuccessFalse(t *testing.T) {
	c, srv := emulatorClient(t)
	if err := srv.Control.SetICPFailure(emulator.ICPFailure{ErrorCode: 1001, ErrorMessage: "SystemBusy"}); err != nil {
		t.Fatal(err)
	}
	fs, err := c.QuerySuccessIcpData(context.Background())
	var e *Error
	if !errors.As(err, &e) || fs != nil {
		t.Fatalf("QuerySuccessIcpData = %v, %v; want an *Error", fs, err)
	}
	if e.Code != "1001" || !strings.Contains(err.Error(), "ErrorCode 1001") || !strings.Contains(err.Error(), `ErrorMessage "SystemBusy"`) || e.RequestID == "" {
		t.Fatalf("error = %v (%+v)", err, e)
	}
}

func TestErrorCodeAcceptsNumberOrString(t *testing.T) {
	for in, want := range map[string]string{`403`: "403", `"NoPermission"`: "NoPermission", `0`: "0"} {
		var c errorCode
		if err := c.UnmarshalJSON([]byte(in)); err != nil || string(c) != want {
			t.Errorf("ErrorCode %s = %q, %v; want %q", in, c, err, want)
		}
	}
	var c errorCode
	if err := c.UnmarshalJSON([]byte(`{}`)); err == nil {
		t.Error("an object was accepted as ErrorCode")
	}
}

// QueryAccessorDomainStatus sends the Caller its model requires (the emulator refuses a
// call without it).
func TestQueryAccessorDomainStatusSendsCaller(t *testing.T) {
	c, srv := emulatorClient(t)
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备12345678号"}); err != nil {
		t.Fatal(err)
	}
	st, err := c.QueryAccessorDomainStatus(context.Background(), "example.com")
	if err != nil || !st.Approved() {
		t.Fatalf("status = %+v, %v", st, err)
	}
}

// An answer that does not say it succeeded, or holds no status, is an error: never "not
// approved", which the ICP status chain takes as a verified answer.
func TestQueryAccessorDomainStatusFailsClosed(t *testing.T) {
	for name, tc := range map[string]struct{ body, wantCode, wantText string }{
		"error code":   {`{"RequestId":"r-1","Code":500,"Message":"SystemError","Data":{}}`, "500", `Code 500, Message "SystemError"`},
		"empty status": {`{"RequestId":"r-2","Code":200,"Message":"success","Data":{"Domain":"example.com"}}`, "200", "no Data.Status"},
		"no data":      {`{"RequestId":"r-3"}`, "0", "no Data.Status"},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, tc.body) //nolint:errcheck
			})
			eps, err := NewEndpoints(nil, f.srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) { cfg.Endpoints = eps })
			st, err := c.QueryAccessorDomainStatus(context.Background(), "example.com")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("QueryAccessorDomainStatus = %+v, %v; want an *Error", st, err)
			}
			if e.Code != tc.wantCode || !strings.Contains(err.Error(), tc.wantText) || !strings.Contains(err.Error(), "备案") {
				t.Errorf("error = %v (code %q); want code %q and %q", err, e.Code, tc.wantCode, tc.wantText)
			}
		})
	}
}
