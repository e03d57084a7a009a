package emulator_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/alidns"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

func describeRecords(domain string) *alidns.DescribeDomainRecordsRequest {
	req := alidns.CreateDescribeDomainRecordsRequest()
	req.DomainName = domain
	return req
}

// signedParams returns a DescribeDomainRecords parameter set signed with the default test
// credentials.
func signedParams(ts time.Time, nonce string) map[string]string {
	p := map[string]string{
		"Action": "DescribeDomainRecords", "Version": "2015-01-09", "Format": "JSON",
		"AccessKeyId": emulator.DefaultAccessKeyID, "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
		"SignatureNonce": nonce, "Timestamp": ts.UTC().Format("2006-01-02T15:04:05Z"),
		"DomainName": "example.com", "RRKeyWord": "a b*~",
	}
	p["Signature"] = emulator.Sign("POST", p, emulator.DefaultAccessKeySecret)
	return p
}

func postForm(t *testing.T, base string, p map[string]string) (int, map[string]any) {
	t.Helper()
	v := url.Values{}
	for k, val := range p {
		v.Set(k, val)
	}
	resp, err := http.Post(base+"/", "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return resp.StatusCode, m
}

func TestSignature(t *testing.T) {
	e := newEnv(t)
	if err := e.srv.Control.AddDomain(emulator.DomainSeed{Domain: "example.com"}); err != nil {
		t.Fatal(err)
	}
	// Correctly signed through the SDK.
	e.must(describeRecords("example.com"), alidns.CreateDescribeDomainRecordsResponse())

	// Wrong secret.
	bad := newClient(t, e.srv.AccessKeyID, "wrong-secret")
	wantCode(t, callWith(bad, e.srv.Host, describeRecords("example.com"), alidns.CreateDescribeDomainRecordsResponse()), "SignatureDoesNotMatch", 400)
	// Unknown key.
	unknown := newClient(t, "LTAIunknown", "x")
	wantCode(t, callWith(unknown, e.srv.Host, describeRecords("example.com"), alidns.CreateDescribeDomainRecordsResponse()), "InvalidAccessKeyId.NotFound", 404)

	// STS tokens are accepted for configured keys.
	sts, err := sdk.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), credentials.NewStsTokenCredential(e.srv.AccessKeyID, e.srv.AccessKeySecret, "any-sts-token"))
	if err != nil {
		t.Fatal(err)
	}
	if err := callWith(sts, e.srv.Host, describeRecords("example.com"), alidns.CreateDescribeDomainRecordsResponse()); err != nil {
		t.Fatal(err)
	}

	// Raw requests: a signed request works once; replaying its nonce fails; tampering fails.
	p := signedParams(time.Now(), "nonce-1")
	if status, body := postForm(t, e.srv.URL, p); status != 200 || body["RequestId"] == "" {
		t.Fatalf("signed raw request: %d %v", status, body)
	}
	if status, body := postForm(t, e.srv.URL, p); status != 400 || body["Code"] != "SignatureNonceUsed" {
		t.Fatalf("replay: %d %v", status, body)
	}
	p = signedParams(time.Now(), "nonce-2")
	p["DomainName"] = "example.org"
	if status, body := postForm(t, e.srv.URL, p); status != 400 || body["Code"] != "SignatureDoesNotMatch" ||
		body["Message"] != "Specified signature is not matched with our calculation." {
		t.Fatalf("tampered: %d %v", status, body)
	}
	p = signedParams(time.Now().Add(-20*time.Minute), "nonce-3")
	if status, body := postForm(t, e.srv.URL, p); status != 400 || body["Code"] != "InvalidTimeStamp.Expired" {
		t.Fatalf("expired: %d %v", status, body)
	}
	// Unknown action and version.
	p = signedParams(time.Now(), "nonce-4")
	p["Action"] = "DescribeNothing"
	p["Signature"] = emulator.Sign("POST", p, emulator.DefaultAccessKeySecret)
	if status, body := postForm(t, e.srv.URL, p); status != 404 || body["Code"] != "InvalidAction.NotFound" {
		t.Fatalf("unknown action: %d %v", status, body)
	}

	// Unknown action through the SDK common request.
	cr := requests.NewCommonRequest()
	cr.Product, cr.Version, cr.ApiName, cr.Domain, cr.Scheme = "Alidns", "2015-01-09", "NoSuchAction", e.srv.Host, "HTTP"
	_, err = e.client.ProcessCommonRequest(cr)
	wantCode(t, err, "InvalidAction.NotFound", 404)
}

