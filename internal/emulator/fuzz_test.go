package emulator_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// FuzzServeAPI feeds arbitrary RPC requests (query string and form body) to the emulator,
// signed correctly so that fuzzing reaches the operations and not only the signature
// check. The emulator must never panic and must always answer JSON with a RequestId and,
// for errors, a Code.
func FuzzServeAPI(f *testing.F) {
	f.Add("POST", "Action=DescribeDomainRecords&Version=2015-01-09&DomainName=example.com&PageSize=500", "")
	f.Add("POST", "Action=AddDomainRecord&Version=2015-01-09", "DomainName=example.com&RR=www&Type=A&Value=1.2.3.4&TTL=1")
	f.Add("GET", "Action=QuerySuccessIcpData&Version=2026-04-23&PageNum=-1", "")
	f.Add("POST", "Action=DescribeInstances&Version=2014-05-26&RegionId=cn-hangzhou&PublicIpAddresses=[\"1.2.3.4\"", "")
	f.Add("POST", "Action=SaveSingleTaskForCreatingOrderActivate&Version=2018-01-29", "DomainName=%E4%BE%8B&SubscriptionDuration=99999999999999999999")
	f.Add("PUT", "%zz&&=&Action", "\x00\xff")
	// Regression: (PageNumber-1)*PageSize overflowed into a negative slice index, and the
	// panic left the emulator's lock held.
	f.Add("POST", "Action=DescribeDomainRecords&Version=2015-01-09&DomainName=example.com&PageNumber=9223372036854775807&PageSize=500", "")
	f.Add("POST", "Action=DescribeInstances&Version=2014-05-26&RegionId=cn-hangzhou&NextToken=9223372036854775807&MaxResults=100", "")
	f.Add("POST", "Action=QueryDomainList&Version=2018-01-29&PageNum=9223372036854775807&PageSize=1000", "")
	var nonces atomic.Int64
	emu, err := emulator.New(emulator.Config{Now: func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		f.Fatal(err)
	}
	if err := emu.LoadSeed(strings.NewReader(`{"domains":[{"domain":"example.com"}]}`)); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, query, body string) {
		if method == "" || strings.ContainsAny(method, " \t\r\n()<>@,;:\\\"/[]?={}") {
			method = "POST"
		}
		params, _ := url.ParseQuery(query)
		form, _ := url.ParseQuery(body)
		all := url.Values{}
		for k, v := range params {
			all[k] = v
		}
		for k, v := range form {
			all[k] = v
		}
		flat := map[string]string{}
		for k, v := range all {
			if k != "Signature" && len(v) > 0 {
				flat[k] = v[0]
			}
		}
		flat["AccessKeyId"] = emulator.DefaultAccessKeyID
		flat["SignatureMethod"], flat["SignatureVersion"] = "HMAC-SHA1", "1.0"
		flat["Timestamp"] = "2026-11-26T00:00:00Z"
		// A fresh nonce per iteration: the fuzzer may run the same input twice, which must not
		// turn into SignatureNonceUsed.
		flat["SignatureNonce"] = "fuzz-" + strconv.FormatInt(nonces.Add(1), 10)
		flat["Signature"] = emulator.Sign(method, flat, emulator.DefaultAccessKeySecret)
		q := url.Values{}
		for k, v := range flat {
			if _, inForm := form[k]; !inForm {
				q.Set(k, v)
			}
		}
		req := httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), strings.NewReader(form.Encode()))
		req.Method = method
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		emu.ServeHTTP(rec, req)
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("%s %q %q: response is not JSON (%v): %q", method, query, body, err, rec.Body.String())
		}
		if _, ok := out["RequestId"]; !ok {
			t.Fatalf("response without RequestId: %q", rec.Body.String())
		}
		if rec.Code >= 400 {
			if code, _ := out["Code"].(string); code == "" {
				t.Fatalf("error response (HTTP %d) without Code: %q", rec.Code, rec.Body.String())
			}
		}
	})
}