func TestSignatureMatchesSDKStringToSign(t *testing.T) {
	// Fixed vector: computed by hand from the documented algorithm.
	p := map[string]string{"Action": "X", "Value": "a b*~"}
	got := emulator.StringToSign("GET", p)
	want := "GET&%2F&Action%3DX%26Value%3Da%2520b%252A~"
	if got != want {
		t.Fatalf("StringToSign = %s, want %s", got, want)
	}
}

func callCodes(e *env, n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		err := e.call(describeRecords("example.com"), alidns.CreateDescribeDomainRecordsResponse())
		if err == nil {
			out = append(out, "ok")
			continue
		}
		var se *sdkerrors.ServerError
		if !errors.As(err, &se) {
			e.t.Fatalf("call %d: %v", i, err)
		}
		out = append(out, se.ErrorCode())
	}
	return out
}

func TestFaultsDeterministic(t *testing.T) {
	e := newEnv(t)
	c := e.srv.Control
	if err := c.AddDomain(emulator.DomainSeed{Domain: "example.com"}); err != nil {
		t.Fatal(err)
	}
	f := emulator.Faults{ThrottleRate: 0.3, ErrorRate: 0.2, Seed: 42, Actions: []string{"Alidns.DescribeDomainRecords"}}
	if err := c.SetFaults(f); err != nil {
		t.Fatal(err)
	}
	if err := c.ResetStats(); err != nil {
		t.Fatal(err)
	}
	first := callCodes(e, 60)
	// Unlisted actions are never faulted.
	for i := 0; i < 20; i++ {
		info := alidns.CreateDescribeDomainInfoRequest()
		info.DomainName = "example.com"
		e.must(info, alidns.CreateDescribeDomainInfoResponse())
	}
	stats, err := c.Stats()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, code := range first {
		counts[code]++
	}
	if counts["Throttling.User"] == 0 || counts["ServiceUnavailable"] == 0 || counts["ok"] == 0 {
		t.Fatalf("no mix of outcomes: %v", counts)
	}
	if stats.Calls["Alidns.DescribeDomainRecords"] != 60 || stats.Calls["Alidns.DescribeDomainInfo"] != 20 ||
		stats.Faults["throttled"] != counts["Throttling.User"] || stats.Faults["errors"] != counts["ServiceUnavailable"] {
		t.Fatalf("stats %+v vs %v", stats, counts)
	}

	if err := c.SetFaults(f); err != nil { // same seed again
		t.Fatal(err)
	}
	second := callCodes(e, 60)
	if fmt.Sprint(first) != fmt.Sprint(second) {
		t.Fatalf("same seed, different faults:\n%v\n%v", first, second)
	}
	f.Seed = 7
	if err := c.SetFaults(f); err != nil {
		t.Fatal(err)
	}
	if third := callCodes(e, 60); fmt.Sprint(first) == fmt.Sprint(third) {
		t.Fatal("different seed, same faults")
	}
	if err := c.SetFaults(emulator.Faults{}); err != nil {
		t.Fatal(err)
	}
	for _, code := range callCodes(e, 10) {
		if code != "ok" {
			t.Fatalf("faults off but got %s", code)
		}
	}
}

func TestDropAndFailAfterCommit(t *testing.T) {
	e := newEnv(t)
	c := e.srv.Control
	if err := c.AddDomain(emulator.DomainSeed{Domain: "example.com"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetFaults(emulator.Faults{
		DropAfterCommit: map[string]int{"Alidns.AddDomainRecord": 1},
		FailAfterCommit: map[string]int{"Alidns.DeleteDomainRecord": 1},
	}); err != nil {
		t.Fatal(err)
	}
	_, err := addRecord(e, "example.com", "www", "A", "203.0.113.1", 600)
	if err == nil {
		t.Fatal("dropped call succeeded")
	}
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		t.Fatalf("dropped call answered: %v", err)
	}
	recs, err := c.Records("example.com")
	if err != nil || len(recs) != 1 || recs[0].Value != "203.0.113.1" {
		t.Fatalf("record not applied before drop: %+v %v", recs, err)
	}
	// The retry sees the record.
	_, err = addRecord(e, "example.com", "www", "A", "203.0.113.1", 600)
	wantCode(t, err, "DomainRecordDuplicate", 400)

	del := alidns.CreateDeleteDomainRecordRequest()
	del.RecordId = recs[0].RecordID
	wantCode(t, e.call(del, alidns.CreateDeleteDomainRecordResponse()), "ServiceUnavailable", 503)
	if recs, _ := c.Records("example.com"); len(recs) != 0 {
		t.Fatalf("delete not applied before 503: %+v", recs)
	}
	stats, _ := c.Stats()
	if stats.Faults["dropped"] != 1 || stats.Faults["failed_after_commit"] != 1 {
		t.Fatalf("stats = %+v", stats)
	}
}

func TestLatency(t *testing.T) {
	e := newEnv(t)
	// A latency far above any scheduling noise: the API call must take at least that long,
	// and a control call made while it is sleeping must not wait for it.
	const latency = 2000 * time.Millisecond
	if err := e.srv.Control.SetFaults(emulator.Faults{LatencyMs: int(latency / time.Millisecond)}); err != nil {
		t.Fatal(err)
	}
	done := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		_ = e.call(describeRecords("example.com"), alidns.CreateDescribeDomainRecordsResponse())
		done <- time.Since(start)
	}()
	// Wait until the API call is in flight (counted), then time a control call.
	for deadline := time.Now().Add(latency / 2); ; {
		s, err := e.srv.Control.Stats()
		if err != nil {
			t.Fatal(err)
		}
		if s.Calls["Alidns.DescribeDomainRecords"] > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("API call not seen")
		}
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	if _, err := e.srv.Control.Stats(); err != nil {
		t.Fatalf("control API failed: %v", err)
	}
	if d := time.Since(start); d >= latency/2 {
		t.Fatalf("control API waited for the injected latency: %v", d)
	}
	if d := <-done; d < latency {
		t.Fatalf("latency %v, want at least %v", d, latency)
	}
}

func TestStatePersistence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	srv := emulatortest.StartWithConfig(t, emulator.Config{StatePath: path})
	e := &env{t: t, srv: srv, client: newClient(t, srv.AccessKeyID, srv.AccessKeySecret)}
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "keep.com", AutoRenew: true}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "keep.com", ICPNumber: "沪ICP备2024000001号"}); err != nil {
		t.Fatal(err)
	}
	id, err := addRecord(e, "keep.com", "www", "A", "203.0.113.5", 600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}

	srv2 := emulatortest.StartWithConfig(t, emulator.Config{StatePath: path})
	e2 := &env{t: t, srv: srv2, client: e.client}
	recs, err := srv2.Control.Records("keep.com")
	if err != nil || len(recs) != 1 || recs[0].RecordID != id {
		t.Fatalf("records after restart: %+v %v", recs, err)
	}
	// New ids continue after the loaded ones.
	id2, err := addRecord(e2, "keep.com", "api", "A", "203.0.113.6", 600)
	if err != nil || id2 <= id || len(id2) != len(id) {
		t.Fatalf("id after restart %q (before %q) %v", id2, id, err)
	}
	if inst := bssInstance(e2, "keep.com"); inst.RenewStatus != "AutoRenewal" {
		t.Fatalf("auto renew after restart: %+v", inst)
	}
	if r := queryICP(e2); len(r.BaSuccessDataWithRiskList) != 1 {
		t.Fatalf("filing after restart: %+v", r)
	}
}

func TestLoadSeedAndReset(t *testing.T) {
	e := newEnv(t)
	seed := `{
	  "registrant_profiles": [{"id": "42", "real_name_status": "SUCCEED"}],
	  "domains": [{"domain": "seeded.com", "dns_edition": "version_personal"}],
	  "filings": [{"domain": "seeded.com", "icp_number": "粤ICP备12345678号"}],
	  "servers": [{"kind": "ecs", "region": "cn-shenzhen", "ip": "120.24.0.1"}]
	}`
	if err := e.srv.Emulator.LoadSeed(strings.NewReader(seed)); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Emulator.LoadSeed(strings.NewReader(`{"bogus": 1}`)); err == nil {
		t.Fatal("unknown seed field accepted")
	}
	if r := queryICP(e); len(r.BaSuccessDataWithRiskList) != 1 || r.BaSuccessDataWithRiskList[0].WebsiteList[0].SiteRecordNum != "粤ICP备12345678号-1" {
		t.Fatalf("seeded filing: %+v", r)
	}
	doms, err := e.srv.Control.Domains()
	if err != nil || len(doms) != 1 || doms[0].DNSEdition != "version_personal" {
		t.Fatalf("domains: %+v %v", doms, err)
	}
	if err := e.srv.Control.Reset(); err != nil {
		t.Fatal(err)
	}
	if doms, _ := e.srv.Control.Domains(); len(doms) != 0 {
		t.Fatalf("after reset: %+v", doms)
	}
	wantCode(t, e.call(describeRecords("seeded.com"), alidns.CreateDescribeDomainRecordsResponse()), "InvalidDomainName.NoExist", 400)
	stats, _ := e.srv.Control.Stats()
	if len(stats.Calls) != 1 {
		t.Fatalf("stats after reset: %+v", stats)
	}
}

func TestControlErrors(t *testing.T) {
	srv := emulatortest.Start(t)
	c := srv.Control
	if err := c.AddDomain(emulator.DomainSeed{Domain: "x.com", RealNameStatus: "MAYBE"}); err == nil {
		t.Fatal("bad real_name_status accepted")
	}
	if err := c.AddDomain(emulator.DomainSeed{Domain: "x.com", ExpirationDate: "2030/01/01"}); err == nil {
		t.Fatal("bad date accepted")
	}
	if _, err := c.AddRecord(emulator.Record{Domain: "nozone.com", RR: "a", Type: "A", Value: "1.2.3.4"}); err == nil {
		t.Fatal("record in missing zone accepted")
	}
	if err := c.DeleteRecord("1"); err == nil {
		t.Fatal("delete of missing record succeeded")
	}
	resp, err := http.Get(srv.URL + "/_emulator/nothing")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown control endpoint: %d", resp.StatusCode)
	}
}

// A request may be dated up to 15 minutes ahead, so its nonce must be remembered until the
// request can no longer be accepted: replaying a request dated +14 min after 16 minutes
// (when its date is in the past, well within the skew) is still a replay.
func TestNonceOutlivesAFutureTimestamp(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	now := t0
	emu, err := emulator.New(emulator.Config{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	p := signedParams(t0.Add(14*time.Minute), "nonce-ahead")
	if status, body := postForm(t, srv.URL, p); body["Code"] == "SignatureNonceUsed" || body["Code"] == "InvalidTimeStamp.Expired" || body["Code"] == "SignatureDoesNotMatch" {
		t.Fatalf("first request: %d %v", status, body)
	}
	now = t0.Add(16 * time.Minute)
	if status, body := postForm(t, srv.URL, p); status != 400 || body["Code"] != "SignatureNonceUsed" {
		t.Fatalf("replay 16 minutes later of a request dated +14 min: %d %v", status, body)
	}
	// Once the request's own date is more than 15 minutes past, the date refuses it.
	now = t0.Add(30 * time.Minute)
	if status, body := postForm(t, srv.URL, p); status != 400 || body["Code"] != "InvalidTimeStamp.Expired" {
		t.Fatalf("replay after the date expired: %d %v", status, body)
	}
}

// A control path used with a method it is not served with answers 405 naming the methods it
// takes, in the message and in the Allow header.
func TestControlMethodNotAllowed(t *testing.T) {
	srv := emulatortest.Start(t)
	for _, tt := range []struct{ method, path, msg, allow string }{
		{http.MethodPost, "/_emulator/stats", "use GET", "GET, HEAD"},
		{http.MethodPut, "/_emulator/domains", "use GET or POST", "GET, POST, HEAD"},
		{http.MethodGet, "/_emulator/reset", "use POST", "POST"},
		{http.MethodGet, "/_emulator/icp_failure", "use POST or DELETE", "POST, DELETE"},
		{http.MethodPost, "/_emulator/records/12", "use DELETE", "DELETE"},
	} {
		req, err := http.NewRequest(tt.method, srv.URL+tt.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]string
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || err != nil || body["error"] != tt.msg || resp.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d %v (%v), Allow %q; want 405 %q, Allow %q", tt.method, tt.path, resp.StatusCode, body, err, resp.Header.Get("Allow"), tt.msg, tt.allow)
		}
	}
}
